//! Pure functions from a log's text to records: one module per tool, nom inside.
//!
//! [`parse_bytes`] is the entry point: it decodes the bytes ([`text`]), detects the format
//! from the content ([`detect`]) and hands the text to the tool's parser. Context a log
//! lacks (the time zone of sar's wall-clock times, netperf omni column lists) comes in
//! through [`ParseContext`]; nothing is guessed from the clock or the file name.

pub mod detect;
#[cfg(test)]
pub(crate) mod edits;
pub mod error;
pub mod iperf3;
pub mod netperf;
pub(crate) mod num;
pub mod sar;
pub mod text;

pub use detect::{Detected, detect};
pub use error::ParseError;

use crate::model::{Diagnostic, LogFormat, ParsedLog, TimeZoneSpec};

/// What the parsers are told about a file from outside it.
#[derive(Clone, Debug, Default)]
pub struct ParseContext {
    /// Time zone of wall-clock times that carry none (sar text). `None`: UTC, with a
    /// warning in the result.
    pub tz: Option<TimeZoneSpec>,
    /// Selector names of a headerless netperf omni CSV line (`-o` with `-P 0`).
    pub netperf_omni_columns: Option<Vec<String>>,
}

/// The result of reading one file.
#[derive(Debug)]
pub enum Outcome {
    Parsed(ParsedLog),
    /// Not a log llreport reads (or nothing in it); the reason says why.
    Skipped {
        reason: String,
    },
    /// A log of a known format that could not be read.
    Failed {
        format: LogFormat,
        error: ParseError,
    },
}

/// The version of the parser for `format`; stored with each source so that files read by
/// an older parser can be found.
pub fn parser_version(format: LogFormat) -> u32 {
    match format {
        LogFormat::Iperf3Text | LogFormat::Iperf3Json => iperf3::VERSION,
        LogFormat::NetperfClassic | LogFormat::NetperfOmni | LogFormat::Netserver => {
            netperf::VERSION
        }
        LogFormat::SarText | LogFormat::SadfCsv | LogFormat::SadfJson | LogFormat::SadfP => {
            sar::VERSION
        }
    }
}

/// Decodes, detects and parses one file's bytes.
pub fn parse_bytes(bytes: &[u8], ctx: &ParseContext) -> Outcome {
    let decoded = match text::decode(bytes) {
        Ok(d) => d,
        Err(text::NotText::Empty) => {
            return Outcome::Skipped {
                reason: "empty file".into(),
            };
        }
        Err(text::NotText::Binary { offset }) => {
            let reason = if bytes.starts_with(&[0x96, 0xd5]) || bytes.starts_with(&[0xd5, 0x96]) {
                "binary sysstat data file (sa): read it back with `sar -f FILE -n DEV` and ingest that text".to_string()
            } else {
                format!("binary data (NUL byte at offset {offset}), not a text log")
            };
            return Outcome::Skipped { reason };
        }
    };
    let text = decoded.text.as_ref();
    match detect(text) {
        Detected::Unknown(reason) => Outcome::Skipped { reason },
        Detected::Format(format) => match parse_text(format, text, ctx) {
            Ok(mut log) => {
                let mut diags = decoded.diagnostics;
                diags.append(&mut log.diagnostics);
                log.diagnostics = diags;
                Outcome::Parsed(log)
            }
            Err(error) => Outcome::Failed {
                format,
                error: error.with_source(text),
            },
        },
    }
}

/// Parses decoded text of a known format.
pub fn parse_text(
    format: LogFormat,
    text: &str,
    ctx: &ParseContext,
) -> Result<ParsedLog, ParseError> {
    match format {
        LogFormat::Iperf3Text => iperf3::parse_text(text, ctx),
        LogFormat::Iperf3Json => iperf3::parse_json(text, ctx),
        LogFormat::NetperfClassic | LogFormat::NetperfOmni | LogFormat::Netserver => {
            netperf::parse(format, text, ctx)
        }
        LogFormat::SarText | LogFormat::SadfCsv | LogFormat::SadfJson | LogFormat::SadfP => {
            sar::parse(format, text, ctx)
        }
    }
}

/// A warning for the parsers to attach when sar times were read as UTC for want of a zone.
pub fn utc_assumed_note() -> Diagnostic {
    Diagnostic::warning(
        1,
        1,
        "sar text has no time zone and none was given (--tz or the contract's link.timezone); times were read as UTC",
    )
}
