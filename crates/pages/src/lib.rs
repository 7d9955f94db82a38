//! Views: pages that are views over the site graph (type indexes, sections, the start
//! page…). Each view module renders its pages through the `Renderer` and returns the
//! problems it met; `render_all` is the one list of them.

pub mod accessibility;
pub mod export;
pub mod followup;
mod indexes;
mod people;
mod risks;
pub mod search;
pub mod site;
mod start;
mod years;

use minijinja::Value;
use rayon::prelude::*;
use styrdok_core::diag::Diagnostic;
use styrdok_core::text::collate;
use styrdok_render::Renderer;
use styrdok_search::SearchIndex;

/// Renders every view, and the search index with its page. They are independent of
/// each other, so they run in parallel (several are one long page each, which would
/// otherwise leave a core idle). The search index is handed in (the previous render's,
/// for an incremental update) and out (for the next), never kept anywhere else.
pub fn render_all(r: &Renderer, search: search::Search) -> (Vec<Diagnostic>, Option<SearchIndex>) {
    // The search index is the longest view, so it starts at once beside the others.
    let ((mut problems, index), others) = rayon::join(|| search::render(r, search), || views(r));
    problems.extend(others);
    (problems, index)
}

fn views(r: &Renderer) -> Vec<Diagnostic> {
    type View = fn(&Renderer) -> Vec<Diagnostic>;
    let views: [(&str, View); 7] = [
        ("people", people::render),
        ("start", start::render),
        ("risks", risks::render),
        ("indexes", indexes::render),
        ("followup", followup::render),
        ("years", years::render),
        ("accessibility", accessibility::render),
    ];
    let timings = std::env::var_os("STYRDOK_TIMINGS").is_some();
    views
        .into_par_iter()
        .flat_map_iter(|(name, view)| {
            let started = std::time::Instant::now();
            let problems = view(r);
            if timings {
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                eprintln!("timing: view {name} {ms:.1} ms wall");
            }
            problems
        })
        .collect()
}

/// Documents as listed in indexes: newest decision first, then by title; the first
/// `limit` of them (all when `None`), as template values.
pub fn listing_first(r: &Renderer, docs: &[usize], limit: Option<usize>) -> Value {
    let site = r.site;
    let mut docs = docs.to_vec();
    let swedish = site.lang().is_swedish();
    docs.sort_by(|&a, &b| {
        let (ma, mb) = (&site.docs[a].meta, &site.docs[b].meta);
        mb.decided
            .cmp(&ma.decided)
            .then_with(|| collate(&ma.title, &mb.title, swedish))
    });
    docs.truncate(limit.unwrap_or(usize::MAX));
    Value::from(docs.into_iter().map(|i| r.doc_value(i)).collect::<Vec<_>>())
}

/// Every document of `docs` as listed in indexes (see `listing_first`).
pub fn listing(r: &Renderer, docs: &[usize]) -> Value {
    listing_first(r, docs, None)
}
