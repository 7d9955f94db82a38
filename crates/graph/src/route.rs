//! Every page's URL in one place: a `Route` names a page, `path()` says where it is
//! below `base_path`. No other code spells a page's path.

use styrdok_core::model::DocType;

/// A page of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route<'a> {
    Start,
    /// A document: its path below content/ (`rs/ra.md`), its URL path (`rs/ra/`, made
    /// once for the site by `document_url`: `Site::doc_route`) and its type (which
    /// names its template).
    Document {
        content_path: &'a str,
        url: &'a str,
        doc_type: DocType,
    },
    /// A folder's page, by its path below content/ (`rs`).
    Section(&'a str),
    TypeIndex(DocType),
    Responsibles,
    /// A responsible's page, by its slug.
    Responsible(&'a str),
    Areas,
    /// An area's page, by its slug.
    Area(&'a str),
    Followup,
    /// A later page (2, 3, …) of a long list page: the follow-up page, a responsible's
    /// or an area's (their lists run on over pages of `PAGE_SIZE` items).
    FollowupPage(u32),
    ResponsiblePage(&'a str, u32),
    AreaPage(&'a str, u32),
    /// The annual cycle (årshjul): every dated thing, month by month.
    Calendar,
    Years,
    Year(i32),
    Risks,
    Search,
    Accessibility,
    NotFound,
}

impl<'a> Route<'a> {
    /// Page `n` (from 1) of a long list page; the route itself for page 1 and for a
    /// page that is never split.
    pub fn nth(self, n: u32) -> Route<'a> {
        match (self, n) {
            (_, 0 | 1) => self,
            (Route::Followup, n) => Route::FollowupPage(n),
            (Route::Responsible(slug), n) => Route::ResponsiblePage(slug, n),
            (Route::Area(slug), n) => Route::AreaPage(slug, n),
            _ => self,
        }
    }

    /// The first page of a list page's later page (the route itself otherwise): it
    /// names the template and the breadcrumbs.
    pub fn first_page(self) -> Route<'a> {
        match self {
            Route::FollowupPage(_) => Route::Followup,
            Route::ResponsiblePage(slug, _) => Route::Responsible(slug),
            Route::AreaPage(slug, _) => Route::Area(slug),
            _ => self,
        }
    }

    /// The path below `base_path`: "" for the start page, else ending in `/` (or the
    /// file name, for the 404 page).
    pub fn path(&self) -> String {
        match self {
            Route::Start => String::new(),
            Route::Document { url, .. } => url.to_string(),
            Route::Section(folder) => super::folder_url(folder),
            Route::TypeIndex(t) => format!("typ/{}/", t.url_segment()),
            Route::Responsibles => "ansvariga/".into(),
            Route::Responsible(slug) => format!("ansvariga/{slug}/"),
            Route::Areas => "omraden/".into(),
            Route::Area(slug) => format!("omraden/{slug}/"),
            Route::Followup => "uppfoljning/".into(),
            Route::FollowupPage(n) | Route::ResponsiblePage(_, n) | Route::AreaPage(_, n) => {
                format!("{}sida/{n}/", self.first_page().path())
            }
            Route::Calendar => "arshjul/".into(),
            Route::Years => "ar/".into(),
            Route::Year(y) => format!("ar/{y}/"),
            Route::Risks => "risker/".into(),
            Route::Search => "sok/".into(),
            Route::Accessibility => "tillganglighet/".into(),
            Route::NotFound => "404.html".into(),
        }
    }

    /// The calendar feed (iCalendar) beside the page, for the pages that have one: the
    /// årshjul (the whole site), a responsible's and an area's.
    pub fn feed_file(&self) -> Option<String> {
        match self {
            Route::Calendar | Route::Responsible(_) | Route::Area(_) => {
                Some(format!("{}kalender.ics", self.path()))
            }
            _ => None,
        }
    }

    /// The PDF beside a document's page, named after it
    /// (`rs/riskanalys/riskanalys.pdf`); other pages have none.
    pub fn pdf_file(&self) -> Option<String> {
        let Route::Document { .. } = self else {
            return None;
        };
        let path = self.path();
        let name = path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .filter(|n| !n.is_empty())
            .unwrap_or("dokument");
        Some(format!("{path}{name}.pdf"))
    }

    /// The page's template (`themes/default/templates/NAME`; a site may override it).
    pub fn template(&self) -> String {
        let name = match self {
            Route::Document { doc_type, .. } => return format!("{}.html", doc_type.key()),
            Route::Start => "index",
            Route::Section(_) => "section",
            Route::TypeIndex(_) => "type-index",
            Route::Responsibles => "responsibles",
            Route::Responsible(_) | Route::ResponsiblePage(..) => "responsible",
            Route::Areas => "areas",
            Route::Area(_) | Route::AreaPage(..) => "area",
            Route::Followup | Route::FollowupPage(_) => "followup",
            Route::Calendar => "calendar",
            Route::Years => "years",
            Route::Year(_) => "year",
            Route::Risks => "risks",
            Route::Search => "search",
            Route::Accessibility => "accessibility",
            Route::NotFound => "404",
        };
        format!("{name}.html")
    }

    /// The output file of the page: `PATH/index.html`, or the 404 page's own name.
    pub fn file(&self) -> String {
        match self {
            Route::NotFound => self.path(),
            _ => format!("{}index.html", self.path()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(Route::Start.path(), "");
        let document = |content_path: &'static str, doc_type| Route::Document {
            content_path,
            url: Box::leak(crate::document_url(content_path).into_boxed_str()),
            doc_type,
        };
        assert_eq!(
            document("RS/Risk analys Åre.md", DocType::RiskAnalysis).path(),
            "rs/risk-analys-are/"
        );
        assert_eq!(Route::Section("ärenden").path(), "arenden/");
        assert_eq!(Route::Responsible("hr").path(), "ansvariga/hr/");
        assert_eq!(Route::Year(2021).path(), "ar/2021/");
        assert_eq!(Route::TypeIndex(DocType::Decision).path(), "typ/arenden/");
        assert_eq!(Route::Start.file(), "index.html");
        assert_eq!(Route::Year(2021).file(), "ar/2021/index.html");
        assert_eq!(Route::NotFound.file(), "404.html");
        assert_eq!(
            document("rs/Riskanalys.md", DocType::RiskAnalysis).pdf_file(),
            Some("rs/riskanalys/riskanalys.pdf".into())
        );
        assert_eq!(Route::Start.pdf_file(), None);
        assert_eq!(
            document("a.md", DocType::Decision).template(),
            "decision.html"
        );
        assert_eq!(Route::Years.template(), "years.html");
        assert_eq!(
            Route::Responsible("hr").feed_file().as_deref(),
            Some("ansvariga/hr/kalender.ics")
        );
        assert_eq!(
            Route::Calendar.feed_file().as_deref(),
            Some("arshjul/kalender.ics")
        );
        assert_eq!(Route::Followup.feed_file(), None);
        assert_eq!(Route::Followup.nth(1), Route::Followup);
        assert_eq!(Route::Followup.nth(3).path(), "uppfoljning/sida/3/");
        assert_eq!(
            Route::Area("it").nth(2).file(),
            "omraden/it/sida/2/index.html"
        );
        assert_eq!(
            Route::Responsible("hr").nth(2).template(),
            "responsible.html"
        );
        assert_eq!(Route::Responsible("hr").nth(2).feed_file(), None);
        assert_eq!(Route::Years.nth(2), Route::Years);
    }
}
