//! The record tables and the heat map of a document, as the template lays them out:
//! a caption, header cells, and rows whose first cell heads the row. The columns are
//! those of the page's tables (themes/default/templates/blocks/), in words: the band
//! and "high risk" beside a score, "overdue" beside a status, never colour alone.

use serde_json::{Value, json};
use styrdok_graph::Site;
use styrdok_render::context::{BlockView, RecordView, SiteViews};
use styrdok_render::i18n::{self, Ui};
use styrdok_render::risk::HeatMap;

/// A table for the template: `wide` ones are set on a landscape page.
fn table(caption: String, head: Vec<&str>, rows: Vec<Vec<String>>, wide: bool) -> Value {
    json!({"caption": caption, "head": head, "rows": rows, "wide": wide})
}

/// Record block `block` of document `doc`.
pub fn block_table(site: &Site, doc: usize, block: usize) -> Value {
    let view: BlockView = site.block_view(doc, block);
    let lang = site.lang();
    let t = |u: Ui| i18n::get(lang, u);
    let masked = site.docs[doc].blocks[block].masked_rows;
    let mut caption = format!("{} ({} {})", view.caption, view.records.len(), t(Ui::Rows));
    if masked > 0 {
        caption.push_str(". ");
        caption.push_str(&match masked {
            1 => t(Ui::MaskedRowOne).to_string(),
            n => t(Ui::MaskedRows).replace("{n}", &n.to_string()),
        });
    }
    let rows = |f: &dyn Fn(&RecordView) -> Vec<String>| view.records.iter().map(f).collect();
    match view.kind {
        "risks" => table(
            caption,
            vec![
                t(Ui::Id),
                t(Ui::Objectives),
                t(Ui::TargetArea),
                t(Ui::AssignmentCol),
                t(Ui::RiskCol),
                t(Ui::Consequence),
                t(Ui::Likelihood),
                t(Ui::Severity),
                t(Ui::Score),
                t(Ui::Treatment),
                t(Ui::Cause),
                t(Ui::RiskActions),
                t(Ui::Responsible),
            ],
            rows(&|r| risk_row(site, r)),
            true,
        ),
        "activities" => table(
            caption,
            vec![
                t(Ui::Id),
                t(Ui::Activity),
                t(Ui::Goal),
                t(Ui::Method),
                t(Ui::Responsible),
                t(Ui::Status),
                t(Ui::Due),
            ],
            rows(&|r| activity_row(site, r)),
            true,
        ),
        "actions" => table(
            caption,
            vec![
                t(Ui::Id),
                t(Ui::Action),
                t(Ui::Responsible),
                t(Ui::Status),
                t(Ui::Due),
                t(Ui::AnswersRecommendation),
            ],
            rows(&|r| action_row(site, r)),
            false,
        ),
        _ => table(
            caption,
            vec![
                t(Ui::Id),
                t(Ui::Recommendation),
                t(Ui::Response),
                t(Ui::Actions),
            ],
            rows(&|r| {
                let answered: Vec<&str> = r.answered_by.iter().map(|l| l.title.as_str()).collect();
                vec![
                    r.id.clone(),
                    r.headline.clone(),
                    opt(&r.response),
                    answered.join("; "),
                ]
            }),
            false,
        ),
    }
}

fn activity_row(site: &Site, r: &RecordView) -> Vec<String> {
    vec![
        r.id.clone(),
        r.headline.clone(),
        opt(&r.goal),
        r.method.join("; "),
        responsibles(r),
        work_status(site, r),
        r.due.as_ref().map(|d| d.text.clone()).unwrap_or_default(),
    ]
}

fn action_row(site: &Site, r: &RecordView) -> Vec<String> {
    let recommendation = r
        .recommendation
        .as_ref()
        .map(|l| format!("{} {}", i18n::get(site.lang(), Ui::Recommendation), l.title));
    vec![
        r.id.clone(),
        r.headline.clone(),
        responsibles(r),
        work_status(site, r),
        r.due.as_ref().map(|d| d.text.clone()).unwrap_or_default(),
        recommendation.unwrap_or_default(),
    ]
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn responsibles(r: &RecordView) -> String {
    let names: Vec<String> = r
        .responsibles
        .iter()
        .map(|p| match &p.remark {
            Some(remark) => format!("{} ({remark})", p.name),
            None => p.name.clone(),
        })
        .collect();
    names.join("; ")
}

/// The status in words, and "Försenad" when the row is overdue.
fn work_status(site: &Site, r: &RecordView) -> String {
    let mut out = r.status_label.unwrap_or("").to_string();
    if r.overdue {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(&i18n::get(site.lang(), Ui::Overdue).to_uppercase());
    }
    out
}

fn risk_row(site: &Site, r: &RecordView) -> Vec<String> {
    let lang = site.lang();
    let objectives: Vec<&str> = r.objectives.iter().map(|o| o.code.as_str()).collect();
    let mut score = r.score.map(|s| s.to_string()).unwrap_or_default();
    if let Some(band) = r.band_label {
        score.push_str(&format!(" ({band})"));
    }
    if r.highlighted {
        score.push_str(&format!(", {}", i18n::get(lang, Ui::HighRisk)));
    }
    if let Some(p) = &r.previous {
        let before = p.score.map(|s| s.to_string()).unwrap_or_else(|| "–".into());
        let moved = p
            .direction_label
            .map(|d| format!("{d} "))
            .unwrap_or_default();
        score.push_str(&format!(
            "; {moved}{} {before} ({})",
            i18n::get(lang, Ui::TrendFrom),
            p.when
        ));
    }
    vec![
        r.id.clone(),
        objectives.join(", "),
        opt(&r.area),
        opt(&r.assignment),
        r.headline.clone(),
        opt(&r.consequence),
        r.likelihood.map(|v| v.to_string()).unwrap_or_default(),
        r.severity.map(|v| v.to_string()).unwrap_or_default(),
        score,
        r.treatment
            .clone()
            .unwrap_or_else(|| i18n::get(lang, Ui::NoTreatment).to_string()),
        opt(&r.cause),
        r.actions.join("; "),
        responsibles(r),
    ]
}

/// The heat map: likelihood rows (highest first) by severity columns; each cell its
/// score, band in words and the ids of the risks in it.
pub fn heatmap_table(site: &Site, h: &HeatMap) -> Value {
    let lang = site.lang();
    let rows: Vec<Value> = h
        .rows
        .iter()
        .map(|row| {
            let cells: Vec<Value> = row
                .cells
                .iter()
                .map(|c| {
                    let ids: Vec<&str> = c.risks.iter().map(|k| k.label.as_str()).collect();
                    json!({
                        "score": c.score,
                        "band": c.band.key(),
                        "label": c.band_label,
                        "risks": ids.join(", "),
                    })
                })
                .collect();
            json!({"likelihood": row.likelihood, "cells": cells})
        })
        .collect();
    json!({
        "caption": format!("{}. {}", h.caption, i18n::get(lang, Ui::HeatmapNote)),
        "corner": i18n::get(lang, Ui::HeatmapCorner),
        "likelihood": i18n::get(lang, Ui::Likelihood),
        "severity": i18n::get(lang, Ui::Severity),
        "severities": h.severities,
        "rows": rows,
    })
}
