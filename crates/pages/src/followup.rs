//! The follow-up page: every action and activity with a status or a due date, overdue
//! first, then due within 90 days, then the rest; documents past `review_by` and past
//! `valid_until`. Without JavaScript, each responsible's and area's page carries the
//! same buckets for its own records (the filter links lead there); with it, the main
//! page filters in place and keeps the choice in the URL. Longer than `page_size`, the
//! lists run on over pages (paging.rs) and filter through those pages only.

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
use styrdok_render::rows::RowList;
use styrdok_render::{Renderer, RowTable, i18n};

use crate::paging::{Paging, plan_pages};
use crate::spec::{Page, Plan};

const UPCOMING_DAYS: i64 = 90;

/// Each bucket's rows (a `RowList`).
#[derive(Serialize, Default)]
pub struct Buckets {
    overdue: Value,
    upcoming: Value,
    later: Value,
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

/// A hash of what decides where the follow-up page puts document `d` and its records,
/// and under which names they are filtered: equal in two renders' sites (with
/// `doc_fingerprint` not), the lists fall on the pages as they did, and only the pages
/// that show `d` change (`Dep::Shown`).
pub fn layout_fingerprint(site: &Site, d: usize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let doc = &site.docs[d];
    for rec in doc.records.iter().filter(|r| is_followed(r)) {
        (rec.kind, rec.status, rec.due).hash(&mut h);
        for p in &rec.responsible {
            site.canonical_responsible(&p.name).hash(&mut h);
        }
        rec.area.as_ref().map(|a| &a.value).hash(&mut h);
    }
    let today = site.options.today;
    let listed_as = listed(doc, today);
    listed_as.hash(&mut h);
    if listed_as != (false, false) {
        // Its place in its list of documents, in listing order.
        let list: Vec<usize> = site
            .published_docs()
            .filter(|(_, e)| listed(e, today) == listed_as)
            .map(|(i, _)| i)
            .collect();
        super::listing_rank(site, &list, d).hash(&mut h);
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

/// Follow-up records among `refs` sorted into overdue, due soon and the rest, each by
/// due date (none last), then by document and position.
pub fn sorted_buckets(site: &Site, refs: &[RecordRef]) -> [Vec<RecordRef>; 3] {
    // Each record's key made once: sorting 20,000 records read each one's due date
    // some 15 times over, a cache miss each.
    let mut keyed: Vec<_> = refs
        .iter()
        .map(|&(d, i)| (&site.docs[d].records[i], d, i))
        .filter(|(rec, _, _)| is_followed(rec))
        .map(|(rec, d, i)| (rec.due.is_none(), rec.due, d, i))
        .collect();
    // The key ends with the record itself, so unstable sorting orders as stable would.
    keyed.sort_unstable();
    let sorted = keyed.into_iter().map(|(_, _, d, i)| (d, i));
    let today = site.options.today;
    let horizon = today.add_days(UPCOMING_DAYS);
    let mut b: [Vec<RecordRef>; 3] = Default::default();
    for (d, i) in sorted {
        let rec = &site.docs[d].records[i];
        let closed = rec.status.is_some_and(|s| s.is_closed());
        let bucket = if rec.is_overdue(today) {
            0
        } else if !closed && rec.due.is_some_and(|due| due <= horizon) {
            1
        } else {
            2
        };
        b[bucket].push((d, i));
    }
    b
}

/// The keys of the buckets, as templates name them.
const BUCKETS: [&str; 3] = ["overdue", "upcoming", "later"];

/// The buckets as lists of a paged page: `(key, number of records)`.
pub fn bucket_sizes(
    buckets: &[Vec<RecordRef>; 3],
) -> impl Iterator<Item = (&'static str, usize)> + '_ {
    BUCKETS.into_iter().zip(buckets.iter().map(Vec::len))
}

/// Bucketed records (`sorted_buckets`, or a page's part of them) as rows of `table`.
pub fn bucket_rows(
    r: &Renderer,
    buckets: [&[RecordRef]; 3],
    table: RowTable,
) -> Result<Buckets, Diagnostic> {
    let rows = |refs: &[RecordRef]| -> Result<Value, Diagnostic> {
        let rows = refs.iter().map(|&(d, i)| r.record_row(d, i, table));
        Ok(RowList::value(rows.collect::<Result<_, _>>()?))
    };
    Ok(Buckets {
        overdue: rows(buckets[0])?,
        upcoming: rows(buckets[1])?,
        later: rows(buckets[2])?,
    })
}

/// What the follow-up page lists, in its order: the buckets of followed records, the
/// documents to review, the documents expired.
struct Lists {
    buckets: [Vec<RecordRef>; 3],
    to_review: Vec<usize>,
    expired: Vec<usize>,
    /// The responsibles and areas with followed records, to filter by.
    responsible_options: Vec<FilterOption>,
    area_options: Vec<FilterOption>,
}

impl Lists {
    fn new(site: &Site) -> (Lists, Paging) {
        let today = site.options.today;
        let listed_as = |which: fn((bool, bool)) -> bool| -> Vec<usize> {
            let docs: Vec<usize> = site
                .published_docs()
                .filter(|(_, d)| which(listed(d, today)))
                .map(|(i, _)| i)
                .collect();
            super::listing_order(site, &docs, None)
        };
        let buckets = sorted_buckets(site, &followup_records(site));
        let followed: std::collections::HashSet<RecordRef> =
            buckets.iter().flatten().copied().collect();
        let names = &site.indexes;
        let responsible_options = filter_options(
            site,
            &followed,
            names
                .responsibles
                .iter()
                .map(|p| (&p.name, &p.slug, &p.records[..])),
            |slug| Route::Responsible(slug),
        );
        let area_options = filter_options(
            site,
            &followed,
            names
                .areas
                .iter()
                .map(|a| (&a.name, &a.slug, &a.records[..])),
            |slug| Route::Area(slug),
        );
        let lists = Lists {
            buckets,
            to_review: listed_as(|l| l.0),
            expired: listed_as(|l| l.1),
            responsible_options,
            area_options,
        };
        let mut sizes: Vec<(&str, usize)> = bucket_sizes(&lists.buckets).collect();
        sizes.push(("to_review", lists.to_review.len()));
        sizes.push(("expired", lists.expired.len()));
        (lists, Paging::new(site, sizes))
    }
}

/// The names (`(name, slug, records)`) with followed records, to filter by: each with
/// the follow-up section of its page (`route`).
fn filter_options<'s>(
    site: &Site,
    followed: &std::collections::HashSet<RecordRef>,
    names: impl Iterator<Item = (&'s String, &'s String, &'s [RecordRef])>,
    route: fn(&str) -> Route,
) -> Vec<FilterOption> {
    names
        .filter(|(_, _, records)| records.iter().any(|rr| followed.contains(rr)))
        .map(|(name, slug, _)| FilterOption {
            name: name.clone(),
            slug: slug.clone(),
            url: site.href(&format!("{}#uppfoljning", route(slug).path())),
        })
        .collect()
}

/// The follow-up page, over as many pages as its lists need (see paging.rs).
pub fn plan<'a>(r: &Renderer<'a>, plan: &mut Plan<'a>) {
    let site = r.site;
    let today = site.options.today;
    // Counted without making the lists, which a build that keeps the pages never needs.
    let items: usize = site
        .published_docs()
        .map(|(_, d)| {
            let (review, expired) = listed(d, today);
            let followed = d.records.iter().filter(|r| is_followed(r)).count();
            followed + review as usize + expired as usize
        })
        .sum();
    let keys = vec![Dep::Followup];
    plan_pages(
        plan,
        site,
        Route::Followup,
        keys,
        items,
        || Lists::new(site),
        page,
    );
}

fn page(r: &Renderer, lists: &Lists, paging: &Paging, n: u32) -> Result<Page, Diagnostic> {
    let site = r.site;
    let lang = site.lang();
    let part = |i: usize, list: &[usize]| super::entries(r, &list[paging.range(i, n)]);
    let buckets = [0, 1, 2].map(|i| &lists.buckets[i][paging.range(i, n)]);
    let paged = paging.view(site, Route::Followup, n);
    // The in-place filter sees the rows of one page only: a list over several pages
    // filters through the responsibles' and areas' own pages instead.
    let script = paged.is_none().then(|| site.href("assets/followup.js"));
    let values = context! {
        buckets => Value::from_serialize(bucket_rows(r, buckets, RowTable::FollowupFiltered)?),
        to_review => part(3, &lists.to_review)?,
        expired => part(4, &lists.expired)?,
        responsible_options => Value::from_serialize(&lists.responsible_options),
        area_options => Value::from_serialize(&lists.area_options),
        filter => Value::UNDEFINED,
        script => script,
        paging => Value::from_serialize(&paged),
        feed => Value::from_serialize(crate::calendar::feed_view(site, &Route::Calendar, None)),
    };
    let title = paging.title(site, i18n::get(lang, i18n::Ui::Followup), n);
    let records = buckets.into_iter().flatten().map(|&(d, _)| d);
    let docs = [(3, &lists.to_review), (4, &lists.expired)]
        .into_iter()
        .flat_map(|(i, list)| &list[paging.range(i, n)]);
    let shown = super::shown_keys(site, records.chain(docs.copied()), &Dep::Followup);
    Ok(Page::new(title, values).showing(shown))
}
