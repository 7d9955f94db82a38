//! Snapshots through the in-process harness (tests/harness): the `<main>` of one page
//! of every kind of each feature fixture, and the diagnostics of every error fixture.
//! A change to what a page shows or what a problem says shows as a snapshot diff;
//! re-bless on purpose with `INSTA_UPDATE=always cargo test --test snapshots`.

mod harness;
use harness::Site;

/// Every kind of page of a fixture, each `<main>` a snapshot.
fn every_page_kind(fixture: &str) {
    let site = Site::fixture(fixture);
    let built = site.build().ok();
    let pages = built.page_of_each_kind();
    assert!(pages.len() > 3, "{fixture}: only {pages:?}");
    for url in pages {
        built.check_main(&url);
    }
}

macro_rules! page_snapshots {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { every_page_kind(stringify!($name)); })*
    };
}

page_snapshots!(
    blocks,
    calendar,
    english,
    links,
    publishing,
    risk_heatmap,
    risk_heatmap_scale4,
    search,
    theme_override,
    types,
    views,
);

/// An error fixture's diagnostics, whole: headline, source line and caret.
fn diagnostics_of(fixture: &str) {
    let name = format!("errors/{fixture}");
    let site = Site::fixture(&name);
    let built = site.build();
    assert!(built.report.has_errors(), "{name} should fail");
    built.check_diagnostics();
}

macro_rules! diagnostic_snapshots {
    ($($name:ident),* $(,)?) => {
        mod errors {
            $(#[test] fn $name() { super::diagnostics_of(stringify!($name)); })*
        }
    };
}

diagnostic_snapshots!(
    alias_bomb,
    bad_cycle,
    broken_anchor,
    broken_link,
    crlf_and_bom,
    deep_nesting,
    duplicate_document_id,
    duplicate_record_id,
    empty_file,
    impossible_dates,
    link_hints,
    missing_fields,
    missing_title,
    not_utf8,
    out_of_range,
    previous_link,
    refused_links,
    restricted_link,
    same_url,
    score_mismatch,
    theme_outside,
    two_files,
    unclosed_front_matter,
    unknown_area,
    unknown_config_key,
    unknown_front_matter_key,
    unknown_objective,
    unknown_treatment,
    wrong_types,
    yaml_block,
    yaml_colon,
    yaml_front_matter,
    yaml_missing_dash,
    yaml_tab,
);

/// The harness itself: a file changed before the build shows in the page.
#[test]
fn a_changed_file_shows_in_the_built_page() {
    let site = Site::fixture("links").change_file(
        "content/extra.md",
        "---\ntitle: Tillagd sida\n---\nNy text.\n",
    );
    let built = site.build().ok();
    assert!(built.main("extra/").contains("<h1>Tillagd sida</h1>"));
}

/// `extra:` holds an editor's own fields: no page shows them, a template can.
#[test]
fn extra_fields_reach_templates_only() {
    let page = "---\ntitle: A\nextra:\n  projektkod: P-17\n---\nText\n";
    let plain = Site::fixture("links").change_file("content/extra.md", page);
    assert!(!plain.build().ok().main("extra/").contains("P-17"));
    let themed = Site::fixture("theme_override")
        .change_file("content/extra.md", page)
        .change_file(
            "templates/page.html",
            "{% extends \"document.html\" %}{% block doc_after %}<p>{{ doc.extra.projektkod }}</p>{% endblock %}",
        );
    assert!(themed.build().ok().main("extra/").contains("<p>P-17</p>"));
}
