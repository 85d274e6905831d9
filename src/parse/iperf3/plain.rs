//! The untagged lines of iperf3 text output, one nom production each: the client and server
//! preambles (`Connecting to host`, `Server listening on`, `Accepted connection from`),
//! the `-V` lines (`iperf 3.12`, `Time:`, `Target Bitrate:`, `Starting Test:`, `CPU
//! Utilization:`), the `--timestamps` prefix and the `iperf3: ...` messages on stderr.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use nom::bytes::complete::{tag, take_till1, take_until};
use nom::character::complete::{alpha1, char, digit1, space0, space1};
use nom::character::complete::{u16 as dec_u16, u32 as dec_u32, u64 as dec_u64};
use nom::combinator::{map, map_opt};
use nom::number::complete::double;
use nom::{IResult, Parser};

type Res<'a, T> = IResult<&'a str, T>;

/// What a message on stderr means for the run it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessageKind {
    /// `iperf3: error - ...`: the run failed.
    Error,
    /// `iperf3: interrupt - the client has terminated` (SIGINT on the client).
    ClientInterrupt,
    /// `iperf3: the client has terminated` (on the server, for an aborted client).
    ClientTerminated,
    /// `iperf3: interrupt - the server has terminated` (SIGINT/SIGTERM on the server).
    ServerTerminated,
}

/// A classified `iperf3: ...` line; `text` is what follows `iperf3: ` (and `error - `).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub kind: MessageKind,
    pub text: String,
}

/// `iperf3: error - the server is busy ...`, `iperf3: interrupt - ...`.
pub fn message(l: &str) -> Option<Message> {
    let body = l.strip_prefix("iperf3: ")?.trim();
    let (kind, text) = if let Some(e) = body.strip_prefix("error - ") {
        (MessageKind::Error, e)
    } else if body.contains("interrupt - the client has terminated") {
        (MessageKind::ClientInterrupt, body)
    } else if body.contains("the server has terminated") && body.starts_with("interrupt") {
        (MessageKind::ServerTerminated, body)
    } else if body.contains("the client has terminated") {
        (MessageKind::ClientTerminated, body)
    } else {
        (MessageKind::Error, body)
    };
    Some(Message {
        kind,
        text: text.to_string(),
    })
}

fn host_port<'a>(
    lead: &'static str,
) -> impl Parser<&'a str, Output = (String, u16), Error = nom::error::Error<&'a str>> {
    map(
        (
            tag(lead),
            space1,
            take_until(","),
            char(','),
            space0,
            tag("port"),
            space1,
            dec_u16,
        ),
        |(_, _, h, _, _, _, _, p): (_, _, &str, _, _, _, _, u16)| (h.trim().to_string(), p),
    )
}

/// `Connecting to host 10.200.1.2, port 5201`.
pub fn connecting(l: &str) -> Option<(String, u16)> {
    host_port("Connecting to host").parse(l).ok().map(|r| r.1)
}

/// `Accepted connection from 10.200.1.1, port 50932` (the control connection).
pub fn accepted(l: &str) -> Option<(String, u16)> {
    host_port("Accepted connection from")
        .parse(l)
        .ok()
        .map(|r| r.1)
}

/// `Server listening on 5201 (test #1)`: the port.
pub fn server_listening(l: &str) -> Option<u16> {
    fn p(i: &str) -> Res<'_, u16> {
        map((tag("Server listening on"), space1, dec_u16), |(_, _, p)| p).parse(i)
    }
    p(l).ok().map(|r| r.1)
}

/// `Reverse mode, remote host 10.200.1.2 is sending`.
pub fn reverse_mode(l: &str) -> bool {
    l.starts_with("Reverse mode, remote host ")
}

/// `iperf 3.12` (the `-V` version line): `3.12`.
pub fn version(l: &str) -> Option<String> {
    fn p(i: &str) -> Res<'_, &str> {
        map(
            (
                tag("iperf"),
                space1,
                take_till1(|c: char| c.is_whitespace()),
            ),
            |(_, _, v)| v,
        )
        .parse(i)
    }
    let (_, v) = p(l).ok()?;
    v.starts_with('3').then(|| v.to_string())
}

/// `Time: Sat, 28 Nov 2026 18:16:13 GMT`.
pub fn time_line(l: &str) -> Option<DateTime<Utc>> {
    let t = l.strip_prefix("Time:")?.trim();
    DateTime::parse_from_rfc2822(t)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// `Target Bitrate: 100000000` (bit/s).
pub fn target_bitrate(l: &str) -> Option<f64> {
    fn p(i: &str) -> Res<'_, f64> {
        map((tag("Target Bitrate:"), space0, double), |(_, _, v)| v).parse(i)
    }
    p(l).ok().map(|r| r.1)
}

/// What `Starting Test:` says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartingTest {
    pub protocol: String,
    pub streams: u32,
    pub block_bytes: u64,
}

/// `Starting Test: protocol: UDP, 1 streams, 1400 byte blocks, omitting 0 seconds, ...`.
pub fn starting_test(l: &str) -> Option<StartingTest> {
    fn p(i: &str) -> Res<'_, StartingTest> {
        let p = (
            (tag("Starting Test:"), space1, tag("protocol:"), space1),
            alpha1,
            (char(','), space1),
            dec_u32,
            (space1, tag("streams,"), space1),
            dec_u64,
            (space1, tag("byte blocks")),
        );
        map(
            p,
            |(_, proto, _, streams, _, block_bytes, _): (_, &str, _, _, _, _, _)| StartingTest {
                protocol: proto.to_string(),
                streams,
                block_bytes,
            },
        )
        .parse(i)
    }
    p(l).ok().map(|r| r.1)
}

/// `10.7% (1.1%u/9.6%s)`: total, user, system.
fn cpu_triple(i: &str) -> Res<'_, (f64, f64, f64)> {
    map(
        (double, tag("% ("), double, tag("%u/"), double, tag("%s)")),
        |(t, _, u, _, s, _)| (t, u, s),
    )
    .parse(i)
}

/// `CPU Utilization: local/sender 10.7% (1.1%u/9.6%s), remote/receiver 6.9% (0.7%u/6.2%s)`:
/// the local and the remote (total, user, system) percentages.
pub fn cpu_utilization(l: &str) -> Option<[(f64, f64, f64); 2]> {
    let side = || (take_till1(|c: char| c.is_whitespace()), space1);
    map(
        (
            (tag("CPU Utilization:"), space1),
            side(),
            cpu_triple,
            (char(','), space1),
            side(),
            cpu_triple,
        ),
        |(_, _, local, _, _, remote)| [local, remote],
    )
    .parse(l)
    .ok()
    .map(|r| r.1)
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `18:16:22`.
fn clock(i: &str) -> Res<'_, NaiveTime> {
    map_opt(
        (dec_u32, char(':'), dec_u32, char(':'), dec_u32),
        |(h, _, m, _, s)| NaiveTime::from_hms_opt(h, m, s),
    )
    .parse(i)
}

/// `Sat Nov 28 18:16:22 2026` (C locale `%c`, the `--timestamps` default).
fn c_time(i: &str) -> Res<'_, NaiveDateTime> {
    let day = map_opt(alpha1, |d: &str| DAYS.contains(&d).then_some(()));
    let month = map_opt(alpha1, |m: &str| {
        MONTHS
            .iter()
            .position(|x| *x == m)
            .and_then(|p| u32::try_from(p + 1).ok())
    });
    map_opt(
        (
            day, space1, month, space1, dec_u32, space1, clock, space1, digit1,
        ),
        |(_, _, mon, _, d, _, t, _, y): (_, _, u32, _, u32, _, NaiveTime, _, &str)| {
            let y: i32 = y.parse().ok()?;
            NaiveDate::from_ymd_opt(y, mon, d).map(|date| date.and_time(t))
        },
    )
    .parse(i)
}

/// Splits a `--timestamps` prefix off a line: the local time and the rest of the line
/// (the prefix is followed by one space, or ends a blank line).
pub fn timestamp_prefix(line: &str) -> Option<(NaiveDateTime, &str)> {
    if !line.as_bytes().first()?.is_ascii_uppercase() {
        return None;
    }
    let (rest, t) = c_time(line).ok()?;
    if rest.is_empty() {
        return Some((t, rest));
    }
    Some((t, rest.strip_prefix(' ')?))
}

/// Lines iperf3 prints that carry nothing the model keeps.
pub fn is_ignorable(l: &str) -> bool {
    const PREFIXES: [&str; 10] = [
        "Control connection MSS",
        "Cookie:",
        "TCP MSS:",
        "snd_tcp_congestion",
        "rcv_tcp_congestion",
        "Test Complete. Summary Results:",
        "Starting Test:",
        "Target Bitrate:",
        "Time:",
        "Server output:",
    ];
    PREFIXES.iter().any(|p| l.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preamble_lines() {
        assert_eq!(
            connecting("Connecting to host 10.200.1.2, port 5201"),
            Some(("10.200.1.2".into(), 5201))
        );
        assert_eq!(
            accepted("Accepted connection from 10.200.1.1, port 50932"),
            Some(("10.200.1.1".into(), 50932))
        );
        assert_eq!(
            server_listening("Server listening on 5201 (test #21)"),
            Some(5201)
        );
        assert_eq!(server_listening("Server listening on 5201"), Some(5201));
        assert_eq!(version("iperf 3.12"), Some("3.12".into()));
        assert_eq!(version("iperf Done."), None);
        assert_eq!(
            time_line("Time: Sat, 28 Nov 2026 18:16:13 GMT").map(|t| t.to_rfc3339()),
            Some("2026-11-28T18:16:13+00:00".into())
        );
        assert_eq!(target_bitrate("Target Bitrate: 100000000"), Some(1e8));
        assert_eq!(
            starting_test(
                "Starting Test: protocol: UDP, 1 streams, 1400 byte blocks, omitting 0 seconds, 3 second test, tos 0"
            ),
            Some(StartingTest {
                protocol: "UDP".into(),
                streams: 1,
                block_bytes: 1400
            })
        );
        assert_eq!(
            cpu_utilization(
                "CPU Utilization: local/sender 10.7% (1.1%u/9.6%s), remote/receiver 6.9% (0.7%u/6.2%s)"
            ),
            Some([(10.7, 1.1, 9.6), (6.9, 0.7, 6.2)])
        );
    }

    #[test]
    fn messages() {
        let m = message("iperf3: error - the server is busy running a test. try again later");
        assert_eq!(
            m,
            Some(Message {
                kind: MessageKind::Error,
                text: "the server is busy running a test. try again later".into()
            })
        );
        let k = |l| message(l).map(|m| m.kind);
        assert_eq!(
            k("iperf3: interrupt - the client has terminated"),
            Some(MessageKind::ClientInterrupt)
        );
        assert_eq!(
            k("iperf3: the client has terminated"),
            Some(MessageKind::ClientTerminated)
        );
        assert_eq!(
            k("iperf3: interrupt - the server has terminated"),
            Some(MessageKind::ServerTerminated)
        );
        assert_eq!(
            k("iperf3: error - the server has terminated"),
            Some(MessageKind::Error)
        );
        assert_eq!(k("iperf Done."), None);
    }

    #[test]
    fn timestamps() {
        let (t, rest) =
            timestamp_prefix("Sat Nov 28 18:16:22 2026 [  5] local").unwrap_or_default();
        assert_eq!(
            (t.to_string().as_str(), rest),
            ("2026-11-28 18:16:22", "[  5] local")
        );
        assert_eq!(
            timestamp_prefix("Sun Nov  1 08:00:00 2026 ").map(|r| r.1),
            Some("")
        );
        assert_eq!(
            timestamp_prefix("Sat Nov 28 18:16:22 2026").map(|r| r.1),
            Some("")
        );
        assert_eq!(timestamp_prefix("Server listening on 5201"), None);
        assert_eq!(timestamp_prefix("Sat Nov 28 18:16:22 2026x"), None);
    }
}
