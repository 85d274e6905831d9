//! Every netperf fixture, pinned to its row of `fixtures/MANIFEST.tsv` (figures typed from
//! the manifest).

use crate::model::{
    BitsPerSec, Bytes, Endpoint, LogFormat, Packets, ParsedLog, Protocol, Role, Run, RunStatus,
    Seconds, Severity, Tool,
};
use crate::parse::{Outcome, ParseContext, parse_bytes};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/netperf/");

pub(super) fn load_path(path: &str) -> ParsedLog {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    match parse_bytes(&bytes, &ParseContext::default()) {
        Outcome::Parsed(log) => {
            assert!(
                matches!(
                    log.format,
                    LogFormat::NetperfClassic | LogFormat::NetperfOmni | LogFormat::Netserver
                ),
                "{path}: {:?}",
                log.format
            );
            log
        }
        other => panic!("{path}: {other:?}"),
    }
}

pub(super) fn load(name: &str) -> ParsedLog {
    load_path(&format!("{DIR}{name}"))
}

pub(super) fn one_run(name: &str) -> Run {
    let log = load(name);
    assert_eq!(log.runs.len(), 1, "{name}: {:?}", log.runs);
    log.runs.into_iter().next().unwrap()
}

pub(super) fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

pub(super) fn bps(v: Option<BitsPerSec>) -> f64 {
    v.map_or(f64::NAN, |b| b.0)
}

fn secs(v: Option<Seconds>) -> f64 {
    v.map_or(f64::NAN, |s| s.0)
}

pub(super) fn common(r: &Run, test: &str, protocol: Protocol) {
    assert_eq!(r.tool, Tool::Netperf);
    assert_eq!(r.role, Role::Client);
    assert_eq!(r.tool_version, None);
    assert_eq!(r.test, test);
    assert_eq!(r.protocol, Some(protocol));
    assert_eq!(r.status, RunStatus::Complete, "{:?}", r.notes);
    assert_eq!(r.streams, 1);
    assert_eq!(r.flows.len(), 1);
    assert_eq!(r.flows[0].counters, r.counters);
}

/// The MANIFEST's UDP_STREAM figures: send line then receive line.
struct Udp {
    msg: u64,
    send_elapsed: f64,
    okay: u64,
    errors: u64,
    send_thr: f64,
    recv_elapsed: f64,
    recv_okay: u64,
    recv_thr: f64,
}

fn udp(name: &str, to: &str, u: Udp) -> Run {
    let r = one_run(name);
    common(&r, "UDP_STREAM", Protocol::Udp);
    let c = &r.counters;
    assert_eq!(r.message_size, Some(Bytes(u.msg)));
    assert_eq!(c.sent.packets, Some(Packets(u.okay)));
    assert_eq!(c.sent.bytes, Some(Bytes(u.okay * u.msg)));
    assert!(close(secs(c.sent.duration), u.send_elapsed));
    assert!(close(bps(c.sent.bps), u.send_thr * 1e6));
    assert_eq!(c.received.packets, Some(Packets(u.recv_okay)));
    assert_eq!(c.received.bytes, Some(Bytes(u.recv_okay * u.msg)));
    assert!(close(secs(c.received.duration), u.recv_elapsed));
    assert!(close(bps(c.received.bps), u.recv_thr * 1e6));
    assert_eq!(c.lost_packets, Some(Packets(u.okay - u.recv_okay)));
    assert_eq!(r.extra.get("send_errors"), Some(&(u.errors as f64)));
    assert_eq!(r.duration, Some(Seconds(u.send_elapsed)));
    assert_eq!(r.sender, Endpoint::default());
    assert_eq!(r.receiver, Endpoint::new(to, None));
    assert_eq!((r.source_line, r.end_line), (1, 7));
    r
}

#[test]
fn pps_campaign_a_instances() {
    let figures = [
        (
            "np_pps_m1_idc2vpc_inst1.log",
            5.00,
            124523,
            76816,
            24904.6,
            15363.2,
        ),
        (
            "np_pps_m1_idc2vpc_inst2.log",
            5.00,
            123857,
            75638,
            24771.4,
            15127.6,
        ),
        (
            "np_pps_m1_idc2vpc_inst3.log",
            5.00,
            124392,
            76323,
            24878.4,
            15264.6,
        ),
        (
            "np_pps_m1_idc2vpc_inst4.log",
            5.01,
            123695,
            77189,
            24689.6,
            15407.0,
        ),
    ];
    let (mut sent, mut recv) = (0, 0);
    for (name, el, okay, rokay, spps, rpps) in figures {
        let r = udp(
            name,
            "10.200.1.2",
            Udp {
                msg: 1,
                send_elapsed: el,
                okay,
                errors: 0,
                send_thr: 0.20,
                recv_elapsed: el,
                recv_okay: rokay,
                recv_thr: 0.12,
            },
        );
        let sp = r.sent_pps().map_or(0.0, |p| p.0);
        let rp = r.received_pps().map_or(0.0, |p| p.0);
        assert!((sp - spps).abs() < 0.05, "{name}: {sp}");
        assert!((rp - rpps).abs() < 0.05, "{name}: {rp}");
        sent += okay;
        recv += rokay;
    }
    assert_eq!((sent, recv), (496467, 305966));
}

#[test]
fn bps_campaign_c_instances() {
    let figures = [
        ("np_bps_m1400_idc2vpc_inst1.log", 10813, 24.22),
        ("np_bps_m1400_idc2vpc_inst2.log", 10907, 24.43),
        ("np_bps_m1400_idc2vpc_inst3.log", 10886, 24.38),
        ("np_bps_m1400_idc2vpc_inst4.log", 10893, 24.40),
    ];
    let mut sent = 0;
    for (name, okay, thr) in figures {
        let u = Udp {
            msg: 1400,
            send_elapsed: 5.0,
            okay,
            errors: 0,
            send_thr: thr,
            recv_elapsed: 5.0,
            recv_okay: okay,
            recv_thr: thr,
        };
        let r = udp(name, "10.200.1.2", u);
        assert_eq!(r.loss_percent(), Some(0.0));
        sent += okay;
    }
    assert_eq!(sent, 43499);
}

#[test]
fn udp_with_loss() {
    let d20 = Udp {
        msg: 1400,
        send_elapsed: 5.0,
        okay: 43196,
        errors: 0,
        send_thr: 96.76,
        recv_elapsed: 5.0,
        recv_okay: 42947,
        recv_thr: 96.20,
    };
    assert_eq!(
        udp("np_d20_udp_m1400.log", "10.200.1.2", d20)
            .counters
            .lost_packets,
        Some(Packets(249))
    );
    let l1 = Udp {
        msg: 1400,
        send_elapsed: 5.0,
        okay: 43439,
        errors: 0,
        send_thr: 97.30,
        recv_elapsed: 5.0,
        recv_okay: 43030,
        recv_thr: 96.39,
    };
    assert_eq!(
        udp("np_ll100_l1_udp_m1400.log", "10.200.1.2", l1)
            .counters
            .lost_packets,
        Some(Packets(409))
    );
    let lo = Udp {
        msg: 1400,
        send_elapsed: 3.0,
        okay: 275971,
        errors: 0,
        send_thr: 1030.19,
        recv_elapsed: 3.0,
        recv_okay: 166471,
        recv_thr: 621.43,
    };
    let r = udp("np_lo_udp_stream_m1400.log", "127.0.0.1", lo);
    assert_eq!(r.counters.lost_packets, Some(Packets(109500)));
    assert!((r.loss_percent().unwrap_or(0.0) - 39.68).abs() < 0.005);
}

/// TCP_STREAM / TCP_MAERTS: recv socket, send socket, message size, elapsed, throughput.
fn stream(name: &str, test: &str, elapsed: f64, thr_bps: f64) -> Run {
    let r = one_run(name);
    common(&r, test, Protocol::Tcp);
    assert_eq!(r.message_size, Some(Bytes(16384)));
    assert_eq!(r.duration, Some(Seconds(elapsed)));
    assert_eq!(r.counters.received.duration, Some(Seconds(elapsed)));
    assert!(
        close(bps(r.counters.received.bps), thr_bps),
        "{name}: {:?}",
        r.counters
    );
    assert_eq!(r.counters.received.bytes, None);
    assert_eq!(r.counters.sent.bytes, None);
    r
}

#[test]
fn tcp_streams() {
    let ns = "10.200.1.2";
    for (name, el, thr) in [
        ("np_d20_tcp_stream.log", 8.24, 86.14),
        ("np_ll100_l1_tcp_stream.log", 5.04, 94.23),
        ("np_ll100_tcp_stream.log", 5.08, 95.33),
    ] {
        let r = stream(name, "TCP_STREAM", el, thr * 1e6);
        assert_eq!(r.receiver, Endpoint::new(ns, None));
        assert_eq!(r.extra.get("remote_recv_socket_bytes"), Some(&131072.0));
        assert_eq!(r.extra.get("local_send_socket_bytes"), Some(&16384.0));
        assert!(r.notes.is_empty(), "{:?}", r.notes);
    }
    let r = stream(
        "np_lo_tcp_stream_default.log",
        "TCP_STREAM",
        5.01,
        6615.06e6,
    );
    assert_eq!(
        (r.sender.clone(), r.receiver.clone()),
        (Endpoint::default(), Endpoint::new("127.0.0.1", None))
    );
    stream("np_lo_tcp_stream_fk.log", "TCP_STREAM", 3.00, 9171093.71e3);
    stream(
        "np_lo_tcp_stream_fM.log",
        "TCP_STREAM",
        3.01,
        701.26 * 8.0 * 1048576.0,
    );
}

#[test]
fn tcp_maerts_flows_from_the_remote_host() {
    let r = stream("np_lo_tcp_maerts.log", "TCP_MAERTS", 3.00, 7119.78e6);
    assert_eq!(r.sender, Endpoint::new("127.0.0.1", None));
    assert_eq!(r.receiver, Endpoint::default());
    assert_eq!(r.extra.get("local_recv_socket_bytes"), Some(&131072.0));
}

#[test]
fn tcp_stream_without_banner_or_header() {
    let log = load("np_lo_tcp_stream_P0.log");
    let r = stream("np_lo_tcp_stream_P0.log", "TCP_STREAM", 3.00, 5296.28e6);
    assert_eq!(r.receiver, Endpoint::default());
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("10^6bits/sec was assumed")),
        "{:?}",
        r.notes
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("TCP_STREAM was inferred")),
        "{:?}",
        r.notes
    );
    assert!(
        log.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning && d.message.contains("assumed"))
    );
}

#[test]
fn confidence_warning_is_kept() {
    let r = stream(
        "np_lo_tcp_stream_confidence.log",
        "TCP_STREAM",
        2.00,
        8227.00e6,
    );
    let note = r
        .notes
        .iter()
        .find(|n| n.contains("Desired confidence was not achieved"));
    assert!(
        note.is_some_and(|n| n.contains("137.317%")),
        "{:?}",
        r.notes
    );
    assert_eq!(
        r.extra.get("throughput_confidence_interval_percent"),
        Some(&137.317)
    );
    assert_eq!(r.extra.get("confidence_level_percent"), Some(&99.0));
    assert_eq!(r.extra.get("confidence_interval_width_percent"), Some(&5.0));
    assert_eq!(r.end_line, 15);
}

#[test]
fn interim_results_become_intervals() {
    let r = stream(
        "np_lo_tcp_stream_interim_D1.log",
        "TCP_STREAM",
        5.00,
        7523.04e6,
    );
    assert_eq!(r.intervals.len(), 4);
    let start = chrono::DateTime::from_timestamp(1795889384, 591_000_000);
    assert_eq!(r.started_at, start);
    let i0 = &r.intervals[0];
    assert_eq!(i0.line, 2);
    assert!(close(bps(i0.bps), 7783.38e6));
    assert!(i0.start.0.abs() < 1e-9 && close(i0.end.0, 2.394));
    assert_eq!(
        i0.timestamp,
        chrono::DateTime::from_timestamp(1795889386, 985_000_000)
    );
    let i3 = &r.intervals[3];
    assert!(close(i3.end.0, 5.0) && close(i3.start.0, 4.493), "{i3:?}");
    assert!(close(bps(i3.bps), 7400.18e6));
}

fn rr(name: &str, elapsed: f64, rate: f64) -> Run {
    let r = one_run(name);
    common(&r, "TCP_RR", Protocol::Tcp);
    assert_eq!(r.duration, Some(Seconds(elapsed)));
    assert_eq!(r.transactions_per_s, Some(rate));
    for (k, v) in [
        ("request_size_bytes", 1.0),
        ("response_size_bytes", 1.0),
        ("local_send_socket_bytes", 16384.0),
        ("local_recv_socket_bytes", 131072.0),
        ("remote_send_socket_bytes", 16384.0),
        ("remote_recv_socket_bytes", 131072.0),
    ] {
        assert_eq!(r.extra.get(k), Some(&v), "{name} {k}");
    }
    r
}

#[test]
fn request_response() {
    assert_eq!(rr("np_d20_tcp_rr.log", 5.01, 39.93).end_line, 8);
    assert_eq!(
        rr("np_ll100_tcp_rr.log", 5.00, 41770.79)
            .extra
            .get("first_burst"),
        Some(&0.0)
    );
    rr("np_lo_tcp_rr.log", 5.00, 40176.00);
    let r = rr("np_lo_tcp_rr_P0.log", 3.00, 42335.98);
    assert!(
        r.notes.iter().any(|n| n.contains("inferred")),
        "{:?}",
        r.notes
    );
    assert_eq!((r.source_line, r.end_line), (1, 2));
}

/// Each fixture file is named in a test here or in `tests_omni_fixtures.rs`.
#[test]
fn every_fixture_is_pinned() {
    let me = [
        include_str!("tests_fixtures.rs"),
        include_str!("tests_omni_fixtures.rs"),
    ]
    .concat();
    for e in std::fs::read_dir(DIR).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        assert!(me.contains(&format!("\"{name}\"")), "{name} has no test");
    }
}
