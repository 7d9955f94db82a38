//! Pages as data. Every producer of the site's files (document pages, the views over
//! the graph, exports, search files, static files and copied assets) adds specs to a
//! `Plan`: where a file goes (a `Route` for a page), the dependency keys it reads, and
//! how it is made. `produce` then makes the ones a build needs, in parallel, and returns
//! each file's keys for the next incremental build. Making is deferred, so a page an
//! incremental build keeps costs its keys only.

use minijinja::Value;
use rayon::prelude::*;
use styrdok_core::diag::Diagnostic;
use styrdok_graph::Route;
use styrdok_render::deps::{Dep, FileKeys};
use styrdok_render::{Renderer, Wanted};

/// A page as made: its title and own values (its route gives its URL, breadcrumbs and
/// template).
pub struct Page {
    pub title: String,
    pub values: Value,
    /// Keys found while making the page, beyond those it was planned with: what a page
    /// of a paged list shows (`Dep::Shown`), known once its lists are made.
    pub shown: Vec<Dep>,
}

impl Page {
    pub fn new(title: impl Into<String>, values: Value) -> Page {
        Page {
            title: title.into(),
            values,
            shown: Vec::new(),
        }
    }

    /// The page, reading `keys` too (see `Plan::list_page`).
    pub fn showing(mut self, keys: Vec<Dep>) -> Page {
        self.shown = keys;
        self
    }
}

type MakePage<'a> = Box<dyn FnOnce(&Renderer<'a>) -> Result<Page, Diagnostic> + Send + 'a>;
type MakeFile<'a> = Box<dyn FnOnce(&Renderer<'a>) -> Result<Vec<u8>, Diagnostic> + Send + 'a>;

enum Make<'a> {
    Page(Route<'a>, MakePage<'a>),
    File(String, MakeFile<'a>),
}

/// One output file to be made.
pub struct Spec<'a> {
    keys: Vec<Dep>,
    make: Make<'a>,
    /// A file its making writes too (a document's PDF), kept and remade with it.
    with: Option<String>,
    /// Whether making the page finds more of its keys (`Page::shown`): a page kept then
    /// keeps the keys its last making recorded.
    grows: bool,
}

impl Spec<'_> {
    /// The output path: the one place a spec's file name is decided.
    fn path(&self) -> String {
        match &self.make {
            Make::Page(route, _) => route.file(),
            Make::File(path, _) => path.clone(),
        }
    }
}

/// The files of a build, and the problems met while listing them.
#[derive(Default)]
pub struct Plan<'a> {
    specs: Vec<Spec<'a>>,
    pub problems: Vec<Diagnostic>,
}

impl<'a> Plan<'a> {
    /// The page at `route`, reading `keys`, made by `make`.
    pub fn page(
        &mut self,
        route: Route<'a>,
        keys: Vec<Dep>,
        make: impl FnOnce(&Renderer<'a>) -> Result<Page, Diagnostic> + Send + 'a,
    ) {
        self.push_page(route, None, keys, false, Box::new(make));
    }

    /// A page of a paged list, reading `keys` and what its making finds it shows
    /// (`Page::showing`): kept while neither is touched, made again alone when only
    /// something it shows changed.
    pub fn list_page(
        &mut self,
        route: Route<'a>,
        keys: Vec<Dep>,
        make: impl FnOnce(&Renderer<'a>) -> Result<Page, Diagnostic> + Send + 'a,
    ) {
        self.push_page(route, None, keys, true, Box::new(make));
    }

    /// A page whose making also writes the file `with` (its PDF, through
    /// `Renderer::write`): both are made, or both kept, together.
    pub fn page_with(
        &mut self,
        route: Route<'a>,
        with: String,
        keys: Vec<Dep>,
        make: impl FnOnce(&Renderer<'a>) -> Result<Page, Diagnostic> + Send + 'a,
    ) {
        self.push_page(route, Some(with), keys, false, Box::new(make));
    }

    fn push_page(
        &mut self,
        route: Route<'a>,
        with: Option<String>,
        keys: Vec<Dep>,
        grows: bool,
        make: MakePage<'a>,
    ) {
        self.specs.push(Spec {
            keys,
            make: Make::Page(route, make),
            with,
            grows,
        });
    }

    /// A file that is not a page (an export, a search file, a static file), at `path`
    /// below the output root.
    pub fn file(
        &mut self,
        path: String,
        keys: Vec<Dep>,
        make: impl FnOnce(&Renderer<'a>) -> Result<Vec<u8>, Diagnostic> + Send + 'a,
    ) {
        self.specs.push(Spec {
            keys,
            make: Make::File(path, Box::new(make)),
            with: None,
            grows: false,
        });
    }

    pub fn extend(&mut self, other: Plan<'a>) {
        self.specs.extend(other.specs);
        self.problems.extend(other.problems);
    }

    pub fn len(&self) -> usize {
        self.specs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.specs.is_empty()
    }
}

/// What `produce` did: the problems met, and the keys of every file whose keys are
/// recorded (in an incremental render, only those not as the previous render recorded
/// them).
pub struct Produced {
    pub problems: Vec<Diagnostic>,
    pub keys: FileKeys,
}

/// A file's problem, and its keys when they are recorded.
type Made = (Option<Diagnostic>, Option<(String, Vec<Dep>)>);

/// What `produce` decided for one spec: kept (with its keys when they are recorded
/// again), or to be made.
enum Step<'a> {
    Kept(Made),
    Make(Spec<'a>, String, Wanted),
}

/// Makes and writes every file of `plan` the build needs.
pub fn produce<'a>(r: &Renderer<'a>, plan: Plan<'a>) -> Produced {
    let Plan {
        specs,
        mut problems,
    } = plan;
    let steps: Vec<Step> = specs.into_par_iter().map(|spec| step(r, spec)).collect();
    // The order of what is made does not matter: the engine sorts the problems, and
    // the keys are a map.
    let mut made: Vec<Made> = Vec::with_capacity(steps.len());
    let mut to_make = Vec::new();
    for step in steps {
        match step {
            Step::Kept(kept) => made.push(kept),
            Step::Make(spec, path, wanted) => to_make.push((spec, path, wanted)),
        }
    }
    // In small jobs (one a file for an edit's few): the files an edit reaches sit
    // together in the plan (the site-wide pages), and in chunks of all 23,000 specs one
    // thread made them all while the other had nothing left to take.
    let job = to_make.len() / (rayon::current_num_threads() * 64);
    made.par_extend(
        to_make
            .into_par_iter()
            .with_max_len(job.max(1))
            .map(|(spec, path, wanted)| make_one(r, spec, path, wanted)),
    );
    let mut keys = FileKeys::default();
    for (problem, recorded) in made {
        problems.extend(problem);
        keys.extend(recorded);
    }
    Produced { problems, keys }
}

/// Whether `spec` is made now or its previous file kept.
fn step<'a>(r: &Renderer<'a>, spec: Spec<'a>) -> Step<'a> {
    let path = spec.path();
    // No list allocated for each of 23,000 files.
    let both = [path.as_str(), spec.with.as_deref().unwrap_or_default()];
    let files = &both[..if spec.with.is_some() { 2 } else { 1 }];
    let wanted = r.wants(files, &spec.keys);
    if wanted.render {
        return Step::Make(spec, path, wanted);
    }
    let record = wanted.record && !spec.grows;
    Step::Kept((None, record.then_some((path, spec.keys))))
}

/// Makes `spec`'s file (at `path`), with the keys to record for it.
fn make_one<'a>(r: &Renderer<'a>, spec: Spec<'a>, path: String, wanted: Wanted) -> Made {
    let is_document = matches!(spec.make, Make::Page(Route::Document { .. }, _));
    let mut keys = spec.keys;
    let (problem, record) = if spec.grows {
        match make(r, &path, spec.make) {
            Ok(shown) => {
                keys.extend(shown);
                keys.sort();
                keys.dedup();
                (None, r.records_anew(&path, &keys))
            }
            Err(e) => (Some(e), false),
        }
    } else {
        (make(r, &path, spec.make).err(), wanted.record)
    };
    if let (Some(bar), true) = (&r.progress, is_document) {
        bar.inc(1);
    }
    (problem, record.then_some((path, keys)))
}

/// Makes and writes one file; returns the keys its making found (`Page::shown`).
fn make<'a>(r: &Renderer<'a>, path: &str, make: Make<'a>) -> Result<Vec<Dep>, Diagnostic> {
    let (bytes, shown) = match make {
        Make::Page(route, make) => {
            let page = make(r)?;
            let html = r.page(&route, &page.title, page.values)?;
            (html.into_bytes(), page.shown)
        }
        Make::File(_, make) => (make(r)?, Vec::new()),
    };
    r.write_owned(path, bytes)?;
    Ok(shown)
}
