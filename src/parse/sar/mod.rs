//! sysstat output: `sar` text in any locale (live or `sar -f` read-back), `sadf -d`/`-dh`,
//! `sadf -j` and `sadf -p`, each turned into [`SarSample`]s named by sysstat column.
//!
//! [`parse`] dispatches on the detected format; the modules below own one format each.
//! Wall-clock times without a zone (sar text, `sadf -T`) are read in [`ParseContext::tz`],
//! else as UTC with [`crate::parse::utc_assumed_note`].

mod csv;
mod fastrow;
mod header;
mod json;
mod lex;
mod pfmt;
mod reports;
mod text;

#[cfg(test)]
mod tests_campaign;
#[cfg(test)]
mod tests_fixtures;
#[cfg(test)]
mod tests_odd;
#[cfg(test)]
mod tests_readback;

use super::{ParseContext, ParseError};
use crate::model::{Diagnostic, LogFormat, ParsedLog, SampleHead, SarSample, TimeZoneSpec};
use chrono::{DateTime, NaiveDateTime, Utc};
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Bumped whenever the parser's output for some input changes.
pub const VERSION: u32 = 1;

/// Reads sysstat output of `format` (one of `SarText`, `SadfCsv`, `SadfJson`, `SadfP`).
pub fn parse(format: LogFormat, text: &str, ctx: &ParseContext) -> Result<ParsedLog, ParseError> {
    match format {
        LogFormat::SarText => text::parse(text, ctx),
        LogFormat::SadfCsv => csv::parse(text, ctx),
        LogFormat::SadfJson => json::parse(text, ctx),
        LogFormat::SadfP => pfmt::parse(text, ctx),
        other => Err(ParseError::new(
            1,
            1,
            format!("{other} is not sysstat output; expected sar text or sadf -d, -j or -p"),
        )),
    }
}

/// The zone for wall-clock times, and whether UTC was assumed for want of one.
#[derive(Debug)]
struct Zone {
    tz: TimeZoneSpec,
    given: bool,
    noted: bool,
}

impl Zone {
    fn new(ctx: &ParseContext) -> Self {
        Zone {
            tz: ctx.tz.unwrap_or_default(),
            given: ctx.tz.is_some(),
            noted: false,
        }
    }

    /// A local wall-clock time in UTC; `Err` names the zone for a time in a DST gap. The
    /// first call without a given zone adds the UTC-assumed warning to `diags`.
    fn local_to_utc(
        &mut self,
        t: NaiveDateTime,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<DateTime<Utc>, String> {
        if !self.given && !self.noted {
            self.noted = true;
            diags.push(super::utc_assumed_note());
        }
        self.tz.to_utc(t).ok_or_else(|| {
            format!(
                "local time {t} does not exist in {} (it falls in a daylight-saving gap)",
                self.tz
            )
        })
    }
}

/// A row's device and its values by column name.
type Values = (Option<String>, Vec<(String, f64)>);

/// Why the last line, which parsed, is not stored.
fn unterminated(line: &str) -> LineErr {
    LineErr {
        col: lex::end_col(line),
        msg: "the file ends without a line end inside this row".into(),
        cut: true,
    }
}

/// A failed line: where, what, and whether a cut last line explains it.
#[derive(Debug)]
struct LineErr {
    col: u32,
    msg: String,
    cut: bool,
}

impl LineErr {
    fn hard(col: u32, msg: impl Into<String>) -> Self {
        LineErr {
            col,
            msg: msg.into(),
            cut: false,
        }
    }
}

/// The outcome of one line: a cut last line becomes a warning (once the file has shown
/// itself to be of its format: `recognized`), other failures an error.
fn settle(
    r: Result<(), LineErr>,
    n: u32,
    is_last: bool,
    recognized: bool,
    diags: &mut Vec<Diagnostic>,
) -> Result<(), ParseError> {
    match r {
        Ok(()) => Ok(()),
        Err(e) if e.cut && recognized && is_last => {
            diags.push(Diagnostic::warning(
                n,
                e.col,
                format!("the last line is cut short ({}); it was not stored", e.msg),
            ));
            Ok(())
        }
        Err(e) => Err(ParseError::new(n, e.col, e.msg)),
    }
}

/// Names shared by many samples, handed out once: host, report and device names and the
/// column lists of headers. A day of one-second rows then holds each name once. Looked up by
/// hash, so a damaged file that makes every row a new name stays linear.
#[derive(Debug, Default)]
struct Shared {
    names: HashSet<Arc<str>, foldhash::fast::RandomState>,
    /// Column lists by the hash of their names.
    columns: HashMap<u64, Vec<Arc<[String]>>>,
    /// Sample heads by the addresses of their (shared) parts.
    heads: HashMap<[usize; 4], Arc<SampleHead>, foldhash::fast::RandomState>,
}

impl Shared {
    /// The shared copy of `s`.
    fn name(&mut self, s: &str) -> Arc<str> {
        if let Some(n) = self.names.get(s) {
            return n.clone();
        }
        let n: Arc<str> = Arc::from(s);
        self.names.insert(n.clone());
        n
    }

    /// The shared column list equal to `names`.
    fn columns<'a>(
        &mut self,
        names: impl ExactSizeIterator<Item = &'a str> + Clone,
    ) -> Arc<[String]> {
        let len = names.len();
        let mut h = DefaultHasher::new();
        for n in names.clone() {
            n.hash(&mut h);
        }
        let bucket = self.columns.entry(h.finish()).or_default();
        if let Some(c) = bucket
            .iter()
            .find(|c| c.len() == len && c.iter().map(String::as_str).eq(names.clone()))
        {
            return c.clone();
        }
        let c: Arc<[String]> = names.map(String::from).collect();
        bucket.push(c.clone());
        c
    }

    /// The shared head of the samples with these shared parts.
    fn head(
        &mut self,
        host: Option<Arc<str>>,
        report: Arc<str>,
        device: Option<Arc<str>>,
        columns: Arc<[String]>,
    ) -> Arc<SampleHead> {
        let addr = |s: &Option<Arc<str>>| {
            s.as_ref()
                .map_or(0, |s| Arc::as_ptr(s).cast::<u8>() as usize)
        };
        let key = [
            addr(&host),
            Arc::as_ptr(&report).cast::<u8>() as usize,
            addr(&device),
            Arc::as_ptr(&columns).cast::<String>() as usize,
        ];
        self.heads
            .entry(key)
            .or_insert_with(|| {
                Arc::new(SampleHead {
                    host,
                    report,
                    device,
                    columns,
                })
            })
            .clone()
    }

    /// A sample whose values come with their column names (sadf forms, where a row names its
    /// own fields).
    #[allow(clippy::too_many_arguments)]
    fn sample(
        &mut self,
        line: u32,
        host: Option<&str>,
        report: &str,
        device: Option<&str>,
        ts: DateTime<Utc>,
        interval_s: Option<f64>,
        metrics: &[(String, f64)],
    ) -> SarSample {
        let host = host.map(|h| self.name(h));
        let report = self.name(report);
        let device = device.map(|d| self.name(d));
        let columns = self.columns(metrics.iter().map(|(k, _)| k.as_str()));
        SarSample {
            line,
            head: self.head(host, report, device, columns),
            ts,
            interval_s,
            values: metrics.iter().map(|(_, v)| *v).collect(),
        }
    }
}
