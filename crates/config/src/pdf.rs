//! `pdf:` — which documents also get an accessible PDF beside their page (PDF/UA-1,
//! typeset in-process by the pdf crate), on what paper, and whether it is archivable
//! (PDF/A-2).

use styrdok_core::model::DocType;
use styrdok_core::yaml::{self, fields::Reader};

/// The paper sizes a PDF may be set on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    A3,
    A5,
    Letter,
}

impl Paper {
    pub const CHOICES: [(&'static str, Paper); 4] = [
        ("a4", Paper::A4),
        ("a3", Paper::A3),
        ("a5", Paper::A5),
        ("letter", Paper::Letter),
    ];

    /// Typst's name of the size.
    pub fn typst_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::A3 => "a3",
            Paper::A5 => "a5",
            Paper::Letter => "us-letter",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct PdfConfig {
    /// The types that get a PDF; empty: none (the default, no `pdf:`).
    pub types: Vec<DocType>,
    pub paper: Paper,
    /// PDF/A-2a as well as PDF/UA-1 (`archive: pdf/a-2`).
    pub archive: bool,
}

impl PdfConfig {
    pub fn wants(&self, t: DocType) -> bool {
        self.types.contains(&t)
    }

    pub fn enabled(&self) -> bool {
        !self.types.is_empty()
    }
}

const KNOWN: [&str; 3] = ["types", "paper", "archive"];

/// `pdf:`: `all`, or a mapping of `types` (`all` or a list of type names), `paper` and
/// `archive` (`pdf/a-2` or `off`).
pub fn read(r: &mut Reader, node: &yaml::Node) -> PdfConfig {
    let mut pdf = PdfConfig::default();
    if let yaml::Value::Str(s) = &node.value {
        if s == "all" {
            pdf.types = DocType::ALL.to_vec();
        } else {
            r.error(
                node.pos,
                format!("`pdf` must be `all` or a mapping with `types`, `paper` and `archive`, found `{s}`"),
            );
        }
        return pdf;
    }
    let Some(mut f) = r.mapping(node, "`pdf`") else {
        return pdf;
    };
    pdf.types = match f.get("types") {
        Some(n) => read_types(r, n),
        None => DocType::ALL.to_vec(),
    };
    if let Some(n) = f.get("paper")
        && let Some(p) = r.choice(n, "pdf.paper", &Paper::CHOICES)
    {
        pdf.paper = p;
    }
    if let Some(n) = f.get("archive")
        && let Some(a) = r.choice(n, "pdf.archive", &[("pdf/a-2", true), ("off", false)])
    {
        pdf.archive = a;
    }
    f.report_unknown(r, "`pdf`", true, &KNOWN);
    pdf
}

fn read_types(r: &mut Reader, node: &yaml::Node) -> Vec<DocType> {
    if matches!(&node.value, yaml::Value::Str(s) if s == "all") {
        return DocType::ALL.to_vec();
    }
    let choices = DocType::choices();
    let mut types = Vec::new();
    for (name, at) in r.text_list(node, "pdf.types") {
        match choices.iter().find(|(k, _)| *k == name) {
            Some((_, t)) if !types.contains(t) => types.push(*t),
            Some(_) => {}
            None => {
                let names: Vec<&str> = choices.iter().map(|(k, _)| *k).collect();
                r.error_at(
                    at,
                    format!(
                        "`pdf.types` must list document types ({}) or be `all`, found `{name}`",
                        names.join(", ")
                    ),
                );
            }
        }
    }
    types
}
