//! The watcher: notify with a debouncer over the site folder, so an editor's atomic
//! save (write a temporary file, rename it over the original) or a burst of changes
//! becomes one rebuild. Output, VCS and editor scratch files are ignored.

use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, new_debouncer};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;
use std::time::SystemTime;

const DEBOUNCE: Duration = Duration::from_millis(120);

/// The parts of a site a rebuild reads.
fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else {
        return false;
    };
    let top = matches!(
        first.as_ref(),
        "content" | "templates" | "themes" | "static"
    );
    if !(top || first == "styrdok.yaml") {
        return false;
    }
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let scratch = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp");
    !scratch
}

/// Watches `root` on a thread of its own and calls `on_change` with each debounced
/// batch of relevant paths that changed. The returned handle stops watching when dropped.
pub fn start(
    root: &Path,
    mut on_change: impl FnMut(Vec<PathBuf>) + Send + 'static,
) -> std::io::Result<impl Drop> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, tx).map_err(std::io::Error::other)?;
    debouncer
        .watcher()
        .watch(&root, RecursiveMode::Recursive)
        .map_err(std::io::Error::other)?;
    let watched_root = root.clone();
    let mut stamps = initial_stamps(&root);
    std::thread::spawn(move || {
        while let Ok(batch) = rx.recv() {
            // Batches that come while a rebuild runs are folded by the rebuild thread.
            let mut paths = batch_paths(&watched_root, &stamps, batch);
            paths.sort();
            paths.dedup();
            // Reading files (as the build does) raises events too: only a file whose
            // size or modification time moved, or a file or folder that came or went,
            // is a change.
            paths.retain(|p| {
                relevant(&watched_root, p) && stamps_changed(&watched_root, &mut stamps, p)
            });
            if !paths.is_empty() {
                on_change(paths);
            }
        }
    });
    Ok(Guard(Some(debouncer)))
}

/// The paths a batch names. A watcher error (events lost, a watch that could not be
/// added) names none, so then every path known or now present is looked at again.
fn batch_paths(
    root: &Path,
    stamps: &HashMap<PathBuf, Stamp>,
    batch: DebounceEventResult,
) -> Vec<PathBuf> {
    match batch {
        Ok(events) => events.into_iter().map(|e| e.path).collect(),
        Err(error) => {
            eprintln!("watching: {error}; looking at every file again");
            let mut all: Vec<PathBuf> = stamps.keys().cloned().collect();
            all.extend(stamps_below(root, root).map(|(path, _)| path));
            all
        }
    }
}

/// What a path was when last seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stamp {
    File(SystemTime, u64),
    Folder,
    Gone,
}

fn stamp(path: &Path) -> Stamp {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Stamp::Folder,
        Ok(meta) => Stamp::File(
            meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            meta.len(),
        ),
        Err(_) => Stamp::Gone,
    }
}

/// The stamps of `dir` and of everything relevant below it.
fn stamps_below(root: &Path, dir: &Path) -> impl Iterator<Item = (PathBuf, Stamp)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(move |e| e.path() == root || relevant(root, e.path()))
        .flatten()
        .filter(move |e| e.path() != root)
        .map(|e| (e.path().to_path_buf(), stamp(e.path())))
}

fn initial_stamps(root: &Path) -> HashMap<PathBuf, Stamp> {
    stamps_below(root, root).collect()
}

/// Whether `path` changed since last seen, recording what it is now. A folder that is
/// still there is no change (what changed in it is reported for itself), but one that
/// came or went is: a folder renamed or moved is reported for itself alone, never for
/// the files in it, and they came or went with it.
fn stamps_changed(root: &Path, stamps: &mut HashMap<PathBuf, Stamp>, path: &Path) -> bool {
    let now = stamp(path);
    let before = stamps.get(path).copied().unwrap_or(Stamp::Gone);
    if now == before {
        return false;
    }
    if before == Stamp::Folder {
        stamps.retain(|p, _| !p.starts_with(path));
    }
    match now {
        // What came with a folder is learnt now, so that later events for it compare.
        Stamp::Folder => stamps.extend(stamps_below(root, path)),
        Stamp::Gone => {
            stamps.remove(path);
        }
        Stamp::File(..) => {
            stamps.insert(path.to_path_buf(), now);
        }
    }
    true
}

struct Guard<T>(Option<T>);

impl<T> Drop for Guard<T> {
    fn drop(&mut self) {
        self.0.take();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_sources_count() {
        let root = Path::new("/site");
        assert!(relevant(root, Path::new("/site/content/a.md")));
        assert!(relevant(root, Path::new("/site/styrdok.yaml")));
        assert!(relevant(root, Path::new("/site/templates/page.html")));
        assert!(!relevant(root, Path::new("/site/public/index.html")));
        assert!(!relevant(root, Path::new("/site/.git/index")));
        assert!(!relevant(root, Path::new("/site/content/.a.md.swp")));
        assert!(!relevant(root, Path::new("/site/content/a.md~")));
        assert!(!relevant(root, Path::new("/elsewhere/content/a.md")));
    }

    #[test]
    fn folders_that_come_or_go_are_changes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content/a")).unwrap();
        std::fs::write(root.join("content/a/x.md"), "x").unwrap();
        std::fs::create_dir_all(root.join("public/a")).unwrap();
        let mut stamps = initial_stamps(&root);
        assert!(stamps.contains_key(&root.join("content/a/x.md")));
        assert!(!stamps.keys().any(|p| p.starts_with(root.join("public"))));
        let mut changed = |p: &str| stamps_changed(&root, &mut stamps, &root.join(p));
        assert!(!changed("content/a"), "a folder that is still there");
        std::fs::rename(root.join("content/a"), root.join("content/b")).unwrap();
        assert!(changed("content/a"));
        assert!(changed("content/b"));
        assert!(!changed("content/b/x.md"), "learnt with its folder");
        assert!(!changed("content/b"));
        assert!(!changed("content/a/x.md"), "forgotten with its folder");
        std::fs::rename(root.join("content/b"), root.join("content/a")).unwrap();
        assert!(changed("content/a"));
        assert!(changed("content/b"));
    }
}
