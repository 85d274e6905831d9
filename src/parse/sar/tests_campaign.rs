//! The campaigns' `sar-*.log` files against the sar figures of their `expected.json`: every
//! row's rxpck/s and time, the rows averaged (`active_rows`, `full_second_rows`) and the
//! per-test sums over the receivers.

use super::tests_fixtures::{rows, sar};
use serde_json::Value;

const CAMPAIGNS: &[&str] = &["sample-acceptance", "retest-degraded"];

fn expected(campaign: &str) -> Value {
    let path = format!(
        "{}/fixtures/campaigns/{campaign}/expected.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-6 * want.abs().max(1.0),
        "{what}: {got} vs {want}"
    );
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

fn avg(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Checks one receiver's file; returns its (active rows, full-second rows) averages and the
/// sum over its active rows.
fn receiver(campaign: &str, r: &Value) -> (f64, f64, f64) {
    let file = r["file"].as_str().unwrap();
    let log = sar(&format!("campaigns/{campaign}/{file}"));
    let what = format!("{campaign}/{file}");
    assert_eq!(
        log.system.as_ref().and_then(|s| s.host.as_deref()),
        r["host_in_first_line"].as_str(),
        "{what}"
    );
    let dev = rows(&log, "DEV", r["iface"].as_str());
    assert_eq!(
        dev.len() as u64,
        r["n_sample_rows"].as_u64().unwrap(),
        "{what}"
    );
    let all = r["all_rows_rxpck_per_s"].as_array().unwrap();
    assert_eq!(all.len(), dev.len(), "{what}");
    let rx: Vec<f64> = dev.iter().map(|s| s.metric("rxpck/s").unwrap()).collect();
    for (i, (row, s)) in all.iter().zip(&dev).enumerate() {
        assert_eq!(row[0].as_u64(), Some(i as u64 + 1), "{what}");
        assert_eq!(
            s.ts.format("%H:%M:%S").to_string(),
            row[1].as_str().unwrap(),
            "{what}"
        );
        assert_eq!(rx[i], f(&row[2]), "{what} row {}", i + 1);
    }
    // The rules expected.json states, applied to the parsed rows.
    let peak = rx.iter().copied().fold(f64::MIN, f64::max);
    let active: Vec<usize> = (0..rx.len()).filter(|&i| rx[i] >= 0.1 * peak).collect();
    let want_rows: Vec<usize> = r["active_rows"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize - 1)
        .collect();
    assert_eq!(active, want_rows, "{what} active rows");
    let act: Vec<f64> = active.iter().map(|&i| rx[i]).collect();
    close(avg(&act), f(&r["active_rows"]["avg_rxpck_per_s"]), &what);
    let full = act.get(1..act.len() - 1).unwrap();
    let want_full: Vec<usize> = r["full_second_rows"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize - 1)
        .collect();
    assert_eq!(
        want_full,
        active.get(1..active.len() - 1).unwrap(),
        "{what} full rows"
    );
    close(
        avg(full),
        f(&r["full_second_rows"]["avg_rxpck_per_s"]),
        &what,
    );
    // sar's own Average line weighs intervals by their true length: within 0.2 %.
    let all_avg = avg(&rx);
    let sar_avg = f(&r["sar_Average_line_rxpck_per_s_all_rows"]);
    assert!(
        (all_avg - sar_avg).abs() <= 0.01 + 0.002 * sar_avg,
        "{what}: {all_avg} vs {sar_avg}"
    );
    (avg(&act), avg(full), act.iter().sum())
}

#[test]
fn campaign_sar_figures() {
    let mut files = 0;
    for c in CAMPAIGNS {
        let exp = expected(c);
        for (dir, kinds) in exp["tests"].as_object().unwrap() {
            for (kind, tools) in kinds.as_object().unwrap() {
                for (tool, t) in tools.as_object().unwrap() {
                    let s = &t["sar"];
                    let (mut a, mut fs, mut sum) = (0.0, 0.0, 0.0);
                    for r in s["per_receiver"].as_object().unwrap().values() {
                        let (x, y, z) = receiver(c, r);
                        a += x;
                        fs += y;
                        sum += z;
                        files += 1;
                    }
                    let what = format!("{c} {dir} {kind} {tool}");
                    close(a, f(&s["sum_avg_rxpck_per_s_active_rows"]), &what);
                    close(fs, f(&s["sum_avg_rxpck_per_s_full_second_rows"]), &what);
                    close(
                        sum,
                        f(&s["sum_rxpck_per_s_over_active_rows_all_receivers"]),
                        &what,
                    );
                }
            }
        }
    }
    assert_eq!(files, 40);
}

#[test]
fn every_campaign_sar_file_parses_cleanly() {
    let mut n = 0;
    for c in CAMPAIGNS {
        let root = format!("{}/fixtures/campaigns/{c}", env!("CARGO_MANIFEST_DIR"));
        for e in walkdir::WalkDir::new(&root).sort_by_file_name() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().to_string();
            if !(name.starts_with("sar-") && name.ends_with(".log")) {
                continue;
            }
            let rel = e
                .path()
                .strip_prefix(format!("{}/fixtures/", env!("CARGO_MANIFEST_DIR")));
            let log = sar(&rel.unwrap().to_string_lossy());
            assert_eq!(log.samples.len(), 30, "{name}");
            assert_eq!(log.diagnostics.len(), 1, "{name}: {:?}", log.diagnostics);
            n += 1;
        }
    }
    assert_eq!(n, 40);
}
