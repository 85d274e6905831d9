//! Robustness through the library and the real binary: damaged inputs of every kind, file
//! system trouble (symbolic link loops, unreadable and changing files), a full disk, a
//! read-only store, several processes on one store, and stores of other schema versions.
//! docs/robustness.md describes what is promised and how it is tested.

mod concurrency;
mod cuts;
mod disk;
mod files;
mod reports;
mod tree;
pub mod util;
mod versions;
