//! Integration tests through the real `llreport` binary and real SQLite files. One test
//! binary with modules, so the crate is linked once.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod analyze;
mod common;
mod crash;
mod export;
mod golden;
mod history;
mod ingest;
mod plan;
mod plan_run;
mod report;
mod robust;
