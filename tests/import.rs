//! `styrdok import risks`: xlsx made here with rust_xlsxwriter, CSV with the source
//! register's Swedish headers, bad spreadsheets with located warnings, `--into`, and
//! the round trip export CSV → import → build giving the same register.

mod common;
use common::*;
use rust_xlsxwriter::{Format, Formula, Workbook};
use std::path::Path;
use std::process::Command;

struct Run {
    success: bool,
    stdout: String,
    stderr: String,
}

/// Runs `styrdok ARGS` in `dir`, so the file name prints as given.
fn styrdok(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run styrdok");
    Run {
        success: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn warnings(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.contains(": warning: ") || l.contains(": error: "))
        .collect()
}

/// The source register's layout: a title row, headers with line breaks and
/// hyphenation, objectives with their descriptions, a vertically merged area.
fn source_register(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Riskanalys 2023").unwrap();
    ws.write_string(0, 0, "Riskanalys och internkontrollplan 2023")
        .unwrap();
    let headers = [
        "ID",
        "Krav c-f",
        "Målområde",
        "Uppdrag i RS\nVerksamhetsplan",
        "Beskrivning av risk",
        "Beskrivning av\nkonsekvensen",
        "Sanno-\nlikhet 1-5",
        "Allvarlig-\nhetsgrad 1-5",
        "Riskpoäng (15 och högre gulmarkerade)",
        "Hantering av risk",
        "Beskrivning av bakomliggande orsaken",
        "Åtgärder",
        "Ansvarig för genomförandet",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    // Row 4 (index 3) and 5 (index 4) share a merged area C4:C5.
    let rows: [[&str; 13]; 3] = [
        [
            "5",
            "c=att verksamheten följer styrande dokument, lagar, förordningar m.m., f=övrigt",
            "",
            "Öka robustheten",
            "Regionen klarar inte att upprätthålla sin verksamhet",
            "Brist på läkemedel",
            "5",
            "5",
            "25",
            "Begränsa",
            "Det saknas resurser",
            "Beslutade åtgärder fortsätter",
            "Beredskapschef",
        ],
        [
            "7",
            "c",
            "",
            "",
            "Hot och våld: mot anställda",
            "",
            "1",
            "2",
            "",
            "behålla",
            "",
            "• Utbildning\n• Larm",
            "HR\nHospa-chef",
        ],
        [
            "14",
            "e",
            "Informationssäkerhet",
            "",
            "yes",
            "",
            "5",
            "5",
            "",
            "eliminera",
            "",
            "",
            "Säkerhetschef (med IT)",
        ],
    ];
    for (i, row) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            let c = c as u16;
            if (6..=8).contains(&c) {
                ws.write_number(r, c, v.parse::<f64>().unwrap()).unwrap();
            } else {
                ws.write_string(r, c, *v).unwrap();
            }
        }
    }
    ws.merge_range(3, 2, 4, 2, "Länets utveckling", &Format::new())
        .unwrap();
    // A score written as a formula, with its cached result, as Excel saves it.
    ws.write_formula(4, 8, Formula::new("=G5*H5").set_result("2"))
        .unwrap();
    ws.write_formula(5, 8, Formula::new("=G6*H6").set_result("25"))
        .unwrap();
    wb.add_worksheet().set_name("Anteckningar").unwrap();
    wb.save(path).unwrap();
}

#[test]
fn xlsx_with_the_source_register_headers() {
    let dir = tempfile::tempdir().unwrap();
    source_register(&dir.path().join("register.xlsx"));
    let run = styrdok(dir.path(), &["import", "risks", "register.xlsx"]);
    assert!(run.success, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "```risks
- id: 5
  objectives: [c, f]
  area: Länets utveckling
  assignment: Öka robustheten
  risk: Regionen klarar inte att upprätthålla sin verksamhet
  consequence: Brist på läkemedel
  likelihood: 5
  severity: 5
  score: 25
  treatment: begränsa
  cause: Det saknas resurser
  actions: Beslutade åtgärder fortsätter
  responsible: Beredskapschef

- id: 7
  objectives: [c]
  area: Länets utveckling
  risk: \"Hot och våld: mot anställda\"
  likelihood: 1
  severity: 2
  score: 2
  treatment: behålla
  actions:
    - Utbildning
    - Larm
  responsible:
    - HR
    - Hospa-chef

- id: 14
  objectives: [e]
  area: Informationssäkerhet
  risk: \"yes\"
  likelihood: 5
  severity: 5
  score: 25
  treatment: eliminera
  responsible: Säkerhetschef (med IT)
```
"
    );
    // The merged area is taken for row 5 too, and said so at C5.
    assert_eq!(
        warnings(&run),
        ["register.xlsx:5:C: warning: merged cell: the value of C4 is used for this row too"]
    );
}

#[test]
fn a_sheet_is_chosen_by_name_and_columns_by_map() {
    let dir = tempfile::tempdir().unwrap();
    source_register(&dir.path().join("register.xlsx"));
    let run = styrdok(
        dir.path(),
        &[
            "import",
            "risks",
            "register.xlsx",
            "--sheet",
            "Riskanalys 2023",
            "--map",
            "Åtgärder=cause",
            "--map",
            "K=ignore",
            "--map",
            "D=ignore",
        ],
    );
    assert!(run.success, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("  cause: Beslutade åtgärder fortsätter\n")
    );
    assert!(!run.stdout.contains("Det saknas resurser") && !run.stdout.contains("assignment"));
    let bad = styrdok(
        dir.path(),
        &["import", "risks", "register.xlsx", "--sheet", "Saknas"],
    );
    assert!(!bad.success);
    assert_eq!(
        warnings(&bad),
        [
            "register.xlsx: error: the workbook has no sheet `Saknas`; its sheets: Riskanalys 2023, Anteckningar"
        ]
    );
    let bad = styrdok(
        dir.path(),
        &["import", "risks", "register.xlsx", "--map", "Q=nonsense"],
    );
    assert!(
        !bad.success && bad.stderr.contains("`nonsense` is not a risk field"),
        "{}",
        bad.stderr
    );
    assert!(bad.stdout.is_empty());
}

#[test]
fn csv_with_swedish_headers_in_windows_1252() {
    let dir = tempfile::tempdir().unwrap();
    // Swedish Excel's "CSV (semikolonavgränsad)": ANSI code page, `;`, CRLF.
    let text = "ID;Krav c-f;Målområde;Beskrivning av risk;Sannolikhet 1-5;Allvarlighetsgrad 1-5;Riskpoäng;Hantering av risk;Åtgärder;Ansvarig för genomförandet\r\n\
                1;c, f;Arbetsmiljö;\"Hot; våld\";4;3;12;begränsa;\"rad ett\r\nrad två\";HR\r\n\
                2;;Arbetsmiljö;Fel poäng;2;2;5;behålla;;HR\r\n";
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| match c {
            'å' => 0xE5,
            'ä' => 0xE4,
            'ö' => 0xF6,
            'Å' => 0xC5,
            c => c as u8,
        })
        .collect();
    std::fs::write(dir.path().join("register.csv"), bytes).unwrap();
    let run = styrdok(dir.path(), &["import", "risks", "register.csv"]);
    assert!(run.success, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(
            "```risks\n- id: 1\n  objectives: [c, f]\n  area: Arbetsmiljö\n  risk: Hot; våld\n  likelihood: 4\n  severity: 3\n  score: 12\n  treatment: begränsa\n  actions: |-\n    rad ett\n    rad två\n  responsible: HR\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(
        warnings(&run),
        [
            "register.csv:3:G: warning: the score is 5, but likelihood × severity is 2 × 2 = 4; the score is left out (it is computed)"
        ]
    );
}

#[test]
fn csv_with_english_headers_and_commas() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("risks.csv"),
        "Risk ID,Risk,Likelihood,Severity,Treatment,Responsible\n a1 ,\"Supplier, late\",3,4,behålla,Procurement\n",
    )
    .unwrap();
    let run = styrdok(dir.path(), &["import", "risks", "risks.csv"]);
    assert!(run.success, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "```risks\n- id: a1\n  risk: Supplier, late\n  likelihood: 3\n  severity: 4\n  treatment: behålla\n  responsible: Procurement\n```\n"
    );
    assert!(warnings(&run).is_empty(), "{}", run.stderr);
}

#[test]
fn bad_spreadsheets_give_located_warnings_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    // No severity column; text in a number column; unknown treatment; blank cells.
    for (c, h) in [
        "ID",
        "Beskrivning av risk",
        "Sannolikhet 1-5",
        "Hantering av risk",
        "Krav",
        "Kommentar",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "1").unwrap();
    ws.write_string(1, 1, "En risk").unwrap();
    ws.write_string(1, 2, "hög").unwrap();
    ws.write_string(1, 3, "undvika").unwrap();
    ws.write_string(1, 4, "z").unwrap();
    ws.write_string(2, 1, "Utan id").unwrap();
    ws.write_number(2, 2, 2.5).unwrap();
    ws.write_string(3, 0, "3").unwrap();
    ws.write_number(3, 2, 9.0).unwrap();
    ws.write_string(4, 5, "bara en kommentar").unwrap();
    ws.write_string(5, 0, "1").unwrap();
    ws.write_string(5, 1, "Samma id").unwrap();
    wb.save(&path).unwrap();
    let run = styrdok(dir.path(), &["import", "risks", "register.xlsx"]);
    assert!(run.success, "warnings only:\n{}", run.stderr);
    assert_eq!(
        warnings(&run),
        [
            "register.xlsx:1:F: warning: the column \"Kommentar\" is not a risk field and is not imported (--map \"Kommentar\"=FIELD imports it)",
            "register.xlsx:1:G: warning: no column for `severity`: add one headed \"Allvarlighetsgrad 1-5\" or name one with --map COLUMN=severity",
            "register.xlsx:2:C: warning: `likelihood` must be a number, found `hög`; it is left out",
            "register.xlsx:2:D: warning: unknown treatment `undvika`; allowed: behålla, begränsa, eliminera (risk.treatments)",
            "register.xlsx:2:E: warning: unknown control objective `z`; styrdok.yaml defines a, c, d, e, f",
            "register.xlsx:3:A: warning: blank ID: the risk gets the id `rad3`; give it its own",
            "register.xlsx:3:C: warning: `likelihood` must be a whole number, found 2.5; it is left out",
            "register.xlsx:4:B: warning: blank `risk`: every risk needs one",
            "register.xlsx:4:C: warning: `likelihood` is 9, outside 1 to 5 (risk.scale)",
            "register.xlsx:5:F: warning: the row has no ID and no risk description; it is skipped",
            "register.xlsx:6:A: warning: duplicate ID `1`: this row gets `1-6`",
            "register.xlsx:6:C: warning: blank `likelihood`: every risk needs one",
        ]
    );
    assert!(run.stdout.contains("- id: rad3\n") && run.stdout.contains("- id: \"1-6\"\n"));
    assert!(
        run.stdout.contains("  treatment: undvika\n"),
        "kept for the editor to fix"
    );

    // Not a register at all, a damaged file, an empty one: errors, no panic, nothing printed.
    std::fs::write(dir.path().join("notes.csv"), "Hej;på;dig\n1;2;3\n").unwrap();
    std::fs::write(dir.path().join("broken.xlsx"), b"PK\x03\x04garbage").unwrap();
    std::fs::write(dir.path().join("empty.csv"), b"").unwrap();
    for (file, message) in [
        ("notes.csv", "notes.csv: error: no header row found"),
        ("broken.xlsx", "broken.xlsx: error: not a spreadsheet"),
        ("empty.csv", "empty.csv: error: no header row found"),
        ("missing.xlsx", "missing.xlsx: error: cannot read the file"),
    ] {
        let run = styrdok(dir.path(), &["import", "risks", file]);
        assert!(!run.success, "{file}");
        assert!(run.stderr.starts_with(message), "{file}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn into_writes_the_block_into_a_document_that_then_builds() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: Import\n"),
        (
            "content/ra.md",
            "---\ntitle: Riskanalys\ntype: risk-analysis\n---\nFöre.\n\n```risks\n- id: 1\n  risk: gammal\n  likelihood: 1\n  severity: 1\n  treatment: behålla\n```\n\nEfter.\n",
        ),
    ]);
    source_register(&site.root().join("register.xlsx"));
    let run = styrdok(
        site.root(),
        &[
            "import",
            "risks",
            "register.xlsx",
            "--into",
            "content/ra.md",
        ],
    );
    assert!(run.success, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let doc = std::fs::read_to_string(site.root().join("content/ra.md")).unwrap();
    assert!(doc.starts_with(
        "---\ntitle: Riskanalys\ntype: risk-analysis\n---\nFöre.\n\n```risks\n- id: 5\n"
    ));
    assert!(doc.ends_with("  responsible: Säkerhetschef (med IT)\n```\n\nEfter.\n"));
    assert!(!doc.contains("gammal"));
    site.build().assert_ok();
    let page = site.read("ra/index.html");
    assert!(page.contains("<tr id=\"risk-14\""));
    assert!(page.contains("data-cell=\"1-2\""));
}

/// The rendered register and the JSON export of a document, for comparing builds.
fn register_of(site: &TestSite, url: &str) -> (String, serde_json::Value) {
    let page = site.read(&format!("{url}index.html"));
    let start = page.find("<table class=\"records risks\"").unwrap();
    let end = start + page[start..].find("</table>").unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&site.read(&format!("{url}risker.json"))).unwrap();
    (page[start..end].to_string(), json["risks"].clone())
}

#[test]
fn round_trip_export_import_build_gives_the_same_register() {
    let site = TestSite::from_fixture("risk_heatmap");
    site.build().assert_ok();
    let before = register_of(&site, "ra-2023/");
    let csv = site.public().join("ra-2023/risker.csv");
    std::fs::copy(&csv, site.root().join("export.csv")).unwrap();
    let run = styrdok(
        site.root(),
        &[
            "import",
            "risks",
            "export.csv",
            "--into",
            "content/ra-2023.md",
        ],
    );
    assert!(run.success, "{}", run.stderr);
    assert!(warnings(&run).is_empty(), "{}", run.stderr);
    let doc = std::fs::read_to_string(site.root().join("content/ra-2023.md")).unwrap();
    assert!(
        doc.contains("  score: 25\n"),
        "the block was replaced:\n{doc}"
    );
    site.build().assert_ok();
    let after = register_of(&site, "ra-2023/");
    assert_eq!(before.1, after.1, "the JSON register differs");
    assert_eq!(before.0, after.0, "the rendered register differs");
    // Again from the new export: a fixed point.
    assert_eq!(
        std::fs::read(&csv).unwrap(),
        std::fs::read(site.root().join("export.csv")).unwrap()
    );
}
