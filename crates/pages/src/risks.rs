//! The site-wide risk overview (`risker/`): every risk of every published analysis,
//! the current analysis per owner first; a heat map and counts over the current ones;
//! the highlighted risks; each risk's score across years. Also writes the register
//! exports: one CSV and JSON per document with risks, and the site-wide ones under
//! `export/` (docs/exports.md).

use super::export;
use minijinja::{Value, context};
use serde::Serialize;
use std::collections::BTreeMap;
use styrdok_core::diag::Diagnostic;
use styrdok_core::model::{Record, RecordKind};
use styrdok_core::text::collate;
use styrdok_graph::Route;
use styrdok_graph::Site;
use styrdok_graph::risk::{Band, Direction, analyses, histories, previous_targets, score_of};
use styrdok_render::context::RecordView;
use styrdok_render::context::SiteViews;
use styrdok_render::deps::Dep;
use styrdok_render::risk::{export_path, heatmap, year_or_title};
use styrdok_render::titles::DocTitle;
use styrdok_render::{Renderer, i18n};

use crate::spec::{Page, Plan};

/// Where the site-wide exports are written.
pub const EXPORT_DIR: &str = "export/";

/// The risk overview and the register exports.
pub fn plan<'a>(r: &Renderer<'a>, plan: &mut Plan<'a>) {
    let site = r.site;
    let found = analyses(site);
    let all: Vec<usize> = found.current.iter().chain(&found.older).copied().collect();
    // One CSV and one JSON per document. An export reads its document and the ones
    // its risks name as `previous`.
    for &d in &all {
        let keys: Vec<Dep> = std::iter::once(d)
            .chain(previous_targets(site, d).iter().copied())
            .map(Dep::Doc)
            .collect();
        plan.file(export_path(site, d, "csv"), keys.clone(), move |r| {
            Ok(export::risks_csv(r.site, &[d], false))
        });
        plan.file(export_path(site, d, "json"), keys, move |r| {
            Ok(export::risks_json(r.site, &[d]))
        });
    }
    if !all.is_empty() {
        plan.page(Route::Risks, vec![Dep::Risks], move |r| {
            overview(r, &found.current, &found.groups)
        });
    }
    site_exports(site, all, plan);
}

/// Site-wide: the register, and every action and activity of the site.
fn site_exports<'a>(site: &'a Site, all: Vec<usize>, plan: &mut Plan<'a>) {
    let published: Vec<usize> = site
        .published_docs()
        .filter(|(_, d)| !d.records.is_empty())
        .map(|(i, _)| i)
        .collect();
    let with_work = export::with_work(site, &published);
    let path = |name: &str| format!("{EXPORT_DIR}{name}");
    if !all.is_empty() {
        let all_json = all.clone();
        plan.file(path("risker.csv"), vec![Dep::Risks], move |r| {
            Ok(export::site_risks_csv(r, &all))
        });
        plan.file(path("risker.json"), vec![Dep::Risks], move |r| {
            Ok(export::site_risks_json(r, &all_json))
        });
    }
    if !with_work.is_empty() {
        // Every document with actions, by its own key: one that gains or loses its
        // actions is caught by the keys after or before the change.
        let keys: Vec<Dep> = with_work.iter().map(|&d| Dep::Doc(d)).collect();
        let published_json = published.clone();
        plan.file(path("atgarder.csv"), keys.clone(), move |r| {
            Ok(export::site_actions_csv(r, &published))
        });
        plan.file(path("atgarder.json"), keys, move |r| {
            Ok(export::site_actions_json(r, &published_json))
        });
    }
}

#[derive(Serialize)]
struct AnalysisLink {
    title: String,
    url: String,
    /// The year decided; undated analyses show their title only.
    year: Option<String>,
    owner: Option<String>,
    risks: usize,
}

/// One owner's analyses: the latest, and links to the older ones.
#[derive(Serialize)]
struct OwnerGroup {
    owner: Option<String>,
    owner_url: Option<String>,
    current: AnalysisLink,
    older: Vec<AnalysisLink>,
    /// Older analyses beyond those linked (reachable from the owner's page).
    more: usize,
}

/// Older analyses linked per owner: the page must not grow with the site's history.
const OLDER_LINKS: usize = 10;

#[derive(Serialize)]
struct Count {
    key: String,
    label: String,
    description: Option<String>,
    count: usize,
}

#[derive(Serialize)]
struct RegisterRow {
    doc_id: String,
    when: String,
    record: RecordView,
}

#[derive(Serialize)]
struct HistoryStep {
    score: Option<i64>,
    band: Option<Band>,
    href: String,
    direction: Option<&'static str>,
    symbol: Option<&'static str>,
    direction_label: Option<&'static str>,
}

#[derive(Serialize)]
struct HistoryRow {
    title: String,
    href: String,
    doc_title: String,
    /// One per year column; `None` where the risk has no entry that year.
    steps: Vec<Option<HistoryStep>>,
}

fn risks_of(site: &Site, docs: &[usize]) -> Vec<(usize, usize)> {
    docs.iter()
        .flat_map(|&d| {
            site.docs[d]
                .records
                .iter()
                .enumerate()
                .filter(|(_, r)| r.kind == RecordKind::Risk)
                .map(move |(j, _)| (d, j))
        })
        .collect()
}

fn overview(r: &Renderer, current: &[usize], groups: &[Vec<usize>]) -> Result<Page, Diagnostic> {
    let site = r.site;
    let lang = site.lang();
    let current_risks = risks_of(site, current);
    let records: Vec<(usize, &Record)> = current_risks
        .iter()
        .map(|&(d, j)| (d, &site.docs[d].records[j]))
        .collect();
    let map = heatmap(
        site,
        &records,
        "site-heatmap",
        i18n::get(lang, i18n::Ui::Heatmap).to_string(),
        current.len() > 1,
        None,
    );
    let counts = Counts::of(site, &records);
    let (history_years, history) = history(site, current);
    let exports = |name: &str| site.href(&format!("{EXPORT_DIR}{name}"));
    let values = context! {
        overview => context! {
            groups => Value::from_serialize(owner_groups(site, groups)),
            heatmap => Value::from_serialize(&map),
            bands => Value::from_serialize(counts.bands),
            areas => Value::from_serialize(counts.areas),
            objectives => Value::from_serialize(counts.objectives),
            highlighted => Value::from_serialize(counts.highlighted),
            register => Value::from_serialize(register(site, current)),
            history_years => Value::from_serialize(history_years),
            history => Value::from_serialize(history),
            risks_csv => exports("risker.csv"),
            risks_json => exports("risker.json"),
            actions_csv => exports("atgarder.csv"),
            actions_json => exports("atgarder.json"),
        },
    };
    Ok(Page::new(i18n::get(lang, i18n::Ui::RiskOverview), values))
}

/// The counts over the current analyses' risks, and their high risks.
struct Counts {
    bands: Vec<Count>,
    areas: Vec<Count>,
    objectives: Vec<Count>,
    highlighted: Vec<RecordView>,
}

impl Counts {
    fn of(site: &Site, records: &[(usize, &Record)]) -> Counts {
        let mut bands: BTreeMap<Band, usize> = BTreeMap::new();
        let mut areas: BTreeMap<String, usize> = BTreeMap::new();
        let mut objectives: BTreeMap<String, usize> = BTreeMap::new();
        let mut highlighted: Vec<RecordView> = Vec::new();
        for (d, rec) in records {
            let Some(risk) = rec.risk() else { continue };
            if let Some(score) = risk.computed_score() {
                *bands.entry(site.score_band(score)).or_default() += 1;
                if site.score_band(score) == Band::High {
                    highlighted.push(site.record_view(*d, rec));
                }
            }
            let area = rec
                .area
                .as_ref()
                .map(|a| a.value.clone())
                .unwrap_or_default();
            *areas.entry(area).or_default() += 1;
            for o in &risk.objectives {
                *objectives.entry(o.value.clone()).or_default() += 1;
            }
        }
        let swedish = site.lang().is_swedish();
        highlighted.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then_with(|| collate(&a.doc_title, &b.doc_title, swedish))
        });
        Counts {
            bands: band_counts(site, &bands),
            areas: area_counts(site, areas),
            objectives: objective_counts(site, &objectives),
            highlighted,
        }
    }
}

/// Every band, high first, with its count (zero included).
fn band_counts(site: &Site, bands: &BTreeMap<Band, usize>) -> Vec<Count> {
    Band::ALL
        .iter()
        .map(|b| Count {
            key: b.key().to_string(),
            label: i18n::band(site.lang(), *b).to_string(),
            description: None,
            count: bands.get(b).copied().unwrap_or(0),
        })
        .collect()
}

/// The areas met, most risks first, "no area" last among equals, then by name.
fn area_counts(site: &Site, areas: BTreeMap<String, usize>) -> Vec<Count> {
    let lang = site.lang();
    let mut counts: Vec<Count> = areas
        .into_iter()
        .map(|(area, count)| Count {
            label: if area.is_empty() {
                i18n::get(lang, i18n::Ui::NoArea).to_string()
            } else {
                area.clone()
            },
            key: area,
            description: None,
            count,
        })
        .collect();
    counts.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.key.is_empty().cmp(&b.key.is_empty()))
            .then_with(|| collate(&a.label, &b.label, lang.is_swedish()))
    });
    counts
}

/// Every configured control objective, in configuration order, with its count.
fn objective_counts(site: &Site, objectives: &BTreeMap<String, usize>) -> Vec<Count> {
    site.config
        .control_objectives
        .iter()
        .map(|(code, description)| Count {
            key: code.clone(),
            label: code.clone(),
            description: Some(description.clone()),
            count: objectives.get(code).copied().unwrap_or(0),
        })
        .collect()
}

fn analysis_link(site: &Site, d: usize) -> AnalysisLink {
    AnalysisLink {
        title: site.doc_title_marked(d),
        url: site.doc_href(d),
        year: site.docs[d].meta.decided.map(|x| x.year.to_string()),
        owner: site.docs[d]
            .meta
            .owner
            .as_ref()
            .map(|o| site.canonical_responsible(&o.value).to_string()),
        risks: risks_of(site, &[d]).len(),
    }
}

/// Each owner's analyses, newest first (`groups`, as `analyses` found them).
fn owner_groups(site: &Site, groups: &[Vec<usize>]) -> Vec<OwnerGroup> {
    groups
        .iter()
        .map(|docs| {
            let owner = site.docs[docs[0]]
                .meta
                .owner
                .as_ref()
                .map(|o| site.canonical_responsible(&o.value).to_string());
            OwnerGroup {
                owner_url: owner.as_deref().and_then(|o| site.responsible_url(o)),
                owner,
                current: analysis_link(site, docs[0]),
                older: docs[1..]
                    .iter()
                    .take(OLDER_LINKS)
                    .map(|&d| analysis_link(site, d))
                    .collect(),
                more: docs.len().saturating_sub(1 + OLDER_LINKS),
            }
        })
        .collect()
}

/// The register of the current analyses, each in row order (older analyses have
/// theirs on their own pages, and all are in the site-wide export).
fn register(site: &Site, current: &[usize]) -> Vec<RegisterRow> {
    current
        .iter()
        .flat_map(|&d| {
            site.docs[d]
                .records
                .iter()
                .filter(|rec| rec.kind == RecordKind::Risk)
                .map(move |rec| RegisterRow {
                    doc_id: site.docs[d].meta.id.clone(),
                    when: year_or_title(site, d),
                    record: site.record_view(d, rec),
                })
        })
        .collect()
}

/// A year (or undated analysis) column of the history: its date, for the order, and
/// what it shows.
type Column = (Option<styrdok_core::text::Date>, String);

/// History of the current risks: the column titles, one per year (or undated analysis)
/// oldest first, and one row per risk.
fn history(site: &Site, current: &[usize]) -> (Vec<String>, Vec<HistoryRow>) {
    let chains: Vec<_> = histories(site)
        .into_iter()
        .filter(|c| current.contains(&c[0].0))
        .collect();
    let mut columns: Vec<Column> = Vec::new();
    for chain in &chains {
        for &(d, _) in chain {
            let key = (site.docs[d].meta.decided, year_or_title(site, d));
            if !columns.iter().any(|c| c.1 == key.1) {
                columns.push(key);
            }
        }
    }
    columns.sort();
    let rows = chains
        .iter()
        .map(|chain| history_row(site, chain, &columns))
        .collect();
    (columns.into_iter().map(|c| c.1).collect(), rows)
}

/// One risk's row of the history: `chain` is its entries, newest first.
fn history_row(site: &Site, chain: &[(usize, usize)], columns: &[Column]) -> HistoryRow {
    let lang = site.lang();
    let (nd, nr) = chain[0];
    let newest = &site.docs[nd].records[nr];
    let mut steps: Vec<Option<HistoryStep>> = columns.iter().map(|_| None).collect();
    for (k, &(d, j)) in chain.iter().enumerate() {
        let score = score_of(site, (d, j));
        let before = chain.get(k + 1).and_then(|&p| score_of(site, p));
        let direction = score.zip(before).map(|(n, b)| Direction::of(n, b));
        let column = columns
            .iter()
            .position(|c| c.1 == year_or_title(site, d))
            .unwrap_or(0);
        // Two analyses of one year in a chain: the newer one is shown.
        if steps[column].is_none() {
            steps[column] = Some(HistoryStep {
                score,
                band: score.map(|s| site.score_band(s)),
                href: site.record_href(d, &site.docs[d].records[j]),
                direction: direction.map(Direction::key),
                symbol: direction.map(Direction::symbol),
                direction_label: direction.map(|x| i18n::direction(lang, x)),
            });
        }
    }
    HistoryRow {
        title: format!(
            "{} {}: {}",
            i18n::get(lang, i18n::Ui::Risk),
            newest.id,
            newest.headline()
        ),
        href: site.record_href(nd, newest),
        doc_title: site.doc_title_marked(nd),
        steps,
    }
}
