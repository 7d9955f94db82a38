//! Documents by the year they were decided: an index of years and a page per year.

use minijinja::{Value, context};
use serde::Serialize;
use std::collections::BTreeMap;
use styrdok_core::diag::Diagnostic;
use styrdok_graph::Route;
use styrdok_render::context::Link;
use styrdok_render::context::SiteViews;
use styrdok_render::deps::Dep;
use styrdok_render::{PageInfo, Renderer, i18n};

#[derive(Serialize)]
struct YearEntry {
    year: i32,
    url: String,
    count: usize,
}

pub fn render(r: &Renderer) -> Vec<Diagnostic> {
    let site = r.site;
    let lang = site.lang();
    let mut by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (i, d) in site.published_docs() {
        if let (Some(decided), false) = (d.meta.decided, d.is_section_index) {
            by_year.entry(decided.year).or_default().push(i);
        }
    }
    let title = i18n::get(lang, i18n::Ui::Years).to_string();
    let entries: Vec<YearEntry> = by_year
        .iter()
        .rev()
        .map(|(y, docs)| YearEntry {
            year: *y,
            url: site.href(&Route::Year(*y).path()),
            count: docs.len(),
        })
        .collect();
    let mut problems: Vec<Diagnostic> = Vec::new();
    if r.wants_page(&Route::Years.path(), vec![Dep::Years]) {
        problems.extend(
            r.page(
                "years.html",
                PageInfo {
                    title: title.clone(),
                    url: Route::Years.path(),
                    breadcrumbs: site.breadcrumbs(""),
                },
                context! { entries => Value::from_serialize(&entries) },
            )
            .err(),
        );
    }
    for (year, docs) in &by_year {
        if !r.wants_page(&Route::Year(*year).path(), vec![Dep::Year(*year)]) {
            continue;
        }
        let page = PageInfo {
            title: format!("{title}: {year}"),
            url: Route::Year(*year).path(),
            breadcrumbs: vec![
                Link {
                    title: i18n::get(lang, i18n::Ui::Start).into(),
                    url: site.href(""),
                },
                Link {
                    title: title.clone(),
                    url: site.href(&Route::Years.path()),
                },
            ],
        };
        let values = context! { year => *year, docs => super::listing(r, docs) };
        problems.extend(r.page("year.html", page, values).err());
    }
    problems
}
