//! A document as a build's audience sees it. A document whose masked sections or rows
//! the audience may not see is copied with them gone: the records, headings and links
//! removed, their text blanked (spaces, newlines kept, so every position stays true).
//! Every stage after the graph reads only this copy, so nothing masked can reach a page,
//! a list, a count, the search index, an export or a feed of that audience.

use std::sync::Arc;
use styrdok_config::Audience;
use styrdok_core::diag::SourceMap;
use styrdok_core::model::{Classification, Document};

/// Whether `audience` sees material classified `level` (unclassified: the document's).
fn hidden(audience: &Audience, level: Option<Classification>) -> bool {
    level.is_some_and(|l| !audience.shows(l))
}

/// Whether `doc` has masked sections or rows `audience` does not see.
pub fn has_hidden(audience: &Audience, doc: &Document) -> bool {
    doc.masks.iter().any(|m| hidden(audience, Some(m.level)))
        || doc.blocks.iter().any(|b| b.masked_rows > 0)
        || doc
            .records
            .iter()
            .any(|r| hidden(audience, r.classification))
}

/// `doc` as `audience` sees it: the same `Arc` when nothing in it is masked from it.
pub fn view(audience: &Audience, doc: &Arc<Document>) -> Arc<Document> {
    if !has_hidden(audience, doc) {
        return doc.clone();
    }
    let mut d = (**doc).clone();
    let mut text = std::mem::take(&mut d.text).into_bytes();
    for m in d.masks.iter().filter(|m| hidden(audience, Some(m.level))) {
        blank(&mut text, m.content.clone());
    }
    for r in d
        .records
        .iter()
        .filter(|r| hidden(audience, r.classification))
    {
        blank(&mut text, row_range(&doc.text, &doc.map, r.at.line));
        d.masked_anchors.push(r.anchor());
    }
    // Blanking replaces whole characters by as many spaces: still UTF-8.
    d.text = String::from_utf8(text).unwrap_or_default();
    for h in d.headings.iter().filter(|h| hidden(audience, h.section)) {
        d.masked_anchors.push(h.anchor.clone());
    }
    d.headings.retain(|h| !hidden(audience, h.section));
    d.links.retain(|l| !hidden(audience, l.section));
    remove_rows(audience, &mut d);
    Arc::new(d)
}

/// Drops the rows `audience` may not see, renumbering the blocks' references; a block
/// inside a hidden section goes too (its fence is blank), others count their masked rows.
fn remove_rows(audience: &Audience, d: &mut Document) {
    let keep: Vec<bool> = d
        .records
        .iter()
        .map(|r| !hidden(audience, r.classification))
        .collect();
    let mut new_index = Vec::with_capacity(keep.len());
    let mut n = 0;
    for &k in &keep {
        new_index.push(n);
        n += usize::from(k);
    }
    d.blocks.retain(|b| !hidden(audience, b.section));
    for b in &mut d.blocks {
        let before = b.records.len();
        b.records.retain(|&i| keep[i]);
        b.masked_rows = before - b.records.len();
        for i in &mut b.records {
            *i = new_index[*i];
        }
    }
    let mut i = 0;
    d.records.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// The lines of the row starting on `line` (1-based): up to the next row of its list
/// (a line starting at the row's indentation or less) or the block's closing fence.
/// Reads the row's own lines only, through the document's line index.
fn row_range(text: &str, map: &SourceMap, line: u32) -> std::ops::Range<usize> {
    let first = map.line_text(text, line);
    let indent = first.len() - first.trim_start().len();
    let last_line = map.line_count() as u32;
    let mut next = line + 1;
    while next <= last_line {
        let l = map.line_text(text, next);
        let trimmed = l.trim_start();
        if !trimmed.is_empty() && l.len() - trimmed.len() <= indent {
            break;
        }
        next += 1;
    }
    let end = if next <= last_line {
        map.line_start(next)
    } else {
        text.len()
    };
    map.line_start(line)..end
}

/// Every character of `range` but newlines becomes spaces, byte for byte.
fn blank(text: &mut [u8], range: std::ops::Range<usize>) {
    let end = range.end.min(text.len());
    for b in &mut text[range.start.min(end)..end] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_runs_to_the_next_row_or_the_fence() {
        let text = "```risks\n- id: 1\n  risk: A\n\n- id: 2\n  risk: B\n```\n";
        let map = SourceMap::new("a.md", text);
        assert_eq!(&text[row_range(text, &map, 2)], "- id: 1\n  risk: A\n\n");
        assert_eq!(&text[row_range(text, &map, 5)], "- id: 2\n  risk: B\n");
        let last = "- id: 1\n  risk: A";
        let map = SourceMap::new("a.md", last);
        assert_eq!(&last[row_range(last, &map, 1)], last);
    }

    #[test]
    fn blanking_keeps_lines_and_utf8() {
        let mut bytes = "å\nö".as_bytes().to_vec();
        let len = bytes.len();
        blank(&mut bytes, 0..len);
        assert_eq!(String::from_utf8(bytes).unwrap(), "  \n  ");
    }
}
