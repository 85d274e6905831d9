//! sysstat samples: one row of one report (`-n DEV`, `-n EDEV`, `-n UDP`, `-u`, ...) for one
//! device at one time, with its metrics under their sysstat column names.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What a sysstat file says about the machine (its first line, or sadf's host record).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemInfo {
    pub kernel: Option<String>,
    pub host: Option<String>,
    pub date: Option<NaiveDate>,
    pub arch: Option<String>,
    pub cpus: Option<u32>,
}

/// What every row of one report for one device in one file shares: held once and
/// reference-counted, so a day of one-second samples stays small in memory and a row costs
/// one reference count, not four.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampleHead {
    pub host: Option<Arc<str>>,
    /// The report, by sysstat's keyword: `DEV`, `EDEV`, `UDP`, `CPU`, ... For a report
    /// llreport does not know, its header's column names joined with `,`.
    pub report: Arc<str>,
    /// The row's device (`IFACE` for DEV/EDEV, `CPU` for `-u`); `None` for single-row
    /// reports such as `UDP`.
    pub device: Option<Arc<str>>,
    /// The sysstat column names of the values (`rxpck/s`, `%ifutil`, ...), in header order.
    pub columns: Arc<[String]>,
}

/// One sample row: host, report, device and column names in its [`SampleHead`], shared
/// with the other rows of its report and device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SarSample {
    /// 1-based line in the source.
    pub line: u32,
    pub head: Arc<SampleHead>,
    /// End of the interval the row covers, in UTC.
    pub ts: DateTime<Utc>,
    /// The interval length in seconds where the file gives it (sadf); text output does not.
    pub interval_s: Option<f64>,
    /// One value per column.
    pub values: Vec<f64>,
}

impl SarSample {
    pub fn host(&self) -> Option<&str> {
        self.head.host.as_deref()
    }

    pub fn report(&self) -> &str {
        &self.head.report
    }

    pub fn device(&self) -> Option<&str> {
        self.head.device.as_deref()
    }

    pub fn columns(&self) -> &[String] {
        &self.head.columns
    }

    /// The value of column `name`.
    pub fn metric(&self, name: &str) -> Option<f64> {
        let i = self.columns().iter().position(|c| c == name)?;
        self.values.get(i).copied()
    }

    /// (column, value) pairs in header order.
    pub fn metrics(&self) -> impl Iterator<Item = (&str, f64)> + '_ {
        self.columns()
            .iter()
            .map(String::as_str)
            .zip(self.values.iter().copied())
    }

    /// The pairs as owned values (for comparisons and listings).
    pub fn metric_pairs(&self) -> Vec<(String, f64)> {
        self.metrics().map(|(k, v)| (k.to_string(), v)).collect()
    }
}
