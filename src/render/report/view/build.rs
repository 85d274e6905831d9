//! Assembles the [`ReportView`] from what the command read: the analysis, the contract, the
//! campaign's runs, sources and parse diagnostics.

use super::fmt::{self, NONE};
use super::table::{Cell, TableView};
use super::{Badge, DirectionVerdict, EvidenceView, Fact, ReportView, Signer};
use crate::model::analysis::{Analysis, Verdict};
use crate::model::contract::CampaignKind;
use crate::model::{Contract, Diagnostic, Direction, RunRecord, SourceRecord};

/// Everything the report is made from.
#[derive(Clone, Copy, Debug)]
pub struct ReportInput<'a> {
    pub analysis: &'a Analysis,
    pub contract: Option<&'a Contract>,
    /// The campaign's kind and date as stored, used where the contract gives none.
    pub kind: Option<CampaignKind>,
    pub date: Option<&'a str>,
    pub runs: &'a [RunRecord],
    pub sources: &'a [SourceRecord],
    /// Parse diagnostics with the path of their source.
    pub diagnostics: &'a [(String, Diagnostic)],
}

pub fn build(inp: &ReportInput<'_>) -> ReportView {
    let a = inp.analysis;
    let date = inp
        .contract
        .and_then(|c| c.campaign.date.map(|d| d.to_string()))
        .or_else(|| inp.date.map(str::to_string));
    ReportView {
        title: "Leased-line acceptance report".into(),
        generator: format!("llreport {}", env!("CARGO_PKG_VERSION")),
        campaign: a.campaign.clone(),
        facts: facts(inp, date.as_deref()),
        verdict: badge(a.verdict),
        verdict_summary: summary(a),
        directions: directions(a),
        setup: super::setup::setup(inp),
        results: super::results::result_blocks(inp),
        charts: super::charts::charts(inp),
        flows: super::results::flow_blocks(inp),
        evidence: EvidenceView {
            sources: sources(inp),
            lines: super::results::lines(inp),
        },
        signoff: signoff(inp.contract),
        date,
    }
}

pub fn badge(v: Verdict) -> Badge {
    Badge {
        label: fmt::verdict_label(v),
        class: v.as_str().to_string(),
    }
}

fn facts(inp: &ReportInput<'_>, date: Option<&str>) -> Vec<Fact> {
    let c = inp.contract;
    let a = inp.analysis;
    let link = c.map(|c| &c.link);
    let fact = |label: &str, value: String| Fact {
        label: label.into(),
        value,
    };
    let kind = c.and_then(|c| c.campaign.kind).or(inp.kind);
    let mut out = vec![
        fact("Link", fmt::opt(a.link.as_deref())),
        fact(
            "Customer",
            fmt::opt(link.and_then(|l| l.customer.as_deref())),
        ),
        fact("Carrier", fmt::opt(link.and_then(|l| l.carrier.as_deref()))),
        fact("Campaign", a.campaign.clone()),
        fact("Kind", fmt::opt(kind.map(|k| k.as_str()))),
        fact("Date", fmt::opt(date)),
    ];
    match &a.contract {
        Some(f) => {
            out.push(fact(
                "Contracted bandwidth",
                fmt::bps(Some(f.bandwidth_bps)),
            ));
            out.push(fact(
                "Per-flow limit",
                format!(
                    "{} (bandwidth ÷ {})",
                    fmt::bps(Some(f.per_flow_limit_bps)),
                    f.hash_stream_divisor
                ),
            ));
            out.push(fact("Verdict figures from", f.verdict_source.clone()));
        }
        None => out.push(fact(
            "Contract",
            "none: figures are reported, not judged".into(),
        )),
    }
    out
}

fn summary(a: &Analysis) -> String {
    let n = |v: Verdict| a.criteria.iter().filter(|c| c.verdict == v).count();
    let judged = a.criteria.len() - n(Verdict::Info);
    format!(
        "{} judged: {} passed, {} failed, {} inconclusive; {} reported only.",
        fmt::plural(judged, "criterion", "criteria"),
        n(Verdict::Pass),
        n(Verdict::Fail),
        n(Verdict::Inconclusive),
        n(Verdict::Info)
    )
}

fn directions(a: &Analysis) -> Vec<DirectionVerdict> {
    let mut out = Vec::new();
    for d in [Some(Direction::Inbound), Some(Direction::Outbound), None] {
        let cs: Vec<_> = a.criteria.iter().filter(|c| c.direction == d).collect();
        if cs.is_empty() {
            continue;
        }
        let mut t = TableView::new(
            &[
                "Criterion",
                "Test",
                "Measured",
                "Required",
                "Verdict",
                "Reason",
            ],
            "",
        );
        for c in &cs {
            t.push(vec![
                Cell::text(c.name.replace('_', " ")),
                Cell::class(c.group.as_deref().unwrap_or(NONE), "mono"),
                Cell::num(c.measured, &c.measured_text),
                Cell::text(&c.required_text),
                Cell::class(fmt::verdict_label(c.verdict), c.verdict.as_str()),
                Cell::text(&c.reason),
            ]);
        }
        out.push(DirectionVerdict {
            title: fmt::direction_title(d),
            verdict: badge(Verdict::combine(cs.iter().map(|c| &c.verdict))),
            criteria: t,
        });
    }
    out
}

fn sources(inp: &ReportInput<'_>) -> TableView {
    let mut t = TableView::new(
        &[
            "File", "Size", "SHA-256", "Format", "Tool", "Version", "Status", "Read",
        ],
        "no source files",
    );
    for s in inp.sources {
        let read = match (s.runs, s.samples) {
            (0, 0) => NONE.to_string(),
            (r, 0) => fmt::plural(r as usize, "run", "runs"),
            (0, x) => fmt::plural(x as usize, "sample", "samples"),
            (r, x) => format!("{r} runs, {x} samples"),
        };
        let status = match (s.status.as_str(), s.error.as_deref()) {
            ("duplicate", Some(of)) => format!("duplicate of {of}"),
            ("skipped", Some(why)) => format!("skipped: {why}"),
            (st, _) => st.to_string(),
        };
        t.push(vec![
            Cell::class(&s.path, "mono"),
            Cell::num(Some(s.size as f64), fmt::size(s.size)),
            Cell::class(&s.sha256, "mono"),
            Cell::text(fmt::opt(s.format.map(|f| f.as_str()))),
            Cell::text(super::setup::source_tool(s.format)),
            Cell::text(fmt::opt(s.tool_version.as_deref())),
            Cell::text(status),
            Cell::text(read),
        ]);
    }
    t
}

fn signoff(c: Option<&Contract>) -> Vec<Signer> {
    let given: Vec<Signer> = c
        .map(|c| {
            c.signoff
                .iter()
                .map(|s| Signer {
                    party: s.party.clone(),
                    name: s.name.clone().unwrap_or_default(),
                    role: s.role.clone().unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    if !given.is_empty() {
        return given;
    }
    ["Customer", "Carrier"]
        .iter()
        .map(|p| Signer {
            party: p.to_string(),
            name: String::new(),
            role: String::new(),
        })
        .collect()
}
