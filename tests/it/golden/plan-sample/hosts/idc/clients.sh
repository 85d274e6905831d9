#!/bin/sh
# idc (10.200.1.1, the IDC device): run the clients of one test and wait for them.
# Usage: sh hosts/idc/clients.sh TEST [HH:MM:SS]   (the same start time on every sending host)
set -eu
HOST=idc
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
start_at "${2:-}"
case $TEST in
outbound/pps/netperf)
    client netperf-idc-client-to-vpc1-p11256.log netperf -H 10.200.2.11 -p 11256 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc1-p11257.log netperf -H 10.200.2.11 -p 11257 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc1-p11258.log netperf -H 10.200.2.11 -p 11258 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc1-p11259.log netperf -H 10.200.2.11 -p 11259 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc1-p11260.log netperf -H 10.200.2.11 -p 11260 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc2-p11256.log netperf -H 10.200.2.12 -p 11256 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc2-p11257.log netperf -H 10.200.2.12 -p 11257 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc2-p11258.log netperf -H 10.200.2.12 -p 11258 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc2-p11259.log netperf -H 10.200.2.12 -p 11259 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc2-p11260.log netperf -H 10.200.2.12 -p 11260 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc3-p11256.log netperf -H 10.200.2.13 -p 11256 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc3-p11257.log netperf -H 10.200.2.13 -p 11257 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc3-p11258.log netperf -H 10.200.2.13 -p 11258 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc3-p11259.log netperf -H 10.200.2.13 -p 11259 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc3-p11260.log netperf -H 10.200.2.13 -p 11260 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc4-p11256.log netperf -H 10.200.2.14 -p 11256 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc4-p11257.log netperf -H 10.200.2.14 -p 11257 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc4-p11258.log netperf -H 10.200.2.14 -p 11258 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc4-p11259.log netperf -H 10.200.2.14 -p 11259 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    client netperf-idc-client-to-vpc4-p11260.log netperf -H 10.200.2.14 -p 11260 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1 -R 1
    ;;
outbound/pps/iperf3)
    client iperf3-idc-client-to-vpc1.log iperf3 -c 10.200.2.11 -p 16001 -u -l 16 -b 1380000 -t 300 -i 1 -P 5 -A "$(cpu 0)" -V --timestamps
    client iperf3-idc-client-to-vpc2.log iperf3 -c 10.200.2.12 -p 16001 -u -l 16 -b 1380000 -t 300 -i 1 -P 5 -A "$(cpu 1)" -V --timestamps
    client iperf3-idc-client-to-vpc3.log iperf3 -c 10.200.2.13 -p 16001 -u -l 16 -b 1380000 -t 300 -i 1 -P 5 -A "$(cpu 2)" -V --timestamps
    client iperf3-idc-client-to-vpc4.log iperf3 -c 10.200.2.14 -p 16001 -u -l 16 -b 1380000 -t 300 -i 1 -P 5 -A "$(cpu 3)" -V --timestamps
    ;;
outbound/bandwidth/netperf)
    client netperf-idc-client-to-vpc1-p11256.log netperf -H 10.200.2.11 -p 11256 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc1-p11257.log netperf -H 10.200.2.11 -p 11257 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc1-p11258.log netperf -H 10.200.2.11 -p 11258 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc1-p11259.log netperf -H 10.200.2.11 -p 11259 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc1-p11260.log netperf -H 10.200.2.11 -p 11260 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc2-p11256.log netperf -H 10.200.2.12 -p 11256 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc2-p11257.log netperf -H 10.200.2.12 -p 11257 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc2-p11258.log netperf -H 10.200.2.12 -p 11258 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc2-p11259.log netperf -H 10.200.2.12 -p 11259 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc2-p11260.log netperf -H 10.200.2.12 -p 11260 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc3-p11256.log netperf -H 10.200.2.13 -p 11256 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc3-p11257.log netperf -H 10.200.2.13 -p 11257 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc3-p11258.log netperf -H 10.200.2.13 -p 11258 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc3-p11259.log netperf -H 10.200.2.13 -p 11259 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc3-p11260.log netperf -H 10.200.2.13 -p 11260 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc4-p11256.log netperf -H 10.200.2.14 -p 11256 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc4-p11257.log netperf -H 10.200.2.14 -p 11257 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc4-p11258.log netperf -H 10.200.2.14 -p 11258 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc4-p11259.log netperf -H 10.200.2.14 -p 11259 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    client netperf-idc-client-to-vpc4-p11260.log netperf -H 10.200.2.14 -p 11260 -L 10.200.1.1 -t UDP_STREAM -l 300 -- -m 1400 -R 1
    ;;
outbound/bandwidth/iperf3)
    client iperf3-idc-client-to-vpc1.log iperf3 -c 10.200.2.11 -p 16001 -u -l 1400 -b 4855000 -t 300 -i 1 -P 5 -A "$(cpu 0)" -V --timestamps
    client iperf3-idc-client-to-vpc2.log iperf3 -c 10.200.2.12 -p 16001 -u -l 1400 -b 4855000 -t 300 -i 1 -P 5 -A "$(cpu 1)" -V --timestamps
    client iperf3-idc-client-to-vpc3.log iperf3 -c 10.200.2.13 -p 16001 -u -l 1400 -b 4855000 -t 300 -i 1 -P 5 -A "$(cpu 2)" -V --timestamps
    client iperf3-idc-client-to-vpc4.log iperf3 -c 10.200.2.14 -p 16001 -u -l 1400 -b 4855000 -t 300 -i 1 -P 5 -A "$(cpu 3)" -V --timestamps
    ;;
*)
    say "nothing to send in $TEST: this host receives"
    exit 0
    ;;
esac
wait_clients
