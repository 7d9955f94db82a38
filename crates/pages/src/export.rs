//! Register exports: CSV that Swedish Excel opens right (UTF-8 with BOM, `;` between
//! fields, CRLF between rows, quoting only where needed) and JSON with the documented,
//! stable shape of docs/exports.md. Only published documents are ever passed in.

use serde::Serialize;
use std::borrow::Cow;
use styrdok_core::model::{Record, RecordDetail, RecordKind};
use styrdok_core::schema;
use styrdok_graph::Site;
use styrdok_graph::risk::{Band, Direction, published_previous, score_of};
use styrdok_render::i18n;
use styrdok_render::{ExportPart, Renderer};

/// Builds a CSV file row by row.
pub struct Csv {
    out: String,
}

impl Default for Csv {
    fn default() -> Self {
        Self::new()
    }
}

impl Csv {
    pub fn new() -> Csv {
        // The BOM is what makes Excel read the file as UTF-8 rather than the ANSI code page.
        Csv {
            out: String::from("\u{feff}"),
        }
    }

    pub fn row<S: AsRef<str>>(&mut self, fields: &[S]) {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.out.push(';');
            }
            self.out.push_str(&csv_field(f.as_ref()));
        }
        self.out.push_str("\r\n");
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.out.into_bytes()
    }

    /// Rows without the BOM: one document's part of a file.
    fn part() -> Csv {
        Csv { out: String::new() }
    }
}

/// Document `d`'s part `part` of one of the site's exports: kept between renders by
/// `serve`'s renderer when there is one (made again only for the documents a change
/// reaches), else made now.
fn part<'r>(
    kept: Option<&'r Renderer>,
    d: usize,
    part: ExportPart,
    make: impl Fn() -> String,
) -> Cow<'r, str> {
    match kept.and_then(|r| r.export_part(d, part, &make)) {
        Some(text) => Cow::Borrowed(text),
        None => Cow::Owned(make()),
    }
}

/// `value` as an element of a top-level array of a pretty JSON file: its lines after
/// the first indented to the element's depth, as `serde_json::to_vec_pretty` writes it.
fn json_item<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value)
        .unwrap_or_default()
        .replace('\n', "\n    ")
}

/// The array under `key` of a pretty JSON file's top-level object, as
/// `serde_json::to_vec_pretty` writes it, of `items` (each from `json_item`, or several
/// joined by `ITEM_SEPARATOR`; empty ones are skipped), written to `out` one by one.
fn push_array<'a>(
    out: &mut String,
    key: &str,
    items: impl Iterator<Item = Cow<'a, str>>,
    kept: bool,
) {
    out.push_str(&format!("\"{key}\": ["));
    let mut any = false;
    let items = items.filter(|i| !i.is_empty());
    append(out, items, kept, |out, item| {
        out.push_str(if any { ITEM_SEPARATOR } else { "\n    " });
        out.push_str(item);
        any = true;
    });
    out.push_str(if any { "\n  ]" } else { "]" });
}

/// Appends each of `parts` to `out` with `push`. When they are `kept` parts (borrowed,
/// so holding them all costs nothing) `out` first grows to take them all: growing by
/// doubling copied a 10 MB export over and over. Parts made now are made, appended and
/// freed one at a time.
fn append<'a>(
    out: &mut String,
    parts: impl Iterator<Item = Cow<'a, str>>,
    kept: bool,
    mut push: impl FnMut(&mut String, &str),
) {
    if !kept {
        parts.for_each(|p| push(out, &p));
        return;
    }
    let all: Vec<Cow<str>> = parts.collect();
    // With room for what closes the file, so that it is written at its size (and
    // taken over by the output as it is, `Output::write_owned`).
    let room = all
        .iter()
        .map(|p| p.len() + ITEM_SEPARATOR.len())
        .sum::<usize>()
        + 64;
    out.reserve(room);
    all.iter().for_each(|p| push(out, p));
}

/// Between two elements of a top-level array of a pretty JSON file.
const ITEM_SEPARATOR: &str = ",\n    ";

/// One field: quoted when it holds the separator, a quote or a line break. A leading
/// `=`, `+`, `-` or `@` would make Excel run the text as a formula, so such a field
/// gets a leading `'` (the importer removes it again).
pub fn csv_field(value: &str) -> String {
    let guarded;
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{value}");
        guarded.as_str()
    } else {
        value
    };
    if value.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// A list in one cell: a single item as it is, several as bullet lines (which the
/// importer splits again).
pub fn list_cell(items: &[String]) -> String {
    match items {
        [one] => one.clone(),
        _ => items
            .iter()
            .map(|i| format!("• {i}"))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// Column headers of the risk CSV. The Swedish ones are those of the source register,
/// so the file reads like the spreadsheet it replaces and `styrdok import` maps it back.
pub fn risk_headers(site: &Site, with_document: bool) -> Vec<String> {
    let scale = site.config.risk.scale;
    let sv = site.lang().is_swedish();
    let mut h: Vec<String> = Vec::new();
    if with_document {
        if sv {
            h.extend(["Dokument-id", "Dokument", "Beslutat"].map(String::from));
        } else {
            h.extend(["Document id", "Document", "Decided"].map(String::from));
        }
    }
    let columns = schema::fields(RecordKind::Risk)
        .iter()
        .filter(|f| f.exported);
    h.extend(columns.map(|f| {
        let label = if sv { f.sv } else { f.en };
        label.replace("{scale}", &scale.to_string())
    }));
    h
}

fn responsible_texts(site: &Site, record: &Record) -> Vec<String> {
    record
        .responsible
        .iter()
        .map(|r| {
            let name = site.canonical_responsible(&r.name);
            match &r.remark {
                Some(remark) => format!("{name} ({remark})"),
                None => name.to_string(),
            }
        })
        .collect()
}

fn opt_num(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// The risk register of `docs` (published documents) as CSV.
pub fn risks_csv(site: &Site, docs: &[usize], with_document: bool) -> Vec<u8> {
    risks_csv_of(site, docs, with_document, None)
}

/// The site's risk register (`export/risker.csv`), from the parts `r` keeps.
pub fn site_risks_csv(r: &Renderer, docs: &[usize]) -> Vec<u8> {
    risks_csv_of(r.site, docs, true, Some(r))
}

fn risks_csv_of(
    site: &Site,
    docs: &[usize],
    with_document: bool,
    kept: Option<&Renderer>,
) -> Vec<u8> {
    let mut csv = Csv::new();
    csv.row(&risk_headers(site, with_document));
    // The parts kept are those of the site's register, which names the documents.
    let kept = kept.filter(|_| with_document);
    let rows = docs.iter().map(|&d| {
        part(kept, d, ExportPart::RiskRows, || {
            risk_rows(site, d, with_document)
        })
    });
    append(&mut csv.out, rows, kept.is_some(), |out, rows| {
        out.push_str(rows)
    });
    csv.into_bytes()
}

/// Document `d`'s risks as rows of the risk CSV.
fn risk_rows(site: &Site, d: usize, with_document: bool) -> String {
    let mut csv = Csv::part();
    let doc = &site.docs[d];
    for record in &doc.records {
        let Some(risk) = record.risk() else { continue };
        let mut row: Vec<String> = Vec::new();
        if with_document {
            row.push(doc.meta.id.clone());
            row.push(doc.meta.title.clone());
            row.push(doc.meta.decided.map(|x| x.iso()).unwrap_or_default());
        }
        let objectives: Vec<&str> = risk.objectives.iter().map(|o| o.value.as_str()).collect();
        row.extend([
            record.id.clone(),
            objectives.join(", "),
            record
                .area
                .as_ref()
                .map(|a| a.value.clone())
                .unwrap_or_default(),
            risk.assignment.clone().unwrap_or_default(),
            risk.risk.clone(),
            risk.consequence.clone().unwrap_or_default(),
            opt_num(risk.likelihood),
            opt_num(risk.severity),
            opt_num(risk.computed_score()),
            risk.treatment
                .as_ref()
                .map(|t| t.value.clone())
                .unwrap_or_default(),
            risk.cause.clone().unwrap_or_default(),
            list_cell(&risk.actions),
            list_cell(&responsible_texts(site, record)),
            published_previous(site, d, record)
                .map(|_| {
                    risk.previous
                        .as_ref()
                        .map(|p| p.value.clone())
                        .unwrap_or_default()
                })
                .unwrap_or_default(),
        ]);
        csv.row(&row);
    }
    csv.out
}

#[derive(Serialize)]
pub struct DocumentJson {
    pub id: String,
    pub title: String,
    #[serde(rename = "type")]
    pub doc_type: &'static str,
    pub url: String,
    pub owner: Option<String>,
    pub organisation: Option<String>,
    pub decided: Option<String>,
    pub status: &'static str,
}

#[derive(Serialize)]
pub struct ResponsibleJson {
    pub name: String,
    pub remark: Option<String>,
}

#[derive(Serialize)]
pub struct PreviousJson {
    pub document: String,
    pub id: String,
    pub url: String,
    pub score: Option<i64>,
    pub direction: Option<&'static str>,
}

#[derive(Serialize)]
pub struct RiskJson {
    pub document: String,
    pub id: String,
    pub url: String,
    pub objectives: Vec<String>,
    pub area: Option<String>,
    pub assignment: Option<String>,
    pub risk: String,
    pub consequence: Option<String>,
    pub likelihood: Option<i64>,
    pub severity: Option<i64>,
    pub score: Option<i64>,
    pub band: Option<Band>,
    pub highlighted: bool,
    pub treatment: Option<String>,
    pub cause: Option<String>,
    pub actions: Vec<String>,
    pub responsible: Vec<ResponsibleJson>,
    pub previous: Option<PreviousJson>,
}

#[derive(Serialize)]
pub struct RisksJson {
    pub format: &'static str,
    pub version: u32,
    pub scale: u32,
    pub highlight_from: u32,
    pub documents: Vec<DocumentJson>,
    pub risks: Vec<RiskJson>,
}

pub fn document_json(site: &Site, d: usize) -> DocumentJson {
    let m = &site.docs[d].meta;
    DocumentJson {
        id: m.id.clone(),
        title: m.title.clone(),
        doc_type: m.doc_type.key(),
        url: site.doc_href(d),
        owner: m
            .owner
            .as_ref()
            .map(|o| site.canonical_responsible(&o.value).to_string()),
        organisation: m
            .organisation
            .clone()
            .or_else(|| site.config.organisation.clone()),
        decided: m.decided.map(|x| x.iso()),
        status: m.status.key(),
    }
}

fn responsibles_json(site: &Site, record: &Record) -> Vec<ResponsibleJson> {
    record
        .responsible
        .iter()
        .map(|r| ResponsibleJson {
            name: site.canonical_responsible(&r.name).to_string(),
            remark: r.remark.clone(),
        })
        .collect()
}

/// The risk register of `docs` (published documents) as JSON.
pub fn risks_json(site: &Site, docs: &[usize]) -> Vec<u8> {
    risks_json_of(site, docs, None)
}

/// The site's risk register (`export/risker.json`), from the parts `r` keeps.
pub fn site_risks_json(r: &Renderer, docs: &[usize]) -> Vec<u8> {
    risks_json_of(r.site, docs, Some(r))
}

fn risks_json_of(site: &Site, docs: &[usize], kept: Option<&Renderer>) -> Vec<u8> {
    let header = RisksJson {
        format: "styrdok-risks",
        version: 1,
        scale: site.config.risk.scale,
        highlight_from: site.config.risk.highlight_from,
        documents: Vec::new(),
        risks: Vec::new(),
    };
    let items = ("risks", ExportPart::RiskItems, risk_items as ItemsOf);
    json_export(&header, site, docs, kept, items)
}

/// A document's items of a JSON export.
type ItemsOf = fn(&Site, usize) -> String;

/// A JSON export: `header` with its arrays empty, then filled with the documents' entries
/// under `documents` and their items (`items`: its key, the part, how it is made).
fn json_export<H: Serialize>(
    header: &H,
    site: &Site,
    docs: &[usize],
    kept: Option<&Renderer>,
    (key, items_part, items_of): (&str, ExportPart, ItemsOf),
) -> Vec<u8> {
    // The header's two empty arrays are where the parts go, each made, written, freed.
    let json = serde_json::to_string_pretty(header).unwrap_or_default();
    let empty = |key: &str| format!("\"{key}\": []");
    let (start, rest) = json.split_once(&empty("documents")).unwrap_or((&json, ""));
    let (middle, end) = rest.split_once(&empty(key)).unwrap_or((rest, ""));
    let mut out = String::new();
    out.push_str(start);
    push_array(
        &mut out,
        "documents",
        docs.iter().map(|&d| document_part(site, d, kept)),
        kept.is_some(),
    );
    out.push_str(middle);
    let items = docs
        .iter()
        .map(|&d| part(kept, d, items_part, || items_of(site, d)));
    push_array(&mut out, key, items, kept.is_some());
    out.push_str(end);
    out.push('\n');
    out.into_bytes()
}

/// Document `d`'s entry under `documents` of a JSON export.
fn document_part<'r>(site: &Site, d: usize, kept: Option<&'r Renderer>) -> Cow<'r, str> {
    part(kept, d, ExportPart::Document, || {
        json_item(&document_json(site, d))
    })
}

/// Document `d`'s risks as items of `risks` in the JSON export.
fn risk_items(site: &Site, d: usize) -> String {
    let doc = &site.docs[d];
    let mut risks = Vec::new();
    for record in &doc.records {
        let Some(risk) = record.risk() else { continue };
        let score = risk.computed_score();
        let band = score.map(|s| site.score_band(s));
        let previous = published_previous(site, d, record).map(|(pd, pr)| {
            let before = score_of(site, (pd, pr));
            PreviousJson {
                document: site.docs[pd].meta.id.clone(),
                id: site.docs[pd].records[pr].id.clone(),
                url: site.record_href(pd, &site.docs[pd].records[pr]),
                score: before,
                direction: score.zip(before).map(|(n, b)| Direction::of(n, b).key()),
            }
        });
        risks.push(json_item(&RiskJson {
            document: doc.meta.id.clone(),
            id: record.id.clone(),
            url: site.record_href(d, record),
            objectives: risk.objectives.iter().map(|o| o.value.clone()).collect(),
            area: record.area.as_ref().map(|a| a.value.clone()),
            assignment: risk.assignment.clone(),
            risk: risk.risk.clone(),
            consequence: risk.consequence.clone(),
            likelihood: risk.likelihood,
            severity: risk.severity,
            score,
            band,
            highlighted: band == Some(Band::High),
            treatment: risk.treatment.as_ref().map(|t| t.value.clone()),
            cause: risk.cause.clone(),
            actions: risk.actions.clone(),
            responsible: responsibles_json(site, record),
            previous,
        }));
    }
    risks.join(ITEM_SEPARATOR)
}

/// Actions and activities: every record with something to do.
fn is_work(record: &Record) -> bool {
    matches!(record.kind, RecordKind::Action | RecordKind::Activity)
}

#[derive(Serialize)]
pub struct ActionJson {
    pub document: String,
    pub kind: &'static str,
    pub id: String,
    pub url: String,
    pub text: String,
    pub goal: Option<String>,
    pub method: Vec<String>,
    pub area: Option<String>,
    pub responsible: Vec<ResponsibleJson>,
    pub status: Option<&'static str>,
    pub due: Option<String>,
    pub overdue: bool,
    pub recommendation: Option<String>,
}

#[derive(Serialize)]
pub struct ActionsJson {
    pub format: &'static str,
    pub version: u32,
    pub today: String,
    pub documents: Vec<DocumentJson>,
    pub actions: Vec<ActionJson>,
}

fn work_parts(record: &Record) -> (Option<String>, Vec<String>, Option<String>) {
    match &record.detail {
        RecordDetail::Activity { goal, method, .. } => (goal.clone(), method.clone(), None),
        RecordDetail::Action { recommendation, .. } => (
            None,
            Vec::new(),
            recommendation.as_ref().map(|r| r.value.clone()),
        ),
        _ => (None, Vec::new(), None),
    }
}

/// Documents among `docs` that hold actions or activities.
pub fn with_work(site: &Site, docs: &[usize]) -> Vec<usize> {
    docs.iter()
        .copied()
        .filter(|&d| site.docs[d].records.iter().any(is_work))
        .collect()
}

pub fn actions_json(site: &Site, docs: &[usize]) -> Vec<u8> {
    actions_json_of(site, docs, None)
}

/// The site's actions and activities (`export/atgarder.json`), from the parts `r` keeps.
pub fn site_actions_json(r: &Renderer, docs: &[usize]) -> Vec<u8> {
    actions_json_of(r.site, docs, Some(r))
}

fn actions_json_of(site: &Site, docs: &[usize], kept: Option<&Renderer>) -> Vec<u8> {
    let docs = with_work(site, docs);
    let header = ActionsJson {
        format: "styrdok-actions",
        version: 1,
        today: site.options.today.iso(),
        documents: Vec::new(),
        actions: Vec::new(),
    };
    let items = ("actions", ExportPart::ActionItems, action_items as ItemsOf);
    json_export(&header, site, &docs, kept, items)
}

/// Document `d`'s actions and activities as items of `actions` in the JSON export.
fn action_items(site: &Site, d: usize) -> String {
    let today = site.options.today;
    let doc = &site.docs[d];
    let items: Vec<String> = doc
        .records
        .iter()
        .filter(|r| is_work(r))
        .map(|record| {
            let (goal, method, recommendation) = work_parts(record);
            json_item(&ActionJson {
                document: doc.meta.id.clone(),
                kind: record.kind.singular(),
                id: record.id.clone(),
                url: site.record_href(d, record),
                text: record.headline().to_string(),
                goal,
                method,
                area: record.area.as_ref().map(|a| a.value.clone()),
                responsible: responsibles_json(site, record),
                status: record.status.map(|s| s.key()),
                due: record.due.map(|x| x.iso()),
                overdue: record.is_overdue(today),
                recommendation,
            })
        })
        .collect();
    items.join(ITEM_SEPARATOR)
}

pub fn actions_csv(site: &Site, docs: &[usize]) -> Vec<u8> {
    actions_csv_of(site, docs, None)
}

/// The site's actions and activities (`export/atgarder.csv`), from the parts `r` keeps.
pub fn site_actions_csv(r: &Renderer, docs: &[usize]) -> Vec<u8> {
    actions_csv_of(r.site, docs, Some(r))
}

fn actions_csv_of(site: &Site, docs: &[usize], kept: Option<&Renderer>) -> Vec<u8> {
    let lang = site.lang();
    let sv = lang.is_swedish();
    let mut csv = Csv::new();
    let label = |kind: RecordKind, name: &str| {
        let f = schema::field_of(kind, name).expect("a field of the schema");
        if sv { f.sv } else { f.en }
    };
    let (action, activity) = (RecordKind::Action, RecordKind::Activity);
    let documents: [&str; 3] = if sv {
        ["Dokument-id", "Dokument", "Typ"]
    } else {
        ["Document id", "Document", "Kind"]
    };
    let mut headers: Vec<&str> = documents.to_vec();
    headers.extend([
        label(action, "id"),
        label(action, "action"),
        label(activity, "goal"),
        label(activity, "method"),
        label(action, "area"),
        label(action, "responsible"),
        label(action, "status"),
        label(action, "due"),
        if sv { "Försenad" } else { "Overdue" },
        label(action, "recommendation"),
    ]);
    csv.row(&headers);
    let docs = with_work(site, docs);
    let rows = docs
        .iter()
        .map(|&d| part(kept, d, ExportPart::ActionRows, || action_rows(site, d)));
    append(&mut csv.out, rows, kept.is_some(), |out, rows| {
        out.push_str(rows)
    });
    csv.into_bytes()
}

/// Document `d`'s actions and activities as rows of the actions CSV.
fn action_rows(site: &Site, d: usize) -> String {
    let lang = site.lang();
    let sv = lang.is_swedish();
    let today = site.options.today;
    let mut csv = Csv::part();
    let doc = &site.docs[d];
    for record in doc.records.iter().filter(|r| is_work(r)) {
        let (goal, method, recommendation) = work_parts(record);
        let overdue = record.is_overdue(today);
        csv.row(&[
            doc.meta.id.clone(),
            doc.meta.title.clone(),
            i18n::record_kind(lang, record.kind).to_string(),
            record.id.clone(),
            record.headline().to_string(),
            goal.unwrap_or_default(),
            list_cell(&method),
            record
                .area
                .as_ref()
                .map(|a| a.value.clone())
                .unwrap_or_default(),
            list_cell(&responsible_texts(site, record)),
            record
                .status
                .map(|s| i18n::work_status(lang, s).to_string())
                .unwrap_or_default(),
            record.due.map(|x| x.iso()).unwrap_or_default(),
            match (overdue, sv) {
                (true, true) => "Ja",
                (false, true) => "Nej",
                (true, false) => "Yes",
                (false, false) => "No",
            }
            .to_string(),
            recommendation.unwrap_or_default(),
        ]);
    }
    csv.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("enkel text"), "enkel text");
        assert_eq!(csv_field("a;b"), "\"a;b\"");
        assert_eq!(csv_field("säger \"nej\""), "\"säger \"\"nej\"\"\"");
        assert_eq!(csv_field("rad 1\nrad 2"), "\"rad 1\nrad 2\"");
        assert_eq!(csv_field("a,b"), "a,b");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("-x;y"), "\"'-x;y\"");
    }

    #[test]
    fn rows_end_in_crlf_after_a_bom() {
        let mut csv = Csv::new();
        csv.row(&["a", "b;c"]);
        csv.row(&["1", ""]);
        assert_eq!(csv.into_bytes(), b"\xEF\xBB\xBFa;\"b;c\"\r\n1;\r\n");
    }

    #[test]
    fn lists_become_bullet_lines() {
        assert_eq!(list_cell(&["x".into()]), "x");
        assert_eq!(list_cell(&["x".into(), "y".into()]), "• x\n• y");
        assert_eq!(list_cell(&[]), "");
    }
}
