//! One index page per document type, and one page per section (folder).

use minijinja::{Value, context};
use styrdok_core::diag::Diagnostic;
use styrdok_core::model::DocType;
use styrdok_core::text::collate;
use styrdok_graph::{Route, Section};
use styrdok_render::context::Link;
use styrdok_render::context::SiteViews;
use styrdok_render::deps::Dep;
use styrdok_render::{Renderer, i18n};

use crate::spec::{Page, Plan};

/// One index per document type, and one page per folder.
pub fn plan<'a>(r: &Renderer<'a>, plan: &mut Plan<'a>) {
    for t in DocType::ALL {
        plan.page(Route::TypeIndex(t), vec![Dep::Type(t)], move |r| {
            type_index(r, t)
        });
    }
    for s in r.site.sections.values().filter(|s| !s.folder.is_empty()) {
        let keys = vec![Dep::Folder(s.folder.clone())];
        plan.page(Route::Section(&s.folder), keys, move |r| section(r, s));
    }
}

fn type_index(r: &Renderer, t: DocType) -> Result<Page, Diagnostic> {
    let site = r.site;
    // "Alla handlingsplaner": a folder of the same name (handlingsplaner/) has the
    // section page "Handlingsplaner", and two pages must not share a title.
    let plural = i18n::doc_type_plural(site.lang(), t);
    let title =
        i18n::get(site.lang(), i18n::Ui::AllOfType).replace("{types}", &plural.to_lowercase());
    let values = context! {
        type_key => t.key(),
        type_label => i18n::doc_type(site.lang(), t),
        docs => super::listing(r, &site.docs_of_type(t))?,
    };
    Ok(Page::new(title, values))
}

fn section(r: &Renderer, s: &Section) -> Result<Page, Diagnostic> {
    let site = r.site;
    let intro = match s.index_doc {
        Some(i) => Some(r.body(i)?),
        None => None,
    };
    let title = site.section_title(s);
    let mut subsections: Vec<Link> = s
        .subfolders
        .iter()
        .filter_map(|f| site.sections.get(f))
        .map(|sub| Link {
            title: site.section_title(sub),
            url: site.href(&sub.url),
        })
        .collect();
    subsections.sort_by(|a, b| collate(&a.title, &b.title, site.lang().is_swedish()));
    let values = context! {
        section => context! {
            title => title.clone(),
            intro => intro.map(Value::from_safe_string),
            doc => s.index_doc.map(|i| Value::from_serialize(site.doc_view(i))),
            docs => super::listing(r, &s.docs)?,
            subsections => Value::from_serialize(subsections),
        },
    };
    Ok(Page::new(title, values))
}
