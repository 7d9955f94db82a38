//! A spreadsheet as a sparse grid of cells with their sheet positions, from a workbook
//! (see `workbook.rs`) or from CSV, whatever the separator and encoding Excel used.

use super::Problem;
use super::limits::{Budget, MAX_CELL_CHARS, too_long};

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

/// A merged area of a sheet: its top-left and bottom-right cells, 0-based (row, column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Area {
    pub first: (u32, u32),
    pub last: (u32, u32),
}

/// The cells with content of a sheet by 0-based (row, column), so positions print as the
/// sheet shows them. Sparse, because a sheet's declared range says nothing of its size:
/// only cells with content are kept, in row and column order, and the used range is
/// theirs.
#[derive(Debug, Default)]
pub struct Grid {
    cells: Vec<(u32, u32, Cell)>,
    /// The used range: its first row and column, and one past its last.
    pub first_row: u32,
    pub first_col: u32,
    end_row: u32,
    end_col: u32,
    /// (column, first row of a merged area) → (the area's last row, its top-left cell),
    /// for each column of the used range an area covers. Areas do not overlap, so the
    /// one holding a cell is the last that starts at or above it in its column.
    merged: std::collections::BTreeMap<(u32, u32), (u32, (u32, u32))>,
}

impl Grid {
    /// The grid of `cells` in any order (of a cell given twice the first counts) and of
    /// the sheet's merged areas. Cells hidden under a merged area are dropped: Excel
    /// shows only an area's top-left cell, while other programs (LibreOffice when asked
    /// to keep them, scripts) leave the others' old values in the file.
    pub fn new(mut cells: Vec<(u32, u32, Cell)>, areas: &[Area]) -> Result<Grid, String> {
        cells.retain(|(_, _, c)| !c.is_empty());
        cells.sort_by_key(|&(r, c, _)| (r, c));
        cells.dedup_by_key(|&mut (r, c, _)| (r, c));
        let mut grid = Grid {
            cells,
            ..Grid::default()
        };
        grid.set_bounds();
        let mut entries = 0usize;
        for area in areas {
            let (top, left) = area.first;
            let (bottom, right) = area.last;
            if top > bottom || left > right || area.first == area.last {
                continue;
            }
            if bottom < grid.first_row || top >= grid.end_row {
                continue;
            }
            let cols = left.max(grid.first_col)..right.saturating_add(1).min(grid.end_col);
            entries += cols.len();
            if entries > super::limits::MAX_MERGE_COLUMNS {
                return Err(format!(
                    "the merged areas span more than {} columns in all, counting an area once for each column it spans; styrdok reads at most that many",
                    super::limits::grouped(super::limits::MAX_MERGE_COLUMNS as u64)
                ));
            }
            for col in cols {
                grid.merged.insert((col, top), (bottom, area.first));
            }
        }
        if !grid.merged.is_empty() {
            let cells = std::mem::take(&mut grid.cells);
            grid.cells = cells
                .into_iter()
                .filter(|&(r, c, _)| grid.merge_origin(r, c).is_none())
                .collect();
            grid.set_bounds();
        }
        Ok(grid)
    }

    fn set_bounds(&mut self) {
        let (Some(first), Some(last)) = (self.cells.first(), self.cells.last()) else {
            (self.first_row, self.first_col, self.end_row, self.end_col) = (0, 0, 0, 0);
            return;
        };
        self.first_row = first.0;
        self.end_row = last.0.saturating_add(1);
        let cols = self.cells.iter().map(|&(_, c, _)| c);
        self.first_col = cols.clone().min().unwrap_or(0);
        self.end_col = cols.max().unwrap_or(0).saturating_add(1);
    }

    pub fn get(&self, row: u32, col: u32) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        match self
            .cells
            .binary_search_by_key(&(row, col), |&(r, c, _)| (r, c))
        {
            Ok(i) => &self.cells[i].2,
            Err(_) => &EMPTY,
        }
    }

    /// One past the last row with content.
    pub fn last_row(&self) -> u32 {
        self.end_row
    }

    /// One past the last column with content.
    pub fn width(&self) -> u32 {
        self.end_col
    }

    /// The cells with content of one row: (row, column, cell) in column order.
    pub fn row(&self, row: u32) -> &[(u32, u32, Cell)] {
        let start = self.cells.partition_point(|&(r, _, _)| r < row);
        let end = self.cells.partition_point(|&(r, _, _)| r <= row);
        &self.cells[start..end]
    }

    /// The rows with content from `row` on, each as (row, its cells); rows without
    /// content are not visited, so a gap of a million rows costs nothing.
    pub fn rows_from(&self, row: u32) -> impl Iterator<Item = (u32, &[(u32, u32, Cell)])> {
        let start = self.cells.partition_point(|&(r, _, _)| r < row);
        self.cells[start..]
            .chunk_by(|a, b| a.0 == b.0)
            .map(|cells| (cells[0].0, cells))
    }

    /// The top-left cell of the merged area a cell lies in, unless it is that cell.
    pub fn merge_origin(&self, row: u32, col: u32) -> Option<(u32, u32)> {
        let (&(c, _), &(bottom, origin)) = self.merged.range(..=(col, row)).next_back()?;
        (c == col && bottom >= row && origin != (row, col)).then_some(origin)
    }

    /// A cell's value, taking a vertically merged area's value from its top cell: an
    /// area merged over several risks belongs to each of them. The rest of a merged
    /// area is blank, as Excel shows it.
    pub fn value(&self, row: u32, col: u32) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        match self.merge_origin(row, col) {
            Some((r, c)) if c == col => self.get(r, c),
            Some(_) => &EMPTY,
            None => self.get(row, col),
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
pub fn parse_csv(text: &str, sep: char) -> Result<Grid, Problem> {
    parse_csv_limited(text, sep, None, &mut Budget::default())
}

/// [`parse_csv`] of at most `max_rows` rows from the first with content (for choosing
/// the separator by the header), counting the cells against `budget`.
pub fn parse_csv_limited(
    text: &str,
    sep: char,
    max_rows: Option<u32>,
    budget: &mut Budget,
) -> Result<Grid, Problem> {
    let mut csv = CsvReader::default();
    let mut quoted = false;
    let mut input = text.chars().peekable();
    while let Some(c) = input.next() {
        if quoted {
            match c {
                '"' if input.peek() == Some(&'"') => {
                    input.next();
                    csv.push('"');
                }
                '"' => quoted = false,
                '\r' if input.peek() == Some(&'\n') => {}
                _ => csv.push(c),
            }
            continue;
        }
        match c {
            '"' if csv.field.is_empty() && !csv.was_quoted => {
                quoted = true;
                csv.was_quoted = true;
            }
            c if c == sep => csv.finish_field(budget)?,
            '\r' | '\n' => {
                if c == '\r' && input.peek() == Some(&'\n') {
                    input.next();
                }
                csv.finish_field(budget)?;
                csv.row = csv.row.saturating_add(1);
                csv.col = 0;
                if let (Some(max), Some(first)) = (max_rows, csv.first_content_row)
                    && csv.row - first >= max
                {
                    break;
                }
            }
            _ => csv.push(c),
        }
    }
    if !csv.field.is_empty() || csv.was_quoted || csv.col > 0 {
        csv.finish_field(budget)?;
    }
    Grid::new(csv.cells, &[]).map_err(Problem::error)
}

#[derive(Default)]
struct CsvReader {
    cells: Vec<(u32, u32, Cell)>,
    field: String,
    /// Characters of the field so far; beyond a cell's limit they are counted, not kept.
    chars: usize,
    was_quoted: bool,
    row: u32,
    col: u32,
    first_content_row: Option<u32>,
}

impl CsvReader {
    fn push(&mut self, c: char) {
        self.chars += 1;
        if self.chars <= MAX_CELL_CHARS {
            self.field.push(c);
        }
    }

    fn finish_field(&mut self, budget: &mut Budget) -> Result<(), Problem> {
        if self.chars > MAX_CELL_CHARS {
            return Err(budget.error(self.row, self.col, too_long(self.chars)));
        }
        let value = std::mem::take(&mut self.field);
        if !value.trim().is_empty() {
            budget.take(self.row, self.col, &value)?;
            self.cells.push((self.row, self.col, Cell::Text(value)));
            self.first_content_row.get_or_insert(self.row);
        }
        self.col = self.col.saturating_add(1);
        self.chars = 0;
        self.was_quoted = false;
        Ok(())
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
        let g = parse_csv("a;\"b;c\";\"x \"\"y\"\"\"\r\n1;\"två\r\nrader\";\n", ';').unwrap();
        assert_eq!((g.first_row, g.last_row(), g.width()), (0, 2, 3));
        assert_eq!(*g.get(0, 1), Cell::Text("b;c".into()));
        assert_eq!(*g.get(0, 2), Cell::Text("x \"y\"".into()));
        assert_eq!(*g.get(1, 1), Cell::Text("två\nrader".into()));
        assert_eq!(*g.get(1, 2), Cell::Empty);
    }

    #[test]
    fn csv_rows_are_sparse_and_bounded() {
        // Blank lines and empty fields cost nothing: only cells with content are kept.
        let text = format!("\n\nID;Risk\n{}1;;;;x\n", "\n".repeat(100_000));
        let g = parse_csv(&text, ';').unwrap();
        assert_eq!(
            (g.first_row, g.last_row(), g.first_col, g.width()),
            (2, 100_004, 0, 5)
        );
        let rows: Vec<u32> = g.rows_from(0).map(|(r, _)| r).collect();
        assert_eq!(rows, [2, 100_003]);
        assert_eq!(g.row(100_003).len(), 2);
        // A prefix for choosing the separator: rows from the first with content.
        let g = parse_csv_limited(&text, ';', Some(1), &mut Budget::default()).unwrap();
        assert_eq!(g.last_row(), 3);
        // The budget counts cells with content.
        let e = parse_csv_limited("a;b\nc;d\n", ';', None, &mut Budget::new(3, 100)).unwrap_err();
        assert_eq!(
            e.render("f.csv"),
            "f.csv:2:B: error: more than 2,000,000 cells with content; styrdok reads at most that many from one file"
        );
        // An unclosed quote holding a long text is counted to its end, not kept.
        let long = format!("a\n\"{}", "z".repeat(100_000));
        let e = parse_csv(&long, ';').unwrap_err();
        assert_eq!(
            e.render("f.csv"),
            "f.csv:2:A: error: the cell holds 100,000 characters, more than the 32,767 an Excel cell can hold"
        );
    }

    #[test]
    fn merged_areas_hide_what_lies_under_them() {
        let text = |s: &str| Cell::Text(s.into());
        let cells = vec![
            (3, 2, text("C4")),
            (4, 2, text("hidden C5")),
            (3, 3, text("hidden D4")),
            (5, 0, text("A6")),
            (3, 0, text("A4")),
            (3, 0, text("A4 again")),
        ];
        let areas = [
            Area {
                first: (3, 2),
                last: (4, 3),
            },
            // Outside the used range, reversed, a single cell: ignored.
            Area {
                first: (900, 0),
                last: (901, 0),
            },
            Area {
                first: (5, 1),
                last: (4, 1),
            },
            Area {
                first: (5, 0),
                last: (5, 0),
            },
        ];
        let g = Grid::new(cells, &areas).unwrap();
        assert_eq!(*g.get(3, 0), text("A4"), "the first of a cell given twice");
        assert_eq!(*g.get(4, 2), Cell::Empty, "hidden cells are dropped");
        assert_eq!(*g.get(3, 3), Cell::Empty);
        assert_eq!(
            *g.value(4, 2),
            text("C4"),
            "down a merged column: the top value"
        );
        assert_eq!(*g.value(3, 3), Cell::Empty, "across: blank");
        assert_eq!(*g.value(4, 3), Cell::Empty);
        assert_eq!(g.merge_origin(4, 3), Some((3, 2)));
        assert_eq!(g.merge_origin(3, 2), None, "the top-left cell itself");
        assert_eq!(g.merge_origin(5, 2), None);
        assert_eq!(g.merge_origin(5, 0), None);
        assert_eq!((g.first_col, g.width()), (0, 3));
        // A sheet of merged areas beyond the bound is an error, not a huge index.
        let wide = [Area {
            first: (0, 0),
            last: (1_048_575, 16_383),
        }];
        let cells = vec![(0, 0, text("a")), (1_048_575, 16_383, text("b"))];
        assert!(
            Grid::new(cells.clone(), &wide[..]).is_ok(),
            "16,384 columns"
        );
        let many: Vec<Area> = (0..100)
            .map(|r| Area {
                first: (r, 0),
                last: (r, 16_383),
            })
            .collect();
        let e = Grid::new(cells, &many).unwrap_err();
        assert!(
            e.starts_with("the merged areas span more than 1,000,000 columns"),
            "{e}"
        );
    }

    #[test]
    fn encodings() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFh\xC3\xA5"), "hå");
        assert_eq!(decode_text(b"h\xE5 \x96 \x80"), "hå – €");
        assert_eq!(decode_text(b"\xFF\xFEh\x00\xE5\x00"), "hå");
    }
}
