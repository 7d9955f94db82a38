//! Markdown body → HTML: links rewritten to page URLs, headings given their anchors,
//! structured blocks replaced by their tables, raw HTML escaped (or, with
//! `markdown: {raw_html: sanitize}`, reduced to a safe subset by ammonia).

use crate::helpers::escape;
use crate::i18n;
use crate::titles::DocTitle;
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd, html};
use styrdok_config::RawHtml;
use styrdok_core::model::{Classification, RecordKind};
use styrdok_graph::{LinkTarget, Site};
use styrdok_load::body::{BodyEvent, body_events};

/// A body event as rewritten for one audience: Markdown events with links resolved and
/// headings anchored, and styrdok's own parts (record blocks, masked sections, table
/// regions) named, so that the HTML page and the PDF read the body the same way.
pub enum Rewritten<'a> {
    Md(Event<'a>),
    /// Record block `n` of the document, in place of its fenced code.
    Block(usize),
    /// A masked section: framed and labelled when this audience sees it (`shown`),
    /// else only its notice; `reason` as written.
    MaskStart {
        shown: bool,
        reason: Option<String>,
    },
    MaskEnd,
    /// A Markdown table starts (`n` from 1 in the body) or ends.
    TableStart(usize),
    TableEnd,
    /// After a link's text, the link pointing at a document this audience does not see.
    InternalMark,
    /// Raw HTML as written, for the site's sanitiser (`raw_html: sanitize`); without
    /// it, raw HTML comes as text.
    RawHtml(CowStr<'a>),
}

/// Document `doc`'s body, rewritten for this site's audience.
pub fn rewrite_body(site: &Site, doc: usize) -> Vec<Rewritten<'_>> {
    let mut body = Body::new(site, doc);
    for event in body_events(site.docs[doc].body()) {
        match event {
            BodyEvent::Md(event, _) => body.push(event),
            BodyEvent::MaskStart { level, reason, .. } => body.mask_start(level, reason),
            BodyEvent::MaskEnd => body.mask_end(),
        }
    }
    body.events
}

/// Renders document `doc`'s body. `render_block(n)` gives the HTML of its n-th block.
pub fn render_body(
    site: &Site,
    doc: usize,
    mut render_block: impl FnMut(usize) -> String,
) -> String {
    let lang = site.lang();
    let sanitize = site.config.markdown.raw_html == RawHtml::Sanitize;
    // When sanitising, the blocks' tables (styrdok's own markup, with the roles, ids and
    // tabindex that ammonia would strip) are put in after the clean-up, in place of
    // marker elements that no editor can forge (see `block_marker`).
    let mut blocks_html = Vec::new();
    let html = |s: String| Event::Html(CowStr::from(s));
    let events = rewrite_body(site, doc).into_iter().map(|e| match e {
        Rewritten::Md(event) => event,
        Rewritten::Block(n) if sanitize => {
            blocks_html.push(render_block(n));
            html(format!("\n{}\n", block_marker(n)))
        }
        Rewritten::Block(n) => html(render_block(n)),
        Rewritten::MaskStart { shown, reason } => html(mask_html(lang, shown, reason)),
        Rewritten::MaskEnd => html("</div>\n".into()),
        Rewritten::TableStart(n) => html(format!(
            "<div class=\"table-wrap\" role=\"region\" aria-label=\"{} {n}\" tabindex=\"0\">\n",
            i18n::get(lang, i18n::Ui::Table),
        )),
        Rewritten::TableEnd => html("</div>\n".into()),
        Rewritten::InternalMark => Event::Text(CowStr::from(format!(
            " {}",
            i18n::get(lang, i18n::Ui::InternalDocumentMark)
        ))),
        Rewritten::RawHtml(raw) => Event::Html(raw),
    });
    let body = site.docs[doc].body();
    let mut out = String::with_capacity(body.len() * 2);
    html::push_html(&mut out, events);
    if sanitize {
        out = sanitizer().clean(&out).to_string();
        for (n, html) in blocks_html.iter().enumerate() {
            out = out.replacen(&block_marker(n), html, 1);
        }
    }
    out
}

/// A masked section's opening: its frame and label, or the notice in its place.
fn mask_html(lang: styrdok_config::Language, shown: bool, reason: Option<String>) -> String {
    let reason = reason
        .map(|r| {
            format!(
                " {}: {}.",
                i18n::get(lang, i18n::Ui::MaskedReason),
                escape(&r)
            )
        })
        .unwrap_or_default();
    if shown {
        format!(
            "<div class=\"masked-section\">\n<p class=\"masked-label\"><strong>{}</strong>{reason}</p>\n",
            i18n::get(lang, i18n::Ui::InternalSection)
        )
    } else {
        format!(
            "<p class=\"masked-notice\"><strong>{}</strong>.{reason}</p>\n",
            i18n::get(lang, i18n::Ui::MaskedSection)
        )
    }
}

/// A body being rewritten, event by event, into the events that are rendered.
struct Body<'a> {
    site: &'a Site,
    doc: usize,
    events: Vec<Rewritten<'a>>,
    heading_index: usize,
    block_index: usize,
    table_index: usize,
    /// Inside a block's fenced code, which its table replaces.
    in_block: bool,
    /// For each open link: whether its tags are kept, whether its text is replaced,
    /// and whether it is marked as pointing at a document this audience does not see.
    link_stack: Vec<(bool, bool, bool)>,
    /// For each open masked section: whether this audience sees it.
    masks: Vec<bool>,
}

impl<'a> Body<'a> {
    fn new(site: &'a Site, doc: usize) -> Self {
        Body {
            site,
            doc,
            events: Vec::new(),
            heading_index: 0,
            block_index: 0,
            table_index: 0,
            in_block: false,
            link_stack: Vec::new(),
            masks: Vec::new(),
        }
    }

    /// A masked section opens: shown with its marking when the audience sees it, else
    /// only the notice (its content is blank in this audience's copy anyway). Inside a
    /// section the audience does not see, nothing.
    fn mask_start(&mut self, level: Classification, reason: Option<String>) {
        let visible = self.masks.iter().all(|s| *s);
        let shown = visible && self.site.options.audience.shows(level);
        if visible {
            self.events.push(Rewritten::MaskStart { shown, reason });
        }
        self.masks.push(shown);
    }

    fn mask_end(&mut self) {
        if self.masks.pop() == Some(true) {
            self.events.push(Rewritten::MaskEnd);
        }
    }

    fn md(&mut self, event: Event<'a>) {
        self.events.push(Rewritten::Md(event));
    }

    fn push(&mut self, event: Event<'a>) {
        if self.masks.iter().any(|shown| !shown) {
            return;
        }
        if self.in_block {
            if matches!(event, Event::End(TagEnd::CodeBlock)) {
                self.in_block = false;
            }
            return;
        }
        match event {
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(ref info)))
                if RecordKind::from_block_name(info.split_whitespace().next().unwrap_or(""))
                    .is_some() =>
            {
                self.block()
            }
            // Attributes other than the id and classes are dropped (load warns of them):
            // `{onfocus=…}` would otherwise run script.
            Event::Start(Tag::Heading { level, classes, .. }) => self.heading(level, classes),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.link(link_type, dest_url, title, id),
            Event::End(TagEnd::Link) => match self.link_stack.pop() {
                Some((true, _, _)) => self.md(Event::End(TagEnd::Link)),
                Some((false, _, true)) => self.events.push(Rewritten::InternalMark),
                _ => {}
            },
            // Images are links too: checked by validation, rewritten like links.
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match self.site.resolve_link(self.doc, &dest_url, false) {
                    Ok(resolved) => CowStr::from(resolved.href),
                    Err(_) => dest_url,
                };
                self.md(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Table(alignments)) => self.table(alignments),
            Event::End(TagEnd::Table) => {
                self.md(Event::End(TagEnd::Table));
                self.events.push(Rewritten::TableEnd);
            }
            Event::Text(_) | Event::Code(_) if self.link_stack.last().is_some_and(|l| l.1) => {}
            Event::Html(raw) | Event::InlineHtml(raw) => self.raw_html(raw),
            other => self.md(other),
        }
    }

    /// A structured block: its table in place of its fenced code.
    fn block(&mut self) {
        self.in_block = true;
        self.events.push(Rewritten::Block(self.block_index));
        self.block_index += 1;
    }

    fn heading(&mut self, level: pulldown_cmark::HeadingLevel, classes: Vec<CowStr<'a>>) {
        let anchor = self.site.docs[self.doc]
            .headings
            .get(self.heading_index)
            .map(|h| CowStr::from(h.anchor.clone()));
        self.heading_index += 1;
        self.md(Event::Start(Tag::Heading {
            level,
            id: anchor,
            classes,
            attrs: Vec::new(),
        }));
    }

    fn link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
    ) {
        let site = self.site;
        let wiki = matches!(link_type, LinkType::WikiLink { .. });
        let replace_text = matches!(link_type, LinkType::WikiLink { has_pothole: false });
        let Ok(resolved) = site.resolve_link(self.doc, &dest_url, wiki) else {
            // Reported by validation; the build fails, so render the text only.
            self.link_stack.push((false, false, false));
            return;
        };
        // An unpublished target (a draft, a restricted document) shows what the link
        // says, never its title or headings.
        let (keep, label) = match &resolved.target {
            LinkTarget::Document { doc: t, anchor } if site.published[*t] => {
                (true, link_label(site, *t, anchor.as_deref()))
            }
            LinkTarget::Document { .. } => (false, dest_url.to_string()),
            _ => (true, dest_url.to_string()),
        };
        // A document this audience does not include (an internal one in the public
        // extract) is named as such; a restricted one or a draft is not.
        let marked = match &resolved.target {
            LinkTarget::Document { doc: t, .. } if !site.published[*t] => {
                let c = site.docs[*t].meta.classification;
                c != Classification::Restricted && !site.options.audience.shows(c)
            }
            _ => false,
        };
        self.link_stack.push((keep, replace_text, marked));
        if keep {
            self.md(Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(resolved.href),
                title,
                id,
            }));
        }
        if replace_text {
            self.md(Event::Text(CowStr::from(label)));
        }
    }

    /// A Markdown table scrolls inside its own focusable region, so a wide one never
    /// makes the page scroll sideways (reflow at 320 px, WCAG 1.4.10).
    fn table(&mut self, alignments: Vec<pulldown_cmark::Alignment>) {
        self.table_index += 1;
        self.events.push(Rewritten::TableStart(self.table_index));
        self.md(Event::Start(Tag::Table(alignments)));
    }

    /// Raw HTML is shown as text: editors' HTML never reaches readers' browsers. When the
    /// site asks for sanitising it is kept for ammonia to clean, but an editor's own
    /// marker element is shown as text, so only styrdok's markers are ever found.
    fn raw_html(&mut self, raw: CowStr<'a>) {
        let sanitize = self.site.config.markdown.raw_html == RawHtml::Sanitize;
        if sanitize && !raw.to_ascii_lowercase().contains(MARKER_TAG) {
            self.events.push(Rewritten::RawHtml(raw));
        } else {
            self.md(Event::Text(raw));
        }
    }
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
