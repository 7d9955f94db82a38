//! A reference reader of the index files, the Rust twin of `search.js`'s decoding: the
//! tests use it to check what a query finds without a browser, and that the files decode
//! at all. It reads everything eagerly; the browser reads lazily.

use super::encode::{gunzip, read_int_set, read_varint};
use std::collections::BTreeMap;

/// A posting: document number, unit within it, and whether the term is in its title.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Posting {
    pub doc: u32,
    pub unit: u32,
    pub strong: bool,
}

/// The index as a reader sees it: each term's postings, each document's units.
pub struct Decoded {
    pub manifest: serde_json::Value,
    /// Per document: its unit count.
    pub units: Vec<u32>,
    pub terms: BTreeMap<String, Vec<Posting>>,
    /// Per document: the URL (below `base_path`) of each unit, anchors included.
    pub urls: Vec<Vec<String>>,
    /// Per document: each unit's title (the document's, a heading, a record's).
    pub titles: Vec<Vec<String>>,
}

/// Decompresses an index file when it is gzip.
pub fn bytes(raw: &[u8]) -> Result<Vec<u8>, String> {
    if raw.starts_with(&[0x1f, 0x8b]) {
        gunzip(raw).map_err(|e| e.to_string())
    } else {
        Ok(raw.to_vec())
    }
}

/// Reads the files under `sok/idx/` (paths relative to that folder).
pub fn decode(files: &BTreeMap<String, Vec<u8>>) -> Result<Decoded, String> {
    let get = |name: &str| -> Result<Vec<u8>, String> {
        files
            .get(name)
            .ok_or_else(|| format!("missing {name}"))
            .and_then(|b| bytes(b))
    };
    let manifest: serde_json::Value =
        serde_json::from_slice(&get("manifest.json")?).map_err(|e| e.to_string())?;
    let mask_units = manifest["mask_units"].as_u64().unwrap_or(0) as u32;
    let units_name = manifest["units"].as_str().ok_or("no units table")?;
    let table = get(&format!("units-{units_name}.bin"))?;
    if !table.starts_with(b"SDU2") {
        return Err("units table: bad magic".into());
    }
    let mut pos = 4;
    let bad = || "units table: truncated".to_string();
    let n_docs = read_varint(&table, &mut pos).ok_or_else(bad)? as usize;
    let mut column = || -> Result<Vec<u64>, String> {
        (0..n_docs)
            .map(|_| read_varint(&table, &mut pos).ok_or_else(bad))
            .collect()
    };
    let (_types, _years, _statuses) = (column()?, column()?, column()?);
    let sections = column()?;
    let records = column()?;
    let units: Vec<u32> = sections
        .iter()
        .zip(&records)
        .map(|(s, r)| (1 + s + r) as u32)
        .collect();
    let people_name = manifest["people"].as_str().ok_or("no people table")?;
    let people = get(&format!("people-{people_name}.bin"))?;
    if !people.starts_with(b"SDP1") {
        return Err("people table: bad magic".into());
    }
    let mut terms = BTreeMap::new();
    let shard_files = manifest["shard_files"].as_array().ok_or("no shards")?;
    for name in shard_files {
        let name = name.as_str().ok_or("shard name")?;
        let shard = get(&format!("t/{name}.bin"))?;
        read_shard(&shard, &units, mask_units, &mut terms)?;
    }
    let mut urls = Vec::new();
    let mut titles = Vec::new();
    for doc in 0..n_docs as u64 {
        let meta: serde_json::Value =
            serde_json::from_slice(&get(&format!("d/{doc}.json"))?).map_err(|e| e.to_string())?;
        let url = meta["u"].as_str().unwrap_or("").to_string();
        let mut doc_urls = vec![url.clone()];
        let mut doc_titles = vec![meta["t"].as_str().unwrap_or("").to_string()];
        for key in ["s", "r"] {
            for entry in meta[key].as_array().into_iter().flatten() {
                doc_urls.push(format!("{url}#{}", entry[0].as_str().unwrap_or("")));
                doc_titles.push(entry[1].as_str().unwrap_or("").to_string());
            }
        }
        urls.push(doc_urls);
        titles.push(doc_titles);
    }
    Ok(Decoded {
        manifest,
        units,
        terms,
        urls,
        titles,
    })
}

fn read_shard(
    shard: &[u8],
    units: &[u32],
    mask_units: u32,
    terms: &mut BTreeMap<String, Vec<Posting>>,
) -> Result<(), String> {
    if !shard.starts_with(b"SDT1") {
        return Err("shard: bad magic".into());
    }
    let bad = || "shard: truncated".to_string();
    let mut pos = 4;
    let n = read_varint(shard, &mut pos).ok_or_else(bad)?;
    let mut prev: Vec<u8> = Vec::new();
    for _ in 0..n {
        let shared = read_varint(shard, &mut pos).ok_or_else(bad)? as usize;
        let rest = read_varint(shard, &mut pos).ok_or_else(bad)? as usize;
        let mut term = prev.get(..shared).ok_or_else(bad)?.to_vec();
        term.extend_from_slice(shard.get(pos..pos + rest).ok_or_else(bad)?);
        pos += rest;
        let len = read_varint(shard, &mut pos).ok_or_else(bad)? as usize;
        let data = shard.get(pos..pos + len).ok_or_else(bad)?;
        pos += len;
        let text = String::from_utf8(term.clone()).map_err(|e| e.to_string())?;
        terms.insert(
            text,
            read_postings(data, units, mask_units).ok_or_else(bad)?,
        );
        prev = term;
    }
    Ok(())
}

fn read_postings(data: &[u8], units: &[u32], mask_units: u32) -> Option<Vec<Posting>> {
    let mut pos = 0;
    let docs = read_int_set(data, &mut pos)?;
    let mut out = Vec::new();
    for doc in docs {
        if *units.get(doc as usize)? <= mask_units {
            let mask = read_varint(data, &mut pos)?;
            for unit in 0..64 {
                if mask & (1 << unit) != 0 {
                    out.push(Posting {
                        doc,
                        unit,
                        strong: false,
                    });
                }
            }
        } else {
            let k = read_varint(data, &mut pos)?;
            let mut unit = 0u64;
            for i in 0..k {
                let v = read_varint(data, &mut pos)?;
                unit = if i == 0 { v } else { unit + v };
                out.push(Posting {
                    doc,
                    unit: unit as u32,
                    strong: false,
                });
            }
        }
    }
    for p in read_int_set(data, &mut pos)? {
        out.get_mut(p as usize)?.strong = true;
    }
    (pos == data.len()).then_some(out)
}

impl Decoded {
    /// The URLs of the units holding a term starting with `prefix` (a stem).
    pub fn find(&self, prefix: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .terms
            .range(prefix.to_string()..)
            .take_while(|(t, _)| t.starts_with(prefix))
            .flat_map(|(_, postings)| {
                postings
                    .iter()
                    .map(|p| self.urls[p.doc as usize][p.unit as usize].clone())
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }
}
