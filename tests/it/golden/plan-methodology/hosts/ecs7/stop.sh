#!/bin/sh
# ecs7 (172.16.0.8, VPC host in VPC): stop the servers and sar of one test.
# Usage: sh hosts/ecs7/stop.sh TEST
set -eu
HOST=ecs7
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
stop_all
