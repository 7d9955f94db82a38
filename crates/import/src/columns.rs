//! Which spreadsheet column holds which risk field: header cells are matched by a
//! normalised prefix, so "Allvarlig-\nhetsgrad 1-5" and "Riskpoäng (15 och högre
//! gulmarkerade)" are recognised; `--map COLUMN=field` overrides or adds a mapping.

use super::sheet::{Grid, column_index, column_letter};
use std::collections::BTreeMap;
use styrdok_core::model::RecordKind;
use styrdok_core::schema;

/// The fields of a risk row, in the order they are written: the risk register's
/// columns (styrdok_core::schema).
pub static FIELDS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    schema::fields(RecordKind::Risk)
        .iter()
        .filter(|f| f.exported)
        .map(|f| f.name)
        .collect()
});

/// Fields without which a row is not a risk of the contract.
pub static REQUIRED: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    schema::fields(RecordKind::Risk)
        .iter()
        .filter(|f| f.presence == schema::Presence::Required)
        .map(|f| f.name)
        .collect()
});

/// A header that is known and deliberately not imported (columns of the site-wide export).
pub const IGNORED: &str = "-";

/// (normalised header prefix, field). Swedish headers of the source register, the
/// exports' own headers, and English equivalents.
const PATTERNS: &[(&str, &str)] = &[
    ("id", "id"),
    ("nr", "id"),
    ("nummer", "id"),
    ("risk id", "id"),
    ("risk no", "id"),
    ("krav", "objectives"),
    ("kontrollmål", "objectives"),
    ("internkontrollmål", "objectives"),
    ("objectives", "objectives"),
    ("control objective", "objectives"),
    ("målområde", "area"),
    ("område", "area"),
    ("target area", "area"),
    ("area", "area"),
    ("uppdrag", "assignment"),
    ("assignment", "assignment"),
    ("beskrivning av risk", "risk"),
    ("riskbeskrivning", "risk"),
    ("risk description", "risk"),
    ("risk", "risk"),
    ("beskrivning av konsekvens", "consequence"),
    ("konsekvensbeskrivning", "consequence"),
    ("konsekvens", "consequence"),
    ("consequence", "consequence"),
    ("sannolikhet", "likelihood"),
    ("likelihood", "likelihood"),
    ("probability", "likelihood"),
    ("allvarlighetsgrad", "severity"),
    ("allvarlighet", "severity"),
    ("severity", "severity"),
    ("impact", "severity"),
    ("riskpoäng", "score"),
    ("riskvärde", "score"),
    ("risk score", "score"),
    ("score", "score"),
    ("hantering", "treatment"),
    ("riskhantering", "treatment"),
    ("treatment", "treatment"),
    ("beskrivning av bakomliggande orsak", "cause"),
    ("bakomliggande orsak", "cause"),
    ("orsak", "cause"),
    ("root cause", "cause"),
    ("cause", "cause"),
    ("åtgärder", "actions"),
    ("åtgärd", "actions"),
    ("actions", "actions"),
    ("action", "actions"),
    ("ansvarig", "responsible"),
    ("responsible", "responsible"),
    ("owner", "responsible"),
    ("föregående", "previous"),
    ("previous", "previous"),
    ("dokument", IGNORED),
    ("document", IGNORED),
    ("beslutat", IGNORED),
    ("decided", IGNORED),
];

/// Lower case, hyphenation at line breaks joined ("Allvarlig-\nhetsgrad"), soft hyphens
/// dropped, other line breaks and runs of space as one space.
pub fn normalise(header: &str) -> String {
    let joined = header
        .replace('\u{ad}', "")
        .replace("-\r\n", "")
        .replace("-\n", "")
        .replace(['\u{a0}', '\r', '\n', '\t'], " ");
    joined
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The field a header names, if any. Longer patterns win ("risk score" before "risk");
/// a short pattern must end at a word boundary so "risk" does not match "riskpoäng".
pub fn field_of(header: &str) -> Option<&'static str> {
    // Sorted once: a sheet may have hundreds of thousands of header-row cells to try.
    static SORTED: std::sync::LazyLock<Vec<&(&str, &str)>> =
        std::sync::LazyLock::new(|| longest_first(PATTERNS));
    field_in(header, &SORTED)
}

/// Patterns as [`field_in`] takes them: longest first.
pub fn longest_first(
    patterns: &'static [(&'static str, &'static str)],
) -> Vec<&'static (&'static str, &'static str)> {
    let mut patterns: Vec<&(&str, &str)> = patterns.iter().collect();
    patterns.sort_by_key(|(p, _)| std::cmp::Reverse(p.chars().count()));
    patterns
}

/// The field a header names among `patterns` (longest first), matched as [`field_of`]
/// matches a risk register's: the vocabulary of another record kind.
pub fn field_in(header: &str, patterns: &[&(&str, &'static str)]) -> Option<&'static str> {
    let h = normalise(header);
    if h.is_empty() {
        return None;
    }
    let by_prefix = patterns.iter().find_map(|(p, field)| {
        let rest = h.strip_prefix(p)?;
        let boundary = rest.chars().next().is_none_or(|c| !c.is_alphanumeric());
        (boundary || p.chars().count() >= 8).then_some(*field)
    });
    // A word broken without a hyphen ("Sannolik\nhet 1-5"): compare without spaces,
    // for patterns long enough not to match by accident.
    by_prefix.or_else(|| {
        let compact = |s: &str| {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        };
        let h = compact(&h);
        patterns
            .iter()
            .filter(|(p, _)| p.chars().count() >= 8)
            .find(|(p, _)| h.starts_with(&compact(p)))
            .map(|(_, f)| *f)
    })
}

/// The header row and which column holds each field.
#[derive(Debug)]
pub struct Columns {
    /// Sheet row (0-based) of the header.
    pub header_row: u32,
    pub fields: BTreeMap<&'static str, u32>,
    /// Non-empty header cells that map to nothing: (column, header text).
    pub unknown: Vec<(u32, String)>,
    /// A second column for a field already mapped: (column, field, first column).
    pub duplicates: Vec<(u32, &'static str, u32)>,
}

/// The rows, from the first with content, where a header is looked for.
pub const HEADER_ROWS: u32 = 30;

/// Finds the header: the first of the top 30 rows with the most recognised cells (at
/// least two). Title rows above the register are skipped.
pub fn find_header(grid: &Grid) -> Option<Columns> {
    find_header_by(grid, &field_of)
}

/// [`find_header`] with another kind's vocabulary (`field_of` of its headers).
pub fn find_header_by(
    grid: &Grid,
    field_of: &dyn Fn(&str) -> Option<&'static str>,
) -> Option<Columns> {
    let mut best: Option<(usize, u32)> = None;
    let last = grid.first_row.saturating_add(HEADER_ROWS);
    for (row, cells) in grid.rows_from(grid.first_row) {
        if row >= last {
            break;
        }
        let count = cells
            .iter()
            .filter(|(_, _, cell)| field_of(&cell.text()).is_some_and(|f| f != IGNORED))
            .count();
        if count >= 2 && best.is_none_or(|(n, _)| count > n) {
            best = Some((count, row));
        }
    }
    let (_, header_row) = best?;
    let mut columns = Columns {
        header_row,
        fields: BTreeMap::new(),
        unknown: Vec::new(),
        duplicates: Vec::new(),
    };
    for (_, c, cell) in grid.row(header_row) {
        let (c, text) = (*c, cell.text());
        if text.trim().is_empty() {
            continue;
        }
        match field_of(&text) {
            Some(IGNORED) => {}
            Some(field) => match columns.fields.get(field) {
                Some(&first) => columns.duplicates.push((c, field, first)),
                None => {
                    columns.fields.insert(field, c);
                }
            },
            None => columns.unknown.push((c, text.trim().to_string())),
        }
    }
    Some(columns)
}

/// Applies `--map COLUMN=field`: COLUMN is a header (as written or its normalised
/// prefix) or a column letter; `field` may be `ignore` to drop a column.
pub fn apply_map(grid: &Grid, columns: &mut Columns, map: &str) -> Result<(), String> {
    let Some((column, field)) = map.split_once('=') else {
        return Err(format!("--map takes COLUMN=field, found `{map}`"));
    };
    let (column, field) = (column.trim(), field.trim());
    let field: &'static str = if field == "ignore" {
        IGNORED
    } else {
        FIELDS
            .iter()
            .find(|f| **f == field)
            .copied()
            .ok_or_else(|| {
                format!(
                    "--map {map}: `{field}` is not a risk field; use one of {}, or ignore",
                    FIELDS.join(", ")
                )
            })?
    };
    let wanted = normalise(column);
    let headers: Vec<(u32, String)> = grid
        .row(columns.header_row)
        .iter()
        .map(|(_, c, cell)| (*c, normalise(&cell.text())))
        .collect();
    let by_header = headers
        .iter()
        .find(|(_, h)| *h == wanted)
        .or_else(|| {
            headers
                .iter()
                .find(|(_, h)| !wanted.is_empty() && h.starts_with(&wanted))
        })
        .map(|(c, _)| *c);
    let col = by_header
        .or_else(|| column_index(column))
        .ok_or_else(|| format!("--map {map}: no column is headed `{column}`"))?;
    columns.fields.retain(|_, c| *c != col);
    columns.unknown.retain(|(c, _)| *c != col);
    columns.duplicates.retain(|(c, _, _)| *c != col);
    if field != IGNORED {
        columns.fields.insert(field, col);
    }
    Ok(())
}

/// A header to suggest for a missing field.
pub fn suggested_header(field: &str, scale: u32) -> String {
    match field {
        "id" => "ID".into(),
        "risk" => "Beskrivning av risk".into(),
        "likelihood" => format!("Sannolikhet 1-{scale}"),
        "severity" => format!("Allvarlighetsgrad 1-{scale}"),
        other => other.into(),
    }
}

pub fn describe_column(col: u32) -> String {
    column_letter(col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exported_column_label_of_the_schema_maps_back_to_its_field() {
        for f in schema::fields(RecordKind::Risk)
            .iter()
            .filter(|f| f.exported)
        {
            for label in [f.sv, f.en] {
                let header = label.replace("{scale}", "5");
                assert_eq!(field_of(&header), Some(f.name), "header {header}");
            }
        }
    }

    #[test]
    fn source_register_headers() {
        for (header, field) in [
            ("ID", "id"),
            ("Krav c-f", "objectives"),
            ("Målområde", "area"),
            ("Uppdrag i RS Verksamhetsplan", "assignment"),
            ("Beskrivning av risk", "risk"),
            ("Beskrivning av konsekvensen", "consequence"),
            ("Sannolikhet 1-5", "likelihood"),
            ("Allvarlighetsgrad 1-5", "severity"),
            ("Allvarlig-\nhetsgrad\n1-5", "severity"),
            ("Sanno\u{ad}likhet 1-5", "likelihood"),
            ("Riskpoäng (15 och högre gulmarkerade)", "score"),
            ("Risk-\npoäng", "score"),
            ("Hantering av risk", "treatment"),
            ("Beskrivning av bakomliggande orsaken", "cause"),
            ("Åtgärder", "actions"),
            ("Ansvarig för genomförandet", "responsible"),
            ("Risk", "risk"),
            ("Risk score", "score"),
            ("Root cause", "cause"),
            ("Likelihood 1-5", "likelihood"),
            // As the source register's cells break (seeds/000): no hyphen at the break.
            ("Sannolik\nhet 1-5", "likelihood"),
            ("Allvarligh\netsgrad 1-\n\n5", "severity"),
            ("Riskpoäng \n(15 och \nhögre \n\ngulmarkerad\ne)", "score"),
            ("Beskrivning av risk (risken att något \n\nhänder)", "risk"),
            (
                "Hantering av risk \n(behålla, begränsa \n\neller eliminera)",
                "treatment",
            ),
            ("Ansvarig för \n\ngenomförandet", "responsible"),
            (
                "Beskrivning av bakomliggande orsaken \ntill risken (varför..? Därför att...)",
                "cause",
            ),
        ] {
            assert_eq!(field_of(header), Some(field), "{header:?}");
        }
        assert_eq!(field_of("Kommentar"), None);
        assert_eq!(field_of("Riskägare"), None);
        assert_eq!(field_of(""), None);
    }
}
