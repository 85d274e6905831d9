//! Text cases the fixtures lack, built in the tests: `-R`, `--timestamps`, the old 3.0/3.1
//! `Bandwidth` layout, shell loops of several runs.

use super::test_support::*;
use crate::model::{Endpoint, Packets, Role, RunStatus, TimeZoneSpec};
use crate::parse::ParseContext;

#[test]
fn reverse_mode_client_receives() {
    let text = "Connecting to host 10.200.1.2, port 5201
Reverse mode, remote host 10.200.1.2 is sending
[  5] local 10.200.1.1 port 40702 connected to 10.200.1.2 port 5201
[ ID] Interval           Transfer     Bitrate
[  5]   0.00-1.00   sec  11.4 MBytes  95.6 Mbits/sec                  
- - - - - - - - - - - - - - - - - - - - - - - - -
[ ID] Interval           Transfer     Bitrate         Retr
[  5]   0.00-1.00   sec  11.6 MBytes  97.3 Mbits/sec    3             sender
[  5]   0.00-1.00   sec  11.4 MBytes  95.6 Mbits/sec                  receiver

iperf Done.
";
    let log = parse_str(text, &ParseContext::default());
    let r = only_run(&log);
    assert_eq!(r.role, Role::Client);
    assert_eq!(r.sender, Endpoint::new("10.200.1.2", Some(5201)));
    assert_eq!(r.receiver, Endpoint::new("10.200.1.1", Some(40702)));
    assert_eq!(r.counters.retransmits, Some(3));
    check_transfer(&r.counters.received, 1.0, 11.4 * MI, 95.6e6);
}

fn with_timestamps(text: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| format!("Sat Nov 28 18:16:{:02} 2026 {l}\n", 20 + i / 4))
        .collect()
}

#[test]
fn timestamps_prefix_every_line() {
    let text = with_timestamps(&fixture("iperf3/i3_ns_tcp_i1_client.log"));
    let log = parse_str(&text, &ParseContext::default());
    let r = only_run(&log);
    assert_eq!(
        r.started_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-11-28T18:16:20+00:00")
    );
    let ts = r
        .intervals
        .first()
        .and_then(|i| i.timestamp)
        .map(|t| t.to_rfc3339());
    assert_eq!(ts.as_deref(), Some("2026-11-28T18:16:20+00:00"));
    assert!(
        log.diagnostics
            .iter()
            .any(|d| d.message.contains("read as UTC"))
    );
    assert!(r.notes.iter().any(|n| n.contains("UTC")));
    check_transfer(&r.counters.sent, 5.0, 57.9 * MI, 97.1e6);
    let ctx = ParseContext {
        tz: "+08:00".parse::<TimeZoneSpec>().ok(),
        ..ParseContext::default()
    };
    let log = parse_str(&text, &ctx);
    let r = only_run(&log);
    assert_eq!(
        r.started_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-11-28T10:16:20+00:00")
    );
    assert!(log.diagnostics.is_empty(), "{:?}", log.diagnostics);
}

const OLD_SAMPLE: &str =
    "[ ID] Interval           Transfer     Bandwidth       Jitter    Lost/Total Datagrams
[  4]   0.00-10.00  sec   237 MBytes   199 Mbits/sec  0.027 ms  500/30352 (1.6%)
[  4] Sent 30352 datagrams
";

#[test]
fn old_bandwidth_format_sample() {
    let single_spaced = "[ ID] Interval Transfer Bandwidth Jitter Lost/Total Datagrams
[4] 0.00-10.00 sec 237 MBytes 199 Mbits/sec 0.027 ms 500/30352 (1.6%)
[4] Sent 30352 datagrams
";
    for text in [OLD_SAMPLE, single_spaced] {
        let log = parse_str(text, &ParseContext::default());
        let r = only_run(&log);
        let k = &r.counters;
        assert_eq!((r.role, r.test.as_str()), (Role::Client, "UDP"));
        assert_eq!(k.received.packets, Some(Packets(29852)));
        assert_eq!(k.lost_packets, Some(Packets(500)));
        assert_eq!(k.sent.packets, Some(Packets(30352)));
        assert_eq!(k.jitter_ms, Some(0.027));
        check_transfer(&k.received, 10.0, 237.0 * MI, 199e6);
        assert_eq!(r.duration.map(|d| d.0), Some(10.0));
        assert!(r.intervals.is_empty());
        assert_eq!(r.status, RunStatus::Complete);
    }
}

#[test]
fn shell_loop_gives_one_run_each_in_order() {
    let a = fixture("iperf3/i3_ns_tcp_i1_client.log");
    let b = fixture("iperf3/i3_ns_udp_l1400_b100m_client.log");
    let busy = fixture("iperf3/i3_ns_error_server_busy.log");
    let text = format!("$ for i in 1 2 3; do iperf3 ...; done\n{a}{busy}{b}{busy}");
    let log = parse_str(&text, &ParseContext::default());
    let got: Vec<_> = log
        .runs
        .iter()
        .map(|r| (r.status, r.test.as_str(), r.source_line))
        .collect();
    assert_eq!(
        got,
        vec![
            (RunStatus::Complete, "TCP", 2),
            (RunStatus::Error, "", 16),
            (RunStatus::Complete, "UDP", 17),
            (RunStatus::Error, "", 31),
        ]
    );
    // A client killed before printing anything: its message comes first, then the next run.
    let text = format!("iperf3: interrupt - the client has terminated\n{a}");
    let log = parse_str(&text, &ParseContext::default());
    let got: Vec<_> = log.runs.iter().map(|r| r.status).collect();
    assert_eq!(got, vec![RunStatus::Aborted, RunStatus::Complete]);
}
