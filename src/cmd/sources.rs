//! `llreport sources`: what was ingested, and what was not and why.

use crate::cli::{SourcesArgs, TableOrJson};
use crate::render::listing;
use crate::store::Store;
use std::path::Path;

pub fn run(db: &Path, args: &SourcesArgs) -> anyhow::Result<u8> {
    let store = Store::open_read(db)?;
    let sources = store.sources(args.campaign.as_deref())?;
    let bytes = match args.format {
        TableOrJson::Table => listing::sources_table(&sources),
        TableOrJson::Json => listing::json(&sources),
    };
    super::emit(&bytes)?;
    Ok(super::exit::OK)
}
