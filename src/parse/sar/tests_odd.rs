//! Odd and bad input: cut files, garbage, very long lines, midnight in 12-hour files, DST
//! gaps, wrong field counts, unknown reports, skipped lines.

use super::tests_fixtures::fixture;
use crate::model::{LogFormat, ParsedLog, Severity};
use crate::parse::{ParseContext, ParseError};

fn parse(f: LogFormat, t: &str) -> Result<ParsedLog, ParseError> {
    super::parse(f, t, &ParseContext::default())
}

fn parse_tz(t: &str, tz: &str) -> Result<ParsedLog, ParseError> {
    let ctx = ParseContext {
        tz: Some(tz.parse().unwrap()),
        ..ParseContext::default()
    };
    super::parse(LogFormat::SarText, t, &ctx)
}

fn warnings(log: &ParsedLog) -> Vec<String> {
    log.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning && !d.message.contains("read as UTC"))
        .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
        .collect()
}

const FIRST: &str = "Linux 6.18.44-fc-v782 (vm) \t11/28/2026 \t_x86_64_\t(2 CPU)\n\n";
const UDP_HEAD: &str = "idgm/s    odgm/s  noport/s idgmerr/s";

#[test]
fn twelve_hour_file_across_midnight() {
    let mut t = String::from(FIRST);
    for (head, row) in [
        ("11:59:58 PM", "11:59:59 PM"),
        ("11:59:59 PM", "12:00:00 AM"),
    ] {
        t.push_str(&format!("{head}     IFACE   rxpck/s   txpck/s\n"));
        t.push_str(&format!("{row}        lo      1.00      2.00\n\n"));
    }
    t.push_str(
        "12:00:00 AM     IFACE   rxpck/s   txpck/s\n12:00:01 AM        lo      3.00      4.00\n\n",
    );
    t.push_str(
        "Average:        IFACE   rxpck/s   txpck/s\nAverage:           lo      1.67      2.67\n",
    );
    let log = parse(LogFormat::SarText, &t).unwrap();
    let ts: Vec<String> = log.samples.iter().map(|s| s.ts.to_rfc3339()).collect();
    assert_eq!(
        ts,
        [
            "2026-11-28T23:59:59+00:00",
            "2026-11-29T00:00:00+00:00",
            "2026-11-29T00:00:01+00:00"
        ]
    );
    assert!(warnings(&log).is_empty(), "{:?}", warnings(&log));
    assert_eq!(log.diagnostics.len(), 1, "the UTC note");
}

#[test]
fn first_interval_starts_before_midnight() {
    // sar started at 23:59:59 on the first line's date: its first row is already the next day.
    let t = format!(
        "{FIRST}23:59:59 {UDP_HEAD}\n00:00:00 1.00 0.00 0.00 0.00\n00:00:01 1.00 0.00 0.00 0.00\n"
    );
    let log = parse(LogFormat::SarText, &t).unwrap();
    assert_eq!(log.samples[0].ts.to_rfc3339(), "2026-11-29T00:00:00+00:00");
    assert_eq!(log.samples[1].ts.to_rfc3339(), "2026-11-29T00:00:01+00:00");
}

#[test]
fn zone_from_context_and_dst_gap() {
    let t = "Linux 6.1 (h) \t2026-03-08 \t_x86_64_\t(2 CPU)\n\n01:59:58 idgm/s odgm/s\n01:59:59 1.00 2.00\n";
    let log = parse_tz(t, "America/New_York").unwrap();
    assert_eq!(log.samples[0].ts.to_rfc3339(), "2026-03-08T06:59:59+00:00");
    assert!(
        log.diagnostics.is_empty(),
        "a zone was given: no UTC note: {:?}",
        log.diagnostics
    );
    let gap = format!("{t}03:00:00 1.00 2.00\n02:30:00 1.00 2.00\n");
    // 02:30 after 03:00 rolls over to the 9th, which has no gap; write the gap directly.
    assert!(parse_tz(&gap, "America/New_York").is_ok());
    let gap = "Linux 6.1 (h) \t2026-03-08 \t_x86_64_\t(2 CPU)\n\n01:59:59 idgm/s odgm/s\n02:00:00 1.00 2.00\n";
    let e = parse_tz(gap, "America/New_York").unwrap_err();
    assert_eq!((e.line, e.column), (4, 1), "{e}");
    assert!(e.message.contains("daylight-saving"), "{e}");
    let log = parse(LogFormat::SarText, gap).unwrap();
    assert_eq!(log.diagnostics[0], crate::parse::utc_assumed_note());
}

#[test]
fn field_count_and_number_errors() {
    let head = format!("{FIRST}18:11:14        IFACE   rxpck/s   txpck/s\n");
    let e = parse(
        LogFormat::SarText,
        &format!("{head}18:11:15 lo 1.00 2.00 3.00\n18:11:15 x 1 2\n"),
    )
    .unwrap_err();
    assert_eq!((e.line, e.column), (4, 23), "{e}");
    assert!(e.message.contains("expected 3 fields"), "{e}");
    let e = parse(
        LogFormat::SarText,
        &format!("{head}18:11:15 lo 1.00\n18:11:16 lo 1 2\n"),
    )
    .unwrap_err();
    assert_eq!((e.line, e.column), (4, 17), "{e}");
    let e = parse(
        LogFormat::SarText,
        &format!("{head}18:11:15 lo 1.00 abc\n18:11:16 lo 1 2\n"),
    )
    .unwrap_err();
    assert_eq!((e.line, e.column), (4, 18), "{e}");
    assert_eq!(
        e.message,
        "expected a number in the txpck/s column, found `abc`"
    );
    let e = parse(
        LogFormat::SarText,
        &format!("{FIRST}18:11:15 lo 1.00 2.00\n"),
    )
    .unwrap_err();
    assert!(e.message.contains("header"), "{e}");
    let e = parse(LogFormat::SarText, "no sar here\n").unwrap_err();
    assert_eq!(e.line, 1);
    let e = parse(
        LogFormat::SarText,
        &format!("{head}hello world\n18:11:16 lo 1 2\n"),
    )
    .unwrap_err();
    assert_eq!((e.line, e.column), (4, 1), "{e}");
    let csv = "# hostname;interval;timestamp;idgm/s;odgm/s\nvm;1;2026-11-28 18:16:30 UTC;1.00;x\nvm;1;2026-11-28 18:16:31 UTC;1;2\n";
    let e = parse(LogFormat::SadfCsv, csv).unwrap_err();
    assert_eq!((e.line, e.column), (2, 35), "{e}");
}

#[test]
fn cut_last_row_is_a_warning() {
    let full = fixture("sar/sar_dev_vpc_during_np_pps_idc2vpc.log");
    let at = full.find("18:11:20         vpc0 106813").unwrap() + 30;
    let log = parse(LogFormat::SarText, &full[..at]).unwrap();
    assert_eq!(
        log.samples.len(),
        11,
        "5 complete intervals and lo of the 6th"
    );
    let w = warnings(&log);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with("25:31: the last line is cut short"),
        "{w:?}"
    );
}

/// Every prefix ending at a line end or inside a line: no panic; a cut inside a data row
/// of a text format keeps the complete rows and warns.
fn cut_everywhere(rel: &str, f: LogFormat) {
    let full = fixture(rel);
    let all = parse(f, &full).unwrap().samples.len();
    let mut ends: Vec<usize> = full.match_indices('\n').map(|(i, _)| i + 1).collect();
    ends.extend(full.match_indices('\n').filter_map(|(i, _)| {
        let mid = i.saturating_sub(7);
        full.is_char_boundary(mid).then_some(mid)
    }));
    for end in ends {
        match parse(f, &full[..end]) {
            Ok(log) => assert!(log.samples.len() <= all, "{rel} at {end}"),
            Err(e) => assert!(e.line >= 1 && !e.message.is_empty(), "{rel} at {end}"),
        }
    }
}

#[test]
fn truncated_at_every_line() {
    for (rel, f) in [
        ("sar/sar_o_vpc_during_i3_udp.log", LogFormat::SarText),
        (
            "sar/sar_dev_edev_idc_during_np_pps_vpc2idc_de_DE.log",
            LogFormat::SarText,
        ),
        (
            "sar/sar_dev_idc_during_np_pps_idc2vpc_LC_TIME_en_US.log",
            LogFormat::SarText,
        ),
        ("sar/readback/sar_f_all_C.log", LogFormat::SarText),
        ("sar/readback/sar_f_dev_fr_FR.log", LogFormat::SarText),
        ("sar/readback/sadf_dh_all.csv", LogFormat::SadfCsv),
        ("sar/readback/sadf_d_all.csv", LogFormat::SadfCsv),
        ("sar/readback/sadf_p_all.txt", LogFormat::SadfP),
        ("sar/sadf_j_dev_vpc_during_i3_udp.json", LogFormat::SadfJson),
    ] {
        cut_everywhere(rel, f);
    }
    // Text: a cut at any byte after the first line is Ok, never an error (every byte of a
    // small file, of the start of an interleaved one and of the end of a German one).
    for (rel, from_end, len) in [
        ("sar/readback/sar_f_u_en_US.log", false, 1 << 20),
        ("sar/sar_o_vpc_during_i3_udp.log", false, 2500),
        (
            "sar/sar_dev_edev_idc_during_np_pps_vpc2idc_de_DE.log",
            true,
            1500,
        ),
    ] {
        let full = fixture(rel);
        let first = full.find('\n').unwrap() + 1;
        let (start, stop) = if from_end {
            (full.len() - len, full.len())
        } else {
            (first, full.len().min(first + len))
        };
        for end in start..stop {
            if full.is_char_boundary(end) {
                let r = parse(LogFormat::SarText, &full[..end]);
                assert!(r.is_ok(), "{rel} cut at {end}: {:?}", r.err());
            }
        }
    }
}

#[test]
fn sadf_p_cut_inside_a_sample_drops_it() {
    let full = fixture("sar/sadf_p_dev_vpc_during_i3_udp.txt");
    let lines: Vec<&str> = full.lines().collect();
    let cut = lines[..13].join("\n") + "\n";
    let log = parse(LogFormat::SadfP, &cut).unwrap();
    assert_eq!(log.samples.len(), 1);
    assert!(
        warnings(&log)[0].contains("5 of its 8 fields"),
        "{:?}",
        warnings(&log)
    );
}

/// A small deterministic generator for garbage.
fn garbage(seed: u64, len: usize, alphabet: &[u8]) -> String {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            alphabet[(x >> 33) as usize % alphabet.len()] as char
        })
        .collect()
}

#[test]
fn garbage_never_panics() {
    let alpha = b"0123456789:;,. \t\n-_/%()[]{}\"AaLinuxPMverage#";
    for seed in 0..300 {
        let g = garbage(seed, 600, alpha);
        for f in [
            LogFormat::SarText,
            LogFormat::SadfCsv,
            LogFormat::SadfJson,
            LogFormat::SadfP,
        ] {
            let _ = parse(f, &g);
            let _ = parse(f, &format!("{FIRST}{g}"));
            let _ = parse(
                f,
                &format!("# hostname;interval;timestamp;IFACE;a[...];CPU;b[...]\n{g}"),
            );
        }
    }
    assert!(parse(LogFormat::Iperf3Text, "x").is_err());
}

#[test]
fn very_long_lines() {
    let n = 200_000;
    let cols: Vec<String> = (0..n).map(|i| format!("c{i}/s")).collect();
    let vals = vec!["1.00"; n].join(" ");
    let t = format!("{FIRST}18:00:00 {}\n18:00:01 {vals}\n", cols.join(" "));
    let log = parse(LogFormat::SarText, &t).unwrap();
    assert_eq!(log.samples[0].values.len(), n);
    assert_eq!(warnings(&log).len(), 1, "unknown report");
    let many = vec!["lo;1.00"; n].join(";");
    let csv = format!(
        "# hostname;interval;timestamp;IFACE;x/s[...]\nvm;1;2026-11-28 18:16:30 UTC;{many}\n"
    );
    assert!(parse(LogFormat::SadfCsv, &csv).is_err(), "a device repeats");
    let devs: Vec<String> = (0..n).map(|i| format!("d{i};1.00")).collect();
    let csv = format!(
        "# hostname;interval;timestamp;IFACE;x/s[...]\nvm;1;2026-11-28 18:16:30 UTC;{}\n",
        devs.join(";")
    );
    assert_eq!(parse(LogFormat::SadfCsv, &csv).unwrap().samples.len(), n);
    let junk = "x".repeat(5_000_000);
    assert!(parse(LogFormat::SarText, &junk).is_err());
    assert!(parse(LogFormat::SadfJson, &junk).is_err());
    assert!(parse(LogFormat::SadfP, &junk).is_err());
}

#[test]
fn reports_known_and_unknown() {
    let t = format!(
        "{FIRST}18:00:00 active/s passive/s iseg/s oseg/s\n18:00:01 1.00 2.00 3.00 4.00\n\n\
         18:00:00 runq-sz plist-sz ldavg-1 ldavg-5 ldavg-15 blocked\n18:00:01 2 111 2.13 2.25 1.36 0\n\n\
         18:00:00 DEV tps rkB/s\n18:00:01 sda 1.00 2,50\n\n\
         18:00:00 CPU %usr %nice %sys\n18:00:01 0 1.00 0.00 2.00\n"
    );
    let log = parse(LogFormat::SarText, &t).unwrap();
    let reps: Vec<(&str, Option<&str>)> = log
        .samples
        .iter()
        .map(|s| (s.report(), s.device()))
        .collect();
    assert_eq!(
        reps,
        [
            ("TCP", None),
            ("LOAD", None),
            ("DEV,tps,rkB/s", Some("sda")),
            ("CPU", Some("0"))
        ]
    );
    assert_eq!(log.samples[2].metric("rkB/s"), Some(2.5));
    let w = warnings(&log);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("`DEV,tps,rkB/s`"), "{w:?}");
}

#[test]
fn average_mismatch_and_odd_lines_warn() {
    let t = format!(
        "$ sar -n UDP 1 2\n{FIRST}18:00:00 {UDP_HEAD}\n18:00:01 10.00 0.00 0.00 0.00\n\
         18:00:02 LINUX RESTART\t(2 CPU)\n18:00:02 20.00 0.00 0.00 0.00\nAverage: 30.00 0.00 0.00 0.00\n"
    );
    let log = parse(LogFormat::SarText, &t).unwrap();
    assert_eq!(log.samples.len(), 2);
    let w = warnings(&log);
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(w[0].starts_with("1:1: 1 line(s) before"), "{w:?}");
    assert!(
        w[1].starts_with("8:1: the Average row gives idgm/s = 30"),
        "{w:?}"
    );
}

#[test]
fn ambiguous_date_is_noted() {
    let t = format!(
        "Linux 6.1 (h) \t05/06/26 \t_x86_64_\t(2 CPU)\n\n18:00:00 {UDP_HEAD}\n18:00:01 1,00 0,00 0,00 0,00\n"
    );
    let log = parse(LogFormat::SarText, &t).unwrap();
    assert_eq!(
        log.system.as_ref().unwrap().date.unwrap().to_string(),
        "2026-06-05"
    );
    assert!(
        warnings(&log)[0].contains("day first"),
        "{:?}",
        warnings(&log)
    );
}

#[test]
fn sadf_dh_per_cpu_and_json_local_time() {
    let csv = "# hostname;interval;timestamp;CPU;%user;%idle[...];idgm/s;odgm/s\n\
               vm;1;2026-11-28 18:16:30 UTC;-1;1.00;2.00;0;3.00;4.00;1;5.00;6.00;7.00;8.00\n";
    let log = parse(LogFormat::SadfCsv, csv).unwrap();
    let got: Vec<(String, Option<String>)> = log
        .samples
        .iter()
        .map(|s| (s.head.report.to_string(), s.device().map(String::from)))
        .collect();
    let want = [
        ("CPU", Some("all")),
        ("CPU", Some("0")),
        ("CPU", Some("1")),
        ("UDP", None),
    ];
    assert_eq!(got, want.map(|(r, d)| (r.to_string(), d.map(String::from))));
    assert_eq!(
        log.samples[3].metric_pairs(),
        [("idgm/s".to_string(), 7.0), ("odgm/s".to_string(), 8.0)]
    );
    let json = r#"{"sysstat": {"hosts": [{"nodename": "h", "statistics": [
        {"timestamp": {"date": "2026-11-28", "time": "19:16:30", "utc": 0, "interval": 2},
         "queue": {"runq-sz": 2, "ldavg-1": 0.5},
         "disk": [{"disk-device": "sda", "tps": 1.5}]}]}]}}"#;
    let ctx = ParseContext {
        tz: Some("Europe/Berlin".parse().unwrap()),
        ..ParseContext::default()
    };
    let log = super::parse(LogFormat::SadfJson, json, &ctx).unwrap();
    assert_eq!(log.samples.len(), 2);
    assert_eq!(log.samples[0].ts.to_rfc3339(), "2026-11-28T18:16:30+00:00");
    assert_eq!(
        (&*log.samples[0].head.report, log.samples[0].interval_s),
        ("LOAD", Some(2.0))
    );
    assert_eq!(&*log.samples[1].head.report, "disk-device,tps");
    assert_eq!(log.samples[1].head.device.as_deref(), Some("sda"));
    assert_eq!(warnings(&log).len(), 1);
    let e = parse(
        LogFormat::SadfJson,
        "{\"sysstat\": {\"hosts\": [\n{\"statistics\": [{",
    )
    .unwrap_err();
    assert_eq!(e.line, 2, "{e}");
}

/// fixtures/regressions/sadf-json-cut-after-line-end-error-column-0.json: a `sadf -j` file
/// cut right after a line end was reported at column 0, and said its place twice.
#[test]
fn sadf_json_cut_after_a_line_end_is_an_error_at_column_1() {
    let text = fixture("regressions/sadf-json-cut-after-line-end-error-column-0.json");
    let e = parse(LogFormat::SadfJson, &text).unwrap_err();
    assert_eq!((e.line, e.column), (147, 1), "{e}");
    assert!(!e.message.contains(" at line "), "{e}");
    assert!(e.message.starts_with("expected sadf -j JSON: EOF"), "{e}");
}

/// fixtures/regressions/sar-average-row-before-any-header.log: the error said it expected
/// an average label and found one.
#[test]
fn an_average_row_before_any_header_says_so() {
    let text = fixture("regressions/sar-average-row-before-any-header.log");
    let e = parse_tz(&text, "UTC").unwrap_err();
    assert_eq!((e.line, e.column), (3, 1), "{e}");
    assert!(
        e.message
            .starts_with("an average row before any column header"),
        "{e}"
    );
}

#[test]
fn repeated_headers_with_the_same_or_other_spacing_and_other_reports_between() {
    // Rows dated by the header repeats around them: a repeat with the same text after the
    // time, one with other spacing, another report's header in between, and a repeat
    // after midnight that must still roll the day over.
    let dev = "IFACE   rxpck/s   txpck/s";
    let mut t = String::from(FIRST);
    for (time, head) in [
        ("23:59:57", dev.to_string()),
        ("23:59:58", dev.to_string()),
        ("23:59:58", UDP_HEAD.to_string()),
        ("23:59:59", dev.replace("   ", " ")),
        ("00:00:00", dev.to_string()),
        ("00:00:01", dev.to_string()),
    ] {
        t.push_str(&format!("{time}     {head}\n"));
        if head.starts_with("idgm") {
            t.push_str(&format!("{time}     1.00 2.00 3.00 4.00\n\n"));
        } else {
            t.push_str(&format!("{time}        lo      1.00      2.00\n\n"));
        }
    }
    let log = parse(LogFormat::SarText, &t).unwrap();
    assert_eq!(warnings(&log), Vec::<String>::new());
    let got: Vec<(String, String)> = log
        .samples
        .iter()
        .map(|s| {
            (
                s.report().to_string(),
                s.ts.format("%d %H:%M:%S").to_string(),
            )
        })
        .collect();
    let want = [
        ("DEV", "28 23:59:57"),
        ("DEV", "28 23:59:58"),
        ("UDP", "28 23:59:58"),
        ("DEV", "28 23:59:59"),
        ("DEV", "29 00:00:00"),
        ("DEV", "29 00:00:01"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(r, t)| (r.to_string(), t.to_string()))
        .collect();
    assert_eq!(got, want);
}
