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
    /// Paths under the ones given that could not be listed or followed (an unreadable
    /// folder, a symlink loop, a path that vanished): their files, if any, are not counted
    /// above.
    pub not_walked: u64,
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
        "{} files: {} ingested, {} unchanged, {} duplicates, {} skipped, {} failed",
        f.seen, f.ingested, f.unchanged, f.duplicates, f.skipped, f.failed
    );
    if f.not_walked > 0 {
        let s = if f.not_walked == 1 { "" } else { "s" };
        out.push_str(&format!(
            "; {} path{s} not read (errors above)",
            f.not_walked
        ));
    }
    out.push('\n');
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_the_walk_could_not_read_are_counted_on_the_first_line() {
        let mut s = IngestSummary::default();
        let first = |s: &IngestSummary| {
            String::from_utf8_lossy(&text(s))
                .lines()
                .next()
                .unwrap_or_default()
                .to_string()
        };
        assert!(!first(&s).contains("not read"));
        s.files.not_walked = 2;
        assert_eq!(
            first(&s),
            "0 files: 0 ingested, 0 unchanged, 0 duplicates, 0 skipped, 0 failed; 2 paths not read (errors above)"
        );
    }
}
