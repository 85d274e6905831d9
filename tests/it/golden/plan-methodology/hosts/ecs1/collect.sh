#!/bin/sh
# ecs1 (172.16.0.2, VPC host in VPC): pack this host's results.
# Usage: sh hosts/ecs1/collect.sh   (after the last test)
set -eu
HOST=ecs1
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
tar -cf "$KIT/results-ecs1.tar" -C "$KIT" results
say "wrote results-ecs1.tar: copy it to the machine that runs llreport"
