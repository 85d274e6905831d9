#!/bin/sh
# ecs2 (172.16.0.3, VPC host in VPC): pack this host's results.
# Usage: sh hosts/ecs2/collect.sh   (after the last test)
set -eu
HOST=ecs2
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
tar -cf "$KIT/results-ecs2.tar" -C "$KIT" results
say "wrote results-ecs2.tar: copy it to the machine that runs llreport"
