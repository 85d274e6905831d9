//! The acceptance analysis of a campaign: counted flows (client and server logs of one flow
//! paired), test groups, per-group figures and interval percentiles, the sar cross-check,
//! the hash-stream limit and the verdicts. polars does the aggregation (group totals,
//! per-flow medians, time-aligned sums and percentiles, sar plateaus) and stays inside this
//! module; the result is plain model types ([`crate::model::analysis`]).

mod criteria;
mod direction;
mod flows;
mod grouping;
mod sar;
mod series;
mod totals;
pub mod trend;

pub use grouping::{BANDWIDTH_MIN_BYTES, PPS_MAX_BYTES, reachable};

use crate::model::analysis::{Analysis, ContractFigures, Unassigned, Verdict};
use crate::model::{Contract, DevSource, RunRecord};

/// Everything the analysis reads of one campaign.
#[derive(Clone, Debug)]
pub struct CampaignData {
    pub campaign: String,
    pub contract: Option<Contract>,
    /// The campaign's runs with flows and intervals.
    pub runs: Vec<RunRecord>,
    /// The campaign's sar `DEV` rows, per source and interface.
    pub samples: Vec<DevSource>,
}

/// A failure of the computation itself (not of the line).
#[derive(Debug, thiserror::Error)]
#[error("analysis failed: {0}")]
pub struct AnalysisError(#[from] polars::error::PolarsError);

/// Judges a campaign.
pub fn analyze(data: &CampaignData) -> Result<Analysis, AnalysisError> {
    let contract = data.contract.as_ref();
    let counted = flows::count(&data.runs, contract);
    let mut unassigned = counted.unassigned;
    let mut warnings = Vec::new();
    let mut known = Vec::new();
    for u in &counted.units {
        if u.direction.is_some() {
            known.push(u);
        } else if let Some(e) = u.evidence.first() {
            unassigned.push(Unassigned {
                evidence: e.clone(),
                reason: format!("direction unknown: {}", u.direction_how),
            });
        }
    }
    let unknown = counted.units.len() - known.len();
    if unknown > 0 {
        warnings.push(format!(
            "{unknown} flow{} of unknown direction {} not counted: give --direction, put the logs under inbound/ or outbound/, or declare the address ranges in the contract",
            if unknown == 1 { "" } else { "s" },
            if unknown == 1 { "is" } else { "are" }
        ));
    }
    let tests = grouping::split(&known);
    let sums = totals::totals(&tests.iter().map(|t| t.units.clone()).collect::<Vec<_>>())?;
    let mut groups = Vec::new();
    let mut claimed = Vec::new();
    let sar_rows = sar::prepare(&data.samples);
    for (t, sum) in tests.iter().zip(&sums) {
        let mut g = grouping::figures(t, contract, sum);
        let intervals: Vec<_> = t.units.iter().map(|u| u.intervals.clone()).collect();
        let s = series::analyse(&intervals)?;
        g.throughput = s.percentiles;
        g.timeline = s.timeline;
        let limit = contract.map(|c| c.link.per_flow_limit().0);
        let tol = contract.map_or(0.0, |c| c.acceptance.per_flow_tolerance_percent);
        for (f, steady) in g.flow_results.iter_mut().zip(s.steady_bps) {
            f.steady_bps = steady;
            if let (Some(l), Some(rate)) = (limit, f.steady_bps.or(f.received_bps)) {
                let on_line = rate * g.wire_factor;
                f.share_of_limit = Some(on_line / l);
                f.over_limit = on_line > l * (1.0 + tol / 100.0);
            }
        }
        let window = match (g.started_at, g.ended_at) {
            (Some(a), Some(b)) if t.units.iter().all(|u| u.started_at.is_some()) => Some((a, b)),
            _ => None,
        };
        let mut dirs: Vec<String> = t.units.iter().flat_map(|u| u.source_dirs.clone()).collect();
        dirs.sort();
        dirs.dedup();
        g.sar = sar::check(
            &sar::GroupWindow {
                direction: t.key.direction,
                tool: t.key.tool,
                window,
                dirs: &dirs,
                duration_s: g.duration_s.unwrap_or(1.0),
                tool_pps: g.received_pps,
            },
            &sar_rows,
            contract,
            &mut claimed,
        )?;
        if g.sar.is_none() {
            g.warnings
                .push("no sar samples of the receiving hosts were found for this test".to_string());
        }
        groups.push(g);
    }
    let criteria = criteria::judge(&groups, contract);
    let verdict = Verdict::combine(criteria.iter().map(|c| &c.verdict));
    Ok(Analysis {
        campaign: data.campaign.clone(),
        link: contract.map(|c| c.link.name.clone()),
        contract: contract.map(|c| ContractFigures {
            bandwidth_bps: c.link.bandwidth.0,
            per_flow_limit_bps: c.link.per_flow_limit().0,
            hash_stream_divisor: c.link.hash_stream_divisor,
            verdict_source: c.acceptance.verdict_source.to_string(),
        }),
        groups,
        criteria,
        verdict,
        pairings: counted.pairings,
        unassigned,
        warnings,
    })
}
