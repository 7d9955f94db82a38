//! One schema per record kind: every field a row of a `risks`, `activities`, `actions` or
//! `recommendations` block may hold, what it holds, whether it is required, its column
//! label in Swedish and English, and what search does with it. Loading (known and
//! required fields), `import risks` (its fields and required ones), the exports (column
//! labels) and the field tables of docs/content-format.md follow it; tests beside each
//! check that they do.

use crate::model::RecordKind;

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holds {
    /// Letters, digits, `-`, `_` and `.`: the row's anchor is `#KIND-ID`.
    Id,
    /// Plain text.
    Text,
    /// A text, or a list of texts.
    TextOrList,
    /// A whole number in `1..=risk.scale`.
    Figure,
    /// A whole number: likelihood × severity.
    Score,
    /// `YYYY-MM-DD`.
    Date,
    /// planned | ongoing | done | cancelled.
    WorkStatus,
    /// One of the site's `risk.treatments`.
    Treatment,
    /// Control-objective codes from styrdok.yaml.
    Objectives,
    /// An area (a closed list when styrdok.yaml has `areas:`).
    Area,
    /// Responsible roles or units, a text or a list.
    Responsibles,
    /// The same risk in an earlier analysis, `DOC-ID#risk-ID`.
    PreviousRisk,
    /// The id of a recommendation of the same document.
    Recommendation,
    /// internal | restricted: the row is masked from audiences that do not include it.
    Classification,
}

impl Holds {
    /// How docs/content-format.md says it.
    pub fn describe(self) -> &'static str {
        match self {
            Holds::Id => "id",
            Holds::Text => "text",
            Holds::TextOrList => "text or list",
            Holds::Figure => "1..risk.scale",
            Holds::Score => "number",
            Holds::Date => "YYYY-MM-DD",
            Holds::WorkStatus => "planned, ongoing, done, cancelled",
            Holds::Treatment => "one of risk.treatments",
            Holds::Objectives => "list of objective codes",
            Holds::Area => "area",
            Holds::Responsibles => "text or list",
            Holds::PreviousRisk => "DOC-ID#risk-ID",
            Holds::Recommendation => "recommendation id",
            Holds::Classification => "internal, restricted",
        }
    }
}

/// Whether a row must have the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    Required,
    Optional,
    /// Optional; without it the row's position among the document's rows of its kind.
    Position,
}

/// What search does with a field of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Search {
    /// The record's headline: its result's title, indexed strongly.
    Title,
    /// Indexed, and shown in the result's excerpt.
    Excerpt,
    /// Indexed, not shown.
    Indexed,
    /// Not indexed.
    No,
}

#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The YAML key.
    pub name: &'static str,
    pub holds: Holds,
    pub presence: Presence,
    /// Its column label, in Swedish and English (`{scale}`: the site's risk scale).
    pub sv: &'static str,
    pub en: &'static str,
    /// Written to the kind's CSV export (the risk register).
    pub exported: bool,
    pub search: Search,
}

const fn field(
    name: &'static str,
    holds: Holds,
    presence: Presence,
    (sv, en): (&'static str, &'static str),
    exported: bool,
    search: Search,
) -> Field {
    Field {
        name,
        holds,
        presence,
        sv,
        en,
        exported,
        search,
    }
}

use Holds as H;
use Presence::{Optional, Position, Required};
use Search as S;

const STATUS: Field = field(
    "status",
    H::WorkStatus,
    Optional,
    ("Status", "Status"),
    false,
    S::No,
);
const DUE: Field = field(
    "due",
    H::Date,
    Optional,
    ("Klart senast", "Due"),
    false,
    S::No,
);
const AREA: Field = field(
    "area",
    H::Area,
    Optional,
    ("Område", "Area"),
    false,
    S::Indexed,
);
const RESPONSIBLE: Field = field(
    "responsible",
    H::Responsibles,
    Optional,
    ("Ansvarig", "Responsible"),
    false,
    S::Indexed,
);
const ID: Field = field("id", H::Id, Position, ("ID", "ID"), false, S::No);
const CLASSIFICATION: Field = field(
    "classification",
    H::Classification,
    Optional,
    ("Klassificering", "Classification"),
    false,
    S::No,
);

/// In the order of the risk register's columns (the source spreadsheet's).
const RISK: &[Field] = &[
    field("id", H::Id, Required, ("ID", "ID"), true, S::No),
    field(
        "objectives",
        H::Objectives,
        Optional,
        ("Krav", "Objectives"),
        true,
        S::No,
    ),
    field(
        "area",
        H::Area,
        Optional,
        ("Målområde", "Target area"),
        true,
        S::Indexed,
    ),
    field(
        "assignment",
        H::Text,
        Optional,
        ("Uppdrag", "Assignment"),
        true,
        S::Excerpt,
    ),
    field(
        "risk",
        H::Text,
        Required,
        ("Beskrivning av risk", "Risk"),
        true,
        S::Title,
    ),
    field(
        "consequence",
        H::Text,
        Optional,
        ("Beskrivning av konsekvensen", "Consequence"),
        true,
        S::Excerpt,
    ),
    field(
        "likelihood",
        H::Figure,
        Required,
        ("Sannolikhet 1-{scale}", "Likelihood 1-{scale}"),
        true,
        S::No,
    ),
    field(
        "severity",
        H::Figure,
        Required,
        ("Allvarlighetsgrad 1-{scale}", "Severity 1-{scale}"),
        true,
        S::No,
    ),
    field(
        "score",
        H::Score,
        Optional,
        ("Riskpoäng", "Score"),
        true,
        S::No,
    ),
    field(
        "treatment",
        H::Treatment,
        Optional,
        ("Hantering av risk", "Treatment"),
        true,
        S::Indexed,
    ),
    field(
        "cause",
        H::Text,
        Optional,
        ("Beskrivning av bakomliggande orsaken", "Root cause"),
        true,
        S::Excerpt,
    ),
    field(
        "actions",
        H::TextOrList,
        Optional,
        ("Åtgärder", "Actions"),
        true,
        S::Excerpt,
    ),
    field(
        "responsible",
        H::Responsibles,
        Optional,
        ("Ansvarig för genomförandet", "Responsible"),
        true,
        S::Indexed,
    ),
    field(
        "previous",
        H::PreviousRisk,
        Optional,
        ("Föregående", "Previous"),
        true,
        S::No,
    ),
    STATUS,
    DUE,
    CLASSIFICATION,
];

const ACTIVITY: &[Field] = &[
    ID,
    field(
        "activity",
        H::Text,
        Required,
        ("Aktivitet", "Activity"),
        false,
        S::Title,
    ),
    field(
        "goal",
        H::Text,
        Optional,
        ("Mål", "Goal"),
        false,
        S::Excerpt,
    ),
    field(
        "method",
        H::TextOrList,
        Optional,
        ("Metod/datakälla", "Method/data source"),
        false,
        S::Excerpt,
    ),
    AREA,
    RESPONSIBLE,
    STATUS,
    DUE,
    CLASSIFICATION,
];

const ACTION: &[Field] = &[
    ID,
    field(
        "action",
        H::Text,
        Required,
        ("Åtgärd", "Action"),
        false,
        S::Title,
    ),
    AREA,
    RESPONSIBLE,
    DUE,
    STATUS,
    field(
        "recommendation",
        H::Recommendation,
        Optional,
        ("Svarar på rekommendation", "Answers recommendation"),
        false,
        S::No,
    ),
    CLASSIFICATION,
];

const RECOMMENDATION: &[Field] = &[
    ID,
    field(
        "recommendation",
        H::Text,
        Required,
        ("Rekommendation", "Recommendation"),
        false,
        S::Title,
    ),
    field(
        "response",
        H::Text,
        Optional,
        ("Svar", "Response"),
        false,
        S::Excerpt,
    ),
    AREA,
    RESPONSIBLE,
    STATUS,
    DUE,
    CLASSIFICATION,
];

/// Every field of `kind`, in the order its docs table and its export list them.
pub fn fields(kind: RecordKind) -> &'static [Field] {
    match kind {
        RecordKind::Risk => RISK,
        RecordKind::Activity => ACTIVITY,
        RecordKind::Action => ACTION,
        RecordKind::Recommendation => RECOMMENDATION,
    }
}

/// The field `name` of `kind`.
pub fn field_of(kind: RecordKind, name: &str) -> Option<&'static Field> {
    fields(kind).iter().find(|f| f.name == name)
}

/// Whether every row of `kind` must have `name`.
pub fn is_required(kind: RecordKind, name: &str) -> bool {
    field_of(kind, name).is_some_and(|f| f.presence == Required)
}

/// The field table of `kind` for docs/content-format.md, which holds it verbatim.
pub fn markdown_table(kind: RecordKind) -> String {
    let mut out = String::from(
        "| field | holds | required | column (sv) | column (en) | search |\n|---|---|---|---|---|---|\n",
    );
    for f in fields(kind) {
        let presence = match f.presence {
            Required => "yes",
            Optional => "no",
            Position => "no (default: its position)",
        };
        let search = match f.search {
            S::Title => "title",
            S::Excerpt => "indexed, shown",
            S::Indexed => "indexed",
            S::No => "–",
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            f.name,
            f.holds.describe(),
            presence,
            f.sv,
            f.en,
            search
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_an_id_and_one_title_and_unique_names() {
        for kind in RecordKind::ALL {
            let fs = fields(kind);
            assert_eq!(fs[0].name, "id", "{kind:?}");
            let titles = fs.iter().filter(|f| f.search == Search::Title).count();
            assert_eq!(titles, 1, "{kind:?}: one headline");
            let mut names: Vec<&str> = fs.iter().map(|f| f.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), fs.len(), "{kind:?}: a name twice");
        }
    }

    #[test]
    fn required_fields() {
        assert!(is_required(RecordKind::Risk, "likelihood"));
        assert!(!is_required(RecordKind::Risk, "score"));
        assert!(!is_required(RecordKind::Activity, "id"));
        assert!(is_required(RecordKind::Action, "action"));
    }

    /// docs/content-format.md holds each kind's `markdown_table` between its markers;
    /// STYRDOK_BLESS=1 writes them there.
    #[test]
    fn the_docs_field_tables_are_the_schema() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/content-format.md");
        let docs = std::fs::read_to_string(path).unwrap();
        let mut expected = docs.clone();
        for kind in RecordKind::ALL {
            let (open, close) = (
                format!("<!-- schema:{} -->\n", kind.block_name()),
                format!("<!-- /schema:{} -->", kind.block_name()),
            );
            let start = expected.find(&open).expect("the open marker") + open.len();
            let end = expected.find(&close).expect("the close marker");
            expected.replace_range(start..end, &markdown_table(kind));
        }
        if std::env::var_os("STYRDOK_BLESS").is_some() {
            std::fs::write(path, &expected).unwrap();
        } else {
            assert!(
                docs == expected,
                "docs/content-format.md and the record schema disagree; \
                 run STYRDOK_BLESS=1 cargo test -p styrdok-core and read the diff"
            );
        }
    }
}
