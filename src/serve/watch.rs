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
/// batch of relevant paths. The returned handle stops watching when dropped.
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
            let Ok(events) = batch else { continue };
            let mut paths: Vec<PathBuf> = events.into_iter().map(|e| e.path).collect();
            // More batches may already be waiting: fold them into one rebuild.
            while let Ok(Ok(more)) = rx.try_recv() {
                paths.extend(more.into_iter().map(|e| e.path));
            }
            paths.sort();
            paths.dedup();
            // Reading files (as the build does) raises events too: only a file whose
            // size or modification time moved, or that came or went, is a change.
            paths.retain(|p| relevant(&watched_root, p) && stamps_changed(&mut stamps, p));
            if !paths.is_empty() {
                on_change(paths);
            }
        }
    });
    Ok(Guard(Some(debouncer)))
}

type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    if meta.is_dir() {
        return None;
    }
    Some((meta.modified().ok()?, meta.len()))
}

fn initial_stamps(root: &Path) -> HashMap<PathBuf, Stamp> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || relevant(root, e.path())
                || e.file_type().is_dir() && e.depth() == 1 && relevant(root, &e.path().join("x"))
        })
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), stamp(e.path())))
        .collect()
}

fn stamps_changed(stamps: &mut HashMap<PathBuf, Stamp>, path: &Path) -> bool {
    if path.is_dir() {
        return false;
    }
    let now = stamp(path);
    let before = stamps.insert(path.to_path_buf(), now);
    before.flatten() != now
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
}
