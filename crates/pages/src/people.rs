//! Responsibles and areas: one page each, listing the documents and records that
//! concern them grouped by kind, and an index of all of them with counts.

use minijinja::{Value, context};
use rayon::prelude::*;
use serde::Serialize;
use styrdok_core::diag::Diagnostic;
use styrdok_core::model::RecordKind;
use styrdok_graph::Route;
use styrdok_graph::index::{Area, RecordRef, Responsible};
use styrdok_render::context::Link;
use styrdok_render::context::SiteViews;
use styrdok_render::deps::Dep;
use styrdok_render::{PageInfo, Renderer, RowTable, i18n};

#[derive(Serialize)]
pub struct Group {
    kind: &'static str,
    title: &'static str,
    records: Vec<Value>,
}

#[derive(Serialize)]
struct IndexEntry {
    name: String,
    url: String,
    documents: usize,
    records: usize,
}

/// Records grouped by kind in the kind order of the contract, each group sorted by
/// document then by position. Actions and activities that are followed up (status or
/// due date) are left to the follow-up buckets of the page.
pub fn grouped(r: &Renderer, refs: &[RecordRef]) -> Result<Vec<Group>, Diagnostic> {
    let site = r.site;
    let refs: Vec<RecordRef> = refs
        .iter()
        .copied()
        .filter(|&(d, i)| !super::followup::is_followed(&site.docs[d].records[i]))
        .collect();
    let refs = &refs[..];
    RecordKind::ALL
        .iter()
        .filter_map(|kind| {
            let mut of_kind = site.records_of_kind(refs, *kind);
            of_kind.sort();
            (!of_kind.is_empty()).then(|| {
                Ok(Group {
                    kind: kind.block_name(),
                    title: i18n::record_kind_plural(site.lang(), *kind),
                    records: of_kind
                        .iter()
                        .map(|&(d, i)| r.record_row(d, i, RowTable::Group))
                        .collect::<Result<_, _>>()?,
                })
            })
        })
        .collect()
}

pub fn render(r: &Renderer) -> Vec<Diagnostic> {
    let site = r.site;
    let responsibles = &site.indexes.responsibles;
    let entries: Vec<IndexEntry> = responsibles
        .iter()
        .map(|p| IndexEntry {
            name: p.name.clone(),
            url: site.href(&Route::Responsible(&p.slug).path()),
            documents: p.owned.len(),
            records: p.records.len(),
        })
        .collect();
    let mut problems: Vec<Diagnostic> = index_page(
        r,
        i18n::Ui::Responsibles,
        Route::Responsibles,
        Dep::Responsibles,
        &entries,
    )
    .into_iter()
    .collect();
    problems.extend(
        responsibles
            .par_iter()
            .filter_map(|p| {
                let url = Route::Responsible(&p.slug).path();
                let deps = vec![Dep::Responsible(p.name.clone())];
                r.wants_page(&url, deps)
                    .then(|| responsible_page(r, p).err())
                    .flatten()
            })
            .collect::<Vec<_>>(),
    );

    let areas = &site.indexes.areas;
    let entries: Vec<IndexEntry> = areas
        .iter()
        .map(|a| IndexEntry {
            name: a.name.clone(),
            url: site.href(&Route::Area(&a.slug).path()),
            documents: a.docs.len(),
            records: a.records.len(),
        })
        .collect();
    problems.extend(index_page(
        r,
        i18n::Ui::Areas,
        Route::Areas,
        Dep::Areas,
        &entries,
    ));
    problems.extend(
        areas
            .par_iter()
            .filter_map(|a| {
                let url = Route::Area(&a.slug).path();
                let deps = vec![Dep::Area(a.name.clone())];
                r.wants_page(&url, deps)
                    .then(|| area_page(r, a).err())
                    .flatten()
            })
            .collect::<Vec<_>>(),
    );
    problems
}

/// The index of all responsibles or all areas (`name`: its UI string, whose key names
/// the template).
fn index_page(
    r: &Renderer,
    name: i18n::Ui,
    route: Route,
    dep: Dep,
    entries: &[IndexEntry],
) -> Option<Diagnostic> {
    let url = route.path();
    if !r.wants_page(&url, vec![dep]) {
        return None;
    }
    let page = PageInfo {
        title: i18n::get(r.site.lang(), name).to_string(),
        url,
        breadcrumbs: r.site.breadcrumbs(""),
    };
    let values = context! { entries => Value::from_serialize(entries) };
    r.page(&format!("{}.html", name.key()), page, values).err()
}

/// Breadcrumbs of a page below the index at `index_url` titled by UI string `index`.
fn below_index(r: &Renderer, index: i18n::Ui, index_route: Route) -> Vec<Link> {
    let (site, lang) = (r.site, r.site.lang());
    vec![
        Link {
            title: i18n::get(lang, i18n::Ui::Start).into(),
            url: site.href(""),
        },
        Link {
            title: i18n::get(lang, index).into(),
            url: site.href(&index_route.path()),
        },
    ]
}

/// A responsible's page: the documents they own, their follow-up, their other records.
fn responsible_page(r: &Renderer, p: &Responsible) -> Result<(), Diagnostic> {
    let page = PageInfo {
        title: p.name.clone(),
        url: Route::Responsible(&p.slug).path(),
        breadcrumbs: below_index(r, i18n::Ui::Responsibles, Route::Responsibles),
    };
    let aliases: Vec<String> = r
        .site
        .config
        .responsibles
        .iter()
        .find(|c| c.name == p.name)
        .map(|c| c.aliases.clone())
        .unwrap_or_default();
    let values = context! {
        name => p.name.clone(),
        aliases => aliases,
        owned => super::listing(r, &p.owned),
        groups => Value::from_serialize(grouped(r, &p.records)?),
        followup => Value::from_serialize(super::followup::buckets(r, &p.records, RowTable::Followup)?),
    };
    r.page("responsible.html", page, values)
}

/// An area's page: its documents, its follow-up, its other records.
fn area_page(r: &Renderer, a: &Area) -> Result<(), Diagnostic> {
    let page = PageInfo {
        title: a.name.clone(),
        url: Route::Area(&a.slug).path(),
        breadcrumbs: below_index(r, i18n::Ui::Areas, Route::Areas),
    };
    let values = context! {
        name => a.name.clone(),
        docs => super::listing(r, &a.docs),
        groups => Value::from_serialize(grouped(r, &a.records)?),
        followup => Value::from_serialize(super::followup::buckets(r, &a.records, RowTable::Followup)?),
    };
    r.page("area.html", page, values)
}
