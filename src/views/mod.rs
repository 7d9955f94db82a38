//! Views: pages that are views over the site graph (type indexes, sections, the start
//! page…). Each view module renders its pages through the `Renderer` and returns the
//! problems it met; `render_all` is the one list of them.

pub mod accessibility;
pub mod export;
pub mod followup;
mod indexes;
mod people;
mod risks;
mod search;
mod start;
mod years;

use crate::diag::Diagnostic;
use crate::graph::Site;
use crate::render::Renderer;
use crate::render::context::DocView;
use crate::text::collate;

pub fn render_all(r: &Renderer) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    problems.extend(indexes::render(r));
    problems.extend(start::render(r));
    problems.extend(people::render(r));
    problems.extend(followup::render(r));
    problems.extend(years::render(r));
    problems.extend(accessibility::render(r));
    problems.extend(search::render(r));
    problems.extend(risks::render(r));
    problems
}

/// Documents as listed in indexes: newest decision first, then by title.
pub fn listing(site: &Site, docs: &[usize]) -> Vec<DocView> {
    let mut docs = docs.to_vec();
    let swedish = site.lang().is_swedish();
    docs.sort_by(|&a, &b| {
        let (ma, mb) = (&site.docs[a].meta, &site.docs[b].meta);
        mb.decided
            .cmp(&ma.decided)
            .then_with(|| collate(&ma.title, &mb.title, swedish))
    });
    docs.into_iter().map(|i| site.doc_view(i)).collect()
}
