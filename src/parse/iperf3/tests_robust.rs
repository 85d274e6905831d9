//! Bad input: every fixture cut at every line (and in the middle of a line), CRLF copies,
//! random text and very long lines. Nothing may panic; a cut run is never reported
//! complete without a diagnostic.

use super::test_support::*;
use crate::model::{ParsedLog, RunStatus};
use crate::parse::{Outcome, ParseContext, ParseError, parse_bytes};

fn fixture_names(dir: &str) -> Vec<String> {
    let path = format!("{}/fixtures/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut v: Vec<String> = std::fs::read_dir(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("i3") || n.starts_with("iperf3-"))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    v.sort();
    v
}

fn all_fixtures() -> Vec<String> {
    let mut v = fixture_names("iperf3");
    for c in ["sample-acceptance", "retest-degraded"] {
        for d in ["inbound/pps", "inbound/bps", "outbound/pps", "outbound/bps"] {
            v.extend(fixture_names(&format!("campaigns/{c}/{d}")));
        }
    }
    v
}

fn parse_any(text: &str) -> Result<ParsedLog, ParseError> {
    let ctx = ParseContext::default();
    if text.trim_start().starts_with('{') {
        super::parse_json(text, &ctx)
    } else {
        super::parse_text(text, &ctx)
    }
}

#[test]
fn every_fixture_parses_and_crlf_copies_read_the_same() {
    let files = all_fixtures();
    assert_eq!(files.len(), 35 + 64);
    for f in files {
        let text = fixture(&f);
        let lf = parse_any(&text).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert!(!lf.runs.is_empty(), "{f}");
        let crlf = text.replace('\n', "\r\n");
        match parse_bytes(crlf.as_bytes(), &ParseContext::default()) {
            Outcome::Parsed(log) => assert_eq!(log, lf, "{f}"),
            other => panic!("{f}: {other:?}"),
        }
    }
}

/// A run of the full file that the cut ends before `cut_after` must not read as complete
/// unless a diagnostic says what is missing.
fn check_prefix(f: &str, full: &ParsedLog, prefix: &ParsedLog, cut_after: u32) {
    for r in &prefix.runs {
        let whole = full
            .runs
            .iter()
            .find(|w| w.source_line == r.source_line && w.role == r.role);
        let Some(whole) = whole else { continue };
        let was_cut = whole.end_line > cut_after;
        if was_cut && r.status == RunStatus::Complete {
            assert!(
                !prefix.diagnostics.is_empty(),
                "{f} cut after line {cut_after}: run at line {} reads complete",
                r.source_line
            );
        }
    }
}

#[test]
fn fixtures_cut_at_every_line() {
    for f in all_fixtures() {
        let text = fixture(&f);
        let full = parse_any(&text).unwrap_or_else(|e| panic!("{f}: {e}"));
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut prefix = String::new();
        for (i, l) in lines.iter().enumerate() {
            let half: String = l.chars().take(l.chars().count() / 2).collect();
            let mid = format!("{prefix}{half}");
            let whole_line = usize::from(half.trim() == l.trim());
            if let Ok(log) = parse_any(&mid) {
                check_prefix(&f, &full, &log, u32::try_from(i + whole_line).unwrap_or(0));
            }
            prefix.push_str(l);
            if let Ok(log) = parse_any(&prefix) {
                check_prefix(&f, &full, &log, u32::try_from(i + 1).unwrap_or(0));
            }
        }
    }
}

#[test]
fn a_cut_data_line_is_a_diagnostic_and_an_aborted_run() {
    let text = fixture("iperf3/i3_ns_tcp_i1_client.log");
    let cut = text
        .get(..text.find("11.2 MBytes").unwrap_or(0) + 6)
        .unwrap_or("");
    let log = parse_any(cut).unwrap_or_else(|e| panic!("{e}"));
    let r = only_run(&log);
    assert_eq!(r.status, RunStatus::Aborted);
    assert_eq!(r.intervals.len(), 2);
    let d = &log.diagnostics[0];
    assert_eq!((d.line, d.column), (6, 26));
    assert!(d.message.contains("cut"), "{}", d.message);
    // The same broken line inside the file is an error.
    let broken = text.replace("11.2 MBytes  94.3", "11.2 MByt  94.3");
    let e = parse_any(&broken).err();
    assert_eq!(e.as_ref().map(|e| (e.line, e.column)), Some((6, 26)));
    let msg = e.map(|e| e.message).unwrap_or_default();
    assert!(
        msg.contains("expected a transfer") && msg.contains("`11.2`"),
        "{msg}"
    );
}

/// A small deterministic generator (no dependency needed for this).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() as usize) % v.len()]
    }
}

#[test]
fn random_text_never_panics() {
    let mut g = Lcg(7);
    let chars: Vec<char> = "[]0123456789 .-/%()\nabcSUMsecMBytesbits\té\u{fffd}{}\":,"
        .chars()
        .collect();
    for _ in 0..300 {
        let n = (g.next() % 400) as usize;
        let s: String = (0..n).map(|_| *g.pick(&chars)).collect();
        let _ = super::parse_text(&s, &ParseContext::default());
        let _ = super::parse_json(&s, &ParseContext::default());
    }
    let tokens = [
        "[  5]",
        "[SUM]",
        "[  7][RX-C]",
        "[ ID]",
        "0.00-1.00",
        "sec",
        "12.4",
        "MBytes",
        "95.6",
        "Mbits/sec",
        "0.027",
        "ms",
        "500/30352",
        "(1.6%)",
        "sender",
        "receiver",
        "(omitted)",
        "45",
        "local",
        "port",
        "connected to",
        "Sent",
        "datagrams",
        "- - - -",
        "iperf Done.",
        "Connecting to host 1.2.3.4, port 5201",
        "Accepted connection from 1.2.3.4, port 1",
        "Server listening on 5201",
        "iperf3: interrupt - the client has terminated",
        "iperf3: the client has terminated",
        "Server output:",
        "iperf 3.12",
        "Time: x",
        "-----------",
        "\n",
        "\n",
        "\n",
    ];
    for _ in 0..2000 {
        let n = (g.next() % 60) as usize;
        let s: Vec<&str> = (0..n).map(|_| *g.pick(&tokens)).collect();
        let text = s.join(" ");
        if let Ok(log) = super::parse_text(&text, &ParseContext::default()) {
            for r in &log.runs {
                assert!(r.source_line <= r.end_line, "{text}");
            }
        }
    }
    assert!(super::parse_text("hello\nworld\n", &ParseContext::default()).is_err());
}

#[test]
fn very_long_lines_are_read_in_linear_time() {
    let n = 8 << 20;
    let long = |p: &str, c: &str| format!("Connecting to host a, port 1\n{p}{}\n", c.repeat(n));
    for text in [
        long("[  5]   0.00-1.00   sec  ", "9"),
        long("[  5]   0.00-1.00   sec  1 MBytes  1 Mbits/sec  ", "1 "),
        long("[", " "),
        long("Connecting to host ", "a"),
        long("", "x"),
        format!("{}\n", "- ".repeat(n)),
    ] {
        let _ = super::parse_text(&text, &ParseContext::default());
    }
    let json = format!(
        "{{\"start\": {{\"version\": \"{}\"}}, \"intervals\": []}}",
        "v".repeat(n)
    );
    assert!(super::parse_json(&json, &ParseContext::default()).is_ok());
}

#[test]
fn many_streams_messages_and_sessions_stay_linear() {
    let n = 30_000;
    let mut text = String::from("Accepted connection from 10.0.0.1, port 1\n");
    for i in 0..n {
        text.push_str(&format!(
            "[{i}] local 10.0.0.2 port 5201 connected to 10.0.0.1 port {}\n",
            i % 60000
        ));
        text.push_str(&format!(
            "[{i}]   0.00-1.00   sec  1.00 KBytes  8.19 Kbits/sec  0.1 ms  1/2 (50%)  receiver\n"
        ));
        text.push_str("iperf3: interrupt - the server has terminated\n");
    }
    for _ in 0..n {
        text.push_str("Accepted connection from 10.0.0.1, port 1\n[  4] Sent 5 datagrams\n");
    }
    let log = super::parse_text(&text, &ParseContext::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(log.runs.len(), n + 1);
    assert_eq!(log.runs[0].flows.len(), n);
}
