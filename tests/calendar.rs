//! The annual cycle (tests/fixtures/calendar): calendar feeds read back by an
//! independent iCalendar parser (the `ical` crate), aliases merged, restricted and
//! draft canaries absent, byte-identical builds; the årshjul page at a fixed date;
//! `styrdok due` in each format.

mod common;
mod harness;

use std::collections::{BTreeMap, HashSet};

type Files = BTreeMap<String, Vec<u8>>;

fn built() -> Files {
    let site = harness::Site::fixture("calendar");
    let report = site.build().ok().report;
    report
        .files
        .iter()
        .map(|(p, b)| (p.clone(), b.to_vec()))
        .collect()
}

fn feeds(files: &Files) -> Vec<(&String, String)> {
    files
        .iter()
        .filter(|(p, _)| p.ends_with(".ics"))
        .map(|(p, b)| (p, String::from_utf8(b.clone()).expect("a feed is UTF-8")))
        .collect()
}

/// One event of a feed as the parser read it: property name → (params, value).
type Props = BTreeMap<String, (Vec<(String, Vec<String>)>, String)>;

fn parse(path: &str, text: &str) -> Vec<Props> {
    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendar = calendars
        .next()
        .unwrap_or_else(|| panic!("{path}: no calendar"))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(calendars.next().is_none(), "{path}: one calendar per feed");
    let version = calendar.properties.iter().find(|p| p.name == "VERSION");
    assert_eq!(version.and_then(|p| p.value.as_deref()), Some("2.0"));
    calendar
        .events
        .iter()
        .map(|e| {
            e.properties
                .iter()
                .map(|p| {
                    let value = (
                        p.params.clone().unwrap_or_default(),
                        p.value.clone().unwrap_or_default(),
                    );
                    (p.name.clone(), value)
                })
                .collect()
        })
        .collect()
}

fn value<'a>(event: &'a Props, name: &str) -> &'a str {
    event.get(name).map(|(_, v)| v.as_str()).unwrap_or("")
}

fn summaries(text: &str, path: &str) -> Vec<String> {
    parse(path, text)
        .iter()
        .map(|e| value(e, "SUMMARY").to_string())
        .collect()
}

#[test]
fn every_feed_is_valid_icalendar() {
    let files = built();
    let feeds = feeds(&files);
    // The site's, two responsibles', two areas'.
    assert_eq!(
        feeds.len(),
        5,
        "{:?}",
        feeds.iter().map(|f| f.0).collect::<Vec<_>>()
    );
    for (path, text) in &feeds {
        // CRLF everywhere, and no line over 75 octets.
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "{path}: a bare LF"
        );
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{path}: {} octets: {line}", line.len());
        }
        let events = parse(path, text);
        assert!(!events.is_empty(), "{path}: no events");
        let mut uids = HashSet::new();
        for e in &events {
            assert!(
                uids.insert(value(e, "UID").to_string()),
                "{path}: UID twice"
            );
            assert!(value(e, "UID").ends_with("@intra.example.se"));
            // Deterministic: the build's --today, never the clock.
            assert_eq!(value(e, "DTSTAMP"), "20250115T000000Z");
            let (params, start) = &e["DTSTART"];
            assert_eq!(
                params,
                &vec![("VALUE".to_string(), vec!["DATE".to_string()])]
            );
            assert_eq!(start.len(), 8, "{path}: an all-day date");
            assert!(e.contains_key("DTEND") && e.contains_key("SUMMARY"));
            assert!(value(e, "URL").starts_with("https://intra.example.se/styrdok/"));
        }
    }
}

#[test]
fn the_site_feed_holds_every_kind_with_its_words() {
    let files = built();
    let text = String::from_utf8(files["arshjul/kalender.ics"].clone()).unwrap();
    let events = parse("site", &text);
    let by_summary = |s: &str| {
        events
            .iter()
            .find(|e| value(e, "SUMMARY").starts_with(s))
            .unwrap_or_else(|| panic!("no event `{s}` in {:#?}", summaries(&text, "site")))
    };
    let overdue = by_summary("Åtgärd 1: Ta fram rutin för attest");
    assert_eq!(value(overdue, "DTSTART"), "20250110");
    assert_eq!(
        value(overdue, "URL"),
        "https://intra.example.se/styrdok/plan/#action-1"
    );
    assert_eq!(
        value(overdue, "UID"),
        "action-1.plan-ekonomi@intra.example.se"
    );
    // The parser leaves escapes as written: a comma, a semicolon and a newline.
    let description = value(overdue, "DESCRIPTION");
    assert!(
        description.contains("Handlingsplan för ekonomi\\, styrning"),
        "{description}"
    );
    assert!(
        description.contains("\\nStatus: Pågår\\nFörsenad\\n"),
        "{description}"
    );
    let soon = by_summary("Åtgärd 2:");
    assert!(value(soon, "SUMMARY").contains("budget\\; uppföljning\\, prognos"));
    assert!(!value(soon, "DESCRIPTION").contains("Försenad"));
    assert_eq!(value(by_summary("Aktivitet a1:"), "DTSTART"), "20250415");
    assert_eq!(
        value(by_summary("Revidering plan-ekonomi:"), "DTSTART"),
        "20250630"
    );
    assert_eq!(
        value(by_summary("Slutar gälla plan-ekonomi:"), "DTSTART"),
        "20261231"
    );
    assert_eq!(
        value(by_summary("Sammanträde arende-ikp:"), "DTSTART"),
        "20250320"
    );
    let cycle = by_summary("Delårsrapport");
    assert_eq!(
        (value(cycle, "DTSTART"), value(cycle, "RRULE")),
        ("20250831", "FREQ=YEARLY")
    );
    // A month without a day lasts the month.
    let december = by_summary("Internkontrollplan antas");
    assert_eq!(
        (value(december, "DTSTART"), value(december, "DTEND")),
        ("20251201", "20260101")
    );
    // A superseded document is reviewed no more.
    assert!(!text.contains("gammal-plan"), "{text}");
}

#[test]
fn a_responsibles_feed_merges_aliases() {
    let files = built();
    assert!(!files.keys().any(|p| p.contains("ekonomidirektoren")));
    let text = String::from_utf8(files["ansvariga/ekonomidirektor/kalender.ics"].clone()).unwrap();
    let got = summaries(&text, "ekonomidirektor");
    // Action 2 and the plan (its owner) and the Delårsrapport are written with the alias.
    for want in [
        "Åtgärd 1:",
        "Åtgärd 2:",
        "Åtgärd 3:",
        "Åtgärd 4:",
        "Revidering plan-ekonomi",
        "Slutar gälla plan-ekonomi",
        "Delårsrapport",
    ] {
        assert!(
            got.iter().any(|s| s.starts_with(want)),
            "no {want} in {got:#?}"
        );
    }
    for other in [
        "Aktivitet a1",
        "Sammanträde",
        "Internkontrollplan",
        "Säkerhetsberättelse",
    ] {
        assert!(
            !got.iter().any(|s| s.starts_with(other)),
            "{other} in {got:#?}"
        );
    }
    let hr = String::from_utf8(files["ansvariga/hr-direktor/kalender.ics"].clone()).unwrap();
    let got = summaries(&hr, "hr");
    for want in [
        "Åtgärd 4:",
        "Aktivitet a1:",
        "Sammanträde arende-ikp:",
        "Säkerhetsberättelse till regionstyrelsen",
    ] {
        assert!(
            got.iter().any(|s| s.starts_with(want)),
            "no {want} in {got:#?}"
        );
    }
    let vard = String::from_utf8(files["omraden/vard/kalender.ics"].clone()).unwrap();
    assert_eq!(summaries(&vard, "vard").len(), 1, "{vard}");
    // Each feed is linked from its page, with how to subscribe.
    let page = String::from_utf8_lossy(&files["ansvariga/ekonomidirektor/index.html"]).into_owned();
    assert!(page.contains("href=\"/styrdok/ansvariga/ekonomidirektor/kalender.ics\""));
    assert!(
        page.contains("https://intra.example.se/styrdok/ansvariga/ekonomidirektor/kalender.ics")
    );
    assert!(page.contains("Outlook") && page.contains("Google") && page.contains("Thunderbird"));
    let followup = String::from_utf8_lossy(&files["uppfoljning/index.html"]).into_owned();
    assert!(followup.contains("href=\"/styrdok/arshjul/kalender.ics\""));
}

#[test]
fn restricted_documents_and_drafts_are_in_no_feed_nor_the_calendar_page() {
    let files = built();
    let mut checked = 0;
    for (path, bytes) in &files {
        if path.ends_with(".ics") || path.starts_with("arshjul/") {
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.contains("CANARY"), "{path} leaks:\n{text}");
            assert!(
                !text.contains("hemlig") && !text.contains("utkast"),
                "{path}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 6);
}

#[test]
fn two_builds_give_the_same_feeds_and_page() {
    let (a, b) = (built(), built());
    let pick = |f: &Files| -> Files {
        f.iter()
            .filter(|(p, _)| p.ends_with(".ics") || p.starts_with("arshjul/"))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    };
    assert_eq!(pick(&a).len(), 6);
    assert!(pick(&a) == pick(&b), "two builds differ");
}

#[test]
fn the_calendar_page_goes_month_by_month_through_two_years() {
    let files = built();
    let page = String::from_utf8_lossy(&files["arshjul/index.html"]).into_owned();
    let main = common::main_of(&page);
    for id in ["2025-01", "2025-12", "2026-01", "2026-12"] {
        assert!(main.contains(&format!("<h3 id=\"{id}\">")), "no month {id}");
    }
    assert!(!main.contains("id=\"2027-01\"") && !main.contains("id=\"2024-12\""));
    assert!(main.contains("<caption class=\"visually-hidden\">Händelser i januari 2025</caption>"));
    // Overdue in words, linked to its record.
    let row = main
        .split("<tr")
        .find(|r| r.contains("#action-1\""))
        .expect("action 1's row");
    assert!(row.contains("Försenad"), "{row}");
    assert!(row.contains("href=\"/styrdok/plan/#action-1\""));
    // Done (action 3, 2024) and beyond next year are outside; the cycle comes twice.
    assert!(!main.contains("#action-3\""));
    assert_eq!(
        main.matches("href=\"/styrdok/arshjul/#cycle-delarsrapport-8\"")
            .count(),
        2
    );
    assert!(
        page.contains("href=\"/styrdok/arshjul/\" aria-current=\"page\""),
        "nav link"
    );
}

/// `styrdok due` on the fixture, from `today`, `within` days, in `format`.
fn due_at(today: &str, within: &str, format: &str) -> String {
    let site = common::TestSite::from_fixture("calendar");
    let run = site.run(&[
        "due", "--today", today, "--within", within, "--format", format,
    ]);
    assert!(run.success, "{}", run.stderr);
    assert!(!run.stdout.contains("CANARY"), "{}", run.stdout);
    run.stdout
}

fn due(format: &str) -> String {
    due_at("2025-01-15", "20", format)
}

#[test]
fn due_reports_overdue_and_soon_by_responsible() {
    let json: serde_json::Value = serde_json::from_str(&due("json")).unwrap();
    assert_eq!(json["today"], "2025-01-15");
    assert_eq!(json["until"], "2025-02-04");
    let groups = json["groups"].as_array().unwrap();
    let names: Vec<&str> = groups
        .iter()
        .map(|g| g["responsible"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Ekonomidirektör"]);
    let items = groups[0]["items"].as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    // 1 is overdue, 2 (written for the alias) falls due on 1 February; 3 is done.
    assert_eq!(ids, ["1", "2"]);
    assert_eq!(items[0]["overdue"], true);
    assert_eq!(items[0]["days"], -5);
    assert_eq!(items[0]["path"], "content/plan.md");
    assert_eq!(items[0]["line"], 14);
    assert_eq!(
        items[0]["url"],
        "https://intra.example.se/styrdok/plan/#action-1"
    );
    assert_eq!(items[0]["document"]["id"], "plan-ekonomi");
    assert_eq!(items[1]["due"], "2025-02-01");

    let human = due("human");
    assert!(human.contains("\nEkonomidirektör\n"), "{human}");
    assert!(
        human.contains("content/plan.md:14  https://intra.example.se/styrdok/plan/#action-1"),
        "{human}"
    );
    assert!(human.contains("Försenad"));

    let markdown = due("markdown");
    assert!(markdown.starts_with("# Att göra 2025-01-15"), "{markdown}");
    assert!(markdown.contains("\n## Ekonomidirektör\n"));
    assert!(
        markdown.contains("| `content/plan.md:14` | **Försenad** · Pågår |"),
        "{markdown}"
    );
}

#[test]
fn due_reaches_cycle_entries_and_reviews() {
    let json: serde_json::Value =
        serde_json::from_str(&due_at("2025-06-20", "80", "json")).unwrap();
    let kinds: Vec<(String, String)> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["items"].as_array().unwrap().iter())
        .map(|i| {
            (
                i["kind"].as_str().unwrap().into(),
                i["path"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        kinds.contains(&("review".into(), "content/plan.md".into())),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("cycle".into(), "styrdok.yaml".into())),
        "{kinds:?}"
    );
}

#[test]
fn due_on_a_broken_site_fails_with_located_errors() {
    let site = common::TestSite::from_fixture("errors/bad_cycle");
    let run = site.run(&["due"]);
    assert!(!run.success);
    assert!(
        run.stderr
            .contains("styrdok.yaml:6:10: error: `cycle.day` must be 1 to 31"),
        "{}",
        run.stderr
    );
}
