#!/bin/sh
# ecs5 (172.16.0.6, VPC host in VPC): run the clients of one test and wait for them.
# Usage: sh hosts/ecs5/clients.sh TEST [HH:MM:SS]   (the same start time on every sending host)
set -eu
HOST=ecs5
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
start_at "${2:-}"
case $TEST in
inbound/pps/netperf)
    client netperf-ecs5-client-p11268.log netperf -H 192.168.100.1 -p 11268 -L 172.16.0.6 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-ecs5-client-p11269.log netperf -H 192.168.100.1 -p 11269 -L 172.16.0.6 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-ecs5-client-p11270.log netperf -H 192.168.100.1 -p 11270 -L 172.16.0.6 -t UDP_STREAM -l 300 -- -m 1 -R 1
    ;;
inbound/pps/iperf3)
    client iperf3-ecs5-client.log iperf3 -c 192.168.100.1 -p 16005 -u -l 16 -b 11495000 -t 300 -i 1 -P 3 -A "$(cpu 0)" -V --timestamps
    ;;
inbound/bandwidth/netperf)
    client netperf-ecs5-client-p11268.log netperf -H 192.168.100.1 -p 11268 -L 172.16.0.6 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-ecs5-client-p11269.log netperf -H 192.168.100.1 -p 11269 -L 172.16.0.6 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-ecs5-client-p11270.log netperf -H 192.168.100.1 -p 11270 -L 172.16.0.6 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    ;;
inbound/bandwidth/iperf3)
    client iperf3-ecs5-client.log iperf3 -c 192.168.100.1 -p 16005 -u -l 1400 -b 40454000 -t 300 -i 1 -P 3 -A "$(cpu 0)" -V --timestamps
    ;;
*)
    say "nothing to send in $TEST: this host receives"
    exit 0
    ;;
esac
wait_clients
