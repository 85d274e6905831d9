//! The common sar text row, read in one pass over its bytes: an ASCII line of a 24-hour
//! `HH:MM:SS` time and exactly the fields of the current header, with at least one number.
//! Nearly every line of a long capture is one. Anything else (a 12-hour marker, a header
//! repeated, a short or long row, a field that is not a number, non-ASCII text, `LINUX
//! RESTART`) gives `None` and goes through the general reader in `text.rs`, which says what
//! is wrong; for a line this accepts, that reader gives the same device and values.

use super::lex::{self, ascii_field as field, is_ascii_space, skip_ascii_space};

/// What a field of a row holds, decided once per header from its column names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    /// The report's device column (`IFACE`, `CPU`, ...), first in the header.
    Device,
    /// A text column other than the device; the first names the row's device if none did.
    Text,
    Value,
}

/// A row read by [`read`].
#[derive(Debug, PartialEq)]
pub(super) struct Row<'a> {
    /// Hours, minutes and seconds of the first field.
    pub hms: (u32, u32, u32),
    /// The 1-based column of the time.
    pub col: u32,
    pub device: Option<&'a str>,
    pub values: Vec<f64>,
}

/// The value field at or after `*i`, moving `*i` past it: the number is read in the same
/// pass that finds the field's end ([`lex::number`] of the field, or `None`).
fn value_field(line: &str, i: &mut usize) -> Option<f64> {
    let bytes = line.as_bytes();
    skip_ascii_space(bytes, i);
    let (v, len) = crate::parse::num::decimal_prefix(bytes.get(*i..)?)?;
    *i += len;
    bytes
        .get(*i)
        .is_none_or(|&b| is_ascii_space(b))
        .then_some(v)
}

/// Reads `line` as a row of a header whose fields are `kinds`, or `None` (see the module).
/// Fields are split on ASCII whitespace and the text fields must be ASCII (numbers and the
/// time are), so an accepted line is ASCII and its byte offsets are its columns.
pub(super) fn read<'a>(line: &'a str, kinds: &[Field], width: usize) -> Option<Row<'a>> {
    let mut i = 0;
    let (start, time) = field(line, &mut i)?;
    let hms = lex::clock_time(time)?;
    let mut device = None;
    let mut values = Vec::with_capacity(width);
    for (k, kind) in kinds.iter().enumerate() {
        if *kind == Field::Value {
            values.push(value_field(line, &mut i)?);
            continue;
        }
        let (_, tok) = field(line, &mut i)?;
        if !tok.is_ascii() || (k == 0 && (tok == "LINUX" || lex::meridiem(tok).is_some())) {
            return None;
        }
        if *kind == Field::Device {
            device = Some(tok);
        } else {
            device.get_or_insert(tok);
        }
    }
    if field(line, &mut i).is_some() || values.is_empty() {
        return None;
    }
    Some(Row {
        hms,
        col: u32::try_from(start).ok()?.checked_add(1)?,
        device,
        values,
    })
}

/// The time at the start of `line` and the text after it (from the whitespace that ends the
/// time). A line whose text after the time equals that of a header line seen to repeat
/// its header (by [`repeated_header`]) repeats it too: the same text splits into the same
/// fields, and the time is a field of its own in both.
pub(super) fn after_time(line: &str) -> Option<((u32, u32, u32), &str)> {
    let mut i = 0;
    let (_, time) = field(line, &mut i)?;
    Some((lex::clock_time(time)?, line.get(i..)?))
}

/// The time of `line` if it repeats the header `names` (live sar prints the header before
/// every interval), else `None`. The names are a header's, so none is a number.
pub(super) fn repeated_header(line: &str, names: &[String]) -> Option<(u32, u32, u32)> {
    let mut i = 0;
    let (_, time) = field(line, &mut i)?;
    let hms = lex::clock_time(time)?;
    let first = names.first()?;
    if first == "LINUX" || lex::meridiem(first).is_some() {
        return None;
    }
    for name in names {
        if field(line, &mut i)?.1 != name {
            return None;
        }
    }
    field(line, &mut i).is_none().then_some(hms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Field::{Device, Text, Value};

    #[test]
    fn reads_the_common_row() {
        let r = read(
            "06:00:01         eth0     12.32      7,76  ",
            &[Device, Value, Value],
            2,
        );
        assert_eq!(
            r,
            Some(Row {
                hms: (6, 0, 1),
                col: 1,
                device: Some("eth0"),
                values: vec![12.32, 7.76],
            })
        );
        let r = read("  23:59:59 all 1.0 x", &[Value, Text], 1);
        assert_eq!(r.map(|r| (r.col, r.device)), None);
        let r = read("  23:59:59 1.0 x", &[Value, Text], 1);
        assert_eq!(r.map(|r| (r.col, r.device)), Some((3, Some("x"))));
    }

    #[test]
    fn leaves_everything_else_to_the_general_reader() {
        let dev = [Device, Value, Value];
        for line in [
            "06:00:01 PM eth0 1.00 2.00",
            "06:00:01 IFACE rxpck/s txpck/s",
            "06:00:01 eth0 1.00",
            "06:00:01 eth0 1.00 2.00 3.00",
            "06:00:01 eth0 1.00 x",
            "06:00:01 eth0 1.00 1e3",
            "06:00:01 ethé 1.00 2.00",
            "06:00:01 eth0 1.00\u{a0}2.00",
            "06:00:01\u{2003}eth0 1.00 2.00",
            "06:00:01 LINUX RESTART (2 CPU)",
            "6:00:01 eth0 1.00 2.00",
            "Average: eth0 1.00 2.00",
            "",
        ] {
            assert_eq!(read(line, &dev, 2), None, "{line:?}");
        }
        assert_eq!(read("06:00:01 a b", &[Device, Text], 0), None);
    }

    /// What the general reader makes of `line` as a row under `kinds`, step by step: split
    /// into fields, a time first, then one field per kind, numbers by [`lex::number`].
    fn general<'a>(line: &'a str, kinds: &[Field]) -> Option<Row<'a>> {
        let toks = lex::tokens(line);
        let (time, rest) = toks.split_first()?;
        let hms = lex::clock_time(time.text)?;
        if rest.len() != kinds.len() {
            return None;
        }
        let mut device = None;
        let mut values = Vec::new();
        for (kind, tok) in kinds.iter().zip(rest) {
            match kind {
                Field::Device => device = Some(tok.text),
                Field::Text => {
                    device.get_or_insert(tok.text);
                }
                Field::Value => values.push(lex::number(tok.text)?),
            }
        }
        Some(Row {
            hms,
            col: time.col,
            device,
            values,
        })
    }

    #[test]
    fn mutated_rows_read_as_the_general_reader_reads_them() {
        let kinds = [Device, Value, Value, Value, Text];
        let base = "06:00:01         eth0     12.32      7.76      0,00 ab";
        let alphabet = b" \t\x0b:.,+-0123456789eAMPLINUX\xc2\xa0";
        let accepted = crate::parse::edits::edited_lines(
            &[base],
            alphabet,
            0x9E37_79B9_7F4A_7C15,
            40_000,
            |l| {
                let Some(r) = read(l, &kinds, 3) else {
                    return false;
                };
                assert!(l.is_ascii(), "{l:?}");
                assert_eq!(Some(r), general(l, &kinds), "{l:?}");
                true
            },
        );
        assert!(accepted > 1000, "{accepted}");
    }

    #[test]
    fn text_after_the_time() {
        assert_eq!(
            after_time("  06:00:00  IFACE rxpck/s "),
            Some(((6, 0, 0), "  IFACE rxpck/s "))
        );
        assert_eq!(after_time("06:00:00"), Some(((6, 0, 0), "")));
        for line in ["", "IFACE x", "06:00:0x IFACE", "\u{a0}06:00:00 IFACE"] {
            assert_eq!(after_time(line), None, "{line:?}");
        }
    }

    #[test]
    fn repeated_headers() {
        let names = ["IFACE".to_string(), "rxpck/s".to_string()];
        assert_eq!(
            repeated_header("06:00:00  IFACE\trxpck/s ", &names),
            Some((6, 0, 0))
        );
        for line in [
            "06:00:00 IFACE",
            "06:00:00 IFACE rxpck/s x",
            "06:00:00 IFACE txpck/s",
            "06:00:00 PM IFACE rxpck/s",
            "IFACE rxpck/s",
        ] {
            assert_eq!(repeated_header(line, &names), None, "{line:?}");
        }
        let am = ["AM".to_string(), "x".to_string()];
        assert_eq!(repeated_header("06:00:00 AM x", &am), None);
    }
}
