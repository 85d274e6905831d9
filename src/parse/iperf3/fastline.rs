//! The common iperf3 data line, read in one pass over its bytes without parser combinators:
//! `[  5]   0.00-1.00   sec   381 KBytes  3.12 Mbits/sec  0.275 ms  0/279 (0%)  sender`.
//! Interval and summary rows are nearly every line of a long log. Each step here accepts
//! exactly what the matching production in `lex.rs` accepts, and converts units with the
//! same arithmetic; anything else (a `--bidir` role tag, a connection line, an
//! out-of-order count, a broken field) gives `None`, and [`super::lex::bracketed`] reads
//! the line and names what is wrong.

use super::lex::{DataLine, Label, Metric, StreamTag};
use crate::parse::num;

/// A position in a line's bytes.
struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn at_end(&self) -> bool {
        self.i >= self.s.len()
    }

    /// Skips spaces and tabs (nom's `space0`); how many.
    fn blanks(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
        self.i - start
    }

    fn eat(&mut self, lit: &[u8]) -> bool {
        let ok = self.s.get(self.i..).is_some_and(|r| r.starts_with(lit));
        if ok {
            self.i += lit.len();
        }
        ok
    }

    fn eat_byte(&mut self, b: u8) -> bool {
        self.eat(&[b])
    }

    /// Reads the digits at the cursor into `m` (see [`num::accumulate`]); how many.
    fn digits(&mut self, m: &mut u64) -> usize {
        let (v, n) = num::accumulate(*m, self.s.get(self.i..).unwrap_or_default());
        *m = v;
        self.i += n;
        n
    }

    /// `12`, `12.`, `12.34` (lex.rs `decimal`).
    fn decimal(&mut self) -> Option<f64> {
        let start = self.i;
        let mut m = 0;
        let int = self.digits(&mut m);
        if int == 0 {
            return None;
        }
        let int_end = self.i;
        let (frac, end) = if self.eat_byte(b'.') {
            match self.digits(&mut m) {
                0 => (0, int_end),
                n => (n, self.i),
            }
        } else {
            (0, int_end)
        };
        num::exact(m, int + frac, frac).or_else(|| num::decimal(self.s.get(start..end)?))
    }

    /// An unsigned integer (nom's `u64`: digits, failing on overflow).
    fn uint(&mut self) -> Option<u64> {
        let start = self.i;
        let mut m = 0;
        match self.digits(&mut m) {
            0 => None,
            1..=19 => Some(m),
            _ => std::str::from_utf8(self.s.get(start..self.i)?)
                .ok()?
                .parse()
                .ok(),
        }
    }

    /// `K`, `M`, ... as a power of the base (lex.rs `prefix_power`).
    fn prefix_power(&mut self) -> i32 {
        let p = match self.peek() {
            Some(b'k' | b'K') => 1,
            Some(b'M') => 2,
            Some(b'G') => 3,
            Some(b'T') => 4,
            _ => return 0,
        };
        self.i += 1;
        p
    }

    /// `381 KBytes` in bytes (lex.rs `transfer`).
    fn transfer(&mut self) -> Option<f64> {
        let v = self.decimal()?;
        self.blanks();
        let p = self.prefix_power();
        if !self.eat(b"Byte") {
            return None;
        }
        self.eat_byte(b's');
        Some(v * 1024f64.powi(p))
    }

    /// `3.12 Mbits/sec` in bit/s (lex.rs `rate`).
    fn rate(&mut self) -> Option<f64> {
        let v = self.decimal()?;
        self.blanks();
        let p = self.prefix_power();
        let (base, f) = if self.eat(b"bits") || self.eat(b"bit") {
            (1000f64, 1.0)
        } else if self.eat(b"Bytes") || self.eat(b"Byte") {
            (1024f64, 8.0)
        } else {
            return None;
        };
        self.eat(b"/sec").then(|| v * (base.powi(p) * f))
    }

    /// `0.275 ms  0/279 (0%)` (lex.rs `jitter_loss`).
    fn jitter_loss(&mut self) -> Option<Metric> {
        let jitter_ms = self.decimal()?;
        self.blanks();
        if !self.eat(b"ms") || self.blanks() == 0 {
            return None;
        }
        let lost = self.uint()?;
        if !self.eat_byte(b'/') {
            return None;
        }
        let total = self.uint()?;
        self.blanks();
        if !self.eat_byte(b'(') {
            return None;
        }
        let close = self.s.get(self.i..)?.iter().position(|&b| b == b')')?;
        self.i += close + 1;
        Some(Metric::JitterLoss {
            jitter_ms,
            lost,
            total,
        })
    }

    /// What follows the rate (lex.rs `metric`): jitter and loss, Retr and Cwnd, or a count.
    fn metric(&mut self) -> Option<Metric> {
        let start = self.i;
        if let Some(m) = self.jitter_loss() {
            return Some(m);
        }
        self.i = start;
        if let Some(r) = self.uint()
            && self.blanks() > 0
            && self.transfer().is_some()
        {
            return Some(Metric::RetrCwnd(r));
        }
        self.i = start;
        let n = self.uint()?;
        (self.at_end() || matches!(self.peek(), Some(b' ' | b'\t'))).then_some(Metric::Count(n))
    }

    /// `(omitted)`, `sender` or `receiver` (lex.rs `ending`); `None` leaves the cursor.
    fn ending(&mut self) -> Option<Option<Label>> {
        if self.eat(b"(omitted)") {
            Some(None)
        } else if self.eat(b"sender") {
            Some(Some(Label::Sender))
        } else if self.eat(b"receiver") {
            Some(Some(Label::Receiver))
        } else {
            None
        }
    }

    fn starts_ending(&self) -> bool {
        let r = self.s.get(self.i..).unwrap_or_default();
        r.starts_with(b"(omitted)") || r.starts_with(b"sender") || r.starts_with(b"receiver")
    }
}

/// The stream id of `[  5]` or `[SUM]` (`None`); no `--bidir` role tag may follow.
fn tag(c: &mut Cursor<'_>) -> Option<Option<u32>> {
    if !c.eat_byte(b'[') {
        return None;
    }
    c.blanks();
    let id = if c.eat(b"SUM") {
        None
    } else {
        Some(u32::try_from(c.uint()?).ok()?)
    };
    c.blanks();
    (c.eat_byte(b']') && c.peek() != Some(b'[')).then_some(id)
}

/// Reads `line` as an interval or summary row, or `None` (see the module).
pub fn data(line: &str) -> Option<DataLine> {
    let mut c = Cursor {
        s: line.as_bytes(),
        i: 0,
    };
    c.blanks();
    let id = tag(&mut c)?;
    c.blanks();
    let start = c.decimal()?;
    if !c.eat_byte(b'-') {
        return None;
    }
    let end = c.decimal()?;
    if c.blanks() == 0 || !c.eat(b"sec") {
        return None;
    }
    c.blanks();
    let bytes = c.transfer()?;
    c.blanks();
    let bps = c.rate()?;
    let tag = StreamTag {
        id,
        local_sends: None,
    };
    let mut d = DataLine::new(tag, start, end, bytes, bps);
    c.blanks();
    if !c.at_end() && !c.starts_ending() {
        d.metric = c.metric()?;
    }
    loop {
        c.blanks();
        if c.at_end() {
            return Some(d);
        }
        match c.ending()? {
            None => d.omitted = true,
            Some(l) => d.label = Some(l),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::lex::{Bracketed, bracketed_by_productions};
    use super::*;

    /// The fast reader agrees with the combinator one wherever it answers.
    fn same(line: &str) -> Option<DataLine> {
        let fast = data(line);
        if let Some(f) = &fast {
            let slow = match bracketed_by_productions(line) {
                Ok(Bracketed::Data(d)) => Some(d),
                _ => None,
            };
            assert_eq!(Some(f), slow.as_ref(), "{line:?}");
        }
        fast
    }

    #[test]
    fn common_lines_are_read() {
        for line in [
            "[  5]   0.00-1.00   sec   381 KBytes  3.12 Mbits/sec  0.275 ms  0/279 (0%)  ",
            "[SUM]   0.00-1.00   sec  2.97 MBytes  24.9 Mbits/sec  0.175 ms  9/2232 (0.4%)  ",
            "[  5]   0.00-1.00   sec  5.96 MBytes  50.0 Mbits/sec  4461  ",
            "[  5]   0.00-10.00  sec   112 MBytes  94.1 Mbits/sec   45    600 KBytes",
            "[  5]   0.00-10.00  sec   112 MBytes  94.1 Mbits/sec   45             sender",
            "[  5]   0.00-10.04  sec   111 MBytes  92.8 Mbits/sec                  receiver",
            "[  5]   0.00-5.00   sec  29.8 MBytes  50.0 Mbits/sec  0.000 ms  0/22318 (0%)  sender",
            "[  5]   1.00-2.00   sec  11.7 MBytes  11.7 MBytes/sec  (omitted)",
            "[  4]   0.00-10.00  sec   237 MBytes   199 Mbits/sec  0.027 ms  500/30352 (1.6%)",
            "[4] 0.0-1.0 sec 1 Byte 8 bit/sec",
            "[ 12]   2.00-3.00   sec   0.00 Bytes  0.00 bits/sec  0.000 ms  0/0 (0%)",
            "[  5]   0.00-1.00   sec  1.19 MBytes  10.0 Mbits/sec  0.012 ms  0/893 (1e-05%)",
        ] {
            assert!(same(line).is_some(), "{line:?}");
        }
    }

    #[test]
    fn every_fixture_line_reads_the_same_both_ways() {
        let root = format!("{}/fixtures", env!("CARGO_MANIFEST_DIR"));
        let (mut lines, mut fast) = (0, 0);
        for e in walkdir::WalkDir::new(root) {
            let Ok(e) = e else { continue };
            let Ok(text) = std::fs::read_to_string(e.path()) else {
                continue;
            };
            for l in text.lines().map(str::trim).filter(|l| l.starts_with('[')) {
                lines += 1;
                fast += usize::from(same(l).is_some());
            }
        }
        // Most bracketed lines of the fixtures are data lines (the rest: connections, headers).
        assert!(fast > 1500 && fast * 2 > lines, "{fast} of {lines}");
    }

    #[test]
    fn mutated_lines_read_the_same_both_ways() {
        // Random edits of real lines, from an alphabet of what these lines are made of: the
        // one-pass reader may refuse a line, but what it accepts must match the productions.
        const BASE: [&str; 4] = [
            "[  5]   0.00-1.00   sec   381 KBytes  3.12 Mbits/sec  0.275 ms  0/279 (0%)  ",
            "[SUM]   0.00-10.00  sec   112 MBytes  94.1 Mbits/sec   45    600 KBytes  sender",
            "[ 12]   2.00-3.00   sec  5.96 MBytes  50.0 Mbits/sec  4461  (omitted)",
            "[  5]   0.00-10.04  sec   111 MBytes  92.8 MBytes/sec                  receiver",
        ];
        let alphabet = b" \t[]-./()%0123456789KMGTkBbitsyecmSUMdronlv,+\xc3\xa9";
        let accepted = crate::parse::edits::edited_lines(
            &BASE,
            alphabet,
            0x2545_F491_4F6C_DD1D,
            40_000,
            |l| same(l).is_some(),
        );
        assert!(accepted > 1000, "{accepted}");
    }

    #[test]
    fn everything_else_goes_to_the_combinators() {
        for line in [
            "[ ID] Interval           Transfer     Bitrate",
            "[  5] local 10.0.0.1 port 5201 connected to 10.0.0.2 port 1",
            "[  4] Sent 30352 datagrams",
            "[SUM]  0.0-10.0 sec  8 datagrams received out-of-order",
            "[  5][TX-C]   0.00-1.00   sec  1.19 MBytes  10.0 Mbits/sec",
            "[  5]   0.00-1.00   sec  1.19 MBytes  10.0 Mbits/sec  junk",
            "[  5]   0.00-1.00   sec  1.19 MBytes  10.0 Mbits/se",
            "[  5]   0.00-1.00   sec  1.19 MBytes  10.0 Mbits/sec  0.012 ms  0/893 (0%",
            "[  5]   0.00-1.00   sec  1.19 XBytes  10.0 Mbits/sec",
            "[  5]   0.00-1.00   sec  1.19 MBytes  10.0 Mbits/sec  99999999999999999999",
            "[99999999999]   0.00-1.00   sec  1.19 MBytes  10.0 Mbits/sec",
            "[  5]   0.00-1.00sec  1.19 MBytes  10.0 Mbits/sec",
            "[  5]   0.00-1.00   sec  1.19 MBytes  10.0 Mbits/sec  senders",
        ] {
            assert_eq!(same(line), None, "{line:?}");
        }
    }
}
