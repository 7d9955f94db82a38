//! Byte-level encodings of the index files (docs/search.md describes the layout):
//! LEB128 varints, delta-coded lists or bitmaps (whichever is smaller), term postings,
//! content-defined shard boundaries and deterministic gzip.

use std::io::Write;

/// Units of a document encoded as a bit mask when it has at most this many; otherwise
/// as a list. The browser decides the same way from the units table.
pub const MASK_UNITS: u32 = 32;

pub fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub fn varint_len(mut v: u64) -> usize {
    let mut n = 1;
    while v >= 0x80 {
        v >>= 7;
        n += 1;
    }
    n
}

/// Reads a varint; None at the end of the input or on an overlong one.
pub fn read_varint(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// A bitmap of `members` (ascending, each < universe), trailing zero bytes dropped.
fn bitmap(members: impl Iterator<Item = u32>) -> Vec<u8> {
    let mut bits: Vec<u8> = Vec::new();
    for m in members {
        let byte = (m / 8) as usize;
        if bits.len() <= byte {
            bits.resize(byte + 1, 0);
        }
        bits[byte] |= 1 << (m % 8);
    }
    bits
}

/// An ascending set of integers: `0, count, first, gaps…` as varints, or `1, nbytes,
/// bitmap` when that is shorter. Ties go to the list.
pub fn int_set(out: &mut Vec<u8>, members: &[u32]) {
    let mut list = Vec::with_capacity(members.len() + 4);
    varint(&mut list, members.len() as u64);
    let mut prev = 0u32;
    for (i, &m) in members.iter().enumerate() {
        varint(&mut list, u64::from(if i == 0 { m } else { m - prev }));
        prev = m;
    }
    let bitmap_len = members.last().map(|&m| m as usize / 8 + 1).unwrap_or(0);
    if bitmap_len + varint_len(bitmap_len as u64) < list.len() {
        out.push(1);
        varint(out, bitmap_len as u64);
        out.extend(bitmap(members.iter().copied()));
    } else {
        out.push(0);
        out.extend(list);
    }
}

/// Decodes `int_set` (for tests and the canary check).
pub fn read_int_set(bytes: &[u8], pos: &mut usize) -> Option<Vec<u32>> {
    let kind = *bytes.get(*pos)?;
    *pos += 1;
    let mut out = Vec::new();
    match kind {
        0 => {
            let n = read_varint(bytes, pos)?;
            let mut prev = 0u64;
            for i in 0..n {
                let v = read_varint(bytes, pos)?;
                prev = if i == 0 { v } else { prev + v };
                out.push(u32::try_from(prev).ok()?);
            }
        }
        1 => {
            let n = read_varint(bytes, pos)? as usize;
            let bits = bytes.get(*pos..*pos + n)?;
            *pos += n;
            for (i, b) in bits.iter().enumerate() {
                for bit in 0..8 {
                    if b & (1 << bit) != 0 {
                        out.push((i * 8 + bit) as u32);
                    }
                }
            }
        }
        _ => return None,
    }
    Some(out)
}

/// One term's postings: `entries` are `(doc, unit << 1 | strong)` sorted ascending;
/// `units_of(doc)` is the document's unit count. Layout: the set of documents
/// (`int_set`); per document its units (a varint bit mask when it has at most
/// `MASK_UNITS` units, else `count, first, gaps…`); then the strong postings (title or
/// heading hits) as an `int_set` of positions in the flattened posting list.
pub fn postings(entries: &[(u32, u32)], units_of: impl Fn(u32) -> u32) -> Vec<u8> {
    let mut b = PostingsBuilder::default();
    let mut codes = Vec::new();
    for (i, &(doc, code)) in entries.iter().enumerate() {
        codes.push(code);
        if entries.get(i + 1).is_none_or(|next| next.0 != doc) {
            b.add(doc, &codes, units_of(doc));
            codes.clear();
        }
    }
    b.finish()
}

/// One term's postings (the layout of `postings`) made document by document, in a few
/// bytes a document rather than eight a posting: a one-off build's term map holds
/// every term's postings at once.
#[derive(Default)]
pub struct PostingsBuilder {
    /// The documents as gaps (varints), and how many.
    docs: Vec<u8>,
    n_docs: u64,
    last_doc: u32,
    /// Each document's units, as `postings` writes them.
    units: Vec<u8>,
    strong: Vec<u32>,
    position: u32,
}

impl PostingsBuilder {
    /// Adds document `doc` (above every one added before) with its unit codes `codes`
    /// (`unit << 1 | strong`, ascending, at least one); it has `unit_count` units.
    pub fn add(&mut self, doc: u32, codes: &[u32], unit_count: u32) {
        let gap = if self.n_docs == 0 {
            doc
        } else {
            doc - self.last_doc
        };
        varint(&mut self.docs, u64::from(gap));
        self.n_docs += 1;
        self.last_doc = doc;
        if unit_count <= MASK_UNITS {
            let mask = codes.iter().fold(0u64, |m, c| m | 1 << (c >> 1));
            varint(&mut self.units, mask);
        } else {
            varint(&mut self.units, codes.len() as u64);
            let mut prev = 0;
            for (k, c) in codes.iter().enumerate() {
                let unit = c >> 1;
                varint(
                    &mut self.units,
                    u64::from(if k == 0 { unit } else { unit - prev }),
                );
                prev = unit;
            }
        }
        for c in codes {
            if c & 1 == 1 {
                self.strong.push(self.position);
            }
            self.position += 1;
        }
    }

    /// The term's postings, laid out as `postings` says.
    pub fn finish(self) -> Vec<u8> {
        let mut docs = Vec::with_capacity(self.n_docs as usize);
        let (mut pos, mut doc) = (0, 0u32);
        while let Some(gap) = read_varint(&self.docs, &mut pos) {
            doc += gap as u32;
            docs.push(doc);
        }
        let mut out = Vec::with_capacity(self.units.len() + self.docs.len() + 8);
        int_set(&mut out, &docs);
        out.extend_from_slice(&self.units);
        int_set(&mut out, &self.strong);
        out
    }
}

/// Whether a shard ends after this term: content-defined, so that an edit moves the
/// boundaries near it only and most shards keep their bytes (and browsers' caches).
pub fn cut_after(term: &str, shard_bytes: usize, min: usize, max: usize) -> bool {
    if shard_bytes >= max {
        return true;
    }
    // FNV-1a: stable across Rust versions and platforms, unlike std's hasher.
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    shard_bytes >= min && h.is_multiple_of(64)
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms.
pub fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// FNV-1a over bytes, hex: a short stable fingerprint for cache-busting.
pub fn fingerprint(parts: &[&[u8]]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.iter() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Gzip with a zeroed header (no name, no time), so equal input gives equal bytes.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    gzip_level(bytes, GZIP_LEVEL)
}

/// The level of `gzip`.
pub const GZIP_LEVEL: u32 = 6;

/// `gzip` at a given level (1 fastest … 9 smallest).
pub fn gzip_level(bytes: &[u8], level: u32) -> Vec<u8> {
    let mut enc = flate2::GzBuilder::new().mtime(0).write(
        Vec::with_capacity(bytes.len() / 3 + 64),
        flate2::Compression::new(level),
    );
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

pub fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_made_document_by_document_are_laid_out_as_before() {
        // Documents with few units (a mask) and many (a list), strong hits, gaps; the
        // bytes are those of the encoder before it was made of `PostingsBuilder`.
        let entries = [
            (0, 2),
            (0, 5),
            (3, 0),
            (3, 1),
            (3, 7),
            (40, 200),
            (40, 403),
            (41, 0),
        ];
        let units_of = |d: u32| if d == 40 { 300 } else { 10 };
        let mut b = PostingsBuilder::default();
        let mut i = 0;
        while i < entries.len() {
            let doc = entries[i].0;
            let codes: Vec<u32> = entries[i..]
                .iter()
                .take_while(|e| e.0 == doc)
                .map(|e| e.1)
                .collect();
            i += codes.len();
            b.add(doc, &codes, units_of(doc));
        }
        let bytes = b.finish();
        let before = [0, 4, 0, 3, 37, 1, 6, 9, 2, 100, 101, 1, 1, 1, 90];
        assert_eq!(bytes, before);
        assert_eq!(postings(&entries, units_of), before);
    }

    #[test]
    fn varints_round_trip() {
        for v in [
            0u64,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u32::MAX as u64,
            u64::MAX,
        ] {
            let mut b = Vec::new();
            varint(&mut b, v);
            assert_eq!(b.len(), varint_len(v));
            let mut pos = 0;
            assert_eq!(read_varint(&b, &mut pos), Some(v));
            assert_eq!(pos, b.len());
        }
        assert_eq!(read_varint(&[0x80], &mut 0), None);
    }

    #[test]
    fn sets_pick_the_smaller_form() {
        let sparse = [3u32, 1000, 5000];
        let dense: Vec<u32> = (0..400).filter(|i| i % 3 != 0).collect();
        for set in [&sparse[..], &dense[..], &[][..]] {
            let mut b = Vec::new();
            int_set(&mut b, set);
            let mut pos = 0;
            assert_eq!(read_int_set(&b, &mut pos).unwrap(), set);
            assert_eq!(pos, b.len());
        }
        let mut b = Vec::new();
        int_set(&mut b, &sparse);
        assert_eq!(b[0], 0, "a sparse set is a list");
        let mut b = Vec::new();
        int_set(&mut b, &dense);
        assert_eq!(b[0], 1, "a dense set is a bitmap");
        assert!(b.len() < 60);
    }

    #[test]
    fn postings_masks_lists_and_strong_positions() {
        // Doc 0 (4 units): units 0 (strong) and 2; doc 5 (40 units): units 1 and 33 (strong).
        let entries = [(0, 1), (0, 4), (5, 2), (5, 67)];
        let b = postings(&entries, |d| if d == 0 { 4 } else { 40 });
        let mut pos = 0;
        assert_eq!(read_int_set(&b, &mut pos).unwrap(), [0, 5]);
        assert_eq!(read_varint(&b, &mut pos), Some(0b101));
        assert_eq!(read_varint(&b, &mut pos), Some(2));
        assert_eq!(read_varint(&b, &mut pos), Some(1));
        assert_eq!(read_varint(&b, &mut pos), Some(32));
        assert_eq!(read_int_set(&b, &mut pos).unwrap(), [0, 3]);
        assert_eq!(pos, b.len());
    }

    #[test]
    fn gzip_is_deterministic_and_round_trips() {
        let data = "vårdskada ".repeat(100).into_bytes();
        assert_eq!(gzip(&data), gzip(&data));
        assert_eq!(gunzip(&gzip(&data)).unwrap(), data);
    }

    #[test]
    fn shards_cut_at_max_or_at_content_boundaries() {
        assert!(cut_after("x", 100, 10, 100));
        assert!(!cut_after("x", 5, 10, 100));
        let cuts = (0..10_000)
            .filter(|i| cut_after(&format!("term{i}"), 50, 10, 100))
            .count();
        assert!((100..=220).contains(&cuts), "about one term in 64: {cuts}");
    }
}
