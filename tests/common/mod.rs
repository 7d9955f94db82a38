//! Shared helpers for integration tests: copy a fixture site to a temporary folder,
//! run the real binary on it, read what it wrote.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fixture site copied into a fresh temporary folder.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    pub fn from_fixture(name: &str) -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture(name), dir.path());
        TestSite { dir }
    }

    /// A site from (path, content) pairs.
    pub fn from_files(files: &[(&str, &str)]) -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        let site = TestSite { dir };
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: &str) {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }

    /// Runs `styrdok ARGS --root ROOT`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// Runs `styrdok ARGS --root ROOT` with the variables of `env` set.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_styrdok"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .envs(env.iter().copied())
            .output()
            .expect("run styrdok");
        Run {
            success: output.status.success(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        }
    }

    pub fn build(&self) -> Run {
        self.run(&["build", "--today", "2025-01-15"])
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Every output file, relative path → bytes.
    pub fn output_files(&self) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(self.public()).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(self.public()).unwrap();
                files.push((
                    rel.to_string_lossy().into_owned(),
                    std::fs::read(entry.path()).unwrap(),
                ));
            }
        }
        files
    }
}

/// A complete `accessibility:` section (everything DIGG requires), for test sites whose
/// tests count every warning.
pub const STATEMENT: &str = "accessibility:\n  compliance: partial\n  contact:\n    email: a11y@example.se\n    response_time: inom en vecka\n  assessment: own\n  assessed: 2025-01-01\n  updated: 2025-01-01\n";

/// `styrdok.yaml` text with the complete accessibility section added.
pub fn with_statement(config: &str) -> String {
    format!("{config}{STATEMENT}")
}

/// The start of the warning of a site without an accessibility statement section.
pub const NO_STATEMENT: &str = "styrdok.yaml: warning: no `accessibility:` section";

pub struct Run {
    pub success: bool,
    pub stderr: String,
    pub stdout: String,
}

/// A run of the binary with its standard output.
pub struct Ran {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `styrdok ARGS` in `dir`, so file names print as given.
pub fn styrdok_in(dir: &Path, args: &[&str]) -> Ran {
    let out = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run styrdok");
    Ran {
        success: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The warning and error lines of a run.
pub fn problem_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(": warning: ") || l.contains(": error: "))
        .collect()
}

impl Run {
    /// The `PATH:LINE:COLUMN: severity: message` lines, but for the warning that a
    /// site without an `accessibility:` section gets: most test sites are that small,
    /// and tests/statement.rs asserts the warning itself (see `all_headlines`).
    pub fn headlines(&self) -> Vec<String> {
        self.all_headlines()
            .into_iter()
            .filter(|l| !l.starts_with(NO_STATEMENT))
            .collect()
    }

    /// Every `PATH:LINE:COLUMN: severity: message` line.
    pub fn all_headlines(&self) -> Vec<String> {
        self.stderr
            .lines()
            .filter(|l| {
                !l.starts_with(' ') && l.contains(": error: ")
                    || l.contains(": warning: ") && !l.starts_with(' ')
            })
            .map(str::to_string)
            .collect()
    }

    pub fn assert_ok(&self) -> &Self {
        assert!(self.success, "build failed:\n{}", self.stderr);
        self
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The `<main>` element of a page, for comparisons that ignore the chrome.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page closes <main>") + "</main>".len();
    &html[start..end]
}
