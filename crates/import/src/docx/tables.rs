//! A Word table as a record block or a GFM table. A table whose header row names a
//! record kind's fields is read into a grid and through the spreadsheet import's own
//! header matching, row reader and YAML writer, so a register reads the same from
//! Word as from Excel; any other table stays a table.

use super::body::{Cell as WordCell, Table, bulleted, is_empty, plain, spread};
use super::markdown;
use super::{Place, Warning};
use crate::records::KINDS;
use crate::sheet::{Area, Cell, Grid};
use crate::{Settings, risks_of_grid, yaml_out};

/// What a table becomes.
pub enum Converted {
    /// A fenced block: its kind and its rows.
    Block {
        kind: &'static str,
        markdown: String,
        rows: usize,
    },
    Table(String),
    Nothing,
}

/// A cell's text as the register reads it: paragraphs on lines, list items bulleted so
/// a cell of several responsibles or actions splits as a spreadsheet cell does.
pub fn cell_text(cell: &WordCell) -> String {
    let lines: Vec<String> = cell
        .paras
        .iter()
        .filter(|p| !is_empty(p))
        .map(|p| bulleted(p, plain(&p.spans).replace('\t', " ")))
        .collect();
    lines.join("\n")
}

/// The table's rows as text, each cell at its grid column (spanned columns empty).
pub fn text_rows(table: &Table) -> Vec<Vec<String>> {
    table
        .rows
        .iter()
        .map(|row| spread(row, cell_text))
        .collect()
}

/// The table as a grid: rows that are one cell across the table (a heading or a note
/// inside it) are left out with a warning; vertically merged cells are merged areas.
fn grid_of(table: &Table, warnings: &mut Vec<Warning>) -> Grid {
    let width = table
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.span).sum::<usize>())
        .max()
        .unwrap_or(0);
    let mut cells = Vec::new();
    let mut areas: Vec<Area> = Vec::new();
    let mut open: Vec<Option<usize>> = vec![None; width];
    for (r, row) in text_rows(table).into_iter().enumerate() {
        let word = &table.rows[r];
        if r > 0 && width > 1 && word.len() == 1 && word[0].span == width {
            warnings.push(Warning {
                place: Place::Table(table.number, Some(r as u32)),
                message: "row skipped: one cell across the table, a heading or a note rather than a record".into(),
            });
            continue;
        }
        let mut col = 0;
        for cell in word {
            let c = col as u32;
            if cell.merged_up {
                if let Some(i) = open.get(col).copied().flatten() {
                    areas[i].last = (r as u32, c);
                }
            } else if col < width {
                open[col] = Some(areas.len());
                areas.push(Area {
                    first: (r as u32, c),
                    last: (r as u32, c),
                });
            }
            col += cell.span;
        }
        for (c, text) in row.into_iter().enumerate() {
            if !text.trim().is_empty() {
                cells.push((r as u32, c as u32, Cell::Text(text)));
            }
        }
    }
    areas.retain(|a| a.first != a.last);
    Grid::new(cells, &areas).unwrap_or_default()
}

/// The table as a record block if its header names a kind, else as a GFM table.
pub fn convert(table: &Table, settings: &Settings, warnings: &mut Vec<Warning>) -> Converted {
    let mut skipped = Vec::new();
    let grid = grid_of(table, &mut skipped);
    let at = |row: Option<u32>| Place::Table(table.number, row);
    let risk_register = crate::columns::find_header(&grid).is_some_and(|c| {
        c.fields.contains_key("risk")
            && (c.fields.contains_key("likelihood") || c.fields.contains_key("severity"))
    });
    let other = KINDS
        .iter()
        .filter_map(|k| Some((k, k.find_header(&grid)?)))
        .max_by_key(|(_, c)| c.fields.len());
    if risk_register {
        warnings.extend(skipped);
        let imported = risks_of_grid(&grid, settings);
        for p in &imported.problems {
            warnings.push(Warning {
                place: at(p.row),
                message: p.message.clone(),
            });
        }
        return Converted::Block {
            kind: "risks",
            markdown: format!("```risks\n{}```", imported.yaml()),
            rows: imported.risks.len(),
        };
    }
    if let Some((kind, cols)) = other {
        warnings.extend(skipped);
        let (rows, problems) = kind.read_rows(&grid, &cols, settings);
        for p in problems {
            warnings.push(Warning {
                place: at(p.row),
                message: p.message,
            });
        }
        if rows.is_empty() {
            warnings.push(Warning { place: at(None), message: format!("the table's header names `{}` fields but no row has one; it is kept as a table", kind.block()) });
        } else {
            return Converted::Block {
                kind: kind.block(),
                markdown: format!("```{}\n{}```", kind.block(), yaml_out::records_yaml(&rows)),
                rows: rows.len(),
            };
        }
    }
    match markdown::gfm(table) {
        Some(text) => Converted::Table(text),
        None => Converted::Nothing,
    }
}
