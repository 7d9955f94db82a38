//! Dependency keys for incremental rebuilds. Every page declares the keys it reads
//! before it is rendered; every document yields the keys its content touches. A change
//! re-renders exactly the pages whose keys (from before or after the change) meet the
//! changed documents' keys (from before and after), and keeps every other page.

use crate::context::SiteViews;
use styrdok_core::model::{DocType, RecordKind};
use styrdok_graph::Site;

/// Keys a change touches. A fast hash: every file's keys are looked up in it.
pub type Touched = rustc_hash::FxHashSet<Dep>;

/// The keys each file of a render read, by output path, for the next render.
pub type FileKeys = rustc_hash::FxHashMap<String, Vec<Dep>>;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dep {
    /// Changes to anything outside documents (config, templates, static files).
    Global,
    /// What other pages show of a document: its metadata, records, headings and links.
    Doc(usize),
    /// A document's body: only its own page and its search entry read it.
    Body(usize),
    Type(DocType),
    Folder(String),
    Year(i32),
    Years,
    Responsible(String),
    Responsibles,
    Area(String),
    Areas,
    /// The follow-up page: actions and activities followed up, documents to review or
    /// past their validity.
    Followup,
    /// The dated things of the site: the årshjul page and the site's calendar feed.
    Calendar,
    /// A responsible's calendar feed: the dated things of their documents and records.
    ResponsibleCalendar(String),
    /// An area's calendar feed.
    AreaCalendar(String),
    Risks,
    Start,
    /// What a page of a paged list (`shown`: the follow-up page, a responsible's or an
    /// area's) shows of one document, when where the list puts the document is as it
    /// was: only the page it is on is made again. By the source path, which a document
    /// added or removed elsewhere does not renumber, so a page kept keeps its keys.
    Shown(u64),
}

/// The key of what the list read by `list` (`Dep::Followup`, `Dep::Responsible(name)`,
/// `Dep::Area(name)`) shows of the document at `source_path`.
pub fn shown(list: &Dep, source_path: &str) -> Dep {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    list.hash(&mut h);
    source_path.hash(&mut h);
    Dep::Shown(h.finish())
}

/// The keys a document's content touches in `site`.
pub fn doc_keys(site: &Site, i: usize) -> Vec<Dep> {
    let d = &site.docs[i];
    let mut keys = vec![
        Dep::Doc(i),
        Dep::Body(i),
        Dep::Type(d.meta.doc_type),
        Dep::Start,
    ];
    let mut folder = d.folder().to_string();
    loop {
        keys.push(Dep::Folder(folder.clone()));
        match folder.rfind('/') {
            Some(p) => folder.truncate(p),
            None if !folder.is_empty() => folder.clear(),
            None => break,
        }
    }
    if let Some(decided) = d.meta.decided {
        keys.push(Dep::Year(decided.year));
        keys.push(Dep::Years);
    }
    let mut any_responsible = false;
    if let Some(owner) = &d.meta.owner {
        keys.push(Dep::Responsible(
            site.canonical_responsible(&owner.value).to_string(),
        ));
        any_responsible = true;
    }
    let mut any_area = !d.meta.areas.is_empty();
    for a in &d.meta.areas {
        keys.push(Dep::Area(a.value.clone()));
    }
    for r in &d.records {
        for p in &r.responsible {
            keys.push(Dep::Responsible(
                site.canonical_responsible(&p.name).to_string(),
            ));
            any_responsible = true;
        }
        if let Some(a) = &r.area {
            keys.push(Dep::Area(a.value.clone()));
            any_area = true;
        }
        if matches!(r.kind, RecordKind::Action | RecordKind::Activity)
            && (r.status.is_some() || r.due.is_some())
        {
            keys.push(Dep::Followup);
        }
        if r.kind == RecordKind::Risk {
            keys.push(Dep::Risks);
        }
    }
    let dated_record = d
        .records
        .iter()
        .any(|r| matches!(r.kind, RecordKind::Action | RecordKind::Activity) && r.due.is_some());
    let m = &d.meta;
    if dated_record || m.review_by.is_some() || m.valid_until.is_some() || m.meeting.is_some() {
        keys.push(Dep::Calendar);
        let feeds: Vec<Dep> = keys.iter().filter_map(calendar_of).collect();
        keys.extend(feeds);
    }
    // The follow-up page lists documents past `review_by` or `valid_until`.
    if m.review_by.is_some() || m.valid_until.is_some() {
        keys.push(Dep::Followup);
    }
    if d.meta.doc_type == DocType::RiskAnalysis {
        keys.push(Dep::Risks);
    }
    if any_responsible {
        keys.push(Dep::Responsibles);
    }
    if any_area {
        keys.push(Dep::Areas);
    }
    keys.sort();
    keys.dedup();
    keys
}

/// The key of the calendar feed of a responsible's or an area's key.
fn calendar_of(key: &Dep) -> Option<Dep> {
    match key {
        Dep::Responsible(n) => Some(Dep::ResponsibleCalendar(n.clone())),
        Dep::Area(n) => Some(Dep::AreaCalendar(n.clone())),
        _ => None,
    }
}

/// Whether a key is read only by the calendar (the årshjul page and the feeds).
pub fn is_calendar(key: &Dep) -> bool {
    matches!(
        key,
        Dep::Calendar | Dep::ResponsibleCalendar(_) | Dep::AreaCalendar(_)
    )
}

/// What a document's own page reads: itself and every document it is related to in
/// either direction (links, related, supersedes), whose titles and anchors it shows.
pub fn doc_page_deps(site: &Site, i: usize) -> Vec<Dep> {
    let (forward, backlinks) = (&site.indexes.forward[i], &site.indexes.backlinks[i]);
    let previous = styrdok_graph::risk::previous_targets(site, i);
    // At its size: grown from two, it was reallocated for most documents.
    let mut deps = Vec::with_capacity(2 + forward.len() + backlinks.len() + previous.len());
    deps.extend([Dep::Doc(i), Dep::Body(i)]);
    deps.extend(forward.iter().map(|&j| Dep::Doc(j)));
    deps.extend(backlinks.iter().map(|b| Dep::Doc(b.from)));
    // Risk rows show the earlier score of the risk their `previous` names.
    deps.extend(previous.iter().map(|&t| Dep::Doc(t)));
    deps.sort();
    deps.dedup();
    deps
}

/// The keys a change to document `i` touches when only its body prose changed, that is
/// when its outline (see `outline_hash`) is the same before and after.
pub fn body_keys(i: usize) -> Vec<Dep> {
    vec![Dep::Body(i)]
}

/// A hash of a view as the templates see it (its JSON): views that read alike hash alike.
pub fn view_hash(value: &impl serde::Serialize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(value)
        .unwrap_or_default()
        .hash(&mut h);
    h.finish()
}

/// A hash of everything other pages read of document `i`: its list view, its records'
/// views, its headings (titles and anchors) and its links. Equal before and after an
/// edit means the edit changed only what the document's own page and search entry show.
pub fn outline_hash(site: &Site, i: usize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let d = &site.docs[i];
    view_hash(&site.doc_view(i)).hash(&mut h);
    for r in &d.records {
        view_hash(&site.record_view(i, r)).hash(&mut h);
    }
    for heading in &d.headings {
        (heading.level, &heading.anchor, &heading.text).hash(&mut h);
    }
    for link in &d.links {
        (&link.dest, link.wiki).hash(&mut h);
    }
    h.finish()
}
