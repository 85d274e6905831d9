//! `sadf -j`: `{"sysstat": {"hosts": [{..., "statistics": [{"timestamp": {...}, "cpu-load":
//! [...], "network": {"net-dev": [...], "net-udp": {...}}}]}]}}`. Keys are turned back into
//! sysstat column names (`rxpck` -> `rxpck/s`, `ifutil-percent` -> `%ifutil`, cpu-load
//! `user` -> `%user`), keeping the file's key order.

use super::Zone;
use super::reports::{self, KeyStyle};
use crate::model::{Diagnostic, LogFormat, ParsedLog, SystemInfo};
use crate::parse::error::to_u32;
use crate::parse::{ParseContext, ParseError};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::HashSet;
use std::fmt;

/// A JSON value that keeps object keys in file order.
#[derive(Debug)]
enum J {
    Null,
    Bool,
    Num(f64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

struct JVisitor;

impl<'de> Visitor<'de> for JVisitor {
    type Value = J;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<J, E> {
        Ok(J::Null)
    }
    fn visit_bool<E>(self, _: bool) -> Result<J, E> {
        Ok(J::Bool)
    }
    fn visit_i64<E>(self, v: i64) -> Result<J, E> {
        Ok(J::Num(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<J, E> {
        Ok(J::Num(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<J, E> {
        Ok(J::Num(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<J, E> {
        Ok(J::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<J, E> {
        Ok(J::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<J, A::Error> {
        let mut v = Vec::new();
        while let Some(x) = seq.next_element()? {
            v.push(x);
        }
        Ok(J::Arr(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<J, A::Error> {
        let mut v = Vec::new();
        while let Some((k, x)) = map.next_entry()? {
            v.push((k, x));
        }
        Ok(J::Obj(v))
    }
}

impl<'de> Deserialize<'de> for J {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<J, D::Error> {
        d.deserialize_any(JVisitor)
    }
}

impl J {
    fn get(&self, key: &str) -> Option<&J> {
        match self {
            J::Obj(o) => o.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn str(&self) -> Option<&str> {
        match self {
            J::Str(s) => Some(s),
            _ => None,
        }
    }
    fn num(&self) -> Option<f64> {
        match self {
            J::Num(n) => Some(*n),
            _ => None,
        }
    }
    fn is_scalar(&self) -> bool {
        !matches!(self, J::Arr(_) | J::Obj(_))
    }
}

#[derive(Debug)]
struct Reader {
    log: ParsedLog,
    shared: super::Shared,
    zone: Zone,
    warned: HashSet<String>,
}

/// Parses `sadf -j` output.
pub fn parse(text: &str, ctx: &ParseContext) -> Result<ParsedLog, ParseError> {
    let root: J = serde_json::from_str(text).map_err(|e| {
        // serde_json counts columns from 0 at the start of a line (a file cut after a line
        // end); ours start at 1. Its own "at line L column C" is said by ours.
        let full = e.to_string();
        let what = full
            .rfind(" at line ")
            .and_then(|i| full.get(..i))
            .unwrap_or(&full);
        ParseError::new(
            to_u32(e.line().max(1)),
            to_u32(e.column().max(1)),
            format!("expected sadf -j JSON: {what}"),
        )
    })?;
    let hosts = match root.get("sysstat").and_then(|s| s.get("hosts")) {
        Some(J::Arr(h)) => h,
        _ => {
            return Err(ParseError::new(
                1,
                1,
                "expected sadf -j JSON `{\"sysstat\": {\"hosts\": [...]}}`, found no sysstat.hosts list",
            ));
        }
    };
    let stat_lines = timestamp_lines(text);
    let mut rd = Reader {
        log: ParsedLog::new(LogFormat::SadfJson),
        shared: super::Shared::default(),
        zone: Zone::new(ctx),
        warned: HashSet::new(),
    };
    let mut k = 0usize;
    for host in hosts {
        let name = host.get("nodename").and_then(J::str);
        if rd.log.system.is_none() {
            rd.log.system = Some(SystemInfo {
                kernel: host.get("release").and_then(J::str).map(String::from),
                host: name.map(String::from),
                date: host
                    .get("file-date")
                    .and_then(J::str)
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
                arch: host.get("machine").and_then(J::str).map(String::from),
                cpus: host
                    .get("number-of-cpus")
                    .and_then(J::num)
                    .and_then(|n| u32::try_from(n as i64).ok()),
            });
        }
        let Some(J::Arr(stats)) = host.get("statistics") else {
            continue;
        };
        for stat in stats {
            let line = stat_lines.get(k).copied().unwrap_or(1);
            k += 1;
            rd.statistic(line, name, stat)?;
        }
    }
    Ok(rd.log)
}

/// The lines where `"timestamp"` keys start, one per statistics record in file order.
fn timestamp_lines(text: &str) -> Vec<u32> {
    crate::parse::text::numbered_lines(text)
        .flat_map(|(n, _, l)| std::iter::repeat_n(n, l.matches("\"timestamp\"").count()))
        .collect()
}

impl Reader {
    fn statistic(&mut self, line: u32, host: Option<&str>, stat: &J) -> Result<(), ParseError> {
        let J::Obj(fields) = stat else {
            return Err(ParseError::new(
                line,
                1,
                "expected a statistics record (an object)",
            ));
        };
        let Some(tsj) = stat.get("timestamp") else {
            // A record without a time (a restart or a comment) holds no sample.
            return Ok(());
        };
        let ts = self.timestamp(line, tsj)?;
        let interval_s = tsj.get("interval").and_then(J::num);
        for (key, val) in fields {
            if key != "timestamp" && !val.is_scalar() {
                self.walk(line, host, ts, interval_s, key, val)?;
            }
        }
        Ok(())
    }

    fn timestamp(&mut self, line: u32, t: &J) -> Result<DateTime<Utc>, ParseError> {
        let date = t.get("date").and_then(J::str).unwrap_or("");
        let time = t.get("time").and_then(J::str).unwrap_or("");
        let naive = NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .ok()
            .zip(NaiveTime::parse_from_str(time, "%H:%M:%S").ok())
            .map(|(d, t)| d.and_time(t))
            .ok_or_else(|| {
                ParseError::new(
                    line,
                    1,
                    format!(
                        "expected a timestamp with \"date\": \"YYYY-MM-DD\" and \"time\": \"HH:MM:SS\", found `{date}` `{time}`"
                    ),
                )
            })?;
        if t.get("utc").and_then(J::num) == Some(1.0) {
            Ok(naive.and_utc())
        } else {
            self.zone
                .local_to_utc(naive, &mut self.log.diagnostics)
                .map_err(|m| ParseError::new(line, 1, m))
        }
    }

    /// An activity: a list of rows, one row, or a group of activities (`network`).
    fn walk(
        &mut self,
        line: u32,
        host: Option<&str>,
        ts: DateTime<Utc>,
        interval_s: Option<f64>,
        name: &str,
        val: &J,
    ) -> Result<(), ParseError> {
        match val {
            J::Arr(rows) => {
                for r in rows {
                    match r {
                        J::Obj(f) => self.row(line, host, ts, interval_s, name, f)?,
                        _ => {
                            return Err(ParseError::new(
                                line,
                                1,
                                format!("expected the rows of {name} to be objects"),
                            ));
                        }
                    }
                }
            }
            J::Obj(f) => {
                let scalars: Vec<(String, &J)> = f
                    .iter()
                    .filter(|(_, v)| v.is_scalar())
                    .map(|(k, v)| (k.clone(), v))
                    .collect();
                if !scalars.is_empty() {
                    self.row_of(line, host, ts, interval_s, name, &scalars)?;
                }
                for (k, v) in f.iter().filter(|(_, v)| !v.is_scalar()) {
                    self.walk(line, host, ts, interval_s, k, v)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn row(
        &mut self,
        line: u32,
        host: Option<&str>,
        ts: DateTime<Utc>,
        interval_s: Option<f64>,
        name: &str,
        f: &[(String, J)],
    ) -> Result<(), ParseError> {
        let fields: Vec<(String, &J)> = f.iter().map(|(k, v)| (k.clone(), v)).collect();
        self.row_of(line, host, ts, interval_s, name, &fields)
    }

    fn row_of(
        &mut self,
        line: u32,
        host: Option<&str>,
        ts: DateTime<Utc>,
        interval_s: Option<f64>,
        name: &str,
        f: &[(String, &J)],
    ) -> Result<(), ParseError> {
        let known = reports::json_activity(name);
        let style = known.map_or(KeyStyle::AsIs, |(_, s)| s);
        let mut device = None;
        let mut metrics = Vec::with_capacity(f.len());
        for (k, v) in f {
            match v {
                J::Num(x) if reports::is_json_device_key(k) && device.is_none() => {
                    device = Some(if *x < 0.0 {
                        "all".into()
                    } else {
                        x.to_string()
                    });
                }
                J::Num(x) => metrics.push((reports::json_column(k, style), *x)),
                J::Str(s) if device.is_none() => device = Some(s.clone()),
                J::Str(_) => {}
                _ => {
                    return Err(ParseError::new(
                        line,
                        1,
                        format!("expected a number for \"{k}\" in {name}, found {v:?}"),
                    ));
                }
            }
        }
        let report = match known {
            Some((r, _)) => r.to_string(),
            None => {
                let r = f
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>()
                    .join(",");
                if self.warned.insert(name.to_string()) {
                    self.log.diagnostics.push(Diagnostic::warning(
                        line,
                        1,
                        format!("unknown sadf -j activity `{name}`; its rows are stored under the report name `{r}`"),
                    ));
                }
                r
            }
        };
        let s = self.shared.sample(
            line,
            host,
            &report,
            device.as_deref(),
            ts,
            interval_s,
            &metrics,
        );
        self.log.samples.push(s);
        Ok(())
    }
}
