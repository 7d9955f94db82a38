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
    // marker elements that no editor can forge (see `block_marker`).
    let mut blocks_html: Vec<String> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut heading_index = 0;
    let mut block_index = 0;
    let mut table_index = 0;
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
                if sanitize {
                    events.push(Event::Html(CowStr::from(format!(
                        "\n{}\n",
                        block_marker(block_index)
                    ))));
                    blocks_html.push(html);
                } else {
                    events.push(Event::Html(CowStr::from(html)));
                }
                block_index += 1;
            }
            // Attributes other than the id and classes are dropped (load warns of them):
            // `{onfocus=…}` would otherwise run script.
            Event::Start(Tag::Heading { level, classes, .. }) => {
                let anchor = d
                    .headings
                    .get(heading_index)
                    .map(|h| CowStr::from(h.anchor.clone()));
                heading_index += 1;
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: anchor,
                    classes,
                    attrs: Vec::new(),
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
                        // An unpublished target (a draft, a restricted document) shows
                        // what the link says, never its title or headings.
                        let (keep, label) = match &resolved.target {
                            LinkTarget::Document { doc: t, anchor } if site.published[*t] => {
                                (true, link_label(site, *t, anchor.as_deref()))
                            }
                            LinkTarget::Document { .. } => (false, dest_url.to_string()),
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
            // A Markdown table scrolls inside its own focusable region, so a wide one
            // never makes the page scroll sideways (reflow at 320 px, WCAG 1.4.10).
            Event::Start(Tag::Table(alignments)) => {
                table_index += 1;
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-wrap\" role=\"region\" aria-label=\"{} {table_index}\" tabindex=\"0\">\n",
                    super::i18n::get(site.lang(), super::i18n::Ui::Table)
                ))));
                events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Text(_) | Event::Code(_) if link_stack.last().is_some_and(|l| l.1) => {}
            // Kept for ammonia to clean when the site asks for it; an editor's own
            // marker element is shown as text, so only styrdok's markers are ever found.
            Event::Html(raw) | Event::InlineHtml(raw) if sanitize => {
                if raw.to_ascii_lowercase().contains(MARKER_TAG) {
                    events.push(Event::Text(raw));
                } else {
                    events.push(Event::Html(raw));
                }
            }
            // Raw HTML is shown as text: editors' HTML never reaches readers' browsers.
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(d.body().len() * 2);
    html::push_html(&mut out, events.into_iter());
    if sanitize {
        out = sanitizer().clean(&out).to_string();
        for (n, html) in blocks_html.iter().enumerate() {
            out = out.replacen(&block_marker(n), html, 1);
        }
    }
    out
}

const MARKER_TAG: &str = "styrdok-block";

/// Where block `n` goes in sanitised HTML: an element, not text. Ammonia writes `<` in
/// text as `&lt;` and `"` in attribute values as `&quot;`, so this exact string can come
/// out of the clean-up only as the element itself — never from text or an attribute
/// an editor wrote (`<abbr title="&lt;styrdok-block…">` stays inside its attribute) —
/// and editors' raw HTML naming the element is turned into text before.
fn block_marker(n: usize) -> String {
    format!("<{MARKER_TAG} data-n=\"{n}\"></{MARKER_TAG}>")
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
            .add_tags(["input", MARKER_TAG])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes(MARKER_TAG, ["data-n"])
            // The scroll region around a Markdown table (none of these runs script).
            .add_tag_attributes("div", ["role", "tabindex", "aria-label"])
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
    let title = site.doc_title_marked(doc);
    let record = anchor.and_then(|a| d.records.iter().find(|r| r.anchor() == a));
    match (
        record,
        anchor.and_then(|a| d.headings.iter().find(|h| h.anchor == a)),
    ) {
        (Some(r), _) => format!(
            "{title} – {}",
            super::context::record_label(site.lang(), r).0
        ),
        (None, Some(h)) => format!("{title} – {}", h.text),
        _ => title,
    }
}
