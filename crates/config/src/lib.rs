//! `styrdok.yaml` → `Config`: every key of the contract with its default; unknown keys
//! are errors with their line.

pub mod audience;

pub use audience::Audience;
pub mod cycle;

pub use cycle::CycleEntry;
pub mod pdf;
pub use pdf::{Paper, PdfConfig};
use std::path::Path;
use styrdok_core::diag::{Diagnostic, Loc, SourceMap};
use styrdok_core::yaml;
use styrdok_core::yaml::fields::{At, Fields, Reader, YamlSource};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    Sv,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Sv => "sv",
            Language::En => "en",
        }
    }
    pub fn is_swedish(self) -> bool {
        self == Language::Sv
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RiskConfig {
    pub scale: u32,
    pub highlight_from: u32,
    pub treatments: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResponsibleConfig {
    pub name: String,
    pub aliases: Vec<String>,
}

/// `history:` — the change log from git on each document page (src/history.rs).
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryConfig {
    pub enabled: bool,
    /// How many commits each page lists; 0 shows only the date of the last change.
    pub entries: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub title: String,
    pub language: Language,
    /// Always starts and ends with `/`.
    pub base_path: String,
    /// The site's scheme and host (`https://intranat.example.se`), from `base_url`:
    /// calendar feeds and the `due` report make their links absolute with it.
    pub base_url: Option<String>,
    pub organisation: Option<String>,
    pub theme: String,
    pub risk: RiskConfig,
    /// Code → description, in the order written.
    pub control_objectives: Vec<(String, String)>,
    /// A closed list of areas, when given.
    pub areas: Option<Vec<String>>,
    pub responsibles: Vec<ResponsibleConfig>,
    pub history: HistoryConfig,
    /// The accessibility statement (docs/extensions.md).
    pub accessibility: AccessibilityConfig,
    pub markdown: MarkdownConfig,
    /// Who builds are for (audience.rs): `internal` and `public` at least.
    pub audiences: Vec<Audience>,
    /// The recurring deadlines of the annual cycle (`cycle:`), in the order written.
    pub cycle: Vec<CycleEntry>,
    /// Which documents get a PDF (`pdf:`; none by default).
    pub pdf: PdfConfig,
    /// Rows and entries a long list page (follow-up, a responsible's, an area's) shows
    /// before it runs on to a next page (`page_size`).
    pub page_size: usize,
}

/// What raw HTML written in Markdown becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RawHtml {
    /// Shown as text: editors' HTML never reaches readers' browsers (the default).
    #[default]
    Escape,
    /// Kept, reduced by ammonia to a safe subset (no scripts, handlers or styles).
    Sanitize,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct MarkdownConfig {
    pub raw_html: RawHtml,
}

/// How far the site meets WCAG 2.1 AA, as the statement declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compliance {
    Full,
    Partial,
    None,
}

/// Why content is not accessible, as DIGG's model statement groups it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExceptionReason {
    /// Bristande förenlighet med lagstiftningen.
    NonCompliance,
    /// Oskäligt betungande anpassning (12 § DOS-lagen).
    DisproportionateBurden,
    /// Innehåll som inte omfattas av lagstiftningen (9 §).
    OutOfScope,
}

/// One item of content known not to be accessible.
#[derive(Clone, Debug, PartialEq)]
pub struct KnownException {
    pub content: String,
    pub reason: ExceptionReason,
    /// What is wrong (the WCAG criterion), or why the burden is disproportionate.
    pub explanation: Option<String>,
}

/// How the site was assessed: what the statement may say about it, and no more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assessment {
    /// Own assessment (självskattning).
    Own,
    /// Reviewed by someone outside the organisation (`assessed_by`).
    External,
}

/// `accessibility:` in styrdok.yaml: what the accessibility statement
/// (tillgänglighetsredogörelse) required by the DOS law says. Nothing is claimed by
/// default: what DIGG requires and the site does not state is a build warning.
#[derive(Clone, Debug, PartialEq)]
pub struct AccessibilityConfig {
    /// The service the statement covers; default: the site's title.
    pub service: Option<String>,
    /// Where to report problems or ask for content in another form.
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
    /// How soon a reader can expect an answer ("inom två veckor").
    pub response_time: Option<String>,
    /// Content known not to be accessible, one item each.
    pub known_exceptions: Vec<KnownException>,
    pub assessment: Option<Assessment>,
    pub assessed_by: Option<String>,
    /// When the site was last assessed.
    pub assessed: Option<styrdok_core::text::Date>,
    /// When the statement was last updated (`last_review` is the older name).
    pub updated: Option<styrdok_core::text::Date>,
    /// Where to complain when the answer is not satisfactory (DIGG, the supervisory
    /// authority of the DOS law).
    pub supervisory_authority: String,
    /// Declared by the site, never assumed.
    pub compliance: Option<Compliance>,
}

/// DIGG's form for reporting inaccessible public-sector digital services.
pub const DIGG_REPORT_URL: &str = "https://www.digg.se/tdosanmalan";

impl Default for AccessibilityConfig {
    fn default() -> Self {
        AccessibilityConfig {
            service: None,
            email: None,
            phone: None,
            url: None,
            response_time: None,
            known_exceptions: Vec::new(),
            assessment: None,
            assessed_by: None,
            assessed: None,
            updated: None,
            supervisory_authority: DIGG_REPORT_URL.to_string(),
            compliance: None,
        }
    }
}

impl AccessibilityConfig {
    /// The keys DIGG requires that the site has not set, as `accessibility.KEY`.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.compliance.is_none() {
            missing.push("accessibility.compliance");
        }
        if self.email.is_none() && self.phone.is_none() && self.url.is_none() {
            missing.push("accessibility.contact");
        }
        if self.response_time.is_none() {
            missing.push("accessibility.contact.response_time");
        }
        if self.assessment.is_none() {
            missing.push("accessibility.assessment");
        }
        if self.assessment == Some(Assessment::External) && self.assessed_by.is_none() {
            missing.push("accessibility.assessed_by");
        }
        if self.assessed.is_none() {
            missing.push("accessibility.assessed");
        }
        if self.updated.is_none() {
            missing.push("accessibility.updated");
        }
        missing
    }
}

pub const CONFIG_FILE: &str = "styrdok.yaml";

pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "language",
    "base_path",
    "base_url",
    "organisation",
    "theme",
    "risk",
    "control_objectives",
    "areas",
    "responsibles",
    "history",
    "accessibility",
    "markdown",
    "audiences",
    "cycle",
    "pdf",
    "page_size",
];

fn default_objectives() -> Vec<(String, String)> {
    [
        ("a", "Att verksamheten bedrivs ändamålsenligt och kostnadseffektivt"),
        ("c", "Att verksamheten följer styrande dokument, lagar, förordningar m.m."),
        (
            "d",
            "Att redovisningen och uppföljningen av verksamhet och ekonomi är rättvisande och ändamålsenlig",
        ),
        (
            "e",
            "Informationssäkerhet tillgodosedd utifrån krav på konfidentialitet, riktighet, tillgänglighet, spårbarhet",
        ),
        ("f", "Övrigt"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

impl Config {
    /// The highlight threshold used when `risk.highlight_from` is not set: 15 on the
    /// usual 5-point scale, the same share of the top score on other scales.
    pub fn default_highlight(scale: u32) -> u32 {
        (scale * scale * 3).div_ceil(5)
    }

    /// Reads `styrdok.yaml` in `root`. All problems are returned together.
    pub fn load(root: &Path) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    return Err(vec![Diagnostic::error(
                        &Loc::file(CONFIG_FILE),
                        "the file is not UTF-8 text",
                    )]);
                }
            },
            Err(err) => {
                return Err(vec![Diagnostic::error(
                    &Loc::file(CONFIG_FILE),
                    format!(
                        "cannot read the site configuration ({err}); is {} a styrdok site?",
                        root.display()
                    ),
                )]);
            }
        };
        Config::parse(&text)
    }

    pub fn parse(text: &str) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let map = SourceMap::new(CONFIG_FILE, text);
        let root = match yaml::parse(text) {
            Ok(node) => node,
            Err(e) => {
                let loc = map.loc(text, e.line, e.column);
                return Err(vec![Diagnostic::error(&loc, e.message)]);
            }
        };
        let mut r = Reader::new(YamlSource {
            map: &map,
            file_text: text,
            yaml_text: text,
            line_offset: 0,
            column_offset: 0,
        });
        let mut config = Config::defaults();
        let Some(mut f) = r.mapping(&root, "styrdok.yaml") else {
            return Err(r.diagnostics);
        };
        // The keys are read in this order so that their diagnostics keep it too.
        read_site(&mut r, &mut f, &mut config);
        read_risk(&mut r, &mut f, &mut config.risk);
        if let Some(n) = f.get("control_objectives")
            && let Some(objectives) = read_objectives(&mut r, n)
        {
            config.control_objectives = objectives;
        }
        if let Some(n) = f.get("areas") {
            let areas: Vec<String> = r
                .text_list(n, "areas")
                .into_iter()
                .map(|(t, _)| t)
                .collect();
            config.areas = Some(areas);
        }
        if let Some(n) = f.get("responsibles") {
            config.responsibles = read_responsibles(&mut r, n);
        }
        if let Some(n) = f.get("history") {
            read_history(&mut r, n, &mut config.history);
        }
        match f.get("accessibility") {
            Some(n) => config.accessibility = read_accessibility(&mut r, n),
            None => r.diagnostics.push(Diagnostic::warning(
                &Loc::file(CONFIG_FILE),
                "no `accessibility:` section: the accessibility statement the DOS law requires \
                 states nothing about compliance, contact, response time or assessment \
                 (see docs/extensions.md, \"Accessibility statement\")",
            )),
        }
        if let Some(n) = f.get("markdown") {
            read_markdown(&mut r, n, &mut config.markdown);
        }
        if let Some(n) = f.get("audiences") {
            audience::read(&mut r, n, &mut config.audiences);
        }
        if let Some(n) = f.get("cycle") {
            config.cycle = cycle::read_cycle(&mut r, n);
        }
        if let Some(n) = f.get("pdf") {
            config.pdf = pdf::read(&mut r, n);
        }
        if let Some(n) = f.get("page_size") {
            match r.integer(n, "page_size") {
                Some(p) if (1..=100_000).contains(&p) => config.page_size = p as usize,
                Some(p) => r.error(n.pos, format!("`page_size` must be 1 to 100000, found {p}")),
                None => {}
            }
        }
        f.report_unknown(&mut r, "styrdok.yaml", true, KNOWN_KEYS);

        let has_errors = r
            .diagnostics
            .iter()
            .any(|d| d.severity == styrdok_core::diag::Severity::Error);
        if has_errors {
            Err(r.diagnostics)
        } else {
            Ok((config, r.diagnostics))
        }
    }

    /// The configuration of a `styrdok.yaml` that sets nothing.
    fn defaults() -> Config {
        Config {
            title: String::new(),
            language: Language::Sv,
            base_path: "/".into(),
            organisation: None,
            theme: "default".into(),
            risk: RiskConfig {
                scale: 5,
                highlight_from: 15,
                treatments: vec!["behålla".into(), "begränsa".into(), "eliminera".into()],
            },
            control_objectives: default_objectives(),
            areas: None,
            responsibles: Vec::new(),
            history: HistoryConfig {
                enabled: true,
                entries: 5,
            },
            accessibility: AccessibilityConfig::default(),
            markdown: MarkdownConfig::default(),
            audiences: audience::defaults(),
            base_url: None,
            cycle: Vec::new(),
            pdf: PdfConfig::default(),
            page_size: 500,
        }
    }
}

/// The site itself: `title`, `language`, `base_path`, `organisation`, `theme`.
fn read_site(r: &mut Reader, f: &mut Fields, config: &mut Config) {
    match f.get("title").and_then(|n| r.text(n, "title")) {
        Some(t) => config.title = t,
        None => r.error(f.pos, "`title` is required in styrdok.yaml"),
    }
    if let Some(n) = f.get("language")
        && let Some(lang) = r.choice(n, "language", &[("sv", Language::Sv), ("en", Language::En)])
    {
        config.language = lang;
    }
    if let Some(n) = f.get("base_path")
        && let Some(p) = read_base_path(r, n)
    {
        config.base_path = p;
    }
    if let Some(n) = f.get("base_url")
        && let Some((origin, path)) = cycle::split_base_url(r, n)
    {
        // The path of `base_url` is the base path, unless `base_path` says otherwise.
        if f.key_pos("base_path").is_some() && path != "/" && path != config.base_path {
            r.error(
                n.pos,
                format!(
                    "`base_url` ends in the path {path} but `base_path` is {}; make them agree or leave the path out of `base_url`",
                    config.base_path
                ),
            );
        } else {
            if path != "/" {
                config.base_path = path;
            }
            config.base_url = Some(origin);
        }
    }
    config.organisation = f
        .get("organisation")
        .and_then(|n| r.text(n, "organisation"));
    if let Some(n) = f.get("theme")
        && let Some(theme) = r.text(n, "theme")
    {
        // A folder name under themes/, never a path: `../../x` would read templates
        // and copy static files from outside the site.
        if theme.is_empty()
            || theme.starts_with('.')
            || !theme
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            r.error(
                n.pos,
                format!("`theme` must be the name of a folder in themes/, found `{theme}`"),
            );
        } else {
            config.theme = theme;
        }
    }
}

/// A `base_path`: a URL path, always starting and ending with `/`.
fn read_base_path(r: &mut Reader, n: &yaml::Node) -> Option<String> {
    let p = r.text(n, "base_path")?;
    if p.contains("://") || p.contains("..") || p.contains(['?', '#', ' ']) {
        r.error(
            n.pos,
            format!("`base_path` must be a URL path such as /styrdok/, found `{p}`"),
        );
        return None;
    }
    Some(format!("/{}/", p.trim_matches('/')).replace("//", "/"))
}

/// `risk:`, then the highlight threshold: derived from the scale unless given, and
/// a warning when no score can reach it.
fn read_risk(r: &mut Reader, f: &mut Fields, risk: &mut RiskConfig) {
    let mut highlight_given = false;
    if let Some(n) = f.get("risk")
        && let Some(mut rf) = r.mapping(n, "`risk`")
    {
        highlight_given = read_risk_fields(r, &mut rf, risk);
    }
    if !highlight_given {
        risk.highlight_from = Config::default_highlight(risk.scale);
    }
    let max_score = risk.scale * risk.scale;
    if risk.highlight_from > max_score
        && let Some(pos) = f.key_pos("risk")
    {
        r.warning(
                pos,
                format!(
                    "`risk.highlight_from` is {} but the highest score on a scale of {} is {max_score}: nothing will be highlighted",
                    risk.highlight_from, risk.scale
                ),
            );
    }
}

/// The keys of the `risk:` mapping; true when `highlight_from` is among them.
fn read_risk_fields(r: &mut Reader, rf: &mut Fields, risk: &mut RiskConfig) -> bool {
    let mut highlight_given = false;
    if let Some(n) = rf.get("scale") {
        match r.integer(n, "risk.scale") {
            Some(s) if (2..=10).contains(&s) => risk.scale = s as u32,
            Some(s) => r.error(n.pos, format!("`risk.scale` must be 2 to 10, found {s}")),
            None => {}
        }
    }
    if let Some(n) = rf.get("highlight_from") {
        highlight_given = true;
        match r.integer(n, "risk.highlight_from") {
            Some(h) if h >= 1 => risk.highlight_from = h as u32,
            Some(h) => r.error(
                n.pos,
                format!("`risk.highlight_from` must be at least 1, found {h}"),
            ),
            None => {}
        }
    }
    if let Some(n) = rf.get("treatments") {
        let list: Vec<String> = r
            .text_list(n, "risk.treatments")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        if list.is_empty() {
            r.error(n.pos, "`risk.treatments` must list at least one treatment");
        } else {
            risk.treatments = list;
        }
    }
    rf.report_unknown(
        r,
        "`risk`",
        true,
        &["scale", "highlight_from", "treatments"],
    );
    highlight_given
}

/// `control_objectives:`, code → description in the order written; None when it is
/// not a mapping (the defaults stay).
fn read_objectives(r: &mut Reader, node: &yaml::Node) -> Option<Vec<(String, String)>> {
    let mut of = r.mapping(node, "`control_objectives`")?;
    let mut objectives = Vec::new();
    for (key, _) in of.unknown() {
        let Some(node) = of.entry(&key) else { continue };
        if let Some(desc) = r.text(node, &format!("control_objectives.{key}")) {
            objectives.push((key, desc));
        }
    }
    Some(objectives)
}

fn read_markdown(r: &mut Reader, node: &yaml::Node, markdown: &mut MarkdownConfig) {
    let Some(mut mf) = r.mapping(node, "`markdown`") else {
        return;
    };
    if let Some(n) = mf.get("raw_html")
        && let Some(mode) = r.choice(
            n,
            "raw_html",
            &[("escape", RawHtml::Escape), ("sanitize", RawHtml::Sanitize)],
        )
    {
        markdown.raw_html = mode;
    }
    mf.report_unknown(r, "`markdown`", true, &["raw_html"]);
}

fn read_history(r: &mut Reader, node: &yaml::Node, history: &mut HistoryConfig) {
    let Some(mut hf) = r.mapping(node, "`history`") else {
        return;
    };
    if let Some(n) = hf.get("enabled")
        && let Some(b) = r.boolean(n, "history.enabled")
    {
        history.enabled = b;
    }
    if let Some(n) = hf.get("entries") {
        // A page is not the place for the whole log; 100 keeps pages small.
        match r.integer(n, "history.entries") {
            Some(e) if (0..=100).contains(&e) => history.entries = e as usize,
            Some(e) => r.error(
                n.pos,
                format!("`history.entries` must be 0 to 100, found {e}"),
            ),
            None => {}
        }
    }
    hf.report_unknown(r, "`history`", true, &["enabled", "entries"]);
}

fn read_accessibility(r: &mut Reader, node: &yaml::Node) -> AccessibilityConfig {
    let mut a = AccessibilityConfig::default();
    let problems_before = r.diagnostics.len();
    let Some(mut f) = r.mapping(node, "`accessibility`") else {
        return a;
    };
    a.service = f.get("service").and_then(|n| r.text(n, "service"));
    if let Some(n) = f.get("contact") {
        read_contact(r, n, &mut a);
    }
    if let Some(n) = f.get("known_exceptions") {
        a.known_exceptions = read_exceptions(r, n);
    }
    a.assessment = f.get("assessment").and_then(|n| {
        r.choice(
            n,
            "assessment",
            &[("own", Assessment::Own), ("external", Assessment::External)],
        )
    });
    a.assessed_by = f.get("assessed_by").and_then(|n| r.text(n, "assessed_by"));
    a.assessed = f.get("assessed").and_then(|n| r.date(n, "assessed"));
    a.updated = f
        .get("updated")
        .and_then(|n| r.date(n, "updated"))
        .or_else(|| f.get("last_review").and_then(|n| r.date(n, "last_review")));
    if let Some(url) = f
        .get("supervisory_authority")
        .and_then(|n| r.text(n, "supervisory_authority"))
    {
        a.supervisory_authority = url;
    }
    a.compliance = f.get("compliance").and_then(|n| {
        r.choice(
            n,
            "compliance",
            &[
                ("full", Compliance::Full),
                ("partial", Compliance::Partial),
                ("none", Compliance::None),
            ],
        )
    });
    if a.compliance == Some(Compliance::Full)
        && a.known_exceptions
            .iter()
            .any(|e| e.reason == ExceptionReason::NonCompliance)
        && let Some(pos) = f.key_pos("compliance")
    {
        r.warning(
            pos,
            "`compliance: full` but `known_exceptions` lists content that does not comply; \
             say `partial`",
        );
    }
    f.report_unknown(
        r,
        "`accessibility`",
        true,
        &[
            "service",
            "contact",
            "known_exceptions",
            "assessment",
            "assessed_by",
            "assessed",
            "updated",
            "last_review",
            "supervisory_authority",
            "compliance",
        ],
    );
    // Mistyped keys are errors already; "missing" would only repeat them.
    let missing = a.missing();
    let had_errors = r.diagnostics[problems_before..]
        .iter()
        .any(|d| d.severity == styrdok_core::diag::Severity::Error);
    if !missing.is_empty() && !had_errors {
        let names: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
        r.warning(
            node.pos,
            format!(
                "the accessibility statement lacks what DIGG requires: set {}",
                names.join(", ")
            ),
        );
    }
    a
}

fn read_contact(r: &mut Reader, n: &yaml::Node, a: &mut AccessibilityConfig) {
    let Some(mut cf) = r.mapping(n, "`accessibility.contact`") else {
        return;
    };
    a.email = cf.get("email").and_then(|n| r.text(n, "email"));
    a.phone = cf.get("phone").and_then(|n| r.text(n, "phone"));
    a.url = cf.get("url").and_then(|n| r.text(n, "url"));
    a.response_time = cf
        .get("response_time")
        .and_then(|n| r.text(n, "response_time"));
    cf.report_unknown(
        r,
        "`accessibility.contact`",
        true,
        &["email", "phone", "url", "response_time"],
    );
}

/// `known_exceptions`: each item text (content that does not comply) or a mapping
/// `{content, reason, explanation}`.
fn read_exceptions(r: &mut Reader, n: &yaml::Node) -> Vec<KnownException> {
    let yaml::Value::Seq(items) = &n.value else {
        r.error(
            n.pos,
            format!("`known_exceptions` must be a list, found {}", n.kind_name()),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        if !matches!(item.value, yaml::Value::Map(_)) {
            if let Some(content) = r.text(item, "known_exceptions") {
                out.push(KnownException {
                    content,
                    reason: ExceptionReason::NonCompliance,
                    explanation: None,
                });
            }
            continue;
        }
        let Some(mut f) = r.mapping(item, "an item of `known_exceptions`") else {
            continue;
        };
        let content = f.get("content").and_then(|n| r.text(n, "content"));
        let reason = match f.get("reason") {
            Some(n) => r.choice(
                n,
                "reason",
                &[
                    ("non_compliance", ExceptionReason::NonCompliance),
                    (
                        "disproportionate_burden",
                        ExceptionReason::DisproportionateBurden,
                    ),
                    ("out_of_scope", ExceptionReason::OutOfScope),
                ],
            ),
            None => Some(ExceptionReason::NonCompliance),
        };
        let explanation = f.get("explanation").and_then(|n| r.text(n, "explanation"));
        f.report_unknown(
            r,
            "an item of `known_exceptions`",
            true,
            &["content", "reason", "explanation"],
        );
        match (content, reason) {
            (Some(content), Some(reason)) => out.push(KnownException {
                content,
                reason,
                explanation,
            }),
            (None, _) => r.error(item.pos, "an item of `known_exceptions` needs `content`"),
            _ => {}
        }
    }
    out
}

fn read_responsibles(r: &mut Reader, node: &yaml::Node) -> Vec<ResponsibleConfig> {
    let Some(mut fields) = r.mapping(node, "`responsibles`") else {
        return Vec::new();
    };
    let mut out: Vec<ResponsibleConfig> = Vec::new();
    let mut seen: Vec<(String, At)> = Vec::new();
    for (name, _) in fields.unknown() {
        let Some(entry) = fields.entry(&name) else {
            continue;
        };
        let mut aliases = Vec::new();
        if !matches!(entry.value, yaml::Value::Null)
            && let Some(mut ef) = r.mapping(entry, &format!("`responsibles.{name}`"))
        {
            if let Some(a) = ef.get("aliases") {
                for (alias, at) in r.text_list(a, "aliases") {
                    if let Some((_, first)) = seen.iter().find(|(s, _)| *s == alias) {
                        r.error_at(
                                at,
                                format!(
                                    "`{alias}` is named twice among the responsibles (first at line {})",
                                    first.line
                                ),
                            );
                    }
                    seen.push((alias.clone(), at));
                    aliases.push(alias);
                }
            }
            ef.report_unknown(r, &format!("`responsibles.{name}`"), true, &["aliases"]);
        }
        out.push(ResponsibleConfig { name, aliases });
    }
    for c in &out {
        if c.aliases.contains(&c.name) {
            continue;
        }
        if out.iter().any(|o| o.aliases.contains(&c.name))
            && let Some(pos) = fields.key_pos(&c.name)
        {
            r.error(
                pos,
                format!("`{}` is both a responsible and another one's alias", c.name),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_everything_but_title() {
        let (c, warnings) = Config::parse("title: Hej\n").unwrap();
        // The one warning: nothing is said about accessibility unless the site says it.
        let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].starts_with("no `accessibility:` section"));
        assert_eq!(c.language, Language::Sv);
        assert_eq!(c.base_path, "/");
        assert_eq!(c.risk.scale, 5);
        assert_eq!(c.risk.highlight_from, 15);
        assert_eq!(c.control_objectives.len(), 5);
        assert!(c.areas.is_none());
        assert_eq!(
            c.history,
            HistoryConfig {
                enabled: true,
                entries: 5
            }
        );
    }

    #[test]
    fn page_size_is_configurable_and_checked() {
        assert_eq!(Config::parse("title: x\n").unwrap().0.page_size, 500);
        let (c, _) = Config::parse("title: x\npage_size: 20\n").unwrap();
        assert_eq!(c.page_size, 20);
        for (text, found) in [("0", "0"), ("-3", "-3"), ("200000", "200000")] {
            let err = Config::parse(&format!("title: x\npage_size: {text}\n")).unwrap_err();
            let lines: Vec<String> = err.iter().map(|d| d.headline()).collect();
            let want =
                format!("styrdok.yaml:2:12: error: `page_size` must be 1 to 100000, found {found}");
            assert!(lines.iter().any(|l| l.starts_with(&want)), "{lines:?}");
        }
        let err = Config::parse("title: x\npage_size: many\n").unwrap_err();
        let lines: Vec<String> = err.iter().map(|d| d.headline()).collect();
        let at = |l: &String| l.starts_with("styrdok.yaml:2:12: error:");
        assert!(lines.iter().any(at), "{lines:?}");
    }

    #[test]
    fn history_is_configurable_and_checked() {
        let (c, _) = Config::parse("title: x\nhistory:\n  entries: 2\n  enabled: false\n").unwrap();
        assert_eq!(
            c.history,
            HistoryConfig {
                enabled: false,
                entries: 2
            }
        );
        let err = Config::parse("title: x\nhistory:\n  entries: 500\n  entrys: 1\n").unwrap_err();
        let lines: Vec<String> = err.iter().map(|d| d.headline()).collect();
        assert!(
            lines
                .iter()
                .any(|l| l
                    .starts_with("styrdok.yaml:3:12: error: `history.entries` must be 0 to 100")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("styrdok.yaml:4:3: error: unknown key `entrys`")),
            "{lines:?}"
        );
    }

    #[test]
    fn base_path_is_normalised() {
        let (c, _) = Config::parse("title: x\nbase_path: styrdok\n").unwrap();
        assert_eq!(c.base_path, "/styrdok/");
    }

    #[test]
    fn unknown_keys_are_located_errors() {
        let err = Config::parse("title: x\nlanguag: sv\nrisk:\n  scael: 4\n").unwrap_err();
        let lines: Vec<String> = err.iter().map(|d| d.headline()).collect();
        assert!(lines.contains(
            &"styrdok.yaml:2:1: error: unknown key `languag` in styrdok.yaml (did you mean `language`?)".to_string()
        ), "{lines:?}");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("styrdok.yaml:4:3: error: unknown key `scael`")),
            "{lines:?}"
        );
    }

    #[test]
    fn empty_and_numeric_keys_do_not_panic() {
        let (c, _) =
            Config::parse("title: x\nresponsibles:\n  Regiondirektör:\n  5: {aliases: [fem]}\n")
                .unwrap();
        assert_eq!(c.responsibles.len(), 2);
        assert_eq!(c.responsibles[1].aliases, vec!["fem".to_string()]);
        let (c, _) = Config::parse("title: x\ncontrol_objectives:\n  1: Ett\n").unwrap();
        assert_eq!(
            c.control_objectives,
            vec![("1".to_string(), "Ett".to_string())]
        );
        assert!(Config::parse("title: x\ncontrol_objectives:\n  a:\n").is_ok());
    }

    #[test]
    fn scale_four_has_its_own_default_highlight() {
        let (c, _) = Config::parse("title: x\nrisk:\n  scale: 4\n").unwrap();
        assert_eq!(c.risk.highlight_from, 10);
    }
}
