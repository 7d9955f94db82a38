//! Cross-document views on the `views` fixture: responsibles (aliases merged), areas,
//! backlinks, supersedes, follow-up, years, Swedish ordering, restricted documents absent.

mod common;
use common::*;

fn built() -> TestSite {
    let site = TestSite::from_fixture("views");
    site.build().assert_ok();
    site
}

/// The text between two markers, to scope assertions to one section of a page.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn aliases_merge_into_one_responsible_page() {
    let site = built();
    let page = site.read("ansvariga/hospa-chef/index.html");
    for anchor in [
        "/ra-2022/#risk-1",
        "/ra-2023/#risk-5",
        "/ra-2023/#risk-16",
        "/plan/#action-snart",
    ] {
        assert!(page.contains(anchor), "Hospa-chef lacks {anchor}");
    }
    assert!(
        page.contains("Riskanalys 2022"),
        "the document owned under the alias is listed"
    );
    assert!(
        page.contains("Hälso- och sjukvårdspolitisk chef"),
        "aliases are named"
    );
    assert!(
        !site
            .public()
            .join("ansvariga/halso-och-sjukvardspolitisk-chef")
            .exists()
    );
    let index = site.read("ansvariga/index.html");
    assert!(!index.contains("Hälso- och sjukvårdspolitisk chef"));
    // Records link to the canonical page.
    let ra = site.read("ra-2023/index.html");
    assert!(ra.contains("<a href=\"/ansvariga/hospa-chef/\">Hospa-chef</a>"));
}

#[test]
fn a_record_with_two_responsibles_is_on_both_pages() {
    let site = built();
    for who in ["hr-direktor", "hospa-chef"] {
        assert!(
            site.read(&format!("ansvariga/{who}/index.html"))
                .contains("/ra-2023/#risk-16"),
            "{who}"
        );
    }
    let regionstab = site.read("ansvariga/regionstabschef/index.html");
    assert!(!regionstab.contains("#risk-16") && regionstab.contains("Riskanalys 2023"));
}

#[test]
fn backlinks_show_documents_and_records_linked() {
    let site = built();
    let ra = site.read("ra-2023/index.html");
    let backlinks = between(&ra, "Refereras från", "</section>");
    assert!(backlinks.contains("<a href=\"/plan/\">Handlingsplan</a>"));
    assert!(
        backlinks.contains("<a href=\"/ra-2023/#risk-16\">Risk 16</a>"),
        "{backlinks}"
    );
    // related is shown both ways.
    assert!(between(&ra, "Relaterade dokument", "</ul>").contains("/plan/"));
    assert!(
        between(
            &site.read("plan/index.html"),
            "Relaterade dokument",
            "</ul>"
        )
        .contains("/ra-2023/")
    );
}

#[test]
fn supersedes_both_ways_with_a_banner() {
    let site = built();
    let old = site.read("ra-2022/index.html");
    let banner = between(&old, "banner-superseded", "</p>");
    assert!(banner.contains("/ra-2023/"), "{banner}");
    assert!(between(&old, "Ersatt av", "</div>").contains("/ra-2023/"));
    assert!(between(&site.read("ra-2023/index.html"), "Ersätter", "</div>").contains("/ra-2022/"));
}

#[test]
fn followup_orders_overdue_upcoming_and_the_rest() {
    let site = built(); // --today 2025-01-15
    let page = site.read("uppfoljning/index.html");
    let overdue = between(&page, "id=\"overdue-heading\"", "</section>");
    let upcoming = between(&page, "id=\"upcoming-heading\"", "</section>");
    let later = between(&page, "id=\"later-heading\"", "</section>");
    assert!(overdue.contains("#action-sen") && overdue.contains("Försenad"));
    assert!(!overdue.contains("#action-klar"), "done is never overdue");
    assert!(upcoming.contains("#action-snart") && upcoming.contains("#activity-2"));
    assert!(
        later.contains("#action-sedan")
            && later.contains("#action-klar")
            && later.contains("#activity-1")
    );
    assert!(
        !page.contains("#activity-3"),
        "rows without status or due date are not followed up"
    );
    assert!(between(&page, "id=\"review-heading\"", "</section>").contains("/plan/"));
    assert!(between(&page, "id=\"expired-heading\"", "</section>").contains("/gammal/"));
    assert!(site.read("plan/index.html").contains("banner-review"));
    assert!(
        site.read("gammal/index.html")
            .contains("Har upphört att gälla")
    );
    // Without JavaScript, the filter links lead to each responsible's and area's page,
    // which carries the same buckets for its own rows.
    assert!(page.contains("href=\"/ansvariga/hr-direktor/#uppfoljning\""));
    let hr = site.read("ansvariga/hr-direktor/index.html");
    let hr_followup = between(&hr, "id=\"uppfoljning\"", "</section>\n</section>");
    assert!(between(hr_followup, "id=\"overdue-heading\"", "</section>").contains("#action-sen"));
    assert!(!hr_followup.contains("#action-snart"));
    let area = site.read("omraden/zinkgruvan/index.html");
    let area_upcoming = between(&area, "id=\"upcoming-heading\"", "</section>");
    assert!(area_upcoming.contains("#action-snart") && !area_upcoming.contains("#action-sen"));
}

/// A site's record-row.html draws every record table's rows, each for its own table: the
/// row of a record rendered for one page is never served to a page of another table.
#[test]
fn record_rows_come_from_the_row_template_per_table() {
    let site = TestSite::from_fixture("views");
    site.write(
        "templates/record-row.html",
        "<tr data-row=\"{{ kind }}{% if filterable %} filterable{% endif %}\"><td>{{ r.href }}</td></tr>\n",
    );
    site.build().assert_ok();
    let row = |table: &str, href: &str| format!("<tr data-row=\"{table}\"><td>{href}</td></tr>\n");
    let followup = site.read("uppfoljning/index.html");
    assert!(followup.contains(&row("followup filterable", "/plan/#action-sen")));
    let hr = site.read("ansvariga/hr-direktor/index.html");
    assert!(hr.contains(&row("followup", "/plan/#action-sen")));
    let hospa = site.read("ansvariga/hospa-chef/index.html");
    assert!(hospa.contains(&row("risks", "/ra-2023/#risk-16")));
    assert!(!hospa.contains("filterable"));
}

/// A site's doc-row.html draws the rows of every document table (type, year, area
/// pages), and an error in it fails the build, located in it.
#[test]
fn document_rows_come_from_the_row_template() {
    let site = TestSite::from_fixture("views");
    site.write(
        "templates/doc-row.html",
        "<tr data-doc><td>{{ d.url }}</td><td>{{ t.draft }}</td></tr>\n",
    );
    site.build().assert_ok();
    let row = "<tr data-doc><td>/ra-2023/</td><td>Utkast</td></tr>\n";
    for page in [
        "typ/riskanalyser/index.html",
        "ar/2023/index.html",
        "omraden/arbetsmiljo/index.html",
    ] {
        let html = site.read(page);
        assert!(html.contains(row), "{page}: {}", main_of(&html));
    }
    site.write(
        "templates/doc-row.html",
        "<tr>\n<td>{{ d.title | nosuchfilter }}</td></tr>\n",
    );
    let run = site.build();
    assert!(!run.success);
    let located = (run.headlines().into_iter())
        .any(|l| l.starts_with("templates/doc-row.html:2:18:") && l.contains("nosuchfilter"));
    assert!(located, "{}", run.stderr);
}

#[test]
fn a_later_today_moves_rows_between_buckets() {
    let site = TestSite::from_fixture("views");
    site.run(&["build", "--today", "2025-03-02"]).assert_ok();
    let page = site.read("uppfoljning/index.html");
    assert!(between(&page, "id=\"overdue-heading\"", "</section>").contains("#action-snart"));
}

#[test]
fn names_sort_with_swedish_collation() {
    let site = built();
    let index = site.read("omraden/index.html");
    let order = [
        "Arbetsmiljö",
        "Patientsäkerhet",
        "Vård",
        "Västra",
        "Zinkgruvan",
        "Åre",
        "Älvdalen",
        "Östersund",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|n| {
            index
                .find(&format!(">{n}</a>"))
                .unwrap_or_else(|| panic!("{n} missing"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "order wrong: {positions:?}"
    );
}

#[test]
fn area_pages_list_documents_and_records() {
    let site = built();
    let page = site.read("omraden/arbetsmiljo/index.html");
    assert!(
        page.contains("Riskanalys 2023")
            && page.contains("#risk-16")
            && page.contains("#action-sen")
    );
}

#[test]
fn years_index_lists_documents_by_decision_year() {
    let site = built();
    assert!(site.read("ar/index.html").contains("/ar/2023/"));
    assert!(site.read("ar/2023/index.html").contains("Riskanalys 2023"));
}

#[test]
fn restricted_documents_are_absent_from_every_view() {
    let site = built();
    for (path, bytes) in site.output_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("CANARY"),
            "{path} shows a restricted document"
        );
    }
    // Not counted either: Arbetsmiljö has one document (ra-2023), not two.
    let index = site.read("omraden/index.html");
    let row = between(&index, ">Arbetsmiljö</a>", "</tr>");
    assert!(row.contains("<td class=\"num\">1</td>"), "{row}");
    // And the restricted document's link does not show as a backlink.
    assert!(!site.read("plan/index.html").contains("Refereras från"));
}

#[test]
fn start_page_overview_links_into_views() {
    let site = built();
    let start = site.read("index.html");
    for url in ["/ansvariga/", "/omraden/", "/uppfoljning/", "/ar/"] {
        assert!(start.contains(&format!("href=\"{url}\"")), "{url}");
    }
    assert!(between(&start, "id=\"risks-heading\"", "</section>").contains("#risk-5"));
    assert!(between(&start, "id=\"overdue-heading\"", "</section>").contains("#action-sen"));
    assert!(between(&start, "id=\"review-heading\"", "</section>").contains("/plan/"));
}

#[test]
fn the_start_page_shows_the_first_ten_of_long_lists_and_links_the_rest() {
    // Twelve overdue actions and twelve high risks: the start page shows ten of each,
    // the most overdue and the highest first, says how many there are and links on.
    let actions: String = (1..=12)
        .map(|n| {
            format!("- id: a{n}\n  action: Åtgärd {n}\n  responsible: HR\n  due: 2024-01-{n:02}\n")
        })
        .collect();
    let risks: String = (1..=12)
        .map(|n| {
            let likelihood = if n <= 6 { 5 } else { 4 };
            format!(
                "- id: {n}\n  risk: Risk nummer {n}\n  likelihood: {likelihood}\n  severity: 5\n  treatment: begränsa\n  responsible: HR\n"
            )
        })
        .collect();
    let site = TestSite::from_files(&[
        ("styrdok.yaml", "title: Start\n"),
        (
            "content/plan.md",
            &format!(
                "---\ntitle: Plan\ntype: action-plan\ndecided: 2023-01-01\n---\n```actions\n{actions}```\n"
            ),
        ),
        (
            "content/ra.md",
            &format!(
                "---\ntitle: Analys\ntype: risk-analysis\ndecided: 2023-01-01\n---\n```risks\n{risks}```\n"
            ),
        ),
    ]);
    site.build().assert_ok();
    let start = site.read("index.html");
    let overdue = between(&start, "id=\"overdue-heading\"", "</section>");
    assert!(
        overdue.contains("#action-a1\""),
        "the most overdue is shown"
    );
    assert!(
        overdue.contains("#action-a10\""),
        "the tenth most overdue is shown"
    );
    assert!(!overdue.contains("#action-a11\""), "the eleventh is not");
    assert!(overdue.contains("Visar 10 av 12."), "{overdue}");
    assert!(overdue.contains("href=\"/uppfoljning/\""));
    let risks = between(&start, "id=\"risks-heading\"", "</section>");
    for n in 1..=6 {
        assert!(
            risks.contains(&format!("#risk-{n}\"")),
            "score 25: risk {n}"
        );
    }
    assert_eq!(risks.matches("<tr><th scope=\"row\">").count(), 10);
    assert!(risks.contains("Visar 10 av 12."), "{risks}");
    assert!(risks.contains("href=\"/risker/\""));
}
