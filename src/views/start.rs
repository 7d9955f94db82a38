//! The start page: `content/index.md` above an overview of the site.

use super::listing;
use crate::diag::Diagnostic;
use crate::graph::Site;
use crate::model::{DocType, RecordKind};
use crate::render::context::RecordView;
use crate::render::deps::Dep;
use crate::render::{PageInfo, Renderer, i18n};
use minijinja::{Value, context};
use serde::Serialize;

#[derive(Serialize)]
struct TypeCount {
    title: &'static str,
    url: String,
    count: usize,
}

pub fn render(r: &Renderer) -> Vec<Diagnostic> {
    start(r).err().into_iter().collect()
}

fn start(r: &Renderer) -> Result<(), Diagnostic> {
    let site = r.site;
    if !r.wants_page("", vec![Dep::Start]) {
        return Ok(());
    }
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
    let mut latest = listing(site, &decided);
    latest.truncate(5);
    let today = site.options.today;
    let mut high_risks: Vec<RecordView> = Vec::new();
    let mut overdue: Vec<RecordView> = Vec::new();
    for (i, d) in site.published_docs() {
        for rec in &d.records {
            if rec.kind == RecordKind::Risk {
                if let Some(score) = rec.risk().and_then(|k| k.computed_score())
                    && site.score_band(score) == "high"
                {
                    high_risks.push(site.record_view(i, rec));
                }
            } else if rec.is_overdue(today) {
                overdue.push(site.record_view(i, rec));
            }
        }
    }
    high_risks.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| a.doc_title.cmp(&b.doc_title))
    });
    overdue.sort_by_key(|a| a.due.as_ref().map(|d| d.iso.clone()));
    let to_review: Vec<usize> = site
        .published_docs()
        .filter(|(_, d)| d.meta.review_by.is_some_and(|x| x < today) && !d.is_section_index)
        .map(|(i, _)| i)
        .collect();
    let title = intro_doc
        .map(|i| site.docs[i].meta.title.clone())
        .unwrap_or_else(|| site.config.title.clone());
    let page = PageInfo {
        title,
        url: String::new(),
        breadcrumbs: Vec::new(),
    };
    let values = context! {
        intro => intro.map(Value::from_safe_string),
        intro_doc => intro_doc.map(|i| Value::from_serialize(site.doc_view(i))),
        counts => Value::from_serialize(counts),
        latest => Value::from_serialize(latest),
        high_risks => Value::from_serialize(high_risks),
        overdue => Value::from_serialize(overdue),
        to_review => Value::from_serialize(listing(site, &to_review)),
        followup_url => site.href("uppfoljning/"),
    };
    r.page("index.html", page, values)
}
