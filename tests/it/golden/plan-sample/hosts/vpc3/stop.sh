#!/bin/sh
# vpc3 (10.200.2.13, VPC host in VPC-A): stop the servers and sar of one test.
# Usage: sh hosts/vpc3/stop.sh TEST
set -eu
HOST=vpc3
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
stop_all
