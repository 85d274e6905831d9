//! The kit's shell scripts: `lib.sh` (settings and helpers every host script sources) and,
//! per host, one script per step (prepare, servers, sar, clients, stop, collect) that takes
//! the test's name and runs that host's part of it. POSIX sh; every value taken from the
//! contract is quoted.

use super::layout::{HostRef, Kind, KitTest, Topology};
use super::shell::{quote, tz_value};
use crate::model::{Contract, Tool};
use std::fmt::Write;

/// Seconds a client may run past the test length before it is interrupted.
const CLIENT_GRACE_S: u32 = 60;
/// Seconds sar may run past its sample count before it is stopped.
const SAR_GRACE_S: u32 = 30;
/// Seconds a server lives when nobody stops it, past the test length.
const SERVER_GRACE_S: u32 = 3600;

/// The helpers, in the order the scripts use them.
const HELPERS: &str = r#"
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
"#;

/// `lib.sh`: the settings of this kit and the helpers.
pub fn lib(c: &Contract, tests: &[KitTest]) -> String {
    let n = c.test.duration_s;
    let sar = n + c.test.sar_margin_s;
    let names: Vec<String> = tests.iter().map(|t| t.id.path()).collect();
    let mut s = String::new();
    let _ = write!(
        s,
        r#"# lib.sh: the settings of this kit and the helpers its host scripts share (they source
# it). Written by `llreport plan` from llreport.toml. POSIX sh.

# The tools print in the C locale and in the contract's time zone, so llreport reads their
# dates and times without guessing.
LC_ALL=C
TZ={tz}
export LC_ALL TZ

DURATION={n}                 # seconds each test runs (test.duration_s)
SAR_SECONDS={sar}              # sar samples this long (+ test.sar_margin_s)
CLIENT_LIMIT={client}             # a client still running after this many seconds is interrupted
SAR_LIMIT={sar_limit}
SERVER_LIFETIME=${{SERVER_LIFETIME:-{life}}}  # servers nobody stopped end after this many seconds
TESTS='{tests}'
"#,
        tz = quote(&tz_value(c.link.tz())),
        client = n + CLIENT_GRACE_S,
        sar_limit = sar + SAR_GRACE_S,
        life = n + SERVER_GRACE_S,
        tests = names.join(" "),
    );
    s.push_str(HELPERS);
    s
}

fn header(topo: &Topology, h: HostRef, what: &str, usage: &str) -> String {
    let Some(p) = topo.peer(h) else {
        return String::new();
    };
    let side = match h {
        HostRef::Idc => "the IDC device".to_string(),
        HostRef::Vpc(_) => format!("VPC host in {}", p.network),
    };
    format!(
        "#!/bin/sh\n# {name} ({addr}, {side}): {what}\n# Usage: sh hosts/{file}/{usage}\nset -eu\nHOST={qname}\nHERE=$(CDPATH= cd -- \"$(dirname -- \"$0\")\" && pwd)\n. \"$HERE/../../lib.sh\"\n",
        name = p.name.replace(char::is_control, " "),
        addr = p.addr,
        file = p.file,
        qname = quote(&p.name),
    )
}

/// The body of a per-test step: one `case` branch per test where this host has processes
/// of `kind`, a default branch that says there is nothing to do.
fn per_test(tests: &[KitTest], h: HostRef, kind: Kind, call: &str, idle: &str) -> String {
    let mut s = String::from("case $TEST in\n");
    for t in tests {
        let lines: Vec<String> = t
            .procs
            .iter()
            .filter(|p| p.host == h && p.kind == kind)
            .map(|p| format!("    {call} {} {}\n", quote(&p.log), p.words.join(" ")))
            .collect();
        if !lines.is_empty() {
            let _ = writeln!(s, "{})", t.id.path());
            s.extend(lines);
            s.push_str("    ;;\n");
        }
    }
    let _ = write!(s, "*)\n    say \"{idle}\"\n    exit 0\n    ;;\nesac\n");
    s
}

/// The step scripts of host `h`, by step name.
pub fn host(
    c: &Contract,
    topo: &Topology,
    h: HostRef,
    tests: &[KitTest],
) -> Vec<(&'static str, String)> {
    let Some(p) = topo.peer(h) else {
        return Vec::new();
    };
    let iface = match h {
        HostRef::Idc => &c.test.idc_interface,
        HostRef::Vpc(_) => &c.test.vpc_interface,
    };
    let mut tools: Vec<&str> = Vec::new();
    for t in tests {
        let names: &[&str] = match t.id.tool {
            Tool::Netperf => &["netperf", "netserver"],
            _ => &["iperf3"],
        };
        for n in names {
            if !tools.contains(n) {
                tools.push(n);
            }
        }
    }
    tools.push("sar");
    let prepare = format!(
        "{}\nneed {}\ncommand -v timeout >/dev/null 2>&1 || say \"warning: no timeout command (coreutils): processes are not time-limited\"\n[ \"$(id -u)\" = 0 ] || say \"warning: not root: the queue settings below need root\"\nmultiqueue {}\nsay \"clock: $(date '+%Y-%m-%d %H:%M:%S') ($TZ); keep every host's clock in sync (NTP)\"\n",
        header(
            topo,
            h,
            "check the tools and spread the receive load over the CPUs.",
            "prepare.sh   (as root, once before the tests)"
        ),
        tools.join(" "),
        quote(iface),
    );
    let step = |kind: Kind, what: &str, usage: &str, call: &str, idle: &str, tail: &str| {
        format!(
            "{}use_test \"${{1:-}}\"\n{}{}{tail}",
            header(topo, h, what, usage),
            if kind == Kind::Server { "fresh\n" } else { "" },
            per_test(tests, h, kind, call, idle),
        )
    };
    let servers = step(
        Kind::Server,
        "start the servers of one test.",
        "servers.sh TEST   (TEST: see README.md)",
        "server",
        "nothing to serve in $TEST: this host sends",
        "running\n",
    );
    let sar = step(
        Kind::Sar,
        "start sar for one test (after the servers, before the clients).",
        "sar.sh TEST",
        "sampler",
        "no sar in $TEST: this host sends",
        "running\n",
    );
    let clients = step(
        Kind::Client,
        "run the clients of one test and wait for them.",
        "clients.sh TEST [HH:MM:SS]   (the same start time on every sending host)",
        "client",
        "nothing to send in $TEST: this host receives",
        "wait_clients\n",
    )
    .replacen("case $TEST in\n", "start_at \"${2:-}\"\ncase $TEST in\n", 1);
    let stop = format!(
        "{}use_test \"${{1:-}}\"\nstop_all\n",
        header(
            topo,
            h,
            "stop the servers and sar of one test.",
            "stop.sh TEST"
        )
    );
    let collect = format!(
        "{}tar -cf \"$KIT/results-{file}.tar\" -C \"$KIT\" results\nsay \"wrote results-{file}.tar: copy it to the machine that runs llreport\"\n",
        header(
            topo,
            h,
            "pack this host's results.",
            "collect.sh   (after the last test)"
        ),
        file = p.file,
    );
    vec![
        ("prepare", prepare),
        ("servers", servers),
        ("sar", sar),
        ("clients", clients),
        ("stop", stop),
        ("collect", collect),
    ]
}
