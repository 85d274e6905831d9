#!/bin/sh
# ecs2 (172.16.0.3, VPC host in VPC): stop the servers and sar of one test.
# Usage: sh hosts/ecs2/stop.sh TEST
set -eu
HOST=ecs2
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
stop_all
