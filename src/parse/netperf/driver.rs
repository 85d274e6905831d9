//! The walk over a file's lines: what each line begins (a banner, a table, omni output, an
//! error message, a netserver message) and the reading of one test up to its results.

use super::test::Test;
use super::{Cursor, Line, classic, error_at, lex, messages, omni};
use crate::model::{Diagnostic, Endpoint, LogFormat, ParsedLog, Role, Run, RunStatus, Tool};
use crate::parse::{ParseContext, ParseError};

/// The kind of line that can begin something.
#[derive(Debug)]
enum Start<'a> {
    Blank,
    Netserver(messages::Netserver<'a>),
    Banner(messages::Banner<'a>),
    ClientError(messages::ClientError<'a>),
    Interim,
    Warning,
    ClassicHeader,
    Omni,
    /// A line starting with a number: `all` if every word (of `n`) is one.
    Numeric {
        all: bool,
        n: usize,
    },
    Other,
}

struct Driver<'a, 'c> {
    format: LogFormat,
    ctx: &'c ParseContext,
    cur: Cursor<'a>,
    log: ParsedLog,
    /// Something netperf-like was read.
    recognized: bool,
    /// Lines that were not recognized: the first one and how many.
    ignored: Option<(u32, usize)>,
}

/// Reads every test, error message and netserver message in `text`.
pub(super) fn read(
    format: LogFormat,
    text: &str,
    ctx: &ParseContext,
) -> Result<ParsedLog, ParseError> {
    let mut d = Driver {
        format,
        ctx,
        cur: Cursor::new(text),
        log: ParsedLog::new(format),
        recognized: false,
        ignored: None,
    };
    d.run()?;
    Ok(d.log)
}

impl<'a> Driver<'a, '_> {
    fn classify(&self, line: Line<'a>) -> Start<'a> {
        let t = line.text.trim();
        if t.is_empty() {
            return Start::Blank;
        }
        if let Some(n) = messages::netserver(t) {
            return Start::Netserver(n);
        }
        if let Some(b) = messages::banner(t) {
            return Start::Banner(b);
        }
        if let Some(e) = messages::client_error(t) {
            return Start::ClientError(e);
        }
        if t.starts_with(messages::INTERIM_PREFIX) {
            return Start::Interim;
        }
        if t.starts_with("!!!") {
            return Start::Warning;
        }
        if classic::is_header_start(t) {
            return Start::ClassicHeader;
        }
        if omni::starts_block(&self.cur, t) {
            return Start::Omni;
        }
        let mut words = t.split_whitespace().take(classic::MAX_FIELDS + 1);
        if words.next().and_then(lex::number).is_some() {
            let (mut all, mut n) = (true, 1);
            for w in words {
                all &= lex::number(w).is_some();
                n += 1;
            }
            return Start::Numeric { all, n };
        }
        Start::Other
    }

    fn run(&mut self) -> Result<(), ParseError> {
        while let Some(line) = self.cur.peek() {
            match self.classify(line) {
                Start::Blank => self.cur.advance(),
                Start::Netserver(n) => {
                    self.recognized = true;
                    if n == messages::Netserver::Unable {
                        self.log.diagnostics.push(Diagnostic::warning(
                            line.no,
                            1,
                            lex::excerpt(line.text.trim(), 300),
                        ));
                    }
                    self.cur.advance();
                }
                Start::Banner(b) => self.test(Some(b))?,
                Start::ClientError(_) if self.format != LogFormat::Netserver => {
                    self.error_block();
                }
                Start::Interim
                | Start::Warning
                | Start::ClassicHeader
                | Start::Omni
                | Start::Numeric {
                    all: true,
                    n: 5 | 6 | 8 | 9 | 10,
                } => self.test(None)?,
                Start::Other
                    if self.format != LogFormat::Netserver && messages::error_like(line.text) =>
                {
                    self.error_block();
                }
                Start::ClientError(_) | Start::Numeric { .. } | Start::Other => {
                    let (first, n) = self.ignored.unwrap_or((line.no, 0));
                    self.ignored = Some((first, n.saturating_add(1)));
                    self.cur.advance();
                }
            }
        }
        if let Some((first, n)) = self.ignored {
            if !self.recognized {
                return Err(ParseError::new(
                    first,
                    1,
                    "no netperf output found: expected a test banner (`MIGRATED UDP STREAM TEST from ...`), a result table, omni output, a netperf error message or a netserver message",
                ));
            }
            self.log.diagnostics.push(Diagnostic::warning(
                first,
                1,
                format!("{n} line(s) not recognized as netperf output were ignored (the first is line {first})"),
            ));
        }
        if !self.recognized {
            return Err(ParseError::new(
                1,
                1,
                "no netperf output found: the file is empty",
            ));
        }
        if let Some(last) = self
            .cur
            .lines
            .last()
            .filter(|l| self.cur.open_end && !l.text.trim().is_empty())
        {
            self.log.diagnostics.push(Diagnostic::warning(
                last.no,
                1,
                "the file does not end with a line end: its last line may have been cut",
            ));
        }
        Ok(())
    }

    /// A client error message and the lines that continue it: one run with status Error.
    fn error_block(&mut self) {
        let Some(first) = self.cur.peek() else { return };
        self.recognized = true;
        let kind = messages::client_error(first.text).unwrap_or(messages::ClientError::Other);
        let mut run = Run::new(Tool::Netperf, Role::Client, first.no);
        run.status = RunStatus::Error;
        let mut texts = vec![lex::excerpt(first.text.trim(), 300)];
        self.cur.advance();
        while let Some(l) = self.cur.peek() {
            let text = l.text.trim();
            let continues = match (&kind, self.classify(l)) {
                (messages::ClientError::Control { .. }, Start::ClientError(_)) => {
                    text.starts_with("establish_control ")
                }
                (messages::ClientError::UnknownTest(_), Start::Other) => {
                    text.starts_with("Please verify") || text.starts_with("and that test family")
                }
                (_, Start::Other) => messages::error_like(text),
                _ => false,
            };
            if !continues {
                break;
            }
            texts.push(lex::excerpt(l.text.trim(), 300));
            run.end_line = l.no;
            self.cur.advance();
        }
        match kind {
            messages::ClientError::Control { host, port } => {
                run.receiver = Endpoint {
                    addr: Some(lex::excerpt(host, 255)),
                    port,
                };
                run.notes.push(
                    "netperf could not open its control connection to netserver; the test name is not in this output"
                        .into(),
                );
            }
            messages::ClientError::UnknownTest(name) => run.test = lex::excerpt(name, 64),
            messages::ClientError::Other => {
                run.notes.push("the test name is not in this output".into());
            }
        }
        run.error = Some(texts.join(" "));
        self.log.runs.push(run);
    }

    /// Reads one test: banner (if any), interim lines, warnings, then its results.
    fn test(&mut self, banner: Option<messages::Banner<'a>>) -> Result<(), ParseError> {
        let Some(first) = self.cur.peek() else {
            return Ok(());
        };
        self.recognized = true;
        let mut t = Test::new(first.no);
        if let Some(b) = banner {
            self.apply_banner(&mut t, &b, first);
            self.cur.advance();
        }
        loop {
            let Some(line) = self.cur.peek() else {
                let at = t.run.end_line;
                t.abort(
                    &mut self.log.diagnostics,
                    at,
                    "the output ends before the test's results",
                );
                break;
            };
            match self.classify(line) {
                Start::Blank => self.cur.advance(),
                Start::Interim => {
                    self.interim(&mut t, line)?;
                    self.cur.advance();
                }
                Start::Warning => {
                    let w = line.text.trim().trim_start_matches('!').trim();
                    t.warning
                        .push(w.split_whitespace().collect::<Vec<_>>().join(" "));
                    t.touch(line.no);
                    self.cur.advance();
                }
                Start::ClassicHeader => {
                    classic::read(&mut self.cur, true, &mut t, &mut self.log.diagnostics)?;
                    break;
                }
                Start::Numeric { .. } => {
                    classic::read(&mut self.cur, false, &mut t, &mut self.log.diagnostics)?;
                    break;
                }
                Start::Omni => {
                    omni::read(&mut self.cur, self.ctx, &mut t, &mut self.log.diagnostics)?;
                    break;
                }
                Start::ClientError(messages::ClientError::Other) | Start::Other => {
                    self.test_error(&mut t);
                    break;
                }
                Start::Netserver(_) | Start::Banner(_) | Start::ClientError(_) => {
                    let at = t.run.end_line;
                    t.abort(
                        &mut self.log.diagnostics,
                        at,
                        format!(
                            "the test's results are missing: line {} starts something else",
                            line.no
                        ),
                    );
                    break;
                }
            }
        }
        self.finish(t);
        Ok(())
    }

    /// Text where a test's results should be: netperf failed during the test.
    fn test_error(&mut self, t: &mut Test) {
        let mut texts = Vec::new();
        while let Some(l) = self.cur.peek() {
            if !matches!(
                self.classify(l),
                Start::Other | Start::ClientError(messages::ClientError::Other)
            ) {
                break;
            }
            texts.push(lex::excerpt(l.text.trim(), 300));
            t.touch(l.no);
            self.cur.advance();
        }
        t.run.status = RunStatus::Error;
        t.run.error = Some(texts.join(" "));
    }

    fn interim(&mut self, t: &mut Test, line: Line<'a>) -> Result<(), ParseError> {
        let text = line.text.trim();
        let lead = line.text.len().saturating_sub(line.text.trim_start().len());
        match messages::interim(text) {
            Ok(i) => {
                t.interims.push((line.no, i));
                t.touch(line.no);
                Ok(())
            }
            Err(_) if self.cur.is_cut(line) => {
                t.touch(line.no);
                t.abort(
                    &mut self.log.diagnostics,
                    line.no,
                    "the output ends inside an interim result line",
                );
                Ok(())
            }
            Err(off) => Err(error_at(
                line,
                lead.saturating_add(off),
                "expected an interim result `Interim result: <rate> <unit>/s over <seconds> seconds ending at <epoch>`",
            )),
        }
    }

    fn apply_banner(&mut self, t: &mut Test, b: &messages::Banner<'a>, line: Line<'a>) {
        let mut to = b.to.clone();
        let mut options = b.options.clone();
        let mut continued = false;
        if to.is_none()
            && let Some((h, o)) = self
                .cur
                .peek_at(1)
                .and_then(|l| messages::banner_continuation(l.text))
        {
            to = Some(h);
            options = o;
            continued = true;
            self.cur.advance();
            if let Some(l) = self.cur.peek() {
                t.touch(l.no);
            }
        }
        if to.is_none() || (b.unread.is_some() && !continued) {
            self.log.diagnostics.push(Diagnostic::warning(
                line.no,
                1,
                "the addresses in this test banner could not be read",
            ));
        }
        t.apply_banner(b, to.as_ref(), &options);
    }

    fn finish(&mut self, t: Test) {
        self.log.runs.push(t.into_run());
    }
}
