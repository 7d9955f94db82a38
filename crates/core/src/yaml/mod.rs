//! A YAML value tree that keeps the source position of every node, so that every rule
//! downstream can point at the line that broke it. Parsing goes through serde-saphyr with
//! budgets, so alias bombs and deep nesting fail fast with a located error.

mod explain;
pub mod fields;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, Options, Spanned};
use std::fmt;

/// 1-based position relative to the YAML text that was parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    /// Byte range of the node in the YAML text, when known.
    pub byte_start: Option<usize>,
    pub byte_len: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

impl Node {
    pub fn kind_name(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a decimal number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The scalar as text. Numbers keep their spelling in the source where the span
    /// is known (`version: 1.10` stays "1.10"), so that a string field given as a number
    /// still reads as the editor wrote it.
    pub fn scalar_text(&self, source: &str) -> Option<String> {
        let raw = || {
            let start = self.pos.byte_start?;
            let len = self.pos.byte_len?;
            source.get(start..start + len).map(|s| s.trim().to_string())
        };
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(raw().unwrap_or_else(|| i.to_string())),
            Value::Float(f) => Some(raw().unwrap_or_else(|| f.to_string())),
            Value::Bool(b) => Some(raw().unwrap_or_else(|| b.to_string())),
            _ => None,
        }
    }
}

impl Node {
    /// The value as JSON, for what templates read as it was written (`extra:`).
    pub fn to_json(&self, source: &str) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            // A decimal keeps its spelling (`1.10`), as `scalar_text` does.
            Value::Float(_) => J::String(self.scalar_text(source).unwrap_or_default()),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(|n| n.to_json(source)).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.scalar_text(source).unwrap_or_default(), v.to_json(source)))
                    .collect(),
            ),
        }
    }
}

/// A YAML syntax or budget error, positioned in the YAML text.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub message: String,
    pub line: u32,
    pub column: u32,
}

fn budget() -> Budget {
    let mut budget = Budget::default();
    budget.max_depth = 32;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_nodes = 2_000_000;
    budget.max_events = 5_000_000;
    budget.max_recorded_anchor_events = 100_000;
    budget
}

/// Parses one YAML document into a positioned tree.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let mut options = Options::default();
    options.budget = Some(budget());
    match serde_saphyr::from_str_with_options::<Spanned<Value>>(text, options) {
        Ok(spanned) => Ok(node_from(spanned)),
        Err(err) => {
            let (line, column) = err
                .location()
                .map(|l| (l.line() as u32, l.column() as u32))
                .unwrap_or((1, 1));
            let message = err.without_snippet().to_string();
            let (line, column) = (line.max(1), column.max(1));
            Err(match parser_words(&message) {
                Ok(words) => {
                    let told = explain::explain(text, &words, line, column);
                    YamlError {
                        message: told.message,
                        line: told.line,
                        column: told.column,
                    }
                }
                Err(budget) => YamlError {
                    message: budget,
                    line,
                    column,
                },
            })
        }
    }
}

/// saphyr's words without their own position suffix (ours is printed separately), or
/// a budget breach already told in the reader's words.
fn parser_words(message: &str) -> Result<String, String> {
    let first = message.lines().next().unwrap_or("invalid YAML").trim();
    let trimmed = match first.find(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    if trimmed.contains("budget") {
        // Alias bombs and runaway nesting: say what the reader can act on, in words
        // rather than the parser's own names for its limits.
        let limit = trimmed.trim_start_matches("budget breached: ");
        let b = budget();
        let what = match limit.split([' ', '{']).next().unwrap_or("") {
            "Depth" => format!("nested more than {} levels deep", b.max_depth),
            "Aliases" => format!("more than {} aliases (`*name`)", b.max_aliases),
            "Anchors" => format!("more than {} anchors (`&name`)", b.max_anchors),
            "RecordedAnchorEvents" => {
                "anchors that repeat too much (an alias bomb, `*name` inside `&name`)".to_string()
            }
            "Nodes" | "Events" => "too many values, once aliases are expanded".to_string(),
            _ => limit.to_string(),
        };
        return Err(format!(
            "YAML too large or too deeply nested to read safely: {what}; simplify it or split the block"
        ));
    }
    Ok(trimmed.trim_end_matches('.').to_string())
}

fn node_from(spanned: Spanned<Value>) -> Node {
    let loc = spanned.referenced;
    let span = loc.span();
    Node {
        value: spanned.value,
        pos: Pos {
            line: loc.line() as u32,
            column: loc.column() as u32,
            byte_start: span.byte_offset().map(|v| v as usize),
            byte_len: span.byte_len().map(|v| v as usize),
        },
    }
}

impl<'de> de::Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        de::Deserialize::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v)
            .map(Value::Int)
            .unwrap_or(Value::Float(v as f64)))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v)
            .map(Value::Int)
            .unwrap_or(Value::Float(v as f64)))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v)
            .map(Value::Int)
            .unwrap_or(Value::Float(v as f64)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Value>>()? {
            items.push(node_from(item));
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Value>>()? {
            let value = map.next_value::<Spanned<Value>>()?;
            entries.push((node_from(key), node_from(value)));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_of_nested_values() {
        let text = "title: Hej\nrisk:\n  scale: 5\nlist:\n  - a\n  - 1.10\n";
        let root = parse(text).unwrap();
        let Value::Map(entries) = &root.value else {
            panic!("not a map")
        };
        assert_eq!(entries[0].0.value, Value::Str("title".into()));
        assert_eq!((entries[0].1.pos.line, entries[0].1.pos.column), (1, 8));
        let Value::Map(risk) = &entries[1].1.value else {
            panic!()
        };
        assert_eq!((risk[0].1.pos.line, risk[0].1.pos.column), (3, 10));
        let Value::Seq(items) = &entries[2].1.value else {
            panic!()
        };
        assert_eq!((items[1].pos.line, items[1].pos.column), (6, 5));
        assert_eq!(items[1].scalar_text(text).as_deref(), Some("1.10"));
    }

    #[test]
    fn syntax_error_is_located() {
        let err = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(err.message.starts_with("invalid YAML"), "{err:?}");
        assert!(err.line >= 2, "{err:?}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(parse(&text).is_err());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}{}", "[".repeat(500), "]".repeat(500));
        assert!(parse(&text).is_err());
    }
}
