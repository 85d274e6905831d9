//! Plain records and units shared by every layer: runs, flows, intervals, sar samples, and
//! typed quantities. This module imports nothing else of llreport's.

pub mod analysis;
pub mod contract;
pub mod log;
pub mod record;
pub mod run;
pub mod sar;
pub mod table;
pub mod time;
pub mod trend;
pub mod units;

pub use contract::{Contract, Side};
pub use log::{Diagnostic, LogFormat, ParsedLog, Severity};
pub use record::{DevRow, DevSource, RunRecord, SourceRecord, SourceStatus};
pub use run::{
    Counters, Direction, Endpoint, Flow, Interval, Protocol, Role, Run, RunStatus, Tool, Transfer,
};
pub use sar::{SampleHead, SarSample, SystemInfo};
pub use time::TimeZoneSpec;
pub use units::{BitsPerSec, Bytes, Packets, PacketsPerSec, Seconds};
