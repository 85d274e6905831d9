# lib.sh: the settings of this kit and the helpers its host scripts share (they source
# it). Written by `llreport plan` from llreport.toml. POSIX sh.

# The tools print in the C locale and in the contract's time zone, so llreport reads their
# dates and times without guessing.
LC_ALL=C
TZ=UTC
export LC_ALL TZ

DURATION=300                 # seconds each test runs (test.duration_s)
SAR_SECONDS=320              # sar samples this long (+ test.sar_margin_s)
CLIENT_LIMIT=360             # a client still running after this many seconds is interrupted
SAR_LIMIT=350
SERVER_LIFETIME=${SERVER_LIFETIME:-3900}  # servers nobody stopped end after this many seconds
TESTS='inbound/pps/netperf inbound/pps/iperf3 inbound/bandwidth/netperf inbound/bandwidth/iperf3 outbound/pps/netperf outbound/pps/iperf3 outbound/bandwidth/netperf outbound/bandwidth/iperf3'

KIT=$(CDPATH= cd -- "$HERE/../.." && pwd)
CLIENTS=''
LAST=''

say() { printf '%s: %s\n' "$HOST" "$*"; }
die() { printf '%s: error: %s\n' "$HOST" "$*" >&2; exit 1; }

# use_test TEST: checks the test's name and makes its results folder.
use_test() {
    TEST=''
    for t in $TESTS; do
        if [ "$t" = "$1" ]; then TEST=$t; fi
    done
    [ -n "$TEST" ] || die "unknown test '$1'; give one of: $TESTS"
    OUT=$KIT/results/$TEST
    mkdir -p "$OUT" "$HERE/run"
    PIDS=$HERE/run/$(printf '%s' "$TEST" | tr / -).pids
}

ncpu() {
    n=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
    case $n in ''|*[!0-9]*) n=1 ;; esac
    [ "$n" -ge 1 ] || n=1
    echo "$n"
}

# cpu I: the CPU for the I-th client of this host (CPU 0 last: it often serves interrupts).
cpu() { echo $(( ($1 + 1) % $(ncpu) )); }

# cpumask N: the rps_cpus mask of N CPUs, in 32-bit groups.
cpumask() {
    n=$1
    mask=''
    while [ "$n" -gt 32 ]; do mask=",ffffffff$mask"; n=$((n - 32)); done
    printf '%x%s\n' $(( (1 << n) - 1 )) "$mask"
}

if command -v timeout >/dev/null 2>&1; then HAVE_TIMEOUT=1; else HAVE_TIMEOUT=0; fi

# launch LIMIT SIGNAL LOG COMMAND...: COMMAND in the background, its output in LOG of the
# test's results folder, sent SIGNAL after LIMIT seconds.
launch() {
    limit=$1
    sig=$2
    log=$3
    shift 3
    say "$* > results/$TEST/$log"
    if [ "$HAVE_TIMEOUT" = 1 ]; then
        timeout -s "$sig" "$limit" "$@" > "$OUT/$log" 2>&1 &
    else
        "$@" > "$OUT/$log" 2>&1 &
    fi
    LAST=$!
}

server() { launch "$SERVER_LIFETIME" TERM "$@"; echo "$LAST" >> "$PIDS"; }
sampler() { launch "$SAR_LIMIT" TERM "$@"; echo "$LAST" >> "$PIDS"; }
client() { launch "$CLIENT_LIMIT" INT "$@"; CLIENTS="$CLIENTS $LAST"; }

# fresh: fails when servers of this test were started here and not stopped.
fresh() {
    [ ! -s "$PIDS" ] || die "$TEST was started here before and not stopped: run stop.sh $TEST first"
}

# running: fails when a process just started has already ended (port taken, tool missing).
running() {
    sleep 1
    for p in $(cat "$PIDS"); do
        kill -0 "$p" 2>/dev/null || die "process $p ended at once: see its log in results/$TEST"
    done
    say "running; next: the step after this one in README.md"
}

secs() {
    h=${1%%:*}
    r=${1#*:}
    m=${r%%:*}
    s=${r#*:}
    echo $(( ${h#0} * 3600 + ${m#0} * 60 + ${s#0} ))
}

# start_at [HH:MM:SS]: waits for that time of day (in $TZ) so every host starts together.
start_at() {
    [ -n "${1:-}" ] || return 0
    case $1 in
    [01][0-9]:[0-5][0-9]:[0-5][0-9] | 2[0-3]:[0-5][0-9]:[0-5][0-9]) ;;
    *) die "start time '$1': give HH:MM:SS (time zone $TZ)" ;;
    esac
    target=$(secs "$1")
    [ "$(secs "$(date +%H:%M:%S)")" -le "$target" ] || die "start time $1 has passed (now $(date +%H:%M:%S) $TZ): give a later one"
    say "waiting for $1 ($TZ)"
    while [ "$(secs "$(date +%H:%M:%S)")" -lt "$target" ]; do
        sleep 0.2 2>/dev/null || sleep 1
    done
}

wait_clients() {
    failed=0
    for p in $CLIENTS; do
        wait "$p" || failed=$((failed + 1))
    done
    CLIENTS=''
    [ "$failed" = 0 ] || die "$failed client(s) failed: see their logs in results/$TEST"
    say "clients done; logs in results/$TEST"
}

stop_all() {
    if [ ! -f "$PIDS" ]; then
        say "nothing of $TEST runs here"
        return 0
    fi
    for p in $(cat "$PIDS"); do kill "$p" 2>/dev/null || true; done
    sleep 1
    for p in $(cat "$PIDS"); do
        if kill -0 "$p" 2>/dev/null; then say "process $p still runs: stop it by hand"; fi
    done
    rm -f "$PIDS"
    say "stopped the servers and sar of $TEST"
}

need() {
    for t in "$@"; do
        if command -v "$t" >/dev/null 2>&1; then
            say "found $(command -v "$t")"
        else
            die "$t is not installed here (see README.md, Before the test)"
        fi
    done
}

# multiqueue IF: as many combined queues as CPUs (at most the NIC's), RPS on every CPU.
multiqueue() {
    ifc=$1
    [ -d "/sys/class/net/$ifc" ] || die "no interface $ifc here: set test.idc_interface or test.vpc_interface in llreport.toml and run llreport plan again"
    n=$(ncpu)
    if command -v ethtool >/dev/null 2>&1; then
        max=$(ethtool -l "$ifc" 2>/dev/null | awk '/^Pre-set maximums/ { p = 1 } p && /^Combined:/ { print $2; exit }')
        case $max in ''|*[!0-9]*) max=0 ;; esac
        q=$n
        [ "$q" -le "$max" ] || q=$max
        if [ "$q" -gt 1 ]; then
            say "ethtool -L $ifc combined $q"
            ethtool -L "$ifc" combined "$q" || say "warning: ethtool -L $ifc combined $q failed"
        else
            say "$ifc offers no more queues (ethtool -l $ifc)"
        fi
    else
        say "warning: ethtool is not installed: the queues of $ifc stay as they are"
    fi
    mask=$(cpumask "$n")
    for f in /sys/class/net/"$ifc"/queues/rx-*/rps_cpus; do
        [ -e "$f" ] || continue
        say "echo $mask > $f"
        echo "$mask" > "$f" || say "warning: cannot write $f (run as root)"
    done
}
