//! The PDF of a document (`pdf:` in styrdok.yaml; crates/pdf): linked from its page
//! with its size, its text, tags, metadata and fonts read back with poppler's
//! pdftotext, pdfinfo and pdffonts, the same bytes from the same input, drafts only
//! with --drafts and marked on every page, restricted documents never, problems
//! located. The PDF/UA-1 and PDF/A-2a checker runs on the demo in scripts/test.sh.

mod common;
mod harness;
use common::TestSite;
use harness::Site;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use styrdok::Target;
use styrdok::engine::Engine;
use styrdok::text::Date;

const RISK_PDF: &str = "riskanalys/riskanalys.pdf";
const PLAN_PDF: &str = "plan/plan.pdf";

/// Runs a poppler tool on `pdf` (passed on standard input is not supported, so a
/// temporary file), returning what it printed.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(pdf).unwrap();
    let out = Command::new(tool)
        .args(args)
        .arg(file.path())
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils, which scripts/test.sh installs): {e}"));
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A PDF's text, as a reader's copy of it: words split at a line's end by hyphenation
/// joined again, so a canary word is found wherever it was broken.
fn text_of(pdf: &[u8]) -> String {
    poppler("pdftotext", &["-layout"], pdf)
        .replace("-\n", "")
        .replace('\u{ad}', "")
}

fn squeezed(text: &str) -> String {
    text.split_whitespace().collect()
}

fn file<'a>(built: &'a harness::Built, path: &str) -> &'a [u8] {
    built
        .report
        .files
        .get(path)
        .unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn a_document_page_links_its_pdf_with_its_size() {
    let site = Site::fixture("pdf");
    let built = site.build().ok();
    let pdf = file(&built, RISK_PDF);
    assert!(pdf.starts_with(b"%PDF-1.7"), "a PDF 1.7 file");
    let kb = pdf.len().div_ceil(1024);
    let page = built.page("riskanalys/");
    let link =
        format!("<a href=\"/{RISK_PDF}\" type=\"application/pdf\">Ladda ner som PDF, {kb} kB</a>");
    assert!(page.contains(&link), "no {link} in the page");
    // Every published document has one; the restricted one none, the draft none.
    let pdfs: Vec<&String> = built
        .report
        .files
        .keys()
        .filter(|p| p.ends_with(".pdf"))
        .collect();
    assert_eq!(pdfs, vec![PLAN_PDF, RISK_PDF]);
}

#[test]
fn the_pdf_of_a_risk_analysis_holds_its_metadata_rows_and_matrix_in_words() {
    let site = Site::fixture("pdf");
    let built = site.build().ok();
    let text = text_of(file(&built, RISK_PDF));
    // The words in the order of the structure tree (a table cell's lines together).
    let tagged =
        poppler("pdfinfo", &["-struct-text"], file(&built, RISK_PDF)).replace('\u{ad}', "");
    // The running header is an artifact, outside the tree: read from the page text.
    // Each run of text is quoted on a line of its own: the quotes go.
    let flat = squeezed(&tagged.replace('"', "")) + &squeezed(&text);
    for words in [
        "RISKANALYS",
        "Riskanalys för internkontroll 2025",
        "Region Test",
        "Diarienummer RS/123/2024",
        "Beslutat av",
        "Regionstyrelsen",
        "26 november 2024",
        "Version",
        "Giltigt till",
        "31 december 2025",
        "Regionstabschef",
        "Riskmatris",
        // Every row of the register, its score, band and the high-risk marker in words.
        "Bristande följsamhet till attestreglementet",
        "Otillräcklig informationssäkerhet i journalsystemet",
        "Försenad årsredovisning",
        "20 (Hög), Hög risk",
        "12 (Medel)",
        "Saknade behörighetskontroller",
        "Logguppföljning; Utbildning",
        // The body: list, table, footnote.
        "Två risker hanteras i planen.",
        "Punkt två med fet text",
        "Uppföljning",
        "Kommunallag (2017:725), 6 kap. 6 §.",
    ] {
        assert!(
            flat.contains(&squeezed(words)),
            "no “{words}” in the PDF:\n{text}"
        );
    }
    // Page numbers "Sida N (M)" and the diary number in the running header, on every page.
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(
        pages.len() >= 2,
        "the register's landscape page comes after the first"
    );
    for (n, page) in pages.iter().enumerate() {
        let number = format!("Sida {} ({})", n + 1, pages.len());
        assert!(page.contains(&number), "page {} has no “{number}”", n + 1);
        assert!(
            page.contains("Diarienummer RS/123/2024"),
            "page {} has no dnr",
            n + 1
        );
    }
}

#[test]
fn an_overdue_action_is_marked_in_words() {
    let site = Site::fixture("pdf");
    let built = site.build().ok();
    let text = squeezed(&text_of(file(&built, PLAN_PDF)));
    assert!(text.contains(&squeezed("Pågår, FÖRSENAD")), "{text}");
    assert!(text.contains(&squeezed("Planerad")), "{text}");
}

#[test]
fn the_pdf_is_tagged_with_headings_lists_tables_links_and_figures() {
    let site = Site::fixture("pdf");
    let built = site.build().ok();
    let structure = poppler("pdfinfo", &["-struct"], file(&built, RISK_PDF));
    for tag in [
        "H1", "H2", "P", "L", "LI", "Table", "TR", "TH", "TD", "Link", "Figure", "Caption", "Note",
    ] {
        let found = structure.lines().any(|l| {
            let l = l.trim();
            l == tag || l.starts_with(&format!("{tag} ")) || l.starts_with(&format!("{tag}:"))
        });
        assert!(found, "no {tag} in the structure tree:\n{structure}");
    }
    let info = poppler("pdfinfo", &[], file(&built, RISK_PDF));
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(
        info.contains("Title:           Riskanalys för internkontroll 2025"),
        "{info}"
    );
    assert!(info.contains("Creator:         styrdok"), "{info}");
    assert!(
        info.contains("Page size:       595.276 x 841.89 pts (A4)"),
        "{info}"
    );
    let meta = poppler("pdfinfo", &["-meta"], file(&built, RISK_PDF));
    assert!(
        meta.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "PDF/UA-1 identification:\n{meta}"
    );
    assert!(
        meta.contains("<pdfaid:part>2</pdfaid:part>"),
        "PDF/A-2:\n{meta}"
    );
    assert!(
        meta.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
        "{meta}"
    );
    assert!(
        meta.contains("<rdf:li>sv</rdf:li>") || meta.contains(">sv<"),
        "language:\n{meta}"
    );
    let fonts = poppler("pdffonts", &[], file(&built, RISK_PDF));
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        // name type encoding emb sub uni object ID
        let cols: Vec<&str> = row.split_whitespace().collect();
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "a font not embedded: {row}");
    }
}

#[test]
fn links_into_the_site_are_absolute_with_base_url_and_text_without() {
    let site = Site::fixture("pdf");
    let built = site.build().ok();
    let raw = poppler("pdfinfo", &["-url"], file(&built, RISK_PDF));
    assert!(raw.contains("https://intranat.example.se/plan/"), "{raw}");
    assert!(raw.contains("https://lagen.nu/2017:725"), "{raw}");
    let yaml = std::fs::read_to_string(site.root().join("styrdok.yaml")).unwrap();
    let site = site.change_file(
        "styrdok.yaml",
        &yaml.replace("base_url: https://intranat.example.se\n", ""),
    );
    let built = site.build().ok();
    let raw = poppler("pdfinfo", &["-url"], file(&built, RISK_PDF));
    assert!(
        !raw.contains("/plan/"),
        "a site link without base_url: {raw}"
    );
    assert!(raw.contains("https://lagen.nu/2017:725"), "{raw}");
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let site = Site::fixture("pdf");
    let a = site.build().ok();
    let b = site.build().ok();
    for path in [RISK_PDF, PLAN_PDF] {
        assert!(
            file(&a, path) == file(&b, path),
            "{path} differs between two builds"
        );
    }
    // The creation date is the document's decision date, not the clock.
    let info = poppler("pdfinfo", &["-isodates"], file(&a, RISK_PDF));
    assert!(
        info.contains("CreationDate:    2024-11-26T00:00:00"),
        "{info}"
    );
}

#[test]
fn a_draft_gets_a_pdf_only_with_drafts_and_is_marked_on_every_page() {
    let site = Site::fixture("pdf");
    let built = site.build().ok();
    assert!(!built.report.files.contains_key("utkast/utkast.pdf"));
    let site = Site::fixture("pdf").with_drafts();
    let built = site.build().ok();
    let text = text_of(file(&built, "utkast/utkast.pdf"));
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(!pages.is_empty());
    for page in &pages {
        assert!(
            page.contains("UTKAST"),
            "a page without the draft mark:\n{page}"
        );
    }
    assert!(
        text.contains("Utkast: Utkast – inte beslutat och inte publicerat"),
        "{text}"
    );
}

#[test]
fn a_restricted_document_never_gets_a_pdf_and_no_pdf_names_it() {
    for site in [Site::fixture("pdf"), Site::fixture("pdf").with_drafts()] {
        let built = site.build().ok();
        for (path, bytes) in built.report.files.iter() {
            if path.ends_with(".pdf") {
                let text = text_of(bytes);
                assert!(
                    !text.contains("KANARIEHEMLIGPDF"),
                    "{path} names the restricted document"
                );
            }
        }
        assert!(!built.report.files.keys().any(|p| p.contains("hemlig")));
    }
}

#[test]
fn pdf_types_choose_the_documents_and_off_makes_none() {
    let site = Site::fixture("pdf");
    let yaml = std::fs::read_to_string(site.root().join("styrdok.yaml")).unwrap();
    let only_plans = yaml.replace("types: all", "types: [action-plan]");
    let site = site.change_file("styrdok.yaml", &only_plans);
    let built = site.build().ok();
    let pdfs: Vec<&String> = built
        .report
        .files
        .keys()
        .filter(|p| p.ends_with(".pdf"))
        .collect();
    assert_eq!(pdfs, vec![PLAN_PDF]);
    assert!(!built.page("riskanalys/").contains("Ladda ner som PDF"));
    let site = Site::fixture("pdf");
    let off = yaml.replace("pdf:\n  types: all\n  paper: a4\n  archive: pdf/a-2\n", "");
    let site = site.change_file("styrdok.yaml", &off);
    let built = site.build().ok();
    assert!(!built.report.files.keys().any(|p| p.ends_with(".pdf")));
}

#[test]
fn a_bad_pdf_configuration_is_a_located_error() {
    let site = Site::fixture("pdf");
    let yaml = std::fs::read_to_string(site.root().join("styrdok.yaml")).unwrap();
    let bad = yaml
        .replace("types: all", "types: [risk-analysis, rapport]")
        .replace("paper: a4", "paper: a6")
        .replace("archive: pdf/a-2", "archive: pdf/a-3");
    let site = site.change_file("styrdok.yaml", &bad);
    let built = site.build();
    let d = built.diagnostics();
    assert!(
        d.contains("styrdok.yaml:9:26: error: `pdf.types` must list document types"),
        "{d}"
    );
    assert!(
        d.contains(
            "styrdok.yaml:10:10: error: `pdf.paper` must be one of a4, a3, a5, letter, found `a6`"
        ),
        "{d}"
    );
    assert!(
        d.contains(
            "styrdok.yaml:11:12: error: `pdf.archive` must be one of pdf/a-2, off, found `pdf/a-3`"
        ),
        "{d}"
    );
}

#[test]
fn an_error_in_a_site_template_is_located_in_it() {
    let site = Site::fixture("pdf").change_file(
        "templates/document.typ",
        "#let data = json(\"/data.json\")\n#set document(title: data.title)\n#text(lang: \"sv\")[#data.title]\n#undefined-function()\n",
    );
    let built = site.build();
    let d = built.diagnostics();
    assert!(d.contains("templates/document.typ:4:2: error: cannot typeset the PDF: unknown variable: undefined-function"), "{d}");
}

#[test]
fn an_image_that_is_not_one_is_an_error_at_the_image() {
    let site = Site::fixture("pdf").change_file("content/schema.png", "inte en bild");
    let built = site.build();
    let d = built.diagnostics();
    assert!(
        d.contains("content/riskanalys.md:60:1: error: the image schema.png is not a PNG file"),
        "{d}"
    );
}

#[test]
fn an_image_without_alternative_text_is_decoration() {
    let site = Site::fixture("pdf");
    let text = std::fs::read_to_string(site.root().join("content/riskanalys.md")).unwrap();
    let site = site.change_file(
        "content/riskanalys.md",
        &text.replace("![Organisationsschema för ekonomistaben]", "![]"),
    );
    let built = site.build().ok();
    let structure = poppler("pdfinfo", &["-struct"], file(&built, RISK_PDF));
    assert!(!structure.contains("Figure"), "{structure}");
}

#[test]
fn serve_retypesets_only_the_changed_document() {
    let site = Site::fixture("pdf");
    let today = Date::parse(harness::TODAY).unwrap();
    let mut engine = Engine::new(site.root(), false, today);
    let first = engine.full(&Target::Memory);
    assert!(!first.has_errors());
    let path = site.root().join("content/plan.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("Planen följer", "Planen, reviderad, följer"),
    )
    .unwrap();
    let (report, _) = engine.update(&[PathBuf::from("content/plan.md")]);
    assert!(!report.has_errors());
    // The risk analysis's PDF is the very same bytes (kept, not typeset again); the
    // plan's is new and says what the edit says.
    assert!(std::sync::Arc::ptr_eq(
        &first.files[RISK_PDF],
        &report.files[RISK_PDF]
    ));
    assert!(text_of(&report.files[PLAN_PDF]).contains("Planen, reviderad, följer"));
    let full = Engine::new(site.root(), false, today).full(&Target::Memory);
    assert_eq!(report.files, full.files, "incremental ≡ full");
}

/// Every PDF a build of `site` wrote, by path, with its bytes.
fn pdfs_of(site: &TestSite) -> Vec<(String, Vec<u8>)> {
    let mut pdfs = site.output_files();
    pdfs.retain(|(path, _)| path.ends_with(".pdf"));
    pdfs
}

/// Two processes hash differently (a map's order, an address): their PDFs must not.
#[test]
fn two_processes_give_the_same_bytes() {
    let site = TestSite::from_fixture("pdf");
    site.build().assert_ok();
    let a = pdfs_of(&site);
    site.build().assert_ok();
    let b = pdfs_of(&site);
    assert!(a.len() >= 2, "{} PDFs", a.len());
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{path} differs between two processes");
    }
}

/// Typst's PDF writer waits with `rayon::yield_now`, which ran other documents' pages
/// and PDFs nested on the waiting thread's stack until it overflowed (1,000 documents
/// at the default 2 MiB stack). With the build's threads given a quarter of that,
/// 150 documents were enough to abort the process.
#[test]
fn many_pdfs_never_nest_on_one_stack() {
    let site = TestSite::from_fixture("pdf");
    for i in 0..150 {
        site.write(
            &format!("content/massa/dokument-{i}.md"),
            &format!(
                "---\ntitle: Dokument {i}\ntype: strategy\nstatus: decided\n---\n\n\
                 # Avsnitt\n\nText om patientsäkerhet, *betonad* och [länkad](https://example.se).\n"
            ),
        );
    }
    let small_stack = (512 * 1024).to_string();
    site.run_with_env(
        &["build", "--today", "2025-01-15"],
        &[("RUST_MIN_STACK", &small_stack)],
    )
    .assert_ok();
    let massa = pdfs_of(&site)
        .into_iter()
        .filter(|(path, _)| path.starts_with("massa/"))
        .count();
    assert_eq!(massa, 150);
}
