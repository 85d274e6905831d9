//! Reading and parsing files on several threads while one writer stores them in order.
//!
//! Workers take the files in order, read, hash and parse them (skipping files already
//! stored) and hand the results over; the writer takes them strictly in file order, so ids
//! and messages come out the same on every run. The bytes of files in flight are bounded:
//! a worker waits before taking a file that would exceed the budget, unless nothing else is
//! in flight, so a run holds at most one large file, however many there are.

use crate::discover::Found;
use crate::model::SourceStatus;
use crate::parse::{self, Outcome, ParseContext};
use crate::store::Store;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Condvar, Mutex, PoisonError};

/// One file to ingest, with the campaign and parse context of its root.
#[derive(Debug)]
pub struct Job<'a> {
    pub campaign: &'a str,
    pub ctx: &'a ParseContext,
    pub file: &'a Found,
}

/// A file read and parsed, ready for the writer.
#[derive(Debug)]
pub enum Prepared {
    /// The file could not be read.
    Unreadable(String),
    /// The same bytes are stored at this campaign and path already: nothing to do.
    AlreadyStored,
    Read {
        bytes: Vec<u8>,
        sha256: String,
        outcome: Box<Outcome>,
    },
}

/// Reads, hashes and parses one file. `store` (a reading connection) lets files stored
/// before skip the parse; the writer checks again inside its transaction.
pub fn prepare(job: &Job<'_>, store: Option<&Store>) -> Prepared {
    let bytes = match std::fs::read(&job.file.fs_path) {
        Ok(b) => b,
        Err(e) => return Prepared::Unreadable(format!("cannot read: {e}")),
    };
    let sha256 = hex(&Sha256::digest(&bytes));
    if let Some(Ok(Some(existing))) = store.map(|s| s.find_by_sha(&sha256))
        && existing.campaign == job.campaign
        && existing.path == job.file.stored_path
        && existing.status == SourceStatus::Ok
    {
        return Prepared::AlreadyStored;
    }
    let outcome = Box::new(parse::parse_bytes(&bytes, job.ctx));
    Prepared::Read {
        bytes,
        sha256,
        outcome,
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// What the threads share.
#[derive(Debug, Default)]
struct State {
    /// The next file a worker takes.
    next: usize,
    /// Bytes of files taken and not yet stored.
    in_flight: u64,
    /// Results waiting for the writer, by file index.
    ready: BTreeMap<usize, Prepared>,
    /// The writer failed: everyone stops.
    stop: bool,
}

/// Prepares `jobs` on `workers` threads and calls `write` for each result in job order on
/// the calling thread. An error from `write` stops the workers and is returned.
pub fn run<E>(
    jobs: &[Job<'_>],
    db: &Path,
    workers: usize,
    budget: u64,
    mut write: impl FnMut(usize, Prepared) -> Result<(), E>,
) -> Result<(), E> {
    let sizes: Vec<u64> = jobs
        .iter()
        .map(|j| std::fs::metadata(&j.file.fs_path).map_or(0, |m| m.len()))
        .collect();
    let state = Mutex::new(State::default());
    let changed = Condvar::new();
    let lock = || state.lock().unwrap_or_else(PoisonError::into_inner);
    std::thread::scope(|scope| {
        for _ in 0..workers.max(1) {
            scope.spawn(|| {
                let reader = Store::open_read(db).ok();
                loop {
                    let idx = {
                        let mut st = lock();
                        loop {
                            if st.stop || st.next >= jobs.len() {
                                return;
                            }
                            let size = sizes.get(st.next).copied().unwrap_or(0);
                            if st.in_flight == 0 || st.in_flight + size <= budget {
                                st.in_flight += size;
                                st.next += 1;
                                break st.next - 1;
                            }
                            st = changed.wait(st).unwrap_or_else(PoisonError::into_inner);
                        }
                    };
                    let Some(job) = jobs.get(idx) else { return };
                    let p = prepare(job, reader.as_ref());
                    lock().ready.insert(idx, p);
                    changed.notify_all();
                }
            });
        }
        let result = (|| {
            for idx in 0..jobs.len() {
                let p = {
                    let mut st = lock();
                    loop {
                        if let Some(p) = st.ready.remove(&idx) {
                            break p;
                        }
                        st = changed.wait(st).unwrap_or_else(PoisonError::into_inner);
                    }
                };
                write(idx, p)?;
                let mut st = lock();
                st.in_flight = st
                    .in_flight
                    .saturating_sub(sizes.get(idx).copied().unwrap_or(0));
                drop(st);
                changed.notify_all();
            }
            Ok(())
        })();
        if result.is_err() {
            lock().stop = true;
            changed.notify_all();
        }
        result
    })
}
