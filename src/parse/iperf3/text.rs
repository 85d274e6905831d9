//! iperf3 text output, file level: the `--timestamps` prefix, the `-V` preamble, where
//! sessions begin and end (client runs, server sessions framed by `Server listening`
//! banners, the `Server output:` block of `--get-server-output`), and the `iperf3: ...`
//! stderr messages, which can come before the buffered stdout text they belong to.

use super::build::{self, FileFacts};
use super::lex;
use super::plain::{self, MessageKind};
use super::session::{LineKind, LineMessage, Session};
use crate::model::{Diagnostic, LogFormat, ParsedLog, Role, RunStatus, SystemInfo};
use crate::parse::error::to_u32;
use crate::parse::text::numbered_lines;
use crate::parse::{ParseContext, ParseError};
use chrono::{DateTime, NaiveDateTime, Utc};

/// How many unknown lines inside runs are reported one by one.
const MAX_UNKNOWN_REPORTED: usize = 10;

const UTC_ASSUMED: &str = "iperf3 --timestamps times carry no time zone and none was given (--tz or the contract's link.timezone); they were read as UTC";

pub fn parse(text: &str, ctx: &ParseContext) -> Result<ParsedLog, ParseError> {
    let last = last_line_start(text);
    let mut r = Reader::new(ctx);
    for (no, start, raw) in numbered_lines(text) {
        r.line(no, raw, Some(start) == last)?;
    }
    r.finish()
}

/// Where the last line with more than a `--timestamps` prefix starts (as
/// [`numbered_lines`] gives it), found from the end.
fn last_line_start(text: &str) -> Option<usize> {
    text.rsplit('\n')
        .find(|raw| !strip_timestamp(raw).1.trim().is_empty())
        .map(|raw| raw.as_ptr() as usize - text.as_ptr() as usize)
}

fn strip_timestamp(raw: &str) -> (Option<NaiveDateTime>, &str) {
    match plain::timestamp_prefix(raw) {
        Some((t, rest)) => (Some(t), rest),
        None => (None, raw),
    }
}

fn is_banner_dashes(l: &str) -> bool {
    l.len() >= 10 && l.bytes().all(|b| b == b'-')
}

struct Reader<'c> {
    ctx: &'c ParseContext,
    log: ParsedLog,
    facts: FileFacts,
    cur: Option<Session>,
    in_server_output: bool,
    /// First line of the banner of the next server session.
    banner: Option<(u32, Option<DateTime<Utc>>)>,
    /// `-V` preamble before a client run: its first line, time and `Time:`.
    pre: Option<(u32, Option<DateTime<Utc>>)>,
    pre_time: Option<DateTime<Utc>>,
    expect_uname: bool,
    pending: Vec<LineMessage>,
    saw_server: bool,
    recognized: usize,
    tz_warned: bool,
    unknown: usize,
}

impl<'c> Reader<'c> {
    fn new(ctx: &'c ParseContext) -> Self {
        Reader {
            ctx,
            log: ParsedLog::new(LogFormat::Iperf3Text),
            facts: FileFacts::default(),
            cur: None,
            in_server_output: false,
            banner: None,
            pre: None,
            pre_time: None,
            expect_uname: false,
            pending: Vec::new(),
            saw_server: false,
            recognized: 0,
            tz_warned: false,
            unknown: 0,
        }
    }

    fn local_time(&mut self, no: u32, t: NaiveDateTime) -> Option<DateTime<Utc>> {
        if self.ctx.tz.is_none() && !self.tz_warned {
            self.tz_warned = true;
            self.log
                .diagnostics
                .push(Diagnostic::warning(no, 1, UTC_ASSUMED));
        }
        self.ctx.tz.unwrap_or_default().to_utc(t)
    }

    fn line(&mut self, no: u32, raw: &str, is_last: bool) -> Result<(), ParseError> {
        let (naive, body) = strip_timestamp(raw);
        let l = body.trim();
        if l.is_empty() {
            return Ok(());
        }
        let ts = naive.and_then(|t| self.local_time(no, t));
        if std::mem::take(&mut self.expect_uname) && self.uname(l) {
            self.recognized += 1;
            return Ok(());
        }
        // Framing lines never start with `[`; data lines (most of a log) always do.
        if !l.starts_with('[') && self.framing(no, ts, l) {
            self.recognized += 1;
            return Ok(());
        }
        if self.cur.is_none() {
            if !l.starts_with('[') {
                if plain::is_ignorable(l) {
                    self.recognized += 1;
                }
                return Ok(());
            }
            let role = if self.saw_server {
                Role::Server
            } else {
                Role::Client
            };
            self.start(role, false, no, ts);
        }
        let in_so = self.in_server_output;
        let Some(cur) = self.cur.as_mut() else {
            return Ok(());
        };
        let target = match cur.server_output.as_deref_mut() {
            Some(so) if in_so => so,
            _ => &mut *cur,
        };
        match target.line(no, ts, l) {
            LineKind::Read => {
                self.recognized += 1;
                cur.last_line = no;
            }
            LineKind::Unknown => self.unknown_line(no, l),
            LineKind::UnknownTagged => self.log.diagnostics.push(Diagnostic::warning(
                no,
                1,
                "a tagged line of a kind this parser does not know; skipped",
            )),
            LineKind::Broken(e) => {
                let byte =
                    raw.len() - body.len() + (body.len() - body.trim_start().len()) + e.offset;
                let column = to_u32(raw.get(..byte).map_or(0, |s| s.chars().count()) + 1);
                let msg = format!(
                    "expected {}, found {}",
                    e.expected,
                    lex::token_at(l, e.offset)
                );
                if !is_last {
                    return Err(ParseError::new(no, column, msg));
                }
                cur.cut = true;
                self.log.diagnostics.push(Diagnostic::warning(
                    no,
                    column,
                    format!("the last line is cut ({msg}); it was skipped"),
                ));
            }
        }
        Ok(())
    }

    /// Lines that begin or end sessions, the preamble and stderr messages.
    fn framing(&mut self, no: u32, ts: Option<DateTime<Utc>>, l: &str) -> bool {
        if l == "iperf Done." {
            if let Some(cur) = self.cur.as_mut() {
                cur.done = true;
                cur.last_line = no;
            }
            self.close();
        } else if let Some(m) = plain::message(l) {
            self.message(LineMessage {
                line: no,
                message: m,
            });
        } else if is_banner_dashes(l) && !self.in_server_output {
            self.close();
            self.banner.get_or_insert((no, ts));
        } else if plain::server_listening(l).is_some() {
            self.close();
            self.saw_server = true;
            self.banner.get_or_insert((no, ts));
        } else if let Some(a) = plain::accepted(l) {
            if self.in_server_output {
                if let Some(so) = self
                    .cur
                    .as_mut()
                    .and_then(|c| c.server_output.as_deref_mut())
                {
                    so.accepted_from = Some(a);
                }
                return true;
            }
            self.close();
            self.saw_server = true;
            let (first, first_ts) = self.banner.take().unwrap_or((no, ts));
            self.start(Role::Server, true, first, first_ts);
            if let Some(s) = self.cur.as_mut() {
                s.accepted_from = Some(a);
                s.last_line = no;
            }
        } else if let Some(c) = plain::connecting(l) {
            self.close();
            self.banner = None;
            self.start(Role::Client, true, no, ts);
            if let Some(s) = self.cur.as_mut() {
                s.connect_to = Some(c);
            }
        } else if let Some(v) = plain::version(l) {
            if self.cur.as_ref().is_some_and(|c| c.role == Role::Client) {
                self.close();
            }
            self.log.tool_version.get_or_insert_with(|| v.clone());
            self.facts.version.get_or_insert(v);
            self.pre.get_or_insert((no, ts));
            self.expect_uname = true;
        } else if let Some(t) = plain::time_line(l) {
            match self.cur.as_mut() {
                Some(c) if !c.has_output() => c.time = Some(t),
                _ => {
                    self.pre_time = Some(t);
                    self.pre.get_or_insert((no, ts));
                }
            }
        } else if l == "Server output:" && self.cur.as_ref().is_some_and(|c| c.role == Role::Client)
        {
            if let Some(c) = self.cur.as_mut() {
                c.server_output = Some(Box::new(Session::new(Role::Server, true, no, ts)));
                c.last_line = no;
            }
            self.in_server_output = true;
        } else {
            return false;
        }
        true
    }

    /// `Linux vm 6.18.44-fc-v782 #1 SMP PREEMPT_DYNAMIC @0 x86_64` after `iperf 3.12`.
    fn uname(&mut self, l: &str) -> bool {
        let w: Vec<&str> = l.split_whitespace().collect();
        let (Some(os), Some(host), Some(release)) = (w.first(), w.get(1), w.get(2)) else {
            return false;
        };
        if !os.starts_with(|c: char| c.is_ascii_uppercase()) || plain::is_ignorable(l) {
            return false;
        }
        self.facts.host.get_or_insert_with(|| host.to_string());
        self.log.system.get_or_insert_with(|| SystemInfo {
            kernel: Some(format!("{os} {release}")),
            host: Some(host.to_string()),
            date: None,
            arch: w.get(3..).and_then(|r| r.last()).map(|a| a.to_string()),
            cpus: None,
        });
        true
    }

    fn start(&mut self, role: Role, stated: bool, first: u32, ts: Option<DateTime<Utc>>) {
        let (first, ts) = match self.pre.take() {
            Some((l, t)) if role == Role::Client => (l, t.or(ts)),
            _ => (first, ts),
        };
        let mut s = Session::new(role, stated, first, ts);
        if role == Role::Client {
            s.time = self.pre_time.take();
        }
        s.early = std::mem::take(&mut self.pending);
        self.cur = Some(s);
    }

    fn close(&mut self) {
        self.in_server_output = false;
        let Some(mut s) = self.cur.take() else {
            return;
        };
        if s.used_timestamps && self.ctx.tz.is_none() {
            s.notes
                .push("the --timestamps times were read as UTC (no time zone given)".into());
        }
        let runs = build::runs(s, &self.facts, &mut self.log.diagnostics);
        self.log.runs.extend(runs);
    }

    fn message(&mut self, m: LineMessage) {
        if let Some(cur) = self.cur.as_mut() {
            let fits = match (cur.role, &m.message.kind) {
                (Role::Client, MessageKind::Error | MessageKind::ClientInterrupt) => true,
                (Role::Server, MessageKind::ClientInterrupt) => false,
                (Role::Server, _) => true,
                _ => false,
            };
            if fits {
                if let Some(back) = cur.take_message(m) {
                    self.pending.push(back);
                }
                return;
            }
        }
        self.pending.push(m);
    }

    fn unknown_line(&mut self, no: u32, l: &str) {
        self.unknown += 1;
        if self.unknown <= MAX_UNKNOWN_REPORTED {
            let shown: String = l.chars().take(60).collect();
            self.log.diagnostics.push(Diagnostic::warning(
                no,
                1,
                format!("not a line of iperf3 output (`{shown}`); skipped"),
            ));
        }
    }

    fn finish(mut self) -> Result<ParsedLog, ParseError> {
        self.close();
        for m in std::mem::take(&mut self.pending) {
            let kind = &m.message.kind;
            match kind {
                MessageKind::ServerTerminated => {}
                MessageKind::ClientTerminated => {
                    if let Some(r) = self.log.runs.last_mut().filter(|r| r.role == Role::Server)
                        && r.status == RunStatus::Complete
                    {
                        r.status = RunStatus::Aborted;
                        r.error = Some(m.message.text.clone());
                    }
                }
                MessageKind::Error | MessageKind::ClientInterrupt => {
                    let role = if self.saw_server && *kind == MessageKind::Error {
                        Role::Server
                    } else {
                        Role::Client
                    };
                    let run = build::message_run(m.line, &m.message.text, kind, role, &self.facts);
                    self.log.runs.push(run);
                }
            }
        }
        if self.unknown > MAX_UNKNOWN_REPORTED {
            let more = self.unknown - MAX_UNKNOWN_REPORTED;
            self.log.diagnostics.push(Diagnostic::warning(
                1,
                1,
                format!("{more} more lines that are not iperf3 output were skipped"),
            ));
        }
        if self.recognized == 0 {
            return Err(ParseError::new(
                1,
                1,
                "expected iperf3 output (`Connecting to host`, `Server listening on`, `[  5]   0.00-1.00   sec ...`), found none",
            ));
        }
        Ok(self.log)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_line_skips_blank_and_bare_timestamp_lines() {
        for text in [
            "",
            "a",
            "a\n",
            "a\n\n \n",
            "a\nb",
            "a\nSat Nov 28 18:11:14 2026 \n\n",
            "a\nSat Nov 28 18:11:14 2026 x\n",
            "\n\n",
        ] {
            let forward = numbered_lines(text)
                .filter(|(_, _, raw)| !strip_timestamp(raw).1.trim().is_empty())
                .map(|(_, start, _)| start)
                .last();
            assert_eq!(last_line_start(text), forward, "{text:?}");
        }
        assert_eq!(last_line_start("a\nSat Nov 28 18:11:14 2026 \n"), Some(0));
        assert_eq!(last_line_start("ab\ncd\n\n"), Some(3));
    }
}
