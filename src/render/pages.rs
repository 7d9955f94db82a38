//! Renders every page of the site through the templates into the one output writer:
//! documents, sections, type indexes, the start page, the 404 page and static files.

use super::context::{DocView, Link, RecordView};
use super::markdown::render_body;
use super::templates::Templates;
use super::i18n;
use crate::diag::{Diagnostic, Loc};
use crate::graph::Site;
use crate::model::{DocType, RecordKind};
use crate::output::{Output, WriteError};
use crate::text::collate;
use minijinja::{Value, context};
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;

struct Common {
    site: Value,
    t: Value,
}

/// Renders and writes everything. Returns the problems met (template errors, two
/// pages for one file).
pub fn render_site(site: &Site, templates: &Templates, out: &Output, root: &Path) -> Vec<Diagnostic> {
    let common = Common {
        site: Value::from_serialize(site.site_view()),
        t: Value::from_serialize(i18n::strings(site.lang())),
    };
    let mut problems: Vec<Diagnostic> = site
        .docs
        .par_iter()
        .enumerate()
        .filter(|(i, d)| site.published[*i] && !d.is_section_index)
        .filter_map(|(i, _)| render_document(site, templates, &common, out, i).err())
        .collect();
    let sections: Vec<_> = site.sections.values().filter(|s| !s.folder.is_empty()).collect();
    problems.extend(
        sections
            .par_iter()
            .filter_map(|s| render_section(site, templates, &common, out, s).err())
            .collect::<Vec<_>>(),
    );
    for t in DocType::ALL {
        if let Err(d) = render_type_index(site, templates, &common, out, t) {
            problems.push(d);
        }
    }
    if let Err(d) = render_start(site, templates, &common, out) {
        problems.push(d);
    }
    let not_found = templates
        .render("404.html", context! { site => common.site, t => common.t, page => context!{ title => i18n::get(site.lang(), "not_found_title"), breadcrumbs => Vec::<Link>::new() } })
        .and_then(|html| write(out, "404.html", html.as_bytes()));
    problems.extend(not_found.err());
    for (name, bytes) in templates.static_files() {
        problems.extend(write(out, &format!("assets/{name}"), &bytes).err());
    }
    problems.extend(copy_tree(root, "static", "", out));
    for asset in &site.assets {
        let source = root.join("content").join(asset);
        match std::fs::read(&source) {
            Ok(bytes) => problems.extend(write(out, asset, &bytes).err()),
            Err(e) => problems.push(Diagnostic::error(
                &Loc::file(format!("content/{asset}")),
                format!("cannot read: {e}"),
            )),
        }
    }
    problems
}

fn write(out: &Output, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    out.write(rel, bytes).map_err(|e| match e {
        WriteError::Duplicate(p) => Diagnostic::error(
            &Loc::file(p.clone()),
            format!("two parts of the site would be written to {p}; rename one of them"),
        ),
        WriteError::Invalid(p) => {
            Diagnostic::error(&Loc::file(p), "refused to write outside the output folder")
        }
        WriteError::Io(m) => Diagnostic::error(&Loc::file("public"), format!("cannot write: {m}")),
    })
}

fn page_file(url: &str) -> String {
    format!("{url}index.html")
}

fn render_blocks_of(site: &Site, templates: &Templates, common: &Common, doc: usize) -> Result<String, Diagnostic> {
    let mut first_error = None;
    let html = render_body(site, doc, |n| {
        let block = site.block_view(doc, n);
        let name = format!("blocks/{}.html", block.kind);
        match templates.render(&name, context! { site => common.site, t => common.t, block => Value::from_serialize(&block) }) {
            Ok(h) => h,
            Err(d) => {
                first_error.get_or_insert(d);
                String::new()
            }
        }
    });
    match first_error {
        Some(d) => Err(d),
        None => Ok(html),
    }
}

fn render_document(site: &Site, templates: &Templates, common: &Common, out: &Output, i: usize) -> Result<(), Diagnostic> {
    let d = &site.docs[i];
    let body = render_blocks_of(site, templates, common, i)?;
    let doc = site.doc_view(i);
    let ctx = context! {
        site => common.site,
        t => common.t,
        page => context! { title => doc.title.clone(), breadcrumbs => site.breadcrumbs(d.folder()), url => doc.url.clone() },
        doc => Value::from_serialize(&doc),
        content => Value::from_safe_string(body),
    };
    let html = templates.render(&format!("{}.html", d.meta.doc_type.key()), ctx)?;
    write(out, &page_file(&site.urls[i]), html.as_bytes())
}

/// Documents as listed in indexes: newest decision first, then by title.
fn listing(site: &Site, docs: &[usize]) -> Vec<DocView> {
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

fn render_section(site: &Site, templates: &Templates, common: &Common, out: &Output, s: &crate::graph::Section) -> Result<(), Diagnostic> {
    let intro = match s.index_doc {
        Some(i) => Some(render_blocks_of(site, templates, common, i)?),
        None => None,
    };
    let title = site.section_title(s);
    let parent = s.folder.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
    let mut subsections: Vec<Link> = s
        .subfolders
        .iter()
        .filter_map(|f| site.sections.get(f))
        .map(|sub| Link { title: site.section_title(sub), url: site.href(&sub.url) })
        .collect();
    subsections.sort_by(|a, b| collate(&a.title, &b.title, site.lang().is_swedish()));
    let ctx = context! {
        site => common.site,
        t => common.t,
        page => context! { title => title.clone(), breadcrumbs => site.breadcrumbs(parent), url => site.href(&s.url) },
        section => context! {
            title => title,
            intro => intro.map(Value::from_safe_string),
            doc => s.index_doc.map(|i| Value::from_serialize(site.doc_view(i))),
            docs => Value::from_serialize(listing(site, &s.docs)),
            subsections => Value::from_serialize(subsections),
        },
    };
    let html = templates.render("section.html", ctx)?;
    write(out, &page_file(&s.url), html.as_bytes())
}

fn render_type_index(site: &Site, templates: &Templates, common: &Common, out: &Output, t: DocType) -> Result<(), Diagnostic> {
    let title = i18n::doc_type_plural(site.lang(), t);
    let url = Site::type_index_url(t);
    let ctx = context! {
        site => common.site,
        t => common.t,
        page => context! { title => title, breadcrumbs => site.breadcrumbs(""), url => site.href(&url) },
        type_key => t.key(),
        type_label => i18n::doc_type(site.lang(), t),
        docs => Value::from_serialize(listing(site, &site.docs_of_type(t))),
    };
    let html = templates.render("type-index.html", ctx)?;
    write(out, &page_file(&url), html.as_bytes())
}

#[derive(Serialize)]
struct TypeCount {
    title: &'static str,
    url: String,
    count: usize,
}

fn render_start(site: &Site, templates: &Templates, common: &Common, out: &Output) -> Result<(), Diagnostic> {
    let root = site.sections.get("");
    let intro_doc = root.and_then(|s| s.index_doc);
    let intro = match intro_doc {
        Some(i) => Some(render_blocks_of(site, templates, common, i)?),
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
        for r in &d.records {
            if r.kind == RecordKind::Risk {
                if let Some(score) = r.risk().and_then(|k| k.computed_score()) {
                    if site.score_band(score) == "high" {
                        high_risks.push(site.record_view(i, r));
                    }
                }
            } else if r.is_overdue(today) {
                overdue.push(site.record_view(i, r));
            }
        }
    }
    high_risks.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.doc_title.cmp(&b.doc_title)));
    overdue.sort_by(|a, b| a.due.as_ref().map(|d| d.iso.clone()).cmp(&b.due.as_ref().map(|d| d.iso.clone())));
    let title = intro_doc
        .map(|i| site.docs[i].meta.title.clone())
        .unwrap_or_else(|| site.config.title.clone());
    let ctx = context! {
        site => common.site,
        t => common.t,
        page => context! { title => title.clone(), breadcrumbs => Vec::<Link>::new(), url => site.href(""), is_start => true },
        intro => intro.map(Value::from_safe_string),
        intro_doc => intro_doc.map(|i| Value::from_serialize(site.doc_view(i))),
        counts => Value::from_serialize(counts),
        latest => Value::from_serialize(latest),
        high_risks => Value::from_serialize(high_risks),
        overdue => Value::from_serialize(overdue),
    };
    let html = templates.render("index.html", ctx)?;
    write(out, "index.html", html.as_bytes())
}

/// Copies `root/dir` into the output under `prefix`, refusing links that leave the site.
fn copy_tree(root: &Path, dir: &str, prefix: &str, out: &Output) -> Vec<Diagnostic> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let root_canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(&base).follow_links(true).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| crate::load::site_relative(root, p)).unwrap_or_else(|| dir.to_string());
                problems.push(Diagnostic::error(&Loc::file(path), format!("cannot copy: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let shown = crate::load::site_relative(root, entry.path());
        let inside = entry.path().canonicalize().map(|p| p.starts_with(&root_canon)).unwrap_or(false);
        if !inside {
            problems.push(Diagnostic::error(&Loc::file(shown), "symbolic link pointing outside the site; it is not copied"));
            continue;
        }
        let rel = crate::load::site_relative(&base, entry.path());
        match std::fs::read(entry.path()) {
            Ok(bytes) => problems.extend(write(out, &format!("{prefix}{rel}"), &bytes).err()),
            Err(e) => problems.push(Diagnostic::error(&Loc::file(shown), format!("cannot read: {e}"))),
        }
    }
    problems
}
