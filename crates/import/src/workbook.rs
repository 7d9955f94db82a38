//! A workbook's sheet as a [`Grid`], read cell by cell: calamine's `worksheet_range`
//! allocates the whole range a sheet declares, which one cell at XFD1048576 makes 17
//! billion cells. Every cell read is counted against the import's [`Budget`].

use super::Problem;
use super::limits::{self, Budget, LAST_COL, LAST_ROW};
use super::sheet::{Area, Cell, Grid};
use calamine::{DataRef, Reader, Sheets};
use std::fmt::Display;
use std::io::Cursor;

type Book<'a> = Sheets<Cursor<&'a [u8]>>;

/// Reads the sheet `wanted`, or else the first sheet `is_register` accepts, or else the
/// first sheet. A damaged file is an error message, never a panic: the reader runs
/// behind `catch_unwind` because it parses untrusted zip and XML.
pub fn read_sheet_of(
    bytes: &[u8],
    wanted: Option<&str>,
    is_register: &dyn Fn(&Grid) -> bool,
) -> Result<(String, Grid), Problem> {
    refuse_unbounded_formats(bytes)?;
    limits::check_package(bytes)?;
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        choose_sheet(bytes, wanted, is_register)
    }));
    std::panic::set_hook(previous_hook);
    result.unwrap_or_else(|_| Err(Problem::error("the workbook is damaged and cannot be read")))
}

/// xls, xlsb and ods are refused before the reader sees them: calamine has no bounded
/// way to read them (xls and ods sheets are built whole, ods repeating rows up to 100
/// million cells; xlsb reserves memory from a count inside the file), so a small hostile
/// file could still take gigabytes. A register saved as xlsx or CSV reads the same.
fn refuse_unbounded_formats(bytes: &[u8]) -> Result<(), Problem> {
    let format = if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        Some("an .xls workbook (Excel 97–2003)")
    } else if let Ok(zip) = zip::ZipArchive::new(Cursor::new(bytes)) {
        let has = |name: &str| {
            zip.file_names()
                .any(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name)))
        };
        if has("xl/workbook.bin") {
            Some("an .xlsb workbook (Excel binary)")
        } else if has("content.xml") && !has("xl/workbook.xml") {
            Some("an .ods workbook (OpenDocument)")
        } else {
            None
        }
    } else {
        None
    };
    match format {
        Some(format) => Err(Problem::error(format!(
            "this is {format}, which styrdok does not import: its reader cannot be bounded in \
             memory. Save the register as .xlsx (Excel workbook) or as .csv and import that"
        ))),
        None => Ok(()),
    }
}

fn choose_sheet(
    bytes: &[u8],
    wanted: Option<&str>,
    is_register: &dyn Fn(&Grid) -> bool,
) -> Result<(String, Grid), Problem> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| Problem::error(format!("not a spreadsheet calamine can read ({e})")))?;
    let names = book.sheet_names();
    let mut budget = Budget::default();
    if let Some(w) = wanted {
        let name = names
            .iter()
            .find(|n| *n == w)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(w)))
            .ok_or_else(|| {
                Problem::error(format!(
                    "the workbook has no sheet `{w}`; its sheets: {}",
                    names.join(", ")
                ))
            })?;
        let grid = read_sheet(&mut book, name, &mut budget)?;
        return Ok((name.clone(), grid));
    }
    // Sheets are read one at a time, so only the first and the current are held.
    let mut first: Option<(String, Grid)> = None;
    for name in &names {
        let grid = read_sheet(&mut book, name, &mut budget)?;
        if is_register(&grid) {
            return Ok((name.clone(), grid));
        }
        if first.is_none() {
            first = Some((name.clone(), grid));
        }
    }
    first.ok_or_else(|| Problem::error("the workbook has no sheets"))
}

fn read_sheet(book: &mut Book, name: &str, budget: &mut Budget) -> Result<Grid, Problem> {
    budget.sheet = Some(name.to_string());
    let cannot = |e: &dyn Display| Problem::error(format!("cannot read the sheet `{name}`: {e}"));
    let (cells, merges) = match book {
        Sheets::Xlsx(x) => {
            let merges = x.merge_cells_by_sheet_name(name).unwrap_or_default();
            let cells = match x.worksheet_cells_reader(name) {
                Ok(mut reader) => collect(|| reader.next_cell(), budget)?,
                // A chart sheet: no cells, as calamine's own range reader treats it.
                Err(calamine::XlsxError::NotAWorksheet(_)) => Vec::new(),
                Err(e) => return Err(cannot(&e)),
            };
            (cells, merges)
        }
        // Refused before opening (`refuse_unbounded_formats`).
        _ => {
            return Err(Problem::error(
                "this workbook format is not imported; save it as .xlsx",
            ));
        }
    };
    let areas: Vec<Area> = merges
        .iter()
        .map(|m| Area {
            first: m.start,
            last: m.end,
        })
        .collect();
    Grid::new(cells, &areas).map_err(|m| Problem::error(format!("{m} (sheet `{name}`)")))
}

/// The cells a calamine cell reader yields, counted and converted one at a time.
fn collect<'a, E: Display>(
    mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, E>,
    budget: &mut Budget,
) -> Result<Vec<(u32, u32, Cell)>, Problem> {
    let mut cells = Vec::new();
    loop {
        let cell = match next() {
            Ok(Some(cell)) => cell,
            Ok(None) => return Ok(cells),
            Err(e) => {
                let sheet = budget.sheet.clone().unwrap_or_default();
                return Err(Problem::error(format!(
                    "cannot read the sheet `{sheet}`: {e}"
                )));
            }
        };
        let (row, col) = cell.get_position();
        let data = cell.get_value();
        if *data == DataRef::Empty {
            continue;
        }
        push(&mut cells, budget, row, col, ref_text(data), || {
            cell_of_ref(data)
        })?;
    }
}

/// Adds a cell once it is within the sheet and the budget; `text` is the text it holds,
/// checked before `make` copies it.
fn push(
    cells: &mut Vec<(u32, u32, Cell)>,
    budget: &mut Budget,
    row: u32,
    col: u32,
    text: &str,
    make: impl FnOnce() -> Cell,
) -> Result<(), Problem> {
    if row > LAST_ROW || col > LAST_COL {
        let sheet = budget.sheet.clone().unwrap_or_default();
        return Err(Problem::error(format!(
            "the sheet `{sheet}` has a cell beyond XFD1048576, the last cell of an Excel sheet; the file is damaged"
        )));
    }
    budget.take(row, col, text)?;
    cells.push((row, col, make()));
    Ok(())
}

fn ref_text<'b>(d: &'b DataRef) -> &'b str {
    match d {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s,
        DataRef::SharedString(s) => s,
        _ => "",
    }
}

fn cell_of_ref(d: &DataRef) -> Cell {
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text(s.to_string()),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::Error(e) => Cell::Error(format!("{e}")),
        DataRef::DateTime(dt) => date_cell(dt),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.clone()),
    }
}

/// A date cell as YYYY-MM-DD: Excel counts days from 1899-12-30.
fn date_cell(dt: &calamine::ExcelDateTime) -> Cell {
    if dt.is_datetime() && (0.0..2_958_466.0).contains(&dt.as_f64()) {
        Cell::Text(
            styrdok_core::text::Date::from_days_since_epoch(dt.as_f64().floor() as i64 - 25_569)
                .iso(),
        )
    } else {
        Cell::Text(dt.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_workbook_is_an_error() {
        let any = |_: &Grid| true;
        assert!(read_sheet_of(b"PK\x03\x04 not really a zip", None, &any).is_err());
        assert!(read_sheet_of(b"", None, &any).is_err());
    }
}
