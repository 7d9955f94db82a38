//! A document body, as the site's renderer rewrote it for this audience
//! (`styrdok_render::markdown::rewrite_body`), as a tree of nodes for the template:
//! `{"k": KIND, …}` objects, text always in strings. The template never parses text
//! as Typst markup, so nothing an editor writes can run as Typst code.

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use serde_json::{Value, json};
use std::collections::HashMap;
use styrdok_graph::Site;
use styrdok_render::markdown::{Rewritten, rewrite_body};

/// An image the body shows: the file below content/ (or none: remote, or not a
/// file of the site), and its URL, which finds its Markdown for a report.
pub struct ImageRef {
    pub asset: Option<String>,
    pub href: String,
}

/// The body's nodes, and the images they show by index (`{"k": "img", "n": N}`).
pub struct Tree {
    pub nodes: Vec<Value>,
    pub images: Vec<ImageRef>,
}

struct Open {
    node: Value,
    children: Vec<Value>,
}

struct Builder<'s> {
    site: &'s Site,
    stack: Vec<Open>,
    root: Vec<Value>,
    footnotes: HashMap<String, Vec<Value>>,
    images: Vec<ImageRef>,
    /// Inside an image: its alt text is collected, not shown.
    alt: Option<String>,
    in_table_head: bool,
}

/// The tree of document `doc`'s body; `url(href)` makes a link's target absolute, or
/// `None` when it can only be shown as text.
pub fn tree(site: &Site, doc: usize, url: &dyn Fn(&str) -> Option<String>) -> Tree {
    let mut b = Builder {
        site,
        stack: Vec::new(),
        root: Vec::new(),
        footnotes: HashMap::new(),
        images: Vec::new(),
        alt: None,
        in_table_head: false,
    };
    for event in rewrite_body(site, doc) {
        b.rewritten(event, url);
    }
    while !b.stack.is_empty() {
        b.close();
    }
    let footnotes = std::mem::take(&mut b.footnotes);
    let mut nodes = b.root;
    for n in &mut nodes {
        place_footnotes(n, &footnotes);
    }
    Tree {
        nodes,
        images: b.images,
    }
}

/// Footnote references get their note's content, where Typst sets it (`footnote`).
fn place_footnotes(node: &mut Value, notes: &HashMap<String, Vec<Value>>) {
    if node["k"] == "fnref" {
        let label = node["label"].as_str().unwrap_or("").to_string();
        *node = match notes.get(&label) {
            Some(c) => json!({"k": "fn", "c": c}),
            None => json!({"k": "t", "s": format!("[{label}]")}),
        };
        if let Some(c) = node.get_mut("c").and_then(Value::as_array_mut) {
            for n in c {
                place_footnotes(n, notes);
            }
        }
        return;
    }
    for key in ["c", "items", "head", "rows"] {
        if let Some(children) = node.get_mut(key).and_then(Value::as_array_mut) {
            for n in children {
                place_footnotes(n, notes);
            }
        }
    }
}

impl Builder<'_> {
    fn rewritten(&mut self, event: Rewritten, url: &dyn Fn(&str) -> Option<String>) {
        match event {
            Rewritten::Md(e) => self.event(e, url),
            Rewritten::Block(n) => self.leaf(json!({"k": "records", "n": n})),
            Rewritten::MaskStart { shown, reason } => {
                self.open(json!({"k": "masked", "shown": shown, "reason": reason}));
                if !shown {
                    self.close();
                }
            }
            Rewritten::MaskEnd => self.close(),
            Rewritten::TableStart(_) | Rewritten::TableEnd => {}
            Rewritten::InternalMark => {
                let mark = styrdok_render::i18n::get(
                    self.site.lang(),
                    styrdok_render::i18n::Ui::InternalDocumentMark,
                );
                self.text(&format!(" {mark}"));
            }
            Rewritten::RawHtml(raw) => self.text(&strip_tags(&raw)),
        }
    }

    fn event(&mut self, event: Event, url: &dyn Fn(&str) -> Option<String>) {
        match event {
            Event::Start(tag) => self.start(tag, url),
            Event::End(end) => self.end(end),
            Event::Text(s) => self.text(&s),
            Event::Code(s) => self.leaf(json!({"k": "code", "s": s.as_ref()})),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.leaf(json!({"k": "br"})),
            Event::Rule => self.leaf(json!({"k": "hr"})),
            Event::FootnoteReference(label) => {
                self.leaf(json!({"k": "fnref", "label": label.as_ref()}))
            }
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
            Event::Html(s) | Event::InlineHtml(s) => self.text(&s),
            Event::InlineMath(s) | Event::DisplayMath(s) => self.text(&s),
        }
    }

    fn start(&mut self, tag: Tag, url: &dyn Fn(&str) -> Option<String>) {
        let node = match tag {
            Tag::Paragraph => json!({"k": "p"}),
            Tag::Heading { level, .. } => json!({"k": "h", "level": level as u8}),
            Tag::BlockQuote(_) => json!({"k": "quote"}),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                json!({"k": "pre", "lang": lang})
            }
            Tag::List(start) => json!({"k": "list", "start": start}),
            Tag::Item => json!({"k": "item"}),
            Tag::FootnoteDefinition(label) => json!({"k": "fndef", "label": label.as_ref()}),
            Tag::Table(aligns) => {
                let aligns: Vec<&str> = aligns
                    .iter()
                    .map(|a| match a {
                        pulldown_cmark::Alignment::Center => "center",
                        pulldown_cmark::Alignment::Right => "right",
                        _ => "left",
                    })
                    .collect();
                json!({"k": "table", "align": aligns})
            }
            Tag::TableHead => {
                self.in_table_head = true;
                json!({"k": "row", "head": true})
            }
            Tag::TableRow => json!({"k": "row", "head": false}),
            Tag::TableCell => json!({"k": "cell", "head": self.in_table_head}),
            Tag::Emphasis => json!({"k": "em"}),
            Tag::Strong => json!({"k": "strong"}),
            Tag::Strikethrough => json!({"k": "del"}),
            Tag::Link { dest_url, .. } => json!({"k": "link", "url": url(&dest_url)}),
            Tag::Image { dest_url, .. } => {
                self.image(&dest_url);
                return;
            }
            // Definition lists, metadata blocks, super/subscript: their text only.
            _ => json!({"k": "span"}),
        };
        self.open(node);
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::Image => {
                let alt = self.alt.take().unwrap_or_default();
                let n = self.images.len() - 1;
                let src = self.images[n].asset.as_ref().map(|a| image_path(n, a));
                self.leaf(json!({"k": "img", "src": src, "alt": alt.trim()}));
            }
            TagEnd::TableHead => {
                self.in_table_head = false;
                self.close();
            }
            TagEnd::FootnoteDefinition => {
                if let Some(open) = self.stack.pop() {
                    let label = open.node["label"].as_str().unwrap_or("").to_string();
                    self.footnotes.insert(label, open.children);
                }
            }
            _ => self.close(),
        }
    }

    /// An image, by the URL the renderer gave it (`/rs/bild.png`): a file of the site
    /// when its path below `base_path` is a published asset.
    fn image(&mut self, href: &str) {
        let asset = href
            .strip_prefix(self.site.config.base_path.as_str())
            .filter(|path| self.site.published_assets.contains(*path))
            .map(str::to_string);
        self.images.push(ImageRef {
            asset,
            href: href.to_string(),
        });
        self.alt = Some(String::new());
    }

    fn open(&mut self, node: Value) {
        self.stack.push(Open {
            node,
            children: Vec::new(),
        });
    }

    fn close(&mut self) {
        let Some(mut open) = self.stack.pop() else {
            return;
        };
        open.node["c"] = Value::Array(open.children);
        self.leaf(open.node);
    }

    fn leaf(&mut self, node: Value) {
        match self.stack.last_mut() {
            Some(open) => open.children.push(node),
            None => self.root.push(node),
        }
    }

    fn text(&mut self, s: &str) {
        if let Some(alt) = &mut self.alt {
            alt.push_str(s);
            return;
        }
        // Adjacent texts are one string: fewer nodes, and Typst's hyphenation and
        // quotes see whole words.
        let target = match self.stack.last_mut() {
            Some(open) => &mut open.children,
            None => &mut self.root,
        };
        if let Some(last) = target.last_mut()
            && last["k"] == "t"
            && let Value::String(prev) = &mut last["s"]
        {
            prev.push_str(s);
            return;
        }
        target.push(json!({"k": "t", "s": s}));
    }
}

/// Image `n`'s path in the document's world (`/img/3.png`): its extension tells Typst
/// the format.
pub fn image_path(n: usize, asset: &str) -> String {
    let ext = asset
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    format!("/img/{n}.{ext}")
}

/// Raw HTML kept for the site's sanitiser: in a PDF, its text without the tags.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::strip_tags;

    #[test]
    fn tags_are_stripped() {
        assert_eq!(strip_tags("<b>fet</b> <br/>text"), "fet text");
    }
}
