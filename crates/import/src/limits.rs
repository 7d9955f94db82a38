//! Bounds on what an import reads. A spreadsheet is untrusted input and a small file can
//! stand for a huge one: a 1 MB xlsx can unpack to a gigabyte of XML, and a sheet with
//! one cell at XFD1048576 declares 17 billion cells. Each bound is an error that names
//! the part of the file or the cell, never a panic or an allocation that aborts.

use super::Problem;
use std::io::{BufReader, Cursor, Read};

/// Excel's own limit on the characters of one cell.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Cells with content read from one file, all sheets read together. A register holds a
/// few thousand; at most about 80 MB of cells besides their text.
pub const MAX_CELLS: usize = 2_000_000;
/// Bytes of cell text (UTF-8) read from one file.
pub const MAX_TEXT_BYTES: usize = 128 << 20;
/// The file itself.
pub const MAX_FILE_BYTES: u64 = 64 << 20;
/// A worksheet, the shared strings or an ods `content.xml`, unpacked.
pub const MAX_SHEET_PART_BYTES: u64 = 64 << 20;
/// Any other part calamine reads (workbook, styles, relationships), unpacked: it keeps
/// them as structures several times the size of their XML.
pub const MAX_OTHER_PART_BYTES: u64 = 8 << 20;
/// All parts read, unpacked.
pub const MAX_PACKAGE_BYTES: u64 = 256 << 20;
/// Entries of the shared-string table: calamine reserves room for as many as the table
/// declares, and keeps each, even an empty one, as a string.
pub const MAX_SHARED_STRINGS: u64 = MAX_CELLS as u64;
/// (merged area, column) pairs of one sheet's merge index.
pub const MAX_MERGE_COLUMNS: usize = 1_000_000;
/// A Word document's XML part (the body, footnotes, styles), unpacked.
pub const MAX_DOCX_XML_BYTES: u64 = 32 << 20;
/// Elements read from all of a Word document's XML parts: a long report has a few
/// hundred thousand.
pub const MAX_DOCX_ELEMENTS: usize = 2_000_000;
/// How deep a Word document's XML may nest (tables in tables, fields in fields).
pub const MAX_DOCX_DEPTH: usize = 200;
/// Excel's last row and column, 0-based: XFD1048576.
pub const LAST_ROW: u32 = 1_048_575;
pub const LAST_COL: u32 = 16_383;

/// `12,345`: the limits are large numbers.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// What is left of the cells and text one import may read.
#[derive(Debug)]
pub struct Budget {
    cells: usize,
    text_bytes: usize,
    /// The sheet being read, named in the messages of a workbook.
    pub sheet: Option<String>,
}

impl Default for Budget {
    fn default() -> Self {
        Budget::new(MAX_CELLS, MAX_TEXT_BYTES)
    }
}

impl Budget {
    pub fn new(cells: usize, text_bytes: usize) -> Budget {
        Budget {
            cells,
            text_bytes,
            sheet: None,
        }
    }

    /// An error located at a cell, naming the sheet of a workbook.
    pub fn error(&self, row: u32, col: u32, message: String) -> Problem {
        let message = match &self.sheet {
            Some(sheet) => format!("{message} (sheet `{sheet}`)"),
            None => message,
        };
        Problem::error_at(Some(row), Some(col), message)
    }

    /// Counts one cell with content and its text, failing at the cell that goes over;
    /// called before the text is copied, so an over-long one is never copied.
    pub fn take(&mut self, row: u32, col: u32, text: &str) -> Result<(), Problem> {
        if text.len() > MAX_CELL_CHARS {
            let chars = text.chars().count();
            if chars > MAX_CELL_CHARS {
                return Err(self.error(row, col, too_long(chars)));
            }
        }
        if self.cells == 0 {
            return Err(self.error(
                row,
                col,
                format!(
                    "more than {} cells with content; styrdok reads at most that many from one file",
                    grouped(MAX_CELLS as u64)
                ),
            ));
        }
        if text.len() > self.text_bytes {
            return Err(self.error(
                row,
                col,
                format!(
                    "more than {} MiB of text in the cells; styrdok reads at most that much from one file",
                    MAX_TEXT_BYTES >> 20
                ),
            ));
        }
        self.cells -= 1;
        self.text_bytes -= text.len();
        Ok(())
    }
}

/// The message for a cell of `chars` characters.
pub fn too_long(chars: usize) -> String {
    format!(
        "the cell holds {} characters, more than the {} an Excel cell can hold",
        grouped(chars as u64),
        grouped(MAX_CELL_CHARS as u64)
    )
}

/// How much of a zip entry may unpack to, by its name; `None` for entries calamine
/// never reads (pictures and other media).
fn part_bound(name: &str) -> Option<u64> {
    let lower = name.to_ascii_lowercase();
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    let read = file.ends_with(".xml")
        || file.ends_with(".rels")
        || file.ends_with(".bin")
        || !file.contains('.');
    let sheet_sized = lower.contains("worksheets/")
        || file.starts_with("sharedstrings.")
        || file == "content.xml";
    match (read, sheet_sized) {
        (false, _) => None,
        (true, true) => Some(MAX_SHEET_PART_BYTES),
        (true, false) => Some(MAX_OTHER_PART_BYTES),
    }
}

/// Checks a zip workbook (xlsx, xlsb, ods) before calamine opens it: calamine reads the
/// shared strings whole when it opens the file and keeps every part's largest element
/// in memory, so the bounds must hold first. Each part is unpacked and counted, as a
/// zip's declared sizes may lie. A file that is not a zip is left to calamine.
pub fn check_package(bytes: &[u8]) -> Result<(), Problem> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        // An entry zip cannot open (encrypted, unknown method) is calamine's to report.
        let Ok(mut entry) = zip.by_index(i) else {
            continue;
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let Some(bound) = part_bound(&name) else {
            continue;
        };
        let too_big = || {
            Problem::error(format!(
                "the workbook's part {name} unpacks to more than {} MiB, the most styrdok reads of one part",
                bound >> 20
            ))
        };
        if entry.size() > bound {
            return Err(too_big());
        }
        let mut limited = Counted {
            inner: (&mut entry).take(bound + 1),
            count: 0,
        };
        let damaged = |e: String| {
            Problem::error(format!(
                "the workbook is damaged and cannot be read ({name}: {e})"
            ))
        };
        let scanned = if name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            scan_shared_strings(&mut limited, &name)
        } else {
            std::io::copy(&mut limited, &mut std::io::sink())
                .map(|_| ())
                .map_err(|e| damaged(e.to_string()))
        };
        if limited.count > bound {
            return Err(too_big());
        }
        scanned?;
        total += limited.count;
        if total > MAX_PACKAGE_BYTES {
            return Err(Problem::error(format!(
                "the workbook unpacks to more than {} MiB, the most styrdok reads of one file",
                MAX_PACKAGE_BYTES >> 20
            )));
        }
    }
    Ok(())
}

/// All of `reader`, or `None` when it yields more than `bound` bytes: what a zip entry
/// unpacks to is counted, not what it declares, and no more than the bound is kept.
pub fn read_at_most(reader: impl Read, bound: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut limited = Counted {
        inner: reader.take(bound + 1),
        count: 0,
    };
    let mut bytes = Vec::new();
    limited.read_to_end(&mut bytes)?;
    Ok((limited.count <= bound).then_some(bytes))
}

/// A reader that counts what passes through it.
struct Counted<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// Reads the shared-string table as calamine will, refusing one that declares or holds
/// more strings than the bound; the whole part is read, so it is counted. XML errors
/// are left to calamine, which reports them.
fn scan_shared_strings<R: Read>(part: &mut Counted<R>, name: &str) -> Result<(), Problem> {
    use quick_xml::events::Event;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(&mut *part));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut strings: u64 = 0;
    let mut buf = Vec::new();
    let too_many = |verb: &str| {
        Problem::error(format!(
            "the workbook's shared-string table {name} {verb} more than {} strings, the most styrdok reads",
            grouped(MAX_SHARED_STRINGS)
        ))
    };
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                if declared_count(e.attributes_raw().as_bytes()) > MAX_SHARED_STRINGS {
                    return Err(too_many("declares"));
                }
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "si" => {
                strings += 1;
                if strings > MAX_SHARED_STRINGS {
                    return Err(too_many("holds"));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    drop(xml);
    std::io::copy(part, &mut std::io::sink()).map_err(|e| {
        Problem::error(format!(
            "the workbook is damaged and cannot be read ({name}: {e})"
        ))
    })?;
    Ok(())
}

/// The number after `uniqueCount` in the raw attributes of `<sst>`, read loosely, so
/// that no spelling calamine accepts slips past; `u64::MAX` when it does not fit.
fn declared_count(attributes: &[u8]) -> u64 {
    const KEY: &[u8] = b"uniqueCount";
    let Some(at) = attributes.windows(KEY.len()).position(|w| w == KEY) else {
        return 0;
    };
    let rest = &attributes[at + KEY.len()..];
    let digits = rest
        .iter()
        .skip_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'=' | b'"' | b'\''))
        .take_while(|b| b.is_ascii_digit())
        .skip_while(|b| **b == b'0');
    let mut n: u64 = 0;
    for d in digits {
        n = match n
            .checked_mul(10)
            .and_then(|n| n.checked_add((d - b'0') as u64))
        {
            Some(n) => n,
            None => return u64::MAX,
        };
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            out.start_file(*name, options).unwrap();
            out.write_all(bytes).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn grouped_numbers() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(32_767), "32,767");
        assert_eq!(grouped(2_000_000), "2,000,000");
    }

    #[test]
    fn the_budget_fails_at_the_cell_that_goes_over() {
        let mut budget = Budget::new(2, 10);
        budget.sheet = Some("Blad1".into());
        assert!(budget.take(0, 0, "abc").is_ok());
        let e = budget.take(0, 1, "12345678").unwrap_err();
        assert_eq!(
            e.render("f.xlsx"),
            "f.xlsx:1:B: error: more than 128 MiB of text in the cells; styrdok reads at most that much from one file (sheet `Blad1`)"
        );
        assert!(budget.take(1, 0, "x").is_ok());
        let e = budget.take(4, 2, "").unwrap_err();
        assert_eq!(
            e.render("f.xlsx"),
            "f.xlsx:5:C: error: more than 2,000,000 cells with content; styrdok reads at most that many from one file (sheet `Blad1`)"
        );
        let long = "å".repeat(MAX_CELL_CHARS);
        assert!(Budget::default().take(0, 0, &long).is_ok(), "at the limit");
        let e = Budget::default()
            .take(9, 27, &format!("{long}x"))
            .unwrap_err();
        assert_eq!(
            e.render("f.csv"),
            "f.csv:10:AB: error: the cell holds 32,768 characters, more than the 32,767 an Excel cell can hold"
        );
    }

    #[test]
    fn shared_strings_declaring_or_holding_too_many_are_refused() {
        let declared = b"<sst xmlns=\"x\" count=\"1\" uniqueCount = '99999999999999999999999'><si><t>a</t></si></sst>";
        let e = check_package(&zip_of(&[("xl/sharedStrings.xml", declared)])).unwrap_err();
        assert_eq!(
            e.render("f.xlsx"),
            "f.xlsx: error: the workbook's shared-string table xl/sharedStrings.xml declares more than 2,000,000 strings, the most styrdok reads"
        );
        assert_eq!(declared_count(b" uniqueCount=\"0002000001\""), 2_000_001);
        assert_eq!(declared_count(b" count=\"5\""), 0);
        let mut many = b"<sst>".to_vec();
        many.extend(b"<si/>".repeat(MAX_SHARED_STRINGS as usize + 1));
        many.extend(b"</sst>");
        let e = check_package(&zip_of(&[("xl/sharedStrings.xml", &many)])).unwrap_err();
        assert_eq!(
            e.message,
            "the workbook's shared-string table xl/sharedStrings.xml holds more than 2,000,000 strings, the most styrdok reads"
        );
        let fine = b"<sst uniqueCount=\"2\"><si><t>a</t></si><si/></sst>";
        assert!(check_package(&zip_of(&[("xl/sharedStrings.xml", fine)])).is_ok());
    }

    #[test]
    fn parts_are_bounded_by_what_they_unpack_to_not_what_they_declare() {
        let big = vec![b' '; (MAX_OTHER_PART_BYTES + 1) as usize];
        let e = check_package(&zip_of(&[("xl/styles.xml", &big)])).unwrap_err();
        assert_eq!(
            e.message,
            "the workbook's part xl/styles.xml unpacks to more than 8 MiB, the most styrdok reads of one part"
        );
        // The same entry declaring 100 bytes: the local header and the central directory
        // both hold the size; the count of what unpacks still refuses it.
        let mut lying = zip_of(&[("xl/styles.xml", &big)]);
        let size = (big.len() as u32).to_le_bytes();
        let mut patched = 0;
        for at in 0..lying.len() - 4 {
            if lying[at..at + 4] == size {
                lying[at..at + 4].copy_from_slice(&100u32.to_le_bytes());
                patched += 1;
            }
        }
        assert_eq!(patched, 2, "one size in each header");
        assert!(check_package(&lying).is_err());
        // Pictures are not read, so not counted; a file that is not a zip is calamine's.
        assert!(check_package(&zip_of(&[("xl/media/image1.png", &big)])).is_ok());
        assert!(check_package(b"not a zip").is_ok());
    }
}
