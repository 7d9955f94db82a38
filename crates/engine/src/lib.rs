//! The build engine: one full build, or — for `serve` — a session that keeps what it
//! loaded and rendered, so that a change to one document re-parses that document only
//! and re-renders only the pages whose dependency keys it touches (see render/deps.rs);
//! a document added or removed renumbers the others (`graph::Renumbering`). Anything
//! else (config, templates, static files, a change to what every page shows) rebuilds
//! everything. Both paths go through the same code, and a test checks that they give
//! byte-identical output.

pub mod request;
mod shape;
pub mod single;

use crate::request::Timer;
pub use crate::request::{BuildReport, BuildRequest, Target};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use styrdok_config::Config;
use styrdok_core::diag::{self, Diagnostic, Loc, Severity};
use styrdok_core::model::Document;
use styrdok_graph::{BuildOptions, Renumbering, Site};
use styrdok_load::{self as load, SourceFile};
use styrdok_output::{Files, Output};
use styrdok_pages::Produced;
use styrdok_render::deps::{
    Dep, FileKeys, Touched, body_keys, doc_keys, is_calendar, outline_hash, shown,
};
use styrdok_render::memo::{self, Memo};
use styrdok_render::templates::Templates;
use styrdok_render::{Incremental, Renderer};
use styrdok_search::{SearchFiles, SearchIndex};
use styrdok_validate as validate;

/// What was loaded from the site folder.
struct Loaded {
    config: Config,
    config_warnings: Vec<Diagnostic>,
    templates: Result<Templates, Diagnostic>,
    discover_diagnostics: Vec<Diagnostic>,
    /// By source path: the document (when it could be read) and its load diagnostics.
    docs: BTreeMap<String, (Option<Arc<Document>>, Vec<Diagnostic>)>,
    assets: BTreeSet<String>,
    /// From git (src/history.rs), read with everything else on a full build; documents
    /// reloaded by `serve` keep it (their commits do not change while editing).
    history: styrdok_history::History,
    history_warnings: Vec<Diagnostic>,
}

/// The last successful render, kept for the next incremental one.
struct Rendered {
    site: Site,
    /// Shared with the build's report (and `serve`): taken back without a copy when
    /// they are done with it.
    files: Arc<Files>,
    deps: FileKeys,
    fingerprint: u64,
    search: Option<SearchIndex>,
    /// Each document's validation problems (see `validate::per_document`).
    per_document: Vec<Vec<Diagnostic>>,
    /// What the render made once per record and document, for the next one to reuse
    /// (taken by it).
    memo: Option<Memo>,
}

pub struct Engine {
    root: PathBuf,
    /// The audience named for the build (`--audience`); the internal one when none.
    audience: Option<String>,
    options: BuildOptions,
    loaded: Option<Loaded>,
    last: Option<Rendered>,
    /// Documents reloaded since the last successful render (a failed rebuild leaves
    /// them pending, so the next one still re-renders what they touch).
    pending: BTreeSet<String>,
}

/// What a rebuild did, for the caller's report (and the tests).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RebuildStats {
    pub incremental: bool,
    pub documents_reloaded: usize,
    pub files_rendered: usize,
}

impl Engine {
    pub fn new(root: impl Into<PathBuf>, drafts: bool, today: styrdok_core::text::Date) -> Engine {
        let root: PathBuf = root.into();
        // Canonical, so paths reported by the file watcher (always absolute and
        // resolved) can be matched against it.
        let root = root.canonicalize().unwrap_or(root);
        Engine {
            root,
            audience: None,
            options: BuildOptions::new(drafts, today),
            loaded: None,
            last: None,
            pending: BTreeSet::new(),
        }
    }

    /// Builds for audience `name` (styrdok.yaml `audiences:`; `internal` when none).
    pub fn for_audience(mut self, name: Option<String>) -> Engine {
        self.audience = name;
        self
    }

    /// The site's `base_path` ("/" until a configuration was read).
    pub fn base_path(&self) -> String {
        self.loaded
            .as_ref()
            .map(|l| l.config.base_path.clone())
            .unwrap_or_else(|| "/".into())
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The files of the last good build (memory mode).
    pub fn files(&self) -> Option<&Files> {
        self.last.as_ref().map(|l| &*l.files)
    }

    /// The files of the last good build, shared (`serve` serves them while the next
    /// render runs).
    pub fn shared_files(&self) -> Option<Arc<Files>> {
        self.last.as_ref().map(|l| l.files.clone())
    }

    /// Loads everything and renders everything to `target`.
    pub fn full(&mut self, target: &Target) -> BuildReport {
        let mut timer = Timer::from_env();
        // `check` renders nothing, so it does not read the history.
        let with_history = !matches!(target, Target::Nowhere);
        let mut loaded = match load_everything(&self.root, with_history, &mut timer) {
            Ok(l) => l,
            Err(errors) => return failed(errors),
        };
        let name = self
            .audience
            .as_deref()
            .unwrap_or(styrdok_config::audience::INTERNAL);
        match for_audience(&mut loaded, name) {
            Ok(audience) => self.options.audience = audience,
            Err(d) => return failed(vec![d]),
        }
        self.loaded = Some(loaded);
        self.last = None;
        self.pending.clear();
        self.render(target, &[], timer).0
    }

    /// Applies changed paths (absolute or relative to the root) and rebuilds in memory,
    /// incrementally where it can.
    pub fn update(&mut self, changed: &[PathBuf]) -> (BuildReport, RebuildStats) {
        let mut timer = Timer::from_env();
        let rel: Vec<String> = changed
            .iter()
            .map(|p| {
                let abs = if p.is_absolute() {
                    p.clone()
                } else {
                    self.root.join(p)
                };
                load::site_relative(&self.root, &abs)
            })
            .collect();
        let only_documents = rel.iter().all(|p| self.is_document_change(p));
        if self.loaded.is_none() || !only_documents {
            let report = self.full(&Target::Memory);
            let stats = RebuildStats {
                files_rendered: report.pages,
                ..RebuildStats::default()
            };
            return (report, stats);
        }
        let loaded = self.loaded.as_mut().expect("loaded");
        let mut reloaded = Vec::new();
        for path in rel {
            let abs = self.root.join(&path);
            if abs.is_file() {
                let file = SourceFile {
                    abs: abs.clone(),
                    content_path: path.trim_start_matches("content/").to_string(),
                    source_path: path.clone(),
                };
                let (doc, diags) = match std::fs::read(&abs) {
                    Ok(bytes) => load::load_document(&file, &bytes, &loaded.config),
                    Err(e) => (
                        None,
                        vec![Diagnostic::error(
                            &Loc::file(&path),
                            format!("cannot read the file: {e}"),
                        )],
                    ),
                };
                loaded.docs.insert(path.clone(), (doc.map(Arc::new), diags));
            } else {
                loaded.docs.remove(&path);
            }
            reloaded.push(path);
        }
        timer.lap("reload");
        let documents_reloaded = reloaded.len();
        self.pending.extend(reloaded);
        let pending: Vec<String> = self.pending.iter().cloned().collect();
        let (report, mut stats) = self.render(&Target::Memory, &pending, timer);
        if !report.has_errors() {
            self.pending.clear();
        }
        stats.documents_reloaded = documents_reloaded;
        (report, stats)
    }

    /// Whether the change at `rel` is one document's alone, so that reloading that one
    /// file applies it: a `.md` file below `content/`, or a loaded document that is gone.
    /// A folder, even one named `x.md`, or a path that is gone and was no document (a
    /// renamed or removed folder) changes what is below it: that takes a full build.
    fn is_document_change(&self, rel: &str) -> bool {
        if !(rel.starts_with("content/") && rel.ends_with(".md")) {
            return false;
        }
        let abs = self.root.join(rel);
        match std::fs::metadata(&abs) {
            Ok(meta) => meta.is_file(),
            Err(_) => self
                .loaded
                .as_ref()
                .is_some_and(|l| l.docs.contains_key(rel)),
        }
    }

    /// Whether the document at `source_path` is published (restricted documents never
    /// are, drafts only with `--drafts`); `None` when no document was loaded from it
    /// (it failed to load, or is not a document).
    pub fn document_published(&self, source_path: &str) -> Option<bool> {
        let (doc, _) = self.loaded.as_ref()?.docs.get(source_path)?;
        doc.as_ref().map(|d| self.options.publishes(d))
    }

    pub fn drafts(&self) -> bool {
        self.options.drafts
    }

    /// Graph, validation and rendering over what is loaded. `changed` names the
    /// documents reloaded since the last render; empty means render everything.
    fn render(
        &mut self,
        target: &Target,
        changed: &[String],
        mut timer: Timer,
    ) -> (BuildReport, RebuildStats) {
        let loaded = self.loaded.as_ref().expect("loaded before rendering");
        let mut diagnostics = load_diagnostics(loaded);
        let Some((site, per_document, fast, templates)) =
            self.checked_site(loaded, target, changed, &mut diagnostics, &mut timer)
        else {
            return (failed(diagnostics), RebuildStats::default());
        };
        // A body-only change leaves what the fingerprint reads as it was.
        let fingerprint = match (&self.last, fast) {
            (Some(last), true) => last.fingerprint,
            _ => shape::fingerprint(&site),
        };
        // Incremental only when the previous render saw the same site shape.
        let mut previous = self.last.take().filter(|l| {
            !changed.is_empty() && l.fingerprint == fingerprint && matches!(target, Target::Memory)
        });
        let shape = match &previous {
            Some(p) if !fast => shape::changes(&p.site, &site),
            // The body-only site is the previous one with bodies swapped in.
            Some(_) => Some((Vec::new(), Renumbering::identity(site.docs.len()))),
            None => None,
        };
        if shape.is_none() {
            previous = None;
        }
        let (shape, numbering) = shape.unzip();
        timer.lap("fingerprint");
        let out = match self.output(target, previous.as_mut()) {
            Ok(out) => out,
            Err(d) => {
                diagnostics.extend(d);
                return (failed(diagnostics), RebuildStats::default());
            }
        };
        let change = Change {
            paths: changed,
            previous: previous.as_mut().zip(numbering),
            fast,
            shape: shape.unwrap_or_default(),
        };
        let made = render_pages(
            &self.root, &site, templates, &out, target, change, &mut timer,
        );
        let (problems, search, recorded) = (made.problems, made.search, made.keys);
        timer.lap("render");
        let render_failed = problems.iter().any(|d| d.severity == Severity::Error);
        diagnostics.extend(problems);
        if render_failed {
            let files = out.abort();
            if let Some(p) = previous.as_mut() {
                p.files = Arc::new(files);
            }
            self.last = previous;
            return (failed(diagnostics), RebuildStats::default());
        }
        // Files recorded their keys only where they are not the previous ones.
        let mut deps = match previous.as_mut() {
            Some(p) => {
                let mut deps = std::mem::take(&mut p.deps);
                deps.extend(recorded);
                deps
            }
            None => recorded,
        };
        let stats = RebuildStats {
            incremental: previous.is_some(),
            documents_reloaded: 0,
            files_rendered: out.written_count(),
        };
        let pages = out.file_count();
        let files = match self.commit(out, target, &mut diagnostics) {
            Ok((files, removed)) => {
                // The keys of files no longer made (a removed document's page) go too.
                for path in removed {
                    deps.remove(&path);
                }
                files
            }
            Err(report) => return (report, RebuildStats::default()),
        };
        timer.lap("commit");
        let rendered = Rendered {
            site,
            files: Arc::new(files),
            deps,
            fingerprint,
            search,
            per_document,
            memo: Some(made.memo),
        };
        (self.report(target, rendered, diagnostics, pages), stats)
    }

    /// The report of a good render. In memory (`serve`) the render is kept, for the next
    /// one to be incremental over.
    fn report(
        &mut self,
        target: &Target,
        rendered: Rendered,
        mut diagnostics: Vec<Diagnostic>,
        pages: usize,
    ) -> BuildReport {
        diag::sort(&mut diagnostics);
        let memory = matches!(target, Target::Memory);
        let report = BuildReport {
            diagnostics,
            files: if memory {
                rendered.files.clone()
            } else {
                Arc::default()
            },
            pages,
            documents: rendered.site.published.iter().filter(|p| **p).count(),
            output_lost: false,
        };
        if memory {
            self.last = Some(rendered);
        }
        report
    }

    /// The site graph to render — the previous one with the bodies swapped in, when
    /// only bodies changed — and its validation; whether it is that body-only one; the
    /// templates. `None` when it must not be rendered (an error, in `diagnostics`).
    fn checked_site<'l>(
        &self,
        loaded: &'l Loaded,
        target: &Target,
        changed: &[String],
        diagnostics: &mut Vec<Diagnostic>,
        timer: &mut Timer,
    ) -> Option<(Site, Vec<Vec<Diagnostic>>, bool, &'l Templates)> {
        let body_only = match &self.last {
            Some(last) if !changed.is_empty() && matches!(target, Target::Memory) => {
                body_only_site(last, loaded, changed)
            }
            _ => None,
        };
        let fast = body_only.is_some();
        let (site, per_document) = body_only
            .or_else(|| self.patched_site(loaded, target, changed))
            .unwrap_or_else(|| whole_site(loaded, &self.options));
        timer.lap("graph");
        diagnostics.extend(validate::site_wide(&site));
        diagnostics.extend(per_document.iter().flatten().cloned());
        timer.lap("validate");
        let templates = match &loaded.templates {
            Ok(t) => t,
            Err(d) => {
                diagnostics.push(d.clone());
                return None;
            }
        };
        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            return None;
        }
        Some((site, per_document, fast, templates))
    }

    /// The last site with the reloaded documents patched in (`Site::patched`), and
    /// every document's validation problems; `None` when the graph must be built anew.
    fn patched_site(
        &self,
        loaded: &Loaded,
        target: &Target,
        changed: &[String],
    ) -> Option<(Site, Vec<Vec<Diagnostic>>)> {
        let last = self.last.as_ref()?;
        if changed.is_empty() || !matches!(target, Target::Memory) {
            return None;
        }
        let docs = changed
            .iter()
            .map(|path| loaded.docs.get(path)?.0.clone())
            .collect::<Option<Vec<_>>>()?;
        let site = last.site.patched(&docs)?;
        let per_document = revalidated(&last.site, &site, changed, &last.per_document);
        Some((site, per_document))
    }

    /// Where this render writes: the previous render's files in memory (kept where not
    /// rendered again), fresh memory, or the output folder. `Err` fails the render (with
    /// no diagnostic for `check`, which writes nothing).
    fn output(
        &self,
        target: &Target,
        previous: Option<&mut Rendered>,
    ) -> Result<Output, Option<Diagnostic>> {
        match target {
            Target::Nowhere => Err(None),
            Target::Memory => Ok(match previous {
                // Given back by `abort` when the render fails.
                Some(p) => {
                    let files = std::mem::take(&mut p.files);
                    Output::in_memory_over(Arc::unwrap_or_clone(files))
                }
                None => Output::in_memory(),
            }),
            Target::Disk(public) => Output::to_disk(public).map_err(|e| {
                Some(Diagnostic::error(
                    &Loc::file(load::site_relative(&self.root, public)),
                    format!("cannot prepare the output folder: {e}"),
                ))
            }),
        }
    }

    /// Puts the rendered site in place: its files, and the previous ones it no longer
    /// has (memory mode). `Err` is the failed build's report.
    fn commit(
        &self,
        out: Output,
        target: &Target,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<(Files, Vec<String>), BuildReport> {
        let output_name = match target {
            Target::Disk(public) => load::site_relative(&self.root, public),
            _ => "public".to_string(),
        };
        match out.commit() {
            Ok(committed) => {
                if let Some((old, e)) = committed.leftover {
                    diagnostics.push(Diagnostic::warning(
                        &Loc::file(&output_name),
                        format!(
                            "the new site is in place, but the previous one could not be removed ({e}); \
                             it is left at {} — remove it by hand, it may hold pages that are no longer published",
                            old.display()
                        ),
                    ));
                }
                Ok((committed.files, committed.removed))
            }
            Err(e) => {
                let lost = matches!(e, styrdok_output::CommitError::Moved { .. });
                diagnostics.push(Diagnostic::error(
                    &Loc::file(&output_name),
                    format!("cannot replace the output folder: {e}"),
                ));
                let mut report = failed(std::mem::take(diagnostics));
                report.output_lost = lost;
                Err(report)
            }
        }
    }
}

/// Makes `loaded` what audience `name` sees of it (its title and base path), and
/// gives the audience; an unknown name is an error at styrdok.yaml.
fn for_audience(loaded: &mut Loaded, name: &str) -> Result<styrdok_config::Audience, Diagnostic> {
    let (config, audience) = loaded
        .config
        .for_audience(name)
        .map_err(|message| Diagnostic::error(&Loc::file(styrdok_config::CONFIG_FILE), message))?;
    loaded.config = config;
    Ok(audience)
}

/// Every diagnostic of loading: configuration, discovery, history, documents.
fn load_diagnostics(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut diagnostics = loaded.config_warnings.clone();
    diagnostics.extend(loaded.discover_diagnostics.iter().cloned());
    diagnostics.extend(loaded.history_warnings.iter().cloned());
    for (_, diags) in loaded.docs.values() {
        diagnostics.extend(diags.iter().cloned());
    }
    diagnostics
}

/// The site graph of everything loaded, and each document's validation problems.
fn whole_site(loaded: &Loaded, options: &BuildOptions) -> (Site, Vec<Vec<Diagnostic>>) {
    let docs = loaded
        .docs
        .values()
        .filter_map(|(d, _)| d.clone())
        .collect();
    let mut site = Site::new(
        loaded.config.clone(),
        options.clone(),
        docs,
        loaded.assets.clone(),
    );
    site.set_history(loaded.history.clone());
    let per_document = validate::per_document(&site);
    (site, per_document)
}

/// What a render is incremental over: the documents reloaded, the previous render when
/// its site had the same shape, and whether only bodies changed (`body_only_site`).
struct Change<'a> {
    paths: &'a [String],
    /// With how its documents are numbered in the new site.
    previous: Option<(&'a mut Rendered, Renumbering)>,
    fast: bool,
    /// The keys of responsibles and areas that appeared or went (see `shape::changes`).
    shape: Vec<Dep>,
}

/// What `render_pages` made besides the files.
struct Made {
    problems: Vec<Diagnostic>,
    /// The search index, kept for `serve`.
    search: Option<SearchIndex>,
    /// The dependency keys of the files whose keys are new (all of them, when the
    /// render is not incremental).
    keys: FileKeys,
    /// The records' and documents' values and rows, kept for `serve`.
    memo: Memo,
}

/// Renders the pages of `site` to `out`, with the search index beside them.
fn render_pages(
    root: &Path,
    site: &Site,
    templates: &Templates,
    out: &Output,
    target: &Target,
    mut change: Change,
    timer: &mut Timer,
) -> Made {
    let changed_docs: Vec<usize> = change
        .paths
        .iter()
        .filter_map(|path| site.doc_by_source_path(path))
        .collect();
    let previous_index = change.previous.as_mut().and_then(|(p, _)| p.search.take());
    // In memory (`serve`) the search index and the renderer's memo are kept for the
    // next render; a one-off build frees them as it goes.
    let for_next = matches!(target, Target::Memory);
    // Reloaded documents no longer in the site leave the search index.
    let removed: Vec<&str> = change
        .paths
        .iter()
        .filter(|path| site.doc_by_source_path(path).is_none())
        .map(String::as_str)
        .collect();
    let changed = change
        .previous
        .is_some()
        .then_some((&changed_docs[..], &removed[..]));
    // The search stage reads nothing but the site, so it starts at once, beside what
    // the pages prepare, and its files are written as soon as they are made: an index
    // not kept for `serve` is gone before the pages are.
    let ((search, search_problems), (mut produced, memo)) = rayon::join(
        || {
            let (index, files) = search_stage(site, previous_index, changed, for_next);
            (index, styrdok_pages::search::write_files(out, files))
        },
        || {
            let pages = Pages {
                root,
                site,
                templates,
                out,
                for_next,
            };
            pages.render(change, &changed_docs, timer)
        },
    );
    produced.problems.extend(search_problems);
    Made {
        problems: produced.problems,
        search,
        keys: produced.keys,
        memo,
    }
}

/// What the pages of a render are made from and written to.
struct Pages<'a> {
    root: &'a Path,
    site: &'a Site,
    templates: &'a Templates,
    out: &'a Output,
    for_next: bool,
}

impl Pages<'_> {
    /// Every page and file but the search index's, with the renderer's memo: over the
    /// previous render's (`change.previous`), only those whose keys changed.
    fn render(
        &self,
        change: Change,
        changed_docs: &[usize],
        timer: &mut Timer,
    ) -> (Produced, Memo) {
        let site = self.site;
        let mut previous = change.previous;
        // On the body-only path every reloaded document is known to keep its outline.
        let mut changed_keys: Touched = match &previous {
            Some(_) if change.fast => changed_docs.iter().flat_map(|&i| body_keys(i)).collect(),
            Some((p, numbering)) => changed_keys(&p.site, site, change.paths, numbering),
            None => Touched::default(),
        };
        changed_keys.extend(change.shape);
        timer.lap("changed keys");
        let mut problems = Vec::new();
        let typesetter = site.config.pdf.enabled().then(|| {
            styrdok_pdf::Typesetter::new(self.root, self.templates, &site.config.pdf)
                .map_err(|e| problems.push(e))
                .ok()
        });
        let typesetter = typesetter.flatten();
        let mut renderer = Renderer::new(site, self.templates, self.out);
        if !self.for_next {
            renderer = renderer.one_off();
        }
        if let Some((p, numbering)) = previous.as_mut()
            && let Some(memo) = p.memo.take()
        {
            let changed_old: Vec<usize> = change
                .paths
                .iter()
                .filter_map(|path| p.site.doc_by_source_path(path))
                .collect();
            let stale = memo::stale(&p.site, site, &changed_old, changed_docs, numbering);
            renderer = renderer.reusing(memo.renumbered(numbering), &stale);
        }
        if let Some((p, _)) = &previous {
            renderer = renderer.incremental(Incremental {
                changed: &changed_keys,
                previous: &p.deps,
                changed_docs,
                same_graph: change.fast,
            });
        }
        renderer.progress = progress_bar(site, previous.is_some());
        let plan = styrdok_pages::plan(&renderer, self.root, typesetter.as_ref());
        let mut produced = styrdok_pages::produce(&renderer, plan);
        if let Some(bar) = &renderer.progress {
            bar.finish_and_clear();
        }
        produced.problems.extend(problems);
        (produced, renderer.into_memo())
    }
}

/// The search index's files, and the index when it is to be `kept` for the next build
/// (`serve`); timed with STYRDOK_TIMINGS.
fn search_stage(
    site: &Site,
    previous: Option<SearchIndex>,
    changed: Option<(&[usize], &[&str])>,
    keep: bool,
) -> (Option<SearchIndex>, SearchFiles) {
    let started = std::time::Instant::now();
    let made = if keep {
        let mut index = styrdok_search::index(site, previous, changed);
        let files = index.files();
        (Some(index), files)
    } else {
        (None, styrdok_search::files_once(site))
    };
    if std::env::var_os("STYRDOK_TIMINGS").is_some() {
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        eprintln!("timing: search index {ms:.1} ms");
    }
    made
}

/// A progress bar for the document pages of a long full build, when a person watches.
fn progress_bar(site: &Site, incremental: bool) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    let pages = site.published.iter().filter(|p| **p).count() as u64;
    if incremental || pages < 2_000 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(pages);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages {eta}") {
        bar.set_style(style);
    }
    Some(bar)
}

fn failed(mut diagnostics: Vec<Diagnostic>) -> BuildReport {
    diag::sort(&mut diagnostics);
    BuildReport {
        diagnostics,
        files: Arc::default(),
        pages: 0,
        documents: 0,
        output_lost: false,
    }
}

fn load_everything(
    root: &Path,
    with_history: bool,
    timer: &mut Timer,
) -> Result<Loaded, Vec<Diagnostic>> {
    let (config, config_warnings) = Config::load(root)?;
    let mut discover_diagnostics = Vec::new();
    let discovered = load::discover(root, &mut discover_diagnostics);
    timer.lap("discover");
    // The git history is read on its own thread while the documents load: it needs only
    // their paths.
    let history = (with_history && config.history.enabled).then(|| {
        let root = root.to_path_buf();
        let paths: Vec<String> = discovered
            .documents
            .iter()
            .map(|d| d.source_path.clone())
            .collect();
        let entries = config.history.entries;
        std::thread::spawn(move || styrdok_history::load(&root, &paths, entries))
    });
    let results = load::load_files(&discovered.documents, &config);
    timer.lap("load");
    let (history, history_warnings) = match history.map(|h| h.join()) {
        None => Default::default(),
        Some(Ok(loaded)) => loaded,
        // A panic inside gix must not take the build down: the pages then fall back to
        // `decided`, as for any history that cannot be read.
        Some(Err(_)) => (
            styrdok_history::History {
                state: styrdok_history::State::Unavailable,
                ..Default::default()
            },
            vec![Diagnostic::warning(
                &Loc::file(styrdok_config::CONFIG_FILE),
                "reading the git history failed; pages show their `decided` date",
            )],
        ),
    };
    timer.lap("history (waiting for it)");
    let docs = discovered
        .documents
        .iter()
        .zip(results)
        .map(|(f, (doc, diags))| (f.source_path.clone(), (doc.map(Arc::new), diags)))
        .collect();
    let templates = Templates::new(root, &config.theme);
    Ok(Loaded {
        config,
        config_warnings,
        templates,
        discover_diagnostics,
        docs,
        assets: discovered.assets,
        history,
        history_warnings,
    })
}

/// The site after an edit that changed only the bodies of the reloaded documents (see
/// `outline_hash`), made from the last one without rebuilding the graph, with each
/// document's validation problems (re-checked for the reloaded ones only). `None` when
/// any reloaded document was added, removed, failed to load or changed its outline:
/// then the graph is built anew.
fn body_only_site(
    last: &Rendered,
    loaded: &Loaded,
    changed: &[String],
) -> Option<(Site, Vec<Vec<Diagnostic>>)> {
    let old = &last.site;
    if old.docs.len() != loaded.docs.len() {
        return None;
    }
    let mut site = old.clone();
    let mut reloaded = Vec::with_capacity(changed.len());
    for path in changed {
        let i = old.doc_by_source_path(path)?;
        let doc = loaded.docs.get(path)?.0.clone()?;
        site.docs[i] = styrdok_graph::audience::view(&site.options.audience, &doc);
        reloaded.push(i);
    }
    // Every other document is the one the outline of the old site was made from, so
    // comparing outlines over the patched site compares the edited documents alone.
    if reloaded
        .iter()
        .any(|&i| outline_hash(&site, i) != outline_hash(old, i))
    {
        return None;
    }
    let mut per_document = last.per_document.clone();
    for &i in &reloaded {
        per_document[i] = validate::document_rules(&site, i);
    }
    Some((site, per_document))
}

/// Every document's problems in `new`, a patched `old` (the same documents, ids, URLs
/// and publication; `changed` reloaded), whose problems were `previous`. A document's
/// rules read the others only through what it points at (the anchors, `previous` rows,
/// classification and status of its targets), so the changed documents are checked
/// again with every document pointing at one of them before or after (a link that now
/// resolves points at one after), and, to be safe, every document that had a problem;
/// the rest keep theirs.
fn revalidated(
    old: &Site,
    new: &Site,
    changed: &[String],
    previous: &[Vec<Diagnostic>],
) -> Vec<Vec<Diagnostic>> {
    use rayon::prelude::*;
    let changed: Vec<usize> = changed
        .iter()
        .filter_map(|path| new.doc_by_source_path(path))
        .collect();
    let numbering = Renumbering::identity(new.docs.len());
    let reached = memo::stale(old, new, &changed, &changed, &numbering);
    let again: Vec<usize> = (0..new.docs.len())
        .filter(|i| reached.contains(i) || !previous[*i].is_empty())
        .collect();
    let checked: Vec<Vec<Diagnostic>> = again
        .par_iter()
        .map(|&i| validate::document_rules(new, i))
        .collect();
    let mut per_document = previous.to_vec();
    for (i, problems) in again.into_iter().zip(checked) {
        per_document[i] = problems;
    }
    per_document
}

/// The keys touched by the reloaded documents, before and after. An edit that leaves
/// a document's outline alone touches only its own page and its search entry.
fn changed_keys(old: &Site, new: &Site, changed: &[String], numbering: &Renumbering) -> Touched {
    let mut keys = Touched::default();
    for path in changed {
        match (old.doc_by_source_path(path), new.doc_by_source_path(path)) {
            (Some(o), Some(n)) if outline_hash(old, o) == outline_hash(new, n) => {
                // The previous render's keys name it by its old number.
                keys.extend(body_keys(o).into_iter().chain(body_keys(n)));
            }
            (Some(o), Some(n)) => keys.extend(outline_keys(old, o, new, n, numbering)),
            (o, n) => {
                for (site, i) in [(old, o), (new, n)] {
                    keys.extend(i.into_iter().flat_map(|i| doc_keys(site, i)));
                }
            }
        }
    }
    keys
}

/// The keys an edit of document `o` of `old` (`n` of `new`) that changed its outline
/// touches: its keys before and after, but the calendar's and the follow-up page's only
/// when what they show of it, or of a document it is related to, changed (a risk's
/// score, say, is on neither), and a responsible's or an area's only when its page shows
/// something of it that changed (`touched_names`).
fn outline_keys(old: &Site, o: usize, new: &Site, n: usize, numbering: &Renumbering) -> Touched {
    let (before, after) = (doc_keys(old, o), doc_keys(new, n));
    // Which feeds the document's events are in (by its areas, say) is not in their words.
    let feeds =
        |keys: &[Dep]| -> Vec<Dep> { keys.iter().filter(|k| is_calendar(k)).cloned().collect() };
    let same_feeds = feeds(&before) == feeds(&after);
    let mut keys: Touched = before.into_iter().chain(after).collect();
    // Related documents show this one (and are shown by it) in their own views.
    let related = memo::stale(old, new, &[o], &[n], numbering);
    // The related documents (this one among them) whose view by `fingerprint` changed.
    let changed = |fingerprint: fn(&Site, usize) -> u64| -> Vec<usize> {
        let kept =
            |j: usize| numbering.to_old[j].filter(|&i| fingerprint(old, i) == fingerprint(new, j));
        related
            .iter()
            .copied()
            .filter(|&j| kept(j).is_none())
            .collect()
    };
    if same_feeds && changed(styrdok_pages::calendar::doc_fingerprint).is_empty() {
        keys.retain(|k| !is_calendar(k));
    }
    // While the lists fall on the pages as they did, only the pages showing what changed.
    let layout = styrdok_pages::followup::layout_fingerprint;
    let followed = changed(styrdok_pages::followup::doc_fingerprint);
    if followed.is_empty() || layout(old, o) == layout(new, n) {
        keys.remove(&Dep::Followup);
        let path = |j: usize| new.docs[j].source_path.as_str();
        keys.extend(followed.into_iter().map(|j| shown(&Dep::Followup, path(j))));
    }
    if let Some(touched) = styrdok_pages::touched_names(old, o, new, n) {
        name_keys(&mut keys, styrdok_pages::moved_names(old, o, new, n));
        let path = new.docs[n].source_path.as_str();
        keys.extend(touched.iter().map(|name| shown(name, path)));
    }
    keys
}

/// Keeps of `keys` the names' keys (and their indexes') that an edit `moved` a document
/// on; the other names it touched are reached by what their pages show of it.
fn name_keys(keys: &mut Touched, moved: HashSet<Dep>) {
    let is_name = |k: &Dep| matches!(k, Dep::Responsible(_) | Dep::Area(_));
    keys.retain(|k| !is_name(k) || moved.contains(k));
    // The indexes count each name's documents and records, which stay unless moved.
    if !moved.iter().any(|k| matches!(k, Dep::Responsible(_))) {
        keys.remove(&Dep::Responsibles);
    }
    if !moved.iter().any(|k| matches!(k, Dep::Area(_))) {
        keys.remove(&Dep::Areas);
    }
}

/// Loads, checks and (when nothing is wrong) renders a site: the whole pipeline as one
/// function a test can call.
pub fn build(req: &request::BuildRequest) -> BuildReport {
    let today = req.today.unwrap_or_else(styrdok_core::text::Date::today);
    Engine::new(&req.root, req.drafts, today)
        .for_audience(req.audience.clone())
        .full(&req.target)
}

/// The checked site graph of `root`, for commands that read it without building
/// (`styrdok due`): published as a build without `--drafts` publishes, with the
/// warnings; `Err` with every problem when the site has errors, as `check` has them.
pub fn checked_site(
    root: &Path,
    today: styrdok_core::text::Date,
) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut timer = Timer::from_env();
    let mut loaded = load_everything(root, false, &mut timer)?;
    let mut options = BuildOptions::new(false, today);
    options.audience =
        for_audience(&mut loaded, styrdok_config::audience::INTERNAL).map_err(|d| vec![d])?;
    let mut diagnostics = load_diagnostics(&loaded);
    let (site, per_document) = whole_site(&loaded, &options);
    diagnostics.extend(validate::site_wide(&site));
    diagnostics.extend(per_document.into_iter().flatten());
    diag::sort(&mut diagnostics);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(diagnostics);
    }
    Ok((site, diagnostics))
}

/// Finds the site root: the given folder, or the nearest ancestor of the current
/// folder that holds `styrdok.yaml`.
pub fn find_root(given: Option<&Path>) -> PathBuf {
    if let Some(p) = given {
        return p.to_path_buf();
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    cwd.ancestors()
        .find(|p| p.join(styrdok_config::CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
        .unwrap_or(cwd)
}
