//! Renders every page of the site into the one output writer: the documents here, the
//! views over the graph in `views/`, then the 404 page and the static files.

use minijinja::{Value, context};
use rayon::prelude::*;
use std::path::Path;
use styrdok_core::diag::{Diagnostic, Loc};
use styrdok_graph::Route;
use styrdok_render::context::SiteViews;
use styrdok_render::deps::{Dep, doc_page_deps};
use styrdok_render::{PageInfo, Renderer, i18n};

/// Renders and writes everything. Returns the problems met (template errors, two
/// pages for one file).
pub fn render_site(
    r: &Renderer,
    root: &Path,
    search: super::search::Search,
) -> (Vec<Diagnostic>, Option<styrdok_search::SearchIndex>) {
    let site = r.site;
    // Document pages and the views over the graph at the same time: the views hold
    // a few long single-threaded pages that fill the gaps between document pages.
    let (mut problems, (view_problems, index)) = rayon::join(
        || {
            let problems: Vec<Diagnostic> = site
                .docs
                .par_iter()
                .enumerate()
                .filter(|(i, d)| site.published[*i] && !d.is_section_index)
                .filter_map(|(i, _)| {
                    let result = render_document(r, i).err();
                    if let Some(bar) = &r.progress {
                        bar.inc(1);
                    }
                    result
                })
                .collect();
            if let Some(bar) = &r.progress {
                bar.finish_and_clear();
            }
            problems
        },
        || super::render_all(r, search),
    );
    problems.extend(view_problems);
    let not_found = PageInfo {
        title: i18n::get(site.lang(), i18n::Ui::NotFoundTitle).to_string(),
        url: Route::NotFound.path(),
        breadcrumbs: Vec::new(),
    };
    if r.wants(&not_found.url, vec![Dep::Global]) {
        problems.extend(
            r.render("404.html", &not_found, Value::UNDEFINED)
                .and_then(|html| r.write(&not_found.url, html.as_bytes()))
                .err(),
        );
    }
    for (name, bytes) in r.templates.static_files() {
        let path = format!("assets/{name}");
        if r.wants(&path, vec![Dep::Global]) {
            problems.extend(r.write(&path, &bytes).err());
        }
    }
    problems.extend(copy_tree(r, root, "static"));
    for asset in &site.published_assets {
        if !r.wants(asset, vec![Dep::Global]) {
            continue;
        }
        let source = root.join("content").join(asset);
        match std::fs::read(&source) {
            Ok(bytes) => problems.extend(r.write(asset, &bytes).err()),
            Err(e) => problems.push(Diagnostic::error(
                &Loc::file(format!("content/{asset}")),
                format!("cannot read: {e}"),
            )),
        }
    }
    (problems, index)
}

fn render_document(r: &Renderer, i: usize) -> Result<(), Diagnostic> {
    let site = r.site;
    let d = &site.docs[i];
    if !r.wants_page(&site.urls[i], doc_page_deps(site, i)) {
        return Ok(());
    }
    let body = r.body(i)?;
    let mut doc = site.doc_view(i);
    doc.history = site.history_view(i);
    // Two documents of one name ("Säkerhetsberättelse 2020", the report and the case)
    // are told apart by their type in the page title.
    let title = if site.shared_titles.contains(&d.meta.title) {
        format!("{} ({})", doc.title, doc.type_label)
    } else {
        doc.title.clone()
    };
    let page = PageInfo {
        title,
        url: site.urls[i].clone(),
        breadcrumbs: site.breadcrumbs(d.folder()),
    };
    let values = context! {
        doc => Value::from_serialize(&doc),
        content => Value::from_safe_string(body),
        risk => Value::from_serialize(styrdok_render::risk::doc_risk_view(site, i)),
    };
    r.page(&format!("{}.html", d.meta.doc_type.key()), page, values)
}

/// Copies `root/dir` into the output root, refusing links that leave the site.
/// Hidden files are copied: `static/` may hold `.well-known/` or `.htaccess` on purpose.
fn copy_tree(r: &Renderer, root: &Path, dir: &str) -> Vec<Diagnostic> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut problems = Vec::new();
    for entry in styrdok_load::walk_inside_site(root, &base, false, "copied", &mut problems) {
        let shown = styrdok_load::site_relative(root, entry.path());
        let rel = styrdok_load::site_relative(&base, entry.path());
        if !r.wants(&rel, vec![Dep::Global]) {
            continue;
        }
        match std::fs::read(entry.path()) {
            Ok(bytes) => problems.extend(r.write(&rel, &bytes).err()),
            Err(e) => problems.push(Diagnostic::error(
                &Loc::file(shown),
                format!("cannot read: {e}"),
            )),
        }
    }
    problems
}
