#!/bin/sh
# ecs1 (172.16.0.2, VPC host in VPC): stop the servers and sar of one test.
# Usage: sh hosts/ecs1/stop.sh TEST
set -eu
HOST=ecs1
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
stop_all
