//! Finding the files to ingest under the paths a user gives: recursive, sorted, following
//! symbolic links without looping, and deciding the campaign name, the stored path and the
//! direction hint of each file.

use crate::model::Direction;
use std::path::{Component, Path, PathBuf};

/// A file found under a root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Where to read it.
    pub fs_path: PathBuf,
    /// The path recorded in the store: the root's own name joined with the path below it
    /// (`sample-acceptance/inbound/pps/netperf-vpc1-client.log`), `/`-separated, so that the
    /// same tree gives the same paths from any working directory.
    pub stored_path: String,
    /// A path component named `inbound` or `outbound` (any case).
    pub direction_hint: Option<Direction>,
}

/// A place that could not be walked (unreadable directory, symbolic link loop).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkError {
    pub path: String,
    pub message: String,
}

/// The campaign name a root gives when none is given: its base name (`.` is the working
/// directory's name).
pub fn campaign_name(root: &Path) -> String {
    let abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    abs.file_name()
        .or_else(|| root.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "default".to_string())
}

/// Every regular file under `root` (or `root` itself when it is a file), sorted by path,
/// leaving out `skip` (the store's own files). Errors of the walk are returned beside the
/// files; they do not stop it.
pub fn walk(root: &Path, skip: &[PathBuf]) -> (Vec<Found>, Vec<WalkError>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let base = campaign_name(root);
    let skip: Vec<PathBuf> = skip
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let p = e.path();
                if std::fs::canonicalize(p).is_ok_and(|c| skip.contains(&c)) {
                    continue;
                }
                let rel = p.strip_prefix(root).unwrap_or(p);
                let stored_path = stored(&base, rel, root.is_file());
                let direction_hint = hint(p);
                found.push(Found {
                    fs_path: p.to_path_buf(),
                    stored_path,
                    direction_hint,
                });
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| root.display().to_string());
                let message = if e.loop_ancestor().is_some() {
                    "symbolic link loop; not followed".to_string()
                } else {
                    e.io_error()
                        .map(|io| io.to_string())
                        .unwrap_or_else(|| e.to_string())
                };
                errors.push(WalkError { path, message });
            }
        }
    }
    (found, errors)
}

fn stored(base: &str, rel: &Path, root_is_file: bool) -> String {
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if root_is_file || parts.is_empty() {
        base.to_string()
    } else {
        format!("{base}/{}", parts.join("/"))
    }
}

/// The last path component that names a direction.
fn hint(p: &Path) -> Option<Direction> {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => {
                let s = s.to_string_lossy().to_ascii_lowercase();
                Direction::from_name(&s)
            }
            _ => None,
        })
        .next_back()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_with_hints_and_survives_loops() {
        let d = tempfile::tempdir().expect("tmp");
        let root = d.path().join("camp");
        std::fs::create_dir_all(root.join("Inbound/pps")).expect("mk");
        std::fs::create_dir_all(root.join("outbound")).expect("mk");
        std::fs::write(root.join("Inbound/pps/b.log"), "x").expect("w");
        std::fs::write(root.join("outbound/a.log"), "x").expect("w");
        std::fs::write(root.join("top.log"), "x").expect("w");
        std::fs::write(root.join("store.db"), "x").expect("w");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&root, root.join("outbound/loop")).expect("ln");
        let (found, errors) = walk(&root, &[root.join("store.db")]);
        let paths: Vec<_> = found.iter().map(|f| f.stored_path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "camp/Inbound/pps/b.log",
                "camp/outbound/a.log",
                "camp/top.log"
            ]
        );
        assert_eq!(found[0].direction_hint, Some(Direction::Inbound));
        assert_eq!(found[1].direction_hint, Some(Direction::Outbound));
        assert_eq!(found[2].direction_hint, None);
        #[cfg(unix)]
        assert!(
            errors.iter().any(|e| e.message.contains("loop")),
            "{errors:?}"
        );
        assert_eq!(campaign_name(&root), "camp");
    }

    #[test]
    fn a_file_root_is_stored_under_its_name() {
        let d = tempfile::tempdir().expect("tmp");
        let f = d.path().join("outbound").join("x.log");
        std::fs::create_dir_all(f.parent().expect("p")).expect("mk");
        std::fs::write(&f, "x").expect("w");
        let (found, errors) = walk(&f, &[]);
        assert!(errors.is_empty());
        assert_eq!(found[0].stored_path, "x.log");
        assert_eq!(found[0].direction_hint, Some(Direction::Outbound));
    }
}
