//! Blocks → Markdown: headings one level below the page's title (Heading 1 → `##`),
//! paragraphs with bold, italic and links, lists nested by their Word level, tables as
//! GFM tables, footnotes as Markdown footnotes.

use super::body::{Cell, Para, Span, Table, bulleted, is_empty, spread};
use super::styles::Role;
use super::text::{escape_inline, escape_line_start};

/// What the body is made of, in order: paragraphs, and tables already written.
pub enum Piece<'a> {
    Para(&'a Para),
    Markdown(String),
}

/// A list item's level: ordered or not, its counter, where its content starts.
struct Level {
    ordered: bool,
    counter: usize,
    indent: usize,
}

/// The Markdown of the body, footnote definitions after it.
pub fn body(pieces: &[Piece], notes: &[Vec<Para>]) -> String {
    let mut out = String::new();
    let mut levels: Vec<Level> = Vec::new();
    let mut prev_item = false;
    for piece in pieces {
        let (text, is_item) = match piece {
            Piece::Para(p) => match p.list.filter(|_| p.role == Role::Body) {
                Some((ordered, level)) if !is_empty(p) => {
                    let (start, marker) = list_item(&mut levels, ordered, level);
                    let indent = format!("\n{}", " ".repeat(start + marker.len() + 1));
                    let content = inline(&p.spans, true, false).replace('\n', &indent);
                    (format!("{}{marker} {content}", " ".repeat(start)), true)
                }
                _ => (paragraph(p), false),
            },
            Piece::Markdown(m) => (m.trim_end().to_string(), false),
        };
        if text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str(if is_item && prev_item { "\n" } else { "\n\n" });
        }
        if !is_item {
            levels.clear();
        }
        prev_item = is_item;
        out.push_str(&text);
    }
    for (n, paras) in notes.iter().enumerate() {
        out.push_str(&format!("\n\n[^{}]: ", n + 1));
        let texts: Vec<String> = paras
            .iter()
            .filter(|p| !is_empty(p))
            .map(|p| inline(&p.spans, true, false).replace("\\\n", "\\\n    "))
            .collect();
        out.push_str(&texts.join("\n\n    "));
    }
    out.push('\n');
    out
}

/// Opens or continues the item's level and gives where its marker starts and the
/// marker. A level deeper than one below the open ones is read as the next: Markdown
/// nests one level at a time. Content starts after the marker, so deeper items are
/// indented to it.
fn list_item(levels: &mut Vec<Level>, ordered: bool, level: u8) -> (usize, String) {
    let level = (level as usize).min(levels.len());
    levels.truncate(level + 1);
    if levels.get(level).is_some_and(|l| l.ordered == ordered) {
        levels[level].counter += 1;
    } else {
        levels.truncate(level);
        levels.push(Level {
            ordered,
            counter: 1,
            indent: 0,
        });
    }
    let start = match level {
        0 => 0,
        _ => levels[level - 1].indent,
    };
    let top = &mut levels[level];
    let marker = if ordered {
        format!("{}.", top.counter)
    } else {
        "-".to_string()
    };
    top.indent = start + marker.len() + 1;
    (start, marker)
}

/// A paragraph or heading; an empty one is nothing.
fn paragraph(p: &Para) -> String {
    if is_empty(p) {
        return String::new();
    }
    match p.role {
        Role::Heading(level) => {
            let hashes = "#".repeat((level as usize + 1).min(6));
            format!("{hashes} {}", inline(&p.spans, false, false).trim())
        }
        Role::Title => format!("## {}", inline(&p.spans, false, false).trim()),
        _ => inline(&p.spans, true, false),
    }
}

/// Spans as one line or several: with `formatting`, bold, italic and breaks are kept
/// (breaks as hard line breaks), else they are plain text on one line.
pub fn inline(spans: &[Span], formatting: bool, in_table: bool) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < spans.len() {
        let link = link_of(&spans[i]);
        let end = (i..spans.len())
            .find(|&j| link_of(&spans[j]) != link)
            .unwrap_or(spans.len());
        let group: String = spans[i..end]
            .iter()
            .map(|s| span(s, formatting, in_table))
            .collect();
        match link {
            Some(url) if !group.trim().is_empty() => {
                let (lead, core, trail) = split_space(&group);
                out.push_str(&format!("{lead}[{core}]({}){trail}", link_target(url)));
            }
            _ => out.push_str(&group),
        }
        i = end;
    }
    let lines: Vec<String> = out
        .split('\n')
        .map(|l| escape_line_start(l.trim_end_matches(' ')))
        .collect();
    if formatting && !in_table {
        lines.join("\\\n").trim_end_matches("\\\n").to_string()
    } else {
        lines.join(" ")
    }
}

fn link_of(s: &Span) -> Option<&str> {
    match s {
        Span::Text { link, .. } => link.as_deref(),
        _ => None,
    }
}

/// An address as a link destination: in `<…>` when it holds spaces or parentheses.
fn link_target(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

fn split_space(text: &str) -> (&str, &str, &str) {
    let core = text.trim_matches(' ');
    let lead = &text[..text.len() - text.trim_start_matches(' ').len()];
    let trail = &text[lead.len() + core.len()..];
    (lead, core, trail)
}

fn span(s: &Span, formatting: bool, in_table: bool) -> String {
    match s {
        Span::Text {
            text, bold, italic, ..
        } => {
            let text = escape_inline(&text.replace('\t', " "), in_table);
            let mark = match (formatting, bold, italic) {
                (false, _, _) => "",
                (true, true, true) => "***",
                (true, true, false) => "**",
                (true, false, true) => "*",
                (true, false, false) => "",
            };
            let (lead, core, trail) = split_space(&text);
            if mark.is_empty() || core.is_empty() {
                text.clone()
            } else {
                format!("{lead}{mark}{core}{mark}{trail}")
            }
        }
        Span::Break => "\n".into(),
        Span::Note(label) => format!("[^{label}]"),
        Span::Image { file, alt } => {
            format!(
                "![{}]({file})",
                escape_inline(alt, in_table).replace('\n', " ")
            )
        }
    }
}

/// A table as a GFM table: the first row is its header; spanned and merged cells are
/// blank cells, so the columns stay where Word shows them.
pub fn gfm(table: &Table) -> Option<String> {
    let rows: Vec<Vec<String>> = table.rows.iter().map(|r| spread(r, cell_text)).collect();
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if width == 0 {
        return None;
    }
    let mut out = String::new();
    for (n, row) in rows.iter().enumerate() {
        let mut cells = row.clone();
        cells.resize(width, String::new());
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
        if n == 0 {
            out.push_str(&format!("|{}\n", " --- |".repeat(width)));
        }
    }
    Some(out)
}

/// A cell's paragraphs on one line: list items marked with a bullet.
fn cell_text(cell: &Cell) -> String {
    let texts: Vec<String> = cell
        .paras
        .iter()
        .filter(|p| !is_empty(p))
        .map(|p| bulleted(p, inline(&p.spans, true, true)))
        .collect();
    texts.join(" ")
}
