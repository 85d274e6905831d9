//! Every sysstat fixture parsed and pinned against `fixtures/MANIFEST.tsv` (the figures read
//! by hand from the files) and the campaigns' `expected.json`.

use crate::model::{LogFormat, ParsedLog, SarSample};
use crate::parse::{Detected, ParseContext, detect, parse_text, text};

pub(super) fn fixture(rel: &str) -> String {
    let path = format!("{}/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text::decode(&bytes).unwrap().text.into_owned()
}

/// Detects and parses a fixture, asserting its format.
pub(super) fn parse_as(rel: &str, want: LogFormat, ctx: &ParseContext) -> ParsedLog {
    let t = fixture(rel);
    assert_eq!(detect(&t), Detected::Format(want), "{rel}");
    parse_text(want, &t, ctx).unwrap_or_else(|e| panic!("{rel}: {}", e.with_source(&t).render(rel)))
}

pub(super) fn sar(rel: &str) -> ParsedLog {
    parse_as(rel, LogFormat::SarText, &ParseContext::default())
}

pub(super) fn rows<'a>(log: &'a ParsedLog, report: &str, dev: Option<&str>) -> Vec<&'a SarSample> {
    log.samples
        .iter()
        .filter(|s| s.report() == report && s.device() == dev)
        .collect()
}

fn metric(s: &SarSample, m: &str) -> f64 {
    s.metric(m).unwrap_or_else(|| panic!("no {m} in {s:?}"))
}

/// Mean of a metric over the stored rows of one report and device.
fn mean(log: &ParsedLog, report: &str, dev: Option<&str>, m: &str) -> f64 {
    let r = rows(log, report, dev);
    assert!(!r.is_empty(), "no {report} rows for {dev:?}");
    r.iter().map(|s| metric(s, m)).sum::<f64>() / r.len() as f64
}

/// sar's Average line weighs each interval by its true length, so the mean of the rows can
/// differ from it by a fraction of a percent (e.g. idc0 txpck/s 61930.70 vs 61985.77).
fn assert_avg(got: f64, want: f64, what: &str) {
    let tol = 0.01 + 0.002 * want.abs();
    assert!(
        (got - want).abs() <= tol,
        "{what}: mean {got} vs Average {want}"
    );
}

fn check_avgs(log: &ParsedLog, report: &str, dev: Option<&str>, want: &[(&str, f64)]) {
    for (m, v) in want {
        assert_avg(
            mean(log, report, dev, m),
            *v,
            &format!("{report} {dev:?} {m}"),
        );
    }
}

fn ts(s: &SarSample) -> String {
    s.ts.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Only the UTC-assumed note: no Average mismatch, no unknown report, no cut line.
fn assert_clean(log: &ParsedLog, rel: &str) {
    let others: Vec<_> = log
        .diagnostics
        .iter()
        .filter(|d| !d.message.contains("read as UTC"))
        .collect();
    assert!(others.is_empty(), "{rel}: {others:?}");
}

fn system_line(log: &ParsedLog, date: &str) {
    let s = log.system.as_ref().unwrap();
    assert_eq!(s.kernel.as_deref(), Some("6.18.44-fc-v782"));
    assert_eq!(s.host.as_deref(), Some("vm"));
    assert_eq!(s.arch.as_deref(), Some("x86_64"));
    assert_eq!(s.cpus, Some(2));
    assert_eq!(s.date.map(|d| d.to_string()).as_deref(), Some(date));
}

#[test]
fn dev_vpc_pps() {
    let rel = "sar/sar_dev_vpc_during_np_pps_idc2vpc.log";
    let log = sar(rel);
    assert_clean(&log, rel);
    system_line(&log, "2026-11-28");
    assert_eq!(rows(&log, "DEV", Some("vpc0")).len(), 8);
    assert_eq!(rows(&log, "DEV", Some("lo")).len(), 8);
    let want = [
        ("rxpck/s", 62063.25),
        ("txpck/s", 2.75),
        ("rxkB/s", 2606.58),
        ("txkB/s", 0.82),
    ];
    check_avgs(&log, "DEV", Some("vpc0"), &want);
    assert!((mean(&log, "DEV", Some("vpc0"), "rxpck/s") - 62063.25).abs() < 1e-6);
    let first = rows(&log, "DEV", Some("vpc0"))[0];
    assert_eq!(
        (ts(first), first.line, first.head.host.as_deref()),
        ("2026-11-28 18:11:15".into(), 5, Some("vm"))
    );
    let names: Vec<&str> = first.head.columns.iter().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "rxpck/s", "txpck/s", "rxkB/s", "txkB/s", "rxcmp/s", "txcmp/s", "rxmcst/s", "%ifutil"
        ]
    );
    assert_eq!(first.interval_s, None);
}

#[test]
fn dev_vpc_bps() {
    let rel = "sar/sar_dev_vpc_during_np_bps_idc2vpc.log";
    let log = sar(rel);
    assert_clean(&log, rel);
    assert_eq!(rows(&log, "DEV", Some("vpc0")).len(), 8);
    let want = [
        ("rxpck/s", 5442.38),
        ("txpck/s", 2.50),
        ("rxkB/s", 7657.54),
        ("txkB/s", 0.81),
    ];
    check_avgs(&log, "DEV", Some("vpc0"), &want);
}

#[test]
fn dev_root_loopback() {
    let rel = "sar/sar_dev_root_during_i3_lo.log";
    let log = sar(rel);
    assert_clean(&log, rel);
    for dev in ["lo", "ifb0", "ifb1", "eth0"] {
        assert_eq!(rows(&log, "DEV", Some(dev)).len(), 12, "{dev}");
    }
    let want = [
        ("rxpck/s", 19062.11),
        ("txpck/s", 19062.11),
        ("rxkB/s", 10989.28),
        ("txkB/s", 10989.28),
    ];
    check_avgs(&log, "DEV", Some("lo"), &want);
}

#[test]
fn dev_edev_german() {
    let rel = "sar/sar_dev_edev_idc_during_np_pps_vpc2idc_de_DE.log";
    let log = sar(rel);
    assert_clean(&log, rel);
    system_line(&log, "2026-11-28");
    assert_eq!(rows(&log, "DEV", Some("idc0")).len(), 8);
    assert_eq!(rows(&log, "EDEV", Some("idc0")).len(), 8);
    assert_eq!(log.samples.len(), 32);
    let want = [
        ("rxpck/s", 64481.00),
        ("txpck/s", 2.62),
        ("rxkB/s", 2708.10),
        ("txkB/s", 0.81),
    ];
    check_avgs(&log, "DEV", Some("idc0"), &want);
    assert_eq!(mean(&log, "EDEV", Some("idc0"), "rxdrop/s"), 0.0);
}

#[test]
fn dev_twelve_hour_clock() {
    let rel = "sar/sar_dev_idc_during_np_pps_idc2vpc_LC_TIME_en_US.log";
    let log = sar(rel);
    assert_clean(&log, rel);
    system_line(&log, "2026-11-28");
    let r = rows(&log, "DEV", Some("idc0"));
    assert_eq!(r.len(), 8);
    assert_eq!(ts(r[0]), "2026-11-28 18:11:15");
    assert_eq!(ts(r[7]), "2026-11-28 18:11:22");
    let want = [
        ("rxpck/s", 2.75),
        ("txpck/s", 61985.77),
        ("rxkB/s", 0.82),
        ("txkB/s", 2603.32),
    ];
    check_avgs(&log, "DEV", Some("idc0"), &want);
}

#[test]
fn readback_once_headed() {
    let rel = "sar/sar_f_dev_vpc_during_i3_udp_readback.log";
    let log = sar(rel);
    assert_clean(&log, rel);
    assert_eq!(rows(&log, "DEV", Some("vpc0")).len(), 16);
    let want = [
        ("rxpck/s", 23656.12),
        ("txpck/s", 1.88),
        ("rxkB/s", 4996.37),
        ("txkB/s", 0.29),
    ];
    check_avgs(&log, "DEV", Some("vpc0"), &want);
    // The same data rows as the DEV rows of the live run that wrote the .sa file.
    let live = sar("sar/sar_o_vpc_during_i3_udp.log");
    let strip = |v: Vec<&SarSample>| -> Vec<_> {
        v.into_iter()
            .map(|s| (s.ts, s.head.device.clone(), s.metric_pairs()))
            .collect()
    };
    assert_eq!(
        strip(rows(&log, "DEV", Some("vpc0"))),
        strip(rows(&live, "DEV", Some("vpc0")))
    );
}

#[test]
fn interleaved_activities() {
    let rel = "sar/sar_o_vpc_during_i3_udp.log";
    let log = sar(rel);
    assert_clean(&log, rel);
    for (rep, dev) in [
        ("CPU", Some("all")),
        ("DEV", Some("vpc0")),
        ("EDEV", Some("lo")),
        ("UDP", None),
    ] {
        assert_eq!(rows(&log, rep, dev).len(), 16, "{rep}");
    }
    assert_eq!(log.samples.len(), 16 * 6);
    check_avgs(
        &log,
        "CPU",
        Some("all"),
        &[
            ("%user", 71.75),
            ("%nice", 1.50),
            ("%system", 25.65),
            ("%idle", 0.72),
        ],
    );
    check_avgs(
        &log,
        "DEV",
        Some("vpc0"),
        &[
            ("rxpck/s", 23656.12),
            ("txpck/s", 1.88),
            ("rxkB/s", 4996.37),
            ("txkB/s", 0.29),
        ],
    );
    check_avgs(
        &log,
        "UDP",
        None,
        &[
            ("idgm/s", 19428.94),
            ("odgm/s", 0.12),
            ("noport/s", 0.00),
            ("idgmerr/s", 4222.75),
        ],
    );
}

#[test]
fn cpu_once_headed() {
    let rel = "sar/sar_u_during_np_pps_idc2vpc.log";
    let log = sar(rel);
    assert_clean(&log, rel);
    assert_eq!(rows(&log, "CPU", Some("all")).len(), 8);
    check_avgs(
        &log,
        "CPU",
        Some("all"),
        &[
            ("%user", 61.48),
            ("%nice", 2.31),
            ("%system", 35.77),
            ("%idle", 0.00),
        ],
    );
}

#[test]
fn udp_has_no_device() {
    let rel = "sar/sar_udp_vpc_during_np_pps_idc2vpc.log";
    let log = sar(rel);
    assert_clean(&log, rel);
    assert_eq!(rows(&log, "UDP", None).len(), 8);
    check_avgs(
        &log,
        "UDP",
        None,
        &[
            ("idgm/s", 38198.50),
            ("odgm/s", 0.00),
            ("noport/s", 0.25),
            ("idgmerr/s", 23782.90),
        ],
    );
}

fn sadf(rel: &str, f: LogFormat) -> ParsedLog {
    let log = parse_as(rel, f, &ParseContext::default());
    assert!(log.diagnostics.is_empty(), "{rel}: {:?}", log.diagnostics);
    assert_eq!(
        log.system.as_ref().and_then(|s| s.host.as_deref()),
        Some("vm")
    );
    assert!(log.samples.iter().all(|s| s.interval_s == Some(1.0)));
    log
}

/// The row with the highest value of `m`.
fn peak<'a>(r: &[&'a SarSample], m: &str) -> &'a SarSample {
    r.iter()
        .copied()
        .max_by(|a, b| metric(a, m).total_cmp(&metric(b, m)))
        .unwrap()
}

#[test]
fn sadf_d_cpu() {
    let log = sadf("sar/sadf_d_cpu_vpc_during_i3_udp.csv", LogFormat::SadfCsv);
    let r = rows(&log, "CPU", Some("all"));
    assert_eq!((r.len(), log.samples.len()), (16, 16));
    assert_eq!(metric(r[0], "%user"), 96.52);
    assert_eq!(ts(r[0]), "2026-11-28 18:16:30");
}

#[test]
fn sadf_d_dev() {
    let log = sadf("sar/sadf_d_dev_vpc_during_i3_udp.csv", LogFormat::SadfCsv);
    assert_eq!(log.samples.len(), 32);
    let p = peak(&rows(&log, "DEV", Some("vpc0")), "rxpck/s");
    assert_eq!(
        (metric(p, "rxpck/s"), ts(p)),
        (82178.0, "2026-11-28 18:16:33".into())
    );
}

#[test]
fn sadf_d_udp() {
    let log = sadf("sar/sadf_d_udp_vpc_during_i3_udp.csv", LogFormat::SadfCsv);
    let r = rows(&log, "UDP", None);
    assert_eq!((r.len(), log.samples.len()), (16, 16));
    let p = peak(&r, "idgm/s");
    assert_eq!(
        (metric(p, "idgm/s"), metric(p, "idgmerr/s"), ts(p)),
        (63372.0, 19003.0, "2026-11-28 18:16:33".into())
    );
}

#[test]
fn sadf_j_dev() {
    let log = sadf("sar/sadf_j_dev_vpc_during_i3_udp.json", LogFormat::SadfJson);
    let s = log.system.as_ref().unwrap();
    assert_eq!(s.date.map(|d| d.to_string()).as_deref(), Some("2026-11-28"));
    assert_eq!(
        (s.cpus, s.kernel.as_deref()),
        (Some(2), Some("6.18.44-fc-v782"))
    );
    let r = rows(&log, "DEV", Some("vpc0"));
    assert_eq!((r.len(), log.samples.len()), (16, 32));
    let p = peak(&r, "rxpck/s");
    assert_eq!(
        (metric(p, "rxpck/s"), ts(p)),
        (82178.0, "2026-11-28 18:16:33".into())
    );
    assert!(p.metric("%ifutil").is_some() && p.metric("ifutil-percent").is_none());
    assert_eq!(r[0].line, 14);
}

#[test]
fn sadf_p_dev() {
    let log = sadf("sar/sadf_p_dev_vpc_during_i3_udp.txt", LogFormat::SadfP);
    assert_eq!(log.samples.len(), 256 / 8);
    let r = rows(&log, "DEV", Some("vpc0"));
    let p = peak(&r, "rxpck/s");
    assert_eq!(
        (metric(p, "rxpck/s"), ts(p)),
        (82178.0, "2026-11-28 18:16:33".into())
    );
}

#[test]
fn binary_sa_is_skipped_with_a_reason() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/sar/sa_vpc_during_i3_udp.sa"
    );
    let bytes = std::fs::read(path).unwrap();
    match crate::parse::parse_bytes(&bytes, &ParseContext::default()) {
        crate::parse::Outcome::Skipped { reason } => assert!(reason.contains("sar -f"), "{reason}"),
        o => panic!("{o:?}"),
    }
}
