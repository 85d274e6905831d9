//! Writes a large, realistic, deterministic corpus of leased-line test logs for benchmarks:
//! campaigns of iperf3 (`-P 8 -i 1`, 300 s, text and some `-J`), netperf UDP_STREAM (some
//! `-D`) and `sar -n DEV 1` logs, each campaign with its llreport.toml, plus 24-hour sar
//! files, until the corpus reaches the asked size. The same seed gives the same bytes.
//!
//! ```text
//! cargo run --release --example gen-corpus -- --size 100MB --seed 1 --out /tmp/corpus
//! llreport --db /tmp/c.db ingest /tmp/corpus/*
//! ```

#[path = "gen_corpus/campaign.rs"]
mod campaign;
#[path = "gen_corpus/cjson.rs"]
mod cjson;
#[path = "gen_corpus/fmt.rs"]
mod fmt;
#[path = "gen_corpus/iperf3.rs"]
mod iperf3;
#[path = "gen_corpus/netperf.rs"]
mod netperf;
#[path = "gen_corpus/rng.rs"]
mod rng;
#[path = "gen_corpus/sar.rs"]
mod sar;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen-corpus --size SIZE --seed N --out DIR [--secs S] [--streams P]

  --size SIZE   total bytes to write, e.g. 100MB, 1GB, 500KB (decimal units)
  --seed N      seed of the generator; the same seed gives byte-identical files
  --out DIR     where to write the campaigns (must be empty or missing)
  --secs S      length of each test in seconds [300]
  --streams P   iperf3 parallel streams (-P) [8]

The corpus is one folder per campaign, each with an llreport.toml, so that
`llreport ingest DIR/*` reads it without flags. About 40 % of the bytes are 24-hour
`sar -n DEV 1` files (in <campaign>/inbound/ of some campaigns; none below 50MB).";

#[derive(Debug)]
struct Args {
    size: u64,
    seed: u64,
    out: PathBuf,
    secs: usize,
    streams: usize,
}

fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim().to_ascii_uppercase();
    let (num, mult) = if let Some(n) = s.strip_suffix("GB") {
        (n, 1_000_000_000)
    } else if let Some(n) = s.strip_suffix("MB") {
        (n, 1_000_000)
    } else if let Some(n) = s.strip_suffix("KB") {
        (n, 1_000)
    } else {
        (s.strip_suffix('B').unwrap_or(&s), 1)
    };
    let v: f64 = num.trim().parse().ok()?;
    (v > 0.0).then_some((v * mult as f64) as u64)
}

fn args() -> Result<Args, String> {
    let mut size = None;
    let mut seed = None;
    let mut out = None;
    let mut secs = 300;
    let mut streams = 8;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--size" => size = Some(parse_size(&val()?).ok_or("bad --size")?),
            "--seed" => seed = Some(val()?.parse().map_err(|_| "bad --seed")?),
            "--out" => out = Some(PathBuf::from(val()?)),
            "--secs" => secs = val()?.parse().map_err(|_| "bad --secs")?,
            "--streams" => streams = val()?.parse().map_err(|_| "bad --streams")?,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args {
        size: size.ok_or("--size is required")?,
        seed: seed.ok_or("--seed is required")?,
        out: out.ok_or("--out is required")?,
        secs: secs.max(2),
        streams: streams.clamp(1, 128),
    })
}

fn main() -> ExitCode {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gen-corpus: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&a) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen-corpus: {}: {e}", a.out.display());
            ExitCode::FAILURE
        }
    }
}

fn run(a: &Args) -> std::io::Result<()> {
    if a.out.is_dir() && std::fs::read_dir(&a.out)?.next().is_some() {
        return Err(std::io::Error::other(
            "not empty; give an empty or new folder",
        ));
    }
    std::fs::create_dir_all(&a.out)?;
    let root = rng::Rng::new(a.seed);
    let (mut total, mut day_bytes, mut day_files, mut index) = (0u64, 0u64, 0u64, 0usize);
    while total < a.size {
        let mut r = root.fork(index as u64 + 1);
        // A 24-hour sar file (about 57 MB) whenever they are below 40 % of the bytes so far.
        let with_24h =
            a.size >= 50_000_000 && (index == 0 || (day_bytes as f64) < 0.4 * total as f64);
        let plan = campaign::Plan::new(index, &mut r, a.secs, a.streams, with_24h);
        let (n, day) = campaign::write(&a.out, &plan, &mut r)?;
        total += n;
        day_bytes += day;
        day_files += u64::from(day > 0);
        eprintln!(
            "{:>4} {} {:>8.1} MB (total {:.1} MB)",
            index,
            plan.name,
            n as f64 / 1e6,
            total as f64 / 1e6
        );
        index += 1;
    }
    eprintln!(
        "wrote {index} campaigns ({day_files} with a 24-hour sar file), {:.1} MB, to {}",
        total as f64 / 1e6,
        a.out.display()
    );
    Ok(())
}
