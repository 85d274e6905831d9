//! Output formats. Each renderer takes a ready view model and returns bytes; the commands
//! decide where the bytes go. Templates and charts do no arithmetic: the view models carry
//! every figure already computed.

pub mod analysis;
pub mod charts;
pub mod export;
pub mod history;
pub mod listing;
pub mod report;
pub mod samples;
pub mod summary;
pub mod table;
