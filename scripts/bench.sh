#!/usr/bin/env bash
# Whole-binary benchmarks of llreport on a generated corpus (see BENCHMARKS.md):
#   parse-only MB/s per format against `wc -l` over the same files,
#   `llreport ingest` wall time against `sqlite3 .import` of the same rows as CSV,
#   peak resident memory of ingest, analyze, trend and export,
#   analyze of one campaign alone in a store against the same campaign in the full store,
#   and (with --clean-build) the clean release build time.
#
# usage: scripts/bench.sh [--size 100MB] [--seed 1] [--work DIR] [--bin PATH] [--clean-build]
#                         [--no-build]
#   --work DIR     keep the corpus, stores and CSVs here (reused when the corpus exists);
#                  default: a temporary folder removed at the end
#   --clean-build  also time `cargo build --release` from an empty target folder (slow)
#   --bin PATH     measure this llreport binary (e.g. an older build) instead of the release one
#   --no-build     use the binaries already in $CARGO_TARGET_DIR/release
# Needs: cargo, sqlite3, GNU time (/usr/bin/time: apt-get install time), wc, xargs.
set -euo pipefail

SIZE=100MB
SEED=1
WORK=""
CLEAN_BUILD=0
BUILD=1
BIN=""
while [ $# -gt 0 ]; do
    case "$1" in
        --size) SIZE=$2; shift 2 ;;
        --seed) SEED=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        --clean-build) CLEAN_BUILD=1; shift ;;
        --no-build) BUILD=0; shift ;;
        --bin) BIN=$2; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
for tool in sqlite3 /usr/bin/time wc xargs; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool is missing" >&2; exit 2; }
done

if [ -z "$WORK" ]; then
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
CORPUS=$WORK/corpus-$SIZE-$SEED
OUT=$WORK/results-$SIZE.md
: > "$OUT"
say() { printf '%s\n' "$*" | tee -a "$OUT"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# Runs a command under GNU time; sets T_WALL (s) and T_RSS (MB). Output goes to $WORK/last.out.
timed() {
    /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$@" >"$WORK/last.out" 2>"$WORK/last.err" || {
        local rc=$?
        # analyze and trend exit 1/3 for a failed or inconclusive verdict: still a measurement.
        if [ $rc -gt 3 ]; then cat "$WORK/last.err" >&2; return $rc; fi
    }
    read -r T_WALL T_RSS_KB < <(tail -n 1 "$WORK/time.txt")
    T_RSS=$(awk -v k="$T_RSS_KB" 'BEGIN { printf "%.0f", k / 1024 }')
}

if [ "$BUILD" = 1 ]; then
    cargo build --release --bin llreport --example gen-corpus --example parse-bench 2>&1 | tail -n 1
fi
BIN=${BIN:-$TARGET/release/llreport}
GEN=$TARGET/release/examples/gen-corpus
PB=$TARGET/release/examples/parse-bench

if [ ! -d "$CORPUS" ]; then
    t0=$(now)
    "$GEN" --size "$SIZE" --seed "$SEED" --out "$CORPUS" 2>"$WORK/gen.log"
    GEN_S="generated in $(secs "$t0" "$(now)") s"
else
    GEN_S="reused"
fi
BYTES=$(du -sb "$CORPUS" | cut -f1)
NFILES=$(find "$CORPUS" -type f | wc -l)
NCAMP=$(find "$CORPUS" -mindepth 1 -maxdepth 1 -type d | wc -l)
say "## llreport benchmarks, corpus $SIZE (seed $SEED)"
say ""
say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
say "corpus: $NCAMP campaigns, $NFILES files, $(awk -v b="$BYTES" 'BEGIN { printf "%.1f MB", b / 1e6 }') (${GEN_S})"
say ""

# Warm the page cache so that both sides read from memory.
find "$CORPUS" -type f -print0 | xargs -0 cat >/dev/null

# --- parse-only against wc -l -------------------------------------------------------------
"$PB" --repeat 3 --lists "$WORK/lists" "$CORPUS" >"$WORK/parse.tsv"
say "### Parse only (best of 3; files in memory) against \`wc -l\` over the same files (page cache)"
say ""
say "| format | files | MB | parse MB/s | wc -l MB/s | parse / wc -l |"
say "|---|---:|---:|---:|---:|---:|"
while IFS=$'\t' read -r fmt files bytes psecs pmbs records; do
    # `all` (every file in one pool) is the `total` again on one thread.
    [ "$fmt" = all ] && continue
    if [ "$fmt" = total ]; then
        list_all=$(cat "$WORK"/lists/*.txt)
        best=""
        for _ in 1 2 3; do
            t0=$(now); printf '%s\n' "$list_all" | xargs -d '\n' wc -l >/dev/null; t=$(secs "$t0" "$(now)")
            best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b < a) ? b : a }')
        done
    else
        best=""
        for _ in 1 2 3; do
            t0=$(now); xargs -d '\n' -a "$WORK/lists/$fmt.txt" wc -l >/dev/null; t=$(secs "$t0" "$(now)")
            best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b < a) ? b : a }')
        done
    fi
    wmbs=$(awk -v b="$bytes" -v s="$best" 'BEGIN { printf "%.1f", b / 1e6 / (s > 0 ? s : 1e-9) }')
    say "| $fmt | $files | $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') | $pmbs | $wmbs | $(ratio "$pmbs" "$wmbs") |"
    [ "$fmt" = total ] && { PARSE_RATIO=$(ratio "$pmbs" "$wmbs"); WMBS_TOTAL=$wmbs; }
done <"$WORK/parse.tsv"
say ""

# The same on all cores: parse-bench's threads take every file in turn in walk order (its
# `all` line, as ingest takes them), against as many `wc -l` processes and against one.
CORES=$(nproc)
"$PB" --repeat 3 --jobs "$CORES" "$CORPUS" >"$WORK/parse-jobs.tsv"
read -r _ _ _ _ PMBS_ALL _ < <(grep '^all' "$WORK/parse-jobs.tsv")
best=""
for _ in 1 2 3; do
    t0=$(now); cat "$WORK"/lists/*.txt | xargs -d '\n' -P "$CORES" -n 64 wc -l >/dev/null; t=$(secs "$t0" "$(now)")
    best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b < a) ? b : a }')
done
WMBS_ALL=$(awk -v b="$(awk -F'\t' '$1 == "total" { print $3 }' "$WORK/parse.tsv")" -v s="$best" 'BEGIN { printf "%.1f", b / 1e6 / (s > 0 ? s : 1e-9) }')
PARSE_RATIO_ALL=$(ratio "$PMBS_ALL" "$WMBS_ALL")
PARSE_RATIO_ONE=$(ratio "$PMBS_ALL" "$WMBS_TOTAL")
say "On all $CORES cores (best of 3): parse $PMBS_ALL MB/s against one \`wc -l\` (the total above): **$PARSE_RATIO_ONE**; against \`wc -l\` in $CORES processes $WMBS_ALL MB/s: **$PARSE_RATIO_ALL**"
say ""

# --- ingest against sqlite3 .import -------------------------------------------------------
DB=$WORK/store-$SIZE.db
rm -f "$DB" "$DB-wal" "$DB-shm"
timed "$BIN" --db "$DB" ingest --no-progress "$CORPUS"/*
INGEST_S=$T_WALL; INGEST_RSS=$T_RSS
tail -n 4 "$WORK/last.out" >"$WORK/ingest-summary.txt"
FAILED=$(sqlite3 "$DB" "SELECT count(*) FROM sources WHERE status IN ('error', 'skipped')")

# The same rows as CSV, from the store itself. .import cannot write NULL (it writes ''), so
# the import schema is the store's schema with its CHECK constraints left out; tables,
# columns, indexes, journal mode and synchronous setting are the same.
CSV=$WORK/csv-$SIZE
rm -rf "$CSV"; mkdir -p "$CSV"
TABLES="campaigns sources diagnostics runs flows intervals sar_samples"
ROWS=0
for t in $TABLES; do
    if [ "$t" = sources ]; then
        cols=$(sqlite3 "$DB" "SELECT group_concat(CASE name WHEN 'content' THEN 'CAST(content AS TEXT)' ELSE name END, ',') FROM pragma_table_info('sources')")
        sqlite3 -csv "$DB" "SELECT $cols FROM sources" >"$CSV/$t.csv"
    else
        sqlite3 -csv "$DB" "SELECT * FROM $t" >"$CSV/$t.csv"
    fi
    ROWS=$((ROWS + $(sqlite3 "$DB" "SELECT count(*) FROM $t")))
done
IMPORT_DB=$WORK/import-$SIZE.db
rm -f "$IMPORT_DB" "$IMPORT_DB-wal" "$IMPORT_DB-shm"
EMPTY=$WORK/empty.db
rm -f "$EMPTY"*
mkdir -p "$WORK/nothing"
"$BIN" --db "$EMPTY" ingest --no-progress "$WORK/nothing" >/dev/null 2>&1
{
    echo "PRAGMA journal_mode = WAL;"
    echo "PRAGMA synchronous = NORMAL;"
    sqlite3 "$EMPTY" .schema | sed -E "s/ CHECK \(([^()]|\([^()]*\))*\)//g"
} | sqlite3 "$IMPORT_DB" >/dev/null
{
    echo "PRAGMA synchronous = NORMAL;"
    echo ".mode csv"
    for t in $TABLES; do echo ".import $CSV/$t.csv $t"; done
} >"$WORK/import.sql"
t0=$(now)
sqlite3 "$IMPORT_DB" <"$WORK/import.sql" >/dev/null
IMPORT_S=$(secs "$t0" "$(now)")
IMPORTED=0
for t in $TABLES; do IMPORTED=$((IMPORTED + $(sqlite3 "$IMPORT_DB" "SELECT count(*) FROM $t"))); done
SPEED=$(ratio "$IMPORT_S" "$INGEST_S")
say "### Ingest against sqlite3 .import of the same rows"
say ""
say "| step | wall s | rows | MB/s of logs |"
say "|---|---:|---:|---:|"
say "| \`llreport ingest\` (parse + store, one process) | $INGEST_S | $ROWS | $(awk -v b="$BYTES" -v s="$INGEST_S" 'BEGIN { printf "%.1f", b / 1e6 / s }') |"
say "| \`sqlite3 .import\` of the same rows as CSV | $IMPORT_S | $IMPORTED | $(awk -v b="$BYTES" -v s="$IMPORT_S" 'BEGIN { printf "%.1f", b / 1e6 / s }') |"
say ""
say "ingest speed relative to .import: **$SPEED×** (target ≥ 0.67×); files failed or skipped: $FAILED"
say "store size: $(du -b "$DB" | awk '{ printf "%.0f MB", $1 / 1e6 }'), imported copy: $(du -b "$IMPORT_DB" | awk '{ printf "%.0f MB", $1 / 1e6 }')"
say ""

# --- peak memory and per-campaign analyze ------------------------------------------------
# The campaign of the analyze figures: one with a 24-hour sar file (the heaviest kind).
DAY=$(find "$CORPUS" -name 'sar-idc-24h.log' | sort | head -n 1)
if [ -n "$DAY" ]; then FIRST=$(basename "$(dirname "$(dirname "$DAY")")"); else FIRST=$(ls "$CORPUS" | head -n 1); fi
toml_name() { # the name = "..." of a [section] of a contract
    awk -v sec="[$1]" '$0 == sec { on = 1; next } /^\[/ { on = 0 }
        on && /^name = / { gsub(/^name = "|"$/, ""); print; exit }' "$2"
}
CAMPAIGN=$(toml_name campaign "$CORPUS/$FIRST/llreport.toml")
LINK=$(toml_name link "$CORPUS/$FIRST/llreport.toml")
say "### Peak resident memory (GNU time, Maximum resident set size)"
say ""
say "| command | wall s | peak RSS MB |"
say "|---|---:|---:|"
say "| ingest (whole corpus) | $INGEST_S | $INGEST_RSS |"
timed "$BIN" --db "$DB" analyze --campaign "$CAMPAIGN"
say "| analyze --campaign $CAMPAIGN | $T_WALL | $T_RSS |"
ANALYZE_FULL=$T_WALL
if "$BIN" --help | grep -q '^  report'; then
    timed "$BIN" --db "$DB" report --campaign "$CAMPAIGN" -o "$WORK/report.out"
    say "| report --campaign $CAMPAIGN | $T_WALL | $T_RSS |"
fi
timed "$BIN" --db "$DB" trend --link "$LINK"
say "| trend --link $LINK | $T_WALL | $T_RSS |"
timed "$BIN" --db "$DB" campaigns
say "| campaigns | $T_WALL | $T_RSS |"
for t in intervals samples; do
    timed "$BIN" --db "$DB" export --table "$t" --format csv -o "$WORK/export-$t.csv"
    say "| export --table $t --format csv | $T_WALL | $T_RSS |"
done
say ""

ONE=$WORK/one-$SIZE.db
rm -f "$ONE" "$ONE-wal" "$ONE-shm"
"$BIN" --db "$ONE" ingest --no-progress "$CORPUS/$FIRST" >/dev/null 2>&1 || true
best_of() {
    local best=""
    for _ in 1 2 3; do
        timed "$@"
        best=$(awk -v a="$best" -v b="$T_WALL" 'BEGIN { print (a == "" || b < a) ? b : a }')
    done
    echo "$best"
}
A_ONE=$(best_of "$BIN" --db "$ONE" analyze --campaign "$CAMPAIGN")
A_ALL=$(best_of "$BIN" --db "$DB" analyze --campaign "$CAMPAIGN")
say "### One campaign's analyze: alone in a store against in the full store (best of 3)"
say ""
say "| store | campaigns | analyze s |"
say "|---|---:|---:|"
say "| only $CAMPAIGN | 1 | $A_ONE |"
say "| full corpus | $NCAMP | $A_ALL |"
say ""
say "full / alone: **$(ratio "$A_ALL" "$A_ONE")×** (target ≤ 2×)"
say ""
say "parse-only / wc -l (all formats; target ≥ 0.25): on all $CORES cores **$PARSE_RATIO_ONE** against one \`wc -l\`, **$PARSE_RATIO_ALL** against $CORES \`wc -l\` processes; on one thread **$PARSE_RATIO** against one; peak RSS of ingest: **$INGEST_RSS MB** (target ≤ 200 MB at 1 GB)"

if [ "$CLEAN_BUILD" = 1 ]; then
    CLEAN=$WORK/clean-target
    rm -rf "$CLEAN"
    t0=$(now)
    CARGO_TARGET_DIR=$CLEAN cargo build --release --bin llreport >/dev/null 2>&1
    say ""
    say "clean \`cargo build --release\`: $(secs "$t0" "$(now)") s"
    rm -rf "$CLEAN"
fi
echo "results: $OUT" >&2
