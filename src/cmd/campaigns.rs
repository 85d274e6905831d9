//! `llreport campaigns`: every campaign with its link, date, kind, verdict and headline
//! figures per direction.

use super::history;
use crate::cli::{CampaignsArgs, TableOrJson};
use crate::model::trend::CampaignSummary;
use crate::render::{history as view, listing};
use crate::store::Store;
use std::path::Path;

pub fn run(db: &Path, args: &CampaignsArgs) -> anyhow::Result<u8> {
    let store = Store::open_read(db)?;
    let list = history::campaigns(&store, args.link.as_deref())?;
    let summaries: Vec<CampaignSummary> = list.into_iter().map(|a| a.summary).collect();
    let bytes = match args.format {
        TableOrJson::Table => view::campaigns_table(&summaries),
        TableOrJson::Json => listing::json(&summaries),
    };
    super::emit(&bytes)?;
    Ok(super::exit::OK)
}
