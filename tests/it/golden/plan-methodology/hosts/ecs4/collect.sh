#!/bin/sh
# ecs4 (172.16.0.5, VPC host in VPC): pack this host's results.
# Usage: sh hosts/ecs4/collect.sh   (after the last test)
set -eu
HOST=ecs4
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
tar -cf "$KIT/results-ecs4.tar" -C "$KIT" results
say "wrote results-ecs4.tar: copy it to the machine that runs llreport"
