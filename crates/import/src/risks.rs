//! Spreadsheet rows → risks. Every doubtful cell becomes a warning located by the
//! sheet's row number and column letter, and the import goes on: the editor gets a
//! block to correct rather than nothing.

use super::columns::{self, Columns, REQUIRED};
use super::sheet::{Cell, Grid, column_letter};
use super::yaml_out::ImportedRisk;
use super::{Problem, Settings};
use std::collections::BTreeSet;

pub fn read_rows(
    grid: &Grid,
    cols: &Columns,
    settings: &Settings,
) -> (Vec<ImportedRisk>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut risks: Vec<ImportedRisk> = Vec::new();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for (row, cells) in grid.rows_from(cols.header_row.saturating_add(1)) {
        // Rows without content are not visited; a row has content in its first cell.
        let Some(&(_, first_filled, _)) = cells.first() else {
            continue;
        };
        if !is_a_record(grid, cols, row) {
            problems.push(Problem::warning(
                row,
                Some(first_filled),
                "row skipped: it has no risk text, likelihood or severity",
            ));
            continue;
        }
        let mut reader = RowReader {
            grid,
            cols,
            row,
            problems: &mut problems,
        };
        let id_text = reader.text("id");
        let risk_text = reader.text("risk");
        if id_text.is_none() && risk_text.is_none() {
            problems.push(Problem::warning(
                row,
                Some(first_filled),
                "the row has no ID and no risk description; it is skipped",
            ));
            continue;
        }
        let mut risk = ImportedRisk {
            id: String::new(),
            risk: risk_text,
            ..ImportedRisk::default()
        };
        risk.id = reader.id(id_text, &ids);
        ids.insert(risk.id.clone());
        if let Some(text) = reader.text("objectives") {
            risk.objectives = reader.objectives(&text, settings);
        }
        risk.area = reader.text("area");
        risk.assignment = reader.text("assignment");
        risk.consequence = reader.text("consequence");
        risk.likelihood = reader.figure("likelihood", settings.scale);
        risk.severity = reader.figure("severity", settings.scale);
        risk.score = reader.score(risk.likelihood, risk.severity);
        risk.treatment = reader.treatment(settings);
        risk.cause = reader.text("cause");
        risk.actions = reader
            .text("actions")
            .map(|t| split_list(&t, false))
            .unwrap_or_default();
        risk.responsible = reader
            .text("responsible")
            .map(|t| split_list(&t, true))
            .unwrap_or_default();
        risk.previous = reader.text("previous");
        if let Some(p) = &risk.previous
            && styrdok_graph::risk::parse_previous(p).is_none()
        {
            reader.warn(
                "previous",
                format!("`{p}` is not written DOC-ID#risk-ID; the build will reject it"),
            );
        }
        for field in REQUIRED.iter() {
            let missing = match *field {
                "risk" => risk.risk.is_none(),
                "likelihood" => risk.likelihood.is_none(),
                "severity" => risk.severity.is_none(),
                _ => false,
            };
            // A missing column is reported once, at the header; a blank cell here.
            let blank = |&c: &u32| grid.value(row, c).is_empty();
            if missing && cols.fields.get(field).is_some_and(blank) {
                reader.warn(field, format!("blank `{field}`: every risk needs one"));
            }
        }
        risks.push(risk);
    }
    (risks, problems)
}

/// Whether a row has any of what makes a risk: a row without risk text, likelihood and
/// severity is a footer or a note (in the source register, the sheet's password), so it
/// is skipped, with a warning that does not repeat its content.
fn is_a_record(grid: &Grid, cols: &Columns, row: u32) -> bool {
    ["risk", "likelihood", "severity"].iter().any(|field| {
        cols.fields
            .get(field)
            .is_some_and(|&c| !grid.value(row, c).is_empty())
    })
}

/// Reads the fields of one row; other record kinds' rows are read with it too.
pub(crate) struct RowReader<'a> {
    pub(crate) grid: &'a Grid,
    pub(crate) cols: &'a Columns,
    pub(crate) row: u32,
    pub(crate) problems: &'a mut Vec<Problem>,
}

impl RowReader<'_> {
    fn col(&self, field: &str) -> Option<u32> {
        self.cols.fields.get(field).copied()
    }

    pub(crate) fn warn(&mut self, field: &str, message: impl Into<String>) {
        let col = self.col(field);
        self.problems.push(Problem::warning(self.row, col, message));
    }

    /// The cell of a field, a vertically merged area's value included (with a warning);
    /// the rest of a merged area is blank, as the warning says.
    fn cell(&mut self, field: &str) -> Cell {
        let Some(col) = self.col(field) else {
            return Cell::Empty;
        };
        if let Some((r, c)) = self.grid.merge_origin(self.row, col) {
            let origin = format!("{}{}", column_letter(c), r + 1);
            if c == col && !self.grid.get(r, c).is_empty() {
                self.warn(
                    field,
                    format!("merged cell: the value of {origin} is used for this row too"),
                );
            } else {
                self.warn(
                    field,
                    format!("merged cell (merged into {origin}): read as blank"),
                );
            }
        }
        self.grid.value(self.row, col).clone()
    }

    pub(crate) fn text(&mut self, field: &str) -> Option<String> {
        match self.cell(field) {
            Cell::Error(e) => {
                self.warn(
                    field,
                    format!("the cell holds the error `{e}`; it is left out"),
                );
                None
            }
            cell => clean_text(&cell.text()),
        }
    }

    pub(crate) fn id(&mut self, text: Option<String>, taken: &BTreeSet<String>) -> String {
        let row_number = u64::from(self.row) + 1;
        let Some(text) = text else {
            let id = format!("rad{row_number}");
            self.warn(
                "id",
                format!("blank ID: the risk gets the id `{id}`; give it its own"),
            );
            return id;
        };
        let cleaned: String = text
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                    c
                } else {
                    '-'
                }
            })
            .collect::<String>()
            .trim_matches('-')
            .to_string();
        let mut id = if cleaned.is_empty() {
            format!("rad{row_number}")
        } else {
            cleaned
        };
        if id != text {
            self.warn(
                "id",
                format!("the ID `{text}` may hold letters, digits, `-`, `_` and `.` only; written as `{id}`"),
            );
        }
        if taken.contains(&id) {
            let unique = format!("{id}-{row_number}");
            self.warn(
                "id",
                format!("duplicate ID `{id}`: this row gets `{unique}`"),
            );
            id = unique;
        }
        id
    }

    fn number(&mut self, field: &str) -> Option<i64> {
        let cell = self.cell(field);
        let value = match &cell {
            Cell::Empty => return None,
            Cell::Number(n) => Some(*n),
            Cell::Text(t) if t.trim().is_empty() => return None,
            Cell::Text(t) => t.trim().replace(',', ".").parse::<f64>().ok(),
            _ => None,
        };
        match value {
            Some(n) if n.fract() == 0.0 && n.abs() < 1e12 => Some(n as i64),
            Some(n) => {
                self.warn(
                    field,
                    format!("`{field}` must be a whole number, found {n}; it is left out"),
                );
                None
            }
            None => {
                self.warn(
                    field,
                    format!(
                        "`{field}` must be a number, found `{}`; it is left out",
                        cell.text().trim()
                    ),
                );
                None
            }
        }
    }

    fn figure(&mut self, field: &str, scale: u32) -> Option<i64> {
        let value = self.number(field)?;
        if !(1..=scale as i64).contains(&value) {
            self.warn(
                field,
                format!("`{field}` is {value}, outside 1 to {scale} (risk.scale)"),
            );
        }
        Some(value)
    }

    fn score(&mut self, likelihood: Option<i64>, severity: Option<i64>) -> Option<i64> {
        let given = self.number("score")?;
        match (likelihood, severity) {
            (Some(l), Some(s)) if l * s != given => {
                self.warn(
                    "score",
                    format!("the score is {given}, but likelihood × severity is {l} × {s} = {}; the score is left out (it is computed)", l * s),
                );
                None
            }
            _ => Some(given),
        }
    }

    fn treatment(&mut self, settings: &Settings) -> Option<String> {
        let text = self.text("treatment")?;
        if let Some(known) = settings
            .treatments
            .iter()
            .find(|t| t.to_lowercase() == text.to_lowercase())
        {
            return Some(known.clone());
        }
        self.warn(
            "treatment",
            format!(
                "unknown treatment `{text}`; allowed: {} (risk.treatments)",
                settings.treatments.join(", ")
            ),
        );
        Some(text)
    }

    fn objectives(&mut self, text: &str, settings: &Settings) -> Vec<String> {
        let codes = parse_objectives(text, &settings.objectives);
        if codes.is_empty() {
            self.warn(
                "objectives",
                format!(
                    "no control-objective codes found in `{}`",
                    text.replace('\n', " ")
                ),
            );
        }
        for c in &codes {
            if !settings.objectives.is_empty() && !settings.objectives.contains(c) {
                self.warn(
                    "objectives",
                    format!(
                        "unknown control objective `{c}`; styrdok.yaml defines {}",
                        settings.objectives.join(", ")
                    ),
                );
            }
        }
        codes
    }
}

/// Trimmed text with line endings as `\n`; the `'` that guards a formula-like cell in
/// our CSV export is removed again.
pub fn clean_text(text: &str) -> Option<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim();
    let text = match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => text,
    };
    (!text.is_empty()).then(|| text.to_string())
}

const BULLETS: &[&str] = &["• ", "- ", "* ", "– ", "· "];

fn strip_bullet(line: &str) -> Option<&str> {
    BULLETS
        .iter()
        .find_map(|b| line.strip_prefix(b))
        .map(str::trim)
}

/// A cell holding a list: lines that all start with a bullet are items (our export
/// writes lists so); with `by_line`, every line is an item (responsibles).
pub fn split_list(text: &str, by_line: bool) -> Vec<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let all_bulleted = lines.iter().all(|l| strip_bullet(l).is_some());
    if lines.len() > 1 && (by_line || all_bulleted) || lines.len() == 1 && all_bulleted {
        lines
            .iter()
            .map(|l| strip_bullet(l).unwrap_or(l).to_string())
            .filter(|l| !l.is_empty())
            .collect()
    } else {
        vec![text.to_string()]
    }
}

/// Control-objective codes from a cell: "c", "c, f", "c f" or the source register's
/// "c=att verksamheten följer …, f=övrigt" (codes with their descriptions).
pub fn parse_objectives(text: &str, known: &[String]) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    let mut push = |code: &str| {
        let lower = code.to_lowercase();
        let code = known
            .iter()
            .find(|k| k.to_lowercase() == lower)
            .cloned()
            .unwrap_or(lower);
        if !codes.contains(&code) {
            codes.push(code);
        }
    };
    let short =
        |s: &str| (1..=3).contains(&s.chars().count()) && s.chars().all(char::is_alphanumeric);
    for segment in text.split([',', ';', '\n', '/']) {
        let segment = segment.trim();
        // "c=beskrivning", "c: beskrivning", "c) beskrivning"
        if let Some(i) = segment.find(['=', ':', ')']) {
            let code = segment[..i].trim();
            if short(code) {
                push(code);
                continue;
            }
        }
        let words: Vec<&str> = segment.split_whitespace().collect();
        if !words.is_empty() && words.iter().all(|w| short(w)) && words.len() <= 6 {
            // "c" or "c f"; but not ordinary short words of a description ("och", "m.m").
            let plausible = words
                .iter()
                .all(|w| w.chars().count() == 1 || known.iter().any(|k| k.eq_ignore_ascii_case(w)));
            if plausible {
                words.iter().for_each(|w| push(w));
            }
        }
    }
    codes
}

/// Reports columns: missing required ones (at the header row, where a column would be
/// added), unknown and duplicate headers.
pub fn report_columns(grid: &Grid, cols: &Columns, scale: u32) -> Vec<Problem> {
    let mut problems = Vec::new();
    let next_col = grid.width();
    for field in REQUIRED.iter() {
        if !cols.fields.contains_key(field) {
            problems.push(Problem::warning(
                cols.header_row,
                Some(next_col),
                format!(
                    "no column for `{field}`: add one headed \"{}\" or name one with --map COLUMN={field}",
                    columns::suggested_header(field, scale)
                ),
            ));
        }
    }
    for (col, text) in &cols.unknown {
        problems.push(Problem::warning(
            cols.header_row,
            Some(*col),
            format!(
                "the column \"{}\" is not a risk field and is not imported (--map \"{}\"=FIELD imports it)",
                text.replace('\n', " "),
                text.replace('\n', " ")
            ),
        ));
    }
    for (col, field, first) in &cols.duplicates {
        problems.push(Problem::warning(
            cols.header_row,
            Some(*col),
            format!(
                "a second column for `{field}` (the first is {}); this one is not imported",
                columns::describe_column(*first)
            ),
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objectives_from_the_source_register() {
        let known: Vec<String> = ["a", "c", "d", "e", "f"].map(String::from).to_vec();
        assert_eq!(
            parse_objectives(
                "c=att verksamheten följer styrande dokument, lagar, förordningar m.m., f=övrigt",
                &known
            ),
            ["c", "f"]
        );
        assert_eq!(parse_objectives("c, f", &known), ["c", "f"]);
        assert_eq!(parse_objectives("C", &known), ["c"]);
        assert_eq!(parse_objectives("c f", &known), ["c", "f"]);
        assert_eq!(parse_objectives("e: Informationssäkerhet", &known), ["e"]);
        assert_eq!(
            parse_objectives("övrigt och annat", &known),
            Vec::<String>::new()
        );
    }

    #[test]
    fn lists_in_cells() {
        assert_eq!(split_list("• a\n• b", false), ["a", "b"]);
        assert_eq!(split_list("a\nb", false), ["a\nb"]);
        assert_eq!(split_list("a\nb", true), ["a", "b"]);
        assert_eq!(split_list("- ett", false), ["ett"]);
        assert_eq!(split_list("HR (stöd)", true), ["HR (stöd)"]);
    }

    #[test]
    fn text_cleaning() {
        assert_eq!(clean_text("  x\r\ny "), Some("x\ny".into()));
        assert_eq!(clean_text("'=SUM(A1)"), Some("=SUM(A1)".into()));
        assert_eq!(clean_text("'citat'"), Some("'citat'".into()));
        assert_eq!(clean_text("   "), None);
    }
}
