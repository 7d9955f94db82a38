//! Render: Markdown → HTML with link rewriting, the minijinja environment with the
//! embedded theme, one context per page kind, UI strings. `Renderer` is what every
//! page-producing module (documents here, the views in `views/`) renders through.

pub mod context;
pub mod deps;
pub mod helpers;
pub mod i18n;
pub mod markdown;
pub mod pages;
pub mod risk;
pub mod templates;

use crate::diag::{Diagnostic, Loc};
use crate::graph::Site;
use crate::output::{Output, WriteError};
use crate::search::SearchIndex;
use context::Link;
use deps::Dep;
use minijinja::{Value, context};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};
use templates::Templates;

pub struct Renderer<'a> {
    pub site: &'a Site,
    pub templates: &'a Templates,
    pub out: &'a Output,
    site_value: Value,
    strings: Value,
    incremental: Option<Incremental<'a>>,
    /// Every output file's dependency keys, recorded for the next incremental build.
    recorded: Mutex<HashMap<String, Vec<Dep>>>,
    /// Each record's template value, made once: a record shows on several pages.
    record_values: Vec<Vec<OnceLock<Value>>>,
    /// Each document's template value as lists show it, made once: a document is
    /// listed on several pages (type, folder, year, owner, areas).
    doc_values: Vec<OnceLock<Value>>,
    /// Progress of document pages, on long builds in a terminal.
    pub progress: Option<indicatif::ProgressBar>,
    /// The search index: the previous render's going in (for an incremental render,
    /// which re-indexes the changed documents only), this render's coming out.
    pub search: Mutex<Option<SearchIndex>>,
    /// Whether the search index is handed back for later updates (`serve`).
    pub keep_search: bool,
    /// Record-table rows rendered so far in this build, reused by later pages.
    rows: Arc<helpers::RowCache>,
}

/// What an incremental render knows: the keys that changed, and each file's keys from
/// the previous render.
pub struct Incremental<'a> {
    pub changed: &'a HashSet<Dep>,
    pub previous: &'a HashMap<String, Vec<Dep>>,
    /// The documents reloaded since the previous render, by number in the new site.
    pub changed_docs: &'a [usize],
    /// The site graph is the previous one with only bodies changed, so every file's
    /// keys are what they were: files not reached are kept without recording their keys
    /// again (the caller carries the previous keys over).
    pub same_graph: bool,
}

/// What a page needs besides its own data: its title, URL path and breadcrumbs.
pub struct PageInfo {
    pub title: String,
    /// Below `base_path`: "" for the start page, otherwise ending in `/`.
    pub url: String,
    pub breadcrumbs: Vec<Link>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, templates: &'a Templates, out: &'a Output) -> Self {
        Renderer {
            site,
            templates,
            out,
            site_value: Value::from_serialize(site.site_view()),
            strings: Value::from_serialize(i18n::strings(site.lang())),
            incremental: None,
            recorded: Mutex::new(HashMap::new()),
            record_values: site
                .docs
                .iter()
                .map(|d| d.records.iter().map(|_| OnceLock::new()).collect())
                .collect(),
            doc_values: site.docs.iter().map(|_| OnceLock::new()).collect(),
            progress: None,
            search: Mutex::new(None),
            keep_search: false,
            rows: Arc::default(),
        }
    }

    /// The documents reloaded since the previous render, when this render is incremental.
    pub fn changed_docs(&self) -> Option<&[usize]> {
        self.incremental.as_ref().map(|inc| inc.changed_docs)
    }

    /// The template value of record `r` of document `doc` (see `Site::record_view`).
    pub fn record_value(&self, doc: usize, r: usize) -> Value {
        self.record_values[doc][r]
            .get_or_init(|| {
                Value::from_serialize(self.site.record_view(doc, &self.site.docs[doc].records[r]))
            })
            .clone()
    }

    /// The template value of document `doc` in lists (see `Site::doc_view`).
    pub fn doc_value(&self, doc: usize) -> Value {
        self.doc_values[doc]
            .get_or_init(|| Value::from_serialize(self.site.doc_view(doc)))
            .clone()
    }

    /// Renders only what the changed keys reach; the rest is kept from the previous output.
    pub fn incremental(mut self, incremental: Incremental<'a>) -> Self {
        self.incremental = Some(incremental);
        self
    }

    /// Declares the keys output file `path` reads and says whether to produce it now.
    /// When it answers no, the previous bytes of `path` are kept.
    pub fn wants(&self, path: &str, deps: Vec<Dep>) -> bool {
        let render = match &self.incremental {
            None => true,
            Some(inc) => {
                let hit = |keys: &[Dep]| keys.iter().any(|k| inc.changed.contains(k));
                let previous = inc.previous.get(path);
                if inc.same_graph && previous.is_some_and(|p| !hit(p)) && self.out.keep(path) {
                    return false;
                }
                previous.is_none_or(|p| hit(p)) || hit(&deps) || !self.out.keep(path)
            }
        };
        self.recorded.lock().unwrap().insert(path.to_string(), deps);
        render
    }

    /// `wants` for a page at `url` (its file is `URL/index.html`).
    pub fn wants_page(&self, url: &str, deps: Vec<Dep>) -> bool {
        self.wants(&format!("{url}index.html"), deps)
    }

    pub fn into_recorded(self) -> HashMap<String, Vec<Dep>> {
        self.recorded.into_inner().unwrap()
    }

    /// Renders `template` with `site`, `t`, `page` and the page's own values, and
    /// writes it to `URL/index.html`.
    pub fn page(&self, template: &str, page: PageInfo, values: Value) -> Result<(), Diagnostic> {
        let html = self.render(template, &page, values)?;
        self.write(&format!("{}index.html", page.url), html.as_bytes())
    }

    pub fn render(
        &self,
        template: &str,
        page: &PageInfo,
        values: Value,
    ) -> Result<String, Diagnostic> {
        let ctx = context! {
            site => self.site_value,
            t => self.strings,
            page => context! {
                title => page.title,
                url => self.site.href(&page.url),
                breadcrumbs => Value::from_serialize(&page.breadcrumbs),
                is_start => page.url.is_empty(),
            },
            ..values
        };
        helpers::with_rows(&self.rows, || self.templates.render(template, ctx))
    }

    /// A fragment (no page around it), e.g. one block's table.
    pub fn fragment(&self, template: &str, values: Value) -> Result<String, Diagnostic> {
        helpers::with_rows(&self.rows, || {
            self.templates.render(
                template,
                context! { site => self.site_value, t => self.strings, ..values },
            )
        })
    }

    /// The body of a document as HTML, its blocks rendered through their templates.
    pub fn body(&self, doc: usize) -> Result<String, Diagnostic> {
        let mut first_error = None;
        let html = markdown::render_body(self.site, doc, |n| {
            let block = self.site.block_view(doc, n);
            let name = format!("blocks/{}.html", block.kind);
            match self.fragment(&name, context! { block => Value::from_serialize(&block) }) {
                Ok(h) => h,
                Err(d) => {
                    first_error.get_or_insert(d);
                    String::new()
                }
            }
        });
        match first_error {
            Some(d) => Err(d),
            None => Ok(html),
        }
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.out.write(rel, bytes).map_err(|e| match e {
            WriteError::Duplicate(p) => Diagnostic::error(
                &Loc::file(p.clone()),
                format!("two parts of the site would be written to {p}; rename one of them"),
            ),
            WriteError::Invalid(p) => {
                Diagnostic::error(&Loc::file(p), "refused to write outside the output folder")
            }
            WriteError::Io(m) => {
                Diagnostic::error(&Loc::file("public"), format!("cannot write: {m}"))
            }
        })
    }
}
