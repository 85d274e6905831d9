//! JSON Lines export: one object per row, keyed by column name; NULL is `null`, timestamps
//! RFC 3339 strings in UTC.

use super::{RowWriter, rfc3339};
use crate::model::table::{Cell, Column};
use serde_json::{Map, Value};
use std::io::Write;

pub struct JsonlWriter<'w> {
    names: Vec<&'static str>,
    out: std::io::BufWriter<Box<dyn Write + Send + 'w>>,
}

impl<'w> JsonlWriter<'w> {
    pub fn new(columns: &[Column], out: Box<dyn Write + Send + 'w>) -> Self {
        JsonlWriter {
            names: columns.iter().map(|c| c.name).collect(),
            out: std::io::BufWriter::new(out),
        }
    }
}

fn value(c: &Cell) -> Value {
    match c {
        Cell::Null => Value::Null,
        Cell::Int(i) => (*i).into(),
        Cell::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Cell::Text(t) => t.clone().into(),
        Cell::Timestamp(t) => rfc3339(t).into(),
        Cell::Bool(b) => (*b).into(),
    }
}

impl RowWriter for JsonlWriter<'_> {
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        let mut m = Map::with_capacity(cells.len());
        for (n, c) in self.names.iter().zip(cells) {
            m.insert((*n).to_string(), value(c));
        }
        serde_json::to_writer(&mut self.out, &Value::Object(m))?;
        self.out.write_all(b"\n")
    }

    fn finish(mut self: Box<Self>) -> std::io::Result<()> {
        self.out.flush()
    }
}
