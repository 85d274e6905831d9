//! Records as the store gives them back: runs with their campaign and evidence, sources,
//! campaigns.

use super::log::LogFormat;
use super::run::{Direction, Run};
use serde::{Deserialize, Serialize};

/// A stored run with where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub id: i64,
    pub campaign: String,
    pub source_id: i64,
    pub source_path: String,
    pub source_sha256: String,
    /// Direction as decided at ingest (`--direction` or a path component), if any.
    pub direction: Option<Direction>,
    /// What decided it: `flag`, `path`.
    pub direction_source: Option<String>,
    pub run: Run,
}

/// How a file was handled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceStatus {
    Ok,
    Error,
    Skipped,
    Duplicate,
}

impl SourceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceStatus::Ok => "ok",
            SourceStatus::Error => "error",
            SourceStatus::Skipped => "skipped",
            SourceStatus::Duplicate => "duplicate",
        }
    }

    pub fn from_name(s: &str) -> Option<Self> {
        Some(match s {
            "ok" => SourceStatus::Ok,
            "error" => SourceStatus::Error,
            "skipped" => SourceStatus::Skipped,
            "duplicate" => SourceStatus::Duplicate,
            _ => return None,
        })
    }
}

/// A stored source file (without its bytes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceRecord {
    pub id: i64,
    pub campaign: String,
    pub path: String,
    pub sha256: String,
    pub size: u64,
    pub format: Option<LogFormat>,
    pub parser_version: Option<u32>,
    pub ingested_at: String,
    pub status: SourceStatus,
    /// The parse error (status `error`), the reason (status `skipped`), or the path of the
    /// stored copy (status `duplicate`).
    pub error: Option<String>,
    pub error_line: Option<u32>,
    pub error_column: Option<u32>,
    pub tool_version: Option<String>,
    pub host: Option<String>,
    pub runs: u64,
    pub samples: u64,
}

/// One `DEV` row of one interface: what the sar cross-check reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DevRow {
    pub ts: chrono::DateTime<chrono::Utc>,
    pub interval_s: Option<f64>,
    /// rxpck/s
    pub rxpck: f64,
    /// rxkB/s
    pub rxkb: f64,
}

/// The `DEV` rows of one sar source, by interface, in time order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DevSource {
    pub source_id: i64,
    pub path: String,
    pub direction_hint: Option<Direction>,
    /// The host the file names.
    pub host: String,
    pub ifaces: std::collections::BTreeMap<String, Vec<DevRow>>,
}
