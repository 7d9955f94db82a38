//! The årshjul page — month by month through the year of `--today` and the next, a
//! table per month — and the calendar feeds: the whole site's, each responsible's
//! (aliases merged, their owned documents' dates too) and each area's.

use super::{cycle_anchor, event_view, ics};
use minijinja::{Value, context};
use serde::Serialize;
use styrdok_core::diag::Diagnostic;
use styrdok_graph::calendar::Event;
use styrdok_graph::{Route, Site};
use styrdok_render::Renderer;
use styrdok_render::deps::Dep;
use styrdok_render::i18n::{self, Ui};
use styrdok_render::rows::Row;

use crate::spec::{Page, Plan};

#[derive(Serialize)]
struct MonthView {
    /// Its anchor, `2025-08`.
    id: String,
    title: String,
    caption: String,
    events: Vec<Value>,
}

#[derive(Serialize)]
struct YearView {
    year: i32,
    months: Vec<MonthView>,
}

/// A cycle entry as the page's list of recurring deadlines shows it.
#[derive(Serialize)]
struct CycleView {
    anchor: String,
    title: String,
    /// "31 augusti", "december".
    when: String,
    description: Option<String>,
    responsible: Option<String>,
    responsible_url: Option<String>,
}

/// A calendar feed as a page links to it.
#[derive(Serialize)]
pub struct FeedView {
    pub href: String,
    /// Its address with `base_url`, to copy; none without one.
    pub address: Option<String>,
    pub label: String,
}

/// The feed beside the page at `route` (the årshjul, a responsible's, an area's), for
/// `name`; none for other pages.
pub fn feed_view(site: &Site, route: &Route, name: Option<&str>) -> Option<FeedView> {
    let href = site.href(&route.feed_file()?);
    let lang = site.lang();
    let label = match name {
        Some(name) => i18n::get(lang, Ui::FeedLink).replace("{name}", name),
        None => i18n::get(lang, Ui::FeedSiteLink).to_string(),
    };
    Some(FeedView {
        address: site.config.base_url.as_ref().map(|_| site.absolute(&href)),
        href,
        label,
    })
}

/// The årshjul page and every feed.
pub fn plan<'a>(r: &Renderer<'a>, plan: &mut Plan<'a>) {
    let site = r.site;
    let year = site.options.today.year;
    plan.page(Route::Calendar, vec![Dep::Calendar], page);
    let whole = move |s: &Site| {
        let name = i18n::get(s.lang(), Ui::Calendar).to_string();
        (name, s.calendar(year))
    };
    feed(plan, Route::Calendar, vec![Dep::Calendar], Box::new(whole));
    for p in &site.indexes.responsibles {
        let keys = vec![Dep::ResponsibleCalendar(p.name.clone())];
        let events = move |s: &Site| {
            let events = s.calendar_of(&p.owned, &p.records, Some(&p.name), year);
            (p.name.clone(), events)
        };
        feed(plan, Route::Responsible(&p.slug), keys, Box::new(events));
    }
    for a in &site.indexes.areas {
        let keys = vec![Dep::AreaCalendar(a.name.clone())];
        let events = move |s: &Site| {
            (
                a.name.clone(),
                s.calendar_of(&a.docs, &a.records, None, year),
            )
        };
        feed(plan, Route::Area(&a.slug), keys, Box::new(events));
    }
}

/// The feed beside the page at `route`, reading `keys`.
fn feed<'a>(plan: &mut Plan<'a>, route: Route<'a>, keys: Vec<Dep>, events: EventsOf<'a>) {
    if let Some(path) = route.feed_file() {
        plan.file(path, keys, move |r| {
            let (name, events) = events(r.site);
            Ok(ics::feed(r, &name, &events))
        });
    }
}

/// A feed's name and events, made when the feed is.
type EventsOf<'a> = Box<dyn FnOnce(&Site) -> (String, Vec<Event>) + Send + 'a>;

/// The events of the year of `--today` and the next, cycle entries in both.
fn two_years(site: &Site) -> Vec<Event> {
    let year = site.options.today.year;
    let mut events: Vec<Event> = site
        .calendar(year)
        .into_iter()
        .filter(|e| in_two_years(site, e))
        .collect();
    events.extend((0..site.config.cycle.len()).map(|i| site.cycle_event(i, year + 1)));
    events.sort();
    events
}

fn page(r: &Renderer) -> Result<Page, Diagnostic> {
    let site = r.site;
    let lang = site.lang();
    let year = site.options.today.year;
    // In date order, so each month's events are the next run (a partition per month
    // moved every later event 24 times).
    let views: Vec<(Event, Value)> = two_years(site)
        .into_iter()
        .map(|e| Ok((e, shown_event(r, &e)?)))
        .collect::<Result<_, Diagnostic>>()?;
    let mut views = views.into_iter().peekable();
    let years: Vec<YearView> = [year, year + 1]
        .into_iter()
        .map(|y| YearView {
            year: y,
            months: (1..=12u8)
                .map(|m| {
                    let in_month = |(e, _): &(Event, Value)| (e.date.year, e.date.month) == (y, m);
                    let of_month = std::iter::from_fn(|| views.next_if(in_month)).collect();
                    month_view(site, y, m, of_month)
                })
                .collect(),
        })
        .collect();
    let intro = i18n::get(lang, Ui::CalendarIntro)
        .replace("{from}", &year.to_string())
        .replace("{to}", &(year + 1).to_string());
    let values = context! {
        intro,
        years => Value::from_serialize(&years),
        cycle => Value::from_serialize(cycle_views(site)),
        feed => Value::from_serialize(feed_view(site, &Route::Calendar, None)),
        followup_url => site.href(&Route::Followup.path()),
    };
    Ok(Page::new(i18n::get(lang, Ui::Calendar), values))
}

/// `event`'s template value on the page, with its table row (`calendar-row.html`) as
/// `row`: a document's are made once and kept for the next render (`serve`), as its
/// feed entries are (the template over 2,500 events took 12 ms of each edit).
fn shown_event(r: &Renderer, event: &Event) -> Result<Value, Diagnostic> {
    let site = r.site;
    // One that fails is left out, and made again below for its error.
    let made = |d: usize| {
        site.events_of(d)
            .into_iter()
            .filter(|e| in_two_years(site, e))
            .filter_map(|e| Some((e, event_value(r, &e).ok()?)))
            .collect()
    };
    let kept = event.what.doc().and_then(|d| r.event_views(d, || made(d)));
    match kept.and_then(|views| views.iter().find(|(e, _)| e == event)) {
        Some((_, value)) => Ok(value.clone()),
        None => event_value(r, event),
    }
}

/// `event`'s view with its rendered row.
fn event_value(r: &Renderer, event: &Event) -> Result<Value, Diagnostic> {
    let view = Value::from_serialize(event_view(r.site, event));
    let row = r.fragment("calendar-row.html", context! { e => view.clone() })?;
    Ok(Row::new(row, view).value)
}

/// Whether `e` falls in the page's years: that of `--today` and the next.
fn in_two_years(site: &Site, e: &Event) -> bool {
    let year = site.options.today.year;
    e.date.year == year || e.date.year == year + 1
}

fn month_view(site: &Site, year: i32, month: u8, events: Vec<(Event, Value)>) -> MonthView {
    let title = i18n::format_month(site.lang(), year, month);
    MonthView {
        id: format!("{year:04}-{month:02}"),
        caption: i18n::get(site.lang(), Ui::CalendarEvents).replace("{month}", &title),
        title,
        events: events.into_iter().map(|(_, v)| v).collect(),
    }
}

fn cycle_views(site: &Site) -> Vec<CycleView> {
    let lang = site.lang();
    site.config
        .cycle
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let month = i18n::month_name(lang, entry.month);
            let when = match entry.day {
                Some(day) => format!("{day} {month}"),
                None => month.to_string(),
            };
            let responsible = entry
                .responsible
                .as_deref()
                .map(|r| site.canonical_responsible(r).to_string());
            CycleView {
                anchor: cycle_anchor(site, i),
                title: entry.title.clone(),
                when,
                description: entry.description.clone(),
                responsible_url: responsible.as_deref().and_then(|r| site.responsible_url(r)),
                responsible,
            }
        })
        .collect()
}
