#!/bin/sh
# ecs2 (172.16.0.3, VPC host in VPC): check the tools and spread the receive load over the CPUs.
# Usage: sh hosts/ecs2/prepare.sh   (as root, once before the tests)
set -eu
HOST=ecs2
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"

need netperf netserver iperf3 sar
command -v timeout >/dev/null 2>&1 || say "warning: no timeout command (coreutils): processes are not time-limited"
[ "$(id -u)" = 0 ] || say "warning: not root: the queue settings below need root"
multiqueue eth0
say "clock: $(date '+%Y-%m-%d %H:%M:%S') ($TZ); keep every host's clock in sync (NTP)"
