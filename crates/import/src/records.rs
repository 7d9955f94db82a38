//! The record kinds besides risks (activities, actions, recommendations) as tables
//! hold them: each kind's header vocabulary, matched as a risk register's headers are
//! (`columns.rs`), and its rows read by the risk rows' reader (`risks.rs`) and written
//! by the same YAML writer (`yaml_out.rs`).

use crate::columns::{self, Columns, IGNORED};
use crate::risks::{RowReader, split_list};
use crate::sheet::Grid;
use crate::yaml_out::Value;
use crate::{Problem, Settings};
use std::collections::BTreeSet;
use styrdok_core::model::RecordKind;
use styrdok_core::schema::{self, Holds};

/// A record kind and its headers. Its block name, its fields and the field without
/// which a row is not one of its records (its headline) are its schema's.
pub struct Kind {
    kind: RecordKind,
    patterns: &'static [(&'static str, &'static str)],
}

impl Kind {
    /// The info string of its fenced block.
    pub fn block(&self) -> &'static str {
        self.kind.block_name()
    }

    /// The headline field (`activity`, `action`, `recommendation`).
    pub fn key(&self) -> &'static str {
        schema::fields(self.kind)
            .iter()
            .find(|f| f.search == schema::Search::Title)
            .map_or("id", |f| f.name)
    }

    /// The fields a row is written with, in the schema's order (a row's own
    /// classification is for editors to add, not for an import to guess).
    pub fn fields(&self) -> impl Iterator<Item = &'static str> {
        schema::fields(self.kind)
            .iter()
            .map(|f| f.name)
            .filter(|n| *n != "classification")
    }
}

/// Headers every kind shares: the contract's common fields.
macro_rules! common {
    ($($own:expr),* $(,)?) => {
        &[
            $($own,)*
            ("id", "id"), ("nr", "id"), ("nummer", "id"),
            ("ansvarig", "responsible"), ("ansvar", "responsible"),
            ("responsible", "responsible"), ("owner", "responsible"),
            ("område", "area"), ("fokusområde", "area"), ("målområde", "area"), ("area", "area"),
            ("status", "status"), ("klart", "due"), ("klar senast", "due"), ("senast", "due"),
            ("slutdatum", "due"), ("datum", "due"), ("tidplan", "due"), ("due", "due"),
            ("deadline", "due"), ("kommentar", IGNORED),
        ]
    };
}

pub const ACTIVITIES: Kind = Kind {
    kind: RecordKind::Activity,
    patterns: common!(
        ("aktivitet", "activity"),
        ("aktiviteter", "activity"),
        ("activity", "activity"),
        ("mål", "goal"),
        ("målsättning", "goal"),
        ("förväntat resultat", "goal"),
        ("goal", "goal"),
        ("metod", "method"),
        ("datakälla", "method"),
        ("mätmetod", "method"),
        ("method", "method"),
        ("data source", "method"),
    ),
};

pub const ACTIONS: Kind = Kind {
    kind: RecordKind::Action,
    patterns: common!(
        ("åtgärd", "action"),
        ("åtgärder", "action"),
        ("action", "action"),
        ("rekommendation", "recommendation"),
        ("recommendation", "recommendation"),
    ),
};

pub const RECOMMENDATIONS: Kind = Kind {
    kind: RecordKind::Recommendation,
    patterns: common!(
        ("rekommendation", "recommendation"),
        ("revisorernas rekommendation", "recommendation"),
        ("recommendation", "recommendation"),
        ("svar", "response"),
        ("styrelsens svar", "response"),
        ("regionstyrelsens svar", "response"),
        ("yttrande", "response"),
        ("response", "response"),
    ),
};

/// A row read: its (field, value) pairs in the order they are written.
pub type Row = Vec<(&'static str, Value)>;

pub const KINDS: [&Kind; 3] = [&ACTIVITIES, &ACTIONS, &RECOMMENDATIONS];

/// `WorkStatus` words as registers write them.
const STATUS: &[(&str, &str)] = &[
    ("planerad", "planned"),
    ("planerat", "planned"),
    ("ej påbörjad", "planned"),
    ("ej startad", "planned"),
    ("planned", "planned"),
    ("pågår", "ongoing"),
    ("pågående", "ongoing"),
    ("påbörjad", "ongoing"),
    ("ongoing", "ongoing"),
    ("klar", "done"),
    ("klart", "done"),
    ("genomförd", "done"),
    ("genomfört", "done"),
    ("avslutad", "done"),
    ("done", "done"),
    ("avbruten", "cancelled"),
    ("struken", "cancelled"),
    ("utgår", "cancelled"),
    ("cancelled", "cancelled"),
];

impl Kind {
    /// The header, if the grid has one of this kind with its key field.
    pub fn find_header(&self, grid: &Grid) -> Option<Columns> {
        let sorted = columns::longest_first(self.patterns);
        let cols = columns::find_header_by(grid, &|h| columns::field_in(h, &sorted))?;
        cols.fields.contains_key(self.key()).then_some(cols)
    }

    /// The rows below the header, each its (field, value) pairs; rows without the key
    /// field (footers, notes) are skipped with a warning that does not repeat them.
    pub fn read_rows(
        &self,
        grid: &Grid,
        cols: &Columns,
        _settings: &Settings,
    ) -> (Vec<Row>, Vec<Problem>) {
        let mut problems = self.report_columns(cols);
        let mut rows = Vec::new();
        let mut ids = BTreeSet::new();
        for (row, cells) in grid.rows_from(cols.header_row.saturating_add(1)) {
            let Some(&(_, first_filled, _)) = cells.first() else {
                continue;
            };
            let mut reader = RowReader {
                grid,
                cols,
                row,
                problems: &mut problems,
            };
            if reader.text(self.key()).is_none() {
                reader.problems.push(Problem::warning(
                    row,
                    Some(first_filled),
                    format!("row skipped: it has no `{}`", self.key()),
                ));
                continue;
            }
            rows.push(self.row(&mut reader, &mut ids));
        }
        (rows, problems)
    }

    fn row(&self, reader: &mut RowReader, ids: &mut BTreeSet<String>) -> Row {
        let mut out = Vec::new();
        for field in self.fields() {
            if !reader.cols.fields.contains_key(field) {
                continue;
            }
            let value = match field {
                "id" => {
                    let text = reader.text("id");
                    let id = reader.id(text, ids);
                    ids.insert(id.clone());
                    Some(Value::Text(id))
                }
                _ => match schema::field_of(self.kind, field).map(|f| f.holds) {
                    Some(Holds::Responsibles | Holds::TextOrList) => reader
                        .text(field)
                        .map(|t| Value::List(split_list(&t, true))),
                    Some(Holds::WorkStatus) => status(reader).map(Value::Text),
                    Some(Holds::Date) => due(reader).map(Value::Text),
                    _ => reader.text(field).map(Value::Text),
                },
            };
            out.extend(value.map(|v| (field, v)));
        }
        out
    }

    fn report_columns(&self, cols: &Columns) -> Vec<Problem> {
        let unknown = cols.unknown.iter().map(|(col, text)| {
            let text = text.replace('\n', " ");
            let message = format!(
                "the column \"{text}\" is not a field of `{}` and is not imported",
                self.block()
            );
            Problem::warning(cols.header_row, Some(*col), message)
        });
        let twice = cols.duplicates.iter().map(|(col, field, _)| {
            let message = format!("a second column for `{field}`; this one is not imported");
            Problem::warning(cols.header_row, Some(*col), message)
        });
        unknown.chain(twice).collect()
    }
}

fn status(reader: &mut RowReader) -> Option<String> {
    let text = reader.text("status")?;
    let lower = text.to_lowercase();
    if let Some((_, key)) = STATUS.iter().find(|(word, _)| *word == lower) {
        return Some(key.to_string());
    }
    reader.warn(
        "status",
        format!("unknown status `{text}`; use planned, ongoing, done or cancelled; it is left out"),
    );
    None
}

fn due(reader: &mut RowReader) -> Option<String> {
    let text = reader.text("due")?;
    match styrdok_core::text::Date::parse(text.trim()) {
        Some(date) => Some(date.iso()),
        None => {
            reader.warn(
                "due",
                format!("`due` must be a date written YYYY-MM-DD, found `{text}`; it is left out"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::Cell;

    fn grid(rows: &[&[&str]]) -> Grid {
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                cells.push((r as u32, c as u32, Cell::Text(text.to_string())));
            }
        }
        Grid::new(cells, &[]).unwrap()
    }

    #[test]
    fn an_activity_table_of_the_action_plan() {
        let g = grid(&[
            &[
                "Aktivitet",
                "Mål",
                "Metod/\nDatakälla",
                "Ansvarig",
                "Status",
            ],
            &[
                "Ta fram analys",
                "Alla följer upp",
                "Lex Maria\nJournal",
                "LSG\nHR",
                "Pågår",
            ],
            &["", "Summa: 1 aktivitet", "", "", ""],
        ]);
        let cols = ACTIVITIES.find_header(&g).unwrap();
        assert!(ACTIONS.find_header(&g).is_none());
        let (rows, problems) = ACTIVITIES.read_rows(&g, &cols, &Settings::default());
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(
            rows[0],
            vec![
                ("activity", Value::Text("Ta fram analys".into())),
                ("goal", Value::Text("Alla följer upp".into())),
                (
                    "method",
                    Value::List(vec!["Lex Maria".into(), "Journal".into()])
                ),
                ("responsible", Value::List(vec!["LSG".into(), "HR".into()])),
                ("status", Value::Text("ongoing".into())),
            ]
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].message, "row skipped: it has no `activity`");
    }
}
