//! Tables of the view model: a header and rows of cells, each cell its text, an optional
//! style class and, for numbers, the raw value (for the JSON form).

use serde::Serialize;

/// One cell.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cell {
    pub text: String,
    /// Style: `pass`, `fail`, `inconclusive`, `info` (verdicts), `num` (right-aligned),
    /// `mono` (hashes, paths), or empty.
    pub class: String,
    /// The unrounded number behind `text`, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
}

impl Cell {
    pub fn text(t: impl Into<String>) -> Cell {
        Cell {
            text: t.into(),
            class: String::new(),
            value: None,
        }
    }

    pub fn class(t: impl Into<String>, class: &str) -> Cell {
        Cell {
            text: t.into(),
            class: class.to_string(),
            value: None,
        }
    }

    /// A number: right-aligned, with its raw value.
    pub fn num(v: Option<f64>, text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            class: "num".into(),
            value: v.filter(|x| x.is_finite()),
        }
    }
}

/// A table; `empty` is shown instead when it has no rows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableView {
    pub head: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub empty: String,
}

impl TableView {
    pub fn new(head: &[&str], empty: &str) -> TableView {
        TableView {
            head: head.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            empty: empty.to_string(),
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The heading of column `i` (empty past the end).
    pub fn heading(&self, i: usize) -> &str {
        self.head.get(i).map_or("", String::as_str)
    }

    /// How many columns remain when one is shown on its own line.
    pub fn span_without_one(&self) -> usize {
        self.head.len().saturating_sub(1)
    }
}
