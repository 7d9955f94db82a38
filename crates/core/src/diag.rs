//! Diagnostics: every problem of a build is collected as a located `Diagnostic`, then all
//! are reported together, sorted, as `PATH:LINE:COLUMN: error|warning: message` followed
//! by the offending source line.

pub mod format;

use std::fmt::Write as _;
use std::sync::Mutex;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    /// Information that needs no change (`check` says which files are not copied).
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Relative to the site root, with `/` separators.
    pub path: String,
    /// 1-based; 0 when the problem has no position in a file (e.g. a missing folder).
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    pub message: String,
    /// The offending source line, without its line ending.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(loc: &Loc, message: impl Into<String>) -> Self {
        Self::new(loc, Severity::Error, message)
    }

    pub fn warning(loc: &Loc, message: impl Into<String>) -> Self {
        Self::new(loc, Severity::Warning, message)
    }

    pub fn note(loc: &Loc, message: impl Into<String>) -> Self {
        Self::new(loc, Severity::Note, message)
    }

    fn new(loc: &Loc, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            path: loc.path.clone(),
            line: loc.line,
            column: loc.column,
            severity,
            message: shorten(message.into()),
            source_line: loc.source_line.clone(),
        }
    }

    /// The first line of the human format: `PATH:LINE:COLUMN: error: message`, with the
    /// message's first line (the rest follows the source line, see `render_human`).
    pub fn headline(&self) -> String {
        let message = self.message.lines().next().unwrap_or("");
        if self.line == 0 {
            format!("{}: {}: {message}", self.path, self.severity.as_str())
        } else {
            format!(
                "{}:{}:{}: {}: {message}",
                self.path,
                self.line,
                self.column,
                self.severity.as_str(),
            )
        }
    }

    /// The headline, then the source line with a caret under the column, then the
    /// message's further lines (e.g. the YAML parser's own words) as `= …`.
    pub fn render_human(&self) -> String {
        let mut out = self.headline();
        out.push('\n');
        let blank = " ".repeat(self.line.max(1).to_string().len());
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string();
            let shown: String = src.chars().take(200).collect();
            let _ = writeln!(out, " {gutter} | {shown}");
            let pad = " ".repeat(gutter.len());
            let caret_at = (self.column.max(1) as usize - 1).min(shown.chars().count());
            let indent: String = shown
                .chars()
                .take(caret_at)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, " {pad} | {indent}^");
        }
        for more in self.message.lines().skip(1) {
            let _ = writeln!(out, " {blank} = {more}");
        }
        out
    }
}

/// Messages quote what they found; a 10 MB value must not make a 10 MB report. The
/// middle of an overlong message goes, its start and end (the advice) stay.
fn shorten(message: String) -> String {
    const KEEP: usize = 200;
    let count = message.chars().count();
    if count <= 2 * KEEP + 50 {
        return message;
    }
    let head: String = message.chars().take(KEEP).collect();
    let tail: String = message.chars().skip(count - KEEP).collect();
    format!(
        "{head} … ({} characters left out) … {tail}",
        count - 2 * KEEP
    )
}

/// A position in a site file (1-based line and character column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct At {
    pub line: u32,
    pub column: u32,
}

/// A position in a site file, with its line's text for the report.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Loc {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub source_line: Option<String>,
}

impl Loc {
    /// A whole-file location (no line), for problems such as an unreadable file.
    pub fn file(path: impl Into<String>) -> Self {
        Loc {
            path: path.into(),
            ..Loc::default()
        }
    }
}

/// Thread-safe collector: loaders and renderers running in parallel push into it.
#[derive(Default)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&self, diagnostic: Diagnostic) {
        self.items.lock().unwrap().push(diagnostic);
    }

    pub fn extend(&self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.lock().unwrap().extend(diagnostics);
    }

    pub fn has_errors(&self) -> bool {
        self.items
            .lock()
            .unwrap()
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// All diagnostics, sorted by file and position so reports are stable.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut items = self.items.into_inner().unwrap();
        sort(&mut items);
        items
    }
}

pub fn sort(items: &mut Vec<Diagnostic>) {
    items.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
    });
    items.dedup();
}

/// Line index over one source text, mapping byte offsets to 1-based line and
/// character column.
#[derive(Clone, Debug)]
pub struct SourceMap {
    pub path: String,
    line_starts: Vec<usize>,
}

impl SourceMap {
    pub fn new(path: impl Into<String>, text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceMap {
            path: path.into(),
            line_starts,
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text of 1-based `line`, without its line ending.
    pub fn line_text<'a>(&self, text: &'a str, line: u32) -> &'a str {
        let index = (line.max(1) as usize - 1).min(self.line_starts.len() - 1);
        let start = self.line_starts[index];
        let end = self
            .line_starts
            .get(index + 1)
            .map(|e| e - 1)
            .unwrap_or(text.len());
        text.get(start..end.max(start))
            .unwrap_or("")
            .trim_end_matches('\r')
    }

    pub fn line_start(&self, line: u32) -> usize {
        let index = (line.max(1) as usize - 1).min(self.line_starts.len() - 1);
        self.line_starts[index]
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> u32 {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    /// A located position for a byte offset in `text`.
    pub fn loc_at(&self, text: &str, offset: usize) -> Loc {
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = text
            .get(start..offset.min(text.len()))
            .map(|s| s.chars().count() as u32 + 1)
            .unwrap_or(1);
        self.loc(text, line, column)
    }

    /// A located position for a known line and column.
    pub fn loc(&self, text: &str, line: u32, column: u32) -> Loc {
        Loc {
            path: self.path.clone(),
            line,
            column: column.max(1),
            source_line: Some(self.line_text(text, line).to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_format_has_headline_and_caret() {
        let text = "---\ntitle: x\nscore: 7\n";
        let map = SourceMap::new("content/a.md", text);
        let d = Diagnostic::error(&map.loc(text, 3, 8), "score mismatch");
        assert_eq!(
            d.render_human(),
            "content/a.md:3:8: error: score mismatch\n 3 | score: 7\n   |        ^\n"
        );
    }

    #[test]
    fn offsets_map_to_char_columns() {
        let text = "åäö\nabc [x]\r\nz";
        let map = SourceMap::new("f", text);
        let loc = map.loc_at(text, text.find("[x]").unwrap());
        assert_eq!((loc.line, loc.column), (2, 5));
        assert_eq!(loc.source_line.as_deref(), Some("abc [x]"));
        let loc = map.loc_at(text, text.find('z').unwrap());
        assert_eq!((loc.line, loc.column), (3, 1));
    }
}
