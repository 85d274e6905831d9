#!/bin/sh
# ecs6 (172.16.0.7, VPC host in VPC): pack this host's results.
# Usage: sh hosts/ecs6/collect.sh   (after the last test)
set -eu
HOST=ecs6
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
tar -cf "$KIT/results-ecs6.tar" -C "$KIT" results
say "wrote results-ecs6.tar: copy it to the machine that runs llreport"
