//! `llreport runs`: the normalized runs as a table, JSON or CSV.

use crate::cli::{ListFormat, RunsArgs};
use crate::render::listing::{self, RunView};
use crate::store::Store;
use std::path::Path;

pub fn run(db: &Path, args: &RunsArgs) -> anyhow::Result<u8> {
    let store = Store::open_read(db)?;
    let runs = store.runs(args.campaign.as_deref(), false)?;
    let views: Vec<RunView> = runs.iter().map(RunView::from).collect();
    let bytes = match args.format {
        ListFormat::Table => listing::runs_table(&views),
        ListFormat::Json => listing::json(&views),
        ListFormat::Csv => listing::runs_csv(&views)?,
    };
    super::emit(&bytes)?;
    Ok(super::exit::OK)
}
