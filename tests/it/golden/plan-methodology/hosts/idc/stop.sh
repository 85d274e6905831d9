#!/bin/sh
# idc (192.168.100.1, the IDC device): stop the servers and sar of one test.
# Usage: sh hosts/idc/stop.sh TEST
set -eu
HOST=idc
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
stop_all
