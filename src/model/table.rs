//! Typed rows for exports: a table's columns and cells, independent of the store and of the
//! output format.

use chrono::{DateTime, Utc};

/// The type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    /// A count or an id: a signed 64-bit integer.
    Int,
    /// A measurement.
    Float,
    Text,
    /// An instant in UTC.
    Timestamp,
    Bool,
}

/// A named, typed column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub ty: ColumnType,
}

/// Shorthand for a column.
pub const fn col(name: &'static str, ty: ColumnType) -> Column {
    Column { name, ty }
}

/// One value of a row. `Null` where the source says nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Float(f64),
    Text(String),
    Timestamp(DateTime<Utc>),
    Bool(bool),
}

impl From<Option<i64>> for Cell {
    fn from(v: Option<i64>) -> Self {
        v.map_or(Cell::Null, Cell::Int)
    }
}

impl From<Option<f64>> for Cell {
    fn from(v: Option<f64>) -> Self {
        v.map_or(Cell::Null, Cell::Float)
    }
}

impl From<Option<String>> for Cell {
    fn from(v: Option<String>) -> Self {
        v.map_or(Cell::Null, Cell::Text)
    }
}

impl From<Option<DateTime<Utc>>> for Cell {
    fn from(v: Option<DateTime<Utc>>) -> Self {
        v.map_or(Cell::Null, Cell::Timestamp)
    }
}
