//! A full disk and a read-only store, through the real binary: a clear message, exit 2, and
//! the store as it was. Root mounts a small tmpfs for these; elsewhere the read-only case
//! uses file modes and the full-disk case is skipped with its reason.

use super::util::{
    assert_integrity, assert_no_partial_sources, ingest, is_root, run_t, skip, sources,
};
use crate::common::fixtures;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Result<Tmpfs, String> {
        if !is_root() {
            return Err("mounting a tmpfs needs root".into());
        }
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0777"),
                "tmpfs",
            ])
            .arg(dir)
            .output()
            .map_err(|e| format!("mount: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "mount -t tmpfs is not permitted here: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(Tmpfs(dir.to_path_buf()))
    }

    fn remount(&self, opts: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{opts}")])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "mount -o remount,{opts} {}", self.0.display());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Writes to `dir` until the file system is full.
fn fill(dir: &Path) {
    let mut f = std::fs::File::create(dir.join("filler")).expect("filler");
    let chunk = vec![0x55u8; 64 * 1024];
    while f.write_all(&chunk).is_ok() {}
    let small = [0u8; 512];
    while f.write_all(&small).is_ok() {}
    let _ = f.sync_all();
}

#[test]
fn a_full_disk_stops_ingest_with_a_clear_error_and_the_store_as_it_was() {
    let d = tempfile::tempdir().expect("tmp");
    let mnt = match Tmpfs::mount(&d.path().join("mnt"), "16m") {
        Ok(m) => m,
        Err(why) => return skip("full disk", &why),
    };
    let db = mnt.0.join("s.db");
    let (code, _, err) = ingest(&db, &[&fixtures().join("iperf3")], &["--no-progress"]);
    assert_eq!(code, 0, "{err}");
    let before = sources(&db);
    fill(&mnt.0);
    let (code, _, err) = run_t(
        &db,
        &["ingest", &fixtures().join("sar").display().to_string()],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("the disk holding the store is full"), "{err}");
    assert!(err.contains("s.db"), "{err}");
    // Room for SQLite to open the store again; the store must not have changed.
    std::fs::remove_file(mnt.0.join("filler")).expect("rm");
    assert_integrity(&db);
    assert_eq!(sources(&db), before);
    // Then the same command completes the store.
    let (code, _, err) = ingest(&db, &[&fixtures().join("sar")], &["--no-progress"]);
    assert_eq!(code, 0, "{err}");
    assert!(sources(&db).len() > before.len());
}

#[test]
fn a_disk_filling_up_mid_ingest_keeps_whole_files_only() {
    let d = tempfile::tempdir().expect("tmp");
    let tree = d.path().join("fixtures");
    for sub in ["iperf3", "netperf", "sar"] {
        super::util::copy_tree(&fixtures().join(sub), &tree.join(sub));
    }
    let reference = d.path().join("ref.db");
    let (code, _, err) = ingest(&reference, &[&tree], &["--no-progress"]);
    assert_eq!(code, 0, "{err}");
    let want = sources(&reference);
    let mnt = match Tmpfs::mount(&d.path().join("mnt"), "1m") {
        Ok(m) => m,
        Err(why) => return skip("disk filling up", &why),
    };
    let db = mnt.0.join("s.db");
    let (code, _, err) = run_t(
        &db,
        &["ingest", "--no-progress", &tree.display().to_string()],
    );
    assert_eq!(code, 2, "the store does not fit in 1 MB:\n{err}");
    assert!(err.contains("the disk holding the store is full"), "{err}");
    mnt.remount("size=64m");
    assert_integrity(&db);
    assert_no_partial_sources(&db);
    let got = sources(&db);
    assert!(
        !got.is_empty() && got.len() < want.len(),
        "{} of {}",
        got.len(),
        want.len()
    );
    for (k, v) in &got {
        assert_eq!(Some(v), want.get(k), "{k:?} differs from a clean ingest");
    }
    let (code, _, err) = ingest(&db, &[&tree], &["--no-progress"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(sources(&db), want);
}

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[test]
fn a_read_only_store_refuses_ingest_untouched_and_is_still_read() {
    let d = tempfile::tempdir().expect("tmp");
    let mnt = Tmpfs::mount(&d.path().join("mnt"), "64m");
    let dir = match &mnt {
        Ok(m) => m.0.clone(),
        Err(why) if is_root() => return skip("read-only store", why),
        Err(_) => d.path().join("store"),
    };
    std::fs::create_dir_all(&dir).expect("mkdir");
    let db = dir.join("s.db");
    let campaign = fixtures().join("campaigns/sample-acceptance");
    let (code, _, err) = ingest(&db, &[&campaign], &["--no-progress"]);
    assert_eq!(code, 0, "{err}");
    let (_, runs_before, _) = run_t(&db, &["runs", "--format", "json"]);
    match &mnt {
        Ok(m) => m.remount("ro"),
        Err(_) => {
            chmod(&db, 0o444);
            chmod(&dir, 0o555);
        }
    }
    let bytes = std::fs::read(&db).expect("read");
    let (code, _, err) = run_t(
        &db,
        &["ingest", &fixtures().join("iperf3").display().to_string()],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("the store cannot be written"), "{err}");
    assert_eq!(err.lines().count(), 1, "one clear line:\n{err}");
    assert_eq!(
        std::fs::read(&db).expect("read"),
        bytes,
        "the store changed"
    );

    let (code, runs, err) = run_t(&db, &["runs", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(runs, runs_before);
    let (code, out, err) = run_t(&db, &["analyze", "--campaign", "sample-acceptance"]);
    assert!([0, 1, 3].contains(&code), "exit {code}: {err}");
    assert!(out.contains("VERDICT"), "{out}");
    let (code, _, err) = run_t(&db, &["sources"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read(&db).expect("read"),
        bytes,
        "the store changed"
    );
    if mnt.is_err() {
        chmod(&dir, 0o755);
    }
}
