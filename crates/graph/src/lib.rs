//! The site graph: every document with its URL, lookup by id and by path, what is
//! published, sections, and link resolution. Built once; validation, rendering and
//! every view read it and never parse again.

pub mod audience;
pub mod calendar;
pub mod index;
pub mod links;
mod patch;
pub mod renumber;
pub mod risk;
pub mod route;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use styrdok_config::Config;
use styrdok_core::model::{Classification, DocType, Document, Record, Status};
use styrdok_core::text::{Date, slug};

pub use links::{LinkTarget, Resolved};
pub use renumber::Renumbering;
pub use route::Route;

/// Options of one build that change what is published or what "today" is.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub drafts: bool,
    pub today: Date,
    /// Who the build is for: which classifications reach its output.
    pub audience: styrdok_config::Audience,
}

impl BuildOptions {
    /// A build for the intranet (the `internal` audience of the default configuration).
    pub fn new(drafts: bool, today: Date) -> BuildOptions {
        let audience = styrdok_config::audience::defaults()
            .into_iter()
            .next()
            .expect("the internal audience");
        BuildOptions {
            drafts,
            today,
            audience,
        }
    }

    /// Whether `doc` reaches the output: never when restricted, only when its audience
    /// includes its classification, drafts only with `--drafts`.
    pub fn publishes(&self, doc: &Document) -> bool {
        doc.meta.classification != Classification::Restricted
            && self.audience.shows(doc.meta.classification)
            && (doc.meta.status != Status::Draft || self.drafts)
    }
}

#[derive(Clone)]
pub struct Site {
    pub config: Config,
    pub options: BuildOptions,
    /// Sorted by source path.
    /// Shared so that an incremental rebuild reuses every document it did not reload.
    pub docs: Vec<Arc<Document>>,
    /// Same length as `docs`: whether the document reaches the output.
    pub published: Vec<bool>,
    // What a patch (`Site::patched`) never changes is shared, not copied: an edit in
    // `serve` cloned 10,000 URLs and two maps of them, 2–3 ms of every rebuild.
    /// URL path below `base_path` ("" for the start page, else ending in `/`).
    pub urls: Arc<Vec<String>>,
    pub by_id: Arc<HashMap<String, usize>>,
    pub by_content_path: Arc<HashMap<String, usize>>,
    /// Folder (relative to content/, "" for the top) → its section.
    pub sections: Arc<BTreeMap<String, Section>>,
    /// Any spelling (canonical or alias) → canonical responsible name.
    pub responsible_names: Arc<HashMap<String, String>>,
    /// Files under content/ other than Markdown (attachments, images), relative to
    /// content/; copied to the same path in the output.
    pub assets: Arc<std::collections::BTreeSet<String>>,
    /// The assets a published document links to or shows: the only ones copied. A file
    /// beside a restricted document (its attachments, images) stays out of the output.
    pub published_assets: Arc<std::collections::BTreeSet<String>>,
    /// Titles that more than one published document has: their pages' titles add the
    /// type, so no two pages share a title.
    pub shared_titles: std::collections::BTreeSet<String>,
    /// Responsibles, areas and backlinks over the published documents.
    pub indexes: index::Indexes,
    /// When each document's file changed, from git; set by the build after the graph
    /// is made (it is read in parallel with loading), with `set_history`.
    pub history: Arc<styrdok_history::History>,
    /// Commits whose message no page shows: they also changed a file that is not
    /// published. Decided once per commit when the history is set, not per page.
    pub withheld_commits: Arc<std::collections::HashSet<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct Section {
    pub folder: String,
    pub url: String,
    /// The folder's `index.md`, when it has one.
    pub index_doc: Option<usize>,
    /// Published documents directly in the folder, `index.md` excluded.
    pub docs: Vec<usize>,
    pub subfolders: Vec<String>,
}

impl Site {
    /// The site's UI language.
    pub fn lang(&self) -> styrdok_config::Language {
        self.config.language
    }

    /// Score band of a risk score: one place for every table, heat map and list.
    pub fn score_band(&self, score: i64) -> risk::Band {
        let high = self.config.risk.highlight_from as i64;
        if score >= high {
            risk::Band::High
        } else if score * 2 >= high {
            risk::Band::Medium
        } else {
            risk::Band::Low
        }
    }

    pub fn new(
        config: Config,
        options: BuildOptions,
        mut docs: Vec<Arc<Document>>,
        assets: std::collections::BTreeSet<String>,
    ) -> Site {
        docs.sort_by(|a, b| a.source_path.cmp(&b.source_path));
        for d in &mut docs {
            *d = audience::view(&options.audience, d);
        }
        let published: Vec<bool> = docs.iter().map(|d| options.publishes(d)).collect();
        let urls: Vec<String> = docs.iter().map(|d| document_url(&d.content_path)).collect();
        let mut by_id = HashMap::new();
        let mut by_content_path = HashMap::new();
        for (i, d) in docs.iter().enumerate() {
            by_id.entry(d.meta.id.clone()).or_insert(i);
            by_content_path.insert(d.content_path.clone(), i);
        }
        let mut responsible_names = HashMap::new();
        for r in &config.responsibles {
            responsible_names.insert(r.name.clone(), r.name.clone());
            for a in &r.aliases {
                responsible_names.insert(a.clone(), r.name.clone());
            }
        }
        let mut site = Site {
            config,
            options,
            docs,
            published,
            urls: Arc::new(urls),
            by_id: Arc::new(by_id),
            by_content_path: Arc::new(by_content_path),
            sections: Default::default(),
            responsible_names: Arc::new(responsible_names),
            assets: Arc::new(assets),
            published_assets: Default::default(),
            shared_titles: Default::default(),
            indexes: index::Indexes::default(),
            history: Default::default(),
            withheld_commits: Default::default(),
        };
        site.sections = Arc::new(site.build_sections());
        site.indexes = site.build_indexes();
        site.published_assets = Arc::new(site.linked_assets());
        site.shared_titles = site.titles_used_twice();
        site
    }

    fn titles_used_twice(&self) -> std::collections::BTreeSet<String> {
        let mut seen = std::collections::HashSet::new();
        self.docs
            .iter()
            .enumerate()
            .filter(|(i, _)| self.published[*i])
            .filter(|(_, d)| !seen.insert(d.meta.title.as_str()))
            .map(|(_, d)| d.meta.title.clone())
            .collect()
    }

    /// Attaches the git history and decides which commits' messages are withheld.
    pub fn set_history(&mut self, history: styrdok_history::History) {
        let mut withheld = std::collections::HashSet::new();
        let mut seen = std::collections::HashSet::new();
        for change in history.files.values().flat_map(|f| &f.changes) {
            if seen.insert(change.commit.as_str())
                && !change.touched.iter().all(|p| self.is_public_file(p))
            {
                withheld.insert(change.commit.clone());
            }
        }
        self.withheld_commits = Arc::new(withheld);
        self.history = Arc::new(history);
    }

    /// Whether a file (relative to the site root) reaches this build's output: a
    /// published document or a copied asset.
    fn is_public_file(&self, source_path: &str) -> bool {
        match self.doc_by_source_path(source_path) {
            // A document with parts this audience does not see: a commit message may
            // speak of them.
            Some(i) => {
                self.published[i] && !audience::has_hidden(&self.options.audience, &self.docs[i])
            }
            None => source_path
                .strip_prefix("content/")
                .is_some_and(|p| self.published_assets.contains(p)),
        }
    }

    fn linked_assets(&self) -> std::collections::BTreeSet<String> {
        (0..self.docs.len())
            .filter(|&i| self.published[i])
            .flat_map(|i| self.doc_assets(i))
            .collect()
    }

    fn build_sections(&self) -> BTreeMap<String, Section> {
        let mut sections: BTreeMap<String, Section> = BTreeMap::new();
        let ensure = |sections: &mut BTreeMap<String, Section>, folder: &str| {
            let mut path = String::new();
            let mut parent: Option<String> = None;
            for part in std::iter::once("").chain(folder.split('/').filter(|p| !p.is_empty())) {
                if !part.is_empty() {
                    if !path.is_empty() {
                        path.push('/');
                    }
                    path.push_str(part);
                }
                let entry = sections.entry(path.clone()).or_insert_with(|| Section {
                    folder: path.clone(),
                    url: Route::Section(&path).path(),
                    ..Section::default()
                });
                let _ = entry;
                if let Some(p) = &parent {
                    let parent_section = sections.get_mut(p).expect("parent exists");
                    if !parent_section.subfolders.contains(&path) {
                        parent_section.subfolders.push(path.clone());
                    }
                }
                parent = Some(path.clone());
            }
        };
        for (i, d) in self.docs.iter().enumerate() {
            if !self.published[i] {
                continue;
            }
            ensure(&mut sections, d.folder());
            let section = sections.get_mut(d.folder()).expect("ensured");
            if d.is_section_index {
                section.index_doc = Some(i);
            } else {
                section.docs.push(i);
            }
        }
        sections.entry(String::new()).or_insert_with(|| Section {
            url: String::new(),
            ..Section::default()
        });
        sections
    }

    /// The number of the document read from `source_path` (`content/…`), if there is one.
    pub fn doc_by_source_path(&self, source_path: &str) -> Option<usize> {
        let content_path = source_path.strip_prefix("content/")?;
        self.by_content_path.get(content_path).copied()
    }

    pub fn is_published(&self, doc: usize) -> bool {
        self.published[doc]
    }

    /// Published documents, in source order.
    pub fn published_docs(&self) -> impl Iterator<Item = (usize, &Document)> {
        self.docs
            .iter()
            .map(|d| &**d)
            .enumerate()
            .filter(|(i, _)| self.published[*i])
    }

    /// Published documents of a type, section introductions excluded.
    pub fn docs_of_type(&self, t: DocType) -> Vec<usize> {
        self.published_docs()
            .filter(|(_, d)| d.meta.doc_type == t && !d.is_section_index)
            .map(|(i, _)| i)
            .collect()
    }

    /// The full URL (with `base_path`) of a path below the site root.
    pub fn href(&self, url_path: &str) -> String {
        format!("{}{}", self.config.base_path, url_path)
    }

    /// A link from outside the site (a calendar feed, the `due` report): `href`
    /// (with `base_path`) made absolute with `base_url` when the site has one.
    pub fn absolute(&self, href: &str) -> String {
        match &self.config.base_url {
            Some(origin) => format!("{origin}{href}"),
            None => href.to_string(),
        }
    }

    /// The route of document `doc`'s page.
    pub fn doc_route(&self, doc: usize) -> Route<'_> {
        let d = &self.docs[doc];
        Route::Document {
            content_path: &d.content_path,
            url: &self.urls[doc],
            doc_type: d.meta.doc_type,
        }
    }

    pub fn doc_href(&self, doc: usize) -> String {
        self.href(&self.urls[doc])
    }

    pub fn record_href(&self, doc: usize, record: &Record) -> String {
        format!("{}#{}", self.doc_href(doc), record.anchor())
    }

    /// The canonical name of a responsible as written (aliases merged).
    pub fn canonical_responsible<'a>(&'a self, name: &'a str) -> &'a str {
        self.responsible_names
            .get(name)
            .map(String::as_str)
            .unwrap_or(name)
    }

    pub fn type_index_url(t: DocType) -> String {
        Route::TypeIndex(t).path()
    }
}

/// `rs/riskanalys.md` → `rs/riskanalys/`; `rs/index.md` → `rs/`; `index.md` → "".
pub fn document_url(content_path: &str) -> String {
    let without_ext = content_path.strip_suffix(".md").unwrap_or(content_path);
    let mut parts: Vec<String> = without_ext.split('/').map(slug_or_keep).collect();
    if parts.last().map(String::as_str) == Some("index") {
        parts.pop();
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}/", parts.join("/"))
    }
}

pub fn folder_url(folder: &str) -> String {
    if folder.is_empty() {
        String::new()
    } else {
        let parts: Vec<String> = folder.split('/').map(slug_or_keep).collect();
        format!("{}/", parts.join("/"))
    }
}

fn slug_or_keep(part: &str) -> String {
    let s = slug(part);
    if s.is_empty() { "-".to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_from_paths() {
        assert_eq!(document_url("index.md"), "");
        assert_eq!(document_url("rs/index.md"), "rs/");
        assert_eq!(document_url("RS/Risk analys Åre.md"), "rs/risk-analys-are/");
    }
}
