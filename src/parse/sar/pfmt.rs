//! `sadf -p`: one value per line, `host<TAB>interval<TAB>timestamp<TAB>device<TAB>field<TAB>
//! value`. Consecutive lines of one host, time and device make one sample; a new sample also
//! starts where a known report's first column comes again (`DEV` and `EDEV` of one
//! interface follow each other).

use super::csv::timestamp;
use super::lex::{self, Tok};
use super::reports;
use super::{LineErr, Zone};
use crate::model::{Diagnostic, LogFormat, ParsedLog, SystemInfo};
use crate::parse::{ParseContext, ParseError};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

/// Lines gathered into one sample.
#[derive(Debug)]
struct Pending {
    line: u32,
    key: (String, String, String, String),
    ts: DateTime<Utc>,
    interval_s: f64,
    metrics: Vec<(String, f64)>,
    fields: HashSet<String>,
}

#[derive(Debug)]
struct Reader {
    log: ParsedLog,
    shared: super::Shared,
    zone: Zone,
    pending: Option<Pending>,
    warned: HashSet<String>,
    /// The most fields seen per sample, by its first field and whether it has a device.
    widths: HashMap<(String, bool), usize>,
}

/// Parses `sadf -p` output.
pub fn parse(text: &str, ctx: &ParseContext) -> Result<ParsedLog, ParseError> {
    let last = crate::parse::text::last_nonblank_start(text);
    let terminated = text.ends_with('\n');
    let mut rd = Reader {
        log: ParsedLog::new(LogFormat::SadfP),
        shared: super::Shared::default(),
        zone: Zone::new(ctx),
        pending: None,
        warned: HashSet::new(),
        widths: HashMap::new(),
    };
    for (n, start, line) in crate::parse::text::numbered_lines(text) {
        if line.trim().is_empty() {
            continue;
        }
        let is_last = Some(start) == last;
        let recognized = rd.pending.is_some();
        let mut r = rd.line(n, line);
        if r.is_ok() && is_last && !terminated {
            if let Some(p) = rd.pending.as_mut()
                && let Some((k, _)) = p.metrics.pop()
            {
                p.fields.remove(&k);
            }
            r = Err(super::unterminated(line));
        }
        super::settle(r, n, is_last, recognized, &mut rd.log.diagnostics)?;
    }
    rd.flush_last();
    Ok(rd.log)
}

impl Reader {
    fn line(&mut self, n: u32, line: &str) -> Result<(), LineErr> {
        let f = lex::fields(line, '\t');
        let [host, interval, ts, device, field, value] = f.as_slice() else {
            if line.contains("LINUX-RESTART") {
                return Ok(());
            }
            let (col, cut) = f
                .get(6)
                .map_or((lex::end_col(line), true), |t: &Tok<'_>| (t.col, false));
            return Err(LineErr {
                col,
                msg: format!(
                    "expected 6 tab-separated fields (host, interval, timestamp, device, field, value), found {}",
                    f.len()
                ),
                cut,
            });
        };
        let key = (
            host.text.to_string(),
            interval.text.to_string(),
            ts.text.to_string(),
            device.text.to_string(),
        );
        let v = lex::number(value.text).ok_or_else(|| LineErr {
            col: value.col,
            msg: format!(
                "expected a number for {}, found `{}`",
                field.text, value.text
            ),
            cut: true,
        })?;
        let same = self.pending.as_ref().is_some_and(|p| {
            p.key == key && !reports::starts_report(field.text) && !p.fields.contains(field.text)
        });
        if !same {
            self.flush();
            let interval_s = lex::number(interval.text).ok_or_else(|| {
                LineErr::hard(
                    interval.col,
                    format!(
                        "expected the interval in seconds, found `{}`",
                        interval.text
                    ),
                )
            })?;
            let ts = timestamp(ts.text, &mut self.zone, &mut self.log.diagnostics)
                .map_err(|m| LineErr::hard(ts.col, m))?;
            if self.log.system.is_none() {
                self.log.system = Some(SystemInfo {
                    host: Some(host.text.to_string()),
                    ..SystemInfo::default()
                });
            }
            self.pending = Some(Pending {
                line: n,
                key,
                ts,
                interval_s,
                metrics: Vec::new(),
                fields: HashSet::new(),
            });
        }
        if let Some(p) = self.pending.as_mut() {
            p.fields.insert(field.text.to_string());
            p.metrics.push((field.text.to_string(), v));
        }
        Ok(())
    }

    /// Stores the sample gathered at the end, unless it has fewer fields than earlier
    /// samples of its kind (the file was cut inside it).
    fn flush_last(&mut self) {
        let Some(p) = self.pending.as_ref() else {
            return;
        };
        let key = width_key(p);
        let have = p.metrics.len();
        let line = p.line;
        match self.widths.get(&key) {
            Some(&w) if have < w => {
                self.log.diagnostics.push(Diagnostic::warning(
                    line,
                    1,
                    format!(
                        "the file ends inside a sample ({have} of its {w} fields); it was not stored"
                    ),
                ));
                self.pending = None;
            }
            _ => self.flush(),
        }
    }

    /// Stores the gathered sample.
    fn flush(&mut self) {
        let Some(p) = self.pending.take().filter(|p| !p.metrics.is_empty()) else {
            return;
        };
        let w = self.widths.entry(width_key(&p)).or_insert(0);
        *w = (*w).max(p.metrics.len());
        let (host, _, _, device) = &p.key;
        let device = (device != "-").then_some(device.as_str());
        let names: Vec<String> = p.metrics.iter().map(|(k, _)| k.clone()).collect();
        let report = match reports::classify_values(&names, device.is_some()) {
            Some(r) => r.to_string(),
            None => {
                let r = names.join(",");
                if self.warned.insert(r.clone()) {
                    self.log.diagnostics.push(Diagnostic::warning(
                        p.line,
                        1,
                        format!("unknown sysstat activity; its rows are stored under the report name `{r}`"),
                    ));
                }
                r
            }
        };
        let s = self.shared.sample(
            p.line,
            Some(host),
            &report,
            device,
            p.ts,
            Some(p.interval_s),
            &p.metrics,
        );
        self.log.samples.push(s);
    }
}

fn width_key(p: &Pending) -> (String, bool) {
    let first = p
        .metrics
        .first()
        .map(|(k, _)| k.clone())
        .unwrap_or_default();
    (first, p.key.3 != "-")
}
