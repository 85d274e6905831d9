#!/bin/sh
# vpc1 (10.200.2.11, VPC host in VPC-A): run the clients of one test and wait for them.
# Usage: sh hosts/vpc1/clients.sh TEST [HH:MM:SS]   (the same start time on every sending host)
set -eu
HOST=vpc1
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
start_at "${2:-}"
case $TEST in
inbound/pps/netperf)
    client netperf-vpc1-client-p11256.log netperf -H 10.200.1.1 -p 11256 -L 10.200.2.11 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-vpc1-client-p11257.log netperf -H 10.200.1.1 -p 11257 -L 10.200.2.11 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-vpc1-client-p11258.log netperf -H 10.200.1.1 -p 11258 -L 10.200.2.11 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-vpc1-client-p11259.log netperf -H 10.200.1.1 -p 11259 -L 10.200.2.11 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-vpc1-client-p11260.log netperf -H 10.200.1.1 -p 11260 -L 10.200.2.11 -t UDP_STREAM -l 300 -- -m 1 -R 1
    ;;
inbound/pps/iperf3)
    client iperf3-vpc1-client.log iperf3 -c 10.200.1.1 -p 16001 -u -l 16 -b 1380000 -t 300 -i 1 -P 5 -A "$(cpu 0)" -V --timestamps
    ;;
inbound/bandwidth/netperf)
    client netperf-vpc1-client-p11256.log netperf -H 10.200.1.1 -p 11256 -L 10.200.2.11 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-vpc1-client-p11257.log netperf -H 10.200.1.1 -p 11257 -L 10.200.2.11 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-vpc1-client-p11258.log netperf -H 10.200.1.1 -p 11258 -L 10.200.2.11 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-vpc1-client-p11259.log netperf -H 10.200.1.1 -p 11259 -L 10.200.2.11 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-vpc1-client-p11260.log netperf -H 10.200.1.1 -p 11260 -L 10.200.2.11 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    ;;
inbound/bandwidth/iperf3)
    client iperf3-vpc1-client.log iperf3 -c 10.200.1.1 -p 16001 -u -l 1400 -b 4855000 -t 300 -i 1 -P 5 -A "$(cpu 0)" -V --timestamps
    ;;
*)
    say "nothing to send in $TEST: this host receives"
    exit 0
    ;;
esac
wait_clients
