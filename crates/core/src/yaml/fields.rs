//! Typed reading of positioned YAML nodes. Every problem becomes a located diagnostic
//! and reading goes on, so one build reports every bad field, not just the first.

use super::{Node, Pos, Value};
use crate::diag::{Diagnostic, Loc, SourceMap};
use crate::text::Date;

pub use crate::diag::At;

/// Where a piece of YAML sits in its file: the lines before it and, for indented
/// fenced blocks, the columns stripped from each line.
pub struct YamlSource<'a> {
    pub map: &'a SourceMap,
    pub file_text: &'a str,
    pub yaml_text: &'a str,
    pub line_offset: u32,
    pub column_offset: u32,
}

/// Reads fields and collects diagnostics.
pub struct Reader<'a> {
    pub src: YamlSource<'a>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    pub fn new(src: YamlSource<'a>) -> Self {
        Reader {
            src,
            diagnostics: Vec::new(),
        }
    }

    pub fn at(&self, pos: Pos) -> At {
        At {
            line: pos.line.max(1) + self.src.line_offset,
            column: pos.column.max(1) + self.src.column_offset,
        }
    }

    pub fn loc(&self, at: At) -> Loc {
        self.src.map.loc(self.src.file_text, at.line, at.column)
    }

    pub fn error(&mut self, pos: Pos, message: impl Into<String>) {
        let loc = self.loc(self.at(pos));
        self.diagnostics.push(Diagnostic::error(&loc, message));
    }

    /// An error at a position already in file coordinates.
    pub fn error_at(&mut self, at: At, message: impl Into<String>) {
        let loc = self.loc(at);
        self.diagnostics.push(Diagnostic::error(&loc, message));
    }

    pub fn warning_at(&mut self, at: At, message: impl Into<String>) {
        let loc = self.loc(at);
        self.diagnostics.push(Diagnostic::warning(&loc, message));
    }

    pub fn warning(&mut self, pos: Pos, message: impl Into<String>) {
        let loc = self.loc(self.at(pos));
        self.diagnostics.push(Diagnostic::warning(&loc, message));
    }

    /// A mapping's entries, or an error naming what was found instead.
    pub fn mapping<'n>(&mut self, node: &'n Node, what: &str) -> Option<Fields<'n>> {
        match &node.value {
            Value::Map(entries) => Some(Fields {
                entries,
                used: vec![false; entries.len()],
                pos: node.pos,
            }),
            _ => {
                self.error(
                    node.pos,
                    format!(
                        "{what} must be a mapping of `key: value`, found {}",
                        node.kind_name()
                    ),
                );
                None
            }
        }
    }

    pub fn text(&mut self, node: &Node, field: &str) -> Option<String> {
        match &node.value {
            Value::Null => None,
            Value::Seq(_) | Value::Map(_) => {
                self.error(
                    node.pos,
                    format!("`{field}` must be text, found {}", node.kind_name()),
                );
                None
            }
            _ => node
                .scalar_text(self.src.yaml_text)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
        }
    }

    pub fn integer(&mut self, node: &Node, field: &str) -> Option<i64> {
        match &node.value {
            Value::Int(i) => Some(*i),
            Value::Str(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
            Value::Null => None,
            _ => {
                self.error(
                    node.pos,
                    format!(
                        "`{field}` must be a whole number, found {}",
                        describe(node, self.src.yaml_text)
                    ),
                );
                None
            }
        }
    }

    pub fn boolean(&mut self, node: &Node, field: &str) -> Option<bool> {
        match &node.value {
            Value::Bool(b) => Some(*b),
            Value::Null => None,
            _ => {
                self.error(
                    node.pos,
                    format!(
                        "`{field}` must be true or false, found {}",
                        node.kind_name()
                    ),
                );
                None
            }
        }
    }

    pub fn date(&mut self, node: &Node, field: &str) -> Option<Date> {
        let text = match &node.value {
            Value::Null => return None,
            Value::Str(s) => s.clone(),
            _ => node.scalar_text(self.src.yaml_text).unwrap_or_default(),
        };
        match Date::parse_or_why(&text) {
            Ok(date) => return Some(date),
            Err(Some(why)) => self.error(
                node.pos,
                format!(
                    "`{field}` holds `{}`, which is not a date: {why}",
                    text.trim()
                ),
            ),
            Err(None) => self.error(
                node.pos,
                format!(
                    "`{field}` must be a date written YYYY-MM-DD, found {}",
                    describe(node, self.src.yaml_text)
                ),
            ),
        }
        None
    }

    /// Text or a list of texts (a single value counts as a list of one).
    pub fn text_list(&mut self, node: &Node, field: &str) -> Vec<(String, At)> {
        match &node.value {
            Value::Null => Vec::new(),
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| {
                    let at = self.at(item.pos);
                    match &item.value {
                        Value::Seq(_) | Value::Map(_) => {
                            self.error(
                                item.pos,
                                format!(
                                    "each item of `{field}` must be text, found {}",
                                    item.kind_name()
                                ),
                            );
                            None
                        }
                        _ => self.text(item, field).map(|t| (t, at)),
                    }
                })
                .collect(),
            Value::Map(_) => {
                self.error(
                    node.pos,
                    format!("`{field}` must be text or a list, found a mapping"),
                );
                Vec::new()
            }
            _ => {
                let at = self.at(node.pos);
                self.text(node, field)
                    .map(|t| (t, at))
                    .into_iter()
                    .collect()
            }
        }
    }

    /// One of a closed set of words, e.g. a status.
    pub fn choice<T: Copy>(
        &mut self,
        node: &Node,
        field: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        let text = self.text(node, field)?;
        let found = options
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, v)| *v);
        if found.is_none() {
            let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
            self.error(
                node.pos,
                format!(
                    "`{field}` must be one of {}, found `{text}`",
                    names.join(", ")
                ),
            );
        }
        found
    }
}

fn describe(node: &Node, yaml: &str) -> String {
    match &node.value {
        Value::Str(s) => format!("`{s}`"),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
            format!("`{}`", node.scalar_text(yaml).unwrap_or_default())
        }
        _ => node.kind_name().to_string(),
    }
}

/// The entries of one mapping; remembers which keys were read so the rest can be
/// reported as unknown.
pub struct Fields<'n> {
    entries: &'n [(Node, Node)],
    used: Vec<bool>,
    pub pos: Pos,
}

impl<'n> Fields<'n> {
    pub fn get(&mut self, key: &str) -> Option<&'n Node> {
        let index = self
            .entries
            .iter()
            .position(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))?;
        self.used[index] = true;
        let value = &self.entries[index].1;
        (!matches!(value.value, Value::Null)).then_some(value)
    }

    /// Position of a key, for errors about the whole entry.
    pub fn key_pos(&self, key: &str) -> Option<Pos> {
        self.entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))
            .map(|(k, _)| k.pos)
    }

    /// Keys present but never read, with their positions.
    pub fn unknown(&self) -> Vec<(String, Pos)> {
        self.entries
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
            .map(|((k, _), _)| (key_name(k), k.pos))
            .collect()
    }

    /// The value of a key named as `unknown` names it (a number key such as `1:`
    /// included), also when the value is empty: for mappings whose keys are data, such
    /// as `responsibles` and `control_objectives`.
    pub fn entry(&mut self, name: &str) -> Option<&'n Node> {
        let index = self.entries.iter().position(|(k, _)| key_name(k) == name)?;
        self.used[index] = true;
        Some(&self.entries[index].1)
    }

    pub fn report_unknown(&self, reader: &mut Reader, what: &str, as_error: bool, known: &[&str]) {
        for (pos, message) in self.unknown_messages(what, known) {
            if as_error {
                reader.error(pos, message);
            } else {
                reader.warning(pos, format!("{message}; it is ignored"));
            }
        }
    }

    /// Unknown keys as errors, each message followed by `advice` (where such a field
    /// belongs instead).
    pub fn refuse_unknown(&self, reader: &mut Reader, what: &str, known: &[&str], advice: &str) {
        for (pos, message) in self.unknown_messages(what, known) {
            reader.error(pos, format!("{message}; {advice}"));
        }
    }

    fn unknown_messages(&self, what: &str, known: &[&str]) -> Vec<(Pos, String)> {
        self.unknown()
            .into_iter()
            .map(|(name, pos)| {
                let hint = closest(&name, known)
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                (pos, format!("unknown key `{name}` in {what}{hint}"))
            })
            .collect()
    }
}

fn key_name(k: &Node) -> String {
    match &k.value {
        Value::Str(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        _ => k.kind_name().to_string(),
    }
}

/// The known name nearest to a misspelt one, if it is near enough to be a typo.
pub fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
