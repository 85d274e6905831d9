#!/bin/sh
# idc (192.168.100.1, the IDC device): run the clients of one test and wait for them.
# Usage: sh hosts/idc/clients.sh TEST [HH:MM:SS]   (the same start time on every sending host)
set -eu
HOST=idc
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
start_at "${2:-}"
case $TEST in
outbound/pps/netperf)
    client netperf-idc-client-to-ecs1-p11256.log netperf -H 172.16.0.2 -p 11256 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs1-p11257.log netperf -H 172.16.0.2 -p 11257 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs1-p11258.log netperf -H 172.16.0.2 -p 11258 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs2-p11256.log netperf -H 172.16.0.3 -p 11256 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs2-p11257.log netperf -H 172.16.0.3 -p 11257 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs2-p11258.log netperf -H 172.16.0.3 -p 11258 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs3-p11256.log netperf -H 172.16.0.4 -p 11256 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs3-p11257.log netperf -H 172.16.0.4 -p 11257 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs3-p11258.log netperf -H 172.16.0.4 -p 11258 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs4-p11256.log netperf -H 172.16.0.5 -p 11256 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs4-p11257.log netperf -H 172.16.0.5 -p 11257 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs4-p11258.log netperf -H 172.16.0.5 -p 11258 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs5-p11256.log netperf -H 172.16.0.6 -p 11256 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs5-p11257.log netperf -H 172.16.0.6 -p 11257 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs5-p11258.log netperf -H 172.16.0.6 -p 11258 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs6-p11256.log netperf -H 172.16.0.7 -p 11256 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs6-p11257.log netperf -H 172.16.0.7 -p 11257 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs6-p11258.log netperf -H 172.16.0.7 -p 11258 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs7-p11256.log netperf -H 172.16.0.8 -p 11256 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs7-p11257.log netperf -H 172.16.0.8 -p 11257 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs7-p11258.log netperf -H 172.16.0.8 -p 11258 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs8-p11256.log netperf -H 172.16.0.9 -p 11256 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs8-p11257.log netperf -H 172.16.0.9 -p 11257 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-ecs8-p11258.log netperf -H 172.16.0.9 -p 11258 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    ;;
outbound/pps/iperf3)
    client iperf3-idc-client-to-ecs1.log iperf3 -c 172.16.0.2 -p 16001 -u -l 16 -b 11495000 -t 300 -i 1 -P 3 -A "$(cpu 0)" -V --timestamps
    client iperf3-idc-client-to-ecs2.log iperf3 -c 172.16.0.3 -p 16001 -u -l 16 -b 11495000 -t 300 -i 1 -P 3 -A "$(cpu 1)" -V --timestamps
    client iperf3-idc-client-to-ecs3.log iperf3 -c 172.16.0.4 -p 16001 -u -l 16 -b 11495000 -t 300 -i 1 -P 3 -A "$(cpu 2)" -V --timestamps
    client iperf3-idc-client-to-ecs4.log iperf3 -c 172.16.0.5 -p 16001 -u -l 16 -b 11495000 -t 300 -i 1 -P 3 -A "$(cpu 3)" -V --timestamps
    client iperf3-idc-client-to-ecs5.log iperf3 -c 172.16.0.6 -p 16001 -u -l 16 -b 11495000 -t 300 -i 1 -P 3 -A "$(cpu 4)" -V --timestamps
    client iperf3-idc-client-to-ecs6.log iperf3 -c 172.16.0.7 -p 16001 -u -l 16 -b 11495000 -t 300 -i 1 -P 3 -A "$(cpu 5)" -V --timestamps
    client iperf3-idc-client-to-ecs7.log iperf3 -c 172.16.0.8 -p 16001 -u -l 16 -b 11495000 -t 300 -i 1 -P 3 -A "$(cpu 6)" -V --timestamps
    client iperf3-idc-client-to-ecs8.log iperf3 -c 172.16.0.9 -p 16001 -u -l 16 -b 11495000 -t 300 -i 1 -P 3 -A "$(cpu 7)" -V --timestamps
    ;;
outbound/bandwidth/netperf)
    client netperf-idc-client-to-ecs1-p11256.log netperf -H 172.16.0.2 -p 11256 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs1-p11257.log netperf -H 172.16.0.2 -p 11257 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs1-p11258.log netperf -H 172.16.0.2 -p 11258 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs2-p11256.log netperf -H 172.16.0.3 -p 11256 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs2-p11257.log netperf -H 172.16.0.3 -p 11257 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs2-p11258.log netperf -H 172.16.0.3 -p 11258 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs3-p11256.log netperf -H 172.16.0.4 -p 11256 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs3-p11257.log netperf -H 172.16.0.4 -p 11257 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs3-p11258.log netperf -H 172.16.0.4 -p 11258 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs4-p11256.log netperf -H 172.16.0.5 -p 11256 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs4-p11257.log netperf -H 172.16.0.5 -p 11257 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs4-p11258.log netperf -H 172.16.0.5 -p 11258 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs5-p11256.log netperf -H 172.16.0.6 -p 11256 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs5-p11257.log netperf -H 172.16.0.6 -p 11257 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs5-p11258.log netperf -H 172.16.0.6 -p 11258 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs6-p11256.log netperf -H 172.16.0.7 -p 11256 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs6-p11257.log netperf -H 172.16.0.7 -p 11257 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs6-p11258.log netperf -H 172.16.0.7 -p 11258 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs7-p11256.log netperf -H 172.16.0.8 -p 11256 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs7-p11257.log netperf -H 172.16.0.8 -p 11257 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs7-p11258.log netperf -H 172.16.0.8 -p 11258 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs8-p11256.log netperf -H 172.16.0.9 -p 11256 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs8-p11257.log netperf -H 172.16.0.9 -p 11257 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-ecs8-p11258.log netperf -H 172.16.0.9 -p 11258 -L 192.168.100.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    ;;
outbound/bandwidth/iperf3)
    client iperf3-idc-client-to-ecs1.log iperf3 -c 172.16.0.2 -p 16001 -u -l 1400 -b 40454000 -t 300 -i 1 -P 3 -A "$(cpu 0)" -V --timestamps
    client iperf3-idc-client-to-ecs2.log iperf3 -c 172.16.0.3 -p 16001 -u -l 1400 -b 40454000 -t 300 -i 1 -P 3 -A "$(cpu 1)" -V --timestamps
    client iperf3-idc-client-to-ecs3.log iperf3 -c 172.16.0.4 -p 16001 -u -l 1400 -b 40454000 -t 300 -i 1 -P 3 -A "$(cpu 2)" -V --timestamps
    client iperf3-idc-client-to-ecs4.log iperf3 -c 172.16.0.5 -p 16001 -u -l 1400 -b 40454000 -t 300 -i 1 -P 3 -A "$(cpu 3)" -V --timestamps
    client iperf3-idc-client-to-ecs5.log iperf3 -c 172.16.0.6 -p 16001 -u -l 1400 -b 40454000 -t 300 -i 1 -P 3 -A "$(cpu 4)" -V --timestamps
    client iperf3-idc-client-to-ecs6.log iperf3 -c 172.16.0.7 -p 16001 -u -l 1400 -b 40454000 -t 300 -i 1 -P 3 -A "$(cpu 5)" -V --timestamps
    client iperf3-idc-client-to-ecs7.log iperf3 -c 172.16.0.8 -p 16001 -u -l 1400 -b 40454000 -t 300 -i 1 -P 3 -A "$(cpu 6)" -V --timestamps
    client iperf3-idc-client-to-ecs8.log iperf3 -c 172.16.0.9 -p 16001 -u -l 1400 -b 40454000 -t 300 -i 1 -P 3 -A "$(cpu 7)" -V --timestamps
    ;;
*)
    say "nothing to send in $TEST: this host receives"
    exit 0
    ;;
esac
wait_clients
