//! `sadf -d` and `sadf -dh`: `;`-separated rows under `# hostname;interval;timestamp;...`
//! headers. With `-h` all activities share one line and a column name ending in `[...]`
//! closes a group repeated once per device; the CPU column's `-1` means `all`.

use super::lex::{self, Tok};
use super::reports;
use super::{LineErr, Shared, Zone};
use crate::model::{Diagnostic, LogFormat, ParsedLog, SystemInfo};
use crate::parse::{ParseContext, ParseError};
use chrono::{DateTime, NaiveDateTime, Utc};
use std::collections::HashSet;

/// The columns of one activity in a header.
#[derive(Debug)]
struct Group {
    names: Vec<String>,
    /// Marked `[...]`: repeated once per device on each line.
    repeated: bool,
    device: bool,
    report: String,
    known: bool,
    warned: bool,
}

#[derive(Debug)]
struct Header {
    line: u32,
    groups: Vec<Group>,
    width: usize,
}

/// Parses `sadf -d` or `sadf -dh` output.
pub fn parse(text: &str, ctx: &ParseContext) -> Result<ParsedLog, ParseError> {
    let mut shared = Shared::default();
    let last = crate::parse::text::last_nonblank_start(text);
    let terminated = text.ends_with('\n');
    let mut log = ParsedLog::new(LogFormat::SadfCsv);
    let mut zone = Zone::new(ctx);
    let mut header: Option<Header> = None;
    for (n, start, line) in crate::parse::text::numbered_lines(text) {
        if line.trim().is_empty() {
            continue;
        }
        let is_last = Some(start) == last;
        let r = if let Some(h) = line.strip_prefix('#') {
            parse_header(n, h).map(|h| header = Some(h))
        } else if line.contains("LINUX-RESTART") {
            Ok(())
        } else {
            match header.as_mut() {
                Some(h) => {
                    let before = log.samples.len();
                    let r = row(n, line, h, &mut zone, &mut log, &mut shared);
                    if r.is_ok() && is_last && !terminated {
                        log.samples.truncate(before);
                        Err(super::unterminated(line))
                    } else {
                        r
                    }
                }
                None => Err(LineErr::hard(
                    1,
                    "expected a `# hostname;interval;timestamp;...` header line before this row",
                )),
            }
        };
        super::settle(r, n, is_last, header.is_some(), &mut log.diagnostics)?;
    }
    Ok(log)
}

fn parse_header(n: u32, h: &str) -> Result<Header, LineErr> {
    let f = lex::fields(h.trim(), ';');
    let fixed: Vec<&str> = f.iter().take(3).map(|t| t.text).collect();
    if fixed != ["hostname", "interval", "timestamp"] {
        return Err(LineErr {
            col: 1,
            msg: format!("expected a header `# hostname;interval;timestamp;...`, found `#{h}`"),
            cut: true,
        });
    }
    let mut groups = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    for t in f.get(3..).unwrap_or(&[]) {
        let (name, rep) = match t.text.strip_suffix("[...]") {
            Some(s) => (s, true),
            None => (t.text, false),
        };
        let only_device = matches!(cur.as_slice(), [d] if reports::is_device_column(d));
        let starts = (reports::is_device_column(name) && !reports::is_text_column(name))
            || (reports::starts_report(name) && !only_device);
        if starts && !cur.is_empty() {
            groups.push(group(std::mem::take(&mut cur), false));
        }
        cur.push(name.to_string());
        if rep {
            groups.push(group(std::mem::take(&mut cur), true));
        }
    }
    if !cur.is_empty() {
        groups.push(group(cur, false));
    }
    let width = f.len();
    Ok(Header {
        line: n,
        groups,
        width,
    })
}

fn group(names: Vec<String>, repeated: bool) -> Group {
    let (report, known) = reports::report_name(&names);
    let device = names.first().is_some_and(|d| reports::is_device_column(d));
    Group {
        names,
        repeated,
        device,
        report,
        known,
        warned: false,
    }
}

/// A sadf timestamp: `2026-11-28 18:16:30 UTC`, local `2026-11-28 19:16:30` (`-T`), or
/// seconds since the epoch (`-U`).
pub(super) fn timestamp(
    s: &str,
    zone: &mut Zone,
    diags: &mut Vec<Diagnostic>,
) -> Result<DateTime<Utc>, String> {
    let s = s.trim();
    let bad = || format!("expected a timestamp such as `2026-11-28 18:16:30 UTC`, found `{s}`");
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s
            .parse::<i64>()
            .ok()
            .and_then(|secs| DateTime::from_timestamp(secs, 0))
            .ok_or_else(bad);
    }
    let (body, utc) = match s.strip_suffix("UTC") {
        Some(b) => (b.trim_end(), true),
        None => (s, false),
    };
    let t = NaiveDateTime::parse_from_str(body, "%Y-%m-%d %H:%M:%S").map_err(|_| bad())?;
    if utc {
        Ok(t.and_utc())
    } else {
        zone.local_to_utc(t, diags)
    }
}

/// Whether `tok` can start another instance of a repeated group.
fn starts_instance(g: &Group, tok: &str) -> bool {
    match g.names.first().map(String::as_str) {
        Some("CPU") => tok.parse::<i64>().is_ok(),
        Some(_) if g.device => lex::number(tok).is_none(),
        _ => true,
    }
}

fn row(
    n: u32,
    line: &str,
    h: &mut Header,
    zone: &mut Zone,
    log: &mut ParsedLog,
    shared: &mut Shared,
) -> Result<(), LineErr> {
    let f = lex::fields(line, ';');
    let [host, interval, ts, ..] = f.as_slice() else {
        return Err(LineErr {
            col: lex::end_col(line),
            msg: format!(
                "expected hostname;interval;timestamp;..., found {} field(s)",
                f.len()
            ),
            cut: true,
        });
    };
    let interval_s = lex::number(interval.text).ok_or_else(|| {
        LineErr::hard(
            interval.col,
            format!(
                "expected the interval in seconds, found `{}`",
                interval.text
            ),
        )
    })?;
    let ts =
        timestamp(ts.text, zone, &mut log.diagnostics).map_err(|m| LineErr::hard(ts.col, m))?;
    if log.system.is_none() {
        log.system = Some(SystemInfo {
            host: Some(host.text.to_string()),
            ..SystemInfo::default()
        });
    }
    let count_err = |at: Option<&Tok<'_>>| {
        let (col, cut) = at.map_or((lex::end_col(line), true), |t| (t.col, false));
        LineErr {
            col,
            msg: format!(
                "expected the fields of the header at line {} ({} for one device per group), found {}",
                h.line,
                h.width,
                f.len()
            ),
            cut,
        }
    };
    let mut i = 3usize;
    let mut rows = Vec::new();
    for (gi, g) in h.groups.iter().enumerate() {
        let size = g.names.len();
        let needed_after: usize = h
            .groups
            .get(gi + 1..)
            .unwrap_or(&[])
            .iter()
            .filter(|g| !g.repeated)
            .map(|g| g.names.len())
            .sum();
        let mut seen: HashSet<&str> = HashSet::new();
        loop {
            let left = f.len().saturating_sub(i);
            if g.repeated {
                let fits = left >= size + needed_after;
                let next = f.get(i).map_or("", |t| t.text);
                // Each device comes once per activity: a repeated name starts the next group.
                if !fits || !starts_instance(g, next) || seen.contains(next) {
                    break;
                }
                seen.insert(next);
            } else if left < size {
                return Err(count_err(None));
            }
            let inst = f.get(i..i + size).unwrap_or(&[]);
            rows.push((gi, values(g, inst, i + size == f.len())?));
            i += size;
            if !g.repeated {
                break;
            }
        }
    }
    if i != f.len() {
        return Err(count_err(f.get(i)));
    }
    for (gi, (device, metrics)) in rows {
        let Some(g) = h.groups.get_mut(gi) else {
            continue;
        };
        if !g.known && !g.warned {
            g.warned = true;
            log.diagnostics.push(Diagnostic::warning(
                h.line,
                1,
                format!(
                    "unknown sysstat activity; its rows are stored under the report name `{}`",
                    g.report
                ),
            ));
        }
        let s = shared.sample(
            n,
            Some(host.text),
            &g.report,
            device.as_deref(),
            ts,
            Some(interval_s),
            &metrics,
        );
        log.samples.push(s);
    }
    Ok(())
}

/// The device and values of one group instance.
fn values(g: &Group, inst: &[Tok<'_>], ends_line: bool) -> Result<super::Values, LineErr> {
    let mut device = None;
    let mut metrics = Vec::with_capacity(inst.len());
    for (k, (name, tok)) in g.names.iter().zip(inst).enumerate() {
        if k == 0 && g.device {
            let d = if name == "CPU" && tok.text == "-1" {
                "all"
            } else {
                tok.text
            };
            device = Some(d.to_string());
            continue;
        }
        if reports::is_text_column(name) {
            device.get_or_insert_with(|| tok.text.to_string());
            continue;
        }
        let v = lex::number(tok.text).ok_or_else(|| LineErr {
            col: tok.col,
            msg: format!(
                "expected a number in the {name} column, found `{}`",
                tok.text
            ),
            cut: ends_line && k + 1 == inst.len(),
        })?;
        metrics.push((name.clone(), v));
    }
    Ok((device, metrics))
}
