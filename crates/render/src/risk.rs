//! View models of the risk views: the heat map (likelihood × severity), a risk's trend
//! against its `previous`, and where a document's register exports live. Bands come
//! from `Site::score_band`, so the heat map, tables and exports always agree.

use super::i18n;
use crate::titles::DocTitle;
use serde::Serialize;
use styrdok_core::model::{Record, RecordKind};
use styrdok_graph::Site;
use styrdok_graph::risk::{Band, Direction, published_previous, score_of};

#[derive(Serialize, Clone, Debug)]
pub struct HeatMap {
    /// Unique in the page: the caption's id.
    pub id: String,
    pub caption: String,
    /// Column headers: severity 1..scale.
    pub severities: Vec<i64>,
    /// Highest likelihood first, as risk matrices are drawn.
    pub rows: Vec<HeatRow>,
    /// Risks placed in the matrix.
    pub total: usize,
    /// The documents behind the codes in a site-wide map ("A" → an analysis).
    pub legend: Vec<HeatLegend>,
}

#[derive(Serialize, Clone, Debug)]
pub struct HeatRow {
    pub likelihood: i64,
    pub cells: Vec<HeatCell>,
}

#[derive(Serialize, Clone, Debug)]
pub struct HeatCell {
    pub likelihood: i64,
    pub severity: i64,
    pub score: i64,
    pub band: Band,
    pub band_label: &'static str,
    pub highlighted: bool,
    pub risks: Vec<HeatRisk>,
}

#[derive(Serialize, Clone, Debug)]
pub struct HeatRisk {
    /// Shown in the cell: the risk id, prefixed by its document's code in a site-wide map.
    pub label: String,
    /// Read by screen readers before the label ("Risk ", "Riskanalys 2023, risk ").
    pub prefix: String,
    pub href: String,
    pub headline: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct HeatLegend {
    pub code: String,
    pub title: String,
    pub url: String,
}

/// Builds a heat map of risks. With `codes`, each document gets a letter code so that a
/// cell can hold risks of several analyses without ambiguity.
pub fn heatmap(
    site: &Site,
    risks: &[(usize, &Record)],
    id: &str,
    caption: String,
    codes: bool,
    // The document whose own page shows the map: its risks link to anchors on the page.
    page_of: Option<usize>,
) -> HeatMap {
    let lang = site.lang();
    let scale = site.config.risk.scale as i64;
    let mut docs: Vec<usize> = Vec::new();
    for (d, _) in risks {
        if !docs.contains(d) {
            docs.push(*d);
        }
    }
    let code_of = |doc: usize| -> String {
        if !codes {
            return String::new();
        }
        let n = docs.iter().position(|d| *d == doc).unwrap_or(0);
        doc_code(n)
    };
    let risk_word = i18n::get(lang, i18n::Ui::Risk);
    let mut rows: Vec<HeatRow> = (1..=scale)
        .rev()
        .map(|likelihood| HeatRow {
            likelihood,
            cells: (1..=scale)
                .map(|severity| {
                    let score = likelihood * severity;
                    let band = site.score_band(score);
                    HeatCell {
                        likelihood,
                        severity,
                        score,
                        band,
                        band_label: i18n::band(lang, band),
                        highlighted: band == Band::High,
                        risks: Vec::new(),
                    }
                })
                .collect(),
        })
        .collect();
    let mut total = 0;
    for (doc, record) in risks {
        let Some(risk) = record.risk() else { continue };
        let (Some(l), Some(s)) = (risk.likelihood, risk.severity) else {
            continue;
        };
        // Out-of-range figures are build errors; never index outside the matrix.
        if !(1..=scale).contains(&l) || !(1..=scale).contains(&s) {
            continue;
        }
        let prefix = if codes {
            format!(
                "{}, {} ",
                site.doc_title_marked(*doc),
                risk_word.to_lowercase()
            )
        } else {
            format!("{risk_word} ")
        };
        rows[(scale - l) as usize].cells[(s - 1) as usize]
            .risks
            .push(HeatRisk {
                label: format!("{}{}", code_of(*doc), record.id),
                prefix,
                href: if page_of == Some(*doc) {
                    format!("#{}", record.anchor())
                } else {
                    site.record_href(*doc, record)
                },
                headline: record.headline().to_string(),
            });
        total += 1;
    }
    let legend = if codes {
        docs.iter()
            .enumerate()
            .map(|(n, &d)| HeatLegend {
                code: doc_code(n),
                title: site.doc_title_marked(d),
                url: site.doc_href(d),
            })
            .collect()
    } else {
        Vec::new()
    };
    HeatMap {
        id: id.to_string(),
        caption,
        severities: (1..=scale).collect(),
        rows,
        total,
        legend,
    }
}

/// A, B, … Z, AA, AB …
fn doc_code(mut n: usize) -> String {
    let mut code = Vec::new();
    loop {
        code.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    code.reverse();
    String::from_utf8(code).unwrap_or_default()
}

/// The earlier score of a risk and how it moved, for its row.
#[derive(Serialize, Clone, Debug)]
pub struct TrendView {
    pub score: Option<i64>,
    pub band: Option<Band>,
    pub href: String,
    pub doc_title: String,
    /// The year the earlier analysis was decided, else its title.
    pub when: String,
    pub direction: Option<&'static str>,
    pub direction_label: Option<&'static str>,
    pub symbol: Option<&'static str>,
}

pub fn trend_view(site: &Site, doc: usize, record: &Record, now: Option<i64>) -> Option<TrendView> {
    let (pd, pr) = published_previous(site, doc, record)?;
    let before = score_of(site, (pd, pr));
    let direction = match (now, before) {
        (Some(n), Some(b)) => Some(Direction::of(n, b)),
        _ => None,
    };
    let target = &site.docs[pd];
    Some(TrendView {
        score: before,
        band: before.map(|s| site.score_band(s)),
        href: site.record_href(pd, &target.records[pr]),
        doc_title: site.doc_title_marked(pd),
        when: year_or_title(site, pd),
        direction: direction.map(Direction::key),
        direction_label: direction.map(|d| i18n::direction(site.lang(), d)),
        symbol: direction.map(Direction::symbol),
    })
}

/// "2023" for an analysis decided in 2023; its title when undated.
pub fn year_or_title(site: &Site, doc: usize) -> String {
    let m = &site.docs[doc].meta;
    m.decided
        .map(|d| d.year.to_string())
        .unwrap_or_else(|| m.title.clone())
}

/// What a document page shows of its risks besides the register itself.
#[derive(Serialize, Clone, Debug)]
pub struct DocRiskView {
    pub heatmap: HeatMap,
    pub csv: String,
    pub json: String,
}

/// The output path of a document's register export (`ext` is `csv` or `json`).
pub fn export_path(site: &Site, doc: usize, ext: &str) -> String {
    format!("{}risker.{ext}", site.urls[doc])
}

pub fn doc_risk_view(site: &Site, doc: usize) -> Option<DocRiskView> {
    let d = &site.docs[doc];
    let risks: Vec<(usize, &Record)> = d
        .records
        .iter()
        .filter(|r| r.kind == RecordKind::Risk)
        .map(|r| (doc, r))
        .collect();
    if risks.is_empty() {
        return None;
    }
    let caption = i18n::get(site.lang(), i18n::Ui::Heatmap).to_string();
    Some(DocRiskView {
        heatmap: heatmap(site, &risks, "heatmap", caption, false, Some(doc)),
        csv: site.href(&export_path(site, doc, "csv")),
        json: site.href(&export_path(site, doc, "json")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_codes() {
        assert_eq!(doc_code(0), "A");
        assert_eq!(doc_code(25), "Z");
        assert_eq!(doc_code(26), "AA");
        assert_eq!(doc_code(27), "AB");
    }
}
