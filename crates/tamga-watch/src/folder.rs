//! Local folders as sources: the files under a folder with their size and modification
//! time, which together key a file as seen (a file rewritten later is picked up again).
//! Hidden files and partial downloads (`.part`, `.tmp`, `.crdownload`) are left until renamed.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// One file found in a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderFile {
    pub path: PathBuf,
    /// `path|size|mtime`: changes when the file does.
    pub key: String,
}

/// The files under `dir`, recursively, in sorted order.
pub fn scan(dir: &Path) -> Result<Vec<FolderFile>> {
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    if !std::fs::metadata(dir).map_err(io)?.is_dir() {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a folder",
        )));
    }
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|source| Error::Io {
            path: d.clone(),
            source,
        })?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.')
                || [".part", ".tmp", ".crdownload"]
                    .iter()
                    .any(|s| name.ends_with(s))
            {
                continue;
            }
            let path = entry.path();
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                stack.push(path);
            } else if meta.is_file() {
                let mtime = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                let key = format!("{}|{}|{mtime}", path.display(), meta.len());
                out.push(FolderFile { path, key });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_sorted_hidden_and_partial_skipped() -> Result<()> {
        let dir = std::env::temp_dir().join(format!("tamga-watch-folder-{}", std::process::id()));
        let sub = dir.join("sub");
        std::fs::create_dir_all(&sub).map_err(|source| Error::Io {
            path: sub.clone(),
            source,
        })?;
        for name in ["b.txt", ".hidden", "c.part", "sub/a.txt"] {
            let p = dir.join(name);
            std::fs::write(&p, "x").map_err(|source| Error::Io {
                path: p.clone(),
                source,
            })?;
        }
        let got = scan(&dir)?;
        let names: Vec<_> = got
            .iter()
            .map(|f| {
                f.path
                    .strip_prefix(&dir)
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(names, ["b.txt", "sub/a.txt"]);
        assert!(scan(&dir.join("missing")).is_err());
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }
}
