//! Bad input: wrong values (errors name line, column and what was expected), a missing
//! receiver line, files cut at every line and byte, garbage, and a very long line.

use super::parse;
use super::tests_cases::{BANNER_UDP, classic, fixture};
use crate::model::{LogFormat, Packets, RunStatus};
use crate::parse::ParseContext;

#[test]
fn bad_values_name_line_column_and_what_was_expected() {
    let text = fixture("np_pps_m1_idc2vpc_inst1.log").replace("0.20", "abc");
    let e = classic(&text).unwrap_err();
    assert_eq!((e.line, e.column), (6, 49));
    assert_eq!(
        e.message,
        "expected a number in the Throughput column, found `abc`"
    );
    let text = fixture("np_pps_m1_idc2vpc_inst1.log").replace("124523      0", "124523");
    let e = classic(&text).unwrap_err();
    assert_eq!(e.line, 6);
    assert!(e.message.starts_with("expected 6 or 8 numbers"), "{e}");
    let text = fixture("np_lo_tcp_stream_interim_D1.log").replace("over 1.041", "over x");
    let e = classic(&text).unwrap_err();
    assert_eq!((e.line, e.column), (3, 41));
    let text = fixture("np_ll100_omni_udp_m1_keyval.log")
        .replace("LOCAL_SEND_CALLS=405967", "LOCAL_SEND_CALLS=40x");
    let e = parse(LogFormat::NetperfOmni, &text, &ParseContext::default()).unwrap_err();
    assert_eq!((e.line, e.column), (5, 18));
    assert!(e.message.contains("LOCAL_SEND_CALLS"), "{e}");
}

#[test]
fn a_missing_receiver_line_aborts_the_run() {
    let text: String = fixture("np_pps_m1_idc2vpc_inst1.log")
        .lines()
        .take(6)
        .map(|l| format!("{l}\n"))
        .collect();
    let log = classic(&text).unwrap();
    let r = &log.runs[0];
    assert_eq!(r.status, RunStatus::Aborted);
    assert_eq!(r.counters.sent.packets, Some(Packets(124523)));
    assert_eq!(r.counters.received.packets, None);
    assert!(
        log.diagnostics
            .iter()
            .any(|d| d.message.contains("receiver line"))
    );
}

/// Cuts `text` at every line end and at every byte: no panic; a cut inside a line always
/// says so; a cut at a line end either reads everything or says what is missing.
fn cut_everywhere(name: &str, format: LogFormat, whole_lines_complete: bool) {
    let text = fixture(name);
    let full = parse(format, &text, &ParseContext::default()).unwrap();
    for end in 1..text.len() {
        let Some(prefix) = text.get(..end) else {
            continue;
        };
        let Ok(log) = parse(format, prefix, &ParseContext::default()) else {
            continue;
        };
        let flagged =
            !log.diagnostics.is_empty() || log.runs.iter().any(|r| r.status != RunStatus::Complete);
        if prefix.ends_with('\n') {
            if whole_lines_complete && !flagged {
                assert_eq!(log.runs, full.runs, "{name} cut at {end}");
            }
        } else if !prefix.lines().last().unwrap_or("").trim().is_empty() {
            assert!(flagged, "{name} cut at {end} without a diagnostic");
        }
    }
}

#[test]
fn cut_files_never_panic_and_say_so() {
    for name in [
        "np_pps_m1_idc2vpc_inst1.log",
        "np_lo_tcp_stream_interim_D1.log",
        "np_lo_tcp_stream_confidence.log",
        "np_lo_tcp_rr.log",
        "np_lo_tcp_rr_P0.log",
        "np_lo_error_bad_test.log",
    ] {
        cut_everywhere(name, LogFormat::NetperfClassic, true);
    }
    for name in [
        "np_ll100_omni_udp_m1_csv.log",
        "np_ll100_omni_udp_m1_keyval.log",
        "np_ll100_omni_tcp_human_O.log",
    ] {
        cut_everywhere(name, LogFormat::NetperfOmni, false);
    }
}

#[test]
fn garbage_never_panics() {
    let alphabet: Vec<char> =
        "0123456789 .,=-:/()'!\n\tTESTMIGRATEDUDPtcpSocketRecvSendLocal/RemoteInterimresult:^#%xé"
            .chars()
            .collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let len = (next() % 300) as usize;
        let s: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        let _ = parse(LogFormat::NetperfClassic, &s, &ParseContext::default());
    }
    let base = fixture("np_pps_m1_idc2vpc_inst1.log") + &fixture("np_ll100_omni_tcp_human_O.log");
    for _ in 0..2000 {
        let mut b: Vec<char> = base.chars().collect();
        for _ in 0..(next() % 6 + 1) {
            let at = (next() % b.len() as u64) as usize;
            b[at] = alphabet[(next() % alphabet.len() as u64) as usize];
        }
        let s: String = b.into_iter().collect();
        let _ = parse(LogFormat::NetperfClassic, &s, &ParseContext::default());
    }
    assert!(classic("hello world\nnothing here\n").is_err());
    assert!(classic("").is_err());
}

#[test]
fn a_very_long_line_is_read_in_linear_time() {
    let n = 50 * 1024 * 1024;
    let started = std::time::Instant::now();
    let ctx = ParseContext::default();
    for line in [
        "a".repeat(n),
        "1 ".repeat(n / 2),
        "1,".repeat(n / 2),
        format!("THROUGHPUT={}", "9".repeat(n)),
        format!("Recv Send Send {}", "Throughput ".repeat(n / 11)),
        format!("{BANNER_UDP}{}", "Local ".repeat(n / 6)),
        format!("Throughput{}\n2\n3\n4\n5", " ".repeat(n)),
    ] {
        for text in [line.clone(), line + "\n"] {
            match parse(LogFormat::NetperfClassic, &text, &ctx) {
                Ok(log) => assert!(
                    !log.diagnostics.is_empty()
                        || log.runs.iter().any(|r| r.status != RunStatus::Complete)
                ),
                Err(e) => assert!(e.message.len() < 1000),
            }
        }
    }
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}
