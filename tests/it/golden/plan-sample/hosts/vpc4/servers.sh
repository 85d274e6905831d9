#!/bin/sh
# vpc4 (10.200.2.14, VPC host in VPC-A): start the servers of one test.
# Usage: sh hosts/vpc4/servers.sh TEST   (TEST: see README.md)
set -eu
HOST=vpc4
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
fresh
case $TEST in
outbound/pps/netperf)
    server netperf-vpc4-server-p11256.log netserver -D -p 11256
    server netperf-vpc4-server-p11257.log netserver -D -p 11257
    server netperf-vpc4-server-p11258.log netserver -D -p 11258
    server netperf-vpc4-server-p11259.log netserver -D -p 11259
    server netperf-vpc4-server-p11260.log netserver -D -p 11260
    ;;
outbound/pps/iperf3)
    server iperf3-vpc4-server-p16001.log iperf3 -s -1 -i 1 -p 16001 --timestamps
    ;;
outbound/bandwidth/netperf)
    server netperf-vpc4-server-p11256.log netserver -D -p 11256
    server netperf-vpc4-server-p11257.log netserver -D -p 11257
    server netperf-vpc4-server-p11258.log netserver -D -p 11258
    server netperf-vpc4-server-p11259.log netserver -D -p 11259
    server netperf-vpc4-server-p11260.log netserver -D -p 11260
    ;;
outbound/bandwidth/iperf3)
    server iperf3-vpc4-server-p16001.log iperf3 -s -1 -i 1 -p 16001 --timestamps
    ;;
*)
    say "nothing to serve in $TEST: this host sends"
    exit 0
    ;;
esac
running
