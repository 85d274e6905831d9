#!/bin/sh
# ecs5 (172.16.0.6, VPC host in VPC): pack this host's results.
# Usage: sh hosts/ecs5/collect.sh   (after the last test)
set -eu
HOST=ecs5
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
tar -cf "$KIT/results-ecs5.tar" -C "$KIT" results
say "wrote results-ecs5.tar: copy it to the machine that runs llreport"
