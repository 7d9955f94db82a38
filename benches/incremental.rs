//! Incremental rebuild benchmark: loads a site (e.g. a generated corpus) into the build
//! engine, then edits one document at a time and times each rebuild. Prints one JSON
//! line with the median and the spread. Run by benches/run.sh:
//!
//!     cargo bench --bench incremental -- SITE_DIR [EDITS]

use std::path::PathBuf;

// The same allocator as the binary, so the figures are what `styrdok serve` does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::Instant;
use styrdok::Target;
use styrdok::engine::Engine;
use styrdok::text::Date;

fn main() {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&String> = raw.iter().filter(|a| !a.starts_with("--")).collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        // `cargo bench` passes `--bench`; `cargo test --all-targets` runs the bench with
        // no arguments only to see it start, and a passing run should print nothing.
        if raw.iter().any(|a| a == "--bench") {
            eprintln!("usage: cargo bench --bench incremental -- SITE_DIR [EDITS]");
        }
        return;
    };
    let edits: usize = args.get(1).and_then(|e| e.parse().ok()).unwrap_or(20);
    let today = Date::parse("2025-01-15").unwrap();
    let mut engine = Engine::new(&root, false, today);
    let started = Instant::now();
    let report = engine.full(&Target::Memory);
    let full_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert!(
        !report.has_errors(),
        "the site does not build: {:?}",
        report.diagnostics.first()
    );
    let mut docs: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().to_path_buf())
        .collect();
    // Spread the edits over the corpus, deterministically.
    let step = (docs.len() / edits.max(1)).max(1);
    docs = docs.into_iter().step_by(step).take(edits).collect();
    let mut times = Vec::new();
    let mut rendered = Vec::new();
    for (i, path) in docs.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        let edited = text.replacen("## Analys", &format!("## Analys\n\nRedigering {i}."), 1);
        std::fs::write(path, &edited).unwrap();
        let t = Instant::now();
        let (report, stats) = engine.update(std::slice::from_ref(path));
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        rendered.push(stats.files_rendered);
        assert!(!report.has_errors());
        std::fs::write(path, text).unwrap();
        engine.update(std::slice::from_ref(path));
    }
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let median = sorted[sorted.len() / 2];
    let mut files = rendered.clone();
    files.sort();
    println!(
        "{{\"documents\": {}, \"full_memory_ms\": {:.1}, \"edits\": {}, \"median_ms\": {:.1}, \"min_ms\": {:.1}, \"max_ms\": {:.1}, \"median_files_rendered\": {}}}",
        report.documents,
        full_ms,
        times.len(),
        median,
        sorted[0],
        sorted[sorted.len() - 1],
        files[files.len() / 2]
    );
}
