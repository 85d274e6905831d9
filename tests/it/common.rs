//! Helpers: the binary, temporary stores, fixture paths.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The repository's fixtures directory.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// `llreport --db <db>` with a clean environment.
pub fn llreport(db: &Path) -> Command {
    let mut c = Command::cargo_bin("llreport").expect("binary");
    c.env_remove("LLREPORT_DB").arg("--db").arg(db);
    c
}

/// Runs `llreport` and returns (exit code, stdout, stderr); fails the test on a panic.
pub fn run(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = llreport(db).args(args).output().expect("run llreport");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "llreport panicked on {args:?}:\n{stderr}"
    );
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

/// Runs `llreport ... --format json` and parses stdout.
pub fn run_json(db: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let (code, out, err) = run(db, args);
    let v = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("stdout of {args:?} is not JSON ({e}):\n{out}\n{err}"));
    (code, v, err)
}

/// A temporary store holding the two sample campaigns of link lab-100m.
pub fn two_campaigns() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().expect("tmp");
    let db = d.path().join("s.db");
    for c in ["sample-acceptance", "retest-degraded"] {
        let dir = fixtures().join("campaigns").join(c);
        assert_eq!(run(&db, &["ingest", &dir.display().to_string()]).0, 0);
    }
    (d, db)
}
