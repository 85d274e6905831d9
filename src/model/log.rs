//! What parsing one source file yields: its format, its runs or samples, and diagnostics.

use super::run::{Run, str_enum};
use super::sar::{SarSample, SystemInfo};
use serde::{Deserialize, Serialize};
use std::fmt;

str_enum!(
    /// A log format llreport reads, detected from the content.
    LogFormat {
        Iperf3Text => "iperf3-text",
        Iperf3Json => "iperf3-json",
        NetperfClassic => "netperf-classic",
        NetperfOmni => "netperf-omni",
        Netserver => "netserver",
        SarText => "sar-text",
        SadfCsv => "sadf-csv",
        SadfJson => "sadf-json",
        SadfP => "sadf-p",
    }
);

str_enum!(
    /// How bad a diagnostic is.
    Severity { Warning => "warning", Error => "error" }
);

/// A remark about a place in a source: `line:column: message`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn warning(line: u32, column: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            line,
            column,
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.line, self.column, self.severity, self.message
        )
    }
}

/// Everything read from one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParsedLog {
    pub format: LogFormat,
    pub tool_version: Option<String>,
    /// Machine facts where the file gives them (sar's first line, iperf3 `-V`/`-J`).
    pub system: Option<SystemInfo>,
    pub runs: Vec<Run>,
    pub samples: Vec<SarSample>,
    /// Warnings about the input (a cut last row, an assumed unit); the file is still stored.
    pub diagnostics: Vec<Diagnostic>,
}

impl ParsedLog {
    pub fn new(format: LogFormat) -> Self {
        ParsedLog {
            format,
            tool_version: None,
            system: None,
            runs: Vec::new(),
            samples: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}
