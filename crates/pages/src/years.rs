//! Documents by the year they were decided: an index of years and a page per year.

use minijinja::{Value, context};
use serde::Serialize;
use std::collections::BTreeMap;
use styrdok_graph::Route;
use styrdok_render::deps::Dep;
use styrdok_render::{Renderer, i18n};

use crate::spec::{Page, Plan};

#[derive(Serialize)]
struct YearEntry {
    year: i32,
    url: String,
    count: usize,
}

/// The index of years and a page per year.
pub fn plan<'a>(r: &Renderer<'a>, plan: &mut Plan<'a>) {
    let site = r.site;
    let mut by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (i, d) in site.published_docs() {
        if let (Some(decided), false) = (d.meta.decided, d.is_section_index) {
            by_year.entry(decided.year).or_default().push(i);
        }
    }
    let entries: Vec<YearEntry> = by_year
        .iter()
        .rev()
        .map(|(y, docs)| YearEntry {
            year: *y,
            url: site.href(&Route::Year(*y).path()),
            count: docs.len(),
        })
        .collect();
    plan.page(Route::Years, vec![Dep::Years], move |r| {
        let values = context! { entries => Value::from_serialize(&entries) };
        Ok(Page::new(title(r), values))
    });
    for (year, docs) in by_year {
        plan.page(Route::Year(year), vec![Dep::Year(year)], move |r| {
            let values = context! { year => year, docs => super::listing(r, &docs)? };
            Ok(Page::new(format!("{}: {year}", title(r)), values))
        });
    }
}

fn title(r: &Renderer) -> &'static str {
    i18n::get(r.site.lang(), i18n::Ui::Years)
}
