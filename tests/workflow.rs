//! The editors' and CI's workflow: `init`, `new`, `check --format`, and history from git.
//! Every test runs the real binary; the git repositories are made by the tests with the
//! git command line and fixed author dates.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Out {
    success: bool,
    stdout: String,
    stderr: String,
}

impl Out {
    fn ok(self) -> Self {
        assert!(
            self.success,
            "styrdok failed:\n{}\n{}",
            self.stdout, self.stderr
        );
        self
    }

    fn assert_no_warnings(&self) {
        assert!(
            !self.stderr.contains(": warning: ") && self.stderr.contains("(0 warning(s))"),
            "warnings:\n{}",
            self.stderr
        );
    }
}

/// Runs `styrdok ARGS` in `dir`.
fn styrdok(dir: &Path, args: &[&str]) -> Out {
    let output = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run styrdok");
    Out {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A fresh site made by `styrdok init` in a temporary folder.
fn init_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    styrdok(tmp.path(), &["init", "site"]).ok();
    let root = tmp.path().join("site");
    (tmp, root)
}

// ---------------------------------------------------------------- init

#[test]
fn init_then_build_passes_with_no_warnings() {
    let (_tmp, root) = init_site();
    let run = styrdok(&root, &["build"]).ok();
    run.assert_no_warnings();
    for page in [
        "index.html",
        "regionstyrelsen/riskanalys-2025/index.html",
        "revision/svar-hot-och-vald/index.html",
    ] {
        assert!(root.join("public").join(page).is_file(), "{page}");
    }
    styrdok(&root, &["check"]).ok().assert_no_warnings();
}

#[test]
fn init_writes_every_type_every_block_kind_and_the_pipeline_files() {
    let (_tmp, root) = init_site();
    let mut texts = String::new();
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            texts.push_str(&std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    for t in [
        "strategy",
        "action-plan",
        "risk-analysis",
        "safety-report",
        "audit-response",
        "assignment",
        "decision",
        "page",
    ] {
        assert!(
            texts.contains(&format!("\ntype: {t}\n")),
            "no example of {t}"
        );
    }
    for kind in ["risks", "activities", "actions", "recommendations"] {
        assert!(texts.contains(&format!("```{kind}\n")), "no {kind} block");
    }
    assert!(texts.contains("meeting:") && texts.contains("case_officer:"));
    let gitignore = std::fs::read_to_string(root.join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "/public/"));
    assert!(root.join("content/index.md").is_file());
}

fn yaml_file(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Object(map) => map.values().flat_map(strings).collect(),
        Value::String(s) => vec![s.clone()],
        Value::Number(n) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

#[test]
fn gitlab_pipeline_checks_merge_requests_and_publishes_the_default_branch() {
    let (_tmp, root) = init_site();
    let ci = yaml_file(&root.join(".gitlab-ci.yml"));
    let check = &ci["check"];
    let script = strings(&check["script"]).join("\n");
    let report = check["artifacts"]["reports"]["codequality"]
        .as_str()
        .unwrap();
    assert!(
        script.contains(&format!("styrdok check --format gitlab --output {report}")),
        "{script}"
    );
    assert_eq!(check["artifacts"]["when"], "always");
    assert!(
        strings(&check["rules"])
            .join(" ")
            .contains("merge_request_event")
    );
    let pages = &ci["pages"];
    assert!(strings(&pages["script"]).contains(&"styrdok build".to_string()));
    assert_eq!(strings(&pages["variables"]["GIT_DEPTH"]), vec!["0"]);
    assert!(strings(&pages["artifacts"]["paths"]).contains(&"public".to_string()));
    assert!(
        strings(&pages["rules"])
            .join(" ")
            .contains("$CI_DEFAULT_BRANCH")
    );
    let install = strings(&ci[".styrdok"]["before_script"]).join("\n");
    assert!(install.contains("cargo install --locked --path \"$STYRDOK_SOURCE\""));
    for job in ["check", "pages"] {
        assert_eq!(ci[job]["extends"], ".styrdok");
    }
}

#[test]
fn github_workflow_checks_pull_requests_and_deploys_pages() {
    let (_tmp, root) = init_site();
    let wf = yaml_file(&root.join(".github/workflows/styrdok.yml"));
    assert!(wf["on"]["pull_request"].is_null() && wf["on"].get("pull_request").is_some());
    let check = &wf["jobs"]["check"];
    assert!(check["if"].as_str().unwrap().contains("pull_request"));
    let runs = strings(&check["steps"]);
    assert!(runs.contains(&"styrdok check --format github".to_string()));
    let build = &wf["jobs"]["build"];
    let checkout = &build["steps"][0];
    assert!(
        checkout["uses"]
            .as_str()
            .unwrap()
            .starts_with("actions/checkout@")
    );
    assert_eq!(checkout["with"]["fetch-depth"], 0);
    let steps = strings(&build["steps"]);
    assert!(steps.contains(&"styrdok build".to_string()));
    assert!(
        steps
            .iter()
            .any(|s| s.starts_with("actions/upload-pages-artifact@"))
    );
    assert!(
        steps
            .iter()
            .any(|s| s.contains("cargo install --locked --path"))
    );
    let deploy = &wf["jobs"]["deploy"];
    assert_eq!(deploy["needs"], "build");
    assert_eq!(deploy["permissions"]["pages"], "write");
    assert!(
        strings(&deploy["steps"])
            .iter()
            .any(|s| s.starts_with("actions/deploy-pages@"))
    );
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let site = TestSite::from_files(&[("styrdok.yaml", "title: Min egen\n")]);
    let run = styrdok(site.root(), &["init", "."]);
    assert!(!run.success);
    assert!(
        run.stderr.contains("styrdok.yaml: error: already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join("styrdok.yaml")).unwrap(),
        "title: Min egen\n"
    );
    assert!(!site.root().join("content").exists(), "init wrote files");
}

// ---------------------------------------------------------------- new

const TYPES: [&str; 8] = [
    "strategy",
    "action-plan",
    "risk-analysis",
    "safety-report",
    "audit-response",
    "assignment",
    "decision",
    "page",
];

fn new_of_every_type_builds(root: &Path) {
    for t in TYPES {
        let title = format!("Ny {t}: test");
        styrdok(root, &["new", t, &format!("nya/{t}"), "--title", &title]).ok();
    }
    styrdok(root, &["build", "--drafts"])
        .ok()
        .assert_no_warnings();
    for t in TYPES {
        let page = std::fs::read_to_string(root.join(format!("public/nya/{t}/index.html")))
            .unwrap_or_else(|e| panic!("{t}: {e}"));
        assert!(page.contains(&format!("<h1>Ny {t}: test</h1>")), "{t}");
    }
    // A new document is a draft: the ordinary build leaves it out, still without warnings.
    styrdok(root, &["build"]).ok().assert_no_warnings();
    assert!(!root.join("public/nya/page/index.html").exists());
}

#[test]
fn new_of_every_type_builds_in_the_starter_site() {
    let (_tmp, root) = init_site();
    new_of_every_type_builds(&root);
    let ra = std::fs::read_to_string(root.join("content/nya/risk-analysis.md")).unwrap();
    assert!(ra.contains("```risks\n- id: 1\n"), "{ra}");
    assert!(ra.contains("\nstatus: draft"), "{ra}");
    let decision = std::fs::read_to_string(root.join("content/nya/decision.md")).unwrap();
    for key in ["meeting:", "department:", "manager:", "case_officer:"] {
        assert!(decision.contains(&format!("\n{key}")), "{key}");
    }
}

#[test]
fn new_of_every_type_builds_on_an_english_site_with_its_own_lists() {
    let site = TestSite::from_files(&[
        (
            "styrdok.yaml",
            &with_statement(
                "title: T\nlanguage: en\nareas: [Safety]\nrisk:\n  scale: 3\n  treatments: [accept]\ncontrol_objectives:\n  x: Something\n",
            ),
        ),
        ("content/index.md", "---\ntitle: Start\n---\n"),
    ]);
    new_of_every_type_builds(site.root());
    let ra = std::fs::read_to_string(site.root().join("content/nya/risk-analysis.md")).unwrap();
    assert!(ra.contains("## Risk register"), "{ra}");
    assert!(ra.contains("  area: Safety\n") && ra.contains("  treatment: accept\n"));
}

#[test]
fn new_fills_in_todays_date_and_refuses_to_overwrite() {
    let (_tmp, root) = init_site();
    // --root from elsewhere, and a leading content/ and no .md are accepted.
    let elsewhere = root.parent().unwrap();
    styrdok(
        elsewhere,
        &[
            "new",
            "strategy",
            "content/x/plan",
            "--root",
            path_str(&root),
        ],
    )
    .ok();
    let path = root.join("content/x/plan.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let today = styrdok::text::Date::today().iso();
    assert!(text.contains(&format!("\ndecided: {today}")), "{text}");
    assert!(
        text.starts_with("---\ntitle: Plan\ntype: strategy\n"),
        "{text}"
    );
    let again = styrdok(&root, &["new", "page", "x/plan.md"]);
    assert!(!again.success);
    assert!(
        again
            .stderr
            .contains("content/x/plan.md: error: already exists")
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    let outside = styrdok(&root, &["new", "page", "../../etc/x.md"]);
    assert!(!outside.success && outside.stderr.contains("must stay inside content/"));
    let unknown = styrdok(&root, &["new", "riskanalys", "y.md"]);
    assert!(!unknown.success && unknown.stderr.contains("risk-analysis"));
}

// ---------------------------------------------------------------- check --format

#[test]
fn check_format_github_locates_each_problem() {
    let site = TestSite::from_fixture("errors/two_files");
    let run = styrdok(site.root(), &["check", "--format", "github"]);
    assert!(!run.success, "errors must fail the check");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "::error file=content/a.md,line=3,col=7,title=styrdok::`type` must be one of strategy, action-plan, risk-analysis, safety-report, audit-response, assignment, decision, page, found `plan`",
            "::error file=content/sub/b.md,line=3,col=14,title=styrdok::`valid_until` holds `2023-02-30`, which is not a date: 30 February does not exist",
        ]
    );
    assert!(!site.public().exists(), "check wrote public/");
}

#[test]
fn check_format_github_reports_warnings_and_passes() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", &with_statement("title: T\n")),
        (
            "content/ra.md",
            "---\ntitle: RA\ntype: risk-analysis\n---\n```risks\n- id: 1\n  risk: Något\n  likelihood: 1\n  severity: 1\n```\n",
        ),
    ]);
    let run = styrdok(site.root(), &["check", "--format", "github"]).ok();
    assert_eq!(
        run.stdout,
        "::warning file=content/ra.md,line=6,col=3,title=styrdok::risk 1 has no `treatment` (one of behålla, begränsa, eliminera)\n"
    );
}

fn check_gitlab_report(report: &str) {
    let issues: Vec<Value> = serde_json::from_str(report).unwrap();
    assert_eq!(issues.len(), 2);
    let expected = [("content/a.md", 3), ("content/sub/b.md", 3)];
    for (issue, (path, line)) in issues.iter().zip(expected) {
        // The fields GitLab's Code Quality report requires, with their types.
        assert!(!issue["description"].as_str().unwrap().is_empty());
        assert!(!issue["check_name"].as_str().unwrap().is_empty());
        let fp = issue["fingerprint"].as_str().unwrap();
        assert!(
            fp.len() == 32 && fp.chars().all(|c| c.is_ascii_hexdigit()),
            "{fp}"
        );
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap())
        );
        assert_eq!(issue["severity"], "major");
        assert_eq!(issue["location"]["path"], path);
        assert_eq!(issue["location"]["lines"]["begin"], line);
    }
    assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
    assert!(
        issues[1]["description"]
            .as_str()
            .unwrap()
            .contains("2023-02-30")
    );
}

#[test]
fn check_format_gitlab_writes_a_code_quality_report() {
    let site = TestSite::from_fixture("errors/two_files");
    let run = styrdok(site.root(), &["check", "--format", "gitlab"]);
    assert!(!run.success);
    check_gitlab_report(&run.stdout);
    // To a file, as the pipeline does: the log then shows the problems too.
    let report = site.root().join("gl-code-quality-report.json");
    let run = styrdok(
        site.root(),
        &["check", "--format", "gitlab", "--output", path_str(&report)],
    );
    assert!(!run.success && run.stdout.is_empty());
    check_gitlab_report(&std::fs::read_to_string(&report).unwrap());
    assert!(
        run.stderr
            .contains("content/sub/b.md:3:14: error: `valid_until`")
    );
    // The same input gives the same fingerprints.
    let again = styrdok(site.root(), &["check", "--format", "gitlab"]);
    assert_eq!(again.stdout, std::fs::read_to_string(&report).unwrap());
}

#[test]
fn check_format_json_is_an_array_of_documented_fields() {
    let site = TestSite::from_fixture("errors/two_files");
    let run = styrdok(site.root(), &["check", "--format", "json"]);
    assert!(!run.success);
    let items: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(items.len(), 2);
    for item in &items {
        let mut keys: Vec<&str> = item
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "column",
                "line",
                "message",
                "path",
                "severity",
                "source_line"
            ]
        );
    }
    assert_eq!(items[1]["path"], "content/sub/b.md");
    assert_eq!(items[1]["line"], 3);
    assert_eq!(items[1]["column"], 14);
    assert_eq!(items[1]["severity"], "error");
    assert_eq!(items[1]["source_line"], "valid_until: 2023-02-30");
    // A clean site gives an empty array and succeeds.
    let clean = TestSite::from_files(&[
        ("styrdok.yaml", &with_statement("title: T\n")),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    let run = styrdok(clean.root(), &["check", "--format", "json"]).ok();
    assert_eq!(run.stdout.trim(), "[]");
}

// ---------------------------------------------------------------- history from git

/// Runs git in `dir` with a fixed identity and date, ignoring the machine's git
/// configuration.
fn git(dir: &Path, args: &[&str], author: (&str, &str)) {
    let (name, date) = author;
    let mut command = Command::new("git");
    command
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env(
            "GIT_AUTHOR_NAME",
            if name.is_empty() { "Test" } else { name },
        )
        .env("GIT_AUTHOR_EMAIL", "author@example.org")
        .env("GIT_COMMITTER_NAME", "CI")
        .env("GIT_COMMITTER_EMAIL", "ci@example.org");
    if !date.is_empty() {
        command
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let status = command.output().expect("run git");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const A_MD: &str = "---\ntitle: Dokument A\ndecided: 2020-01-01\n---\nFörsta texten.\n";
const B_MD: &str = "---\ntitle: Dokument B\ndecided: 2021-02-02\n---\nText.\n";

/// A repository holding a site in `dir/SUB`: two commits touching a.md, a third adding
/// b.md (authored late on 30 March in UTC−5, which is already 31 March in UTC).
fn history_repo(dir: &Path, sub: &str) -> PathBuf {
    let root = dir.join(sub);
    let none = ("", "");
    git(dir, &["init", "-q"], none);
    write(
        &root.join("styrdok.yaml"),
        &with_statement("title: Historik\n"),
    );
    write(&root.join("content/a.md"), A_MD);
    git(dir, &["add", "-A"], none);
    let anna = ("Anna Andersson", "2024-01-10T09:00:00+01:00");
    git(
        dir,
        &[
            "commit",
            "-q",
            "-m",
            "Lägg till A\n\nMed en längre förklaring.",
        ],
        anna,
    );
    write(
        &root.join("content/a.md"),
        &format!("{A_MD}Andra texten.\n"),
    );
    let bo = ("Bo Berg", "2024-02-20T14:00:00+01:00");
    git(dir, &["commit", "-q", "-a", "-m", "Ändra A"], bo);
    write(&root.join("content/b.md"), B_MD);
    git(dir, &["add", "-A"], none);
    let cecilia = ("Cecilia Ceder", "2024-03-30T23:30:00-05:00");
    git(dir, &["commit", "-q", "-m", "Lägg till B"], cecilia);
    root
}

fn row(date: &str, text: &str, author: &str, message: &str) -> String {
    format!(
        "<tr><td><time datetime=\"{date}\">{text}</time></td><td>{author}</td><td>{message}</td></tr>"
    )
}

fn history_section(page: &str) -> Option<&str> {
    let start = page.find("<section class=\"history\"")?;
    let rest = &page[start..];
    Some(&rest[..rest.find("</section>").unwrap()])
}

#[test]
fn history_shows_dates_authors_and_order_from_git() {
    let tmp = tempfile::tempdir().unwrap();
    let root = history_repo(tmp.path(), "");
    let run = styrdok(&root, &["build", "--today", "2025-01-15"]).ok();
    run.assert_no_warnings();
    let a = std::fs::read_to_string(root.join("public/a/index.html")).unwrap();
    let a = history_section(&a).expect("a history section");
    assert!(a.contains("<h2 id=\"history-heading\">Ändringshistorik</h2>"));
    assert!(a.contains("<caption>"), "{a}");
    assert!(a.contains("Senast ändrad: <time datetime=\"2024-02-20\">20 februari 2024</time></p>"));
    let rows: Vec<&str> = a.lines().filter(|l| l.starts_with("<tr><td>")).collect();
    assert_eq!(
        rows,
        [
            row("2024-02-20", "20 februari 2024", "Bo Berg", "Ändra A"),
            row(
                "2024-01-10",
                "10 januari 2024",
                "Anna Andersson",
                "Lägg till A"
            ),
        ]
    );
    let b = std::fs::read_to_string(root.join("public/b/index.html")).unwrap();
    let b = history_section(&b).unwrap();
    let rows: Vec<&str> = b.lines().filter(|l| l.starts_with("<tr><td>")).collect();
    // The author's own date: 30 March in UTC−5, though 31 March in UTC.
    assert_eq!(
        rows,
        [row(
            "2024-03-30",
            "30 mars 2024",
            "Cecilia Ceder",
            "Lägg till B"
        )]
    );
}

#[test]
fn history_is_reproducible_and_configurable() {
    let tmp = tempfile::tempdir().unwrap();
    let root = history_repo(tmp.path(), "");
    let out1 = tmp.path().join("out1");
    let out2 = tmp.path().join("out2");
    for out in [&out1, &out2] {
        styrdok(
            &root,
            &["build", "--today", "2025-01-15", "--output", path_str(out)],
        )
        .ok();
    }
    let files = |dir: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(files(&out1), files(&out2));

    // Not committed: the configuration is read from the work tree, history from commits.
    write(
        &root.join("styrdok.yaml"),
        "title: Historik\nhistory:\n  entries: 1\n",
    );
    styrdok(&root, &["build"]).ok();
    let a = std::fs::read_to_string(root.join("public/a/index.html")).unwrap();
    let rows = history_section(&a).unwrap().matches("<tr><td>").count();
    assert_eq!(rows, 1);
    write(
        &root.join("styrdok.yaml"),
        "title: Historik\nhistory:\n  entries: 0\n",
    );
    styrdok(&root, &["build"]).ok();
    let a = std::fs::read_to_string(root.join("public/a/index.html")).unwrap();
    let section = history_section(&a).unwrap();
    assert!(section.contains("2024-02-20") && !section.contains("<table"));
    write(
        &root.join("styrdok.yaml"),
        "title: Historik\nhistory:\n  enabled: false\n",
    );
    styrdok(&root, &["build"]).ok();
    let a = std::fs::read_to_string(root.join("public/a/index.html")).unwrap();
    assert!(history_section(&a).is_none());
}

#[test]
fn history_in_a_shallow_clone_warns_once_and_shows_no_git_dates() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    history_repo(&repo, "");
    let clone = tmp.path().join("clone");
    let url = format!("file://{}", repo.display());
    git(
        tmp.path(),
        &["clone", "-q", "--depth", "1", &url, path_str(&clone)],
        ("", ""),
    );
    let run = styrdok(&clone, &["build", "--today", "2025-01-15"]).ok();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].starts_with("styrdok.yaml: warning: the git repository is a shallow clone")
            && warnings[0].contains("fetch-depth: 0")
            && warnings[0].contains("GIT_DEPTH: 0"),
        "{}",
        warnings[0]
    );
    for (page, decided) in [("a", "2020-01-01"), ("b", "2021-02-02")] {
        let html =
            std::fs::read_to_string(clone.join(format!("public/{page}/index.html"))).unwrap();
        let section = history_section(&html).unwrap();
        for git_date in ["2024-01-10", "2024-02-20", "2024-03-30"] {
            assert!(!html.contains(git_date), "{page} shows {git_date}");
        }
        assert!(
            section.contains(&format!("<time datetime=\"{decided}\">")),
            "{section}"
        );
        assert!(section.contains("beslutsdatum") && !section.contains("<table"));
    }
}

#[test]
fn outside_git_there_is_no_history_and_no_warning() {
    let site = TestSite::from_files(&[
        ("styrdok.yaml", &with_statement("title: T\n")),
        ("content/a.md", A_MD),
    ]);
    let run = styrdok(site.root(), &["build"]).ok();
    run.assert_no_warnings();
    let a = site.read("a/index.html");
    assert!(history_section(&a).is_none() && !a.contains("Senast ändrad"));
}

#[test]
fn history_follows_merges_as_git_log_does_and_sites_in_subfolders() {
    let tmp = tempfile::tempdir().unwrap();
    let root = history_repo(tmp.path(), "site");
    let dir = tmp.path();
    let none = ("", "");
    // A branch changes a.md while the default branch changes b.md; then a merge.
    git(dir, &["checkout", "-q", "-b", "gren"], none);
    write(&root.join("content/a.md"), &format!("{A_MD}Från grenen.\n"));
    git(
        dir,
        &["commit", "-q", "-a", "-m", "Ändra A på grenen"],
        ("Dag Dahl", "2024-04-01T10:00:00+02:00"),
    );
    git(dir, &["checkout", "-q", "main"], none);
    write(&root.join("content/b.md"), &format!("{B_MD}Mer.\n"));
    git(
        dir,
        &["commit", "-q", "-a", "-m", "Ändra B"],
        ("Eva Ek", "2024-04-02T10:00:00+02:00"),
    );
    git(
        dir,
        &["merge", "-q", "--no-ff", "-m", "Slå ihop grenen", "gren"],
        ("Fia Fors", "2024-04-03T10:00:00+02:00"),
    );
    styrdok(&root, &["build"]).ok().assert_no_warnings();
    let a = std::fs::read_to_string(root.join("public/a/index.html")).unwrap();
    let a = history_section(&a).unwrap();
    // The merge brought a.md's change but made none of its own: the branch commit counts.
    assert!(!a.contains("Slå ihop"), "{a}");
    assert!(a.contains(&row(
        "2024-04-01",
        "1 april 2024",
        "Dag Dahl",
        "Ändra A på grenen"
    )));
    assert_eq!(a.matches("<tr><td>").count(), 3);
    let b = std::fs::read_to_string(root.join("public/b/index.html")).unwrap();
    let b = history_section(&b).unwrap();
    assert!(!b.contains("Slå ihop") && b.contains("Eva Ek"));
    assert_eq!(b.matches("<tr><td>").count(), 2);
    // CI annotations name the file by its path in the repository.
    write(
        &root.join("content/c.md"),
        "---\ntitle: C\n---\n[x](saknas.md)\n",
    );
    let run = styrdok(&root, &["check", "--format", "github"]);
    assert!(
        run.stdout
            .starts_with("::error file=site/content/c.md,line=4,col=1,"),
        "{}",
        run.stdout
    );
}

/// The figures of BENCHMARKS.md, "Git history", measured in-process (no disk writes, so
/// other work on the machine disturbs them less):
/// `cargo test --release --test workflow -- --ignored --nocapture history_benchmark`.
/// STYRDOK_BENCH_COMMITS and STYRDOK_BENCH_DOCS change the generated repository's size.
/// The build half rewrites the repository's styrdok.yaml (not committed).
#[test]
#[ignore]
fn history_benchmark() {
    use std::time::{Duration, Instant};
    let var = |name: &str, default: &str| std::env::var(name).unwrap_or(default.into());
    let (commits, docs) = (
        var("STYRDOK_BENCH_COMMITS", "1000"),
        var("STYRDOK_BENCH_DOCS", "200"),
    );
    let tmp = tempfile::tempdir().unwrap();
    // STYRDOK_BENCH_REPO: a copy of an existing site repository to measure instead.
    let repo = match std::env::var("STYRDOK_BENCH_REPO") {
        Ok(given) => PathBuf::from(given),
        Err(_) => {
            let repo = tmp.path().join("repo");
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/history-repo.sh");
            let made = Command::new("bash")
                .arg(script)
                .args([path_str(&repo), &commits, &docs])
                .output()
                .unwrap();
            assert!(
                made.status.success(),
                "{}",
                String::from_utf8_lossy(&made.stderr)
            );
            repo
        }
    };
    let paths: Vec<String> = walkdir::WalkDir::new(repo.join("content"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&repo)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let report = |what: &str, mut times: Vec<Duration>| {
        times.sort();
        println!(
            "{what}: fastest {:.1} ms, median {:.1} ms ({} runs)",
            times[0].as_secs_f64() * 1e3,
            times[times.len() / 2].as_secs_f64() * 1e3,
            times.len()
        );
    };
    // CPU time of this thread (Linux), which other work on a busy machine disturbs
    // less than wall time: the walk runs on the calling thread.
    let cpu = || -> Option<Duration> {
        let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        Some(Duration::from_nanos(stat.split(' ').next()?.parse().ok()?))
    };
    let runs = 15;
    let (mut walk, mut walk_cpu) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let (started, cpu_before) = (Instant::now(), cpu());
        let (history, warnings) = styrdok::history::load(&repo, &paths, 5);
        walk.push(started.elapsed());
        if let (Some(before), Some(after)) = (cpu_before, cpu()) {
            walk_cpu.push(after - before);
        }
        assert!(warnings.is_empty() && history.files.len() == paths.len());
    }
    println!("{} documents", paths.len());
    report("history walk alone, wall", walk);
    if !walk_cpu.is_empty() {
        report("history walk alone, cpu", walk_cpu);
    }
    for (label, config) in [
        ("build in memory, history on", "title: Historik\n"),
        (
            "build in memory, history off",
            "title: Historik\nhistory:\n  enabled: false\n",
        ),
    ] {
        write(&repo.join("styrdok.yaml"), config);
        let mut times = Vec::new();
        for _ in 0..runs {
            let mut req = styrdok::BuildRequest::new(&repo);
            req.target = styrdok::Target::Memory;
            req.today = styrdok::text::Date::parse("2025-01-15");
            let started = Instant::now();
            let built = styrdok::build(&req);
            times.push(started.elapsed());
            assert!(!built.has_errors());
        }
        report(label, times);
    }
}
