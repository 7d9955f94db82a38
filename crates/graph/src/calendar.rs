//! The annual cycle: every dated thing of the published site — actions and activities
//! with `due`, documents' `review_by` and `valid_until`, board cases' `meeting` — and
//! the recurring deadlines of `cycle:`. The calendar feeds, the årshjul page and the
//! `due` report all read it from here, so they agree on what is dated and overdue.
//! Only published documents count: nothing of a restricted document or an unpublished
//! draft is ever an event.

use super::Site;
use super::index::RecordRef;
use styrdok_core::model::{RecordKind, Status};
use styrdok_core::text::Date;

/// What an event is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum What {
    /// A document's `meeting` (a board case's meeting).
    Meeting(usize),
    /// An action or activity with `due`.
    Record(RecordRef),
    /// A document's `review_by`.
    Review(usize),
    /// A document's `valid_until`.
    Expiry(usize),
    /// An entry of `cycle:`, by its position there.
    Cycle(usize),
}

impl What {
    /// The document it belongs to; none for a cycle entry.
    pub fn doc(self) -> Option<usize> {
        match self {
            What::Meeting(d) | What::Review(d) | What::Expiry(d) | What::Record((d, _)) => Some(d),
            What::Cycle(_) => None,
        }
    }

    /// The same thing of document `doc` (the document's new number, when another one
    /// came or went before it); a cycle entry stays as it is.
    pub fn of_doc(self, doc: usize) -> What {
        match self {
            What::Meeting(_) => What::Meeting(doc),
            What::Review(_) => What::Review(doc),
            What::Expiry(_) => What::Expiry(doc),
            What::Record((_, r)) => What::Record((doc, r)),
            What::Cycle(i) => What::Cycle(i),
        }
    }

    /// A stable name of the kind (JSON, CSS classes, calendar categories).
    pub fn key(self) -> &'static str {
        match self {
            What::Meeting(_) => "meeting",
            What::Record(_) => "record",
            What::Review(_) => "review",
            What::Expiry(_) => "expiry",
            What::Cycle(_) => "cycle",
        }
    }
}

/// One dated thing. A cycle entry without a day is dated the first of its month and
/// lasts the whole month (`Site::whole_month`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Event {
    pub date: Date,
    pub what: What,
}

impl Event {
    /// The same event of document `doc` (see `What::of_doc`).
    pub fn of_doc(self, doc: usize) -> Event {
        Event {
            what: self.what.of_doc(doc),
            ..self
        }
    }
}

impl Site {
    /// Every dated thing of the published site, the cycle entries in `year`, in date order.
    pub fn calendar(&self, year: i32) -> Vec<Event> {
        let mut events = Vec::new();
        for (d, doc) in self.published_docs() {
            events.extend(self.doc_events(d));
            for r in 0..doc.records.len() {
                events.extend(self.record_event((d, r)));
            }
        }
        events.extend((0..self.config.cycle.len()).map(|i| self.cycle_event(i, year)));
        // Events equal in order are the same event, so an unstable sort gives the stable
        // one's order (the site's 60,000 events are sorted twice an edit).
        events.sort_unstable();
        events
    }

    /// The dated things of some documents and records (a responsible's or an area's),
    /// with the cycle entries of `responsible` in `year`, in date order.
    pub fn calendar_of(
        &self,
        docs: &[usize],
        records: &[RecordRef],
        responsible: Option<&str>,
        year: i32,
    ) -> Vec<Event> {
        let mut events: Vec<Event> = docs.iter().flat_map(|&d| self.doc_events(d)).collect();
        events.extend(records.iter().filter_map(|&r| self.record_event(r)));
        if let Some(name) = responsible {
            for (i, entry) in self.config.cycle.iter().enumerate() {
                if entry
                    .responsible
                    .as_deref()
                    .is_some_and(|r| self.canonical_responsible(r) == name)
                {
                    events.push(self.cycle_event(i, year));
                }
            }
        }
        events.sort_unstable();
        events.dedup();
        events
    }

    /// Every event of document `d`: its own (`doc_events`), then its records'.
    pub fn events_of(&self, d: usize) -> Vec<Event> {
        let records = (0..self.docs[d].records.len()).filter_map(|r| self.record_event((d, r)));
        let mut events = self.doc_events(d);
        events.extend(records);
        events
    }

    /// A published action or activity with `due`, as an event.
    pub fn record_event(&self, (d, r): RecordRef) -> Option<Event> {
        let rec = self.docs[d].records.get(r)?;
        let followed = matches!(rec.kind, RecordKind::Action | RecordKind::Activity);
        (self.published[d] && followed).then_some(Event {
            date: rec.due?,
            what: What::Record((d, r)),
        })
    }

    /// A published document's meeting, review and expiry. A superseded or repealed
    /// document is reviewed no more and its validity no longer matters: only its
    /// meeting stays.
    pub fn doc_events(&self, d: usize) -> Vec<Event> {
        if !self.published[d] {
            return Vec::new();
        }
        let meta = &self.docs[d].meta;
        let current = !matches!(meta.status, Status::Superseded | Status::Repealed);
        let mut events = Vec::new();
        let mut add = |date: Option<Date>, what: What| {
            events.extend(date.map(|date| Event { date, what }));
        };
        add(meta.meeting, What::Meeting(d));
        if current {
            add(meta.review_by, What::Review(d));
            add(meta.valid_until, What::Expiry(d));
        }
        events
    }

    /// Cycle entry `i` in `year`.
    pub fn cycle_event(&self, i: usize, year: i32) -> Event {
        let entry = &self.config.cycle[i];
        Event {
            date: Date {
                year,
                month: entry.month,
                day: entry.day.unwrap_or(1),
            },
            what: What::Cycle(i),
        }
    }

    /// Whether the event is a cycle entry that lasts its whole month.
    pub fn whole_month(&self, e: &Event) -> bool {
        matches!(e.what, What::Cycle(i) if self.config.cycle[i].day.is_none())
    }

    /// Whether something should have been done by now: an action or activity past due
    /// and not closed, a review date passed while the document is still valid. An
    /// expiry or a meeting is a fact, not a task; a cycle entry comes round again.
    pub fn is_late(&self, e: &Event) -> bool {
        let today = self.options.today;
        match e.what {
            What::Record((d, r)) => self.docs[d].records[r].is_overdue(today),
            What::Review(d) => {
                e.date < today && self.docs[d].meta.valid_until.is_none_or(|v| v >= today)
            }
            What::Expiry(_) | What::Meeting(_) | What::Cycle(_) => false,
        }
    }

    /// Who an event concerns, canonical names (aliases merged), in the order written:
    /// a record's responsibles, a document's owner, a cycle entry's responsible.
    pub fn event_responsibles(&self, e: &Event) -> Vec<String> {
        let mut names: Vec<String> = match e.what {
            What::Record((d, r)) => self.docs[d].records[r]
                .responsible
                .iter()
                .map(|p| self.canonical_responsible(&p.name).to_string())
                .collect(),
            What::Meeting(d) | What::Review(d) | What::Expiry(d) => self.docs[d]
                .meta
                .owner
                .iter()
                .map(|o| self.canonical_responsible(&o.value).to_string())
                .collect(),
            What::Cycle(i) => self.config.cycle[i]
                .responsible
                .iter()
                .map(|r| self.canonical_responsible(r).to_string())
                .collect(),
        };
        let mut seen = std::collections::HashSet::new();
        names.retain(|n| seen.insert(n.clone()));
        names
    }
}
