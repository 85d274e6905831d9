//! Tokens of sysstat text: whitespace-split fields with their columns, numbers with a decimal
//! point or comma, times of day (24-hour or 12-hour in two tokens), dates in the locale's
//! form, and sar's first line (`Linux 6.1 (host) \t11/28/26 \t_x86_64_\t(2 CPU)`).

use chrono::{NaiveDate, NaiveTime};
use nom::bytes::complete::{tag, take_till1, take_while1};
use nom::character::complete::{char, digit1, one_of, space0, space1};
use nom::combinator::{all_consuming, opt};
use nom::sequence::delimited;
use nom::{IResult, Parser};

use crate::model::SystemInfo;
use crate::parse::error::to_u32;

/// One whitespace-separated field of a line and its 1-based character column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tok<'a> {
    pub col: u32,
    pub text: &'a str,
}

/// The fields of `line` split on whitespace, with their columns.
pub fn tokens(line: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    tokens_into(line, &mut out);
    out
}

/// [`tokens`] into `out` (cleared first), so a caller reading many lines reuses one buffer.
pub fn tokens_into<'a>(line: &'a str, out: &mut Vec<Tok<'a>>) {
    out.clear();
    if line.is_ascii() {
        ascii_tokens(line, out);
    } else {
        char_tokens(line, out);
    }
}

/// [`tokens`] for any line: columns count characters.
fn char_tokens<'a>(line: &'a str, out: &mut Vec<Tok<'a>>) {
    let mut start: Option<(usize, u32)> = None;
    let mut col = 0u32;
    for (i, c) in line.char_indices() {
        col = col.saturating_add(1);
        if c.is_whitespace() {
            if let Some((s, sc)) = start.take() {
                out.push(Tok {
                    col: sc,
                    text: line.get(s..i).unwrap_or(""),
                });
            }
        } else if start.is_none() {
            start = Some((i, col));
        }
    }
    if let Some((s, sc)) = start {
        out.push(Tok {
            col: sc,
            text: line.get(s..).unwrap_or(""),
        });
    }
}

/// [`tokens`] for a line of ASCII, where a byte is a column: the same fields, found by
/// looking at bytes instead of decoding characters (the split is sar text's hottest loop).
fn ascii_tokens<'a>(line: &'a str, out: &mut Vec<Tok<'a>>) {
    let mut i = 0;
    while let Some((start, text)) = ascii_field(line, &mut i) {
        out.push(Tok {
            col: to_u32(start).saturating_add(1),
            text,
        });
    }
}

/// The ASCII characters `char::is_whitespace` accepts: space, and tab to carriage return.
pub fn is_ascii_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// Moves `*i` past the ASCII whitespace at it. The runs of spaces that align sar's columns
/// are skipped eight bytes at a time.
pub fn skip_ascii_space(bytes: &[u8], i: &mut usize) {
    const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
    while let Some(chunk) = bytes.get(*i..).and_then(|r| r.first_chunk::<8>()) {
        // Zero bytes are spaces; the lowest non-zero byte is the first that is not.
        let x = u64::from_le_bytes(*chunk) ^ SPACES;
        if x != 0 {
            *i += (x.trailing_zeros() / 8) as usize;
            break;
        }
        *i += 8;
    }
    while bytes.get(*i).is_some_and(|&b| is_ascii_space(b)) {
        *i += 1;
    }
}

/// The next field of `line` split on ASCII whitespace at or after byte `*i`, with the byte
/// where it starts, moving `*i` past it; `None` at the end of the line.
pub fn ascii_field<'a>(line: &'a str, i: &mut usize) -> Option<(usize, &'a str)> {
    let bytes = line.as_bytes();
    skip_ascii_space(bytes, i);
    let start = *i;
    while bytes.get(*i).is_some_and(|&b| !is_ascii_space(b)) {
        *i += 1;
    }
    (*i > start).then(|| (start, line.get(start..*i).unwrap_or("")))
}

/// The fields of `line` split on `sep` (`;` for `sadf -d`, tab for `sadf -p`), with
/// their columns.
pub fn fields(line: &str, sep: char) -> Vec<Tok<'_>> {
    let mut col = 1u32;
    line.split(sep)
        .map(|f| {
            let t = Tok { col, text: f };
            col = col
                .saturating_add(to_u32(f.chars().count()))
                .saturating_add(1);
            t
        })
        .collect()
}

/// The column just past the end of `line` (where a missing field would start).
pub fn end_col(line: &str) -> u32 {
    to_u32(line.chars().count()).saturating_add(1)
}

/// A whole token as a number as sysstat prints it: optional sign, digits, optional `.` or
/// `,` and digits (`64481,00` in locales with a decimal comma); else `None`.
pub fn number(tok: &str) -> Option<f64> {
    crate::parse::num::decimal(tok.as_bytes())
}

/// The first token of a timed row as a time of day, before any AM/PM marker: exactly
/// `HH:MM:SS` (checked by bytes: every row starts with one).
pub fn clock_time(tok: &str) -> Option<(u32, u32, u32)> {
    let &[h1, h0, b':', m1, m0, b':', s1, s0] = tok.as_bytes() else {
        return None;
    };
    let two = |a: u8, b: u8| {
        (a.is_ascii_digit() && b.is_ascii_digit())
            .then(|| u32::from(a - b'0') * 10 + u32::from(b - b'0'))
    };
    Some((two(h1, h0)?, two(m1, m0)?, two(s1, s0)?))
}

/// `AM` or `PM` (any case) as the 12-hour marker that follows a time.
pub fn meridiem(tok: &str) -> Option<bool> {
    let is = |w: &str| tok.eq_ignore_ascii_case(w);
    if is("AM") || is("A.M.") {
        Some(false)
    } else if is("PM") || is("P.M.") {
        Some(true)
    } else {
        None
    }
}

/// A time of day from `h:m:s` and an optional 12-hour marker (`Some(true)` = PM); 12 AM
/// is hour 0 and 12 PM is noon.
pub fn time_of_day(hms: (u32, u32, u32), pm: Option<bool>) -> Option<NaiveTime> {
    let (h, m, s) = hms;
    let h = match pm {
        None => h,
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(false) => h % 12,
        Some(true) => h % 12 + 12,
    };
    NaiveTime::from_hms_opt(h, m, s)
}

/// True for a token made only of digits and colons (a time cut short, such as `18:1`).
pub fn looks_like_partial_time(tok: &str) -> bool {
    !tok.is_empty() && tok.chars().all(|c| c.is_ascii_digit() || c == ':')
}

/// How a date was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    /// Year first (ISO `2026-11-28`) or the order was forced by a day above 12.
    Certain,
    /// `05/06/26`: month and day both fit either way; month first was assumed.
    AssumedMonthFirst,
    /// As above, day first (the file writes decimal commas, as day-first locales do).
    AssumedDayFirst,
}

fn date_parts(i: &str) -> IResult<&str, (&str, char, &str, char, &str)> {
    (digit1, one_of("/.-"), digit1, one_of("/.-"), digit1).parse(i)
}

/// A date in the forms sysstat prints (`%x` of the locale): `11/28/26`, `11/28/2026`,
/// `28.11.2026`, `28/11/2026`, `2026-11-28`. `day_first_hint` decides `a/b/y` when both
/// `a` and `b` could be the month.
pub fn locale_date(tok: &str, day_first_hint: bool) -> Option<(NaiveDate, DateOrder)> {
    let t = tok.trim_end_matches('.');
    let (_, (a, s1, b, _s2, c)) = all_consuming(date_parts).parse(t).ok()?;
    let n = |s: &str| s.parse::<u32>().ok();
    let year = |s: &str| -> Option<i32> {
        let y: i32 = s.parse().ok()?;
        match s.len() {
            2 => Some(2000 + y),
            4 => Some(y),
            _ => None,
        }
    };
    let (y, m, d, order) = if a.len() == 4 {
        (year(a)?, n(b)?, n(c)?, DateOrder::Certain)
    } else {
        let (x, z, y) = (n(a)?, n(b)?, year(c)?);
        if s1 == '.' || x > 12 {
            (y, z, x, DateOrder::Certain)
        } else if z > 12 || x == z {
            (y, x, z, DateOrder::Certain)
        } else if day_first_hint {
            (y, z, x, DateOrder::AssumedDayFirst)
        } else {
            (y, x, z, DateOrder::AssumedMonthFirst)
        }
    };
    NaiveDate::from_ymd_opt(y, m, d).map(|date| (date, order))
}

/// `Linux 6.18.44-fc-v782 (vm)`: the system name, kernel release and host name.
fn first_line_head(i: &str) -> IResult<&str, (&str, &str)> {
    let (i, _) = (tag("Linux"), space1).parse(i)?;
    let (i, kernel) = take_till1(char::is_whitespace).parse(i)?;
    let (i, _) = space1.parse(i)?;
    let (i, host) = host_in_parens(i)?;
    Ok((i, (kernel, host)))
}

/// `(vm)`: the host name is everything up to the last `)` before the first tab, so a name
/// holding parentheses is kept whole.
fn host_in_parens(i: &str) -> IResult<&str, &str> {
    let fail = || nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Char));
    let (inner, _) = char('(').parse(i)?;
    let segment = inner
        .get(..inner.find('\t').unwrap_or(inner.len()))
        .unwrap_or(inner);
    let close = segment.rfind(')').ok_or_else(fail)?;
    let host = inner.get(..close).ok_or_else(fail)?;
    if host.is_empty() {
        return Err(fail());
    }
    let rest = inner.get(close + 1..).unwrap_or("");
    Ok((rest, host))
}

/// `(2 CPU)` at the end of the first line.
fn cpu_count(i: &str) -> IResult<&str, u32> {
    let (i, (_, _, n, _, _)) = (char('('), space0, digit1, space1, tag("CPU)")).parse(i)?;
    Ok((i, n.parse().unwrap_or(0)))
}

/// `_x86_64_`.
fn arch(i: &str) -> IResult<&str, &str> {
    delimited(
        char('_'),
        take_while1(|c: char| c != '\t' && c != ' '),
        opt(char(' ')),
    )
    .parse(i)
    .map(|(r, a)| (r, a.trim_end_matches('_')))
}

/// sar's first line, and the token holding the date (with its column) for the caller to
/// read in the file's locale. `None` if the line is not a sar first line.
pub fn first_line(line: &str) -> Option<(SystemInfo, Option<Tok<'_>>)> {
    let (rest, (kernel, host)) = first_line_head(line).ok()?;
    let mut info = SystemInfo {
        kernel: Some(kernel.to_string()),
        host: Some(host.to_string()),
        ..SystemInfo::default()
    };
    let consumed = line.len().saturating_sub(rest.len());
    let offset = to_u32(line.get(..consumed).map_or(0, |s| s.chars().count()));
    let mut date = None;
    for t in tokens(rest) {
        let tok = Tok {
            col: t.col.saturating_add(offset),
            text: t.text,
        };
        if date.is_none() && tok.text.starts_with(|c: char| c.is_ascii_digit()) {
            date = Some(tok);
        } else if let Ok((_, a)) = arch(tok.text) {
            info.arch = Some(a.to_string());
        }
    }
    if let Some(i) = rest.rfind('(')
        && let Ok((_, n)) = cpu_count(rest.get(i..).unwrap_or(""))
    {
        info.cpus = Some(n);
    }
    Some((info, date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_name_with_parentheses_is_kept_whole() {
        let (info, _) =
            first_line("Linux 6.1 (<script>alert(1)</script>) \t11/28/26 \t_x86_64_\t(2 CPU)")
                .expect("first line");
        assert_eq!(info.host.as_deref(), Some("<script>alert(1)</script>"));
        assert_eq!(info.cpus, Some(2));
        let (info, _) = first_line("Linux 6.1 (vm) \t11/28/26 \t_x86_64_\t(2 CPU)").expect("plain");
        assert_eq!(info.host.as_deref(), Some("vm"));
    }

    #[test]
    fn tokens_keep_columns() {
        let t = tokens("18:11:14 \t  IFACE x");
        assert_eq!(
            t,
            vec![
                Tok {
                    col: 1,
                    text: "18:11:14"
                },
                Tok {
                    col: 13,
                    text: "IFACE"
                },
                Tok { col: 19, text: "x" },
            ]
        );
        assert!(tokens("   ").is_empty());
        assert_eq!(end_col("ab"), 3);
    }

    #[test]
    fn the_ascii_split_matches_the_character_split() {
        for line in [
            "",
            " ",
            "06:00:01 PM      eth0   1.00\t2,00\x0B3\x0C4\r",
            "\t\tAverage:  lo",
            "x",
            "  trailing   ",
        ] {
            let (mut a, mut c) = (
                vec![Tok {
                    col: 9,
                    text: "old",
                }],
                Vec::new(),
            );
            ascii_tokens(line, &mut a);
            char_tokens(line, &mut c);
            assert_eq!(a.get(1..), Some(c.as_slice()), "{line:?}");
            tokens_into(line, &mut a);
            assert_eq!(a, c, "{line:?}");
        }
        // Past the first non-ASCII character, columns count characters, not bytes.
        assert_eq!(tokens("é x").get(1).map(|t| t.col), Some(3));
    }

    #[test]
    fn numbers_in_both_notations() {
        assert_eq!(number("64481,00"), Some(64481.0));
        assert_eq!(number("106038.61"), Some(106038.61));
        assert_eq!(number("-1"), Some(-1.0));
        assert_eq!(number("1,2,3"), None);
        assert_eq!(number("+2,5"), Some(2.5));
        for bad in [
            "", "abc", "nan", "inf", "1e5", "2.", ".5", "12a", "+", "-.5", "1.2.3", "٣",
        ] {
            assert_eq!(number(bad), None, "{bad}");
        }
    }

    #[test]
    fn twelve_hour_times() {
        let t = |s, pm| clock_time(s).and_then(|x| time_of_day(x, pm));
        assert_eq!(
            t("06:11:14", Some(true)),
            NaiveTime::from_hms_opt(18, 11, 14)
        );
        assert_eq!(t("12:00:00", Some(false)), NaiveTime::from_hms_opt(0, 0, 0));
        assert_eq!(
            t("12:30:00", Some(true)),
            NaiveTime::from_hms_opt(12, 30, 0)
        );
        assert_eq!(t("13:00:00", Some(true)), None);
        assert_eq!(t("23:59:59", None), NaiveTime::from_hms_opt(23, 59, 59));
        assert_eq!(t("24:00:00", None), None);
        assert_eq!(clock_time("18:1"), None);
        assert!(looks_like_partial_time("18:1"));
        assert!(looks_like_partial_time("1"));
        assert!(!looks_like_partial_time("Average:"));
        assert_eq!(meridiem("pm"), Some(true));
    }

    #[test]
    fn whitespace_skipped_eight_bytes_at_a_time_as_one_at_a_time() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let alphabet = b"        \t\x0b\r\x0cx1\xc2\xa0";
        for _ in 0..50_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 30) as usize;
            let b: Vec<u8> = (0..len)
                .map(|k| alphabet[((x >> (k % 58)) as usize + k) % alphabet.len()])
                .collect();
            for start in 0..=len + 1 {
                let mut fast = start;
                skip_ascii_space(&b, &mut fast);
                let mut slow = start;
                while b.get(slow).is_some_and(|&c| is_ascii_space(c)) {
                    slow += 1;
                }
                assert_eq!(fast, slow, "{b:?} from {start}");
            }
        }
    }

    #[test]
    fn dates_in_locale_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 28);
        for s in [
            "11/28/26",
            "11/28/2026",
            "28.11.2026",
            "2026-11-28",
            "28/11/2026",
        ] {
            assert_eq!(locale_date(s, false).map(|x| x.0), d, "{s}");
        }
        assert_eq!(
            locale_date("05/06/26", false),
            NaiveDate::from_ymd_opt(2026, 5, 6).map(|d| (d, DateOrder::AssumedMonthFirst))
        );
        assert_eq!(
            locale_date("05/06/26", true),
            NaiveDate::from_ymd_opt(2026, 6, 5).map(|d| (d, DateOrder::AssumedDayFirst))
        );
        assert_eq!(locale_date("11/2", false), None);
        assert_eq!(locale_date("13/13/26", false), None);
    }

    #[test]
    fn first_line_fields() {
        let (info, date) =
            first_line("Linux 6.18.44-fc-v782 (vm) \t11/28/26 \t_x86_64_\t(2 CPU)").unwrap();
        assert_eq!(info.kernel.as_deref(), Some("6.18.44-fc-v782"));
        assert_eq!(info.host.as_deref(), Some("vm"));
        assert_eq!(info.arch.as_deref(), Some("x86_64"));
        assert_eq!(info.cpus, Some(2));
        assert_eq!(
            date,
            Some(Tok {
                col: 29,
                text: "11/28/26"
            })
        );
        let (info, date) = first_line("Linux 6.1 (h) \t11/2").unwrap();
        assert_eq!((info.cpus, date.map(|d| d.text)), (None, Some("11/2")));
        assert!(first_line("Linux").is_none());
    }
}
