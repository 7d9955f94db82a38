//! `styrdok import document(s)`: Word documents written here from their XML parts,
//! one mapping per test (body, case header, record tables, pictures, tracked
//! changes), each imported into a small site that must then build; and one test per
//! class of bad input, asserting its message and that nothing was written.

mod common;
use common::*;
use std::io::Write;
use std::path::Path;

use common::{Ran as Run, styrdok_in as styrdok};

fn warnings(run: &Run) -> Vec<&str> {
    problem_lines(&run.stderr)
}

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#;

const STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="heading 2"/></w:style>
<w:style w:type="paragraph" w:styleId="Liststycke"><w:name w:val="List Paragraph"/></w:style>
</w:styles>"#;

const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="lowerLetter"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"#;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82";

/// A zip of (name, bytes) parts, deflated as Word writes them.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        out.start_file(*name, options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A .docx of a body's XML, its relationships (`<Relationship …/>` elements) and
/// further parts.
fn docx(body: &str, rels: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>{rels}</Relationships>"#
    );
    let mut parts: Vec<(&str, &[u8])> = vec![
        (
            "[Content_Types].xml",
            br#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
        ("word/document.xml", document.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
        ("word/styles.xml", STYLES.as_bytes()),
        ("word/numbering.xml", NUMBERING.as_bytes()),
    ];
    parts.extend_from_slice(extra);
    zip_of(&parts)
}

fn p(style: &str, runs: &str) -> String {
    let ppr = if style.is_empty() {
        String::new()
    } else {
        format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#)
    };
    format!("<w:p>{ppr}{runs}</w:p>")
}

fn r(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

fn item(num: u8, level: u8, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="Liststycke"/><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>{}</w:p>"#,
        r(text)
    )
}

fn cell(text: &str) -> String {
    let paras: String = text.split('\n').map(|t| p("", &r(t))).collect();
    format!("<w:tc>{paras}</w:tc>")
}

fn table(rows: &[&[&str]]) -> String {
    let rows: String = rows
        .iter()
        .map(|row| {
            format!(
                "<w:tr>{}</w:tr>",
                row.iter().map(|c| cell(c)).collect::<String>()
            )
        })
        .collect();
    format!("<w:tbl>{rows}</w:tbl>")
}

/// A site to import into; `build` must then pass with no error.
fn site() -> TestSite {
    TestSite::from_files(&[("styrdok.yaml", "title: Import\n")])
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// Imports `name` into content/NAME.md of the site, asserts it builds, and returns
/// the document's text and the run.
fn import_and_build(site: &TestSite, name: &str, args: &[&str]) -> (String, Run) {
    let out = format!("content/{}.md", name.trim_end_matches(".docx"));
    let mut all = vec!["import", "document", name, "--output", out.as_str()];
    all.extend_from_slice(args);
    let run = styrdok(site.root(), &all);
    assert!(run.success, "{}", run.stderr);
    let text = std::fs::read_to_string(site.root().join(&out)).unwrap();
    let build = site.build();
    assert!(build.success, "{text}\n{}", build.stderr);
    assert!(!build.stderr.contains(": error: "), "{}", build.stderr);
    (text, run)
}

fn body_document() -> Vec<u8> {
    let body = [
        p("Rubrik", &r("Handlingsplan för patientsäkerhet")),
        p("", ""),
        p("Rubrik1", &r("Bakgrund")),
        p(
            "",
            &format!(
                r#"{}<w:r><w:rPr><w:b/></w:rPr><w:t>fetstil</w:t></w:r>{}<w:r><w:rPr><w:i/></w:rPr><w:t>kursiv</w:t></w:r>{}<w:hyperlink r:id="rIdLink">{}</w:hyperlink>{}<w:r><w:footnoteReference w:id="1"/></w:r>"#,
                r("Text med "),
                r(" och "),
                r(" och en "),
                r("länk"),
                r(".")
            ),
        ),
        p("Rubrik2", &r("Upp\u{ad}följ\u{ad}ning")),
        item(1, 0, "Första punkten"),
        item(1, 1, "Underpunkt"),
        item(1, 0, "Andra punkten"),
        item(2, 0, "Numrerad ett"),
        item(2, 0, "Numrerad två"),
        p(
            "",
            &format!(
                r#"{}<w:ins w:id="1" w:author="A">{}</w:ins><w:del w:id="2" w:author="A"><w:r><w:delText>bort</w:delText></w:r></w:del><w:r><w:br w:type="page"/></w:r>{}"#,
                r("Ändrad"),
                r(" text"),
                r("\u{a0}5\u{a0}§ 2021. * inte lista")
            ),
        ),
        p("", r#"<w:hyperlink w:anchor="_Toc1"><w:r><w:t>intern länk</w:t></w:r></w:hyperlink>"#),
        table(&[&["Område", "Kommentar"], &["Vård | omsorg", "Bra"]]),
        p(
            "",
            r#"<w:r><w:drawing><wp:inline><wp:docPr id="1" name="Bild 1" descr="Karta över länet"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rIdImg"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#,
        ),
        p(
            "",
            r#"<w:r><w:drawing><wp:inline><wp:docPr id="2" name="Bild 2"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rIdImg"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#,
        ),
    ]
    .concat();
    let rels = r#"<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.socialstyrelsen.se/patientsakerhet" TargetMode="External"/><Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>"#;
    let footnotes = format!(
        r#"<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>{}</w:p></w:footnote></w:footnotes>"#,
        r(" Nationell handlingsplan 2020–2024.")
    );
    docx(
        &body,
        rels,
        &[
            ("word/footnotes.xml", footnotes.as_bytes()),
            ("word/media/image1.png", PNG),
        ],
    )
}

#[test]
fn the_body_maps_headings_lists_formatting_links_notes_tables_and_pictures() {
    let site = site();
    write(site.root(), "plan.docx", &body_document());
    let printed = styrdok(site.root(), &["import", "document", "plan.docx"]);
    assert!(printed.success, "{}", printed.stderr);
    let expected = "---
title: Handlingsplan för patientsäkerhet
type: action-plan
---

## Bakgrund

Text med **fetstil** och *kursiv* och en [länk](https://www.socialstyrelsen.se/patientsakerhet).[^1]

### Uppföljning

- Första punkten
  - Underpunkt
- Andra punkten
1. Numrerad ett
2. Numrerad två

Ändrad text 5 § 2021. \\* inte lista

intern länk

| Område | Kommentar |
| --- | --- |
| Vård \\| omsorg | Bra |

![Karta över länet](plan-1.png)

![](plan-1.png)

[^1]: Nationell handlingsplan 2020–2024.
";
    assert_eq!(printed.stdout, expected);
    assert_eq!(
        warnings(&printed),
        [
            "plan.docx:paragraph 12: warning: a link to a place in the document (bookmark `_Toc1`) is kept as text: link to a heading's anchor instead",
            "plan.docx:paragraph 14: warning: a picture without alternative text: write one (in Word: Edit Alt Text), or the page fails readers of screen readers",
            "plan.docx: warning: 1 picture(s) are not saved when the document is printed; give --output to save them next to it",
        ]
    );
    let (text, run) = import_and_build(&site, "plan.docx", &[]);
    assert_eq!(text, expected);
    assert!(
        run.stderr
            .contains("wrote content/plan.md from plan.docx: type action-plan"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(site.root().join("content/plan-1.png")).unwrap(),
        PNG
    );
    let page = site.read("plan/index.html");
    assert!(page.contains("<strong>fetstil</strong>"), "{page}");
    assert!(page.contains("alt=\"Karta över länet\""), "{page}");
    // Never overwritten: a second import fails and leaves the file as it was.
    let again = styrdok(
        site.root(),
        &[
            "import",
            "document",
            "plan.docx",
            "--output",
            "content/plan.md",
        ],
    );
    assert!(!again.success);
    assert!(
        again
            .stderr
            .contains("content/plan.md: error: the file exists; styrdok never overwrites"),
        "{}",
        again.stderr
    );
}

/// The safety-report case of the source documents: its header table, title, Dnr line.
fn case_document() -> Vec<u8> {
    let header = table(&[
        &["ÄRENDE TILL", "SAMMANTRÄDESDATUM", ""],
        &["Regionstyrelsen", "2021-03-30", "Sida 1 (2)"],
        &["ANSVARIG AVDELNING", "DOKUMENT-ID", "VERSION"],
        &[
            "[Gäller för verksamhet]",
            "ARBGRP583-382524020-1138",
            "0.13",
        ],
        &["ANSVARIG CHEF", "HANDLÄGGARE", ""],
        &["Anneli Granberg", "Rickard Stewén", ""],
    ]);
    let body = [
        header,
        p(
            "",
            r#"<w:r><w:rPr><w:b/></w:rPr><w:t>Säkerhetsberättelse 2020</w:t></w:r>"#,
        ),
        p("", &r("Dnr 334-2021")),
        p("Rubrik1", &r("Förslag till beslut")),
        p("", &r("Regionstyrelsen beslutar att:")),
        item(2, 0, "Ge regiondirektören i uppdrag att se över målen."),
        item(2, 0, "Lägga säkerhetsberättelsen till handlingarna."),
        p("", &r("Beslutad av Regionstyrelsen den 30 mars 2021, § 45")),
    ]
    .concat();
    let core = r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Mall för tjänsteskrivelse</dc:title><dc:subject>Årlig säkerhetsberättelse</dc:subject><cp:keywords>säkerhet, internkontroll</cp:keywords></cp:coreProperties>"#;
    docx(&body, "", &[("docProps/core.xml", core.as_bytes())])
}

#[test]
fn a_case_header_dnr_and_decision_line_make_the_front_matter() {
    let site = site();
    write(site.root(), "arende.docx", &case_document());
    let (text, run) = import_and_build(&site, "arende.docx", &[]);
    assert_eq!(
        text,
        "---
title: Säkerhetsberättelse 2020
type: decision
summary: Årlig säkerhetsberättelse
decided_by: Regionstyrelsen
decided: 2021-03-30
dnr: \"334-2021\"
document_number: ARBGRP583-382524020-1138
version: \"0.13\"
meeting: 2021-03-30
manager: Anneli Granberg
case_officer: Rickard Stewén
tags:
  - säkerhet
  - internkontroll
---

## Förslag till beslut

Regionstyrelsen beslutar att:

1. Ge regiondirektören i uppdrag att se över målen.
2. Lägga säkerhetsberättelsen till handlingarna.
"
    );
    assert_eq!(
        warnings(&run),
        [
            "arende.docx:table 1: warning: the case header's ANSVARIG AVDELNING holds the template's placeholder `[Gäller för verksamhet]`; it is left out"
        ]
    );
    // Another type: the decision's own keys are left out, with a warning.
    let printed = styrdok(
        site.root(),
        &[
            "import",
            "document",
            "arende.docx",
            "--type",
            "safety-report",
        ],
    );
    assert!(printed.stdout.contains("type: safety-report\n"));
    assert!(!printed.stdout.contains("meeting:"));
    assert!(printed.stderr.contains("arende.docx: warning: meeting, manager, case_officer from the case header are left out: only a document of type `decision` shows them"), "{}", printed.stderr);
    let bad = styrdok(
        site.root(),
        &["import", "document", "arende.docx", "--type", "memo"],
    );
    assert!(!bad.success);
    assert!(
        bad.stderr.contains("`memo` is not a document type"),
        "{}",
        bad.stderr
    );
}

fn register_document() -> Vec<u8> {
    let risks = table(&[
        &[
            "ID",
            "Beskrivning av risk",
            "Sanno-\nlikhet 1-5",
            "Allvarlig\u{ad}hetsgrad 1-5",
            "Riskpoäng",
            "Hantering av risk",
            "Ansvarig för genomförandet",
        ],
        &[
            "5",
            "Regionen klarar inte sin verksamhet vid kris",
            "5",
            "5",
            "25",
            "begränsa",
            "Beredskapschef",
        ],
        &[
            "7",
            "Hot och våld mot anställda",
            "2",
            "3",
            "8",
            "behålla",
            "HR\nHospa-chef",
        ],
        &["Lösenord: hemligt", "", "", "", "", "", ""],
    ]);
    let activities = table(&[
        &["Aktivitet", "Mål", "Metod/\nDatakälla", "Ansvarig"],
        &[
            "Ta fram analysresultat av vårdskadeläget",
            "Alla verksamheter följer upp händelser",
            "MedControl\nLex Maria",
            "LSG-patientsäkerhet\nAlla verksamheter",
        ],
    ]);
    let body = [
        p("Rubrik", &r("Riskanalys 2023")),
        risks,
        p("", &r("Aktiviteter:")),
        activities,
    ]
    .concat();
    docx(&body, "", &[])
}

#[test]
fn register_tables_become_record_blocks_checked_as_the_spreadsheet_import_checks() {
    let site = site();
    write(site.root(), "register.docx", &register_document());
    let (text, run) = import_and_build(&site, "register.docx", &[]);
    assert_eq!(
        text,
        "---
title: Riskanalys 2023
type: risk-analysis
---

```risks
- id: 5
  risk: Regionen klarar inte sin verksamhet vid kris
  likelihood: 5
  severity: 5
  score: 25
  treatment: begränsa
  responsible: Beredskapschef

- id: 7
  risk: Hot och våld mot anställda
  likelihood: 2
  severity: 3
  treatment: behålla
  responsible:
    - HR
    - Hospa-chef
```

Aktiviteter:

```activities
- activity: Ta fram analysresultat av vårdskadeläget
  goal: Alla verksamheter följer upp händelser
  method:
    - MedControl
    - Lex Maria
  responsible:
    - LSG-patientsäkerhet
    - Alla verksamheter
```
"
    );
    assert_eq!(
        warnings(&run),
        [
            "register.docx:table 1 row 3: warning: the score is 8, but likelihood × severity is 2 × 3 = 6; the score is left out (it is computed)",
            "register.docx:table 1 row 4: warning: row skipped: it has no risk text, likelihood or severity",
        ]
    );
    assert!(
        run.stderr.contains("risks (2 rows), activities (1 rows)"),
        "{}",
        run.stderr
    );
    let page = site.read("register/index.html");
    assert!(page.contains("id=\"risk-5\""), "{page}");
    assert!(page.contains("id=\"activity-1\""), "{page}");
}

#[test]
fn a_folder_is_imported_without_overwriting_and_ends_with_a_summary() {
    let site = site();
    let words = site.root().join("word");
    std::fs::create_dir_all(&words).unwrap();
    write(&words, "Handlingsplan 2024.docx", &body_document());
    write(&words, "Ärende RS.docx", &case_document());
    write(
        &words,
        "gammal.doc",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest of an old file",
    );
    write(&words, "~$ndlingsplan 2024.docx", b"lock");
    site.write(
        "content/dokument/register.md",
        "---\ntitle: Finns redan\n---\n",
    );
    write(&words, "register.docx", &register_document());
    let run = styrdok(
        site.root(),
        &["import", "documents", "word", "--into", "content/dokument"],
    );
    assert!(!run.success, "a file failed: {}", run.stderr);
    assert!(
        run.stderr
            .contains("word/gammal.doc: error: this is a Word 97–2003 document (.doc)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("word/register.docx: warning: content/dokument/register.md exists and is not overwritten; the file is skipped"), "{}", run.stderr);
    assert!(
        run.stderr.ends_with("imported 2 of 4 Word document(s) from word into content/dokument: 1 skipped, 1 failed, 3 warning(s)\n"),
        "{}",
        run.stderr
    );
    let dir = site.root().join("content/dokument");
    assert!(dir.join("handlingsplan-2024.md").is_file());
    assert!(dir.join("handlingsplan-2024-1.png").is_file());
    assert!(dir.join("arende-rs.md").is_file());
    assert_eq!(
        std::fs::read_to_string(dir.join("register.md")).unwrap(),
        "---\ntitle: Finns redan\n---\n"
    );
    let build = site.build();
    assert!(
        build.success && !build.stderr.contains(": error: "),
        "{}",
        build.stderr
    );
}

/// Each bad input: its message, a failed run, and nothing written.
#[test]
fn bad_input_is_a_clear_error_and_nothing_is_written() {
    let site = site();
    let encrypted = {
        let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
        ole.extend(vec![0u8; 512]);
        ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        ole
    };
    let good = body_document();
    let truncated = good[..good.len() / 2].to_vec();
    // 40 MiB of spaces deflate to a few tens of kilobytes.
    let bomb = docx(&" ".repeat(40 << 20), "", &[]);
    let macros = docx(&p("", &r("makro")), "", &[("word/vbaProject.bin", b"VBA")]);
    let workbook = zip_of(&[
        ("xl/workbook.xml", b"<workbook/>"),
        ("[Content_Types].xml", b"<Types/>"),
    ]);
    let not_xml = docx("<w:p><w:r>", "", &[]);
    let cases: [(&str, Vec<u8>, &str); 7] = [
        (
            "text.docx",
            "Det här är ingen Word-fil.".as_bytes().to_vec(),
            "not a Word document (.docx): the file is not a zip package",
        ),
        (
            "kort.docx",
            truncated,
            "the document is damaged or truncated: it cannot be opened as a zip package",
        ),
        (
            "hemlig.docx",
            encrypted,
            "the document is password-protected (encrypted), so styrdok cannot read it",
        ),
        (
            "bomb.docx",
            bomb,
            "the document's part word/document.xml unpacks to more than 32 MiB, the most styrdok reads of one part",
        ),
        (
            "makro.docm",
            macros,
            "this is a macro-enabled document (.docm): styrdok does not import documents with macros",
        ),
        (
            "bok.docx",
            workbook,
            "not a Word document (.docx): the package has no word/document.xml (it is an Excel workbook",
        ),
        (
            "trasig.docx",
            not_xml,
            "the document is damaged: its part word/document.xml is not well-formed XML",
        ),
    ];
    for (name, bytes, message) in cases {
        write(site.root(), name, &bytes);
        let run = styrdok(
            site.root(),
            &["import", "document", name, "--output", "content/ut.md"],
        );
        assert!(!run.success, "{name}");
        assert!(
            run.stderr.starts_with(&format!("{name}: error: {message}")),
            "{name}: {}",
            run.stderr
        );
        assert!(
            run.stderr.ends_with("import failed: nothing was written\n"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(!site.root().join("content/ut.md").exists(), "{name}");
    }
}
