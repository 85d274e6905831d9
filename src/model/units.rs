//! Typed quantities: bits per second, bytes, packets, seconds, packets per second.
//!
//! Counts are integers (a packet is never a fraction); rates and durations are `f64`.
//! Decimal prefixes (k = 10^3) are used for rates, binary prefixes (Ki = 2^10) only where a
//! tool prints them (iperf3's transfer column, netperf `-f K|M|G`), and are converted at the
//! parser, so every value in the model is in base units.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A rate in bits per second.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BitsPerSec(pub f64);

/// A number of bytes.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Bytes(pub u64);

/// A number of packets (datagrams, messages).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Packets(pub u64);

/// A duration in seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Seconds(pub f64);

/// A rate in packets per second.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PacketsPerSec(pub f64);

impl Packets {
    /// Packets divided by a duration; `None` for a zero, negative or non-finite duration.
    pub fn per(self, d: Seconds) -> Option<PacketsPerSec> {
        positive(d).map(|s| PacketsPerSec(self.0 as f64 / s))
    }
}

impl Bytes {
    /// Bytes over a duration as bits per second; `None` for an unusable duration.
    pub fn rate_over(self, d: Seconds) -> Option<BitsPerSec> {
        positive(d).map(|s| BitsPerSec(self.0 as f64 * 8.0 / s))
    }

    /// Bytes from a (possibly rounded) floating value, rounded to the nearest byte.
    pub fn from_f64(v: f64) -> Option<Bytes> {
        (v.is_finite() && v >= 0.0 && v < u64::MAX as f64).then(|| Bytes(v.round() as u64))
    }
}

fn positive(d: Seconds) -> Option<f64> {
    (d.0.is_finite() && d.0 > 0.0).then_some(d.0)
}

impl BitsPerSec {
    pub const fn bps(v: f64) -> Self {
        BitsPerSec(v)
    }

    /// Human form with a decimal prefix and three significant digits: `83.3 Mbit/s`.
    pub fn human(self) -> String {
        si(self.0, "bit/s")
    }
}

impl PacketsPerSec {
    /// Human form: `101 480 pps` is written `101480 pps` (no thousands separators, which
    /// differ between locales) with one decimal.
    pub fn human(self) -> String {
        format!("{:.1} pps", self.0)
    }
}

impl fmt::Display for BitsPerSec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.human())
    }
}

/// Formats a value with a decimal SI prefix and three significant digits.
pub fn si(v: f64, unit: &str) -> String {
    if !v.is_finite() {
        return format!("{v} {unit}");
    }
    let a = v.abs();
    let (div, prefix) = if a >= 1e12 {
        (1e12, "T")
    } else if a >= 1e9 {
        (1e9, "G")
    } else if a >= 1e6 {
        (1e6, "M")
    } else if a >= 1e3 {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    let x = v / div;
    let decimals = if x.abs() >= 100.0 {
        0
    } else if x.abs() >= 10.0 {
        1
    } else {
        2
    };
    format!("{x:.decimals$} {prefix}{unit}")
}

/// Error for a rate that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a rate: {reason} (examples: `1 Gbit/s`, `1Gbps`, `500M`, `100 Mbit/s`)")]
pub struct RateParseError {
    pub input: String,
    pub reason: &'static str,
}

impl FromStr for BitsPerSec {
    type Err = RateParseError;

    /// Reads `1 Gbit/s`, `1Gbps`, `500M`, `100 Mbit/s`, `8.33 Mb/s`, `100000000` (bit/s).
    /// Prefixes are decimal (k = 1000). Byte units (`MB/s`, `MBps`) are rejected: a leased
    /// line is sold in bits.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason| RateParseError {
            input: s.to_string(),
            reason,
        };
        let t = s.trim();
        let split = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_'))
            .unwrap_or(t.len());
        let (num, unit) = t.split_at(split);
        let num: String = num.chars().filter(|c| *c != '_').collect();
        let value: f64 = num.parse().map_err(|_| err("no number at the start"))?;
        let unit = unit.trim();
        let (mult, rest) = match unit.chars().next() {
            None => (1.0, ""),
            Some('k' | 'K') => (1e3, unit.get(1..).unwrap_or("")),
            Some('M') => (1e6, unit.get(1..).unwrap_or("")),
            Some('G' | 'g') => (1e9, unit.get(1..).unwrap_or("")),
            Some('T' | 't') => (1e12, unit.get(1..).unwrap_or("")),
            Some('m') if !unit.starts_with("mbit") && unit.len() > 1 => {
                return Err(err("`m` (milli) makes no sense for a line rate; use M"));
            }
            Some('m') => (1e6, unit.get(1..).unwrap_or("")),
            Some('b') => (1.0, unit),
            Some(_) => return Err(err("unknown unit")),
        };
        let rest = rest.trim();
        let ok = matches!(
            rest,
            "" | "b" | "bit" | "bits" | "bit/s" | "bits/s" | "b/s" | "bps" | "bit/sec" | "bits/sec"
        );
        if !ok {
            return Err(err(if rest.starts_with('B') {
                "byte units are not accepted; give the rate in bits"
            } else {
                "unknown unit"
            }));
        }
        let v = value * mult;
        if !(v.is_finite() && v > 0.0) {
            return Err(err("the rate must be greater than zero"));
        }
        Ok(BitsPerSec(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pps_is_packets_over_duration() {
        assert_eq!(
            Packets(4532554).per(Seconds(10.0)),
            Some(PacketsPerSec(453255.4))
        );
        assert_eq!(Packets(1).per(Seconds(0.0)), None);
        assert_eq!(Packets(1).per(Seconds(f64::NAN)), None);
    }

    #[test]
    fn bytes_rate() {
        assert_eq!(
            Bytes(1_000).rate_over(Seconds(8.0)),
            Some(BitsPerSec(1000.0))
        );
        assert_eq!(Bytes::from_f64(-1.0), None);
        assert_eq!(Bytes::from_f64(2.6), Some(Bytes(3)));
    }

    #[test]
    fn rates_parse_in_every_documented_form() {
        for (s, v) in [
            ("1 Gbit/s", 1e9),
            ("1Gbps", 1e9),
            ("500M", 500e6),
            ("100 Mbit/s", 100e6),
            ("100mbit", 100e6),
            ("8.33 Mb/s", 8.33e6),
            ("100000000", 1e8),
            ("2.5 G", 2.5e9),
            ("10 kbit/s", 1e4),
        ] {
            assert_eq!(s.parse::<BitsPerSec>(), Ok(BitsPerSec(v)), "{s}");
        }
        for s in ["", "fast", "100 MB/s", "0", "-5M", "10 Qbit/s", "1 ms"] {
            assert!(s.parse::<BitsPerSec>().is_err(), "{s}");
        }
    }

    #[test]
    fn human_rates() {
        assert_eq!(BitsPerSec(1e9 / 12.0).human(), "83.3 Mbit/s");
        assert_eq!(BitsPerSec(1e9).human(), "1.00 Gbit/s");
        assert_eq!(BitsPerSec(667e6).human(), "667 Mbit/s");
        assert_eq!(BitsPerSec(950.0).human(), "950 bit/s");
    }
}
