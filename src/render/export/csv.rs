//! CSV export: a header of column names, then one line per row; empty cells are NULL,
//! timestamps RFC 3339 in UTC.

use super::{RowWriter, rfc3339};
use crate::model::table::{Cell, Column};
use std::io::Write;

pub struct CsvWriter<'w> {
    w: csv::Writer<Box<dyn Write + Send + 'w>>,
    buf: Vec<String>,
}

impl<'w> CsvWriter<'w> {
    pub fn new(columns: &[Column], out: Box<dyn Write + Send + 'w>) -> std::io::Result<Self> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(columns.iter().map(|c| c.name))
            .map_err(std::io::Error::other)?;
        Ok(CsvWriter { w, buf: Vec::new() })
    }
}

fn text(c: &Cell) -> String {
    match c {
        Cell::Null => String::new(),
        Cell::Int(i) => i.to_string(),
        Cell::Float(f) => f.to_string(),
        Cell::Text(t) => t.clone(),
        Cell::Timestamp(t) => rfc3339(t),
        Cell::Bool(b) => b.to_string(),
    }
}

impl RowWriter for CsvWriter<'_> {
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        self.buf.clear();
        self.buf.extend(cells.iter().map(text));
        self.w
            .write_record(&self.buf)
            .map_err(std::io::Error::other)
    }

    fn finish(mut self: Box<Self>) -> std::io::Result<()> {
        self.w.flush()
    }
}
