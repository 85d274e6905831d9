//! `llreport report`: snapshots of the HTML and Markdown of the sample campaign, the HTML in
//! a real headless Chromium, the PDF through pdftotext and pdftoppm, escaping of hostile
//! host names, byte-identical output on a second run, and safe default file names.

use crate::common::{fixtures, llreport, run};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A store with the sample campaign ingested.
fn sample_store(dir: &Path) -> PathBuf {
    let db = dir.join("s.db");
    let campaign = fixtures().join("campaigns/sample-acceptance");
    let (code, _, err) = run(&db, &["ingest", campaign.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    db
}

fn report(db: &Path, out: &Path, format: &str) -> Vec<u8> {
    let (code, _, err) = run(
        db,
        &["report", "--format", format, "-o", out.to_str().unwrap()],
    );
    assert_eq!(code, 0, "report --format {format}: {err}");
    std::fs::read(out).unwrap()
}

/// The HTML with each inline SVG replaced by its size, so the snapshot stays readable (the
/// chart bytes are covered by the determinism test and the chart tests).
fn without_svg(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<svg") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("</svg>").map_or(rest.len(), |e| i + e + 6);
        out.push_str(&format!("<svg><!-- {} bytes --></svg>", end - i));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn html_and_markdown_of_the_sample_campaign() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_store(dir.path());
    let html = String::from_utf8(report(&db, &dir.path().join("r.html"), "html")).unwrap();
    assert!(html.contains(r#"<div id="verdict" class="verdict inconclusive">INCONCLUSIVE</div>"#));
    assert!(!html.contains("<script"), "no script in the page");
    assert!(
        !html.contains(" src=") && !html.contains("<link") && !html.contains("@import"),
        "no external assets"
    );
    assert_eq!(html.matches("<svg").count(), 10, "charts");
    insta::assert_snapshot!("sample_html", without_svg(&html));
    let md = String::from_utf8(report(&db, &dir.path().join("r.md"), "md")).unwrap();
    let (code, stdout, _) = run(&db, &["report", "--format", "md", "-o", "-"]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, md.as_str()),
        "-o - writes to stdout"
    );
    insta::assert_snapshot!("sample_md", md);
    let json: serde_json::Value =
        serde_json::from_slice(&report(&db, &dir.path().join("r.json"), "json")).unwrap();
    assert_eq!(json["verdict"]["label"], "INCONCLUSIVE");
    assert_eq!(json["campaign"], "sample-acceptance");
}

#[test]
fn the_same_store_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_store(dir.path());
    for f in ["html", "pdf"] {
        let a = report(&db, &dir.path().join(format!("a.{f}")), f);
        let b = report(&db, &dir.path().join(format!("b.{f}")), f);
        assert!(a == b, "{f} differs between two runs");
    }
}

#[test]
fn default_output_name_stays_in_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let campaign = fixtures().join("campaigns/sample-acceptance");
    let (code, _, err) = run(
        &db,
        &[
            "ingest",
            "--campaign",
            "../../evil",
            campaign.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let out = llreport(&db)
        .current_dir(&work)
        .args(["report", "--format", "md"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<String> = std::fs::read_dir(&work)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["____evil-acceptance.md"]);
}

/// Copies a directory tree.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

const HOSTILE: &str = "<script>alert(1)</script>";

/// The sample campaign with vpc1 renamed to a script tag in the contract and the IDC's sar
/// file naming that host on its first line.
fn hostile_store(dir: &Path) -> PathBuf {
    let campaign = dir.join("hostile");
    copy_tree(&fixtures().join("campaigns/sample-acceptance"), &campaign);
    let toml = campaign.join("llreport.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replace("name = \"vpc1\"", &format!("name = \"{HOSTILE}\"")),
    )
    .unwrap();
    let sar = campaign.join("inbound/bps/sar-idc-iperf3.log");
    let text = std::fs::read_to_string(&sar).unwrap();
    let (first, rest) = text.split_once('\n').unwrap();
    assert!(first.contains("(idc)"), "{first}");
    std::fs::write(
        &sar,
        format!(
            "{}\n{rest}",
            first.replace("(idc)", &format!("({HOSTILE})"))
        ),
    )
    .unwrap();
    let db = dir.join("h.db");
    let (code, _, err) = run(&db, &["ingest", campaign.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    db
}

#[test]
fn hostile_host_names_are_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile_store(dir.path());
    let html = String::from_utf8(report(&db, &dir.path().join("h.html"), "html")).unwrap();
    assert!(
        !html.contains("<script"),
        "a raw script tag reached the HTML"
    );
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "escaped host"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped chart label"
    );
    let md = String::from_utf8(report(&db, &dir.path().join("h.md"), "md")).unwrap();
    assert!(!md.contains("<script"));
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    if let Some(text) = pdf_text(&report(&db, &dir.path().join("h.pdf"), "pdf"), dir.path()) {
        assert!(text.contains(HOSTILE), "the PDF shows the name as text");
    }
    if let Some(b) = browser() {
        let dom = chromium(&b, &dir.path().join("h.html"), dir.path(), &["--dump-dom"]);
        assert!(
            !dom.stdout.contains("<script"),
            "the browser saw a script element"
        );
        assert!(dom.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}

/// A required external program, or `None` with a message when `LLREPORT_SKIP_<what>=1`
/// allows skipping outside CI; otherwise the test fails, so CI never passes without it.
fn program(name: &str, package: &str, skip_var: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    });
    match found {
        Some(p) => Some(p),
        None if std::env::var(skip_var).as_deref() == Ok("1")
            && std::env::var_os("CI").is_none() =>
        {
            eprintln!(
                "SKIPPED: `{name}` is not installed ({skip_var}=1); apt-get install {package}"
            );
            None
        }
        None => panic!(
            "`{name}` is not installed: apt-get install {package} (set {skip_var}=1 to skip locally)"
        ),
    }
}

fn browser() -> Option<PathBuf> {
    program("chromium", "chromium", "LLREPORT_SKIP_BROWSER")
}

struct Output {
    stdout: String,
    stderr: String,
}

/// Runs headless Chromium on a local file with networking and background services off.
fn chromium(bin: &Path, html: &Path, dir: &Path, extra: &[&str]) -> Output {
    let profile = tempfile::tempdir_in(dir).unwrap();
    let out = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "chromium failed: {stderr}");
    Output {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    }
}

#[test]
fn the_html_loads_in_chromium_without_errors() {
    let Some(bin) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = sample_store(dir.path());
    let html = dir.path().join("r.html");
    report(&db, &html, "html");
    let dom = chromium(&bin, &html, dir.path(), &["--dump-dom"]);
    assert!(
        dom.stdout
            .contains(r#"<div id="verdict" class="verdict inconclusive">INCONCLUSIVE</div>"#),
        "verdict not in the DOM:\n{}",
        &dom.stdout[..dom.stdout.len().min(2000)]
    );
    for line in dom.stderr.lines() {
        assert!(
            !line.contains("CONSOLE") && !line.contains("Uncaught") && !line.contains("net::ERR"),
            "browser error: {line}"
        );
    }
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-sample.png");
    let _ = std::fs::remove_file(&shot);
    chromium(
        &bin,
        &html,
        dir.path(),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1000,1400",
            "--hide-scrollbars",
        ],
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "screenshot"
    );
}

/// The PDF's text, or `None` when pdftotext is missing and skipping is allowed.
fn pdf_text(pdf: &[u8], dir: &Path) -> Option<String> {
    let bin = program("pdftotext", "poppler-utils", "LLREPORT_SKIP_PDFTOOLS")?;
    let path = dir.join("t.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new(bin)
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_pdf_shows_the_verdict_the_contract_and_the_totals() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_store(dir.path());
    let pdf = report(&db, &dir.path().join("r.pdf"), "pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    let json: serde_json::Value =
        serde_json::from_slice(&report(&db, &dir.path().join("r.json"), "json")).unwrap();
    let Some(text) = pdf_text(&pdf, dir.path()) else {
        return;
    };
    let text = squash(&text);
    assert!(text.contains("INCONCLUSIVE"));
    assert!(
        text.contains("Contractedbandwidth100Mbit/s"),
        "{}",
        &text[..text.len().min(600)]
    );
    let mut checked = 0;
    for block in json["results"].as_array().unwrap() {
        for row in block["table"]["rows"].as_array().unwrap() {
            if !row[0]["text"].as_str().unwrap().starts_with("Received") {
                continue;
            }
            for cell in row.as_array().unwrap().iter().skip(1) {
                let t = squash(cell["text"].as_str().unwrap());
                assert!(text.contains(&t), "{} missing from the PDF", t);
                checked += 1;
            }
        }
    }
    assert!(checked >= 16, "{checked} totals checked");
    let pages = dir.path().join("page");
    if let Some(bin) = program("pdftoppm", "poppler-utils", "LLREPORT_SKIP_PDFTOOLS") {
        let st = Command::new(bin)
            .args(["-r", "60", "-png", "-f", "1", "-l", "1"])
            .arg(dir.path().join("r.pdf"))
            .arg(&pages)
            .status()
            .unwrap();
        assert!(st.success());
        assert!(
            std::fs::read_dir(dir.path())
                .unwrap()
                .any(|e| { e.unwrap().file_name().to_string_lossy().starts_with("page") })
        );
    }
}
