//! The one writer. Every output file goes through `Output::write`, to disk or to memory.
//! On disk the build writes into a staging folder beside `public/` and swaps it in only
//! when the whole build succeeded, so a failed build leaves `public/` as it was and a
//! successful one leaves exactly the current site.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// An output file's bytes, shared so that a kept file is never copied. A `Vec`, so that
/// a file made at its size (an export, a feed: megabytes) is taken over, not copied.
pub type Bytes = Arc<Vec<u8>>;
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
    /// In memory mode, the previous build's files (sorted by path), which an
    /// incremental build keeps where nothing changed. What is neither written nor kept
    /// is gone from the result.
    previous: Vec<(String, Bytes)>,
    /// A path's hash → its position in `previous` (one of them, when two share a hash):
    /// a binary search over 20,000 paths was a share of every edit.
    positions: rustc_hash::FxHashMap<u64, usize>,
    /// By position in `previous`: whether the file is kept. Marks, not copies, so that
    /// keeping 20,000 pages takes no lock and no allocation.
    kept_marks: Vec<AtomicBool>,
    kept: AtomicUsize,
}

/// A committed build.
pub struct Committed {
    pub files: Files,
    /// In memory mode, the previous build's files this one neither kept nor wrote.
    pub removed: Vec<String>,
    /// The new site is in place, but the previous one could not be removed: where it
    /// is, and why. It may hold pages since made restricted, so the build says so.
    pub leftover: Option<(PathBuf, io::Error)>,
}

/// Why the staged site is not in place.
#[derive(Debug)]
pub enum CommitError {
    /// The output folder is as it was before the build.
    Unchanged(io::Error),
    /// The previous site was moved aside and could not be put back: it is at `old`.
    Moved {
        error: io::Error,
        back: io::Error,
        old: PathBuf,
    },
}

impl std::fmt::Display for CommitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommitError::Unchanged(e) => write!(f, "{e}; the previous site was left as it was"),
            CommitError::Moved { error, back, old } => write!(
                f,
                "{error}; the previous site could not be put back ({back}) and is at {}",
                old.display()
            ),
        }
    }
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
        remove_earlier_leftovers(parent, &name);
        std::fs::create_dir_all(&staging)?;
        Ok(Output {
            mode: Mode::Disk {
                public: public.to_path_buf(),
                staging,
            },
            files: Mutex::new(BTreeMap::new()),
            previous: Vec::new(),
            positions: Default::default(),
            kept_marks: Vec::new(),
            kept: Default::default(),
        })
    }

    pub fn in_memory() -> Output {
        Output::in_memory_over(BTreeMap::new())
    }

    /// Memory mode starting from a previous build's files, for incremental builds.
    pub fn in_memory_over(previous: Files) -> Output {
        let previous: Vec<(String, Bytes)> = previous.into_iter().collect();
        let positions = previous
            .iter()
            .enumerate()
            .map(|(i, (path, _))| (path_hash(path), i))
            .collect();
        Output {
            mode: Mode::Memory,
            files: Mutex::new(BTreeMap::new()),
            positions,
            kept_marks: previous.iter().map(|_| AtomicBool::new(false)).collect(),
            previous,
            kept: Default::default(),
        }
    }

    /// Carries the files `rels` over from the previous build unchanged: all of them, or
    /// (false) none, when one was not there.
    pub fn keep(&self, rels: &[&str]) -> bool {
        // Nearly every call is for one file: no list of positions to allocate.
        if let [rel] = rels {
            let Some(i) = self.previous_at(rel) else {
                return false;
            };
            self.mark_kept(i);
            return true;
        }
        let Some(at) = rels
            .iter()
            .map(|rel| self.previous_at(rel))
            .collect::<Option<Vec<usize>>>()
        else {
            return false;
        };
        at.into_iter().for_each(|i| self.mark_kept(i));
        true
    }

    fn mark_kept(&self, i: usize) {
        self.kept_marks[i].store(true, Ordering::Relaxed);
        self.kept.fetch_add(1, Ordering::Relaxed);
    }

    /// Writes `bytes` at `rel`, or keeps the previous build's file there when it holds
    /// these bytes already; whether it wrote. For files whose making reads more than
    /// any key names (the search index's): comparing 10,000 small files costs less
    /// than deciding from keys which of them changed.
    pub fn write_unless_same(&self, rel: &str, bytes: &[u8]) -> Result<bool, WriteError> {
        match self.previous_at(rel) {
            Some(i) if self.previous[i].1.as_slice() == bytes => {
                self.mark_kept(i);
                Ok(false)
            }
            _ => self.write(rel, bytes).map(|()| true),
        }
    }

    /// The position of `rel` among the previous build's files.
    fn previous_at(&self, rel: &str) -> Option<usize> {
        let at = *self.positions.get(&path_hash(rel))?;
        if self.previous[at].0 == rel {
            return Some(at);
        }
        // Another path of the same hash.
        self.previous
            .binary_search_by(|(path, _)| path.as_str().cmp(rel))
            .ok()
    }

    fn is_kept(&self, rel: &str) -> bool {
        self.previous_at(rel)
            .is_some_and(|i| self.kept_marks[i].load(Ordering::Relaxed))
    }

    /// Writes one file at `rel` (a `/`-separated path below the output root).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.store(rel, Cow::Borrowed(bytes))
    }

    /// `write`, taking over `bytes`: in memory a file made at its size is kept as it
    /// is, not copied (see `stored`).
    pub fn write_owned(&self, rel: &str, bytes: Vec<u8>) -> Result<(), WriteError> {
        self.store(rel, Cow::Owned(bytes))
    }

    fn store(&self, rel: &str, bytes: Cow<[u8]>) -> Result<(), WriteError> {
        if rel.is_empty()
            || rel.starts_with('/')
            || rel
                .split('/')
                .any(|p| p == ".." || p == "." || p.is_empty())
        {
            return Err(WriteError::Invalid(rel.to_string()));
        }
        // Made before the map's lock is taken: copying a 13 MB export under it held
        // every other file's writer waiting.
        let (stored, on_disk) = match self.mode {
            Mode::Memory => (stored(bytes), None),
            Mode::Disk { .. } => (Arc::default(), Some(bytes)),
        };
        {
            let mut files = self.files.lock().unwrap();
            if files.contains_key(rel) || self.is_kept(rel) {
                return Err(WriteError::Duplicate(rel.to_string()));
            }
            files.insert(rel.to_string(), stored);
        }
        if let (Mode::Disk { staging, .. }, Some(bytes)) = (&self.mode, on_disk) {
            let path = staging.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| WriteError::Io(format!("{rel}: {e}")))?;
            }
            std::fs::write(&path, &bytes).map_err(|e| WriteError::Io(format!("{rel}: {e}")))?;
        }
        Ok(())
    }

    /// Files written in this build (not kept from the previous one).
    pub fn written_count(&self) -> usize {
        self.files.lock().unwrap().len()
    }

    pub fn file_count(&self) -> usize {
        self.written_count() + self.kept.load(Ordering::Relaxed)
    }

    /// Swaps the staged site in (disk) or hands back the files (memory).
    pub fn commit(self) -> Result<Committed, CommitError> {
        self.commit_with(remove_tree_in_parallel)
    }

    /// `commit`, with the removal of the previous site given (a test makes it fail).
    /// The outcome is always one of two, and says which: the new site is in place (and
    /// the previous one removed, or its whereabouts told in `leftover`), or the previous
    /// site is back in place and the error says so.
    fn commit_with(
        self,
        remove: impl Fn(&Path) -> io::Result<()>,
    ) -> Result<Committed, CommitError> {
        let files = self.files.into_inner().unwrap();
        let Mode::Disk { public, staging } = self.mode else {
            let mut all = Vec::with_capacity(self.previous.len() + files.len());
            let mut removed = Vec::new();
            for (file, kept) in self.previous.into_iter().zip(self.kept_marks) {
                if kept.into_inner() {
                    all.push(file);
                } else if !files.contains_key(&file.0) {
                    removed.push(file.0);
                }
            }
            // Sorted runs, so the map is built in one pass.
            all.extend(files);
            return Ok(Committed {
                files: all.into_iter().collect(),
                removed,
                leftover: None,
            });
        };
        let old = staging.with_file_name(format!(
            "{}.old",
            staging.file_name().unwrap().to_string_lossy()
        ));
        let had_public = public.exists();
        if had_public && let Err(e) = std::fs::rename(&public, &old) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(CommitError::Unchanged(e));
        }
        if let Err(e) = std::fs::rename(&staging, &public) {
            let _ = std::fs::remove_dir_all(&staging);
            if had_public && let Err(back) = std::fs::rename(&old, &public) {
                return Err(CommitError::Moved {
                    error: e,
                    back,
                    old,
                });
            }
            return Err(CommitError::Unchanged(e));
        }
        let leftover = match had_public.then(|| remove(&old)) {
            Some(Err(e)) => Some((old, e)),
            _ => None,
        };
        Ok(Committed {
            files,
            removed: Vec::new(),
            leftover,
        })
    }

    /// Drops everything written; `public/` is untouched. Gives back the previous
    /// build's files it started from (memory mode), as they were.
    pub fn abort(self) -> Files {
        if let Mode::Disk { staging, .. } = self.mode {
            let _ = std::fs::remove_dir_all(staging);
        }
        self.previous.into_iter().collect()
    }
}

/// A file's bytes as memory mode keeps them: a buffer with (nearly) no spare capacity
/// as it is, anything else copied at its size (a page grown by doubling: kept files
/// live as long as `serve`).
fn stored(bytes: Cow<[u8]>) -> Bytes {
    match bytes {
        Cow::Owned(v) if v.capacity() - v.len() <= v.len() / 16 => Arc::new(v),
        other => Arc::new(other.to_vec()),
    }
}

fn path_hash(path: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(path)
}

/// Removes what crashed or half-failed builds left beside the output folder (staging
/// folders, previous sites that could not be removed), as far as it can: they may hold
/// pages of documents that have since been made restricted. A build still running
/// beside this one (another process's folder) is not touched.
fn remove_earlier_leftovers(parent: &Path, name: &str) {
    let prefix = format!(".{name}.staging-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.trim_end_matches(".old");
        let alive = pid
            .parse::<u32>()
            .is_ok_and(|p| p != std::process::id() && Path::new(&format!("/proc/{p}")).exists());
        if !alive || rest.ends_with(".old") {
            let _ = std::fs::remove_dir_all(entry.path());
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
        let files = out.commit().unwrap().files;
        assert_eq!(&files["a/index.html"][..], b"x");
    }

    #[test]
    fn an_incremental_build_keeps_what_it_keeps_and_drops_the_rest() {
        let bytes = |b: &[u8]| -> Bytes { Arc::new(b.to_vec()) };
        let previous: Files = [("a", b"a0"), ("b", b"b0"), ("c", b"c0"), ("gone", b"g0")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), bytes(v)))
            .collect();
        let out = Output::in_memory_over(previous);
        assert!(out.keep(&["a", "c"]));
        // All or nothing: one missing file keeps none of them.
        assert!(!out.keep(&["gone", "missing"]));
        out.write("b", b"b1").unwrap();
        out.write("new", b"n1").unwrap();
        assert_eq!(
            out.write("a", b"a1"),
            Err(WriteError::Duplicate("a".into()))
        );
        assert_eq!((out.written_count(), out.file_count()), (2, 4));
        let committed = out.commit().unwrap();
        assert_eq!(committed.removed, ["gone"]);
        let files = committed.files;
        let got: Vec<(&str, &[u8])> = files.iter().map(|(k, v)| (k.as_str(), &v[..])).collect();
        assert_eq!(
            got,
            [
                ("a", &b"a0"[..]),
                ("b", b"b1"),
                ("c", b"c0"),
                ("new", b"n1")
            ]
        );
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

    #[test]
    fn a_previous_site_that_cannot_be_removed_is_reported_with_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(&public).unwrap();
        std::fs::write(public.join("stale.html"), "old").unwrap();
        let out = Output::to_disk(&public).unwrap();
        out.write("new.html", b"new").unwrap();
        let committed = out
            .commit_with(|_| Err(io::Error::other("immutable file")))
            .unwrap();
        // The new site is in place, and the build is told where the old one is.
        assert_eq!(std::fs::read(public.join("new.html")).unwrap(), b"new");
        let (old, e) = committed.leftover.expect("the leftover is reported");
        assert!(old.join("stale.html").exists(), "{}", old.display());
        assert_eq!(e.to_string(), "immutable file");
    }

    #[test]
    fn leftovers_of_earlier_builds_are_removed_when_the_next_one_starts() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        let stale = dir.path().join(".public.staging-1.old");
        std::fs::create_dir_all(&stale).unwrap();
        std::fs::write(stale.join("hemlig.html"), "HEMLIG").unwrap();
        let out = Output::to_disk(&public).unwrap();
        out.write("a.html", b"a").unwrap();
        out.commit().unwrap();
        assert!(!stale.exists());
    }
}
