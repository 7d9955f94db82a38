//! The diagnostics of a build in the formats CI systems read, besides the human one:
//! a JSON array (`json`), GitHub Actions workflow commands (`github`) and a GitLab Code
//! Quality report (`gitlab`). docs/diagnostics.md describes each.
//!
//! The human and JSON formats keep paths relative to the site root, as every message of
//! styrdok does. GitHub and GitLab place an annotation by its path in the *repository*,
//! so those two prefix the site's folder inside the repository (`site/content/a.md` when
//! the site lives in `site/`).

use super::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
    Gitlab,
}

impl Format {
    pub const NAMES: [(&'static str, Format); 4] = [
        ("human", Format::Human),
        ("json", Format::Json),
        ("github", Format::Github),
        ("gitlab", Format::Gitlab),
    ];

    pub fn parse(s: &str) -> Option<Format> {
        Format::NAMES.iter().find(|(n, _)| *n == s).map(|(_, f)| *f)
    }
}

/// All diagnostics in `format`. `repo_prefix` is "" or the site folder inside the
/// repository ending in `/`; only the GitHub and GitLab formats use it.
pub fn render(diagnostics: &[Diagnostic], format: Format, repo_prefix: &str) -> String {
    match format {
        Format::Human => diagnostics.iter().map(Diagnostic::render_human).collect(),
        Format::Json => json(diagnostics),
        Format::Github => github(diagnostics, repo_prefix),
        Format::Gitlab => gitlab(diagnostics, repo_prefix),
    }
}

/// One element of the `json` format. Field names and meanings are a documented
/// interface (docs/diagnostics.md): add fields, never rename them.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    /// `null` when the problem has no position in the file.
    line: Option<u32>,
    column: Option<u32>,
    severity: &'static str,
    message: &'a str,
    source_line: Option<&'a str>,
}

pub fn json(diagnostics: &[Diagnostic]) -> String {
    let mut out =
        serde_json::to_string_pretty(&json_items(diagnostics)).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

/// The `json` format on one line: `serve`'s errors.json and its event stream.
pub fn json_compact(diagnostics: &[Diagnostic]) -> String {
    serde_json::to_string(&json_items(diagnostics)).unwrap_or_else(|_| "[]".into())
}

fn json_items(diagnostics: &[Diagnostic]) -> Vec<JsonDiagnostic<'_>> {
    diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            path: &d.path,
            line: (d.line > 0).then_some(d.line),
            column: (d.line > 0).then_some(d.column),
            severity: d.severity.as_str(),
            message: &d.message,
            source_line: d.source_line.as_deref(),
        })
        .collect()
}

/// GitHub Actions workflow commands, one per line:
/// `::error file=content/a.md,line=3,col=7::message`.
pub fn github(diagnostics: &[Diagnostic], repo_prefix: &str) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let file = format!("{repo_prefix}{}", d.path);
        out.push_str("::");
        out.push_str(command);
        out.push_str(" file=");
        out.push_str(&github_property(&file));
        if d.line > 0 {
            out.push_str(&format!(",line={},col={}", d.line, d.column.max(1)));
        }
        out.push_str(",title=styrdok::");
        out.push_str(&github_data(&d.message));
        out.push('\n');
    }
    out
}

/// Escapes a workflow command's message, as the Actions runner unescapes it
/// (`toolkit/packages/core/src/command.ts`, `escapeData`).
pub fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (`escapeProperty`): also `:` and `,`,
/// which would otherwise end the value.
pub fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[derive(Serialize)]
struct CodeQualityIssue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: CodeQualityLocation,
}

#[derive(Serialize)]
struct CodeQualityLocation {
    path: String,
    lines: CodeQualityLines,
}

#[derive(Serialize)]
struct CodeQualityLines {
    begin: u32,
}

/// A GitLab Code Quality report: a JSON array of issues with the fields GitLab requires
/// (`description`, `check_name`, `fingerprint`, `severity`, `location.path`,
/// `location.lines.begin`).
pub fn gitlab(diagnostics: &[Diagnostic], repo_prefix: &str) -> String {
    // GitLab tells new problems from old ones by fingerprint, comparing the merge
    // request's report with the target branch's. The fingerprint therefore leaves the
    // line number out (a problem that moves down because a line was added above it is
    // not new), and counts repeats so that identical problems still differ.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let issues: Vec<CodeQualityIssue> = diagnostics
        .iter()
        .map(|d| {
            let path = format!("{repo_prefix}{}", d.path);
            let key = format!(
                "{path}\0{}\0{}\0{}",
                d.severity.as_str(),
                d.message,
                d.source_line.as_deref().unwrap_or("").trim()
            );
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            let fingerprint = format!("{:032x}", fnv1a_128(format!("{key}\0{n}").as_bytes()));
            CodeQualityIssue {
                description: d.message.clone(),
                check_name: match d.severity {
                    Severity::Error => "styrdok-error",
                    Severity::Warning => "styrdok-warning",
                    Severity::Note => "styrdok-note",
                },
                fingerprint,
                severity: match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Note => "info",
                },
                location: CodeQualityLocation {
                    path,
                    // GitLab needs a line; a problem with the whole file goes on its first.
                    lines: CodeQualityLines {
                        begin: d.line.max(1),
                    },
                },
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

/// 128-bit FNV-1a: a stable hash that needs no dependency (the fingerprint only has to
/// be the same for the same input on every machine and version, not secret).
fn fnv1a_128(bytes: &[u8]) -> u128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    bytes
        .iter()
        .fold(OFFSET, |h, b| (h ^ *b as u128).wrapping_mul(PRIME))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Loc, SourceMap};

    fn sample() -> Vec<Diagnostic> {
        let text = "---\ntitle: a, b: c\n";
        let map = SourceMap::new("content/a,b.md", text);
        vec![
            Diagnostic::error(&map.loc(text, 2, 8), "50% done\r\nnext line"),
            Diagnostic::warning(&Loc::file("styrdok.yaml"), "shallow clone"),
        ]
    }

    #[test]
    fn github_escapes_data_and_properties() {
        let out = github(&sample(), "site/");
        assert_eq!(
            out,
            "::error file=site/content/a%2Cb.md,line=2,col=8,title=styrdok::50%25 done%0D%0Anext line\n\
             ::warning file=site/styrdok.yaml,title=styrdok::shallow clone\n"
        );
        assert_eq!(github_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn json_uses_null_for_missing_positions() {
        let v: serde_json::Value = serde_json::from_str(&json(&sample())).unwrap();
        assert_eq!(v[0]["line"], 2);
        assert_eq!(v[0]["column"], 8);
        assert_eq!(v[0]["source_line"], "title: a, b: c");
        assert!(v[1]["line"].is_null() && v[1]["source_line"].is_null());
        assert_eq!(v[1]["severity"], "warning");
    }

    #[test]
    fn gitlab_fingerprints_are_stable_and_ignore_the_line() {
        let a = gitlab(&sample(), "");
        assert_eq!(a, gitlab(&sample(), ""));
        let mut moved = sample();
        moved[0].line = 9;
        let fp = |s: &str| {
            let v: serde_json::Value = serde_json::from_str(s).unwrap();
            v[0]["fingerprint"].as_str().unwrap().to_string()
        };
        assert_eq!(fp(&a), fp(&gitlab(&moved, "")));
        // Repeats of one problem still get distinct fingerprints.
        let twice = [sample()[0].clone(), sample()[0].clone()];
        let v: serde_json::Value = serde_json::from_str(&gitlab(&twice, "")).unwrap();
        assert_ne!(v[0]["fingerprint"], v[1]["fingerprint"]);
        assert_eq!(v[0]["location"]["lines"]["begin"], 2);
        let v: serde_json::Value = serde_json::from_str(&a).unwrap();
        assert_eq!(v[1]["location"]["lines"]["begin"], 1);
        assert_eq!(v[1]["severity"], "minor");
    }

    #[test]
    fn fnv_matches_the_reference_vector() {
        // FNV-1a 128 of "a", from the FNV reference test vectors.
        assert_eq!(fnv1a_128(b"a"), 0xd228cb696f1a8caf78912b704e4a8964);
    }
}
