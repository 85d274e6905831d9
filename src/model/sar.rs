//! sysstat samples: one row of one report (`-n DEV`, `-n EDEV`, `-n UDP`, `-u`, ...) for one
//! device at one time, with its metrics under their sysstat column names.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What a sysstat file says about the machine (its first line, or sadf's host record).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemInfo {
    pub kernel: Option<String>,
    pub host: Option<String>,
    pub date: Option<NaiveDate>,
    pub arch: Option<String>,
    pub cpus: Option<u32>,
}

/// One sample row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SarSample {
    /// 1-based line in the source.
    pub line: u32,
    pub host: Option<String>,
    /// The report, by sysstat's keyword: `DEV`, `EDEV`, `UDP`, `CPU`, ... For a report
    /// llreport does not know, its header's column names joined with `,`.
    pub report: String,
    /// The row's device (`IFACE` for DEV/EDEV, `CPU` for `-u`); `None` for single-row
    /// reports such as `UDP`.
    pub device: Option<String>,
    /// End of the interval the row covers, in UTC.
    pub ts: DateTime<Utc>,
    /// The interval length in seconds where the file gives it (sadf); text output does not.
    pub interval_s: Option<f64>,
    /// Values by sysstat column name (`rxpck/s`, `%ifutil`, ...), in header order.
    pub metrics: Vec<(String, f64)>,
}

impl SarSample {
    pub fn metric(&self, name: &str) -> Option<f64> {
        self.metrics
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| *v)
    }
}
