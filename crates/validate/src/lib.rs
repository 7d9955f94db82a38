//! Rules over the whole site graph: ids, links and anchors (checked after everything is
//! loaded, as the second phase of a two-phase link check), publishing rules, risk
//! figures against the configuration, closed area lists.

use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};
use styrdok_core::diag::{Diagnostic, Loc};
use styrdok_core::model::{
    Classification, Document, Located, Record, RecordDetail, RecordKind, Risk, Status,
};
use styrdok_core::yaml::fields::{At, closest};
use styrdok_graph::Site;
use styrdok_graph::links::LinkProblem;

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
    // Run on every rebuild in `serve`: FxHash over 10,000 ids and URLs, sized once.
    let n = site.docs.len();
    let mut ids: FxHashMap<&str, usize> = FxHashMap::with_capacity_and_hasher(n, FxBuildHasher);
    let mut urls: FxHashMap<&str, usize> = FxHashMap::with_capacity_and_hasher(n, FxBuildHasher);
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
    let mut check = DocumentCheck {
        site,
        i,
        doc,
        out: Vec::new(),
    };
    check.links();
    check.references();
    for area in &doc.meta.areas {
        check_area(site, doc, area, &mut check.out);
    }
    check.dates();
    for record in &doc.records {
        check.record(record);
    }
    check.out
}

/// One document's checks in progress: the document, its number and the diagnostics so
/// far, in the order they are reported.
struct DocumentCheck<'a> {
    site: &'a Site,
    i: usize,
    doc: &'a Document,
    out: Vec<Diagnostic>,
}

impl<'a> DocumentCheck<'a> {
    fn err(&mut self, at: At, msg: String) {
        self.out.push(Diagnostic::error(&self.doc.loc(at), msg));
    }

    /// Links in the body: broken or refused ones, and what a resolved one points at.
    fn links(&mut self) {
        let (site, i) = (self.site, self.i);
        for link in &self.doc.links {
            match site.link_target(i, &link.dest, link.wiki) {
                Ok(styrdok_graph::LinkTarget::Document { doc: target, .. }) => {
                    check_reference(site, i, target, link.at, "links to", &mut self.out);
                }
                Ok(_) => {}
                Err(LinkProblem::Broken(msg)) | Err(LinkProblem::Refused(msg)) => {
                    self.err(link.at, msg)
                }
                Err(LinkProblem::Masked(msg)) => {
                    if site.published[i] {
                        self.out
                            .push(Diagnostic::warning(&self.doc.loc(link.at), msg));
                    }
                }
            }
        }
    }

    /// The ids named in `supersedes` and `related`.
    fn references(&mut self) {
        let meta = &self.doc.meta;
        if let Some(s) = &meta.supersedes {
            self.reference(s, "supersedes");
        }
        for r in &meta.related {
            self.reference(r, "related");
        }
    }

    fn reference(&mut self, located: &Located, what: &str) {
        match self.site.by_id.get(located.value.as_str()) {
            Some(&target) if target == self.i => self.out.push(Diagnostic::error(
                &self.doc.loc(located.at),
                format!("a document cannot name itself in `{what}`"),
            )),
            Some(&target) => check_reference(
                self.site,
                self.i,
                target,
                located.at,
                "refers to",
                &mut self.out,
            ),
            None => self.out.push(Diagnostic::error(
                &self.doc.loc(located.at),
                format!(
                    "`{what}` names `{}`, but no document has that id",
                    located.value
                ),
            )),
        }
    }

    fn dates(&mut self) {
        let meta = &self.doc.meta;
        if let (Some(decided), Some(until)) = (meta.decided, meta.valid_until)
            && until < decided
        {
            self.out.push(Diagnostic::warning(
                &self.doc.loc(meta.id_at),
                format!("`valid_until` ({until}) is before `decided` ({decided})"),
            ));
        }
    }

    fn record(&mut self, record: &Record) {
        if let Some(area) = &record.area {
            check_area(self.site, self.doc, area, &mut self.out);
        }
        match &record.detail {
            RecordDetail::Risk(risk) => {
                self.risk_figures(record, risk);
                self.risk_treatment(record, risk);
                self.risk_previous(risk);
                self.risk_objectives(risk);
            }
            RecordDetail::Action {
                recommendation: Some(rec),
                ..
            } => self.action_recommendation(record, rec),
            _ => {}
        }
    }

    /// Likelihood and severity within the configured scale, and a given score that
    /// matches their product.
    fn risk_figures(&mut self, record: &Record, risk: &Risk) {
        let scale = self.site.config.risk.scale as i64;
        for (value, at, name) in [
            (risk.likelihood, risk.likelihood_at, "likelihood"),
            (risk.severity, risk.severity_at, "severity"),
        ] {
            if let Some(v) = value
                && !(1..=scale).contains(&v)
            {
                self.err(
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
            self.err(
                risk.score_at,
                format!(
                    "`score` is {given}, but likelihood × severity is {} × {} = {computed} (risk {})",
                    risk.likelihood.unwrap_or(0),
                    risk.severity.unwrap_or(0),
                    record.id
                ),
            );
        }
    }

    fn risk_treatment(&mut self, record: &Record, risk: &Risk) {
        let treatments = &self.site.config.risk.treatments;
        match &risk.treatment {
            Some(t) if !treatments.contains(&t.value) => {
                let known: Vec<&str> = treatments.iter().map(String::as_str).collect();
                let hint = closest(&t.value, &known)
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                self.err(
                    t.at,
                    format!(
                        "unknown treatment `{}`{hint}; allowed: {}",
                        t.value,
                        known.join(", ")
                    ),
                );
            }
            Some(_) => {}
            None => self.out.push(Diagnostic::warning(
                &self.doc.loc(record.at),
                format!(
                    "risk {} has no `treatment` (one of {})",
                    record.id,
                    treatments.join(", ")
                ),
            )),
        }
    }

    fn risk_previous(&mut self, risk: &Risk) {
        if let Some(previous) = &risk.previous {
            match styrdok_graph::risk::resolve_previous(self.site, self.i, &previous.value) {
                Ok((target, _)) => check_reference(
                    self.site,
                    self.i,
                    target,
                    previous.at,
                    "names as `previous`",
                    &mut self.out,
                ),
                Err(_) if previous_is_masked(self.site, &previous.value) => {
                    self.out.push(Diagnostic::warning(
                        &self.doc.loc(previous.at),
                        format!(
                            "`previous` names `{}`, a masked row this audience (`{}`) does not see; the risk's trend is not shown",
                            previous.value, self.site.options.audience.name
                        ),
                    ));
                }
                Err(message) => self.err(previous.at, message),
            }
        }
    }

    fn risk_objectives(&mut self, risk: &Risk) {
        let objectives = &self.site.config.control_objectives;
        for o in &risk.objectives {
            if !objectives.iter().any(|(code, _)| *code == o.value) {
                let codes: Vec<&str> = objectives.iter().map(|(c, _)| c.as_str()).collect();
                self.err(
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

    /// An action's `recommendation` must name a recommendation of the same document.
    fn action_recommendation(&mut self, record: &Record, rec: &Located) {
        let exists = self
            .doc
            .records
            .iter()
            .any(|r| r.kind == RecordKind::Recommendation && r.id == rec.value);
        if !exists {
            self.err(
                rec.at,
                format!(
                    "action {} answers recommendation `{}`, but this document has no such recommendation",
                    record.id, rec.value
                ),
            );
        }
    }
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
    } else if !site.options.audience.shows(t.meta.classification) {
        out.push(Diagnostic::warning(
            &doc.loc(at),
            format!(
                "{verb} the {} document {}, which the `{}` audience does not see; it is shown as plain text marked as an internal document (or left out)",
                t.meta.classification.key(),
                t.source_path,
                site.options.audience.name
            ),
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

/// Whether `DOC-ID#risk-ID` names a row of a document that this build's audience sees
/// without that row.
fn previous_is_masked(site: &Site, value: &str) -> bool {
    styrdok_graph::risk::parse_previous(value).is_some_and(|(doc_id, risk_id)| {
        site.by_id.get(doc_id).is_some_and(|&d| {
            let anchor = format!("risk-{risk_id}");
            site.docs[d].masked_anchors.contains(&anchor)
        })
    })
}
