//! Risk facts over the site graph that several stages share: what a risk's `previous`
//! points at (validation and rendering resolve it the same way), the trend against it,
//! which analyses are current, and each risk's score history across years.

use crate::Site;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use styrdok_core::model::{Document, Record, RecordKind};
use styrdok_core::text::collate;

/// A risk of the site: document index and record index.
pub type RiskRef = (usize, usize);

/// Splits `DOC-ID#risk-ID` into the document id and the risk id.
pub fn parse_previous(value: &str) -> Option<(&str, &str)> {
    let (doc, anchor) = value.trim().split_once('#')?;
    let id = anchor.strip_prefix("risk-")?;
    (!doc.is_empty() && !id.is_empty()).then_some((doc, id))
}

/// Resolves a risk's `previous` written in document `from`. The error is the message
/// for the diagnostic.
pub fn resolve_previous(site: &Site, from: usize, value: &str) -> Result<RiskRef, String> {
    let Some((doc_id, risk_id)) = parse_previous(value) else {
        if let Some((_, anchor)) = value
            .split_once('#')
            .filter(|(d, a)| !d.is_empty() && !a.is_empty())
        {
            return Err(format!(
                "`previous` must point at a risk (`#risk-ID`), but `{value}` points at `#{anchor}`"
            ));
        }
        return Err(format!(
            "`previous` must name a risk of an earlier analysis as DOC-ID#risk-ID, found `{value}`"
        ));
    };
    let Some(&doc) = site.by_id.get(doc_id) else {
        return Err(format!(
            "`previous` names the document `{doc_id}`, but no document has that id"
        ));
    };
    if doc == from {
        return Err(format!(
            "`previous` must name a risk in another (earlier) analysis, not in this document (`{value}`)"
        ));
    }
    let target = &site.docs[doc];
    match find_risk(target, risk_id) {
        Some(record) => Ok((doc, record)),
        None => Err(format!(
            "`previous`: {} has no risk `#risk-{risk_id}`",
            target.source_path
        )),
    }
}

fn find_risk(doc: &Document, id: &str) -> Option<usize> {
    doc.records
        .iter()
        .position(|r| r.kind == RecordKind::Risk && r.id == id)
}

/// The earlier risk a published risk names, when that one is published too (an
/// unpublished draft's figures must not leak into a published page).
pub fn published_previous(site: &Site, doc: usize, record: &Record) -> Option<RiskRef> {
    let value = &record.risk()?.previous.as_ref()?.value;
    let (d, r) = resolve_previous(site, doc, value).ok()?;
    site.published[d].then_some((d, r))
}

/// The documents whose risks document `doc` names as `previous`: its page and exports
/// show their scores, so a change to them re-renders it (incremental builds). Kept in
/// the indexes (`Indexes::previous`): every edit asks it of every document.
pub fn previous_targets(site: &Site, doc: usize) -> &[usize] {
    site.indexes.previous.get(doc).map_or(&[], Vec::as_slice)
}

/// `previous_targets` as the indexes make it.
pub(crate) fn previous_of(site: &Site, doc: usize) -> Vec<usize> {
    let mut targets: Vec<usize> = site.docs[doc]
        .records
        .iter()
        .filter_map(|r| r.risk()?.previous.as_ref())
        .filter_map(|p| parse_previous(&p.value))
        .filter_map(|(id, _)| site.by_id.get(id).copied())
        .filter(|&t| t != doc)
        .collect();
    targets.sort_unstable();
    targets.dedup();
    targets
}

/// A risk score's band, from `Site::score_band`: one type, so the heat map, the tables,
/// the lists and the exports cannot disagree. Serialised as `high`, `medium`, `low`
/// (the CSS classes `band-high` … and the exports' values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    High,
    Medium,
    Low,
}

impl Band {
    /// Highest first, as every list of bands shows them.
    pub const ALL: [Band; 3] = [Band::High, Band::Medium, Band::Low];

    pub fn key(self) -> &'static str {
        match self {
            Band::High => "high",
            Band::Medium => "medium",
            Band::Low => "low",
        }
    }
}

/// How a score moved since the earlier analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Same,
}

impl Direction {
    pub fn of(now: i64, before: i64) -> Direction {
        match now.cmp(&before) {
            std::cmp::Ordering::Greater => Direction::Up,
            std::cmp::Ordering::Less => Direction::Down,
            std::cmp::Ordering::Equal => Direction::Same,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
            Direction::Same => "same",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Direction::Up => "↑",
            Direction::Down => "↓",
            Direction::Same => "→",
        }
    }
}

/// The score of a risk record, when its figures are known.
pub fn score_of(site: &Site, (doc, record): RiskRef) -> Option<i64> {
    site.docs[doc].records[record].risk()?.computed_score()
}

/// Published documents that hold risks, split into the current analysis of each owner
/// and the older ones. Both lists are in a stable order: by owner, newest first.
pub struct Analyses {
    pub current: Vec<usize>,
    pub older: Vec<usize>,
    /// Per owner: the analyses, newest first (`current` holds each group's first).
    pub groups: Vec<Vec<usize>>,
}

pub fn analyses(site: &Site) -> Analyses {
    let swedish = site.lang().is_swedish();
    // An analysis without an owner is its own group: nothing says what it replaces.
    let owner_key = |i: usize| -> String {
        match &site.docs[i].meta.owner {
            Some(o) => format!("o:{}", site.canonical_responsible(&o.value)),
            None => format!("d:{}", site.docs[i].meta.id),
        }
    };
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in site.published_docs() {
        if d.records.iter().any(|r| r.kind == RecordKind::Risk) {
            groups.entry(owner_key(i)).or_default().push(i);
        }
    }
    let mut ordered: Vec<Vec<usize>> = groups
        .into_values()
        .map(|mut docs| {
            docs.sort_by(|&a, &b| newest_first(site, a, b));
            docs
        })
        .collect();
    // Groups by the title of their newest analysis, so the page reads alphabetically.
    ordered.sort_by(|a, b| {
        collate(
            &site.docs[a[0]].meta.title,
            &site.docs[b[0]].meta.title,
            swedish,
        )
    });
    let mut current = Vec::new();
    let mut older = Vec::new();
    for docs in &ordered {
        current.push(docs[0]);
        older.extend_from_slice(&docs[1..]);
    }
    Analyses {
        current,
        older,
        groups: ordered,
    }
}

/// Newest decision first; undated last; then by title and id for a total order.
pub fn newest_first(site: &Site, a: usize, b: usize) -> std::cmp::Ordering {
    let (ma, mb) = (&site.docs[a].meta, &site.docs[b].meta);
    mb.decided
        .cmp(&ma.decided)
        .then_with(|| collate(&ma.title, &mb.title, site.lang().is_swedish()))
        .then_with(|| ma.id.cmp(&mb.id))
}

/// One risk followed back through its `previous` links: the newest first.
pub type History = Vec<RiskRef>;

/// Every chain of published risks linked by `previous`, from each newest risk (one that
/// no published risk names as its previous) back to the oldest. Only chains of two or
/// more risks are returned, ordered by the newest risk's document, then row order.
pub fn histories(site: &Site) -> Vec<History> {
    let mut previous_of: HashMap<RiskRef, RiskRef> = HashMap::new();
    let mut named: BTreeSet<RiskRef> = BTreeSet::new();
    let mut risks: Vec<RiskRef> = Vec::new();
    for (i, d) in site.published_docs() {
        for (j, rec) in d.records.iter().enumerate() {
            if rec.kind != RecordKind::Risk {
                continue;
            }
            risks.push((i, j));
            if let Some(prev) = published_previous(site, i, rec) {
                previous_of.insert((i, j), prev);
                named.insert(prev);
            }
        }
    }
    let mut out: Vec<History> = Vec::new();
    for start in risks {
        if named.contains(&start) || !previous_of.contains_key(&start) {
            continue;
        }
        let mut chain = vec![start];
        let mut seen: BTreeSet<RiskRef> = BTreeSet::from([start]);
        let mut at = start;
        // A cycle (A names B, B names A) ends the walk instead of looping.
        while let Some(&prev) = previous_of.get(&at) {
            if !seen.insert(prev) {
                break;
            }
            chain.push(prev);
            at = prev;
        }
        out.push(chain);
    }
    out.sort_by(|a, b| newest_first(site, a[0].0, b[0].0).then_with(|| a[0].1.cmp(&b[0].1)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previous_is_doc_and_risk_id() {
        assert_eq!(parse_previous("ra-2022#risk-5"), Some(("ra-2022", "5")));
        assert_eq!(parse_previous(" ra#risk-a.1 "), Some(("ra", "a.1")));
        assert_eq!(parse_previous("ra-2022#action-5"), None);
        assert_eq!(parse_previous("#risk-5"), None);
        assert_eq!(parse_previous("ra-2022"), None);
        assert_eq!(parse_previous("ra#risk-"), None);
    }

    #[test]
    fn directions() {
        assert_eq!(Direction::of(20, 16), Direction::Up);
        assert_eq!(Direction::of(4, 16).symbol(), "↓");
        assert_eq!(Direction::of(9, 9).key(), "same");
    }
}
