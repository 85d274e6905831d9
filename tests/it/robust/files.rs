//! File-system trouble through the real binary: a file that cannot be read, and a file that
//! is rewritten while `ingest` reads it.

use super::util::{
    PROCESS_TIMEOUT, assert_integrity, assert_no_partial_sources, ingest, is_root, open, skip,
};
use crate::common::fixtures;
use llreport::parse::{self, Outcome, ParseContext};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

const NOBODY: u32 = 65534;

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// `llreport --db db ingest --format json logs`, as `uid` when given.
fn ingest_as(uid: Option<u32>, db: &Path, logs: &Path) -> (i32, serde_json::Value, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_llreport"));
    cmd.env_remove("LLREPORT_DB")
        .arg("--db")
        .arg(db)
        .args(["ingest", "--format", "json"])
        .arg(logs);
    if let Some(u) = uid {
        cmd.uid(u).gid(u);
    }
    let out = assert_cmd::Command::from_std(cmd)
        .timeout(PROCESS_TIMEOUT)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    let v = serde_json::from_slice(&out.stdout).expect("summary JSON");
    (out.status.code().expect("exit code"), v, err)
}

/// Whether the binary can be started as an unprivileged user (it needs to reach it).
fn can_run_as_nobody() -> bool {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_llreport"));
    cmd.arg("--version").uid(NOBODY).gid(NOBODY);
    cmd.output().is_ok_and(|o| o.status.success())
}

#[test]
fn an_unreadable_file_is_reported_and_the_others_go_in() {
    let d = tempfile::tempdir().expect("tmp");
    let logs = d.path().join("logs");
    std::fs::create_dir(&logs).expect("mkdir");
    std::fs::copy(
        fixtures().join("iperf3/i3_ns_tcp_i1_client.log"),
        logs.join("good.log"),
    )
    .expect("copy");
    let secret = logs.join("secret.log");
    std::fs::copy(
        fixtures().join("iperf3/i3_ns_udp_l16_b100m_client.log"),
        &secret,
    )
    .expect("copy");
    chmod(&secret, 0o000);
    // Root reads any file whatever its mode: run llreport as an unprivileged user there.
    let uid = if is_root() {
        if !can_run_as_nobody() {
            skip(
                "unreadable file",
                "running as root and the binary cannot be started as uid 65534 (its path is not reachable)",
            );
            return;
        }
        chmod(d.path(), 0o777);
        chmod(&logs, 0o755);
        chmod(&logs.join("good.log"), 0o644);
        Some(NOBODY)
    } else {
        None
    };
    let db = d.path().join("s.db");
    let (code, summary, err) = ingest_as(uid, &db, &logs);
    assert_eq!(code, 1, "{err}");
    let want = format!(
        "{}: error: cannot read: Permission denied",
        secret.display()
    );
    assert!(err.contains(&want), "{err}");
    assert_eq!(summary["files"]["failed"], 1, "{summary}");
    assert_eq!(summary["files"]["ingested"], 1, "{summary}");
    assert_eq!(
        summary["errors"][0]["message"],
        "cannot read: Permission denied (os error 13)"
    );
    assert_integrity(&db);
}

/// Rewrites `path` over and over (truncate, then the content in small pieces) until told
/// to stop, so that a reader sees any prefix or mix of versions.
fn keep_rewriting(path: &Path, versions: Vec<Vec<u8>>, stop: Arc<AtomicBool>) {
    let mut i = 0usize;
    while !stop.load(Ordering::Relaxed) {
        let v = &versions[i % versions.len()];
        i += 1;
        let Ok(mut f) = std::fs::File::create(path) else {
            continue;
        };
        for chunk in v.chunks(1024) {
            if f.write_all(chunk).is_err() || stop.load(Ordering::Relaxed) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_micros(50));
        }
    }
}

/// id, sha256, size, content, status, runs, samples of a stored source.
type StoredVersion = (i64, String, i64, Option<Vec<u8>>, String, i64, i64);

#[test]
fn a_file_rewritten_while_it_is_read_is_stored_exactly_as_it_was_read() {
    let d = tempfile::tempdir().expect("tmp");
    let logs = d.path().join("logs");
    std::fs::create_dir(&logs).expect("mkdir");
    let sadf = std::fs::read(fixtures().join("sar/readback/sadf_p_all.txt")).expect("read");
    let iperf = std::fs::read(fixtures().join("iperf3/i3s_vpc_p5201_server_multi_session.log"))
        .expect("read");
    std::fs::copy(
        fixtures().join("iperf3/i3_ns_tcp_i1_client.log"),
        logs.join("steady.log"),
    )
    .expect("copy");
    let changing = logs.join("changing.log");
    std::fs::write(&changing, &sadf).expect("w");
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (p, s) = (changing.clone(), Arc::clone(&stop));
        std::thread::spawn(move || keep_rewriting(&p, vec![sadf, iperf], s))
    };
    let db = d.path().join("s.db");
    let mut codes = Vec::new();
    for _ in 0..6 {
        let (code, _, err) = ingest(&db, &[&logs], &["--no-progress"]);
        assert!(code == 0 || code == 1, "{err}");
        codes.push(code);
    }
    stop.store(true, Ordering::Relaxed);
    writer.join().expect("writer");
    assert_integrity(&db);
    assert_no_partial_sources(&db);

    // Each stored version: its bytes match its hash and size, and its records are what
    // those bytes give.
    let c = open(&db);
    let mut st = c
        .prepare(
            "SELECT s.id, s.sha256, s.size, s.content, s.status,
                (SELECT count(*) FROM runs r WHERE r.source_id = s.id),
                (SELECT count(*) FROM sar_samples x WHERE x.source_id = s.id)
             FROM sources s WHERE s.path = 'logs/changing.log'",
        )
        .expect("prepare");
    let rows: Vec<StoredVersion> = st
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .expect("query")
        .map(|r| r.expect("row"))
        .collect();
    assert!(
        !rows.is_empty(),
        "the changing file was never stored (exits {codes:?})"
    );
    let statuses: Vec<&str> = rows.iter().map(|r| r.4.as_str()).collect();
    eprintln!(
        "changing file: {} versions stored: {statuses:?}",
        rows.len()
    );
    for (id, sha, size, content, status, runs, samples) in rows {
        // A skipped file keeps its hash and size only.
        let Some(content) = content else {
            assert_eq!(status, "skipped", "source {id} has no content");
            continue;
        };
        let hex: String = Sha256::digest(&content)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex, sha,
            "source {id}: stored bytes do not match their hash"
        );
        assert_eq!(size as usize, content.len(), "source {id}");
        match parse::parse_bytes(&content, &ParseContext::default()) {
            Outcome::Parsed(log) => {
                assert_eq!(status, "ok", "source {id}");
                assert_eq!(runs as usize, log.runs.len(), "source {id}");
                assert_eq!(samples as usize, log.samples.len(), "source {id}");
            }
            Outcome::Failed { .. } => assert_eq!(status, "error", "source {id}"),
            Outcome::Skipped { .. } => panic!("source {id}: a skipped file stored as {status}"),
        }
    }
}
