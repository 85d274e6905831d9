#!/bin/sh
# vpc3 (10.200.2.13, VPC host in VPC-A): run the clients of one test and wait for them.
# Usage: sh hosts/vpc3/clients.sh TEST [HH:MM:SS]   (the same start time on every sending host)
set -eu
HOST=vpc3
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
start_at "${2:-}"
case $TEST in
inbound/pps/netperf)
    client netperf-vpc3-client-p11266.log netperf -H 10.200.1.1 -p 11266 -L 10.200.2.13 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-vpc3-client-p11267.log netperf -H 10.200.1.1 -p 11267 -L 10.200.2.13 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-vpc3-client-p11268.log netperf -H 10.200.1.1 -p 11268 -L 10.200.2.13 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-vpc3-client-p11269.log netperf -H 10.200.1.1 -p 11269 -L 10.200.2.13 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-vpc3-client-p11270.log netperf -H 10.200.1.1 -p 11270 -L 10.200.2.13 -t UDP_STREAM -l 300 -- -m 1 -R 1
    ;;
inbound/pps/iperf3)
    client iperf3-vpc3-client.log iperf3 -c 10.200.1.1 -p 16003 -u -l 16 -b 1380000 -t 300 -i 1 -P 5 -A "$(cpu 0)" -V --timestamps
    ;;
inbound/bandwidth/netperf)
    client netperf-vpc3-client-p11266.log netperf -H 10.200.1.1 -p 11266 -L 10.200.2.13 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-vpc3-client-p11267.log netperf -H 10.200.1.1 -p 11267 -L 10.200.2.13 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-vpc3-client-p11268.log netperf -H 10.200.1.1 -p 11268 -L 10.200.2.13 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-vpc3-client-p11269.log netperf -H 10.200.1.1 -p 11269 -L 10.200.2.13 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-vpc3-client-p11270.log netperf -H 10.200.1.1 -p 11270 -L 10.200.2.13 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    ;;
inbound/bandwidth/iperf3)
    client iperf3-vpc3-client.log iperf3 -c 10.200.1.1 -p 16003 -u -l 1400 -b 4855000 -t 300 -i 1 -P 5 -A "$(cpu 0)" -V --timestamps
    ;;
*)
    say "nothing to send in $TEST: this host receives"
    exit 0
    ;;
esac
wait_clients
