#!/bin/sh
# idc (10.200.1.1, the IDC device): start sar for one test (after the servers, before the clients).
# Usage: sh hosts/idc/sar.sh TEST
set -eu
HOST=idc
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
case $TEST in
inbound/pps/netperf)
    sampler sar-idc-netperf.log env LC_ALL=C S_TIME_FORMAT=ISO sar -n DEV 1 320
    ;;
inbound/pps/iperf3)
    sampler sar-idc-iperf3.log env LC_ALL=C S_TIME_FORMAT=ISO sar -n DEV 1 320
    ;;
inbound/bandwidth/netperf)
    sampler sar-idc-netperf.log env LC_ALL=C S_TIME_FORMAT=ISO sar -n DEV 1 320
    ;;
inbound/bandwidth/iperf3)
    sampler sar-idc-iperf3.log env LC_ALL=C S_TIME_FORMAT=ISO sar -n DEV 1 320
    ;;
*)
    say "no sar in $TEST: this host sends"
    exit 0
    ;;
esac
running
