//! Strings from logs and contract files reach the reports as text, never as markup: HTML
//! escapes them, Markdown keeps its tables whole, the PDF shows them literally (typst does
//! not evaluate them), and a report's default file name stays in the working directory
//! whatever the campaign is called.

use super::util::{copy_tree, files_under, ingest, run_t};
use crate::common::fixtures;
use std::path::Path;

/// Markup of every kind the reports are written in.
const EVIL: &str = r#"<script>alert(1)</script><img src=x onerror=alert(2)>|**b**_i_`c`[l](u)#panic("typst-injected")\"#;

/// A copy of the sample campaign whose contract and logs carry [`EVIL`].
fn poisoned_campaign(dir: &Path) -> std::path::PathBuf {
    let camp = dir.join("camp");
    copy_tree(&fixtures().join("campaigns/sample-acceptance"), &camp);
    let toml_path = camp.join("llreport.toml");
    let toml = std::fs::read_to_string(&toml_path).expect("contract");
    let quoted = toml::Value::String(format!("{EVIL}\nsecond line")).to_string();
    let toml = toml
        .replace(r#"name = "lab-100m""#, &format!("name = {quoted}"))
        .replace(
            r#"customer = "Example Corp""#,
            &format!("customer = {quoted}"),
        )
        .replace(r#"name = "A. Engineer""#, &format!("name = {quoted}"))
        .replace(r#"name = "sample-acceptance""#, &format!("name = {quoted}"));
    std::fs::write(&toml_path, toml).expect("write contract");
    // A host name in a sar header, an error text, and a line a parser warns about.
    let sar = camp.join("inbound/bps/sar-idc-iperf3.log");
    let text = std::fs::read_to_string(&sar).expect("sar");
    let host = EVIL.replace([' ', '(', ')'], "");
    std::fs::write(&sar, text.replacen("(idc)", &format!("({host})"), 1)).expect("w");
    std::fs::write(
        camp.join("inbound/bps/iperf3-error.log"),
        format!("iperf3: error - unable to connect to server: {EVIL}\n"),
    )
    .expect("w");
    let client = camp.join("inbound/bps/iperf3-vpc1-client.log");
    let text = std::fs::read_to_string(&client).expect("client");
    std::fs::write(&client, format!("{EVIL}\n{text}")).expect("w");
    camp
}

/// The `|` of a Markdown line that are not escaped.
fn pipes(line: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in line.chars() {
        match (c, escaped) {
            ('\\', false) => escaped = true,
            ('|', false) => n += 1,
            _ => escaped = false,
        }
    }
    n
}

#[test]
fn log_and_contract_strings_are_text_in_every_report_format() {
    let d = tempfile::tempdir().expect("tmp");
    let camp = poisoned_campaign(d.path());
    let db = d.path().join("s.db");
    let (code, summary, err) = ingest(&db, &[&camp], &["--no-progress"]);
    assert!(code == 0 || code == 1, "{err}");
    let campaign = summary["campaigns"][0]
        .as_str()
        .expect("campaign")
        .to_string();
    assert!(campaign.contains("<script>"), "{campaign}");

    let report = |format: &str| {
        let (code, out, err) = run_t(
            &db,
            &[
                "report",
                "--campaign",
                &campaign,
                "--format",
                format,
                "-o",
                "-",
            ],
        );
        assert_eq!(code, 0, "{format}: {err}");
        out
    };

    let html = report("html");
    for raw in ["<script>alert", "<img src=x", "onerror=alert(2)>"] {
        assert!(!html.contains(raw), "raw {raw:?} in the HTML report");
    }
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;")
            || html.contains("&lt;script&gt;alert(1)&lt;"),
        "the campaign name is not shown escaped"
    );

    let md = report("md");
    for raw in ["<script>", "<img"] {
        assert!(!md.contains(raw), "raw {raw:?} in the Markdown report");
    }
    let mut table: Option<usize> = None;
    for (i, line) in md.lines().enumerate() {
        if line.starts_with('|') {
            let n = pipes(line);
            let want = *table.get_or_insert(n);
            assert_eq!(
                n,
                want,
                "Markdown table row {} has {n} cells borders, the header {want}:\n{line}",
                i + 1
            );
        } else {
            table = None;
        }
    }

    let json = report("json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
    let all = v.to_string();
    assert!(
        all.contains("<script>alert(1)</script>"),
        "JSON keeps the text as it is"
    );
    // The payload got there from the contract, the error text, the warning and the host.
    assert!(all.matches("typst-injected").count() >= 5, "{all}");
    assert!(
        all.contains("unable to connect to server: <script>"),
        "{all}"
    );
    assert!(
        all.contains("<imgsrc=xonerror=alert2>"),
        "the sar host name is not in the report"
    );

    let pdf_path = d.path().join("r.pdf");
    let (code, _, err) = run_t(
        &db,
        &[
            "report",
            "--campaign",
            &campaign,
            "--format",
            "pdf",
            "-o",
            &pdf_path.display().to_string(),
        ],
    );
    assert_eq!(code, 0, "typst must not evaluate log text: {err}");
    match std::process::Command::new("pdftotext")
        .arg(&pdf_path)
        .arg("-")
        .output()
    {
        Ok(o) if o.status.success() => {
            let text = String::from_utf8_lossy(&o.stdout);
            assert!(
                text.contains("typst-injected"),
                "the text is shown literally"
            );
            assert!(text.contains("<script>alert(1)"), "{text}");
        }
        _ => super::util::skip(
            "PDF text check",
            "pdftotext (poppler-utils) is not installed",
        ),
    }
}

#[test]
fn report_file_names_stay_in_the_working_directory() {
    let d = tempfile::tempdir().expect("tmp");
    let db = d.path().join("s.db");
    let out = d.path().join("a/b/out");
    std::fs::create_dir_all(&out).expect("mkdir");
    let abs = d.path().join("abs");
    let names = [
        "../../escape".to_string(),
        "../../../../../../../tmp/escape".to_string(),
        abs.display().to_string(),
        "..".into(),
        ".".into(),
        "a/b".into(),
        ".hidden".into(),
        "-o".into(),
        "x".repeat(400),
        "名前 with spaces".into(),
    ];
    let existed = Path::new("/tmp/escape-acceptance.md").exists();
    let camp = fixtures().join("campaigns/sample-acceptance");
    for n in &names {
        let (code, _, err) = ingest(
            &db,
            &[&camp],
            &["--no-progress", &format!("--campaign={n}")],
        );
        assert!(code == 0 || code == 1, "{n}: {err}");
    }
    for n in &names {
        let out = crate::common::llreport(&db)
            .current_dir(&out)
            .args(["report", "--format", "md", &format!("--campaign={n}")])
            .timeout(super::util::PROCESS_TIMEOUT)
            .output()
            .expect("run");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{n}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let written: Vec<_> = files_under(d.path())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    for p in &written {
        assert_eq!(
            p.parent(),
            Some(out.as_path()),
            "written outside the directory: {}",
            p.display()
        );
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        assert!(!name.starts_with('.') && name.len() <= 255, "{name}");
    }
    assert!(!written.is_empty());
    let tmp_escape = Path::new("/tmp/escape-acceptance.md");
    assert!(
        !tmp_escape.exists() || existed,
        "{} was written",
        tmp_escape.display()
    );
}

#[test]
fn plan_kit_files_stay_in_the_kit_whatever_the_hosts_are_called() {
    let d = tempfile::tempdir().expect("tmp");
    let contract = std::fs::read_to_string(fixtures().join("plan/methodology.toml")).expect("read");
    let abs = d.path().join("abs");
    let evil = [
        "../../escape".to_string(),
        abs.display().to_string(),
        "..".into(),
        "a/b".into(),
        "$(touch pwned)".into(),
        format!("{EVIL}\n"),
    ];
    let mut c = contract.clone();
    for (i, name) in evil.iter().enumerate() {
        let quoted = toml::Value::String(name.clone()).to_string();
        c = c.replacen(
            &format!("name = \"ecs{}\"", i + 1),
            &format!("name = {quoted}"),
            1,
        );
    }
    let cpath = d.path().join("c.toml");
    std::fs::write(&cpath, &c).expect("write");
    let work = d.path().join("work");
    let kit = work.join("kit");
    std::fs::create_dir_all(&work).expect("mkdir");
    let out = crate::common::llreport(&d.path().join("x.db"))
        .current_dir(&work)
        .args([
            "plan",
            "--contract",
            &cpath.display().to_string(),
            "-o",
            "kit",
        ])
        .timeout(super::util::PROCESS_TIMEOUT)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    let code = out.status.code().expect("exit");
    assert!(code == 0 || code == 2, "{err}");
    for p in files_under(d.path()) {
        let inside = p.starts_with(&kit) || p == cpath || p.starts_with(d.path().join("x.db"));
        assert!(inside, "plan wrote {} outside the kit", p.display());
    }
    if code == 0 {
        for p in files_under(&kit) {
            if p.extension().is_some_and(|e| e == "sh") {
                let ok = std::process::Command::new("sh").arg("-n").arg(&p).status();
                assert!(
                    ok.is_ok_and(|s| s.success()),
                    "{} is not valid sh",
                    p.display()
                );
            }
        }
    }
}
