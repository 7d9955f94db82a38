//! Rules over the whole site graph: ids, links and anchors (checked after everything is
//! loaded, as the second phase of a two-phase link check), publishing rules, risk
//! figures against the configuration, closed area lists.

use crate::diag::{Diagnostic, Loc};
use crate::graph::Site;
use crate::graph::links::LinkProblem;
use crate::load::fields::{At, closest};
use crate::model::{Classification, Document, Located, RecordDetail, RecordKind, Status};
use rayon::prelude::*;
use std::collections::HashMap;

pub fn validate(site: &Site) -> Vec<Diagnostic> {
    let mut out = site_wide(site);
    out.extend(per_document(site).into_iter().flatten());
    out
}

/// Each document's own problems, by document number. They depend on the other
/// documents' outlines only (ids, anchors, areas), so an edit to one document's body
/// re-checks that document alone.
pub fn per_document(site: &Site) -> Vec<Vec<Diagnostic>> {
    (0..site.docs.len())
        .into_par_iter()
        .map(|i| document_rules(site, i))
        .collect()
}

/// Problems between documents: duplicate ids, two documents at one URL.
pub fn site_wide(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut urls: HashMap<&str, usize> = HashMap::new();
    for (i, d) in site.docs.iter().enumerate() {
        if let Some(&first) = ids.get(d.meta.id.as_str()) {
            out.push(Diagnostic::error(
                &d.loc(d.meta.id_at),
                format!(
                    "duplicate document id `{}`: {} has it too",
                    d.meta.id, site.docs[first].source_path
                ),
            ));
        } else {
            ids.insert(&d.meta.id, i);
        }
        if !site.published[i] {
            continue;
        }
        if let Some(&first) = urls.get(site.urls[i].as_str()) {
            out.push(Diagnostic::error(
                &d.loc(At { line: 1, column: 1 }),
                format!(
                    "{} and {} would both be published at /{}; rename one of them",
                    site.docs[first].source_path, d.source_path, site.urls[i]
                ),
            ));
        } else {
            urls.insert(&site.urls[i], i);
        }
    }
    out.extend(unlinked_assets(site));
    out
}

/// One note for the files under content/ that no published document links to: they
/// are not copied (a restricted document's attachments must not be published).
fn unlinked_assets(site: &Site) -> Option<Diagnostic> {
    let unlinked: Vec<&String> = site.assets.difference(&site.published_assets).collect();
    if unlinked.is_empty() {
        return None;
    }
    const SHOWN: usize = 5;
    let mut names: Vec<String> = unlinked
        .iter()
        .take(SHOWN)
        .map(|p| format!("content/{p}"))
        .collect();
    if unlinked.len() > SHOWN {
        names.push(format!("and {} more", unlinked.len() - SHOWN));
    }
    Some(Diagnostic::note(
        &Loc::file("content"),
        format!(
            "{} file(s) under content/ are linked from no published document and are not copied: {}",
            unlinked.len(),
            names.join(", ")
        ),
    ))
}

pub fn document_rules(site: &Site, i: usize) -> Vec<Diagnostic> {
    let doc = &site.docs[i];
    let mut out = Vec::new();
    let published = site.published[i];
    let err = |out: &mut Vec<Diagnostic>, at: At, msg: String| {
        out.push(Diagnostic::error(&doc.loc(at), msg))
    };

    for link in &doc.links {
        match site.resolve_link(i, &link.dest, link.wiki) {
            Ok(resolved) => {
                if let crate::graph::LinkTarget::Document { doc: target, .. } = resolved.target {
                    check_reference(site, i, target, link.at, "links to", &mut out);
                }
            }
            Err(LinkProblem::Broken(msg)) | Err(LinkProblem::Refused(msg)) => {
                err(&mut out, link.at, msg)
            }
        }
    }
    let reference = |located: &Located, what: &str, out: &mut Vec<Diagnostic>| match site
        .by_id
        .get(located.value.as_str())
    {
        Some(&target) if target == i => out.push(Diagnostic::error(
            &doc.loc(located.at),
            format!("a document cannot name itself in `{what}`"),
        )),
        Some(&target) => check_reference(site, i, target, located.at, "refers to", out),
        None => out.push(Diagnostic::error(
            &doc.loc(located.at),
            format!(
                "`{what}` names `{}`, but no document has that id",
                located.value
            ),
        )),
    };
    if let Some(s) = &doc.meta.supersedes {
        reference(s, "supersedes", &mut out);
    }
    for r in &doc.meta.related {
        reference(r, "related", &mut out);
    }
    for area in &doc.meta.areas {
        check_area(site, doc, area, &mut out);
    }
    let meta = &doc.meta;
    if let (Some(decided), Some(until)) = (meta.decided, meta.valid_until)
        && until < decided
    {
        out.push(Diagnostic::warning(
            &doc.loc(meta.id_at),
            format!("`valid_until` ({until}) is before `decided` ({decided})"),
        ));
    }
    let _ = published;

    let scale = site.config.risk.scale as i64;
    for record in &doc.records {
        if let Some(area) = &record.area {
            check_area(site, doc, area, &mut out);
        }
        match &record.detail {
            RecordDetail::Risk(risk) => {
                for (value, at, name) in [
                    (risk.likelihood, risk.likelihood_at, "likelihood"),
                    (risk.severity, risk.severity_at, "severity"),
                ] {
                    if let Some(v) = value
                        && !(1..=scale).contains(&v)
                    {
                        err(
                            &mut out,
                            at,
                            format!(
                                "`{name}` must be 1 to {scale} (risk.scale), found {v} (risk {})",
                                record.id
                            ),
                        );
                    }
                }
                if let (Some(given), Some(computed)) = (risk.score, risk.computed_score())
                    && given != computed
                {
                    err(
                        &mut out,
                        risk.score_at,
                        format!(
                            "`score` is {given}, but likelihood × severity is {} × {} = {computed} (risk {})",
                            risk.likelihood.unwrap_or(0),
                            risk.severity.unwrap_or(0),
                            record.id
                        ),
                    );
                }
                let treatments = &site.config.risk.treatments;
                match &risk.treatment {
                    Some(t) if !treatments.contains(&t.value) => {
                        let known: Vec<&str> = treatments.iter().map(String::as_str).collect();
                        let hint = closest(&t.value, &known)
                            .map(|k| format!(" (did you mean `{k}`?)"))
                            .unwrap_or_default();
                        err(
                            &mut out,
                            t.at,
                            format!(
                                "unknown treatment `{}`{hint}; allowed: {}",
                                t.value,
                                known.join(", ")
                            ),
                        );
                    }
                    Some(_) => {}
                    None => out.push(Diagnostic::warning(
                        &doc.loc(record.at),
                        format!(
                            "risk {} has no `treatment` (one of {})",
                            record.id,
                            treatments.join(", ")
                        ),
                    )),
                }
                if let Some(previous) = &risk.previous {
                    match crate::risk::resolve_previous(site, i, &previous.value) {
                        Ok((target, _)) => check_reference(
                            site,
                            i,
                            target,
                            previous.at,
                            "names as `previous`",
                            &mut out,
                        ),
                        Err(message) => err(&mut out, previous.at, message),
                    }
                }
                for o in &risk.objectives {
                    if !site
                        .config
                        .control_objectives
                        .iter()
                        .any(|(code, _)| *code == o.value)
                    {
                        let codes: Vec<&str> = site
                            .config
                            .control_objectives
                            .iter()
                            .map(|(c, _)| c.as_str())
                            .collect();
                        err(
                            &mut out,
                            o.at,
                            format!(
                                "unknown control objective `{}`; styrdok.yaml defines {}",
                                o.value,
                                codes.join(", ")
                            ),
                        );
                    }
                }
            }
            RecordDetail::Action {
                recommendation: Some(rec),
                ..
            } => {
                let exists = doc
                    .records
                    .iter()
                    .any(|r| r.kind == RecordKind::Recommendation && r.id == rec.value);
                if !exists {
                    err(
                        &mut out,
                        rec.at,
                        format!(
                            "action {} answers recommendation `{}`, but this document has no such recommendation",
                            record.id, rec.value
                        ),
                    );
                }
            }
            _ => {}
        }
    }
    out
}

/// A published document must not point at a restricted one; a draft that is not
/// published makes the reference dead in the output.
fn check_reference(
    site: &Site,
    from: usize,
    target: usize,
    at: At,
    verb: &str,
    out: &mut Vec<Diagnostic>,
) {
    if !site.published[from] {
        return;
    }
    let doc = &site.docs[from];
    let t = &site.docs[target];
    if t.meta.classification == Classification::Restricted {
        out.push(Diagnostic::error(
            &doc.loc(at),
            format!("{} {verb} a restricted document ({}); restricted documents are never published or linked", doc.source_path, t.source_path),
        ));
    } else if t.meta.status == Status::Draft && !site.options.drafts {
        out.push(Diagnostic::warning(
            &doc.loc(at),
            format!("{verb} the draft {}, which is not published; the link is shown as plain text (build with --drafts to preview it)", t.source_path),
        ));
    }
}

fn check_area(site: &Site, doc: &Document, area: &Located, out: &mut Vec<Diagnostic>) {
    if let Some(areas) = &site.config.areas
        && !areas.contains(&area.value)
    {
        let known: Vec<&str> = areas.iter().map(String::as_str).collect();
        let hint = closest(&area.value, &known)
            .map(|k| format!(" (did you mean `{k}`?)"))
            .unwrap_or_default();
        out.push(Diagnostic::error(
            &doc.loc(area.at),
            format!(
                "unknown area `{}`{hint}; the areas are listed in styrdok.yaml",
                area.value
            ),
        ));
    }
}
