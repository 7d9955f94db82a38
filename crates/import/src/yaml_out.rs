//! Writes imported risks as the YAML of a ```risks block. Text is written plain only
//! when no YAML reader could take it for anything else (a number, a boolean, a date, a
//! comment, a mapping); otherwise double-quoted with escapes. Several lines become a
//! literal block (`|-`), which keeps the text readable for editors.

/// One risk row as imported, fields in the order of the contract.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportedRisk {
    pub id: String,
    pub objectives: Vec<String>,
    pub area: Option<String>,
    pub assignment: Option<String>,
    pub risk: Option<String>,
    pub consequence: Option<String>,
    pub likelihood: Option<i64>,
    pub severity: Option<i64>,
    pub score: Option<i64>,
    pub treatment: Option<String>,
    pub cause: Option<String>,
    pub actions: Vec<String>,
    pub responsible: Vec<String>,
    pub previous: Option<String>,
}

/// The block's content (without the fences).
pub fn risks_yaml(risks: &[ImportedRisk]) -> String {
    let mut out = String::new();
    for (n, r) in risks.iter().enumerate() {
        // A blank line between rows, as editors space them.
        if n > 0 {
            out.push('\n');
        }
        out.push_str("- id: ");
        out.push_str(&id_scalar(&r.id));
        out.push('\n');
        if !r.objectives.is_empty() {
            let codes: Vec<String> = r.objectives.iter().map(|c| flow_scalar(c)).collect();
            out.push_str(&format!("  objectives: [{}]\n", codes.join(", ")));
        }
        let text = |out: &mut String, key: &str, v: &Option<String>| {
            if let Some(v) = v {
                field(out, key, v);
            }
        };
        let number = |out: &mut String, key: &str, v: Option<i64>| {
            if let Some(v) = v {
                out.push_str(&format!("  {key}: {v}\n"));
            }
        };
        text(&mut out, "area", &r.area);
        text(&mut out, "assignment", &r.assignment);
        text(&mut out, "risk", &r.risk);
        text(&mut out, "consequence", &r.consequence);
        number(&mut out, "likelihood", r.likelihood);
        number(&mut out, "severity", r.severity);
        number(&mut out, "score", r.score);
        text(&mut out, "treatment", &r.treatment);
        text(&mut out, "cause", &r.cause);
        list(&mut out, "actions", &r.actions);
        list(&mut out, "responsible", &r.responsible);
        text(&mut out, "previous", &r.previous);
    }
    out
}

/// A field of a row of another kind than risks.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    List(Vec<String>),
}

/// The content of an `activities`, `actions` or `recommendations` block: each row its
/// (key, value) pairs in the contract's order, written as risks are.
pub fn records_yaml(rows: &[Vec<(&'static str, Value)>]) -> String {
    let mut out = String::new();
    for row in rows.iter().filter(|r| !r.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        let start = out.len();
        for (key, value) in row {
            match value {
                Value::Text(id) if *key == "id" => {
                    out.push_str(&format!("  id: {}\n", id_scalar(id)));
                }
                Value::Text(text) => field(&mut out, key, text),
                Value::List(items) => list(&mut out, key, items),
            }
        }
        // The row's first key starts the list item.
        if out.len() > start {
            out.replace_range(start..start + 2, "- ");
        }
    }
    out
}

fn field(out: &mut String, key: &str, value: &str) {
    out.push_str("  ");
    out.push_str(key);
    out.push(':');
    value_after_key(out, value, 4);
}

/// A list of one is written as text, as editors write it; several as a block list.
fn list(out: &mut String, key: &str, items: &[String]) {
    match items {
        [] => {}
        [one] => field(out, key, one),
        _ => {
            out.push_str(&format!("  {key}:\n"));
            for item in items {
                out.push_str("    -");
                value_after_key(out, item, 6);
            }
        }
    }
}

/// Writes ` value\n` or a literal block indented by `indent`.
fn value_after_key(out: &mut String, value: &str, indent: usize) {
    if value.contains('\n') && literal_ok(value) {
        out.push_str(" |-\n");
        for line in value.split('\n') {
            if !line.is_empty() {
                out.push_str(&" ".repeat(indent));
                out.push_str(line);
            }
            out.push('\n');
        }
    } else {
        out.push(' ');
        out.push_str(&scalar(value));
        out.push('\n');
    }
}

/// A literal block keeps the text as it is; it cannot hold control characters, and
/// leading space on the first line or a trailing blank line would need more syntax.
fn literal_ok(value: &str) -> bool {
    !value.starts_with([' ', '\t'])
        && !value.ends_with('\n')
        && !value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        && !value.contains('\u{feff}')
}

/// An id: a plain whole number stays a number (`id: 5`), anything else is text.
fn id_scalar(id: &str) -> String {
    let digits = !id.is_empty() && id.len() < 16 && id.chars().all(|c| c.is_ascii_digit());
    if digits && (id == "0" || !id.starts_with('0')) {
        id.to_string()
    } else {
        scalar(id)
    }
}

/// A scalar in a block context: plain when safe, else double-quoted.
pub fn scalar(value: &str) -> String {
    if plain_ok(value, false) {
        value.to_string()
    } else {
        quoted(value)
    }
}

/// A scalar inside `[...]`, where `,` `[` `]` `{` `}` also end a plain scalar.
fn flow_scalar(value: &str) -> String {
    if plain_ok(value, true) {
        value.to_string()
    } else {
        quoted(value)
    }
}

fn plain_ok(value: &str, flow: bool) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    if value.trim() != value || value.chars().any(|c| c.is_control() || c == '\u{feff}') {
        return false;
    }
    // Indicators that start something else than text; digits and signs may read as numbers.
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || first.is_ascii_digit() || "+.~".contains(first) {
        return false;
    }
    if value.contains(": ") || value.contains(" #") || value.ends_with(':') {
        return false;
    }
    if flow && value.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    // YAML 1.1 readers take these for booleans or null.
    const RESERVED: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf",
    ];
    !RESERVED.contains(&value.to_ascii_lowercase().as_str())
}

fn quoted(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use styrdok_core::yaml::{self, Value};

    fn round_trip(value: &str) -> String {
        let text = format!("k: {}\n", scalar(value));
        let node = yaml::parse(&text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        let Value::Map(entries) = node.value else {
            panic!("{text}")
        };
        entries[0].1.scalar_text(&text).unwrap()
    }

    #[test]
    fn risky_text_is_quoted_and_reads_back_the_same() {
        for v in [
            "vanlig text",
            "yes",
            "No",
            "null",
            "~",
            "15",
            "2023-02-28",
            "1.10",
            "- punkt",
            "a: b",
            "slutar med kolon:",
            "text # inte kommentar",
            "#kommentar",
            "\"citat\"",
            "'enkel'",
            "@at",
            "`kod`",
            "{a: 1}",
            "[lista]",
            "& ankare",
            "* alias",
            "! tagg",
            "| block",
            "> vikt",
            "% direktiv",
            "tab\there",
            "back\\slash",
            "kontroll\u{1}tecken",
            " inledande blanksteg",
        ] {
            assert_eq!(round_trip(v), v, "{v:?} as {}", scalar(v));
        }
        assert_eq!(scalar("vanlig text"), "vanlig text");
        assert_eq!(scalar("yes"), "\"yes\"");
    }

    #[test]
    fn a_block_reads_back_as_written() {
        let risks = vec![ImportedRisk {
            id: "5".into(),
            objectives: vec!["c".into(), "f".into()],
            area: Some("Länets utveckling".into()),
            risk: Some("Första raden\nAndra: raden # x\n\nFjärde".into()),
            likelihood: Some(5),
            severity: Some(4),
            score: Some(20),
            treatment: Some("begränsa".into()),
            actions: vec!["Ett".into(), "Två\nrader".into(), "yes".into()],
            responsible: vec!["HR (med stöd)".into()],
            ..Default::default()
        }];
        let text = risks_yaml(&risks);
        assert!(text.starts_with("- id: 5\n  objectives: [c, f]\n  area: Länets utveckling\n  risk: |-\n    Första raden\n"), "{text}");
        let node = yaml::parse(&text).unwrap();
        let Value::Seq(items) = node.value else {
            panic!()
        };
        let Value::Map(entries) = &items[0].value else {
            panic!()
        };
        let get = |k: &str| {
            entries
                .iter()
                .find(|(key, _)| key.value == Value::Str(k.into()))
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        assert_eq!(
            get("risk").value,
            Value::Str("Första raden\nAndra: raden # x\n\nFjärde".into())
        );
        let Value::Seq(actions) = get("actions").value else {
            panic!()
        };
        assert_eq!(actions[1].value, Value::Str("Två\nrader".into()));
        assert_eq!(actions[2].value, Value::Str("yes".into()));
        assert_eq!(get("id").value, Value::Int(5));
        assert_eq!(get("responsible").value, Value::Str("HR (med stöd)".into()));
    }
}
