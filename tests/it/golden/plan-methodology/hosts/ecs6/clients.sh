#!/bin/sh
# ecs6 (172.16.0.7, VPC host in VPC): run the clients of one test and wait for them.
# Usage: sh hosts/ecs6/clients.sh TEST [HH:MM:SS]   (the same start time on every sending host)
set -eu
HOST=ecs6
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
start_at "${2:-}"
case $TEST in
inbound/pps/netperf)
    client netperf-ecs6-client-p11271.log netperf -H 192.168.100.1 -p 11271 -L 172.16.0.7 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-ecs6-client-p11272.log netperf -H 192.168.100.1 -p 11272 -L 172.16.0.7 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-ecs6-client-p11273.log netperf -H 192.168.100.1 -p 11273 -L 172.16.0.7 -t UDP_STREAM -l 300 -- -m 1 -R 1
    ;;
inbound/pps/iperf3)
    client iperf3-ecs6-client.log iperf3 -c 192.168.100.1 -p 16006 -u -l 16 -b 11495000 -t 300 -i 1 -P 3 -A "$(cpu 0)" -V --timestamps
    ;;
inbound/bandwidth/netperf)
    client netperf-ecs6-client-p11271.log netperf -H 192.168.100.1 -p 11271 -L 172.16.0.7 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-ecs6-client-p11272.log netperf -H 192.168.100.1 -p 11272 -L 172.16.0.7 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-ecs6-client-p11273.log netperf -H 192.168.100.1 -p 11273 -L 172.16.0.7 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    ;;
inbound/bandwidth/iperf3)
    client iperf3-ecs6-client.log iperf3 -c 192.168.100.1 -p 16006 -u -l 1400 -b 40454000 -t 300 -i 1 -P 3 -A "$(cpu 0)" -V --timestamps
    ;;
*)
    say "nothing to send in $TEST: this host receives"
    exit 0
    ;;
esac
wait_clients
