#!/bin/sh
# vpc4 (10.200.2.14, VPC host in VPC-A): stop the servers and sar of one test.
# Usage: sh hosts/vpc4/stop.sh TEST
set -eu
HOST=vpc4
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
stop_all
