//! Risk views: heat maps (scale 5 and 4), trends against `previous`, the overview page,
//! and the CSV and JSON exports (bytes and shape).

mod common;
use common::*;

/// The `<td>` of heat-map cell likelihood × severity.
fn cell(page: &str, likelihood: u32, severity: u32) -> &str {
    let marker = format!("data-cell=\"{likelihood}-{severity}\"");
    let start = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no heat-map cell {likelihood}×{severity}"));
    let start = page[..start].rfind("<td").unwrap();
    let end = start + page[start..].find("</td>").unwrap();
    &page[start..end]
}

/// The risk ids linked from a cell, in order.
fn linked_ids(cell: &str) -> Vec<String> {
    cell.split("<a href=\"")
        .skip(1)
        .map(|s| {
            let href = &s[..s.find('"').unwrap()];
            href.rsplit("#risk-").next().unwrap().to_string()
        })
        .collect()
}

fn built(name: &str) -> TestSite {
    let site = TestSite::from_fixture(name);
    site.build().assert_ok();
    site
}

#[test]
fn heat_map_cells_hold_their_risks_score_and_band() {
    let site = built("risk_heatmap");
    let page = site.read("ra-2023/index.html");
    let c = cell(&page, 5, 5);
    assert_eq!(linked_ids(c), ["5", "14"], "{c}");
    assert!(c.contains("href=\"#risk-5\"") && c.contains("href=\"#risk-14\""));
    assert!(c.contains("band-high") && c.contains("<span class=\"heat-score\">25</span>"));
    assert!(
        c.contains("<span class=\"heat-band\">Hög</span>"),
        "band as text: {c}"
    );
    let c = cell(&page, 1, 2);
    assert_eq!(linked_ids(c), ["7"]);
    assert!(c.contains("band-low") && c.contains(">2</span>") && c.contains(">Låg</span>"));
    let c = cell(&page, 3, 3);
    assert_eq!(linked_ids(c), ["3"]);
    assert!(c.contains("band-medium") && c.contains(">Medel</span>"));
    // Every other cell is empty but still shows its score and band.
    let mut placed = 0;
    for l in 1..=5 {
        for s in 1..=5 {
            let c = cell(&page, l, s);
            placed += linked_ids(c).len();
            assert!(c.contains(&format!("<span class=\"heat-score\">{}</span>", l * s)));
        }
    }
    assert_eq!(placed, 4, "each risk once");
    assert!(!page.contains("data-cell=\"6-1\"") && !page.contains("data-cell=\"0-1\""));
    // Headers: severities as columns, likelihoods as rows, named for screen readers.
    assert_eq!(
        page.matches("<span class=\"visually-hidden\">Allvarlighetsgrad </span>")
            .count(),
        5
    );
    assert_eq!(
        page.matches("<span class=\"visually-hidden\">Sannolikhet </span>")
            .count(),
        5
    );
    // The highest likelihood is the first row.
    assert!(page.find("data-cell=\"5-1\"").unwrap() < page.find("data-cell=\"1-1\"").unwrap());
}

#[test]
fn heat_map_on_a_scale_of_four() {
    let site = built("risk_heatmap_scale4");
    let page = site.read("ra/index.html");
    // highlight_from defaults to 10 on a scale of 4.
    let c = cell(&page, 4, 4);
    assert_eq!(linked_ids(c), ["a", "d"]);
    assert!(c.contains("band-high") && c.contains(">16</span>") && c.contains(">High</span>"));
    let c = cell(&page, 2, 3);
    assert_eq!(linked_ids(c), ["b"]);
    assert!(c.contains("band-medium") && c.contains(">Medium</span>"));
    let c = cell(&page, 1, 4);
    assert_eq!(linked_ids(c), ["c"]);
    assert!(c.contains("band-low") && c.contains(">Low</span>"));
    assert_eq!(page.matches("data-cell=").count(), 16);
    assert!(!page.contains("data-cell=\"5-"));
    assert!(page.contains("<span class=\"visually-hidden\">Likelihood </span>4"));
}

#[test]
fn a_row_shows_its_earlier_score_and_direction_as_text() {
    let site = built("risk_heatmap");
    let page = site.read("ra-2023/index.html");
    let row = |id: &str| {
        let start = page.find(&format!("<tr id=\"risk-{id}\"")).unwrap();
        &page[start..start + page[start..].find("</tr>").unwrap()]
    };
    let r5 = row("5");
    assert!(
        r5.contains("trend-up") && r5.contains("↑</span> höjd från"),
        "{r5}"
    );
    assert!(r5.contains("href=\"/ra-2022/#risk-5\"") && r5.contains(">16</a> (2022)"));
    let r7 = row("7");
    assert!(
        r7.contains("↓</span> sänkt från") && r7.contains(">6</a>"),
        "{r7}"
    );
    let r3 = row("3");
    assert!(r3.contains("→</span> oförändrad från"), "{r3}");
    assert!(!row("14").contains("trend"));
}

#[test]
fn the_overview_shows_current_risks_counts_history_and_links_older_analyses() {
    let site = built("risk_heatmap");
    let page = site.read("risker/index.html");
    let main = main_of(&page);
    // Linked from the main navigation of every page.
    assert!(
        site.read("index.html")
            .contains("<a href=\"/risker/\">Risköversikt</a>")
    );
    assert!(page.contains("<a href=\"/risker/\" aria-current=\"page\">Risköversikt</a>"));
    // The latest analysis per owner, with links to the older ones (newest first).
    let analyses =
        &main[main.find("analyses-heading").unwrap()..main.find("site-heatmap-heading").unwrap()];
    let regionstab = &analyses[analyses.find("Regionstabschef</a></th>").unwrap()..];
    let regionstab = &regionstab[..regionstab.find("</tr>").unwrap()];
    assert!(
        regionstab
            .contains("<a class=\"analysis-link\" href=\"/ra-2023/\">Riskanalys 2023</a> (2023)"),
        "{regionstab}"
    );
    assert!(regionstab.contains("<a class=\"older-analysis\" href=\"/ra-2022/\" title=\"Riskanalys 2022\">2022</a>, <a class=\"older-analysis\" href=\"/ra-2021/\" title=\"Riskanalys 2021\">2021</a>"), "{regionstab}");
    assert!(analyses.contains("<a class=\"analysis-link\" href=\"/hr/\">HR:s riskanalys</a>"));
    // The site-wide heat map covers the current analyses, with document codes.
    let c = cell(main, 5, 5);
    assert!(
        c.contains("/ra-2023/#risk-5") && c.contains("/ra-2023/#risk-14"),
        "{c}"
    );
    assert!(!c.contains("/ra-2022/"));
    assert!(cell(main, 4, 4).contains("/hr/#risk-1"));
    assert!(main.contains("<dt>A</dt>") && main.contains("<dt>B</dt>"));
    // Counts per band (3 high: 5, 14 and HR's 1), per area, per objective.
    let bands = &main[main.find("Antal per riskklass").unwrap()..];
    let bands = &bands[..bands.find("</table>").unwrap()];
    assert!(
        bands.contains("Hög</span></th><td class=\"num\">3</td>"),
        "{bands}"
    );
    assert!(bands.contains("Medel</span></th><td class=\"num\">1</td>"));
    assert!(bands.contains("Låg</span></th><td class=\"num\">1</td>"));
    assert!(main.contains("<th scope=\"row\">Arbetsmiljö</th><td class=\"num\">3</td>"));
    assert!(main.contains("<th scope=\"row\">Länets utveckling</th><td class=\"num\">2</td>"));
    assert!(main.contains("c: Att verksamheten följer styrande dokument, lagar, förordningar m.m.</th><td class=\"num\">2</td>"));
    // Highlighted risks with their responsibles.
    let high =
        &main[main.find("highlighted-heading").unwrap()..main.find("history-heading").unwrap()];
    assert!(high.contains("Säkerhetschef") && high.contains("HR-direktör"));
    assert!(high.contains(
        "Regionstabschef</a> <span class=\"remark\">(flera avdelningar involverade)</span>"
    ));
    // History: risk 5 across 2021 → 2022 → 2023.
    let history =
        &main[main.find("history-heading").unwrap()..main.find("register-heading").unwrap()];
    assert!(history.contains(
        "<th scope=\"col\">2021</th><th scope=\"col\">2022</th><th scope=\"col\">2023</th>"
    ));
    let r5 = &history[history.find("Risk 5:").unwrap()..];
    let r5 = &r5[..r5.find("</tr>").unwrap()];
    for score in [">8</span>", ">16</span>", ">25</span>"] {
        assert!(r5.contains(score), "{r5}");
    }
    // The register: every risk of the current analyses, 1 + 4; older ones in the export.
    let register = &main[main.find("id=\"site-register\"").unwrap()..];
    let register = &register[..register.find("</table>").unwrap()];
    assert_eq!(
        register.matches("<tr class").count() + register.matches("<tr data-doc").count(),
        5
    );
    assert!(
        register.contains("data-doc=\"hr-2023\"") && !register.contains("data-doc=\"ra-2022\"")
    );
    assert!(page.contains("<script defer src=\"/assets/risk-register.js\"></script>"));
}

#[test]
fn the_register_script_is_loaded_only_where_there_is_a_register() {
    let site = built("risk_heatmap");
    let script = "assets/risk-register.js";
    assert!(site.read("ra-2023/index.html").contains(script));
    assert!(!site.read("plan/index.html").contains(script));
    assert!(!site.read("index.html").contains(script));
    assert!(site.read(script).contains("replaceState"));
    assert!(
        site.read("ra-2023/index.html")
            .contains("<table class=\"records risks\" id=\"table-risks-1-table\" data-register")
    );
}

#[test]
fn restricted_and_draft_risks_never_reach_pages_or_exports() {
    let site = built("risk_heatmap");
    for (path, bytes) in site.output_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("CANARY"),
            "{path} leaks an unpublished document"
        );
    }
    assert!(!site.public().join("hemlig").exists() && !site.public().join("utkast").exists());
}

#[test]
fn document_csv_is_excel_ready() {
    let site = built("risk_heatmap");
    let bytes = std::fs::read(site.public().join("ra-2023/risker.csv")).unwrap();
    let expected = "\u{feff}ID;Krav;Målområde;Uppdrag;Beskrivning av risk;Beskrivning av konsekvensen;Sannolikhet 1-5;Allvarlighetsgrad 1-5;Riskpoäng;Hantering av risk;Beskrivning av bakomliggande orsaken;Åtgärder;Ansvarig för genomförandet;Föregående\r\n\
5;c;Länets utveckling;;Verksamheten kan inte upprätthållas;\"Brist på läkemedel; förbrukningsmaterial saknas\";5;5;25;begränsa;\"Resurser saknas.\nKompetens saknas.\";\"• Robusthet\n• Övningar\";Regionstabschef (flera avdelningar involverade);ra-2022#risk-5\r\n\
7;c, f;Arbetsmiljö;;\"Hot och våld mot \"\"anställda\"\"\";;1;2;2;behålla;;;\"• HR\n• Hospa-chef\";ra-2022#risk-7\r\n\
14;e;Arbetsmiljö;;Informationssäkerhet brister;;5;5;25;eliminera;;;Säkerhetschef;\r\n\
3;;Länets utveckling;;Medelrisk;;3;3;9;begränsa;;;HR;ra-2022#risk-3\r\n";
    assert_eq!(String::from_utf8(bytes.clone()).unwrap(), expected);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 byte-order mark");
    // Linked from the page.
    let page = site.read("ra-2023/index.html");
    assert!(page.contains("<a href=\"/ra-2023/risker.csv\" download>"));
    assert!(page.contains("<a href=\"/ra-2023/risker.json\" download>"));
}

#[test]
fn site_wide_csv_has_document_columns_and_every_published_risk() {
    let site = built("risk_heatmap");
    let text = site.read("export/risker.csv");
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(lines[0].starts_with("\u{feff}Dokument-id;Dokument;Beslutat;ID;Krav;"));
    assert!(
        lines[1].starts_with("hr-2023;HR:s riskanalys;2023-05-01;1;"),
        "{}",
        lines[1]
    );
    let actions = site.read("export/atgarder.csv");
    assert!(actions.starts_with("\u{feff}Dokument-id;Dokument;Typ;ID;Åtgärd;"));
    assert!(actions.contains("plan;Handlingsplan;Åtgärd;larm;\"Upphandla larm; snabbt\";;;;Regionstabschef;Planerad;2022-06-30;Ja;\r\n"), "{actions}");
    assert!(actions.contains("plan;Handlingsplan;Aktivitet;a1;Analysera;Färre skador;\"• MedControl\n• Journal\";;\"• HR\n• Alla verksamheter\";;;Nej;\r\n"), "{actions}");
}

fn keys(value: &serde_json::Value) -> Vec<&str> {
    let mut k: Vec<&str> = value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    k.sort();
    k
}

#[test]
fn json_exports_have_the_documented_shape() {
    let site = built("risk_heatmap");
    let doc: serde_json::Value = serde_json::from_str(&site.read("ra-2023/risker.json")).unwrap();
    assert_eq!(
        keys(&doc),
        [
            "documents",
            "format",
            "highlight_from",
            "risks",
            "scale",
            "version"
        ]
    );
    assert_eq!(doc["format"], "styrdok-risks");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["scale"], 5);
    assert_eq!(doc["highlight_from"], 15);
    assert_eq!(
        keys(&doc["documents"][0]),
        [
            "decided",
            "id",
            "organisation",
            "owner",
            "status",
            "title",
            "type",
            "url"
        ]
    );
    assert_eq!(doc["documents"][0]["decided"], "2023-02-28");
    assert_eq!(doc["documents"][0]["organisation"], "Region Test");
    let risks = doc["risks"].as_array().unwrap();
    assert_eq!(risks.len(), 4);
    for r in risks {
        assert_eq!(
            keys(r),
            [
                "actions",
                "area",
                "assignment",
                "band",
                "cause",
                "consequence",
                "document",
                "highlighted",
                "id",
                "likelihood",
                "objectives",
                "previous",
                "responsible",
                "risk",
                "score",
                "severity",
                "treatment",
                "url"
            ]
        );
    }
    let r5 = &risks[0];
    assert_eq!(r5["id"], "5");
    assert_eq!(r5["url"], "/ra-2023/#risk-5");
    assert_eq!(r5["score"], 25);
    assert_eq!(r5["band"], "high");
    assert_eq!(r5["highlighted"], true);
    assert_eq!(r5["objectives"], serde_json::json!(["c"]));
    assert_eq!(r5["actions"], serde_json::json!(["Robusthet", "Övningar"]));
    assert_eq!(
        r5["responsible"],
        serde_json::json!([{"name": "Regionstabschef", "remark": "flera avdelningar involverade"}])
    );
    assert_eq!(
        r5["previous"],
        serde_json::json!({"document": "ra-2022", "id": "5", "url": "/ra-2022/#risk-5", "score": 16, "direction": "up"})
    );
    // Aliases are merged into the canonical name; absent values are null, not missing.
    assert_eq!(risks[1]["responsible"][1]["name"], "Hospa-chef");
    assert!(risks[2]["previous"].is_null() && risks[2]["assignment"].is_null());

    let all: serde_json::Value = serde_json::from_str(&site.read("export/risker.json")).unwrap();
    let ids: Vec<&str> = all["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["hr-2023", "ra-2023", "ra-2022", "ra-2021"]);
    assert_eq!(all["risks"].as_array().unwrap().len(), 9);

    let actions: serde_json::Value =
        serde_json::from_str(&site.read("export/atgarder.json")).unwrap();
    assert_eq!(
        keys(&actions),
        ["actions", "documents", "format", "today", "version"]
    );
    assert_eq!(actions["format"], "styrdok-actions");
    assert_eq!(actions["today"], "2025-01-15");
    let first = &actions["actions"][0];
    assert_eq!(
        keys(first),
        [
            "area",
            "document",
            "due",
            "goal",
            "id",
            "kind",
            "method",
            "overdue",
            "recommendation",
            "responsible",
            "status",
            "text",
            "url"
        ]
    );
    assert_eq!(first["kind"], "action");
    assert_eq!(first["overdue"], true);
    assert_eq!(actions["actions"].as_array().unwrap().len(), 3);
}

#[test]
fn exports_are_byte_identical_across_builds() {
    let site = built("risk_heatmap");
    let first = site.output_files();
    site.build().assert_ok();
    assert_eq!(first, site.output_files());
}

/// Incremental rebuilds (serve) give the bytes of a full build after edits that reach
/// risk pages only through `previous`, the overview and the site-wide exports.
#[test]
fn incremental_rebuilds_of_risk_views_equal_full_builds() {
    use std::path::PathBuf;
    use styrdok::Target;
    use styrdok::engine::Engine;
    let today = styrdok::text::Date::parse("2025-01-15").unwrap();
    let site = TestSite::from_fixture("risk_heatmap");
    let mut engine = Engine::new(site.root(), false, today);
    assert!(!engine.full(&Target::Memory).has_errors());
    let edits: [(&str, &str, &str); 5] = [
        // The earlier score on ra-2022's rows: ra-2022 reaches ra-2021 by `previous` only.
        (
            "content/ra-2021.md",
            "  likelihood: 2\n",
            "  likelihood: 3\n",
        ),
        // The earlier score shown on ra-2023's rows and in its exports.
        (
            "content/ra-2022.md",
            "  likelihood: 4\n  severity: 4\n",
            "  likelihood: 2\n  severity: 4\n",
        ),
        // A risk moves on the site-wide heat map.
        ("content/hr.md", "  likelihood: 4\n", "  likelihood: 1\n"),
        // Actions only: the site-wide actions export.
        ("content/plan.md", "  status: planned\n", "  status: done\n"),
        (
            "content/plan.md",
            "action: Klar åtgärd",
            "action: Klar och godkänd åtgärd",
        ),
    ];
    for (path, from, to) in edits {
        let full = site.root().join(path);
        let text = std::fs::read_to_string(&full).unwrap();
        assert!(text.contains(from), "{path} lacks {from:?}");
        std::fs::write(&full, text.replacen(from, to, 1)).unwrap();
        let (report, _) = engine.update(&[PathBuf::from(path)]);
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        let mut fresh = Engine::new(site.root(), false, today);
        let full_files = fresh.full(&Target::Memory).files;
        let files = engine.files().unwrap();
        let differing: Vec<&String> = full_files
            .keys()
            .chain(files.keys())
            .filter(|k| full_files.get(*k) != files.get(*k))
            .collect();
        assert!(differing.is_empty(), "after editing {path}: {differing:?}");
    }
}

#[test]
fn risk_views_respect_base_path() {
    let site = TestSite::from_fixture("risk_heatmap");
    let config = std::fs::read_to_string(site.root().join("styrdok.yaml")).unwrap();
    site.write("styrdok.yaml", &format!("{config}base_path: /styrdok/\n"));
    site.build().assert_ok();
    let page = site.read("ra-2023/index.html");
    assert!(page.contains("<script defer src=\"/styrdok/assets/risk-register.js\"></script>"));
    assert!(page.contains("<a href=\"/styrdok/ra-2023/risker.csv\" download>"));
    assert!(
        page.contains("href=\"/styrdok/ra-2022/#risk-5\""),
        "trend link"
    );
    let overview = site.read("risker/index.html");
    assert!(cell(&overview, 5, 5).contains("href=\"/styrdok/ra-2023/#risk-5\""));
    assert!(overview.contains("href=\"/styrdok/export/risker.csv\""));
    assert!(
        site.read("index.html")
            .contains("<a href=\"/styrdok/risker/\">Risköversikt</a>")
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("ra-2023/risker.json")).unwrap();
    assert_eq!(json["risks"][0]["url"], "/styrdok/ra-2023/#risk-5");
}
