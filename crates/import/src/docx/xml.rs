//! A Word part's XML as a small tree. Word's parts are read whole into a tree because
//! what a paragraph means depends on what follows it (a field's result after its
//! instruction, a table's header row); the tree is bounded by the part's size, the
//! number of elements and how deep they nest, so no part can take unbounded memory
//! or stack.

use crate::limits::{MAX_DOCX_DEPTH, MAX_DOCX_ELEMENTS, grouped};
use quick_xml::events::{BytesStart, Event};

/// An element: its local name (the prefix dropped: Word writes `w:`, strict documents
/// other prefixes), its attributes by local name, its children.
#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug)]
pub enum Node {
    Element(Element),
    Text(String),
}

/// What is left of the elements one document may hold, shared by its parts.
pub struct ElementBudget(pub usize);

impl Default for ElementBudget {
    fn default() -> Self {
        ElementBudget(MAX_DOCX_ELEMENTS)
    }
}

impl Element {
    /// The attribute of that local name (`w:val`, `r:id`, `descr`).
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == local)
            .map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The first element of that name at any depth, this one included.
    pub fn find(&self, name: &str) -> Option<&Element> {
        if self.name == name {
            return Some(self);
        }
        self.elements().find_map(|e| e.find(name))
    }

    /// `child/grandchild/…`'s `w:val`.
    pub fn val_at(&self, path: &[&str]) -> Option<&str> {
        let mut at = self;
        for name in path {
            at = at.child(name)?;
        }
        at.attr("val")
    }

    /// Every text below this element, in order.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.push_text(&mut out);
        out
    }

    fn push_text(&self, out: &mut String) {
        for c in &self.children {
            match c {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.push_text(out),
            }
        }
    }

    /// A toggle property (`<w:b/>`, `<w:b w:val="0"/>`): on unless its value says off.
    pub fn toggle(&self, name: &str) -> bool {
        self.child(name)
            .is_some_and(|e| !matches!(e.attr("val"), Some("0" | "false" | "off" | "none")))
    }
}

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_string()
}

fn element_of(start: &BytesStart, part: &str) -> Result<Element, String> {
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| damaged(part, &e.to_string()))?;
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| damaged(part, &e.to_string()))?;
        attrs.push((local(attr.key.as_ref()), value.into_owned()));
    }
    Ok(Element {
        name: local(start.name().as_ref()),
        attrs,
        children: Vec::new(),
    })
}

pub fn damaged(part: &str, e: &str) -> String {
    format!("the document is damaged: its part {part} is not well-formed XML ({e})")
}

/// Parses a part into its root element.
pub fn parse(bytes: &[u8], part: &str, budget: &mut ElementBudget) -> Result<Element, String> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| damaged(part, &e.to_string()))?;
        let top = stack.last_mut().expect("the stack holds the document");
        match event {
            Event::Start(ref s) | Event::Empty(ref s) => {
                if budget.0 == 0 {
                    return Err(format!(
                        "the document holds more than {} XML elements, the most styrdok reads",
                        grouped(MAX_DOCX_ELEMENTS as u64)
                    ));
                }
                budget.0 -= 1;
                let element = element_of(s, part)?;
                if matches!(event, Event::Empty(_)) {
                    top.children.push(Node::Element(element));
                } else if stack.len() > MAX_DOCX_DEPTH {
                    return Err(format!(
                        "the document's part {part} nests its XML more than {MAX_DOCX_DEPTH} deep, more than styrdok reads"
                    ));
                } else {
                    stack.push(element);
                }
            }
            Event::End(_) => {
                let done = stack.pop().expect("an end has its start");
                let Some(parent) = stack.last_mut() else {
                    return Err(damaged(part, "an end tag without its start"));
                };
                parent.children.push(Node::Element(done));
            }
            Event::Text(t) => push_text(top, &t.xml10_content()),
            Event::CData(t) => push_text(top, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                        .unwrap_or_default()
                        .to_string(),
                };
                push_text(top, &text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let unclosed = || damaged(part, "it ends before its elements are closed");
    if stack.len() != 1 {
        return Err(unclosed());
    }
    let document = stack.pop().ok_or_else(unclosed)?;
    document
        .children
        .into_iter()
        .find_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(unclosed)
}

/// Text joined to the text before it (an entity splits text into several events).
fn push_text(parent: &mut Element, text: &str) {
    if text.is_empty() {
        return;
    }
    match parent.children.last_mut() {
        Some(Node::Text(t)) => t.push_str(text),
        _ => parent.children.push(Node::Text(text.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_with_entities_and_prefixes() {
        let xml = br#"<?xml version="1.0"?><w:document xmlns:w="x"><w:p><w:r><w:t xml:space="preserve">a &amp; b&#160;c</w:t></w:r><w:b w:val="0"/></w:p></w:document>"#;
        let root = parse(xml, "word/document.xml", &mut ElementBudget::default()).unwrap();
        assert_eq!(root.name, "document");
        let p = root.child("p").unwrap();
        assert_eq!(p.text(), "a & b\u{a0}c");
        assert!(!p.toggle("b"));
        assert_eq!(p.find("t").unwrap().attr("space"), Some("preserve"));
    }

    #[test]
    fn bad_xml_and_bounds_are_errors() {
        let mut budget = ElementBudget::default();
        assert!(parse(b"<a><b></a>", "p", &mut budget).is_err());
        assert!(parse(b"<a><b>", "p", &mut budget).is_err());
        assert!(parse(b"", "p", &mut budget).is_err());
        let deep = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
        let e = parse(deep.as_bytes(), "p", &mut budget).unwrap_err();
        assert!(e.contains("more than 200 deep"), "{e}");
        let e = parse(b"<a><b/><b/></a>", "p", &mut ElementBudget(2)).unwrap_err();
        assert!(e.contains("more than 2,000,000 XML elements"), "{e}");
    }
}
