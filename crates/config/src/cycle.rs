//! `cycle:` — the recurring deadlines of the annual cycle (årshjul) that no document
//! holds ("Delårsrapport, 31 augusti"), and `base_url`, the site's absolute address
//! that calendar feeds and the `due` report link with.

use styrdok_core::diag::At;
use styrdok_core::text::{days_in_month, slug};
use styrdok_core::yaml::{self, fields::Reader};

/// One recurring deadline: every year in `month`, on `day` or (without one) during the
/// whole month.
#[derive(Clone, Debug, PartialEq)]
pub struct CycleEntry {
    pub title: String,
    /// 1–12.
    pub month: u8,
    pub day: Option<u8>,
    pub description: Option<String>,
    pub responsible: Option<String>,
    /// Where the entry is written in styrdok.yaml (`due` reports it).
    pub at: At,
}

impl CycleEntry {
    /// A key of its own, for its anchor and its calendar UID: the title's slug, and the
    /// month (two entries may share a title in different months).
    pub fn key(&self) -> String {
        format!("{}-{}", slug(&self.title), self.month)
    }
}

const MONTHS: [[&str; 2]; 12] = [
    ["januari", "january"],
    ["februari", "february"],
    ["mars", "march"],
    ["april", "april"],
    ["maj", "may"],
    ["juni", "june"],
    ["juli", "july"],
    ["augusti", "august"],
    ["september", "september"],
    ["oktober", "october"],
    ["november", "november"],
    ["december", "december"],
];

/// `cycle:`, a list of `{title, month, day, description, responsible}`.
pub fn read_cycle(r: &mut Reader, node: &yaml::Node) -> Vec<CycleEntry> {
    let yaml::Value::Seq(items) = &node.value else {
        if !matches!(node.value, yaml::Value::Null) {
            r.error(
                node.pos,
                format!(
                    "`cycle` must be a list of deadlines (`- title: …` with `month:`), found {}",
                    node.kind_name()
                ),
            );
        }
        return Vec::new();
    };
    let mut out: Vec<CycleEntry> = Vec::new();
    for item in items {
        let Some(entry) = read_entry(r, item) else {
            continue;
        };
        if let Some(first) = out.iter().find(|e| e.key() == entry.key()) {
            let line = first.at.line;
            r.error_at(
                entry.at,
                format!(
                    "`{}` is in `cycle` twice in the same month (first at line {line})",
                    entry.title
                ),
            );
            continue;
        }
        out.push(entry);
    }
    out
}

fn read_entry(r: &mut Reader, item: &yaml::Node) -> Option<CycleEntry> {
    let at = r.at(item.pos);
    let mut f = r.mapping(item, "an item of `cycle`")?;
    let title = f.get("title").and_then(|n| r.text(n, "cycle.title"));
    let month = match f.get("month") {
        Some(n) => read_month(r, n),
        None => None,
    };
    let day_node = f.get("day");
    let day = day_node.and_then(|n| r.integer(n, "cycle.day"));
    let description = f
        .get("description")
        .and_then(|n| r.text(n, "cycle.description"));
    let responsible = f
        .get("responsible")
        .and_then(|n| r.text(n, "cycle.responsible"));
    f.report_unknown(
        r,
        "an item of `cycle`",
        true,
        &["title", "month", "day", "description", "responsible"],
    );
    if title.is_none() {
        r.error(item.pos, "an item of `cycle` needs `title`");
    }
    if f.key_pos("month").is_none() {
        r.error(
            item.pos,
            "an item of `cycle` needs `month` (1–12 or a month's name)",
        );
    }
    let (title, month) = (title?, month?);
    let day = match (day, day_node) {
        (Some(d), Some(n)) => Some(check_day(r, n, month, d)?),
        _ => None,
    };
    Some(CycleEntry {
        title,
        month,
        day,
        description,
        responsible,
        at,
    })
}

/// A month as 1–12 or its name in Swedish or English ("augusti", "August").
fn read_month(r: &mut Reader, n: &yaml::Node) -> Option<u8> {
    if let yaml::Value::Int(m) = n.value {
        if (1..=12).contains(&m) {
            return Some(m as u8);
        }
        r.error(n.pos, format!("`cycle.month` must be 1 to 12, found {m}"));
        return None;
    }
    let text = r.text(n, "cycle.month")?;
    let lower = text.to_lowercase();
    let found = MONTHS
        .iter()
        .position(|names| names.contains(&lower.as_str()))
        .or_else(|| {
            lower
                .parse::<usize>()
                .ok()
                .filter(|m| (1..=12).contains(m))
                .map(|m| m - 1)
        });
    if found.is_none() {
        r.error(
            n.pos,
            format!(
                "`cycle.month` must be 1 to 12 or a month's name such as `augusti`, found `{text}`"
            ),
        );
    }
    found.map(|i| i as u8 + 1)
}

/// A day that every year's `month` has: 29 February is refused, since a deadline on
/// it would fall in leap years only.
fn check_day(r: &mut Reader, n: &yaml::Node, month: u8, day: i64) -> Option<u8> {
    // 2001 is no leap year: February has 28 days.
    let last = days_in_month(2001, month) as i64;
    if (1..=last).contains(&day) {
        return Some(day as u8);
    }
    let hint = if month == 2 && day == 29 {
        " (29 February is only in leap years; write 28)"
    } else {
        ""
    };
    r.error(
        n.pos,
        format!(
            "`cycle.day` must be 1 to {last} in {}, found {day}{hint}",
            MONTHS[month as usize - 1][0]
        ),
    );
    None
}

/// `base_url` split into its origin (`https://intranat.example.se`, which links are made
/// absolute with) and its path (`/styrdok/`, which must agree with `base_path`); `None`
/// with an error when it is no http(s) address.
pub fn split_base_url(r: &mut Reader, n: &yaml::Node) -> Option<(String, String)> {
    let text = r.text(n, "base_url")?;
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    let valid = rest.is_some_and(|rest| {
        let host = rest.split('/').next().unwrap_or("");
        !host.is_empty() && !text.contains(['?', '#', ' ', '\\'])
    });
    let Some(rest) = rest.filter(|_| valid) else {
        r.error(
            n.pos,
            format!(
                "`base_url` must be the site's address, such as https://intranat.example.se/styrdok/, found `{text}`"
            ),
        );
        return None;
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let origin = format!("{}{host}", &text[..text.len() - rest.len()]);
    let path = format!("/{}/", path.trim_matches('/')).replace("//", "/");
    Some((origin, path))
}

#[cfg(test)]
mod tests {
    use crate::Config;

    fn errors(yaml: &str) -> Vec<String> {
        Config::parse(yaml)
            .unwrap_err()
            .iter()
            .map(|d| d.headline())
            .collect()
    }

    #[test]
    fn cycle_entries_by_number_or_name() {
        let (c, _) = Config::parse(
            "title: x\ncycle:\n  - title: Delårsrapport\n    month: 8\n    day: 31\n  - title: Internkontrollplan antas\n    month: december\n    responsible: Regiondirektör\n",
        )
        .unwrap();
        assert_eq!(c.cycle.len(), 2);
        assert_eq!((c.cycle[0].month, c.cycle[0].day), (8, Some(31)));
        assert_eq!(c.cycle[0].at.line, 3);
        assert_eq!((c.cycle[1].month, c.cycle[1].day), (12, None));
        assert_eq!(c.cycle[1].responsible.as_deref(), Some("Regiondirektör"));
    }

    #[test]
    fn bad_cycle_entries_are_located_errors() {
        let lines = errors(
            "title: x\ncycle:\n  - title: A\n    month: 13\n  - title: B\n    month: 2\n    day: 29\n  - month: mars\n  - title: C\n    month: juno\n    dag: 3\n  - title: A\n    month: 4\n  - title: A\n    month: 4\n",
        );
        let expect = [
            "styrdok.yaml:4:12: error: `cycle.month` must be 1 to 12, found 13",
            "styrdok.yaml:7:10: error: `cycle.day` must be 1 to 28 in februari, found 29 (29 February is only in leap years; write 28)",
            "styrdok.yaml:8:5: error: an item of `cycle` needs `title`",
            "styrdok.yaml:10:12: error: `cycle.month` must be 1 to 12 or a month's name such as `augusti`, found `juno`",
            "styrdok.yaml:11:5: error: unknown key `dag`",
            "styrdok.yaml:14:5: error: `A` is in `cycle` twice in the same month (first at line 12)",
        ];
        for e in expect {
            assert!(lines.iter().any(|l| l.starts_with(e)), "{e}\n{lines:#?}");
        }
        let lines = errors("title: x\ncycle: Delårsrapport\n");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("styrdok.yaml:2:8: error: `cycle` must be a list")),
            "{lines:?}"
        );
    }

    #[test]
    fn base_url_gives_the_origin_and_the_base_path() {
        let (c, _) =
            Config::parse("title: x\nbase_url: https://intra.example.se/styrdok\n").unwrap();
        assert_eq!(c.base_url.as_deref(), Some("https://intra.example.se"));
        assert_eq!(c.base_path, "/styrdok/");
        let (c, _) =
            Config::parse("title: x\nbase_url: http://intra:8080/\nbase_path: /a/\n").unwrap();
        assert_eq!(c.base_url.as_deref(), Some("http://intra:8080"));
        assert_eq!(c.base_path, "/a/");
        let lines = errors("title: x\nbase_path: /a/\nbase_url: https://x.se/b/\n");
        assert!(
            lines[0].starts_with("styrdok.yaml:3:11: error: `base_url` ends in the path /b/"),
            "{lines:?}"
        );
        let lines = errors("title: x\nbase_url: intra.example.se\n");
        assert!(
            lines[0].starts_with("styrdok.yaml:2:11: error: `base_url` must be the site's address"),
            "{lines:?}"
        );
    }
}
