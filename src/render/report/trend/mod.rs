//! The trend report: a link's campaigns over time, in the acceptance report's style and
//! renderer layer. [`build`] makes the [`TrendView`] from a [`Trend`] (every figure formatted
//! here); HTML, PDF (typst) and JSON lay it out.

mod html;

pub use html::html;

use super::RenderError;
use super::pdf::{Document, typeset};
use super::view::Cell;
use super::view::fmt;
use super::view::{Badge, ChartBlock, Fact, TableView};
use crate::model::analysis::Mode;
use crate::model::trend::Trend;
use crate::model::units::si;
use crate::render::charts::{BarChart, BarSeries, ChartSpec, Reference};
use serde::Serialize;

/// The trend of one test over the campaigns.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TestTrend {
    pub title: String,
    pub table: TableView,
    pub notes: Vec<String>,
}

/// The whole trend report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrendView {
    pub title: String,
    pub generator: String,
    /// The link's name (used where the acceptance report names its campaign).
    pub campaign: String,
    pub facts: Vec<Fact>,
    /// Regressions found, or none.
    pub verdict: Badge,
    pub campaigns: TableView,
    pub regressions: Vec<String>,
    pub tests: Vec<TestTrend>,
    pub charts: Vec<ChartBlock>,
    /// The latest campaign's date: the document's date.
    pub date: Option<String>,
}

fn badge(regressions: usize) -> Badge {
    if regressions == 0 {
        Badge {
            label: "NO REGRESSION".into(),
            class: "pass".into(),
        }
    } else {
        Badge {
            label: format!(
                "{regressions} REGRESSION{}",
                if regressions == 1 { "" } else { "S" }
            ),
            class: "fail".into(),
        }
    }
}

fn change(v: Option<f64>, unit: &str) -> String {
    v.map_or_else(|| fmt::NONE.into(), |x| format!("{x:+.1}{unit}"))
}

/// The view of a trend.
pub fn build(t: &Trend) -> TrendView {
    let mut facts = vec![
        Fact {
            label: "Link".into(),
            value: t.link.clone(),
        },
        Fact {
            label: "Campaigns".into(),
            value: t.campaigns.len().to_string(),
        },
        Fact {
            label: "Baseline".into(),
            value: format!("{} ({})", t.baseline, t.baseline_rule),
        },
        Fact {
            label: "Thresholds".into(),
            value: format!(
                "bandwidth −{} %, pps −{} %, loss +{} points, jitter +{} ms",
                t.rules.max_bandwidth_drop_percent,
                t.rules.max_pps_drop_percent,
                t.rules.max_loss_increase_points,
                t.rules.max_jitter_increase_ms
            ),
        },
    ];
    if let Some(c) = t.contract_bps {
        facts.push(Fact {
            label: "Contracted bandwidth".into(),
            value: si(c, "bit/s"),
        });
    }
    let mut campaigns = TableView::new(&["Campaign", "Date", "Kind", "Verdict"], "no campaigns");
    for c in &t.campaigns {
        campaigns.push(vec![
            Cell::text(&c.name),
            Cell::text(fmt::opt(c.date.as_deref())),
            Cell::text(c.kind.map_or(fmt::NONE.into(), |k| k.to_string())),
            Cell::class(fmt::verdict_label(c.verdict), c.verdict.as_str()),
        ]);
    }
    let tests = t
        .series
        .iter()
        .map(|s| {
            let mut table = TableView::new(
                &[
                    "Campaign",
                    "Flows",
                    "Received",
                    "Change",
                    "Packets/s",
                    "Change",
                    "sar pps",
                    "Loss",
                    "Change (points)",
                    "Jitter",
                    "Regression",
                ],
                "no campaign ran this test",
            );
            let mut notes = Vec::new();
            for p in &s.points {
                let f = &p.figures;
                let c = &p.change;
                table.push(vec![
                    Cell::text(&p.campaign),
                    Cell::num(Some(f64::from(f.flows)), f.flows.to_string()),
                    Cell::num(f.received_bps, fmt::bps(f.received_bps)),
                    Cell::num(c.received_bps_percent, change(c.received_bps_percent, " %")),
                    Cell::num(f.received_pps, fmt::pps(f.received_pps)),
                    Cell::num(c.received_pps_percent, change(c.received_pps_percent, " %")),
                    Cell::num(f.sar_received_pps, fmt::pps(f.sar_received_pps)),
                    Cell::num(f.loss_percent, fmt::percent(f.loss_percent, 3)),
                    Cell::num(
                        c.loss_points,
                        c.loss_points
                            .map_or(fmt::NONE.into(), |x| format!("{x:+.3}")),
                    ),
                    Cell::num(f.jitter_ms, fmt::ms(f.jitter_ms)),
                    if p.regressions.is_empty() {
                        Cell::class("no", "pass")
                    } else {
                        Cell::class("yes", "fail")
                    },
                ]);
                notes.extend(p.regressions.iter().map(|r| format!("{}: {r}", p.campaign)));
                notes.extend(p.notes.iter().map(|n| format!("{}: {n}", p.campaign)));
            }
            TestTrend {
                title: format!(
                    "{}, {}, {}",
                    fmt::direction_title(Some(s.key.direction)),
                    s.key.mode,
                    s.key.tool
                ),
                table,
                notes,
            }
        })
        .collect();
    TrendView {
        title: "Leased-line trend report".into(),
        generator: format!("llreport {}", env!("CARGO_PKG_VERSION")),
        campaign: t.link.clone(),
        facts,
        verdict: badge(t.regressions.len()),
        campaigns,
        regressions: t
            .regressions
            .iter()
            .map(|r| format!("{}: {}", r.campaign, r.text))
            .collect(),
        tests,
        charts: charts(t),
        date: t.campaigns.last().and_then(|c| c.date.clone()),
    }
}

/// Per direction and mode: one bar per campaign (in date order) and tool, against the
/// contract line (bandwidth) — the figures over time.
fn charts(t: &Trend) -> Vec<ChartBlock> {
    let names: Vec<String> = t.campaigns.iter().map(|c| c.name.clone()).collect();
    let mut out = Vec::new();
    for d in crate::model::Direction::ALL {
        for mode in [Mode::Bandwidth, Mode::Pps] {
            let series: Vec<BarSeries> = t
                .series
                .iter()
                .filter(|s| s.key.direction == *d && s.key.mode == mode)
                .map(|s| BarSeries {
                    name: s.key.tool.to_string(),
                    values: names
                        .iter()
                        .map(|n| {
                            let p = s.points.iter().find(|p| &p.campaign == n)?;
                            match mode {
                                Mode::Bandwidth => p.figures.received_bps.map(fmt::mbit),
                                _ => p.figures.sar_received_pps.or(p.figures.received_pps),
                            }
                        })
                        .collect(),
                })
                .collect();
            if series.is_empty() {
                continue;
            }
            let top = series
                .iter()
                .flat_map(|s| s.values.iter().flatten())
                .copied()
                .fold(0.0f64, f64::max);
            let mut references = Vec::new();
            if mode == Mode::Bandwidth
                && let Some(c) = t.contract_bps
            {
                references.push(Reference {
                    name: format!("contract {}", si(c, "bit/s")),
                    value: fmt::mbit(c),
                    series: None,
                });
            }
            let ref_top = references.iter().map(|r| r.value).fold(0.0f64, f64::max);
            let (what, unit) = match mode {
                Mode::Bandwidth => ("received throughput (tools, payload)", "Mbit/s"),
                _ => (
                    "received packet rate (sar where present, else tools)",
                    "packets/s",
                ),
            };
            out.push(ChartBlock {
                title: format!("{}: {what}", fmt::direction_title(Some(*d))),
                caption: "One group of bars per campaign, oldest first.".into(),
                spec: ChartSpec::Bar(BarChart {
                    y_label: unit.into(),
                    y_max: (top.max(ref_top) * 1.15).max(1.0),
                    y_decimals: if mode == Mode::Bandwidth { 1 } else { 0 },
                    categories: names.clone(),
                    series,
                    references,
                }),
            });
        }
    }
    out
}

/// The typst template of the trend report.
const TEMPLATE: &str = include_str!("../../../../templates/report/trend.typ");

/// The trend report as PDF.
pub fn pdf(v: &TrendView) -> Result<Vec<u8>, RenderError> {
    typeset(Document {
        template: TEMPLATE,
        data: serde_json::to_vec(v)?,
        charts: v.charts.iter().map(|c| &c.spec).collect(),
        date: v.date.as_deref(),
        ident: format!("llreport trend report {}", v.campaign),
    })
}
