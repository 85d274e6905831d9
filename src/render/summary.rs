//! The closing summary of `llreport ingest`, as text or JSON (docs/ingest-json.md).

use serde::Serialize;

/// Counts of what an ingest did.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct FileCounts {
    /// Files seen (regular files under the paths given).
    pub seen: u64,
    /// Stored now, with their records.
    pub ingested: u64,
    /// Already in the store at the same path: nothing added.
    pub unchanged: u64,
    /// Same bytes as a file stored under another path or campaign: recorded, not stored.
    pub duplicates: u64,
    /// Not a log llreport reads.
    pub skipped: u64,
    /// Could not be read or parsed.
    pub failed: u64,
}

/// Records added.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Added {
    pub runs: u64,
    pub flows: u64,
    pub intervals: u64,
    pub samples: u64,
}

/// A message about one file.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct FileMessage {
    pub path: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
}

/// Everything `ingest` reports at the end.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct IngestSummary {
    pub store: String,
    pub campaigns: Vec<String>,
    pub files: FileCounts,
    pub added: Added,
    pub errors: Vec<FileMessage>,
    pub warnings: Vec<FileMessage>,
    pub skipped: Vec<FileMessage>,
    pub duplicates: Vec<FileMessage>,
}

/// The summary for a terminal.
pub fn text(s: &IngestSummary) -> Vec<u8> {
    let f = &s.files;
    let a = &s.added;
    let mut out = format!(
        "{} files: {} ingested, {} unchanged, {} duplicates, {} skipped, {} failed\n",
        f.seen, f.ingested, f.unchanged, f.duplicates, f.skipped, f.failed
    );
    out.push_str(&format!(
        "added: {} runs, {} flows, {} intervals, {} sar samples\n",
        a.runs, a.flows, a.intervals, a.samples
    ));
    out.push_str(&format!(
        "campaign{}: {}; store: {}\n",
        if s.campaigns.len() == 1 { "" } else { "s" },
        s.campaigns.join(", "),
        s.store
    ));
    if !s.warnings.is_empty() {
        out.push_str(&format!(
            "{} warning{} (shown above)\n",
            s.warnings.len(),
            if s.warnings.len() == 1 { "" } else { "s" }
        ));
    }
    out.into_bytes()
}
