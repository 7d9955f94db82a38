//! The document pages, the 404 page, static files and copied assets.

use minijinja::{Value, context};
use rayon::prelude::*;
use std::path::Path;
use styrdok_core::diag::{Diagnostic, Loc};
use styrdok_graph::Route;
use styrdok_pdf::Typesetter;
use styrdok_render::context::SiteViews;
use styrdok_render::deps::{Dep, doc_page_deps};
use styrdok_render::{Renderer, i18n};

use crate::spec::{Page, Plan};

/// Every document page, planned in parallel (a share of every incremental edit).
pub fn plan_documents<'a>(r: &Renderer<'a>, pdf: Option<&'a Typesetter>, plan: &mut Plan<'a>) {
    let site = r.site;
    let records_keys = r.records_keys();
    // Planned a run of documents at a time: a plan per document was 10,000 lists.
    let runs = (0..site.docs.len())
        .into_par_iter()
        .fold(Plan::default, |mut run, i| {
            if !site.published[i] || site.docs[i].is_section_index {
                return run;
            }
            let keys = if records_keys {
                doc_page_deps(site, i)
            } else {
                Vec::new()
            };
            let route = site.doc_route(i);
            let pdf = pdf.filter(|_| styrdok_pdf::wanted(site, i));
            // The file name only when there is a PDF: naming is a share of planning.
            match pdf.and_then(|t| Some((t, route.pdf_file()?))) {
                Some((typesetter, file)) => run.page_with(route, file.clone(), keys, move |r| {
                    document(r, i, Some((typesetter, file)))
                }),
                None => run.page(route, keys, move |r| document(r, i, None)),
            }
            run
        });
    for run in runs.collect::<Vec<Plan<'a>>>() {
        plan.extend(run);
    }
}

/// Writes a document's PDF to `file`: the link to it, with its size.
fn pdf_link(r: &Renderer, file: &str, bytes: &[u8]) -> Result<Value, Diagnostic> {
    r.write(file, bytes)?;
    let kb = bytes.len().div_ceil(1024);
    let label = format!(
        "{}, {kb} kB",
        i18n::get(r.site.lang(), i18n::Ui::PdfDownload)
    );
    Ok(context! { href => r.site.href(file), label => label })
}

/// The 404 page, the theme's static files, the site's `static/` and the assets
/// published documents link to.
pub fn plan_files<'a>(r: &Renderer<'a>, root: &'a Path, plan: &mut Plan<'a>) {
    let site = r.site;
    plan.page(Route::NotFound, vec![Dep::Global], |r| {
        let title = i18n::get(r.site.lang(), i18n::Ui::NotFoundTitle);
        Ok(Page::new(title, Value::UNDEFINED))
    });
    for (name, bytes) in r.templates.static_files() {
        plan.file(format!("assets/{name}"), vec![Dep::Global], move |_| {
            Ok(bytes)
        });
    }
    copy_tree(root, "static", plan);
    for asset in site.published_assets.iter() {
        plan.file(asset.clone(), vec![Dep::Global], move |_| {
            std::fs::read(root.join("content").join(asset)).map_err(|e| {
                Diagnostic::error(
                    &Loc::file(format!("content/{asset}")),
                    format!("cannot read: {e}"),
                )
            })
        });
    }
}

fn document(
    r: &Renderer,
    i: usize,
    pdf: Option<(&Typesetter, String)>,
) -> Result<Page, Diagnostic> {
    let site = r.site;
    let d = &site.docs[i];
    let body = r.body(i)?;
    let mut doc = site.doc_view(i);
    let risk = styrdok_render::risk::doc_risk_view(site, i);
    // The PDF shows the same views as the page (history aside).
    let pdf = match pdf {
        Some((typesetter, file)) => {
            let bytes = typesetter.typeset(site, i, &doc, risk.as_ref())?;
            Some(pdf_link(r, &file, &bytes)?)
        }
        None => None,
    };
    doc.history = site.history_view(i);
    // Two documents of one name ("Säkerhetsberättelse 2020", the report and the case)
    // are told apart by their type in the page title.
    let title = if site.shared_titles.contains(&d.meta.title) {
        format!("{} ({})", doc.title, doc.type_label)
    } else {
        doc.title.clone()
    };
    let values = context! {
        doc => Value::from_serialize(&doc),
        content => Value::from_safe_string(body),
        risk => Value::from_serialize(risk),
        pdf => pdf,
    };
    Ok(Page::new(title, values))
}

/// Copies `root/dir` into the output root, refusing links that leave the site.
/// Hidden files are copied: `static/` may hold `.well-known/` or `.htaccess` on purpose.
fn copy_tree<'a>(root: &'a Path, dir: &str, plan: &mut Plan<'a>) {
    let base = root.join(dir);
    if !base.is_dir() {
        return;
    }
    let entries = styrdok_load::walk_inside_site(root, &base, false, "copied", &mut plan.problems);
    for entry in entries {
        let shown = styrdok_load::site_relative(root, entry.path());
        let rel = styrdok_load::site_relative(&base, entry.path());
        plan.file(rel, vec![Dep::Global], move |_| {
            std::fs::read(entry.path())
                .map_err(|e| Diagnostic::error(&Loc::file(shown), format!("cannot read: {e}")))
        });
    }
}
