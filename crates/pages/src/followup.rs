//! The follow-up page: every action and activity with a status or a due date, overdue
//! first, then due within 90 days, then the rest; documents past `review_by` and past
//! `valid_until`. Without JavaScript, each responsible's and area's page carries the
//! same buckets for its own records (the filter links lead there); with it, the main
//! page filters in place and keeps the choice in the URL.

use minijinja::{Value, context};
use serde::Serialize;
use styrdok_core::diag::Diagnostic;
use styrdok_core::model::{Document, Record, RecordKind};
use styrdok_core::text::Date;
use styrdok_graph::Route;
use styrdok_graph::Site;
use styrdok_graph::index::RecordRef;
use styrdok_render::context::SiteViews;
use styrdok_render::deps::{Dep, view_hash};
use styrdok_render::{Renderer, RowTable, i18n};

use crate::spec::{Page, Plan};

const UPCOMING_DAYS: i64 = 90;

#[derive(Serialize, Default)]
pub struct Buckets {
    overdue: Vec<Value>,
    upcoming: Vec<Value>,
    later: Vec<Value>,
}

#[derive(Serialize)]
struct FilterOption {
    name: String,
    slug: String,
    url: String,
}

/// Whether a record is followed up: an action or activity with a status or due date.
pub fn is_followed(rec: &Record) -> bool {
    matches!(rec.kind, RecordKind::Action | RecordKind::Activity)
        && (rec.status.is_some() || rec.due.is_some())
}

/// Whether document `doc` is listed on the follow-up page: as past its `review_by` while
/// still valid, and as past its `valid_until`.
fn listed(doc: &Document, today: Date) -> (bool, bool) {
    let m = &doc.meta;
    let to_review =
        m.review_by.is_some_and(|x| x < today) && m.valid_until.is_none_or(|x| x >= today);
    (to_review, m.valid_until.is_some_and(|x| x < today))
}

/// A hash of what the follow-up page shows of document `d`: its followed records, and
/// the document itself when it is listed. Equal in two renders' sites, the page needs
/// no rendering again for it.
pub fn doc_fingerprint(site: &Site, d: usize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let doc = &site.docs[d];
    for rec in doc.records.iter().filter(|r| is_followed(r)) {
        view_hash(&site.record_view(d, rec)).hash(&mut h);
    }
    let listed = listed(doc, site.options.today);
    listed.hash(&mut h);
    if listed != (false, false) {
        view_hash(&site.doc_view(d)).hash(&mut h);
    }
    h.finish()
}

/// The follow-up records of the site.
pub fn followup_records(site: &Site) -> Vec<RecordRef> {
    let mut out = Vec::new();
    for (d, doc) in site.published_docs() {
        for (i, rec) in doc.records.iter().enumerate() {
            if is_followed(rec) {
                out.push((d, i));
            }
        }
    }
    out
}

/// Follow-up records among `refs` as rows of `table`, sorted into overdue, due soon and
/// the rest.
pub fn buckets(r: &Renderer, refs: &[RecordRef], table: RowTable) -> Result<Buckets, Diagnostic> {
    let site = r.site;
    let refs: Vec<RecordRef> = refs
        .iter()
        .copied()
        .filter(|&(d, i)| is_followed(&site.docs[d].records[i]))
        .collect();
    let refs = &refs[..];
    let today = site.options.today;
    let horizon = today.add_days(UPCOMING_DAYS);
    let mut sorted = refs.to_vec();
    // By due date (none last), then by document and position: stable output.
    sorted.sort_by_key(|&(d, i)| {
        (
            site.docs[d].records[i].due.is_none(),
            site.docs[d].records[i].due,
            d,
            i,
        )
    });
    let mut b = Buckets::default();
    for (d, i) in sorted {
        let rec = &site.docs[d].records[i];
        let row = r.record_row(d, i, table)?;
        let closed = rec.status.is_some_and(|s| s.is_closed());
        if rec.is_overdue(today) {
            b.overdue.push(row);
        } else if !closed && rec.due.is_some_and(|due| due <= horizon) {
            b.upcoming.push(row);
        } else {
            b.later.push(row);
        }
    }
    Ok(b)
}

/// The follow-up page.
pub fn plan<'a>(plan: &mut Plan<'a>) {
    plan.page(Route::Followup, vec![Dep::Followup], page);
}

fn page(r: &Renderer) -> Result<Page, Diagnostic> {
    let site = r.site;
    let lang = site.lang();
    let today = site.options.today;
    let all = followup_records(site);
    let followed: std::collections::HashSet<RecordRef> = all.iter().copied().collect();
    let to_review: Vec<usize> = site
        .published_docs()
        .filter(|(_, d)| listed(d, today).0)
        .map(|(i, _)| i)
        .collect();
    let expired: Vec<usize> = site
        .published_docs()
        .filter(|(_, d)| listed(d, today).1)
        .map(|(i, _)| i)
        .collect();
    let responsible_options: Vec<FilterOption> = site
        .indexes
        .responsibles
        .iter()
        .filter(|p| p.records.iter().any(|rr| followed.contains(rr)))
        .map(|p| FilterOption {
            name: p.name.clone(),
            slug: p.slug.clone(),
            url: site.href(&format!(
                "{}#uppfoljning",
                Route::Responsible(&p.slug).path()
            )),
        })
        .collect();
    let area_options: Vec<FilterOption> = site
        .indexes
        .areas
        .iter()
        .filter(|a| a.records.iter().any(|rr| followed.contains(rr)))
        .map(|a| FilterOption {
            name: a.name.clone(),
            slug: a.slug.clone(),
            url: site.href(&format!("{}#uppfoljning", Route::Area(&a.slug).path())),
        })
        .collect();
    let values = context! {
        buckets => Value::from_serialize(buckets(r, &all, RowTable::FollowupFiltered)?),
        to_review => super::listing(r, &to_review),
        expired => super::listing(r, &expired),
        responsible_options => Value::from_serialize(&responsible_options),
        area_options => Value::from_serialize(&area_options),
        filter => Value::UNDEFINED,
        script => site.href("assets/followup.js"),
        feed => Value::from_serialize(crate::calendar::feed_view(site, &Route::Calendar, None)),
    };
    Ok(Page::new(i18n::get(lang, i18n::Ui::Followup), values))
}
