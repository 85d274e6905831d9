//! The sar cross-check of a test group: which receiving hosts' interface counters belong to
//! the test, over which window, and what they counted. Windows come from the tools'
//! timestamps where they exist, else from the plateau of activity in the sar series (rows at
//! or above 10 % of the peak, the contiguous stretch around it), found with polars.

use crate::model::analysis::{Point, SarCheck};
use crate::model::contract::Side;
use crate::model::{Contract, DevSource, Direction, Tool};
use chrono::{DateTime, Utc};
use polars::prelude::*;
use std::collections::BTreeMap;

/// A row at or above this share of the peak is part of the plateau.
pub const PLATEAU_SHARE: f64 = 0.10;

/// Seconds looked at beyond the tools' own window: both sides print whole seconds.
const WINDOW_MARGIN_S: i64 = 2;

/// What the cross-check needs to know of a group.
#[derive(Debug)]
pub struct GroupWindow<'a> {
    pub direction: Direction,
    pub tool: Tool,
    /// From the tools' timestamps, when every run has them.
    pub window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Folders of the group's log files.
    pub dirs: &'a [String],
    /// The group's duration (for pps = packets / duration).
    pub duration_s: f64,
    /// The tools' received pps, to compare with and to choose between equal candidates.
    pub tool_pps: Option<f64>,
}

/// One row of one interface.
#[derive(Clone, Debug)]
struct Row {
    ts: DateTime<Utc>,
    interval: f64,
    rxpck: f64,
    rxkb: f64,
}

/// The samples of one source, by interface.
#[derive(Debug)]
struct Source<'a> {
    path: &'a str,
    host: String,
    hint: Option<Direction>,
    ifaces: BTreeMap<String, Vec<Row>>,
}

/// A campaign's sar rows made ready for the cross-check (sorted, interval lengths filled in),
/// once for all of its groups.
#[derive(Debug)]
pub struct Prepared<'a>(Vec<Source<'a>>);

/// Readies the stored `DEV` rows for [`check`].
pub fn prepare(stored: &[DevSource]) -> Prepared<'_> {
    Prepared(sources(stored))
}

fn sources(stored: &[DevSource]) -> Vec<Source<'_>> {
    let mut out: Vec<Source<'_>> = stored
        .iter()
        .map(|d| Source {
            path: &d.path,
            host: d.host.clone(),
            hint: d.direction_hint,
            ifaces: d
                .ifaces
                .iter()
                .map(|(name, rows)| {
                    let rows = rows
                        .iter()
                        .map(|r| Row {
                            ts: r.ts,
                            interval: r.interval_s.unwrap_or(f64::NAN),
                            rxpck: r.rxpck,
                            rxkb: r.rxkb,
                        })
                        .collect();
                    (name.clone(), rows)
                })
                .collect(),
        })
        .collect();
    for s in &mut out {
        for rows in s.ifaces.values_mut() {
            rows.sort_by_key(|r| r.ts);
            fill_intervals(rows);
        }
    }
    out
}

/// Text sar gives no interval length: take the time since the previous row (the first row
/// takes the next row's), 1 s when there is only one row.
fn fill_intervals(rows: &mut [Row]) {
    let gaps: Vec<f64> = rows
        .windows(2)
        .map(|w| match w {
            [a, b] => (b.ts - a.ts).num_milliseconds() as f64 / 1000.0,
            _ => 1.0,
        })
        .collect();
    for (i, r) in rows.iter_mut().enumerate() {
        if !r.interval.is_finite() || r.interval <= 0.0 {
            let g = if i == 0 {
                gaps.first()
            } else {
                gaps.get(i - 1)
            };
            r.interval = g.copied().filter(|g| *g > 0.0).unwrap_or(1.0);
        }
    }
}

/// The receiving side of a direction.
fn receiving(d: Direction) -> Side {
    match d {
        Direction::Inbound => Side::Idc,
        Direction::Outbound => Side::Vpc,
    }
}

/// Whether a source was recorded on the receiving side of `d`.
fn on_receiving_side(s: &Source<'_>, d: Direction, contract: Option<&Contract>) -> bool {
    let by_name = contract.and_then(|c| {
        let a = c.host_addr(&s.host)?;
        c.side_of(&a).map(|(side, _)| side)
    });
    match (by_name, s.hint) {
        (Some(side), _) => side == receiving(d),
        (None, Some(h)) => h == d,
        (None, None) => false,
    }
}

/// The busiest non-loopback interface of a source between `from` and `to` (all rows when
/// no bounds).
fn busiest<'s>(
    s: &'s Source<'_>,
    bounds: Option<(DateTime<Utc>, DateTime<Utc>)>,
) -> Option<(&'s str, Vec<&'s Row>)> {
    s.ifaces
        .iter()
        .filter(|(name, _)| name.as_str() != "lo")
        .map(|(name, rows)| {
            let inside: Vec<&Row> = rows
                .iter()
                .filter(|r| bounds.is_none_or(|(a, b)| r.ts > a && r.ts <= b))
                .collect();
            (name.as_str(), inside)
        })
        .max_by(|a, b| {
            let sa: f64 = a.1.iter().map(|r| r.rxpck).sum();
            let sb: f64 = b.1.iter().map(|r| r.rxpck).sum();
            sa.total_cmp(&sb)
        })
}

/// The plateau of a series: the contiguous rows around the peak at or above
/// [`PLATEAU_SHARE`] of it.
fn plateau<'r>(rows: &[&'r Row]) -> PolarsResult<Vec<&'r Row>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let rx: Vec<f64> = rows.iter().map(|r| r.rxpck).collect();
    let df = df!("rx" => rx)?;
    let active = col("rx").gt_eq(col("rx").max() * lit(PLATEAU_SHARE));
    let out = df
        .lazy()
        .with_columns([active.clone().alias("active")])
        .with_columns([col("active")
            .neq(col("active").shift(lit(1)))
            .fill_null(lit(true))
            .cast(DataType::UInt32)
            .cum_sum(false)
            .alias("segment")])
        .collect()?;
    let seg: Vec<Option<u32>> = out.column("segment")?.u32()?.iter().collect();
    let act: Vec<Option<bool>> = out.column("active")?.bool()?.iter().collect();
    let peak = rows
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.rxpck.total_cmp(&b.1.rxpck))
        .map(|(i, _)| i);
    let Some(peak_seg) = peak.and_then(|p| seg.get(p).copied().flatten()) else {
        return Ok(Vec::new());
    };
    if rows.iter().all(|r| r.rxpck <= 0.0) {
        return Ok(Vec::new());
    }
    Ok(rows
        .iter()
        .zip(seg.iter().zip(&act))
        .filter(|(_, (s, a))| **s == Some(peak_seg) && **a == Some(true))
        .map(|(r, _)| *r)
        .collect())
}

/// Sums over hosts per timestamp (rounded to the second), with polars.
fn series(per_host: &[Vec<&Row>]) -> PolarsResult<Vec<Point>> {
    let mut ts: Vec<i64> = Vec::new();
    let mut rx: Vec<f64> = Vec::new();
    for rows in per_host {
        for r in rows {
            ts.push((r.ts.timestamp_millis() as f64 / 1000.0).round() as i64);
            rx.push(r.rxpck);
        }
    }
    if ts.is_empty() {
        return Ok(Vec::new());
    }
    let df = df!("ts" => ts, "rx" => rx)?
        .lazy()
        .group_by([col("ts")])
        .agg([col("rx").sum()])
        .sort(["ts"], SortMultipleOptions::default())
        .collect()?;
    let t: Vec<Option<i64>> = df.column("ts")?.i64()?.iter().collect();
    let v: Vec<Option<f64>> = df.column("rx")?.f64()?.iter().collect();
    let first = t.iter().flatten().next().copied().unwrap_or(0);
    Ok(t.iter()
        .zip(&v)
        .filter_map(|(t, v)| {
            let (t, v) = ((*t)?, (*v)?);
            Some(Point {
                t: (t - first) as f64,
                ts: DateTime::<Utc>::from_timestamp(t, 0),
                v,
            })
        })
        .collect())
}

fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

fn file_of(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, f)| f)
}

/// The sar cross-check of one group, or `None` when no samples belong to it.
pub fn check(
    g: &GroupWindow<'_>,
    samples: &Prepared<'_>,
    contract: Option<&Contract>,
    claimed: &mut Vec<String>,
) -> PolarsResult<Option<SarCheck>> {
    let candidates: Vec<&Source<'_>> = samples
        .0
        .iter()
        .filter(|s| on_receiving_side(s, g.direction, contract))
        .collect();
    let mut chosen: Vec<(&Source<'_>, &str, Vec<&Row>)> = Vec::new();
    let rule;
    if let Some((start, end)) = g.window {
        // Tools and sar print whole seconds and sar's ticks fall anywhere within them: look
        // a little beyond the tools' window and take the plateau of activity inside it.
        let margin = chrono::Duration::seconds(WINDOW_MARGIN_S);
        for s in &candidates {
            if let Some((iface, rows)) = busiest(s, Some((start - margin, end + margin))) {
                let p = plateau(&rows)?;
                if !p.is_empty() {
                    chosen.push((s, iface, p));
                }
            }
        }
        rule = format!(
            "the plateau of activity (rows at or above 10 % of the peak) within the tools' own timestamps (± {WINDOW_MARGIN_S} s)"
        );
    } else {
        let same_dir: Vec<&Source<'_>> = candidates
            .iter()
            .copied()
            .filter(|s| g.dirs.iter().any(|d| d == dir_of(s.path)))
            .filter(|s| !claimed.iter().any(|c| c == s.path))
            .collect();
        let mut by_host: BTreeMap<&str, Vec<&Source<'_>>> = BTreeMap::new();
        for s in same_dir {
            by_host.entry(s.host.as_str()).or_default().push(s);
        }
        let mut by_name = false;
        let hosts = by_host.len().max(1) as f64;
        for (_, mut list) in by_host {
            if list.len() > 1 {
                let tool = g.tool.as_str();
                let named: Vec<&Source<'_>> = list
                    .iter()
                    .copied()
                    .filter(|s| file_of(s.path).contains(tool))
                    .collect();
                if !named.is_empty() {
                    list = named;
                    by_name = true;
                }
            }
            let mut best: Option<(f64, &Source<'_>, &str, Vec<&Row>)> = None;
            for s in list {
                let Some((iface, rows)) = busiest(s, None) else {
                    continue;
                };
                let p = plateau(&rows)?;
                if p.is_empty() {
                    continue;
                }
                let mean = p.iter().map(|r| r.rxpck).sum::<f64>() / p.len() as f64;
                let dist = g
                    .tool_pps
                    .map_or(0.0, |t| ((mean - t / hosts) / (t / hosts).max(1.0)).abs());
                if best.as_ref().is_none_or(|b| dist < b.0) {
                    best = Some((dist, s, iface, p));
                }
            }
            if let Some((_, s, iface, p)) = best {
                chosen.push((s, iface, p));
            }
        }
        rule = format!(
            "the plateau of activity (rows at or above 10 % of the peak) in the sar files beside the runs' logs{}",
            if by_name {
                format!(", taking those whose names mention {}", g.tool)
            } else {
                String::new()
            }
        );
    }
    if chosen.is_empty() {
        return Ok(None);
    }
    let mut packets = 0.0;
    let mut bytes = 0.0;
    let mut mean_sum = 0.0;
    let mut rows_n = 0u32;
    let mut interfaces = Vec::new();
    let mut paths = Vec::new();
    let mut start: Option<DateTime<Utc>> = None;
    let mut end: Option<DateTime<Utc>> = None;
    let mut per_host: Vec<Vec<&Row>> = Vec::new();
    for (s, iface, rows) in &chosen {
        packets += rows.iter().map(|r| r.rxpck * r.interval).sum::<f64>();
        bytes += rows
            .iter()
            .map(|r| r.rxkb * 1024.0 * r.interval)
            .sum::<f64>();
        if !rows.is_empty() {
            mean_sum += rows.iter().map(|r| r.rxpck).sum::<f64>() / rows.len() as f64;
        }
        rows_n += rows.len() as u32;
        interfaces.push(format!("{}:{iface}", s.host));
        if !paths.contains(&s.path.to_string()) {
            paths.push(s.path.to_string());
            claimed.push(s.path.to_string());
        }
        for r in rows {
            let first = r.ts - chrono::Duration::milliseconds((r.interval * 1000.0) as i64);
            start = Some(start.map_or(first, |s| s.min(first)));
            end = Some(end.map_or(r.ts, |e| e.max(r.ts)));
        }
        per_host.push(rows.clone());
    }
    let duration = g.duration_s.max(f64::MIN_POSITIVE);
    let received_pps = packets / duration;
    Ok(Some(SarCheck {
        interfaces,
        sources: paths,
        window_rule: rule,
        window_start: start,
        window_end: end,
        rows: rows_n,
        received_packets: packets,
        received_pps,
        received_bps: bytes * 8.0 / duration,
        mean_rxpck_per_s: mean_sum,
        vs_tool_percent: g
            .tool_pps
            .filter(|t| *t > 0.0)
            .map(|t| (received_pps - t) / t * 100.0),
        series: series(&per_host)?,
    }))
}
