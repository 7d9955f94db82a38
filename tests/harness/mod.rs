//! An in-process test harness over the memory output, after mdBook's `BookTest`: a
//! fixture site (or files) built by `styrdok::build` without a process or a disk
//! output, then checked by snapshot (insta) of a page's `<main>` or of the
//! diagnostics. Every snapshot is re-blessed with one environment variable:
//!
//!   INSTA_UPDATE=always cargo test --test snapshots
//!
//! (`cargo insta review` works too where cargo-insta is installed.) Snapshots live in
//! tests/snapshots/, one file each, named after the fixture and the page.
//!
//!   Site::fixture("views").change_file("content/a.md", "…").build().check_main("ansvariga/hr/")

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use styrdok::{BuildRequest, Target, text::Date};

/// The date every harness build counts from, so snapshots do not age.
pub const TODAY: &str = "2025-01-15";

/// A site in a temporary folder, copied from a fixture or written file by file.
pub struct Site {
    name: String,
    dir: tempfile::TempDir,
    drafts: bool,
    audience: Option<String>,
}

impl Site {
    /// `tests/fixtures/NAME`, copied, so a test may change it.
    pub fn fixture(name: &str) -> Site {
        let site = Site::empty(name);
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            site.dir.path(),
        );
        site
    }

    /// A site of nothing yet; `change_file` adds to it.
    pub fn empty(name: &str) -> Site {
        Site {
            name: name.replace('/', "-"),
            dir: tempfile::tempdir().unwrap(),
            drafts: false,
            audience: None,
        }
    }

    pub fn change_file(self, path: &str, text: &str) -> Site {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
        self
    }

    pub fn with_drafts(mut self) -> Site {
        self.drafts = true;
        self
    }

    /// Builds for `audience` (`--audience`).
    pub fn for_audience(mut self, audience: &str) -> Site {
        self.audience = Some(audience.to_string());
        self.name = format!("{}-{audience}", self.name);
        self
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Builds in memory, as `serve` does.
    pub fn build(&self) -> Built<'_> {
        let report = styrdok::build(&BuildRequest {
            root: PathBuf::from(self.dir.path()),
            drafts: self.drafts,
            today: Date::parse(TODAY),
            target: Target::Memory,
            audience: self.audience.clone(),
        });
        Built { site: self, report }
    }
}

pub struct Built<'s> {
    site: &'s Site,
    pub report: styrdok::BuildReport,
}

impl Built<'_> {
    /// Fails the test, with every diagnostic, when the build had errors.
    pub fn ok(self) -> Self {
        assert!(
            !self.report.has_errors(),
            "build failed:\n{}",
            self.diagnostics()
        );
        self
    }

    /// A page's HTML by its URL path (`""`, `ansvariga/hr/`, `404.html`).
    pub fn page(&self, url: &str) -> String {
        let file = if url.is_empty() || url.ends_with('/') {
            format!("{url}index.html")
        } else {
            url.to_string()
        };
        let bytes = self
            .report
            .files
            .get(&file)
            .unwrap_or_else(|| panic!("{}: no page {file}", self.site.name));
        String::from_utf8_lossy(bytes).into_owned()
    }

    /// The `<main>` element of a page.
    pub fn main(&self, url: &str) -> String {
        let html = self.page(url);
        let start = html.find("<main").expect("page has <main>");
        let end = html.find("</main>").expect("page closes <main>") + "</main>".len();
        html[start..end].to_string()
    }

    /// Every diagnostic in the human format (headline, source line, caret).
    pub fn diagnostics(&self) -> String {
        self.report
            .diagnostics
            .iter()
            .map(|d| d.render_human())
            .collect()
    }

    /// Snapshot of a page's `<main>`, named `FIXTURE@PAGE`.
    pub fn check_main(&self, url: &str) -> &Self {
        let name = format!("{}@{}", self.site.name, snapshot_name(url));
        snapshot(&name, &self.main(url));
        self
    }

    /// Snapshot of the diagnostics, named `FIXTURE@diagnostics`.
    pub fn check_diagnostics(&self) -> &Self {
        let name = format!("{}@diagnostics", self.site.name);
        snapshot(&name, &self.diagnostics());
        self
    }

    /// One page of each kind the site has, as the browser gates group them: the start
    /// page, 404, a document of each type, and by URL shape for the rest (`typ/*`,
    /// `ansvariga/*`, …), the first of each in URL order.
    pub fn page_of_each_kind(&self) -> Vec<String> {
        let mut kinds = std::collections::BTreeMap::new();
        for (path, bytes) in self.report.files.iter() {
            if !(path.ends_with("index.html") || path == "404.html") {
                continue;
            }
            let url = path.strip_suffix("index.html").unwrap_or(path).to_string();
            let kind = page_kind(&url, &String::from_utf8_lossy(bytes));
            kinds.entry(kind).or_insert(url);
        }
        kinds.into_values().collect()
    }
}

/// `tests/snapshots/NAME.snap`, whichever test file asks.
fn snapshot(name: &str, value: &str) {
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, value);
    });
}

fn page_kind(url: &str, html: &str) -> String {
    if url.is_empty() {
        return "start".into();
    }
    if url == "404.html" {
        return "404".into();
    }
    if let Some(rest) = html.split("<article class=\"document doc-").nth(1) {
        let t: String = rest
            .chars()
            .take_while(|c| *c != '"' && *c != ' ')
            .collect();
        return format!("document:{t}");
    }
    let parts: Vec<&str> = url.trim_end_matches('/').split('/').collect();
    std::iter::once(parts[0].to_string())
        .chain(parts[1..].iter().map(|_| "*".to_string()))
        .collect::<Vec<_>>()
        .join("/")
}

fn snapshot_name(url: &str) -> String {
    match url.trim_end_matches('/') {
        "" => "start".into(),
        u => u.replace('/', "_"),
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
