//! The data model every stage shares: documents and their records as loaded, each
//! value with the position it came from.

use crate::diag::At;
use crate::diag::{Loc, SourceMap};
use crate::text::Date;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocType {
    Strategy,
    ActionPlan,
    RiskAnalysis,
    SafetyReport,
    AuditResponse,
    Assignment,
    Decision,
    Page,
}

impl DocType {
    pub const ALL: [DocType; 8] = [
        DocType::Strategy,
        DocType::ActionPlan,
        DocType::RiskAnalysis,
        DocType::SafetyReport,
        DocType::AuditResponse,
        DocType::Assignment,
        DocType::Decision,
        DocType::Page,
    ];

    /// The name used in front matter and as the template name.
    pub fn key(self) -> &'static str {
        match self {
            DocType::Strategy => "strategy",
            DocType::ActionPlan => "action-plan",
            DocType::RiskAnalysis => "risk-analysis",
            DocType::SafetyReport => "safety-report",
            DocType::AuditResponse => "audit-response",
            DocType::Assignment => "assignment",
            DocType::Decision => "decision",
            DocType::Page => "page",
        }
    }

    /// The URL segment of the type's index page (stable whatever the UI language).
    pub fn url_segment(self) -> &'static str {
        match self {
            DocType::Strategy => "strategier",
            DocType::ActionPlan => "handlingsplaner",
            DocType::RiskAnalysis => "riskanalyser",
            DocType::SafetyReport => "sakerhetsberattelser",
            DocType::AuditResponse => "revisionssvar",
            DocType::Assignment => "uppdrag",
            DocType::Decision => "arenden",
            DocType::Page => "sidor",
        }
    }

    pub fn choices() -> Vec<(&'static str, DocType)> {
        DocType::ALL.iter().map(|t| (t.key(), *t)).collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Draft,
    Consultation,
    Decided,
    Superseded,
    Repealed,
}

impl Status {
    pub const CHOICES: [(&'static str, Status); 5] = [
        ("draft", Status::Draft),
        ("consultation", Status::Consultation),
        ("decided", Status::Decided),
        ("superseded", Status::Superseded),
        ("repealed", Status::Repealed),
    ];
    pub fn key(self) -> &'static str {
        Status::CHOICES.iter().find(|(_, s)| *s == self).unwrap().0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Classification {
    Public,
    Internal,
    Restricted,
}

impl Classification {
    pub const CHOICES: [(&'static str, Classification); 3] = [
        ("public", Classification::Public),
        ("internal", Classification::Internal),
        ("restricted", Classification::Restricted),
    ];
    pub fn key(self) -> &'static str {
        Classification::CHOICES
            .iter()
            .find(|(_, s)| *s == self)
            .unwrap()
            .0
    }
}

/// A text value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub value: String,
    pub at: At,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Meta {
    pub title: String,
    pub doc_type: DocType,
    pub id: String,
    pub id_at: At,
    pub summary: Option<String>,
    pub organisation: Option<String>,
    pub owner: Option<Located>,
    pub decided_by: Option<String>,
    pub decided: Option<Date>,
    pub valid_until: Option<Date>,
    pub review_by: Option<Date>,
    pub dnr: Option<String>,
    pub document_number: Option<String>,
    pub version: Option<String>,
    pub status: Status,
    pub classification: Classification,
    pub supersedes: Option<Located>,
    pub related: Vec<Located>,
    pub areas: Vec<Located>,
    pub tags: Vec<String>,
    pub meeting: Option<Date>,
    pub department: Option<String>,
    pub manager: Option<String>,
    pub case_officer: Option<String>,
    /// The editor's own fields (`extra:`), as written: shown only where a template
    /// uses them (`doc.extra.NAME`).
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKind {
    Risk,
    Activity,
    Action,
    Recommendation,
}

impl RecordKind {
    pub const ALL: [RecordKind; 4] = [
        RecordKind::Risk,
        RecordKind::Activity,
        RecordKind::Action,
        RecordKind::Recommendation,
    ];

    /// The info string of its fenced block.
    pub fn block_name(self) -> &'static str {
        match self {
            RecordKind::Risk => "risks",
            RecordKind::Activity => "activities",
            RecordKind::Action => "actions",
            RecordKind::Recommendation => "recommendations",
        }
    }

    /// The singular used in anchors, `#risk-5`.
    pub fn singular(self) -> &'static str {
        match self {
            RecordKind::Risk => "risk",
            RecordKind::Activity => "activity",
            RecordKind::Action => "action",
            RecordKind::Recommendation => "recommendation",
        }
    }

    pub fn from_block_name(name: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.block_name() == name)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WorkStatus {
    Planned,
    Ongoing,
    Done,
    Cancelled,
}

impl WorkStatus {
    pub const CHOICES: [(&'static str, WorkStatus); 4] = [
        ("planned", WorkStatus::Planned),
        ("ongoing", WorkStatus::Ongoing),
        ("done", WorkStatus::Done),
        ("cancelled", WorkStatus::Cancelled),
    ];
    pub fn key(self) -> &'static str {
        WorkStatus::CHOICES
            .iter()
            .find(|(_, s)| *s == self)
            .unwrap()
            .0
    }
    pub fn is_closed(self) -> bool {
        matches!(self, WorkStatus::Done | WorkStatus::Cancelled)
    }
}

/// A responsible role or unit as written; `remark` holds a trailing parenthetical
/// ("Regionstabschef (flera avdelningar involverade)").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponsibleRef {
    pub name: String,
    pub remark: Option<String>,
    pub at: At,
}

impl ResponsibleRef {
    pub fn parse(text: &str, at: At) -> ResponsibleRef {
        let trimmed = text.trim();
        if trimmed.ends_with(')')
            && let Some(open) = trimmed.rfind(" (")
        {
            let name = trimmed[..open].trim();
            let remark = trimmed[open + 2..trimmed.len() - 1].trim();
            if !name.is_empty() && !remark.is_empty() {
                return ResponsibleRef {
                    name: name.to_string(),
                    remark: Some(remark.to_string()),
                    at,
                };
            }
        }
        ResponsibleRef {
            name: trimmed.to_string(),
            remark: None,
            at,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Risk {
    pub objectives: Vec<Located>,
    pub assignment: Option<String>,
    pub risk: String,
    pub consequence: Option<String>,
    pub likelihood: Option<i64>,
    pub likelihood_at: At,
    pub severity: Option<i64>,
    pub severity_at: At,
    pub score: Option<i64>,
    pub score_at: At,
    pub treatment: Option<Located>,
    pub cause: Option<String>,
    pub actions: Vec<String>,
    /// The same risk in an earlier analysis, `DOC-ID#risk-ID` (an extension of the
    /// contract, see docs/extensions.md).
    pub previous: Option<Located>,
}

impl Risk {
    /// likelihood × severity, when both are known.
    pub fn computed_score(&self) -> Option<i64> {
        Some(self.likelihood? * self.severity?)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum RecordDetail {
    Risk(Box<Risk>),
    Activity {
        activity: String,
        goal: Option<String>,
        method: Vec<String>,
    },
    Action {
        action: String,
        recommendation: Option<Located>,
    },
    Recommendation {
        recommendation: String,
        response: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub kind: RecordKind,
    pub id: String,
    pub at: At,
    pub area: Option<Located>,
    pub responsible: Vec<ResponsibleRef>,
    pub status: Option<WorkStatus>,
    pub due: Option<Date>,
    pub detail: RecordDetail,
    /// `internal` or `restricted` when the row is masked: its own `classification`, or
    /// the masked section it is in (the stricter of the two).
    pub classification: Option<Classification>,
}

impl Record {
    pub fn anchor(&self) -> String {
        format!("{}-{}", self.kind.singular(), self.id)
    }

    /// The record's main text: the risk, the activity, the action or the recommendation.
    pub fn headline(&self) -> &str {
        match &self.detail {
            RecordDetail::Risk(r) => &r.risk,
            RecordDetail::Activity { activity, .. } => activity,
            RecordDetail::Action { action, .. } => action,
            RecordDetail::Recommendation { recommendation, .. } => recommendation,
        }
    }

    pub fn risk(&self) -> Option<&Risk> {
        match &self.detail {
            RecordDetail::Risk(r) => Some(r),
            _ => None,
        }
    }

    pub fn is_overdue(&self, today: crate::text::Date) -> bool {
        match (self.due, self.status) {
            (Some(due), status) => due < today && !status.is_some_and(WorkStatus::is_closed),
            _ => false,
        }
    }
}

/// A fenced YAML block: where it is and which records it holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub kind: RecordKind,
    pub at: At,
    /// Indexes into `Document::records`.
    pub records: Vec<usize>,
    /// The masked section the block is in, if any.
    pub section: Option<Classification>,
    /// Rows of the block this build's audience does not see (set by the graph).
    pub masked_rows: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub anchor: String,
    pub text: String,
    /// The masked section the heading is in, if any.
    pub section: Option<Classification>,
}

/// A masked section: a fenced block ` ```internal reason="…" ` (or `restricted`) whose
/// content is Markdown that only audiences including its level see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mask {
    pub level: Classification,
    pub reason: Option<String>,
    /// Byte range of its content in `Document::text`.
    pub content: std::ops::Range<usize>,
    pub at: At,
}

/// A link as written in a document body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    pub wiki: bool,
    pub at: At,
    /// The masked section the link is in, if any.
    pub section: Option<Classification>,
}

#[derive(Clone, Debug)]
pub struct Document {
    /// Relative to the site root, `/`-separated: `content/rs/riskanalys.md`.
    pub source_path: String,
    /// Relative to `content/`: `rs/riskanalys.md`.
    pub content_path: String,
    pub text: String,
    pub map: SourceMap,
    /// Byte offset in `text` where the Markdown body starts.
    pub body_start: usize,
    pub meta: Meta,
    /// An `index.md`: introduces its folder's section page.
    pub is_section_index: bool,
    pub headings: Vec<Heading>,
    pub blocks: Vec<Block>,
    pub records: Vec<Record>,
    pub links: Vec<LinkRef>,
    /// Masked sections, in the order of the text.
    pub masks: Vec<Mask>,
    /// Anchors of headings and rows this build's audience does not see (set by the
    /// graph): links to them are shown as plain text.
    pub masked_anchors: Vec<String>,
}

impl Document {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    pub fn loc(&self, at: At) -> Loc {
        self.map.loc(&self.text, at.line, at.column)
    }

    /// The line of a top-level front matter key (`review_by`), for reports that point
    /// at a date of the document; the line of `id` (or 1) when the key is not written.
    pub fn front_matter_line(&self, key: &str) -> u32 {
        let front = &self.text[..self.body_start.min(self.text.len())];
        front
            .lines()
            .position(|l| {
                l.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map(|i| i as u32 + 1)
            .unwrap_or(self.meta.id_at.line.max(1))
    }

    /// The folder below `content/` holding this document ("" at the top).
    pub fn folder(&self) -> &str {
        match self.content_path.rfind('/') {
            Some(i) => &self.content_path[..i],
            None => "",
        }
    }

    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.headings.iter().any(|h| h.anchor == anchor)
            || self.records.iter().any(|r| r.anchor() == anchor)
            || self.footnote_anchors().any(|a| a == anchor)
    }

    /// Every anchor a link may name, for "did you mean" on a broken one.
    pub fn anchors(&self) -> Vec<String> {
        let mut all: Vec<String> = self.headings.iter().map(|h| h.anchor.clone()).collect();
        all.extend(self.records.iter().map(|r| r.anchor()));
        all.extend(self.footnote_anchors());
        all
    }

    fn footnote_anchors(&self) -> impl Iterator<Item = String> + '_ {
        // Footnote definitions `[^name]:` render with the anchor `name`.
        self.body().lines().filter_map(|l| {
            let rest = l.trim_start().strip_prefix("[^")?;
            let end = rest.find("]:")?;
            Some(rest[..end].to_string())
        })
    }
}
