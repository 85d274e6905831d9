#!/bin/sh
# ecs6 (172.16.0.7, VPC host in VPC): stop the servers and sar of one test.
# Usage: sh hosts/ecs6/stop.sh TEST
set -eu
HOST=ecs6
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
stop_all
