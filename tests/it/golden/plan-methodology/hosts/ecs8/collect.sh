#!/bin/sh
# ecs8 (172.16.0.9, VPC host in VPC): pack this host's results.
# Usage: sh hosts/ecs8/collect.sh   (after the last test)
set -eu
HOST=ecs8
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
tar -cf "$KIT/results-ecs8.tar" -C "$KIT" results
say "wrote results-ecs8.tar: copy it to the machine that runs llreport"
