//! Benchmark tool: parse-only throughput of `llreport::parse::parse_bytes` per detected
//! format over the files under the given paths, with nothing stored. Files are read into
//! memory first, so the figure is parsing alone. Used by scripts/bench.sh.
//!
//! ```text
//! cargo run --release --example parse-bench -- [--repeat N] [--jobs N] [--lists DIR] PATH...
//! ```
//!
//! With `--jobs N` (default 1) each format's files are parsed by N threads that take the
//! next file in turn, as `llreport ingest` does.
//!
//! Prints one tab-separated line per format: `format files bytes seconds MB/s records`
//! (records: runs + intervals + samples), then `total` (the sum of the formats), then `all`:
//! every file in one pool in the order of the walk, as `llreport ingest` takes them (with
//! several jobs, formats timed apart leave a thread idle at the end of each). With
//! `--lists DIR`, writes the files of each format to `DIR/<format>.txt`, one path a line,
//! for `xargs wc -l`.

/// The binary's allocator, so the figures are the binary's.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use llreport::parse::{Outcome, ParseContext, parse_bytes};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Files by index into the walk-ordered list, and their best time.
#[derive(Debug, Default)]
struct Group {
    files: Vec<usize>,
    best: Option<Duration>,
    records: u64,
}

/// Parses `files` (indices into `all`) `repeat` times on `jobs` threads; the best time and
/// the records made.
fn time_pool(
    all: &[(PathBuf, Vec<u8>)],
    files: &[usize],
    repeat: u32,
    jobs: usize,
    ctx: &ParseContext,
) -> (Option<Duration>, u64) {
    let mut best: Option<Duration> = None;
    let mut total = 0;
    for _ in 0..repeat.max(1) {
        let next = AtomicUsize::new(0);
        let records = AtomicU64::new(0);
        let work = || {
            let mut n = 0u64;
            while let Some(&i) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                let Some((_, b)) = all.get(i) else { continue };
                if let Outcome::Parsed(log) = parse_bytes(std::hint::black_box(b), ctx) {
                    n += log.samples.len() as u64;
                    for r in &log.runs {
                        n += 1 + r.intervals.len() as u64;
                    }
                }
            }
            records.fetch_add(n, Ordering::Relaxed);
        };
        let t = Instant::now();
        std::thread::scope(|s| {
            for _ in 1..jobs {
                s.spawn(work);
            }
            work();
        });
        let d = t.elapsed();
        total = records.into_inner();
        best = Some(best.map_or(d, |b| b.min(d)));
    }
    (best, total)
}

fn main() -> ExitCode {
    let mut repeat = 3u32;
    let mut jobs = 1usize;
    let mut lists: Option<PathBuf> = None;
    let mut roots = Vec::new();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--repeat" => repeat = it.next().and_then(|v| v.parse().ok()).unwrap_or(3),
            "--lists" => lists = it.next().map(PathBuf::from),
            "--jobs" => jobs = it.next().and_then(|v| v.parse().ok()).unwrap_or(1).max(1),
            _ => roots.push(PathBuf::from(a)),
        }
    }
    if roots.is_empty() {
        eprintln!("usage: parse-bench [--repeat N] [--jobs N] [--lists DIR] PATH...");
        return ExitCode::from(2);
    }
    let ctx = ParseContext {
        tz: "UTC".parse().ok(),
        netperf_omni_columns: None,
    };
    let mut groups: BTreeMap<&'static str, Group> = BTreeMap::new();
    let mut all: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for root in &roots {
        for e in walkdir::WalkDir::new(root).sort_by_file_name() {
            let Ok(e) = e else { continue };
            if !e.file_type().is_file() || e.file_name() == "llreport.toml" {
                continue;
            }
            let Ok(bytes) = std::fs::read(e.path()) else {
                continue;
            };
            let format = match parse_bytes(&bytes, &ctx) {
                Outcome::Parsed(log) => log.format.as_str(),
                Outcome::Skipped { .. } => "skipped",
                Outcome::Failed { .. } => "failed",
            };
            groups.entry(format).or_default().files.push(all.len());
            all.push((e.path().to_path_buf(), bytes));
        }
    }
    for g in groups.values_mut() {
        (g.best, g.records) = time_pool(&all, &g.files, repeat, jobs, &ctx);
    }
    let (mut tb, mut ts, mut tf, mut tr) = (0u64, 0f64, 0usize, 0u64);
    for (format, g) in &groups {
        let bytes: u64 = g
            .files
            .iter()
            .filter_map(|&i| all.get(i))
            .map(|(_, b)| b.len() as u64)
            .sum();
        let secs = g.best.map_or(0.0, |d| d.as_secs_f64());
        println!(
            "{format}\t{}\t{bytes}\t{secs:.4}\t{:.1}\t{}",
            g.files.len(),
            bytes as f64 / 1e6 / secs.max(1e-9),
            g.records
        );
        tb += bytes;
        ts += secs;
        tf += g.files.len();
        tr += g.records;
        if let Some(dir) = &lists {
            let list: String = g
                .files
                .iter()
                .filter_map(|&i| all.get(i))
                .map(|(p, _)| format!("{}\n", p.display()))
                .collect();
            if let Err(e) = std::fs::create_dir_all(dir)
                .and_then(|()| std::fs::write(dir.join(format!("{format}.txt")), list))
            {
                eprintln!("parse-bench: {}: {e}", dir.display());
                return ExitCode::FAILURE;
            }
        }
    }
    println!(
        "total\t{tf}\t{tb}\t{ts:.4}\t{:.1}\t{tr}",
        tb as f64 / 1e6 / ts.max(1e-9)
    );
    // Skipped and failed files are in the pool too, as ingest reads them.
    let every: Vec<usize> = (0..all.len()).collect();
    let (best, records) = time_pool(&all, &every, repeat, jobs, &ctx);
    let bytes: u64 = all.iter().map(|(_, b)| b.len() as u64).sum();
    let secs = best.map_or(0.0, |d| d.as_secs_f64());
    println!(
        "all\t{}\t{bytes}\t{secs:.4}\t{:.1}\t{records}",
        all.len(),
        bytes as f64 / 1e6 / secs.max(1e-9)
    );
    ExitCode::SUCCESS
}
