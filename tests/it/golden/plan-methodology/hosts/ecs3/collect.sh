#!/bin/sh
# ecs3 (172.16.0.4, VPC host in VPC): pack this host's results.
# Usage: sh hosts/ecs3/collect.sh   (after the last test)
set -eu
HOST=ecs3
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
tar -cf "$KIT/results-ecs3.tar" -C "$KIT" results
say "wrote results-ecs3.tar: copy it to the machine that runs llreport"
