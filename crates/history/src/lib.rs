//! History from git: when each document's file last changed and the commits that touched
//! it, newest first.
//!
//! Read in-process with gix in one walk over the history for the whole site (never one
//! `git log` per file): commits come newest first by commit time, as `git log` lists
//! them; each commit's tree below the folder holding the documents is compared with its
//! parents', descending only into folders whose tree ids differ, so an unchanged folder
//! costs one id comparison. The walk stops as soon as every document has all the entries
//! it can show.
//!
//! The rules follow `git log -- FILE` without options: a merge counts as a change of a file
//! only when the file differs from every parent (otherwise the change is the one made on
//! the branch, which the walk meets too); renames are not followed. Dates are the author's
//! date in the author's time zone. Everything comes from the commits, nothing from the
//! clock, so the same commit always gives the same pages.
//!
//! A shallow clone lacks the older commits: every file would seem to have been created
//! by the oldest commit present. Then there is no history, one warning says how to fetch
//! the whole history, and pages fall back to the front matter's `decided`. Outside a git
//! repository (or before its first commit) history is silently off.

use gix::ObjectId;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use styrdok_core::diag::{Diagnostic, Loc};
use styrdok_core::text::Date;

/// One commit that touched a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The author date, in the author's time zone (what `git log` shows).
    pub date: Date,
    pub author: String,
    /// The commit message's summary (its first paragraph on one line).
    pub message: String,
    /// The full commit id, hexadecimal.
    pub commit: String,
    /// Every file below the documents' common folder that the commit changed, relative
    /// to the site root (deleted and non-document files too), shared by the entries of
    /// that commit. A page shows the message only when all of them are published: a
    /// commit that also touched a restricted document or a draft would otherwise tell
    /// its summary on a public page.
    pub touched: std::sync::Arc<Vec<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileHistory {
    /// The newest commit's date, also when `entries` is 0.
    pub last_changed: Option<Date>,
    /// Newest first, at most the configured number.
    pub changes: Vec<Change>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum State {
    /// Not asked for, outside a git repository, or no commit yet: pages show nothing.
    #[default]
    Off,
    /// A git repository whose history cannot be trusted (shallow) or read: pages fall back
    /// to `decided`.
    Unavailable,
    Loaded,
}

#[derive(Clone, Debug, Default)]
pub struct History {
    pub state: State,
    /// By source path, relative to the site root (`content/rs/ra.md`). A file without
    /// an entry has no commit yet.
    pub files: HashMap<String, FileHistory>,
}

impl History {
    pub fn file(&self, source_path: &str) -> Option<&FileHistory> {
        self.files.get(source_path)
    }
}

/// Where the site lives in its repository.
#[derive(Clone, Debug)]
pub struct RepoLocation {
    /// The work tree's top folder (the one holding `.git`).
    pub top: PathBuf,
    /// The site root relative to `top`: "" or `site/`, `/`-separated.
    pub prefix: String,
}

/// Finds the repository holding `root` by looking for `.git` (a folder, or a file in a
/// linked work tree or submodule) upwards. Cheap: used also to place CI annotations.
pub fn locate(root: &Path) -> Option<RepoLocation> {
    let root = root.canonicalize().ok()?;
    let top = root.ancestors().find(|a| a.join(".git").exists())?;
    let prefix: String = root
        .strip_prefix(top)
        .ok()?
        .components()
        .map(|c| format!("{}/", c.as_os_str().to_string_lossy()))
        .collect();
    Some(RepoLocation {
        top: top.to_path_buf(),
        prefix,
    })
}

/// The site folder inside its repository ("" when it is the top, or outside git).
pub fn repo_prefix(root: &Path) -> String {
    locate(root).map(|l| l.prefix).unwrap_or_default()
}

/// Reads the history of `source_paths` (relative to the site root), keeping `entries`
/// changes per file. Returns at most one diagnostic, a warning.
pub fn load(root: &Path, source_paths: &[String], entries: usize) -> (History, Vec<Diagnostic>) {
    let Some(location) = locate(root) else {
        return (History::default(), Vec::new());
    };
    let unavailable = |message: String| {
        (
            History {
                state: State::Unavailable,
                files: HashMap::new(),
            },
            vec![Diagnostic::warning(
                &Loc::file(styrdok_config::CONFIG_FILE),
                message,
            )],
        )
    };
    match read(&location, source_paths, entries) {
        Ok(Outcome::Off) => (History::default(), Vec::new()),
        Ok(Outcome::Shallow) => unavailable(
            "the git repository is a shallow clone, so the history of the documents is incomplete; \
             pages show their `decided` date instead of their last change. Fetch the whole history: \
             `fetch-depth: 0` (actions/checkout in GitHub Actions), `GIT_DEPTH: 0` (GitLab CI), \
             or `git fetch --unshallow`"
                .to_string(),
        ),
        Ok(Outcome::Loaded(files)) => (
            History {
                state: State::Loaded,
                files,
            },
            Vec::new(),
        ),
        Err(e) => unavailable(format!(
            "cannot read the git history ({e}); pages show their `decided` date instead of their last change \
             (set `history: {{enabled: false}}` in styrdok.yaml to turn history off)"
        )),
    }
}

enum Outcome {
    Off,
    Shallow,
    Loaded(HashMap<String, FileHistory>),
}

fn read(
    location: &RepoLocation,
    source_paths: &[String],
    entries: usize,
) -> Result<Outcome, String> {
    let mut repo = gix::open(&location.top).map_err(|e| e.to_string())?;
    if repo.is_shallow().map_err(|e| e.to_string())? {
        return Ok(Outcome::Shallow);
    }
    // Each commit's tree is read once as a commit and again as the parent of the next;
    // a small cache keeps the second read off the pack.
    repo.object_cache_size_if_unset(8 * 1024 * 1024);
    let head = match repo.head().map_err(|e| e.to_string())?.id() {
        Some(id) => id.detach(),
        None => return Ok(Outcome::Off), // no commit yet
    };
    let mut walker = Walker::new(&repo, &location.prefix, source_paths, entries);
    if walker.tracked.is_empty() {
        return Ok(Outcome::Loaded(HashMap::new()));
    }
    use gix::revision::walk::Sorting;
    use gix::traverse::commit::simple::CommitTimeOrder;
    let walk = repo
        .rev_walk([head])
        .sorting(Sorting::ByCommitTime(CommitTimeOrder::NewestFirst))
        .all()
        .map_err(|e| e.to_string())?;
    for info in walk {
        let info = info.map_err(|e| e.to_string())?;
        let parents: Vec<ObjectId> = info.parent_ids.iter().copied().collect();
        walker.visit(info.id, &parents)?;
        if walker.remaining == 0 {
            break;
        }
    }
    Ok(Outcome::Loaded(walker.finish(source_paths)))
}

/// A tree entry with its name, borrowed from the tree's data.
struct Named<'a> {
    name: &'a [u8],
    entry: Entry,
}

fn entries<'a>(tree: &'a gix::Tree<'_>) -> Result<Vec<Named<'a>>, String> {
    gix::objs::TreeRefIter::from_bytes(&tree.data, tree.id.kind())
        .map(|e| {
            let e = e.map_err(|e| e.to_string())?;
            Ok(Named {
                name: e.filename.as_ref(),
                entry: Entry {
                    id: e.oid.to_owned(),
                    is_tree: e.mode.is_tree(),
                    kind: e.mode.kind(),
                },
            })
        })
        .collect()
}

/// Git's order of tree entries: by name, a folder's name read as if it ended in `/`.
/// Two entries are the same only with the same name and both or neither a folder; a
/// file replaced by a folder of the same name is one removal and one addition.
fn git_order(a: &Named, b: &Named) -> std::cmp::Ordering {
    let common = a.name.len().min(b.name.len());
    a.name[..common].cmp(&b.name[..common]).then_with(|| {
        let next = |e: &Named| {
            e.name
                .get(common)
                .copied()
                .or(e.entry.is_tree.then_some(b'/'))
        };
        next(a).cmp(&next(b))
    })
}

/// One tree entry, as much as the comparison needs.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Entry {
    id: ObjectId,
    is_tree: bool,
    /// A change of kind (a file made executable) is a change, as for git.
    kind: gix::object::tree::EntryKind,
}

/// What one commit changed below the base folder: tracked documents by index, and
/// every changed file by repository path with its blob before and after.
#[derive(Default)]
struct Changed {
    tracked: HashSet<usize>,
    all: std::collections::BTreeMap<Vec<u8>, (Option<ObjectId>, Option<ObjectId>)>,
}

impl Changed {
    fn intersection(self, other: &Changed) -> Changed {
        Changed {
            tracked: self.tracked.intersection(&other.tracked).copied().collect(),
            all: self
                .all
                .into_iter()
                .filter(|(p, _)| other.all.contains_key(p))
                .collect(),
        }
    }

    /// The changed paths, but for files moved: a file removed whose content the commit
    /// adds elsewhere is the same file (its front matter too), so only its new path
    /// speaks for it.
    fn touched(&self, prefix: &[u8]) -> Vec<String> {
        let added: HashSet<ObjectId> = self
            .all
            .values()
            .filter(|(old, _)| old.is_none())
            .filter_map(|(_, new)| *new)
            .collect();
        self.all
            .iter()
            .filter(|(_, (old, new))| !(new.is_none() && old.is_some_and(|o| added.contains(&o))))
            .map(|(p, _)| String::from_utf8_lossy(p.strip_prefix(prefix).unwrap_or(p)).into_owned())
            .collect()
    }
}

struct Walker<'r> {
    repo: &'r gix::Repository,
    /// The site's folder in the repository (`site/`), stripped from reported paths.
    prefix: String,
    /// Repository path (`site/content/a.md`) → index into `files`.
    tracked: HashMap<Vec<u8>, usize>,
    /// The deepest folder holding every tracked file, as path components.
    base: Vec<Vec<u8>>,
    base_path: Vec<u8>,
    /// Commit → its tree at `base` (None when the folder does not exist there).
    base_trees: HashMap<ObjectId, Option<ObjectId>>,
    files: Vec<FileHistory>,
    entries: usize,
    /// Files that can still take an entry.
    remaining: usize,
}

impl<'r> Walker<'r> {
    fn new(
        repo: &'r gix::Repository,
        prefix: &str,
        source_paths: &[String],
        entries: usize,
    ) -> Self {
        let mut tracked = HashMap::new();
        for (i, p) in source_paths.iter().enumerate() {
            let full = format!("{prefix}{p}");
            tracked.insert(full.into_bytes(), i);
        }
        // The common folder of all tracked files: below it, commits that changed nothing
        // of the site are recognised by one tree id comparison.
        let mut base: Option<Vec<String>> = None;
        for p in source_paths {
            let mut folder: Vec<String> = format!("{prefix}{p}")
                .split('/')
                .map(str::to_string)
                .collect();
            folder.pop();
            base = Some(match base {
                None => folder,
                Some(b) => b
                    .into_iter()
                    .zip(folder)
                    .take_while(|(a, b)| a == b)
                    .map(|(a, _)| a)
                    .collect(),
            });
        }
        let base: Vec<Vec<u8>> = base
            .unwrap_or_default()
            .into_iter()
            .map(String::into_bytes)
            .collect();
        let base_path = base.join(&b'/');
        Walker {
            repo,
            prefix: prefix.to_string(),
            files: vec![FileHistory::default(); source_paths.len()],
            remaining: source_paths.len(),
            tracked,
            base,
            base_path,
            base_trees: HashMap::new(),
            entries,
        }
    }

    fn finish(self, source_paths: &[String]) -> HashMap<String, FileHistory> {
        source_paths
            .iter()
            .cloned()
            .zip(self.files)
            .filter(|(_, h)| h.last_changed.is_some())
            .collect()
    }

    /// The tree at `base` in `commit`.
    fn base_tree(&mut self, commit: ObjectId) -> Result<Option<ObjectId>, String> {
        if let Some(t) = self.base_trees.get(&commit) {
            return Ok(*t);
        }
        let c = self.repo.find_commit(commit).map_err(|e| e.to_string())?;
        let mut tree = Some(c.tree_id().map_err(|e| e.to_string())?.detach());
        for part in &self.base {
            let Some(found) = self.tree(tree)? else { break };
            tree = entries(&found)?
                .iter()
                .find(|e| e.name == part.as_slice() && e.entry.is_tree)
                .map(|e| e.entry.id);
        }
        self.base_trees.insert(commit, tree);
        Ok(tree)
    }

    fn tree(&self, id: Option<ObjectId>) -> Result<Option<gix::Tree<'r>>, String> {
        id.map(|id| self.repo.find_tree(id).map_err(|e| e.to_string()))
            .transpose()
    }

    /// Tracked files that differ between two trees at `dir`: a merge of the two sorted
    /// entry lists, so each entry costs one comparison and nothing is allocated for the
    /// entries that are the same on both sides (nearly all of them).
    fn diff(
        &self,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
        dir: &[u8],
        out: &mut Changed,
    ) -> Result<(), String> {
        if old == new {
            return Ok(());
        }
        let (old_tree, new_tree) = (self.tree(old)?, self.tree(new)?);
        let a = old_tree
            .as_ref()
            .map(entries)
            .transpose()?
            .unwrap_or_default();
        let b = new_tree
            .as_ref()
            .map(entries)
            .transpose()?
            .unwrap_or_default();
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            let order = match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) => git_order(x, y),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            let (ea, eb) = match order {
                std::cmp::Ordering::Less => (a.get(i), None),
                std::cmp::Ordering::Greater => (None, b.get(j)),
                std::cmp::Ordering::Equal => (a.get(i), b.get(j)),
            };
            if order != std::cmp::Ordering::Greater {
                i += 1;
            }
            if order != std::cmp::Ordering::Less {
                j += 1;
            }
            if let (Some(x), Some(y)) = (ea, eb)
                && x.entry == y.entry
            {
                continue;
            }
            let name = ea.or(eb).map(|e| e.name).unwrap_or_default();
            let mut path = dir.to_vec();
            if !path.is_empty() {
                path.push(b'/');
            }
            path.extend_from_slice(name);
            let tree_of = |e: Option<&Named>| e.filter(|e| e.entry.is_tree).map(|e| e.entry.id);
            let (ta, tb) = (tree_of(ea), tree_of(eb));
            // Every changed folder is compared, not only those holding tracked files:
            // what else a commit touched decides whether its message may be shown.
            if ta.is_some() || tb.is_some() {
                self.diff(ta, tb, &path, out)?;
            }
            let blob = |e: Option<&Named>| e.filter(|e| !e.entry.is_tree).map(|e| e.entry.id);
            if blob(ea).is_some() || blob(eb).is_some() {
                if let Some(&i) = self.tracked.get(&path) {
                    out.tracked.insert(i);
                }
                out.all.insert(path, (blob(ea), blob(eb)));
            }
        }
        Ok(())
    }

    fn visit(&mut self, commit: ObjectId, parents: &[ObjectId]) -> Result<(), String> {
        let tree = self.base_tree(commit)?;
        let base_path = self.base_path.clone();
        let mut changed: Option<Changed> = None;
        if parents.is_empty() {
            let mut set = Changed::default();
            self.diff(None, tree, &base_path, &mut set)?;
            changed = Some(set);
        }
        for parent in parents {
            let parent_tree = self.base_tree(*parent)?;
            let mut set = Changed::default();
            self.diff(parent_tree, tree, &base_path, &mut set)?;
            // A file changed by a merge is one that differs from every parent.
            changed = Some(match changed {
                None => set,
                Some(before) => before.intersection(&set),
            });
            if changed.as_ref().is_some_and(|c| c.all.is_empty()) {
                break;
            }
        }
        let changed = changed.unwrap_or_default();
        if changed.tracked.is_empty() {
            return Ok(());
        }
        let touched = changed.touched(self.prefix.as_bytes());
        let c = self.repo.find_commit(commit).map_err(|e| e.to_string())?;
        let decoded = c.decode().map_err(|e| e.to_string())?;
        let author = decoded.author().map_err(|e| e.to_string())?.trim();
        // A malformed time zone should not cost the whole history: the seconds alone
        // (read leniently) still give the date in UTC.
        let (seconds, offset) = match author.time() {
            Ok(t) => (t.seconds, t.offset as i64),
            Err(_) => (author.seconds(), 0),
        };
        let change = Change {
            date: Date::from_days_since_epoch(seconds.saturating_add(offset).div_euclid(86_400)),
            author: author.name.to_string(),
            message: decoded.message().summary().to_string(),
            commit: commit.to_string(),
            touched: std::sync::Arc::new(touched),
        };
        let mut changed: Vec<usize> = changed.tracked.into_iter().collect();
        changed.sort_unstable();
        for i in changed {
            let entries = self.entries;
            let full = |f: &FileHistory| f.last_changed.is_some() && f.changes.len() >= entries;
            let file = &mut self.files[i];
            let was_full = full(file);
            if file.last_changed.is_none() {
                file.last_changed = Some(change.date);
            }
            if file.changes.len() < self.entries {
                file.changes.push(change.clone());
            }
            if !was_full && full(file) {
                self.remaining -= 1;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    fn named(name: &str, is_tree: bool) -> Named<'_> {
        Named {
            name: name.as_bytes(),
            entry: Entry {
                id: ObjectId::null(gix::hash::Kind::Sha1),
                is_tree,
                kind: if is_tree {
                    gix::object::tree::EntryKind::Tree
                } else {
                    gix::object::tree::EntryKind::Blob
                },
            },
        }
    }

    #[test]
    fn entries_compare_in_git_tree_order() {
        // git sorts a folder as if its name ended in `/`: "a" < "a.b" < "a/" < "a0".
        let (file, dotted, folder, next) = (
            named("a", false),
            named("a.b", false),
            named("a", true),
            named("a0", false),
        );
        assert_eq!(git_order(&file, &dotted), Ordering::Less);
        assert_eq!(git_order(&dotted, &folder), Ordering::Less);
        assert_eq!(git_order(&folder, &next), Ordering::Less);
        assert_eq!(git_order(&folder, &named("a", true)), Ordering::Equal);
        assert_ne!(git_order(&file, &folder), Ordering::Equal);
    }

    #[test]
    fn outside_git_history_is_silently_off() {
        let dir = std::env::temp_dir().join(format!("styrdok-nogit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        if locate(&dir).is_none() {
            let (history, warnings) = load(&dir, &["content/a.md".into()], 5);
            assert_eq!(history.state, State::Off);
            assert!(warnings.is_empty());
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
