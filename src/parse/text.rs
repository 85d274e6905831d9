//! Turning a file's bytes into text the parsers can read: BOMs, UTF-16 (Windows PowerShell
//! `>` writes UTF-16LE), CRLF line ends, invalid UTF-8 and binary data.

use super::error::to_u32;
use crate::model::Diagnostic;
use std::borrow::Cow;

/// Decoded text with line ends normalized to `\n`, and what had to be repaired.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why bytes are not text.
#[derive(Debug, PartialEq, Eq)]
pub enum NotText {
    Empty,
    Binary { offset: usize },
}

/// Decodes a log file. UTF-8 (with or without BOM) and UTF-16 with a BOM are accepted;
/// invalid UTF-8 sequences are replaced by U+FFFD with a warning naming the first one; data
/// with NUL bytes (and no UTF-16 BOM) is binary. CRLF and lone CR line ends become LF, so
/// line numbers match what an editor shows.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, NotText> {
    if bytes.is_empty() {
        return Err(NotText::Empty);
    }
    let mut diagnostics = Vec::new();
    // Whether the text may hold a CR; UTF-8 without NUL or CR (nearly every log) is read
    // in one pass for both.
    let mut may_have_cr = true;
    let text: Cow<'_, str> = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        Cow::Owned(utf16(rest, u16::from_le_bytes, &mut diagnostics))
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        Cow::Owned(utf16(rest, u16::from_be_bytes, &mut diagnostics))
    } else {
        let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        may_have_cr = memchr::memchr2(0, b'\r', b).is_some();
        if may_have_cr && let Some(offset) = memchr::memchr(0, b) {
            return Err(NotText::Binary { offset });
        }
        match std::str::from_utf8(b) {
            Ok(s) => Cow::Borrowed(s),
            Err(e) => {
                let at = e.valid_up_to();
                let (line, column) = super::error::line_col(
                    std::str::from_utf8(b.get(..at).unwrap_or_default()).unwrap_or(""),
                    at,
                );
                diagnostics.push(Diagnostic::warning(
                    line,
                    column,
                    "invalid UTF-8 here (and perhaps later); such bytes are read as U+FFFD",
                ));
                String::from_utf8_lossy(b)
            }
        }
    };
    let text = if may_have_cr && memchr::memchr(b'\r', text.as_bytes()).is_some() {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        text
    };
    if text.trim().is_empty() {
        return Err(NotText::Empty);
    }
    Ok(Decoded { text, diagnostics })
}

fn utf16(b: &[u8], conv: fn([u8; 2]) -> u16, diags: &mut Vec<Diagnostic>) -> String {
    let units = b.chunks_exact(2).map(|c| {
        conv([
            c.first().copied().unwrap_or(0),
            c.get(1).copied().unwrap_or(0),
        ])
    });
    let mut out = String::with_capacity(b.len() / 2);
    let mut bad = false;
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => out.push(c),
            Err(_) => {
                bad = true;
                out.push('\u{fffd}');
            }
        }
    }
    if bad || b.len() % 2 == 1 {
        let line = to_u32(out.matches('\n').count() + 1);
        diags.push(Diagnostic::warning(
            line,
            1,
            "invalid UTF-16 in this file; such units are read as U+FFFD",
        ));
    }
    out
}

/// Lines of `text` with their 1-based numbers and the byte offset where each starts.
pub fn numbered_lines(text: &str) -> impl Iterator<Item = (u32, usize, &str)> {
    // `text.split('\n')`, with line ends found by the memchr crate's vector search.
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    let (mut start, mut number, mut done) = (0usize, 0u32, false);
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let end = ends.next().unwrap_or_else(|| {
            done = true;
            text.len()
        });
        let line = (
            number.saturating_add(1),
            start,
            text.get(start..end).unwrap_or(""),
        );
        (number, start) = (line.0, end + 1);
        Some(line)
    })
}

/// The byte offset where the last line of `text` that is not blank starts (as
/// [`numbered_lines`] gives it; `None` if all are blank), found from the end without
/// reading the lines before it.
pub fn last_nonblank_start(text: &str) -> Option<usize> {
    let head = text.trim_end();
    (!head.is_empty()).then(|| memchr::memrchr(b'\n', head.as_bytes()).map_or(0, |i| i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_boms() {
        let d = decode(b"\xEF\xBB\xBFa\r\nb\r\n").map(|d| d.text.into_owned());
        assert_eq!(d.as_deref(), Ok("a\nb\n"));
        let mut le = vec![0xFF, 0xFE];
        for c in "hi\r\nyo".encode_utf16() {
            le.extend_from_slice(&c.to_le_bytes());
        }
        assert_eq!(
            decode(&le).map(|d| d.text.into_owned()).as_deref(),
            Ok("hi\nyo")
        );
    }

    #[test]
    fn binary_and_empty() {
        assert_eq!(decode(b"").err(), Some(NotText::Empty));
        assert_eq!(decode(b" \n\n").err(), Some(NotText::Empty));
        assert_eq!(decode(b"ab\0cd").err(), Some(NotText::Binary { offset: 2 }));
        assert_eq!(
            decode(b"a\r\nb\0\r").err(),
            Some(NotText::Binary { offset: 4 })
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFa\nb\0").err(),
            Some(NotText::Binary { offset: 3 })
        );
    }

    #[test]
    fn invalid_utf8_is_replaced_with_a_warning() {
        let d = decode(b"ok\nab\xffc\n");
        let d = d.ok();
        assert_eq!(
            d.as_ref().map(|d| d.text.as_ref()),
            Some("ok\nab\u{fffd}c\n")
        );
        let w = d.map(|d| d.diagnostics).unwrap_or_default();
        assert_eq!((w[0].line, w[0].column), (2, 3));
    }

    #[test]
    fn numbered() {
        let v: Vec<_> = numbered_lines("a\nbc\n").collect();
        assert_eq!(v, vec![(1, 0, "a"), (2, 2, "bc"), (3, 5, "")]);
        for text in ["", "\n", "a", "\n\nx\ny", "é\nß\n"] {
            let mut offset = 0;
            let split: Vec<_> = text
                .split('\n')
                .enumerate()
                .map(|(i, l)| {
                    offset += l.len() + 1;
                    (i as u32 + 1, offset - l.len() - 1, l)
                })
                .collect();
            assert_eq!(numbered_lines(text).collect::<Vec<_>>(), split, "{text:?}");
        }
    }

    #[test]
    fn last_nonblank_line_found_from_the_end() {
        for text in [
            "",
            "\n",
            " \n\t\n",
            "a",
            "a\n",
            "a\n\n  \n",
            "\n\na\n b \n\n",
            "a\nb",
            "x\u{a0}\n\u{a0}\n",
            "\u{2003}\n",
        ] {
            let slow = numbered_lines(text)
                .filter(|(_, _, l)| !l.trim().is_empty())
                .last()
                .map(|(_, start, _)| start);
            assert_eq!(last_nonblank_start(text), slow, "{text:?}");
        }
    }
}
