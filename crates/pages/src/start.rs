//! The start page: `content/index.md` above an overview of the site.

use super::{first_sorted, listing_first};
use minijinja::{Value, context};
use serde::Serialize;
use styrdok_core::diag::Diagnostic;
use styrdok_core::model::{DocType, RecordKind};
use styrdok_graph::{Route, Site};
use styrdok_render::context::SiteViews;
use styrdok_render::deps::Dep;
use styrdok_render::{Renderer, i18n};

use crate::spec::{Page, Plan};

#[derive(Serialize)]
struct TypeCount {
    title: &'static str,
    url: String,
    count: usize,
}

/// Documents in "latest decisions".
const LATEST: usize = 5;
/// Rows shown of each list on the start page; the full lists are on the follow-up page
/// and the risk overview, which the start page links to.
const SHOWN: usize = 10;

/// The start page.
pub fn plan<'a>(plan: &mut Plan<'a>) {
    plan.page(Route::Start, vec![Dep::Start], start);
}

fn start(r: &Renderer) -> Result<Page, Diagnostic> {
    let site = r.site;
    let intro_doc = site.sections.get("").and_then(|s| s.index_doc);
    let intro = match intro_doc {
        Some(i) => Some(r.body(i)?),
        None => None,
    };
    let counts: Vec<TypeCount> = DocType::ALL
        .iter()
        .map(|t| TypeCount {
            title: i18n::doc_type_plural(site.lang(), *t),
            url: site.href(&Site::type_index_url(*t)),
            count: site.docs_of_type(*t).len(),
        })
        .filter(|c| c.count > 0)
        .collect();
    let decided: Vec<usize> = site
        .published_docs()
        .filter(|(_, d)| d.meta.decided.is_some() && !d.is_section_index)
        .map(|(i, _)| i)
        .collect();
    let latest = listing_first(r, &decided, Some(LATEST))?;
    let today = site.options.today;
    // Chosen by score and date before any view is made: a large site has thousands.
    let mut high_risks: Vec<(i64, usize, usize)> = Vec::new();
    let mut overdue: Vec<(styrdok_core::text::Date, usize, usize)> = Vec::new();
    for (i, d) in site.published_docs() {
        for (k, rec) in d.records.iter().enumerate() {
            if rec.kind == RecordKind::Risk {
                if let Some(score) = rec.risk().and_then(|x| x.computed_score())
                    && site.score_band(score) == styrdok_graph::risk::Band::High
                {
                    high_risks.push((score, i, k));
                }
            } else if rec.is_overdue(today)
                && let Some(due) = rec.due
            {
                overdue.push((due, i, k));
            }
        }
    }
    let totals = context! {
        high_risks => high_risks.len(),
        overdue => overdue.len(),
    };
    // The cached template values: these records show on other pages too.
    let values = |picked: Vec<(usize, usize)>| -> Value {
        Value::from(
            picked
                .into_iter()
                .map(|(i, k)| r.record_value(i, k))
                .collect::<Vec<_>>(),
        )
    };
    first_sorted(&mut high_risks, Some(SHOWN), |a, b| {
        b.0.cmp(&a.0)
            .then_with(|| site.docs[a.1].meta.title.cmp(&site.docs[b.1].meta.title))
            .then_with(|| (a.1, a.2).cmp(&(b.1, b.2)))
    });
    let high_risks = values(high_risks.iter().map(|x| (x.1, x.2)).collect());
    // Most overdue first; equal dates in document order.
    first_sorted(&mut overdue, Some(SHOWN), Ord::cmp);
    let overdue = values(overdue.iter().map(|x| (x.1, x.2)).collect());
    let to_review: Vec<usize> = site
        .published_docs()
        .filter(|(_, d)| d.meta.review_by.is_some_and(|x| x < today) && !d.is_section_index)
        .map(|(i, _)| i)
        .collect();
    let to_review_total = to_review.len();
    let to_review = listing_first(r, &to_review, Some(SHOWN))?;
    let title = intro_doc
        .map(|i| site.docs[i].meta.title.clone())
        .unwrap_or_else(|| site.config.title.clone());
    let values = context! {
        intro => intro.map(Value::from_safe_string),
        intro_doc => intro_doc.map(|i| Value::from_serialize(site.doc_view(i))),
        counts => Value::from_serialize(counts),
        latest => latest,
        high_risks => high_risks,
        overdue => overdue,
        to_review => to_review,
        totals => context! { to_review => to_review_total, ..totals },
        followup_url => site.href(&Route::Followup.path()),
        risks_url => site.href(&styrdok_graph::Route::Risks.path()),
    };
    Ok(Page::new(title, values))
}
