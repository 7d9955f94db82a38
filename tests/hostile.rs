//! Hostile and broken input: one test per class that a fixture folder cannot hold
//! (symbolic links, huge files, generated content) or that needs more than a list of
//! diagnostics. Each asserts a located message, no panic, and a bound on time and on
//! what is printed. The classes that fit a fixture are in tests/errors.rs:
//! not_utf8, crlf_and_bom, empty_file, unclosed_front_matter, alias_bomb, deep_nesting,
//! refused_links, same_url, theme_outside.
//!
//! The build must never panic: a panic prints "panicked" and exits with 101, which
//! `assert_no_panic` catches.

mod common;
use common::*;
use std::time::{Duration, Instant};

/// Runs `build` and checks it neither panicked nor took longer than `limit`.
fn timed_build(site: &TestSite, limit: Duration) -> Run {
    let started = Instant::now();
    let run = site.build();
    let took = started.elapsed();
    assert_no_panic(&run);
    assert!(
        took < limit,
        "the build took {took:?} (limit {limit:?}):\n{}",
        tail(&run.stderr)
    );
    run
}

fn assert_no_panic(run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "styrdok panicked:\n{}",
        tail(&run.stderr)
    );
}

fn tail(s: &str) -> &str {
    let start = s.len().saturating_sub(3000);
    let start = (start..s.len())
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(s.len());
    &s[start..]
}

#[cfg(unix)]
fn symlink(target: &str, link: &std::path::Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

const LIMIT: Duration = Duration::from_secs(60);

#[test]
fn a_ten_megabyte_line_builds_and_is_shown_shortened() {
    let long = "x".repeat(10 * 1024 * 1024);
    // In the body: builds.
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        ("content/a.md", &format!("---\ntitle: A\n---\n{long}\n")),
    ]);
    timed_build(&site, LIMIT).assert_ok();
    assert!(site.public().join("a/index.html").exists());
    // In the front matter, with an error at its end: located, and the report quotes
    // only the start of the line, not 10 MB.
    site.write(
        "content/a.md",
        &format!("---\ntitle: A\ndecided: {long}\n---\nbody\n"),
    );
    let run = timed_build(&site, LIMIT);
    assert!(!run.success);
    let lines = run.headlines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("content/a.md:3:10: error: `decided` must be a date"),
        "{}",
        &lines[0][..lines[0].len().min(300)]
    );
    assert!(
        run.stderr.len() < 64 * 1024,
        "the report of one error is {} bytes",
        run.stderr.len()
    );
}

#[test]
fn fifty_thousand_rows_in_one_block_build() {
    let mut rows = String::new();
    for i in 1..=50_000 {
        rows.push_str(&format!(
            "- id: {i}\n  risk: Risk nummer {i}\n  likelihood: {}\n  severity: {}\n  treatment: begränsa\n  responsible: Regionstabschef\n",
            i % 5 + 1,
            (i / 5) % 5 + 1
        ));
    }
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        (
            "content/ra.md",
            &format!("---\ntitle: Många risker\ntype: risk-analysis\n---\n```risks\n{rows}```\n"),
        ),
    ]);
    timed_build(&site, Duration::from_secs(120)).assert_ok();
    let page = site.read("ra/index.html");
    assert!(page.contains("id=\"risk-1\"") && page.contains("id=\"risk-50000\""));
    // A duplicate among them is found and located at its own line.
    let text = std::fs::read_to_string(site.root().join("content/ra.md")).unwrap();
    let text = text.replacen("- id: 49999\n", "- id: 7\n", 1);
    site.write("content/ra.md", &text);
    let run = timed_build(&site, Duration::from_secs(120));
    assert!(!run.success);
    let line = 6 + 49_998 * 6;
    assert_eq!(
        run.headlines(),
        [format!(
            "content/ra.md:{line}:3: error: duplicate risk id `7` (first at line 42); the anchor #risk-7 must be unique"
        )]
    );
}

#[test]
fn an_alias_bomb_in_a_block_is_refused_fast() {
    // Found by the load_document fuzz target: nested anchors inside a block, within the
    // alias count but expanding to a great deal.
    let mut block = String::from("- &a0 {action: x}\n");
    for i in 1..9 {
        let p = i - 1;
        block.push_str(&format!(
            "- &a{i} [{}]\n",
            vec![format!("*a{p}"); 9].join(", ")
        ));
    }
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        (
            "content/a.md",
            &format!("---\ntitle: A\n---\n```actions\n{block}```\n"),
        ),
    ]);
    let run = timed_build(&site, Duration::from_secs(20));
    assert!(!run.success);
    let lines = run.headlines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("content/a.md:") && lines[0].contains("YAML too large"),
        "{lines:?}"
    );
}

#[test]
fn a_bom_and_crlf_in_the_configuration_keep_lines_right() {
    let site = TestSite::from_files(&[
        (
            "styrdok.yaml",
            "\u{feff}title: X\r\nlanguage: sv\r\nthme: default\r\n",
        ),
        ("content/a.md", "---\r\ntitle: A\r\n---\r\nText\r\n"),
    ]);
    let run = timed_build(&site, LIMIT);
    assert!(!run.success);
    assert_eq!(
        run.headlines(),
        ["styrdok.yaml:3:1: error: unknown key `thme` in styrdok.yaml (did you mean `theme`?)"]
    );
    site.write("styrdok.yaml", "\u{feff}title: X\r\nlanguage: sv\r\n");
    timed_build(&site, LIMIT).assert_ok();
    assert!(site.read("a/index.html").contains("<h1>A</h1>"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_in_content_and_static_are_reported_not_followed() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        ("content/a.md", "---\ntitle: A\n---\n"),
        ("static/robots.txt", "x\n"),
    ]);
    symlink("..", &site.root().join("content/sub/loop"));
    let run = timed_build(&site, LIMIT);
    assert!(!run.success);
    assert_eq!(
        run.headlines(),
        ["content/sub/loop: error: symbolic link loop; the link is skipped"]
    );
    // static/ is copied while rendering, which only a site without errors reaches.
    std::fs::remove_file(site.root().join("content/sub/loop")).unwrap();
    symlink(".", &site.root().join("static/again"));
    let run = timed_build(&site, LIMIT);
    assert!(!run.success);
    assert_eq!(
        run.headlines(),
        ["static/again: error: symbolic link loop; the link is skipped"]
    );
    assert!(!site.public().exists());
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_refused_and_never_walked() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: HEMLIG\n---\n",
    )
    .unwrap();
    std::fs::write(outside.path().join("secret.txt"), "HEMLIG\n").unwrap();
    let out = outside.path().to_str().unwrap();
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        ("content/a.md", "---\ntitle: A\n---\n"),
        ("static/robots.txt", "x\n"),
    ]);
    // static/ is copied while rendering, which only a site without errors reaches, so
    // content/ and static/ are tried one after the other. A link to the root of the
    // file system must be refused at once, not walked.
    for (dir, verb) in [("content", "read"), ("static", "copied")] {
        let links = [
            (format!("{out}/secret.md"), format!("{dir}/file.md")),
            (out.to_string(), format!("{dir}/dir")),
            ("/".to_string(), format!("{dir}/root")),
        ];
        for (target, link) in &links {
            symlink(target, &site.root().join(link));
        }
        let run = timed_build(&site, Duration::from_secs(20));
        assert!(!run.success);
        let mut expected: Vec<String> = links
            .iter()
            .map(|(_, link)| {
                format!("{link}: error: symbolic link pointing outside {dir}/; it is not {verb}")
            })
            .collect();
        expected.sort();
        assert_eq!(run.headlines(), expected);
        assert!(!run.stderr.contains("HEMLIG"));
        assert!(!site.public().exists());
        for (_, link) in &links {
            std::fs::remove_file(site.root().join(link)).unwrap();
        }
    }
}

#[cfg(unix)]
#[test]
fn symlinks_inside_content_and_static_are_followed() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        // Hidden folders are not walked, so only the link's path is.
        ("content/.original/b.md", "---\ntitle: Delad\n---\n"),
        ("content/a.md", "---\ntitle: A\n---\n"),
        ("static/bilder/logo.txt", "logo\n"),
    ]);
    symlink(".original", &site.root().join("content/delat"));
    symlink("bilder/logo.txt", &site.root().join("static/logo.txt"));
    timed_build(&site, LIMIT).assert_ok();
    assert!(site.read("delat/b/index.html").contains("Delad"));
    assert_eq!(site.read("logo.txt"), "logo\n");
}

#[test]
fn file_names_with_spaces_and_swedish_letters() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        (
            "content/Riskanalys Åre och Östersund.md",
            "---\ntitle: Riskanalys Åre\n---\n## Bakgrund\n",
        ),
        (
            "content/Bilagor i år/Förteckning över åtgärder.txt",
            "bilaga\n",
        ),
        (
            "content/a.md",
            "---\ntitle: A\n---\n[med %20](Riskanalys%20%C3%85re%20och%20%C3%96stersund.md#bakgrund) \
             [med vinkelparentes](<Riskanalys Åre och Östersund.md>) \
             [bilaga](<Bilagor i år/Förteckning över åtgärder.txt>)\n",
        ),
    ]);
    timed_build(&site, LIMIT).assert_ok();
    let page = site.read("riskanalys-are-och-ostersund/index.html");
    assert!(page.contains("<h1>Riskanalys Åre</h1>"));
    let a = site.read("a/index.html");
    assert!(
        a.contains("href=\"/riskanalys-are-och-ostersund/#bakgrund\""),
        "{}",
        main_of(&a)
    );
    assert!(a.contains("href=\"/riskanalys-are-och-ostersund/\""));
    assert_eq!(
        site.read("Bilagor i år/Förteckning över åtgärder.txt"),
        "bilaga\n"
    );
}

#[test]
fn a_link_or_image_escaping_the_root_is_refused() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        (
            "content/sub/a.md",
            "---\ntitle: A\n---\n[lösen](../../../etc/passwd)\n\n![bild](../../../etc/passwd)\n",
        ),
    ]);
    let run = timed_build(&site, LIMIT);
    assert!(!run.success);
    assert_eq!(
        run.headlines(),
        [
            "content/sub/a.md:4:1: error: the link `../../../etc/passwd` leads outside content/",
            "content/sub/a.md:6:1: error: the link `../../../etc/passwd` leads outside content/",
        ]
    );
}

#[test]
fn raw_html_is_escaped_by_default_and_sanitised_on_request() {
    let body = "<script>alert('x')</script>\n\n<p onclick=\"x()\">Text <b>fet</b> \
                <a href=\"javascript:alert(1)\">länk</a> <img src=x onerror=alert(1)></p>\n\n\
                <details><summary>Mer</summary>Innehåll</details>\n\n```risks\n- id: 1\n  risk: R\n  likelihood: 1\n  severity: 1\n  treatment: behålla\n```\n";
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        ("content/a.md", &format!("---\ntitle: A\n---\n{body}")),
    ]);
    timed_build(&site, LIMIT).assert_ok();
    let page = site.read("a/index.html");
    let main = main_of(&page);
    assert!(main.contains("&lt;script&gt;") && !main.contains("<b>fet</b>"));

    site.write(
        "styrdok.yaml",
        "title: X\nmarkdown:\n  raw_html: sanitize\n",
    );
    timed_build(&site, LIMIT).assert_ok();
    let page = site.read("a/index.html");
    let main = main_of(&page);
    // The safe subset is kept …
    assert!(main.contains("<b>fet</b>"), "{main}");
    assert!(main.contains("<details><summary>Mer</summary>"), "{main}");
    // … scripts, handlers and javascript: URLs are gone …
    for bad in ["<script", "alert", "onclick", "onerror", "javascript:"] {
        assert!(!main.contains(bad), "{bad} survived: {main}");
    }
    // … and styrdok's own markup (the block's table) is untouched.
    assert!(main.contains("<tr id=\"risk-1\""), "{main}");
    assert!(main.contains("role=\"region\""), "{main}");

    site.write("styrdok.yaml", "title: X\nmarkdown:\n  raw_html: allow\n");
    let run = timed_build(&site, LIMIT);
    assert!(!run.success);
    assert_eq!(
        run.headlines(),
        ["styrdok.yaml:3:13: error: `raw_html` must be one of escape, sanitize, found `allow`"]
    );
}

#[test]
fn invalid_bytes_anywhere_never_panic() {
    // A few shapes the fuzzers start from, through the real binary: each either builds
    // or fails with located errors.
    let cases: &[&[u8]] = &[
        b"",
        b"\xEF\xBB\xBF",
        b"---",
        b"---\r\n",
        b"---\n---\n",
        b"---\ntitle: [\n---\n",
        b"---\ntitle: A\n---\n```risks\n\xff\n```\n",
        b"---\ntitle: A\n---\n```risks\n- id: 1\n  likelihood: 99999999999999999999999\n```\n",
        b"---\ntitle: A\n---\n[[\n",
        b"---\ntitle: A\n---\n[x](%ZZ%)\n",
        b"---\ntitle: A\n---\n```risks\n- id: 1\n  risk: x\n  likelihood: 5\n  severity: 5\n  score: -9223372036854775808\n```\n",
    ];
    for (i, bytes) in cases.iter().enumerate() {
        let site = TestSite::from_files(&[("styrdok.yaml", "title: X\n")]);
        let path = site.root().join("content/a.md");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        let run = timed_build(&site, LIMIT);
        if !run.success {
            let lines = run.headlines();
            assert!(!lines.is_empty(), "case {i}: failed without a diagnostic");
            for l in &lines {
                assert!(
                    l.starts_with("content/a.md:") && l.contains(": error: ")
                        || l.contains(": warning: "),
                    "case {i}: {l}"
                );
            }
        }
    }
}
