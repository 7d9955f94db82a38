//! `styrdok import risks`: xlsx made here with rust_xlsxwriter, CSV with the source
//! register's Swedish headers, bad spreadsheets with located warnings, `--into`, and
//! the round trip export CSV → import → build giving the same register.

mod common;
use common::*;
use rust_xlsxwriter::{Format, Formula, Workbook};
use std::io::Write;
use std::path::Path;
use std::process::Command;

use common::{Ran as Run, styrdok_in as styrdok};

fn warnings(run: &Run) -> Vec<&str> {
    problem_lines(&run.stderr)
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
    ws.write_number(6, 2, 3.0).unwrap();
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
            "register.xlsx:5:F: warning: row skipped: it has no risk text, likelihood or severity",
            "register.xlsx:6:A: warning: duplicate ID `1`: this row gets `1-6`",
            "register.xlsx:6:C: warning: blank `likelihood`: every risk needs one",
            "register.xlsx:7:C: warning: the row has no ID and no risk description; it is skipped",
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

/// Runs `styrdok ARGS` in `dir` like `styrdok`, but kills it after `limit`: a bound
/// against hangs only, so a regression fails here instead of stalling the suite.
fn styrdok_within(dir: &Path, args: &[&str], limit: std::time::Duration) -> Run {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run styrdok");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("styrdok {args:?} ran for more than {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let run = Run {
        success: status.success(),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    // An abort (out of memory) ends by a signal, without an exit code.
    assert!(
        status.code().is_some(),
        "styrdok was killed: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

const QUICKLY: std::time::Duration = std::time::Duration::from_secs(20);

/// A small register: header in row 1, one risk in row 2.
fn small_register() -> Workbook {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Blad1").unwrap();
    for (c, h) in [
        "ID",
        "Beskrivning av risk",
        "Sannolikhet 1-5",
        "Allvarlighetsgrad 1-5",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "1").unwrap();
    ws.write_string(1, 1, "En risk").unwrap();
    ws.write_number(1, 2, 2.0).unwrap();
    ws.write_number(1, 3, 3.0).unwrap();
    wb
}

const SMALL_REGISTER_YAML: &str =
    "```risks\n- id: 1\n  risk: En risk\n  likelihood: 2\n  severity: 3\n```\n";

#[test]
fn a_cell_at_the_last_cell_of_a_sheet_is_read_in_little_time_and_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = small_register();
    let ws = wb.worksheet_from_index(0).unwrap();
    // The declared range becomes A1:XFD1048576: 17 billion cells.
    ws.write_string(1_048_575, 16_383, "långt bort").unwrap();
    wb.save(dir.path().join("register.xlsx")).unwrap();
    let run = styrdok_within(dir.path(), &["import", "risks", "register.xlsx"], QUICKLY);
    assert!(run.success, "{}", run.stderr);
    assert_eq!(run.stdout, SMALL_REGISTER_YAML);
    assert_eq!(
        warnings(&run),
        [
            "register.xlsx:1048576:XFD: warning: row skipped: it has no risk text, likelihood or severity"
        ]
    );
}

#[test]
fn a_cell_in_the_last_row_is_read_in_little_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = small_register();
    let ws = wb.worksheet_from_index(0).unwrap();
    // A million rows between the register and the cell.
    ws.write_string(1_048_575, 0, "sist").unwrap();
    wb.save(dir.path().join("register.xlsx")).unwrap();
    let run = styrdok_within(dir.path(), &["import", "risks", "register.xlsx"], QUICKLY);
    assert!(run.success, "{}", run.stderr);
    assert_eq!(run.stdout, SMALL_REGISTER_YAML);
    assert_eq!(
        warnings(&run),
        [
            "register.xlsx:1048576:A: warning: row skipped: it has no risk text, likelihood or severity"
        ]
    );
}

#[test]
fn csv_with_a_million_blank_lines_is_read_in_little_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("ID;Risk;Likelihood;Severity\n1;En risk;2;3\n");
    text.push_str(&"\n".repeat(1_000_000));
    text.push_str(";;;\n2;Sist;1;1\n");
    std::fs::write(dir.path().join("register.csv"), text).unwrap();
    let run = styrdok_within(dir.path(), &["import", "risks", "register.csv"], QUICKLY);
    assert!(run.success, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "```risks\n- id: 1\n  risk: En risk\n  likelihood: 2\n  severity: 3\n\n- id: 2\n  risk: Sist\n  likelihood: 1\n  severity: 1\n```\n"
    );
    assert!(warnings(&run).is_empty(), "{}", run.stderr);
}

/// Rewrites the part `name` of the xlsx at `path`: `edit` gets its text and writes the
/// new content, in pieces if it likes, so a large part needs little memory.
fn rewrite_part(
    path: &Path,
    name: &str,
    edit: impl FnOnce(&str, &mut dyn std::io::Write) -> std::io::Result<()>,
) {
    use std::io::Read;
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let mut edit = Some(edit);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        let entry_name = entry.name().unwrap().to_string();
        out.start_file(entry_name.as_str(), options).unwrap();
        if entry_name == name {
            (edit.take().unwrap())(&text, &mut out).unwrap();
        } else {
            out.write_all(text.as_bytes()).unwrap();
        }
    }
    assert!(edit.is_none(), "no part {name}");
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

/// Replaces the text `placeholder` of the shared strings by `len` copies of `x`.
fn long_shared_string(path: &Path, placeholder: &str, len: usize) {
    rewrite_part(path, "xl/sharedStrings.xml", |text, out| {
        let (before, after) = text.split_once(placeholder).expect("placeholder");
        out.write_all(before.as_bytes())?;
        let chunk = "x".repeat(1 << 20);
        let mut left = len;
        while left > 0 {
            let n = left.min(chunk.len());
            out.write_all(&chunk.as_bytes()[..n])?;
            left -= n;
        }
        out.write_all(after.as_bytes())
    });
}

#[test]
fn a_cell_longer_than_excel_allows_is_an_error_naming_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.xlsx");
    let mut wb = small_register();
    let ws = wb.worksheet_from_index(0).unwrap();
    ws.write_string(6, 0, "7").unwrap();
    ws.write_string(6, 1, "PLATSHÅLLARE").unwrap();
    wb.save(&path).unwrap();
    // Excel's limit is 32,767 characters; rust_xlsxwriter refuses to write more.
    long_shared_string(&path, "PLATSHÅLLARE", 40_000);
    let run = styrdok_within(dir.path(), &["import", "risks", "register.xlsx"], QUICKLY);
    assert!(!run.success);
    assert_eq!(
        warnings(&run),
        [
            "register.xlsx:7:B: error: the cell holds 40,000 characters, more than the 32,767 an Excel cell can hold (sheet `Blad1`)"
        ]
    );
    assert!(run.stdout.is_empty());

    // The same in a CSV file.
    let mut text = String::from("ID;Risk;Likelihood;Severity\n1;En risk;2;3\n2;");
    text.push_str(&"y".repeat(40_000));
    text.push_str(";1;1\n");
    std::fs::write(dir.path().join("register.csv"), text).unwrap();
    let run = styrdok_within(dir.path(), &["import", "risks", "register.csv"], QUICKLY);
    assert!(!run.success);
    assert_eq!(
        warnings(&run),
        [
            "register.csv:3:B: error: the cell holds 40,000 characters, more than the 32,767 an Excel cell can hold"
        ]
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn a_shared_string_table_that_inflates_beyond_the_bound_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.xlsx");
    let mut wb = small_register();
    let ws = wb.worksheet_from_index(0).unwrap();
    ws.write_string(2, 1, "PLATSHÅLLARE").unwrap();
    wb.save(&path).unwrap();
    // 80 MiB of one string, deflated to a few hundred kilobytes.
    long_shared_string(&path, "PLATSHÅLLARE", 80 << 20);
    assert!(std::fs::metadata(&path).unwrap().len() < 1 << 20);
    let run = styrdok_within(dir.path(), &["import", "risks", "register.xlsx"], QUICKLY);
    assert!(!run.success);
    assert_eq!(
        warnings(&run),
        [
            "register.xlsx: error: the workbook's part xl/sharedStrings.xml unpacks to more than 64 MiB, the most styrdok reads of one part"
        ]
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn a_footer_row_is_skipped_without_repeating_its_content() {
    const CANARY: &str = "Kanariefågel";
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: Import\n"),
        (
            "content/ra.md",
            "---\ntitle: Riskanalys\ntype: risk-analysis\n---\n",
        ),
    ]);
    let path = site.root().join("register.xlsx");
    let mut wb = Workbook::new();
    // The source register's footer: the sheet's protection password, below the risks,
    // once in the ID column and once merged across the row.
    let ws = wb.add_worksheet();
    for (c, h) in [
        "ID",
        "Beskrivning av risk",
        "Sannolikhet 1-5",
        "Allvarlighetsgrad 1-5",
        "Åtgärder",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "1").unwrap();
    ws.write_string(1, 1, "En risk").unwrap();
    ws.write_number(1, 2, 2.0).unwrap();
    ws.write_number(1, 3, 3.0).unwrap();
    ws.write_string(3, 0, format!("Lösenord: {CANARY}"))
        .unwrap();
    ws.merge_range(4, 0, 4, 4, &format!("Bladskydd {CANARY}"), &Format::new())
        .unwrap();
    ws.write_string(5, 4, format!("Åtgärd {CANARY}")).unwrap();
    wb.save(&path).unwrap();
    let run = styrdok(site.root(), &["import", "risks", "register.xlsx"]);
    assert!(run.success, "{}", run.stderr);
    assert_eq!(run.stdout, SMALL_REGISTER_YAML);
    assert_eq!(
        warnings(&run),
        [
            "register.xlsx:4:A: warning: row skipped: it has no risk text, likelihood or severity",
            "register.xlsx:5:A: warning: row skipped: it has no risk text, likelihood or severity",
            "register.xlsx:6:E: warning: row skipped: it has no risk text, likelihood or severity",
        ]
    );
    assert!(!run.stdout.contains(CANARY) && !run.stderr.contains(CANARY));
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
    assert!(!run.stdout.contains(CANARY) && !run.stderr.contains(CANARY));
    let doc = std::fs::read_to_string(site.root().join("content/ra.md")).unwrap();
    assert!(doc.contains("- id: 1\n") && !doc.contains(CANARY), "{doc}");

    // The same in a CSV file.
    std::fs::write(
        site.root().join("register.csv"),
        format!("ID;Risk;Likelihood;Severity\n1;En risk;2;3\n;;;\n\"Lösenord: {CANARY}\";;;\n"),
    )
    .unwrap();
    let run = styrdok(site.root(), &["import", "risks", "register.csv"]);
    assert!(run.success, "{}", run.stderr);
    assert_eq!(run.stdout, SMALL_REGISTER_YAML);
    assert_eq!(
        warnings(&run),
        ["register.csv:4:A: warning: row skipped: it has no risk text, likelihood or severity"]
    );
    assert!(!run.stderr.contains(CANARY));
}

#[test]
fn cells_hidden_under_a_merge_are_read_as_blank_as_the_warning_says() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in [
        "ID",
        "Målområde",
        "Beskrivning av risk",
        "Beskrivning av konsekvensen",
        "Sannolikhet 1-5",
        "Allvarlighetsgrad 1-5",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, id) in [(1, "1"), (2, "2")] {
        ws.write_string(r, 0, id).unwrap();
        ws.write_number(r, 4, 2.0).unwrap();
        ws.write_number(r, 5, 3.0).unwrap();
    }
    // B2:B3 merged over both risks: the area belongs to each. C2:D2 merged across the
    // risk and its consequence: D2 is hidden, and its old value must not come back.
    ws.merge_range(1, 1, 2, 1, "Arbetsmiljö", &Format::new())
        .unwrap();
    ws.merge_range(1, 2, 1, 3, "Hot och våld", &Format::new())
        .unwrap();
    ws.write_string(2, 2, "Brand").unwrap();
    wb.save(&path).unwrap();
    // Values under the merges, as LibreOffice leaves them when it merges filled cells
    // and keeps their contents (rust_xlsxwriter writes none).
    rewrite_part(&path, "xl/worksheets/sheet1.xml", |text, out| {
        let text = text
            .replacen(
                "<c r=\"E2\">",
                "<c r=\"D2\" t=\"inlineStr\"><is><t>DOLD-D2</t></is></c><c r=\"E2\">",
                1,
            )
            .replacen(
                "<c r=\"C3\"",
                "<c r=\"B3\" t=\"inlineStr\"><is><t>DOLD-B3</t></is></c><c r=\"C3\"",
                1,
            );
        assert!(
            text.contains("DOLD-D2") && text.contains("DOLD-B3"),
            "{text}"
        );
        out.write_all(text.as_bytes())
    });
    let run = styrdok(dir.path(), &["import", "risks", "register.xlsx"]);
    assert!(run.success, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "```risks\n- id: 1\n  area: Arbetsmiljö\n  risk: Hot och våld\n  likelihood: 2\n  severity: 3\n\n- id: 2\n  area: Arbetsmiljö\n  risk: Brand\n  likelihood: 2\n  severity: 3\n```\n"
    );
    assert_eq!(
        warnings(&run),
        [
            "register.xlsx:2:D: warning: merged cell (merged into C2): read as blank",
            "register.xlsx:3:B: warning: merged cell: the value of B2 is used for this row too",
        ]
    );
    assert!(!run.stdout.contains("DOLD") && !run.stderr.contains("DOLD"));
}

#[test]
fn xls_xlsb_and_ods_workbooks_are_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    // An old Excel file is an OLE compound file; its first bytes say so.
    let mut xls = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    xls.resize(4096, 0);
    std::fs::write(dir.path().join("register.xls"), &xls).unwrap();
    let zipped = |entries: &[(&str, &str)]| {
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in entries {
            out.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut out, text.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    };
    let ods = zipped(&[
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", "<office:document-content/>"),
    ]);
    std::fs::write(dir.path().join("register.ods"), ods).unwrap();
    let xlsb = zipped(&[("xl/workbook.bin", "")]);
    std::fs::write(dir.path().join("register.xlsb"), xlsb).unwrap();
    for (file, format) in [
        ("register.xls", "an .xls workbook (Excel 97–2003)"),
        ("register.ods", "an .ods workbook (OpenDocument)"),
        ("register.xlsb", "an .xlsb workbook (Excel binary)"),
    ] {
        let run = styrdok_within(dir.path(), &["import", "risks", file], QUICKLY);
        assert!(!run.success, "{file}");
        assert_eq!(
            warnings(&run),
            [format!(
                "{file}: error: this is {format}, which styrdok does not import: its reader cannot \
                 be bounded in memory. Save the register as .xlsx (Excel workbook) or as .csv and import that"
            )],
            "{file}"
        );
    }
}
