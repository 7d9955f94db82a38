//! Front matter from what Word documents carry: a board case's header table (labels
//! over or beside their values), "Dnr …" and "Beslutad av … den …" lines, and the
//! document's core properties; the type guessed from what was found.

use crate::yaml_out::scalar;
use styrdok_core::model::DocType;
use styrdok_core::text::Date;

#[derive(Debug, Default)]
pub struct Front {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub decided_by: Option<String>,
    pub decided: Option<Date>,
    pub dnr: Option<String>,
    pub document_number: Option<String>,
    pub version: Option<String>,
    pub meeting: Option<Date>,
    pub department: Option<String>,
    pub manager: Option<String>,
    pub case_officer: Option<String>,
    pub tags: Vec<String>,
    /// A board case's header was found.
    pub case_header: bool,
}

/// The labels of a case header (normalised) and the key each fills.
const LABELS: &[(&str, &str)] = &[
    ("ärende till", "decided_by"),
    ("ärendet till", "decided_by"),
    ("sammanträdesdatum", "meeting"),
    ("sammanträde", "meeting"),
    ("ansvarig avdelning", "department"),
    ("avdelning", "department"),
    ("dokument-id", "document_number"),
    ("dokumentid", "document_number"),
    ("dokumentnummer", "document_number"),
    ("version", "version"),
    ("ansvarig chef", "manager"),
    ("handläggare", "case_officer"),
    ("diarienummer", "dnr"),
    ("dnr", "dnr"),
];

fn label_of(text: &str) -> Option<&'static str> {
    let t = text.trim().trim_end_matches(':').trim().to_lowercase();
    LABELS.iter().find(|(l, _)| *l == t).map(|(_, k)| *k)
}

/// The case header's (key, value, label) triples from rows of cell texts (a header
/// table, or header lines split at tabs): a label's value is the rest of its cell, or
/// the cell below it. `None` unless at least two labels are found.
pub fn case_header(rows: &[Vec<String>]) -> Option<Vec<(&'static str, String, String)>> {
    let mut found = Vec::new();
    let mut labels = 0;
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (first, rest) = cell.split_once('\n').unwrap_or((cell, ""));
            let Some(key) = label_of(first) else {
                continue;
            };
            labels += 1;
            let below = rows.get(r + 1).and_then(|next| next.get(c));
            let value = match (rest.trim(), below) {
                ("", Some(below)) if label_of(below.lines().next().unwrap_or("")).is_none() => {
                    below.trim().to_string()
                }
                (rest, _) => rest.to_string(),
            };
            found.push((key, value.replace('\n', " "), first.trim().to_string()));
        }
    }
    (labels >= 2).then_some(found)
}

/// Whether a row of a case header is only labels (so it and the row below belong to it).
pub fn is_label_row(cells: &[String]) -> bool {
    let filled: Vec<&String> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
    !filled.is_empty()
        && filled
            .iter()
            .all(|c| label_of(c.lines().next().unwrap_or("")).is_some())
}

impl Front {
    /// Fills the front matter from the header's values; what cannot be used is
    /// returned as warnings.
    pub fn take_case_header(&mut self, found: Vec<(&'static str, String, String)>) -> Vec<String> {
        self.case_header = true;
        let mut warnings = Vec::new();
        for (key, value, label) in found {
            if value.is_empty() {
                continue;
            }
            if value.starts_with('[') && value.ends_with(']') {
                warnings.push(format!(
                    "the case header's {label} holds the template's placeholder `{value}`; it is left out"
                ));
                continue;
            }
            let text = Some(value.clone());
            match key {
                "decided_by" => self.decided_by = text,
                "department" => self.department = text,
                "document_number" => self.document_number = text,
                "version" => self.version = text,
                "manager" => self.manager = text,
                "case_officer" => self.case_officer = text,
                "dnr" => self.dnr = text,
                _ => match parse_date(&value) {
                    Some(d) => self.meeting = Some(d),
                    None => warnings.push(format!(
                        "the case header's {label} `{value}` is not a date; `meeting` is left out"
                    )),
                },
            }
        }
        warnings
    }

    /// A "Dnr 334-2021" or "Diarienummer: RS 334-2021" line: taken, and gone from the body.
    pub fn take_dnr_line(&mut self, line: &str) -> bool {
        if self.dnr.is_some() {
            return false;
        }
        let line = line.trim();
        let lower = line.to_lowercase();
        let rest = ["diarienummer", "dnr"]
            .iter()
            .find_map(|p| lower.strip_prefix(p).map(|_| &line[p.len()..]));
        let Some(rest) = rest else {
            return false;
        };
        let value = rest.trim_start_matches(['.', ':', ' ']).trim();
        let fits = !value.is_empty()
            && value.chars().count() <= 40
            && value.chars().any(|c| c.is_ascii_digit())
            && rest.starts_with(['.', ':', ' ']);
        if fits {
            self.dnr = Some(value.to_string());
        }
        fits
    }

    /// A "Beslutad av Regionstyrelsen den 2021-03-30" line (also "Beslutat av", "Fastställd
    /// av", a date without "den", a `§` after a comma): taken, and gone from the body.
    pub fn take_decided_line(&mut self, line: &str) -> bool {
        if self.decided.is_some() {
            return false;
        }
        let line = line.trim().trim_end_matches('.');
        let lower = line.to_lowercase();
        let Some(prefix) = [
            "beslutad av ",
            "beslutat av ",
            "fastställd av ",
            "fastställt av ",
        ]
        .into_iter()
        .find(|p| lower.starts_with(p)) else {
            return false;
        };
        if line.chars().count() > 160 {
            return false;
        }
        let rest = line[prefix.len()..].split(',').next().unwrap_or("").trim();
        let (who, date) = match rest.rsplit_once(" den ") {
            Some((who, date)) => (who.trim(), parse_date(date)),
            None => match rest.rsplit_once(' ') {
                Some((who, date)) if parse_date(date).is_some() => (who.trim(), parse_date(date)),
                _ => (rest, None),
            },
        };
        if who.is_empty() {
            return false;
        }
        self.decided_by = Some(who.to_string());
        self.decided = date.or(self.decided);
        true
    }

    /// Title, subject and keywords of `docProps/core.xml`, where the document has none.
    pub fn take_core(
        &mut self,
        title: Option<String>,
        subject: Option<String>,
        keywords: Option<String>,
    ) {
        if self.title.is_none() {
            self.title = title;
        }
        self.summary = self.summary.take().or(subject);
        if let Some(k) = keywords {
            self.tags = k
                .split([',', ';'])
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
        }
    }

    /// The front matter text between `---` lines. A decision's own keys are written
    /// only for a decision; `dropped` gets the others.
    pub fn yaml(&self, doc_type: DocType, dropped: &mut Vec<&'static str>) -> String {
        let mut out = String::from("---\n");
        // Dates are written plain, as editors write them; text as YAML needs it.
        let mut text = |key: &str, v: &Option<String>| {
            if let Some(v) = v {
                let plain = Date::parse(v).is_some_and(|d| d.iso() == *v);
                let v = if plain { v.clone() } else { scalar(v) };
                out.push_str(&format!("{key}: {v}\n"));
            }
        };
        text("title", &self.title);
        text("type", &Some(doc_type.key().to_string()));
        text("summary", &self.summary);
        text("decided_by", &self.decided_by);
        text("decided", &self.decided.map(Date::iso));
        text("dnr", &self.dnr);
        text("document_number", &self.document_number);
        text("version", &self.version);
        let decision_only = [
            ("meeting", self.meeting.map(Date::iso)),
            ("department", self.department.clone()),
            ("manager", self.manager.clone()),
            ("case_officer", self.case_officer.clone()),
        ];
        for (key, value) in decision_only {
            match (doc_type == DocType::Decision, &value) {
                (true, _) => text(key, &value),
                (false, Some(_)) => dropped.push(key),
                (false, None) => {}
            }
        }
        if !self.tags.is_empty() {
            out.push_str("tags:\n");
            for t in &self.tags {
                out.push_str(&format!("  - {}\n", scalar(t)));
            }
        }
        out.push_str("---\n");
        out
    }
}

/// A date as Swedish documents write it: 2021-03-30, 30 mars 2021, 30/3 2021 is not
/// guessed at.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim().trim_end_matches('.');
    if let Some(d) = text.split_whitespace().find_map(Date::parse) {
        return Some(d);
    }
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    words.windows(3).find_map(|w| {
        let day: u32 = w[0].parse().ok()?;
        let month = styrdok_core::text::MONTHS_SV
            .iter()
            .position(|m| *m == w[1])?
            + 1;
        let year: u32 = w[2].parse().ok()?;
        Date::parse(&format!("{year:04}-{month:02}-{day:02}"))
    })
}

/// The type a document's content suggests: a case header makes a decision, a register
/// of risks a risk analysis, activities an action plan, recommendations an audit
/// response; else its title's words.
pub fn guess_type(front: &Front, blocks: &[&str]) -> DocType {
    if front.case_header {
        return DocType::Decision;
    }
    for (block, doc_type) in [
        ("risks", DocType::RiskAnalysis),
        ("activities", DocType::ActionPlan),
        ("recommendations", DocType::AuditResponse),
        ("actions", DocType::ActionPlan),
    ] {
        if blocks.contains(&block) {
            return doc_type;
        }
    }
    let title = front.title.as_deref().unwrap_or("").to_lowercase();
    let by_words = [
        ("säkerhetsberättelse", DocType::SafetyReport),
        ("riskanalys", DocType::RiskAnalysis),
        ("handlingsplan", DocType::ActionPlan),
        ("åtgärdsplan", DocType::ActionPlan),
        ("strategi", DocType::Strategy),
        ("uppdrag", DocType::Assignment),
        ("revisionsrapport", DocType::AuditResponse),
        ("svar på", DocType::AuditResponse),
        ("tjänsteskrivelse", DocType::Decision),
    ];
    by_words
        .iter()
        .find(|(w, _)| title.contains(w))
        .map(|(_, t)| *t)
        .unwrap_or(DocType::Page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn the_safety_report_case_header() {
        let rows = vec![
            row(&["ÄRENDE TILL", "SAMMANTRÄDESDATUM", ""]),
            row(&["Regionstyrelsen", "2021-03-30", "Sida 1 (2)"]),
            row(&["ANSVARIG AVDELNING", "DOKUMENT-ID", "VERSION"]),
            row(&[
                "[Gäller för verksamhet]",
                "ARBGRP583-382524020-1138",
                "0.13",
            ]),
            row(&["ANSVARIG CHEF", "HANDLÄGGARE"]),
            row(&["Anneli Granberg", "Rickard Stewén"]),
        ];
        let found = case_header(&rows).unwrap();
        let mut front = Front::default();
        let warnings = front.take_case_header(found);
        assert_eq!(front.decided_by.as_deref(), Some("Regionstyrelsen"));
        assert_eq!(front.meeting.map(Date::iso).as_deref(), Some("2021-03-30"));
        assert_eq!(
            front.document_number.as_deref(),
            Some("ARBGRP583-382524020-1138")
        );
        assert_eq!(front.version.as_deref(), Some("0.13"));
        assert_eq!(front.manager.as_deref(), Some("Anneli Granberg"));
        assert_eq!(front.case_officer.as_deref(), Some("Rickard Stewén"));
        assert_eq!(front.department, None);
        assert_eq!(
            warnings,
            [
                "the case header's ANSVARIG AVDELNING holds the template's placeholder `[Gäller för verksamhet]`; it is left out"
            ]
        );
        // Label and value in one cell.
        let one = case_header(&[row(&[
            "Ärende till\nKommunfullmäktige",
            "Handläggare:\nEva",
        ])])
        .unwrap();
        assert_eq!(
            one[0],
            (
                "decided_by",
                "Kommunfullmäktige".into(),
                "Ärende till".into()
            )
        );
        assert!(case_header(&[row(&["Version", "1"])]).is_none());
    }

    #[test]
    fn dnr_and_decided_lines() {
        let mut f = Front::default();
        assert!(f.take_dnr_line("Dnr 334-2021"));
        assert_eq!(f.dnr.as_deref(), Some("334-2021"));
        f.dnr = None;
        assert!(f.take_dnr_line("Diarienummer: RS 12-2020"));
        assert_eq!(f.dnr.as_deref(), Some("RS 12-2020"));
        assert!(!f.take_dnr_line("Dnr-hanteringen beskrivs nedan i flera stycken"));
        assert!(f.take_decided_line("Beslutad av Regionstyrelsen den 30 mars 2021, § 45"));
        assert_eq!(f.decided_by.as_deref(), Some("Regionstyrelsen"));
        assert_eq!(f.decided.map(Date::iso).as_deref(), Some("2021-03-30"));
        f.decided = None;
        assert!(f.take_decided_line("Fastställd av Hälso- och sjukvårdsdirektören 2022-01-10"));
        assert_eq!(f.decided.map(Date::iso).as_deref(), Some("2022-01-10"));
        assert!(!f.take_decided_line("Beslutet fattades"));
    }
}
