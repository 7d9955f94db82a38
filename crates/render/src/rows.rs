//! The rows of a record or document table (`record_table`, `doc_table` in macros.html)
//! as a template value: a list of the records' or documents' values, each with its
//! rendered row as `row`, that also holds each row's HTML, so `rows(records)` writes
//! the table's body without looking a value up.
//! Looking up `row` in 500 kept values (scattered over the heap) was half the time of
//! a follow-up page of kept rows.

use minijinja::value::{Enumerator, Object, ObjectRepr};
use minijinja::{Value, context};
use std::sync::Arc;

/// A record's, document's or event's row: its template value with `row`, and the row's
/// HTML alone (the same safe string).
#[derive(Clone, Debug)]
pub struct Row {
    pub value: Value,
    pub html: Value,
}

/// Rows in table order. In templates, a list of their values.
#[derive(Debug)]
pub struct RowList(Vec<Row>);

impl Row {
    /// The row `html` of the item whose template value is `value`.
    pub fn new(html: String, value: Value) -> Row {
        // The one string, shared by the value and the row.
        let html = Value::from_safe_string(html);
        Row {
            value: context! { row => html.clone(), ..value },
            html,
        }
    }
}

impl RowList {
    pub fn value(rows: Vec<Row>) -> Value {
        Value::from_object(RowList(rows))
    }

    /// Each row's HTML followed by a newline, as `{% for r in records %}{{ r.row }}` and
    /// a newline write them.
    pub fn html(&self) -> String {
        let html = |r: &Row| r.html.as_str().unwrap_or_default().len() + 1;
        let mut out = String::with_capacity(self.0.iter().map(html).sum());
        for row in &self.0 {
            out.push_str(row.html.as_str().unwrap_or_default());
            out.push('\n');
        }
        out
    }
}

impl Object for RowList {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        Some(self.0.get(key.as_usize()?)?.value.clone())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::Environment;

    #[test]
    fn a_row_list_is_a_list_of_values_to_templates() {
        let row = |id: i32, html: &str| Row::new(html.to_string(), context! { id });
        let list = RowList::value(vec![row(1, "<tr>a</tr>"), row(2, "<tr>b</tr>")]);
        let env = Environment::new();
        let out = env
            .render_str(
                "{{ rows|length }} {% for r in rows %}{{ r.id }}{{ r.row }}{% endfor %} {{ rows[1].id }} {{ 'yes' if rows }}",
                context! { rows => list.clone() },
            )
            .unwrap();
        assert_eq!(out, "2 1<tr>a</tr>2<tr>b</tr> 2 yes");
        let rows = list.downcast_object_ref::<RowList>().unwrap();
        assert_eq!(rows.html(), "<tr>a</tr>\n<tr>b</tr>\n");
        assert_eq!(
            env.render_str(
                "{{ 'yes' if rows else 'no' }}",
                context! { rows => RowList::value(vec![]) }
            )
            .unwrap(),
            "no"
        );
    }
}
