//! The .docx package: a zip of XML parts. What is not a Word document we can read is
//! refused here with what it is and what to do: an old .doc, a password-protected file
//! (Word encrypts into an OLE container), a damaged or truncated zip, a macro document.
//! Every part is unpacked against a bound on what it unpacks to, so a zip bomb stops
//! at the bound.

use super::xml::{self, Element, ElementBudget};
use crate::limits::{MAX_DOCX_XML_BYTES, MAX_PACKAGE_BYTES, read_at_most};
use std::collections::HashMap;
use std::io::Cursor;

const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

pub struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Bytes unpacked so far, all parts.
    total: u64,
    pub budget: ElementBudget,
    /// The main part, `word/document.xml` in every Word file.
    pub main: String,
}

/// A relationship of a part: a part's name (resolved) or an external address.
#[derive(Clone, Debug)]
pub struct Rel {
    pub target: String,
    pub external: bool,
}

pub type Rels = HashMap<String, Rel>;

/// Opens a package, refusing what is not a macro-free Word document.
pub fn open(bytes: &[u8]) -> Result<Package<'_>, String> {
    if bytes.is_empty() {
        return Err("the file is empty".into());
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Err(ole_kind(bytes));
    }
    if !bytes.starts_with(b"PK") {
        let rtf = if bytes.starts_with(b"{\\rtf") {
            " (it is an RTF file; save it as .docx in Word)"
        } else {
            ""
        };
        return Err(format!(
            "not a Word document (.docx): the file is not a zip package{rtf}"
        ));
    }
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        format!("the document is damaged or truncated: it cannot be opened as a zip package ({e})")
    })?;
    let mut package = Package {
        zip,
        total: 0,
        budget: ElementBudget::default(),
        main: String::new(),
    };
    package.refuse_macros()?;
    package.main = package.main_part()?;
    Ok(package)
}

/// An OLE file is a password-protected document (Word keeps an encrypted package in a
/// stream named so) or a Word 97–2003 one.
fn ole_kind(bytes: &[u8]) -> String {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    if bytes.windows(name.len()).any(|w| w == name.as_slice()) {
        "the document is password-protected (encrypted), so styrdok cannot read it: remove \
         the password in Word (File › Info › Protect Document › Encrypt with Password) and \
         import the saved copy"
            .into()
    } else {
        "this is a Word 97–2003 document (.doc) or another OLE file, not a .docx: open it in \
         Word and save it as a Word document (.docx)"
            .into()
    }
}

impl Package<'_> {
    fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .filter_map(Result::ok)
            .map(|n| n.into_owned())
            .collect()
    }

    fn has(&self, name: &str) -> bool {
        self.names().iter().any(|n| n.eq_ignore_ascii_case(name))
    }

    fn refuse_macros(&mut self) -> Result<(), String> {
        let has_project = self
            .names()
            .iter()
            .any(|n| n.to_ascii_lowercase().ends_with("vbaproject.bin"));
        let types = self.bytes("[Content_Types].xml", MAX_DOCX_XML_BYTES)?;
        let declared = types.is_some_and(|t| {
            String::from_utf8_lossy(&t)
                .to_ascii_lowercase()
                .contains("macroenabled")
        });
        if has_project || declared {
            return Err(
                "this is a macro-enabled document (.docm): styrdok does not import \
                        documents with macros. Save it in Word as a Word document (.docx), \
                        which leaves the macros out, and import that"
                    .into(),
            );
        }
        Ok(())
    }

    /// The part the package's relationships name as the document, else the usual name.
    fn main_part(&mut self) -> Result<String, String> {
        let rels = self.rels_of("_rels/.rels", "")?;
        let named = rels
            .values()
            .find(|r| !r.external && r.target.ends_with(".xml") && r.target.contains("document"))
            .map(|r| r.target.clone());
        let main = named.unwrap_or_else(|| "word/document.xml".into());
        if self.has(&main) {
            return Ok(main);
        }
        let what = if self.has("xl/workbook.xml") {
            " (it is an Excel workbook: `styrdok import risks` reads registers)"
        } else if self.has("ppt/presentation.xml") {
            " (it is a PowerPoint presentation)"
        } else if self.has("content.xml") {
            " (it is an OpenDocument file: save it as .docx)"
        } else {
            ""
        };
        Err(format!(
            "not a Word document (.docx): the package has no {main}{what}"
        ))
    }

    /// A part's bytes, `None` when the package has no such part; at most `bound`
    /// unpacked, and all parts together at most the package bound.
    pub fn bytes(&mut self, name: &str, bound: u64) -> Result<Option<Vec<u8>>, String> {
        let Some(index) = self.zip.index_for_name(name).or_else(|| {
            let names = self.names();
            let found = names.iter().position(|n| n.eq_ignore_ascii_case(name))?;
            self.zip.index_for_name(&names[found])
        }) else {
            return Ok(None);
        };
        let damaged = |e: &dyn std::fmt::Display| {
            format!(
                "the document is damaged or truncated: its part {name} cannot be unpacked ({e})"
            )
        };
        let entry = self.zip.by_index(index).map_err(|e| match e {
            zip::result::ZipError::UnsupportedArchive(m) if m.contains("assword") => {
                format!("the document's part {name} is password-protected; styrdok cannot read it")
            }
            e => damaged(&e),
        })?;
        if entry.encrypted() {
            return Err(format!(
                "the document's part {name} is password-protected; styrdok cannot read it"
            ));
        }
        let too_big = || {
            format!(
                "the document's part {name} unpacks to more than {} MiB, the most styrdok reads of one part",
                bound >> 20
            )
        };
        if entry.size() > bound {
            return Err(too_big());
        }
        let bytes = read_at_most(entry, bound)
            .map_err(|e| damaged(&e))?
            .ok_or_else(too_big)?;
        self.total += bytes.len() as u64;
        if self.total > MAX_PACKAGE_BYTES {
            return Err(format!(
                "the document unpacks to more than {} MiB, the most styrdok reads of one file",
                MAX_PACKAGE_BYTES >> 20
            ));
        }
        Ok(Some(bytes))
    }

    /// A part as XML, `None` when absent.
    pub fn xml(&mut self, name: &str) -> Result<Option<Element>, String> {
        match self.bytes(name, MAX_DOCX_XML_BYTES)? {
            Some(bytes) => xml::parse(&bytes, name, &mut self.budget).map(Some),
            None => Ok(None),
        }
    }

    /// The relationships of `part` (`word/document.xml` → `word/_rels/document.xml.rels`).
    pub fn rels(&mut self, part: &str) -> Result<Rels, String> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        self.rels_of(&rels, dir)
    }

    fn rels_of(&mut self, rels: &str, dir: &str) -> Result<Rels, String> {
        let mut out = Rels::new();
        let Some(root) = self.xml(rels)? else {
            return Ok(out);
        };
        for rel in root.elements().filter(|e| e.name == "Relationship") {
            let (Some(id), Some(target)) = (rel.attr("Id"), rel.attr("Target")) else {
                continue;
            };
            let external = rel.attr("TargetMode") == Some("External");
            let target = if external {
                target.to_string()
            } else {
                resolve(dir, target)
            };
            out.insert(id.to_string(), Rel { target, external });
        }
        Ok(out)
    }
}

/// A relative target against its part's folder: `media/a.png` from `word` is
/// `word/media/a.png`; `/word/x` is absolute; `..` steps out.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_part() {
        assert_eq!(resolve("word", "media/image1.png"), "word/media/image1.png");
        assert_eq!(resolve("word", "/word/media/a.png"), "word/media/a.png");
        assert_eq!(
            resolve("word", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }

    #[test]
    fn what_is_not_a_docx_says_what_it_is() {
        let e = |b: &[u8]| open(b).err().unwrap();
        assert_eq!(e(b""), "the file is empty");
        assert!(e(b"hello").contains("not a zip package"));
        assert!(e(b"{\\rtf1 x").contains("RTF"));
        assert!(e(b"PK\x03\x04trunc").contains("damaged or truncated"));
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend(vec![0; 600]);
        assert!(e(&ole).contains(".doc"));
        ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(e(&ole).contains("password-protected"));
    }
}
