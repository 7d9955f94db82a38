//! Cross-document indexes over the published site: responsibles (aliases merged),
//! areas, and backlinks. Built once from the graph; only published documents count,
//! so nothing of a restricted document or an unpublished draft reaches any view.

use super::{LinkTarget, Site};
use std::collections::{BTreeMap, HashMap};
use styrdok_core::model::{Document, RecordKind};
use styrdok_core::text::{collate, slug};

/// A record by document and position: `(doc, record)`.
pub type RecordRef = (usize, usize);

#[derive(Clone, Debug, Default)]
pub struct Responsible {
    pub name: String,
    pub slug: String,
    /// Documents whose `owner` is this responsible.
    pub owned: Vec<usize>,
    pub records: Vec<RecordRef>,
}

#[derive(Clone, Debug, Default)]
pub struct Area {
    pub name: String,
    pub slug: String,
    pub docs: Vec<usize>,
    pub records: Vec<RecordRef>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum BacklinkKind {
    Link,
    Related,
    Supersedes,
}

/// Something in document `from` that points at a document (or one of its records).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Backlink {
    pub from: usize,
    pub kind: BacklinkKind,
    /// The anchor pointed at, when the link goes to a record or heading.
    pub anchor: Option<String>,
}

#[derive(Clone, Default)]
pub struct Indexes {
    /// Sorted by the language's collation.
    pub responsibles: Vec<Responsible>,
    pub responsible_by_name: HashMap<String, usize>,
    pub areas: Vec<Area>,
    pub area_by_name: HashMap<String, usize>,
    /// Per document: who points at it, sorted and without duplicates.
    pub backlinks: Vec<Vec<Backlink>>,
    /// Per document: the published document that supersedes it, if any.
    pub superseded_by: Vec<Option<usize>>,
    /// Per document: the documents it points at (links, related, supersedes).
    pub forward: Vec<Vec<usize>>,
}

impl Site {
    pub(super) fn build_indexes(&self) -> Indexes {
        let swedish = self.config.language.is_swedish();
        let mut responsibles: BTreeMap<String, Responsible> = BTreeMap::new();
        let mut areas: BTreeMap<String, Area> = BTreeMap::new();
        let mut backlinks: Vec<Vec<Backlink>> = vec![Vec::new(); self.docs.len()];
        for (i, d) in self.published_docs() {
            if let Some(owner) = &d.meta.owner {
                let name = self.canonical_responsible(&owner.value).to_string();
                responsibles.entry(name.clone()).or_default().owned.push(i);
            }
            for a in &d.meta.areas {
                areas.entry(a.value.clone()).or_default().docs.push(i);
            }
            for (r, rec) in d.records.iter().enumerate() {
                let mut seen = Vec::new();
                for resp in &rec.responsible {
                    let name = self.canonical_responsible(&resp.name).to_string();
                    if !seen.contains(&name) {
                        responsibles
                            .entry(name.clone())
                            .or_default()
                            .records
                            .push((i, r));
                        seen.push(name);
                    }
                }
                if let Some(a) = &rec.area {
                    areas
                        .entry(a.value.clone())
                        .or_default()
                        .records
                        .push((i, r));
                }
            }
            self.collect_backlinks(i, d, &mut backlinks);
        }
        for list in &mut backlinks {
            list.sort();
            list.dedup();
        }
        let mut forward: Vec<Vec<usize>> = vec![Vec::new(); self.docs.len()];
        for (target, list) in backlinks.iter().enumerate() {
            for b in list {
                forward[b.from].push(target);
            }
        }
        for list in &mut forward {
            list.dedup();
        }
        let superseded_by = backlinks
            .iter()
            .map(|list| {
                list.iter()
                    .find(|b| b.kind == BacklinkKind::Supersedes)
                    .map(|b| b.from)
            })
            .collect();
        let mut responsibles: Vec<Responsible> = responsibles
            .into_iter()
            .map(|(name, mut r)| {
                r.name = name;
                r
            })
            .collect();
        responsibles.sort_by(|a, b| collate(&a.name, &b.name, swedish));
        assign_slugs(responsibles.iter_mut().map(|r| (&r.name, &mut r.slug)));
        let mut areas: Vec<Area> = areas
            .into_iter()
            .map(|(name, mut a)| {
                a.name = name;
                a
            })
            .collect();
        areas.sort_by(|a, b| collate(&a.name, &b.name, swedish));
        assign_slugs(areas.iter_mut().map(|a| (&a.name, &mut a.slug)));
        Indexes {
            responsible_by_name: responsibles
                .iter()
                .enumerate()
                .map(|(i, r)| (r.name.clone(), i))
                .collect(),
            area_by_name: areas
                .iter()
                .enumerate()
                .map(|(i, a)| (a.name.clone(), i))
                .collect(),
            responsibles,
            areas,
            backlinks,
            superseded_by,
            forward,
        }
    }

    fn collect_backlinks(&self, from: usize, d: &Document, out: &mut [Vec<Backlink>]) {
        let mut add = |target: usize, kind: BacklinkKind, anchor: Option<String>| {
            if target != from && self.published[target] {
                out[target].push(Backlink { from, kind, anchor });
            }
        };
        for link in &d.links {
            if let Ok(resolved) = self.resolve_link(from, &link.dest, link.wiki)
                && let LinkTarget::Document { doc, anchor } = resolved.target
            {
                add(doc, BacklinkKind::Link, anchor);
            }
        }
        for r in &d.meta.related {
            if let Some(&t) = self.by_id.get(&r.value) {
                add(t, BacklinkKind::Related, None);
            }
        }
        if let Some(s) = &d.meta.supersedes
            && let Some(&t) = self.by_id.get(&s.value)
        {
            add(t, BacklinkKind::Supersedes, None);
        }
    }

    pub fn responsible(&self, name: &str) -> Option<&Responsible> {
        let canonical = self.canonical_responsible(name);
        self.indexes
            .responsible_by_name
            .get(canonical)
            .map(|&i| &self.indexes.responsibles[i])
    }

    pub fn responsible_url(&self, name: &str) -> Option<String> {
        self.responsible(name)
            .map(|r| self.href(&super::Route::Responsible(&r.slug).path()))
    }

    pub fn area(&self, name: &str) -> Option<&Area> {
        self.indexes
            .area_by_name
            .get(name)
            .map(|&i| &self.indexes.areas[i])
    }

    pub fn area_url(&self, name: &str) -> Option<String> {
        self.area(name)
            .map(|a| self.href(&super::Route::Area(&a.slug).path()))
    }

    /// Records of a kind among a list, for grouping on view pages.
    pub fn records_of_kind(&self, refs: &[RecordRef], kind: RecordKind) -> Vec<RecordRef> {
        refs.iter()
            .copied()
            .filter(|&(d, r)| self.docs[d].records[r].kind == kind)
            .collect()
    }
}

/// URL slugs from names, unique among their list ("HR" and "Hr" get `hr` and `hr-2`).
fn assign_slugs<'a>(items: impl Iterator<Item = (&'a String, &'a mut String)>) {
    let mut taken: HashMap<String, usize> = HashMap::new();
    for (name, slot) in items {
        let base = match slug(name) {
            s if s.is_empty() => "namn".to_string(),
            s => s,
        };
        let n = taken.entry(base.clone()).or_insert(0);
        *n += 1;
        *slot = if *n == 1 { base } else { format!("{base}-{n}") };
    }
}
