//! Pages: every file of the site as data. Each module adds its files to a `Plan` (a
//! route or path, the dependency keys, how to make it; see spec.rs) and `produce` makes
//! the ones a build needs. `plan` is the one list of producers.

pub mod accessibility;
pub mod calendar;
pub mod due;
pub mod export;
pub mod followup;
mod indexes;
mod paging;
mod people;
mod risks;
pub mod search;
pub mod site;
pub mod spec;
mod start;
mod years;

use minijinja::Value;
use std::path::Path;
use styrdok_core::diag::Diagnostic;
use styrdok_core::text::collate;
use styrdok_pdf::Typesetter;
use styrdok_render::Renderer;
use styrdok_render::deps::Dep;
use styrdok_render::rows::RowList;

pub use people::{moved_names, touched_names};
pub use spec::{Page, Plan, Produced, produce};

/// Every file of the site but the search index's (which `search::plan_files` adds from
/// the search stage's output). The views come first: several are one long page each,
/// made while the many document pages fill the other cores.
/// With `pdf`, the documents `pdf:` names get their PDF beside their page.
pub fn plan<'a>(r: &Renderer<'a>, root: &'a Path, pdf: Option<&'a Typesetter>) -> Plan<'a> {
    let mut plan = Plan::default();
    followup::plan(r, &mut plan);
    calendar::plan(r, &mut plan);
    risks::plan(r, &mut plan);
    people::plan(r, &mut plan);
    start::plan(&mut plan);
    indexes::plan(r, &mut plan);
    years::plan(r, &mut plan);
    accessibility::plan(&mut plan);
    search::plan_page(&mut plan);
    site::plan_documents(r, pdf, &mut plan);
    site::plan_files(r, root, &mut plan);
    plan
}

/// Documents as listed in indexes: newest decision first, then by title; the first
/// `limit` of them (all when `None`), as rows of a document table (`entries`).
pub fn listing_first(
    r: &Renderer,
    docs: &[usize],
    limit: Option<usize>,
) -> Result<Value, Diagnostic> {
    entries(r, &listing_order(r.site, docs, limit))
}

/// The order of `listing_first`: the first `limit` of `docs` (all when `None`).
pub fn listing_order(
    site: &styrdok_graph::Site,
    docs: &[usize],
    limit: Option<usize>,
) -> Vec<usize> {
    let swedish = site.lang().is_swedish();
    // Equal documents keep the order given (`.0`), as a stable sort would.
    let mut docs: Vec<(usize, usize)> = docs.iter().copied().enumerate().collect();
    let order = |a: &(usize, usize), b: &(usize, usize)| listing_cmp(site, swedish, *a, *b);
    first_sorted(&mut docs, limit, order);
    docs.into_iter().map(|(_, i)| i).collect()
}

/// `list` sorted by `cmp` (a total order), cut to its first `limit` (all when `None`):
/// the first few of thousands (the start page's lists) without sorting them all.
pub fn first_sorted<T>(
    list: &mut Vec<T>,
    limit: Option<usize>,
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering,
) {
    if let Some(n) = limit.filter(|&n| n < list.len()) {
        list.select_nth_unstable_by(n, &cmp);
        list.truncate(n);
    }
    list.sort_by(cmp);
}

/// The `Dep::Shown` keys of the list `list` for the documents `docs` on one of its pages.
pub fn shown_keys(
    site: &styrdok_graph::Site,
    docs: impl Iterator<Item = usize>,
    list: &Dep,
) -> Vec<Dep> {
    let mut docs: Vec<usize> = docs.collect();
    docs.sort_unstable();
    docs.dedup();
    let path = |d: usize| site.docs[d].source_path.as_str();
    docs.into_iter()
        .map(|d| styrdok_render::deps::shown(list, path(d)))
        .collect()
}

/// How documents `(position given, number)` compare in listing order.
fn listing_cmp(
    site: &styrdok_graph::Site,
    swedish: bool,
    a: (usize, usize),
    b: (usize, usize),
) -> std::cmp::Ordering {
    let (ma, mb) = (&site.docs[a.1].meta, &site.docs[b.1].meta);
    mb.decided
        .cmp(&ma.decided)
        .then_with(|| collate(&ma.title, &mb.title, swedish))
        .then(a.0.cmp(&b.0))
}

/// Where document `d`, one of `docs`, comes in their listing order (`listing_order`),
/// without sorting them.
pub fn listing_rank(site: &styrdok_graph::Site, docs: &[usize], d: usize) -> Option<usize> {
    let swedish = site.lang().is_swedish();
    let at = (docs.iter().position(|&e| e == d)?, d);
    let before = docs
        .iter()
        .enumerate()
        .filter(|&(i, &e)| listing_cmp(site, swedish, (i, e), at) == std::cmp::Ordering::Less);
    Some(before.count())
}

/// Documents in the order given, as rows of a document table (`Renderer::doc_row`).
pub fn entries(r: &Renderer, docs: &[usize]) -> Result<Value, Diagnostic> {
    let rows = docs.iter().map(|&i| r.doc_row(i));
    Ok(RowList::value(rows.collect::<Result<_, _>>()?))
}

/// Every document of `docs` as listed in indexes (see `listing_first`).
pub fn listing(r: &Renderer, docs: &[usize]) -> Result<Value, Diagnostic> {
    listing_first(r, docs, None)
}
