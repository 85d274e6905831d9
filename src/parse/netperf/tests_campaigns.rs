//! Every netperf and netserver log of the campaigns under `fixtures/campaigns/`, pinned to
//! the campaign's `expected.json`.

use super::tests_fixtures::{bps, close, common, load_path};
use crate::model::{Bytes, LogFormat, Packets, Protocol, Seconds};

const CAMPAIGNS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/campaigns/");

fn num(v: &serde_json::Value, k: &str) -> f64 {
    v.get(k)
        .and_then(serde_json::Value::as_f64)
        .unwrap_or_else(|| panic!("{k}"))
}

#[test]
fn campaign_logs_match_expected_json() {
    let mut seen = Vec::new();
    for campaign in ["sample-acceptance", "retest-degraded"] {
        let base = format!("{CAMPAIGNS}{campaign}/");
        let json = std::fs::read_to_string(format!("{base}expected.json")).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let tests = v["tests"].as_object().unwrap();
        for (dir, modes) in tests {
            for (mode, tools) in modes.as_object().unwrap() {
                let np = &tools["netperf"];
                for (host, h) in np["hosts"].as_object().unwrap() {
                    let file = h["file"].as_str().unwrap();
                    let r = {
                        let log = load_path(&format!("{base}{file}"));
                        assert_eq!(log.runs.len(), 1, "{file}");
                        log.runs.into_iter().next().unwrap()
                    };
                    let what = format!("{campaign} {dir} {mode} {host}");
                    common(&r, "UDP_STREAM", Protocol::Udp);
                    let c = &r.counters;
                    assert_eq!(
                        c.sent.packets,
                        Some(Packets(num(h, "sent_packets") as u64)),
                        "{what}"
                    );
                    assert_eq!(
                        c.received.packets,
                        Some(Packets(num(h, "received_packets") as u64)),
                        "{what}"
                    );
                    assert_eq!(
                        c.sent.duration,
                        Some(Seconds(num(h, "send_elapsed_s"))),
                        "{what}"
                    );
                    assert_eq!(
                        c.received.duration,
                        Some(Seconds(num(h, "recv_elapsed_s"))),
                        "{what}"
                    );
                    assert_eq!(
                        r.message_size,
                        Some(Bytes(num(h, "msg_size") as u64)),
                        "{what}"
                    );
                    assert_eq!(
                        r.extra.get("send_errors"),
                        Some(&num(h, "send_errors")),
                        "{what}"
                    );
                    assert!(
                        close(
                            bps(c.received.bps),
                            num(h, "recv_throughput_1e6bps_log") * 1e6
                        ),
                        "{what}"
                    );
                    assert!(
                        close(bps(c.sent.bps), num(h, "send_throughput_1e6bps_log") * 1e6),
                        "{what}"
                    );
                    let pps = r.received_pps().map_or(0.0, |p| p.0);
                    assert!((pps - num(h, "received_pps")).abs() < 0.05, "{what}: {pps}");
                    seen.push(format!("{base}{file}"));
                }
                for (_, s) in np["servers"].as_object().unwrap() {
                    let file = s["file"].as_str().unwrap();
                    let log = load_path(&format!("{base}{file}"));
                    assert_eq!(log.format, LogFormat::Netserver, "{file}");
                    assert!(log.runs.is_empty() && log.diagnostics.is_empty(), "{file}");
                    seen.push(format!("{base}{file}"));
                }
            }
        }
    }
    let mut all = Vec::new();
    for campaign in ["sample-acceptance", "retest-degraded"] {
        for dir in ["inbound/pps", "inbound/bps", "outbound/pps", "outbound/bps"] {
            let d = format!("{CAMPAIGNS}{campaign}/{dir}/");
            for e in std::fs::read_dir(&d).unwrap() {
                let name = e.unwrap().file_name().into_string().unwrap();
                if name.starts_with("netperf-") || name.starts_with("netserver-") {
                    all.push(format!("{d}{name}"));
                }
            }
        }
    }
    all.sort();
    seen.sort();
    assert_eq!(all, seen);
}
