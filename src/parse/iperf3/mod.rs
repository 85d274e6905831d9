//! iperf3 output: text (client and server, TCP and UDP, as 3.12 prints it, and the 3.0/3.1
//! `Bandwidth` layout) and JSON (`-J`, including a server's concatenated objects).
//!
//! A run is one data direction of one session: a client invocation, or one session of a
//! server (between its `Server listening on` banners); `--bidir` sessions give two runs.
//! The receiver's summary is the truth for delivery and loss; the sender's gives what was
//! offered. Units: transfers are 1024-based, bit rates 1000-based, `-f K|M|G` byte rates
//! 1024-based; everything is converted to bytes, bit/s and seconds here.
//!
//! Files: `lex` (the tagged line grammar), `plain` (untagged lines), `session`
//! (reading one session), `text` (file framing), `build` (session to runs), `json`.

mod build;
mod fastline;
mod json;
mod jsonrows;
mod lex;
mod plain;
mod session;
mod text;

#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests_campaigns;
#[cfg(test)]
mod tests_cases;
#[cfg(test)]
mod tests_json;
#[cfg(test)]
mod tests_lex;
#[cfg(test)]
mod tests_robust;
#[cfg(test)]
mod tests_server;
#[cfg(test)]
mod tests_text;

use super::{ParseContext, ParseError};
use crate::model::ParsedLog;

/// Bumped whenever the parser's output for some input changes.
pub const VERSION: u32 = 1;

/// Reads iperf3 text output (format `Iperf3Text`).
pub fn parse_text(text: &str, ctx: &ParseContext) -> Result<ParsedLog, ParseError> {
    text::parse(text, ctx)
}

/// Reads iperf3 `-J` output (format `Iperf3Json`): one object, or several concatenated.
pub fn parse_json(text: &str, ctx: &ParseContext) -> Result<ParsedLog, ParseError> {
    json::parse(text, ctx)
}
