//! `llreport analyze`: judge a campaign against its contract.

use crate::analysis::{self, CampaignData};
use crate::cli::{AnalyzeArgs, TableOrJson};
use crate::model::analysis::Verdict;
use crate::render;
use crate::store::Store;
use anyhow::Context;
use std::path::Path;

/// Exit status for an inconclusive verdict.
pub const INCONCLUSIVE: u8 = 3;

/// Reads a campaign and its contract (the file given, else the one stored with it).
pub fn load(
    store: &Store,
    campaign: Option<&str>,
    contract: Option<&Path>,
) -> anyhow::Result<CampaignData> {
    let name = match campaign {
        Some(c) => c.to_string(),
        None => {
            let names = store.campaign_names()?;
            match names.as_slice() {
                [one] => one.clone(),
                [] => {
                    anyhow::bail!("the store holds no campaigns yet; run `llreport ingest` first")
                }
                many => anyhow::bail!(
                    "the store holds several campaigns; choose one with --campaign: {}",
                    many.join(", ")
                ),
            }
        }
    };
    let record = store.campaign(&name)?;
    let contract = match contract {
        Some(p) => Some(crate::contract::load(p)?),
        None => match &record.contract {
            Some(text) => Some(crate::contract::parse(text).map_err(|e| {
                anyhow::anyhow!("the contract stored with campaign {name} no longer reads: {e}")
            })?),
            None => None,
        },
    };
    Ok(CampaignData {
        runs: store.runs(Some(&name), true)?,
        samples: store.campaign_dev(&name)?,
        campaign: name,
        contract,
    })
}

pub fn run(db: &Path, args: &AnalyzeArgs) -> anyhow::Result<u8> {
    let store = Store::open_read(db)?;
    let data = load(&store, args.campaign.as_deref(), args.contract.as_deref())?;
    let a = analysis::analyze(&data).context("analysis")?;
    let bytes = match args.format {
        TableOrJson::Table => render::analysis::table(&a),
        TableOrJson::Json => render::analysis::json(&a),
    };
    super::emit(&bytes)?;
    Ok(match a.verdict {
        Verdict::Pass | Verdict::Info => super::exit::OK,
        Verdict::Fail => super::exit::PARTIAL,
        Verdict::Inconclusive => INCONCLUSIVE,
    })
}
