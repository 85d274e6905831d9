#!/bin/sh
# ecs8 (172.16.0.9, VPC host in VPC): start the servers of one test.
# Usage: sh hosts/ecs8/servers.sh TEST   (TEST: see README.md)
set -eu
HOST=ecs8
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
fresh
case $TEST in
outbound/pps/netperf)
    server netperf-ecs8-server-p11256.log netserver -D -p 11256
    server netperf-ecs8-server-p11257.log netserver -D -p 11257
    server netperf-ecs8-server-p11258.log netserver -D -p 11258
    ;;
outbound/pps/iperf3)
    server iperf3-ecs8-server-p16001.log iperf3 -s -1 -i 1 -p 16001 --timestamps
    ;;
outbound/bandwidth/netperf)
    server netperf-ecs8-server-p11256.log netserver -D -p 11256
    server netperf-ecs8-server-p11257.log netserver -D -p 11257
    server netperf-ecs8-server-p11258.log netserver -D -p 11258
    ;;
outbound/bandwidth/iperf3)
    server iperf3-ecs8-server-p16001.log iperf3 -s -1 -i 1 -p 16001 --timestamps
    ;;
*)
    say "nothing to serve in $TEST: this host sends"
    exit 0
    ;;
esac
running
