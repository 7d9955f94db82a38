//! Front matter → `Meta`, with every field's type checked and located.

use super::SourceFile;
use super::fields::Reader;
use super::yaml::Node;
use crate::config::Config;
use crate::model::{Classification, DocType, Located, Meta, Status};

pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "type",
    "id",
    "summary",
    "organisation",
    "owner",
    "decided_by",
    "decided",
    "valid_until",
    "review_by",
    "dnr",
    "document_number",
    "version",
    "status",
    "classification",
    "supersedes",
    "related",
    "areas",
    "tags",
    "meeting",
    "department",
    "manager",
    "case_officer",
];

/// Reads the front matter. Returns `None` only when the document cannot be placed at
/// all (no mapping, no title); every other problem is reported and reading goes on.
pub fn read(r: &mut Reader, root: &Node, file: &SourceFile, config: &Config) -> Option<Meta> {
    let mut f = r.mapping(root, "the front matter")?;
    let title = f.get("title").and_then(|n| r.text(n, "title"));
    if title.is_none() {
        let pos = f.key_pos("title").unwrap_or(f.pos);
        r.error(pos, "`title` is required in the front matter");
    }
    let doc_type = match f.get("type") {
        Some(n) => r
            .choice(n, "type", &DocType::choices())
            .unwrap_or(DocType::Page),
        None => DocType::Page,
    };
    let default_id = file
        .content_path
        .strip_suffix(".md")
        .unwrap_or(&file.content_path)
        .to_string();
    let (id, id_at) = match f.get("id") {
        Some(n) => {
            let at = r.at(n.pos);
            match r.text(n, "id") {
                Some(id) if valid_id(&id) => (id, at),
                Some(id) => {
                    r.error(
                        n.pos,
                        format!(
                            "`id` may hold letters, digits, `-`, `_`, `.` and `/` only, found `{id}`"
                        ),
                    );
                    (default_id, at)
                }
                None => (default_id, at),
            }
        }
        None => (default_id, r.at(f.pos)),
    };
    let mut text = |r: &mut Reader, key: &str| f.get(key).and_then(|n| r.text(n, key));
    let summary = text(r, "summary");
    let organisation = text(r, "organisation").or_else(|| config.organisation.clone());
    let decided_by = text(r, "decided_by");
    let dnr = text(r, "dnr");
    let document_number = text(r, "document_number");
    let version = text(r, "version");
    let department = text(r, "department");
    let manager = text(r, "manager");
    let case_officer = text(r, "case_officer");
    let located = |r: &mut Reader, n: &Node, key: &str| {
        let at = r.at(n.pos);
        r.text(n, key).map(|value| Located { value, at })
    };
    let owner = f.get("owner").and_then(|n| located(r, n, "owner"));
    let supersedes = f
        .get("supersedes")
        .and_then(|n| located(r, n, "supersedes"));
    let mut date = |r: &mut Reader, key: &str| f.get(key).and_then(|n| r.date(n, key));
    let decided = date(r, "decided");
    let valid_until = date(r, "valid_until");
    let review_by = date(r, "review_by");
    let meeting = date(r, "meeting");
    let status = f
        .get("status")
        .and_then(|n| r.choice(n, "status", &Status::CHOICES))
        .unwrap_or(Status::Decided);
    let classification = f
        .get("classification")
        .and_then(|n| r.choice(n, "classification", &Classification::CHOICES))
        .unwrap_or(Classification::Internal);
    let mut list = |r: &mut Reader, key: &str| -> Vec<Located> {
        f.get(key)
            .map(|n| r.text_list(n, key))
            .unwrap_or_default()
            .into_iter()
            .map(|(value, at)| Located { value, at })
            .collect()
    };
    let related = list(r, "related");
    let areas = list(r, "areas");
    let tags = list(r, "tags").into_iter().map(|l| l.value).collect();
    if doc_type != DocType::Decision {
        for key in ["meeting", "department", "manager", "case_officer"] {
            if let Some(pos) = f.key_pos(key) {
                r.warning(
                    pos,
                    format!("`{key}` belongs to documents of type `decision`; it is not shown on a `{}`", doc_type.key()),
                );
            }
        }
    }
    f.report_unknown(r, "the front matter", false, KNOWN_KEYS);
    Some(Meta {
        title: title?,
        doc_type,
        id,
        id_at,
        summary,
        organisation,
        owner,
        decided_by,
        decided,
        valid_until,
        review_by,
        dnr,
        document_number,
        version,
        status,
        classification,
        supersedes,
        related,
        areas,
        tags,
        meeting,
        department,
        manager,
        case_officer,
    })
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('/')
        && !id.contains("..")
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}
