//! Markdown body → HTML: links rewritten to page URLs, headings given their anchors,
//! structured blocks replaced by their tables, raw HTML escaped (or, with
//! `markdown: {raw_html: sanitize}`, reduced to a safe subset by ammonia).

use crate::config::RawHtml;
use crate::graph::{LinkTarget, Site};
use crate::load::markdown_options;
use crate::model::RecordKind;
use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd, html};

/// Renders document `doc`'s body. `render_block(n)` gives the HTML of its n-th block.
pub fn render_body(
    site: &Site,
    doc: usize,
    mut render_block: impl FnMut(usize) -> String,
) -> String {
    let d = &site.docs[doc];
    let sanitize = site.config.markdown.raw_html == RawHtml::Sanitize;
    // When sanitising, the blocks' tables (styrdok's own markup, with the roles, ids and
    // tabindex that ammonia would strip) are put in after the clean-up, in place of
    // tokens that cannot occur in the body.
    let token_base = sanitize.then(|| block_token_base(d.body()));
    let mut blocks_html: Vec<String> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut heading_index = 0;
    let mut block_index = 0;
    let mut in_block = false;
    // For each open link: whether its tags are kept, and whether its text is replaced.
    let mut link_stack: Vec<(bool, bool)> = Vec::new();
    for event in Parser::new_ext(d.body(), markdown_options()) {
        if in_block {
            if matches!(event, Event::End(TagEnd::CodeBlock)) {
                in_block = false;
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(ref info)))
                if RecordKind::from_block_name(info.split_whitespace().next().unwrap_or(""))
                    .is_some() =>
            {
                in_block = true;
                let html = render_block(block_index);
                match &token_base {
                    Some(base) => {
                        events.push(Event::Html(CowStr::from(format!(
                            "\n{base}{block_index}\n"
                        ))));
                        blocks_html.push(html);
                    }
                    None => events.push(Event::Html(CowStr::from(html))),
                }
                block_index += 1;
            }
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let anchor = d
                    .headings
                    .get(heading_index)
                    .map(|h| CowStr::from(h.anchor.clone()));
                heading_index += 1;
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: anchor,
                    classes,
                    attrs,
                }));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let wiki = matches!(link_type, LinkType::WikiLink { .. });
                let replace_text = matches!(link_type, LinkType::WikiLink { has_pothole: false });
                match site.resolve_link(doc, &dest_url, wiki) {
                    Ok(resolved) => {
                        let (keep, label) = match &resolved.target {
                            LinkTarget::Document { doc: t, anchor } => {
                                (site.published[*t], link_label(site, *t, anchor.as_deref()))
                            }
                            _ => (true, dest_url.to_string()),
                        };
                        link_stack.push((keep, replace_text));
                        if keep {
                            events.push(Event::Start(Tag::Link {
                                link_type,
                                dest_url: CowStr::from(resolved.href),
                                title,
                                id,
                            }));
                        }
                        if replace_text {
                            events.push(Event::Text(CowStr::from(label)));
                        }
                    }
                    // Reported by validation; the build fails, so render the text only.
                    Err(_) => link_stack.push((false, false)),
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((keep, _)) = link_stack.pop()
                    && keep
                {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            // Images are links too: checked by validation, rewritten like links.
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match site.resolve_link(doc, &dest_url, false) {
                    Ok(resolved) => CowStr::from(resolved.href),
                    Err(_) => dest_url,
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Text(_) | Event::Code(_) if link_stack.last().is_some_and(|l| l.1) => {}
            // Kept for ammonia to clean when the site asks for it.
            Event::Html(raw) | Event::InlineHtml(raw) if sanitize => events.push(Event::Html(raw)),
            // Raw HTML is shown as text: editors' HTML never reaches readers' browsers.
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(d.body().len() * 2);
    html::push_html(&mut out, events.into_iter());
    if let Some(base) = token_base {
        out = sanitizer().clean(&out).to_string();
        for (n, html) in blocks_html.iter().enumerate() {
            out = out.replacen(&format!("{base}{n}"), html, 1);
        }
    }
    out
}

/// A prefix for block tokens that the body does not contain, so no text an editor
/// writes can be taken for a block (or the other way round).
fn block_token_base(body: &str) -> String {
    (0u64..)
        .map(|n| format!("styrdok-block-{n:x}-"))
        .find(|t| !body.contains(t.as_str()))
        .expect("some token is free")
}

/// The safe subset of HTML an editor may write with `raw_html: sanitize`: ammonia's
/// defaults (text formatting, lists, tables, links with safe schemes, images; no
/// scripts, event handlers, styles, forms or frames), plus what the Markdown renderer
/// itself produces (heading and footnote ids, classes, task-list checkboxes).
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class"])
            .add_tags(["input"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("th", ["scope"])
            // Links stay as written (internal ones were rewritten already).
            .link_rel(None);
        b
    })
}

/// The text of a wiki link without its own text: the target's title, and for a record
/// "title – Risk 5".
fn link_label(site: &Site, doc: usize, anchor: Option<&str>) -> String {
    let d = &site.docs[doc];
    let record = anchor.and_then(|a| d.records.iter().find(|r| r.anchor() == a));
    match (
        record,
        anchor.and_then(|a| d.headings.iter().find(|h| h.anchor == a)),
    ) {
        (Some(r), _) => format!(
            "{} – {} {}",
            d.meta.title,
            super::i18n::record_kind(site.lang(), r.kind),
            r.id
        ),
        (None, Some(h)) => format!("{} – {}", d.meta.title, h.text),
        _ => d.meta.title.clone(),
    }
}
