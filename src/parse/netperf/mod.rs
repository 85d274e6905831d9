//! netperf output: classic tests (a `MIGRATED ... TEST` banner and its result table, or the
//! bare result lines of `-P 0`), omni output (`-o` CSV, `-k` keyval, `-O` columns), the
//! client's error messages and netserver's own logs.
//!
//! [`parse`] walks the lines once (`driver`). A test starts at its banner, or, without one,
//! at its column header, interim lines, warning or result lines; several tests in one file (a
//! shell loop) become one run each (`test`). Test bodies are read by `classic` and
//! `omni`, which fill the run in `classic_fields` and `omni_fields`; the line grammar
//! is in `lex` (words) and `messages` (whole lines); `selectors` maps omni names.

mod classic;
mod classic_fields;
mod driver;
mod lex;
mod messages;
mod omni;
mod omni_fields;
mod selectors;
mod test;
#[cfg(test)]
mod tests_bad_input;
#[cfg(test)]
mod tests_campaigns;
#[cfg(test)]
mod tests_cases;
#[cfg(test)]
mod tests_fixtures;
#[cfg(test)]
mod tests_omni_fixtures;

pub(crate) use test::{Dir, Test};

use super::text::numbered_lines;
use super::{ParseContext, ParseError};
use crate::model::{LogFormat, ParsedLog};

/// Bumped whenever the parser's output for some input changes.
pub const VERSION: u32 = 1;

/// Reads netperf client output, omni output or a netserver log.
pub fn parse(format: LogFormat, text: &str, ctx: &ParseContext) -> Result<ParsedLog, ParseError> {
    driver::read(format, text, ctx)
}

/// One line of the input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line<'a> {
    pub no: u32,
    pub text: &'a str,
}

/// The lines and a position among them.
pub(crate) struct Cursor<'a> {
    lines: Vec<Line<'a>>,
    pos: usize,
    /// The text has no final line end, so its last line may have been cut.
    open_end: bool,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        let mut lines: Vec<Line<'a>> = numbered_lines(text)
            .map(|(no, _, text)| Line { no, text })
            .collect();
        if text.ends_with('\n') {
            lines.pop();
        }
        Cursor {
            lines,
            pos: 0,
            open_end: !text.ends_with('\n'),
        }
    }

    pub fn peek(&self) -> Option<Line<'a>> {
        self.lines.get(self.pos).copied()
    }

    /// The line `k` lines ahead of the current one.
    pub fn peek_at(&self, k: usize) -> Option<Line<'a>> {
        self.lines.get(self.pos.checked_add(k)?).copied()
    }

    pub fn advance(&mut self) {
        self.pos = self.pos.saturating_add(1).min(self.lines.len());
    }

    /// The next line that is not blank, without moving.
    pub fn peek_nonblank(&self) -> Option<Line<'a>> {
        self.lines
            .get(self.pos..)?
            .iter()
            .find(|l| !l.text.trim().is_empty())
            .copied()
    }

    pub fn skip_blank(&mut self) {
        while self.peek().is_some_and(|l| l.text.trim().is_empty()) {
            self.advance();
        }
    }

    /// Whether `line` is the last one and has no line end: the file may stop inside it.
    pub fn is_cut(&self, line: Line<'_>) -> bool {
        self.open_end && self.lines.last().is_some_and(|l| l.no == line.no)
    }
}

/// An error at byte `offset` of `line`'s text.
pub(crate) fn error_at(line: Line<'_>, offset: usize, msg: impl Into<String>) -> ParseError {
    let (_, column) = super::error::line_col(line.text, offset);
    ParseError::new(line.no, column, msg)
}
