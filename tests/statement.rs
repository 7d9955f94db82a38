//! The accessibility statement (tillgänglighetsredogörelse): generated from
//! `accessibility:` in styrdok.yaml, in the site's language, linked from every page.

mod common;
use common::*;

#[test]
fn the_statement_is_generated_from_config_and_linked_from_every_page() {
    let site = TestSite::from_files(&[
        (
            "styrdok.yaml",
            "title: X\norganisation: Region Test\naccessibility:\n  service: Intranätets styrdokument\n  compliance: partial\n  contact:\n    email: a11y@example.se\n    phone: 063-14 75 00\n    url: https://example.se/kontakt\n    response_time: inom en vecka\n  known_exceptions:\n    - Äldre PDF-bilagor är inte tillgänglighetsanpassade.\n    - content: Kartan över lokalerna\n      reason: disproportionate_burden\n      explanation: En textversion finns på begäran.\n    - content: Inspelade möten före 2020\n      reason: out_of_scope\n  assessment: external\n  assessed_by: Granskarna AB\n  assessed: 2025-01-08\n  updated: 2025-01-10\n",
        ),
        ("content/a.md", "---\ntitle: A\n---\n"),
        ("content/sub/b.md", "---\ntitle: B\n---\n"),
    ]);
    let run = site.build();
    run.assert_ok();
    assert!(run.headlines().is_empty(), "{:?}", run.headlines());
    let page = site.read("tillganglighet/index.html");
    let main = main_of(&page);
    for text in [
        "<h1>Tillgänglighetsredogörelse</h1>",
        "Region Test står bakom Intranätets styrdokument.",
        "delvis förenlig",
        "<h3>Bristande förenlighet med lagstiftningen</h3>\n<ul>\n<li>Äldre PDF-bilagor är inte tillgänglighetsanpassade.</li>",
        "<h3>Oskäligt betungande anpassning</h3>\n<ul>\n<li>Kartan över lokalerna En textversion finns på begäran.</li>",
        "<h3>Innehåll som inte omfattas av lagstiftningen</h3>\n<ul>\n<li>Inspelade möten före 2020</li>",
        "href=\"mailto:a11y@example.se\"",
        "href=\"tel:063147500\"",
        "href=\"https://example.se/kontakt\"",
        "Vi svarar normalt inom en vecka.",
        "<a href=\"https://www.digg.se/tdosanmalan\">",
        "Intranätets styrdokument har granskats av Granskarna AB.",
        "Den senaste bedömningen gjordes den <time datetime=\"2025-01-08\">8 januari 2025</time>.",
        "Redogörelsen uppdaterades senast den <time datetime=\"2025-01-10\">10 januari 2025</time>.",
    ] {
        assert!(main.contains(text), "missing {text}:\n{main}");
    }
    for (path, bytes) in site.output_files() {
        if path.ends_with(".html") {
            assert!(
                String::from_utf8_lossy(&bytes).contains("href=\"/tillganglighet/\""),
                "{path} has no link to the statement"
            );
        }
    }
}

#[test]
fn without_config_the_statement_still_exists_in_english_too() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\nlanguage: en\n"),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    let run = site.build();
    run.assert_ok();
    assert_eq!(
        run.all_headlines(),
        [
            "styrdok.yaml: warning: no `accessibility:` section: the accessibility statement the DOS \
          law requires states nothing about compliance, contact, response time or assessment (see \
          docs/extensions.md, \"Accessibility statement\")"
        ]
    );
    let main = site.read("tillganglighet/index.html");
    assert!(main.contains("<h1>Accessibility statement</h1>"));
    // Nothing is claimed that the site did not state.
    assert!(!main.contains("fully complies"));
    assert!(main.contains("The website has not stated how far it complies"));
    assert!(main.contains("How the website was assessed has not been stated."));
    assert!(!main.contains("axe-core"));
    assert!(main.contains("We know of no content that is not accessible."));
    assert!(main.contains("Contact X if you cannot use"));
}

#[test]
fn missing_items_of_the_statement_are_one_warning_naming_their_keys() {
    let site = TestSite::from_files(&[
        (
            "styrdok.yaml",
            "title: X\naccessibility:\n  contact:\n    email: a@b.se\n  assessment: external\n  last_review: 2025-01-10\n",
        ),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    let run = site.build();
    run.assert_ok();
    assert_eq!(
        run.headlines(),
        [
            "styrdok.yaml:3:3: warning: the accessibility statement lacks what DIGG requires: set \
          `accessibility.compliance`, `accessibility.contact.response_time`, \
          `accessibility.assessed_by`, `accessibility.assessed`"
        ]
    );
    // `compliance: full` beside content that does not comply contradicts itself.
    site.write(
        "styrdok.yaml",
        "title: X\naccessibility:\n  compliance: full\n  known_exceptions: [Kartan]\n",
    );
    let run = site.build();
    assert!(
        run.headlines()
            .contains(&"styrdok.yaml:3:3: warning: `compliance: full` but `known_exceptions` lists content that does not comply; say `partial`".to_string()),
        "{:?}",
        run.headlines()
    );
}

#[test]
fn unknown_keys_in_the_accessibility_section_are_errors() {
    let site = TestSite::from_files(&[
        (
            "styrdok.yaml",
            "title: X\naccessibility:\n  contact:\n    mail: a@b.se\n  last_review: igår\n  compliance: mostly\n",
        ),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    let run = site.build();
    assert!(!run.success);
    assert_eq!(
        run.headlines(),
        [
            "styrdok.yaml:4:5: error: unknown key `mail` in `accessibility.contact` (did you mean `email`?)",
            "styrdok.yaml:5:16: error: `last_review` must be a date written YYYY-MM-DD, found `igår`",
            "styrdok.yaml:6:15: error: `compliance` must be one of full, partial, none, found `mostly`",
        ]
    );
}
