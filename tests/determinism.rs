//! Determinism: two builds of the demo site (the repository's own content/ and
//! styrdok.yaml) are byte-identical — in separate processes, so hash-map seeds differ,
//! and with different thread counts, so rendering order differs.

use std::path::{Path, PathBuf};
use std::process::Command;

fn build(root: &Path, output: &Path, threads: &str) {
    let run = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args(["build", "--today", "2025-01-15", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("run styrdok");
    assert!(
        run.status.success(),
        "demo build failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            out.push((
                entry.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(entry.path()).unwrap(),
            ));
        }
    }
    out
}

#[test]
fn two_builds_of_the_demo_site_are_byte_identical() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join("content").is_dir() {
        eprintln!("no demo site in {}; nothing to compare", root.display());
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    build(root, &a, "1");
    build(root, &b, "4");
    let (fa, fb) = (files(&a), files(&b));
    assert!(fa.len() > 10, "the demo site built only {} files", fa.len());
    // The calendar feeds are compared too: the site's, and one per responsible and area.
    let feeds = fa
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "ics"));
    assert!(feeds.count() > 10, "the demo site wrote no calendar feeds");
    let names = |f: &[(PathBuf, Vec<u8>)]| f.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&fa), names(&fb), "the builds wrote different files");
    for ((path, x), (_, y)) in fa.iter().zip(&fb) {
        assert!(x == y, "{} differs between two builds", path.display());
    }
}
