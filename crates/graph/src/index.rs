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
    /// Per document: the documents its risks name as `previous` (`risk::previous_targets`).
    pub previous: Vec<Vec<usize>>,
}

/// Responsibles and areas by name, each list in document order, while they are made.
#[derive(Default)]
pub(super) struct Names {
    responsibles: BTreeMap<String, Responsible>,
    areas: BTreeMap<String, Area>,
}

impl Names {
    /// `old`'s names without what documents `gone` (sorted) contributed (a name left
    /// with nothing goes too).
    fn without(old: Indexes, gone: &[usize]) -> (Names, Vec<Vec<Backlink>>) {
        let names = Names {
            responsibles: entries_without(old.responsibles, gone),
            areas: entries_without(old.areas, gone),
        };
        (names, old.backlinks)
    }

    /// Adds published document `i`'s owner, areas and records' responsibles and areas,
    /// each in its place in document order.
    fn add(&mut self, site: &Site, i: usize, d: &Document) {
        if let Some(owner) = &d.meta.owner {
            let name = site.canonical_responsible(&owner.value);
            insert_sorted(&mut self.responsible(name).owned, i);
        }
        for a in &d.meta.areas {
            insert_sorted(&mut self.area(&a.value).docs, i);
        }
        for (r, rec) in d.records.iter().enumerate() {
            let mut seen = Vec::new();
            for resp in &rec.responsible {
                let name = site.canonical_responsible(&resp.name);
                if !seen.contains(&name) {
                    insert_sorted(&mut self.responsible(name).records, (i, r));
                    seen.push(name);
                }
            }
            if let Some(a) = &rec.area {
                insert_sorted(&mut self.area(&a.value).records, (i, r));
            }
        }
    }

    fn responsible(&mut self, name: &str) -> &mut Responsible {
        if !self.responsibles.contains_key(name) {
            self.responsibles
                .insert(name.to_string(), Responsible::default());
        }
        self.responsibles.get_mut(name).expect("inserted")
    }

    fn area(&mut self, name: &str) -> &mut Area {
        if !self.areas.contains_key(name) {
            self.areas.insert(name.to_string(), Area::default());
        }
        self.areas.get_mut(name).expect("inserted")
    }
}

/// A responsible or an area as an index entry: a name, and the documents and records
/// it is named in.
trait Entry {
    fn name(&self) -> &str;
    fn lists(&mut self) -> (&mut Vec<usize>, &mut Vec<RecordRef>);

    /// Takes out what documents `gone` contributed; whether anything is left.
    fn forget(&mut self, gone: impl Fn(usize) -> bool) -> bool {
        let (docs, records) = self.lists();
        docs.retain(|&d| !gone(d));
        records.retain(|&(d, _)| !gone(d));
        !(docs.is_empty() && records.is_empty())
    }
}

impl Entry for Responsible {
    fn name(&self) -> &str {
        &self.name
    }
    fn lists(&mut self) -> (&mut Vec<usize>, &mut Vec<RecordRef>) {
        (&mut self.owned, &mut self.records)
    }
}

impl Entry for Area {
    fn name(&self) -> &str {
        &self.name
    }
    fn lists(&mut self) -> (&mut Vec<usize>, &mut Vec<RecordRef>) {
        (&mut self.docs, &mut self.records)
    }
}

/// `entries` by name, without what documents `gone` (sorted) contributed.
fn entries_without<E: Entry>(entries: Vec<E>, gone: &[usize]) -> BTreeMap<String, E> {
    entries
        .into_iter()
        .filter_map(|mut e| {
            let left = e.forget(|d| gone.binary_search(&d).is_ok());
            left.then(|| (e.name().to_string(), e))
        })
        .collect()
}

/// Inserts `item` where it keeps `list` sorted: at the end when documents are added in
/// order (a full build), in the middle when one is patched in.
fn insert_sorted<T: Ord>(list: &mut Vec<T>, item: T) {
    let at = list.partition_point(|x| *x < item);
    list.insert(at, item);
}

impl Site {
    pub(super) fn build_indexes(&self) -> Indexes {
        let mut names = Names::default();
        let mut backlinks: Vec<Vec<Backlink>> = vec![Vec::new(); self.docs.len()];
        for (i, d) in self.published_docs() {
            names.add(self, i, d);
            self.collect_backlinks(i, d, &mut backlinks);
        }
        for list in &mut backlinks {
            list.sort();
            list.dedup();
        }
        let previous = (0..self.docs.len())
            .map(|i| super::risk::previous_of(self, i))
            .collect();
        self.finish_indexes(names, backlinks, previous)
    }

    /// The indexes after documents `changed` (sorted) were swapped in, made from `old`
    /// (the indexes before, taken over): what the changed documents contributed is taken out and
    /// put back as they are now. Right when every document kept its id, URL,
    /// publication and masked anchors (see `Site::patched`): then what the other
    /// documents contribute is what it was.
    pub(super) fn patched_indexes(&self, mut old: Indexes, changed: &[usize]) -> Indexes {
        let mut previous = std::mem::take(&mut old.previous);
        for &i in changed {
            previous[i] = super::risk::previous_of(self, i);
        }
        let (mut names, mut backlinks) = Names::without(old, changed);
        let from_changed = |b: &Backlink| changed.binary_search(&b.from).is_ok();
        let mut touched: Vec<usize> = Vec::new();
        for (target, list) in backlinks.iter_mut().enumerate() {
            if list.iter().any(from_changed) {
                list.retain(|b| !from_changed(b));
                touched.push(target);
            }
        }
        let mut added: Vec<Vec<Backlink>> = vec![Vec::new(); self.docs.len()];
        for &i in changed.iter().filter(|&&i| self.published[i]) {
            names.add(self, i, &self.docs[i]);
            self.collect_backlinks(i, &self.docs[i], &mut added);
        }
        for (target, new) in added.into_iter().enumerate() {
            if !new.is_empty() {
                backlinks[target].extend(new);
                touched.push(target);
            }
        }
        for target in touched {
            backlinks[target].sort();
            backlinks[target].dedup();
        }
        self.finish_indexes(names, backlinks, previous)
    }

    /// The indexes of `names`, `backlinks` (each list sorted, without duplicates) and
    /// `previous`: names in the language's order with their URL slugs, and what
    /// follows from the backlinks.
    fn finish_indexes(
        &self,
        names: Names,
        backlinks: Vec<Vec<Backlink>>,
        previous: Vec<Vec<usize>>,
    ) -> Indexes {
        let swedish = self.config.language.is_swedish();
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
        let mut responsibles: Vec<Responsible> = names
            .responsibles
            .into_iter()
            .map(|(name, mut r)| {
                r.name = name;
                r
            })
            .collect();
        responsibles.sort_by(|a, b| collate(&a.name, &b.name, swedish));
        assign_slugs(responsibles.iter_mut().map(|r| (&r.name, &mut r.slug)));
        let mut areas: Vec<Area> = names
            .areas
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
            previous,
        }
    }

    fn collect_backlinks(&self, from: usize, d: &Document, out: &mut [Vec<Backlink>]) {
        let mut add = |target: usize, kind: BacklinkKind, anchor: Option<String>| {
            if target != from && self.published[target] {
                out[target].push(Backlink { from, kind, anchor });
            }
        };
        for link in &d.links {
            if let Ok(LinkTarget::Document { doc, anchor }) =
                self.link_target(from, &link.dest, link.wiki)
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
