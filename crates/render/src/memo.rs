//! What a render made once per record and per document (template values, table rows,
//! feed entries, export parts), kept by `serve` between renders: the next one makes
//! again only those of the documents a change reaches, so a page listing thousands of
//! rows (a responsible's, an area's, the follow-up page) costs its own template only.

use crate::{DocSlot, RecordSlot, Renderer};
use std::collections::HashSet;
use std::sync::atomic::Ordering;
use styrdok_graph::calendar::Event;
use styrdok_graph::{Renumbering, Site};

pub struct Memo {
    docs: Vec<DocSlot>,
}

impl<'a> Renderer<'a> {
    /// Takes over what `memo` holds of every document but `stale` ones. The memo must
    /// be of a site with the same documents, by number (`shape::changes` in the engine).
    pub fn reusing(mut self, memo: Memo, stale: &HashSet<usize>) -> Self {
        if memo.docs.len() != self.docs.len() {
            return self;
        }
        let mut kept = 0;
        for (i, slot) in memo.docs.into_iter().enumerate() {
            if stale.contains(&i) || slot.records.len() != self.docs[i].records.len() {
                continue;
            }
            kept += slot
                .records
                .iter()
                .map(RecordSlot::rows_made)
                .sum::<usize>();
            self.docs[i] = slot;
        }
        self.rows_kept.store(kept, Ordering::Relaxed);
        self
    }

    /// What this render made, for the next one to reuse.
    pub fn into_memo(self) -> Memo {
        Memo { docs: self.docs }
    }
}

impl Memo {
    /// The memo of a site whose documents are numbered as `numbering` says: each slot
    /// moved to its document's new number (its kept events renumbered with it), an
    /// empty one for a document that came.
    pub fn renumbered(mut self, numbering: &Renumbering) -> Memo {
        if numbering.is_identity() {
            return self;
        }
        let mut old: Vec<Option<DocSlot>> = self.docs.drain(..).map(Some).collect();
        let docs = numbering
            .to_old
            .iter()
            .enumerate()
            .map(|(n, o)| {
                let mut slot = o.and_then(|o| old.get_mut(o)?.take()).unwrap_or_default();
                renumber_events(slot.feed_entries.get_mut(), n);
                renumber_events(slot.event_views.get_mut(), n);
                slot
            })
            .collect();
        Memo { docs }
    }
}

/// A document's kept events (feed entries, årshjul views) as events of document `n`.
fn renumber_events<T>(events: Option<&mut Vec<(Event, T)>>, n: usize) {
    for (event, _) in events.into_iter().flatten() {
        *event = event.of_doc(n);
    }
}

impl RecordSlot {
    fn rows_made(&self) -> usize {
        self.rows
            .get()
            .map_or(0, |rows| rows.iter().filter(|r| r.get().is_some()).count())
    }
}

/// The documents whose values or rows may read what changed, by number in `new`: the
/// changed documents (`changed_old` by their numbers in `old`, `changed_new` in `new`),
/// and every document they point at or that points at them in either site (a
/// document's list entry names the one that supersedes it; a risk row, the earlier
/// score its `previous` names).
pub fn stale(
    old: &Site,
    new: &Site,
    changed_old: &[usize],
    changed_new: &[usize],
    numbering: &Renumbering,
) -> HashSet<usize> {
    let mut stale: HashSet<usize> = changed_new.iter().copied().collect();
    let in_old = related(old, changed_old);
    stale.extend(in_old.into_iter().filter_map(|o| numbering.to_new[o]));
    stale.extend(related(new, changed_new));
    stale
}

/// The documents of `site` that `changed` ones point at or that point at them, and the
/// changed ones.
fn related(site: &Site, changed: &[usize]) -> HashSet<usize> {
    let mut related: HashSet<usize> = changed.iter().copied().collect();
    for &c in changed {
        related.extend(site.indexes.forward[c].iter().copied());
        related.extend(site.indexes.backlinks[c].iter().map(|b| b.from));
    }
    for i in 0..site.docs.len() {
        let previous = styrdok_graph::risk::previous_targets(site, i);
        if previous.iter().any(|t| changed.contains(t)) {
            related.insert(i);
        }
    }
    related
}
