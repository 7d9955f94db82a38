//! Long list pages over several pages (tests/fixtures/paging, `page_size: 3`): the
//! follow-up page, a responsible's and an area's run their lists on from page to page
//! in the order one page would show them, every list's total on every page, a pager
//! whose links all lead to pages of the build; restricted and draft canaries on none;
//! a serve that adds and removes pages gives the bytes of a full build.

mod common;
mod harness;

use std::collections::BTreeMap;
use std::path::PathBuf;
use styrdok::engine::Engine;
use styrdok::{Target, text::Date};

type Files = BTreeMap<String, Vec<u8>>;

fn files_of(site: &harness::Site) -> Files {
    let report = site.build().ok().report;
    let files = report.files.iter();
    files.map(|(p, b)| (p.clone(), b.to_vec())).collect()
}

fn paged() -> (harness::Site, Files) {
    let site = harness::Site::fixture("paging");
    let files = files_of(&site);
    (site, files)
}

/// The same site with its lists on one page each.
fn one_page() -> Files {
    let site = harness::Site::fixture("paging");
    let site = site.change_file("styrdok.yaml", "title: Sidor\npage_size: 1000\n");
    files_of(&site)
}

fn text(files: &Files, path: &str) -> String {
    let bytes = files.get(path).unwrap_or_else(|| panic!("no {path}"));
    String::from_utf8(bytes.clone()).unwrap()
}

fn main_of(html: &str) -> &str {
    &html[html.find("<main").unwrap()..html.find("</main>").unwrap()]
}

/// The pages of the list page at `first` (`uppfoljning/`), in page order.
fn pages(files: &Files, first: &str) -> Vec<String> {
    let mut out = vec![format!("{first}index.html")];
    for n in 2.. {
        let path = format!("{first}sida/{n}/index.html");
        if !files.contains_key(&path) {
            break;
        }
        out.push(path);
    }
    out
}

/// Each table row of a page's `<main>` (records and documents), in order.
fn rows(html: &str) -> Vec<String> {
    let main = main_of(html);
    let mut out = Vec::new();
    for body in main.split("<tbody>").skip(1) {
        let body = &body[..body.find("</tbody>").unwrap()];
        out.extend(body.split("<tr").skip(1).map(|r| r.trim().to_string()));
    }
    out
}

/// Each list's heading with its count, in order: `Försenade (3)`.
fn headings(html: &str) -> Vec<String> {
    let main = main_of(html);
    let re = |s: &str| s.split("</h").next().unwrap().to_string();
    let after = |tag: &'static str| main.split(tag).skip(1);
    after("<h2 ")
        .chain(after("<h3 "))
        .filter(|h| h.contains("class=\"count\""))
        .map(|h| re(&h[h.find('>').unwrap() + 1..]))
        .collect()
}

#[test]
fn lists_run_on_over_pages_in_the_order_of_one_page() {
    let (_, files) = paged();
    let single = one_page();
    for (first, count) in [
        ("uppfoljning/", 3),
        ("ansvariga/hr/", 4),
        ("omraden/it/", 4),
    ] {
        let paths = pages(&files, first);
        assert_eq!(paths.len(), count, "{first}: {paths:?}");
        assert!(!files.contains_key(&format!("{first}sida/1/index.html")));
        let whole = text(&single, &format!("{first}index.html"));
        let mut run_on = Vec::new();
        for (i, path) in paths.iter().enumerate() {
            let html = text(&files, path);
            let rows = rows(&html);
            assert!(rows.len() <= 3, "{path}: {} rows", rows.len());
            run_on.extend(rows);
            // Every page names every list with its total, as the one page does.
            let mut a = headings(&html);
            let mut b = headings(&whole);
            a.sort();
            b.sort();
            assert_eq!(a, b, "{path}");
            let label = format!("Sida {} av {count}", i + 1);
            assert!(
                html.contains(&format!("<p class=\"page-of\">{label}.")),
                "{path}"
            );
        }
        assert_eq!(
            run_on,
            rows(&whole),
            "{first}: rows differ from the one page's"
        );
        assert!(!single.keys().any(|p| p.contains("/sida/")));
        assert!(!whole.contains("class=\"pager\""));
    }
}

#[test]
fn the_pager_leads_to_every_page_and_names_this_one() {
    let (_, files) = paged();
    let paths = pages(&files, "ansvariga/hr/");
    for (i, path) in paths.iter().enumerate() {
        let n = i + 1;
        let html = text(&files, path);
        let pager = &html[html.find("<nav class=\"pager\"").unwrap()..];
        let pager = &pager[..pager.find("</nav>").unwrap()];
        let hrefs: Vec<&str> = pager
            .split("href=\"")
            .skip(1)
            .map(|h| &h[..h.find('"').unwrap()])
            .collect();
        for href in &hrefs {
            let file = format!("{}index.html", href.trim_start_matches('/'));
            assert!(files.contains_key(&file), "{path}: {href} leads nowhere");
        }
        let url = |k: usize| match k {
            1 => "/ansvariga/hr/".to_string(),
            k => format!("/ansvariga/hr/sida/{k}/"),
        };
        assert!(pager.contains(&format!("href=\"{}\" aria-current=\"page\"", url(n))));
        assert_eq!(pager.matches("aria-current").count(), 1, "{path}");
        assert_eq!(
            pager.contains("rel=\"prev\""),
            n > 1,
            "{path}: a previous page"
        );
        if n > 1 {
            assert!(pager.contains(&format!("href=\"{}\" rel=\"prev\"", url(n - 1))));
        }
        if n < paths.len() {
            assert!(pager.contains(&format!("href=\"{}\" rel=\"next\"", url(n + 1))));
        }
        let title = if n == 1 {
            "<title>HR".to_string()
        } else {
            format!("<title>HR, sida {n} av {}", paths.len())
        };
        assert!(html.contains(&title), "{path}: title");
    }
}

#[test]
fn a_follow_up_page_over_several_pages_filters_through_the_names_pages() {
    let (_, files) = paged();
    let html = text(&files, "uppfoljning/index.html");
    assert!(!html.contains("followup.js") && !html.contains("data-followup-filter"));
    assert!(html.contains("<details class=\"filter-pages\" open>"));
    assert!(html.contains("href=\"/ansvariga/hr/#uppfoljning\""));
    // The responsible's page 1 has the section the link leads to, with where its rows are.
    let hr = text(&files, "ansvariga/hr/index.html");
    assert!(hr.contains("<section id=\"uppfoljning\""));
    assert!(hr.contains("<p class=\"elsewhere\"><a href=\"/ansvariga/hr/sida/2/\">Listas på sida"));
    let single = one_page();
    let whole = text(&single, "uppfoljning/index.html");
    assert!(whole.contains("followup.js") && whole.contains("data-followup-filter"));
    assert!(whole.contains("<details class=\"filter-pages\">"));
}

#[test]
fn restricted_and_draft_canaries_are_on_no_page() {
    let (_, files) = paged();
    assert!(files.keys().any(|p| p.contains("/sida/")));
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for canary in ["CANARY-PAGING-DRAFT", "CANARY-PAGING-SECRET"] {
            assert!(!text.contains(canary), "{canary} in {path}");
        }
    }
}

#[test]
fn later_pages_snapshots() {
    let site = harness::Site::fixture("paging");
    site.build()
        .ok()
        .check_main("uppfoljning/sida/2/")
        .check_main("omraden/it/sida/3/");
}

#[test]
fn a_bad_page_size_is_reported_where_it_is_written() {
    let site = common::TestSite::from_fixture("paging");
    site.write("styrdok.yaml", "title: Sidor\npage_size: 0\n");
    let run = site.build();
    assert!(!run.success, "a page size of 0 builds");
    assert!(
        run.stderr
            .contains("styrdok.yaml:2:12: error: `page_size` must be 1 to 100000, found 0"),
        "{}",
        run.stderr
    );
}

/// Serving, actions added so that the lists need more pages, then removed again: each
/// render gives the files (and no others) of a full build of the same text.
#[test]
fn serve_adds_and_removes_pages_as_a_full_build_does() {
    let site = common::TestSite::from_fixture("paging");
    let today = Date::parse(harness::TODAY).unwrap();
    let mut engine = Engine::new(site.root(), false, today);
    assert!(!engine.full(&Target::Memory).has_errors());
    let path = "content/plan-b.md";
    let original = std::fs::read_to_string(site.root().join(path)).unwrap();
    let more: String = (3..=9)
        .map(|i| {
            format!("- id: b{i}\n  action: Åtgärd B{i}\n  responsible: HR\n  due: 2024-0{i}-01\n")
        })
        .collect();
    let longer = original.replace("```\n", &format!("{more}```\n"));
    for (step, text) in [longer.as_str(), original.as_str()].into_iter().enumerate() {
        site.write(path, text);
        let (report, _) = engine.update(&[PathBuf::from(path)]);
        assert!(
            !report.has_errors(),
            "step {step}: {:?}",
            report.diagnostics
        );
        let served = engine.files().unwrap().clone();
        let mut full = Engine::new(site.root(), false, today);
        let full = full.full(&Target::Memory).files;
        let names = |f: &styrdok::output::Files| f.keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            names(&served),
            names(&full),
            "step {step}: the files differ"
        );
        for (p, bytes) in full.iter() {
            assert!(served[p][..] == bytes[..], "step {step}: {p} differs");
        }
        let followup_pages = served
            .keys()
            .filter(|p| p.starts_with("uppfoljning/"))
            .count();
        assert_eq!(followup_pages, [6, 3][step], "step {step}");
    }
}
