#!/bin/sh
# vpc1 (10.200.2.11, VPC host in VPC-A): stop the servers and sar of one test.
# Usage: sh hosts/vpc1/stop.sh TEST
set -eu
HOST=vpc1
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
stop_all
