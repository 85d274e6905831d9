//! `llreport sources`: what was ingested, and what was not and why.

use crate::cli::{SourcesArgs, TableOrJson};
use crate::render::listing::{self, SourceView};
use crate::store::Store;
use std::path::Path;

pub fn run(db: &Path, args: &SourcesArgs) -> anyhow::Result<u8> {
    let store = Store::open_read(db)?;
    let sources = store.sources(args.campaign.as_deref())?;
    let views: Vec<SourceView> = sources.iter().map(SourceView::from).collect();
    let bytes = match args.format {
        TableOrJson::Table => listing::sources_table(&views),
        TableOrJson::Json => listing::json(&views),
    };
    super::emit(&bytes)?;
    Ok(super::exit::OK)
}
