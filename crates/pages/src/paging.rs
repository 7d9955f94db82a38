//! Long list pages split over pages. The follow-up page, a responsible's and an area's
//! page run their lists (documents, follow-up buckets, record groups) on as one sequence
//! of `page_size` items a page (styrdok.yaml, 500 by default: a few hundred KB of HTML,
//! where a region's follow-up page at 100,000 documents was 130 MB): page 2 goes on
//! where page 1 stopped. Each page shows every list's heading with its total, the part
//! of it that falls on the page, and the pages the rest is on; a pager leads from page
//! to page. A list page of up to `page_size` items is one page, as before.

use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};
use styrdok_core::diag::{Diagnostic, Loc};
use styrdok_graph::{Route, Site};
use styrdok_render::Renderer;
use styrdok_render::deps::Dep;
use styrdok_render::i18n::{self, Ui};

use crate::spec::{Page, Plan};

/// The lists of a list page in page order, by key (`overdue`, `owned`, `risks`), and
/// how they fall on pages.
pub struct Paging {
    size: usize,
    lists: Vec<(&'static str, usize)>,
}

impl Paging {
    /// Lists of `(key, number of items)`, in the order the page shows them, over pages
    /// of the site's `page_size`.
    pub fn new(site: &Site, lists: Vec<(&'static str, usize)>) -> Paging {
        Paging::sized(site.config.page_size, lists)
    }

    fn sized(size: usize, lists: Vec<(&'static str, usize)>) -> Paging {
        Paging {
            size: size.max(1),
            lists,
        }
    }

    fn total(&self) -> usize {
        self.lists.iter().map(|(_, n)| n).sum()
    }

    /// How many pages: at least one.
    pub fn count(&self) -> u32 {
        pages_for(self.total(), self.size)
    }

    /// Where list `i` starts in the run of all the lists.
    fn start(&self, i: usize) -> usize {
        self.lists[..i].iter().map(|(_, len)| len).sum()
    }

    /// The part of list `i` on page `n` (from 1): its items' positions in the list.
    pub fn range(&self, i: usize, n: u32) -> Range<usize> {
        let (start, len) = (self.start(i), self.lists[i].1);
        let n = n.max(1) as usize;
        let within = |item: usize| item.clamp(start, start + len) - start;
        within((n - 1) * self.size)..within(n * self.size)
    }

    /// The first and last page list `i` is on; `None` for an empty list.
    fn span(&self, i: usize) -> Option<(u32, u32)> {
        let (start, len) = (self.start(i), self.lists[i].1);
        let page = |item: usize| (item / self.size) as u32 + 1;
        (len > 0).then(|| (page(start), page(start + len - 1)))
    }

    /// What page `n` of the list page at `route` (its first page) shows of its paging;
    /// `None` for a list page of one page, whose output stays as it was.
    pub fn view(&self, site: &Site, route: Route, n: u32) -> Option<PagingView> {
        let count = self.count();
        if count == 1 {
            return None;
        }
        let lang = site.lang();
        let url = |page: u32| site.href(&route.nth(page).path());
        let mut totals = BTreeMap::new();
        let mut elsewhere = BTreeMap::new();
        for (i, &(key, len)) in self.lists.iter().enumerate() {
            totals.insert(key, len);
            if let Some((first, last)) = self.span(i).filter(|_| self.range(i, n).is_empty()) {
                elsewhere.insert(key, listed_on(lang, first, last, url(first)));
            }
        }
        let label = numbered(i18n::get(lang, Ui::PageOf), n, count);
        Some(PagingView {
            label,
            prev: (n > 1).then(|| url(n - 1)),
            next: (n < count).then(|| url(n + 1)),
            pages: window(n, count)
                .into_iter()
                .map(|p| PageLink {
                    number: p,
                    url: p.map(url),
                    current: p == Some(n),
                })
                .collect(),
            totals,
            elsewhere,
        })
    }

    /// The title of page `n` of a list page titled `title`: page 1 keeps it.
    pub fn title(&self, site: &Site, title: &str, n: u32) -> String {
        if n <= 1 {
            return title.to_string();
        }
        numbered(i18n::get(site.lang(), Ui::TitlePage), n, self.count()).replace("{title}", title)
    }
}

/// Plans the list page `route` (its first page) as the pages its `items` (the lists'
/// total, counted cheaply) need, each made by `make` (the lists, their paging, the
/// page's number). The lists are made by `lists` when the first of the pages is made and
/// shared by the others: a one-off build makes them all, an incremental build all or
/// none (they have the same keys), and one that keeps them pays for the count alone.
pub fn plan_pages<'a, L: Send + Sync + 'a>(
    plan: &mut Plan<'a>,
    site: &Site,
    route: Route<'a>,
    keys: Vec<Dep>,
    items: usize,
    lists: impl Fn() -> (L, Paging) + Send + Sync + 'a,
    make: impl Fn(&Renderer<'a>, &L, &Paging, u32) -> Result<Page, Diagnostic> + Send + Sync + 'a,
) {
    let shared = Arc::new((OnceLock::new(), lists, make));
    let count = pages_for(items, site.config.page_size);
    for n in 1..=count {
        let shared = Arc::clone(&shared);
        plan.list_page(route.nth(n), keys.clone(), move |r| {
            let (made, lists, make) = &*shared;
            let (lists, paging) = made.get_or_init(lists);
            // A count that disagrees with the lists would leave pager links to pages
            // never made: a bug, reported rather than published.
            if paging.count() != count {
                let path = route.nth(n).file();
                let message = format!(
                    "internal error: {count} pages planned for {} of lists",
                    paging.count()
                );
                return Err(Diagnostic::error(&Loc::file(&path), message));
            }
            make(r, lists, paging, n)
        });
    }
}

/// Pages for `items` items, `size` a page: at least one.
fn pages_for(items: usize, size: usize) -> u32 {
    items.div_ceil(size.max(1)).max(1) as u32
}

fn numbered(text: &str, n: u32, m: u32) -> String {
    text.replace("{n}", &n.to_string())
        .replace("{m}", &m.to_string())
}

fn listed_on(lang: styrdok_config::Language, first: u32, last: u32, url: String) -> Elsewhere {
    let text = if first == last {
        Ui::ListedOnPage
    } else {
        Ui::ListedOnPages
    };
    Elsewhere {
        text: numbered(i18n::get(lang, text), first, last),
        url,
    }
}

/// The pages the pager names: the first, the last, and two either side of page `n`;
/// `None` for the gap between them (so a list of 400 pages is a few links, not 400).
fn window(n: u32, count: u32) -> Vec<Option<u32>> {
    let named = |p: u32| p == 1 || p == count || p.abs_diff(n) <= 2;
    let mut out = Vec::new();
    for p in 1..=count {
        // A gap of one page is that page.
        if named(p) || (named(p - 1) && named(p + 1)) {
            out.push(Some(p));
        } else if out.last().is_some_and(|last| last.is_some()) {
            out.push(None);
        }
    }
    out
}

/// A list page's paging as templates see it (`paging`): the page's label ("Sida 2 av
/// 38"), the pages before and after, the pager's links, each list's total and, for a
/// list with none of its items on this page, where they are.
#[derive(Serialize)]
pub struct PagingView {
    label: String,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
    totals: BTreeMap<&'static str, usize>,
    elsewhere: BTreeMap<&'static str, Elsewhere>,
}

/// Where a list is that has none of its items on this page: "Listas på sidorna 3–5."
/// linking to the first of them.
#[derive(Serialize)]
pub struct Elsewhere {
    text: String,
    url: String,
}

/// A page in the pager (`number` none: the gap between pages).
#[derive(Serialize)]
pub struct PageLink {
    number: Option<u32>,
    url: Option<String>,
    current: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_run_on_from_page_to_page() {
        let p = Paging::sized(500, vec![("a", 300), ("b", 400), ("c", 0), ("d", 301)]);
        assert_eq!(p.count(), 3);
        assert_eq!(p.range(0, 1), 0..300);
        assert_eq!(p.range(1, 1), 0..200);
        assert_eq!(p.range(1, 2), 200..400);
        assert_eq!(p.range(3, 2), 0..300);
        assert_eq!(p.range(3, 3), 300..301);
        assert_eq!(p.range(0, 2), 300..300);
        assert_eq!(p.range(2, 1), 0..0);
        assert_eq!(p.span(0), Some((1, 1)));
        assert_eq!(p.span(1), Some((1, 2)));
        assert_eq!(p.span(2), None);
        assert_eq!(p.span(3), Some((2, 3)));
    }

    #[test]
    fn a_short_list_page_is_one_page() {
        let p = Paging::sized(500, vec![("a", 500), ("b", 0)]);
        assert_eq!(p.count(), 1);
        assert_eq!(p.range(0, 1), 0..500);
        assert_eq!(Paging::sized(500, vec![]).count(), 1);
        assert_eq!(pages_for(501, 500), 2);
        assert_eq!(pages_for(7, 3), 3);
    }

    #[test]
    fn the_pager_names_the_ends_and_the_pages_near_this_one() {
        let some = |v: &[u32]| v.iter().map(|&p| Some(p)).collect::<Vec<_>>();
        assert_eq!(window(1, 3), some(&[1, 2, 3]));
        assert_eq!(
            window(10, 40),
            [
                vec![Some(1), None],
                some(&[8, 9, 10, 11, 12]),
                vec![None, Some(40)]
            ]
            .concat()
        );
        assert_eq!(
            window(2, 40),
            [some(&[1, 2, 3, 4]), vec![None, Some(40)]].concat()
        );
        assert_eq!(window(5, 8), some(&[1, 2, 3, 4, 5, 6, 7, 8]));
        assert_eq!(window(1, 1), some(&[1]));
    }
}
