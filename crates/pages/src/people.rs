//! Responsibles and areas: one page each, listing the documents and records that
//! concern them grouped by kind, and an index of all of them with counts.

use minijinja::{Value, context};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use styrdok_core::diag::Diagnostic;
use styrdok_core::model::{Record, RecordKind};
use styrdok_graph::index::{Area, RecordRef, Responsible};
use styrdok_graph::{Route, Site};
use styrdok_render::context::SiteViews;
use styrdok_render::deps::{Dep, view_hash};
use styrdok_render::rows::RowList;
use styrdok_render::{Renderer, RowTable, i18n};

use crate::calendar::feed_view;
use crate::followup::{bucket_rows, bucket_sizes};
use crate::paging::{Paging, plan_pages};
use crate::spec::{Page, Plan};

#[derive(Serialize)]
pub struct Group {
    kind: &'static str,
    title: &'static str,
    /// The rows (a `RowList`).
    records: Value,
}

#[derive(Serialize)]
struct IndexEntry {
    name: String,
    url: String,
    documents: usize,
    records: usize,
}

/// The responsibles' and areas' pages (their keys) an edit of document `o` of `old` (`n`
/// of `new`) reaches: a page lists documents by their list entries and records by their
/// rows, so only the names of the document (owner, areas) when its entry changed and the
/// names of each record whose row changed, came or went (records pair up by anchor).
/// `None` when two of its records share an anchor or the records kept changed order
/// (then every name it has is reached).
pub fn touched_names(old: &Site, o: usize, new: &Site, n: usize) -> Option<HashSet<Dep>> {
    let by_anchor = |site: &Site, d: usize| -> Option<HashMap<String, u64>> {
        let records = &site.docs[d].records;
        let rows: HashMap<String, u64> = records
            .iter()
            .map(|r| (r.anchor(), view_hash(&site.record_view(d, r))))
            .collect();
        (rows.len() == records.len()).then_some(rows)
    };
    let (before, after) = (by_anchor(old, o)?, by_anchor(new, n)?);
    // Pages list records in document order: records kept in another order reach all.
    let kept = |site: &Site, d: usize, other: &HashMap<String, u64>| -> Vec<String> {
        let anchors = site.docs[d].records.iter().map(|r| r.anchor());
        anchors.filter(|a| other.contains_key(a)).collect()
    };
    if kept(old, o, &after) != kept(new, n, &before) {
        return None;
    }
    let mut keys = HashSet::new();
    if view_hash(&old.doc_view(o)) != view_hash(&new.doc_view(n)) {
        keys.extend(doc_names(old, o).chain(doc_names(new, n)));
    }
    for (site, d, rows, other) in [(old, o, &before, &after), (new, n, &after, &before)] {
        for r in &site.docs[d].records {
            let anchor = r.anchor();
            if other.get(&anchor) != rows.get(&anchor) {
                keys.extend(record_names(site, r));
            }
        }
    }
    Some(keys)
}

/// The names (responsibles' and areas' keys) whose pages put document `d` or one of its
/// records elsewhere in `new` than in `old` (`o` there): it came or went, or what
/// orders it or sorts it into a list changed. Their pages are all made again; those of
/// the other names `touched_names` reaches, only where they show `d` (`Dep::Shown`).
pub fn moved_names(old: &Site, o: usize, new: &Site, n: usize) -> HashSet<Dep> {
    let (before, after) = (placements(old, o), placements(new, n));
    let differs = |(k, h): (&Dep, &u64), other: &HashMap<Dep, u64>| other.get(k) != Some(h);
    let gone = before.iter().filter(|&e| differs(e, &after));
    let came = after.iter().filter(|&e| differs(e, &before));
    gone.chain(came).map(|(k, _)| k.clone()).collect()
}

/// By name: a hash of what places document `d` and its records on the name's pages
/// (the document's place among the name's documents in listing order, records by kind,
/// the follow-up ones by due date).
fn placements(site: &Site, d: usize) -> HashMap<Dep, u64> {
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};
    let mut by_name: HashMap<Dep, DefaultHasher> = HashMap::new();
    for name in doc_names(site, d) {
        let docs = match &name {
            Dep::Responsible(n) => site.responsible(n).map(|p| &p.owned[..]),
            Dep::Area(n) => site.area(n).map(|a| &a.docs[..]),
            _ => None,
        };
        let rank = docs.and_then(|docs| super::listing_rank(site, docs, d));
        rank.hash(by_name.entry(name).or_default());
    }
    for r in &site.docs[d].records {
        for name in record_names(site, r) {
            (r.anchor(), r.kind, r.status, r.due).hash(by_name.entry(name).or_default());
        }
    }
    by_name.into_iter().map(|(k, h)| (k, h.finish())).collect()
}

/// The keys of the pages that list document `d`: its owner's and its areas'.
fn doc_names(site: &Site, d: usize) -> impl Iterator<Item = Dep> + '_ {
    let meta = &site.docs[d].meta;
    let owner = meta
        .owner
        .iter()
        .map(|o| Dep::Responsible(site.canonical_responsible(&o.value).to_string()));
    owner.chain(meta.areas.iter().map(|a| Dep::Area(a.value.clone())))
}

/// The keys of the pages that list `record`: its responsibles' and its area's.
fn record_names<'s>(site: &'s Site, record: &'s Record) -> impl Iterator<Item = Dep> + 's {
    let names = record
        .responsible
        .iter()
        .map(|p| Dep::Responsible(site.canonical_responsible(&p.name).to_string()));
    names.chain(record.area.iter().map(|a| Dep::Area(a.value.clone())))
}

/// Records grouped by kind in the kind order of the contract, each group sorted by
/// document then by position; kinds with none left out. Actions and activities that are
/// followed up (status or due date) are left to the follow-up buckets of the page.
fn grouped(site: &Site, refs: &[RecordRef]) -> Vec<(RecordKind, Vec<RecordRef>)> {
    let refs: Vec<RecordRef> = refs
        .iter()
        .copied()
        .filter(|&(d, i)| !super::followup::is_followed(&site.docs[d].records[i]))
        .collect();
    RecordKind::ALL
        .iter()
        .filter_map(|kind| {
            let mut of_kind = site.records_of_kind(&refs, *kind);
            of_kind.sort();
            (!of_kind.is_empty()).then_some((*kind, of_kind))
        })
        .collect()
}

/// What a responsible's or an area's page lists, in its order: the documents, the
/// follow-up buckets, the other records by kind.
struct Lists {
    /// The documents' key in the template (`owned`, `docs`).
    docs_key: &'static str,
    docs: Vec<usize>,
    buckets: [Vec<RecordRef>; 3],
    groups: Vec<(RecordKind, Vec<RecordRef>)>,
}

impl Lists {
    /// The lists of a page for `docs` and `records`; `docs_key` names the documents'
    /// list (`owned`, `docs`) as the template does.
    fn new(
        site: &Site,
        docs_key: &'static str,
        docs: &[usize],
        records: &[RecordRef],
    ) -> (Lists, Paging) {
        let lists = Lists {
            docs_key,
            docs: super::listing_order(site, docs, None),
            buckets: super::followup::sorted_buckets(site, records),
            groups: grouped(site, records),
        };
        let mut sizes = vec![(docs_key, lists.docs.len())];
        sizes.extend(bucket_sizes(&lists.buckets));
        sizes.extend(lists.groups.iter().map(|(k, g)| (k.block_name(), g.len())));
        (lists, Paging::new(site, sizes))
    }

    /// Page `n`'s part: its documents, its follow-up rows and its record groups (every
    /// group, with its part of the rows).
    fn part(
        &self,
        r: &Renderer,
        paging: &Paging,
        n: u32,
    ) -> Result<(Value, Value, Vec<Group>), Diagnostic> {
        let site = r.site;
        let docs = super::entries(r, &self.docs[paging.range(0, n)])?;
        let buckets = [0, 1, 2].map(|i| &self.buckets[i][paging.range(1 + i, n)]);
        let followup = bucket_rows(r, buckets, RowTable::Followup)?;
        let groups = self.groups.iter().enumerate().map(|(g, (kind, refs))| {
            Ok(Group {
                kind: kind.block_name(),
                title: i18n::record_kind_plural(site.lang(), *kind),
                records: RowList::value(
                    refs[paging.range(4 + g, n)]
                        .iter()
                        .map(|&(d, i)| r.record_row(d, i, RowTable::Group))
                        .collect::<Result<_, _>>()?,
                ),
            })
        });
        let groups = groups.collect::<Result<Vec<_>, Diagnostic>>()?;
        Ok((docs, Value::from_serialize(followup), groups))
    }

    /// What page `n` shows of each document, as the list `list` (the page's key).
    fn shown(&self, site: &Site, paging: &Paging, n: u32, list: &Dep) -> Vec<Dep> {
        let docs = self.docs[paging.range(0, n)].iter().copied();
        let buckets = (0..3).flat_map(|i| &self.buckets[i][paging.range(1 + i, n)]);
        let groups = (self.groups.iter().enumerate())
            .flat_map(|(g, (_, refs))| &refs[paging.range(4 + g, n)]);
        let records = buckets.chain(groups).map(|&(d, _)| d);
        super::shown_keys(site, docs.chain(records), list)
    }
}

/// The index of responsibles and each responsible's page; the same for areas.
pub fn plan<'a>(r: &Renderer<'a>, plan: &mut Plan<'a>) {
    let site = r.site;
    plan.page(Route::Responsibles, vec![Dep::Responsibles], move |r| {
        let entries: Vec<IndexEntry> = site
            .indexes
            .responsibles
            .iter()
            .map(|p| IndexEntry {
                name: p.name.clone(),
                url: site.href(&Route::Responsible(&p.slug).path()),
                documents: p.owned.len(),
                records: p.records.len(),
            })
            .collect();
        Ok(index_page(r, i18n::Ui::Responsibles, &entries))
    });
    for p in &site.indexes.responsibles {
        let keys = vec![Dep::Responsible(p.name.clone())];
        let items = p.owned.len() + p.records.len();
        let lists = || Lists::new(site, "owned", &p.owned, &p.records);
        let make =
            |r: &Renderer, l: &Lists, paging: &Paging, n| responsible_page(r, p, l, paging, n);
        plan_pages(
            plan,
            site,
            Route::Responsible(&p.slug),
            keys,
            items,
            lists,
            make,
        );
    }
    plan.page(Route::Areas, vec![Dep::Areas], move |r| {
        let entries: Vec<IndexEntry> = site
            .indexes
            .areas
            .iter()
            .map(|a| IndexEntry {
                name: a.name.clone(),
                url: site.href(&Route::Area(&a.slug).path()),
                documents: a.docs.len(),
                records: a.records.len(),
            })
            .collect();
        Ok(index_page(r, i18n::Ui::Areas, &entries))
    });
    for a in &site.indexes.areas {
        let keys = vec![Dep::Area(a.name.clone())];
        let items = a.docs.len() + a.records.len();
        let lists = || Lists::new(site, "docs", &a.docs, &a.records);
        let make = |r: &Renderer, l: &Lists, paging: &Paging, n| area_page(r, a, l, paging, n);
        plan_pages(plan, site, Route::Area(&a.slug), keys, items, lists, make);
    }
}

/// The index of all responsibles or all areas (`name`: its UI string, whose key names
/// the template).
fn index_page(r: &Renderer, name: i18n::Ui, entries: &[IndexEntry]) -> Page {
    let values = context! { entries => Value::from_serialize(entries) };
    Page::new(i18n::get(r.site.lang(), name), values)
}

/// A responsible's page (page `n` of it): the documents they own, their follow-up,
/// their other records.
fn responsible_page(
    r: &Renderer,
    p: &Responsible,
    lists: &Lists,
    paging: &Paging,
    n: u32,
) -> Result<Page, Diagnostic> {
    let aliases: Vec<String> = r
        .site
        .config
        .responsibles
        .iter()
        .find(|c| c.name == p.name)
        .map(|c| c.aliases.clone())
        .unwrap_or_default();
    let route = Route::Responsible(&p.slug);
    let list = Dep::Responsible(p.name.clone());
    let page = name_page(r, &p.name, route, (lists, paging, n), context! { aliases })?;
    Ok(page.showing(lists.shown(r.site, paging, n, &list)))
}

/// An area's page (page `n` of it): its documents, its follow-up, its other records.
fn area_page(
    r: &Renderer,
    a: &Area,
    lists: &Lists,
    paging: &Paging,
    n: u32,
) -> Result<Page, Diagnostic> {
    let list = Dep::Area(a.name.clone());
    let page = name_page(
        r,
        &a.name,
        Route::Area(&a.slug),
        (lists, paging, n),
        context! {},
    )?;
    Ok(page.showing(lists.shown(r.site, paging, n, &list)))
}

/// Page `n` of the page of `name` at `route` (a responsible's or an area's), with the
/// values `own` to that kind of page.
fn name_page(
    r: &Renderer,
    name: &str,
    route: Route,
    (lists, paging, n): (&Lists, &Paging, u32),
    own: Value,
) -> Result<Page, Diagnostic> {
    let (docs, followup, groups) = lists.part(r, paging, n)?;
    let docs = Value::from_iter([(lists.docs_key, docs)]);
    let values = context! {
        name => name,
        groups => Value::from_serialize(groups),
        followup => followup,
        paging => Value::from_serialize(paging.view(r.site, route, n)),
        feed => Value::from_serialize(feed_view(r.site, &route, Some(name))),
    };
    let values = minijinja::value::merge_maps([values, docs, own]);
    Ok(Page::new(paging.title(r.site, name, n), values))
}
