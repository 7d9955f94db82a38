//! `styrdok init` and `styrdok new`: files a site or a document starts from.
//!
//! The starter site lives under `src/scaffold/files/` and is embedded in the binary, so
//! `init` needs nothing but the program. The pipeline files are stored there without
//! their leading dot (`gitlab-ci.yml`), so that they do not act on this repository.

use std::path::{Component, Path};
use styrdok_config::{Config, Language};
use styrdok_core::diag::{Diagnostic, Loc};
use styrdok_core::model::DocType;
use styrdok_core::text::Date;

macro_rules! files {
    ($(($target:literal, $source:literal)),* $(,)?) => {
        &[$(($target, include_str!(concat!("files/", $source)))),*]
    };
}

/// Target path in the new site → its text.
pub const SITE_FILES: &[(&str, &str)] = files!(
    ("styrdok.yaml", "styrdok.yaml"),
    (".gitignore", "gitignore"),
    (".gitlab-ci.yml", "gitlab-ci.yml"),
    (".github/workflows/styrdok.yml", "github-workflow.yml"),
    ("content/index.md", "content/index.md"),
    ("content/om-webbplatsen.md", "content/om-webbplatsen.md"),
    (
        "content/regionstyrelsen/index.md",
        "content/regionstyrelsen/index.md"
    ),
    (
        "content/regionstyrelsen/riskanalys-2025.md",
        "content/regionstyrelsen/riskanalys-2025.md"
    ),
    (
        "content/regionstyrelsen/informationssakerhetsstrategi.md",
        "content/regionstyrelsen/informationssakerhetsstrategi.md"
    ),
    (
        "content/regionstyrelsen/beslut-riskanalys-2025.md",
        "content/regionstyrelsen/beslut-riskanalys-2025.md"
    ),
    (
        "content/regionstyrelsen/uppdrag-krisberedskap.md",
        "content/regionstyrelsen/uppdrag-krisberedskap.md"
    ),
    (
        "content/halso-och-sjukvard/patientsakerhetsberattelse-2024.md",
        "content/halso-och-sjukvard/patientsakerhetsberattelse-2024.md"
    ),
    (
        "content/halso-och-sjukvard/handlingsplan-arbetsmiljo-2025.md",
        "content/halso-och-sjukvard/handlingsplan-arbetsmiljo-2025.md"
    ),
    (
        "content/revision/svar-hot-och-vald.md",
        "content/revision/svar-hot-och-vald.md"
    ),
);

/// Writes the starter site into `dir` (created when missing). Nothing is written when
/// any of its files exists already: all of those are reported.
pub fn init(dir: &Path) -> Result<Vec<String>, Vec<Diagnostic>> {
    let existing: Vec<Diagnostic> = SITE_FILES
        .iter()
        .filter(|(target, _)| dir.join(target).symlink_metadata().is_ok())
        .map(|(target, _)| {
            Diagnostic::error(
                &Loc::file(*target),
                "already exists; `styrdok init` does not overwrite files (move it away, or start in an empty folder)",
            )
        })
        .collect();
    if !existing.is_empty() {
        return Err(existing);
    }
    let mut written = Vec::new();
    for (target, text) in SITE_FILES {
        write_new(&dir.join(target), text).map_err(|e| vec![io_error(target, &e)])?;
        written.push(target.to_string());
    }
    Ok(written)
}

fn io_error(path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(&Loc::file(path), format!("cannot write: {e}"))
}

/// Creates `path` with `text`, failing when it exists (also when it appeared between
/// the check and the write).
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

/// `styrdok new`: writes a document of `doc_type` at `path` (below `content/`; a leading
/// `content/` and a missing `.md` are accepted). Returns the path written, relative to
/// the site root.
pub fn new_document(
    root: &Path,
    doc_type: DocType,
    path: &str,
    title: Option<&str>,
    today: Date,
) -> Result<String, Diagnostic> {
    let config = match Config::load(root) {
        Ok((config, _)) => config,
        Err(mut errors) => {
            // Without a readable styrdok.yaml this is not a site (or a broken one): the
            // first problem says which.
            return Err(errors.remove(0));
        }
    };
    let content_path = content_path(path)?;
    let source_path = format!("content/{content_path}");
    let target = root.join(&source_path);
    if target.symlink_metadata().is_ok() {
        return Err(Diagnostic::error(
            &Loc::file(&source_path),
            "already exists; `styrdok new` does not overwrite files",
        ));
    }
    let stem = content_path.strip_suffix(".md").unwrap_or(&content_path);
    let title = title
        .map(str::to_string)
        .unwrap_or_else(|| title_from_file_name(stem));
    let text = document_text(&config, doc_type, stem, &title, today);
    write_new(&target, &text).map_err(|e| io_error(&source_path, &e))?;
    Ok(source_path)
}

/// Normalises the PATH argument of `new` to a path below `content/` ending in `.md`.
fn content_path(path: &str) -> Result<String, Diagnostic> {
    let cleaned = path.replace('\\', "/");
    let cleaned = cleaned.strip_prefix("./").unwrap_or(&cleaned);
    let cleaned = cleaned.strip_prefix("content/").unwrap_or(cleaned);
    let bad = |why: &str| {
        Err(Diagnostic::error(
            &Loc::file(path),
            format!("{why}; give a path below content/ such as rs/riskanalys-2026.md"),
        ))
    };
    let p = Path::new(cleaned);
    if cleaned.is_empty() || cleaned.ends_with('/') {
        return bad("the path names no file");
    }
    if p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return bad("the path must stay inside content/");
    }
    if cleaned
        .split('/')
        .any(|part| part.starts_with('.') || part.is_empty())
    {
        return bad("a file or folder starting with `.` is not read by styrdok");
    }
    let with_ext = if cleaned.ends_with(".md") {
        cleaned.to_string()
    } else {
        format!("{cleaned}.md")
    };
    Ok(with_ext)
}

/// `riskanalys-2026` → `Riskanalys 2026`.
fn title_from_file_name(stem: &str) -> String {
    let name = stem.rsplit('/').next().unwrap_or(stem);
    let spaced: String = name
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => "Nytt dokument".to_string(),
    }
}

/// A YAML scalar that stays text whatever it holds (`: `, `#`, a leading `[`).
fn yaml_text(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || " -_.,()/–".contains(c))
        && !s.starts_with(['-', ' '])
        && !s.ends_with(' ')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null" | "on" | "off" | "~"
        )
        && s.parse::<f64>().is_err();
    if plain {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// The text of a new document: its front matter with every key the type uses (dates set
/// to `today`, the rest empty for the editor to fill in) and the body its type expects.
pub fn document_text(
    config: &Config,
    doc_type: DocType,
    stem: &str,
    title: &str,
    today: Date,
) -> String {
    let sv = config.language == Language::Sv;
    let mut fm = String::from("---\n");
    fm += &format!("title: {}\n", yaml_text(title));
    fm += &format!("type: {}\n", doc_type.key());
    fm += &id_line(stem, sv);
    fm += &decision_lines(doc_type, today, sv);
    fm += &status_lines(doc_type, today, sv);
    fm += &line(
        "related",
        "[]",
        tr(
            sv,
            "id:n för relaterade dokument",
            "ids of related documents",
        ),
    );
    fm += &line(
        "areas",
        "[]",
        tr(
            sv,
            "områden, ur listan i styrdok.yaml om den finns",
            "areas, from the list in styrdok.yaml if there is one",
        ),
    );
    fm += &line("tags", "[]", "");
    fm += "---\n";
    fm + &body(config, doc_type, sv)
}

/// The Swedish or the English text.
fn tr(sv: bool, sv_text: &'static str, en_text: &'static str) -> &'static str {
    if sv { sv_text } else { en_text }
}

/// The `id:` line, from the file name; none when the name would not make a valid id.
fn id_line(stem: &str, sv: bool) -> String {
    let id = stem.replace(' ', "-");
    let id_ok = id
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    if !id_ok {
        return String::new();
    }
    format!(
        "id: {id}{}\n",
        pad_comment(
            &format!("id: {id}"),
            tr(
                sv,
                "stabilt id för länkar: [[id]]; ändra det inte när dokumentet publicerats",
                "stable id for links: [[id]]; do not change it once published"
            )
        )
    )
}

/// A front-matter line: `key: value`, its comment aligned.
fn line(key: &str, value: &str, comment: &str) -> String {
    let written = if value.is_empty() {
        format!("{key}:")
    } else {
        format!("{key}: {value}")
    };
    format!("{written}{}\n", pad_comment(&written, comment))
}

/// What the document says and who decided it when, and until when it holds.
fn decision_lines(doc_type: DocType, today: Date, sv: bool) -> String {
    let t = |sv_text, en_text| tr(sv, sv_text, en_text);
    let mut fm = line(
        "summary",
        "",
        t(
            "en mening om vad dokumentet gäller",
            "one sentence on what the document is about",
        ),
    );
    fm += &line(
        "owner",
        "",
        t("ansvarig roll eller enhet", "responsible role or unit"),
    );
    fm += &line("decided_by", "", t("beslutande organ", "deciding body"));
    fm += &line(
        "decided",
        &today.iso(),
        t("beslutsdatum, ÅÅÅÅ-MM-DD", "date of decision, YYYY-MM-DD"),
    );
    if doc_type != DocType::Decision {
        fm += &line(
            "valid_until",
            "",
            t(
                "efter detta datum visas dokumentet som upphört",
                "after this date the document shows as expired",
            ),
        );
        fm += &line(
            "review_by",
            &today.add_days(365).iso(),
            t("revideras senast", "review by"),
        );
    }
    fm
}

/// Diary number, version, status and classification; a decision's meeting and people.
fn status_lines(doc_type: DocType, today: Date, sv: bool) -> String {
    let t = |sv_text, en_text| tr(sv, sv_text, en_text);
    let mut fm = line("dnr", "", t("diarienummer", "diary number"));
    fm += &line("version", "\"0.1\"", "");
    fm += &line(
        "status",
        "draft",
        t(
            "draft | consultation | decided | superseded | repealed; ett utkast publiceras bara med --drafts",
            "draft | consultation | decided | superseded | repealed; a draft is published only with --drafts",
        ),
    );
    fm += &line(
        "classification",
        "internal",
        "public | internal | restricted",
    );
    if doc_type == DocType::Decision {
        fm += &line(
            "meeting",
            &today.iso(),
            t("sammanträdesdatum", "date of the meeting"),
        );
        fm += &line("department", "", t("ansvarig avdelning", "department"));
        fm += &line("manager", "", t("ansvarig chef", "manager"));
        fm += &line("case_officer", "", t("handläggare", "case officer"));
    }
    fm
}

/// Aligns trailing comments of the front matter into one column.
fn pad_comment(written: &str, comment: &str) -> String {
    if comment.is_empty() {
        return String::new();
    }
    let width = written.chars().count();
    format!(
        "{}# {comment}",
        " ".repeat(32usize.saturating_sub(width).max(1))
    )
}

/// The lines of an example row that depend on the site. Example rows must build without
/// warnings on any site: the first configured area, objective and treatment.
struct Examples {
    area: String,
    objective: String,
    treatment: String,
}

impl Examples {
    fn of(config: &Config) -> Examples {
        Examples {
            area: config
                .areas
                .as_ref()
                .and_then(|a| a.first())
                .map(|a| format!("  area: {}\n", yaml_text(a)))
                .unwrap_or_default(),
            objective: config
                .control_objectives
                .first()
                .map(|(code, _)| format!("  objectives: [{}]\n", yaml_text(code)))
                .unwrap_or_default(),
            treatment: config
                .risk
                .treatments
                .first()
                .map(|tr| format!("  treatment: {}\n", yaml_text(tr)))
                .unwrap_or_default(),
        }
    }
}

/// A `## heading` with the blank lines around it.
fn heading(sv: bool, sv_text: &str, en_text: &str) -> String {
    format!("\n## {}\n\n", if sv { sv_text } else { en_text })
}

/// A fenced block of `name` around `rows`.
fn fenced(name: &str, rows: String) -> String {
    format!("```{name}\n{rows}```\n")
}

/// The skeleton below the front matter: headings and, for the types that hold them, a
/// block with one example row that the editor replaces.
fn body(config: &Config, doc_type: DocType, sv: bool) -> String {
    let t = |sv_text, en_text| tr(sv, sv_text, en_text);
    let ex = Examples::of(config);
    let intro = t(
        "Skriv dokumentets text här, i Markdown.\n",
        "Write the document's text here, in Markdown.\n",
    );
    let heading = |sv_text, en_text| heading(sv, sv_text, en_text);
    let mut out = String::from("\n");
    match doc_type {
        DocType::Strategy => {
            out += intro;
            out += &heading("Inriktning", "Direction");
            out += &heading("Mål", "Goals");
            out += &heading("Uppföljning", "Follow-up");
        }
        DocType::ActionPlan => {
            out += intro;
            out += &heading("Aktiviteter", "Activities");
            out += &fenced("activities", plan_activity(sv, &ex));
        }
        DocType::RiskAnalysis => {
            out += intro;
            out += &heading("Riskregister", "Risk register");
            out += &fenced("risks", example_risk(sv, &ex));
        }
        DocType::SafetyReport => {
            out += intro;
            out += &heading("Resultat", "Results");
            out += &heading("Planerade aktiviteter", "Planned activities");
            out += &fenced("activities", report_activity(sv, &ex));
        }
        DocType::AuditResponse => {
            out += intro;
            out += &audit_response(sv);
        }
        DocType::Assignment => {
            out += intro;
            out += &heading("Uppdraget", "The assignment");
            out += &heading("Åtgärder", "Actions");
            out += &fenced(
                "actions",
                format!(
                    "- id: 1\n  action: {}\n  responsible: {}\n  status: planned\n",
                    t("Beskriv åtgärden", "Describe the action"),
                    t("Ansvarig roll", "Responsible role"),
                ),
            );
        }
        DocType::Decision => {
            out += &heading("Förslag till beslut", "Proposed decision");
            out += t(
                "Regionstyrelsen beslutar att …\n",
                "The board decides that …\n",
            );
            out += &heading("Sammanfattning", "Summary");
            out += &heading("Ärendet", "The case");
            out += &heading("Beslutsunderlag", "Documents");
        }
        DocType::Page => {
            out += intro;
        }
    }
    collapse_blank_lines(&out)
}

/// An action plan's example activity, with its goal.
fn plan_activity(sv: bool, ex: &Examples) -> String {
    format!(
        "- id: 1\n  activity: {}\n  goal: {}\n  responsible: {}\n{}  status: planned\n",
        tr(sv, "Beskriv aktiviteten", "Describe the activity"),
        tr(
            sv,
            "Vad aktiviteten ska leda till",
            "What the activity is to achieve"
        ),
        tr(sv, "Ansvarig roll", "Responsible role"),
        ex.area,
    )
}

/// A risk analysis's example risk, scored 1 × 1 (inside any configured scale).
fn example_risk(sv: bool, ex: &Examples) -> String {
    format!(
        "- id: 1\n{}{}  risk: {}\n  consequence: {}\n  likelihood: 1\n  severity: 1\n{}  responsible: {}\n",
        ex.objective,
        ex.area,
        tr(sv, "Beskriv risken", "Describe the risk"),
        tr(
            sv,
            "Vad som händer om risken inträffar",
            "What happens if the risk occurs"
        ),
        ex.treatment,
        tr(sv, "Ansvarig roll", "Responsible role"),
    )
}

/// A safety report's example planned activity.
fn report_activity(sv: bool, ex: &Examples) -> String {
    format!(
        "- id: 1\n  activity: {}\n  responsible: {}\n{}  status: planned\n",
        tr(sv, "Beskriv aktiviteten", "Describe the activity"),
        tr(sv, "Ansvarig roll", "Responsible role"),
        ex.area,
    )
}

/// An audit response's sections: a recommendation, and an action answering it.
fn audit_response(sv: bool) -> String {
    let t = |sv_text, en_text| tr(sv, sv_text, en_text);
    let mut out = heading(
        sv,
        "Revisorernas rekommendationer",
        "The auditors' recommendations",
    );
    out += &fenced(
        "recommendations",
        format!(
            "- id: 1\n  recommendation: {}\n  response: {}\n",
            t(
                "Rekommendationen som revisorerna skrev den",
                "The recommendation as the auditors wrote it"
            ),
            t("Svaret", "The response"),
        ),
    );
    out += &heading(sv, "Åtgärder", "Actions");
    out += &fenced(
        "actions",
        format!(
            "- id: 1\n  action: {}\n  responsible: {}\n  status: planned\n  recommendation: 1\n",
            t(
                "Åtgärden som svarar på rekommendationen",
                "The action that answers the recommendation"
            ),
            t("Ansvarig roll", "Responsible role"),
        ),
    );
    out
}

/// The parts above are joined loosely; this leaves one blank line between them (and
/// after the front matter) and one line ending at the end.
fn collapse_blank_lines(text: &str) -> String {
    let mut out = String::from("\n");
    let mut blank = true;
    for line in text.trim().lines() {
        let is_blank = line.trim().is_empty();
        if !(is_blank && blank) {
            out.push_str(line);
            out.push('\n');
        }
        blank = is_blank;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `init`'s styrdok.yaml shows every key the configuration accepts, so a newcomer
    /// sees them all: a key added to config.rs without being added here fails.
    #[test]
    fn starter_configuration_lists_every_key() {
        let text = SITE_FILES
            .iter()
            .find(|(p, _)| *p == "styrdok.yaml")
            .unwrap()
            .1;
        let top: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with([' ', '#', '-']) && l.contains(':'))
            .map(|l| &l[..l.find(':').unwrap()])
            .collect();
        let mut expected: Vec<&str> = styrdok_config::KNOWN_KEYS.to_vec();
        expected.sort();
        let mut found = top.clone();
        found.sort();
        assert_eq!(found, expected);
        for nested in [
            "  scale:",
            "  highlight_from:",
            "  treatments:",
            "    aliases:",
            "  enabled:",
            "  entries:",
            "  contact:",
            "  known_exceptions:",
            "  compliance:",
            "    response_time:",
            "  assessment:",
            "  assessed:",
            "  updated:",
            "  raw_html:",
        ] {
            assert!(text.contains(nested), "{nested}");
        }
        // Each key is explained: a comment line comes before it.
        let lines: Vec<&str> = text.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            if top.iter().any(|k| l.starts_with(&format!("{k}:"))) {
                assert!(lines[i - 1].starts_with('#'), "no comment above `{l}`");
            }
        }
        let (config, warnings) = Config::parse(text).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(config.title, "Styrdokument – Exempelregionen");
    }

    /// Every `docs/FILE.md, "Section"` a starter file points at is a heading there, and
    /// every key of the starter styrdok.yaml is documented in the docs it points to.
    #[test]
    fn starter_comments_point_at_real_sections() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs");
        let read = |name: &str| std::fs::read_to_string(docs.join(name)).unwrap();
        let mut pointers = 0;
        for (path, text) in SITE_FILES {
            // Comments wrap, so the pointer may span two lines.
            let joined = text.replace("\n# ", " ");
            for (i, _) in joined.match_indices("docs/") {
                let rest = &joined[i + 5..];
                let Some((file, after)) = rest.split_once(".md") else {
                    continue;
                };
                let doc = read(&format!("{file}.md"));
                if let Some(section) = after.strip_prefix(", \"").and_then(|a| a.split('"').next())
                {
                    pointers += 1;
                    assert!(
                        doc.lines().any(|l| l.starts_with('#')
                            && l.trim_start_matches('#').trim().starts_with(section)),
                        "{path}: docs/{file}.md has no section `{section}`"
                    );
                }
            }
        }
        assert!(pointers >= 4, "{pointers}");
        let config = SITE_FILES
            .iter()
            .find(|(p, _)| *p == "styrdok.yaml")
            .unwrap()
            .1;
        let documented = read("content-format.md") + &read("extensions.md");
        for key in styrdok_config::KNOWN_KEYS {
            assert!(
                documented.contains(&format!("{key}:")) || documented.contains(&format!("`{key}`")),
                "`{key}` is documented nowhere"
            );
        }
        assert!(config.contains("raw_html: escape") && documented.contains("raw_html: sanitize"));
    }

    #[test]
    fn paths_are_normalised_below_content() {
        assert_eq!(content_path("rs/ra-2026").unwrap(), "rs/ra-2026.md");
        assert_eq!(content_path("content/rs/ra.md").unwrap(), "rs/ra.md");
        assert_eq!(content_path("./a.md").unwrap(), "a.md");
        for bad in ["../a.md", "/etc/a.md", "rs/", "", ".hidden.md", "a//b.md"] {
            assert!(content_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn titles_come_from_file_names() {
        assert_eq!(
            title_from_file_name("rs/riskanalys-2026"),
            "Riskanalys 2026"
        );
        assert_eq!(title_from_file_name("åtgärder_hr"), "Åtgärder hr");
    }

    #[test]
    fn yaml_text_quotes_what_yaml_would_read_otherwise() {
        assert_eq!(yaml_text("Riskanalys 2026"), "Riskanalys 2026");
        assert_eq!(yaml_text("Plan: del 1"), "\"Plan: del 1\"");
        assert_eq!(yaml_text("2026"), "\"2026\"");
        assert_eq!(yaml_text("yes"), "\"yes\"");
        assert_eq!(yaml_text("# \"x\""), "\"# \\\"x\\\"\"");
    }
}
