//! A spreadsheet as a grid of cells with their sheet positions: from xlsx (and the other
//! formats calamine reads) or from CSV, whatever the separator and encoding Excel used.

use calamine::{Data, Reader};
use std::io::Cursor;

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A formula error such as `#DIV/0!`.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, numbers without a needless `.0`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// Cells by 0-based (row, column) of the sheet, so positions print as the sheet shows them.
#[derive(Debug, Default)]
pub struct Grid {
    /// Sheet row of `rows[0]` (0-based).
    pub first_row: u32,
    /// Sheet column of each row's first cell (0-based).
    pub first_col: u32,
    pub rows: Vec<Vec<Cell>>,
    /// Cells inside a merged range other than its top-left one → that top-left cell.
    pub merged: std::collections::BTreeMap<(u32, u32), (u32, u32)>,
}

impl Grid {
    pub fn get(&self, row: u32, col: u32) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        let (Some(r), Some(c)) = (
            row.checked_sub(self.first_row),
            col.checked_sub(self.first_col),
        ) else {
            return &EMPTY;
        };
        self.rows
            .get(r as usize)
            .and_then(|cells| cells.get(c as usize))
            .unwrap_or(&EMPTY)
    }

    pub fn last_row(&self) -> u32 {
        self.first_row + self.rows.len() as u32
    }

    pub fn width(&self) -> u32 {
        self.first_col + self.rows.iter().map(Vec::len).max().unwrap_or(0) as u32
    }

    /// A cell's value, taking a vertically merged range's value from its top cell: an
    /// area merged over several risks belongs to each of them.
    pub fn value(&self, row: u32, col: u32) -> &Cell {
        match self.merged.get(&(row, col)) {
            Some(&(r, c)) if c == col => self.get(r, c),
            _ => self.get(row, col),
        }
    }
}

/// "A", "B", … "Z", "AA" for a 0-based column.
pub fn column_letter(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The 0-based column of letters such as "H" or "AB".
pub fn column_index(letters: &str) -> Option<u32> {
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let mut n: u32 = 0;
    for c in letters.chars() {
        n = n * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    Some(n - 1)
}

/// Every sheet of a workbook by name, for choosing one.
pub struct Workbook {
    pub sheets: Vec<(String, Grid)>,
}

/// Reads a workbook. A damaged file is an error message, never a panic: the reader runs
/// behind `catch_unwind` because it parses untrusted zip and XML.
pub fn read_workbook(bytes: &[u8]) -> Result<Workbook, String> {
    let bytes = bytes.to_vec();
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(move || read_workbook_inner(bytes));
    std::panic::set_hook(previous_hook);
    match result {
        Ok(r) => r,
        Err(_) => Err("the workbook is damaged and cannot be read".into()),
    }
}

fn read_workbook_inner(bytes: Vec<u8>) -> Result<Workbook, String> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("not a spreadsheet calamine can read ({e})"))?;
    let names = book.sheet_names();
    let mut sheets = Vec::new();
    for name in names {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("cannot read the sheet `{name}`: {e}"))?;
        let merges: Vec<calamine::Dimensions> = match &mut book {
            calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            calamine::Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let rows: Vec<Vec<Cell>> = range
            .rows()
            .map(|r| r.iter().map(cell_of).collect())
            .collect();
        let mut grid = Grid {
            first_row,
            first_col,
            rows,
            merged: Default::default(),
        };
        for m in merges {
            for r in m.start.0..=m.end.0.min(m.start.0 + 10_000) {
                for c in m.start.1..=m.end.1.min(m.start.1 + 1_000) {
                    if (r, c) != m.start {
                        grid.merged.insert((r, c), m.start);
                    }
                }
            }
        }
        sheets.push((name, grid));
    }
    Ok(Workbook { sheets })
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::Error(e) => Cell::Error(format!("{e}")),
        // A date cell as YYYY-MM-DD: Excel counts days from 1899-12-30.
        Data::DateTime(dt) if dt.is_datetime() && (0.0..2_958_466.0).contains(&dt.as_f64()) => {
            Cell::Text(
                crate::text::Date::from_days_since_epoch(dt.as_f64().floor() as i64 - 25_569).iso(),
            )
        }
        Data::DateTime(dt) => Cell::Text(dt.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

/// Decodes CSV bytes: UTF-8 (with or without BOM), UTF-16 with BOM ("Unicode text"), or
/// else Windows-1252, which Swedish Excel writes for "CSV (semikolonavgränsad)".
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// Parses CSV text with `sep` (quotes as RFC 4180: `""` inside a quoted field is a quote;
/// line breaks inside quotes stay in the field). Each record is one sheet row.
pub fn parse_csv(text: &str, sep: char) -> Grid {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = text.chars().peekable();
    let finish_field = |field: &mut String, row: &mut Vec<Cell>, was_quoted: &mut bool| {
        let value = std::mem::take(field);
        row.push(if value.is_empty() && !*was_quoted {
            Cell::Empty
        } else {
            Cell::Text(value)
        });
        *was_quoted = false;
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\r' if chars.peek() == Some(&'\n') => {}
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            c if c == sep => finish_field(&mut field, &mut row, &mut was_quoted),
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                finish_field(&mut field, &mut row, &mut was_quoted);
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || was_quoted || !row.is_empty() {
        finish_field(&mut field, &mut row, &mut was_quoted);
        rows.push(row);
    }
    Grid {
        first_row: 0,
        first_col: 0,
        rows,
        merged: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_both_ways() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(7), "H");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_index("H"), Some(7));
        assert_eq!(column_index("aa"), Some(26));
        assert_eq!(column_index("H1"), None);
    }

    #[test]
    fn csv_with_quotes_and_line_breaks() {
        let g = parse_csv("a;\"b;c\";\"x \"\"y\"\"\"\r\n1;\"två\r\nrader\";\n", ';');
        assert_eq!(g.rows.len(), 2);
        assert_eq!(g.rows[0][1], Cell::Text("b;c".into()));
        assert_eq!(g.rows[0][2], Cell::Text("x \"y\"".into()));
        assert_eq!(g.rows[1][1], Cell::Text("två\nrader".into()));
        assert_eq!(g.rows[1][2], Cell::Empty);
    }

    #[test]
    fn encodings() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFh\xC3\xA5"), "hå");
        assert_eq!(decode_text(b"h\xE5 \x96 \x80"), "hå – €");
        assert_eq!(decode_text(b"\xFF\xFEh\x00\xE5\x00"), "hå");
    }

    #[test]
    fn damaged_workbook_is_an_error() {
        assert!(read_workbook(b"PK\x03\x04 not really a zip").is_err());
        assert!(read_workbook(b"").is_err());
    }
}
