//! The figures: per direction and mode, the tools' and sar's totals side by side (and per
//! VPC where the contract names several); per test, the table of its flows; and which lines
//! of which files each flow came from.

use super::fmt::{self, NONE};
use super::setup::place;
use super::table::{Cell, TableView};
use super::{FlowBlock, ReportInput, ResultBlock};
use crate::model::Direction;
use crate::model::analysis::{FlowResult, GroupResult, Mode};
use std::collections::BTreeMap;

/// The directions and modes in the report's order, with the tests of each.
pub fn sections<'a>(inp: &ReportInput<'a>) -> Vec<(Option<Direction>, Mode, Vec<&'a GroupResult>)> {
    let mut out = Vec::new();
    for d in [Some(Direction::Inbound), Some(Direction::Outbound), None] {
        for m in [Mode::Pps, Mode::Bandwidth, Mode::Other] {
            let gs: Vec<&GroupResult> = inp
                .analysis
                .groups
                .iter()
                .filter(|g| g.direction == d && g.mode == m)
                .collect();
            if !gs.is_empty() {
                out.push((d, m, gs));
            }
        }
    }
    out
}

pub fn mode_title(m: Mode) -> &'static str {
    match m {
        Mode::Pps => "packet rate (small messages)",
        Mode::Bandwidth => "bandwidth (large messages)",
        Mode::Other => "other message sizes",
    }
}

/// A test's short name within its direction and mode: `iperf3 udp`.
pub fn short(g: &GroupResult) -> String {
    let mut s = g.tool.to_string();
    if let Some(p) = g.protocol {
        s.push(' ');
        s.push_str(p.as_str());
    }
    if let Some(i) = g.id.find('#') {
        s.push_str(g.id.get(i..).unwrap_or_default());
    }
    s
}

type Row = (
    &'static str,
    fn(&GroupResult) -> Cell,
    fn(&GroupResult) -> Cell,
);

fn none() -> Cell {
    Cell::num(None, NONE)
}

const ROWS: &[Row] = &[
    (
        "Flows",
        |g| Cell::num(Some(f64::from(g.flows)), g.flows.to_string()),
        |_| none(),
    ),
    (
        "Duration",
        |g| Cell::num(g.duration_s, fmt::seconds(g.duration_s)),
        |_| none(),
    ),
    (
        "Sent",
        |g| Cell::num(g.sent_pps, fmt::pps(g.sent_pps)),
        |_| none(),
    ),
    (
        "Received (packets/s)",
        |g| Cell::num(g.received_pps, fmt::pps(g.received_pps)),
        |g| {
            let v = g.sar.as_ref().map(|s| s.received_pps);
            Cell::num(v, fmt::pps(v))
        },
    ),
    (
        "Received (bit/s)",
        |g| Cell::num(g.received_bps, fmt::bps(g.received_bps)),
        |g| {
            let v = g.sar.as_ref().map(|s| s.received_bps);
            Cell::num(v, fmt::bps(v))
        },
    ),
    (
        "sar against the tools",
        |_| none(),
        |g| {
            let v = g.sar.as_ref().and_then(|s| s.vs_tool_percent);
            Cell::num(v, fmt::signed_percent(v))
        },
    ),
    (
        "sar mean rxpck/s",
        |_| none(),
        |g| {
            let v = g.sar.as_ref().map(|s| s.mean_rxpck_per_s);
            Cell::num(v, fmt::pps(v))
        },
    ),
    (
        "Loss",
        |g| Cell::num(g.loss_percent, fmt::percent(g.loss_percent, 3)),
        |_| none(),
    ),
    (
        "Jitter",
        |g| Cell::num(g.jitter_ms, fmt::ms(g.jitter_ms)),
        |_| none(),
    ),
    (
        "Throughput p5 / p50 / p95",
        |g| match &g.throughput {
            Some(p) => Cell::num(
                Some(p.p50),
                format!(
                    "{} / {} / {}",
                    fmt::bps(Some(p.p5)),
                    fmt::bps(Some(p.p50)),
                    fmt::bps(Some(p.p95))
                ),
            ),
            None => none(),
        },
        |_| none(),
    ),
    (
        "Offered",
        |g| Cell::num(g.offered_bps, fmt::bps(g.offered_bps)),
        |_| none(),
    ),
    (
        "Reachable",
        |g| Cell::num(g.reachable_bps, fmt::bps(g.reachable_bps)),
        |_| none(),
    ),
];

pub fn result_blocks(inp: &ReportInput<'_>) -> Vec<ResultBlock> {
    sections(inp)
        .into_iter()
        .map(|(d, m, gs)| {
            let mut head = vec!["Figure".to_string()];
            for g in &gs {
                let name = short(g);
                head.push(format!("{name}: tools"));
                head.push(format!("{name}: sar"));
            }
            let mut table = TableView {
                head,
                rows: Vec::new(),
                empty: String::new(),
            };
            for (label, tool, sar) in ROWS {
                let mut row = vec![Cell::text(*label)];
                for g in &gs {
                    row.push(tool(g));
                    row.push(sar(g));
                }
                table.push(row);
            }
            ResultBlock {
                title: format!("{}: {}", fmt::direction_title(d), mode_title(m)),
                table,
                notes: gs.iter().flat_map(|g| notes(g)).collect(),
                vpcs: vpcs(inp, &gs),
            }
        })
        .collect()
}

fn notes(g: &GroupResult) -> Vec<String> {
    let mut out = Vec::new();
    match &g.sar {
        Some(s) => out.push(format!(
            "{}: sar read {} on {} ({} rows, {} to {}); window: {}.",
            short(g),
            s.sources.join(", "),
            s.interfaces.join(", "),
            s.rows,
            fmt::time(s.window_start.as_ref()),
            fmt::time(s.window_end.as_ref()),
            s.window_rule
        )),
        None => out.push(format!("{}: no sar samples cover this test.", short(g))),
    }
    if let Some(r) = &g.reachable_reason {
        out.push(format!("{}: reachable: {r}.", short(g)));
    }
    out
}

/// The VPC of a flow: the contract's network of its VPC-side address.
fn vpc_of(inp: &ReportInput<'_>, d: Option<Direction>, f: &FlowResult) -> String {
    let addr = match d {
        Some(Direction::Outbound) => f.receiver_addr.as_deref(),
        _ => f.sender_addr.as_deref(),
    };
    inp.contract
        .zip(addr.and_then(|a| a.trim_matches(['[', ']']).parse().ok()))
        .and_then(|(c, ip)| c.side_of(&ip).map(|(_, n)| n.to_string()))
        .unwrap_or_else(|| "outside the contract's ranges".to_string())
}

fn vpcs(inp: &ReportInput<'_>, gs: &[&GroupResult]) -> Option<TableView> {
    if inp.contract.is_none_or(|c| c.vpcs.len() < 2) {
        return None;
    }
    let mut t = TableView::new(
        &[
            "Test",
            "VPC",
            "Flows",
            "Received (packets/s)",
            "Received (bit/s)",
            "Loss",
        ],
        "no flows",
    );
    for g in gs {
        let mut by: BTreeMap<String, Vec<&FlowResult>> = BTreeMap::new();
        for f in &g.flow_results {
            by.entry(vpc_of(inp, g.direction, f)).or_default().push(f);
        }
        for (vpc, fs) in by {
            let sum = |get: fn(&FlowResult) -> Option<f64>| -> Option<f64> {
                fs.iter().map(|f| get(f)).sum::<Option<f64>>()
            };
            let pps = sum(|f| f.received_pps);
            let bps = sum(|f| f.received_bps);
            let sent = sum(|f| f.sent_packets.map(|p| p as f64));
            let recv = sum(|f| f.received_packets.map(|p| p as f64));
            let loss = sent
                .zip(recv)
                .filter(|(s, _)| *s > 0.0)
                .map(|(s, r)| (s - r).max(0.0) * 100.0 / s);
            t.push(vec![
                Cell::class(&g.id, "mono"),
                Cell::text(vpc),
                Cell::num(Some(fs.len() as f64), fs.len().to_string()),
                Cell::num(pps, fmt::pps(pps)),
                Cell::num(bps, fmt::bps(bps)),
                Cell::num(loss, fmt::percent(loss, 3)),
            ]);
        }
    }
    Some(t)
}

fn tuple(f: &FlowResult) -> String {
    let end = |a: &Option<String>, p: Option<u16>| {
        format!(
            "{}:{}",
            a.as_deref().unwrap_or("?"),
            p.map_or("?".to_string(), |p| p.to_string())
        )
    };
    if f.sender_addr.is_none() && f.receiver_addr.is_none() {
        return NONE.to_string();
    }
    format!(
        "{} {} → {}",
        f.protocol.map_or("?", |p| p.as_str()),
        end(&f.sender_addr, f.sender_port),
        end(&f.receiver_addr, f.receiver_port)
    )
}

pub fn flow_blocks(inp: &ReportInput<'_>) -> Vec<FlowBlock> {
    inp.analysis
        .groups
        .iter()
        .map(|g| {
            let mut t = TableView::new(
                &[
                    "Host",
                    "5-tuple",
                    "Rate (payload)",
                    "Steady rate (payload)",
                    "Packets/s",
                    "Loss",
                    "On the line, share of per-flow limit",
                    "Counted from",
                ],
                "no flows",
            );
            for f in &g.flow_results {
                let share = f.share_of_limit.map(|s| s * 100.0);
                let mut share_cell = Cell::num(share, fmt::percent(share, 1));
                if f.over_limit {
                    share_cell.text.push_str(" (over)");
                    share_cell.class = "inconclusive".into();
                }
                t.push(vec![
                    Cell::text(&f.host),
                    Cell::class(tuple(f), "mono"),
                    Cell::num(f.received_bps, fmt::bps(f.received_bps)),
                    Cell::num(f.steady_bps, fmt::bps(f.steady_bps)),
                    Cell::num(f.received_pps, fmt::pps(f.received_pps)),
                    Cell::num(f.loss_percent, fmt::percent(f.loss_percent, 3)),
                    share_cell,
                    Cell::text(&f.counted_from),
                ]);
            }
            FlowBlock {
                title: g.id.clone(),
                table: t,
            }
        })
        .collect()
}

/// Which file lines each counted flow came from.
pub fn lines(inp: &ReportInput<'_>) -> TableView {
    let mut t = TableView::new(&["Test", "Host", "Lines"], "no flows were counted");
    for g in &inp.analysis.groups {
        for f in &g.flow_results {
            let places: Vec<String> = f.evidence.iter().map(place).collect();
            t.push(vec![
                Cell::class(&g.id, "mono"),
                Cell::text(&f.host),
                Cell::class(places.join("\n"), "mono"),
            ]);
        }
    }
    t
}
