//! Render: Markdown → HTML with link rewriting, the minijinja environment with the
//! embedded theme, one context per page kind, UI strings. `Renderer` is what every
//! page-producing module (documents here, the views in `views/`) renders through.

pub mod context;
pub mod deps;
pub mod helpers;
pub mod i18n;
pub mod markdown;
pub mod memo;
pub mod risk;
pub mod rows;
pub mod templates;
pub mod titles;

use crate::context::SiteViews;
use deps::{Dep, FileKeys, Touched};
use minijinja::{Value, context};
use rows::Row;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use styrdok_core::diag::{Diagnostic, Loc};
use styrdok_graph::calendar::Event;
use styrdok_graph::{Route, Site};
use styrdok_output::{Output, WriteError};
use templates::Templates;

pub struct Renderer<'a> {
    pub site: &'a Site,
    pub templates: &'a Templates,
    pub out: &'a Output,
    site_value: Value,
    strings: Value,
    incremental: Option<Incremental<'a>>,
    /// What is made once per document (by number): it shows on several pages.
    docs: Vec<DocSlot>,
    /// How many rows the records' slots keep (see `MAX_ROWS`).
    rows_kept: AtomicUsize,
    /// How many documents' values a one-off render keeps (see `MAX_DOC_VALUES`).
    doc_values_kept: AtomicUsize,
    /// Whether what this render makes once is kept for the next render (`serve`, see
    /// `into_memo`); when not, what shows on one page only is not kept at all.
    for_next: bool,
    /// Progress of document pages, on long builds in a terminal.
    pub progress: Option<indicatif::ProgressBar>,
}

/// What is made once per build for one document.
#[derive(Default)]
struct DocSlot {
    /// Each record's template value and table rows: a record shows on several pages.
    records: Vec<RecordSlot>,
    /// The document's template value as lists show it (type, folder, year, owner,
    /// areas).
    value: OnceLock<Value>,
    /// Its row of document tables, kept where its value is; `None` where rendering
    /// failed.
    row: OnceLock<Option<Row>>,
    /// Its calendar events as the feeds write them: an event is in the site's feed and
    /// in the feed of each of its responsibles and areas.
    feed_entries: OnceLock<FeedEntries>,
    /// Its events of the årshjul page's two years, as the page shows them.
    event_views: OnceLock<EventViews>,
    /// Its parts of the site's exports, allocated when the first is kept (only for a
    /// next render).
    export_parts: OnceLock<ExportSlots>,
}

/// What is made once per build for one record.
#[derive(Default)]
struct RecordSlot {
    value: OnceLock<Value>,
    /// Its rows by `RowTable`, allocated when the first is kept (most records of a very
    /// large site never are); `None` where rendering failed.
    rows: OnceLock<Box<[OnceLock<Option<Row>>; 3]>>,
}

/// The tables a record's row is shown in (`record_table` in macros.html). A row depends
/// on its record and its table only, so each is rendered once per build.
#[derive(Clone, Copy)]
pub enum RowTable {
    /// Its kind's table on a responsible's or an area's page.
    Group,
    /// A follow-up bucket on a responsible's or an area's page.
    Followup,
    /// A follow-up bucket on the follow-up page, with what its filter reads.
    FollowupFiltered,
}

impl RowTable {
    /// Whether the table's rows show on one page of a render only.
    fn on_one_page(self) -> bool {
        matches!(self, RowTable::FollowupFiltered)
    }
}

/// A document's calendar events, each with its text in a feed.
pub type FeedEntries = Vec<(Event, String)>;

/// A document's calendar events, each with its template value (and row) on the årshjul
/// page.
pub type EventViews = Vec<(Event, Value)>;

/// What one document gives each of the site's exports (`export/risker.csv` …): the
/// exports are these parts of their documents, in order, under a header.
#[derive(Clone, Copy)]
pub enum ExportPart {
    /// Its risks' rows of `risker.csv`.
    RiskRows,
    /// Its risks in `risker.json`.
    RiskItems,
    /// Its actions' and activities' rows of `atgarder.csv`.
    ActionRows,
    /// Its actions and activities in `atgarder.json`.
    ActionItems,
    /// Its entry under `documents` in both JSON exports.
    Document,
}

type ExportSlots = Box<[OnceLock<String>; 5]>;

/// At most this many rows are kept, so they stay within about 100 MB however large the
/// site: at 10,000 documents (80,000 records) every row fits and the build takes 10 %
/// less CPU; at 100,000, keeping every row cost 600 MB and saved no time (measured).
const MAX_ROWS: usize = 100_000;

/// At most this many documents' list values are kept by a one-off render (about 2.6 KB
/// each): every one at 10,000 documents, where making each again for every list it is
/// in cost 8 % more CPU; a fifth at 100,000, where keeping all was 260 MB of the peak.
const MAX_DOC_VALUES: usize = 20_000;

/// What an incremental render knows: the keys that changed, and each file's keys from
/// the previous render.
pub struct Incremental<'a> {
    pub changed: &'a Touched,
    pub previous: &'a FileKeys,
    /// The documents reloaded since the previous render, by number in the new site.
    pub changed_docs: &'a [usize],
    /// The site graph is the previous one with only bodies changed, so every file's
    /// keys are what they were: files not reached are kept without recording their keys
    /// again (the caller carries the previous keys over).
    pub same_graph: bool,
}

/// Whether an output file is produced now, and whether its keys are recorded again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wanted {
    pub render: bool,
    /// False when the file's keys are the ones the previous render recorded for it:
    /// the caller carries those over (recording 20,000 files' keys again was a share of
    /// every edit).
    pub record: bool,
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
            docs: site
                .docs
                .iter()
                .map(|d| DocSlot {
                    records: d.records.iter().map(|_| RecordSlot::default()).collect(),
                    ..DocSlot::default()
                })
                .collect(),
            rows_kept: AtomicUsize::new(0),
            doc_values_kept: AtomicUsize::new(0),
            for_next: true,
            progress: None,
        }
    }

    /// A render whose memo is not kept for a next one (`styrdok build`): what shows on
    /// one page only is made for that page and then freed (the follow-up page's rows
    /// are about 46 MB at 10,000 documents).
    pub fn one_off(mut self) -> Self {
        self.for_next = false;
        self
    }

    /// Whether the keys of the files this render makes are recorded: only for a next
    /// render (a one-off build's are never read, so need not be computed).
    pub fn records_keys(&self) -> bool {
        self.for_next
    }

    /// The documents reloaded since the previous render, when this render is incremental.
    pub fn changed_docs(&self) -> Option<&[usize]> {
        self.incremental.as_ref().map(|inc| inc.changed_docs)
    }

    /// The template value of record `r` of document `doc` (see `Site::record_view`).
    pub fn record_value(&self, doc: usize, r: usize) -> Value {
        let make =
            || Value::from_serialize(self.site.record_view(doc, &self.site.docs[doc].records[r]));
        if !self.for_next {
            // Kept, every record's value was 500 MB of a one-off build's peak at 100,000
            // documents; most are read once or twice (their rows are kept).
            return make();
        }
        self.docs[doc].records[r].value.get_or_init(make).clone()
    }

    /// Record `r` of document `doc` as a row of `table` (its template value, with the
    /// rendered row as `row`). Rendered once per build, up to `MAX_ROWS` rows.
    pub fn record_row(&self, doc: usize, r: usize, table: RowTable) -> Result<Row, Diagnostic> {
        let rows = &self.docs[doc].records[r].rows;
        if let Some(Some(row)) = rows.get().and_then(|rows| rows[table as usize].get()) {
            return Ok(row.clone());
        }
        if self.rows_kept.load(Ordering::Relaxed) >= MAX_ROWS
            || (!self.for_next && table.on_one_page())
        {
            return self.render_row(doc, r, table);
        }
        let kept = rows.get_or_init(Box::default)[table as usize].get_or_init(|| {
            self.rows_kept.fetch_add(1, Ordering::Relaxed);
            self.render_row(doc, r, table).ok()
        });
        match kept {
            Some(row) => Ok(row.clone()),
            // Rendered again for its error, which only the first caller saw.
            None => self.render_row(doc, r, table),
        }
    }

    fn render_row(&self, doc: usize, r: usize, table: RowTable) -> Result<Row, Diagnostic> {
        let (kind, filterable) = match table {
            RowTable::Group => (self.site.docs[doc].records[r].kind.block_name(), false),
            RowTable::Followup => ("followup", false),
            RowTable::FollowupFiltered => ("followup", true),
        };
        let record = self.record_value(doc, r);
        let html = self.fragment(
            "record-row.html",
            context! { r => record.clone(), kind, filterable },
        )?;
        Ok(Row::new(html, record))
    }

    /// Document `doc`'s calendar events with their text in a feed, made by `make` the
    /// first time they are asked for; kept only for a next render (`serve`): a one-off
    /// build makes each feed's text on its own (keeping them all cost 40 MiB of peak
    /// memory at 10,000 documents and saved 6 % CPU).
    pub fn feed_entries(
        &self,
        doc: usize,
        make: impl FnOnce() -> FeedEntries,
    ) -> Option<&FeedEntries> {
        self.kept_once(doc, |slot| &slot.feed_entries, make)
    }

    /// Document `doc`'s events as the årshjul page shows them (values with their
    /// rendered rows), made by `make` the first time they are asked for; kept only for a
    /// next render, like the feed entries (the page's 2,500 events at 10,000 documents
    /// took 8 ms to view again, and their rows 11 ms to render).
    pub fn event_views(
        &self,
        doc: usize,
        make: impl FnOnce() -> EventViews,
    ) -> Option<&EventViews> {
        self.kept_once(doc, |slot| &slot.event_views, make)
    }

    /// What `slot` of document `doc` holds, made by `make` the first time; only when
    /// this render is kept for a next one.
    fn kept_once<T>(
        &self,
        doc: usize,
        slot: impl FnOnce(&DocSlot) -> &OnceLock<T>,
        make: impl FnOnce() -> T,
    ) -> Option<&T> {
        self.for_next
            .then(|| slot(&self.docs[doc]).get_or_init(make))
    }

    /// Document `doc`'s part `part` of the site's exports, made by `make` the first time
    /// it is asked for; kept only for a next render (`serve`), like the feed entries.
    pub fn export_part(
        &self,
        doc: usize,
        part: ExportPart,
        make: impl FnOnce() -> String,
    ) -> Option<&str> {
        let slots = self
            .for_next
            .then(|| self.docs[doc].export_parts.get_or_init(Box::default))?;
        Some(slots[part as usize].get_or_init(make))
    }

    /// The template value of document `doc` in lists (see `Site::doc_view`).
    pub fn doc_value(&self, doc: usize) -> Value {
        let make = || Value::from_serialize(self.site.doc_view(doc));
        let slot = &self.docs[doc].value;
        if let Some(value) = slot.get() {
            return value.clone();
        }
        if !self.for_next && self.doc_values_kept.load(Ordering::Relaxed) >= MAX_DOC_VALUES {
            return make();
        }
        slot.get_or_init(|| {
            self.doc_values_kept.fetch_add(1, Ordering::Relaxed);
            make()
        })
        .clone()
    }

    /// Document `doc` as a row of a document table (`doc_table` in macros.html; its
    /// list value, with the row rendered from doc-row.html as `row`). Rendered once per
    /// build where its value is kept (a document is in the tables of its type, year,
    /// folder, areas and owner; at 10,000 documents a row took 3 µs to render).
    pub fn doc_row(&self, doc: usize) -> Result<Row, Diagnostic> {
        let slot = &self.docs[doc];
        if let Some(Some(row)) = slot.row.get() {
            return Ok(row.clone());
        }
        let value = self.doc_value(doc);
        // A one-off render past `MAX_DOC_VALUES` keeps neither value nor row.
        if slot.value.get().is_none() {
            return self.render_doc_row(value);
        }
        match slot
            .row
            .get_or_init(|| self.render_doc_row(value.clone()).ok())
        {
            Some(row) => Ok(row.clone()),
            // Rendered again for its error, which only the first caller saw.
            None => self.render_doc_row(value),
        }
    }

    fn render_doc_row(&self, value: Value) -> Result<Row, Diagnostic> {
        let html = self.fragment("doc-row.html", context! { d => value.clone() })?;
        Ok(Row::new(html, value))
    }

    /// Renders only what the changed keys reach; the rest is kept from the previous output.
    pub fn incremental(mut self, incremental: Incremental<'a>) -> Self {
        self.incremental = Some(incremental);
        self
    }

    /// Says whether to produce the output `files` (a page and the files made with it,
    /// such as its PDF; the first names them), which read `keys`, now. When they are
    /// not produced, their previous bytes are kept.
    pub fn wants(&self, files: &[&str], keys: &[Dep]) -> Wanted {
        let path = files[0];
        let Some(inc) = &self.incremental else {
            // A one-off build has no next build to read the keys (228,000 files' at
            // 100,000 documents).
            return Wanted {
                render: true,
                record: self.records_keys(),
            };
        };
        let hit = |keys: &[Dep]| keys.iter().any(|k| inc.changed.contains(k));
        let previous = inc.previous.get(path);
        let hit_before = previous.is_none_or(|p| hit(p));
        if inc.same_graph && !hit_before && self.out.keep(files) {
            return Wanted {
                render: false,
                record: false,
            };
        }
        // Most files read the keys they read before: those are looked up once.
        let same = previous.is_some_and(|p| p[..] == *keys);
        let render = hit_before || (!same && hit(keys)) || !self.out.keep(files);
        Wanted {
            render,
            record: !same,
        }
    }

    /// Whether keys `keys` of the file at `path`, found while making it, are to be
    /// recorded: in an incremental render, only when the previous render's differ.
    pub fn records_anew(&self, path: &str, keys: &[Dep]) -> bool {
        match &self.incremental {
            Some(inc) => inc.previous.get(path).is_none_or(|p| p[..] != *keys),
            None => self.records_keys(),
        }
    }

    /// The HTML of the page at `route`: its template (the route's) rendered with
    /// `site`, `t`, `page` (its title, and the URL and breadcrumbs of the route) and its
    /// own values.
    pub fn page(&self, route: &Route, title: &str, values: Value) -> Result<String, Diagnostic> {
        let url = route.path();
        let ctx = context! {
            site => self.site_value,
            t => self.strings,
            page => context! {
                title => title,
                url => self.site.href(&url),
                breadcrumbs => Value::from_serialize(context::breadcrumbs(self.site, route)),
                is_start => url.is_empty(),
            },
            ..values
        };
        self.templates.render(&route.template(), ctx)
    }

    /// A fragment (no page around it), e.g. one block's table.
    pub fn fragment(&self, template: &str, values: Value) -> Result<String, Diagnostic> {
        self.templates.render(
            template,
            context! { site => self.site_value, t => self.strings, ..values },
        )
    }

    /// The body of a document as HTML, its blocks rendered through their templates.
    pub fn body(&self, doc: usize) -> Result<String, Diagnostic> {
        let mut first_error = None;
        let html = markdown::render_body(self.site, doc, |n| {
            let block = self.site.block_view(doc, n);
            let notice = masked_rows_notice(self.site, self.site.docs[doc].blocks[n].masked_rows);
            if block.records.is_empty() && !notice.is_empty() {
                return notice;
            }
            let name = format!("blocks/{}.html", block.kind);
            match self.fragment(&name, context! { block => Value::from_serialize(&block) }) {
                Ok(h) => h + &notice,
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
        self.out.write(rel, bytes).map_err(write_problem)
    }

    /// `write`, taking over `bytes` (see `Output::write_owned`).
    pub fn write_owned(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.out.write_owned(rel, bytes).map_err(write_problem)
    }
}

/// The notice under a table some of whose rows this audience does not see ("" when none).
fn masked_rows_notice(site: &Site, masked: usize) -> String {
    let text = match masked {
        0 => return String::new(),
        1 => i18n::get(site.lang(), i18n::Ui::MaskedRowOne).to_string(),
        n => i18n::get(site.lang(), i18n::Ui::MaskedRows).replace("{n}", &n.to_string()),
    };
    format!("<p class=\"masked-notice\">{text}</p>\n")
}

/// What a failed write of the output tells the editor.
pub fn write_problem(e: WriteError) -> Diagnostic {
    match e {
        WriteError::Duplicate(p) => Diagnostic::error(
            &Loc::file(p.clone()),
            format!("two parts of the site would be written to {p}; rename one of them"),
        ),
        WriteError::Invalid(p) => {
            Diagnostic::error(&Loc::file(p), "refused to write outside the output folder")
        }
        WriteError::Io(m) => Diagnostic::error(&Loc::file("public"), format!("cannot write: {m}")),
    }
}
