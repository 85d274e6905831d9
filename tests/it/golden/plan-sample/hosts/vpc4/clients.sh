#!/bin/sh
# vpc4 (10.200.2.14, VPC host in VPC-A): run the clients of one test and wait for them.
# Usage: sh hosts/vpc4/clients.sh TEST [HH:MM:SS]   (the same start time on every sending host)
set -eu
HOST=vpc4
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
start_at "${2:-}"
case $TEST in
inbound/pps/netperf)
    client netperf-vpc4-client-p11271.log netperf -H 10.200.1.1 -p 11271 -L 10.200.2.14 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-vpc4-client-p11272.log netperf -H 10.200.1.1 -p 11272 -L 10.200.2.14 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-vpc4-client-p11273.log netperf -H 10.200.1.1 -p 11273 -L 10.200.2.14 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-vpc4-client-p11274.log netperf -H 10.200.1.1 -p 11274 -L 10.200.2.14 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-vpc4-client-p11275.log netperf -H 10.200.1.1 -p 11275 -L 10.200.2.14 -t UDP_STREAM -l 300 -- -m 1 -R 1
    ;;
inbound/pps/iperf3)
    client iperf3-vpc4-client.log iperf3 -c 10.200.1.1 -p 16004 -u -l 16 -b 1380000 -t 300 -i 1 -P 5 -A "$(cpu 0)" -V --timestamps
    ;;
inbound/bandwidth/netperf)
    client netperf-vpc4-client-p11271.log netperf -H 10.200.1.1 -p 11271 -L 10.200.2.14 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-vpc4-client-p11272.log netperf -H 10.200.1.1 -p 11272 -L 10.200.2.14 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-vpc4-client-p11273.log netperf -H 10.200.1.1 -p 11273 -L 10.200.2.14 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-vpc4-client-p11274.log netperf -H 10.200.1.1 -p 11274 -L 10.200.2.14 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-vpc4-client-p11275.log netperf -H 10.200.1.1 -p 11275 -L 10.200.2.14 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    ;;
inbound/bandwidth/iperf3)
    client iperf3-vpc4-client.log iperf3 -c 10.200.1.1 -p 16004 -u -l 1400 -b 4855000 -t 300 -i 1 -P 5 -A "$(cpu 0)" -V --timestamps
    ;;
*)
    say "nothing to send in $TEST: this host receives"
    exit 0
    ;;
esac
wait_clients
