//! `llreport analyze` on the two sample campaigns, pinned against `expected.json`: figures a
//! separate script derived from the raw files.

use crate::common::{fixtures, run, run_json};
use serde_json::Value;

fn close(a: &Value, b: &Value, rel: f64, what: &str) {
    let (x, y) = (
        a.as_f64().unwrap_or(f64::NAN),
        b.as_f64().unwrap_or(f64::NAN),
    );
    assert!(
        (x - y).abs() <= rel * y.abs().max(1e-9),
        "{what}: llreport {x} vs expected {y}"
    );
}

fn analyse(campaign: &str) -> (i32, Value, Value) {
    let d = tempfile::tempdir().expect("tmp");
    let db = d.path().join("s.db");
    let dir = fixtures().join("campaigns").join(campaign);
    let (code, _, err) = run(&db, &["ingest", &dir.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    let (code, a, err) = run_json(&db, &["analyze", "--format", "json"]);
    assert!(err.is_empty(), "{err}");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
    )
    .expect("json");
    (code, a, expected)
}

fn check_campaign(campaign: &str) -> Value {
    let (code, a, exp) = analyse(campaign);
    assert_eq!(a["campaign"], campaign);
    assert_eq!(a["link"], "lab-100m");
    close(
        &a["contract"]["bandwidth_bps"],
        &Value::from(100e6),
        1e-12,
        "contract",
    );
    close(
        &a["contract"]["per_flow_limit_bps"],
        &Value::from(100e6 / 12.0),
        1e-12,
        "limit",
    );
    let groups = a["groups"].as_array().cloned().unwrap_or_default();
    assert_eq!(groups.len(), 8, "{groups:#?}");
    for dir in ["inbound", "outbound"] {
        for (mode, our_mode) in [("pps", "pps"), ("bps", "bandwidth")] {
            for tool in ["netperf", "iperf3"] {
                let what = format!("{campaign} {dir}/{mode}/{tool}");
                let e = &exp["tests"][dir][mode][tool];
                let t = &e["totals"];
                let g = groups
                    .iter()
                    .find(|g| g["direction"] == dir && g["mode"] == our_mode && g["tool"] == tool)
                    .unwrap_or_else(|| panic!("no group {what}"));
                // Streams per host (iperf3 -P 2 in the re-test), else one flow per host.
                let flows: usize = e["hosts"]
                    .as_object()
                    .map(|h| {
                        h.values()
                            .map(|v| {
                                v["streams"].as_array().map_or(1, |s| {
                                    s.iter().filter(|x| x["role"] == "receiver").count()
                                })
                            })
                            .sum()
                    })
                    .unwrap_or(0);
                assert_eq!(g["flows"].as_u64(), Some(flows as u64), "{what}");
                assert_eq!(g["hosts"], t["hosts"], "{what}");
                assert_eq!(g["sent_packets"], t["sum_sent_packets"], "{what}");
                assert_eq!(g["received_packets"], t["sum_received_packets"], "{what}");
                close(
                    &g["received_pps"],
                    &t["sum_received_pps"],
                    1e-9,
                    &format!("{what} pps"),
                );
                close(
                    &g["loss_percent"],
                    &t["overall_loss_pct"],
                    1e-9,
                    &format!("{what} loss"),
                );
                // netperf states the message size, so the payload rate is exact; iperf3 text
                // does not, so its printed receiver rates (three digits, per stream) are
                // summed.
                if tool == "netperf" {
                    close(
                        &g["received_bps"],
                        &t["sum_received_bps_derived"],
                        1e-9,
                        &what,
                    );
                } else {
                    close(&g["received_bps"], &t["sum_received_bps_log"], 5e-3, &what);
                }
                let sar = &e["sar"];
                close(
                    &g["sar"]["mean_rxpck_per_s"],
                    &sar["sum_avg_rxpck_per_s_active_rows"],
                    1e-9,
                    &format!("{what} sar mean"),
                );
                close(
                    &g["sar"]["received_packets"],
                    &sar["sum_rxpck_per_s_over_active_rows_all_receivers"],
                    1e-9,
                    &format!("{what} sar packets"),
                );
                let files: Vec<String> = sar["per_receiver"]
                    .as_object()
                    .map(|o| {
                        o.values()
                            .map(|r| format!("{campaign}/{}", r["file"].as_str().unwrap_or("")))
                            .collect()
                    })
                    .unwrap_or_default();
                let mut ours: Vec<String> = g["sar"]["sources"]
                    .as_array()
                    .map(|v| {
                        v.iter()
                            .filter_map(|s| s.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default();
                ours.sort();
                let mut files = files;
                files.sort();
                assert_eq!(ours, files, "{what} sar files");
            }
        }
    }
    // Four flows can carry at most 4 × 100/12 Mbit/s: the bandwidth test is inconclusive.
    assert_eq!(code, 3, "exit status for inconclusive");
    assert_eq!(a["verdict"], "inconclusive");
    let bw: Vec<&Value> = a["criteria"]
        .as_array()
        .map(|c| c.iter().filter(|c| c["name"] == "bandwidth").collect())
        .unwrap_or_default();
    assert_eq!(bw.len(), 4, "two bandwidth groups per direction");
    for c in bw {
        assert_eq!(c["verdict"], "inconclusive");
        let g = groups
            .iter()
            .find(|g| g["id"] == c["group"])
            .expect("group");
        let n = g["flows"].as_u64().unwrap_or(0);
        let want = format!(
            "{n} flows × 8.33 Mbit/s = {} < 100 Mbit/s: run at least 12 flows",
            if n == 4 { "33.3 Mbit/s" } else { "66.7 Mbit/s" }
        );
        assert!(c["reason"].as_str().unwrap_or("").contains(&want), "{c}");
    }
    a
}

#[test]
fn the_sample_acceptance_campaign_matches_its_hand_derived_figures() {
    let a = check_campaign("sample-acceptance");
    // Client and server logs of each iperf3 flow are counted once.
    let pairs = a["pairings"].as_array().cloned().unwrap_or_default();
    let paired = pairs
        .iter()
        .filter(|p| p["client"].is_object() && p["server"].is_object())
        .count();
    assert_eq!(paired, 16, "{pairs:#?}");
}

#[test]
fn the_degraded_retest_matches_its_hand_derived_figures() {
    check_campaign("retest-degraded");
}

#[test]
fn without_a_contract_the_verdict_is_inconclusive_and_says_why() {
    let d = tempfile::tempdir().expect("tmp");
    let db = d.path().join("s.db");
    let f = fixtures().join("iperf3/i3_ns_l1_udp_l1400_b50m_client.log");
    let (code, _, err) = run(
        &db,
        &[
            "ingest",
            &f.display().to_string(),
            "--direction",
            "outbound",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, a, _) = run_json(&db, &["analyze", "--format", "json"]);
    assert_eq!(code, 3);
    assert_eq!(a["verdict"], "inconclusive");
    assert!(
        a["criteria"][0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("no contract")),
        "{a}"
    );
    assert_eq!(a["groups"][0]["direction"], "outbound");
    assert_eq!(a["groups"][0]["mode"], "bandwidth");
}

#[test]
fn runs_of_unknown_direction_are_listed_never_guessed() {
    let d = tempfile::tempdir().expect("tmp");
    let db = d.path().join("s.db");
    let f = fixtures().join("iperf3/i3_ns_l1_udp_l1400_b50m_client.log");
    let (code, _, err) = run(&db, &["ingest", &f.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    let (code, a, _) = run_json(&db, &["analyze", "--format", "json"]);
    assert_eq!(code, 3);
    assert_eq!(a["groups"].as_array().map(Vec::len), Some(0), "{a}");
    let u = &a["unassigned"][0];
    assert_eq!(u["evidence"]["path"], "i3_ns_l1_udp_l1400_b50m_client.log");
    assert!(
        u["reason"]
            .as_str()
            .is_some_and(|r| r.starts_with("direction unknown")),
        "{u}"
    );
    assert!(
        a["warnings"][0]
            .as_str()
            .is_some_and(|w| w.contains("unknown direction")),
        "{a}"
    );
}
