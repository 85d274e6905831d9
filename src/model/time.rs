//! Time zones for timestamps that carry none (sar text): an IANA zone or a fixed offset.

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDateTime, TimeZone, Utc};
use std::fmt;
use std::str::FromStr;

/// A time zone given by the user or the contract: `Asia/Shanghai`, `UTC`, `+08:00`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeZoneSpec {
    Iana(chrono_tz::Tz),
    Fixed(FixedOffset),
}

impl Default for TimeZoneSpec {
    fn default() -> Self {
        TimeZoneSpec::Iana(chrono_tz::UTC)
    }
}

impl TimeZoneSpec {
    /// Local wall-clock time to UTC. In a DST gap there is no such time (`None`); in a DST
    /// overlap the earlier instant is taken.
    pub fn to_utc(&self, t: NaiveDateTime) -> Option<DateTime<Utc>> {
        fn pick<T: TimeZone>(r: LocalResult<DateTime<T>>) -> Option<DateTime<Utc>> {
            match r {
                LocalResult::Single(d) => Some(d.with_timezone(&Utc)),
                LocalResult::Ambiguous(a, _) => Some(a.with_timezone(&Utc)),
                LocalResult::None => None,
            }
        }
        match self {
            TimeZoneSpec::Iana(tz) => pick(tz.from_local_datetime(&t)),
            TimeZoneSpec::Fixed(off) => pick(off.from_local_datetime(&t)),
        }
    }
}

impl fmt::Display for TimeZoneSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeZoneSpec::Iana(tz) => write!(f, "{}", tz.name()),
            TimeZoneSpec::Fixed(off) => write!(f, "{off}"),
        }
    }
}

/// A time zone that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a time zone: give an IANA name such as `Asia/Shanghai` or `UTC`, or an offset such as `+08:00`"
)]
pub struct TimeZoneParseError(pub String);

impl FromStr for TimeZoneSpec {
    type Err = TimeZoneParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if let Ok(tz) = t.parse::<chrono_tz::Tz>() {
            return Ok(TimeZoneSpec::Iana(tz));
        }
        parse_offset(t)
            .map(TimeZoneSpec::Fixed)
            .ok_or_else(|| TimeZoneParseError(s.to_string()))
    }
}

/// `+08:00`, `-0530`, `+8`, `UTC+08:00`.
fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s
        .strip_prefix("UTC")
        .or_else(|| s.strip_prefix("GMT"))
        .unwrap_or(s);
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, s.get(1..)?),
        b'-' => (-1, s.get(1..)?),
        _ => return None,
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => (rest.get(..2)?, rest.get(2..)?),
        None => (rest, "0"),
    };
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    if !(0..=14).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 28)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .unwrap_or_default()
    }

    #[test]
    fn zones_and_offsets() {
        let sh: TimeZoneSpec = "Asia/Shanghai".parse().unwrap_or_default();
        assert_eq!(
            sh.to_utc(at(18)).map(|d| d.to_rfc3339()).as_deref(),
            Some("2026-11-28T10:00:00+00:00")
        );
        let off: TimeZoneSpec = "+08:00".parse().unwrap_or_default();
        assert_eq!(off.to_utc(at(18)), sh.to_utc(at(18)));
        assert_eq!(
            "-0530"
                .parse::<TimeZoneSpec>()
                .map(|t| t.to_string())
                .ok()
                .as_deref(),
            Some("-05:30")
        );
        assert!("Mars/Olympus".parse::<TimeZoneSpec>().is_err());
        assert!("+25:00".parse::<TimeZoneSpec>().is_err());
        assert_eq!("UTC".parse::<TimeZoneSpec>(), Ok(TimeZoneSpec::default()));
    }

    #[test]
    fn dst_gap_has_no_instant() {
        let ny: TimeZoneSpec = "America/New_York".parse().unwrap_or_default();
        let gap = NaiveDate::from_ymd_opt(2026, 3, 8)
            .and_then(|d| d.and_hms_opt(2, 30, 0))
            .unwrap_or_default();
        assert_eq!(ny.to_utc(gap), None);
    }
}
