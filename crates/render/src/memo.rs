//! What a render made once per record and per document (template values, table rows,
//! feed entries, export parts), kept by `serve` between renders: the next one makes
//! again only those of the documents a change reaches, so a page listing thousands of
//! rows (a responsible's, an area's, the follow-up page) costs its own template only.

use crate::{DocSlot, RecordSlot, Renderer};
use std::collections::HashSet;
use std::sync::atomic::Ordering;
use styrdok_graph::Site;

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

impl RecordSlot {
    fn rows_made(&self) -> usize {
        self.rows
            .get()
            .map_or(0, |rows| rows.iter().filter(|r| r.get().is_some()).count())
    }
}

/// The documents whose values or rows may read what changed in `changed` (numbered
/// alike in `old` and `new`): those documents, and every document they point at or
/// that points at them in either site (a document's list entry names the one that
/// supersedes it; a risk row, the earlier score its `previous` names).
pub fn stale(old: &Site, new: &Site, changed: &[usize]) -> HashSet<usize> {
    let mut stale: HashSet<usize> = changed.iter().copied().collect();
    for site in [old, new] {
        for &c in changed {
            stale.extend(site.indexes.forward[c].iter().copied());
            stale.extend(site.indexes.backlinks[c].iter().map(|b| b.from));
        }
        for i in 0..site.docs.len() {
            let previous = styrdok_graph::risk::previous_targets(site, i);
            if previous.iter().any(|t| changed.contains(t)) {
                stale.insert(i);
            }
        }
    }
    stale
}
