#!/bin/sh
# ecs4 (172.16.0.5, VPC host in VPC): start sar for one test (after the servers, before the clients).
# Usage: sh hosts/ecs4/sar.sh TEST
set -eu
HOST=ecs4
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
case $TEST in
outbound/pps/netperf)
    sampler sar-ecs4-netperf.log env LC_ALL=C S_TIME_FORMAT=ISO sar -n DEV 1 320
    ;;
outbound/pps/iperf3)
    sampler sar-ecs4-iperf3.log env LC_ALL=C S_TIME_FORMAT=ISO sar -n DEV 1 320
    ;;
outbound/bandwidth/netperf)
    sampler sar-ecs4-netperf.log env LC_ALL=C S_TIME_FORMAT=ISO sar -n DEV 1 320
    ;;
outbound/bandwidth/iperf3)
    sampler sar-ecs4-iperf3.log env LC_ALL=C S_TIME_FORMAT=ISO sar -n DEV 1 320
    ;;
*)
    say "no sar in $TEST: this host sends"
    exit 0
    ;;
esac
running
