//! The one writer. Every output file goes through `Output::write`, to disk or to memory.
//! On disk the build writes into a staging folder beside `public/` and swaps it in only
//! when the whole build succeeded, so a failed build leaves `public/` as it was and a
//! successful one leaves exactly the current site.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// An output file's bytes, shared so that a kept file is never copied.
pub type Bytes = Arc<[u8]>;
/// A built site in memory: path below the output root → bytes.
pub type Files = BTreeMap<String, Bytes>;

enum Mode {
    Disk { public: PathBuf, staging: PathBuf },
    Memory,
}

pub struct Output {
    mode: Mode,
    /// Every path written, with its bytes in memory mode.
    files: Mutex<Files>,
    /// In memory mode, the previous build's files, which an incremental build keeps
    /// where nothing changed. What is neither written nor kept is gone from the result.
    previous: Mutex<Files>,
    kept: std::sync::atomic::AtomicUsize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum WriteError {
    /// Two pages of the site want the same file.
    Duplicate(String),
    Invalid(String),
    Io(String),
}

impl Output {
    /// Prepares a staging folder next to `public`.
    pub fn to_disk(public: &Path) -> io::Result<Output> {
        let parent = public
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = public
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        Ok(Output {
            mode: Mode::Disk {
                public: public.to_path_buf(),
                staging,
            },
            files: Mutex::new(BTreeMap::new()),
            previous: Mutex::new(BTreeMap::new()),
            kept: Default::default(),
        })
    }

    pub fn in_memory() -> Output {
        Output::in_memory_over(BTreeMap::new())
    }

    /// Memory mode starting from a previous build's files, for incremental builds.
    pub fn in_memory_over(previous: Files) -> Output {
        Output {
            mode: Mode::Memory,
            files: Mutex::new(BTreeMap::new()),
            previous: Mutex::new(previous),
            kept: Default::default(),
        }
    }

    /// Carries `rel` over from the previous build unchanged. False when there is none.
    pub fn keep(&self, rel: &str) -> bool {
        let Some(bytes) = self.previous.lock().unwrap().get(rel).cloned() else {
            return false;
        };
        self.files.lock().unwrap().insert(rel.to_string(), bytes);
        self.kept.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        true
    }

    /// Writes one file at `rel` (a `/`-separated path below the output root).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        if rel.is_empty()
            || rel.starts_with('/')
            || rel
                .split('/')
                .any(|p| p == ".." || p == "." || p.is_empty())
        {
            return Err(WriteError::Invalid(rel.to_string()));
        }
        {
            let mut files = self.files.lock().unwrap();
            if files.contains_key(rel) {
                return Err(WriteError::Duplicate(rel.to_string()));
            }
            let stored: Bytes = match self.mode {
                Mode::Memory => Arc::from(bytes),
                Mode::Disk { .. } => Arc::from(&[][..]),
            };
            files.insert(rel.to_string(), stored);
        }
        if let Mode::Disk { staging, .. } = &self.mode {
            let path = staging.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| WriteError::Io(format!("{rel}: {e}")))?;
            }
            std::fs::write(&path, bytes).map_err(|e| WriteError::Io(format!("{rel}: {e}")))?;
        }
        Ok(())
    }

    /// Files written in this build (not kept from the previous one).
    pub fn written_count(&self) -> usize {
        let kept_or_written = self.files.lock().unwrap().len();
        kept_or_written - self.kept.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn file_count(&self) -> usize {
        self.files.lock().unwrap().len()
    }

    /// Swaps the staged site in (disk) or hands back the files (memory).
    pub fn commit(self) -> io::Result<Files> {
        let files = self.files.into_inner().unwrap();
        if let Mode::Disk { public, staging } = self.mode {
            let old = staging.with_file_name(format!(
                "{}.old",
                staging.file_name().unwrap().to_string_lossy()
            ));
            let had_public = public.exists();
            if had_public {
                std::fs::rename(&public, &old)?;
            }
            if let Err(e) = std::fs::rename(&staging, &public) {
                if had_public {
                    let _ = std::fs::rename(&old, &public);
                }
                let _ = std::fs::remove_dir_all(&staging);
                return Err(e);
            }
            if had_public {
                remove_tree_in_parallel(&old)?;
            }
        }
        Ok(files)
    }

    /// Drops everything written; `public/` is untouched.
    pub fn abort(self) {
        if let Mode::Disk { staging, .. } = self.mode {
            let _ = std::fs::remove_dir_all(staging);
        }
    }
}

/// Deleting the previous site is a large share of a build's system time; spread it
/// over the cores.
fn remove_tree_in_parallel(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.par_iter().try_for_each(|p| {
        if p.is_dir() && !p.is_symlink() {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        }
    })?;
    std::fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_mode_keeps_files_and_refuses_duplicates() {
        let out = Output::in_memory();
        out.write("a/index.html", b"x").unwrap();
        assert_eq!(
            out.write("a/index.html", b"y"),
            Err(WriteError::Duplicate("a/index.html".into()))
        );
        assert!(matches!(
            out.write("../x", b""),
            Err(WriteError::Invalid(_))
        ));
        let files = out.commit().unwrap();
        assert_eq!(&files["a/index.html"][..], b"x");
    }

    #[test]
    fn disk_mode_swaps_and_abort_keeps_old() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(&public).unwrap();
        std::fs::write(public.join("stale.html"), "old").unwrap();

        let out = Output::to_disk(&public).unwrap();
        out.write("new.html", b"new").unwrap();
        out.abort();
        assert!(public.join("stale.html").exists());
        assert!(!public.join("new.html").exists());

        let out = Output::to_disk(&public).unwrap();
        out.write("new.html", b"new").unwrap();
        out.commit().unwrap();
        assert!(!public.join("stale.html").exists());
        assert_eq!(std::fs::read(public.join("new.html")).unwrap(), b"new");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only public/ remains");
    }
}
