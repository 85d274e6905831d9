//! `llreport ingest`, `runs` and `sources` end to end.

use crate::common::{fixtures, run, run_json};
use serde_json::Value;

fn s(p: &std::path::Path) -> String {
    p.display().to_string()
}

#[test]
fn ingesting_the_fixtures_twice_adds_nothing_the_second_time() {
    let d = tempfile::tempdir().expect("tmp");
    let db = d.path().join("s.db");
    // Everything but fixtures/regressions/, whose reproducers may fail by design.
    let fx: Vec<String> = std::fs::read_dir(fixtures())
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| !p.ends_with("regressions"))
        .map(|p| s(&p))
        .collect();
    let args: Vec<&str> = ["ingest", "--format", "json"]
        .into_iter()
        .chain(fx.iter().map(String::as_str))
        .collect();
    let (code, first, err) = run_json(&db, &args);
    assert_eq!(code, 0, "first ingest failed:\n{err}");
    assert!(
        first["added"]["runs"].as_u64().unwrap_or(0) > 100,
        "{first}"
    );
    assert!(
        first["added"]["samples"].as_u64().unwrap_or(0) > 100,
        "{first}"
    );
    assert_eq!(first["files"]["failed"], 0, "{first}");
    let (code, second, err) = run_json(&db, &args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(second["added"]["runs"], 0, "{second}");
    assert_eq!(second["added"]["samples"], 0, "{second}");
    assert_eq!(second["files"]["ingested"], 0, "{second}");
    assert_eq!(
        second["files"]["unchanged"], first["files"]["ingested"],
        "{second}"
    );
    let (_, runs, _) = run_json(&db, &["runs", "--format", "json"]);
    assert_eq!(
        runs.as_array().map(Vec::len),
        first["added"]["runs"].as_u64().map(|n| n as usize)
    );
}

#[test]
fn bad_files_are_reported_and_the_good_ones_still_go_in() {
    let d = tempfile::tempdir().expect("tmp");
    let logs = d.path().join("logs");
    std::fs::create_dir(&logs).expect("mkdir");
    let good = fixtures().join("iperf3/i3_ns_udp_l16_b100m_client.log");
    std::fs::copy(&good, logs.join("good.log")).expect("copy");
    let np = std::fs::read_to_string(fixtures().join("netperf/np_pps_m1_idc2vpc_inst1.log"))
        .expect("read");
    std::fs::write(logs.join("cut.log"), &np[..np.len() * 2 / 3]).expect("w");
    let mut binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    binary[10] = 0;
    std::fs::write(logs.join("blob.bin"), &binary).expect("w");
    std::fs::write(logs.join("empty.log"), "").expect("w");
    std::fs::write(
        logs.join("noise.txt"),
        "lorem ipsum dolor sit amet\n12 monkeys\n\n",
    )
    .expect("w");
    let db = d.path().join("s.db");
    let (code, summary, err) = run_json(&db, &["ingest", &s(&logs), "--format", "json"]);
    assert!(code == 0 || code == 1, "exit {code}\n{err}");
    assert!(err.contains("blob.bin: skipped: binary"), "{err}");
    assert!(err.contains("empty.log: skipped: empty file"), "{err}");
    assert!(err.contains("noise.txt: skipped:"), "{err}");
    let (_, runs, _) = run_json(&db, &["runs", "--format", "json"]);
    let runs = runs.as_array().cloned().unwrap_or_default();
    assert!(
        runs.iter().any(|r| r["source_path"] == "logs/good.log"),
        "{runs:?}"
    );
    // The cut netperf file is either stored as an aborted run or reported with its line.
    let cut_ok = runs.iter().any(|r| r["source_path"] == "logs/cut.log");
    let cut_err = err.contains("cut.log:");
    assert!(cut_ok || cut_err, "{err}");
    if cut_err && !cut_ok {
        assert_eq!(code, 1);
        assert_eq!(summary["files"]["failed"], 1);
    }
}

#[test]
fn runs_json_has_the_documented_fields() {
    let d = tempfile::tempdir().expect("tmp");
    let db = d.path().join("s.db");
    let f = s(&fixtures().join("iperf3/i3_ns_l1_udp_l1400_b50m_client.log"));
    let (code, _, err) = run(
        &db,
        &["ingest", &f, "--campaign", "c", "--direction", "outbound"],
    );
    assert_eq!(code, 0, "{err}");
    let (_, runs, _) = run_json(&db, &["runs", "--format", "json", "--campaign", "c"]);
    let r = &runs[0];
    for k in [
        "id",
        "campaign",
        "source_path",
        "source_sha256",
        "source_line",
        "tool",
        "tool_version",
        "test",
        "protocol",
        "role",
        "sender_addr",
        "receiver_addr",
        "receiver_port",
        "direction",
        "started_at",
        "duration_s",
        "message_size_bytes",
        "streams",
        "sent_packets",
        "received_packets",
        "lost_packets",
        "loss_percent",
        "sent_bytes",
        "received_bytes",
        "sent_bps",
        "received_bps",
        "sent_pps",
        "received_pps",
        "jitter_ms",
        "retransmits",
        "transactions_per_s",
        "status",
        "error",
        "flows",
    ] {
        assert!(r.get(k).is_some(), "missing {k} in {r}");
    }
    assert_eq!(r["campaign"], "c");
    assert_eq!(r["direction"], "outbound");
    assert_eq!(r["tool"], "iperf3");
    assert_eq!(r["sent_packets"], 22318);
    assert_eq!(r["lost_packets"], 208);
    assert_eq!(r["received_packets"], 22318 - 208);
    assert_eq!(r["flows"][0]["stream_id"], 5);
    assert!(r["source_sha256"].as_str().is_some_and(|h| h.len() == 64));
    let (_, csv, _) = run(&db, &["runs", "--format", "csv"]);
    assert!(csv.starts_with("id,campaign,source_path"), "{csv}");
    assert_eq!(csv.lines().count(), 2);
}

#[test]
fn a_store_from_a_newer_llreport_is_refused_untouched() {
    let d = tempfile::tempdir().expect("tmp");
    let db = d.path().join("s.db");
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        c.execute_batch("CREATE TABLE campaigns (x); PRAGMA user_version = 999;")
            .expect("setup");
    }
    let before = std::fs::read(&db).expect("read");
    let f = s(&fixtures().join("iperf3/i3_ns_tcp_i1_client.log"));
    let (code, _, err) = run(&db, &["ingest", &f]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("newer llreport"), "{err}");
    assert_eq!(std::fs::read(&db).expect("read"), before);
    let (code, _, err) = run(&db, &["runs"]);
    assert_eq!(code, 2);
    assert!(err.contains("newer llreport"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let d = tempfile::tempdir().expect("tmp");
    let db = d.path().join("s.db");
    assert_eq!(run(&db, &["ingest"]).0, 2);
    assert_eq!(run(&db, &["ingest", "/no/such/dir"]).0, 2);
    assert_eq!(run(&db, &["ingest", ".", "--direction", "sideways"]).0, 2);
    assert_eq!(run(&db, &["ingest", ".", "--tz", "Mars/Base"]).0, 2);
    let (code, _, err) = run(&db, &["runs"]);
    assert_eq!(code, 2);
    assert!(err.contains("no store here"), "{err}");
}

#[test]
fn unknown_campaign_names_the_known_ones() {
    let d = tempfile::tempdir().expect("tmp");
    let db = d.path().join("s.db");
    let f = s(&fixtures().join("iperf3/i3_ns_tcp_i1_client.log"));
    assert_eq!(run(&db, &["ingest", &f, "--campaign", "alpha"]).0, 0);
    let (code, _, err) = run(&db, &["runs", "--campaign", "beta"]);
    assert_eq!(code, 2);
    assert!(err.contains("known campaigns: alpha"), "{err}");
    let v: Value = run_json(&db, &["sources", "--format", "json"]).1;
    assert_eq!(v[0]["status"], "ok");
    assert_eq!(v[0]["path"], "i3_ns_tcp_i1_client.log");
}
