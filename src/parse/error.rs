//! Parse errors that name a line, a column and what was expected, and render with a caret
//! under the offending text (`path:line:col: error: ...`).

use std::fmt;

/// A failure to read a source, at a 1-based line and column (columns count characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// The text of the offending line, for the caret display; filled by [`Self::with_source`].
    pub excerpt: Option<String>,
}

impl ParseError {
    pub fn new(line: u32, column: u32, message: impl Into<String>) -> Self {
        ParseError {
            line,
            column,
            message: message.into(),
            excerpt: None,
        }
    }

    /// Keeps the offending line of `text` so the error can be shown without the file.
    pub fn with_source(mut self, text: &str) -> Self {
        if self.excerpt.is_none() {
            self.excerpt = text
                .split('\n')
                .nth(self.line.saturating_sub(1) as usize)
                .map(|l| l.chars().take(400).collect());
        }
        self
    }

    /// An error at byte `offset` of `text`.
    pub fn at_offset(text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_col(text, offset);
        ParseError::new(line, column, message)
    }

    /// `path:line:col: error: message`, then the line and a caret under the column.
    pub fn render(&self, path: &str) -> String {
        let mut out = format!(
            "{path}:{}:{}: error: {}",
            self.line, self.column, self.message
        );
        if let Some(src) = &self.excerpt {
            let src = src.trim_end_matches('\r');
            let shown: String = src.chars().take(160).map(printable).collect();
            let width = self.line.to_string().len();
            let pad: String = src
                .chars()
                .take(self.column.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!(
                "\n{:width$} |\n{} | {shown}\n{:width$} | {pad}^",
                "", self.line, ""
            ));
        }
        out
    }
}

fn printable(c: char) -> char {
    if c.is_control() && c != '\t' {
        '\u{fffd}'
    } else {
        c
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

/// The 1-based line and character column of byte `offset` in `text` (clamped to the text).
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    LineCursor::new(text).line_col(offset)
}

/// [`line_col`] for offsets that mostly increase, as when walking the values of a JSON
/// stream: lines are counted from the previous offset, not from the start each time.
#[derive(Debug)]
pub struct LineCursor<'a> {
    text: &'a str,
    /// A char boundary, and the 1-based line it is on.
    pos: usize,
    line: usize,
}

impl<'a> LineCursor<'a> {
    pub fn new(text: &'a str) -> Self {
        LineCursor {
            text,
            pos: 0,
            line: 1,
        }
    }

    /// The line and column of byte `offset` (clamped to the text), as [`line_col`] gives them.
    pub fn line_col(&mut self, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.pos {
            (self.pos, self.line) = (0, 1);
        }
        let newlines = |s: &str| s.bytes().filter(|&b| b == b'\n').count();
        self.line += self.text.get(self.pos..offset).map_or(0, newlines);
        self.pos = offset;
        let before = self.text.get(..offset).unwrap_or("");
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        (to_u32(self.line), to_u32(column))
    }
}

/// Saturating conversion for line and column numbers.
pub fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_moving_back_and_forth_agrees_with_a_fresh_one() {
        let t = "ab\ncdé\n\nf\r\ngh";
        let mut c = LineCursor::new(t);
        for off in (0..=t.len() + 2).chain([5, 1, 9, 0, 30, 4]) {
            assert_eq!(c.line_col(off), line_col(t, off), "{off}");
        }
    }

    #[test]
    fn offsets_map_to_lines_and_columns() {
        let t = "ab\ncdé\nf";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 7), (2, 4));
        assert_eq!(line_col(t, 999), (3, 2));
    }

    #[test]
    fn render_points_at_the_column() {
        let e = ParseError::new(2, 5, "expected a number");
        let r = e.with_source("first\n1.0 abc 3\n").render("x.log");
        assert_eq!(
            r,
            "x.log:2:5: error: expected a number\n  |\n2 | 1.0 abc 3\n  |     ^"
        );
    }
}
