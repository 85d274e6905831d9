//! Every fixture, damaged in every way a log gets damaged, through the library in-process:
//! cut at every line and at seeded random bytes, bytes flipped, lines duplicated, dropped
//! and shuffled, NUL bytes and invalid UTF-8 put in, and re-encoded as Windows writes it.
//! Each case must give a parsed log, a skip with a reason, or an error at a line and column
//! that exist; never a panic or a hang. Re-encoding (UTF-8 BOM, CRLF, UTF-16 with BOM) must
//! not change what is read.

use super::util::{Rng, files_under};
use crate::common::fixtures;
use llreport::parse::{self, Outcome, ParseContext};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// A group of fixtures must be through all its cases in this time.
const GROUP_TIMEOUT: Duration = Duration::from_secs(240);

/// How many bytes the line cuts of one file may add up to.
const CUT_BUDGET_BYTES: usize = 40_000_000;

/// A short summary of an outcome, to compare re-encodings.
#[derive(Debug, PartialEq)]
enum Shape {
    Parsed { runs: usize, samples: usize },
    Skipped,
    Failed { line: u32 },
}

fn lines_of(text: &str) -> u32 {
    u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX)
}

/// Checks one outcome against the decoded text; returns its shape or what is wrong.
fn check(bytes: &[u8], outcome: &Outcome) -> Result<Shape, String> {
    let text = parse::text::decode(bytes).map(|d| d.text.into_owned());
    let n = text.as_deref().map(lines_of).unwrap_or(0);
    let in_range = |what: &str, line: u32| {
        if (1..=n).contains(&line) {
            Ok(())
        } else {
            Err(format!("{what} at line {line} of {n}"))
        }
    };
    match outcome {
        Outcome::Parsed(log) => {
            for d in &log.diagnostics {
                in_range("diagnostic", d.line)?;
                if d.column == 0 {
                    return Err(format!("diagnostic at column 0: {}", d.message));
                }
            }
            for r in &log.runs {
                in_range("run", r.source_line)?;
                in_range("run end", r.end_line)?;
            }
            for s in &log.samples {
                in_range("sample", s.line)?;
            }
            Ok(Shape::Parsed {
                runs: log.runs.len(),
                samples: log.samples.len(),
            })
        }
        Outcome::Skipped { reason } if reason.trim().is_empty() => {
            Err("skip without reason".into())
        }
        Outcome::Skipped { .. } => Ok(Shape::Skipped),
        Outcome::Failed { error, .. } => {
            in_range("error", error.line)?;
            if error.column == 0 || error.message.trim().is_empty() {
                return Err(format!("error without column or message: {error:?}"));
            }
            let shown = error.render("f.log");
            let want = format!("f.log:{}:{}: error: ", error.line, error.column);
            if !shown.starts_with(&want) {
                return Err(format!("rendered as {shown:?}"));
            }
            Ok(Shape::Failed { line: error.line })
        }
    }
}

/// The damaged versions of one file, each with a name saying what was done.
fn cases(bytes: &[u8], rng: &mut Rng) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let ends: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] == b'\n').collect();
    // Every line end while the parsed bytes stay within the budget; on a larger file
    // (expected.json) evenly spaced line ends instead.
    let most = (CUT_BUDGET_BYTES / bytes.len().max(1)).max(400) / 2;
    let stride = ends.len().div_ceil(most).max(1);
    for &i in ends.iter().step_by(stride) {
        out.push((
            format!("cut before the line end at byte {i}"),
            bytes[..i].to_vec(),
        ));
        out.push((
            format!("cut after the line end at byte {i}"),
            bytes[..=i].to_vec(),
        ));
    }
    if bytes.is_empty() {
        return out;
    }
    for _ in 0..32 {
        let at = rng.below(bytes.len());
        out.push((format!("cut at byte {at}"), bytes[..at].to_vec()));
    }
    for _ in 0..32 {
        let at = rng.below(bytes.len());
        let mut b = bytes.to_vec();
        let new = if rng.below(2) == 0 {
            b[at] ^ (1 << rng.below(8))
        } else {
            rng.next() as u8
        };
        b[at] = new;
        out.push((format!("byte {at} set to {new:#04x}"), b));
    }
    let lines: Vec<&[u8]> = bytes.split(|&c| c == b'\n').collect();
    let join = |ls: &[&[u8]]| ls.join(&b'\n');
    for _ in 0..4 {
        let k = rng.below(lines.len());
        let mut ls = lines.clone();
        ls.insert(k, lines[k]);
        out.push((format!("line {} duplicated", k + 1), join(&ls)));
        let mut ls = lines.clone();
        ls.remove(k);
        out.push((format!("line {} removed", k + 1), join(&ls)));
    }
    for round in 0..2 {
        let mut ls = lines.clone();
        for i in (1..ls.len()).rev() {
            ls.swap(i, rng.below(i + 1));
        }
        out.push((format!("lines shuffled (round {round})"), join(&ls)));
    }
    let at = rng.below(bytes.len());
    let mut b = bytes.to_vec();
    b.insert(at, 0);
    out.push((format!("NUL byte at {at}"), b));
    let at = rng.below(bytes.len());
    let mut b = bytes.to_vec();
    b.splice(at..at, [0xff, 0xc3, 0x28, 0xe2, 0x82]);
    out.push((format!("invalid UTF-8 at {at}"), b));
    out
}

/// The same text as Windows tools write it; it must read exactly like the original.
fn reencodings(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Vec::new();
    };
    let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in crlf.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    vec![
        ("CRLF line ends".into(), crlf.into_bytes()),
        ("UTF-8 BOM".into(), bom),
        ("UTF-16LE with BOM and CRLF (PowerShell >)".into(), le),
        ("UTF-16BE with BOM and CRLF".into(), be),
    ]
}

/// Runs every case of every file, collecting problems; `progress` names the current case.
fn run_group(files: &[PathBuf], progress: &Mutex<String>) -> (Vec<String>, usize) {
    let ctx = ParseContext::default();
    let mut problems = Vec::new();
    let mut n = 0usize;
    for (fi, f) in files.iter().enumerate() {
        let bytes = std::fs::read(f).expect("read fixture");
        let mut rng = Rng::new(0x5eed ^ fi as u64);
        let name = f
            .strip_prefix(fixtures())
            .unwrap_or(f)
            .display()
            .to_string();
        let parse = |label: &str, b: &[u8]| {
            if let Ok(mut p) = progress.lock() {
                *p = format!("{name}: {label}");
            }
            let r = catch_unwind(AssertUnwindSafe(|| {
                let o = parse::parse_bytes(b, &ctx);
                check(b, &o)
            }));
            match r {
                Ok(Ok(shape)) => Ok(shape),
                Ok(Err(why)) => Err(format!("{name}: {label}: {why}")),
                Err(_) => Err(format!("{name}: {label}: PANIC")),
            }
        };
        let original = match parse("as is", &bytes) {
            Ok(s) => Some(s),
            Err(e) => {
                problems.push(e);
                None
            }
        };
        n += 1;
        for (label, b) in cases(&bytes, &mut rng) {
            n += 1;
            if let Err(e) = parse(&label, &b) {
                problems.push(e);
            }
        }
        for (label, b) in reencodings(&bytes) {
            n += 1;
            match parse(&label, &b) {
                Err(e) => problems.push(e),
                Ok(shape) if Some(&shape) != original.as_ref() => problems.push(format!(
                    "{name}: {label}: read as {shape:?}, the original as {original:?}"
                )),
                Ok(_) => {}
            }
        }
    }
    (problems, n)
}

/// Runs a group on a worker thread so that a hang fails the test with the case that hung.
fn damaged(group: &[&str]) {
    let mut files = Vec::new();
    for g in group {
        let dir = fixtures().join(g);
        if dir.is_dir() {
            files.extend(files_under(&dir));
        }
    }
    assert!(!files.is_empty(), "no fixtures in {group:?}");
    let progress = Arc::new(Mutex::new(String::from("starting")));
    let (tx, rx) = mpsc::channel();
    let p = Arc::clone(&progress);
    let started = Instant::now();
    std::thread::spawn(move || {
        let r = run_group(&files, &p);
        let _ = tx.send(r);
    });
    let (problems, n) = match rx.recv_timeout(GROUP_TIMEOUT) {
        Ok(r) => r,
        Err(_) => {
            let at = progress.lock().map(|p| p.clone()).unwrap_or_default();
            panic!("no result after {GROUP_TIMEOUT:?}: hangs at {at}");
        }
    };
    eprintln!(
        "{group:?}: {n} damaged inputs in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        problems.is_empty(),
        "{} of {n} damaged inputs went wrong:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn damaged_iperf3_logs() {
    damaged(&["iperf3", "iperf2"]);
}

#[test]
fn damaged_netperf_logs() {
    damaged(&["netperf"]);
}

#[test]
fn damaged_sar_logs() {
    damaged(&["sar"]);
}

#[test]
fn damaged_campaign_retest_degraded() {
    damaged(&["campaigns/retest-degraded"]);
}

#[test]
fn damaged_campaign_sample_acceptance() {
    damaged(&["campaigns/sample-acceptance"]);
}

#[test]
fn damaged_regression_fixtures() {
    if fixtures().join("regressions").is_dir() {
        damaged(&["regressions"]);
    }
}

/// Each reproducer in fixtures/regressions/ is named by a test that checks its outcome.
#[test]
fn every_regression_fixture_is_named_by_a_test() {
    let dir = fixtures().join("regressions");
    if !dir.is_dir() {
        return;
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources: String = [root.join("src"), root.join("tests")]
        .iter()
        .flat_map(|d| files_under(d))
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| std::fs::read_to_string(p).expect("read"))
        .collect();
    for f in files_under(&dir) {
        let name = f.file_name().and_then(|n| n.to_str()).expect("name");
        assert!(
            sources.contains(&format!("regressions/{name}")),
            "fixtures/regressions/{name} is read by no test"
        );
    }
}
