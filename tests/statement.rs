//! The accessibility statement (tillgänglighetsredogörelse): generated from
//! `accessibility:` in styrdok.yaml, in the site's language, linked from every page.

mod common;
use common::*;

#[test]
fn the_statement_is_generated_from_config_and_linked_from_every_page() {
    let site = TestSite::from_files(&[
        (
            "styrdok.yaml",
            "title: X\norganisation: Region Test\naccessibility:\n  contact:\n    email: a11y@example.se\n    phone: 063-14 75 00\n    url: https://example.se/kontakt\n  known_exceptions:\n    - Äldre PDF-bilagor är inte tillgänglighetsanpassade.\n  last_review: 2025-01-10\n",
        ),
        ("content/a.md", "---\ntitle: A\n---\n"),
        ("content/sub/b.md", "---\ntitle: B\n---\n"),
    ]);
    site.build().assert_ok();
    let page = site.read("tillganglighet/index.html");
    let main = main_of(&page);
    for text in [
        "<h1>Tillgänglighetsredogörelse</h1>",
        "Region Test står bakom",
        "delvis förenlig",
        "<li>Äldre PDF-bilagor är inte tillgänglighetsanpassade.</li>",
        "href=\"mailto:a11y@example.se\"",
        "href=\"tel:063147500\"",
        "href=\"https://example.se/kontakt\"",
        "https://www.digg.se/",
        "<time datetime=\"2025-01-10\">10 januari 2025</time>",
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
    site.build().assert_ok();
    let main = site.read("tillganglighet/index.html");
    assert!(main.contains("<h1>Accessibility statement</h1>"));
    assert!(main.contains("fully complies"));
    assert!(main.contains("We know of no content that is not accessible."));
    assert!(main.contains("Contact X if you cannot use"));
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
