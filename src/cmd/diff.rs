//! `llreport diff A B`: two campaigns side by side.

use super::history;
use crate::analysis::trend;
use crate::cli::{DiffArgs, DiffFormat};
use crate::render::{history as view, listing};
use crate::store::Store;
use std::path::Path;

pub fn run(db: &Path, args: &DiffArgs) -> anyhow::Result<u8> {
    let store = Store::open_read(db)?;
    let a = history::analysed(&store, &args.a)?;
    let b = history::analysed(&store, &args.b)?;
    let d = trend::diff((&a.summary, &a.analysis), (&b.summary, &b.analysis));
    let bytes = match args.format {
        DiffFormat::Table => view::diff_table(&d),
        DiffFormat::Json => listing::json(&d),
        DiffFormat::Md => view::diff_markdown(&d),
    };
    super::emit(&bytes)?;
    Ok(super::exit::OK)
}
