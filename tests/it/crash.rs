//! Crash safety: `llreport ingest` killed with SIGKILL at seeded random moments of a large
//! ingest. After every kill the store passes `PRAGMA integrity_check`, every source in it is
//! complete (the same records as a clean ingest of the same file) or absent, and running
//! the ingest again completes the set with nothing stored twice.

use crate::common::fixtures;
use crate::robust::util::{Rng, SourceRecord, assert_integrity, files_under, ingest, sources};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Copies of the fixtures in the corpus; each copy's files end with one more blank line, so
/// that every file has its own sha256.
const COPIES: usize = 4;
/// How many times an ingest is killed.
const KILLS: usize = 15;

/// Writes the corpus under `dir`: the iperf3, netperf and sar fixtures, [`COPIES`] times.
fn corpus(dir: &Path) {
    for sub in ["iperf3", "netperf", "sar"] {
        let root = fixtures().join(sub);
        for f in files_under(&root) {
            let rel = f.strip_prefix(&root).expect("under");
            let bytes = std::fs::read(&f).expect("read");
            for k in 0..COPIES {
                let dest = dir.join(format!("copy{k}")).join(sub).join(rel);
                std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
                let mut b = bytes.clone();
                b.extend(std::iter::repeat_n(b'\n', k));
                std::fs::write(dest, b).expect("write");
            }
        }
    }
}

fn remove_store(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}

/// The sources of a store that may have been killed before it had any tables.
fn sources_or_none(db: &Path) -> BTreeMap<(String, String), SourceRecord> {
    let tables: i64 = crate::robust::util::open(db)
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sources'",
            [],
            |r| r.get(0),
        )
        .expect("sqlite_master");
    if tables == 0 {
        BTreeMap::new()
    } else {
        sources(db)
    }
}

/// Every source of `db` is in `want` with the same status and records.
fn assert_whole_sources(db: &Path, want: &BTreeMap<(String, String), SourceRecord>, when: &str) {
    assert_integrity(db);
    for (k, v) in sources_or_none(db) {
        assert_eq!(
            Some(&v),
            want.get(&k),
            "{when}: {k:?} is not as a clean ingest stores it"
        );
    }
}

#[test]
fn killing_ingest_at_random_moments_leaves_whole_files_only() {
    let d = tempfile::tempdir().expect("tmp");
    let tree = d.path().join("corpus");
    corpus(&tree);
    let reference = d.path().join("ref.db");
    let started = Instant::now();
    let (code, _, err) = ingest(&reference, &[&tree], &["--no-progress"]);
    let clean = started.elapsed();
    assert_eq!(code, 0, "{err}");
    let want = sources(&reference);
    eprintln!("clean ingest of {} sources: {clean:?}", want.len());

    let db = d.path().join("s.db");
    let mut rng = Rng::new(0xC0FFEE);
    let span = clean.as_millis().max(100) as usize;
    let mut mid_run = 0;
    for i in 0..KILLS {
        let delay = Duration::from_millis(rng.below(span) as u64);
        let mut child = Command::new(env!("CARGO_BIN_EXE_llreport"))
            .env_remove("LLREPORT_DB")
            .arg("--db")
            .arg(&db)
            .args(["ingest", "--no-progress"])
            .arg(&tree)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(delay);
        let when = format!("kill {i} after {delay:?}");
        match child.try_wait().expect("try_wait") {
            Some(status) => {
                // Done before the kill: the store is complete; start over to kill again.
                assert_eq!(status.code(), Some(0), "{when}: ingest failed");
                assert_eq!(sources(&db), want, "{when}: finished but incomplete");
                remove_store(&db);
            }
            None => {
                child.kill().expect("kill");
                child.wait().expect("wait");
                mid_run += 1;
                assert_whole_sources(&db, &want, &when);
            }
        }
    }
    eprintln!("{mid_run} of {KILLS} kills hit a running ingest");
    assert!(
        mid_run >= KILLS / 2,
        "only {mid_run} kills hit a running ingest"
    );

    let (code, _, err) = ingest(&db, &[&tree], &["--no-progress"]);
    assert_eq!(code, 0, "{err}");
    assert_integrity(&db);
    assert_eq!(
        sources(&db),
        want,
        "the resumed ingest differs from a clean one"
    );
}
