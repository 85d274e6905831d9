//! How figures are written in the report: SI prefixes for rates, fixed decimals for pps,
//! percentages and milliseconds, `–` for a figure the logs do not give.

use crate::model::analysis::Verdict;
use crate::model::units::si;
use crate::model::{Direction, Side};
use chrono::{DateTime, Utc};

/// Shown where a figure is missing.
pub const NONE: &str = "–";

pub fn bps(v: Option<f64>) -> String {
    v.map_or_else(|| NONE.into(), |x| si(x, "bit/s"))
}

pub fn pps(v: Option<f64>) -> String {
    v.map_or_else(|| NONE.into(), |x| format!("{x:.1} pps"))
}

pub fn percent(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| NONE.into(), |x| format!("{x:.decimals$} %"))
}

pub fn signed_percent(v: Option<f64>) -> String {
    v.map_or_else(|| NONE.into(), |x| format!("{x:+.2} %"))
}

pub fn ms(v: Option<f64>) -> String {
    v.map_or_else(|| NONE.into(), |x| format!("{x:.3} ms"))
}

pub fn seconds(v: Option<f64>) -> String {
    v.map_or_else(|| NONE.into(), |x| format!("{x:.2} s"))
}

pub fn count(v: Option<u64>) -> String {
    v.map_or_else(|| NONE.into(), |x| x.to_string())
}

/// Bytes with a binary prefix for file sizes: `12.3 KiB`, exact below 1 KiB.
pub fn size(b: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if b < 1024 {
        return format!("{b} B");
    }
    let mut v = b as f64 / 1024.0;
    let mut unit = "KiB";
    for u in UNITS.iter().skip(1) {
        if v < 1024.0 {
            break;
        }
        v /= 1024.0;
        unit = u;
    }
    format!("{v:.1} {unit}")
}

pub fn time(t: Option<&DateTime<Utc>>) -> String {
    t.map_or_else(
        || NONE.into(),
        |t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
    )
}

pub fn opt(s: Option<&str>) -> String {
    s.filter(|x| !x.is_empty()).unwrap_or(NONE).to_string()
}

pub fn verdict_label(v: Verdict) -> String {
    v.as_str().to_uppercase()
}

pub fn direction_title(d: Option<Direction>) -> String {
    match d {
        Some(Direction::Inbound) => "Inbound (VPC → IDC)".into(),
        Some(Direction::Outbound) => "Outbound (IDC → VPC)".into(),
        None => "Both directions".into(),
    }
}

pub fn side(s: Side) -> &'static str {
    match s {
        Side::Idc => "IDC",
        Side::Vpc => "VPC",
    }
}

/// Megabits per second, for chart axes.
pub fn mbit(v: f64) -> f64 {
    v / 1e6
}

/// `1 line` / `3 lines`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_missing_figures() {
        assert_eq!(size(512), "512 B");
        assert_eq!(size(2048), "2.0 KiB");
        assert_eq!(size(3 * 1024 * 1024), "3.0 MiB");
        assert_eq!(bps(None), NONE);
        assert_eq!(bps(Some(35_910_000.0)), "35.9 Mbit/s");
        assert_eq!(signed_percent(Some(0.18)), "+0.18 %");
    }
}
