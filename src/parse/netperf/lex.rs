//! nom productions for the words of netperf's output: numbers, throughput units and omni
//! `KEY=value` lines. Each returns `None` rather than guessing.

use crate::model::BitsPerSec;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, digit1, one_of, space0};
use nom::combinator::{all_consuming, map_res, opt, recognize};
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

pub(crate) type Res<'a, T> = IResult<&'a str, T>;

/// A number as netperf prints it: `5.00`, `124523`, `-1`, `.5`, `1e+06`.
pub(crate) fn decimal(i: &str) -> Res<'_, &str> {
    recognize((
        opt(char('-')),
        alt((
            recognize((digit1, opt((char('.'), opt(digit1))))),
            recognize((char('.'), digit1)),
        )),
        opt((one_of("eE"), opt(one_of("+-")), digit1)),
    ))
    .parse(i)
}

/// The first `n` characters of `s` (all of it if shorter): where a line's kind is decided,
/// so that a very long line is not scanned again and again.
pub(crate) fn head(s: &str, n: usize) -> &str {
    s.char_indices()
        .nth(n)
        .and_then(|(i, _)| s.get(..i))
        .unwrap_or(s)
}

/// `s` for a message: at most `n` characters, with `…` when cut.
pub(crate) fn excerpt(s: &str, n: usize) -> String {
    let h = head(s, n);
    if h.len() < s.len() {
        format!("{h}…")
    } else {
        h.to_string()
    }
}

/// The whole token as a finite number.
pub(crate) fn number(tok: &str) -> Option<f64> {
    let r: Res<'_, &str> = all_consuming(decimal).parse(tok);
    let (_, s) = r.ok()?;
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The whole token as a count (decimal digits only).
pub(crate) fn count(tok: &str) -> Option<u64> {
    let r: Res<'_, &str> = all_consuming(digit1).parse(tok);
    r.ok()?.1.parse().ok()
}

/// The unit of a rate netperf prints (`format_units()` followed by `/sec` or `/s`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// 10^e bits per second: `10^6bits/sec` (`-f m`, the default), `10^3bits` (`-f k`).
    Bits(u32),
    /// 2^k bytes per second: `Bytes` (k = 0), `KBytes` (10), `MBytes` (20), `GBytes` (30).
    Bytes(u32),
    /// Transactions per second (RR tests, `-f x`).
    Trans,
    /// Microseconds (`-f u`).
    Usec,
}

impl Unit {
    /// What netperf uses when `-f` is not given: `10^6bits/sec`.
    pub(crate) const DEFAULT: Unit = Unit::Bits(6);

    /// `v` of this unit in bit/s; `None` for units that are not data rates.
    pub(crate) fn to_bps(self, v: f64) -> Option<BitsPerSec> {
        let factor = match self {
            Unit::Bits(e) => 10f64.powi(i32::try_from(e).ok()?),
            Unit::Bytes(k) => 8.0 * 2f64.powi(i32::try_from(k).ok()?),
            Unit::Trans | Unit::Usec => return None,
        };
        Some(BitsPerSec(v * factor))
    }
}

/// `10^6bits`, `MBytes`, `Trans`, `Usec` (the name without `/s`).
fn unit_name(i: &str) -> Res<'_, Unit> {
    alt((
        map_res(delimited(tag("10^"), digit1, tag("bits")), |e: &str| {
            e.parse::<u32>()
                .ok()
                .filter(|e| *e <= 18)
                .map(Unit::Bits)
                .ok_or(())
        }),
        (opt(one_of("KMG")), tag("Bytes")).map(|(p, _)| {
            Unit::Bytes(match p {
                Some('K') => 10,
                Some('M') => 20,
                Some('G') => 30,
                _ => 0,
            })
        }),
        tag("Trans").map(|_| Unit::Trans),
        tag("Usec").map(|_| Unit::Usec),
    ))
    .parse(i)
}

/// A rate unit: `10^6bits/sec`, `10^6bits/s`, `MBytes  /s` (netperf pads `%-8.8s/s`).
pub(crate) fn rate_unit(i: &str) -> Res<'_, Unit> {
    (unit_name, space0, tag("/s"), opt(tag("ec")))
        .map(|(u, _, _, _)| u)
        .parse(i)
}

/// The whole (trimmed) value of an omni `THROUGHPUT_UNITS` field.
pub(crate) fn unit_value(s: &str) -> Option<Unit> {
    let r: Res<'_, Unit> = all_consuming(rate_unit).parse(s.trim());
    r.ok().map(|(_, u)| u)
}

/// The first rate unit on a header line, looked for at the start of each word.
pub(crate) fn find_unit(line: &str) -> Option<Unit> {
    let line = head(line, 1024);
    let mut prev_space = true;
    for (i, c) in line.char_indices() {
        if prev_space
            && !c.is_whitespace()
            && let Some(Ok((_, u))) = line.get(i..).map(rate_unit)
        {
            return Some(u);
        }
        prev_space = c.is_whitespace();
    }
    None
}

/// An omni `-k` line: `THROUGHPUT=0.53` (the value may be empty).
pub(crate) fn keyval(line: &str) -> Option<(&str, &str)> {
    let r: Res<'_, (&str, &str)> = (
        recognize((
            take_while1(|c: char| c.is_ascii_uppercase()),
            take_while(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
        )),
        preceded(char('='), nom::combinator::rest),
    )
        .parse(line.trim_start());
    r.ok().map(|(_, (k, v))| (k, v.trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(number("5.00"), Some(5.0));
        assert_eq!(number("24."), Some(24.0));
        assert_eq!(number("-1"), Some(-1.0));
        assert_eq!(number("1e+06"), Some(1e6));
        for bad in ["", "abc", "1.2.3", "nan", "inf", "5,0", "-", "."] {
            assert_eq!(number(bad), None, "{bad}");
        }
        assert_eq!(count("124523"), Some(124523));
        assert_eq!(count("1.5"), None);
    }

    #[test]
    fn units() {
        assert_eq!(
            find_unit("bytes   bytes    secs   #  #   10^6bits/sec"),
            Some(Unit::Bits(6))
        );
        assert_eq!(
            find_unit("bytes  bytes   bytes    secs.    MBytes  /s  % S"),
            Some(Unit::Bytes(20))
        );
        assert_eq!(find_unit("secs.    10^6bits/s  % S"), Some(Unit::Bits(6)));
        assert_eq!(
            find_unit("bytes  Bytes  bytes    bytes   secs.    per sec"),
            None
        );
        assert_eq!(unit_value("Trans/s"), Some(Unit::Trans));
        assert_eq!(
            Unit::Bytes(20).to_bps(1.0),
            Some(BitsPerSec(8.0 * 1048576.0))
        );
        assert_eq!(Unit::Bits(3).to_bps(2.0), Some(BitsPerSec(2000.0)));
        assert_eq!(Unit::Trans.to_bps(2.0), None);
    }

    #[test]
    fn keyvals() {
        assert_eq!(
            keyval("THROUGHPUT_UNITS=10^6bits/s"),
            Some(("THROUGHPUT_UNITS", "10^6bits/s"))
        );
        assert_eq!(keyval("Throughput=1"), None);
    }
}
