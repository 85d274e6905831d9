//! The SQLite store: one file holding campaigns, the raw bytes of every source, and the runs,
//! flows, intervals and sar samples read from them. rusqlite stays inside this module.
//!
//! The schema is versioned with `PRAGMA user_version` and forward migrations
//! ([`schema::MIGRATIONS`]); a store written by a newer llreport is refused before anything
//! is written. WAL mode and a busy timeout let several processes share one store.

mod campaign;
mod evidence;
mod export;
mod fault;
mod read;
pub mod schema;
mod write;

pub use campaign::{CampaignRecord, ContractInput};
pub use evidence::SourceDiagnostic;
pub use export::{StoredTable, columns as table_columns};
pub use read::SampleFilter;
pub use write::{FileContent, FileInput, Stored};

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(120);

/// An error of the store, naming the store file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: this store was written by a newer llreport (schema version {found}; this llreport knows up to {supported}); upgrade llreport to read it. Nothing was changed."
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{path}: not an llreport store (it holds other tables); give another --db")]
    Foreign { path: PathBuf },
    #[error("{path}: no store here; run `llreport ingest` first or give --db")]
    Missing { path: PathBuf },
    #[error(
        "{path}: the disk holding the store is full; the transaction under way was rolled back, so the store holds what it held before it. Free some space and run the command again"
    )]
    Full { path: PathBuf },
    #[error(
        "{path}: the store cannot be written: {why}. Nothing was changed; writing commands need a writable store, reading ones (runs, sources, samples, analyze) read this one as it is"
    )]
    ReadOnly { path: PathBuf, why: String },
    #[error("{path}: a folder, not a store file; give --db FILE")]
    Folder { path: PathBuf },
    #[error("{path}: cannot create the store: {why}")]
    CannotCreate { path: PathBuf, why: String },
    /// SQLite's own message; its error code is not repeated after it.
    #[error("{path}: {error}")]
    Sqlite {
        path: PathBuf,
        error: rusqlite::Error,
    },
    #[error("{0}")]
    NotFound(String),
    #[error("writing the output: {0}")]
    Output(#[source] std::io::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An open store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the store at `path` for writing, migrating it to the
    /// current schema in one transaction.
    pub fn open(path: &Path) -> Result<Store> {
        let err = sqlite_err(path);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(&err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(&err)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.check_version()?;
        store.use_wal()?;
        store
            .conn
            .execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
            .map_err(&err)?;
        store.migrate()?;
        Ok(store)
    }

    /// Switches a new store to WAL mode (the mode is kept in the file). Another process
    /// creating the same store holds its lock in a way SQLite does not wait for here, so
    /// "busy" is retried until the busy timeout.
    fn use_wal(&self) -> Result<()> {
        let err = sqlite_err(&self.path);
        let started = std::time::Instant::now();
        loop {
            let r = self
                .conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
            match r {
                Err(e)
                    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                        && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                r => return r.map(|_| ()).map_err(&err),
            }
        }
    }

    /// Opens an existing store for reading only; nothing is created or migrated. A store of
    /// an older schema must be opened with [`Store::open`] first (any writing command does).
    pub fn open_read(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        if path.is_dir() {
            return Err(StoreError::Folder {
                path: path.to_path_buf(),
            });
        }
        let store = match Store::connect_read(path, &path.to_string_lossy(), false) {
            Err(e) if fault::can_read_immutable(path, &e) => {
                // A read-only directory or file system: SQLite cannot create the -shm file.
                Store::connect_read(path, &fault::immutable_uri(path), true)?
            }
            r => r?,
        };
        let v = store.check_version()?;
        if v < schema::CURRENT_VERSION {
            // An older store: migrate it through a writable connection, then read.
            drop(store);
            return match Store::open(path) {
                Ok(_) => Store::open_read(path),
                Err(StoreError::ReadOnly { path, why }) => Err(StoreError::ReadOnly {
                    path,
                    why: format!(
                        "{why}, and it was written by an older llreport (schema version {v}): it must be upgraded once by a command that can write to it (any `llreport ingest`)"
                    ),
                }),
                Err(e) => Err(e),
            };
        }
        Ok(store)
    }

    /// A read-only connection whose first read has succeeded.
    fn connect_read(path: &Path, name: &str, uri: bool) -> Result<Store> {
        let err = sqlite_err(path);
        let mut flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if uri {
            flags |= OpenFlags::SQLITE_OPEN_URI;
        }
        let conn = Connection::open_with_flags(name, flags).map_err(&err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(&err)?;
        conn.pragma_query_value(None, "schema_version", |r| r.get::<_, i64>(0))
            .map_err(&err)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the file, refusing newer and foreign databases. Version and
    /// tables are read in one statement, so in one snapshot: another process creating the
    /// store at the same moment is seen before or after its migration, never halfway.
    fn check_version(&self) -> Result<i64> {
        let err = sqlite_err(&self.path);
        let (v, tables): (i64, i64) = self
            .conn
            .query_row(
                "SELECT (SELECT user_version FROM pragma_user_version),
                        (SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(&err)?;
        if v > schema::CURRENT_VERSION {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: v,
                supported: schema::CURRENT_VERSION,
            });
        }
        if v == 0 && tables > 0 {
            return Err(StoreError::Foreign {
                path: self.path.clone(),
            });
        }
        Ok(v)
    }

    /// Applies the missing migrations in one transaction.
    fn migrate(&self) -> Result<()> {
        let err = sqlite_err(&self.path);
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(&err)?;
        let run = || -> Result<()> {
            // Another process may have migrated while we waited for the lock.
            let v = self.check_version()?;
            for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(v as usize) {
                self.conn.execute_batch(sql).map_err(&err)?;
                self.conn
                    .pragma_update(None, "user_version", (i + 1) as i64)
                    .map_err(&err)?;
            }
            Ok(())
        };
        match run() {
            Ok(()) => self.conn.execute_batch("COMMIT").map_err(&err),
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sqlite_err(&self.path))
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        sqlite_err(&self.path)
    }
}

fn sqlite_err(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |source| fault::classify(path, source)
}

/// RFC 3339 in UTC with milliseconds: sortable as text.
pub(crate) fn ts_text(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests;
