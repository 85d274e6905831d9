//! Export writers: a table's typed rows, streamed to CSV, JSON Lines or Parquet. Each writer
//! holds at most one Parquet row group in memory, so a store of any size exports in bounded
//! memory.

mod csv;
pub mod groups;
mod jsonl;
#[cfg(feature = "parquet")]
mod parquet;

use crate::model::table::{Cell, Column};
use std::io::Write;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Jsonl,
    Parquet,
}

/// Writes rows of one table.
pub trait RowWriter {
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()>;
    /// Writes what is buffered and the file's trailer.
    fn finish(self: Box<Self>) -> std::io::Result<()>;
}

/// A writer of `format` for `columns` into `out`.
pub fn writer<'w>(
    format: ExportFormat,
    columns: &[Column],
    out: Box<dyn Write + Send + 'w>,
) -> std::io::Result<Box<dyn RowWriter + 'w>> {
    Ok(match format {
        ExportFormat::Csv => Box::new(csv::CsvWriter::new(columns, out)?),
        ExportFormat::Jsonl => Box::new(jsonl::JsonlWriter::new(columns, out)),
        #[cfg(feature = "parquet")]
        ExportFormat::Parquet => Box::new(parquet::ParquetWriter::new(columns, out)?),
        #[cfg(not(feature = "parquet"))]
        ExportFormat::Parquet => {
            return Err(std::io::Error::other(
                "this llreport was built without Parquet support (cargo feature `parquet`)",
            ));
        }
    })
}

/// A timestamp as RFC 3339 in UTC with microseconds.
fn rfc3339(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}
