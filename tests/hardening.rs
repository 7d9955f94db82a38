//! Regression tests for the holes a probe of the landed build found: script from
//! heading attributes, symbolic links out of content/, files beside unpublished
//! documents, draft titles through wiki links, commit messages of restricted files,
//! drafts unmarked outside lists, forged block markers under `raw_html: sanitize`.
//! Each one failed before its fix. Canary words stand for confidential text: they
//! must appear in no output byte.

mod common;
use common::*;
use std::process::Command;

/// Every output file as text (binary files lossily), to search for canaries.
fn all_output(site: &TestSite) -> String {
    site.output_files()
        .into_iter()
        .map(|(path, bytes)| format!("== {path}\n{}\n", String::from_utf8_lossy(&bytes)))
        .collect()
}

fn assert_absent(site: &TestSite, canary: &str) {
    let all = all_output(site);
    if let Some(at) = all.find(canary) {
        let file = all[..at].rfind("== ").map(|s| &all[s..]).unwrap_or("");
        panic!(
            "`{canary}` reached the output: {}",
            file.lines().next().unwrap_or("")
        );
    }
    for (path, _) in site.output_files() {
        assert!(!path.contains(canary), "`{canary}` in the file name {path}");
    }
}

#[test]
fn heading_attributes_other_than_id_and_class_are_dropped_with_a_warning() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        (
            "content/a.md",
            "---\ntitle: A\n---\n## Rubrik {tabindex=0 autofocus onfocus=alert(1)}\n\n\
             ## Andra {#egen .klass style=color:red}\n",
        ),
    ]);
    let run = site.build().assert_ok().headlines();
    assert_eq!(
        run,
        [
            "content/a.md:4:1: warning: heading attribute `tabindex` is ignored: a heading takes only {#id} and {.class}",
            "content/a.md:6:1: warning: heading attribute `style` is ignored: a heading takes only {#id} and {.class}",
        ]
    );
    let page = site.read("a/index.html");
    let main = main_of(&page);
    let body = &main[main.find("<div class=\"doc-body\">").expect("body")..];
    for word in ["onfocus", "autofocus", "tabindex", "alert(1)", "style="] {
        assert!(!body.contains(word), "`{word}` in {body}");
    }
    assert!(main.contains(r#"<h2 id="rubrik">Rubrik</h2>"#), "{main}");
    assert!(
        main.contains(r#"<h2 id="egen" class="klass">Andra</h2>"#),
        "{main}"
    );
}

#[cfg(unix)]
fn symlink(target: &str, link: &std::path::Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_content_into_the_site_folder_are_refused() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\nhistory:\n  enabled: false\n"),
        ("content/a.md", "---\ntitle: A\n---\n"),
        (
            ".git/config",
            "[remote \"origin\"]\nurl = https://ci:CANARY-TOKEN@example.org/x.git\n",
        ),
        (".env", "SECRET=CANARY-ENV\n"),
        ("delat/b.md", "---\ntitle: CANARY-OUTSIDE\n---\n"),
    ]);
    symlink("../.git", &site.root().join("content/arkiv"));
    symlink("../.env", &site.root().join("content/x.txt"));
    symlink("../delat", &site.root().join("content/delat"));
    let run = site.build();
    assert!(!run.success);
    assert_eq!(
        run.headlines(),
        [
            "content/arkiv: error: symbolic link pointing outside content/; it is not read",
            "content/delat: error: symbolic link pointing outside content/; it is not read",
            "content/x.txt: error: symbolic link pointing outside content/; it is not read",
        ]
    );
    assert!(!run.stderr.contains("CANARY"), "{}", run.stderr);
    assert!(!site.public().exists());
    // static/ has the same boundary.
    for link in ["arkiv", "x.txt", "delat"] {
        std::fs::remove_file(site.root().join("content").join(link)).unwrap();
    }
    symlink("../.env", &site.root().join("static/env.txt"));
    let run = site.build();
    assert_eq!(
        run.headlines(),
        ["static/env.txt: error: symbolic link pointing outside static/; it is not copied"]
    );
    assert!(!site.public().exists());
}

#[cfg(unix)]
#[test]
fn a_git_folder_is_never_read_whatever_the_path() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        ("content/a.md", "---\ntitle: A\n---\n"),
        ("content/sub/.git/config", "CANARY-GIT-CONTENT\n"),
        ("content/sub/.git/x.md", "---\ntitle: CANARY-GIT-DOC\n---\n"),
        ("static/.git/config", "CANARY-GIT-STATIC\n"),
        ("static/.well-known/security.txt", "Contact: x\n"),
    ]);
    // A link inside content/ that leads into a .git folder is refused too.
    symlink("sub/.git", &site.root().join("content/repo"));
    let run = site.build();
    assert_eq!(
        run.headlines(),
        ["content/repo: error: symbolic link pointing outside content/; it is not read"]
    );
    std::fs::remove_file(site.root().join("content/repo")).unwrap();
    site.build().assert_ok();
    for canary in ["CANARY-GIT-CONTENT", "CANARY-GIT-DOC", "CANARY-GIT-STATIC"] {
        assert_absent(&site, canary);
    }
    // Other hidden files of static/ are copied on purpose.
    assert_eq!(site.read(".well-known/security.txt"), "Contact: x\n");
}

#[test]
fn only_files_a_published_document_links_to_are_copied() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        (
            "content/rs/plan.md",
            "---\ntitle: Plan\nclassification: restricted\n---\n![karta](CANARY-karta.png)\n\n\
             [bilaga](CANARY-bilaga.pdf)\n",
        ),
        ("content/rs/CANARY-karta.png", "PNG CANARY-IMAGE"),
        ("content/rs/CANARY-bilaga.pdf", "PDF CANARY-ATTACHMENT"),
        ("content/rs/CANARY-ensam.pdf", "PDF CANARY-UNLINKED"),
        (
            "content/rs/open.md",
            "---\ntitle: Öppen\n---\n![logga](logga.png) [bilaga](bilaga.pdf)\n",
        ),
        ("content/rs/logga.png", "PNG"),
        ("content/rs/bilaga.pdf", "PDF"),
        // Editor copies of the restricted source: never copied, whatever their name.
        ("content/rs/plan.md~", "CANARY-BACKUP-1"),
        ("content/rs/#plan.md#", "CANARY-BACKUP-2"),
        ("content/rs/plan.md.bak", "CANARY-BACKUP-3"),
        ("content/rs/.plan.md.swp", "CANARY-BACKUP-4"),
        ("content/rs/plan.md.orig", "CANARY-BACKUP-5"),
    ]);
    let run = site.build().assert_ok().headlines();
    assert!(run.is_empty(), "{run:?}");
    assert_eq!(site.read("rs/logga.png"), "PNG");
    assert_eq!(site.read("rs/bilaga.pdf"), "PDF");
    assert_absent(&site, "CANARY");
    // `check` says once what is left out.
    let check = site.run(&["check"]);
    assert!(check.success, "{}", check.stderr);
    let notes: Vec<&str> = check
        .stderr
        .lines()
        .filter(|l| l.contains(": note: "))
        .collect();
    assert_eq!(
        notes,
        [
            "content: note: 3 file(s) under content/ are linked from no published document and are \
             not copied: content/rs/CANARY-bilaga.pdf, content/rs/CANARY-ensam.pdf, content/rs/CANARY-karta.png"
        ]
    );
}

#[test]
fn markdown_files_not_named_md_are_errors_never_raw_files() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        ("content/a.md", "---\ntitle: A\n---\n"),
        ("content/plan.MD", "---\ntitle: CANARY-UPPER\n---\n"),
        ("content/plan.markdown", "---\ntitle: CANARY-LONG\n---\n"),
    ]);
    let run = site.build();
    assert!(!run.success);
    assert_eq!(
        run.headlines(),
        [
            "content/plan.MD: error: a document's file name must end in `.md` (lower case): rename \
             `plan.MD` to `plan.md`; until then it is neither built nor copied",
            "content/plan.markdown: error: a document's file name must end in `.md` (lower case): \
             rename `plan.markdown` to `plan.md`; until then it is neither built nor copied",
        ]
    );
    assert!(!site.public().exists());
}

#[test]
fn a_wiki_link_to_an_unpublished_draft_shows_its_own_text() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        (
            "content/utkast.md",
            "---\ntitle: CANARY-DRAFT-TITLE\nid: utkast\nstatus: draft\n---\n## CANARY-DRAFT-HEADING\n",
        ),
        (
            "content/a.md",
            "---\ntitle: A\n---\nSe [[utkast]] och [[utkast#canary-draft-heading]] och \
             [[utkast|planen]].\n",
        ),
    ]);
    site.build().assert_ok();
    let page = site.read("a/index.html");
    let main = main_of(&page);
    assert!(
        main.contains("Se utkast och utkast#canary-draft-heading och planen."),
        "{main}"
    );
    assert_absent(&site, "CANARY-DRAFT");
    // With --drafts the link is made, and says it leads to a draft.
    site.run(&["build", "--drafts", "--today", "2025-01-15"])
        .assert_ok();
    let page = site.read("a/index.html");
    assert!(
        main_of(&page).contains(">CANARY-DRAFT-TITLE (utkast)</a>"),
        "{}",
        main_of(&page)
    );
}

fn git(dir: &std::path::Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Redaktör")
        .env("GIT_AUTHOR_EMAIL", "r@example.org")
        .env("GIT_COMMITTER_NAME", "Redaktör")
        .env("GIT_COMMITTER_EMAIL", "r@example.org")
        .env("GIT_AUTHOR_DATE", "2025-01-10T12:00:00+01:00")
        .env("GIT_COMMITTER_DATE", "2025-01-10T12:00:00+01:00")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn commit_messages_touching_unpublished_files_are_withheld() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        ("content/open.md", "---\ntitle: Öppen\n---\nett\n"),
        (
            "content/hemlig.md",
            "---\ntitle: Hemlig\nclassification: restricted\n---\nett\n",
        ),
        (
            "content/utkast.md",
            "---\ntitle: Utkast\nstatus: draft\n---\nett\n",
        ),
    ]);
    let root = site.root();
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(
        root,
        &["commit", "-q", "-m", "Första versionen CANARY-FIRST"],
    );
    site.write("content/open.md", "---\ntitle: Öppen\n---\ntvå\n");
    site.write(
        "content/hemlig.md",
        "---\ntitle: Hemlig\nclassification: restricted\n---\ntvå\n",
    );
    git(
        root,
        &["commit", "-qam", "Reservkraft vid CANARY-RESTRICTED"],
    );
    site.write("content/open.md", "---\ntitle: Öppen\n---\ntre\n");
    site.write(
        "content/utkast.md",
        "---\ntitle: Utkast\nstatus: draft\n---\ntre\n",
    );
    git(root, &["commit", "-qam", "Utkast om CANARY-DRAFT"]);
    site.write("content/open.md", "---\ntitle: Öppen\n---\nfyra\n");
    git(root, &["commit", "-qam", "Rättat stavfel"]);
    std::fs::write(root.join(".gitignore"), "public/\n").unwrap();
    site.build().assert_ok();
    let page = site.read("open/index.html");
    let main = main_of(&page);
    assert!(main.contains("<td>Rättat stavfel</td>"), "{main}");
    assert_eq!(
        main.matches("<i>(ändring som också rör opublicerat material)</i>")
            .count(),
        3,
        "{main}"
    );
    assert_absent(&site, "CANARY");
    // With --drafts the draft is published, so its commit may speak; the restricted
    // one still may not.
    site.run(&["build", "--drafts", "--today", "2025-01-15"])
        .assert_ok();
    let all = all_output(&site);
    assert!(all.contains("Utkast om CANARY-DRAFT"));
    assert!(!all.contains("CANARY-RESTRICTED"));
    assert!(!all.contains("CANARY-FIRST"));
    // A moved file is the same file: the move speaks for it, not for something hidden.
    std::fs::create_dir_all(root.join("content/flyttad")).unwrap();
    git(root, &["mv", "content/open.md", "content/flyttad/open.md"]);
    git(root, &["commit", "-qm", "Flyttad till egen mapp"]);
    site.build().assert_ok();
    let page = site.read("flyttad/open/index.html");
    assert!(
        main_of(&page).contains("<td>Flyttad till egen mapp</td>"),
        "{}",
        main_of(&page)
    );
}

#[test]
fn with_drafts_a_draft_is_marked_wherever_its_name_appears() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        (
            "content/gammal.md",
            "---\ntitle: Gammal plan\nid: gammal\ntype: action-plan\n---\n",
        ),
        (
            "content/ny.md",
            "---\ntitle: Ny plan\nid: ny\nstatus: draft\ntype: risk-analysis\nsupersedes: gammal\n\
             owner: Säkerhetschef\ndecided: 2024-05-01\n---\nSe [[gammal]].\n\n\
             ```risks\n- id: 1\n  risk: Brand\n  likelihood: 5\n  severity: 5\n  treatment: begränsa\n  \
             responsible: Säkerhetschef\n  area: Lokaler\n```\n\n\
             ```actions\n- id: a1\n  action: Öva\n  due: 2024-01-01\n  responsible: Säkerhetschef\n```\n",
        ),
    ]);
    site.run(&["build", "--drafts", "--today", "2025-01-15"])
        .assert_ok();
    let marked = "Ny plan (utkast)";
    let pages = [
        "gammal/index.html",                  // superseded-by banner and backlinks
        "ansvariga/sakerhetschef/index.html", // record rows
        "index.html",                         // start page: high risks, overdue actions
        "uppfoljning/index.html",             // follow-up
        "risker/index.html",                  // risk overview
    ];
    for page in pages {
        let html = site.read(page);
        let main = main_of(&html);
        assert!(main.contains(marked), "{page}: {main}");
        let rest = main.replace(marked, "").replace(
            "Ny plan</a> <strong class=\"draft-marker\">(Utkast)</strong>",
            "",
        );
        assert!(
            !rest.contains("Ny plan"),
            "{page} names the draft without its marker: {main}"
        );
    }
}

#[test]
fn sanitized_html_cannot_capture_a_block_into_an_attribute() {
    let site = TestSite::from_files(&[
        (
            "styrdok.yaml",
            "title: X\nmarkdown:\n  raw_html: sanitize\n",
        ),
        (
            "content/ra.md",
            "---\ntitle: RA\ntype: risk-analysis\n---\n\
             <abbr title=\"styrdok&#45;block-0-0\">a</abbr> <abbr title=\"&lt;styrdok-block data-n=&quot;0&quot;&gt;&lt;/styrdok-block&gt;\">b</abbr>\n\n\
             <styrdok-block data-n=\"0\"></styrdok-block>\n\n\
             ```risks\n- id: 1\n  risk: Brand\n  likelihood: 2\n  severity: 2\n  treatment: behålla\n```\n",
        ),
    ]);
    site.build().assert_ok();
    let page = site.read("ra/index.html");
    let main = main_of(&page);
    let main = &main[main.find("<div class=\"doc-body\">").expect("body")..];
    // The register is where the block was, once; no attribute holds markup. (The old
    // textual token `styrdok-block-0-0`, written with an entity, would have moved the
    // table into the first `title`.)
    assert_eq!(main.matches("<table").count(), 1, "{main}");
    let table = main.find("<table").unwrap();
    assert!(
        main[..table].contains("<abbr title=\"styrdok-block-0-0\">a</abbr>"),
        "{main}"
    );
    for attr in main.split('"').skip(1).step_by(2) {
        assert!(
            !attr.contains("<table"),
            "an attribute holds a table: {attr}"
        );
    }
    assert!(!main.contains("<styrdok-block"), "{main}");
    assert!(
        main.contains("&lt;styrdok-block data-n=\"0\"&gt;&lt;/styrdok-block&gt;"),
        "{main}"
    );
}

/// Every page title of the demo site, by page.
fn demo_titles() -> Vec<(String, String)> {
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args(["build", "--today", "2025-01-15", "--root"])
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("--output")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut titles = Vec::new();
    for entry in walkdir::WalkDir::new(out.path()).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            let title = html
                .split_once("<title>")
                .and_then(|(_, rest)| rest.split_once("</title>"))
                .map(|(t, _)| t.to_string())
                .unwrap_or_default();
            let rel = entry.path().strip_prefix(out.path()).unwrap();
            titles.push((rel.display().to_string(), title));
        }
    }
    titles
}

#[test]
fn every_page_of_the_demo_has_a_title_of_its_own() {
    let titles = demo_titles();
    let mut seen = std::collections::HashMap::new();
    for (page, title) in &titles {
        if let Some(other) = seen.insert(title.clone(), page.clone()) {
            panic!("{page} and {other} share the title `{title}`");
        }
    }
    let of = |page: &str| {
        titles
            .iter()
            .find(|(p, _)| p == page)
            .map(|(_, t)| t.as_str())
            .unwrap_or_else(|| panic!("no {page}"))
    };
    // A section takes its folder's name as written (ärenden/, not arenden/).
    assert!(of("arenden/index.html").starts_with("Ärenden – "));
    assert!(of("typ/handlingsplaner/index.html").starts_with("Alla handlingsplaner – "));
    assert!(
        of("arenden/sakerhetsberattelse-2020-arende/index.html")
            .starts_with("Säkerhetsberättelse 2020 (Ärende) – ")
    );
}

#[test]
fn a_record_with_a_word_id_is_linked_by_its_own_words() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        (
            "content/svar.md",
            "---\ntitle: Svar\ntype: audit-response\nowner: HR\n---\n```actions\n- id: vagledning\n  \
             action: Utveckla vägledningen om våld och hot tillsammans med de andra rutindokumenten\n  \
             responsible: HR\n  due: 2024-01-01\n- id: a2\n  action: Öva\n  responsible: HR\n```\n",
        ),
    ]);
    site.build().assert_ok();
    let page = site.read("ansvariga/hr/index.html");
    let main = main_of(&page);
    assert!(!main.contains("Åtgärd vagledning"), "{main}");
    assert!(
        main.contains(">Åtgärd: Utveckla vägledningen om våld och hot tillsammans med …</a>"),
        "{main}"
    );
    assert!(main.contains(">Åtgärd a2</a>"), "{main}");
}

#[test]
fn the_follow_up_page_offers_only_filters_with_something_to_choose() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        (
            "content/plan.md",
            "---\ntitle: Plan\ntype: action-plan\nareas: [Vård]\n---\n```actions\n- id: a1\n  \
             action: Öva\n  responsible: HR\n  due: 2024-01-01\n```\n",
        ),
    ]);
    site.build().assert_ok();
    let page = site.read("uppfoljning/index.html");
    let main = main_of(&page);
    assert!(main.contains("id=\"filter-responsible\""), "{main}");
    // No follow-up row has an area of its own: a list of "Alla" alone is not offered.
    assert!(!main.contains("id=\"filter-area\""), "{main}");
    site.write(
        "content/plan.md",
        "---\ntitle: Plan\ntype: action-plan\n---\n```actions\n- id: a1\n  action: Öva\n  \
         responsible: HR\n  area: Vård\n  due: 2024-01-01\n```\n",
    );
    site.build().assert_ok();
    let page = site.read("uppfoljning/index.html");
    assert!(main_of(&page).contains("id=\"filter-area\""));
}

#[test]
fn serve_copies_an_attachment_once_linked_and_drops_it_once_unlinked() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: X\n"),
        ("content/a.md", "---\ntitle: A\n---\nText.\n"),
        ("content/bilaga.pdf", "PDF"),
    ]);
    let today = styrdok::text::Date::parse("2025-01-15").unwrap();
    let mut engine = styrdok::engine::Engine::new(site.root(), false, today);
    let report = engine.full(&styrdok::Target::Memory);
    assert!(!report.has_errors());
    assert!(!report.files.contains_key("bilaga.pdf"));
    site.write(
        "content/a.md",
        "---\ntitle: A\n---\nText, [bilaga](bilaga.pdf).\n",
    );
    let (report, _) = engine.update(&[site.root().join("content/a.md")]);
    assert!(!report.has_errors());
    assert_eq!(
        report.files.get("bilaga.pdf").map(|b| &b[..]),
        Some(&b"PDF"[..])
    );
    site.write("content/a.md", "---\ntitle: A\n---\nText.\n");
    let (report, _) = engine.update(&[site.root().join("content/a.md")]);
    assert!(!report.files.contains_key("bilaga.pdf"));
}
