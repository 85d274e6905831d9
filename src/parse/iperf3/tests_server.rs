//! Server text logs: sessions framed by banners, the side the server printed, stderr
//! messages that arrive before the buffered sessions.

use super::test_support::*;
use crate::model::{Endpoint, Packets, Role, RunStatus};
use crate::parse::ParseContext;

/// One expected run of the multi-session log: whether the server sent, the printed
/// interval length and rate of its summary line, and Lost/Total for UDP.
type Expect = (bool, f64, f64, Option<(u64, u64)>);

/// From the MANIFEST row of `i3s_vpc_p5201_server_multi_session.log`: sessions #1 to #20
/// (#4 is `--bidir`: its [RX-S] receiver then its [TX-S] sender); the banner of #21 is for
/// a test that never came.
fn multi_session() -> Vec<Expect> {
    vec![
        (false, 5.01, 95.6e6, None),
        (false, 5.02, 95.2e6, None),
        (true, 5.00, 97.3e6, None),
        (false, 5.01, 92.3e6, None),
        (true, 5.01, 88.5e6, None),
        (false, 3.01, 94.3e6, None),
        (false, 3.01, 95.4e6, None),
        (false, 3.01, 95.2e6, None),
        (false, 3.01, 95.6e6, None),
        (false, 3.01, 95.7e6, None),
        (false, 5.00, 6.85e6, Some((67564, 335167))),
        (false, 5.01, 96.8e6, Some((0, 43258))),
        (true, 5.00, 50.0e6, Some((0, 22323))),
        (false, 5.02, 94.5e6, Some((0, 42370))),
        (false, 5.00, 80.0e6, Some((0, 35708))),
        (false, 5.00, 49.5e6, Some((208, 22318))),
        (false, 5.01, 94.5e6, None),
        (false, 5.00, 7.23e6, Some((76064, 358615))),
        (false, 8.02, 93.5e6, None),
        (false, 5.03, 49.5e6, Some((105, 22317))),
        (false, 4.00, 30.0e6, Some((0, 10712))),
    ]
}

#[test]
fn multi_session_log_gives_one_run_per_session_and_direction() {
    let log = parse_fixture("iperf3/i3s_vpc_p5201_server_multi_session.log");
    let expected = multi_session();
    assert_eq!(log.runs.len(), expected.len());
    assert!(log.diagnostics.is_empty(), "{:?}", log.diagnostics);
    for (i, (r, (sends, dur, bps, loss))) in log.runs.iter().zip(expected).enumerate() {
        let k = &r.counters;
        assert_eq!(
            (r.role, r.status),
            (Role::Server, RunStatus::Complete),
            "run {i}"
        );
        let (own, other) = if sends {
            (&k.sent, &k.received)
        } else {
            (&k.received, &k.sent)
        };
        assert_eq!(own.duration.map(|d| d.0), Some(dur), "run {i}");
        assert!(
            close(own.bps.map(|b| b.0), bps, 1e-3),
            "run {i}: {:?}",
            own.bps
        );
        assert_eq!(
            (other.bytes, other.bps),
            (None, None),
            "run {i}: the far side is not printed"
        );
        assert_eq!(r.duration.map(|d| d.0), Some(dur), "run {i}");
        match loss {
            Some((_, total)) if sends => {
                assert_eq!(
                    (r.test.as_str(), k.sent.packets),
                    ("UDP", Some(Packets(total))),
                    "run {i}"
                )
            }
            Some((lost, total)) => {
                assert_eq!(r.test, "UDP", "run {i}");
                assert_eq!(k.lost_packets, Some(Packets(lost)), "run {i}");
                assert_eq!(k.received.packets, Some(Packets(total - lost)), "run {i}");
            }
            None => assert_eq!(r.test, "TCP", "run {i}"),
        }
        let server = Endpoint::new("10.200.1.2", Some(5201));
        assert_eq!(
            if sends { &r.sender } else { &r.receiver },
            &server,
            "run {i}"
        );
    }
    let first = &log.runs[0];
    assert_eq!((first.source_line, first.end_line), (1, 15));
    assert_eq!(first.sender, Endpoint::new("10.200.1.1", Some(50936)));
    let p4 = &log.runs[1];
    assert_eq!(
        p4.flows
            .iter()
            .map(|f| f.stream_id.unwrap_or(0))
            .collect::<Vec<_>>(),
        vec![5, 8, 11, 13]
    );
    assert_eq!(p4.intervals.len(), 30);
    let bidir_rx = &log.runs[3];
    assert_eq!(bidir_rx.source_line, log.runs[4].source_line);
    assert_eq!(bidir_rx.flows[0].stream_id, Some(5));
    assert_eq!(log.runs[4].flows[0].stream_id, Some(8));
    assert_eq!(log.runs[4].counters.retransmits, Some(0));
    let last = &log.runs[20];
    assert_eq!(last.end_line, 367);
}

#[test]
fn one_off_server() {
    let log = parse_fixture("iperf3/i3s_vpc_p5204_oneoff_udp_server.log");
    let r = only_run(&log);
    check_transfer(&r.counters.received, 4.0, 3.40 * MI, 7.12e6);
    assert_eq!(r.counters.lost_packets, Some(Packets(57980)));
    assert_eq!(r.counters.received.packets, Some(Packets(280547 - 57980)));
    assert_eq!(r.counters.jitter_ms, Some(0.0));
    assert_eq!(r.receiver, Endpoint::new("10.200.1.2", Some(5204)));
    assert_eq!(
        r.intervals.last().map(|i| (i.end.0, i.packets)),
        Some((4.0, Some(Packets(5))))
    );
}

const SESSION: &str = "-----------------------------------------------------------
Server listening on 5203 (test #1)
-----------------------------------------------------------
Accepted connection from 10.200.1.1, port 50780
[  5] local 10.200.1.2 port 5203 connected to 10.200.1.1 port 50786
[ ID] Interval           Transfer     Bitrate
[  5]   0.00-1.00   sec  11.4 MBytes  95.6 Mbits/sec                  
[  5]   1.00-1.49   sec  5.70 MBytes  97.6 Mbits/sec                  
[  5]   1.00-1.49   sec  5.70 MBytes  97.6 Mbits/sec                  
- - - - - - - - - - - - - - - - - - - - - - - - -
[ ID] Interval           Transfer     Bitrate
[  5]   0.00-1.49   sec  17.1 MBytes  96.3 Mbits/sec                  receiver
";

const BANNER: &str = "-----------------------------------------------------------
Server listening on 5203 (test #2)
-----------------------------------------------------------
";

#[test]
fn client_terminated_message_before_the_session_aborts_it() {
    let text = format!("iperf3: the client has terminated\n{SESSION}{BANNER}");
    let log = parse_str(&text, &ParseContext::default());
    let r = only_run(&log);
    assert_eq!(r.status, RunStatus::Aborted);
    assert_eq!(r.error.as_deref(), Some("the client has terminated"));
    assert_eq!(r.intervals.len(), 3);
    check_transfer(&r.counters.received, 1.49, 17.1 * MI, 96.3e6);
    // In the order of a --logfile, the message follows the session.
    let text = format!("{SESSION}iperf3: the client has terminated\n{BANNER}");
    let log = parse_str(&text, &ParseContext::default());
    assert_eq!(only_run(&log).status, RunStatus::Aborted);
}

#[test]
fn server_terminated_after_a_banner_is_a_normal_end() {
    let text = format!("{SESSION}iperf3: interrupt - the server has terminated\n{BANNER}");
    let log = parse_str(&text, &ParseContext::default());
    assert_eq!(only_run(&log).status, RunStatus::Complete);
    // Killed in the middle of a session: stderr first, then the flushed partial session.
    let partial: String = SESSION.lines().take(8).map(|l| format!("{l}\n")).collect();
    let text = format!("{SESSION}iperf3: interrupt - the server has terminated\n{partial}");
    let log = parse_str(&text, &ParseContext::default());
    let got: Vec<_> = log
        .runs
        .iter()
        .map(|r| (r.status, r.error.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (RunStatus::Complete, None),
            (
                RunStatus::Aborted,
                Some("interrupt - the server has terminated")
            )
        ]
    );
}

#[test]
fn banner_alone_has_no_run() {
    let log = parse_str(BANNER, &ParseContext::default());
    assert!(log.runs.is_empty());
}
