//! The annual cycle as the reader sees it: each event of `graph::calendar` with its
//! words (kind, id, text, document, status, "Försenad"), link, UID and source line.
//! The årshjul page (page.rs), the calendar feeds (ics.rs) and `styrdok due`
//! (due.rs) all show events through `EventView`, so they name them alike.

pub mod ics;
mod page;

use serde::Serialize;
use styrdok_core::model::{RecordKind, WorkStatus};
use styrdok_core::text::slug;
use styrdok_graph::Site;
use styrdok_graph::calendar::{Event, What};
use styrdok_render::context::{DateView, ResponsibleView, SiteViews};
use styrdok_render::deps::view_hash;
use styrdok_render::i18n::{self, Ui};
use styrdok_render::titles::DocTitle;

pub use page::{FeedView, feed_view, plan};

/// One event, in words.
#[derive(Serialize, Clone, Debug)]
pub struct EventView {
    pub date: DateView,
    /// A cycle entry without a day: the whole month.
    pub whole_month: bool,
    /// `action`, `activity`, `meeting`, `review`, `expiry` or `cycle`.
    pub kind: &'static str,
    pub kind_label: &'static str,
    /// The record's or document's id; none for a cycle entry.
    pub id: Option<String>,
    /// The record's words, the document's title, the cycle entry's title.
    pub text: String,
    /// A cycle entry's description.
    pub description: Option<String>,
    /// Where it is on the site, with `base_path`: the record's anchor, the document,
    /// the cycle entry on the årshjul page.
    pub href: String,
    pub doc_title: Option<String>,
    pub doc_id: Option<String>,
    pub doc_url: Option<String>,
    pub responsibles: Vec<ResponsibleView>,
    pub status_label: Option<&'static str>,
    /// Should have been done by now (`Site::is_late`).
    pub late: bool,
    /// An expiry that has passed.
    pub expired: bool,
    pub cancelled: bool,
    /// Stable across builds: from the ids, never from positions or the clock.
    pub uid: String,
    /// Where it is written: `content/….md` or `styrdok.yaml`, and the line.
    pub source: String,
    pub line: u32,
}

impl EventView {
    /// "Åtgärd 3: Utbilda personalen", "Revidering RS-1: Riskanalys", "Delårsrapport".
    pub fn summary(&self) -> String {
        match &self.id {
            Some(id) => format!("{} {id}: {}", self.kind_label, self.text),
            None => self.text.clone(),
        }
    }
}

/// The anchor of cycle entry `i` on the årshjul page.
pub fn cycle_anchor(site: &Site, i: usize) -> String {
    format!("cycle-{}", site.config.cycle[i].key())
}

/// What follows `@` in every UID: the site's host when it has a `base_url`, else its
/// title as a slug.
fn uid_domain(site: &Site) -> String {
    let host = site.config.base_url.as_deref().map(|u| {
        let rest = u.split_once("://").map_or(u, |(_, r)| r);
        rest.to_string()
    });
    host.unwrap_or_else(|| match slug(&site.config.title) {
        s if s.is_empty() => "styrdok".to_string(),
        s => s,
    })
}

/// `event` in words.
pub fn event_view(site: &Site, event: &Event) -> EventView {
    let lang = site.lang();
    let responsibles = site
        .event_responsibles(event)
        .into_iter()
        .map(|name| ResponsibleView {
            url: site.responsible_url(&name),
            name,
            remark: None,
        })
        .collect();
    let mut v = EventView {
        date: site.date_view(event.date),
        whole_month: site.whole_month(event),
        kind: event.what.key(),
        kind_label: i18n::event_kind(site, event.what),
        id: None,
        text: String::new(),
        description: None,
        href: String::new(),
        doc_title: None,
        doc_id: None,
        doc_url: None,
        responsibles,
        status_label: None,
        late: site.is_late(event),
        expired: matches!(event.what, What::Expiry(_)) && event.date < site.options.today,
        cancelled: false,
        uid: String::new(),
        source: String::new(),
        line: 1,
    };
    if let Some(d) = event.what.doc() {
        let doc = &site.docs[d];
        v.doc_title = Some(site.doc_title_marked(d));
        v.doc_id = Some(doc.meta.id.clone());
        v.doc_url = Some(site.doc_href(d));
        v.source = doc.source_path.clone();
    }
    let domain = uid_domain(site);
    match event.what {
        What::Record((d, r)) => {
            let rec = &site.docs[d].records[r];
            v.kind = if rec.kind == RecordKind::Action {
                "action"
            } else {
                "activity"
            };
            v.id = Some(rec.id.clone());
            v.text = rec.headline().to_string();
            v.href = site.record_href(d, rec);
            v.status_label = rec.status.map(|s| i18n::work_status(lang, s));
            v.cancelled = rec.status == Some(WorkStatus::Cancelled);
            v.uid = format!("{}.{}@{domain}", rec.anchor(), site.docs[d].meta.id);
            v.line = rec.at.line;
        }
        What::Meeting(d) | What::Review(d) | What::Expiry(d) => {
            let doc = &site.docs[d];
            v.id = Some(doc.meta.id.clone());
            v.text = site.doc_title_marked(d);
            v.href = site.doc_href(d);
            v.status_label = Some(i18n::status(lang, doc.meta.status));
            v.uid = format!("{}.{}@{domain}", v.kind, doc.meta.id);
            let key = match event.what {
                What::Meeting(_) => "meeting",
                What::Review(_) => "review_by",
                _ => "valid_until",
            };
            v.line = doc.front_matter_line(key);
        }
        What::Cycle(i) => {
            let entry = &site.config.cycle[i];
            v.text = entry.title.clone();
            v.description = entry.description.clone();
            v.href = format!(
                "{}#{}",
                site.href(&styrdok_graph::Route::Calendar.path()),
                cycle_anchor(site, i)
            );
            v.uid = format!("cycle.{}@{domain}", entry.key());
            v.source = styrdok_config::CONFIG_FILE.to_string();
            v.line = entry.at.line;
        }
    }
    v
}

/// A hash of what the calendar (the årshjul page and every feed) shows of document `d`:
/// its events, each in words and with the areas whose feeds it is in (its responsibles
/// are in its words). Equal in two renders' sites, no calendar needs rendering again
/// for it.
pub fn doc_fingerprint(site: &Site, d: usize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let doc = &site.docs[d];
    for event in site.events_of(d) {
        event.hash(&mut h);
        view_hash(&event_view(site, &event)).hash(&mut h);
        match event.what {
            What::Record((_, r)) => doc.records[r].area.as_ref().map(|a| &a.value).hash(&mut h),
            _ => {
                for a in &doc.meta.areas {
                    a.value.hash(&mut h);
                }
            }
        }
    }
    h.finish()
}

/// The words of the late marker in `site`'s language ("Försenad").
pub fn late_word(site: &Site) -> &'static str {
    i18n::get(site.lang(), Ui::Overdue)
}
