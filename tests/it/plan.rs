//! `llreport plan` and `llreport check` through the binary: the kits of the methodology's
//! setup and of the sample campaign against committed golden files (`UPDATE_GOLDEN=1`
//! rewrites them), the methodology's mistakes absent, files never replaced or written
//! through links unasked, and the exit statuses.

use crate::common::{fixtures, run, run_json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn golden() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/golden")
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// Every file below `dir`, by `/`-separated relative path.
fn tree(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).expect("rel");
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.insert(
                rel.join("/"),
                std::fs::read_to_string(e.path()).expect("utf-8 file"),
            );
        }
    }
    out
}

/// Writes the kit of `contract`, compares it with `golden/<name>/` and `<name>.stdout`.
fn golden_kit(name: &str, contract: &Path) -> BTreeMap<String, String> {
    let d = tempfile::tempdir().expect("tmp");
    let kit = d.path().join("kit");
    let (code, out, err) = run(
        &d.path().join("unused.db"),
        &["plan", "--contract", &s(contract), "-o", &s(&kit)],
    );
    assert_eq!(code, 0, "{out}\n{err}");
    let out = out
        .replace(&s(&kit), "<KIT>")
        .replace(&s(contract), "<CONTRACT>");
    let got = tree(&kit);
    let dir = golden().join(name);
    let stdout = golden().join(format!("{name}.stdout"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        for (rel, text) in &got {
            let p = dir.join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write golden");
        }
        std::fs::write(&stdout, &out).expect("write golden stdout");
    }
    let want = tree(&dir);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "the kit's files differ from {} (UPDATE_GOLDEN=1 rewrites them)",
        dir.display()
    );
    for (rel, text) in &got {
        assert_eq!(
            text, &want[rel],
            "{rel} differs from the golden file (UPDATE_GOLDEN=1 rewrites it)"
        );
    }
    assert_eq!(
        out,
        std::fs::read_to_string(&stdout).expect("golden stdout"),
        "stdout of plan"
    );
    #[cfg(unix)]
    for rel in got.keys().filter(|r| r.starts_with("hosts/")) {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(kit.join(rel))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111, "{rel} is not executable");
    }
    syntax_ok(&kit, &got);
    got
}

/// `sh -n` on every script, where a shell is installed.
fn syntax_ok(kit: &Path, files: &BTreeMap<String, String>) {
    if std::process::Command::new("sh")
        .arg("-c")
        .arg("true")
        .status()
        .is_err()
    {
        eprintln!("no sh: the scripts' syntax is not checked");
        return;
    }
    for rel in files.keys().filter(|r| r.ends_with(".sh")) {
        let st = std::process::Command::new("sh")
            .arg("-n")
            .arg(kit.join(rel))
            .status()
            .expect("sh -n");
        assert!(st.success(), "sh -n {rel} fails");
    }
}

fn no_methodology_mistakes(files: &BTreeMap<String, String>, idc: &str) {
    for (rel, text) in files {
        assert!(!text.contains("-I 300"), "{rel}");
        for l in text.lines().filter(|l| l.contains(" netperf -H ")) {
            assert!(!l.contains("---") && l.contains(" -- -m "), "{rel}: {l}");
            assert!(l.contains(" -l ") && l.ends_with(" -R 1"), "{rel}: {l}");
        }
        if rel.ends_with("/clients.sh") {
            for l in text.lines().filter(|l| l.contains("-client-to-")) {
                assert!(!l.contains(&format!("-H {idc} ")), "{rel}: {l}");
                assert!(!l.contains(&format!("-c {idc} ")), "{rel}: {l}");
            }
        }
    }
}

#[test]
fn kit_for_the_methodologys_setup_matches_the_golden_files() {
    let files = golden_kit(
        "plan-methodology",
        &fixtures().join("plan/methodology.toml"),
    );
    assert_eq!(files.len(), 57);
    no_methodology_mistakes(&files, "192.168.100.1");
}

#[test]
fn kit_for_the_sample_campaigns_contract_matches_the_golden_files() {
    let contract = fixtures().join("campaigns/sample-acceptance/llreport.toml");
    let files = golden_kit("plan-sample", &contract);
    no_methodology_mistakes(&files, "10.200.1.1");
    assert_eq!(
        files["results/llreport.toml"],
        std::fs::read_to_string(&contract).expect("contract")
    );
}

#[test]
fn plan_does_not_replace_files_unasked_nor_write_through_links() {
    let d = tempfile::tempdir().expect("tmp");
    let db = d.path().join("x.db");
    let kit = d.path().join("kit");
    let c = s(&fixtures().join("plan/methodology.toml"));
    let args = ["plan", "--contract", &c, "-o", &s(&kit)];
    assert_eq!(run(&db, &args).0, 0);
    let readme = kit.join("README.md");
    std::fs::write(&readme, "edited").expect("write");
    let (code, _, err) = run(&db, &args);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&readme).expect("read"), "edited");
    let (code, _, err) = run(&db, &[&args[..], &["--force"]].concat());
    assert_eq!(code, 0, "{err}");
    assert_ne!(std::fs::read_to_string(&readme).expect("read"), "edited");
    #[cfg(unix)]
    {
        let outside = d.path().join("outside");
        std::fs::create_dir(&outside).expect("mkdir");
        let kit2 = d.path().join("kit2");
        std::fs::create_dir(&kit2).expect("mkdir");
        std::os::unix::fs::symlink(&outside, kit2.join("hosts")).expect("symlink");
        let (code, _, err) = run(&db, &["plan", "--contract", &c, "-o", &s(&kit2), "--force"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_dir(&outside).expect("read").count(), 0);
    }
}

#[test]
fn plan_exit_statuses() {
    let d = tempfile::tempdir().expect("tmp");
    let db = d.path().join("x.db");
    let base = std::fs::read_to_string(fixtures().join("plan/methodology.toml")).expect("read");
    let short = d.path().join("short.toml");
    std::fs::write(&short, format!("{base}flows_per_host = 1\n")).expect("write");
    let (code, out, err) = run(
        &db,
        &[
            "plan",
            "--contract",
            &s(&short),
            "-o",
            &s(&d.path().join("k1")),
        ],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("warning: 8 flows cannot reach the contracted 1.00 Gbit/s"),
        "{out}"
    );
    assert!(d.path().join("k1/README.md").exists());
    let (code, _, err) = run(
        &db,
        &["plan", "--contract", &s(&d.path().join("missing.toml"))],
    );
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    let no_vpc = d.path().join("novpc.toml");
    std::fs::write(&no_vpc, base.replace("172.16.0.", "192.168.100.1")).expect("write");
    let (code, _, err) = run(
        &db,
        &[
            "plan",
            "--contract",
            &s(&no_vpc),
            "-o",
            &s(&d.path().join("k2")),
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no host on a VPC side"), "{err}");
    assert!(!d.path().join("k2").exists());
}

#[test]
fn check_exit_statuses_and_json() {
    let d = tempfile::tempdir().expect("tmp");
    let db = d.path().join("x.db");
    let good = s(&fixtures().join("plan/methodology.toml"));
    let (code, out, err) = run(&db, &["check", "--contract", &good]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 errors, 0 warnings"), "{out}");
    let bad = d.path().join("bad.toml");
    let text = std::fs::read_to_string(&good).expect("read").replace(
        "cidrs = [\"172.16.0.0/12\"]",
        "cidrs = [\"192.168.0.0/16\", \"172.16.0.0/12\"]",
    );
    std::fs::write(&bad, text).expect("write");
    let (code, v, err) = run_json(&db, &["check", "--contract", &s(&bad), "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(v["errors"], 1, "{v}");
    let f = &v["findings"][0];
    assert_eq!(f["severity"], "error");
    assert_eq!(f["code"], "overlap-sides");
    assert!(f["fix"].as_str().is_some_and(|x| !x.is_empty()));
    let (code, out, _) = run(&db, &["check", "--contract", &s(&bad)]);
    assert_eq!(code, 1);
    assert!(out.starts_with("error    overlap-sides"), "{out}");
    let broken = d.path().join("broken.toml");
    std::fs::write(&broken, "[link]\nname = 'x'\n").expect("write");
    let (code, _, err) = run(&db, &["check", "--contract", &s(&broken)]);
    assert_eq!(code, 2, "{err}");
    let (code, _, _) = run(
        &db,
        &["check", "--contract", &s(&d.path().join("none.toml"))],
    );
    assert_eq!(code, 2);
}
