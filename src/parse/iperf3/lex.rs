//! The line grammar of iperf3 text output: one nom production per construct (a stream tag
//! `[  5]`, an interval `0.00-1.00 sec`, a transfer `12.4 MBytes`, a rate `95.6 Mbits/sec`,
//! the UDP `0.027 ms  500/30352 (1.6%)` block, ...), and the readers of the bracketed lines
//! built from them. Units are converted here: transfers are 1024-based (`KBytes` = 2^10
//! bytes), bit rates 1000-based (`Kbits/sec` = 10^3 bit/s); a byte rate (`-f K|M|G`, e.g.
//! `11.7 MBytes/sec`) is 1024-based bytes per second, times 8.

use crate::model::Endpoint;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_till, take_till1};
use nom::character::complete::{char, digit0, digit1, one_of, space0, space1, u16 as dec_u16};
use nom::character::complete::{u32 as dec_u32, u64 as dec_u64};
use nom::combinator::{eof, map, opt, peek, recognize, value};
use nom::{IResult, Parser};

/// Which stream a line is about: a stream id, or `[SUM]` (`id = None`). `local_sends` is
/// set by the `--bidir` role tag: `TX` (this end sends on the stream) or `RX`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamTag {
    pub id: Option<u32>,
    pub local_sends: Option<bool>,
}

/// What follows the rate on a data line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Metric {
    None,
    /// A bare integer: TCP Retr (summary, `[SUM]` intervals) or UDP Total Datagrams.
    Count(u64),
    /// TCP sender interval: Retr and Cwnd.
    RetrCwnd(u64),
    /// UDP: jitter, Lost/Total.
    JitterLoss {
        jitter_ms: f64,
        lost: u64,
        total: u64,
    },
}

/// The `sender` / `receiver` word that ends a summary line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    Sender,
    Receiver,
}

/// An interval or summary line.
#[derive(Clone, Debug, PartialEq)]
pub struct DataLine {
    pub tag: StreamTag,
    pub start: f64,
    pub end: f64,
    /// Bytes as printed: 3 significant digits, so they carry the log's rounding.
    pub bytes: f64,
    pub bps: f64,
    pub metric: Metric,
    pub label: Option<Label>,
    pub omitted: bool,
}

impl DataLine {
    /// A line with its interval, transfer and rate, and nothing after them yet.
    pub fn new(tag: StreamTag, start: f64, end: f64, bytes: f64, bps: f64) -> Self {
        DataLine {
            tag,
            start,
            end,
            bytes,
            bps,
            metric: Metric::None,
            label: None,
            omitted: false,
        }
    }
}

/// The column header `[ ID] Interval  Transfer  Bitrate ...`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub bidir: bool,
    pub retr: bool,
    pub datagrams: bool,
    pub jitter: bool,
}

/// A line that starts with a stream tag or `[ ID]`.
#[derive(Clone, Debug, PartialEq)]
pub enum Bracketed {
    Header(Header),
    Data(DataLine),
    Connected {
        tag: StreamTag,
        local: Endpoint,
        remote: Endpoint,
    },
    /// iperf 3.0/3.1 UDP client: `[  4] Sent 30352 datagrams`.
    Sent {
        tag: StreamTag,
        datagrams: u64,
    },
    /// `[SUM]  0.0-10.0 sec  8 datagrams received out-of-order`.
    OutOfOrder {
        count: u64,
    },
    /// A tagged line of a kind this parser does not know.
    Other,
}

/// Where and why a data line could not be read: byte offset in the line and what was
/// expected there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    pub offset: usize,
    pub expected: &'static str,
}

type Res<'a, T> = IResult<&'a str, T>;

/// `12`, `12.`, `12.34`.
fn decimal(i: &str) -> Res<'_, f64> {
    let (rest, s) = recognize((digit1, opt((char('.'), digit0)))).parse(i)?;
    match crate::parse::num::decimal(s.strip_suffix('.').unwrap_or(s).as_bytes()) {
        Some(v) => Ok((rest, v)),
        None => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Float,
        ))),
    }
}

/// A decimal prefix letter as a power: K = 1, M = 2, G = 3, T = 4.
fn prefix_power(i: &str) -> Res<'_, i32> {
    map(opt(one_of("kKMGT")), |c| match c {
        Some('k' | 'K') => 1,
        Some('M') => 2,
        Some('G') => 3,
        Some('T') => 4,
        _ => 0,
    })
    .parse(i)
}

/// `Bytes`, `KBytes`, `MBytes`, `GBytes`, `TBytes` (or the singular): the factor to bytes.
fn byte_unit(i: &str) -> Res<'_, f64> {
    map((prefix_power, tag("Byte"), opt(char('s'))), |(p, _, _)| {
        1024f64.powi(p)
    })
    .parse(i)
}

/// `bits/sec`, `Kbits/sec`, ... (×1000) or `KBytes/sec`, `MBytes/sec`, ... (×1024 bytes, ×8).
fn rate_unit(i: &str) -> Res<'_, f64> {
    let bits = map(alt((tag("bits"), tag("bit"))), |_| (1000f64, 1.0));
    let bytes = map(alt((tag("Bytes"), tag("Byte"))), |_| (1024f64, 8.0));
    map(
        (prefix_power, alt((bits, bytes)), tag("/sec")),
        |(p, (base, f), _)| base.powi(p) * f,
    )
    .parse(i)
}

/// `12.4 MBytes` in bytes.
pub(super) fn transfer(i: &str) -> Res<'_, f64> {
    map((decimal, space0, byte_unit), |(v, _, f)| v * f).parse(i)
}

/// `95.6 Mbits/sec` in bit/s.
pub(super) fn rate(i: &str) -> Res<'_, f64> {
    map((decimal, space0, rate_unit), |(v, _, f)| v * f).parse(i)
}

/// `0.00-1.00 sec`.
fn interval(i: &str) -> Res<'_, (f64, f64)> {
    map(
        (decimal, char('-'), decimal, space1, tag("sec")),
        |(a, _, b, _, _)| (a, b),
    )
    .parse(i)
}

/// `[TX-C]`, `[RX-C]`, `[TX-S]`, `[RX-S]`: whether this end sends.
fn bidir_role(i: &str) -> Res<'_, bool> {
    let side = one_of("CS");
    map(
        (
            char('['),
            alt((value(true, tag("TX")), value(false, tag("RX")))),
            char('-'),
            side,
            char(']'),
        ),
        |(_, tx, _, _, _)| tx,
    )
    .parse(i)
}

/// `[  5]`, `[4]`, `[SUM]`, `[  5][TX-C]`, `[SUM][RX-S]`.
pub(super) fn stream_tag(i: &str) -> Res<'_, StreamTag> {
    let id = alt((map(tag("SUM"), |_| None), map(dec_u32, Some)));
    map(
        (char('['), space0, id, space0, char(']'), opt(bidir_role)),
        |(_, _, id, _, _, local_sends)| StreamTag { id, local_sends },
    )
    .parse(i)
}

/// An integer that is a whole token (not the start of `0.000`).
fn count(i: &str) -> Res<'_, u64> {
    let (rest, n) = dec_u64(i)?;
    let (rest, _) = peek(alt((space1, eof))).parse(rest)?;
    Ok((rest, n))
}

/// `(1.6%)`, `(0%)`, `(1e-05%)`.
fn percent(i: &str) -> Res<'_, &str> {
    map(
        (char('('), take_till(|c| c == ')'), char(')')),
        |(_, p, _)| p,
    )
    .parse(i)
}

/// `0.027 ms  500/30352 (1.6%)`.
fn jitter_loss(i: &str) -> Res<'_, Metric> {
    map(
        (
            decimal,
            space0,
            tag("ms"),
            space1,
            dec_u64,
            char('/'),
            dec_u64,
            space0,
            percent,
        ),
        |(jitter_ms, _, _, _, lost, _, total, _, _)| Metric::JitterLoss {
            jitter_ms,
            lost,
            total,
        },
    )
    .parse(i)
}

/// `45    600 KBytes` (Retr then Cwnd).
fn retr_cwnd(i: &str) -> Res<'_, Metric> {
    map((dec_u64, space1, transfer), |(r, _, _)| Metric::RetrCwnd(r)).parse(i)
}

fn metric(i: &str) -> Res<'_, Metric> {
    alt((jitter_loss, retr_cwnd, map(count, Metric::Count))).parse(i)
}

/// The words that can end a data line.
fn ending(i: &str) -> Res<'_, Ending> {
    alt((
        value(Ending::Omitted, tag("(omitted)")),
        value(Ending::Label(Label::Sender), tag("sender")),
        value(Ending::Label(Label::Receiver), tag("receiver")),
    ))
    .parse(i)
}

#[derive(Clone, Copy)]
enum Ending {
    Omitted,
    Label(Label),
}

/// `local 10.200.1.1 port 54648 connected to 10.200.1.2 port 5201`.
fn connected(i: &str) -> Res<'_, (Endpoint, Endpoint)> {
    let addr = || take_till1(|c: char| c.is_whitespace());
    map(
        (
            (tag("local"), space1),
            (addr(), space1, tag("port"), space1, dec_u16),
            (space1, tag("connected to"), space1),
            (addr(), space1, tag("port"), space1, dec_u16),
        ),
        |(_, (la, _, _, _, lp), _, (ra, _, _, _, rp))| {
            (Endpoint::new(la, Some(lp)), Endpoint::new(ra, Some(rp)))
        },
    )
    .parse(i)
}

/// `Sent 30352 datagrams`.
fn sent(i: &str) -> Res<'_, u64> {
    map(
        (tag("Sent"), space1, dec_u64, space1, tag("datagrams")),
        |(_, _, n, _, _)| n,
    )
    .parse(i)
}

/// `8 datagrams received out-of-order`.
fn out_of_order(i: &str) -> Res<'_, u64> {
    map(
        (dec_u64, space1, tag("datagrams received out-of-order")),
        |(n, _, _)| n,
    )
    .parse(i)
}

fn skip_spaces(s: &str) -> &str {
    s.trim_start_matches([' ', '\t'])
}

/// Runs production `p` on `input` (after its leading blanks); a failure names `expected`
/// at the token's offset in `line`.
fn step<'a, O>(
    line: &'a str,
    input: &'a str,
    expected: &'static str,
    mut p: impl Parser<&'a str, Output = O, Error = nom::error::Error<&'a str>>,
) -> Result<(&'a str, O), LineError> {
    let input = skip_spaces(input);
    p.parse(input).map_err(|_| LineError {
        offset: line.len().saturating_sub(input.len()),
        expected,
    })
}

/// Reads a line that starts with `[`: a header, a data line, a connection line, ...
/// `Err` only for a line that has a stream tag and an interval but breaks after them.
pub fn bracketed(line: &str) -> Result<Bracketed, LineError> {
    match super::fastline::data(line) {
        Some(d) => Ok(Bracketed::Data(d)),
        None => bracketed_by_productions(line),
    }
}

/// [`bracketed`] by the productions above alone, for every line the one-pass reader of
/// `fastline.rs` leaves (and to check that reader against).
pub(super) fn bracketed_by_productions(line: &str) -> Result<Bracketed, LineError> {
    let l = skip_spaces(line);
    if l.starts_with("[ ID]") {
        return Ok(Bracketed::Header(Header {
            bidir: l.contains("[Role]"),
            retr: l.contains("Retr"),
            datagrams: l.contains("Datagrams"),
            jitter: l.contains("Jitter"),
        }));
    }
    let Ok((rest, tag)) = stream_tag(l) else {
        return Ok(Bracketed::Other);
    };
    let after_tag = skip_spaces(rest);
    if let Ok((_, (local, remote))) = connected(after_tag) {
        return Ok(Bracketed::Connected { tag, local, remote });
    }
    if let Ok((_, datagrams)) = sent(after_tag) {
        return Ok(Bracketed::Sent { tag, datagrams });
    }
    let Ok((rest, (start, end))) = interval(after_tag) else {
        return Ok(Bracketed::Other);
    };
    if let Ok((_, count)) = out_of_order(skip_spaces(rest)) {
        return Ok(Bracketed::OutOfOrder { count });
    }
    data_after_interval(line, rest, tag, start, end).map(Bracketed::Data)
}

fn data_after_interval(
    line: &str,
    rest: &str,
    tag: StreamTag,
    start: f64,
    end: f64,
) -> Result<DataLine, LineError> {
    let (rest, bytes) = step(line, rest, "a transfer such as `12.4 MBytes`", transfer)?;
    let (mut rest, bps) = step(line, rest, "a bitrate such as `95.6 Mbits/sec`", rate)?;
    let mut d = DataLine::new(tag, start, end, bytes, bps);
    let next = skip_spaces(rest);
    if !next.is_empty() && ending(next).is_err() {
        let (r, m) = step(
            line,
            next,
            "Retr and Cwnd, a datagram count, or `jitter ms  lost/total (percent%)`",
            metric,
        )?;
        d.metric = m;
        rest = r;
    }
    loop {
        let next = skip_spaces(rest);
        if next.is_empty() {
            return Ok(d);
        }
        let (r, e) = step(
            line,
            next,
            "`sender`, `receiver`, `(omitted)` or the end of the line",
            ending,
        )?;
        match e {
            Ending::Omitted => d.omitted = true,
            Ending::Label(l) => d.label = Some(l),
        }
        rest = r;
    }
}

/// The token at byte `offset` of `line`, for error messages.
pub fn token_at(line: &str, offset: usize) -> String {
    let tail = line.get(offset..).unwrap_or("");
    let tok: String = tail
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .take(40)
        .collect();
    if tok.is_empty() {
        "the end of the line".to_string()
    } else {
        format!("`{tok}`")
    }
}
