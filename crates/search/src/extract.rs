//! One document → its search segment: its units (the document itself, each heading
//! section, each record), the terms of each unit, its facet values and the metadata the
//! browser shows for its hits. Reads one published document only, never another one's
//! text, so nothing of an unpublished document can reach the index through it.

use super::analyze::Analyzer;
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashSet;
use std::sync::Arc;
use styrdok_core::model::{DocType, Document, Record, RecordDetail, RecordKind, Status};
use styrdok_graph::Site;
use styrdok_load::body::{BodyEvent, body_events};
use styrdok_render::i18n;

/// Text shown per unit is cut here (in characters): enough for an excerpt around the
/// first hit in most sections, small enough for the first query's payload.
const SHOWN_TEXT_CHARS: usize = 400;
/// A record's headline in its title is cut here.
const TITLE_CHARS: usize = 160;

/// Facet values of a record result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordFacets {
    pub kind: RecordKind,
    /// Its own area, else its document's areas.
    pub areas: Vec<String>,
    /// Its responsibles (canonical names), else its document's owner.
    pub responsibles: Vec<String>,
}

/// Facet values of a document and its records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facets {
    pub doc_type: DocType,
    pub year: Option<i32>,
    pub status: Status,
    pub owner: Option<String>,
    pub areas: Vec<String>,
    pub records: Vec<RecordFacets>,
}

impl Facets {
    /// Whether the units table holds the same of both: type, year, status, record kinds.
    pub fn same_units(&self, other: &Facets) -> bool {
        let kinds = |f: &Facets| f.records.iter().map(|r| r.kind).collect::<Vec<_>>();
        (self.doc_type, self.year, self.status) == (other.doc_type, other.year, other.status)
            && kinds(self) == kinds(other)
    }

    /// Whether every facet value of `other` is one of `self`'s too.
    pub fn covers(&self, other: &Facets) -> bool {
        let areas = |f| Facets::names(f, &f.areas, |r| &r.areas);
        let responsibles = |f| Facets::names(f, f.owner.as_slice(), |r| &r.responsibles);
        let kinds: HashSet<RecordKind> = self.records.iter().map(|r| r.kind).collect();
        (self.doc_type, self.year, self.status) == (other.doc_type, other.year, other.status)
            && areas(other).is_subset(&areas(self))
            && responsibles(other).is_subset(&responsibles(self))
            && other.records.iter().all(|r| kinds.contains(&r.kind))
    }

    /// The document's `own` names of a facet with its records' (`of_record`).
    fn names<'a>(
        &'a self,
        own: &'a [String],
        of_record: fn(&RecordFacets) -> &[String],
    ) -> HashSet<&'a str> {
        let records = self.records.iter().flat_map(of_record);
        own.iter().chain(records).map(String::as_str).collect()
    }

    /// Whether the people table holds the same of both: owner, areas, the records' areas
    /// and responsibles.
    pub fn same_people(&self, other: &Facets) -> bool {
        let same_records = self.records.len() == other.records.len()
            && (self.records.iter().zip(&other.records))
                .all(|(a, b)| (&a.areas, &a.responsibles) == (&b.areas, &b.responsibles));
        (&self.owner, &self.areas) == (&other.owner, &other.areas) && same_records
    }
}

/// A document's share of the index.
#[derive(Clone, Debug)]
pub struct Segment {
    pub source_path: String,
    pub facets: Facets,
    pub n_sections: u32,
    /// Each term (in no particular order) with the end (exclusive) of its units in
    /// `units`.
    pub terms: Vec<(Arc<str>, u32)>,
    /// Unit codes `local << 1 | strong`, ascending per term.
    pub units: Vec<u32>,
    /// The metadata file (JSON) and a hash of it.
    pub meta: Arc<[u8]>,
    pub meta_hash: u64,
}

impl Segment {
    /// Units: the document, its sections, its records.
    pub fn unit_count(&self) -> u32 {
        1 + self.n_sections + self.facets.records.len() as u32
    }

    /// Frees the terms and their units (a one-off build's index, once they are in its
    /// term map); `postings` is empty after.
    pub fn drop_terms(&mut self) {
        self.terms = Vec::new();
        self.units = Vec::new();
    }

    /// Each term with its unit codes.
    pub fn postings(&self) -> impl Iterator<Item = (&Arc<str>, &[u32])> {
        let mut start = 0usize;
        self.terms.iter().map(move |(t, end)| {
            let slice = &self.units[start..*end as usize];
            start = *end as usize;
            (t, slice)
        })
    }
}

/// What the browser shows of a document's hits: `[anchor, title, text]` per section and
/// per record, in unit order.
#[derive(Serialize)]
struct Meta<'a> {
    /// URL below `base_path`.
    u: &'a str,
    t: &'a str,
    d: Option<String>,
    x: String,
    s: Vec<(String, String, String)>,
    r: Vec<(String, String, String)>,
}

/// Collects `term id << 32 | unit code` for one document: integers sort fast.
struct Collector<'a> {
    analyzer: &'a mut Analyzer,
    pairs: Vec<u64>,
}

impl Collector<'_> {
    fn add(&mut self, unit: u32, strong: bool, text: &str) {
        let code = u64::from(unit << 1 | u32::from(strong));
        let pairs = &mut self.pairs;
        self.analyzer
            .term_ids(text, |id| pairs.push(u64::from(id) << 32 | code));
    }
}

/// The segment of published document `doc`.
pub fn segment(site: &Site, doc: usize, analyzer: &mut Analyzer) -> Segment {
    let d = &site.docs[doc];
    let m = &d.meta;
    let mut c = Collector {
        analyzer,
        pairs: Vec::with_capacity(1024),
    };
    let owner = m
        .owner
        .as_ref()
        .map(|o| site.canonical_responsible(&o.value).to_string());
    // Units are numbered (and their terms added) in this order: the document, its
    // sections, its records.
    add_document_fields(site, d, owner.as_deref(), &mut c);
    let (mut texts, heading) = section_texts(d.body(), &site.options.audience);
    let n_sections = heading.min(d.headings.len());
    texts.truncate(n_sections + 1);
    for (i, text) in texts.iter().enumerate() {
        if i > 0 {
            c.add(i as u32, true, &d.headings[i - 1].text);
        }
        c.add(i as u32, false, text);
    }
    let mut record_meta = Vec::with_capacity(d.records.len());
    let mut record_facets = Vec::with_capacity(d.records.len());
    for (k, r) in d.records.iter().enumerate() {
        let unit = (1 + n_sections + k) as u32;
        record_meta.push(add_record(site, r, unit, &mut c));
        record_facets.push(facets_of_record(site, d, r, &owner));
    }
    let (terms, units) = postings(c);
    let meta = meta_json(site, doc, &texts, n_sections, record_meta);
    let mut areas: Vec<String> = m.areas.iter().map(|a| a.value.clone()).collect();
    areas.sort();
    areas.dedup();
    Segment {
        source_path: d.source_path.clone(),
        facets: Facets {
            doc_type: m.doc_type,
            year: m.decided.map(|x| x.year),
            status: m.status,
            owner,
            areas,
            records: record_facets,
        },
        n_sections: n_sections as u32,
        terms,
        units,
        meta_hash: super::encode::fnv64(&meta),
        meta: meta.into(),
    }
}

/// Unit 0, the document: its title (strong), summary and front matter. Its text before
/// the first heading is added with the sections.
fn add_document_fields(site: &Site, d: &Document, owner: Option<&str>, c: &mut Collector) {
    let m = &d.meta;
    c.add(0, true, &m.title);
    let mut fields: Vec<&str> = vec![&m.id];
    fields.extend(m.summary.as_deref());
    fields.extend(m.organisation.as_deref());
    fields.extend(m.owner.as_ref().map(|o| o.value.as_str()));
    fields.extend(owner);
    fields.extend(m.decided_by.as_deref());
    fields.extend(m.dnr.as_deref());
    fields.extend(m.document_number.as_deref());
    fields.extend(m.department.as_deref());
    fields.extend(m.manager.as_deref());
    fields.extend(m.case_officer.as_deref());
    fields.extend(m.tags.iter().map(String::as_str));
    fields.extend(m.areas.iter().map(|a| a.value.as_str()));
    fields.push(i18n::doc_type(site.lang(), m.doc_type));
    for f in &fields {
        c.add(0, false, f);
    }
}

/// The text of unit 0 (before the first heading) and of each heading section after it,
/// from the same Markdown events the page is rendered from, so that headings and
/// anchors line up; with the number of headings seen.
fn section_texts(body: &str, audience: &styrdok_config::Audience) -> (Vec<String>, usize) {
    let mut texts: Vec<String> = vec![String::new()];
    let mut heading = 0usize;
    let mut in_heading = false;
    let mut in_record_block = false;
    let mut skip_link_text = 0usize;
    // Whether this audience sees each open masked section. Those it does not see are
    // blank in its copy of the document; their events are skipped all the same.
    let mut masks: Vec<bool> = Vec::new();
    for event in body_events(body) {
        let event = match event {
            BodyEvent::Md(event, _) => event,
            BodyEvent::MaskStart { level, .. } => {
                masks.push(audience.shows(level));
                continue;
            }
            BodyEvent::MaskEnd => {
                masks.pop();
                continue;
            }
        };
        if masks.contains(&false) {
            continue;
        }
        if in_record_block {
            if matches!(event, Event::End(TagEnd::CodeBlock)) {
                in_record_block = false;
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info)))
                if RecordKind::from_block_name(info.split_whitespace().next().unwrap_or(""))
                    .is_some() =>
            {
                in_record_block = true;
            }
            Event::Start(Tag::Heading { .. }) => {
                heading += 1;
                texts.push(String::new());
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            // `[[id]]` shows the target's title; its text here is the bare id.
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole: false },
                ..
            }) => skip_link_text += 1,
            Event::End(TagEnd::Link) if skip_link_text > 0 => skip_link_text -= 1,
            Event::Text(t) | Event::Code(t) => {
                if skip_link_text == 0 && !in_heading {
                    let last = texts.last_mut().expect("unit 0 exists");
                    last.push_str(&t);
                }
            }
            // Keep words of adjacent blocks, cells and list items apart.
            _ => {
                let last = texts.last_mut().expect("unit 0 exists");
                if !last.is_empty() && !last.ends_with(' ') {
                    last.push(' ');
                }
            }
        }
    }
    (texts, heading)
}

/// Adds record `r`'s terms as unit `unit`; returns what the browser shows of it.
fn add_record(site: &Site, r: &Record, unit: u32, c: &mut Collector) -> (String, String, String) {
    let title = record_title(site, r);
    c.add(unit, true, &title);
    let (indexed, shown) = record_text(site, r);
    for t in &indexed {
        c.add(unit, false, t);
    }
    (r.anchor(), title, cut(&shown.join(" · "), SHOWN_TEXT_CHARS))
}

fn facets_of_record(site: &Site, d: &Document, r: &Record, owner: &Option<String>) -> RecordFacets {
    RecordFacets {
        kind: r.kind,
        areas: match &r.area {
            Some(a) => vec![a.value.clone()],
            None => d.meta.areas.iter().map(|a| a.value.clone()).collect(),
        },
        responsibles: if r.responsible.is_empty() {
            owner.iter().cloned().collect()
        } else {
            let mut names: Vec<String> = r
                .responsible
                .iter()
                .map(|p| site.canonical_responsible(&p.name).to_string())
                .collect();
            names.sort();
            names.dedup();
            names
        },
    }
}

/// The collected pairs as terms and their unit codes. The same (term, unit) once,
/// strong when any occurrence was.
fn postings(c: Collector) -> (Vec<(Arc<str>, u32)>, Vec<u32>) {
    let Collector {
        analyzer,
        mut pairs,
    } = c;
    pairs.sort_unstable();
    let mut terms: Vec<(Arc<str>, u32)> = Vec::new();
    let mut units: Vec<u32> = Vec::with_capacity(pairs.len());
    let mut last_id = u32::MAX;
    for pair in pairs {
        let (id, code) = ((pair >> 32) as u32, pair as u32);
        if id == last_id {
            let last = units.last_mut().expect("a term has units");
            if *last >> 1 == code >> 1 {
                *last |= code;
                continue;
            }
        } else {
            terms.push((analyzer.term_of(id).clone(), 0));
            last_id = id;
        }
        units.push(code);
        terms.last_mut().expect("pushed").1 = units.len() as u32;
    }
    (terms, units)
}

/// The metadata file of document `doc`, from its unit texts (`texts[0]` the document's,
/// then one per section) and its records' shown parts.
fn meta_json(
    site: &Site,
    doc: usize,
    texts: &[String],
    n_sections: usize,
    record_meta: Vec<(String, String, String)>,
) -> Vec<u8> {
    let d = &site.docs[doc];
    let m = &d.meta;
    let mut doc_text = m.summary.clone().unwrap_or_default();
    if !texts[0].trim().is_empty() {
        if !doc_text.is_empty() {
            doc_text.push(' ');
        }
        doc_text.push_str(texts[0].trim());
    }
    let meta = Meta {
        u: &site.urls[doc],
        t: &m.title,
        d: m.decided.map(|x| i18n::format_date(site.lang(), x)),
        x: cut(&doc_text, SHOWN_TEXT_CHARS),
        s: d.headings[..n_sections]
            .iter()
            .zip(&texts[1..])
            .map(|(h, text)| {
                (
                    h.anchor.clone(),
                    h.text.clone(),
                    cut(text.trim(), SHOWN_TEXT_CHARS),
                )
            })
            .collect(),
        r: record_meta,
    };
    // Plain JSON: compressing ten thousand small files costs a third of the index's build
    // time and would save about 1 KB on each of the few a query shows.
    serde_json::to_vec(&meta).unwrap_or_default()
}

/// "Risk 14 — Fortsatta svårigheter med kompetensförsörjning".
pub fn record_title(site: &Site, r: &Record) -> String {
    format!(
        "{} {} — {}",
        i18n::record_kind(site.lang(), r.kind),
        r.id,
        cut(r.headline(), TITLE_CHARS)
    )
}

/// A record's fields besides its title: every one indexed, and the ones shown as its
/// excerpt.
fn record_text<'a>(site: &'a Site, r: &'a Record) -> (Vec<&'a str>, Vec<&'a str>) {
    let mut indexed: Vec<&str> = vec![r.headline()];
    let mut shown: Vec<&str> = Vec::new();
    let mut indexed_only: Vec<&str> = Vec::new();
    match &r.detail {
        RecordDetail::Risk(k) => {
            for f in [&k.consequence, &k.cause, &k.assignment]
                .into_iter()
                .flatten()
            {
                shown.push(f);
            }
            shown.extend(k.actions.iter().map(String::as_str));
            indexed_only.extend(k.treatment.as_ref().map(|t| t.value.as_str()));
        }
        RecordDetail::Activity { goal, method, .. } => {
            shown.extend(goal.as_deref());
            shown.extend(method.iter().map(String::as_str));
        }
        RecordDetail::Action { .. } => {}
        RecordDetail::Recommendation { response, .. } => shown.extend(response.as_deref()),
    }
    indexed.extend(shown.iter().copied());
    indexed.extend(indexed_only);
    indexed.extend(r.area.as_ref().map(|a| a.value.as_str()));
    for p in &r.responsible {
        indexed.push(&p.name);
        indexed.extend(p.remark.as_deref());
        indexed.push(site.canonical_responsible(&p.name));
    }
    (indexed, shown)
}

/// At most `max` characters, cut at a word boundary with "…".
pub fn cut(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((end, _)) => {
            let head = &text[..end];
            let head = match head.rfind(char::is_whitespace) {
                Some(space) if space > end / 2 => &head[..space],
                _ => head,
            };
            format!("{}…", head.trim_end())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_keeps_short_text_and_cuts_at_words() {
        assert_eq!(cut("  kort text ", 20), "kort text");
        assert_eq!(cut("ett två tre fyra", 9), "ett två…");
        assert_eq!(cut("åäöåäöåäö", 3), "åäö…");
    }

    /// One row of `kind` with every field of its schema, the text ones each holding a
    /// word of its own (`ord{n}x`, n its position in the schema).
    fn row_with_every_field(kind: RecordKind) -> String {
        use styrdok_core::schema::{self, Holds};
        let mut row = String::new();
        for (n, f) in schema::fields(kind).iter().enumerate() {
            let value = match f.holds {
                Holds::Id => "x1".to_string(),
                Holds::Figure => "2".into(),
                Holds::Score => "4".into(),
                Holds::Date => "2024-01-31".into(),
                Holds::WorkStatus => "planned".into(),
                Holds::PreviousRisk => "annan#risk-1".into(),
                Holds::Recommendation => "1".into(),
                Holds::Classification => "internal".into(),
                Holds::Objectives => format!("[ord{n}x]"),
                _ => format!("ord{n}x"),
            };
            let lead = if row.is_empty() { "- " } else { "  " };
            row.push_str(&format!("{lead}{}: {value}\n", f.name));
        }
        row
    }

    #[test]
    fn record_fields_are_indexed_and_shown_as_the_schema_says() {
        use styrdok_core::schema::{self, Search};
        let (config, _) = styrdok_config::Config::parse("title: S\n").unwrap();
        for kind in RecordKind::ALL {
            let text = format!(
                "---\ntitle: T\n---\n```{}\n{}```\n",
                kind.block_name(),
                row_with_every_field(kind)
            );
            let file = styrdok_load::SourceFile {
                abs: "content/a.md".into(),
                source_path: "content/a.md".into(),
                content_path: "a.md".into(),
            };
            let (doc, _) = styrdok_load::load_document(&file, text.as_bytes(), &config);
            let today = styrdok_core::text::Date::parse("2025-01-15").unwrap();
            let options = styrdok_graph::BuildOptions::new(false, today);
            let docs = vec![std::sync::Arc::new(doc.unwrap())];
            let site = Site::new(config.clone(), options, docs, Default::default());
            let record = &site.docs[0].records[0];
            let (indexed, shown) = record_text(&site, record);
            for (n, f) in schema::fields(kind).iter().enumerate() {
                let word = format!("ord{n}x");
                let is_indexed = indexed.iter().any(|t| t.contains(&word));
                let is_shown = shown.iter().any(|t| t.contains(&word));
                let expected = match f.search {
                    Search::Title => (record.headline() == word, true, false),
                    Search::Excerpt => (true, true, true),
                    Search::Indexed => (true, true, false),
                    Search::No => (true, false, false),
                };
                let only_text_fields_hold_words = text.contains(&word);
                if only_text_fields_hold_words {
                    assert_eq!(
                        (expected.0, is_indexed, is_shown),
                        (true, expected.1, expected.2),
                        "{kind:?} field {}",
                        f.name
                    );
                }
            }
        }
    }
}
