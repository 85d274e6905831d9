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
    let text: Cow<'_, str> = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        Cow::Owned(utf16(rest, u16::from_le_bytes, &mut diagnostics))
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        Cow::Owned(utf16(rest, u16::from_be_bytes, &mut diagnostics))
    } else {
        let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        if let Some(offset) = memchr::memchr(0, b) {
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
    let text = if text.contains('\r') {
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
    let mut offset = 0usize;
    text.split('\n').enumerate().map(move |(i, l)| {
        let start = offset;
        offset += l.len() + 1;
        (to_u32(i + 1), start, l)
    })
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
    }
}
