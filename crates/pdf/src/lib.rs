//! styrdok pdf, a leaf library: one document typeset in-process as an accessible PDF
//! with Typst as a library — tagged (PDF/UA-1), optionally archivable (PDF/A-2a), the
//! fonts in the binary, nothing read but the document's data and images. The template
//! (themes/default/templates/document.typ, or a site's templates/document.typ) lays
//! out what `data::document` gives it.

mod body;
mod data;
mod tables;
mod world;

use std::path::Path;
use std::sync::Arc;
use styrdok_config::PdfConfig;
use styrdok_core::diag::{Diagnostic, Loc};
use styrdok_graph::Site;
use styrdok_render::context::DocView;
use styrdok_render::risk::DocRiskView;
use styrdok_render::templates::Templates;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::DiagSpanKind;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};
use world::{DocWorld, Shared};

pub use data::link_target;

/// The default template, embedded.
pub const TEMPLATE: &str = include_str!("../../../themes/default/templates/document.typ");
/// An image larger than this is refused rather than read into memory.
const MAX_IMAGE_BYTES: u64 = 32 * 1024 * 1024;

/// What typesets a build's PDFs: made once per build, shared by every document.
pub struct Typesetter {
    shared: Shared,
    /// Where the template came from, for reports: `templates/document.typ`, or `None`
    /// for the embedded one (whose problems are the document's).
    template_path: Option<String>,
    standards: PdfStandards,
    paper: &'static str,
    root: std::path::PathBuf,
}

/// The stack of the thread a document is typeset on: Typst's layout recurses.
const STACK_BYTES: usize = 16 * 1024 * 1024;

/// Runs `work` on a thread of its own that is the one worker of a rayon pool of its
/// own. Typst's PDF writer (krilla) waits for its deferred work with
/// `rayon::yield_now`, which runs whatever else the pool has queued: in a build's
/// pool, other documents' pages and PDFs, nested on one stack (85 deep at 1,000
/// documents, then a stack overflow), each holding its document in memory. Here
/// the only queued work is the document's own, and the calling worker waits
/// without taking up other work.
fn isolated<T: Send>(work: impl FnOnce() -> T + Send) -> std::io::Result<T> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("styrdok-pdf".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(1)
                    .use_current_thread()
                    .build()
                    .map_err(std::io::Error::other)?;
                Ok(pool.install(work))
            })?;
        thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

impl Typesetter {
    /// The typesetter of the site at `root`, with the PDF layout the templates'
    /// lookup finds (the site's own `document.typ`, its theme's, else the embedded one).
    pub fn new(
        root: &Path,
        templates: &Templates,
        pdf: &PdfConfig,
    ) -> Result<Typesetter, Diagnostic> {
        let (template, template_path) = match templates.find_override("document.typ") {
            Some((path, shown)) => {
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    Diagnostic::error(&Loc::file(shown.clone()), format!("cannot read: {e}"))
                })?;
                (text, Some(shown))
            }
            None => (TEMPLATE.to_string(), None),
        };
        let mut list = vec![PdfStandard::Ua_1];
        if pdf.archive {
            list.push(PdfStandard::A_2a);
        }
        let standards = PdfStandards::new(&list).expect("PDF/UA-1 and PDF/A-2a agree");
        Ok(Typesetter {
            shared: Shared::new(template),
            template_path,
            standards,
            paper: pdf.paper.typst_name(),
            root: root.to_path_buf(),
        })
    }

    /// Document `doc` as a PDF, from the views its page shows (`view`, and `risk` for a
    /// risk analysis).
    pub fn typeset(
        &self,
        site: &Site,
        doc: usize,
        view: &DocView,
        risk: Option<&DocRiskView>,
    ) -> Result<Vec<u8>, Diagnostic> {
        let d = &site.docs[doc];
        let (data, images) = data::document(site, doc, view, risk, self.paper);
        let images = images
            .iter()
            .map(|img| self.read_image(site, doc, img))
            .collect::<Result<Vec<Bytes>, Diagnostic>>()?;
        let world = DocWorld {
            shared: &self.shared,
            data: Bytes::new(serde_json::to_vec(&data).expect("JSON of plain values")),
            images: Arc::new(images),
            today: None,
        };
        let options = PdfOptions {
            ident: Smart::Custom(format!("styrdok/{}", d.content_path)),
            creator: Smart::Custom(Some("styrdok".into())),
            timestamp: created(site, doc),
            standards: self.standards.clone(),
            ..PdfOptions::default()
        };
        let result = isolated(|| {
            typst::compile::<PagedDocument>(&world)
                .output
                .and_then(|document| typst_pdf::pdf(&document, &options))
        })
        .map_err(|e| {
            let at = Loc::file(d.source_path.clone());
            Diagnostic::error(&at, format!("cannot start typesetting the PDF: {e}"))
        })?;
        // Typst memoises across compilations; without eviction a large site's caches
        // would grow with every document.
        comemo::evict(4);
        result.map_err(|errors| self.report(site, doc, &world, errors.as_slice()))
    }

    /// An image of the body, read now: Typst sees no file system. Problems are
    /// reported at the image in the Markdown.
    fn read_image(
        &self,
        site: &Site,
        doc: usize,
        img: &body::ImageRef,
    ) -> Result<Bytes, Diagnostic> {
        let Some(asset) = &img.asset else {
            return Ok(Bytes::new(Vec::<u8>::new()));
        };
        let d = &site.docs[doc];
        let at = d
            .links
            .iter()
            .find(|l| {
                site.resolve_link(doc, &l.dest, l.wiki)
                    .is_ok_and(|r| r.href == img.href)
            })
            .map(|l| d.loc(l.at))
            .unwrap_or_else(|| Loc::file(d.source_path.clone()));
        let path = self.root.join("content").join(asset);
        let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if len > MAX_IMAGE_BYTES {
            return Err(Diagnostic::error(
                &at,
                format!(
                    "the image {asset} is {len} bytes, more than a PDF takes ({MAX_IMAGE_BYTES})"
                ),
            ));
        }
        let bytes = std::fs::read(&path)
            .map_err(|e| Diagnostic::error(&at, format!("cannot read the image {asset}: {e}")))?;
        if let Some(problem) = format_problem(asset, &bytes) {
            return Err(Diagnostic::error(&at, problem));
        }
        Ok(Bytes::new(bytes))
    }

    /// Typst's errors as one located diagnostic: at the site's own template when they
    /// are in it, else at the document (what it holds could not be typeset).
    fn report(
        &self,
        site: &Site,
        doc: usize,
        world: &DocWorld,
        errors: &[SourceDiagnostic],
    ) -> Diagnostic {
        let d = &site.docs[doc];
        let errors: Vec<&SourceDiagnostic> = errors
            .iter()
            .filter(|e| e.severity == Severity::Error)
            .collect();
        let mut message = String::from("cannot typeset the PDF: ");
        let texts: Vec<String> = errors
            .iter()
            .map(|e| {
                let hints: Vec<&str> = e.hints.iter().map(|h| h.v.as_str()).collect();
                match hints.is_empty() {
                    true => e.message.to_string(),
                    false => format!("{} ({})", e.message, hints.join("; ")),
                }
            })
            .collect();
        message.push_str(&texts.join("; "));
        let in_template = errors.first().and_then(|e| template_position(world, e));
        match (&self.template_path, in_template) {
            (Some(path), Some((line, column))) => {
                let text = world.shared.template_text();
                let map = styrdok_core::diag::SourceMap::new(path.clone(), text);
                Diagnostic::error(&map.loc(text, line, column), message)
            }
            _ => Diagnostic::error(&d.loc(d.meta.id_at), message),
        }
    }
}

/// Why an image cannot go in a PDF, judged by its first bytes: Typst takes PNG, JPEG,
/// GIF, WebP and SVG.
fn format_problem(asset: &str, bytes: &[u8]) -> Option<String> {
    let ext = asset.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let (name, ok) = match ext.as_deref() {
        Some("png") => ("PNG", bytes.starts_with(b"\x89PNG\r\n\x1a\n")),
        Some("jpg" | "jpeg") => ("JPEG", bytes.starts_with(&[0xff, 0xd8, 0xff])),
        Some("gif") => ("GIF", bytes.starts_with(b"GIF8")),
        Some("webp") => (
            "WebP",
            bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        ),
        Some("svg") => (
            "SVG",
            String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).contains("<svg"),
        ),
        _ => {
            return Some(format!(
                "the image {asset} is not one a PDF can show; use PNG, JPEG, GIF, WebP or SVG"
            ));
        }
    };
    (!ok).then(|| format!("the image {asset} is not a {name} file"))
}

/// Line and column (from 1) of an error in the template.
fn template_position(world: &DocWorld, e: &SourceDiagnostic) -> Option<(u32, u32)> {
    let DiagSpanKind::Number { id, .. } = e.span.get() else {
        return None;
    };
    use typst::WorldExt;
    let range = world.range(e.span)?;
    let source = typst::World::source(world, id).ok()?;
    let line = source.lines().byte_to_line(range.start)?;
    let column = source.lines().byte_to_column(range.start)?;
    Some((line as u32 + 1, column as u32 + 1))
}

/// The PDF's creation date, from the document, never the clock: its `decided`, else
/// its `meeting`, else its file's last commit, else the build's date (`--today`; PDF/A
/// requires a date). The same input gives the same bytes.
fn created(site: &Site, doc: usize) -> Option<Timestamp> {
    let d = &site.docs[doc];
    let committed = || {
        site.history
            .file(&d.source_path)
            .and_then(|f| f.last_changed)
    };
    let date = d
        .meta
        .decided
        .or(d.meta.meeting)
        .or_else(committed)
        .unwrap_or(site.options.today);
    let datetime = Datetime::from_ymd(date.year, date.month, date.day)?;
    Some(Timestamp::new_utc(datetime))
}

/// Whether document `doc` gets a PDF in this build: a published document (never a
/// restricted one; a draft only with `--drafts`) of a type `pdf:` names.
pub fn wanted(site: &Site, doc: usize) -> bool {
    let d = &site.docs[doc];
    site.published[doc] && !d.is_section_index && site.config.pdf.wants(d.meta.doc_type)
}
