//! The omni, error and netserver fixtures, pinned to their rows of `fixtures/MANIFEST.tsv`.

use super::tests_fixtures::{bps, close, common, load, one_run};
use crate::model::{
    Bytes, Endpoint, LogFormat, Packets, Protocol, Run, RunStatus, Seconds, Severity,
};

/// Omni figures: THROUGHPUT, ELAPSED_TIME, LOCAL_SEND_CALLS, REMOTE_RECV_CALLS.
fn omni_udp(name: &str, thr: f64, elapsed: f64, sent: u64, recv: u64) -> Run {
    let r = one_run(name);
    common(&r, "UDP_STREAM", Protocol::Udp);
    let c = &r.counters;
    assert_eq!(
        (c.sent.packets, c.received.packets),
        (Some(Packets(sent)), Some(Packets(recv)))
    );
    assert_eq!(c.lost_packets, Some(Packets(sent - recv)));
    assert_eq!(r.duration, Some(Seconds(elapsed)));
    assert_eq!(c.received.duration, Some(Seconds(elapsed)));
    assert!(close(bps(c.received.bps), thr * 1e6));
    r
}

#[test]
fn omni_csv_and_keyval() {
    let r = omni_udp("np_ll100_omni_udp_m1_csv.log", 0.63, 5.00, 504530, 390792);
    assert_eq!(r.message_size, Some(Bytes(1)));
    assert!(close(bps(r.counters.sent.bps), 0.81e6));
    assert_eq!(r.counters.received.bytes, Some(Bytes(390792)));
    assert_eq!(r.receiver, Endpoint::new("10.200.1.2", None));
    let r = omni_udp(
        "np_ll100_omni_udp_m1_keyval.log",
        0.53,
        5.00,
        405967,
        330874,
    );
    assert!(close(bps(r.counters.sent.bps), 0.65e6));
    assert_eq!(r.extra.get("remote_recv_size"), Some(&212992.0));
    let log = load("np_lo_udp_stream_m1_P0_keyval.log");
    let r = omni_udp(
        "np_lo_udp_stream_m1_P0_keyval.log",
        0.65,
        3.00,
        344069,
        243052,
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("UDP_STREAM was inferred"))
    );
    assert!(
        log.diagnostics
            .iter()
            .any(|d| d.message.contains("UDP_STREAM was assumed"))
    );
    assert_eq!((r.source_line, r.end_line), (1, 5));
}

#[test]
fn omni_human_columns() {
    let r = one_run("np_ll100_omni_tcp_human_O.log");
    assert_eq!(
        (r.test.as_str(), r.protocol, r.status),
        ("OMNI", Some(Protocol::Tcp), RunStatus::Complete)
    );
    assert_eq!(r.duration, Some(Seconds(5.10)));
    assert!(close(bps(r.counters.received.bps), 94.35e6));
    assert!(close(bps(r.counters.sent.bps), 94.34e6));
    assert_eq!(r.counters.sent.packets, None);
    assert_eq!(r.counters.sent.bytes, Some(Bytes(60096512)));
    assert_eq!(r.counters.received.bytes, Some(Bytes(60100152)));
    assert_eq!(r.extra.get("local_send_calls"), Some(&3668.0));
    assert_eq!(r.extra.get("remote_recv_calls"), Some(&1423.0));
    assert_eq!(r.extra.get("throughput_bps"), Some(&94.35e6));
    assert_eq!(r.message_size, Some(Bytes(16384)));
    assert_eq!(r.receiver, Endpoint::new("10.200.1.2", None));
    assert_eq!((r.source_line, r.end_line), (1, 6));
}

#[test]
fn client_errors_are_error_runs() {
    for (name, host, port) in [
        ("np_error_refused_ns.log", "10.200.1.2", 12870),
        ("np_lo_error_refused.log", "127.0.0.1", 12999),
    ] {
        let r = one_run(name);
        assert_eq!(r.status, RunStatus::Error);
        assert_eq!(r.receiver, Endpoint::new(host, Some(port)));
        let e = r.error.unwrap_or_default();
        assert!(
            e.starts_with("establish control: are you sure there is a netserver listening on"),
            "{e}"
        );
        assert_eq!((r.source_line, r.end_line), (1, 2));
        assert_eq!(r.streams, 0);
    }
    let r = one_run("np_lo_error_bad_test.log");
    assert_eq!(
        (r.test.as_str(), r.status),
        ("TCP_STREEM", RunStatus::Error)
    );
    assert!(
        r.error
            .is_some_and(|e| e.contains("is unknown to this netperf"))
    );
    assert_eq!(r.end_line, 3);
}

#[test]
fn netserver_logs_have_no_runs() {
    for name in [
        "netserver_idc_p12865.log",
        "netserver_idc_p12866.log",
        "netserver_idc_p12867.log",
        "netserver_idc_p12868.log",
        "netserver_loopback_p12865.log",
        "netserver_vpc_p12865.log",
        "netserver_vpc_p12867.log",
        "netserver_vpc_p12868.log",
    ] {
        let log = load(name);
        assert_eq!(log.format, LogFormat::Netserver);
        assert!(log.runs.is_empty() && log.diagnostics.is_empty(), "{name}");
    }
    let log = load("netserver_error_port_in_use.log");
    assert_eq!(log.format, LogFormat::Netserver);
    assert!(log.runs.is_empty());
    assert_eq!(log.diagnostics.len(), 1);
    assert_eq!(log.diagnostics[0].severity, Severity::Warning);
    assert_eq!(
        log.diagnostics[0].message,
        "Unable to start netserver with  '127.0.0.1' port '12880' and family AF_INET"
    );
}
