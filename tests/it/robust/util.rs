//! Helpers of the robustness and crash tests: the binary with a timeout, a seeded random
//! source, fixture lists, and queries that check a store file directly.

use crate::common::llreport;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// No `llreport` process in these tests may run longer than this.
pub const PROCESS_TIMEOUT: Duration = Duration::from_secs(180);

/// Runs `llreport --db db args...` with [`PROCESS_TIMEOUT`]; fails the test on a panic or a
/// timeout. Returns (exit code, stdout, stderr).
pub fn run_t(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = llreport(db)
        .args(args)
        .timeout(PROCESS_TIMEOUT)
        .output()
        .expect("run llreport");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "llreport panicked on {args:?}:\n{stderr}"
    );
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("llreport {args:?} was killed (timeout?):\n{stderr}"));
    (code, stdout, stderr)
}

/// `llreport ingest --format json --no-progress` on `paths`, with extra flags.
pub fn ingest(db: &Path, paths: &[&Path], extra: &[&str]) -> (i32, serde_json::Value, String) {
    let mut args: Vec<String> = vec!["ingest".into(), "--format".into(), "json".into()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = run_t(db, &args);
    let v = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("ingest summary is not JSON ({e}), exit {code}:\n{out}\n{err}"));
    (code, v, err)
}

/// SplitMix64: a small seeded generator, so every "random" case can be replayed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Every file under `dir`, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Copies the tree at `from` to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for f in files_under(from) {
        let rel = f.strip_prefix(from).expect("under");
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&f, &dest).expect("copy");
    }
}

pub fn open(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(db).expect("open store")
}

/// `PRAGMA integrity_check` and `foreign_key_check` both clean.
pub fn assert_integrity(db: &Path) {
    let c = open(db);
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(ok, "ok", "integrity_check of {}", db.display());
    let bad: i64 = c
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("foreign_key_check");
    assert_eq!(bad, 0, "foreign key violations in {}", db.display());
}

/// No records hang off a source that is not `ok`: a failed file leaves only its error row.
pub fn assert_no_partial_sources(db: &Path) {
    let c = open(db);
    for (table, what) in [("runs", "runs"), ("sar_samples", "samples")] {
        let n: i64 = c
            .query_row(
                &format!(
                    "SELECT count(*) FROM {table} t JOIN sources s ON s.id = t.source_id WHERE s.status != 'ok'"
                ),
                [],
                |r| r.get(0),
            )
            .expect("query");
        assert_eq!(n, 0, "{what} stored for sources that are not ok");
    }
}

/// What a store holds per source, keyed by (path, sha256): status and record counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRecord {
    pub status: String,
    pub runs: i64,
    pub flows: i64,
    pub intervals: i64,
    pub samples: i64,
    pub diagnostics: i64,
}

pub fn sources(db: &Path) -> BTreeMap<(String, String), SourceRecord> {
    let c = open(db);
    let mut st = c
        .prepare(
            "SELECT s.path, s.sha256, s.status,
                (SELECT count(*) FROM runs r WHERE r.source_id = s.id),
                (SELECT count(*) FROM flows f JOIN runs r ON r.id = f.run_id WHERE r.source_id = s.id),
                (SELECT count(*) FROM intervals i JOIN runs r ON r.id = i.run_id WHERE r.source_id = s.id),
                (SELECT count(*) FROM sar_samples x WHERE x.source_id = s.id),
                (SELECT count(*) FROM diagnostics d WHERE d.source_id = s.id)
             FROM sources s",
        )
        .expect("prepare");
    let rows = st
        .query_map([], |r| {
            Ok((
                (r.get::<_, String>(0)?, r.get::<_, String>(1)?),
                SourceRecord {
                    status: r.get(2)?,
                    runs: r.get(3)?,
                    flows: r.get(4)?,
                    intervals: r.get(5)?,
                    samples: r.get(6)?,
                    diagnostics: r.get(7)?,
                },
            ))
        })
        .expect("query");
    let mut out = BTreeMap::new();
    for row in rows {
        let (k, v) = row.expect("row");
        assert!(
            out.insert(k.clone(), v).is_none(),
            "source stored twice: {k:?}"
        );
    }
    out
}

/// True when this process runs as root (where file modes do not stop reads or writes); the
/// effective uid is read from /proc.
pub fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

/// Says why a case is skipped, where `cargo test -- --nocapture` shows it.
pub fn skip(case: &str, reason: &str) {
    eprintln!("SKIPPED {case}: {reason}");
}
