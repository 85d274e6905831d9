//! Several `llreport ingest` processes on one store at once, on overlapping trees: all
//! succeed, nothing is stored twice, and nobody sees "database is locked".

use super::util::{PROCESS_TIMEOUT, assert_integrity, copy_tree, ingest, sources};
use crate::common::fixtures;
use std::path::Path;
use std::process::{Command, Stdio};

/// Starts an ingest whose stderr goes to `log` (a pipe could fill up and stall it).
fn spawn(db: &Path, root: &Path, log: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_llreport"))
        .env_remove("LLREPORT_DB")
        .arg("--db")
        .arg(db)
        .args(["ingest", "--no-progress", "--campaign", "shared"])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).expect("log"))
        .spawn()
        .expect("spawn")
}

#[test]
fn concurrent_ingests_on_overlapping_trees_all_succeed_and_store_each_file_once() {
    let d = tempfile::tempdir().expect("tmp");
    let tree = d.path().join("logs");
    for sub in ["iperf3", "netperf", "sar"] {
        copy_tree(&fixtures().join(sub), &tree.join(sub));
    }
    // The same tree three times, and a part of it under another root (other stored paths).
    let roots = [tree.clone(), tree.clone(), tree.clone(), tree.join("sar")];

    // What ingesting them one after the other stores.
    let reference = d.path().join("ref.db");
    for r in &roots {
        let (code, _, err) = ingest(&reference, &[r], &["--no-progress", "--campaign", "shared"]);
        assert_eq!(code, 0, "{err}");
    }
    let want = sources(&reference);

    let db = d.path().join("s.db");
    let children: Vec<_> = roots
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let log = d.path().join(format!("stderr-{i}.log"));
            (spawn(&db, r, &log), log)
        })
        .collect();
    let deadline = std::time::Instant::now() + PROCESS_TIMEOUT;
    for (mut c, log) in children {
        let status = loop {
            if let Some(s) = c.try_wait().expect("try_wait") {
                break s;
            }
            if std::time::Instant::now() > deadline {
                let _ = c.kill();
                panic!("a concurrent ingest did not finish in {PROCESS_TIMEOUT:?}");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let err = std::fs::read_to_string(&log).expect("stderr");
        assert_eq!(status.code(), Some(0), "{err}");
        assert!(!err.contains("locked") && !err.contains("busy"), "{err}");
    }
    assert_integrity(&db);
    let got = sources(&db);
    // Which root stored a file first and which recorded it as a duplicate depends on who
    // won; the set of stored files, their records and the number of rows do not.
    let stored = |m: &std::collections::BTreeMap<(String, String), super::util::SourceRecord>| {
        let mut v: Vec<_> = m
            .iter()
            .filter(|(_, r)| r.status == "ok" || r.status == "error")
            .map(|((_, sha), r)| (sha.clone(), r.clone()))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    assert_eq!(stored(&got), stored(&want));
    assert_eq!(got.len(), want.len(), "rows per source differ");
    let runs: i64 = super::util::open(&db)
        .query_row("SELECT count(*) FROM runs", [], |r| r.get(0))
        .expect("q");
    let want_runs: i64 = super::util::open(&reference)
        .query_row("SELECT count(*) FROM runs", [], |r| r.get(0))
        .expect("q");
    assert_eq!(runs, want_runs);
}
