//! `sar` text, live or read back with `sar -f`: the first line, column header lines (repeated
//! per interval or printed once), timed rows, average rows in any language, day roll-over
//! at midnight, and a check of the stored rows against sar's own Average rows.

use super::fastrow::{self, Field};
use super::header::Header;
use super::lex::{self, DateOrder, Tok};
use super::{LineErr, Shared, Zone};
use crate::model::{Diagnostic, LogFormat, ParsedLog, SarSample};
use crate::parse::{ParseContext, ParseError};
use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug)]
struct State {
    log: ParsedLog,
    shared: Shared,
    zone: Zone,
    host: Option<Arc<str>>,
    date: Result<NaiveDate, (u32, u32, String)>,
    day_first: bool,
    headers: Vec<Header>,
    by_names: HashMap<Vec<String>, usize>,
    current: Option<usize>,
    /// The last row's clock (days past the date, time of day) and its UTC time: the rows
    /// of one interval share it.
    last_ts: Option<(u64, NaiveTime, DateTime<Utc>)>,
    /// Whether the line being read is the last non-blank one, and whether the text ends
    /// with a line end.
    at_last: bool,
    terminated: bool,
}

/// Parses `sar` text output.
pub fn parse(text: &str, ctx: &ParseContext) -> Result<ParsedLog, ParseError> {
    let last_start = crate::parse::text::last_nonblank_start(text);
    let mut st = State {
        log: ParsedLog::new(LogFormat::SarText),
        shared: Shared::default(),
        zone: Zone::new(ctx),
        host: None,
        date: Err((1, 1, "no sar first line".into())),
        day_first: uses_decimal_comma(text),
        headers: Vec::new(),
        by_names: HashMap::new(),
        current: None,
        last_ts: None,
        at_last: false,
        terminated: text.ends_with('\n'),
    };
    let mut seen_first = false;
    let mut skipped: Option<(u32, usize)> = None;
    let mut toks = Vec::new();
    for (n, start, line) in crate::parse::text::numbered_lines(text) {
        st.at_last = Some(start) == last_start;
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            continue;
        }
        // Rows start with a time; only a line starting with a letter can be a first line.
        let first_line = if trimmed.starts_with(|c: char| c.is_ascii_digit()) {
            None
        } else {
            lex::first_line(trimmed)
        };
        if let Some((info, date_tok)) = first_line {
            let indent = lex::tokens(line).first().map_or(1, |t| t.col) - 1;
            st.first_line(n, line, info, date_tok, indent, !seen_first);
            seen_first = true;
            continue;
        }
        if !seen_first {
            let s = skipped.get_or_insert((n, 0));
            s.1 += 1;
            continue;
        }
        let r = st.line(n, line, &mut toks);
        super::settle(r, n, st.at_last, true, &mut st.log.diagnostics)?;
    }
    if !seen_first {
        return Err(ParseError::new(
            1,
            1,
            "expected sar's first line `Linux <kernel> (<host>) <date> _<arch>_ (<n> CPU)`, found none",
        ));
    }
    if let Some((n, count)) = skipped {
        st.log.diagnostics.insert(
            0,
            Diagnostic::warning(
                n,
                1,
                format!(
                    "{count} line(s) before sar's first line are not sar output and were skipped"
                ),
            ),
        );
    }
    if !st.zone.given && !st.zone.noted {
        st.log
            .diagnostics
            .insert(0, crate::parse::utc_assumed_note());
    }
    Ok(st.log)
}

/// True if the file writes decimal commas (`64481,00`), as day-first locales do.
fn uses_decimal_comma(text: &str) -> bool {
    text.lines().take(200).any(|l| {
        lex::tokens(l)
            .iter()
            .any(|t| t.text.contains(',') && lex::number(t.text).is_some())
    })
}

fn is_header(rest: &[Tok<'_>]) -> bool {
    rest.len() >= 2 && rest.iter().all(|t| lex::number(t.text).is_none())
}

impl State {
    /// `Linux ... (host) date ...`: the machine, and the date of the rows that follow.
    fn first_line(
        &mut self,
        n: u32,
        line: &str,
        info: crate::model::SystemInfo,
        date_tok: Option<Tok<'_>>,
        indent: u32,
        is_first: bool,
    ) {
        self.date = match date_tok {
            None => Err((n, lex::end_col(line), "the first line gives no date".into())),
            Some(t) => match lex::locale_date(t.text, self.day_first) {
                Some((d, order)) => {
                    if order != DateOrder::Certain {
                        let assumed = if order == DateOrder::AssumedDayFirst {
                            "day first (the file writes decimal commas)"
                        } else {
                            "month first"
                        };
                        self.log.diagnostics.push(Diagnostic::warning(
                            n,
                            t.col + indent,
                            format!(
                                "the date `{}` could be read either way; read {assumed}",
                                t.text
                            ),
                        ));
                    }
                    Ok(d)
                }
                None => Err((
                    n,
                    t.col + indent,
                    format!(
                        "expected a date such as `11/28/26`, `28.11.2026` or `2026-11-28` on the first line, found `{}`",
                        t.text
                    ),
                )),
            },
        };
        let mut info = info;
        info.date = self.date.as_ref().ok().copied();
        self.host = info.host.as_deref().map(|h| self.shared.name(h));
        if is_first {
            self.log.system = Some(info);
        }
        self.current = None;
        for h in &mut self.headers {
            h.restart();
        }
        self.last_ts = None;
    }

    fn line<'a>(&mut self, n: u32, line: &'a str, toks: &mut Vec<Tok<'a>>) -> Result<(), LineErr> {
        // Under a header, nearly every line is a row of it or the header repeated.
        if let Some(h) = self.current
            && let Some(hd) = self.headers.get(h)
        {
            if let Some(r) = fastrow::read(line, &hd.kinds, hd.columns.len())
                && let Some(time) = lex::time_of_day(r.hms, None)
            {
                return self.store_row(n, line, r.col, time, h, r.device, r.values);
            }
            let after = fastrow::after_time(line);
            if let Some((hms, tail)) = after
                && hd.tail.as_deref() == Some(tail)
                && let Some(time) = lex::time_of_day(hms, None)
            {
                self.advance(h, time);
                return Ok(());
            }
            if let Some(time) = fastrow::repeated_header(line, &hd.names)
                .and_then(|hms| lex::time_of_day(hms, None))
            {
                if let (Some(hd), Some((_, tail))) = (self.headers.get_mut(h), after) {
                    hd.tail = Some(tail.to_string());
                }
                self.advance(h, time);
                return Ok(());
            }
        }
        lex::tokens_into(line, toks);
        let toks = toks.as_slice();
        let Some(first) = toks.first().copied() else {
            return Ok(());
        };
        if let Some(hms) = lex::clock_time(first.text) {
            let pm = toks.get(1).and_then(|t| lex::meridiem(t.text));
            let time = lex::time_of_day(hms, pm).ok_or_else(|| {
                LineErr::hard(
                    first.col,
                    format!("expected a time of day, found `{}`", first.text),
                )
            })?;
            let rest = toks.get(if pm.is_some() { 2 } else { 1 }..).unwrap_or(&[]);
            let word = |i: usize| rest.get(i).map(|t| t.text);
            if word(0) == Some("LINUX") && word(1) == Some("RESTART") {
                return Ok(());
            }
            if is_header(rest) {
                let h = self.header(n, rest);
                self.advance(h, time);
                return Ok(());
            }
            return self.row(n, line, first, time, rest);
        }
        if lex::looks_like_partial_time(first.text) {
            return Err(LineErr {
                col: first.col,
                msg: format!("expected a time HH:MM:SS, found `{}`", first.text),
                cut: toks.len() == 1,
            });
        }
        self.average(n, line, toks)
    }

    /// Registers a header line and makes it current. The current header repeated (live sar
    /// prints it every interval) is recognized without copying its names.
    fn header(&mut self, n: u32, rest: &[Tok<'_>]) -> usize {
        let same = |h: &Header| {
            h.names.len() == rest.len() && h.names.iter().zip(rest).all(|(a, t)| a == t.text)
        };
        if let Some(i) = self
            .current
            .filter(|&i| self.headers.get(i).is_some_and(same))
        {
            self.current = Some(i);
            return i;
        }
        let names: Vec<String> = rest.iter().map(|t| t.text.to_string()).collect();
        let idx = match self.by_names.get(&names) {
            Some(&i) => i,
            None => {
                self.headers
                    .push(Header::new(n, names.clone(), &mut self.shared));
                let i = self.headers.len() - 1;
                self.by_names.insert(names, i);
                i
            }
        };
        self.current = Some(idx);
        idx
    }

    /// Moves header `h`'s clock to `time` (see [`Header::advance`]).
    fn advance(&mut self, h: usize, time: NaiveTime) -> u64 {
        self.headers.get_mut(h).map_or(0, |hd| hd.advance(time))
    }

    /// The device and values of a row under header `h`.
    fn values<'t>(
        &self,
        h: usize,
        line: &str,
        rest: &[Tok<'t>],
    ) -> Result<(Option<&'t str>, Vec<f64>), LineErr> {
        let Some(hd) = self.headers.get(h) else {
            return Err(LineErr::hard(1, "internal: unknown header"));
        };
        let want = hd.names.len();
        if rest.len() != want {
            let (col, cut) = match rest.get(want) {
                Some(extra) => (extra.col, false),
                None => (lex::end_col(line), true),
            };
            return Err(LineErr {
                col,
                msg: format!(
                    "expected {want} fields as in the header at line {} (`{}`), found {}",
                    hd.line,
                    hd.names.join(" "),
                    rest.len()
                ),
                cut,
            });
        }
        let mut device = None;
        let mut metrics = Vec::with_capacity(hd.columns.len());
        for (i, ((name, kind), tok)) in hd.names.iter().zip(&hd.kinds).zip(rest).enumerate() {
            match kind {
                Field::Device => {
                    device = Some(tok.text);
                    continue;
                }
                Field::Text => {
                    device.get_or_insert(tok.text);
                    continue;
                }
                Field::Value => {}
            }
            let v = lex::number(tok.text).ok_or_else(|| LineErr {
                col: tok.col,
                msg: format!(
                    "expected a number in the {name} column, found `{}`",
                    tok.text
                ),
                cut: i + 1 == want,
            })?;
            metrics.push(v);
        }
        Ok((device, metrics))
    }

    fn row(
        &mut self,
        n: u32,
        line: &str,
        first: Tok<'_>,
        time: NaiveTime,
        rest: &[Tok<'_>],
    ) -> Result<(), LineErr> {
        let h = self.current.ok_or_else(|| LineErr {
            col: first.col,
            msg: "expected a column header line before this row".into(),
            cut: rest.len() <= 1,
        })?;
        let (device, metrics) = self.values(h, line, rest)?;
        self.store_row(n, line, first.col, time, h, device, metrics)
    }

    /// Dates a row read under header `h` and keeps it; `col` is the column of its time.
    #[allow(clippy::too_many_arguments)]
    fn store_row(
        &mut self,
        n: u32,
        line: &str,
        col: u32,
        time: NaiveTime,
        h: usize,
        device: Option<&str>,
        metrics: Vec<f64>,
    ) -> Result<(), LineErr> {
        let date = *self.date.as_ref().map_err(|(l, c, m)| {
            LineErr::hard(
                col,
                format!("{m} (line {l}, column {c}), so rows cannot be dated"),
            )
        })?;
        if self.at_last && !self.terminated {
            return Err(super::unterminated(line));
        }
        let days = self.advance(h, time);
        let ts = match self.last_ts {
            Some((d, t, ts)) if d == days && t == time => ts,
            _ => {
                let local = date
                    .checked_add_days(Days::new(days))
                    .map(|d| d.and_time(time))
                    .ok_or_else(|| LineErr::hard(col, "the date runs past the calendar"))?;
                let ts = self
                    .zone
                    .local_to_utc(local, &mut self.log.diagnostics)
                    .map_err(|m| LineErr::hard(col, m))?;
                self.last_ts = Some((days, time, ts));
                ts
            }
        };
        let Some(hd) = self.headers.get_mut(h) else {
            return Ok(());
        };
        if !hd.known && !hd.warned {
            hd.warned = true;
            self.log.diagnostics.push(Diagnostic::warning(
                hd.line,
                1,
                format!(
                    "unknown sar report; its rows are stored under the report name `{}`",
                    hd.report
                ),
            ));
        }
        let Some(dev) = hd.device(device, &self.host, &mut self.shared) else {
            return Ok(());
        };
        let acc = &mut dev.acc;
        acc.n += 1;
        acc.sums.resize(metrics.len(), 0.0);
        for (s, v) in acc.sums.iter_mut().zip(&metrics) {
            *s += v;
        }
        let sample = SarSample {
            line: n,
            head: dev.head.clone(),
            ts,
            interval_s: None,
            values: metrics,
        };
        self.log.samples.push(sample);
        Ok(())
    }

    /// A row whose first field is not a time: an average (`Average:`, `Durchschn.:`,
    /// `Moyenne :`) header or row, checked against the mean of the stored rows.
    fn average(&mut self, n: u32, line: &str, toks: &[Tok<'_>]) -> Result<(), LineErr> {
        let first = toks.first().copied().unwrap_or(Tok { col: 1, text: "" });
        let expected = || LineErr {
            col: first.col,
            msg: format!(
                "expected a time (HH:MM:SS) or an average label such as `Average:`, found `{}`",
                first.text
            ),
            cut: toks.len() == 1,
        };
        let label_end = toks.iter().take(3).position(|t| t.text.ends_with(':'));
        let rest = match (label_end, self.current.and_then(|h| self.headers.get(h))) {
            (Some(i), _) => toks.get(i + 1..).unwrap_or(&[]),
            (None, Some(hd)) if toks.len() > hd.names.len() => {
                toks.get(toks.len() - hd.names.len()..).unwrap_or(&[])
            }
            _ => return Err(expected()),
        };
        if is_header(rest) {
            self.header(n, rest);
            return Ok(());
        }
        let h = self.current.ok_or_else(|| LineErr {
            col: first.col,
            msg: "an average row before any column header line: the lines are out of order or the start of the report is missing".into(),
            cut: false,
        })?;
        let (device, metrics) = self.values(h, line, rest)?;
        self.check_average(n, h, device, &metrics);
        Ok(())
    }

    fn check_average(&mut self, n: u32, h: usize, device: Option<&str>, avg: &[f64]) {
        let Some(hd) = self.headers.get(h) else {
            return;
        };
        let columns = &hd.columns;
        let who = device.map_or(String::new(), |d| format!(" of {d}"));
        let msg = match hd.sums(device) {
            None => Some(format!("an Average row{who} follows no stored row")),
            Some(acc) if acc.n > 0 => avg.iter().zip(&acc.sums).zip(columns.iter()).find_map(|((a, s), name)| {
                let mean = s / f64::from(acc.n);
                (!close(*a, mean)).then(|| {
                    format!(
                        "the Average row gives {name}{who} = {a}, but the mean of the {} stored rows is {mean:.2}; rows may be missing",
                        acc.n
                    )
                })
            }),
            Some(_) => None,
        };
        if let Some(m) = msg {
            self.log.diagnostics.push(Diagnostic::warning(n, 1, m));
        }
    }
}

/// sar's Average weighs each interval by its true length, so a mean of the printed rates
/// differs from it a little; a gap beyond this means rows are missing or mis-read.
fn close(avg: f64, mean: f64) -> bool {
    (avg - mean).abs() <= 0.02 + 0.01 * avg.abs().max(mean.abs())
}
