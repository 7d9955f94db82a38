//! The demo site's risk analysis (id riskanalys-rs-2023, the source register's 21 risks):
//! its heat map puts every risk in the right cell, its CSV keeps its columns, and a
//! spreadsheet made from its register imports back to the same register.

mod common;
use common::*;
use rust_xlsxwriter::Workbook;
use std::path::Path;
use std::process::Command;

const DOC_ID: &str = "riskanalys-rs-2023";

/// The demo site (styrdok.yaml and content/ at the repository root) in a temporary folder.
fn demo_site() -> TestSite {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        repo.join("content").is_dir() && repo.join("styrdok.yaml").is_file(),
        "the demo site (content/, styrdok.yaml) is missing from the repository"
    );
    let site = TestSite::from_files(&[]);
    std::fs::copy(repo.join("styrdok.yaml"), site.root().join("styrdok.yaml")).unwrap();
    for dir in ["content", "static", "templates", "themes"] {
        if repo.join(dir).is_dir() {
            copy_dir(&repo.join(dir), &site.root().join(dir));
        }
    }
    site.build().assert_ok();
    site
}

fn export_of(site: &TestSite) -> (String, serde_json::Value) {
    let all: serde_json::Value = serde_json::from_str(&site.read("export/risker.json")).unwrap();
    let url = all["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == DOC_ID)
        .unwrap_or_else(|| panic!("{DOC_ID} is not among the published risk analyses"))["url"]
        .as_str()
        .unwrap()
        .trim_start_matches('/')
        .to_string();
    let json: serde_json::Value =
        serde_json::from_str(&site.read(&format!("{url}risker.json"))).unwrap();
    (url, json)
}

/// The ids linked from heat-map cell likelihood × severity of a page.
fn cell_ids(page: &str, l: i64, s: i64) -> Vec<String> {
    let start = page
        .find(&format!("data-cell=\"{l}-{s}\""))
        .unwrap_or_else(|| panic!("no cell {l}×{s}"));
    let cell = &page[start..start + page[start..].find("</td>").unwrap()];
    cell.split("<a href=\"#risk-")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn the_demo_heat_map_places_all_21_risks() {
    let site = demo_site();
    let (url, json) = export_of(&site);
    let page = site.read(&format!("{url}index.html"));
    let risks = json["risks"].as_array().unwrap();
    assert_eq!(risks.len(), 21, "the source register has 21 risks");
    let mut placed = 0;
    for l in 1..=5 {
        for s in 1..=5 {
            let ids = cell_ids(&page, l, s);
            placed += ids.len();
            for id in &ids {
                let risk = risks.iter().find(|r| r["id"] == id.as_str()).unwrap();
                assert_eq!(
                    (risk["likelihood"].as_i64(), risk["severity"].as_i64()),
                    (Some(l), Some(s)),
                    "risk {id}"
                );
            }
        }
    }
    assert_eq!(placed, 21, "every risk once");
    let top = cell_ids(&page, 5, 5);
    assert!(
        top.contains(&"5".to_string()) && top.contains(&"14".to_string()),
        "{top:?}"
    );
    assert!(cell_ids(&page, 1, 2).contains(&"7".to_string()));
}

#[test]
fn the_demo_csv_keeps_its_columns() {
    let site = demo_site();
    let (url, json) = export_of(&site);
    let bytes = std::fs::read(site.public().join(format!("{url}risker.csv"))).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = styrdok::import::sheet::decode_text(&bytes);
    let grid = styrdok::import::sheet::parse_csv(&text, ';').unwrap();
    let rows: Vec<_> = grid.rows_from(0).collect();
    assert_eq!(rows.len(), 22, "header and 21 risks");
    assert_eq!((grid.first_row, grid.first_col), (0, 0));
    assert_eq!(rows[0].1.len(), 14, "a header for each column");
    assert_eq!(grid.width(), 14, "no cell beyond the header's columns");
    // Every record has the header's 14 fields: 13 separators outside quotes.
    let mut quoted = false;
    let mut separators = 0;
    for c in text.trim_start_matches('\u{feff}').chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => separators += 1,
            '\n' if !quoted => {
                assert_eq!(separators, 13);
                separators = 0;
            }
            _ => {}
        }
    }
    for ((row, _), risk) in rows[1..].iter().zip(json["risks"].as_array().unwrap()) {
        assert_eq!(grid.get(*row, 0).text(), risk["id"].as_str().unwrap());
        assert_eq!(grid.get(*row, 4).text(), risk["risk"].as_str().unwrap());
    }
}

/// A spreadsheet laid out as the source register, from the demo's JSON export.
fn register_xlsx(json: &serde_json::Value, descriptions: &[(String, String)], path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let headers = [
        "ID",
        "Krav c-f",
        "Målområde",
        "Uppdrag i RS Verksamhetsplan",
        "Beskrivning av risk (risken att något \nhänder)",
        "Beskrivning av konsekvensen",
        "Sannolik\nhet 1-5",
        "Allvarligh\netsgrad 1-\n5",
        "Riskpoäng \n(15 och \nhögre \ngulmarkerad\ne)",
        "Hantering av risk \n(behålla, begränsa \neller eliminera)",
        "Beskrivning av bakomliggande orsaken \ntill risken (varför..? Därför att...)",
        "Åtgärder",
        "Ansvarig för \ngenomförandet",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    let list = |v: &serde_json::Value| {
        let items: Vec<String> = v.as_array().unwrap().iter().map(text).collect();
        match items.as_slice() {
            [one] => one.clone(),
            _ => items
                .iter()
                .map(|i| format!("• {i}"))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    };
    for (i, r) in json["risks"].as_array().unwrap().iter().enumerate() {
        let row = 1 + i as u32;
        // "c=att verksamheten följer …, f=övrigt", as the source register writes them.
        let objectives: Vec<String> = r["objectives"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let code = text(c);
                let d = descriptions
                    .iter()
                    .find(|(k, _)| *k == code)
                    .map(|(_, d)| d.to_lowercase());
                format!("{code}={}", d.unwrap_or_default())
            })
            .collect();
        let responsible: Vec<String> = r["responsible"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| match p["remark"].as_str() {
                Some(remark) => format!("{} ({remark})", text(&p["name"])),
                None => text(&p["name"]),
            })
            .collect();
        let cells = [
            text(&r["id"]),
            objectives.join(", "),
            text(&r["area"]),
            text(&r["assignment"]),
            text(&r["risk"]),
            text(&r["consequence"]),
            String::new(),
            String::new(),
            String::new(),
            text(&r["treatment"]),
            text(&r["cause"]),
            list(&r["actions"]),
            responsible.join("\n"),
        ];
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(row, c as u16, v).unwrap();
            }
        }
        for (c, key) in [(6u16, "likelihood"), (7, "severity"), (8, "score")] {
            if let Some(n) = r[key].as_i64() {
                ws.write_number(row, c, n as f64).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn importing_a_spreadsheet_of_the_demo_register_reproduces_it() {
    let site = demo_site();
    let (url, before) = export_of(&site);
    let config = styrdok::config::Config::load(site.root()).unwrap().0;
    register_xlsx(
        &before,
        &config.control_objectives,
        &site.root().join("register.xlsx"),
    );
    let doc = before["documents"][0]["url"].as_str().unwrap().to_string();
    // The document's source file: the one whose page is the register's URL.
    let source = walkdir::WalkDir::new(site.root().join("content"))
        .into_iter()
        .flatten()
        .map(|e| e.path().to_path_buf())
        .find(|p| {
            std::fs::read_to_string(p)
                .map(|t| t.contains(&format!("id: {DOC_ID}\n")))
                .unwrap_or(false)
        })
        .unwrap_or_else(|| panic!("no source file for {doc}"));
    let original = std::fs::read_to_string(&source).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args(["import", "risks", "register.xlsx", "--into"])
        .arg(&source)
        .current_dir(site.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !stderr.contains(": warning: "),
        "a clean register imports without warnings:\n{stderr}"
    );
    let imported = std::fs::read_to_string(&source).unwrap();
    assert_ne!(imported, original, "the block was rewritten");
    // The YAML itself: line for line the block as written, a value's quoting aside.
    let (a, b) = (risks_block(&original), risks_block(&imported));
    assert_eq!(a.len(), b.len(), "line counts differ:\n{}", b.join("\n"));
    for (x, y) in a.iter().zip(&b) {
        assert!(
            x == y || same_scalar(x, y),
            "\n  written:  {x}\n  imported: {y}"
        );
    }
    site.build().assert_ok();
    let (_, after) = export_of(&site);
    assert_eq!(
        before["risks"], after["risks"],
        "the register differs after the import"
    );
    let _ = url;
}

fn risks_block(doc: &str) -> Vec<String> {
    let start = doc.find("```risks\n").expect("a risks block") + 9;
    let end = start + doc[start..].find("```\n").unwrap();
    doc[start..end].lines().map(str::to_string).collect()
}

/// `key: value` lines whose values read as the same YAML scalar ("a" and a).
fn same_scalar(x: &str, y: &str) -> bool {
    let value = |line: &str| {
        let node = styrdok::yaml::parse(line.trim_start()).ok()?;
        match node.value {
            styrdok::yaml::Value::Map(entries) => entries
                .first()
                .and_then(|(k, v)| Some((k.scalar_text("")?, v.scalar_text(line.trim_start())?))),
            _ => None,
        }
    };
    let (vx, vy) = (value(x), value(y));
    vx.is_some() && vx == vy
}
