//! iCalendar (RFC 5545) feeds: all-day events, CRLF line ends, lines folded at 75
//! octets without splitting a UTF-8 sequence, text values escaped. Nothing depends on
//! the clock: DTSTAMP is the build's `--today`, so two builds give the same bytes.

use super::{EventView, event_view, late_word};
use styrdok_core::text::Date;
use styrdok_graph::Site;
use styrdok_graph::calendar::{Event, What};
use styrdok_render::i18n::{self, Ui};
use styrdok_render::{FeedEntries, Renderer};

/// The longest a line may be, in octets, its CRLF not counted (RFC 5545 3.1).
const FOLD_AT: usize = 75;

/// An iCalendar text being written.
#[derive(Default)]
struct Ics {
    out: String,
}

impl Ics {
    /// A content line `NAME:VALUE` (the value already escaped where it is text), folded.
    fn line(&mut self, name: &str, value: &str) {
        let line = format!("{name}:{value}");
        let mut width = 0;
        for c in line.chars() {
            // A continuation line starts with a space, which counts.
            if width + c.len_utf8() > FOLD_AT {
                self.out.push_str("\r\n ");
                width = 1;
            }
            self.out.push(c);
            width += c.len_utf8();
        }
        self.out.push_str("\r\n");
    }

    fn text(&mut self, name: &str, value: &str) {
        self.line(name, &escape(value));
    }
}

/// A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon, comma, newline.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn ymd(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

/// The first day of the month after `d`'s.
fn next_month(d: Date) -> Date {
    match d.month {
        12 => Date {
            year: d.year + 1,
            month: 1,
            day: 1,
        },
        m => Date {
            year: d.year,
            month: m + 1,
            day: 1,
        },
    }
}

/// A feed named `name` of `events`; cycle entries recur yearly from their date.
pub fn feed(r: &Renderer, name: &str, events: &[Event]) -> Vec<u8> {
    let site = r.site;
    let mut ics = Ics::default();
    ics.line("BEGIN", "VCALENDAR");
    ics.line("VERSION", "2.0");
    ics.line("PRODID", "-//styrdok//styrdok//SV");
    ics.line("CALSCALE", "GREGORIAN");
    ics.line("METHOD", "PUBLISH");
    let title = format!("{} – {name}", site.config.title);
    ics.text("NAME", &title);
    ics.text("X-WR-CALNAME", &title);
    // Subscribed calendars are fetched again this often (RFC 7986 and Outlook's name).
    ics.line("REFRESH-INTERVAL;VALUE=DURATION", "PT12H");
    ics.line("X-PUBLISHED-TTL", "PT12H");
    let stamp = format!("{}T000000Z", ymd(site.options.today));
    // A document's events are written once and copied into every feed they are in.
    let kept: Vec<Option<&str>> = events
        .iter()
        .map(|event| {
            let entries = event
                .what
                .doc()
                .and_then(|d| r.feed_entries(d, || entries_of(site, d, &stamp)))?;
            let (_, text) = entries.iter().find(|(e, _)| e == event)?;
            Some(text.as_str())
        })
        .collect();
    // The site's feed is megabytes: grown by doubling, it was copied twice over. At
    // its size, the output takes it over as it is (`Output::write_owned`). Only from
    // kept entries: a one-off build keeps none, and a guess at 300,000 events' size
    // would overshoot at 100,000 documents.
    let kept_size: usize = kept.iter().flatten().map(|t| t.len()).sum();
    if kept_size > 0 {
        let written_now = kept.iter().filter(|k| k.is_none()).count() * 512;
        ics.out.reserve(kept_size + written_now + 64);
    }
    for (event, kept) in events.iter().zip(kept) {
        match kept {
            Some(text) => ics.out.push_str(text),
            None => write_event(&mut ics, site, event, &event_view(site, event), &stamp),
        }
    }
    ics.line("END", "VCALENDAR");
    ics.out.into_bytes()
}

/// Document `d`'s events, each with its text in a feed.
fn entries_of(site: &Site, d: usize, stamp: &str) -> FeedEntries {
    site.events_of(d)
        .into_iter()
        .map(|event| {
            let mut text = Ics::default();
            write_event(&mut text, site, &event, &event_view(site, &event), stamp);
            (event, text.out)
        })
        .collect()
}

fn write_event(ics: &mut Ics, site: &Site, event: &Event, v: &EventView, stamp: &str) {
    ics.line("BEGIN", "VEVENT");
    ics.text("UID", &v.uid);
    ics.line("DTSTAMP", stamp);
    ics.line("DTSTART;VALUE=DATE", &ymd(event.date));
    let end = if v.whole_month {
        next_month(event.date)
    } else {
        event.date.add_days(1)
    };
    ics.line("DTEND;VALUE=DATE", &ymd(end));
    if matches!(event.what, What::Cycle(_)) {
        ics.line("RRULE", "FREQ=YEARLY");
    }
    ics.text("SUMMARY", &v.summary());
    ics.text("DESCRIPTION", &description(site, v));
    ics.text("CATEGORIES", v.kind_label);
    let url = site.absolute(&v.href);
    ics.line("URL", &url);
    // A deadline is a day to know of, not time taken: it never shows the reader busy.
    ics.line("TRANSP", "TRANSPARENT");
    if v.cancelled {
        ics.line("STATUS", "CANCELLED");
    }
    ics.line("END", "VEVENT");
}

/// What a calendar shows under the summary: the text, the document, who, the status,
/// "Försenad" when late, and the link (some clients show no URL property).
fn description(site: &Site, v: &EventView) -> String {
    let lang = site.lang();
    let mut lines = Vec::new();
    if let Some(d) = &v.description {
        lines.push(d.clone());
    }
    // A document's own events name it in their summary already.
    if let ("action" | "activity", Some(title), Some(id)) = (v.kind, &v.doc_title, &v.doc_id) {
        lines.push(format!("{}: {title} ({id})", i18n::get(lang, Ui::Document)));
    }
    if !v.responsibles.is_empty() {
        let names: Vec<&str> = v.responsibles.iter().map(|r| r.name.as_str()).collect();
        lines.push(format!(
            "{}: {}",
            i18n::get(lang, Ui::Responsible),
            names.join(", ")
        ));
    }
    if let Some(status) = v.status_label {
        lines.push(format!("{}: {status}", i18n::get(lang, Ui::Status)));
    }
    if v.late {
        lines.push(late_word(site).to_string());
    }
    if v.expired {
        lines.push(i18n::get(lang, Ui::ExpiredBanner).to_string());
    }
    lines.push(site.absolute(&v.href));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets_without_splitting_a_character() {
        let mut ics = Ics::default();
        let long = "å".repeat(100);
        ics.line("SUMMARY", &long);
        for line in ics.out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= FOLD_AT, "{} octets: {line}", line.len());
        }
        let unfolded = ics.out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{long}\r\n"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
