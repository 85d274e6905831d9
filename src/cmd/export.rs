//! `llreport export`: a table of the store as CSV, JSON Lines or Parquet, streamed. A file
//! given with -o is written next to its final name and renamed when complete, so a failed
//! export leaves nothing half-written.

use crate::analysis;
use crate::cli::{ExportArgs, ExportTable};
use crate::model::table::Column;
use crate::render::export::{self, ExportFormat, RowWriter, groups};
use crate::store::{Store, StoredTable, table_columns};
use anyhow::Context;
use std::io::{IsTerminal, Write};
use std::path::Path;

pub fn run(db: &Path, args: &ExportArgs) -> anyhow::Result<u8> {
    let store = Store::open_read(db)?;
    if let Some(c) = &args.campaign {
        store.require_campaign(c)?;
    }
    let format = args.format.into();
    let columns: Vec<Column> = match stored(args.table) {
        Some(t) => table_columns(t),
        None => groups::columns(),
    };
    if format == ExportFormat::Parquet && args.output.is_none() && std::io::stdout().is_terminal() {
        anyhow::bail!("Parquet is binary: give -o FILE or redirect the output");
    }
    let rows = match &args.output {
        Some(path) => {
            let tmp = super::temp_beside(path)?;
            let file = tmp.reopen().context("temporary file")?;
            let n = write(
                &store,
                args,
                format,
                &columns,
                Box::new(std::io::BufWriter::new(file)),
            )?;
            super::persist(tmp, path)?;
            eprintln!("{n} rows written to {}", path.display());
            n
        }
        None => {
            let out = std::io::stdout();
            write(
                &store,
                args,
                format,
                &columns,
                Box::new(std::io::BufWriter::new(out)),
            )?
        }
    };
    let _ = rows;
    Ok(super::exit::OK)
}

fn stored(t: ExportTable) -> Option<StoredTable> {
    match t {
        ExportTable::Runs => Some(StoredTable::Runs),
        ExportTable::Flows => Some(StoredTable::Flows),
        ExportTable::Intervals => Some(StoredTable::Intervals),
        ExportTable::Samples => Some(StoredTable::Samples),
        ExportTable::Groups => None,
    }
}

fn write(
    store: &Store,
    args: &ExportArgs,
    format: ExportFormat,
    columns: &[Column],
    out: Box<dyn Write + Send + '_>,
) -> anyhow::Result<u64> {
    let mut w: Box<dyn RowWriter + '_> = export::writer(format, columns, out)?;
    let n = match stored(args.table) {
        Some(t) => store.export(t, args.campaign.as_deref(), |cells| w.row(cells))?,
        None => {
            let names = match &args.campaign {
                Some(c) => vec![c.clone()],
                None => store.campaign_names()?,
            };
            let mut n = 0u64;
            for name in names {
                let data = super::analyze::load(store, Some(&name), None)?;
                let a = analysis::analyze(&data)?;
                for row in groups::rows(&a) {
                    w.row(&row)?;
                    n += 1;
                }
            }
            n
        }
    };
    w.finish().context("finishing the export")?;
    Ok(n)
}
