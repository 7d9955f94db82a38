//! Full-text search built in the same run as the site: a static, lazily loaded index
//! that `themes/default/static/search.js` queries in the browser, with no server.
//!
//! Every published document is a result, each heading section a sub-result and each
//! record (risk, activity, action, recommendation) a result of its own. The index is
//! kept as one segment per document (`extract.rs`) and a term → postings map over them,
//! so that `serve` can re-index one document (`update_document`) and re-encode only the
//! shards whose bytes change. The file layout is in docs/search.md.
//!
//! Only published documents are indexed: restricted ones never, drafts only with
//! `--drafts` (`Site::published`), and a segment reads nothing but its own document.

pub mod analyze;
pub mod decode;
pub mod encode;
pub mod extract;

use analyze::{Analyzer, FxBuild, FxMap};
use encode::{PostingsBuilder, cut_after, fingerprint, fnv64, gzip_level, varint};
use extract::Segment;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;
use styrdok_config::Language;
use styrdok_core::model::{DocType, RecordKind, Status};
use styrdok_core::text::collate;
use styrdok_graph::Site;
use styrdok_render::i18n;

/// Where the index files go, below the output root; the search page is `sok/`.
pub const INDEX_DIR: &str = "sok/idx/";
/// Format version, in the manifest; the browser refuses others.
const FORMAT: u32 = 1;
/// Shard sizes before compression: a shard ends at a content-defined term once it holds
/// `SHARD_MIN` bytes, and always once it holds `SHARD_MAX`.
const SHARD_MIN: usize = 4 * 1024;
const SHARD_MAX: usize = 24 * 1024;

/// Facet keys, as in URLs (`?typ=risk-analysis`), in the order the page shows them.
pub const FACET_KEYS: [&str; 6] = ["slag", "typ", "omrade", "ansvarig", "ar", "status"];

pub struct SearchIndex {
    lang: Language,
    /// Published documents' segments by source path; the position is the document's
    /// number in the index files.
    segments: Vec<Segment>,
    by_path: FxMap<String, usize>,
    /// Term → `(document number, unit << 1 | strong)`, ascending.
    postings: FxMap<Arc<str>, Postings>,
    /// Term → its encoded postings; sorted, so it is also the shards' order.
    encoded: BTreeMap<Arc<str>, Vec<u8>>,
    analyzer: Analyzer,
    /// The term shards of the last `files` (`serve`), in term order: one is made again
    /// only when a term in it changed (making the shards was most of an edit's search
    /// stage at 10,000 documents).
    shards: Vec<Shard>,
    /// Terms whose postings changed (or came or went) since `shards` were made.
    dirty: BTreeSet<Arc<str>>,
    /// The facet values and the units and people tables, made from every segment's
    /// facets and section count: each table kept until what it holds changes.
    tables: TableCache,
    /// Whether the index is kept for updates (`serve`): then the documents' terms, the
    /// term → postings map and the compressed shards stay in memory; a one-off build
    /// (`files_once`, which never hands the index out) drops them as soon as it can.
    for_updates: bool,
}

struct Tables {
    values: Arc<FacetValues>,
    /// The units and the people table, named by their content and compressed.
    units: Named,
    people: Named,
}

/// The tables of the last `files`, and whether the segments' share of each is still
/// what it was made from (a new owner changes the people table, not the units one),
/// and whether the facet values may have changed.
#[derive(Default)]
struct TableCache {
    made: Option<Arc<Tables>>,
    units_stale: bool,
    people_stale: bool,
    values_stale: bool,
}

impl TableCache {
    /// Every table and the facet values made again at the next `files`.
    fn all_stale(&mut self) {
        (self.units_stale, self.people_stale, self.values_stale) = (true, true, true);
    }

    /// After a document's facets went from `old` to `new`: the facet values are the
    /// same when every value of `new` was one already and none of `old` is gone from
    /// the document (so from the site). Collecting them again over every document took
    /// 4-8 ms of an edit at 10,000 documents.
    fn replaced(&mut self, old: &extract::Facets, new: &extract::Facets) {
        let units = !old.same_units(new);
        let people = !old.same_people(new);
        self.units_stale |= units;
        self.people_stale |= people;
        let kept = |made: &Arc<Tables>| made.values.holds(new) && new.covers(old);
        if (units || people) && !self.made.as_ref().is_some_and(kept) {
            self.values_stale = true;
        }
    }
}

/// A file named by its content: the name, and the gzipped bytes.
type Named = (String, Arc<[u8]>);

/// The name (from a hash of the bytes) and the compressed bytes of an index file.
fn named(raw: &[u8]) -> Named {
    named_at(raw, encode::GZIP_LEVEL)
}

/// `named`, compressed at `level`.
fn named_at(raw: &[u8], level: u32) -> Named {
    let hash = fnv64(raw);
    (
        format!("{:012x}", hash >> 16),
        gzip_level(raw, level).into(),
    )
}

/// The people table's level. It is made again whenever an edit changes a document's or a
/// record's responsibles or areas; it is fetched only when those facets are used, not by
/// a first query. At 10,000 documents (172 KB raw) level 4 compresses it in 2.8 ms to
/// 66.9 KB, level 6 in 6.0 ms to 66.4 KB.
const PEOPLE_GZIP_LEVEL: u32 = 4;

/// A term shard as made: the range of terms it holds (first, last, how many), its
/// name and its bytes.
#[derive(Clone)]
struct Shard {
    first: Arc<str>,
    last: Arc<str>,
    terms: usize,
    file: Named,
}

/// Index files: `(path below the output root, bytes)`, sorted by path.
pub type SearchFiles = Vec<(String, Arc<[u8]>)>;
/// A term's postings: `(document number, unit << 1 | strong)`, ascending.
type Postings = Vec<(u32, u32)>;

/// The segments of documents `docs`, in their order, made in parallel.
fn segments_of(site: &Site, docs: &[usize]) -> Vec<Segment> {
    let lang = site.lang();
    docs.par_iter()
        // One analyzer per rayon job, whose caches outlive one document: a worker
        // indexes document after document.
        .map_init(|| Analyzer::new(lang), |a, &i| extract::segment(site, i, a))
        .collect()
}

/// Adds the postings of segment `s`, document number `no`, to `postings`.
fn add_postings(postings: &mut FxMap<Arc<str>, Postings>, no: usize, s: &Segment) {
    for (term, units) in s.postings() {
        let list = match postings.get_mut(term) {
            Some(list) => list,
            None => postings.entry(term.clone()).or_default(),
        };
        list.extend(units.iter().map(|&u| (no as u32, u)));
    }
}

/// The search stage of a build whose index is kept for the next one (`serve`): an
/// incremental build re-indexes the documents `changed` since the previous build (by
/// number in `site`) in its index and drops the `removed` ones (by source path); a full
/// one (or one without a previous index) indexes everything.
pub fn index(
    site: &Site,
    previous: Option<SearchIndex>,
    changed: Option<(&[usize], &[&str])>,
) -> SearchIndex {
    match (previous, changed) {
        (Some(mut index), Some((changed, removed))) => {
            for path in removed {
                index.remove_document(path);
            }
            for &doc in changed {
                index.update_document(site, doc);
            }
            index
        }
        _ => SearchIndex::build(site),
    }
}

/// The search stage of a one-off build (`styrdok build`): the index files of `site`, the
/// same bytes as `SearchIndex::build(site).files()`, with less held at once, which lowers
/// the peak memory of a large site's build: each document's terms are freed once they
/// are in the term map, each term's postings once encoded, each shard's raw bytes once
/// compressed, and the index before its files are written.
pub fn files_once(site: &Site) -> SearchFiles {
    SearchIndex::build_with(site, false).files()
}

impl SearchIndex {
    /// Indexes every published document of `site`, to be updated document by document.
    pub fn build(site: &Site) -> SearchIndex {
        SearchIndex::build_with(site, true)
    }

    fn build_with(site: &Site, for_updates: bool) -> SearchIndex {
        let lang = site.lang();
        let mut published: Vec<usize> = (0..site.docs.len())
            .filter(|&i| site.published[i])
            .collect();
        let mut index = SearchIndex {
            lang,
            segments: Vec::new(),
            by_path: FxMap::default(),
            postings: FxMap::default(),
            encoded: BTreeMap::new(),
            analyzer: Analyzer::new(lang),
            shards: Vec::new(),
            dirty: BTreeSet::new(),
            tables: TableCache::default(),
            for_updates,
        };
        if for_updates {
            index.set_segments(segments_of(site, &published));
        } else {
            // Numbered in the order of their paths, as `set_segments` numbers them.
            published.sort_by(|&a, &b| site.docs[a].source_path.cmp(&site.docs[b].source_path));
            index.set_segments_once(site, &published);
        }
        index
    }

    /// Number of documents indexed.
    pub fn documents(&self) -> usize {
        self.segments.len()
    }

    /// Re-indexes document `doc` of `site` (a new site graph after the document changed):
    /// adds it, replaces it, or removes it when it is no longer published.
    pub fn update_document(&mut self, site: &Site, doc: usize) {
        let path = site.docs[doc].source_path.clone();
        if !site.published[doc] {
            self.remove_document(&path);
            return;
        }
        let segment = extract::segment(site, doc, &mut self.analyzer);
        match self.by_path.get(&path) {
            Some(&no) => {
                let old = std::mem::replace(&mut self.segments[no], segment);
                self.apply_change(no, &old);
            }
            None => {
                // Numbers of the documents after it shift: re-derive everything.
                let mut segments = std::mem::take(&mut self.segments);
                segments.push(segment);
                self.set_segments(segments);
            }
        }
    }

    /// Drops a document (by source path) from the index, if it is there.
    pub fn remove_document(&mut self, source_path: &str) {
        if let Some(&no) = self.by_path.get(source_path) {
            let mut segments = std::mem::take(&mut self.segments);
            segments.remove(no);
            self.set_segments(segments);
        }
    }

    /// Takes `segments` (of an index kept for updates), numbered by path.
    fn set_segments(&mut self, mut segments: Vec<Segment>) {
        self.tables.all_stale();
        // Every posting may carry other document numbers: no shard is kept.
        self.shards.clear();
        segments.sort_by(|a, b| a.source_path.cmp(&b.source_path));
        let mut postings: FxMap<Arc<str>, Postings> = FxMap::default();
        for (no, s) in segments.iter().enumerate() {
            add_postings(&mut postings, no, s);
        }
        self.set_numbered(segments);
        let unit_counts = self.unit_counts();
        let encoded: Vec<(Arc<str>, Vec<u8>)> = postings
            .par_iter()
            .map(|(t, list)| {
                let bytes = encode::postings(list, |d| unit_counts[d as usize]);
                (t.clone(), bytes)
            })
            .collect();
        self.postings = postings;
        self.encoded = encoded.into_iter().collect();
    }

    /// A one-off build's segments of `published` (sorted by path): a batch of documents
    /// at a time, each batch's terms freed once in the term map, so that the terms of
    /// one batch are held at a time, not those of the whole site.
    fn set_segments_once(&mut self, site: &Site, published: &[usize]) {
        const BATCH: usize = 2048;
        let mut postings: FxMap<Arc<str>, PostingsBuilder> = FxMap::default();
        let mut segments = Vec::with_capacity(published.len());
        for batch in published.chunks(BATCH) {
            for mut s in segments_of(site, batch) {
                let (no, units) = (segments.len() as u32, s.unit_count());
                for (term, codes) in s.postings() {
                    let list = match postings.get_mut(term) {
                        Some(list) => list,
                        None => postings.entry(term.clone()).or_default(),
                    };
                    list.add(no, codes, units);
                }
                s.drop_terms();
                segments.push(s);
            }
        }
        self.set_numbered(segments);
        // Each term's postings freed as soon as they are encoded.
        let all: Vec<(Arc<str>, PostingsBuilder)> = postings.into_iter().collect();
        let encoded: Vec<(Arc<str>, Vec<u8>)> =
            all.into_par_iter().map(|(t, b)| (t, b.finish())).collect();
        self.encoded = encoded.into_iter().collect();
    }

    /// Takes `segments`, numbered in their order.
    fn set_numbered(&mut self, segments: Vec<Segment>) {
        self.by_path = segments
            .iter()
            .enumerate()
            .map(|(i, s)| (s.source_path.clone(), i))
            .collect();
        self.segments = segments;
    }

    fn unit_counts(&self) -> Vec<u32> {
        self.segments.iter().map(Segment::unit_count).collect()
    }

    /// After segment `no` was replaced by a new version of the same document: updates
    /// the postings and encodings of the terms whose entries for it changed.
    fn apply_change(&mut self, no: usize, old: &Segment) {
        let new = &self.segments[no];
        self.tables.replaced(&old.facets, &new.facets);
        // The section count is the units table's alone, and no facet value.
        self.tables.units_stale |= old.n_sections != new.n_sections;
        // A document's unit count decides only whether its units are written as a mask
        // or a list (`encode::postings`): every one of its terms is encoded again when
        // it crosses that line, not whenever a unit comes or goes.
        let as_mask = |s: &Segment| s.unit_count() <= encode::MASK_UNITS;
        let all = as_mask(old) != as_mask(new);
        let old_terms: BTreeMap<&Arc<str>, &[u32]> = old.postings().collect();
        let new_terms: BTreeMap<&Arc<str>, &[u32]> = new.postings().collect();
        let mut dirty: BTreeSet<Arc<str>> = BTreeSet::new();
        for (t, units) in &old_terms {
            if all || new_terms.get(t) != Some(units) {
                dirty.insert((*t).clone());
            }
        }
        for (t, units) in &new_terms {
            if all || old_terms.get(t) != Some(units) {
                dirty.insert((*t).clone());
            }
        }
        let doc = no as u32;
        let mut changed = Vec::with_capacity(dirty.len());
        for term in dirty {
            let list = self.postings.entry(term.clone()).or_default();
            let start = list.partition_point(|e| e.0 < doc);
            let end = list.partition_point(|e| e.0 <= doc);
            let fresh = new_terms
                .get(&term)
                .map(|units| units.iter().map(|&u| (doc, u)).collect::<Vec<_>>())
                .unwrap_or_default();
            list.splice(start..end, fresh);
            self.dirty.insert(term.clone());
            if list.is_empty() {
                self.postings.remove(&term);
                self.encoded.remove(&term);
            } else {
                changed.push(term);
            }
        }
        // In parallel: each is encoded again over every document that holds it, and a
        // unit added before others (or the mask line crossed) moves most of a
        // document's terms.
        let (segments, postings) = (&self.segments, &self.postings);
        let encoded: Vec<(Arc<str>, Vec<u8>)> = changed
            .into_par_iter()
            .map(|term| {
                let units_of = |d: u32| segments[d as usize].unit_count();
                let bytes = encode::postings(&postings[&term], units_of);
                (term, bytes)
            })
            .collect();
        self.encoded.extend(encoded);
    }

    /// Every index file: `(path below the output root, bytes)`, sorted by path. Equal
    /// indexes give equal bytes, however they were built. The units table and the term
    /// shards are named by their content, so an unchanged one keeps its name (and stays
    /// in browsers' caches); `manifest.json` names them.
    pub fn files(&mut self) -> SearchFiles {
        let tables = self.tables();
        let (separators, shards) = self.term_shards();
        let files = self.files_of(&tables, separators, &shards);
        if self.for_updates {
            self.shards = shards;
            self.dirty.clear();
        }
        files
    }

    /// The term shards, in term order, and the first term of each but the first: those
    /// of the last `files` where none of their terms changed, the others made.
    fn term_shards(&self) -> (Vec<String>, Vec<Shard>) {
        let keys: Vec<&Arc<str>> = self.encoded.keys().collect();
        let terms: Vec<(&str, &[u8])> = self
            .encoded
            .iter()
            .map(|(t, b)| (&**t, b.as_slice()))
            .collect();
        let (separators, ranges) = shard_ranges(&terms);
        // A shard's raw bytes are made where they are compressed, and freed after.
        let shards = ranges
            .into_par_iter()
            .map(|range| {
                let (first, last) = (keys[range.start], keys[range.end - 1]);
                if let Some(kept) = self.unchanged_shard(first, last, range.len()) {
                    return kept.clone();
                }
                Shard {
                    first: first.clone(),
                    last: last.clone(),
                    terms: range.len(),
                    file: named(&shard_bytes(&terms[range])),
                }
            })
            .collect();
        (separators, shards)
    }

    /// The shard of the last `files` that held the `terms` terms from `first` to `last`,
    /// when none of the terms between them changed since: the same bytes.
    fn unchanged_shard(&self, first: &Arc<str>, last: &Arc<str>, terms: usize) -> Option<&Shard> {
        let at = self.shards.binary_search_by(|s| s.first.cmp(first)).ok()?;
        let shard = &self.shards[at];
        let between = (
            std::ops::Bound::Included(&**first),
            std::ops::Bound::Included(&**last),
        );
        let clean = shard.last == *last
            && shard.terms == terms
            && self.dirty.range::<str, _>(between).next().is_none();
        clean.then_some(shard)
    }

    /// Every index file of the tables, the shards (after `separators`) and the
    /// documents.
    fn files_of(&self, tables: &Tables, separators: Vec<String>, shards: &[Shard]) -> SearchFiles {
        let shard_names: Vec<String> = shards.iter().map(|s| s.file.0.clone()).collect();
        let (units_name, people_name) = (&tables.units.0, &tables.people.0);
        let mut version_parts: Vec<u8> = Vec::new();
        for name in [units_name, people_name].into_iter().chain(&shard_names) {
            version_parts.extend_from_slice(name.as_bytes());
        }
        for s in &self.segments {
            version_parts.extend_from_slice(&s.meta_hash.to_le_bytes());
        }
        let version = fingerprint(&[&version_parts]);
        let manifest = Manifest {
            format: FORMAT,
            lang: self.lang.code(),
            stemmer: analyze::algorithm_name(self.lang),
            version: &version,
            docs: self.segments.len(),
            mask_units: encode::MASK_UNITS,
            max_token: analyze::MAX_TOKEN_CHARS,
            stop: analyze::stop_words(self.lang),
            units: units_name,
            people: people_name,
            shards: separators,
            shard_files: shard_names,
            facets: tables.values.manifest(self.lang),
        };
        let mut files: Vec<(String, Arc<[u8]>)> =
            Vec::with_capacity(shards.len() + self.segments.len() + 3);
        // Each name made once, with its folder (an incremental build names 10,000).
        let manifest = serde_json::to_vec(&manifest).unwrap_or_default();
        files.push((format!("{INDEX_DIR}manifest.json"), manifest.into()));
        let units = (
            format!("{INDEX_DIR}units-{units_name}.bin"),
            tables.units.1.clone(),
        );
        let people = (
            format!("{INDEX_DIR}people-{people_name}.bin"),
            tables.people.1.clone(),
        );
        files.extend([units, people]);
        files.extend(
            shards
                .iter()
                .map(|s| (format!("{INDEX_DIR}t/{}.bin", s.file.0), s.file.1.clone())),
        );
        files.extend(
            self.segments
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("{INDEX_DIR}d/{i}.json"), s.meta.clone())),
        );
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    /// The facet values with the units and people tables: those of the last `files`
    /// where what they hold is unchanged, the others made.
    fn tables(&mut self) -> Arc<Tables> {
        let cache = &self.tables;
        if let Some(made) = &cache.made
            && !cache.units_stale
            && !cache.people_stale
        {
            return made.clone();
        }
        let values = match &cache.made {
            Some(made) if !cache.values_stale => made.values.clone(),
            _ => Arc::new(FacetValues::collect(self.lang, &self.segments)),
        };
        let kept = |stale: bool, same: fn(&FacetValues, &FacetValues) -> bool| {
            let made = cache.made.as_ref().filter(|_| !stale)?;
            same(&made.values, &values).then_some(made)
        };
        let units = match kept(cache.units_stale, FacetValues::same_unit_values) {
            Some(made) => made.units.clone(),
            None => named(&self.units_table(&values)),
        };
        let people = match kept(cache.people_stale, FacetValues::same_people_values) {
            Some(made) => made.people.clone(),
            None => named_at(&self.people_table(&values), PEOPLE_GZIP_LEVEL),
        };
        let made = Arc::new(Tables {
            values,
            units,
            people,
        });
        self.tables = TableCache {
            made: Some(made.clone()),
            ..TableCache::default()
        };
        made
    }
    /// The units table, which every query needs: per document its type, year, status
    /// and unit counts, and its records' kinds. Column by column (each column's values
    /// together compress better), varints.
    fn units_table(&self, v: &FacetValues) -> Vec<u8> {
        let mut out = b"SDU2".to_vec();
        varint(&mut out, self.segments.len() as u64);
        let facets = || self.segments.iter().map(|s| &s.facets);
        for f in facets() {
            varint(&mut out, v.type_index(f.doc_type));
        }
        for f in facets() {
            varint(&mut out, f.year.map_or(0, |y| v.year_index(y) + 1));
        }
        for f in facets() {
            varint(&mut out, v.status_index(f.status));
        }
        for s in &self.segments {
            varint(&mut out, u64::from(s.n_sections));
        }
        for f in facets() {
            varint(&mut out, f.records.len() as u64);
        }
        // Record kinds as runs: a block's rows share a kind.
        for f in facets() {
            let mut runs: Vec<(u64, u64)> = Vec::new();
            for r in &f.records {
                let k = v.kind_index(Some(r.kind));
                match runs.last_mut() {
                    Some((kind, n)) if *kind == k => *n += 1,
                    _ => runs.push((k, 1)),
                }
            }
            if !f.records.is_empty() {
                varint(&mut out, runs.len() as u64);
                for (k, n) in runs {
                    varint(&mut out, k);
                    varint(&mut out, n);
                }
            }
        }
        out
    }

    /// The areas-and-responsibles table, loaded only when those facets are shown or
    /// chosen: per document its owner and areas, per record its areas and responsibles.
    fn people_table(&self, v: &FacetValues) -> Vec<u8> {
        let mut out = b"SDP1".to_vec();
        varint(&mut out, self.segments.len() as u64);
        let facets = || self.segments.iter().map(|s| &s.facets);
        for f in facets() {
            varint(
                &mut out,
                f.owner.as_deref().map_or(0, |o| v.responsible_index(o) + 1),
            );
        }
        let list = |out: &mut Vec<u8>, items: &[String], index: &dyn Fn(&str) -> u64| {
            varint(out, items.len() as u64);
            for i in items {
                varint(out, index(i));
            }
        };
        let area = |a: &str| v.area_index(a);
        let responsible = |r: &str| v.responsible_index(r);
        for f in facets() {
            list(&mut out, &f.areas, &area);
        }
        for f in facets() {
            for r in &f.records {
                list(&mut out, &r.areas, &area);
            }
        }
        for f in facets() {
            for r in &f.records {
                list(&mut out, &r.responsibles, &responsible);
            }
        }
        out
    }
}

/// How the sorted `terms` (with their encoded postings) split into shards: the
/// separators that start them and each one's terms. Shard `i` holds the terms `t` with
/// `separators[i] <= t < separators[i + 1]` (byte order).
fn shard_ranges(terms: &[(&str, &[u8])]) -> (Vec<String>, Vec<std::ops::Range<usize>>) {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut size = 0usize;
    for (i, (term, bytes)) in terms.iter().enumerate() {
        size += term.len() + bytes.len() + 4;
        if cut_after(term, size, SHARD_MIN, SHARD_MAX) {
            ranges.push(start..i + 1);
            start = i + 1;
            size = 0;
        }
    }
    if start < terms.len() {
        ranges.push(start..terms.len());
    }
    let separators = ranges
        .iter()
        .map(|r| match r.start {
            0 => String::new(),
            s => separator(terms[s - 1].0, terms[s].0).to_string(),
        })
        .collect();
    (separators, ranges)
}

/// The shortest prefix of `next` that sorts after `prev` (char-aligned).
fn separator<'a>(prev: &str, next: &'a str) -> &'a str {
    for (i, c) in next.char_indices() {
        let candidate = &next[..i + c.len_utf8()];
        if candidate > prev {
            return candidate;
        }
    }
    next
}

/// `SDT1`, term count, then per term: bytes shared with the previous term, the rest's
/// length and bytes, the postings' length and bytes.
fn shard_bytes(terms: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = b"SDT1".to_vec();
    varint(&mut out, terms.len() as u64);
    let mut prev: &[u8] = b"";
    for (term, postings) in terms {
        let t = term.as_bytes();
        let shared = prev.iter().zip(t).take_while(|(a, b)| a == b).count();
        varint(&mut out, shared as u64);
        varint(&mut out, (t.len() - shared) as u64);
        out.extend_from_slice(&t[shared..]);
        varint(&mut out, postings.len() as u64);
        out.extend_from_slice(postings);
        prev = t;
    }
    out
}

#[derive(Serialize)]
struct Manifest<'a> {
    format: u32,
    lang: &'static str,
    stemmer: &'static str,
    version: &'a str,
    docs: usize,
    mask_units: u32,
    max_token: usize,
    stop: &'static [&'static str],
    /// The units table is `units-NAME.bin`, the areas and responsibles `people-NAME.bin`.
    units: &'a str,
    people: &'a str,
    /// Shard `i` starts at `shards[i]` and is `t/shard_files[i].bin`.
    shards: Vec<String>,
    shard_files: Vec<String>,
    facets: Vec<FacetView>,
}

#[derive(Serialize)]
struct FacetView {
    key: &'static str,
    label: &'static str,
    values: Vec<(String, String)>,
}

/// The values of each facet present among the indexed documents, in display order;
/// the units table refers to them by position.
struct FacetValues {
    kinds: Vec<Option<RecordKind>>,
    types: Vec<DocType>,
    areas: Vec<String>,
    area_pos: FxMap<String, u64>,
    responsibles: Vec<String>,
    responsible_pos: FxMap<String, u64>,
    years: Vec<i32>,
    statuses: Vec<Status>,
}

impl FacetValues {
    fn collect(lang: Language, segments: &[Segment]) -> FacetValues {
        let mut kinds = BTreeSet::new();
        let mut types = BTreeSet::new();
        let mut areas: HashSet<&str, FxBuild> = HashSet::default();
        let mut responsibles = areas.clone();
        let mut years = BTreeSet::new();
        let mut statuses = BTreeSet::new();
        for s in segments {
            let f = &s.facets;
            kinds.insert(None);
            types.insert(f.doc_type);
            years.extend(f.year);
            statuses.insert(f.status);
            responsibles.extend(f.owner.as_deref());
            areas.extend(f.areas.iter().map(String::as_str));
            for r in &f.records {
                kinds.insert(Some(r.kind));
                areas.extend(r.areas.iter().map(String::as_str));
                responsibles.extend(r.responsibles.iter().map(String::as_str));
            }
        }
        let swedish = lang.is_swedish();
        // Each name once (a string per record was a share of an edit's search stage).
        let sorted = |names: HashSet<&str, FxBuild>| -> Vec<String> {
            let mut names: Vec<String> = names.into_iter().map(str::to_string).collect();
            // Names that collate alike in byte order, as when they came from a sorted set.
            names.sort_by(|a, b| collate(a, b, swedish).then_with(|| a.cmp(b)));
            names
        };
        let (areas, responsibles) = (sorted(areas), sorted(responsibles));
        let position = |list: &[String]| {
            list.iter()
                .enumerate()
                .map(|(i, s)| (s.clone(), i as u64))
                .collect()
        };
        FacetValues {
            kinds: kinds.into_iter().collect(),
            types: types.into_iter().collect(),
            area_pos: position(&areas),
            areas,
            responsible_pos: position(&responsibles),
            responsibles,
            years: years.into_iter().rev().collect(),
            statuses: statuses.into_iter().collect(),
        }
    }

    /// Whether every facet value of a document with facets `f` is one of these.
    fn holds(&self, f: &extract::Facets) -> bool {
        let area = |a: &String| self.area_pos.contains_key(a);
        let responsible = |r: &String| self.responsible_pos.contains_key(r);
        self.types.contains(&f.doc_type)
            && f.year.is_none_or(|y| self.years.contains(&y))
            && self.statuses.contains(&f.status)
            && f.owner.iter().all(responsible)
            && f.areas.iter().all(area)
            && f.records.iter().all(|r| {
                self.kinds.contains(&Some(r.kind))
                    && r.areas.iter().all(area)
                    && r.responsibles.iter().all(responsible)
            })
    }

    /// Whether the units table made with `self` is right for `other`'s positions.
    fn same_unit_values(&self, other: &FacetValues) -> bool {
        self.kinds == other.kinds
            && self.types == other.types
            && self.years == other.years
            && self.statuses == other.statuses
    }

    /// Whether the people table made with `self` is right for `other`'s positions.
    fn same_people_values(&self, other: &FacetValues) -> bool {
        self.areas == other.areas && self.responsibles == other.responsibles
    }

    fn kind_index(&self, k: Option<RecordKind>) -> u64 {
        self.kinds.iter().position(|x| *x == k).unwrap_or(0) as u64
    }

    fn type_index(&self, t: DocType) -> u64 {
        self.types.iter().position(|x| *x == t).unwrap_or(0) as u64
    }

    fn year_index(&self, y: i32) -> u64 {
        self.years.iter().position(|x| *x == y).unwrap_or(0) as u64
    }

    fn status_index(&self, s: Status) -> u64 {
        self.statuses.iter().position(|x| *x == s).unwrap_or(0) as u64
    }

    fn area_index(&self, a: &str) -> u64 {
        self.area_pos.get(a).copied().unwrap_or(0)
    }

    fn responsible_index(&self, r: &str) -> u64 {
        self.responsible_pos.get(r).copied().unwrap_or(0)
    }

    fn manifest(&self, lang: Language) -> Vec<FacetView> {
        let same = |list: &[String]| -> Vec<(String, String)> {
            list.iter().map(|s| (s.clone(), s.clone())).collect()
        };
        vec![
            FacetView {
                key: FACET_KEYS[0],
                label: i18n::get(lang, i18n::Ui::SearchFacetKind),
                values: self
                    .kinds
                    .iter()
                    .map(|k| match k {
                        None => (
                            "document".to_string(),
                            i18n::get(lang, i18n::Ui::Document).to_string(),
                        ),
                        Some(k) => (
                            k.singular().to_string(),
                            i18n::record_kind(lang, *k).to_string(),
                        ),
                    })
                    .collect(),
            },
            FacetView {
                key: FACET_KEYS[1],
                label: i18n::get(lang, i18n::Ui::SearchFacetType),
                values: self
                    .types
                    .iter()
                    .map(|t| (t.key().to_string(), i18n::doc_type(lang, *t).to_string()))
                    .collect(),
            },
            FacetView {
                key: FACET_KEYS[2],
                label: i18n::get(lang, i18n::Ui::Area),
                values: same(&self.areas),
            },
            FacetView {
                key: FACET_KEYS[3],
                label: i18n::get(lang, i18n::Ui::Responsible),
                values: same(&self.responsibles),
            },
            FacetView {
                key: FACET_KEYS[4],
                label: i18n::get(lang, i18n::Ui::SearchFacetYear),
                values: self
                    .years
                    .iter()
                    .map(|y| (y.to_string(), y.to_string()))
                    .collect(),
            },
            FacetView {
                key: FACET_KEYS[5],
                label: i18n::get(lang, i18n::Ui::Status),
                values: self
                    .statuses
                    .iter()
                    .map(|s| (s.key().to_string(), i18n::status(lang, *s).to_string()))
                    .collect(),
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_short_and_between() {
        assert_eq!(separator("risk", "rutin"), "ru");
        assert_eq!(separator("vård", "vårdskad"), "vårds");
        assert_eq!(separator("", "abc"), "a");
        assert_eq!(separator("ab", "abc"), "abc");
    }
}
