//! Incremental rebuild benchmark: loads a site (e.g. a generated corpus) into the build
//! engine, then makes one edit of one kind at a time and times each rebuild. Prints one
//! JSON line with the median and the spread. Run by benches/run.sh:
//!
//!     cargo bench --bench incremental -- SITE_DIR [EDITS] [--edit KIND]
//!
//! KIND (default body) is one of:
//! - `body`: a sentence added to a document's prose;
//! - `title`: a document's `title:` changed;
//! - `owner`: a document's `owner:` set to a role no document had (a new responsible);
//! - `score`: one risk's likelihood (and its score) changed in a risk register;
//! - `add-record`: a row appended to a document's register or action block;
//! - `delete`: a document nothing links to removed.
//!
//! Each edit is undone (and the undo rebuilt, untimed) before the next.

use std::path::{Path, PathBuf};

// The same allocator as the binary, so the figures are what `styrdok serve` does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::Instant;
use styrdok::Target;
use styrdok::engine::Engine;
use styrdok::text::Date;

const KINDS: [&str; 6] = ["body", "title", "owner", "score", "add-record", "delete"];

fn main() {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let kind = raw
        .iter()
        .position(|a| a == "--edit")
        .and_then(|i| raw.get(i + 1))
        .map_or("body", String::as_str)
        .to_string();
    assert!(KINDS.contains(&kind.as_str()), "--edit is one of {KINDS:?}");
    let args: Vec<&String> = raw
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || raw[i - 1] != "--edit"))
        .map(|(_, a)| a)
        .collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        // `cargo bench` passes `--bench`; `cargo test --all-targets` runs the bench with
        // no arguments only to see it start, and a passing run should print nothing.
        if raw.iter().any(|a| a == "--bench") {
            eprintln!("usage: cargo bench --bench incremental -- SITE_DIR [EDITS] [--edit KIND]");
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
    let docs = chosen(&root, &kind, edits);
    let mut times = Vec::new();
    let mut rendered = Vec::new();
    for (i, path) in docs.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        match edited(&kind, &text, i) {
            Some(new) => std::fs::write(path, new).unwrap(),
            None => std::fs::remove_file(path).unwrap(),
        }
        let t = Instant::now();
        let (report, stats) = engine.update(std::slice::from_ref(path));
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        rendered.push(stats.files_rendered);
        assert!(
            !report.has_errors(),
            "{kind} edit of {}: {:?}",
            path.display(),
            report
                .diagnostics
                .iter()
                .find(|d| d.severity == styrdok::diag::Severity::Error)
        );
        std::fs::write(path, text).unwrap();
        engine.update(std::slice::from_ref(path));
    }
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let median = sorted[sorted.len() / 2];
    let mut files = rendered.clone();
    files.sort();
    println!(
        "{{\"edit\": \"{kind}\", \"documents\": {}, \"full_memory_ms\": {:.1}, \"edits\": {}, \"median_ms\": {:.1}, \"min_ms\": {:.1}, \"max_ms\": {:.1}, \"median_files_rendered\": {}}}",
        report.documents,
        full_ms,
        times.len(),
        median,
        sorted[0],
        sorted[sorted.len() - 1],
        files[files.len() / 2]
    );
}

/// `edits` documents an edit of `kind` applies to, spread over the corpus
/// deterministically.
fn chosen(root: &Path, kind: &str, edits: usize) -> Vec<PathBuf> {
    let docs: Vec<(PathBuf, String)> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            (e.path().to_path_buf(), text)
        })
        .collect();
    // A removed document must leave no link dangling, or the rebuild fails.
    let referenced: std::collections::HashSet<String> = if kind == "delete" {
        docs.iter().flat_map(|(_, t)| referenced_ids(t)).collect()
    } else {
        Default::default()
    };
    let fits: Vec<PathBuf> = docs
        .into_iter()
        .filter(|(_, text)| match kind {
            "score" => text.contains("```risks\n"),
            "add-record" => block_end(text).is_some(),
            "delete" => front_matter(text, "id").is_some_and(|id| !referenced.contains(id)),
            _ => true,
        })
        .map(|(path, _)| path)
        .collect();
    let step = (fits.len() / edits.max(1)).max(1);
    fits.into_iter().step_by(step).take(edits).collect()
}

/// The document ids `text` points at: `dok-N` anywhere after its own `id:` line (links,
/// related, supersedes), as the corpus writes them.
fn referenced_ids(text: &str) -> Vec<String> {
    let own = front_matter(text, "id").unwrap_or_default();
    let mut ids = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("dok-") {
        let digits: String = rest[at + 4..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let id = format!("dok-{digits}");
        if id != own {
            ids.push(id);
        }
        rest = &rest[at + 4..];
    }
    ids
}

/// The value of front-matter field `field` as written.
fn front_matter<'t>(text: &'t str, field: &str) -> Option<&'t str> {
    let prefix = format!("{field}: ");
    text.lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| l.strip_prefix(prefix.as_str()))
}

/// Where the first register or action block of `text` closes, and its kind.
fn block_end(text: &str) -> Option<(usize, &'static str)> {
    ["risks", "actions", "activities"]
        .into_iter()
        .find_map(|kind| {
            let start = text.find(&format!("```{kind}\n"))?;
            let end = start + text[start + 3..].find("\n```")? + 3;
            Some((end, kind))
        })
}

/// `text` after edit `i` of `kind`; `None` for a deletion.
fn edited(kind: &str, text: &str, i: usize) -> Option<String> {
    let replace_line = |field: &str, value: String| {
        let old = front_matter(text, field).expect("the field is there");
        text.replacen(
            &format!("{field}: {old}\n"),
            &format!("{field}: {value}\n"),
            1,
        )
    };
    Some(match kind {
        "body" => text.replacen("## Analys", &format!("## Analys\n\nRedigering {i}."), 1),
        "title" => replace_line("title", format!("\"Ny titel {i}\"")),
        "owner" => replace_line("owner", format!("Ny ansvarig {i}")),
        "score" => with_new_likelihood(text),
        "add-record" => with_new_record(text, i),
        _ => return None,
    })
}

/// `text` with the first risk's likelihood one step on (1–5, around) and its score
/// following.
fn with_new_likelihood(text: &str) -> String {
    let start = text.find("```risks\n").unwrap();
    let field = |name: &str| -> (usize, i64) {
        let at = start + text[start..].find(&format!("\n  {name}: ")).unwrap() + name.len() + 5;
        let len = text[at..].find('\n').unwrap();
        (at, text[at..at + len].parse().unwrap())
    };
    let ((l_at, l), (_, s), (score_at, score)) =
        (field("likelihood"), field("severity"), field("score"));
    let new = l % 5 + 1;
    let mut out = text.to_string();
    // The later field first, so the earlier position still holds.
    out.replace_range(
        score_at..score_at + score.to_string().len(),
        &(new * s).to_string(),
    );
    out.replace_range(l_at..l_at + 1, &new.to_string());
    out
}

/// `text` with a row appended to its first register or action block.
fn with_new_record(text: &str, i: usize) -> String {
    let (end, kind) = block_end(text).unwrap();
    let row = match kind {
        "risks" => format!(
            "\n- id: {}\n  objectives: [c]\n  area: Miljö\n  risk: \"Ny risk {i}.\"\n  consequence: \"Följd.\"\n  likelihood: 2\n  severity: 3\n  score: 6\n  treatment: begränsa\n  cause: \"Orsak.\"\n  actions: \"Åtgärd.\"\n  responsible: HR",
            100 + i
        ),
        _ => format!(
            "\n- {}: \"Ny rad {i}.\"\n  responsible: [HR, IT-chef]\n  area: Miljö\n  status: planned\n  due: 2026-05-28",
            if kind == "actions" {
                "action"
            } else {
                "activity"
            }
        ),
    };
    let mut out = text.to_string();
    out.insert_str(end, &row);
    out
}
