//! Audiences: the public extract (`--audience public`) holds only what is classified
//! public — no internal document, masked section or masked row reaches any byte of it —
//! and the intranet site shows internal sections marked, restricted ones never. Proven
//! with canary words: every internal word starts KANARIEINTERN, every restricted one
//! KANARIEHEMLIG, and public ones KANARIEOFFENTLIG.

mod harness;
use harness::Site;
use std::io::Read;

/// Every output file's text, gzip-compressed ones (the search shards) unpacked.
fn every_text(built: &harness::Built) -> Vec<(String, String)> {
    built
        .report
        .files
        .iter()
        .map(|(path, bytes)| {
            if bytes.starts_with(b"%PDF") {
                return (path.clone(), pdf_text(bytes));
            }
            let bytes: Vec<u8> = if bytes.starts_with(&[0x1f, 0x8b]) {
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(&bytes[..])
                    .read_to_end(&mut out)
                    .unwrap_or_else(|e| panic!("{path}: {e}"));
                out
            } else {
                bytes.to_vec()
            };
            (path.clone(), String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect()
}

/// A PDF's text (pdftotext, from poppler-utils), words broken by hyphenation joined
/// and all spacing dropped, so a canary word is found however it was set.
fn pdf_text(bytes: &[u8]) -> String {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    std::io::Write::write_all(&mut file, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(file.path())
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, which scripts/test.sh installs)");
    if !out.status.success() {
        // Not a PDF poppler reads (an attachment of the fixture): its bytes as text.
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let text = String::from_utf8_lossy(&out.stdout)
        .replace("-\n", "")
        .replace('\u{ad}', "");
    text.split_whitespace().collect()
}

/// The files holding `word`, case-insensitively (search terms are lower case).
fn holding(files: &[(String, String)], word: &str) -> Vec<String> {
    let word = word.to_lowercase();
    files
        .iter()
        .filter(|(_, text)| text.to_lowercase().contains(&word))
        .map(|(p, _)| p.clone())
        .collect()
}

const INTERNAL_WORDS: &[&str] = &[
    "KANARIEINTERNRAD",
    "KANARIEINTERNRADKONSEKVENS",
    "KANARIEINTERNANSVARIG",
    "KANARIEINTERNOMRADE",
    "KANARIEINTERNRUBRIK",
    "KANARIEINTERNSEKTION",
    "KANARIEINTERNATGARD",
    "KANARIEINTERNSEKTIONSANSVARIG",
    "KANARIEINTERNBILAGA",
    "KANARIEINTERNDOK",
    "KANARIEINTERNDOKAGARE",
    "KANARIEINTERNDOKTEXT",
    "KANARIEINTERNDOKAKTIVITET",
];

const RESTRICTED_WORDS: &[&str] = &[
    "KANARIEHEMLIGRAD",
    "KANARIEHEMLIGSEKTION",
    "KANARIEHEMLIGDOK",
    "KANARIEHEMLIGDOKTEXT",
];

#[test]
fn the_public_extract_holds_no_byte_of_internal_or_restricted_material() {
    let site = Site::fixture("audiences").for_audience("public");
    let built = site.build().ok();
    let files = every_text(&built);
    // The search index is read unpacked: a public word is found in it.
    let public = holding(&files, "KANARIEOFFENTLIGSLUT");
    assert!(public.iter().any(|p| p.starts_with("sok/")), "{public:?}");
    assert!(public.contains(&"riskanalys/index.html".to_string()));
    // The PDFs are read too (as text): a public word is found in one.
    assert!(
        public.contains(&"riskanalys/riskanalys.pdf".to_string()),
        "{public:?}"
    );
    for word in INTERNAL_WORDS.iter().chain(RESTRICTED_WORDS) {
        assert_eq!(holding(&files, word), Vec::<String>::new(), "{word}");
    }
    assert!(
        !files.iter().any(|(p, _)| p.contains("bilaga")),
        "the internal section's attachment"
    );
}

#[test]
fn the_intranet_shows_internal_material_and_never_restricted() {
    let site = Site::fixture("audiences");
    let built = site.build().ok();
    let files = every_text(&built);
    for word in INTERNAL_WORDS {
        assert!(
            !holding(&files, word).is_empty(),
            "{word} is on the intranet"
        );
    }
    // The intranet's PDF of the analysis shows its internal rows and section.
    let pdf = holding(&files, "KANARIEINTERNSEKTION");
    assert!(
        pdf.contains(&"riskanalys/riskanalys.pdf".to_string()),
        "{pdf:?}"
    );
    for word in RESTRICTED_WORDS {
        assert_eq!(holding(&files, word), Vec::<String>::new(), "{word}");
    }
}

#[test]
fn masked_sections_and_rows_are_marked_in_words() {
    let public = Site::fixture("audiences").for_audience("public");
    let built = public.build().ok();
    let main = built.main("riskanalys/");
    assert!(main.contains("<strong>Uppgifter har maskerats</strong>. Skäl: 18 kap. 13 § OSL."));
    assert!(main.contains("<strong>Uppgifter har maskerats</strong>. Skäl: Säkerhetsskydd."));
    assert!(main.contains("2 rader har maskerats"), "{main}");
    built.check_main("riskanalys/");

    let intranet = Site::fixture("audiences");
    let built = intranet.build().ok();
    let main = built.main("riskanalys/");
    assert!(main.contains("Intern uppgift – visas inte i den offentliga versionen"));
    assert!(main.contains("Skäl: 18 kap. 13 § OSL."));
    assert!(main.contains("1 rad har maskerats"), "{main}");
    built.check_main("riskanalys/");
}

#[test]
fn links_across_the_line_are_plain_text_marked_and_warned_of() {
    let site = Site::fixture("audiences").for_audience("public");
    let built = site.build().ok();
    let main = built.main("riskanalys/");
    assert!(
        main.contains("den interna planen (intern handling)"),
        "{main}"
    );
    assert!(!main.contains("href=\"/plan/"), "{main}");
    let diagnostics = built.diagnostics();
    assert!(
        diagnostics.contains(
            "content/riskanalys.md:12:4: warning: links to the internal document content/plan.md, which the `public` audience does not see"
        ),
        "{diagnostics}"
    );
    assert!(
        diagnostics.contains(
            "content/riskanalys.md:12:52: warning: links to `#risk-2` of content/riskanalys.md, a masked part this audience (`public`) does not see"
        ),
        "{diagnostics}"
    );
    // On the intranet the same links are links.
    let intranet = Site::fixture("audiences");
    let built = intranet.build().ok();
    assert!(built.main("riskanalys/").contains("href=\"/plan/\""));
}

#[test]
fn the_views_of_the_public_extract_count_public_rows_only() {
    let site = Site::fixture("audiences").for_audience("public");
    let built = site.build().ok();
    // Responsibles: the internal rows' and the internal document's are gone.
    let people = built.main("ansvariga/");
    assert!(people.contains("Säkerhetschef"));
    let csv = String::from_utf8_lossy(&built.report.files["export/risker.csv"]).into_owned();
    assert_eq!(
        csv.lines().count(),
        3,
        "header and the two public risks: {csv}"
    );
    assert!(
        !csv.contains("risk-2"),
        "a masked row named as previous: {csv}"
    );
    assert!(!built.report.files.contains_key("plan/index.html"));
}

#[test]
fn an_unknown_audience_is_an_error_naming_the_audiences() {
    let site = Site::fixture("audiences").for_audience("press");
    let built = site.build();
    assert!(built.report.has_errors());
    assert_eq!(
        built.report.diagnostics[0].message,
        "there is no audience `press`; the audiences are internal, public"
    );
}

#[test]
fn audiences_are_configured_with_located_errors() {
    let site = Site::fixture("audiences").change_file(
        "styrdok.yaml",
        "title: T\naudiences:\n  public:\n    includes: [public, restricted]\n    output: ../ut\n    colour: red\n",
    );
    let built = site.build();
    let d = built.diagnostics();
    assert!(
        d.contains("styrdok.yaml:4:24: error: `restricted` material is published to no audience"),
        "{d}"
    );
    assert!(
        d.contains("styrdok.yaml:5:13: error: `output` must be a folder inside the site"),
        "{d}"
    );
    assert!(
        d.contains("styrdok.yaml:6:5: error: unknown key `colour` in `audiences.public`"),
        "{d}"
    );
}

#[test]
fn a_trend_from_a_masked_row_is_a_warning_not_an_error() {
    let site = Site::fixture("audiences").for_audience("public");
    let built = site.build().ok();
    let d = built.diagnostics();
    assert!(
        d.contains("content/riskanalys-2025.md:15:13: warning: `previous` names `rsa-2024#risk-2`, a masked row this audience (`public`) does not see"),
        "{d}"
    );
    let intranet = Site::fixture("audiences");
    let built = intranet.build().ok();
    assert!(!built.diagnostics().contains("`previous` names"));
}

#[test]
fn no_message_suggests_an_unpublished_document_or_its_anchors() {
    let site = Site::fixture("audiences").change_file(
        "content/fel.md",
        "---\ntitle: Fel\nclassification: public\n---\n[[hemlik]] [[hemlig.md]] [x](hemlig.md#rubrk)\n",
    );
    let built = site.build();
    let d = built.diagnostics();
    assert!(
        d.contains("content/fel.md:5:1: error: broken link: no document has the id `hemlik`"),
        "{d}"
    );
    assert!(!d.contains("`[[hemlig]]`"), "{d}");
    assert!(!d.contains("did you mean `[[hemlig"), "{d}");
}

/// Hostile input: a block of 20,000 masked rows. Each row's lines are found through the
/// document's line index (quadratic before: 21 s in a release build, now 0.4 s).
#[test]
fn a_block_of_many_masked_rows_is_masked_row_by_row() {
    let rows: String = (1..=20_000)
        .map(|i| format!("- id: {i}\n  risk: KANARIEINTERNRAD{i}\n  likelihood: 2\n  severity: 3\n  treatment: begränsa\n  classification: internal\n"))
        .collect();
    let site = Site::empty("many-masked-rows")
        .change_file("styrdok.yaml", "title: T\n")
        .change_file(
            "content/a.md",
            &format!("---\ntitle: A\nclassification: public\n---\n```risks\n{rows}```\n"),
        )
        .for_audience("public");
    let built = site.build().ok();
    let files = every_text(&built);
    assert_eq!(holding(&files, "KANARIEINTERNRAD"), Vec::<String>::new());
    assert!(built.main("a/").contains("20000 rader har maskerats"));
}
