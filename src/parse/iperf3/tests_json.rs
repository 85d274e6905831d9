//! `-J` fixtures against their MANIFEST rows (JSON floats there are shown to 6 significant
//! digits), the concatenated server objects, and JSON errors.

use super::test_support::*;
use crate::model::{Bytes, Endpoint, Packets, Role, RunStatus};
use crate::parse::ParseContext;

/// `a` equals `b` to 6 significant digits.
fn sig6(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| ((a - b) / b).abs() < 5e-6)
}

#[test]
fn tcp_client() {
    let log = parse_fixture("iperf3/i3_ns_tcp_J_client.json");
    let r = only_run(&log);
    let k = &r.counters;
    assert_eq!(
        (r.role, r.test.as_str(), r.status),
        (Role::Client, "TCP", RunStatus::Complete)
    );
    assert!(sig6(k.sent.bps.map(|b| b.0), 9.80979e7));
    assert_eq!(k.retransmits, Some(0));
    assert!(sig6(k.received.bps.map(|b| b.0), 9.55885e7));
    assert_eq!(k.received.bytes, Some(Bytes(35991488)));
    assert_eq!(r.streams, 1);
    assert_eq!(
        r.intervals.iter().filter(|i| i.stream_id.is_some()).count(),
        3
    );
    assert_eq!(r.started_at.map(|t| t.timestamp()), Some(1795889815));
    let first_end = r
        .intervals
        .first()
        .and_then(|i| i.timestamp)
        .map(|t| t.timestamp_micros());
    assert_eq!(first_end, Some(1_795_889_815 * 1_000_000 + 1_000_232));
    assert_eq!(
        (r.host.as_deref(), r.tool_version.as_deref()),
        (Some("vm"), Some("3.12"))
    );
    assert_eq!(r.sender, Endpoint::new("10.200.1.1", Some(33238)));
    assert_eq!(r.receiver, Endpoint::new("10.200.1.2", Some(5202)));
    assert!(r.extra.contains_key("cpu_host_total") && r.extra.contains_key("cpu_remote_total"));
    assert_eq!((r.source_line, r.end_line), (1, 176));
}

#[test]
fn udp_client() {
    let log = parse_fixture("iperf3/i3_ns_udp_l16_b100m_J_client.json");
    let r = only_run(&log);
    let k = &r.counters;
    assert_eq!(k.lost_packets, Some(Packets(27715)));
    assert_eq!(k.received.packets, Some(Packets(173170 - 27715)));
    assert!(sig6(k.jitter_ms, 0.015828));
    assert!(sig6(k.received.bps.map(|b| b.0), 6.20569e6));
    assert_eq!(k.sent.packets, Some(Packets(173170)));
    assert_eq!(
        (r.message_size, r.offered_bps.map(|b| b.0)),
        (Some(Bytes(16)), Some(1e8))
    );
    assert_eq!(
        r.intervals.iter().filter(|i| i.stream_id.is_some()).count(),
        3
    );
}

#[test]
fn udp_bidir_gives_two_runs() {
    let log = parse_fixture("iperf3/i3_lo_udp_J_bidir.json");
    assert_eq!(log.runs.len(), 2);
    let (fwd, rev) = (&log.runs[0], &log.runs[1]);
    assert_eq!((fwd.streams, rev.streams), (1, 1));
    assert_eq!(fwd.counters.lost_packets, Some(Packets(0)));
    assert_eq!(fwd.counters.received.packets, Some(Packets(13389)));
    assert!(sig6(fwd.counters.jitter_ms, 0.00551949));
    assert!(sig6(fwd.counters.received.bps.map(|b| b.0), 4.99814e7));
    assert_eq!(fwd.counters.sent.packets, Some(Packets(13389)));
    assert_eq!(rev.counters.lost_packets, Some(Packets(0)));
    assert_eq!(rev.counters.received.packets, Some(Packets(13390)));
    assert!(sig6(rev.counters.received.bps.map(|b| b.0), 4.99852e7));
    assert_eq!(fwd.sender, Endpoint::new("127.0.0.1", Some(40325)));
    assert_eq!(rev.receiver, Endpoint::new("127.0.0.1", Some(41773)));
    let per_run =
        |r: &crate::model::Run| r.intervals.iter().filter(|i| i.stream_id.is_some()).count();
    assert_eq!((per_run(fwd), per_run(rev)), (3, 3));
    assert!(
        rev.intervals
            .iter()
            .all(|i| i.stream_id.is_none() || i.stream_id == Some(7))
    );
}

#[test]
fn error_object_is_an_error_run() {
    let log = parse_fixture("iperf3/i3_ns_error_refused_J.json");
    let r = only_run(&log);
    assert_eq!((r.status, r.role), (RunStatus::Error, Role::Client));
    assert_eq!(
        r.error.as_deref(),
        Some("unable to connect to server: Connection refused")
    );
}

#[test]
fn server_stream_of_objects() {
    let log = parse_fixture("iperf3/i3s_vpc_p5202_server_json.log");
    assert_eq!(log.runs.len(), 3, "the final interrupt object is not a run");
    let lines: Vec<_> = log.runs.iter().map(|r| r.source_line).collect();
    assert_eq!(lines, vec![1, 168, 382]);
    assert!(
        log.runs
            .iter()
            .all(|r| r.role == Role::Server && r.status == RunStatus::Complete)
    );
    let tcp = &log.runs[0];
    assert_eq!(
        (
            tcp.test.as_str(),
            tcp.counters.sent.bytes,
            tcp.counters.retransmits
        ),
        ("TCP", None, None)
    );
    assert!(sig6(tcp.counters.received.bps.map(|b| b.0), 9.55885e7));
    assert_eq!(tcp.counters.received.bytes, Some(Bytes(35991488)));
    let udp = &log.runs[1];
    assert_eq!(udp.counters.lost_packets, Some(Packets(27715)));
    assert_eq!(udp.counters.received.packets, Some(Packets(173170 - 27715)));
    assert!(sig6(udp.counters.jitter_ms, 0.015828));
    assert!(sig6(udp.counters.received.bps.map(|b| b.0), 6.20569e6));
    assert_eq!(
        udp.counters.sent.packets, None,
        "sum_sent.packets = 0 on the receiving server"
    );
    let p4 = &log.runs[2];
    assert_eq!(
        (p4.streams, p4.counters.lost_packets),
        (4, Some(Packets(0)))
    );
    assert_eq!(p4.counters.received.packets, Some(Packets(21424)));
    assert!(sig6(p4.counters.jitter_ms, 0.31932));
    assert!(sig6(p4.counters.received.bps.map(|b| b.0), 7.99728e7));
    assert_eq!(p4.receiver, Endpoint::new("10.200.1.2", Some(5202)));
    assert_eq!(
        p4.flows
            .iter()
            .map(|f| f.stream_id.unwrap_or(0))
            .collect::<Vec<_>>(),
        vec![5, 6, 9, 12]
    );
}

#[test]
fn invalid_json_names_line_and_column() {
    let text = "{\n\t\"start\":\t{\n\t\t\"connected\":\t[}\n}";
    let e = super::parse_json(text, &ParseContext::default()).err();
    assert_eq!(e.as_ref().map(|e| (e.line, e.column)), Some((3, 17)));
    assert!(e.is_some_and(|e| e.message.starts_with("expected iperf3 JSON")));
    let e = super::parse_json("[1, 2]", &ParseContext::default()).err();
    assert!(e.is_some_and(|e| e.message.contains("object")));
}

#[test]
fn cut_server_stream_keeps_the_complete_objects() {
    let text = fixture("iperf3/i3s_vpc_p5202_server_json.log");
    let cut: String = text.lines().take(300).map(|l| format!("{l}\n")).collect();
    let log = super::parse_json(&cut, &ParseContext::default());
    let log = log.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(log.runs.len(), 1);
    assert_eq!(log.diagnostics.first().map(|d| d.line), Some(168));
}

#[test]
fn interrupted_client_object_is_aborted_with_its_intervals() {
    let text = fixture("iperf3/i3_ns_tcp_J_client.json");
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    v["end"] = serde_json::json!({});
    v["error"] = "interrupt - the client has terminated".into();
    let log = super::parse_json(&v.to_string(), &ParseContext::default());
    let log = log.unwrap_or_else(|e| panic!("{e}"));
    let r = only_run(&log);
    assert_eq!(r.status, RunStatus::Aborted);
    assert_eq!(
        r.error.as_deref(),
        Some("interrupt - the client has terminated")
    );
    assert_eq!(r.intervals.len(), 6);
    assert_eq!(r.counters.received.bytes, None);
    // Without an error, a missing `end` is a cut run.
    v["error"] = serde_json::Value::Null;
    let log = super::parse_json(&v.to_string(), &ParseContext::default());
    let log = log.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(only_run(&log).status, RunStatus::Aborted);
    assert_eq!(log.diagnostics.len(), 1);
}
