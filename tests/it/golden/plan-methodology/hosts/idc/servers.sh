#!/bin/sh
# idc (192.168.100.1, the IDC device): start the servers of one test.
# Usage: sh hosts/idc/servers.sh TEST   (TEST: see README.md)
set -eu
HOST=idc
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
use_test "${1:-}"
fresh
case $TEST in
inbound/pps/netperf)
    server netperf-idc-server-p11256.log netserver -D -p 11256
    server netperf-idc-server-p11257.log netserver -D -p 11257
    server netperf-idc-server-p11258.log netserver -D -p 11258
    server netperf-idc-server-p11259.log netserver -D -p 11259
    server netperf-idc-server-p11260.log netserver -D -p 11260
    server netperf-idc-server-p11261.log netserver -D -p 11261
    server netperf-idc-server-p11262.log netserver -D -p 11262
    server netperf-idc-server-p11263.log netserver -D -p 11263
    server netperf-idc-server-p11264.log netserver -D -p 11264
    server netperf-idc-server-p11265.log netserver -D -p 11265
    server netperf-idc-server-p11266.log netserver -D -p 11266
    server netperf-idc-server-p11267.log netserver -D -p 11267
    server netperf-idc-server-p11268.log netserver -D -p 11268
    server netperf-idc-server-p11269.log netserver -D -p 11269
    server netperf-idc-server-p11270.log netserver -D -p 11270
    server netperf-idc-server-p11271.log netserver -D -p 11271
    server netperf-idc-server-p11272.log netserver -D -p 11272
    server netperf-idc-server-p11273.log netserver -D -p 11273
    server netperf-idc-server-p11274.log netserver -D -p 11274
    server netperf-idc-server-p11275.log netserver -D -p 11275
    server netperf-idc-server-p11276.log netserver -D -p 11276
    server netperf-idc-server-p11277.log netserver -D -p 11277
    server netperf-idc-server-p11278.log netserver -D -p 11278
    server netperf-idc-server-p11279.log netserver -D -p 11279
    ;;
inbound/pps/iperf3)
    server iperf3-idc-server-p16001.log iperf3 -s -1 -i 1 -p 16001 --timestamps
    server iperf3-idc-server-p16002.log iperf3 -s -1 -i 1 -p 16002 --timestamps
    server iperf3-idc-server-p16003.log iperf3 -s -1 -i 1 -p 16003 --timestamps
    server iperf3-idc-server-p16004.log iperf3 -s -1 -i 1 -p 16004 --timestamps
    server iperf3-idc-server-p16005.log iperf3 -s -1 -i 1 -p 16005 --timestamps
    server iperf3-idc-server-p16006.log iperf3 -s -1 -i 1 -p 16006 --timestamps
    server iperf3-idc-server-p16007.log iperf3 -s -1 -i 1 -p 16007 --timestamps
    server iperf3-idc-server-p16008.log iperf3 -s -1 -i 1 -p 16008 --timestamps
    ;;
inbound/bandwidth/netperf)
    server netperf-idc-server-p11256.log netserver -D -p 11256
    server netperf-idc-server-p11257.log netserver -D -p 11257
    server netperf-idc-server-p11258.log netserver -D -p 11258
    server netperf-idc-server-p11259.log netserver -D -p 11259
    server netperf-idc-server-p11260.log netserver -D -p 11260
    server netperf-idc-server-p11261.log netserver -D -p 11261
    server netperf-idc-server-p11262.log netserver -D -p 11262
    server netperf-idc-server-p11263.log netserver -D -p 11263
    server netperf-idc-server-p11264.log netserver -D -p 11264
    server netperf-idc-server-p11265.log netserver -D -p 11265
    server netperf-idc-server-p11266.log netserver -D -p 11266
    server netperf-idc-server-p11267.log netserver -D -p 11267
    server netperf-idc-server-p11268.log netserver -D -p 11268
    server netperf-idc-server-p11269.log netserver -D -p 11269
    server netperf-idc-server-p11270.log netserver -D -p 11270
    server netperf-idc-server-p11271.log netserver -D -p 11271
    server netperf-idc-server-p11272.log netserver -D -p 11272
    server netperf-idc-server-p11273.log netserver -D -p 11273
    server netperf-idc-server-p11274.log netserver -D -p 11274
    server netperf-idc-server-p11275.log netserver -D -p 11275
    server netperf-idc-server-p11276.log netserver -D -p 11276
    server netperf-idc-server-p11277.log netserver -D -p 11277
    server netperf-idc-server-p11278.log netserver -D -p 11278
    server netperf-idc-server-p11279.log netserver -D -p 11279
    ;;
inbound/bandwidth/iperf3)
    server iperf3-idc-server-p16001.log iperf3 -s -1 -i 1 -p 16001 --timestamps
    server iperf3-idc-server-p16002.log iperf3 -s -1 -i 1 -p 16002 --timestamps
    server iperf3-idc-server-p16003.log iperf3 -s -1 -i 1 -p 16003 --timestamps
    server iperf3-idc-server-p16004.log iperf3 -s -1 -i 1 -p 16004 --timestamps
    server iperf3-idc-server-p16005.log iperf3 -s -1 -i 1 -p 16005 --timestamps
    server iperf3-idc-server-p16006.log iperf3 -s -1 -i 1 -p 16006 --timestamps
    server iperf3-idc-server-p16007.log iperf3 -s -1 -i 1 -p 16007 --timestamps
    server iperf3-idc-server-p16008.log iperf3 -s -1 -i 1 -p 16008 --timestamps
    ;;
*)
    say "nothing to serve in $TEST: this host sends"
    exit 0
    ;;
esac
running
