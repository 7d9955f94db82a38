//! An edit applied to the graph in place of building it anew (`serve`): at 10,000
//! documents the graph takes 50–60 ms to build, most of an edit's budget.

use super::{LinkTarget, Site, audience};
use std::collections::BTreeSet;
use std::sync::Arc;
use styrdok_core::model::Document;

impl Site {
    /// The site with `changed` (documents as loaded, each replacing the one at its
    /// source path) swapped in and the indexes patched, when every changed document
    /// keeps what the rest of the graph depends on: its id, type (its URL),
    /// publication, masked anchors, whether it hides parts (which commits are
    /// withheld) and the assets it links to. `None` otherwise (or when a document is
    /// new): then the graph is built anew.
    ///
    /// Other documents' links to a changed one resolve as before: an anchor removed
    /// breaks them (an error, so this graph is not rendered); one added was no
    /// target of a link that built.
    pub fn patched(&self, changed: &[Arc<Document>]) -> Option<Site> {
        let mut site = self.clone();
        let mut at = Vec::with_capacity(changed.len());
        for doc in changed {
            let i = self.doc_by_source_path(&doc.source_path)?;
            site.docs[i] = audience::view(&self.options.audience, doc);
            at.push(i);
        }
        at.sort_unstable();
        at.dedup();
        if !at.iter().all(|&i| self.keeps_place(&site, i)) {
            return None;
        }
        // The clone's indexes are the ones before: patched in place of a second copy.
        let before = std::mem::take(&mut site.indexes);
        site.indexes = site.patched_indexes(before, &at);
        if at
            .iter()
            .any(|&i| self.docs[i].meta.title != site.docs[i].meta.title)
        {
            site.shared_titles = site.titles_used_twice();
        }
        Some(site)
    }

    /// Whether document `i` of `new` (this site with changed documents swapped in)
    /// keeps its place in the graph (see `patched`).
    fn keeps_place(&self, new: &Site, i: usize) -> bool {
        let (before, after) = (&self.docs[i], &new.docs[i]);
        let audience = &self.options.audience;
        before.meta.id == after.meta.id
            && before.meta.doc_type == after.meta.doc_type
            && self.options.publishes(after) == self.published[i]
            && before.masked_anchors == after.masked_anchors
            && audience::has_hidden(audience, before) == audience::has_hidden(audience, after)
            && (!self.published[i] || self.doc_assets(i) == new.doc_assets(i))
    }

    /// The assets document `i` links to or shows.
    pub(super) fn doc_assets(&self, i: usize) -> BTreeSet<String> {
        let mut linked = BTreeSet::new();
        for link in &self.docs[i].links {
            if let Ok(LinkTarget::Asset { path, .. }) = self.link_target(i, &link.dest, link.wiki) {
                linked.insert(path);
            }
        }
        linked
    }
}
