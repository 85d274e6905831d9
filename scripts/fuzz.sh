#!/bin/sh
# Fuzzes llreport's format detection and parsers with cargo-fuzz (libFuzzer), each target for
# a bounded time, and prints executions, time and crashes per target.
#
#   scripts/fuzz.sh                      every target, 60 s each
#   FUZZ_SECONDS=3600 scripts/fuzz.sh    an hour each
#   FUZZ_SECONDS=0 FUZZ_TARGETS=sar_text scripts/fuzz.sh   one target until stopped (Ctrl-C)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a C++ compiler; runs on a stable
# toolchain: no sanitizer (`-s none`), release build with debug assertions and overflow
# checks (`-O -a`). Each target's corpus (fuzz/corpus/<target>) is seeded from fixtures/
# and fixtures/regressions/ and kept between runs; what a target finds is written to
# fuzz/artifacts/<target>/. docs/robustness.md says how to turn a find into a regression
# fixture. Exit status: 0 no crash, 1 a crash or hang was found, 2 could not run.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

seconds=${FUZZ_SECONDS:-60}
timeout=${FUZZ_TIMEOUT:-10}
all="detect parse_bytes iperf3_text iperf3_json netperf_classic netperf_omni netserver sar_text sadf_csv sadf_json sadf_p"
targets=${FUZZ_TARGETS:-$all}
target_dir=${FUZZ_TARGET_DIR:-${CARGO_TARGET_DIR:-$root/target}/fuzz}
# Word-split on purpose where used.
flags="-s none -O -a --codegen-units 16 --target-dir $target_dir"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: cargo-fuzz is missing; install it with: cargo install cargo-fuzz" >&2
    exit 2
fi

# Seeds: the fixtures of the target's tool, and every regression fixture.
seeds() {
    case $1 in
    iperf3_*) find fixtures/iperf3 fixtures/campaigns -type f -name '*iperf3*' -o -path 'fixtures/iperf3/*' -type f ;;
    netperf_* | netserver) find fixtures/netperf fixtures/campaigns -type f \( -name '*netperf*' -o -name '*netserver*' -o -name 'np_*' \) ;;
    sar_* | sadf_*) find fixtures/sar fixtures/campaigns -type f \( -name 'sa*' -o -path 'fixtures/sar/*' \) ! -name '*.sa' ;;
    *) find fixtures/iperf3 fixtures/netperf fixtures/sar fixtures/campaigns -type f -name '*.log' -o -type f -path 'fixtures/sar/*' ;;
    esac
    if [ -d fixtures/regressions ]; then find fixtures/regressions -type f; fi
}

echo "fuzz.sh: building the targets ($flags)"
# shellcheck disable=SC2086
cargo fuzz build $flags >/dev/null
# The targets are run as built, so that editing the sources meanwhile does not rebuild them.
triple=$(rustc -vV | sed -n 's/^host: //p')
bin_dir=$target_dir/$triple/release

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
total_crashes=0
report=""
for t in $targets; do
    corpus=fuzz/corpus/$t
    artifacts=fuzz/artifacts/$t
    mkdir -p "$corpus" "$artifacts"
    seeds "$t" | sort -u | while read -r f; do
        cp "$f" "$corpus/seed-$(echo "$f" | tr '/' '_')"
    done
    before=$(find "$artifacts" -type f | wc -l)
    echo "fuzz.sh: $t for ${seconds}s"
    start=$(date +%s)
    "$bin_dir/$t" "$corpus" \
        -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=4096 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" >"$logs/$t.log" 2>&1 || true
    elapsed=$(($(date +%s) - start))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -n 1)
    [ -n "$execs" ] || execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$logs/$t.log" | tail -n 1)
    [ -n "$execs" ] || execs="?"
    crashes=$(($(find "$artifacts" -type f | wc -l) - before))
    total_crashes=$((total_crashes + crashes))
    if [ "$crashes" -gt 0 ]; then
        echo "fuzz.sh: $t found $crashes crash(es) or hang(s) in $artifacts:" >&2
        grep -E 'panicked|ERROR: libFuzzer|Test unit written' "$logs/$t.log" | head -n 10 >&2 || true
    fi
    report="$report$(printf '%-16s %12s %8s %8s' "$t" "$execs" "${elapsed}s" "$crashes")
"
done

echo
printf '%-16s %12s %8s %8s\n' target executions time crashes
printf '%s' "$report"
echo "crashes: $total_crashes"
[ "$total_crashes" -eq 0 ]
