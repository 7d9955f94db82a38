//! The search index as written by `styrdok build`: what queries find (read with the
//! reference decoder, as the browser would), that nothing of restricted documents or
//! unpublished drafts is in any file, and that the bytes are deterministic.

mod common;

use common::TestSite;
use std::collections::BTreeMap;
use styrdok::search::decode::{self, Decoded};

const INDEX: &str = "sok/idx/";

/// The index files, relative to `sok/idx/`.
fn index_files(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    site.output_files()
        .into_iter()
        .filter_map(|(path, bytes)| Some((path.strip_prefix(INDEX)?.to_string(), bytes)))
        .collect()
}

fn built(drafts: bool) -> (TestSite, Decoded) {
    let site = TestSite::from_fixture("search");
    let mut args = vec!["build", "--today", "2025-01-15"];
    if drafts {
        args.push("--drafts");
    }
    site.run(&args).assert_ok();
    let decoded = decode::decode(&index_files(&site)).expect("the index decodes");
    (site, decoded)
}

#[test]
fn queries_find_documents_sections_and_records() {
    let (_site, index) = built(false);
    // Swedish stemming: "vårdskador" → "vårdskad", which finds vårdskada and vårdskador
    // in the risk analysis's background section and the action plan's goals.
    let hits = index.find("vårdskad");
    assert!(
        hits.contains(&"rs/riskanalys-2023/#bakgrund".to_string()),
        "{hits:?}"
    );
    assert!(
        hits.contains(&"rs/handlingsplan-2024/#mål".to_string()),
        "{hits:?}"
    );
    // A record is a result of its own, linking to its anchor.
    let hits = index.find("kompetensförsörjning");
    assert!(
        hits.contains(&"rs/riskanalys-2023/#risk-14".to_string()),
        "{hits:?}"
    );
    assert!(
        hits.contains(&"rs/handlingsplan-2024/#activity-ps2".to_string()),
        "{hits:?}"
    );
    assert_eq!(index.find("överfallslarm"), ["revisionssvar/#action-larm"]);
    // The first part of a compound finds it (prefix of the stem).
    assert!(
        index
            .find("patientsäker")
            .contains(&"rs/handlingsplan-2024/#activity-ps1".to_string())
    );
    // Record titles carry the kind and id.
    let doc = index
        .urls
        .iter()
        .position(|u| u[0] == "rs/riskanalys-2023/")
        .unwrap();
    assert!(
        index.titles[doc]
            .contains(&"Risk 14 — Fortsatta svårigheter med kompetensförsörjning".to_string())
    );
    // An alias is indexed under its canonical name too.
    assert!(
        index
            .find("hr")
            .contains(&"rs/riskanalys-2023/#risk-14".to_string())
    );
}

#[test]
fn facets_hold_canonical_names_and_present_values_only() {
    let (_site, index) = built(false);
    let facets = index.manifest["facets"].as_array().unwrap();
    let values = |key: &str| -> Vec<String> {
        facets.iter().find(|f| f["key"] == key).unwrap()["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v[0].as_str().unwrap().to_string())
            .collect()
    };
    let responsibles = values("ansvarig");
    assert!(responsibles.contains(&"HR-direktör".to_string()));
    assert!(
        !responsibles.contains(&"Personaldirektör".to_string()),
        "aliases are merged"
    );
    assert_eq!(values("slag"), ["document", "risk", "activity", "action"]);
    assert_eq!(values("ar"), ["2024", "2023", "2022"]);
    assert_eq!(
        values("typ"),
        ["action-plan", "risk-analysis", "audit-response"]
    );
}

/// Whether a (decompressed) file holds a canary in any case; the canaries are given as
/// the prefix their stems share, so terms, titles and text all match.
fn leaks(bytes: &[u8], canary: &str) -> bool {
    let text = String::from_utf8_lossy(bytes).to_lowercase();
    text.contains(&canary.to_lowercase())
}

#[test]
fn restricted_and_draft_canaries_are_in_no_index_file() {
    let (site, _) = built(false);
    let files = site.output_files();
    let index: Vec<_> = files
        .iter()
        .filter(|(p, _)| p.starts_with("sok/"))
        .collect();
    assert!(index.len() > 3, "the index was written");
    for (path, raw) in &files {
        let bytes = decode::bytes(raw).unwrap();
        for canary in ["hemligkanari", "utkastkanari", "CANARY"] {
            assert!(!leaks(&bytes, canary), "{path} holds {canary}");
        }
    }
    // Nothing counts them either: three published documents.
    let (_site, decoded) = built(false);
    assert_eq!(decoded.units.len(), 3);
    assert_eq!(decoded.manifest["docs"], 3);
}

#[test]
fn drafts_are_indexed_with_the_flag_restricted_never() {
    let (site, decoded) = built(true);
    assert!(
        !decoded.find("utkastkanari").is_empty(),
        "the draft is searchable"
    );
    let mut draft_files = 0;
    for (path, raw) in site.output_files() {
        let bytes = decode::bytes(&raw).unwrap();
        assert!(!leaks(&bytes, "hemligkanari"), "{path}");
        if path.starts_with(INDEX) && leaks(&bytes, "utkastkanari") {
            draft_files += 1;
        }
    }
    // The check sees through the compression: the draft is in a shard and its metadata.
    assert!(draft_files >= 2, "{draft_files}");
}

/// The site graph of a folder, as the build makes it.
fn site_graph(root: &std::path::Path) -> styrdok::graph::Site {
    use styrdok::{config::Config, graph, load, text::Date};
    let (config, _) = Config::load(root).unwrap();
    let mut diags = Vec::new();
    let found = load::discover(root, &mut diags);
    let docs = load::load_files(&found.documents, &config)
        .into_iter()
        .filter_map(|(d, _)| d.map(std::sync::Arc::new))
        .collect();
    let options = graph::BuildOptions::new(false, Date::parse("2025-01-15").unwrap());
    graph::Site::new(config, options, docs, found.assets)
}

#[test]
fn updating_one_document_gives_the_bytes_of_a_fresh_index() {
    use styrdok::search::SearchIndex;
    let site = TestSite::from_fixture("search");
    let mut index = SearchIndex::build(&site_graph(site.root()));
    let path = "content/rs/handlingsplan-2024.md";
    let original = std::fs::read_to_string(site.root().join(path)).unwrap();
    let edits = [
        // Text only: a few terms change.
        original.replace("Färre vårdskador", "Betydligt färre vårdskador och tillbud"),
        // A new heading and record: the document's units change.
        format!(
            "{original}\n## Ny rubrik\n\nNytt avsnitt.\n\n```actions\n- action: Ny åtgärd om larm\n```\n"
        ),
        // Over 32 units: its units are written as lists, not masks, in every term.
        format!(
            "{original}\n{}",
            (0..40)
                .map(|k| format!("## Avsnitt {k}\n\nText om larm {k}.\n\n"))
                .collect::<String>()
        ),
        // One unit fewer, still over 32: only the terms whose units changed.
        format!(
            "{original}\n{}",
            (1..40)
                .map(|k| format!("## Avsnitt {k}\n\nText om larm {k}.\n\n"))
                .collect::<String>()
        ),
        // Facets change: another owner and area.
        original.replace("owner: Hälso- och sjukvårdsdirektör", "owner: HR-direktör"),
        original.clone(),
    ];
    for (step, text) in edits.iter().enumerate() {
        site.write(path, text);
        let graph = site_graph(site.root());
        let doc = graph
            .docs
            .iter()
            .position(|d| d.source_path == path)
            .unwrap();
        index.update_document(&graph, doc);
        let mut fresh = SearchIndex::build(&graph);
        assert!(index.files() == fresh.files(), "step {step}: bytes differ");
        // A one-off build (`styrdok build`) keeps less but writes the same bytes.
        assert!(
            styrdok_search::files_once(&graph) == fresh.files(),
            "step {step}: files_once differs"
        );
    }
    // Made restricted: gone from the index; published again: back.
    site.write(
        path,
        &original.replace(
            "type: action-plan",
            "type: action-plan\nclassification: restricted",
        ),
    );
    let graph = site_graph(site.root());
    let doc = graph
        .docs
        .iter()
        .position(|d| d.source_path == path)
        .unwrap();
    index.update_document(&graph, doc);
    assert_eq!(index.documents(), 2);
    assert!(index.files() == SearchIndex::build(&graph).files());
    site.write(path, &original);
    let graph = site_graph(site.root());
    index.update_document(&graph, doc);
    assert_eq!(index.documents(), 3);
    assert!(index.files() == SearchIndex::build(&graph).files());
}

#[test]
fn index_bytes_are_deterministic() {
    let a = TestSite::from_fixture("search");
    a.build().assert_ok();
    let b = TestSite::from_fixture("search");
    b.build().assert_ok();
    assert_eq!(index_files(&a), index_files(&b));
}

#[test]
fn every_page_has_the_search_form_and_the_page_has_its_scripts() {
    let site = TestSite::from_fixture("search");
    site.build().assert_ok();
    let page = site.read("rs/riskanalys-2023/index.html");
    assert!(
        page.contains(r#"<form class="site-search" role="search" method="get" action="/sok/">"#)
    );
    assert!(page.contains(r#"<label for="site-search-q">Sök i dokumenten</label>"#));
    assert!(page.contains(r#"<button type="submit">Sök</button>"#));
    let search = site.read("sok/index.html");
    assert!(
        !search.contains("site-search-q"),
        "one search box on the search page"
    );
    assert!(search.contains(r#"data-index="/sok/idx/""#));
    assert!(search.contains("/assets/snowball-sv.js") && search.contains("/assets/search.js"));
    assert!(search.contains(r#"role="status""#));
    assert!(site.read("assets/search.js").contains("styrdokStem"));
}

/// Timings of the index alone on a large site (not run by default):
/// `STYRDOK_BENCH_SITE=/tmp/corpus-10k cargo test --release --test search -- --ignored --nocapture`
#[test]
#[ignore]
fn bench_index_build() {
    use std::time::Instant;
    use styrdok::search::SearchIndex;
    let Some(root) = std::env::var_os("STYRDOK_BENCH_SITE") else {
        return;
    };
    // CPU time of this process (user + system) from /proc, in ms: wall time is at the
    // mercy of whatever else the machine runs.
    let cpu = || -> u64 {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        let fields: Vec<&str> = stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|f| f.parse::<u64>().ok())
                .unwrap_or(0)
        };
        (ticks(11) + ticks(12)) * 10
    };
    let graph = site_graph(std::path::Path::new(&root));
    let (t, c) = (Instant::now(), cpu());
    let mut index = SearchIndex::build(&graph);
    let built = t.elapsed();
    let built_cpu = cpu() - c;
    let (t, c) = (Instant::now(), cpu());
    let files = index.files();
    let written = t.elapsed();
    let written_cpu = cpu() - c;
    eprintln!("cpu: segments+postings {built_cpu} ms, files {written_cpu} ms");
    let size = |pred: &dyn Fn(&str) -> bool| -> usize {
        files
            .iter()
            .filter(|(p, _)| pred(p))
            .map(|(_, b)| b.len())
            .sum()
    };
    eprintln!(
        "{} documents: segments+postings {:?}, files {:?}; {} files, shards {} B, metadata {} B, units {} B, manifest {} B",
        index.documents(),
        built,
        written,
        files.len(),
        size(&|p| p.contains("/t/")),
        size(&|p| p.contains("/d/")),
        size(&|p| p.contains("/units-")),
        size(&|p| p.ends_with("manifest.json")),
    );
    // One edit: re-index the first document with a changed text.
    let t = Instant::now();
    let doc = (0..graph.docs.len()).find(|&i| graph.published[i]).unwrap();
    index.update_document(&graph, doc);
    let _ = index.files();
    eprintln!("update_document + files: {:?}", t.elapsed());
}
