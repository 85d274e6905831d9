//! The iperf3 logs of the two campaigns against their `expected.json` (per host: sent and
//! received packets, loss, jitter, sender and receiver intervals; per server: its summary
//! line).

use super::test_support::*;
use crate::model::{Packets, Role, Run, RunStatus};
use serde_json::Value;

const CAMPAIGNS: [&str; 2] = ["sample-acceptance", "retest-degraded"];

fn expected(campaign: &str) -> Value {
    serde_json::from_str(&fixture(&format!("campaigns/{campaign}/expected.json")))
        .unwrap_or_else(|e| panic!("{campaign}: {e}"))
}

/// `"0.00-10.01"` as its length.
fn span(s: &str) -> f64 {
    let (a, b) = s.split_once('-').unwrap_or(("0", "0"));
    let v =
        b.trim().parse::<f64>().unwrap_or(f64::NAN) - a.trim().parse::<f64>().unwrap_or(f64::NAN);
    (v * 100.0).round() / 100.0
}

fn u(v: &Value, k: &str) -> u64 {
    v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}"))
}

fn the_run(campaign: &str, file: &str) -> Run {
    let log = parse_fixture(&format!("campaigns/{campaign}/{file}"));
    assert!(log.diagnostics.is_empty(), "{file}: {:?}", log.diagnostics);
    only_run(&log).clone()
}

#[test]
fn clients_match_expected_json() {
    let mut checked = 0;
    for c in CAMPAIGNS {
        let exp = expected(c);
        for dir in ["inbound", "outbound"] {
            for mode in ["pps", "bps"] {
                let hosts = exp["tests"][dir][mode]["iperf3"]["hosts"]
                    .as_object()
                    .cloned()
                    .unwrap_or_default();
                for (host, h) in hosts {
                    let file = h["file"].as_str().unwrap_or_default();
                    let r = the_run(c, file);
                    let k = &r.counters;
                    let at = format!("{c}/{file} ({host})");
                    assert_eq!(
                        (r.role, r.status, r.test.as_str()),
                        (Role::Client, RunStatus::Complete, "UDP"),
                        "{at}"
                    );
                    assert_eq!(k.sent.packets, Some(Packets(u(&h, "sent_packets"))), "{at}");
                    assert_eq!(
                        k.received.packets,
                        Some(Packets(u(&h, "received_packets"))),
                        "{at}"
                    );
                    assert_eq!(
                        k.lost_packets,
                        Some(Packets(u(&h, "receiver_lost_packets"))),
                        "{at}"
                    );
                    assert_eq!(k.jitter_ms, h["jitter_ms"].as_f64(), "{at}");
                    assert_eq!(
                        k.received.duration.map(|d| d.0),
                        h["elapsed_s"].as_f64(),
                        "{at}"
                    );
                    let sender_span = span(h["sender_interval"].as_str().unwrap_or_default());
                    assert_eq!(k.sent.duration.map(|d| d.0), Some(sender_span), "{at}");
                    assert_eq!(r.duration.map(|d| d.0), Some(sender_span), "{at}");
                    assert!(
                        close(
                            k.received.bps.map(|b| b.0),
                            h["received_bps_log"].as_f64().unwrap_or(0.0),
                            1e-3
                        ),
                        "{at}"
                    );
                    let streams = h["streams"].as_array().cloned().unwrap_or_default();
                    for s in &streams {
                        let id: u32 = s["id"].as_str().and_then(|i| i.parse().ok()).unwrap_or(0);
                        let f = r.flows.iter().find(|f| f.stream_id == Some(id));
                        let f = f.unwrap_or_else(|| panic!("{at}: stream {id}"));
                        let (lost, total) = (u(s, "lost"), u(s, "total"));
                        if s["role"] == "sender" {
                            assert_eq!(f.counters.sent.packets, Some(Packets(total)), "{at} {id}");
                        } else {
                            assert_eq!(f.counters.lost_packets, Some(Packets(lost)), "{at} {id}");
                            assert_eq!(
                                f.counters.received.packets,
                                Some(Packets(total - lost)),
                                "{at} {id}"
                            );
                        }
                    }
                    if !streams.is_empty() {
                        assert_eq!(r.streams as usize * 2, streams.len(), "{at}");
                    }
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 32);
}

/// `[SUM]   0.00-10.00  sec  19.8 MBytes  16.6 Mbits/sec  0.020 ms  38754/53558 (72%)  receiver`:
/// interval length, lost, total.
fn summary_line(l: &str) -> (f64, u64, u64) {
    let words: Vec<&str> = l.split_whitespace().collect();
    let interval = words
        .iter()
        .find(|w| w.contains('-') && w.contains('.'))
        .copied()
        .unwrap_or("");
    let lt = words
        .iter()
        .find(|w| w.contains('/') && !w.contains("sec"))
        .copied()
        .unwrap_or("");
    let (lost, total) = lt.split_once('/').unwrap_or(("", ""));
    (
        span(interval),
        lost.parse().unwrap_or(u64::MAX),
        total.parse().unwrap_or(u64::MAX),
    )
}

#[test]
fn servers_match_their_summary_lines() {
    let mut checked = 0;
    for c in CAMPAIGNS {
        let exp = expected(c);
        for dir in ["inbound", "outbound"] {
            for mode in ["pps", "bps"] {
                let servers = exp["tests"][dir][mode]["iperf3"]["servers"]
                    .as_object()
                    .cloned()
                    .unwrap_or_default();
                for (name, s) in servers {
                    let file = s["file"].as_str().unwrap_or_default();
                    let r = the_run(c, file);
                    let at = format!("{c}/{file} ({name})");
                    let line = s["summary_lines"][0].as_str().unwrap_or_default();
                    let (dur, lost, total) = summary_line(line);
                    assert_eq!(
                        (r.role, r.status),
                        (Role::Server, RunStatus::Complete),
                        "{at}"
                    );
                    assert_eq!(r.counters.received.duration.map(|d| d.0), Some(dur), "{at}");
                    assert_eq!(r.counters.lost_packets, Some(Packets(lost)), "{at}");
                    assert_eq!(
                        r.counters.received.packets,
                        Some(Packets(total - lost)),
                        "{at}"
                    );
                    assert_eq!(r.counters.sent.packets, None, "{at}");
                    let port = name.rsplit(':').next().and_then(|p| p.parse::<u16>().ok());
                    assert_eq!(r.receiver.port, port, "{at}");
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 32);
}

#[test]
fn out_of_order_counts_are_kept() {
    let r = the_run(
        "sample-acceptance",
        "inbound/pps/iperf3-idc-server-p5201.log",
    );
    assert_eq!(r.extra.get("udp_out_of_order"), Some(&8.0));
}
