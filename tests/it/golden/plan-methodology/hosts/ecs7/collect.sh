#!/bin/sh
# ecs7 (172.16.0.8, VPC host in VPC): pack this host's results.
# Usage: sh hosts/ecs7/collect.sh   (after the last test)
set -eu
HOST=ecs7
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
tar -cf "$KIT/results-ecs7.tar" -C "$KIT" results
say "wrote results-ecs7.tar: copy it to the machine that runs llreport"
