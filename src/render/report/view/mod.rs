//! The report's view model: every figure already computed and formatted, in the order the
//! document shows it. [`build`] makes it from the analysis, the campaign record, the contract
//! and the store's sources; it is the only place that decides on arithmetic and formatting.
//! Renderers (HTML, PDF, Markdown, JSON) only lay it out.

mod build;
mod charts;
pub(crate) mod fmt;
mod results;
mod setup;
mod table;
#[cfg(test)]
mod tests;

pub use build::{ReportInput, build};
pub use table::{Cell, TableView};

use crate::render::charts::ChartSpec;
use serde::Serialize;

/// A label and its value (the facts under the title).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// A verdict as shown: `PASS` with its style class (`pass`, `fail`, `inconclusive`, `info`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Badge {
    pub label: String,
    pub class: String,
}

/// The judgment of one direction: its verdict and the table of its criteria.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DirectionVerdict {
    pub title: String,
    pub verdict: Badge,
    pub criteria: TableView,
}

/// How the test was set up and how the logs were read.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Setup {
    pub hosts: TableView,
    pub tools: TableView,
    pub tests: TableView,
    /// How each run's direction was decided, one line per rule with its count.
    pub direction_rules: Vec<String>,
    pub pairings: TableView,
    /// Warnings of the analysis and of each test group.
    pub warnings: Vec<String>,
    /// Runs the analysis could not count, and why.
    pub unassigned: TableView,
    /// The parsers' remarks on the sources.
    pub diagnostics: TableView,
}

/// The figures of one direction and mode (pps or bandwidth): tools and sar side by side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResultBlock {
    pub title: String,
    pub table: TableView,
    /// How sar's window was chosen and which interfaces it read, per test.
    pub notes: Vec<String>,
    /// Figures per VPC, when the contract names several.
    pub vpcs: Option<TableView>,
}

/// One chart with its caption.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChartBlock {
    pub title: String,
    pub caption: String,
    pub spec: ChartSpec,
}

/// The flows of one test.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FlowBlock {
    pub title: String,
    pub table: TableView,
}

/// The source files and which of their lines gave each counted flow.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvidenceView {
    pub sources: TableView,
    pub lines: TableView,
}

/// A signature block.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Signer {
    pub party: String,
    pub name: String,
    pub role: String,
}

/// The whole acceptance report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportView {
    pub title: String,
    /// `llreport 0.1.0`.
    pub generator: String,
    pub campaign: String,
    pub facts: Vec<Fact>,
    pub verdict: Badge,
    /// One sentence under the verdict: how many criteria passed, failed, were inconclusive.
    pub verdict_summary: String,
    pub directions: Vec<DirectionVerdict>,
    pub setup: Setup,
    pub results: Vec<ResultBlock>,
    pub charts: Vec<ChartBlock>,
    pub flows: Vec<FlowBlock>,
    pub evidence: EvidenceView,
    pub signoff: Vec<Signer>,
    /// The date the document carries (the campaign's), ISO 8601; also the PDF's creation date.
    pub date: Option<String>,
}
