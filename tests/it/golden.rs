//! Golden tests: every fixture parsed, its runs, samples and diagnostics summarized and
//! compared with the committed snapshot (tests/it/snapshots/). Review changes with
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test --test it golden` and `git diff`).

use crate::common::fixtures;
use llreport::model::{ParsedLog, Run, Transfer};
use llreport::parse::{self, Outcome, ParseContext};
use serde_json::{Value, json};
use std::path::Path;

fn transfer(t: &Transfer) -> Value {
    json!({
        "packets": t.packets.map(|p| p.0),
        "bytes": t.bytes.map(|b| b.0),
        "bps": t.bps.map(|b| b.0),
        "duration_s": t.duration.map(|d| d.0),
    })
}

fn run(r: &Run) -> Value {
    json!({
        "lines": format!("{}-{}", r.source_line, r.end_line),
        "tool": r.tool, "version": r.tool_version, "test": r.test, "protocol": r.protocol,
        "role": r.role, "host": r.host, "status": r.status, "error": r.error,
        "sender": format!("{:?}:{:?}", r.sender.addr, r.sender.port),
        "receiver": format!("{:?}:{:?}", r.receiver.addr, r.receiver.port),
        "started_at": r.started_at.map(|t| t.to_rfc3339()),
        "duration_s": r.duration.map(|d| d.0),
        "message_size": r.message_size.map(|b| b.0),
        "streams": r.streams,
        "sent": transfer(&r.counters.sent),
        "received": transfer(&r.counters.received),
        "lost": r.counters.lost_packets.map(|p| p.0),
        "jitter_ms": r.counters.jitter_ms,
        "retransmits": r.counters.retransmits,
        "offered_bps": r.offered_bps.map(|b| b.0),
        "transactions_per_s": r.transactions_per_s,
        "flows": r.flows.iter().map(|f| json!({
            "stream": f.stream_id,
            "local": format!("{:?}:{:?}", f.local.addr, f.local.port),
            "remote": format!("{:?}:{:?}", f.remote.addr, f.remote.port),
            "received_packets": f.counters.received.packets.map(|p| p.0),
            "lost": f.counters.lost_packets.map(|p| p.0),
        })).collect::<Vec<_>>(),
        "intervals": r.intervals.len(),
        "sum_intervals": r.intervals.iter().filter(|i| i.stream_id.is_none()).count(),
        "omitted_intervals": r.intervals.iter().filter(|i| i.omitted).count(),
        "notes": r.notes,
        "extra": r.extra,
    })
}

fn parsed(log: &ParsedLog) -> Value {
    let mut reports: std::collections::BTreeMap<&str, usize> = Default::default();
    for s in &log.samples {
        *reports.entry(s.report()).or_default() += 1;
    }
    let sample = |s: Option<&llreport::model::SarSample>| {
        s.map(|s| {
            json!({
                "line": s.line, "host": s.host(), "report": s.report(), "device": s.device(),
                "ts": s.ts.to_rfc3339(), "metrics": s.metric_pairs(),
            })
        })
    };
    json!({
        "format": log.format,
        "tool_version": log.tool_version,
        "system": log.system,
        "runs": log.runs.iter().map(run).collect::<Vec<_>>(),
        "samples": {
            "count": log.samples.len(),
            "reports": reports,
            "first": sample(log.samples.first()),
            "last": sample(log.samples.last()),
        },
        "diagnostics": log.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
    })
}

fn summary(path: &Path) -> Value {
    let bytes = std::fs::read(path).expect("read fixture");
    match parse::parse_bytes(&bytes, &ParseContext::default()) {
        Outcome::Parsed(log) => parsed(&log),
        Outcome::Skipped { reason } => json!({ "skipped": reason }),
        Outcome::Failed { format, error } => {
            json!({ "format": format, "error": error.to_string() })
        }
    }
}

fn folder(rel: &str) -> Value {
    let root = fixtures().join(rel);
    let mut files: Vec<_> = walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let mut out = serde_json::Map::new();
    for f in files {
        let key = f.strip_prefix(&root).unwrap_or(&f).display().to_string();
        out.insert(key, summary(&f));
    }
    Value::Object(out)
}

#[test]
fn iperf3_fixtures() {
    insta::assert_json_snapshot!("iperf3", folder("iperf3"));
}

#[test]
fn netperf_fixtures() {
    insta::assert_json_snapshot!("netperf", folder("netperf"));
}

#[test]
fn sar_fixtures() {
    insta::assert_json_snapshot!("sar", folder("sar"));
}

#[test]
fn iperf2_fixtures_are_skipped_with_a_reason() {
    insta::assert_json_snapshot!("iperf2", folder("iperf2"));
}

#[test]
fn sample_acceptance_campaign_fixtures() {
    insta::assert_json_snapshot!("sample-acceptance", folder("campaigns/sample-acceptance"));
}

#[test]
fn retest_degraded_campaign_fixtures() {
    insta::assert_json_snapshot!("retest-degraded", folder("campaigns/retest-degraded"));
}
