#!/bin/sh
# vpc2 (10.200.2.12, VPC host in VPC-A): stop the servers and sar of one test.
# Usage: sh hosts/vpc2/stop.sh TEST
set -eu
HOST=vpc2
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
stop_all
