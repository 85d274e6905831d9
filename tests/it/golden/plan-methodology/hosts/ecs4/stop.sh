#!/bin/sh
# ecs4 (172.16.0.5, VPC host in VPC): stop the servers and sar of one test.
# Usage: sh hosts/ecs4/stop.sh TEST
set -eu
HOST=ecs4
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
stop_all
