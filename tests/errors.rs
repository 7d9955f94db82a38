//! One test per class of bad input: each fixture under tests/fixtures/errors/NAME is a
//! site with one kind of mistake, and expected.txt lists every diagnostic it must give,
//! `PATH:LINE:COLUMN: severity: message`, in order. The build must fail, print the
//! offending source line under each, and write no public/.

mod common;
use common::*;

fn check(name: &str) {
    let site = TestSite::from_fixture(&format!("errors/{name}"));
    let expected_path = fixture(&format!("errors/{name}/expected.txt"));
    let expected: Vec<String> = std::fs::read_to_string(&expected_path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let run = site.build();
    assert!(
        !run.success,
        "{name}: the build should fail:\n{}",
        run.stderr
    );
    assert_eq!(
        run.headlines(),
        expected,
        "{name}: full output:\n{}",
        run.stderr
    );
    // Each located diagnostic shows its source line, with the line number in the gutter.
    for headline in &expected {
        let mut parts = headline.splitn(4, ':');
        let (path, line) = (parts.next().unwrap(), parts.next().unwrap());
        let source = std::fs::read(site.root().join(path)).unwrap();
        if std::str::from_utf8(&source).is_err() {
            continue; // a non-UTF-8 line cannot be shown
        }
        let block = run.stderr.split(headline.as_str()).nth(1).unwrap();
        let gutter = block.lines().nth(1).unwrap_or("");
        assert!(
            gutter.trim_start().starts_with(&format!("{line} | ")),
            "{name}: no source line under `{headline}`:\n{}",
            run.stderr
        );
    }
    assert!(
        !site.public().exists(),
        "{name}: a failed build wrote public/"
    );
}

macro_rules! error_cases {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { check(stringify!($name)); })*
    };
}

error_cases!(
    bad_cycle,
    yaml_front_matter,
    yaml_block,
    missing_title,
    missing_fields,
    wrong_types,
    out_of_range,
    score_mismatch,
    unknown_treatment,
    unknown_objective,
    unknown_area,
    unknown_config_key,
    duplicate_record_id,
    duplicate_document_id,
    broken_link,
    broken_anchor,
    restricted_link,
    two_files,
    unclosed_front_matter,
    not_utf8,
    refused_links,
    crlf_and_bom,
    alias_bomb,
    empty_file,
    deep_nesting,
    same_url,
    theme_outside,
    previous_link,
    yaml_tab,
    yaml_colon,
    yaml_missing_dash,
    impossible_dates,
    link_hints,
    unknown_front_matter_key,
);

#[test]
fn every_error_fixture_has_a_test() {
    let source = include_str!("errors.rs");
    for entry in std::fs::read_dir(fixture("errors")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            source.contains(&format!("    {name},\n")),
            "fixture errors/{name} has no test"
        );
    }
}
