//! The charts of the report as specifications (values scaled to the axis unit, axis ends,
//! labels): per direction, the aggregate throughput over time against the contract and the
//! reachable rate, sar's received packets over time against the tools' figure, each flow's
//! rate against the per-flow limit, and the loss per host.

use super::ChartBlock;
use super::ReportInput;
use super::fmt;
use super::results::short;
use crate::model::Direction;
use crate::model::analysis::{FlowResult, GroupResult, Mode};
use crate::render::charts::{BarChart, BarSeries, ChartSpec, LineChart, Reference, Series};

/// Head room above the highest value, so lines do not touch the frame.
const HEADROOM: f64 = 1.1;

/// Axis label decimals: none for large ranges, one below 20.
fn decimals(max: f64) -> usize {
    if max >= 20.0 { 0 } else { 1 }
}

fn top(values: impl Iterator<Item = f64>) -> f64 {
    values.filter(|v| v.is_finite()).fold(0.0, f64::max) * HEADROOM
}

fn groups<'a>(inp: &'a ReportInput<'_>, d: Direction, m: Option<Mode>) -> Vec<&'a GroupResult> {
    inp.analysis
        .groups
        .iter()
        .filter(|g| g.direction == Some(d) && m.is_none_or(|m| g.mode == m))
        .collect()
}

pub fn charts(inp: &ReportInput<'_>) -> Vec<ChartBlock> {
    let mut out = Vec::new();
    for d in [Direction::Inbound, Direction::Outbound] {
        let dt = fmt::direction_title(Some(d));
        out.extend(throughput(inp, d, &dt));
        for m in [Mode::Pps, Mode::Bandwidth] {
            out.extend(sar_pps(inp, d, m, &dt));
        }
        out.extend(per_flow(inp, d, &dt));
        out.extend(loss(inp, d, &dt));
    }
    out
}

fn throughput(inp: &ReportInput<'_>, d: Direction, dt: &str) -> Option<ChartBlock> {
    let gs: Vec<_> = groups(inp, d, Some(Mode::Bandwidth))
        .into_iter()
        .filter(|g| !g.timeline.is_empty())
        .collect();
    if gs.is_empty() {
        return None;
    }
    let series: Vec<Series> = gs
        .iter()
        .map(|g| Series {
            name: short(g),
            points: g.timeline.iter().map(|p| (p.t, fmt::mbit(p.v))).collect(),
        })
        .collect();
    let mut references = Vec::new();
    if let Some(c) = &inp.analysis.contract {
        references.push(Reference {
            name: format!("contract {}", fmt::bps(Some(c.bandwidth_bps))),
            value: fmt::mbit(c.bandwidth_bps),
            series: None,
        });
    }
    for g in &gs {
        if let Some(r) = g.reachable_bps
            && !references.iter().any(|x| x.value == fmt::mbit(r))
        {
            references.push(Reference {
                name: format!("reachable {}", fmt::bps(Some(r))),
                value: fmt::mbit(r),
                series: None,
            });
        }
    }
    let points = series.iter().flat_map(|s| s.points.iter());
    let x_max = points.clone().map(|p| p.0).fold(0.0, f64::max);
    let y_max = top(points
        .map(|p| p.1)
        .chain(references.iter().map(|r| r.value)));
    Some(ChartBlock {
        title: format!("{dt}: aggregate received throughput over time"),
        caption: "Sum of the flows' interval rates as the tools report them, against the contracted bandwidth and the rate the test could reach.".into(),
        spec: ChartSpec::Line(LineChart {
            x_label: "seconds from the start of the test".into(),
            y_label: "Mbit/s".into(),
            x_max,
            y_max,
            x_decimals: usize::from(x_max < 5.0),
            y_decimals: decimals(y_max),
            series,
            references,
        }),
    })
}

fn sar_pps(inp: &ReportInput<'_>, d: Direction, m: Mode, dt: &str) -> Option<ChartBlock> {
    let gs: Vec<_> = groups(inp, d, Some(m))
        .into_iter()
        .filter(|g| g.sar.as_ref().is_some_and(|s| !s.series.is_empty()))
        .collect();
    if gs.is_empty() {
        return None;
    }
    let series: Vec<Series> = gs
        .iter()
        .filter_map(|g| {
            let s = g.sar.as_ref()?;
            Some(Series {
                name: format!("sar, {}", short(g)),
                points: s.series.iter().map(|p| (p.t, p.v)).collect(),
            })
        })
        .collect();
    let references: Vec<Reference> = gs
        .iter()
        .enumerate()
        .filter_map(|(i, g)| {
            let v = g.received_pps?;
            Some(Reference {
                name: format!("{}: {}", short(g), fmt::pps(Some(v))),
                value: v,
                series: Some(i),
            })
        })
        .collect();
    let points = series.iter().flat_map(|s| s.points.iter());
    let x_max = points.clone().map(|p| p.0).fold(0.0, f64::max);
    let y_max = top(points
        .map(|p| p.1)
        .chain(references.iter().map(|r| r.value)));
    let what = match m {
        Mode::Pps => "packet-rate tests",
        _ => "bandwidth tests",
    };
    Some(ChartBlock {
        title: format!("{dt}: packets received by the interfaces (sar), {what}"),
        caption: "rxpck/s summed over the receiving hosts for each sar sample (solid), against the received packet rate the tools report for the same test (dashed, same colour).".into(),
        spec: ChartSpec::Line(LineChart {
            x_label: "seconds from the first sar sample of the test".into(),
            y_label: "packets/s".into(),
            x_max,
            y_max,
            x_decimals: usize::from(x_max < 5.0),
            y_decimals: decimals(y_max),
            series,
            references,
        }),
    })
}

/// Category labels for the flows of several tests: hosts, numbered when a host has several
/// flows in one test, in order of first appearance.
fn categories(gs: &[&GroupResult]) -> Vec<String> {
    let mut cats: Vec<String> = Vec::new();
    for g in gs {
        for (host, n) in numbered(g) {
            let label = label(&host, n);
            if !cats.contains(&label) {
                cats.push(label);
            }
        }
    }
    cats
}

fn label(host: &str, n: usize) -> String {
    if n == 0 {
        host.to_string()
    } else {
        format!("{host} #{}", n + 1)
    }
}

/// Each flow's host with its rank among the test's flows of the same host.
fn numbered(g: &GroupResult) -> Vec<(String, usize)> {
    let mut seen: Vec<&str> = Vec::new();
    g.flow_results
        .iter()
        .map(|f| {
            let n = seen.iter().filter(|h| **h == f.host).count();
            seen.push(&f.host);
            (f.host.clone(), n)
        })
        .collect()
}

fn bar_values(
    g: &GroupResult,
    cats: &[String],
    value: impl Fn(&FlowResult) -> Option<f64>,
) -> Vec<Option<f64>> {
    let labelled: Vec<(String, &FlowResult)> = numbered(g)
        .into_iter()
        .zip(&g.flow_results)
        .map(|((h, n), f)| (label(&h, n), f))
        .collect();
    cats.iter()
        .map(|c| {
            labelled
                .iter()
                .find(|(l, _)| l == c)
                .and_then(|(_, f)| value(f))
        })
        .collect()
}

fn per_flow(inp: &ReportInput<'_>, d: Direction, dt: &str) -> Option<ChartBlock> {
    let gs = groups(inp, d, Some(Mode::Bandwidth));
    if gs.iter().all(|g| g.flow_results.is_empty()) {
        return None;
    }
    let cats = categories(&gs);
    let series: Vec<BarSeries> = gs
        .iter()
        .map(|g| BarSeries {
            name: short(g),
            values: bar_values(g, &cats, |f| {
                f.steady_bps
                    .or(f.received_bps)
                    .map(|v| fmt::mbit(v * g.wire_factor))
            }),
        })
        .collect();
    let references: Vec<Reference> = inp
        .analysis
        .contract
        .iter()
        .map(|c| Reference {
            name: format!("per-flow limit {}", fmt::bps(Some(c.per_flow_limit_bps))),
            value: fmt::mbit(c.per_flow_limit_bps),
            series: None,
        })
        .collect();
    let y_max = top(series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied())
        .chain(references.iter().map(|r| r.value)));
    Some(ChartBlock {
        title: format!("{dt}: received rate per flow on the line, bandwidth tests"),
        caption: "Each flow's steady rate (the median of its interval rates; the average where the log has no intervals) with its frame overhead, against the per-flow (hash-stream) limit, which counts frames.".into(),
        spec: ChartSpec::Bar(BarChart {
            y_label: "Mbit/s".into(),
            y_max,
            y_decimals: decimals(y_max),
            categories: cats,
            series,
            references,
        }),
    })
}

/// Loss of a host's flows in one test: lost / sent packets where the counts exist, else the
/// mean of the flows' loss.
fn host_loss(fs: &[&FlowResult]) -> Option<f64> {
    let sent: Option<u64> = fs.iter().map(|f| f.sent_packets).sum();
    let recv: Option<u64> = fs.iter().map(|f| f.received_packets).sum();
    if let (Some(s), Some(r)) = (sent, recv)
        && s > 0
    {
        return Some(s.saturating_sub(r) as f64 * 100.0 / s as f64);
    }
    let ls: Vec<f64> = fs.iter().filter_map(|f| f.loss_percent).collect();
    (!ls.is_empty()).then(|| ls.iter().sum::<f64>() / ls.len() as f64)
}

fn loss(inp: &ReportInput<'_>, d: Direction, dt: &str) -> Option<ChartBlock> {
    let gs = groups(inp, d, None);
    let mut hosts: Vec<String> = Vec::new();
    for g in &gs {
        for f in &g.flow_results {
            if !hosts.contains(&f.host) {
                hosts.push(f.host.clone());
            }
        }
    }
    if hosts.is_empty() {
        return None;
    }
    let series: Vec<BarSeries> = gs
        .iter()
        .map(|g| BarSeries {
            name: format!("{} {}", g.mode, short(g)),
            values: hosts
                .iter()
                .map(|h| {
                    let fs: Vec<&FlowResult> =
                        g.flow_results.iter().filter(|f| &f.host == h).collect();
                    if fs.is_empty() { None } else { host_loss(&fs) }
                })
                .collect(),
        })
        .collect();
    let y_max = top(series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied()))
    .max(1.0);
    Some(ChartBlock {
        title: format!("{dt}: loss per host"),
        caption: "Packets sent but not received, in percent of those sent, per host and test."
            .into(),
        spec: ChartSpec::Bar(BarChart {
            y_label: "loss %".into(),
            y_max,
            y_decimals: decimals(y_max),
            categories: hosts,
            series,
            references: Vec::new(),
        }),
    })
}
