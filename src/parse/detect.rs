//! Which log a text is, from its content (never its name): markers each tool prints, looked
//! for in the first lines so that a shell prompt or a pasted command above the output does
//! not hide it.

use crate::model::LogFormat;

/// The verdict on a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detected {
    Format(LogFormat),
    /// Not a log llreport reads, and why.
    Unknown(String),
}

/// How many lines are examined.
const SCAN_LINES: usize = 400;

/// Detects the format of `text` (already decoded, LF line ends).
pub fn detect(text: &str) -> Detected {
    let head = text.trim_start();
    if head.starts_with('{') || (head.starts_with('[') && !starts_with_iperf3_tag(head)) {
        return detect_json(head);
    }
    let mut netperf_banner = false;
    let mut netperf_table = false;
    let mut omni = false;
    let mut numeric_only = true;
    // Every non-blank line has as many numbers as a netperf -P 0 result line.
    let mut result_shaped = true;
    let mut csv_numeric = 0usize;
    let mut non_blank = 0usize;
    let mut keyvals = 0usize;
    for line in text.lines().take(SCAN_LINES) {
        let l = line.trim_end();
        if l.trim_start().is_empty() {
            continue;
        }
        non_blank += 1;
        if is_sar_first_line(l) {
            return Detected::Format(LogFormat::SarText);
        }
        if l.starts_with("# hostname;interval;timestamp") {
            return Detected::Format(LogFormat::SadfCsv);
        }
        if is_sadf_p(line) {
            return Detected::Format(LogFormat::SadfP);
        }
        if l.starts_with("Client connecting to ")
            || (l.starts_with("Server listening on ")
                && (l.contains("UDP port") || l.contains("TCP port")))
            || is_iperf2_csv(l)
        {
            return Detected::Unknown(
                "iperf 2 output: llreport reads iperf3, netperf and sysstat logs, not iperf 2"
                    .into(),
            );
        }
        if is_iperf3_line(strip_iperf3_timestamp(l)) {
            return Detected::Format(LogFormat::Iperf3Text);
        }
        if l.starts_with("Starting netserver with host")
            || l.starts_with("Unable to start netserver")
        {
            return Detected::Format(LogFormat::Netserver);
        }
        if l.starts_with("establish control:")
            || l.starts_with("establish_control ")
            || l.starts_with("The test you requested (")
            || l.starts_with("netperf: ")
        {
            return Detected::Format(LogFormat::NetperfClassic);
        }
        if is_netperf_banner(l) {
            netperf_banner = true;
            if l.starts_with("OMNI ") {
                omni = true;
            }
        }
        if is_keyval(l) {
            keyvals += 1;
        }
        if l.starts_with("Throughput,") || l.starts_with("THROUGHPUT=") || keyvals >= 3 {
            omni = true;
        }
        if l.starts_with("Socket") || l.starts_with("Local /Remote") || l.starts_with("Recv   Send")
        {
            netperf_table = true;
        }
        if l.contains(',') && l.split(',').count() >= 3 && l.contains("10^") {
            csv_numeric += 1;
        }
        if !l.split_whitespace().all(is_number) {
            numeric_only = false;
        }
        if !matches!(
            l.split_whitespace().take(11).count(),
            2 | 4 | 5 | 6 | 8 | 9 | 10
        ) {
            result_shaped = false;
        }
    }
    if omni {
        return Detected::Format(LogFormat::NetperfOmni);
    }
    if netperf_banner || netperf_table {
        return Detected::Format(LogFormat::NetperfClassic);
    }
    if csv_numeric > 0 && csv_numeric == non_blank {
        // netperf -o with -P 0: bare CSV value lines, one per test.
        return Detected::Format(LogFormat::NetperfOmni);
    }
    if numeric_only
        && ((1..=8).contains(&non_blank) || result_shaped)
        && text.lines().any(|l| l.split_whitespace().count() >= 2)
    {
        // netperf -P 0 leaves only its result lines.
        return Detected::Format(LogFormat::NetperfClassic);
    }
    Detected::Unknown("no netperf, iperf3 or sysstat output recognized".into())
}

/// A line only iperf3 prints, at the start of a line.
fn is_iperf3_line(l: &str) -> bool {
    l.starts_with("Connecting to host ")
        || l.starts_with("Server listening on ")
        || l.starts_with("iperf3: ")
        || l == "iperf Done."
        || is_iperf3_version(l)
        || (l.starts_with("[ ID]") && l.contains("Interval"))
        || l.starts_with("[SUM]")
}

/// `iperf 3.12` alone on its line (the `-V` preamble).
fn is_iperf3_version(l: &str) -> bool {
    l.strip_prefix("iperf 3.").is_some_and(|v| {
        !v.is_empty()
            && v.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '+' || c.is_ascii_alphabetic())
            && !v.contains(' ')
    })
}

/// Removes an iperf3 `--timestamps` prefix (`Sat Nov 28 18:16:22 2026 `).
fn strip_iperf3_timestamp(l: &str) -> &str {
    let b = l.as_bytes();
    let looks = b.len() >= 25
        && b.get(3) == Some(&b' ')
        && b.get(7) == Some(&b' ')
        && b.get(13) == Some(&b':')
        && b.get(16) == Some(&b':')
        && b.get(24) == Some(&b' ')
        && b.get(..3)
            .is_some_and(|d| d.iter().all(u8::is_ascii_alphabetic));
    if looks { l.get(25..).unwrap_or(l) } else { l }
}

fn detect_json(head: &str) -> Detected {
    let probe: String = head.chars().take(64 * 1024).collect();
    if probe.contains("\"sysstat\"") {
        Detected::Format(LogFormat::SadfJson)
    } else if probe.contains("\"intervals\"")
        || (probe.contains("\"start\"") && probe.contains("\"connected\""))
        || (probe.contains("\"error\"") && probe.contains("iperf"))
    {
        Detected::Format(LogFormat::Iperf3Json)
    } else {
        Detected::Unknown("JSON that is neither iperf3 -J nor sadf -j output".into())
    }
}

/// `MIGRATED UDP STREAM TEST from 0.0.0.0 (0.0.0.0) port 0 AF_INET to ...`
fn is_netperf_banner(l: &str) -> bool {
    let first = l.split_whitespace().next().unwrap_or("");
    l.contains(" TEST from ")
        && l.contains(" to ")
        && !first.is_empty()
        && first
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b == b'_' || b == b'/')
}

/// iperf3 text that begins with a stream tag (`[  4]`, `[SUM]`) or the `[ ID]` header, as a
/// pasted excerpt does: not a JSON array.
fn starts_with_iperf3_tag(head: &str) -> bool {
    let Some((inside, _)) = head.strip_prefix('[').and_then(|r| r.split_once(']')) else {
        return false;
    };
    let t = inside.trim();
    t == "ID"
        || t == "SUM"
        || (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) && inside.len() < 8)
}

/// `Linux 6.18.44-fc-v782 (vm) \t11/28/26 \t_x86_64_\t(2 CPU)`
fn is_sar_first_line(l: &str) -> bool {
    l.starts_with("Linux ") && l.contains(" CPU)") && l.contains('(')
}

/// `host\tinterval\ttimestamp\tdevice\tfield\tvalue`
fn is_sadf_p(line: &str) -> bool {
    let f: Vec<&str> = line.split('\t').collect();
    f.len() == 6
        && f.get(1).is_some_and(|s| s.trim().parse::<u64>().is_ok())
        && f.get(2)
            .is_some_and(|s| s.len() >= 19 && s.as_bytes().get(4) == Some(&b'-'))
}

/// iperf2 `-y C`: `20261128182021,10.200.1.1,51590,10.200.1.2,5001,1,0.0-1.0,...`
fn is_iperf2_csv(l: &str) -> bool {
    let mut f = l.split(',');
    let first = f.next().unwrap_or("");
    first.len() == 14 && first.bytes().all(|b| b.is_ascii_digit()) && l.split(',').count() >= 9
}

fn is_keyval(l: &str) -> bool {
    l.split_once('=').is_some_and(|(k, _)| {
        !k.is_empty()
            && k.bytes()
                .all(|b| b.is_ascii_uppercase() || b == b'_' || b.is_ascii_digit())
    })
}

fn is_number(t: &str) -> bool {
    t.parse::<f64>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(t: &str) -> Option<LogFormat> {
        match detect(t) {
            Detected::Format(f) => Some(f),
            Detected::Unknown(_) => None,
        }
    }

    #[test]
    fn markers() {
        assert_eq!(
            fmt("Connecting to host 10.0.0.1, port 5201\n"),
            Some(LogFormat::Iperf3Text)
        );
        assert_eq!(
            fmt("$ iperf3 -c x\niperf3: error - unable to connect to server: Connection refused\n"),
            Some(LogFormat::Iperf3Text)
        );
        assert_eq!(
            fmt("{\n\t\"start\":\t{\n\"connected\": []}, \"intervals\": []}"),
            Some(LogFormat::Iperf3Json)
        );
        assert_eq!(fmt("{\"sysstat\": {}}"), Some(LogFormat::SadfJson));
        assert_eq!(
            fmt(
                "[ ID] Interval Transfer Bandwidth Jitter Lost/Total Datagrams\n[4] 0.00-10.00 sec 237 MBytes 199 Mbits/sec 0.027 ms 500/30352 (1.6%)\n"
            ),
            Some(LogFormat::Iperf3Text)
        );
        assert_eq!(
            fmt("Linux 6.1 (vm) \t11/28/26 \t_x86_64_\t(2 CPU)\n"),
            Some(LogFormat::SarText)
        );
        assert_eq!(
            fmt("# hostname;interval;timestamp;IFACE;rxpck/s\n"),
            Some(LogFormat::SadfCsv)
        );
        assert_eq!(
            fmt("vm\t1\t2026-11-28 18:16:30 UTC\tlo\trxpck/s\t0.00\n"),
            Some(LogFormat::SadfP)
        );
        assert_eq!(
            fmt("Starting netserver with host 'IN(6)ADDR_ANY' port '12865' and family AF_UNSPEC\n"),
            Some(LogFormat::Netserver)
        );
        assert_eq!(
            fmt(
                "MIGRATED UDP STREAM TEST from 0.0.0.0 (0.0.0.0) port 0 AF_INET to 10.200.1.2 () port 0 AF_INET : demo\nSocket  Message\n"
            ),
            Some(LogFormat::NetperfClassic)
        );
        assert_eq!(
            fmt("131072  16384  16384    3.00     5296.28   \n"),
            Some(LogFormat::NetperfClassic)
        );
        assert_eq!(
            fmt("THROUGHPUT=0.65\nTHROUGHPUT_UNITS=10^6bits/s\n"),
            Some(LogFormat::NetperfOmni)
        );
        assert_eq!(
            fmt("0.63,10^6bits/s,5.00,504530\n"),
            Some(LogFormat::NetperfOmni)
        );
        assert_eq!(
            fmt("0.63,10^6bits/s,5.00,504530\n0.61,10^6bits/s,5.00,498211\n"),
            Some(LogFormat::NetperfOmni)
        );
        let loop_p0 = "212992       1   5.00       124523      0       0.20\n212992           5.00        76816              0.12\n\n".repeat(6);
        assert_eq!(fmt(&loop_p0), Some(LogFormat::NetperfClassic));
        assert_eq!(fmt(&"1 2 3\n".repeat(12)), None);
    }

    #[test]
    fn unknowns_say_why() {
        assert!(matches!(
            detect("hello world\nthis is a note\n"),
            Detected::Unknown(_)
        ));
        assert!(matches!(detect("{\"a\": 1}"), Detected::Unknown(_)));
        match detect("------\nClient connecting to 10.200.1.2, TCP port 5003\n") {
            Detected::Unknown(r) => assert!(r.contains("iperf 2"), "{r}"),
            d => panic!("{d:?}"),
        }
    }
}
