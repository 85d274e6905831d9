//! Client text fixtures against their `fixtures/MANIFEST.tsv` rows.

use super::test_support::*;
use crate::model::{Endpoint, Packets, Protocol, Role, RunStatus};
use crate::parse::ParseContext;

/// Printed summary figures: interval length, transfer in bytes, rate in bit/s.
type Side = (f64, f64, f64);

struct Case {
    file: &'static str,
    sender: Side,
    receiver: Side,
    /// TCP Retr of the sender line.
    retr: Option<u64>,
    /// UDP: sender N of `0/N`, receiver Lost, receiver Total, receiver jitter.
    udp: Option<(u64, u64, u64, f64)>,
    intervals: usize,
}

const fn tcp(
    file: &'static str,
    sender: Side,
    receiver: Side,
    retr: u64,
    intervals: usize,
) -> Case {
    Case {
        file,
        sender,
        receiver,
        retr: Some(retr),
        udp: None,
        intervals,
    }
}

const fn udp(
    file: &'static str,
    sender: Side,
    receiver: Side,
    u: (u64, u64, u64, f64),
    intervals: usize,
) -> Case {
    Case {
        file,
        sender,
        receiver,
        retr: None,
        udp: Some(u),
        intervals,
    }
}

/// Read by hand from the MANIFEST's expected_figures column.
fn cases() -> Vec<Case> {
    vec![
        tcp(
            "i3_lo_tcp_A_affinity_client.log",
            (3.0, 53.8 * MI, 150e6),
            (3.0, 53.8 * MI, 150e6),
            0,
            3,
        ),
        tcp(
            "i3_lo_tcp_O1_omit_client.log",
            (3.0, 35.8 * MI, 100e6),
            (3.0, 35.8 * MI, 99.9e6),
            0,
            4,
        ),
        tcp(
            "i3_lo_tcp_b100q_bad_suffix_client.log",
            (3.0, 128.0 * KI, 350e3),
            (3.0, 128.0 * KI, 349e3),
            0,
            3,
        ),
        tcp(
            "i3_lo_tcp_b200m_client.log",
            (5.0, 119.0 * MI, 200e6),
            (5.0, 119.0 * MI, 200e6),
            0,
            5,
        ),
        tcp(
            "i3_lo_tcp_fg_client.log",
            (3.0, 71.6 * MI, 0.20e9),
            (3.0, 71.6 * MI, 0.20e9),
            0,
            3,
        ),
        tcp(
            "i3_lo_tcp_i05_client.log",
            (2.0, 23.9 * MI, 100e6),
            (2.0, 23.9 * MI, 100e6),
            0,
            4,
        ),
        tcp(
            "i3_lo_tcp_n_bytes_client.log",
            (1.67, 20.0 * MI, 101e6),
            (1.67, 19.9 * MI, 99.9e6),
            0,
            2,
        ),
        udp(
            "i3_lo_udp_A_affinity_V_client.log",
            (3.0, 35.8 * MI, 100e6),
            (3.0, 35.8 * MI, 100e6),
            (26779, 0, 26779, 0.006),
            3,
        ),
        udp(
            "i3_lo_udp_l16_b100m_client.log",
            (3.0, 3.43 * MI, 9.60e6),
            (3.0, 2.63 * MI, 7.35e6),
            (225027, 52833, 225027, 0.068),
            3,
        ),
        tcp(
            "i3_ns_d20_tcp_client.log",
            (8.0, 92.4 * MI, 96.9e6),
            (8.02, 89.4 * MI, 93.5e6),
            323,
            8,
        ),
        tcp(
            "i3_ns_l1_tcp_client.log",
            (5.0, 57.4 * MI, 96.2e6),
            (5.01, 56.5 * MI, 94.5e6),
            416,
            5,
        ),
        udp(
            "i3_ns_l1_udp_l1400_b50m_client.log",
            (5.0, 29.8 * MI, 50.0e6),
            (5.0, 29.5 * MI, 49.5e6),
            (22318, 208, 22318, 0.010),
            5,
        ),
        tcp(
            "i3_ns_tcp_P4_client.log",
            (5.0, 60.8 * MI, 102e6),
            (5.02, 57.0 * MI, 95.2e6),
            0,
            25,
        ),
        tcp(
            "i3_ns_tcp_V_client.log",
            (3.0, 35.0 * MI, 97.8e6),
            (3.01, 33.8 * MI, 94.3e6),
            0,
            3,
        ),
        tcp(
            "i3_ns_tcp_aborted_sigint_client.log",
            (3.49, 40.9 * MI, 98.2e6),
            (3.49, 0.0, 0.0),
            0,
            4,
        ),
        tcp(
            "i3_ns_tcp_fM_client.log",
            (3.0, 35.2 * MI, 11.7 * MI * 8.0),
            (3.01, 34.2 * MI, 11.4 * MI * 8.0),
            0,
            3,
        ),
        tcp(
            "i3_ns_tcp_get_server_output_client.log",
            (3.0, 35.4 * MI, 99.0e6),
            (3.01, 34.3 * MI, 95.7e6),
            0,
            3,
        ),
        tcp(
            "i3_ns_tcp_i1_client.log",
            (5.0, 57.9 * MI, 97.1e6),
            (5.01, 57.1 * MI, 95.6e6),
            0,
            5,
        ),
        udp(
            "i3_ns_udp_l1400_b100m_client.log",
            (5.0, 57.8 * MI, 97.0e6),
            (5.01, 57.8 * MI, 96.8e6),
            (43285, 0, 43258, 0.015),
            5,
        ),
        udp(
            "i3_ns_udp_l1400_b30m_client_while_busy_test.log",
            (4.0, 14.3 * MI, 30.0e6),
            (4.0, 14.3 * MI, 30.0e6),
            (10712, 0, 10712, 0.027),
            4,
        ),
        udp(
            "i3_ns_udp_l1400_b40m_after_abort_client.log",
            (3.0, 14.3 * MI, 40.0e6),
            (3.0, 14.3 * MI, 40.0e6),
            (10712, 0, 10712, 0.017),
            3,
        ),
        udp(
            "i3_ns_udp_l1400_logfile_client.log",
            (5.0, 47.7 * MI, 80.0e6),
            (5.0, 47.7 * MI, 80.0e6),
            (35708, 0, 35708, 0.010),
            5,
        ),
        udp(
            "i3_ns_udp_l16_b100m_client.log",
            (5.0, 5.11 * MI, 8.58e6),
            (5.0, 4.08 * MI, 6.85e6),
            (335185, 67564, 335167, 0.005),
            5,
        ),
        udp(
            "i3_ns_udp_l16_b20m_to_oneoff_client.log",
            (4.0, 4.28 * MI, 8.98e6),
            (4.0, 3.40 * MI, 7.12e6),
            (280547, 57980, 280547, 0.0),
            4,
        ),
    ]
}

#[test]
fn client_fixtures_match_the_manifest() {
    for c in cases() {
        let log = parse_fixture(&format!("iperf3/{}", c.file));
        let r = only_run(&log);
        let k = &r.counters;
        let ctx = c.file;
        assert_eq!(
            (r.role, r.tool),
            (Role::Client, crate::model::Tool::Iperf3),
            "{ctx}"
        );
        check_transfer(&k.sent, c.sender.0, c.sender.1, c.sender.2);
        check_transfer(&k.received, c.receiver.0, c.receiver.1, c.receiver.2);
        assert_eq!(r.duration.map(|d| d.0), Some(c.sender.0), "{ctx}");
        assert_eq!(k.retransmits, c.retr, "{ctx}");
        assert_eq!(r.intervals.len(), c.intervals, "{ctx}");
        match c.udp {
            Some((sent, lost, total, jitter)) => {
                assert_eq!(
                    (r.test.as_str(), r.protocol),
                    ("UDP", Some(Protocol::Udp)),
                    "{ctx}"
                );
                assert_eq!(k.sent.packets, Some(Packets(sent)), "{ctx}");
                assert_eq!(k.received.packets, Some(Packets(total - lost)), "{ctx}");
                assert_eq!(k.lost_packets, Some(Packets(lost)), "{ctx}");
                assert_eq!(k.jitter_ms, Some(jitter), "{ctx}");
            }
            None => {
                assert_eq!(
                    (r.test.as_str(), r.protocol),
                    ("TCP", Some(Protocol::Tcp)),
                    "{ctx}"
                );
                assert_eq!((k.sent.packets, k.lost_packets), (None, None), "{ctx}");
            }
        }
        let expected = if c.file.contains("aborted") {
            RunStatus::Aborted
        } else {
            RunStatus::Complete
        };
        assert_eq!(r.status, expected, "{ctx}");
        assert!(
            r.sender.addr.is_some() && r.receiver.port.is_some(),
            "{ctx}"
        );
    }
}

#[test]
fn errors_are_runs_with_their_message() {
    for (file, msg) in [
        (
            "i3_lo_error_refused.log",
            "unable to connect to server: Connection refused",
        ),
        (
            "i3_ns_error_refused.log",
            "unable to connect to server: Connection refused",
        ),
        (
            "i3_ns_error_server_busy.log",
            "the server is busy running a test. try again later",
        ),
    ] {
        let log = parse_fixture(&format!("iperf3/{file}"));
        let r = only_run(&log);
        assert_eq!(
            (r.status, r.role, r.source_line),
            (RunStatus::Error, Role::Client, 1),
            "{file}"
        );
        assert_eq!(r.error.as_deref(), Some(msg));
    }
}

#[test]
fn endpoints_streams_and_intervals() {
    let log = parse_fixture("iperf3/i3_ns_tcp_P4_client.log");
    let r = only_run(&log);
    let ids: Vec<_> = r.flows.iter().map(|f| f.stream_id).collect();
    assert_eq!(ids, vec![Some(5), Some(7), Some(9), Some(12)]);
    assert_eq!(r.streams, 4);
    assert_eq!(
        r.sender,
        Endpoint {
            addr: Some("10.200.1.1".into()),
            port: None
        }
    );
    assert_eq!(r.receiver, Endpoint::new("10.200.1.2", Some(5201)));
    let f = &r.flows[0];
    assert_eq!(f.local, Endpoint::new("10.200.1.1", Some(40642)));
    check_transfer(&f.counters.sent, 5.0, 16.4 * MI, 27.6e6);
    check_transfer(&f.counters.received, 5.02, 15.6 * MI, 26.1e6);
    let sums: Vec<_> = r
        .intervals
        .iter()
        .filter(|i| i.stream_id.is_none())
        .collect();
    assert_eq!(sums.len(), 5);
    assert_eq!((sums[0].line, sums[0].retransmits), (11, Some(0)));
    assert_eq!(sums[0].bytes, bytes(15.0 * MI));
    let udp = parse_fixture("iperf3/i3_ns_udp_l16_b100m_client.log");
    let i = &only_run(&udp).intervals[0];
    assert_eq!(
        (i.line, i.packets, i.bytes),
        (4, Some(Packets(62197)), bytes(972.0 * KI))
    );
}

#[test]
fn verbose_preamble() {
    let log = parse_fixture("iperf3/i3_lo_udp_A_affinity_V_client.log");
    let r = only_run(&log);
    assert_eq!(log.tool_version.as_deref(), Some("3.12"));
    assert_eq!(r.tool_version.as_deref(), Some("3.12"));
    assert_eq!(r.host.as_deref(), Some("vm"));
    assert_eq!(
        r.started_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-11-28T18:18:50+00:00")
    );
    assert_eq!(r.offered_bps.map(|b| b.0), Some(100e6));
    assert_eq!(r.message_size.map(|b| b.0), Some(1400));
    assert_eq!(r.source_line, 1);
    let e = |k: &str| r.extra.get(k).copied();
    assert_eq!(
        (
            e("cpu_host_total"),
            e("cpu_host_user"),
            e("cpu_host_system")
        ),
        (Some(10.7), Some(1.1), Some(9.6))
    );
    assert_eq!(
        (
            e("cpu_remote_total"),
            e("cpu_remote_user"),
            e("cpu_remote_system")
        ),
        (Some(6.9), Some(0.7), Some(6.2))
    );
    let sys = log.system.unwrap_or_default();
    assert_eq!(
        (sys.host.as_deref(), sys.arch.as_deref()),
        (Some("vm"), Some("x86_64"))
    );
    let tcp = parse_fixture("iperf3/i3_ns_tcp_V_client.log");
    let r = only_run(&tcp);
    assert_eq!(
        r.started_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-11-28T18:16:13+00:00")
    );
    assert_eq!((r.message_size, r.offered_bps), (None, None));
    assert_eq!(r.extra.get("cpu_remote_total"), Some(&3.1));
}

#[test]
fn omitted_intervals_are_kept_and_marked() {
    let log = parse_fixture("iperf3/i3_lo_tcp_O1_omit_client.log");
    let r = only_run(&log);
    let omitted: Vec<_> = r.intervals.iter().map(|i| i.omitted).collect();
    assert_eq!(omitted, vec![true, false, false, false]);
}

#[test]
fn aborted_client_takes_the_early_interrupt_message() {
    let log = parse_fixture("iperf3/i3_ns_tcp_aborted_sigint_client.log");
    let r = only_run(&log);
    assert_eq!(
        r.error.as_deref(),
        Some("interrupt - the client has terminated")
    );
    assert_eq!((r.source_line, r.end_line), (2, 12));
    assert_eq!(
        r.intervals.last().map(|i| (i.start.0, i.end.0)),
        Some((3.0, 3.49))
    );
}

#[test]
fn bidir_client_gives_two_runs() {
    let log = parse_fixture("iperf3/i3_ns_tcp_bidir_client.log");
    assert_eq!(log.runs.len(), 2);
    let (tx, rx) = (&log.runs[0], &log.runs[1]);
    check_transfer(&tx.counters.sent, 5.0, 56.3 * MI, 94.5e6);
    check_transfer(&tx.counters.received, 5.01, 55.1 * MI, 92.3e6);
    check_transfer(&rx.counters.sent, 5.0, 52.9 * MI, 88.7e6);
    check_transfer(&rx.counters.received, 5.01, 51.8 * MI, 86.7e6);
    assert_eq!(tx.sender, Endpoint::new("10.200.1.1", Some(37480)));
    assert_eq!(rx.sender, Endpoint::new("10.200.1.2", Some(5201)));
    assert_eq!(rx.receiver, Endpoint::new("10.200.1.1", Some(37482)));
    assert_eq!(
        (
            tx.intervals.len(),
            rx.intervals.len(),
            tx.streams,
            rx.streams
        ),
        (5, 5, 1, 1)
    );
    assert!(rx.intervals.iter().all(|i| i.stream_id == Some(7)));
}

#[test]
fn server_output_block_is_part_of_the_client_run() {
    let text = fixture("iperf3/i3_ns_tcp_get_server_output_client.log");
    let log = parse_str(&text, &ParseContext::default());
    assert_eq!(only_run(&log).end_line, 25);
    assert!(log.diagnostics.is_empty(), "{:?}", log.diagnostics);
    // Without the client's own receiver line, the server's is used.
    let cut = text.replace(
        "[  5]   0.00-3.01   sec  34.3 MBytes  95.7 Mbits/sec                  receiver\n\nServer",
        "\nServer",
    );
    let log = parse_str(&cut, &ParseContext::default());
    let r = only_run(&log);
    check_transfer(&r.counters.received, 3.01, 34.3 * MI, 95.7e6);
    assert!(
        r.notes.iter().any(|n| n.contains("Server output")),
        "{:?}",
        r.notes
    );
}
