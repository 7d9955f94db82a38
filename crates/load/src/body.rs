//! A document body's Markdown events with its masked sections opened: the one reading of
//! a body that load, render and search share, so that headings, blocks and anchors line
//! up in all three. A masked section is a fenced block whose info string starts with
//! `internal` or `restricted` (optionally `reason="…"`); its content is Markdown.

use crate::markdown_options;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use std::ops::Range;
use styrdok_core::model::Classification;

/// Masked sections nest only inside longer fences; deeper than this, one is code.
const MAX_DEPTH: usize = 8;

pub enum BodyEvent<'a> {
    /// A Markdown event and its byte range in the body.
    Md(Event<'a>, Range<usize>),
    /// A masked section starts; `content` is its Markdown's byte range in the body,
    /// `start` where its fence starts.
    MaskStart {
        level: Classification,
        reason: Option<String>,
        content: Range<usize>,
        start: usize,
    },
    MaskEnd,
}

/// The level and reason of a masked section's info string (`internal reason="…"`).
pub fn mask_of(info: &str) -> Option<(Classification, Option<String>)> {
    let info = info.trim();
    let (word, rest) = info.split_once(char::is_whitespace).unwrap_or((info, ""));
    let level = match word {
        "internal" => Classification::Internal,
        "restricted" => Classification::Restricted,
        _ => return None,
    };
    let reason = rest
        .trim()
        .strip_prefix("reason=")
        .map(|r| r.trim().trim_matches('"').trim().to_string())
        .filter(|r| !r.is_empty());
    Some((level, reason))
}

/// Every event of `body`, masked sections' content parsed as Markdown in place.
pub fn body_events(body: &str) -> Vec<BodyEvent<'_>> {
    let mut out = Vec::new();
    push_events(body, 0, 0, &mut out);
    out
}

fn push_events<'a>(text: &'a str, offset: usize, depth: usize, out: &mut Vec<BodyEvent<'a>>) {
    let mut events = Parser::new_ext(text, markdown_options()).into_offset_iter();
    while let Some((event, range)) = events.next() {
        let mask = match &event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if depth < MAX_DEPTH => {
                mask_of(info)
            }
            _ => None,
        };
        let Some((level, reason)) = mask else {
            out.push(BodyEvent::Md(
                event,
                offset + range.start..offset + range.end,
            ));
            continue;
        };
        // The content: from its first text to its last, up to the fence's end.
        let mut content: Option<Range<usize>> = None;
        for (inner, r) in events.by_ref() {
            match inner {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(_) => {
                    content = Some(content.map_or(r.clone(), |c| c.start..r.end));
                }
                _ => {}
            }
        }
        let content = content.unwrap_or(range.end..range.end);
        out.push(BodyEvent::MaskStart {
            level,
            reason,
            content: offset + content.start..offset + content.end,
            start: offset + range.start,
        });
        push_events(
            &text[content.clone()],
            offset + content.start,
            depth + 1,
            out,
        );
        out.push(BodyEvent::MaskEnd);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_strings() {
        assert_eq!(
            mask_of("internal reason=\"18 kap. 13 § OSL\""),
            Some((Classification::Internal, Some("18 kap. 13 § OSL".into())))
        );
        assert_eq!(
            mask_of("restricted"),
            Some((Classification::Restricted, None))
        );
        assert_eq!(mask_of("risks"), None);
        assert_eq!(mask_of("internalish"), None);
    }

    #[test]
    fn a_masked_section_is_markdown_in_place() {
        let body = "Före\n\n```internal reason=\"x\"\n## Rubrik\n\nText [a](b.md)\n```\n\nEfter\n";
        let events = body_events(body);
        let starts: Vec<&Range<usize>> = events
            .iter()
            .filter_map(|e| match e {
                BodyEvent::MaskStart { content, .. } => Some(content),
                _ => None,
            })
            .collect();
        assert_eq!(starts.len(), 1);
        assert_eq!(&body[starts[0].clone()], "## Rubrik\n\nText [a](b.md)\n");
        let heading = events.iter().any(|e| {
            matches!(e, BodyEvent::Md(Event::Start(Tag::Heading { .. }), r) if &body[r.clone()] == "## Rubrik\n")
        });
        assert!(
            heading,
            "the heading inside is a heading, at its place in the body"
        );
        assert!(matches!(events.last(), Some(BodyEvent::Md(..))));
    }
}
