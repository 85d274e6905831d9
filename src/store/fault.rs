//! What a failing SQLite call means for the person running llreport: a full disk and a
//! store that cannot be written get their own messages; a read-only store is still read
//! (opened as immutable when SQLite cannot create its `-shm` file beside it).

use super::StoreError;
use rusqlite::ErrorCode;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The error for a failed SQLite call on the store at `path`.
pub(super) fn classify(path: &Path, source: rusqlite::Error) -> StoreError {
    let path_buf = path.to_path_buf();
    match source.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => StoreError::Full { path: path_buf },
        // Growing the -shm file of a full disk is reported as an I/O error.
        Some(ErrorCode::SystemIoFailure) if no_space_beside(path) => {
            StoreError::Full { path: path_buf }
        }
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly {
            why: why_not_writable(path),
            path: path_buf,
        },
        Some(ErrorCode::CannotOpen) if path.is_file() => StoreError::ReadOnly {
            why: why_not_writable(path),
            path: path_buf,
        },
        Some(ErrorCode::CannotOpen) => StoreError::CannotCreate {
            why: why_not_creatable(path),
            path: path_buf,
        },
        _ => StoreError::Sqlite {
            path: path_buf,
            error: source,
        },
    }
}

/// Whether a small file cannot be written beside the store for want of space (the probe
/// file is removed again).
fn no_space_beside(path: &Path) -> bool {
    use std::io::Write;
    let probe = companion(path, &format!(".space-probe-{}", std::process::id()));
    let full = match std::fs::File::create_new(&probe) {
        Ok(mut f) => f
            .write_all(&[0u8; 8192])
            .and_then(|()| f.sync_all())
            .is_err_and(|e| e.kind() == ErrorKind::StorageFull),
        Err(e) => e.kind() == ErrorKind::StorageFull,
    };
    let _ = std::fs::remove_file(&probe);
    full
}

/// Why no store can be created at `path`, as far as the file system tells.
fn why_not_creatable(path: &Path) -> String {
    if path.is_dir() {
        return format!(
            "it is a folder; give a file name such as {}",
            path.join("llreport.db").display()
        );
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match std::fs::metadata(parent) {
        Err(e) if e.kind() == ErrorKind::NotFound => {
            format!("the folder {} does not exist", parent.display())
        }
        Ok(m) if !m.is_dir() => format!("{} is not a folder", parent.display()),
        Err(e) => format!("{}: {e}", parent.display()),
        Ok(_) => format!(
            "SQLite cannot create a file in {} (is it writable?)",
            parent.display()
        ),
    }
}

/// Why the store cannot be written, as far as the file system tells.
fn why_not_writable(path: &Path) -> String {
    match std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
    {
        Err(e) if e.kind() == ErrorKind::ReadOnlyFilesystem => {
            "it is on a read-only file system".into()
        }
        Err(e) if e.kind() == ErrorKind::PermissionDenied => {
            "the file is not writable by this user".into()
        }
        Err(e) => e.to_string(),
        Ok(_) => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            format!(
                "its directory is not writable, and SQLite needs to create {name}-wal and {name}-shm beside it"
            )
        }
    }
}

/// Whether an error opening the store for reading is SQLite failing to create the shared
/// memory file of a WAL store in a read-only place, with no write-ahead log left to read:
/// then the file alone holds the whole store and can be opened as immutable.
pub(super) fn can_read_immutable(path: &Path, e: &StoreError) -> bool {
    let cannot_open = matches!(e, StoreError::ReadOnly { .. });
    let wal = companion(path, "-wal");
    let no_wal = match std::fs::metadata(&wal) {
        Ok(m) => m.len() == 0,
        Err(e) => e.kind() == ErrorKind::NotFound,
    };
    cannot_open && no_wal
}

/// The `file:` URI that opens `path` as immutable: `%`, `?` and `#` escaped.
pub(super) fn immutable_uri(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut s = String::from("file:");
    for c in abs.to_string_lossy().chars() {
        match c {
            '%' => s.push_str("%25"),
            '?' => s.push_str("%3f"),
            '#' => s.push_str("%23"),
            c => s.push(c),
        }
    }
    s.push_str("?immutable=1");
    s
}

fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_escape_what_sqlite_reads_as_syntax() {
        assert_eq!(
            immutable_uri(Path::new("/a b/x%y?z#w.db")),
            "file:/a b/x%25y%3fz%23w.db?immutable=1"
        );
    }
}
