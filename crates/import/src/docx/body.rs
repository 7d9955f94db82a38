//! The document's body as blocks: paragraphs of spans (text with its bold, italic and
//! link; breaks, footnote marks, images) and tables of cells. Tracked changes are read
//! as accepted (insertions kept, deletions dropped), field instructions are dropped
//! and their results kept, and everything that cannot be carried over is a warning at
//! its paragraph or table.

use super::package::Rels;
use super::styles::{Role, Styles};
use super::xml::Element;
use super::{Place, Warning};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq)]
pub enum Span {
    Text {
        text: String,
        bold: bool,
        italic: bool,
        link: Option<String>,
    },
    Break,
    /// A footnote mark: the note's label.
    Note(usize),
    Image {
        file: String,
        alt: String,
    },
}

#[derive(Clone, Debug)]
pub struct Para {
    /// Where warnings about it point.
    pub place: Place,
    pub role: Role,
    /// (ordered, level) of a list item.
    pub list: Option<(bool, u8)>,
    pub spans: Vec<Span>,
}

#[derive(Clone, Debug, Default)]
pub struct Cell {
    pub paras: Vec<Para>,
    /// Grid columns the cell spans.
    pub span: usize,
    /// The continuation of a vertically merged cell above.
    pub merged_up: bool,
}

#[derive(Clone, Debug)]
pub struct Table {
    /// 1-based, among the document's tables.
    pub number: usize,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Clone, Debug)]
pub enum Block {
    Para(Para),
    Table(Table),
}

/// A picture to save next to the document: its part and the file name it gets.
#[derive(Clone, Debug)]
pub struct Image {
    pub part: String,
    pub file: String,
}

/// Formats a browser shows; Word also holds EMF, WMF and TIFF pictures.
const IMAGE_FORMATS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "bmp"];

/// A field being read (`fldChar` begin … separate … end): its instruction, and
/// whether its result is being read.
struct Field {
    instruction: String,
    in_result: bool,
}

/// Reads blocks; shared by the body, the headers and the notes.
pub struct Reader<'a> {
    pub styles: &'a Styles,
    pub rels: &'a Rels,
    /// The footnotes and endnotes by (kind, id), read when first referred to.
    pub notes: &'a HashMap<(bool, String), &'a Element>,
    /// Labels given, and each note's paragraphs in label order.
    pub note_labels: HashMap<(bool, String), usize>,
    pub note_paras: Vec<Vec<Para>>,
    pub images: Vec<Image>,
    /// The file name images are named after (`plan` → `plan-1.png`).
    pub stem: String,
    pub warnings: Vec<Warning>,
    place: Place,
    fields: Vec<Field>,
    paragraphs: usize,
    tables: usize,
}

impl<'a> Reader<'a> {
    pub fn new(
        styles: &'a Styles,
        rels: &'a Rels,
        notes: &'a HashMap<(bool, String), &'a Element>,
        stem: &str,
    ) -> Reader<'a> {
        Reader {
            styles,
            rels,
            notes,
            note_labels: HashMap::new(),
            note_paras: Vec::new(),
            images: Vec::new(),
            stem: stem.to_string(),
            warnings: Vec::new(),
            place: Place::Document,
            fields: Vec::new(),
            paragraphs: 0,
            tables: 0,
        }
    }

    pub fn warn(&mut self, message: impl Into<String>) {
        self.warnings.push(Warning {
            place: self.place,
            message: message.into(),
        });
    }

    /// The blocks of a body, a header or a note: paragraphs and tables, through content
    /// controls and custom XML. `top` counts them as the document's own.
    pub fn blocks(&mut self, container: &Element, top: bool, out: &mut Vec<Block>) {
        for e in container.elements() {
            match e.name.as_str() {
                "p" => {
                    if top {
                        self.paragraphs += 1;
                        self.place = Place::Paragraph(self.paragraphs);
                    }
                    if let Some(p) = self.paragraph(e) {
                        out.push(Block::Para(p));
                    }
                }
                "tbl" => {
                    if top {
                        self.tables += 1;
                        self.place = Place::Table(self.tables, None);
                    }
                    let table = self.table(e, top);
                    out.push(Block::Table(table));
                }
                "sdt" => {
                    if let Some(content) = e.child("sdtContent") {
                        self.blocks(content, top, out);
                    }
                }
                "customXml" | "ins" | "moveTo" => self.blocks(e, top, out),
                "altChunk" => self.warn("an embedded document (altChunk) is not imported"),
                _ => {}
            }
        }
    }

    /// A paragraph; `None` for a table-of-contents line (the site lists the headings).
    fn paragraph(&mut self, p: &Element) -> Option<Para> {
        let ppr = p.child("pPr");
        let style = ppr.and_then(|pp| pp.val_at(&["pStyle"]));
        let outline = ppr
            .and_then(|pp| pp.val_at(&["outlineLvl"]))
            .and_then(|v| v.parse().ok());
        let role = self.styles.role(style, outline);
        let mut spans = Vec::new();
        self.inline(p, None, &mut spans);
        if role == Role::Toc {
            if !self.warnings.iter().any(|w| w.message.starts_with(TOC)) {
                self.warn(format!("{TOC} (the site shows the document's headings)"));
            }
            return None;
        }
        let list = match role {
            Role::Body => self.styles.list(ppr, style),
            _ => None,
        };
        Some(Para {
            place: self.place,
            role,
            list,
            spans,
        })
    }

    /// The inline content of a paragraph or of what groups runs in it.
    fn inline(&mut self, parent: &Element, link: Option<&str>, out: &mut Vec<Span>) {
        for e in parent.elements() {
            match e.name.as_str() {
                "r" => self.run(e, link, out),
                "hyperlink" => {
                    let target = self.hyperlink(e);
                    self.inline(e, target.as_deref().or(link), out);
                }
                "fldSimple" => {
                    let target = e.attr("instr").and_then(|i| self.field_link(i));
                    self.inline(e, target.as_deref().or(link), out);
                }
                "ins" | "moveTo" | "smartTag" | "customXml" | "dir" | "bdo" => {
                    self.inline(e, link, out)
                }
                "sdt" => {
                    if let Some(c) = e.child("sdtContent") {
                        self.inline(c, link, out);
                    }
                }
                "oMath" | "oMathPara" => self.warn("an equation is not imported; write it as text"),
                // Deletions (tracked changes), properties, bookmarks, comment ranges.
                _ => {}
            }
        }
    }

    fn hyperlink(&mut self, e: &Element) -> Option<String> {
        if let Some(id) = e.attr("id") {
            let rel = self.rels.get(id).cloned();
            return match rel {
                Some(rel) if rel.external => self.web_address(&rel.target),
                _ => None,
            };
        }
        if let Some(anchor) = e.attr("anchor") {
            self.warn(format!(
                "a link to a place in the document (bookmark `{anchor}`) is kept as text: link to a heading's anchor instead"
            ));
        }
        None
    }

    /// A link target the site can keep: web and mail addresses. Anything else (a file
    /// on a share, a relative path) would be a broken link in the site.
    fn web_address(&mut self, target: &str) -> Option<String> {
        let lower = target.to_ascii_lowercase();
        if ["http://", "https://", "mailto:"]
            .iter()
            .any(|s| lower.starts_with(s))
        {
            Some(target.to_string())
        } else {
            self.warn(format!(
                "a link to `{target}` is kept as text: only web and mail addresses are links in the site"
            ));
            None
        }
    }

    /// The address of a `HYPERLINK "…"` field; `\l` marks a place in the document.
    fn field_link(&mut self, instruction: &str) -> Option<String> {
        let rest = instruction.trim().strip_prefix("HYPERLINK")?;
        if rest.contains("\\l") {
            return None;
        }
        let address = rest.split('"').nth(1)?.trim();
        self.web_address(address)
    }

    /// Whether text now belongs to a field's instruction, not to its result.
    fn in_instruction(&self) -> bool {
        self.fields.iter().any(|f| !f.in_result)
    }

    /// The link the innermost field with a result gives its text.
    fn field_target(&mut self) -> Option<String> {
        let instruction = self
            .fields
            .iter()
            .rev()
            .find(|f| f.in_result)?
            .instruction
            .clone();
        self.field_link(&instruction)
    }

    fn run(&mut self, r: &Element, link: Option<&str>, out: &mut Vec<Span>) {
        let rpr = r.child("rPr");
        let bold = rpr.is_some_and(|p| p.toggle("b"));
        let italic = rpr.is_some_and(|p| p.toggle("i"));
        for e in r.elements() {
            match e.name.as_str() {
                "fldChar" => self.field_char(e.attr("fldCharType")),
                "instrText" => {
                    if let Some(f) = self.fields.last_mut() {
                        f.instruction.push_str(&e.text());
                    }
                }
                _ if self.in_instruction() => {}
                "t" | "tab" | "ptab" | "noBreakHyphen" => {
                    let text = match e.name.as_str() {
                        "t" => e.text(),
                        "noBreakHyphen" => "-".into(),
                        _ => "\t".into(),
                    };
                    let field_link = self.field_target();
                    let link = field_link.as_deref().or(link).map(str::to_string);
                    push_text(out, &text, bold, italic, link);
                }
                "br" if matches!(e.attr("type"), Some("page" | "column")) => {}
                "br" | "cr" => out.push(Span::Break),
                "footnoteReference" | "endnoteReference" => {
                    let endnote = e.name == "endnoteReference";
                    if let Some(label) = e.attr("id").and_then(|id| self.note(endnote, id)) {
                        out.push(Span::Note(label));
                    }
                }
                "drawing" => self.drawing(e, out),
                "pict" => self.picture(e, out),
                "AlternateContent" => {
                    // The first choice; the fallback repeats it for older readers.
                    if let Some(choice) = e.child("Choice") {
                        self.run(choice, link, out);
                    }
                }
                "object" => self.warn("an embedded object (OLE) is not imported"),
                "sym" => self.warn("a symbol character (Insert › Symbol) is left out"),
                _ => {}
            }
        }
    }

    fn field_char(&mut self, kind: Option<&str>) {
        match kind {
            Some("begin") => self.fields.push(Field {
                instruction: String::new(),
                in_result: false,
            }),
            Some("separate") => {
                if let Some(f) = self.fields.last_mut() {
                    f.in_result = true;
                }
            }
            Some("end") => {
                self.fields.pop();
            }
            _ => {}
        }
    }

    /// A footnote's or endnote's label, its paragraphs read the first time.
    fn note(&mut self, endnote: bool, id: &str) -> Option<usize> {
        let key = (endnote, id.to_string());
        if let Some(&label) = self.note_labels.get(&key) {
            return Some(label);
        }
        let Some(note) = self.notes.get(&key).copied() else {
            self.warn(format!(
                "a footnote mark refers to note {id}, which the document does not hold"
            ));
            return None;
        };
        let label = self.note_paras.len() + 1;
        self.note_labels.insert(key, label);
        self.note_paras.push(Vec::new());
        let mut blocks = Vec::new();
        self.blocks(note, false, &mut blocks);
        let paras = blocks
            .into_iter()
            .flat_map(|b| match b {
                Block::Para(p) => vec![p],
                Block::Table(t) => {
                    self.warn("a table inside a footnote is imported as its text");
                    t.rows.into_iter().flatten().flat_map(|c| c.paras).collect()
                }
            })
            .collect();
        self.note_paras[label - 1] = paras;
        Some(label)
    }

    /// A DrawingML picture: its file and alternative text.
    fn drawing(&mut self, d: &Element, out: &mut Vec<Span>) {
        let Some(blip) = d.find("blip") else {
            let what = if d.find("txbxContent").is_some() {
                "a text box is not imported; move its text into the document"
            } else if d.find("chart").is_some() {
                "a chart is not imported; add it as a picture"
            } else {
                "a drawing (a shape) is not imported"
            };
            self.warn(what);
            return;
        };
        let doc_pr = d.find("docPr");
        let alt = doc_pr
            .and_then(|p| p.attr("descr").or(p.attr("title")))
            .unwrap_or("");
        let decorative = doc_pr
            .and_then(|p| p.find("decorative"))
            .is_some_and(|e| e.attr("val") != Some("0"));
        let id = blip.attr("embed").or(blip.attr("link")).unwrap_or("");
        self.image(id, alt, decorative, out);
    }

    /// A legacy (VML) picture.
    fn picture(&mut self, p: &Element, out: &mut Vec<Span>) {
        if p.find("txbxContent").is_some() {
            self.warn("a text box is not imported; move its text into the document");
            return;
        }
        let Some(data) = p.find("imagedata") else {
            self.warn("a drawing (a shape) is not imported");
            return;
        };
        let alt = p
            .find("shape")
            .and_then(|s| s.attr("alt"))
            .or(data.attr("title"))
            .unwrap_or("");
        let id = data.attr("id").unwrap_or("");
        self.image(id, alt, false, out);
    }

    fn image(&mut self, id: &str, alt: &str, decorative: bool, out: &mut Vec<Span>) {
        let alt = super::text::clean(alt).trim().to_string();
        let rel = self.rels.get(id).cloned();
        let Some(rel) = rel.filter(|r| !r.external) else {
            self.warn("a linked picture (not inside the document) is not imported");
            return;
        };
        let ext = rel
            .target
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if !IMAGE_FORMATS.contains(&ext.as_str()) {
            self.warn(format!(
                "the picture {} is {}, a format browsers do not show; it is left out: save it as PNG and add it",
                rel.target,
                ext.to_uppercase()
            ));
            return;
        }
        if alt.is_empty() && !decorative {
            self.warn("a picture without alternative text: write one (in Word: Edit Alt Text), or the page fails readers of screen readers");
        }
        let file = match self.images.iter().find(|i| i.part == rel.target) {
            Some(known) => known.file.clone(),
            None => {
                let file = format!("{}-{}.{ext}", self.stem, self.images.len() + 1);
                self.images.push(Image {
                    part: rel.target.clone(),
                    file: file.clone(),
                });
                file
            }
        };
        out.push(Span::Image { file, alt });
    }

    /// A table: rows of cells with their spans; a table nested in a cell is read as
    /// the cell's paragraphs. Rows are located for warnings in the document's tables.
    fn table(&mut self, t: &Element, top: bool) -> Table {
        let number = self.tables;
        let mut rows = Vec::new();
        for tr in unwrapped(t, "tr") {
            if top {
                self.place = Place::Table(number, Some(rows.len() as u32));
            }
            let mut cells = Vec::new();
            for tc in unwrapped(tr, "tc") {
                cells.push(self.cell(tc));
            }
            rows.push(cells);
        }
        if top {
            self.place = Place::Table(number, None);
        }
        Table { number, rows }
    }

    fn cell(&mut self, tc: &Element) -> Cell {
        let pr = tc.child("tcPr");
        let span = pr
            .and_then(|p| p.val_at(&["gridSpan"]))
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, 64);
        let merged_up = pr
            .and_then(|p| p.child("vMerge"))
            .is_some_and(|m| m.attr("val") != Some("restart"));
        let mut blocks = Vec::new();
        self.blocks(tc, false, &mut blocks);
        let mut paras = Vec::new();
        for b in blocks {
            match b {
                Block::Para(p) => paras.push(p),
                Block::Table(inner) => {
                    self.warn("a table inside a table cell is imported as the cell's text");
                    paras.extend(inner.rows.into_iter().flatten().flat_map(|c| c.paras));
                }
            }
        }
        Cell {
            paras,
            span,
            merged_up,
        }
    }
}

const TOC: &str = "the table of contents is left out";

/// The elements of that name (a table's rows, a row's cells), through the content
/// controls, custom XML and tracked insertions that may wrap them.
fn unwrapped<'e>(parent: &'e Element, name: &str) -> Vec<&'e Element> {
    let mut out = Vec::new();
    for e in parent.elements() {
        match e.name.as_str() {
            n if n == name => out.push(e),
            "sdt" => out.extend(
                e.child("sdtContent")
                    .map(|c| unwrapped(c, name))
                    .unwrap_or_default(),
            ),
            "customXml" | "ins" => out.extend(unwrapped(e, name)),
            _ => {}
        }
    }
    out
}

/// A list item's text in a table cell, marked with a bullet: a cell has no lists.
pub fn bulleted(p: &Para, text: String) -> String {
    if p.list.is_some() {
        format!("• {text}")
    } else {
        text
    }
}

/// Adds text, joined to the span before when it looks the same.
fn push_text(out: &mut Vec<Span>, text: &str, bold: bool, italic: bool, link: Option<String>) {
    let text = super::text::clean(text);
    if text.is_empty() {
        return;
    }
    if let Some(Span::Text {
        text: t,
        bold: b,
        italic: i,
        link: l,
    }) = out.last_mut()
        && (*b, *i, &*l) == (bold, italic, &link)
    {
        t.push_str(&text);
        return;
    }
    out.push(Span::Text {
        text,
        bold,
        italic,
        link,
    });
}

/// A row's cells at their grid columns: a cell spanning columns is followed by blank
/// ones, and the continuation of a vertical merge is blank.
pub fn spread(row: &[Cell], text: impl Fn(&Cell) -> String) -> Vec<String> {
    let mut out = Vec::new();
    for cell in row {
        out.push(if cell.merged_up {
            String::new()
        } else {
            text(cell)
        });
        out.extend(std::iter::repeat_n(String::new(), cell.span - 1));
    }
    out
}

/// The plain text of spans: breaks as `\n`, images as their alternative text.
pub fn plain(spans: &[Span]) -> String {
    let mut out = String::new();
    for s in spans {
        match s {
            Span::Text { text, .. } => out.push_str(text),
            Span::Break => out.push('\n'),
            Span::Note(_) | Span::Image { .. } => {}
        }
    }
    out
}

/// Whether a paragraph holds nothing to show.
pub fn is_empty(p: &Para) -> bool {
    p.spans.iter().all(|s| match s {
        Span::Text { text, .. } => text.trim().is_empty(),
        Span::Break => true,
        Span::Note(_) | Span::Image { .. } => false,
    })
}
