//! `campaigns`, `trend` and `diff` over the two sample campaigns of link lab-100m. The
//! regressions expected are computed here from the campaigns' expected.json (figures derived
//! from the raw logs by a separate script) and the documented default thresholds.

use crate::common::{fixtures, run, run_json, two_campaigns};
use serde_json::Value;
use std::collections::BTreeSet;

fn expected(c: &str) -> Value {
    let p = fixtures().join("campaigns").join(c).join("expected.json");
    serde_json::from_str(&std::fs::read_to_string(p).expect("read")).expect("json")
}

/// (campaign, test, metric) of every regression the default rules find.
fn regressions_from_oracles() -> BTreeSet<(String, String, String)> {
    let base = expected("sample-acceptance");
    let re = expected("retest-degraded");
    let mut out = BTreeSet::new();
    for dir in ["inbound", "outbound"] {
        for (mode, ours) in [("pps", "pps"), ("bps", "bandwidth")] {
            for tool in ["netperf", "iperf3"] {
                let b = &base["tests"][dir][mode][tool]["totals"];
                let r = &re["tests"][dir][mode][tool]["totals"];
                let test = format!("{dir}/{ours}/{tool}");
                let f = |v: &Value, k: &str| v[k].as_f64().unwrap_or(f64::NAN);
                let bps_key = if tool == "netperf" {
                    "sum_received_bps_derived"
                } else {
                    "sum_received_bps_log"
                };
                if ours == "bandwidth" {
                    if (f(r, bps_key) - f(b, bps_key)) / f(b, bps_key) * 100.0 < -10.0 {
                        out.insert((
                            "retest-degraded".into(),
                            test.clone(),
                            "received_bps".into(),
                        ));
                    }
                    if f(r, "overall_loss_pct") - f(b, "overall_loss_pct") > 0.1 {
                        out.insert((
                            "retest-degraded".into(),
                            test.clone(),
                            "loss_percent".into(),
                        ));
                    }
                } else if (f(r, "sum_received_pps") - f(b, "sum_received_pps"))
                    / f(b, "sum_received_pps")
                    * 100.0
                    < -10.0
                {
                    out.insert((
                        "retest-degraded".into(),
                        test.clone(),
                        "received_pps".into(),
                    ));
                }
                if tool == "iperf3" {
                    let worst = |e: &Value| {
                        e["tests"][dir][mode][tool]["hosts"]
                            .as_object()
                            .map(|h| {
                                h.values()
                                    .filter_map(|v| v["jitter_ms"].as_f64())
                                    .fold(0.0f64, f64::max)
                            })
                            .unwrap_or(0.0)
                    };
                    if worst(&re) - worst(&base) > 1.0 {
                        out.insert(("retest-degraded".into(), test.clone(), "jitter_ms".into()));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn the_trend_finds_the_regressions_the_raw_figures_show() {
    let (_d, db) = two_campaigns();
    let (code, t, err) = run_json(&db, &["trend", "--link", "lab-100m", "--format", "json"]);
    assert_eq!(t["baseline"], "sample-acceptance", "{err}");
    let found: BTreeSet<(String, String, String)> = t["regressions"]
        .as_array()
        .map(|r| {
            r.iter()
                .map(|x| {
                    let k = &x["key"];
                    (
                        x["campaign"].as_str().unwrap_or("").to_string(),
                        format!(
                            "{}/{}/{}",
                            k["direction"].as_str().unwrap_or(""),
                            k["mode"].as_str().unwrap_or(""),
                            k["tool"].as_str().unwrap_or("")
                        ),
                        x["metric"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let want = regressions_from_oracles();
    assert!(!want.is_empty());
    assert_eq!(found, want);
    assert_eq!(code, 1, "regressions make the exit status 1");
    // The series are in date order: the acceptance first, then the re-test.
    let first = &t["series"][0]["points"];
    assert_eq!(first[0]["campaign"], "sample-acceptance");
    assert_eq!(first[1]["campaign"], "retest-degraded");
}

#[test]
fn campaigns_lists_both_in_date_order_with_verdicts() {
    let (_d, db) = two_campaigns();
    let (code, v, _) = run_json(&db, &["campaigns", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(v[0]["name"], "sample-acceptance");
    assert_eq!(v[0]["kind"], "acceptance");
    assert_eq!(v[1]["name"], "retest-degraded");
    assert_eq!(v[1]["verdict"], "inconclusive");
    let (code, _, err) = run(&db, &["campaigns", "--link", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("known links: lab-100m"), "{err}");
}

#[test]
fn a_baseline_can_be_chosen_and_an_unknown_one_is_named() {
    let (_d, db) = two_campaigns();
    let (_, t, _) = run_json(
        &db,
        &[
            "trend",
            "--link",
            "lab-100m",
            "--baseline",
            "retest-degraded",
            "--format",
            "json",
        ],
    );
    assert_eq!(t["baseline"], "retest-degraded");
    assert_eq!(t["baseline_rule"], "given with --baseline");
    let (code, _, err) = run(&db, &["trend", "--link", "lab-100m", "--baseline", "x"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("its campaigns: sample-acceptance, retest-degraded"),
        "{err}"
    );
}

#[test]
fn diff_shows_both_campaigns_side_by_side() {
    let (_d, db) = two_campaigns();
    let (code, d, _) = run_json(
        &db,
        &[
            "diff",
            "sample-acceptance",
            "retest-degraded",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0);
    let row = d["rows"]
        .as_array()
        .and_then(|r| {
            r.iter()
                .find(|x| x["test"] == "inbound/bandwidth/iperf3" && x["item"] == "flows")
        })
        .cloned()
        .expect("flows row");
    assert_eq!(row["a"], 4.0);
    assert_eq!(row["b"], 8.0);
    let (_, md, _) = run(
        &db,
        &[
            "diff",
            "sample-acceptance",
            "retest-degraded",
            "--format",
            "md",
        ],
    );
    assert!(
        md.starts_with("# sample-acceptance vs retest-degraded"),
        "{md}"
    );
    assert!(
        md.contains(
            "| inbound/bandwidth/iperf3 | loss\\_percent | 70.045 % | 72.012 % | +1.967 points |"
        ),
        "{md}"
    );
}

#[test]
fn the_trend_report_renders_as_html_and_pdf_with_its_regressions() {
    let (d, db) = two_campaigns();
    let html = d.path().join("trend.html");
    let (code, _, err) = run(
        &db,
        &[
            "trend",
            "--link",
            "lab-100m",
            "--format",
            "html",
            "-o",
            &html.display().to_string(),
        ],
    );
    assert_eq!(code, 1, "{err}");
    let text = std::fs::read_to_string(&html).expect("html");
    assert!(text.contains("3 REGRESSIONS"), "verdict badge");
    assert!(text.contains("<svg"), "charts inline");
    assert!(!text.contains("<script"), "no script");
    assert!(text.contains("retest-degraded: inbound/bandwidth/iperf3: loss 72.012 %"));
    let pdf = d.path().join("trend.pdf");
    let (code, _, err) = run(
        &db,
        &[
            "trend",
            "--link",
            "lab-100m",
            "--format",
            "pdf",
            "-o",
            &pdf.display().to_string(),
        ],
    );
    assert_eq!(code, 1, "{err}");
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", &pdf.display().to_string(), "-"])
        .output();
    match out {
        Ok(o) if o.status.success() => {
            let t = String::from_utf8_lossy(&o.stdout);
            assert!(t.contains("3 REGRESSIONS"), "{t}");
            assert!(t.contains("Contracted bandwidth"), "{t}");
            assert!(t.contains("loss 72.228 % against 70.051 %"), "{t}");
        }
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "pdftotext (Debian package poppler-utils) is needed in CI"
            );
            eprintln!("SKIPPED the PDF text check: pdftotext (poppler-utils) is not installed");
        }
    }
}
