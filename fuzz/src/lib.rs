//! What every fuzz target checks: the input goes through a parser entry point under each
//! [`contexts`] entry, nothing panics (debug assertions on, so arithmetic overflow panics
//! too), and every error, warning, run and sample points at a line and column that exist in
//! the text, so that `path:line:col` messages lead somewhere.

use llreport::model::{LogFormat, ParsedLog, TimeZoneSpec};
use llreport::parse::{self, Outcome, ParseContext, ParseError};

/// The contexts a file can be read with: none at all, and a zone with daylight saving time
/// (gaps and overlaps in sar's wall-clock times) plus omni column names for headerless
/// netperf CSV lines.
pub fn contexts() -> [ParseContext; 2] {
    let tz = "Europe/Berlin".parse::<TimeZoneSpec>().ok();
    let columns = [
        "THROUGHPUT",
        "THROUGHPUT_UNITS",
        "ELAPSED_TIME",
        "PROTOCOL",
        "DIRECTION",
        "LOCAL_SEND_CALLS",
        "REMOTE_RECV_CALLS",
    ];
    [
        ParseContext::default(),
        ParseContext {
            tz,
            netperf_omni_columns: Some(columns.iter().map(|c| c.to_string()).collect()),
        },
    ]
}

/// Parses `data` (read as UTF-8, invalid bytes replaced) as `format`.
pub fn check_format(format: LogFormat, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for ctx in contexts() {
        match parse::parse_text(format, &text, &ctx) {
            Ok(log) => check_log(&text, &log),
            Err(e) => check_error(&text, &e),
        }
    }
}

/// Decodes, detects and parses `data` as a file's bytes.
pub fn check_bytes(data: &[u8]) {
    let text = parse::text::decode(data).map(|d| d.text.into_owned());
    for ctx in contexts() {
        match parse::parse_bytes(data, &ctx) {
            Outcome::Parsed(log) => {
                if let Ok(t) = &text {
                    check_log(t, &log);
                }
            }
            Outcome::Failed { error, .. } => {
                assert!(text.is_ok(), "a parse error for bytes that do not decode");
                if let Ok(t) = &text {
                    check_error(t, &error);
                }
            }
            Outcome::Skipped { reason } => assert!(!reason.is_empty(), "a skip without reason"),
        }
    }
}

/// Runs format detection on `data` read as UTF-8.
pub fn check_detect(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let parse::Detected::Unknown(reason) = parse::detect(&text) {
        assert!(!reason.is_empty(), "an unknown format without reason");
    }
}

fn line_count(text: &str) -> u32 {
    u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX)
}

fn check_line(text: &str, what: &str, line: u32) {
    let n = line_count(text);
    assert!(
        (1..=n).contains(&line),
        "{what} at line {line}, but the text has {n} lines"
    );
}

fn check_error(text: &str, e: &ParseError) {
    check_line(text, "error", e.line);
    assert!(e.column >= 1, "error at column 0: {e}");
    assert!(!e.message.is_empty(), "error without message at {e}");
    let shown = e.clone().with_source(text).render("fuzz.log");
    assert!(shown.starts_with("fuzz.log:"), "{shown}");
}

fn check_log(text: &str, log: &ParsedLog) {
    for d in &log.diagnostics {
        check_line(text, "diagnostic", d.line);
        assert!(d.column >= 1, "diagnostic at column 0: {}", d.message);
    }
    for r in &log.runs {
        check_line(text, "run", r.source_line);
        check_line(text, "run end", r.end_line);
        for i in &r.intervals {
            check_line(text, "interval", i.line);
        }
    }
    for s in &log.samples {
        check_line(text, "sample", s.line);
    }
}
