//! A sar text column header and what the rows under it share: which field holds what, the
//! report and value columns, the clock that rolls its rows over at midnight, and its
//! devices in the order their rows come, each with the sample head its rows share and the
//! sums for the check against sar's Average rows.

use super::Shared;
use super::fastrow::Field;
use super::reports;
use crate::model::SampleHead;
use chrono::NaiveTime;
use std::collections::HashMap;
use std::sync::Arc;

type FoldMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// A column header line: its columns after the time and the report they make.
#[derive(Debug)]
pub(super) struct Header {
    pub line: u32,
    pub names: Vec<String>,
    /// The names of the value columns (the device and text columns left out), shared by
    /// every row of this header.
    pub columns: Arc<[String]>,
    /// What each field of a row under this header holds, decided once from the names.
    pub kinds: Vec<Field>,
    pub report: Arc<str>,
    pub known: bool,
    pub warned: bool,
    /// The text after the time of the last line found to repeat this header (see
    /// [`super::fastrow::after_time`]): a line with the same text repeats it, found by one
    /// compare.
    pub tail: Option<String>,
    /// Day roll-over of this header's rows since the last first line.
    clock: Option<Clock>,
    /// The devices of this header's rows since the last first line, in the order first
    /// seen, with their sums.
    devices: Vec<Device>,
    /// The slot of each device in `devices`; looked up only when the next row's device is
    /// not the one after the last row's, as it is in the steady state of a capture.
    slot_of: FoldMap<Option<Arc<str>>, usize>,
    /// The slot after the last row's.
    next: usize,
}

/// Days since the first line's date, and the last time seen.
#[derive(Debug, Clone, Copy)]
struct Clock {
    days: u64,
    last: NaiveTime,
}

/// One device of a header: the head its rows share, and the sums of its stored rows.
#[derive(Debug)]
pub(super) struct Device {
    pub head: Arc<SampleHead>,
    pub acc: Acc,
}

/// Sums of the stored rows of one header and device, for the Average check.
#[derive(Debug, Default)]
pub(super) struct Acc {
    pub n: u32,
    pub sums: Vec<f64>,
}

impl Header {
    /// The header of `names` first seen at `line`.
    pub fn new(line: u32, names: Vec<String>, shared: &mut Shared) -> Self {
        let (report, known) = reports::report_name(&names);
        let device = names.first().is_some_and(|d| reports::is_device_column(d));
        let kinds: Vec<Field> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                if i == 0 && device {
                    Field::Device
                } else if reports::is_text_column(n) {
                    Field::Text
                } else {
                    Field::Value
                }
            })
            .collect();
        let columns = shared.columns(
            names
                .iter()
                .zip(&kinds)
                .filter(|(_, k)| **k == Field::Value)
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .into_iter(),
        );
        Header {
            line,
            names,
            columns,
            kinds,
            report: shared.name(&report),
            known,
            warned: false,
            tail: None,
            clock: None,
            devices: Vec::new(),
            slot_of: FoldMap::default(),
            next: 0,
        }
    }

    /// Forgets the clock, the devices and their sums: a first line starts a new day count,
    /// may name another host, and restarts the Average sums.
    pub fn restart(&mut self) {
        self.clock = None;
        self.devices.clear();
        self.slot_of.clear();
        self.next = 0;
    }

    /// Moves the clock to `time`, rolling over to the next day when time goes back; the
    /// days since the first line's date.
    pub fn advance(&mut self, time: NaiveTime) -> u64 {
        let c = self.clock.get_or_insert(Clock {
            days: 0,
            last: time,
        });
        if time < c.last {
            c.days += 1;
        }
        c.last = time;
        c.days
    }

    /// The device of a row of this header, added if new: the slot after the last row's when
    /// it is that device, else looked up.
    pub fn device(
        &mut self,
        device: Option<&str>,
        host: &Option<Arc<str>>,
        shared: &mut Shared,
    ) -> Option<&mut Device> {
        let next = if self.next < self.devices.len() {
            self.next
        } else {
            0
        };
        let i = match self.devices.get(next) {
            Some(d) if d.head.device.as_deref() == device => next,
            _ => {
                let name = device.map(|d| shared.name(d));
                let fresh = self.devices.len();
                let i = *self.slot_of.entry(name.clone()).or_insert(fresh);
                if i == fresh {
                    let head = shared.head(
                        host.clone(),
                        self.report.clone(),
                        name,
                        self.columns.clone(),
                    );
                    self.devices.push(Device {
                        head,
                        acc: Acc::default(),
                    });
                }
                i
            }
        };
        self.next = i + 1;
        self.devices.get_mut(i)
    }

    /// The sums of `device`'s stored rows since the last first line, if it has any.
    pub fn sums(&self, device: Option<&str>) -> Option<&Acc> {
        let i = self.slot_of.get(&device.map(Arc::from))?;
        self.devices.get(*i).map(|d| &d.acc)
    }
}
