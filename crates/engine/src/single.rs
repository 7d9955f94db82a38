//! One document through the whole pipeline — load, graph, validation, rendering of
//! every page — in memory, with no site folder. For the fuzz targets (fuzz/) and for
//! tests that want to feed the generator arbitrary bytes: whatever the input, this
//! returns diagnostics or pages and never panics.

use crate::request::{BuildReport, Target, Timer};
use crate::{Change, failed, render_pages};
use std::path::{Path, PathBuf};
use styrdok_config::Config;
use styrdok_core::diag::{self, Severity};
use styrdok_core::text::Date;
use styrdok_graph::{BuildOptions, Site};
use styrdok_load::{self as load, SourceFile};
use styrdok_output::Output;
use styrdok_render::templates::Templates;
use styrdok_validate as validate;

/// A configuration that switches on what the rules depend on (areas as a closed list,
/// responsibles with aliases, a treatment list), so fuzzed documents reach those rules.
pub const FUZZ_CONFIG: &str = "title: Fuzz\n\
organisation: Region Test\n\
areas: [Arbetsmiljö, Vård, Ekonomi]\n\
responsibles:\n  Regionstabschef:\n    aliases: [Regionstabschefen]\n";

/// Renders `document` (the bytes of `content/doc.md`) with [`FUZZ_CONFIG`].
pub fn render_single(document: &[u8]) -> BuildReport {
    render_single_with(
        FUZZ_CONFIG,
        document,
        Date::parse("2025-01-15").expect("date"),
    )
}

/// Renders `document` as `content/doc.md` of a site configured by `config_yaml`, all in
/// memory. The report holds every diagnostic; when there are no errors, every output
/// file with its bytes.
pub fn render_single_with(config_yaml: &str, document: &[u8], today: Date) -> BuildReport {
    let (config, mut diagnostics) = match Config::parse(config_yaml) {
        Ok(c) => c,
        Err(errors) => return failed(errors),
    };
    let file = SourceFile {
        abs: PathBuf::from("content/doc.md"),
        source_path: "content/doc.md".into(),
        content_path: "doc.md".into(),
    };
    let (doc, load_diagnostics) = load::load_document(&file, document, &config);
    diagnostics.extend(load_diagnostics);
    // A path below a file can never be a folder, so no site templates, theme or static
    // files are found there: only the built-in theme is used, whatever the machine holds.
    let nowhere = Path::new("/dev/null/styrdok-single");
    let options = BuildOptions::new(true, today);
    let site = Site::new(
        config,
        options,
        doc.into_iter().map(std::sync::Arc::new).collect(),
        Default::default(),
    );
    diagnostics.extend(validate::validate(&site));
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return failed(diagnostics);
    }
    let templates = match Templates::new(nowhere, &site.config.theme) {
        Ok(t) => t,
        Err(d) => {
            diagnostics.push(d);
            return failed(diagnostics);
        }
    };
    let out = Output::in_memory();
    // The engine's own stages from here: search index, pages, output.
    let whole = Change {
        paths: &[],
        previous: None,
        fast: false,
        shape: Vec::new(),
    };
    let problems = render_pages(
        nowhere,
        &site,
        &templates,
        &out,
        &Target::Memory,
        whole,
        &mut Timer::from_env(),
    )
    .problems;
    diagnostics.extend(problems);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return failed(diagnostics);
    }
    let pages = out.file_count();
    let files = out.commit().map(|c| c.files).unwrap_or_default();
    diag::sort(&mut diagnostics);
    BuildReport {
        diagnostics,
        files: files.into(),
        pages,
        documents: site.published.iter().filter(|p| **p).count(),
        output_lost: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_renders_in_memory() {
        let report = render_single(b"---\ntitle: Hej\ntype: risk-analysis\n---\n# Rubrik\n");
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        let page = String::from_utf8_lossy(&report.files["doc/index.html"]).into_owned();
        assert!(page.contains("<h1>Hej</h1>"));
    }

    #[test]
    fn garbage_gives_located_errors() {
        for input in [&b"\xff\xfe"[..], b"", b"---\n", b"---\n[\n---\n"] {
            let report = render_single(input);
            assert!(report.has_errors());
            assert!(
                report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .all(|d| d.path == "content/doc.md"),
                "{:?}",
                report.diagnostics
            );
        }
    }
}
