//! The binary `sa_vpc_during_i3_udp.sa` read back under several locales, time formats, zones
//! and sadf outputs (`fixtures/sar/readback/`): every variant must give the same samples.

use super::tests_fixtures::{parse_as, rows};
use crate::model::{LogFormat, ParsedLog, SarSample};
use crate::parse::ParseContext;
use chrono::{DateTime, Utc};

type Key = (DateTime<Utc>, String, Option<String>, Vec<(String, f64)>);

/// The samples without where they came from (line) or how (interval), in a fixed order.
fn keyed(log: &ParsedLog) -> Vec<Key> {
    let mut v: Vec<Key> = log
        .samples
        .iter()
        .map(|s: &SarSample| {
            assert_eq!(s.host(), Some("vm"));
            (
                s.ts,
                s.head.report.to_string(),
                s.device().map(String::from),
                s.metric_pairs(),
            )
        })
        .collect();
    v.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
    v
}

fn read(file: &str, f: LogFormat, tz: Option<&str>) -> ParsedLog {
    let ctx = ParseContext {
        tz: tz.map(|z| z.parse().unwrap()),
        ..ParseContext::default()
    };
    let log = parse_as(&format!("sar/readback/{file}"), f, &ctx);
    let noise: Vec<_> = log
        .diagnostics
        .iter()
        .filter(|d| !(tz.is_none() && d.message.contains("read as UTC")))
        .collect();
    assert!(noise.is_empty(), "{file}: {noise:?}");
    log
}

fn text(file: &str) -> ParsedLog {
    read(file, LogFormat::SarText, None)
}

#[test]
fn every_locale_gives_the_same_samples() {
    for (act, report, per_ts) in [("dev", "DEV", 2), ("edev", "EDEV", 2), ("u", "CPU", 1)] {
        let c = text(&format!("sar_f_{act}_C.log"));
        assert_eq!(c.samples.len(), 16 * per_ts, "{act}");
        assert!(c.samples.iter().all(|s| s.report() == report));
        for loc in ["de_DE", "en_US", "fr_FR", "ISO"] {
            let other = text(&format!("sar_f_{act}_{loc}.log"));
            assert_eq!(keyed(&other), keyed(&c), "{act} {loc}");
            assert_eq!(other.system, c.system, "{act} {loc}");
        }
    }
    let c = text("sar_f_dev_C.log");
    let first = rows(&c, "DEV", Some("vpc0"))[1];
    assert_eq!(first.ts.to_rfc3339(), "2026-11-28T18:16:31+00:00");
    assert_eq!(first.metric("rxpck/s"), Some(49767.0));
}

#[test]
fn local_times_in_another_zone() {
    let utc = keyed(&text("sar_f_dev_C.log"));
    let berlin = read(
        "sar_f_dev_C_TZ_Europe_Berlin.log",
        LogFormat::SarText,
        Some("Europe/Berlin"),
    );
    assert_eq!(keyed(&berlin), utc);
    let csv = read(
        "sadf_dT_dev_TZ_Europe_Berlin.csv",
        LogFormat::SadfCsv,
        Some("Europe/Berlin"),
    );
    assert_eq!(keyed(&csv), utc);
    let epoch = read("sadf_dU_dev.csv", LogFormat::SadfCsv, None);
    assert_eq!(keyed(&epoch), utc);
}

#[test]
fn all_activities_in_every_output() {
    let c = text("sar_f_all_C.log");
    assert_eq!(c.samples.len(), 16 * 6);
    let de = text("sar_f_all_de_DE.log");
    assert_eq!(keyed(&de), keyed(&c));
    let mut parts = Vec::new();
    for act in ["dev", "edev", "u"] {
        parts.extend(keyed(&text(&format!("sar_f_{act}_C.log"))));
    }
    parts.extend(keyed(&c).into_iter().filter(|k| k.1 == "UDP"));
    parts.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
    assert_eq!(parts, keyed(&c));
    for (file, f) in [
        ("sadf_d_all.csv", LogFormat::SadfCsv),
        ("sadf_dh_all.csv", LogFormat::SadfCsv),
        ("sadf_j_all.json", LogFormat::SadfJson),
        ("sadf_p_all.txt", LogFormat::SadfP),
    ] {
        let log = read(file, f, None);
        assert_eq!(keyed(&log), keyed(&c), "{file}");
        assert!(
            log.samples.iter().all(|s| s.interval_s == Some(1.0)),
            "{file}"
        );
    }
}

#[test]
fn c_readback_is_the_manifest_readback() {
    // The C read-back made here is byte for byte the manifest's `sar -f` fixture, whose
    // figures `tests_fixtures::readback_once_headed` pins; the other variants equal it.
    assert_eq!(
        super::tests_fixtures::fixture("sar/readback/sar_f_dev_C.log"),
        super::tests_fixtures::fixture("sar/sar_f_dev_vpc_during_i3_udp_readback.log")
    );
}
