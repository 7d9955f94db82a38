//! What a paragraph's style and numbering make it: the Title style, a heading of a
//! level, a table-of-contents line, an item of a numbered or bulleted list. Word names
//! its built-in styles in English inside the file ("heading 1") whatever the language
//! of its menus; documents made from Swedish templates also have "Rubrik 1".

use super::xml::Element;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Title,
    Subtitle,
    /// 1 for Heading 1.
    Heading(u8),
    Toc,
    Body,
}

#[derive(Clone, Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    /// The style's own numbering: (numId, level).
    num: Option<(String, u8)>,
}

#[derive(Debug, Default)]
pub struct Styles {
    by_id: HashMap<String, Style>,
    /// numId → abstract numbering id.
    nums: HashMap<String, String>,
    /// (abstract id, level) → ordered?
    levels: HashMap<(String, u8), bool>,
}

impl Styles {
    pub fn new(styles: Option<&Element>, numbering: Option<&Element>) -> Styles {
        let mut out = Styles::default();
        for s in styles.iter().flat_map(|s| s.elements()) {
            let (true, Some(id)) = (s.name == "style", s.attr("styleId")) else {
                continue;
            };
            let ppr = s.child("pPr");
            let style = Style {
                name: s.val_at(&["name"]).unwrap_or(id).to_lowercase(),
                based_on: s.val_at(&["basedOn"]).map(str::to_string),
                outline: ppr
                    .and_then(|p| p.val_at(&["outlineLvl"]))
                    .and_then(|v| v.parse().ok()),
                num: ppr.and_then(num_of),
            };
            out.by_id.insert(id.to_string(), style);
        }
        for n in numbering.iter().flat_map(|n| n.elements()) {
            match (n.name.as_str(), n.attr("numId"), n.attr("abstractNumId")) {
                ("num", Some(id), _) => {
                    if let Some(a) = n.val_at(&["abstractNumId"]) {
                        out.nums.insert(id.to_string(), a.to_string());
                    }
                }
                ("abstractNum", _, Some(a)) => {
                    for lvl in n.elements().filter(|l| l.name == "lvl") {
                        let level = lvl.attr("ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        let format = lvl.val_at(&["numFmt"]).unwrap_or("bullet");
                        let ordered = !matches!(format, "bullet" | "none");
                        out.levels.insert((a.to_string(), level), ordered);
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The chain of a style and those it is based on, nearest first (bounded: a loop in
    /// a damaged file ends).
    fn chain(&self, id: &str) -> Vec<&Style> {
        let mut out = Vec::new();
        let mut at = Some(id);
        while let Some(id) = at {
            let Some(style) = self.by_id.get(id).filter(|_| out.len() < 20) else {
                break;
            };
            out.push(style);
            at = style.based_on.as_deref();
        }
        out
    }

    /// What a paragraph of this style is.
    pub fn role(&self, style_id: Option<&str>, outline: Option<u8>) -> Role {
        let chain = style_id.map(|id| self.chain(id)).unwrap_or_default();
        let names = chain
            .iter()
            .map(|s| s.name.clone())
            .chain(style_id.map(str::to_lowercase));
        for name in names {
            if let Some(role) = role_of_name(&name) {
                return role;
            }
        }
        let outline = outline.or_else(|| chain.iter().find_map(|s| s.outline));
        match outline {
            Some(level) if level < 9 => Role::Heading(level + 1),
            _ => Role::Body,
        }
    }

    /// The list a paragraph belongs to: its own numbering or its style's; `None` for
    /// numId 0 (numbering switched off) or numbering the file does not define.
    pub fn list(&self, ppr: Option<&Element>, style_id: Option<&str>) -> Option<(bool, u8)> {
        let own = ppr.and_then(num_of);
        let (num, level) = own.or_else(|| {
            let id = style_id?;
            self.chain(id).iter().find_map(|s| s.num.clone())
        })?;
        let abstract_id = self.nums.get(&num)?;
        let ordered = self
            .levels
            .get(&(abstract_id.clone(), level))
            .copied()
            .unwrap_or(false);
        Some((ordered, level.min(8)))
    }
}

/// `<w:numPr><w:ilvl/><w:numId/></w:numPr>` of a paragraph or a style.
fn num_of(ppr: &Element) -> Option<(String, u8)> {
    let num = ppr.child("numPr")?;
    let id = num.val_at(&["numId"])?;
    if id == "0" {
        return None;
    }
    let level = num
        .val_at(&["ilvl"])
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Some((id.to_string(), level))
}

fn role_of_name(name: &str) -> Option<Role> {
    let name = name.trim();
    match name {
        "title" | "titel" | "rubrik" => return Some(Role::Title),
        "subtitle" | "underrubrik" => return Some(Role::Subtitle),
        _ => {}
    }
    for prefix in ["heading ", "rubrik ", "heading", "rubrik"] {
        if let Some(n) = name
            .strip_prefix(prefix)
            .and_then(|n| n.trim().parse::<u8>().ok())
        {
            return Some(Role::Heading(n.clamp(1, 9)));
        }
    }
    if name.starts_with("toc ") || name.starts_with("innehåll ") || name == "toc heading" {
        return Some(Role::Toc);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::xml::{ElementBudget, parse};

    #[test]
    fn roles_from_names_chains_and_outline_levels() {
        let styles = parse(
            br#"<w:styles xmlns:w="w">
            <w:style w:styleId="Rubrik1"><w:name w:val="heading 1"/></w:style>
            <w:style w:styleId="Egen"><w:name w:val="Min rubrik"/><w:basedOn w:val="Rubrik1"/></w:style>
            <w:style w:styleId="Titel"><w:name w:val="Title"/></w:style>
            <w:style w:styleId="Niva"><w:name w:val="Level"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
            <w:style w:styleId="Loop"><w:name w:val="loop"/><w:basedOn w:val="Loop"/></w:style>
            <w:style w:styleId="Lista"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
            </w:styles>"#,
            "s",
            &mut ElementBudget::default(),
        )
        .unwrap();
        let numbering = parse(
            br#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num></w:numbering>"#,
            "n",
            &mut ElementBudget::default(),
        )
        .unwrap();
        let s = Styles::new(Some(&styles), Some(&numbering));
        assert_eq!(s.role(Some("Rubrik1"), None), Role::Heading(1));
        assert_eq!(s.role(Some("Egen"), None), Role::Heading(1));
        assert_eq!(s.role(Some("Titel"), None), Role::Title);
        assert_eq!(s.role(Some("Niva"), None), Role::Heading(3));
        assert_eq!(s.role(Some("Loop"), None), Role::Body);
        assert_eq!(s.role(Some("Heading2"), None), Role::Heading(2));
        assert_eq!(s.role(None, None), Role::Body);
        assert_eq!(s.list(None, Some("Lista")), Some((true, 0)));
    }
}
