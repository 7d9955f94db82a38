//! `styrdok import document FILE.docx`: a Word document → one document of the input
//! contract, front matter from its case header, Dnr and decision lines and core
//! properties, body as Markdown, register tables as record blocks, pictures saved next
//! to it. What cannot be carried over is a warning located as `FILE:paragraph N` or
//! `FILE:table N row R`; only a file that is not a readable Word document is an error.

pub mod body;
pub mod command;
pub mod markdown;
pub mod meta;
pub mod package;
pub mod styles;
pub mod tables;
pub mod text;
pub mod xml;

use crate::Settings;
use body::{Block, Para, Reader, Span};
use markdown::Piece;
use meta::Front;
use std::collections::{HashMap, HashSet};
use styles::Role;
use styrdok_core::model::DocType;
use xml::Element;

/// Where a warning points: the body's paragraphs and tables are counted from 1, rows
/// from 1 with the header row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Document,
    Paragraph(usize),
    /// Table, and row (0-based) inside it.
    Table(usize, Option<u32>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub place: Place,
    pub message: String,
}

impl Warning {
    /// `FILE:paragraph 4: warning: …`, `FILE:table 2 row 3: warning: …`.
    pub fn render(&self, file: &str) -> String {
        let place = match self.place {
            Place::Document => String::new(),
            Place::Paragraph(n) => format!(":paragraph {n}"),
            Place::Table(n, None) => format!(":table {n}"),
            Place::Table(n, Some(r)) => format!(":table {n} row {}", r + 1),
        };
        format!("{file}{place}: warning: {}", self.message)
    }
}

/// A converted document.
#[derive(Debug)]
pub struct Document {
    /// The whole Markdown file: front matter and body.
    pub text: String,
    pub doc_type: DocType,
    pub title: String,
    /// Pictures to save next to the document: file name and bytes.
    pub images: Vec<(String, Vec<u8>)>,
    /// The record blocks made of tables: (kind, rows).
    pub blocks: Vec<(&'static str, usize)>,
    pub warnings: Vec<Warning>,
}

/// The parts a conversion reads besides the body.
struct Parts {
    rels: package::Rels,
    styles: styles::Styles,
    notes: Vec<(bool, String, Element)>,
    headers: Vec<Element>,
    core: Option<Element>,
}

/// Converts the bytes of a .docx; `stem` names its pictures (`plan` → `plan-1.png`).
pub fn convert(
    bytes: &[u8],
    stem: &str,
    doc_type: Option<DocType>,
    settings: &Settings,
) -> Result<Document, String> {
    let mut pkg = package::open(bytes)?;
    let main = pkg.main.clone();
    let document = pkg
        .xml(&main)?
        .ok_or_else(|| format!("not a Word document: {main} is missing"))?;
    let body = document
        .child("body")
        .ok_or_else(|| format!("not a Word document: {main} has no body"))?;
    let parts = read_parts(&mut pkg, &main)?;
    let notes: HashMap<(bool, String), &Element> = parts
        .notes
        .iter()
        .map(|(end, id, e)| ((*end, id.clone()), e))
        .collect();
    let mut reader = Reader::new(&parts.styles, &parts.rels, &notes, stem);
    let mut blocks = Vec::new();
    reader.blocks(body, true, &mut blocks);
    let mut front = Front::default();
    let mut warnings = Vec::new();
    read_headers(&parts, &mut front);
    take_front_matter(&mut blocks, &mut front, &mut warnings);
    if let Some(core) = &parts.core {
        let field = |name: &str| {
            core.find(name)
                .map(|e| e.text().trim().to_string())
                .filter(|t| !t.is_empty())
        };
        front.take_core(field("title"), field("subject"), field("keywords"));
    }
    if front.title.is_none() {
        warnings.push(Warning {
            place: Place::Document,
            message: format!("the document has no title (no Title style, first heading or title property); it is named `{stem}`"),
        });
        front.title = Some(stem.to_string());
    }
    let images = save_images(&mut pkg, &reader.images, &mut warnings)?;
    let missing: HashSet<String> = reader
        .images
        .iter()
        .map(|i| i.file.clone())
        .filter(|f| !images.iter().any(|(g, _)| g == f))
        .collect();
    let mut note_paras = std::mem::take(&mut reader.note_paras);
    drop_missing_images(&mut blocks, &mut note_paras, &missing);
    warnings.append(&mut reader.warnings);
    let (pieces, made) = pieces(&blocks, settings, &mut warnings);
    let kinds: Vec<&str> = made.iter().map(|(k, _)| *k).collect();
    let doc_type = doc_type.unwrap_or_else(|| meta::guess_type(&front, &kinds));
    let mut dropped = Vec::new();
    let mut text = front.yaml(doc_type, &mut dropped);
    if !dropped.is_empty() {
        warnings.push(Warning {
            place: Place::Document,
            message: format!(
                "{} from the case header are left out: only a document of type `decision` shows them",
                dropped.join(", ")
            ),
        });
    }
    text.push('\n');
    text.push_str(&markdown::body(&pieces, &note_paras));
    warnings.sort_by_key(|w| order(w.place));
    Ok(Document {
        text,
        doc_type,
        title: front.title.clone().unwrap_or_default(),
        images,
        blocks: made,
        warnings,
    })
}

/// Warnings in document order: the document's own first, then by paragraph or table.
fn order(place: Place) -> (u8, usize, u32) {
    match place {
        Place::Document => (0, 0, 0),
        Place::Paragraph(n) => (1, n, 0),
        Place::Table(n, r) => (2, n, r.map_or(0, |r| r + 1)),
    }
}

fn read_parts(pkg: &mut package::Package, main: &str) -> Result<Parts, String> {
    let rels = pkg.rels(main)?;
    let styles = pkg.xml("word/styles.xml")?;
    let numbering = pkg.xml("word/numbering.xml")?;
    let mut notes = Vec::new();
    for (endnote, part, tag) in [
        (false, "word/footnotes.xml", "footnote"),
        (true, "word/endnotes.xml", "endnote"),
    ] {
        let Some(root) = pkg.xml(part)? else {
            continue;
        };
        for note in root.children.into_iter().filter_map(|c| match c {
            xml::Node::Element(e) if e.name == tag => Some(e),
            _ => None,
        }) {
            // Separators are Word's own lines above the notes, not notes.
            let separator = note.attr("type").is_some_and(|t| t != "normal");
            if let (false, Some(id)) = (separator, note.attr("id").map(str::to_string)) {
                notes.push((endnote, id, note));
            }
        }
    }
    let mut headers = Vec::new();
    let header_parts: Vec<String> = rels
        .values()
        .filter(|r| {
            !r.external
                && r.target
                    .rsplit('/')
                    .next()
                    .is_some_and(|f| f.starts_with("header"))
        })
        .map(|r| r.target.clone())
        .collect();
    for part in header_parts {
        headers.extend(pkg.xml(&part)?);
    }
    let core = pkg.xml("docProps/core.xml")?;
    Ok(Parts {
        rels,
        styles: styles::Styles::new(styles.as_ref(), numbering.as_ref()),
        notes,
        headers,
        core,
    })
}

/// The page headers may hold the case header table and the Dnr; they are not body.
fn read_headers(parts: &Parts, front: &mut Front) {
    let none = package::Rels::new();
    let notes = HashMap::new();
    for header in &parts.headers {
        let mut reader = Reader::new(&parts.styles, &none, &notes, "");
        let mut blocks = Vec::new();
        reader.blocks(header, false, &mut blocks);
        let mut ignored = Vec::new();
        take_front_matter(&mut blocks, front, &mut ignored);
    }
}

/// Takes the case header, the Dnr and decision lines and the title out of the blocks
/// into the front matter.
fn take_front_matter(blocks: &mut Vec<Block>, front: &mut Front, warnings: &mut Vec<Warning>) {
    take_case_header(blocks, front, warnings);
    blocks.retain(|b| match b {
        Block::Para(p) if p.list.is_none() && p.role == Role::Body => {
            let text = body::plain(&p.spans);
            !(front.take_dnr_line(&text) || front.take_decided_line(&text))
        }
        _ => true,
    });
    take_title(blocks, front);
}

/// A case header as a table (in the body or a page header) or as lines of labels
/// separated by tabs with their values on the line below.
fn take_case_header(blocks: &mut Vec<Block>, front: &mut Front, warnings: &mut Vec<Warning>) {
    if front.case_header {
        return;
    }
    for i in 0..blocks.len() {
        let (rows, taken): (Vec<Vec<String>>, Vec<usize>) = match &blocks[i] {
            Block::Table(t) => (tables::text_rows(t), vec![i]),
            Block::Para(_) => label_lines(blocks, i),
        };
        let Some(found) = meta::case_header(&rows) else {
            continue;
        };
        let place = match &blocks[i] {
            Block::Table(t) => Place::Table(t.number, None),
            Block::Para(p) => p.place,
        };
        for message in front.take_case_header(found) {
            warnings.push(Warning { place, message });
        }
        let mut n = 0;
        blocks.retain(|_| {
            n += 1;
            !taken.contains(&(n - 1))
        });
        return;
    }
}

/// Lines of tab-separated labels from block `i` on, each with the line of values below.
fn label_lines(blocks: &[Block], i: usize) -> (Vec<Vec<String>>, Vec<usize>) {
    let mut rows = Vec::new();
    let mut taken = Vec::new();
    let cells = |b: &Block| match b {
        Block::Para(p) => Some(
            body::plain(&p.spans)
                .split('\t')
                .map(|s| s.trim().to_string())
                .collect::<Vec<_>>(),
        ),
        Block::Table(_) => None,
    };
    let mut at = i;
    while let Some(labels) = blocks
        .get(at)
        .and_then(cells)
        .filter(|c| meta::is_label_row(c))
    {
        let values = blocks.get(at + 1).and_then(cells).unwrap_or_default();
        rows.push(labels);
        rows.push(values);
        taken.extend([at, at + 1]);
        at += 2;
    }
    taken.retain(|&t| t < blocks.len());
    (rows, taken)
}

/// The title: a Title-style paragraph, else a first paragraph that is a Heading 1 or
/// short and all bold (as case templates write it).
fn take_title(blocks: &mut Vec<Block>, front: &mut Front) {
    if front.title.is_some() {
        return;
    }
    let paragraph_title = |p: &Para| {
        body::plain(&p.spans)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let titled = blocks
        .iter()
        .position(|b| matches!(b, Block::Para(p) if p.role == Role::Title && !body::is_empty(p)));
    let first = blocks
        .iter()
        .position(|b| !matches!(b, Block::Para(p) if body::is_empty(p)));
    let chosen = titled.or_else(|| {
        let i = first?;
        let Block::Para(p) = &blocks[i] else {
            return None;
        };
        let all_bold = p
            .spans
            .iter()
            .all(|s| matches!(s, Span::Text { bold: true, .. } | Span::Break));
        let short = paragraph_title(p).chars().count() <= 150;
        (p.role == Role::Heading(1)
            || (p.role == Role::Body && p.list.is_none() && all_bold && short))
            .then_some(i)
    });
    if let Some(i) = chosen
        && let Block::Para(p) = blocks.remove(i)
    {
        front.title = Some(paragraph_title(&p));
    }
}

/// The body's pieces: paragraphs, and tables converted (record blocks and GFM tables).
fn pieces<'a>(
    blocks: &'a [Block],
    settings: &Settings,
    warnings: &mut Vec<Warning>,
) -> (Vec<Piece<'a>>, Vec<(&'static str, usize)>) {
    let mut out = Vec::new();
    let mut made = Vec::new();
    for b in blocks {
        match b {
            Block::Para(p) => out.push(Piece::Para(p)),
            Block::Table(t) => match tables::convert(t, settings, warnings) {
                tables::Converted::Block {
                    kind,
                    markdown,
                    rows,
                } => {
                    made.push((kind, rows));
                    out.push(Piece::Markdown(markdown));
                }
                tables::Converted::Table(markdown) => out.push(Piece::Markdown(markdown)),
                tables::Converted::Nothing => {}
            },
        }
    }
    (out, made)
}

/// The pictures' bytes; a picture the package lacks is a warning.
fn save_images(
    pkg: &mut package::Package,
    images: &[body::Image],
    warnings: &mut Vec<Warning>,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    for image in images {
        match pkg.bytes(&image.part, crate::limits::MAX_FILE_BYTES)? {
            Some(bytes) => out.push((image.file.clone(), bytes)),
            None => warnings.push(Warning {
                place: Place::Document,
                message: format!("the picture {} is missing from the document; its alternative text is kept as text", image.part),
            }),
        }
    }
    Ok(out)
}

/// Pictures that could not be read become their alternative text, so no link breaks.
fn drop_missing_images(blocks: &mut [Block], notes: &mut [Vec<Para>], missing: &HashSet<String>) {
    if missing.is_empty() {
        return;
    }
    let fix = |p: &mut Para| {
        for s in &mut p.spans {
            if let Span::Image { file, alt } = s
                && missing.contains(file)
            {
                *s = Span::Text {
                    text: alt.clone(),
                    bold: false,
                    italic: false,
                    link: None,
                };
            }
        }
    };
    for b in blocks {
        match b {
            Block::Para(p) => fix(p),
            Block::Table(t) => t
                .rows
                .iter_mut()
                .flatten()
                .flat_map(|c| c.paras.iter_mut())
                .for_each(fix),
        }
    }
    notes.iter_mut().flatten().for_each(fix);
}
