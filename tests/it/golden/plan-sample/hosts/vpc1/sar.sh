#!/bin/sh
# vpc1 (10.200.2.11, VPC host in VPC-A): start sar for one test (after the servers, before the clients).
# Usage: sh hosts/vpc1/sar.sh TEST
set -eu
HOST=vpc1
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
case $TEST in
outbound/pps/netperf)
    sampler sar-vpc1-netperf.log env LC_ALL=C S_TIME_FORMAT=ISO sar -n DEV 1 320
    ;;
outbound/pps/iperf3)
    sampler sar-vpc1-iperf3.log env LC_ALL=C S_TIME_FORMAT=ISO sar -n DEV 1 320
    ;;
outbound/bandwidth/netperf)
    sampler sar-vpc1-netperf.log env LC_ALL=C S_TIME_FORMAT=ISO sar -n DEV 1 320
    ;;
outbound/bandwidth/iperf3)
    sampler sar-vpc1-iperf3.log env LC_ALL=C S_TIME_FORMAT=ISO sar -n DEV 1 320
    ;;
*)
    say "no sar in $TEST: this host sends"
    exit 0
    ;;
esac
running
