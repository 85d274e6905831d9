#!/bin/sh
# ecs8 (172.16.0.9, VPC host in VPC): stop the servers and sar of one test.
# Usage: sh hosts/ecs8/stop.sh TEST
set -eu
HOST=ecs8
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
stop_all
