//! Parquet export with typed columns: integers as INT64, measurements as DOUBLE, text as
//! UTF-8 strings, timestamps as INT64 TIMESTAMP(MICROS, UTC), flags as BOOLEAN; every column
//! nullable. Rows are buffered per row group (bounded memory) and written with Snappy.

use super::RowWriter;
use crate::model::table::{Cell, Column, ColumnType};
use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use std::io::Write;
use std::sync::Arc;

/// Rows per row group.
const ROW_GROUP: usize = 64 * 1024;

enum Values {
    Int(Vec<i64>),
    Float(Vec<f64>),
    Text(Vec<ByteArray>),
    Bool(Vec<bool>),
}

struct Buffer {
    values: Values,
    defs: Vec<i16>,
}

pub struct ParquetWriter<'w> {
    w: SerializedFileWriter<Box<dyn Write + Send + 'w>>,
    types: Vec<ColumnType>,
    cols: Vec<Buffer>,
    rows: usize,
}

fn err(e: parquet::errors::ParquetError) -> std::io::Error {
    std::io::Error::other(e)
}

fn schema(columns: &[Column]) -> String {
    let mut s = String::from("message llreport {\n");
    for c in columns {
        let t = match c.ty {
            ColumnType::Int => "int64",
            ColumnType::Float => "double",
            ColumnType::Text => "binary",
            ColumnType::Timestamp => "int64",
            ColumnType::Bool => "boolean",
        };
        let logical = match c.ty {
            ColumnType::Text => " (STRING)",
            ColumnType::Timestamp => " (TIMESTAMP(MICROS,true))",
            _ => "",
        };
        s.push_str(&format!("  optional {t} {}{logical};\n", c.name));
    }
    s.push('}');
    s
}

fn empty(ty: ColumnType) -> Buffer {
    let values = match ty {
        ColumnType::Int | ColumnType::Timestamp => Values::Int(Vec::new()),
        ColumnType::Float => Values::Float(Vec::new()),
        ColumnType::Text => Values::Text(Vec::new()),
        ColumnType::Bool => Values::Bool(Vec::new()),
    };
    Buffer {
        values,
        defs: Vec::new(),
    }
}

impl<'w> ParquetWriter<'w> {
    pub fn new(columns: &[Column], out: Box<dyn Write + Send + 'w>) -> std::io::Result<Self> {
        let schema = Arc::new(parse_message_type(&schema(columns)).map_err(err)?);
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_created_by(format!("llreport {}", env!("CARGO_PKG_VERSION")))
                .build(),
        );
        let w = SerializedFileWriter::new(out, schema, props).map_err(err)?;
        let types: Vec<ColumnType> = columns.iter().map(|c| c.ty).collect();
        Ok(ParquetWriter {
            w,
            cols: types.iter().map(|t| empty(*t)).collect(),
            types,
            rows: 0,
        })
    }

    fn flush_group(&mut self) -> std::io::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut group = self.w.next_row_group().map_err(err)?;
        let mut i = 0;
        while let Some(mut cw) = group.next_column().map_err(err)? {
            let Some(buf) = self.cols.get(i) else {
                return Err(std::io::Error::other("more Parquet columns than buffers"));
            };
            let defs = Some(buf.defs.as_slice());
            match &buf.values {
                Values::Int(v) => cw.typed::<Int64Type>().write_batch(v, defs, None),
                Values::Float(v) => cw.typed::<DoubleType>().write_batch(v, defs, None),
                Values::Text(v) => cw.typed::<ByteArrayType>().write_batch(v, defs, None),
                Values::Bool(v) => cw.typed::<BoolType>().write_batch(v, defs, None),
            }
            .map_err(err)?;
            cw.close().map_err(err)?;
            i += 1;
        }
        group.close().map_err(err)?;
        self.cols = self.types.iter().map(|t| empty(*t)).collect();
        self.rows = 0;
        Ok(())
    }
}

impl RowWriter for ParquetWriter<'_> {
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        for (buf, cell) in self.cols.iter_mut().zip(cells) {
            let present = match (&mut buf.values, cell) {
                (_, Cell::Null) => false,
                (Values::Int(v), Cell::Int(x)) => {
                    v.push(*x);
                    true
                }
                (Values::Int(v), Cell::Timestamp(t)) => {
                    v.push(t.timestamp_micros());
                    true
                }
                (Values::Float(v), Cell::Float(x)) => {
                    v.push(*x);
                    true
                }
                (Values::Float(v), Cell::Int(x)) => {
                    v.push(*x as f64);
                    true
                }
                (Values::Text(v), Cell::Text(t)) => {
                    v.push(ByteArray::from(t.as_str()));
                    true
                }
                (Values::Bool(v), Cell::Bool(b)) => {
                    v.push(*b);
                    true
                }
                // A value of another type than its column's (should not happen): NULL.
                _ => false,
            };
            buf.defs.push(i16::from(present));
        }
        self.rows += 1;
        if self.rows >= ROW_GROUP {
            self.flush_group()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> std::io::Result<()> {
        self.flush_group()?;
        self.w.close().map_err(err)?;
        Ok(())
    }
}
