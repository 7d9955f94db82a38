//! Everything the template shows of one document, as JSON (`/data.json` in its
//! world): the same view models as its page (`SiteViews::doc_view`, block views, the
//! heat map), the UI strings in the site's language, and the body as a tree.

use crate::body::{self, ImageRef};
use crate::tables;
use serde_json::{Value, json};
use styrdok_graph::Site;
use styrdok_render::context::DocView;
use styrdok_render::i18n::{self, Ui};
use styrdok_render::risk::DocRiskView;

/// A link's target in a PDF: web and mail addresses as written, the site's pages
/// absolute with `base_url`; `None` (shown as text) when the site has no `base_url`
/// or the target is only an anchor of the page.
pub fn link_target(site: &Site, href: &str) -> Option<String> {
    let lower = href.to_ascii_lowercase();
    if ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        return Some(href.to_string());
    }
    if href.starts_with('/') && site.config.base_url.is_some() {
        return Some(site.absolute(href));
    }
    None
}

/// The data of document `doc`'s PDF, and the images its body shows.
pub fn document(
    site: &Site,
    doc: usize,
    view: &DocView,
    risk: Option<&DocRiskView>,
    paper: &str,
) -> (Value, Vec<ImageRef>) {
    let lang = site.lang();
    let t = |u: Ui| i18n::get(lang, u);
    let url = |href: &str| link_target(site, href);
    let tree = body::tree(site, doc, &url);
    let d = &site.docs[doc];
    let blocks: Vec<Value> = (0..d.blocks.len())
        .map(|b| tables::block_table(site, doc, b))
        .collect();
    let organisation = view
        .organisation
        .clone()
        .or_else(|| site.config.organisation.clone());
    let header_right = match (&view.dnr, &view.document_number) {
        (Some(dnr), _) => format!("{} {dnr}", t(Ui::Dnr)),
        (None, Some(n)) => format!("{} {n}", t(Ui::DocumentNumber)),
        _ => String::new(),
    };
    let data = json!({
        "lang": lang.code(),
        "paper": paper,
        "title": view.title,
        "site": site.config.title,
        "organisation": organisation,
        "type_label": view.type_label,
        "summary": view.summary,
        "draft": view.is_draft,
        "draft_mark": t(Ui::PdfDraft),
        "header": {"left": organisation.clone().unwrap_or_default(), "right": header_right},
        "page_label": t(Ui::PdfPage),
        "banners": banners(site, view),
        "meta_heading": t(Ui::AboutDocument),
        "meta": meta_rows(site, view),
        "risk_summary": risk_summary(site, view),
        "heatmap_heading": t(Ui::Heatmap),
        "heatmap": risk.map(|r| tables::heatmap_table(site, &r.heatmap)),
        "masked": {
            "shown": t(Ui::InternalSection),
            "notice": t(Ui::MaskedSection),
            "reason": t(Ui::MaskedReason),
        },
        "keywords": view.tags,
        "body": tree.nodes,
        "blocks": blocks,
    });
    (data, tree.images)
}

/// The banners of the page, in words: draft, superseded, expired, due for review.
fn banners(site: &Site, doc: &DocView) -> Vec<Value> {
    let lang = site.lang();
    let t = |u: Ui| i18n::get(lang, u);
    let mut out = Vec::new();
    if doc.is_draft {
        out.push(json!({"strong": format!("{}:", t(Ui::Draft)), "text": t(Ui::DraftBanner)}));
    }
    if let Some(by) = &doc.superseded_by {
        out.push(json!({"strong": t(Ui::SupersededBanner), "text": format!("{}.", by.title)}));
    }
    if let (true, Some(until)) = (doc.is_expired, &doc.valid_until) {
        let text = format!("({} {}).", t(Ui::ValidUntil).to_lowercase(), until.text);
        out.push(json!({"strong": t(Ui::ExpiredBanner), "text": text}));
    }
    if let (true, false, Some(by)) = (doc.is_review_due, doc.is_expired, &doc.review_by) {
        let text = format!("({} {}).", t(Ui::ReviewBy).to_lowercase(), by.text);
        out.push(json!({"strong": t(Ui::ReviewBanner), "text": text}));
    }
    out
}

/// "Om dokumentet": the metadata the page's panel shows, label and value.
fn meta_rows(site: &Site, doc: &DocView) -> Vec<[String; 2]> {
    let lang = site.lang();
    let mut rows: Vec<[String; 2]> = Vec::new();
    let mut add = |u: Ui, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            rows.push([i18n::get(lang, u).to_string(), v]);
        }
    };
    let date = |d: &Option<styrdok_render::context::DateView>| d.as_ref().map(|d| d.text.clone());
    let titles = |links: &[styrdok_render::context::Link]| {
        let t: Vec<&str> = links.iter().map(|l| l.title.as_str()).collect();
        Some(t.join(", "))
    };
    add(Ui::Type, Some(doc.type_label.to_string()));
    add(Ui::Organisation, doc.organisation.clone());
    add(Ui::Owner, doc.owner.clone());
    add(Ui::DecidedBy, doc.decided_by.clone());
    add(Ui::Decided, date(&doc.decided));
    add(Ui::ValidUntil, date(&doc.valid_until));
    add(Ui::ReviewBy, date(&doc.review_by));
    add(Ui::Dnr, doc.dnr.clone());
    add(Ui::DocumentNumber, doc.document_number.clone());
    add(Ui::Version, doc.version.clone());
    add(Ui::Status, Some(doc.status_label.to_string()));
    add(
        Ui::Classification,
        Some(doc.classification_label.to_string()),
    );
    add(
        Ui::Supersedes,
        doc.supersedes.as_ref().map(|l| l.title.clone()),
    );
    add(
        Ui::SupersededBy,
        doc.superseded_by.as_ref().map(|l| l.title.clone()),
    );
    add(Ui::Areas, titles(&doc.areas));
    add(Ui::Tags, Some(doc.tags.join(", ")));
    add(Ui::Related, titles(&doc.related));
    rows
}

fn risk_summary(site: &Site, doc: &DocView) -> Option<String> {
    if doc.risk_count == 0 {
        return None;
    }
    let lang = site.lang();
    let summary = i18n::get(lang, Ui::RiskSummary)
        .replace("{n}", &doc.risk_count.to_string())
        .replace("{h}", &doc.high_risk_count.to_string());
    let note = i18n::get(lang, Ui::HighlightNote)
        .replace("{n}", &site.config.risk.highlight_from.to_string());
    Some(format!("{summary} {note}"))
}
