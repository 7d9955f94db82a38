//! Whether the previous render's site has the shape of the new one, so that a render
//! incremental over it is right, and the keys a change of that shape touches.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use styrdok_graph::{Renumbering, Site};
use styrdok_render::context::SiteViews;
use styrdok_render::deps::Dep;

/// What every page shows, or what decides where pages go: when it changes, an
/// incremental render would be wrong, so everything is rendered. The documents, and
/// the responsibles and areas, are compared one by one instead (`changes`): a
/// responsible or an area added or removed touches only the pages that list it.
pub(crate) fn fingerprint(site: &Site) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(&site.site_view())
        .unwrap_or_default()
        .hash(&mut h);
    site.published_assets.hash(&mut h);
    site.shared_titles.hash(&mut h);
    for s in site.sections.values() {
        site.section_title(s).hash(&mut h);
        s.subfolders.hash(&mut h);
    }
    h.finish()
}

/// The keys the change from `old` to `new` touches beyond the reloaded documents' own
/// (the responsibles and areas that appeared or went, and their indexes), and how the
/// documents are numbered in `new`. `None` when a document kept changed its URL, id or
/// publication, or when a responsible or an area kept its name but not its URL (every
/// page linking to it would change): then everything is rendered. Documents that came
/// or went are reloaded ones: their keys are the caller's.
pub(crate) fn changes(old: &Site, new: &Site) -> Option<(Vec<Dep>, Renumbering)> {
    let numbering = Renumbering::between(old, new);
    let same = |(o, n): (usize, usize)| {
        old.urls[o] == new.urls[n]
            && old.published[o] == new.published[n]
            && old.docs[o].meta.id == new.docs[n].meta.id
    };
    let kept = numbering.to_new.iter().enumerate();
    if !kept.filter_map(|(o, n)| Some((o, (*n)?))).all(same) {
        return None;
    }
    let slugs = |site: &Site| -> HashMap<String, String> {
        let r = &site.indexes.responsibles;
        r.iter().map(|p| (p.name.clone(), p.slug.clone())).collect()
    };
    let areas = |site: &Site| -> HashMap<String, String> {
        let a = &site.indexes.areas;
        a.iter().map(|a| (a.name.clone(), a.slug.clone())).collect()
    };
    let mut keys = groups(
        &slugs(old),
        &slugs(new),
        Dep::Responsible,
        Dep::Responsibles,
    )?;
    keys.extend(groups(&areas(old), &areas(new), Dep::Area, Dep::Areas)?);
    Some((keys, numbering))
}

/// The keys of the names (responsibles or areas, name → URL slug) that appeared or went,
/// with the key of their index when any did; `None` when a name kept has a new slug.
fn groups(
    old: &HashMap<String, String>,
    new: &HashMap<String, String>,
    key: fn(String) -> Dep,
    index: Dep,
) -> Option<Vec<Dep>> {
    let mut keys = Vec::new();
    for (name, slug) in new {
        match old.get(name) {
            Some(s) if s == slug => {}
            Some(_) => return None,
            None => keys.push(key(name.clone())),
        }
    }
    keys.extend(
        old.keys()
            .filter(|n| !new.contains_key(*n))
            .map(|n| key(n.clone())),
    );
    if !keys.is_empty() {
        keys.push(index);
    }
    Some(keys)
}
