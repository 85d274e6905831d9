#!/bin/sh
# ecs3 (172.16.0.4, VPC host in VPC): stop the servers and sar of one test.
# Usage: sh hosts/ecs3/stop.sh TEST
set -eu
HOST=ecs3
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
stop_all
