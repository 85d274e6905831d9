//! Helpers shared by the iperf3 parser tests: reading fixtures and comparing figures.

use crate::model::{Bytes, LogFormat, ParsedLog, Run, Transfer};
use crate::parse::{Detected, ParseContext, detect};

/// 2^20: one MByte as iperf3 prints it.
pub const MI: f64 = 1_048_576.0;
/// 2^10.
pub const KI: f64 = 1024.0;

pub fn fixture(rel: &str) -> String {
    let path = format!("{}/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Parses text with the format the detector finds.
pub fn parse_str(text: &str, ctx: &ParseContext) -> ParsedLog {
    let format = match detect(text) {
        Detected::Format(f) => f,
        Detected::Unknown(why) => panic!("not detected: {why}"),
    };
    assert!(
        matches!(format, LogFormat::Iperf3Text | LogFormat::Iperf3Json),
        "{format:?}"
    );
    crate::parse::parse_text(format, text, ctx).unwrap_or_else(|e| panic!("{e}"))
}

pub fn parse_fixture(rel: &str) -> ParsedLog {
    parse_str(&fixture(rel), &ParseContext::default())
}

/// Bytes of a printed transfer (`53.8 MBytes` is `bytes(53.8 * MI)`).
pub fn bytes(v: f64) -> Option<Bytes> {
    Some(Bytes((v).round() as u64))
}

pub fn close(a: Option<f64>, b: f64, tol: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() <= tol)
}

/// Checks a transfer against printed figures: seconds, bytes, bit/s.
#[track_caller]
pub fn check_transfer(t: &Transfer, dur: f64, b: f64, bps: f64) {
    assert!(
        close(t.duration.map(|d| d.0), dur, 1e-9),
        "duration {:?} != {dur}",
        t.duration
    );
    assert_eq!(t.bytes, bytes(b), "bytes");
    assert!(
        close(t.bps.map(|r| r.0), bps, 1e-3),
        "bps {:?} != {bps}",
        t.bps
    );
}

/// The one run of a file.
#[track_caller]
pub fn only_run(log: &ParsedLog) -> &Run {
    assert_eq!(log.runs.len(), 1, "{:#?}", log.runs);
    &log.runs[0]
}
