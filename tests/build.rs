//! Integration tests that run the binary on small fixture sites, one per feature.

mod common;
use common::*;

#[test]
fn blocks_render_as_accessible_tables_matching_the_golden_file() {
    let site = TestSite::from_fixture("blocks");
    site.build().assert_ok();
    let page = site.read("ra/index.html");
    let main = main_of(&page);
    let golden_path = fixture("blocks/expected-main.html");
    if std::env::var_os("STYRDOK_BLESS").is_some() {
        std::fs::write(&golden_path, main).unwrap();
    }
    let golden = std::fs::read_to_string(&golden_path)
        .expect("golden file (run with STYRDOK_BLESS=1 to create)");
    assert_eq!(
        main, golden,
        "ra page differs from tests/fixtures/blocks/expected-main.html"
    );
}

#[test]
fn blocks_have_anchors_captions_scopes_and_markers() {
    let site = TestSite::from_fixture("blocks");
    site.build().assert_ok();
    let page = site.read("ra/index.html");
    for anchor in [
        "risk-5",
        "risk-7",
        "activity-fo1-1",
        "activity-2",
        "action-larm",
        "action-2",
        "recommendation-1",
    ] {
        assert!(
            page.contains(&format!("<tr id=\"{anchor}\"")),
            "missing anchor {anchor}"
        );
    }
    // Four record tables and the risk-analysis page's heat map.
    assert_eq!(page.matches("<caption").count(), 5);
    assert!(page.contains("<th scope=\"col\">"));
    assert!(page.contains("<th scope=\"row\">"));
    // Highlight by colour class and by visible text.
    let risk5 = &page[page.find("id=\"risk-5\"").unwrap()..page.find("id=\"risk-7\"").unwrap()];
    assert!(
        risk5.contains("band-high") && risk5.contains("Hög risk"),
        "{risk5}"
    );
    let risk7 = &page[page.find("id=\"risk-7\"").unwrap()..];
    let risk7 = &risk7[..risk7.find("</tr>").unwrap()];
    assert!(
        !risk7.contains("Hög risk") && risk7.contains(">2<"),
        "score computed: {risk7}"
    );
    // Overdue with --today 2025-01-15: the planned action due 2022, not the done one.
    let larm = &page[page.find("id=\"action-larm\"").unwrap()..];
    let larm = &larm[..larm.find("</tr>").unwrap()];
    assert!(larm.contains("Försenad"), "{larm}");
    let done = &page[page.find("id=\"action-2\"").unwrap()..];
    let done = &done[..done.find("</tr>").unwrap()];
    assert!(!done.contains("Försenad"), "{done}");
    // The remark is split from the responsible's name.
    assert!(
        page.contains(
            "<a href=\"/ansvariga/regionstabschef/\">Regionstabschef</a> <span class=\"remark\">(flera avdelningar involverade)</span>"
        )
    );
}

#[test]
fn overdue_is_relative_to_today() {
    let site = TestSite::from_fixture("blocks");
    site.run(&["build", "--today", "2022-06-01"]).assert_ok();
    let page = site.read("ra/index.html");
    assert!(!page.contains("Försenad"), "nothing is late on 2022-06-01");
}

#[test]
fn links_are_rewritten_under_base_path_and_assets_copied() {
    let site = TestSite::from_fixture("links");
    site.build().assert_ok();
    let index = site.read("index.html");
    for expected in [
        "<a href=\"/styrdok/rs/ra/#risk-5\">risk 5</a>",
        "<a href=\"/styrdok/rs/ra/\">Riskanalys</a>",
        "<a href=\"/styrdok/rs/ra/#risk-5\">Riskanalys – Risk 5</a>",
        "<a href=\"/styrdok/rs/ra/\">egen text</a>",
        "<a href=\"/styrdok/rs/ra/#bakgrund\">rubrik</a>",
        "<a href=\"/styrdok/rs/bilaga.txt\">bilaga</a>",
        "<a href=\"https://example.org/\">extern</a>",
        "href=\"/styrdok/assets/styrdok.css\"",
    ] {
        assert!(index.contains(expected), "missing {expected}");
    }
    let ra = site.read("rs/ra/index.html");
    assert!(ra.contains("<a href=\"/styrdok/\">start</a>"));
    assert!(ra.contains("<a href=\"/styrdok/rs/ra/#bakgrund\">samma sida</a>"));
    // Breadcrumbs run through the section introduced by rs/index.md.
    assert!(ra.contains("<li><a href=\"/styrdok/rs/\">Regionstyrelsen</a></li>"));
    assert_eq!(site.read("rs/bilaga.txt"), "en bilaga\n");
    assert_eq!(site.read("logo.txt"), "logo\n");
    let section = site.read("rs/index.html");
    assert!(section.contains("Avdelningens dokument.") && section.contains("/styrdok/rs/ra/"));
}

#[test]
fn restricted_and_draft_canaries_never_reach_the_output() {
    let site = TestSite::from_fixture("publishing");
    site.build().assert_ok();
    let files = site.output_files();
    assert!(!files.is_empty());
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("CANARY-RESTRICTED"),
            "{path} leaks a restricted document"
        );
        assert!(!text.contains("CANARY-DRAFT"), "{path} leaks a draft");
        assert!(
            !path.contains("secret") && !path.contains("draft") && !path.contains("hidden"),
            "{path}"
        );
    }
    // Counts leave them out too: one published document.
    let start = site.read("index.html");
    assert!(
        !start.contains("Riskanalyser"),
        "a restricted risk analysis is counted"
    );
}

#[test]
fn drafts_are_published_with_the_flag_and_marked() {
    let site = TestSite::from_fixture("publishing");
    site.run(&["build", "--drafts", "--today", "2025-01-15"])
        .assert_ok();
    let draft = site.read("draft/index.html");
    assert!(draft.contains("CANARY-DRAFT-BODY"));
    assert!(draft.contains("banner-draft") && draft.contains("Utkast"));
    let index = site.read("typ/handlingsplaner/index.html");
    assert!(index.contains("CANARY-DRAFT-TITLE") && index.contains("(Utkast)"));
    for (path, bytes) in site.output_files() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("CANARY-RESTRICTED"),
            "{path}"
        );
    }
}

#[test]
fn every_type_has_its_template_and_index_page() {
    let site = TestSite::from_fixture("types");
    site.build().assert_ok();
    for (file, class, index) in [
        ("strategi", "doc-strategy", "strategier"),
        ("plan", "doc-action-plan", "handlingsplaner"),
        ("risk", "doc-risk-analysis", "riskanalyser"),
        ("rapport", "doc-safety-report", "sakerhetsberattelser"),
        ("svar", "doc-audit-response", "revisionssvar"),
        ("uppdrag", "doc-assignment", "uppdrag"),
        ("arende", "doc-decision", "arenden"),
        ("sub/sida", "doc-page", "sidor"),
    ] {
        let page = site.read(&format!("{file}/index.html"));
        assert!(page.contains(class), "{file} not rendered with its type");
        let listing = site.read(&format!("typ/{index}/index.html"));
        let title_start = page.find("<h1>").unwrap() + 4;
        let title = &page[title_start..title_start + page[title_start..].find("</h1>").unwrap()];
        assert!(listing.contains(title), "{index} does not list {title}");
    }
    let decision = site.read("arende/index.html");
    for text in [
        "30 mars 2021",
        "Regionstaben",
        "Anneli Granberg",
        "Rickard Stewén",
        "0.13",
        "Region Test",
    ] {
        assert!(decision.contains(text), "decision page lacks {text}");
    }
    let risk_index = site.read("typ/riskanalyser/index.html");
    assert!(
        risk_index.contains("RS 1-2023"),
        "type index shows the diary number"
    );
    let start = site.read("index.html");
    assert!(start.contains("Välkommen") && start.contains("Intro på startsidan."));
    assert!(start.contains("Startsidans sammanfattning"));
    // Sections: breadcrumbs through sub/ and sub/djup/.
    let deep = site.read("sub/djup/mer/index.html");
    assert!(
        deep.contains("<li><a href=\"/sub/\">Sub</a></li>")
            && deep.contains("<li><a href=\"/sub/djup/\">Djup</a></li>")
    );
    let sub = site.read("sub/index.html");
    assert!(sub.contains("/sub/djup/") && sub.contains("/sub/sida/"));
}

#[test]
fn english_ui_dates_and_overdue_marker() {
    let site = TestSite::from_fixture("english");
    site.build().assert_ok();
    let page = site.read("plan/index.html");
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("28 February 2023"));
    assert!(page.contains("Overdue") && !page.contains("Försenad"));
    assert!(page.contains("Skip to content"));
}

#[test]
fn a_site_template_overrides_one_template_only() {
    let site = TestSite::from_fixture("theme_override");
    site.build().assert_ok();
    assert!(site.read("a/index.html").contains("OVERRIDDEN PAGE"));
    assert!(!site.read("b/index.html").contains("OVERRIDDEN PAGE"));
}

#[test]
fn a_theme_folder_is_used_when_selected() {
    let site = TestSite::from_fixture("theme_override");
    site.write("styrdok.yaml", "title: Tema\ntheme: mitt\n");
    site.write(
        "themes/mitt/templates/strategy.html",
        "{% extends \"document.html\" %}{% block doc_after %}MY THEME{% endblock %}",
    );
    site.write("themes/mitt/static/styrdok.css", "body{}");
    site.build().assert_ok();
    assert!(site.read("b/index.html").contains("MY THEME"));
    assert_eq!(site.read("assets/styrdok.css"), "body{}");
    site.write("styrdok.yaml", "title: Tema\ntheme: saknas\n");
    let run = site.build();
    assert!(!run.success);
    assert!(
        run.stderr.contains("theme `saknas` not found"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_template_error_is_located_in_the_template() {
    let site = TestSite::from_fixture("theme_override");
    site.write("templates/page.html", "{% extends \"document.html\" %}\n{% block doc_after %}\n{{ doc.title | nosuchfilter }}\n{% endblock %}\n");
    let run = site.build();
    assert!(!run.success);
    let lines = run.headlines();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("templates/page.html:3:") && l.contains("nosuchfilter")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_failed_build_leaves_public_byte_for_byte_unchanged() {
    let site = TestSite::from_fixture("links");
    site.build().assert_ok();
    let before = site.output_files();
    site.write(
        "content/rs/ra.md",
        "---\ntitle: Trasig\nid: ra\n---\n[[finns-inte]]\n",
    );
    let run = site.build();
    assert!(!run.success);
    assert_eq!(site.output_files(), before);
}

#[test]
fn deleting_or_restricting_a_source_removes_its_page() {
    let site = TestSite::from_fixture("types");
    site.build().assert_ok();
    assert!(site.public().join("plan/index.html").exists());
    std::fs::remove_file(site.root().join("content/plan.md")).unwrap();
    site.write(
        "content/uppdrag.md",
        "---\ntitle: Ett uppdrag\ntype: assignment\nclassification: restricted\n---\nx\n",
    );
    site.build().assert_ok();
    assert!(!site.public().join("plan").exists());
    assert!(!site.public().join("uppdrag").exists());
    assert!(!site.read("typ/uppdrag/index.html").contains("Ett uppdrag"));
}

#[test]
fn two_builds_are_byte_identical() {
    let a = TestSite::from_fixture("types");
    a.build().assert_ok();
    let first = a.output_files();
    a.build().assert_ok();
    assert_eq!(first, a.output_files());
}

#[test]
fn a_minimal_site_builds_with_defaults() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: Minimal\n"),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    site.build().assert_ok();
    let page = site.read("a/index.html");
    assert!(page.contains("<html lang=\"sv\">") && page.contains("Hoppa till innehållet"));
}

#[test]
fn raw_html_is_escaped() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        (
            "content/a.md",
            "---\ntitle: A\n---\n<script>alert('x')</script>\n\nText <b onclick=\"x\">fet</b>\n",
        ),
    ]);
    site.build().assert_ok();
    let page = site.read("a/index.html");
    assert!(!page.contains("<script>") && page.contains("&lt;script&gt;"));
    assert!(!page.contains("<b onclick"));
}

#[test]
fn check_validates_without_writing() {
    let site = TestSite::from_fixture("types");
    let run = site.run(&["check"]);
    assert!(run.success, "{}", run.stderr);
    assert!(!site.public().exists());
    site.write("content/a.md", "---\ntitle: A\ndecided: 2023-13-01\n---\n");
    let run = site.run(&["check"]);
    assert!(!run.success);
    assert_eq!(
        run.headlines(),
        [
            "content/a.md:3:10: error: `decided` holds `2023-13-01`, which is not a date: month 13 does not exist"
        ]
    );
}

#[test]
fn a_missing_site_is_a_clear_error() {
    let site = TestSite::from_files(&[]);
    let run = site.build();
    assert!(!run.success);
    assert!(
        run.stderr
            .contains("styrdok.yaml: error: cannot read the site configuration"),
        "{}",
        run.stderr
    );
}

/// Every flag and argument of every command says what it is for in `--help`, and
/// `new --help` names every document type.
#[test]
fn help_describes_every_flag() {
    let commands: &[&[&str]] = &[
        &["build"],
        &["serve"],
        &["check"],
        &["init"],
        &["new"],
        &["import", "risks"],
        &["import", "document"],
        &["import", "documents"],
    ];
    let dir = tempfile::tempdir().unwrap();
    for command in commands {
        let args: Vec<&str> = command.iter().copied().chain(["--help"]).collect();
        let help = styrdok_in(dir.path(), &args).stdout;
        let entries: Vec<&str> = help
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with('-') || l.starts_with('<'))
            .collect();
        assert!(!entries.is_empty(), "{command:?}:\n{help}");
        for entry in entries {
            let parts = entry.split("  ").filter(|p| !p.trim().is_empty()).count();
            assert!(
                parts >= 2,
                "{command:?}: `{entry}` has no description:\n{help}"
            );
        }
    }
    let new_help = styrdok_in(dir.path(), &["new", "--help"]).stdout;
    for t in styrdok::model::DocType::ALL {
        assert!(
            new_help.contains(t.key()),
            "{} missing:\n{new_help}",
            t.key()
        );
    }
}
