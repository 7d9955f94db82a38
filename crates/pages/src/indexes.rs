//! One index page per document type, and one page per section (folder).

use minijinja::{Value, context};
use rayon::prelude::*;
use styrdok_core::diag::Diagnostic;
use styrdok_core::model::DocType;
use styrdok_core::text::collate;
use styrdok_graph::{Section, Site};
use styrdok_render::context::Link;
use styrdok_render::context::SiteViews;
use styrdok_render::deps::Dep;
use styrdok_render::{PageInfo, Renderer, i18n};

pub fn render(r: &Renderer) -> Vec<Diagnostic> {
    let site = r.site;
    let mut problems: Vec<Diagnostic> = DocType::ALL
        .iter()
        .filter_map(|t| type_index(r, *t).err())
        .collect();
    let sections: Vec<&Section> = site
        .sections
        .values()
        .filter(|s| !s.folder.is_empty())
        .collect();
    problems.extend(
        sections
            .par_iter()
            .filter_map(|s| section(r, s).err())
            .collect::<Vec<_>>(),
    );
    problems
}

fn type_index(r: &Renderer, t: DocType) -> Result<(), Diagnostic> {
    let site = r.site;
    if !r.wants_page(&Site::type_index_url(t), vec![Dep::Type(t)]) {
        return Ok(());
    }
    // "Alla handlingsplaner": a folder of the same name (handlingsplaner/) has the
    // section page "Handlingsplaner", and two pages must not share a title.
    let plural = i18n::doc_type_plural(site.lang(), t);
    let page = PageInfo {
        title: i18n::get(site.lang(), i18n::Ui::AllOfType)
            .replace("{types}", &plural.to_lowercase()),
        url: Site::type_index_url(t),
        breadcrumbs: site.breadcrumbs(""),
    };
    let values = context! {
        type_key => t.key(),
        type_label => i18n::doc_type(site.lang(), t),
        docs => super::listing(r, &site.docs_of_type(t)),
    };
    r.page("type-index.html", page, values)
}

fn section(r: &Renderer, s: &Section) -> Result<(), Diagnostic> {
    let site = r.site;
    if !r.wants_page(&s.url, vec![Dep::Folder(s.folder.clone())]) {
        return Ok(());
    }
    let intro = match s.index_doc {
        Some(i) => Some(r.body(i)?),
        None => None,
    };
    let title = site.section_title(s);
    let parent = s.folder.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
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
    let page = PageInfo {
        title: title.clone(),
        url: s.url.clone(),
        breadcrumbs: site.breadcrumbs(parent),
    };
    let values = context! {
        section => context! {
            title => title,
            intro => intro.map(Value::from_safe_string),
            doc => s.index_doc.map(|i| Value::from_serialize(site.doc_view(i))),
            docs => super::listing(r, &s.docs),
            subsections => Value::from_serialize(subsections),
        },
    };
    r.page("section.html", page, values)
}
