//! Fenced YAML blocks (`risks`, `activities`, `actions`, `recommendations`) → records.
//! Types and required fields are checked here; rules that need the whole site or the
//! configuration (ranges, scores, treatments, areas) are in `validate`.

use super::read::{list, located, text};
use styrdok_core::model::{
    Classification, Record, RecordDetail, RecordKind, ResponsibleRef, Risk, WorkStatus,
};
use styrdok_core::schema;
use styrdok_core::yaml::fields::{At, Fields, Reader};
use styrdok_core::yaml::{Node, Value};

/// The fields a row of `kind` may hold: its schema's.
fn fields_of(kind: RecordKind) -> Vec<&'static str> {
    schema::fields(kind).iter().map(|f| f.name).collect()
}

/// Reads one block. `earlier` holds the document's records read so far, for default
/// ids (position among rows of the kind) and duplicate checks.
pub fn read_block(
    r: &mut Reader,
    kind: RecordKind,
    yaml_text: &str,
    fence_at: At,
    earlier: &[Record],
) -> Vec<Record> {
    let root = match styrdok_core::yaml::parse(yaml_text) {
        Ok(node) => node,
        Err(e) => {
            let at = At {
                line: e.line + r.src.line_offset,
                column: e.column + r.src.column_offset,
            };
            r.error_at(at, e.message);
            return Vec::new();
        }
    };
    let items = match &root.value {
        Value::Seq(items) => items,
        Value::Null => {
            r.warning_at(
                fence_at,
                format!("the `{}` block is empty", kind.block_name()),
            );
            return Vec::new();
        }
        _ => {
            r.error(
                root.pos,
                format!(
                    "a `{}` block must be a YAML list (each row starting with `- `), found {}",
                    kind.block_name(),
                    root.kind_name()
                ),
            );
            return Vec::new();
        }
    };
    let mut position = earlier.iter().filter(|rec| rec.kind == kind).count();
    let mut records: Vec<Record> = Vec::new();
    let known = fields_of(kind);
    // Id → line of its first row, so that duplicates are found in linear time: a block
    // of 50,000 rows compared pairwise took seconds.
    let mut first_line: std::collections::HashMap<String, u32> = earlier
        .iter()
        .rev()
        .filter(|o| o.kind == kind)
        .map(|o| (o.id.clone(), o.at.line))
        .collect();
    for item in items {
        position += 1;
        let Some(mut f) = r.mapping(item, &format!("a row of `{}`", kind.block_name())) else {
            continue;
        };
        let Some(record) = read_record(r, &mut f, kind, item, position) else {
            continue;
        };
        if let Some(&first_at_line) = first_line.get(&record.id) {
            let at = f.key_pos("id").map(|p| r.at(p)).unwrap_or(record.at);
            r.error_at(
                at,
                format!(
                    "duplicate {} id `{}` (first at line {}); the anchor #{} must be unique",
                    kind.singular(),
                    record.id,
                    first_at_line,
                    record.anchor()
                ),
            );
        }
        f.report_unknown(
            r,
            &format!("a row of `{}`", kind.block_name()),
            false,
            &known,
        );
        first_line
            .entry(record.id.clone())
            .or_insert(record.at.line);
        records.push(record);
    }
    records
}

fn read_record(
    r: &mut Reader,
    f: &mut Fields,
    kind: RecordKind,
    item: &Node,
    position: usize,
) -> Option<Record> {
    let at = r.at(item.pos);
    let id = read_id(r, f, kind, item, position)?;
    let row = Row {
        kind,
        item,
        id: &id,
    };
    let detail = row.detail(r, f);
    let area = located(r, f, "area");
    let responsible = f
        .get("responsible")
        .map(|n| r.text_list(n, "responsible"))
        .unwrap_or_default()
        .into_iter()
        .map(|(name, at)| ResponsibleRef::parse(&name, at))
        .collect();
    let status = f
        .get("status")
        .and_then(|n| r.choice(n, "status", &WorkStatus::CHOICES));
    let due = f.get("due").and_then(|n| r.date(n, "due"));
    let classification = f
        .get("classification")
        .and_then(|n| r.choice(n, "classification", &Classification::CHOICES));
    Some(Record {
        kind,
        id,
        at,
        area,
        responsible,
        status,
        due,
        detail,
        classification,
    })
}

/// The row's `id`, or its position among the rows of its kind when it has none. None
/// when the row is to be skipped: an `id` that is not text or holds other characters.
fn read_id(
    r: &mut Reader,
    f: &mut Fields,
    kind: RecordKind,
    item: &Node,
    position: usize,
) -> Option<String> {
    match f.get("id") {
        Some(n) => match r.text(n, "id") {
            Some(id)
                if id
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.') =>
            {
                Some(id)
            }
            Some(id) => {
                r.error(
                    n.pos,
                    format!(
                        "a row id may hold letters, digits, `-`, `_` and `.` only, found `{id}`"
                    ),
                );
                None
            }
            None => None,
        },
        None if schema::is_required(kind, "id") => {
            r.error(
                item.pos,
                format!("`id` is required for each risk (row {position})"),
            );
            Some(position.to_string())
        }
        None => Some(position.to_string()),
    }
}

/// One row being read: what its messages name it by.
struct Row<'a> {
    kind: RecordKind,
    item: &'a Node,
    id: &'a str,
}

impl Row<'_> {
    /// The fields of the row's kind; they are read in the order their problems are
    /// reported.
    fn detail(&self, r: &mut Reader, f: &mut Fields) -> RecordDetail {
        match self.kind {
            RecordKind::Risk => RecordDetail::Risk(Box::new(self.risk(r, f))),
            RecordKind::Activity => RecordDetail::Activity {
                activity: self.required(r, f, "activity").unwrap_or_default(),
                goal: text(r, f, "goal"),
                method: plain_list(r, f, "method"),
            },
            RecordKind::Action => RecordDetail::Action {
                action: self.required(r, f, "action").unwrap_or_default(),
                recommendation: located(r, f, "recommendation"),
            },
            RecordKind::Recommendation => RecordDetail::Recommendation {
                recommendation: self.required(r, f, "recommendation").unwrap_or_default(),
                response: text(r, f, "response"),
            },
        }
    }

    fn risk(&self, r: &mut Reader, f: &mut Fields) -> Risk {
        let risk = self.required(r, f, "risk");
        let (likelihood, likelihood_at) = self.number(r, f, "likelihood");
        let (severity, severity_at) = self.number(r, f, "severity");
        let (score, score_at) = self.number(r, f, "score");
        let objectives = list(r, f, "objectives");
        let treatment = located(r, f, "treatment");
        Risk {
            objectives,
            assignment: text(r, f, "assignment"),
            risk: risk.unwrap_or_default(),
            consequence: text(r, f, "consequence"),
            likelihood,
            likelihood_at,
            severity,
            severity_at,
            score,
            score_at,
            treatment,
            cause: text(r, f, "cause"),
            actions: plain_list(r, f, "actions"),
            previous: located(r, f, "previous"),
        }
    }

    /// A text field every row of the kind must have (as its schema says).
    fn required(&self, r: &mut Reader, f: &mut Fields, key: &str) -> Option<String> {
        let value = text(r, f, key);
        if value.is_none() && schema::is_required(self.kind, key) {
            r.error(
                f.key_pos(key).unwrap_or(self.item.pos),
                format!(
                    "`{key}` is required in each row of `{}` (row `{}`)",
                    self.kind.block_name(),
                    self.id
                ),
            );
        }
        value
    }

    /// A risk's figure, with where it is (or where it belongs, for messages).
    fn number(&self, r: &mut Reader, f: &mut Fields, key: &str) -> (Option<i64>, At) {
        let node = f.get(key);
        let pos = node
            .map(|n| n.pos)
            .or_else(|| f.key_pos(key))
            .unwrap_or(self.item.pos);
        let value = node.and_then(|n| r.integer(n, key));
        if node.is_none() && schema::is_required(self.kind, key) {
            r.error(
                pos,
                format!("`{key}` is required for each risk (risk `{}`)", self.id),
            );
        }
        (value, r.at(pos))
    }
}

fn plain_list(r: &mut Reader, f: &mut Fields, key: &str) -> Vec<String> {
    list(r, f, key).into_iter().map(|l| l.value).collect()
}

#[cfg(test)]
mod tests {
    use styrdok_core::diag::Severity;
    use styrdok_core::model::RecordKind;
    use styrdok_core::schema::{self, Holds};

    fn sample(holds: Holds) -> &'static str {
        match holds {
            Holds::Id => "x1",
            Holds::Figure => "2",
            Holds::Score => "4",
            Holds::Date => "2024-01-31",
            Holds::WorkStatus => "planned",
            Holds::Objectives => "[a]",
            Holds::PreviousRisk => "annan#risk-1",
            Holds::Recommendation => "1",
            Holds::Classification => "internal",
            _ => "Ett ord",
        }
    }

    /// The problems of one row of `kind` with every schema field but `without`.
    fn problems(kind: RecordKind, without: Option<&str>) -> Vec<String> {
        let mut row = String::new();
        for f in schema::fields(kind)
            .iter()
            .filter(|f| Some(f.name) != without)
        {
            let lead = if row.is_empty() { "- " } else { "  " };
            row.push_str(&format!("{lead}{}: {}\n", f.name, sample(f.holds)));
        }
        let text = format!("---\ntitle: T\n---\n```{}\n{row}```\n", kind.block_name());
        let file = crate::SourceFile {
            abs: "content/a.md".into(),
            source_path: "content/a.md".into(),
            content_path: "a.md".into(),
        };
        let (config, _) = styrdok_config::Config::parse("title: S\n").unwrap();
        let (_, diags) = crate::load_document(&file, text.as_bytes(), &config);
        diags
            .iter()
            .filter(|d| d.severity != Severity::Note)
            .map(|d| d.message.clone())
            .collect()
    }

    #[test]
    fn loading_knows_every_field_of_the_schema_and_requires_the_required_ones() {
        for kind in RecordKind::ALL {
            assert_eq!(problems(kind, None), Vec::<String>::new(), "{kind:?}");
            for f in schema::fields(kind) {
                let found = problems(kind, Some(f.name));
                let required = schema::is_required(kind, f.name);
                let named = found
                    .iter()
                    .any(|m| m.contains(&format!("`{}` is required", f.name)));
                assert_eq!(named, required, "{kind:?} without {}: {found:?}", f.name);
                if !required {
                    assert_eq!(found, Vec::<String>::new(), "{kind:?} without {}", f.name);
                }
            }
        }
    }
}
