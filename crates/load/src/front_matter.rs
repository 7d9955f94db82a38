//! Front matter → `Meta`, with every field's type checked and located.

use super::SourceFile;
use super::read::{date, list, located, text};
use styrdok_config::Config;
use styrdok_core::model::{Classification, DocType, Meta, Status};
use styrdok_core::yaml::Node;
use styrdok_core::yaml::fields::{At, Fields, Reader};

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
    "extra",
];

/// Reads the front matter. Returns `None` only when the document cannot be placed at
/// all (no mapping, no title); every other problem is reported and reading goes on.
pub fn read(r: &mut Reader, root: &Node, file: &SourceFile, config: &Config) -> Option<Meta> {
    let mut f = r.mapping(root, "the front matter")?;
    // The fields are read in the order their problems are reported.
    let title = text(r, &mut f, "title");
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
    let (id, id_at) = read_id(r, &mut f, file);
    let summary = text(r, &mut f, "summary");
    let organisation = text(r, &mut f, "organisation").or_else(|| config.organisation.clone());
    let decided_by = text(r, &mut f, "decided_by");
    let dnr = text(r, &mut f, "dnr");
    let document_number = text(r, &mut f, "document_number");
    let version = text(r, &mut f, "version");
    let department = text(r, &mut f, "department");
    let manager = text(r, &mut f, "manager");
    let case_officer = text(r, &mut f, "case_officer");
    let owner = located(r, &mut f, "owner");
    let supersedes = located(r, &mut f, "supersedes");
    let decided = date(r, &mut f, "decided");
    let valid_until = date(r, &mut f, "valid_until");
    let review_by = date(r, &mut f, "review_by");
    let meeting = date(r, &mut f, "meeting");
    let status = f
        .get("status")
        .and_then(|n| r.choice(n, "status", &Status::CHOICES))
        .unwrap_or(Status::Decided);
    let classification = f
        .get("classification")
        .and_then(|n| r.choice(n, "classification", &Classification::CHOICES))
        .unwrap_or(Classification::Internal);
    let related = list(r, &mut f, "related");
    let areas = list(r, &mut f, "areas");
    let tags = list(r, &mut f, "tags")
        .into_iter()
        .map(|l| l.value)
        .collect();
    if doc_type != DocType::Decision {
        warn_decision_keys(r, &f, doc_type);
    }
    let extra = read_extra(r, &mut f);
    // A misspelt key would publish the page without the field it meant (`ower:`, and
    // the page leaves its owner's list): an error, as in styrdok.yaml.
    f.refuse_unknown(
        r,
        "the front matter",
        KNOWN_KEYS,
        "an editor's own fields go under `extra:`",
    );
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
        extra,
    })
}

/// `extra:`, the editor's own fields, which styrdok keeps for templates and checks no
/// further.
fn read_extra(r: &mut Reader, f: &mut Fields) -> serde_json::Map<String, serde_json::Value> {
    let Some(node) = f.get("extra") else {
        return serde_json::Map::new();
    };
    if r.mapping(node, "`extra`").is_none() {
        return serde_json::Map::new();
    }
    match node.to_json(r.src.yaml_text) {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// `id`, or the file's path under content/ without `.md` when it is missing or not
/// a valid id; with where the id is (the front matter's start when missing).
fn read_id(r: &mut Reader, f: &mut Fields, file: &SourceFile) -> (String, At) {
    let default_id = file
        .content_path
        .strip_suffix(".md")
        .unwrap_or(&file.content_path)
        .to_string();
    match f.get("id") {
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
    }
}

/// The keys only a decision shows, on a document of another type.
fn warn_decision_keys(r: &mut Reader, f: &Fields, doc_type: DocType) {
    for key in ["meeting", "department", "manager", "case_officer"] {
        if let Some(pos) = f.key_pos(key) {
            r.warning(
                pos,
                format!(
                    "`{key}` belongs to documents of type `decision`; it is not shown on a `{}`",
                    doc_type.key()
                ),
            );
        }
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('/')
        && !id.contains("..")
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}
