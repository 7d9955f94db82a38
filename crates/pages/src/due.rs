//! `styrdok due`: what is overdue and what falls due within some days, grouped by
//! responsible (aliases merged), each item with its document, `PATH:LINE`, date and
//! URL — for a scheduled pipeline to post as an issue (docs/workflow.md). Made from
//! the published site only, like every page: restricted documents and unpublished
//! drafts never appear. The json format is documented in docs/due.md.

use crate::calendar::{EventView, event_view};
use serde::Serialize;
use styrdok_core::text::{Date, collate, days_in_month};
use styrdok_graph::Site;
use styrdok_graph::calendar::{Event, What};
use styrdok_render::i18n::{self, Ui};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DueFormat {
    Human,
    Json,
    Markdown,
}

impl DueFormat {
    pub const NAMES: [(&'static str, DueFormat); 3] = [
        ("human", DueFormat::Human),
        ("json", DueFormat::Json),
        ("markdown", DueFormat::Markdown),
    ];

    pub fn parse(s: &str) -> Option<DueFormat> {
        DueFormat::NAMES
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, f)| *f)
    }
}

/// One thing to do.
#[derive(Serialize, Debug)]
pub struct DueItem {
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub id: Option<String>,
    pub text: String,
    pub document: Option<DocRef>,
    pub path: String,
    pub line: u32,
    /// The date it is due; a cycle entry without a day is due by its month's last day.
    pub due: String,
    pub whole_month: bool,
    /// Days from today to `due`, negative when it has passed.
    pub days: i64,
    pub overdue: bool,
    pub status: Option<&'static str>,
    pub url: String,
}

#[derive(Serialize, Debug)]
pub struct DocRef {
    pub id: String,
    pub title: String,
    pub url: String,
}

/// The items of one responsible; `responsible` is none for items no one is named for.
#[derive(Serialize, Debug)]
pub struct DueGroup {
    pub responsible: Option<String>,
    pub url: Option<String>,
    pub items: Vec<DueItem>,
}

#[derive(Serialize, Debug)]
pub struct DueReport {
    pub today: String,
    pub within: u32,
    pub until: String,
    pub groups: Vec<DueGroup>,
}

/// The day an event is due by: its date, or a whole-month entry's last day.
fn due_by(site: &Site, e: &Event) -> Date {
    if site.whole_month(e) {
        Date {
            day: days_in_month(e.date.year, e.date.month),
            ..e.date
        }
    } else {
        e.date
    }
}

/// Whether `e` belongs in the report: late, or due from today to `until` and not done.
fn wanted(site: &Site, e: &Event, until: Date) -> bool {
    if site.is_late(e) {
        return true;
    }
    let due = due_by(site, e);
    let closed = match e.what {
        What::Record((d, r)) => site.docs[d].records[r]
            .status
            .is_some_and(|s| s.is_closed()),
        _ => false,
    };
    !closed && due >= site.options.today && due <= until
}

/// What is overdue, and due within `within` days, by responsible.
pub fn report(site: &Site, within: u32) -> DueReport {
    let today = site.options.today;
    let until = today.add_days(within as i64);
    let mut events = site.calendar(today.year);
    // A window that crosses the new year meets next year's cycle entries.
    events.extend((0..site.config.cycle.len()).map(|i| site.cycle_event(i, today.year + 1)));
    events.retain(|e| wanted(site, e, until));
    events.sort_by_key(|e| (due_by(site, e), *e));
    let mut groups: Vec<DueGroup> = Vec::new();
    for e in &events {
        let names = site.event_responsibles(e);
        let names = if names.is_empty() {
            vec![None]
        } else {
            names.into_iter().map(Some).collect()
        };
        for name in names {
            let at = match groups.iter().position(|g| g.responsible == name) {
                Some(at) => at,
                None => {
                    let url = name.as_deref().and_then(|n| site.responsible_url(n));
                    let url = url.map(|u| site.absolute(&u));
                    groups.push(DueGroup {
                        responsible: name,
                        url,
                        items: Vec::new(),
                    });
                    groups.len() - 1
                }
            };
            groups[at].items.push(item(site, e));
        }
    }
    let swedish = site.lang().is_swedish();
    // By name, the items no one is named for last.
    groups.sort_by(|a, b| match (&a.responsible, &b.responsible) {
        (Some(x), Some(y)) => collate(x, y, swedish),
        (x, y) => x.is_none().cmp(&y.is_none()),
    });
    DueReport {
        today: today.iso(),
        within,
        until: until.iso(),
        groups,
    }
}

fn item(site: &Site, e: &Event) -> DueItem {
    let v: EventView = event_view(site, e);
    let due = due_by(site, e);
    let document = match (v.doc_id, v.doc_title, v.doc_url) {
        (Some(id), Some(title), Some(url)) => Some(DocRef {
            id,
            title,
            url: site.absolute(&url),
        }),
        _ => None,
    };
    DueItem {
        kind: v.kind,
        kind_label: v.kind_label,
        id: v.id,
        text: v.text,
        document,
        path: v.source,
        line: v.line,
        due: due.iso(),
        whole_month: v.whole_month,
        days: due.days_since_epoch() - site.options.today.days_since_epoch(),
        overdue: v.late,
        status: v.status_label,
        url: site.absolute(&v.href),
    }
}

/// The report in `format`.
pub fn render(site: &Site, report: &DueReport, format: DueFormat) -> String {
    match format {
        DueFormat::Json => {
            let mut json = serde_json::to_string_pretty(report).unwrap_or_default();
            json.push('\n');
            json
        }
        DueFormat::Human => human(site, report),
        DueFormat::Markdown => markdown(site, report),
    }
}

fn title(site: &Site, report: &DueReport) -> String {
    i18n::get(site.lang(), Ui::DueTitle)
        .replace("{today}", &report.today)
        .replace("{days}", &report.within.to_string())
}

fn nothing(site: &Site, report: &DueReport) -> String {
    i18n::get(site.lang(), Ui::DueNothing).replace("{days}", &report.within.to_string())
}

fn group_name(site: &Site, g: &DueGroup) -> String {
    g.responsible
        .clone()
        .unwrap_or_else(|| i18n::get(site.lang(), Ui::NoResponsible).to_string())
}

/// "2025-08-31", or "december 2025" for a whole month.
fn when(site: &Site, item: &DueItem) -> String {
    match Date::parse(&item.due) {
        Some(d) if item.whole_month => i18n::format_month(site.lang(), d.year, d.month),
        _ => item.due.clone(),
    }
}

/// "Åtgärd 3: Utbilda personalen" (kind, id, text).
fn headline(item: &DueItem) -> String {
    match &item.id {
        Some(id) => format!("{} {id}: {}", item.kind_label, item.text),
        None => format!("{}: {}", item.kind_label, item.text),
    }
}

fn human(site: &Site, report: &DueReport) -> String {
    let mut out = format!("{}\n", title(site, report));
    if report.groups.is_empty() {
        out.push_str(&format!("\n{}\n", nothing(site, report)));
    }
    let late = i18n::get(site.lang(), Ui::Overdue);
    for g in &report.groups {
        out.push_str(&format!("\n{}\n", group_name(site, g)));
        for item in &g.items {
            let mark = if item.overdue { late } else { "" };
            let doc = match &item.document {
                Some(d) if !matches!(item.kind, "meeting" | "review" | "expiry") => {
                    format!(" ({})", d.title)
                }
                _ => String::new(),
            };
            out.push_str(&format!(
                "  {:<12} {:<9} {}{doc}\n  {:<12} {}:{}  {}\n",
                when(site, item),
                mark,
                headline(item),
                "",
                item.path,
                item.line,
                item.url
            ));
        }
    }
    out
}

/// A table cell's text: pipes and line breaks would break the table.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn markdown(site: &Site, report: &DueReport) -> String {
    let lang = site.lang();
    let mut out = format!("# {}\n", cell(&title(site, report)));
    if report.groups.is_empty() {
        out.push_str(&format!("\n{}\n", nothing(site, report)));
    }
    let header = format!(
        "| {} | {} | {} | {} | {} |\n| --- | --- | --- | --- | --- |\n",
        i18n::get(lang, Ui::Due),
        i18n::get(lang, Ui::CalendarEvent),
        i18n::get(lang, Ui::Document),
        i18n::get(lang, Ui::Source),
        i18n::get(lang, Ui::Status),
    );
    for g in &report.groups {
        out.push_str(&format!("\n## {}\n\n{header}", cell(&group_name(site, g))));
        for item in &g.items {
            let doc = match &item.document {
                Some(d) => format!("[{}]({})", cell(&d.title), d.url),
                None => "–".to_string(),
            };
            let mut status: Vec<String> = Vec::new();
            if item.overdue {
                status.push(format!("**{}**", i18n::get(lang, Ui::Overdue)));
            }
            status.extend(item.status.map(str::to_string));
            out.push_str(&format!(
                "| {} | [{}]({}) | {doc} | `{}:{}` | {} |\n",
                when(site, item),
                cell(&headline(item)),
                item.url,
                item.path,
                item.line,
                status.join(" · ")
            ));
        }
    }
    out
}
