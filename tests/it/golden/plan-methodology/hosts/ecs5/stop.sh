#!/bin/sh
# ecs5 (172.16.0.6, VPC host in VPC): stop the servers and sar of one test.
# Usage: sh hosts/ecs5/stop.sh TEST
set -eu
HOST=ecs5
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
stop_all
