//! llreport: turns the raw logs of a leased-line acceptance test (netperf, iperf3, sar) into
//! figures people can sign.
//!
//! Data flows one way: [`parse`] (text to records) → [`store`] (SQLite) → `analysis` →
//! `render`, wired together only by the subcommands in [`cmd`]. [`model`] holds the plain
//! records every layer shares.

pub mod analysis;
pub mod cli;
pub mod cmd;
pub mod contract;
pub mod discover;
pub mod model;
pub mod parse;
pub mod plan;
pub mod render;
pub mod store;
