//! The Typst world of one document: the template as its only source, the document's
//! data as `/data.json`, its images as `/img/N`, and the fonts embedded in the binary.
//! Nothing is read from disk or the network while typesetting.

use std::sync::Arc;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};

/// What every document's world shares: the standard library, the fonts, the template.
pub struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    template: Source,
}

impl Shared {
    /// `template`: the Typst source every document is set with.
    pub fn new(template: String) -> Shared {
        // Typst's fonts (Libertinus Serif, New Computer Modern, DejaVu Sans Mono), in
        // the binary: a PDF never depends on what the build machine has installed.
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        let book = FontBook::from_fonts(&fonts);
        // `a11y-extras`: row header cells (`pdf.header-cell(scope: "row")`).
        let library = Library::builder()
            .with_features([Feature::A11yExtras].into_iter().collect())
            .build();
        Shared {
            library: LazyHash::new(library),
            book: LazyHash::new(book),
            fonts,
            template: Source::new(file_id("/main.typ"), template),
        }
    }
}

impl Shared {
    pub fn template_text(&self) -> &str {
        self.template.text()
    }
}

/// A path of the virtual project. Ids are interned for the life of the process (at
/// most 2¹⁶), so every document uses the same few names.
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a valid virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// One document's world.
pub struct DocWorld<'a> {
    pub shared: &'a Shared,
    /// `/data.json`.
    pub data: Bytes,
    /// `/img/0.png`, `/img/1.svg`, …: the document's images, read before typesetting.
    pub images: Arc<Vec<Bytes>>,
    pub today: Option<Datetime>,
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.shared.template.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.shared.template.id() {
            Ok(self.shared.template.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.shared.template.id() {
            return Ok(Bytes::from_string(self.shared.template.clone()));
        }
        if id == file_id("/data.json") {
            return Ok(self.data.clone());
        }
        let path = id.vpath().get_without_slash().to_string();
        path.strip_prefix("img/")
            .and_then(|n| n.split('.').next()?.parse::<usize>().ok())
            .and_then(|n| self.images.get(n).cloned())
            .ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
