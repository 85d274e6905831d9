//! Reading the campaigns of a link with their analyses, in date order: shared by
//! `campaigns`, `trend` and `diff`.

use crate::analysis::trend::{CampaignMeta, summarize};
use crate::analysis::{self};
use crate::model::analysis::Analysis;
use crate::model::trend::CampaignSummary;
use crate::store::Store;

/// A campaign, its analysis and its summary.
pub struct Analysed {
    pub summary: CampaignSummary,
    pub analysis: Analysis,
    pub per_flow_limit_bps: Option<f64>,
    pub rules: Option<crate::model::contract::TrendRules>,
}

/// Analyses one campaign.
pub fn analysed(store: &Store, name: &str) -> anyhow::Result<Analysed> {
    let record = store.campaign(name)?;
    let data = super::analyze::load(store, Some(name), None)?;
    let a = analysis::analyze(&data)?;
    let meta = CampaignMeta {
        name: name.to_string(),
        link: record.link.clone(),
        date: record.date.clone(),
        kind: record.kind,
    };
    Ok(Analysed {
        summary: summarize(&meta, &a),
        per_flow_limit_bps: data.contract.as_ref().map(|c| c.link.per_flow_limit().0),
        rules: data.contract.map(|c| c.trend),
        analysis: a,
    })
}

/// A campaign's summary and the contract terms a trend needs, without the analysis behind
/// them: a listing of years of campaigns holds one analysis at a time.
pub struct Summarized {
    pub summary: CampaignSummary,
    pub per_flow_limit_bps: Option<f64>,
    pub rules: Option<crate::model::contract::TrendRules>,
}

/// The campaigns (of `link`, or all), ordered by date, then by the earliest time in their
/// logs, then by name.
pub fn campaigns(store: &Store, link: Option<&str>) -> anyhow::Result<Vec<Summarized>> {
    let mut all = store.campaigns()?;
    if let Some(l) = link {
        let links: std::collections::BTreeSet<String> =
            all.iter().filter_map(|c| c.link.clone()).collect();
        if !links.contains(l) {
            let known: Vec<String> = links.into_iter().collect();
            anyhow::bail!(
                "no link named `{l}`; known links: {}",
                if known.is_empty() {
                    "none (no campaign has a contract)".to_string()
                } else {
                    known.join(", ")
                }
            );
        }
        all.retain(|c| c.link.as_deref() == Some(l));
    }
    let mut keyed = Vec::new();
    for c in all {
        let first = store.campaign_first_time(&c.name)?;
        keyed.push(((c.date.clone(), first, c.name.clone()), c.name));
    }
    keyed.sort();
    keyed
        .into_iter()
        .map(|(_, name)| {
            let a = analysed(store, &name)?;
            Ok(Summarized {
                summary: a.summary,
                per_flow_limit_bps: a.per_flow_limit_bps,
                rules: a.rules,
            })
        })
        .collect()
}
