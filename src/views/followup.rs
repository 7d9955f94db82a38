//! The follow-up page: every action and activity with a status or a due date, overdue
//! first, then due within 90 days, then the rest; documents past `review_by` and past
//! `valid_until`. Filtered copies per responsible and per area work without JavaScript;
//! with it, the main page filters in place and keeps the choice in the URL.

use crate::diag::Diagnostic;
use crate::graph::Site;
use crate::graph::index::RecordRef;
use crate::model::RecordKind;
use crate::render::context::{Link, RecordView};
use crate::render::deps::Dep;
use crate::render::{PageInfo, Renderer, i18n};
use minijinja::{Value, context};
use rayon::prelude::*;
use serde::Serialize;

const UPCOMING_DAYS: i64 = 90;

#[derive(Serialize)]
struct FollowupRow {
    #[serde(flatten)]
    record: RecordView,
    /// Slugs for the in-page filter.
    responsible_slugs: String,
    area_slug: String,
}

#[derive(Serialize, Default)]
struct Buckets {
    overdue: Vec<FollowupRow>,
    upcoming: Vec<FollowupRow>,
    later: Vec<FollowupRow>,
}

#[derive(Serialize)]
struct FilterOption {
    name: String,
    slug: String,
    url: String,
}

/// The follow-up records of the site: actions and activities with a status or due date.
pub fn followup_records(site: &Site) -> Vec<RecordRef> {
    let mut out = Vec::new();
    for (d, doc) in site.published_docs() {
        for (i, rec) in doc.records.iter().enumerate() {
            let kind_fits = matches!(rec.kind, RecordKind::Action | RecordKind::Activity);
            if kind_fits && (rec.status.is_some() || rec.due.is_some()) {
                out.push((d, i));
            }
        }
    }
    out
}

fn buckets(site: &Site, refs: &[RecordRef]) -> Buckets {
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
        let row = FollowupRow {
            record: site.record_view(d, rec),
            responsible_slugs: rec
                .responsible
                .iter()
                .filter_map(|r| site.responsible(&r.name).map(|p| p.slug.clone()))
                .collect::<Vec<_>>()
                .join(" "),
            area_slug: rec
                .area
                .as_ref()
                .and_then(|a| site.area(&a.value).map(|a| a.slug.clone()))
                .unwrap_or_default(),
        };
        let closed = rec.status.is_some_and(|s| s.is_closed());
        if rec.is_overdue(today) {
            b.overdue.push(row);
        } else if !closed && rec.due.is_some_and(|due| due <= horizon) {
            b.upcoming.push(row);
        } else {
            b.later.push(row);
        }
    }
    b
}

pub fn render(r: &Renderer) -> Vec<Diagnostic> {
    let site = r.site;
    let lang = site.lang();
    let today = site.options.today;
    let all = followup_records(site);
    let followed: std::collections::HashSet<RecordRef> = all.iter().copied().collect();
    let to_review: Vec<usize> = site
        .published_docs()
        .filter(|(_, d)| {
            d.meta.review_by.is_some_and(|x| x < today)
                && d.meta.valid_until.is_none_or(|x| x >= today)
        })
        .map(|(i, _)| i)
        .collect();
    let expired: Vec<usize> = site
        .published_docs()
        .filter(|(_, d)| d.meta.valid_until.is_some_and(|x| x < today))
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
            url: site.href(&format!("uppfoljning/ansvarig/{}/", p.slug)),
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
            url: site.href(&format!("uppfoljning/omrade/{}/", a.slug)),
        })
        .collect();
    let title = i18n::get(lang, "followup").to_string();
    let main_page = PageInfo {
        title: title.clone(),
        url: "uppfoljning/".into(),
        breadcrumbs: site.breadcrumbs(""),
    };
    let mut problems: Vec<Diagnostic> = Vec::new();
    if r.wants_page("uppfoljning/", vec![Dep::Followup]) {
        problems.extend(
            r.page(
                "followup.html",
                main_page,
                context! {
                    buckets => Value::from_serialize(buckets(site, &all)),
                    to_review => Value::from_serialize(super::listing(site, &to_review)),
                    expired => Value::from_serialize(super::listing(site, &expired)),
                    responsible_options => Value::from_serialize(&responsible_options),
                    area_options => Value::from_serialize(&area_options),
                    filter => Value::UNDEFINED,
                    script => site.href("assets/followup.js"),
                },
            )
            .err(),
        );
    }
    let crumbs = vec![
        Link {
            title: i18n::get(lang, "start").into(),
            url: site.href(""),
        },
        Link {
            title: title.clone(),
            url: site.href("uppfoljning/"),
        },
    ];
    let filtered = |refs: &[RecordRef], filter_label: String, url: String, key: Dep| {
        if !r.wants_page(&url, vec![key]) {
            return None;
        }
        let subset: Vec<RecordRef> = refs
            .iter()
            .copied()
            .filter(|rr| followed.contains(rr))
            .collect();
        let page = PageInfo {
            title: format!("{title}: {filter_label}"),
            url,
            breadcrumbs: crumbs.clone(),
        };
        r.page(
            "followup.html",
            page,
            context! {
                buckets => Value::from_serialize(buckets(site, &subset)),
                filter => filter_label,
                all_url => site.href("uppfoljning/"),
            },
        )
        .err()
    };
    problems.extend(
        site.indexes
            .responsibles
            .par_iter()
            .filter(|p| responsible_options.iter().any(|o| o.slug == p.slug))
            .filter_map(|p| {
                filtered(
                    &p.records,
                    p.name.clone(),
                    format!("uppfoljning/ansvarig/{}/", p.slug),
                    Dep::Responsible(p.name.clone()),
                )
            })
            .collect::<Vec<_>>(),
    );
    problems.extend(
        site.indexes
            .areas
            .par_iter()
            .filter(|a| area_options.iter().any(|o| o.slug == a.slug))
            .filter_map(|a| {
                filtered(
                    &a.records,
                    a.name.clone(),
                    format!("uppfoljning/omrade/{}/", a.slug),
                    Dep::Area(a.name.clone()),
                )
            })
            .collect::<Vec<_>>(),
    );
    problems
}
