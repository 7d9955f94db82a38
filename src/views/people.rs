//! Responsibles and areas: one page each, listing the documents and records that
//! concern them grouped by kind, and an index of all of them with counts.

use crate::diag::Diagnostic;
use crate::graph::index::RecordRef;
use crate::model::RecordKind;
use crate::render::deps::Dep;
use crate::render::{PageInfo, Renderer, i18n};
use minijinja::{Value, context};
use rayon::prelude::*;
use serde::Serialize;

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
pub fn grouped(r: &Renderer, refs: &[RecordRef]) -> Vec<Group> {
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
            (!of_kind.is_empty()).then(|| Group {
                kind: kind.block_name(),
                title: i18n::record_kind_plural(site.lang(), *kind),
                records: of_kind.iter().map(|&(d, i)| r.record_value(d, i)).collect(),
            })
        })
        .collect()
}

pub fn render(r: &Renderer) -> Vec<Diagnostic> {
    let site = r.site;
    let lang = site.lang();
    let mut problems = Vec::new();

    let responsibles = &site.indexes.responsibles;
    let entries: Vec<IndexEntry> = responsibles
        .iter()
        .map(|p| IndexEntry {
            name: p.name.clone(),
            url: site.href(&format!("ansvariga/{}/", p.slug)),
            documents: p.owned.len(),
            records: p.records.len(),
        })
        .collect();
    let index = PageInfo {
        title: i18n::get(lang, i18n::Ui::Responsibles).to_string(),
        url: "ansvariga/".into(),
        breadcrumbs: site.breadcrumbs(""),
    };
    problems.extend(
        r.wants_page("ansvariga/", vec![Dep::Responsibles])
            .then(|| {
                r.page(
                    "responsibles.html",
                    index,
                    context! { entries => Value::from_serialize(&entries) },
                )
                .err()
            })
            .flatten(),
    );
    problems.extend(
        responsibles
            .par_iter()
            .filter_map(|p| {
                let deps = vec![Dep::Responsible(p.name.clone())];
                if !r.wants_page(&format!("ansvariga/{}/", p.slug), deps) {
                    return None;
                }
                let page = PageInfo {
                    title: p.name.clone(),
                    url: format!("ansvariga/{}/", p.slug),
                    breadcrumbs: vec![
                        crate::render::context::Link {
                            title: i18n::get(lang, i18n::Ui::Start).into(),
                            url: site.href(""),
                        },
                        crate::render::context::Link {
                            title: i18n::get(lang, i18n::Ui::Responsibles).into(),
                            url: site.href("ansvariga/"),
                        },
                    ],
                };
                let aliases: Vec<String> = site
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
                    groups => Value::from_serialize(grouped(r, &p.records)),
                    followup => Value::from_serialize(super::followup::buckets(r, &p.records)),
                };
                r.page("responsible.html", page, values).err()
            })
            .collect::<Vec<_>>(),
    );

    let areas = &site.indexes.areas;
    let entries: Vec<IndexEntry> = areas
        .iter()
        .map(|a| IndexEntry {
            name: a.name.clone(),
            url: site.href(&format!("omraden/{}/", a.slug)),
            documents: a.docs.len(),
            records: a.records.len(),
        })
        .collect();
    let index = PageInfo {
        title: i18n::get(lang, i18n::Ui::Areas).to_string(),
        url: "omraden/".into(),
        breadcrumbs: site.breadcrumbs(""),
    };
    problems.extend(
        r.wants_page("omraden/", vec![Dep::Areas])
            .then(|| {
                r.page(
                    "areas.html",
                    index,
                    context! { entries => Value::from_serialize(&entries) },
                )
                .err()
            })
            .flatten(),
    );
    problems.extend(
        areas
            .par_iter()
            .filter_map(|a| {
                let deps = vec![Dep::Area(a.name.clone())];
                if !r.wants_page(&format!("omraden/{}/", a.slug), deps) {
                    return None;
                }
                let page = PageInfo {
                    title: a.name.clone(),
                    url: format!("omraden/{}/", a.slug),
                    breadcrumbs: vec![
                        crate::render::context::Link {
                            title: i18n::get(lang, i18n::Ui::Start).into(),
                            url: site.href(""),
                        },
                        crate::render::context::Link {
                            title: i18n::get(lang, i18n::Ui::Areas).into(),
                            url: site.href("omraden/"),
                        },
                    ],
                };
                let values = context! {
                    name => a.name.clone(),
                    docs => super::listing(r, &a.docs),
                    groups => Value::from_serialize(grouped(r, &a.records)),
                    followup => Value::from_serialize(super::followup::buckets(r, &a.records)),
                };
                r.page("area.html", page, values).err()
            })
            .collect::<Vec<_>>(),
    );
    problems
}
