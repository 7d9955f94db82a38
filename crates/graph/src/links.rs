//! Link resolution, in one place for the checker and the renderer: what a link in a
//! document points at, or why it points at nothing.

use super::Site;
use styrdok_core::text::slug;
use styrdok_core::yaml::fields::closest;

/// What a link resolves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// Leave the link as written (http:, mailto:, an absolute path…).
    External,
    /// A document of the site, optionally an anchor in it.
    Document { doc: usize, anchor: Option<String> },
    /// A file copied from `content/` (an attachment, an image), by output path.
    Asset {
        path: String,
        anchor: Option<String>,
    },
}

/// Why a link cannot be followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    Refused(String),
    Broken(String),
    /// To a heading or row this build's audience does not see: shown as plain text.
    Masked(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub target: LinkTarget,
    /// The rewritten URL.
    pub href: String,
}

const REFUSED_SCHEMES: &[&str] = &["javascript", "vbscript", "data", "file"];

impl Site {
    /// Resolves `dest` as written in document `from`: what it points at, and its URL.
    pub fn resolve_link(
        &self,
        from: usize,
        dest: &str,
        wiki: bool,
    ) -> Result<Resolved, LinkProblem> {
        let target = self.link_target(from, dest, wiki)?;
        let fragment = |a: &Option<String>| a.as_ref().map(|a| format!("#{a}")).unwrap_or_default();
        let href = match &target {
            LinkTarget::External => dest.trim().to_string(),
            LinkTarget::Document { doc, anchor } => self.doc_href(*doc) + &fragment(anchor),
            LinkTarget::Asset { path, anchor } => self.href(path) + &fragment(anchor),
        };
        Ok(Resolved { target, href })
    }

    /// What `dest` as written in document `from` points at, without its URL (the graph
    /// and the checker ask this of every link).
    pub fn link_target(
        &self,
        from: usize,
        dest: &str,
        wiki: bool,
    ) -> Result<LinkTarget, LinkProblem> {
        let dest = dest.trim();
        if wiki {
            let (id, anchor) = split_fragment(dest);
            let doc = if id.is_empty() {
                from
            } else {
                *self.by_id.get(id).ok_or_else(|| {
                    LinkProblem::Broken(format!(
                        "broken link: no document has the id `{id}`{}",
                        self.id_hint(id)
                    ))
                })?
            };
            return self.document_target(doc, anchor);
        }
        if let Some(lower) = scheme_of(dest) {
            if REFUSED_SCHEMES.contains(&lower.as_str()) {
                return Err(LinkProblem::Refused(format!(
                    "`{lower}:` links are refused: they can run code or reach outside the site"
                )));
            }
            return Ok(LinkTarget::External);
        }
        if dest.starts_with('/') || dest.starts_with("//") {
            return Ok(LinkTarget::External);
        }
        let (path, anchor) = split_fragment(dest);
        if path.is_empty() {
            return self.document_target(from, anchor);
        }
        let path = styrdok_core::text::percent_decode(path.split('?').next().unwrap_or(path));
        let joined = join_relative(self.docs[from].folder(), &path).ok_or_else(|| {
            LinkProblem::Refused(format!("the link `{dest}` leads outside content/"))
        })?;
        if joined.ends_with(".md") {
            let doc = *self.by_content_path.get(&joined).ok_or_else(|| {
                LinkProblem::Broken(format!("broken link: there is no file content/{joined}"))
            })?;
            return self.document_target(doc, anchor);
        }
        if self.assets.contains(&joined) {
            return Ok(LinkTarget::Asset {
                path: joined,
                anchor: anchor.map(str::to_string),
            });
        }
        Err(LinkProblem::Broken(format!(
            "broken link: there is no file content/{joined}"
        )))
    }

    fn document_target(&self, doc: usize, anchor: Option<&str>) -> Result<LinkTarget, LinkProblem> {
        if let Some(a) = anchor
            && self.docs[doc].masked_anchors.iter().any(|m| m == a)
        {
            return Err(LinkProblem::Masked(format!(
                "links to `#{a}` of {}, a masked part this audience (`{}`) does not see; the link is shown as plain text",
                self.docs[doc].source_path, self.options.audience.name
            )));
        }
        if let Some(a) = anchor
            && !self.docs[doc].has_anchor(a)
        {
            // An unpublished document's headings are named in no message.
            let hint = Some(doc)
                .filter(|&d| self.published[d])
                .and_then(|d| closest_anchor(a, &self.docs[d].anchors()))
                .map(|k| format!(" (did you mean `#{k}`?)"))
                .unwrap_or_default();
            return Err(LinkProblem::Broken(format!(
                "broken anchor: {} has no `#{a}`{hint}",
                self.docs[doc].source_path
            )));
        }
        Ok(LinkTarget::Document {
            doc,
            anchor: anchor.map(str::to_string),
        })
    }
}

impl Site {
    /// " (did you mean …?)" for a wiki link's unknown id: the id of a file of that name
    /// (editors write the file name for the id), else the nearest id.
    fn id_hint(&self, id: &str) -> String {
        let stem = id.strip_suffix(".md").unwrap_or(id);
        let by_file = self
            .by_content_path
            .iter()
            .filter(|(path, doc)| {
                let path = path.strip_suffix(".md").unwrap_or(path);
                self.published[**doc] && (path == stem || path.ends_with(&format!("/{stem}")))
            })
            .map(|(_, doc)| &self.docs[*doc].meta.id)
            .min();
        if let Some(doc_id) = by_file {
            return format!(
                " (`{id}` is a file name; its document's id is `{doc_id}`: did you mean `[[{doc_id}]]`?)"
            );
        }
        // Only published documents' ids: a restricted one is named in no message.
        let known: Vec<&str> = self
            .by_id
            .iter()
            .filter(|(_, d)| self.published[**d])
            .map(|(id, _)| id.as_str())
            .collect();
        closest(id, &known)
            .map(|k| format!(" (did you mean `[[{k}]]`?)"))
            .unwrap_or_default()
    }
}

/// The anchor nearest to `a`, also when only the Swedish letters differ (`#atgarder`
/// for `#åtgärder`, as an editor types on an English keyboard).
fn closest_anchor(a: &str, anchors: &[String]) -> Option<String> {
    let known: Vec<&str> = anchors.iter().map(String::as_str).collect();
    if let Some(k) = closest(a, &known) {
        return Some(k.to_string());
    }
    let folded: Vec<String> = anchors.iter().map(|k| slug(k)).collect();
    let folded_known: Vec<&str> = folded.iter().map(String::as_str).collect();
    let near = closest(&slug(a), &folded_known)?;
    let index = folded.iter().position(|f| f == near)?;
    Some(anchors[index].clone())
}

fn split_fragment(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((p, a)) if !a.is_empty() => (p, Some(a)),
        Some((p, _)) => (p, None),
        None => (dest, None),
    }
}

/// The scheme of `https://…`, lowercased; none for relative paths. Browsers drop tabs
/// and newlines inside a scheme, so "java\tscript:" counts as `javascript`.
fn scheme_of(dest: &str) -> Option<String> {
    let colon = dest.find(':')?;
    let squeezed: String = dest[..colon]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let valid = squeezed.starts_with(|c: char| c.is_ascii_alphabetic())
        && squeezed
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(squeezed)
}

/// Joins a relative path to a folder below content/; `None` when it climbs out.
pub fn join_relative(folder: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_joining_stays_inside() {
        assert_eq!(join_relative("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join_relative("", "x/./y.md").as_deref(), Some("x/y.md"));
        assert_eq!(join_relative("a", "../../etc/passwd"), None);
    }

    #[test]
    fn schemes() {
        assert_eq!(scheme_of("https://x").as_deref(), Some("https"));
        assert_eq!(scheme_of("../a.md"), None);
        assert_eq!(
            scheme_of("JavaScript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            scheme_of("java\tscript:alert(1)").as_deref(),
            Some("javascript")
        );
    }
}
