//! Damaged files among good ones, through the real binary: each bad file gives a
//! `path:line:col` error or a skip, leaves no records behind, and the good files still go
//! in; the exit status says whether everything went in (0), something failed (1), or the
//! run could not be done (2).

use super::util::{Rng, assert_integrity, assert_no_partial_sources, ingest, open, run_t};
use crate::common::fixtures;
use std::path::Path;

/// One fixture of each format: (format, path under fixtures/).
pub const SAMPLE: &[(&str, &str)] = &[
    ("iperf3-text", "iperf3/i3_ns_udp_l16_b100m_client.log"),
    ("iperf3-json", "iperf3/i3_ns_tcp_J_client.json"),
    ("netperf-classic", "netperf/np_lo_tcp_stream_default.log"),
    ("netperf-omni", "netperf/np_ll100_omni_udp_m1_csv.log"),
    ("netserver", "netperf/netserver_idc_p12865.log"),
    ("sar-text", "sar/sar_dev_vpc_during_np_bps_idc2vpc.log"),
    ("sadf-csv", "sar/sadf_d_dev_vpc_during_i3_udp.csv"),
    ("sadf-json", "sar/sadf_j_dev_vpc_during_i3_udp.json"),
    ("sadf-p", "sar/sadf_p_dev_vpc_during_i3_udp.txt"),
];

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(rel)).expect("read fixture")
}

fn lines(b: &[u8]) -> Vec<&[u8]> {
    b.split(|&c| c == b'\n').collect()
}

/// Writes the damaged versions of `bytes` into `dir` as `<name>.<damage>`.
fn damage(dir: &Path, name: &str, bytes: &[u8], rng: &mut Rng) {
    let ls = lines(bytes);
    let cut_line: Vec<u8> = ls[..ls.len() / 2].join(&b'\n');
    let cut_byte = bytes[..rng.below(bytes.len())].to_vec();
    let mut flipped = bytes.to_vec();
    for _ in 0..8 {
        let at = rng.below(flipped.len());
        flipped[at] = rng.next() as u8;
    }
    let mut dup = ls.clone();
    let k = rng.below(ls.len());
    dup.insert(k, ls[k]);
    let mut shuffled = ls.clone();
    for i in (1..shuffled.len()).rev() {
        shuffled.swap(i, rng.below(i + 1));
    }
    for (what, b) in [
        ("cut-at-line", cut_line),
        ("cut-at-byte", cut_byte),
        ("flipped", flipped),
        ("duplicated-line", dup.join(&b'\n')),
        ("shuffled", shuffled.join(&b'\n')),
    ] {
        std::fs::write(dir.join(format!("{name}.{what}")), b).expect("write");
    }
}

fn utf16le_crlf(b: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(b).replace('\n', "\r\n");
    let mut out = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

#[test]
fn damaged_files_fail_alone_with_their_place_and_leave_nothing_behind() {
    let d = tempfile::tempdir().expect("tmp");
    let tree = d.path().join("tree");
    let (good, damaged, special) = (
        tree.join("good"),
        tree.join("damaged"),
        tree.join("special"),
    );
    for dir in [&good, &damaged, &special] {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    let mut rng = Rng::new(20_240_917);
    for (name, rel) in SAMPLE {
        let b = read(rel);
        std::fs::write(good.join(name), &b).expect("write");
        damage(&damaged, name, &b, &mut rng);
    }
    let iperf = read(SAMPLE[0].1);
    let mut nul = iperf.clone();
    nul.splice(100..100, [0u8, 0, 0]);
    std::fs::write(special.join("nul-bytes.log"), nul).expect("w");
    let mut bad_utf8 = iperf.clone();
    bad_utf8.splice(200..200, [0xff, 0xfe, 0xc3]);
    std::fs::write(special.join("invalid-utf8.log"), bad_utf8).expect("w");
    std::fs::write(special.join("powershell.log"), utf16le_crlf(&iperf)).expect("w");
    std::fs::write(special.join("empty.log"), b"").expect("w");
    std::os::unix::fs::symlink(&tree, special.join("loop")).expect("symlink");
    // Endless and missing files behind links: not regular files, never read.
    std::os::unix::fs::symlink("/dev/zero", special.join("zero.log")).expect("symlink");
    std::os::unix::fs::symlink("/dev/urandom", special.join("random.log")).expect("symlink");
    std::os::unix::fs::symlink(d.path().join("gone"), special.join("dangling.log"))
        .expect("symlink");
    let fifo = std::process::Command::new("mkfifo")
        .arg(special.join("fifo.log"))
        .status();
    assert!(fifo.is_ok_and(|s| s.success()), "mkfifo");

    let db = d.path().join("s.db");
    let (code, summary, err) = ingest(&db, &[&tree], &["--no-progress"]);
    assert_eq!(code, 1, "some files failed, so exit 1:\n{err}");
    assert!(err.contains("symbolic link loop"), "{err}");
    assert!(err.contains("dangling.log: error:"), "{err}");
    assert!(err.contains("nul-bytes.log: skipped: binary data"), "{err}");
    assert!(err.contains("empty.log: skipped: empty file"), "{err}");
    assert_integrity(&db);
    assert_no_partial_sources(&db);

    let c = open(&db);
    let status_of = |path: &str| -> (String, i64, i64) {
        c.query_row(
            "SELECT s.status, (SELECT count(*) FROM runs r WHERE r.source_id = s.id),
                    (SELECT count(*) FROM sar_samples x WHERE x.source_id = s.id)
             FROM sources s WHERE s.path = ?1",
            [path],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    for (name, _) in SAMPLE {
        let (status, runs, samples) = status_of(&format!("tree/good/{name}"));
        assert_eq!(status, "ok", "{name}");
        // A netserver log only says the server started: a source with no records.
        assert!(
            runs + samples > 0 || *name == "netserver",
            "{name}: nothing stored"
        );
    }
    // PowerShell's UTF-16 with CRLF reads exactly like the original; invalid UTF-8 is a warning.
    assert_eq!(
        status_of("tree/special/powershell.log"),
        status_of("tree/good/iperf3-text")
    );
    assert_eq!(status_of("tree/special/invalid-utf8.log").0, "ok");
    assert!(
        err.lines()
            .any(|l| l.contains("invalid-utf8.log:") && l.contains("warning: invalid UTF-8")),
        "{err}"
    );

    // Every failed file: a row with its line and column, the same place on stderr, no records.
    let mut st = c
        .prepare("SELECT path, error_line, error_column, error FROM sources WHERE status = 'error'")
        .expect("prepare");
    let failed: Vec<(String, i64, i64, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect();
    assert!(
        !failed.is_empty(),
        "no damaged file failed: the damage is too mild"
    );
    for (path, line, col, msg) in &failed {
        assert!(*line >= 1 && *col >= 1, "{path}: {line}:{col}");
        let fs_path = d.path().join(path);
        let want = format!("{}:{line}:{col}: error: ", fs_path.display());
        assert!(err.contains(&want), "no {want:?} on stderr:\n{err}");
        assert!(!msg.is_empty(), "{path}");
    }
    assert_eq!(
        summary["files"]["failed"].as_u64(),
        Some(failed.len() as u64),
        "{summary}"
    );
    // The loop (and whatever else the walk could not follow) is counted, not just printed.
    let not_walked = summary["files"]["not_walked"].as_u64().unwrap_or(0);
    assert!(not_walked >= 1, "{summary}");
    assert_eq!(
        summary["errors"].as_array().map(Vec::len),
        Some((failed.len() as u64 + not_walked) as usize),
        "{summary}"
    );

    // Again: nothing new, nothing twice, the same verdict.
    let before = super::util::sources(&db);
    let (code2, summary2, _) = ingest(&db, &[&tree], &["--no-progress"]);
    assert_eq!(code2, 1);
    assert_eq!(summary2["added"]["runs"], 0, "{summary2}");
    assert_eq!(super::util::sources(&db), before);
}

#[test]
fn exit_status_0_when_all_went_in_and_2_when_the_store_is_unusable() {
    let d = tempfile::tempdir().expect("tmp");
    let logs = d.path().join("logs");
    std::fs::create_dir(&logs).expect("mkdir");
    for (name, rel) in SAMPLE {
        std::fs::write(logs.join(name), read(rel)).expect("w");
    }
    let db = d.path().join("s.db");
    let (code, summary, err) = ingest(&db, &[&logs], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        summary["files"]["ingested"].as_u64(),
        Some(SAMPLE.len() as u64)
    );

    // Not a database: refused, left as it was.
    let junk = d.path().join("junk.db");
    let bytes: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&junk, &bytes).expect("w");
    let (code, _, err) = run_t(&junk, &["ingest", &logs.display().to_string()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("junk.db: file is not a database"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line, said once:\n{err}");
    assert!(!err.contains("Error code"), "{err}");
    assert_eq!(std::fs::read(&junk).expect("r"), bytes);

    // A directory where the store should be, and a store in a folder that does not exist.
    let (code, _, err) = run_t(d.path(), &["ingest", &logs.display().to_string()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("cannot create the store: it is a folder"),
        "{err}"
    );
    let (code, _, err) = run_t(d.path(), &["runs"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("a folder, not a store file"), "{err}");
    let nowhere = d.path().join("no/such/folder/s.db");
    let (code, _, err) = run_t(&nowhere, &["ingest", &logs.display().to_string()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("folder/s.db: cannot create the store: the folder"),
        "{err}"
    );
    assert!(err.contains("does not exist"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_50_mb_line_is_read_or_reported_in_bounded_time() {
    let d = tempfile::tempdir().expect("tmp");
    let logs = d.path().join("logs");
    std::fs::create_dir(&logs).expect("mkdir");
    const BIG: usize = 50 * 1024 * 1024;
    // A file that is one 50 MB line of numbers (it looks like netperf -P 0 output).
    let alone: Vec<u8> = b"1 ".iter().copied().cycle().take(BIG).collect();
    std::fs::write(logs.join("one-line.log"), alone).expect("w");
    // A real iperf3 log with a 50 MB line after its third line.
    let iperf = read(SAMPLE[0].1);
    let ls = lines(&iperf);
    let mut inside = ls[..3].join(&b'\n');
    inside.push(b'\n');
    inside.extend(std::iter::repeat_n(b'x', BIG));
    inside.push(b'\n');
    inside.extend(ls[3..].join(&b'\n'));
    std::fs::write(logs.join("line-inside.log"), inside).expect("w");
    std::fs::write(logs.join("good.log"), &iperf).expect("w");

    let db = d.path().join("s.db");
    let started = std::time::Instant::now();
    let (code, summary, err) = ingest(&db, &[&logs], &["--no-progress"]);
    eprintln!(
        "two 50 MB lines: exit {code} in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    assert!(code == 0 || code == 1, "{err}");
    for e in summary["errors"].as_array().expect("errors") {
        assert!(e["line"].as_u64().is_some_and(|l| l >= 1), "{e}");
        assert!(e["column"].as_u64().is_some_and(|c| c >= 1), "{e}");
    }
    // Messages quote at most a short excerpt of the line, not 50 MB of it.
    assert!(err.len() < 64 * 1024, "stderr is {} bytes", err.len());
    assert_integrity(&db);
    assert_no_partial_sources(&db);
    let runs_good: i64 = open(&db)
        .query_row(
            "SELECT count(*) FROM runs r JOIN sources s ON s.id = r.source_id WHERE s.path = 'logs/good.log'",
            [],
            |r| r.get(0),
        )
        .expect("q");
    assert!(runs_good > 0);
}
