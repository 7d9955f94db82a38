//! Load: walk `content/`, read each Markdown file, split its front matter, parse the
//! YAML (front matter and fenced blocks) with positions, and note headings and links.
//! Loaders never render; problems are collected per file and loading goes on.

pub mod blocks;
pub mod body;
pub mod front_matter;
mod read;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Tag, TagEnd};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use styrdok_core::diag::{Diagnostic, Loc, SourceMap};
use styrdok_core::model::{Block, Classification, Document, Heading, LinkRef, Mask, RecordKind};
use styrdok_core::text::heading_anchor;
use styrdok_core::yaml::fields::{At, Reader, YamlSource};

/// Markdown extensions of the contract: CommonMark + tables, footnotes, strikethrough,
/// task lists, heading attributes; wiki links for `[[id]]`.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// A Markdown file found under `content/`.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub abs: PathBuf,
    /// Relative to the site root, `/`-separated.
    pub source_path: String,
    /// Relative to `content/`.
    pub content_path: String,
}

/// What `content/` holds: Markdown documents, and other files (attachments, images)
/// that are copied as they are.
#[derive(Default)]
pub struct Discovered {
    pub documents: Vec<SourceFile>,
    /// Relative to content/.
    pub assets: std::collections::BTreeSet<String>,
}

/// Lists the files under `root/content`, sorted. Symlinks are followed only when they
/// stay inside the site; loops and escapes are reported.
pub fn discover(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Discovered {
    let content = root.join("content");
    if !content.is_dir() {
        diagnostics.push(Diagnostic::error(
            &Loc::file("content"),
            "the site has no content/ folder",
        ));
        return Discovered::default();
    }
    let mut found = Discovered::default();
    for entry in walk_inside_site(root, &content, true, "read", diagnostics) {
        let rel = site_relative(root, entry.path());
        let content_path = rel.strip_prefix("content/").unwrap_or(&rel).to_string();
        let name = entry.file_name().to_string_lossy();
        match file_kind(&name) {
            FileKind::Document => {}
            FileKind::Backup => continue,
            FileKind::MisnamedDocument => {
                diagnostics.push(Diagnostic::error(
                    &Loc::file(&rel),
                    format!(
                        "a document's file name must end in `.md` (lower case): rename `{name}` \
                         to `{}`; until then it is neither built nor copied",
                        misnamed_to_md(&name)
                    ),
                ));
                continue;
            }
            FileKind::Asset => {
                found.assets.insert(content_path);
                continue;
            }
        }
        found.documents.push(SourceFile {
            abs: entry.path().to_path_buf(),
            source_path: rel,
            content_path,
        });
    }
    found
}

enum FileKind {
    Document,
    /// `.MD`, `.markdown`: Markdown by its name, but not what the site builds. Never
    /// copied as a raw file (it may be a restricted document's copy).
    MisnamedDocument,
    /// Editor backups, swap and lock files: never published, whatever links to them.
    Backup,
    Asset,
}

fn file_kind(name: &str) -> FileKind {
    let lower = name.to_lowercase();
    const BACKUP_ENDINGS: &[&str] = &[
        "~", ".bak", ".swp", ".swo", ".swn", ".swx", ".tmp", ".orig", ".rej", ".old", ".bkp",
        ".backup", ".sav",
    ];
    let backup = BACKUP_ENDINGS.iter().any(|e| lower.ends_with(e))
        || (lower.starts_with('#') && lower.ends_with('#'))
        || lower.starts_with("~$")
        || lower.starts_with(".#")
        || lower == "thumbs.db"
        || lower == "desktop.ini";
    if backup {
        FileKind::Backup
    } else if name.ends_with(".md") {
        FileKind::Document
    } else if lower.ends_with(".md") || lower.ends_with(".markdown") || lower.ends_with(".mdown") {
        FileKind::MisnamedDocument
    } else {
        FileKind::Asset
    }
}

fn misnamed_to_md(name: &str) -> String {
    let stem = match name.rfind('.') {
        Some(dot) => &name[..dot],
        None => name,
    };
    format!("{stem}.md")
}

/// The files below `dir` (`content/` or `static/`), sorted, following symbolic links
/// only while they stay inside `dir` itself. The boundary is the folder, not the site:
/// `content/arkiv -> ../.git` would otherwise publish the git folder (remote URL with
/// its token, objects holding restricted text), and `content/x -> ../.env` the secrets
/// beside the site. A link out of `dir` is reported and neither read nor walked, and so
/// is a link loop. Nothing inside a `.git` folder is ever listed, whatever the path.
/// With `skip_hidden`, hidden files and folders (editor settings) are left out. `verb`
/// says what is not done to a refused link ("read").
pub fn walk_inside_site(
    root: &Path,
    dir: &Path,
    skip_hidden: bool,
    verb: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<walkdir::DirEntry> {
    let boundary = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let shown_boundary = format!("{}/", site_relative(root, dir));
    let mut files = Vec::new();
    let mut walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                diagnostics.push(walk_error(root, dir, &err));
                continue;
            }
        };
        let is_dir = entry.file_type().is_dir();
        let name = entry.file_name().to_string_lossy();
        let hidden = entry.depth() > 0 && name.starts_with('.');
        let skipped = name == ".git" || (skip_hidden && hidden);
        let escapes = !skipped
            && entry.path_is_symlink()
            && !entry
                .path()
                .canonicalize()
                .is_ok_and(|p| p.starts_with(&boundary) && !in_git_folder(&p));
        if escapes {
            diagnostics.push(Diagnostic::error(
                &Loc::file(site_relative(root, entry.path())),
                format!("symbolic link pointing outside {shown_boundary}; it is not {verb}"),
            ));
        }
        if skipped || escapes {
            if is_dir {
                walk.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_file() {
            files.push(entry);
        }
    }
    files
}

fn in_git_folder(path: &Path) -> bool {
    path.components().any(|c| c.as_os_str() == ".git")
}

fn walk_error(root: &Path, dir: &Path, err: &walkdir::Error) -> Diagnostic {
    let path = err
        .path()
        .map(|p| site_relative(root, p))
        .unwrap_or_else(|| site_relative(root, dir));
    let message = if err.loop_ancestor().is_some() {
        "symbolic link loop; the link is skipped".to_string()
    } else {
        format!("cannot read: {err}")
    };
    Diagnostic::error(&Loc::file(path), message)
}

pub fn site_relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Loads every file in parallel: per file, the document (when it could be read at
/// all) and its diagnostics, in the order of `files`.
pub fn load_files(
    files: &[SourceFile],
    config: &styrdok_config::Config,
) -> Vec<(Option<Document>, Vec<Diagnostic>)> {
    files
        .par_iter()
        .map(|f| match std::fs::read(&f.abs) {
            Ok(bytes) => load_document(f, &bytes, config),
            Err(err) => (
                None,
                vec![Diagnostic::error(
                    &Loc::file(&f.source_path),
                    format!("cannot read the file: {err}"),
                )],
            ),
        })
        .collect()
}

/// Reads one document from its bytes. A document comes back whenever its front matter
/// gave at least a title, so later stages can still check what links to it.
pub fn load_document(
    file: &SourceFile,
    bytes: &[u8],
    config: &styrdok_config::Config,
) -> (Option<Document>, Vec<Diagnostic>) {
    let text = match decode(&file.source_path, bytes) {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    let map = SourceMap::new(file.source_path.clone(), &text);
    let Some(split) = split_front_matter(&text) else {
        let loc = map.loc(&text, 1, 1);
        let message = if text.trim().is_empty() {
            "the file is empty; a document starts with front matter between `---` lines"
        } else if text.starts_with("---") {
            "the front matter is never closed: add a line `---` after it"
        } else {
            "a document must start with YAML front matter between `---` lines"
        };
        return (None, vec![Diagnostic::error(&loc, message)]);
    };
    let yaml_text = &text[split.yaml.clone()];
    let yaml_first_line = map.line_of(split.yaml.start);
    let mut reader = Reader::new(YamlSource {
        map: &map,
        file_text: &text,
        yaml_text,
        line_offset: yaml_first_line - 1,
        column_offset: 0,
    });
    let meta = match styrdok_core::yaml::parse(yaml_text) {
        Ok(node) => front_matter::read(&mut reader, &node, file, config),
        Err(e) => {
            let at = At {
                line: e.line + yaml_first_line - 1,
                column: e.column,
            };
            reader.error_at(at, e.message);
            None
        }
    };
    let mut diagnostics = std::mem::take(&mut reader.diagnostics);
    let Some(meta) = meta else {
        return (None, diagnostics);
    };
    let is_section_index =
        file.content_path == "index.md" || file.content_path.ends_with("/index.md");
    let mut doc = Document {
        source_path: file.source_path.clone(),
        content_path: file.content_path.clone(),
        map,
        body_start: split.body_start,
        meta,
        is_section_index,
        headings: Vec::new(),
        blocks: Vec::new(),
        records: Vec::new(),
        links: Vec::new(),
        masks: Vec::new(),
        masked_anchors: Vec::new(),
        text: String::new(),
    };
    doc.text = text;
    scan_body(&mut doc, &mut diagnostics);
    (Some(doc), diagnostics)
}

/// UTF-8 text without a byte-order mark. A non-UTF-8 file is located at its first bad byte.
fn decode(path: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
            let map = SourceMap::new(path, valid);
            let mut loc = map.loc_at(valid, valid.len());
            loc.source_line = None;
            Err(Diagnostic::error(
                &loc,
                format!(
                    "the file is not UTF-8 text (byte 0x{:02X}); save it as UTF-8",
                    bytes[e.valid_up_to()]
                ),
            ))
        }
    }
}

pub struct FrontMatterSplit {
    pub yaml: std::ops::Range<usize>,
    pub body_start: usize,
}

/// Finds the front matter between a first line `---` and the next line `---`.
pub fn split_front_matter(text: &str) -> Option<FrontMatterSplit> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_end + 1;
    let mut pos = yaml_start;
    while pos <= text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            return Some(FrontMatterSplit {
                yaml: yaml_start..pos,
                body_start: (end + 1).min(text.len()),
            });
        }
        if end == text.len() {
            break;
        }
        pos = end + 1;
    }
    None
}

/// One pass over the body: heading anchors, links and the structured blocks.
fn scan_body(doc: &mut Document, diagnostics: &mut Vec<Diagnostic>) {
    let mut scan = BodyScan {
        doc,
        diagnostics: &mut *diagnostics,
        headings: Vec::new(),
        links: Vec::new(),
        pending_blocks: Vec::new(),
        heading: None,
        code: None,
        masks: Vec::new(),
        open_masks: Vec::new(),
    };
    let body = &doc.text[doc.body_start..];
    for event in body::body_events(body) {
        match event {
            body::BodyEvent::Md(event, range) => scan.event(event, range.start),
            body::BodyEvent::MaskStart {
                level,
                reason,
                content,
                start,
            } => scan.mask(level, reason, content, start),
            body::BodyEvent::MaskEnd => {
                scan.open_masks.pop();
            }
        }
    }
    let BodyScan {
        headings,
        links,
        pending_blocks,
        masks,
        ..
    } = scan;
    // The blocks are read after the pass: reading one needs the records before it.
    for block in pending_blocks {
        read_pending_block(doc, block, diagnostics);
    }
    doc.headings = headings;
    doc.links = links;
    doc.masks = masks;
}

/// A heading being read: its level, its `{#id}` and its text so far.
struct OpenHeading {
    level: u8,
    id: Option<String>,
    text: String,
}

/// A record block being read: where its fence is, its YAML so far and the offset of
/// the YAML's first text.
struct OpenBlock {
    kind: RecordKind,
    at: At,
    yaml: String,
    first: Option<usize>,
}

/// A record block read in the pass, to be parsed after it.
struct PendingBlock {
    kind: RecordKind,
    at: At,
    yaml: String,
    first_line: At,
    section: Option<Classification>,
}

/// The state of the pass over one body.
struct BodyScan<'d> {
    doc: &'d Document,
    diagnostics: &'d mut Vec<Diagnostic>,
    headings: Vec<Heading>,
    links: Vec<LinkRef>,
    pending_blocks: Vec<PendingBlock>,
    heading: Option<OpenHeading>,
    code: Option<OpenBlock>,
    masks: Vec<Mask>,
    /// The levels of the masked sections the pass is in.
    open_masks: Vec<Classification>,
}

impl BodyScan<'_> {
    /// The masked section the pass is in (the strictest, when nested).
    fn section(&self) -> Option<Classification> {
        self.open_masks.iter().copied().max()
    }

    fn mask(
        &mut self,
        level: Classification,
        reason: Option<String>,
        content: std::ops::Range<usize>,
        start: usize,
    ) {
        let base = self.doc.body_start;
        self.masks.push(Mask {
            level: self.section().map_or(level, |outer| outer.max(level)),
            reason,
            content: base + content.start..base + content.end,
            at: self.at_offset(start),
        });
        self.open_masks.push(level);
    }

    /// Where byte `offset` of the body is in the file.
    fn at_offset(&self, offset: usize) -> At {
        let loc = self
            .doc
            .map
            .loc_at(&self.doc.text, self.doc.body_start + offset);
        At {
            line: loc.line,
            column: loc.column,
        }
    }

    /// One Markdown event, starting at byte `start` of the body.
    fn event(&mut self, event: Event, start: usize) {
        match event {
            Event::Start(Tag::Heading {
                level, id, attrs, ..
            }) => {
                if let Some((key, _)) = attrs.first() {
                    self.warn_heading_attribute(key, start);
                }
                self.heading = Some(OpenHeading {
                    level: level as u8,
                    id: id.map(|s| s.to_string()),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => self.links.push(LinkRef {
                dest: dest_url.to_string(),
                wiki: matches!(link_type, LinkType::WikiLink { .. }),
                at: self.at_offset(start),
                section: self.section(),
            }),
            // An image's source is checked like a link's target.
            Event::Start(Tag::Image { dest_url, .. }) => self.links.push(LinkRef {
                dest: dest_url.to_string(),
                wiki: false,
                at: self.at_offset(start),
                section: self.section(),
            }),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let word = info.split_whitespace().next().unwrap_or("");
                if let Some(kind) = RecordKind::from_block_name(word) {
                    self.code = Some(OpenBlock {
                        kind,
                        at: self.at_offset(start),
                        yaml: String::new(),
                        first: None,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(block) = self.code.as_mut() {
                    block.first.get_or_insert(start);
                    block.yaml.push_str(&t);
                } else if let Some(heading) = self.heading.as_mut() {
                    heading.text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => self.end_code_block(),
            _ => {}
        }
    }

    /// Only `{#id}` and `{.class}` are kept: any other attribute could be one a browser
    /// acts on (`onfocus`, `autofocus`, `style`).
    fn warn_heading_attribute(&mut self, key: &str, start: usize) {
        let loc = self.doc.loc(self.at_offset(start));
        self.diagnostics.push(Diagnostic::warning(
            &loc,
            format!(
                "heading attribute `{key}` is ignored: a heading takes only {{#id}} and {{.class}}"
            ),
        ));
    }

    fn end_heading(&mut self) {
        if let Some(OpenHeading { level, id, text }) = self.heading.take() {
            let anchor = id.unwrap_or_else(|| unique_anchor(&self.headings, &text));
            let section = self.section();
            self.headings.push(Heading {
                level,
                anchor,
                text: text.trim().to_string(),
                section,
            });
        }
    }

    fn end_code_block(&mut self) {
        if let Some(OpenBlock {
            kind,
            at,
            yaml,
            first,
        }) = self.code.take()
        {
            let first_line = first.map(|o| self.at_offset(o)).unwrap_or(At {
                line: at.line + 1,
                column: 1,
            });
            let section = self.section();
            self.pending_blocks.push(PendingBlock {
                kind,
                at,
                yaml,
                first_line,
                section,
            });
        }
    }
}

/// Parses one record block into `doc`'s records and blocks.
fn read_pending_block(doc: &mut Document, block: PendingBlock, diagnostics: &mut Vec<Diagnostic>) {
    let PendingBlock {
        kind,
        at,
        yaml,
        first_line,
        section,
    } = block;
    let mut reader = Reader::new(YamlSource {
        map: &doc.map,
        file_text: &doc.text,
        yaml_text: &yaml,
        line_offset: first_line.line - 1,
        column_offset: at.column - 1,
    });
    let mut records = blocks::read_block(&mut reader, kind, &yaml, at, &doc.records);
    for r in &mut records {
        r.classification = r.classification.max(section);
    }
    let first_record = doc.records.len();
    doc.records.extend(records);
    doc.blocks.push(Block {
        kind,
        at,
        records: (first_record..doc.records.len()).collect(),
        section,
        masked_rows: 0,
    });
    diagnostics.append(&mut reader.diagnostics);
}

fn unique_anchor(existing: &[Heading], text: &str) -> String {
    let base = heading_anchor(text);
    let mut candidate = base.clone();
    let mut n = 1;
    while existing.iter().any(|h| h.anchor == candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_split_finds_body() {
        let text = "---\ntitle: x\n---\n# Hej\n";
        let s = split_front_matter(text).unwrap();
        assert_eq!(&text[s.yaml], "title: x\n");
        assert_eq!(&text[s.body_start..], "# Hej\n");
        assert!(split_front_matter("---\ntitle: x\n").is_none());
        assert!(split_front_matter("title: x\n").is_none());
        let crlf = "---\r\ntitle: x\r\n---\r\nbody";
        let s = split_front_matter(crlf).unwrap();
        assert_eq!(&crlf[s.body_start..], "body");
    }

    #[test]
    fn non_utf8_is_located() {
        let d = decode("content/a.md", b"---\ntitle: \xff\n").unwrap_err();
        assert_eq!((d.line, d.column), (2, 8));
        assert!(d.message.contains("not UTF-8"));
    }
}
