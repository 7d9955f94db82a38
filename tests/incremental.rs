//! Incremental rebuilds must equal full builds, byte for byte: random sequences of edits
//! on the `views` fixture, each applied to a long-lived engine (incremental) and compared
//! with a fresh full build of the same files.

mod common;
use common::*;
use std::path::PathBuf;
use std::sync::Arc;
use styrdok::Target;
use styrdok::engine::Engine;
use styrdok::text::Date;

/// A small deterministic generator (no dependency needed for a test).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn today() -> Date {
    Date::parse("2025-01-15").unwrap()
}

/// Sets the value on the line marked `# MARKER` in `path`, keeping the marker.
fn set_line(site: &TestSite, path: &str, marker: &str, line: &str) {
    let full = site.root().join(path);
    let text = std::fs::read_to_string(&full).unwrap();
    let tag = format!("# {marker}");
    assert!(text.contains(&tag), "{path} has no line marked {tag}");
    let out: Vec<String> = text
        .lines()
        .map(|l| {
            if l.ends_with(&tag) {
                format!("{line} {tag}")
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(full, out.join("\n") + "\n").unwrap();
}

fn append(site: &TestSite, path: &str, text: &str) {
    let full = site.root().join(path);
    let mut body = std::fs::read_to_string(&full).unwrap();
    body.push_str(text);
    std::fs::write(full, body).unwrap();
}

/// One random edit; returns the file it touched.
fn edit(site: &TestSite, rng: &mut Lcg, step: usize) -> String {
    let pick = |rng: &mut Lcg, options: &[&str]| options[rng.next(options.len())].to_string();
    let docs = [
        "content/ra-2022.md",
        "content/ra-2023.md",
        "content/plan.md",
        "content/gammal.md",
        "content/varning.md",
    ];
    let (path, marker, line) = match rng.next(16) {
        0 => {
            let path = pick(
                rng,
                &[
                    "content/ra-2022.md",
                    "content/ra-2023.md",
                    "content/plan.md",
                    "content/gammal.md",
                ],
            );
            (path, "m-title", format!("title: Ny titel {step}"))
        }
        1 => (
            "content/ra-2023.md".into(),
            "m-r5-l",
            format!("  likelihood: {}", pick(rng, &["5", "2", "3"])),
        ),
        2 => {
            let v = pick(
                rng,
                &[
                    "[HR-direktör]",
                    "[Hospa-chef, HR-direktör]",
                    "Hälso- och sjukvårdspolitisk chef",
                    "Ny roll",
                ],
            );
            (
                "content/plan.md".into(),
                "m-sen-resp",
                format!("  responsible: {v}"),
            )
        }
        3 => (
            "content/plan.md".into(),
            "m-snart-area",
            format!(
                "  area: {}",
                pick(rng, &["Zinkgruvan", "Åre", "Arbetsmiljö", "Vård"])
            ),
        ),
        4 => (
            "content/plan.md".into(),
            "m-snart-due",
            format!(
                "  due: {}",
                pick(rng, &["2025-03-01", "2024-01-01", "2027-01-01"])
            ),
        ),
        5 => {
            append(
                site,
                "content/gammal.md",
                &format!("\nSe [[ra-2023#risk-5]] och [[plan]] ({step}).\n"),
            );
            return "content/gammal.md".into();
        }
        6 => (
            "content/ra-2022.md".into(),
            "m-decided",
            format!(
                "decided: {}",
                pick(rng, &["2022-02-01", "2021-05-05", "2023-12-24"])
            ),
        ),
        7 => (
            "content/ra-2023.md".into(),
            "m-owner",
            format!(
                "owner: {}",
                pick(rng, &["Regionstabschef", "HR-direktör", "Hospa-chef"])
            ),
        ),
        8 => (
            "content/gammal.md".into(),
            "m-class",
            format!(
                "classification: {}",
                pick(rng, &["internal", "restricted", "public"])
            ),
        ),
        9 => {
            // A document of a new type (every page's navigation changes: a full
            // render) or of a type the site has (the others are renumbered).
            let (path, doc_type) = [
                ("content/ny.md", "assignment"),
                ("content/mellan.md", "action-plan"),
            ][rng.next(2)];
            let full = site.root().join(path);
            if full.exists() {
                std::fs::remove_file(full).unwrap();
            } else {
                site.write(path, &format!("---\ntitle: Ny\ntype: {doc_type}\ndecided: 2024-05-05\n---\n```actions\n- action: Ny åtgärd\n  responsible: HR-direktör\n  due: 2025-02-01\n```\n"));
            }
            return path.into();
        }
        10 => {
            // A broken link: the rebuild fails; a later edit fixes it.
            append(site, "content/plan.md", "\n[[finns-inte]]\n");
            return "content/plan.md".into();
        }
        12 | 13 => {
            // Prose only: the fast path that keeps the graph.
            let path = pick(rng, &docs);
            append(site, &path, &format!("\nMer text i steg {step}.\n"));
            return path;
        }
        14 => {
            // Prose at the top of the body: everything below moves down a line, so
            // the positions in the document's warnings must move too.
            let path = pick(rng, &docs);
            let full = site.root().join(&path);
            let text = std::fs::read_to_string(&full).unwrap();
            let end = text[3..].find("\n---\n").unwrap() + 3 + 5;
            let text = format!("{}Inledning {step}.\n\n{}", &text[..end], &text[end..]);
            std::fs::write(full, text).unwrap();
            return path;
        }
        15 => {
            // A new heading changes the outline (anchors others may link to).
            let path = pick(rng, &docs);
            append(site, &path, &format!("\n## Avsnitt {step}\n\nText.\n"));
            return path;
        }
        _ => {
            let full = site.root().join("content/plan.md");
            let text = std::fs::read_to_string(&full)
                .unwrap()
                .replace("\n[[finns-inte]]\n", "\n");
            std::fs::write(full, text).unwrap();
            (
                "content/plan.md".into(),
                "m-sen-status",
                format!("  status: {}", pick(rng, &["ongoing", "done", "planned"])),
            )
        }
    };
    set_line(site, &path, marker, &line);
    path
}

/// The paths whose files differ between two builds' outputs (or are in one only).
fn differing<'a>(
    full: &'a styrdok::output::Files,
    incremental: &'a styrdok::output::Files,
) -> Vec<&'a String> {
    let paths = full.keys().chain(incremental.keys());
    paths
        .filter(|k| full.get(*k) != incremental.get(*k))
        .collect()
}

/// Runs the lists of `site` over pages of `size` items.
fn paged(site: &TestSite, size: usize) {
    let config = std::fs::read_to_string(site.root().join("styrdok.yaml")).unwrap();
    site.write("styrdok.yaml", &format!("{config}page_size: {size}\n"));
}

/// An engine that has rendered `site` into memory (as `serve` does), with its files.
fn served(site: &TestSite) -> (Engine, styrdok::output::Files) {
    let mut engine = Engine::new(site.root(), false, today());
    assert!(!engine.full(&Target::Memory).has_errors());
    let files = engine.files().unwrap().clone();
    (engine, files)
}

fn full_build(site: &TestSite) -> (bool, styrdok::output::Files, String) {
    let mut engine = Engine::new(site.root(), false, today());
    let report = engine.full(&Target::Memory);
    let diagnostics = format!("{:?}", report.diagnostics);
    (
        !report.has_errors(),
        std::sync::Arc::unwrap_or_clone(report.files),
        diagnostics,
    )
}

#[test]
fn random_edit_sequences_give_the_same_bytes_as_full_builds() {
    let mut incremental_runs = 0;
    // Lists of one or two items a page too: what a page of a list shows is keyed by
    // the page (`Dep::Shown`), and an edit that moves nothing makes only those again.
    for (seed, page_size) in [
        (1u64, None),
        (7, None),
        (42, None),
        (2025, None),
        (3, Some(1)),
        (11, Some(2)),
    ] {
        let site = TestSite::from_fixture("views");
        if let Some(size) = page_size {
            paged(&site, size);
        }
        // A document with a warning at a position in its body, which edits above it move.
        site.write(
            "content/varning.md",
            "---\ntitle: Varning\ntype: risk-analysis\nid: varning\ndecided: 2024-01-01\n---\nText.\n\n```risks\n- id: 1\n  risk: Utan åtgärd\n  likelihood: 3\n  severity: 3\n```\n",
        );
        let mut engine = Engine::new(site.root(), false, today());
        let first = engine.full(&Target::Memory);
        assert!(!first.has_errors());
        assert!(
            first
                .diagnostics
                .iter()
                .any(|d| d.message.contains("no `treatment`")),
            "the warning this test moves around is not reported: {:?}",
            first.diagnostics
        );
        let mut rng = Lcg(seed);
        for step in 0..30 {
            let path = edit(&site, &mut rng, step);
            let (report, stats) = engine.update(&[PathBuf::from(&path)]);
            let (full_ok, full_files, full_diagnostics) = full_build(&site);
            assert_eq!(
                !report.has_errors(),
                full_ok,
                "seed {seed} step {step} ({path}): success differs\n{:?}",
                report.diagnostics
            );
            assert_eq!(
                format!("{:?}", report.diagnostics),
                full_diagnostics,
                "seed {seed} step {step} ({path}): the problems reported differ"
            );
            if !full_ok {
                continue;
            }
            let files = engine.files().unwrap();
            let differing = differing(&full_files, files);
            assert!(
                differing.is_empty(),
                "seed {seed} step {step} ({path}, {stats:?}): differs in {differing:?}"
            );
            if stats.incremental {
                incremental_runs += 1;
                assert!(
                    stats.files_rendered < files.len(),
                    "an incremental rebuild rendered everything"
                );
            }
        }
    }
    assert!(
        incremental_runs > 20,
        "only {incremental_runs} rebuilds were incremental"
    );
}

#[test]
fn an_edit_rerenders_only_what_depends_on_it() {
    let site = TestSite::from_fixture("views");
    let (mut engine, files) = served(&site);
    let total = files.len();
    // A body-only edit of a document nobody links to.
    append(&site, "content/gammal.md", "\nMer text.\n");
    let (report, stats) = engine.update(&[PathBuf::from("content/gammal.md")]);
    assert!(!report.has_errors());
    assert!(stats.incremental);
    assert!(
        stats.files_rendered <= 8,
        "{} of {total} files rendered",
        stats.files_rendered
    );
    assert!(
        String::from_utf8_lossy(&engine.files().unwrap()["gammal/index.html"])
            .contains("Mer text.")
    );
}

/// A risk row shows the score of the risk its `previous` names: an edit of the earlier
/// analysis's score reaches the later one's rows on every page that shows them.
#[test]
fn an_earlier_score_edit_reaches_the_rows_that_show_it() {
    let site = TestSite::from_fixture("views");
    let path = "content/ra-2023.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    // Risk 16's responsible and area are named nowhere in ra-2022.
    let later = text.replace(
        "  responsible: [HR-direktör, Hospa-chef]\n",
        "  responsible: HR-direktör\n  previous: ra-2022#risk-1\n",
    );
    assert_ne!(later, text);
    site.write(path, &later);
    let edits: &[KindEdit] = &[(
        "earlier score",
        "content/ra-2022.md",
        "likelihood: 2",
        Some("likelihood: 5"),
    )];
    every_kind_equals_a_full_build(&site, None, edits);
}

/// A `previous` added by an edit is known to the next one: the earlier analysis's score
/// edited after it reaches the later one's rows (the graph keeps each document's
/// `previous` targets, patched for the documents an edit reloads).
#[test]
fn a_previous_added_by_an_edit_reaches_the_next_edit() {
    let site = TestSite::from_fixture("views");
    let (mut engine, _) = served(&site);
    let later = "content/ra-2023.md";
    let text = std::fs::read_to_string(site.root().join(later)).unwrap();
    let with_previous = text.replace(
        "  responsible: [HR-direktör, Hospa-chef]\n",
        "  responsible: HR-direktör\n  previous: ra-2022#risk-1\n",
    );
    assert_ne!(with_previous, text);
    let earlier = "content/ra-2022.md";
    let earlier_text = std::fs::read_to_string(site.root().join(earlier)).unwrap();
    assert!(earlier_text.contains("likelihood: 2"));
    for (path, new) in [
        (later, with_previous),
        (
            earlier,
            earlier_text.replacen("likelihood: 2", "likelihood: 5", 1),
        ),
    ] {
        site.write(path, &new);
        let (report, stats) = engine.update(&[PathBuf::from(path)]);
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        assert!(stats.incremental, "{path}: {stats:?}");
        let (ok, full, diagnostics) = full_build(&site);
        assert!(ok, "{diagnostics}");
        let differing = differing(&full, &report.files);
        assert!(differing.is_empty(), "{path}: differs in {differing:?}");
    }
}

/// A responsible's or an area's page is rendered again for an edit only when it shows
/// something that changed: a risk's new score reaches its own responsible's page (and the
/// owner's, whose list entry counts the high risks), not that of another risk's
/// responsible.
#[test]
fn a_score_edit_renders_only_the_pages_that_show_the_risk() {
    let site = TestSite::from_fixture("views");
    let (mut engine, before) = served(&site);
    set_line(&site, "content/ra-2023.md", "m-r5-l", "  likelihood: 2");
    let (report, _) = engine.update(&[PathBuf::from("content/ra-2023.md")]);
    assert!(!report.has_errors());
    let after = engine.files().unwrap();
    let rendered = |p: &str| !Arc::ptr_eq(&before[p], &after[p]);
    // Risk 5's responsible (Hospa-chef, by an alias), the owner, the risk's area.
    for p in [
        "ansvariga/hospa-chef/index.html",
        "ansvariga/regionstabschef/index.html",
        "omraden/patientsakerhet/index.html",
    ] {
        assert!(rendered(p), "{p} kept");
    }
    // Risk 16's other responsible.
    assert!(!rendered("ansvariga/hr-direktor/index.html"));
}

/// Records that swap places are listed in their new order on every page that lists them.
#[test]
fn records_that_swap_places_give_the_bytes_of_a_full_build() {
    let site = TestSite::from_fixture("views");
    let text = std::fs::read_to_string(site.root().join("content/ra-2023.md")).unwrap();
    let start = text.find("- id: 5").unwrap();
    let middle = text.find("- id: 16").unwrap();
    let end = text.rfind("```").unwrap();
    let (five, sixteen) = (&text[start..middle], &text[middle..end]);
    let swapped: &'static str = format!("{sixteen}{five}").leak();
    let from: &'static str = text[start..end].to_string().leak();
    let edits: &[KindEdit] = &[("reorder", "content/ra-2023.md", from, Some(swapped))];
    every_kind_equals_a_full_build(&site, None, edits);
}

/// A render kept for the next one (`serve`, in memory) reuses what it made once (rows,
/// feed entries, the search index) where a one-off build (`styrdok build`) frees it:
/// both write the same bytes.
#[test]
fn serve_and_build_write_the_same_bytes() {
    for fixture in ["views", "audiences"] {
        let site = TestSite::from_fixture(fixture);
        let (ok, memory, _) = full_build(&site);
        assert!(ok, "{fixture}");
        site.build().assert_ok();
        let disk = site.output_files();
        assert_eq!(disk.len(), memory.len(), "{fixture}: number of files");
        for (path, bytes) in disk {
            assert!(memory[&path][..] == bytes[..], "{fixture}: {path} differs");
        }
    }
}

/// A risk's new score is on no calendar and not on the follow-up page: an edit of it
/// renders neither the årshjul page, nor a feed, nor the follow-up page again, though
/// the document is dated (its review) and its owner and areas have feeds.
#[test]
fn a_score_edit_renders_no_calendar_and_no_followup_page() {
    let site = TestSite::from_fixture("views");
    let path = "content/ra-2023.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(
        path,
        &text.replace(
            "decided: 2023-02-28\n",
            "decided: 2023-02-28\nreview_by: 2030-06-01\n",
        ),
    );
    let (mut engine, before) = served(&site);
    let followup = "uppfoljning/index.html";
    assert!(String::from_utf8_lossy(&before["arshjul/kalender.ics"]).contains("Riskanalys 2023"));
    let untouched = |files: &styrdok::output::Files| -> Vec<String> {
        let watched = |p: &str| p == followup || p.starts_with("arshjul/") || p.ends_with(".ics");
        let mut same: Vec<String> = before
            .iter()
            .filter(|(p, b)| watched(p) && files.get(*p).is_some_and(|n| Arc::ptr_eq(n, b)))
            .map(|(p, _)| p.clone())
            .collect();
        same.sort();
        same
    };
    let watched_count = untouched(&before).len();
    assert!(watched_count >= 4, "the fixture has feeds: {watched_count}");
    set_line(&site, path, "m-r5-l", "  likelihood: 2");
    let (report, stats) = engine.update(&[PathBuf::from(path)]);
    assert!(!report.has_errors() && stats.incremental);
    let after = engine.files().unwrap();
    assert_ne!(before["ra-2023/index.html"], after["ra-2023/index.html"]);
    assert_eq!(
        untouched(after).len(),
        watched_count,
        "re-rendered: some of {:?}",
        untouched(&before)
    );
    // A new review date is in the calendars: they are rendered again.
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(
        path,
        &text.replace("review_by: 2030-06-01", "review_by: 2030-07-01"),
    );
    let before = engine.files().unwrap().clone();
    let (report, _) = engine.update(&[PathBuf::from(path)]);
    assert!(!report.has_errors());
    let after = engine.files().unwrap();
    for p in [
        "arshjul/kalender.ics",
        "ansvariga/regionstabschef/kalender.ics",
    ] {
        assert!(!Arc::ptr_eq(&before[p], &after[p]), "{p} kept");
    }
}

/// The public extract rebuilt incrementally after edits of a public document's prose,
/// masked section and masked row gives the bytes of a full public build, and holds no
/// internal word.
#[test]
fn the_public_extract_rebuilt_incrementally_is_the_full_one() {
    let site = TestSite::from_fixture("audiences");
    let public = || Engine::new(site.root(), false, today()).for_audience(Some("public".into()));
    let mut engine = public();
    assert!(!engine.full(&Target::Memory).has_errors());
    let path = "content/riskanalys.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    let edits = [
        ("Sista stycket", "Sista stycket ändrat"),
        ("Reservkraften vid", "Reservkraften KANARIEINTERNNY vid"),
        ("Sabotage mot", "Sabotage KANARIEINTERNNYRAD mot"),
    ];
    let mut current = text;
    for (from, to) in edits {
        current = current.replace(from, to);
        site.write(path, &current);
        let (report, stats) = engine.update(&[PathBuf::from(path)]);
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        assert!(stats.incremental, "{from}: {stats:?}");
        let mut fresh = public();
        let full = fresh.full(&Target::Memory);
        assert_eq!(report.files, full.files, "after editing {from}");
        for (file, bytes) in report.files.iter() {
            assert!(
                !String::from_utf8_lossy(bytes).contains("KANARIEINTERNNY"),
                "{file}"
            );
        }
    }
}

/// One edit of each kind the incremental benchmark times: (kind, file, text replaced,
/// its replacement); an empty `from` appends `to`, a `to` of `None` removes the file.
type KindEdit = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

/// Applies each edit to a long-lived engine, compares the result with a fresh full build,
/// undoes it and compares again. Every kind but a removal must stay incremental.
fn every_kind_equals_a_full_build(site: &TestSite, audience: Option<&str>, edits: &[KindEdit]) {
    let engine =
        || Engine::new(site.root(), false, today()).for_audience(audience.map(str::to_string));
    let mut long_lived = engine();
    assert!(!long_lived.full(&Target::Memory).has_errors());
    for &(kind, path, from, to) in edits {
        let full_path = site.root().join(path);
        let text = std::fs::read_to_string(&full_path).unwrap();
        match to {
            Some(to) if from.is_empty() => site.write(path, &format!("{text}{to}")),
            Some(to) => {
                assert!(text.contains(from), "{path} has no {from:?}");
                site.write(path, &text.replacen(from, to, 1));
            }
            None => std::fs::remove_file(&full_path).unwrap(),
        }
        for step in ["edit", "undo"] {
            let (report, stats) = long_lived.update(&[PathBuf::from(path)]);
            assert!(
                !report.has_errors(),
                "{kind} {step}: {:?}",
                report.diagnostics
            );
            if to.is_some() {
                assert!(stats.incremental, "{kind} {step}: {stats:?}");
            }
            let full = engine().full(&Target::Memory);
            let differing = differing(&full.files, &report.files);
            assert!(
                differing.is_empty(),
                "{kind} {step}: differs in {differing:?}"
            );
            site.write(path, &text);
        }
    }
}

#[test]
fn every_kind_of_edit_gives_the_bytes_of_a_full_build() {
    let site = TestSite::from_fixture("views");
    every_kind_equals_a_full_build(&site, None, EVERY_KIND);
}

#[test]
fn every_kind_of_edit_of_paged_lists_gives_the_bytes_of_a_full_build() {
    let site = TestSite::from_fixture("views");
    paged(&site, 1);
    every_kind_equals_a_full_build(&site, None, EVERY_KIND);
}

/// A title edit that moves the document in no list makes again only the list pages that
/// show it: of a responsible's pages of one item each, the one listing the document.
#[test]
fn a_title_edit_makes_again_only_the_list_pages_that_show_the_document() {
    let site = TestSite::from_fixture("views");
    paged(&site, 1);
    let (mut engine, before) = served(&site);
    let path = "content/plan.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    // plan.md is the only document of its `decided` date: its place is by date alone.
    site.write(path, &text.replacen("title: ", "title: Ändrad ", 1));
    let (report, stats) = engine.update(&[PathBuf::from(path)]);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert!(stats.incremental, "{stats:?}");
    let after = engine.files().unwrap();
    let pages: Vec<&String> = after
        .keys()
        .filter(|k| k.starts_with("ansvariga/hr-direktor/"))
        .collect();
    let (changed, kept): (Vec<&String>, Vec<&String>) = pages
        .iter()
        .partition(|k| !Arc::ptr_eq(&before[k.as_str()], &after[k.as_str()]));
    let showing = |k: &&String| String::from_utf8_lossy(&after[k.as_str()]).contains("Ändrad ");
    assert!(
        !changed.is_empty() && changed.iter().all(showing),
        "{changed:?}"
    );
    assert!(!kept.is_empty(), "every page made again: {changed:?}");
    assert!(kept.iter().all(|k| !showing(k)), "{kept:?}");
}

/// Documents decided the same day are listed by title: a title edit that moves one
/// before another moves both, on their owner's pages and the follow-up page (one item a
/// page), though the titles' keys alone would not say so.
#[test]
fn a_title_edit_that_reorders_a_list_makes_its_pages_again() {
    let site = TestSite::from_fixture("views");
    paged(&site, 1);
    // Decided the day plan.md was, and past review as it is: all three to review.
    for (name, title) in [("content/a.md", "Alfa"), ("content/b.md", "Beta")] {
        site.write(
            name,
            &format!("---\ntitle: {title}\ntype: action-plan\nowner: HR-direktör\ndecided: 2024-01-10\nreview_by: 2024-06-01\n---\nText.\n"),
        );
    }
    let edits: &[KindEdit] = &[
        ("title", "content/b.md", "title: Beta", Some("title: Aaa")),
        ("title", "content/a.md", "title: Alfa", Some("title: Ö")),
    ];
    every_kind_equals_a_full_build(&site, None, edits);
}

/// Another document's problems change with this one's outline: a heading removed
/// breaks the link to its anchor (an error where the link is written), put back it
/// mends it. The incremental rebuild reports what a full build does, each time.
#[test]
fn an_anchor_removed_elsewhere_is_reported_where_the_link_is() {
    let site = TestSite::from_fixture("views");
    let target = "content/mal.md";
    let with_heading = "---\ntitle: Mål\ntype: action-plan\nid: mal\ndecided: 2024-05-05\n---\nText.\n\n## Bakgrund\n\nMer text.\n";
    site.write(target, with_heading);
    site.write(
        "content/lank.md",
        "---\ntitle: Länkar\ntype: action-plan\nid: lank\ndecided: 2024-05-06\n---\nText.\n\nSe [[mal#bakgrund]].\n",
    );
    let (mut engine, _) = served(&site);
    let without = with_heading.replace("## Bakgrund", "Bakgrund");
    for (step, text) in [("removed", without.as_str()), ("put back", with_heading)] {
        site.write(target, text);
        let (report, _) = engine.update(&[PathBuf::from(target)]);
        let (_, _, full) = full_build(&site);
        assert_eq!(format!("{:?}", report.diagnostics), full, "{step}");
        let located: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| format!("{}:{}:{} {}", d.path, d.line, d.column, d.message))
            .collect();
        let broken = located
            .iter()
            .find(|d| d.starts_with("content/lank.md:9:4 "));
        match step {
            "removed" => assert!(
                broken.is_some_and(|d| d.contains("bakgrund")),
                "{located:?}"
            ),
            _ => assert!(broken.is_none() && !report.has_errors(), "{located:?}"),
        }
    }
}

const EVERY_KIND: &[KindEdit] = &[
    ("body", "content/plan.md", "", Some("\nMer text.\n")),
    (
        "title",
        "content/ra-2023.md",
        "Riskanalys 2023",
        Some("Ny riskanalys"),
    ),
    (
        "owner",
        "content/ra-2023.md",
        "Regionstabschef",
        Some("Helt ny roll"),
    ),
    (
        "score",
        "content/ra-2023.md",
        "likelihood: 5",
        Some("likelihood: 2"),
    ),
    (
        "add-record",
        "content/plan.md",
        "```actions\n",
        Some(
            "```actions\n- id: ny\n  action: Ny rad\n  responsible: Ny ansvarig\n  area: Arbetsmiljö\n  due: 2025-02-01\n  status: planned\n",
        ),
    ),
    ("delete", "content/gammal.md", "", None),
];

#[test]
fn every_kind_of_edit_of_the_public_extract_gives_the_bytes_of_a_full_build() {
    let site = TestSite::from_fixture("audiences");
    let path = "content/riskanalys.md";
    let edits: &[KindEdit] = &[
        ("body", path, "Sista stycket", Some("Sista stycket ändrat")),
        (
            "title",
            path,
            "title: Risk- och sårbarhetsanalys 2024",
            Some("title: Ny analys"),
        ),
        (
            "owner",
            path,
            "owner: Säkerhetschef",
            Some("owner: Ny publik roll"),
        ),
        (
            "score",
            path,
            "likelihood: 3\n  severity: 4",
            Some("likelihood: 1\n  severity: 4"),
        ),
        (
            "add-record",
            path,
            "```risks\n",
            Some(
                "```risks\n- id: 9\n  risk: Ny risk\n  likelihood: 2\n  severity: 2\n  responsible: Ny roll\n",
            ),
        ),
        ("delete", "content/riskanalys-2025.md", "", None),
    ];
    every_kind_equals_a_full_build(&site, Some("public"), edits);
}

#[test]
fn a_document_added_or_removed_renumbers_the_others_instead_of_a_full_render() {
    let site = TestSite::from_fixture("views");
    let (mut engine, before) = served(&site);
    // Between gammal.md and plan.md: the documents after it get new numbers. Its type
    // and names are the site's already, and it is due when plan.md's first row is.
    let path = "content/mellan.md";
    site.write(
        path,
        "---\ntitle: Mellanplan\ntype: action-plan\nowner: HR-direktör\ndecided: 2024-05-05\n---\n```actions\n- action: Utan datum\n  responsible: HR-direktör\n  status: planned\n- action: Samma dag som planen\n  responsible: HR-direktör\n  due: 2025-01-01\n  status: planned\n```\n",
    );
    for step in ["added", "removed"] {
        let (report, stats) = engine.update(&[PathBuf::from(path)]);
        assert!(!report.has_errors(), "{step}: {:?}", report.diagnostics);
        assert!(stats.incremental, "{step}: {stats:?}");
        let (ok, full, diagnostics) = full_build(&site);
        assert!(ok, "{diagnostics}");
        let differing = differing(&full, &report.files);
        assert!(differing.is_empty(), "{step}: differs in {differing:?}");
        assert!(
            stats.files_rendered < full.len() / 2,
            "{step}: {} of {} files rendered",
            stats.files_rendered,
            full.len()
        );
        if step == "added" {
            std::fs::remove_file(site.root().join(path)).unwrap();
        }
    }
    assert_eq!(engine.files().unwrap(), &before);
}
