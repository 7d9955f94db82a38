//! View models: what templates see of the site graph. One place decides each label,
//! URL and score band, so every template shows them the same way.

use super::i18n;
pub use super::titles::DocTitle;
use serde::Serialize;
use styrdok_core::model::{Document, Record, RecordDetail, RecordKind, Status};
use styrdok_graph::risk::Band;
use styrdok_graph::{Route, Site};

#[derive(Serialize, Clone, Debug)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct SiteView {
    pub title: String,
    pub lang: &'static str,
    pub base: String,
    pub organisation: Option<String>,
    pub nav: Vec<NavItem>,
    pub css: String,
    pub highlight_from: u32,
    pub scale: u32,
    pub drafts: bool,
    pub today: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    /// A view over the site (responsibles, follow-up…) rather than a document type's
    /// index. No count: the nav is in every page's fingerprint, and a count would make
    /// each document added or removed a full rebuild (the start page has its own).
    pub view: bool,
    pub key: &'static str,
}

#[derive(Serialize, Clone, Debug)]
pub struct DateView {
    pub iso: String,
    pub text: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct DocView {
    pub title: String,
    pub url: String,
    pub id: String,
    pub type_key: &'static str,
    pub type_label: &'static str,
    pub summary: Option<String>,
    pub organisation: Option<String>,
    pub owner: Option<String>,
    pub owner_url: Option<String>,
    pub decided_by: Option<String>,
    pub decided: Option<DateView>,
    pub valid_until: Option<DateView>,
    pub review_by: Option<DateView>,
    pub dnr: Option<String>,
    pub document_number: Option<String>,
    pub version: Option<String>,
    pub status_key: &'static str,
    pub status_label: &'static str,
    pub classification_label: &'static str,
    pub is_draft: bool,
    pub is_expired: bool,
    pub is_review_due: bool,
    pub supersedes: Option<Link>,
    pub superseded_by: Option<Link>,
    pub related: Vec<Link>,
    pub areas: Vec<Link>,
    pub tags: Vec<String>,
    /// Documents (and their records) that link here or name this one as related.
    pub referenced_by: Vec<BacklinkView>,
    /// The editor's own front-matter fields (`extra:`), for a site's templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub meeting: Option<DateView>,
    pub department: Option<String>,
    pub manager: Option<String>,
    pub case_officer: Option<String>,
    pub source_path: String,
    pub risk_count: usize,
    pub high_risk_count: usize,
    /// Last change and change log from git, on the document's own page; `None` in
    /// lists and when history is off.
    pub history: Option<HistoryView>,
}

/// When a document's file last changed and the commits that touched it (src/history.rs).
#[derive(Serialize, Clone, Debug)]
pub struct HistoryView {
    pub last_changed: DateView,
    /// `last_changed` is the front matter's `decided`, because git could not tell
    /// (a shallow clone, an unreadable history, or a file not committed yet).
    pub from_decided: bool,
    /// Newest first.
    pub changes: Vec<ChangeView>,
}

#[derive(Serialize, Clone, Debug)]
pub struct ChangeView {
    pub date: DateView,
    pub author: String,
    pub message: String,
    /// The message is not shown: the commit touched files that are not published.
    pub withheld: bool,
    pub commit: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct ResponsibleView {
    pub name: String,
    pub remark: Option<String>,
    /// The responsible's page.
    pub url: Option<String>,
}

/// A document or record that points at the page being shown.
#[derive(Serialize, Clone, Debug)]
pub struct BacklinkView {
    pub title: String,
    pub url: String,
    pub type_label: &'static str,
    /// "Risk 16" when the link goes to one of this page's records.
    pub target_label: Option<String>,
    pub target_url: Option<String>,
}

#[derive(Serialize, Clone, Debug)]
pub struct ObjectiveView {
    pub code: String,
    pub description: String,
}

#[derive(Serialize, Clone, Debug, Default)]
pub struct RecordView {
    pub kind: &'static str,
    pub kind_label: &'static str,
    /// A link's text for the record (`record_label`), and whether it is the record's
    /// own words rather than its kind and id.
    pub label: String,
    pub label_is_text: bool,
    pub id: String,
    pub anchor: String,
    pub href: String,
    pub headline: String,
    pub doc_title: String,
    pub doc_url: String,
    pub area: Option<String>,
    pub area_url: Option<String>,
    /// For in-page filters: the slugs of the responsibles' and the area's pages.
    pub responsible_slugs: String,
    pub area_slug: String,
    pub responsibles: Vec<ResponsibleView>,
    pub status_key: Option<&'static str>,
    pub status_label: Option<&'static str>,
    pub due: Option<DateView>,
    pub overdue: bool,
    // Risks.
    pub objectives: Vec<ObjectiveView>,
    pub assignment: Option<String>,
    pub consequence: Option<String>,
    pub likelihood: Option<i64>,
    pub severity: Option<i64>,
    pub score: Option<i64>,
    pub band: Option<Band>,
    pub band_label: Option<&'static str>,
    pub highlighted: bool,
    pub treatment: Option<String>,
    pub cause: Option<String>,
    pub actions: Vec<String>,
    /// The same risk in the earlier analysis it names, with the trend.
    pub previous: Option<super::risk::TrendView>,
    // Activities.
    pub goal: Option<String>,
    pub method: Vec<String>,
    // Actions.
    pub recommendation: Option<Link>,
    // Recommendations.
    pub response: Option<String>,
    pub answered_by: Vec<Link>,
}

#[derive(Serialize, Clone, Debug)]
pub struct BlockView {
    /// Unique in the page: the caption's id.
    pub id: String,
    pub kind: &'static str,
    pub caption: String,
    pub records: Vec<RecordView>,
}

/// A page's breadcrumbs, from its route alone: the start page, the folders above a
/// document or section, or the index a responsible's, area's or year's page is below.
pub fn breadcrumbs(site: &Site, route: &Route) -> Vec<Link> {
    let parent = |path: &str| {
        path.rsplit_once('/')
            .map(|(p, _)| p)
            .unwrap_or("")
            .to_string()
    };
    let below = |index: i18n::Ui, index_route: Route| {
        vec![
            Link {
                title: i18n::get(site.lang(), i18n::Ui::Start).into(),
                url: site.href(""),
            },
            Link {
                title: i18n::get(site.lang(), index).into(),
                url: site.href(&index_route.path()),
            },
        ]
    };
    match route {
        // A later page of a list sits where its first page does (its pager leads there).
        Route::FollowupPage(_) | Route::ResponsiblePage(..) | Route::AreaPage(..) => {
            breadcrumbs(site, &route.first_page())
        }
        Route::Start | Route::NotFound => Vec::new(),
        Route::Document {
            content_path: path, ..
        }
        | Route::Section(path) => site.breadcrumbs(&parent(path)),
        Route::Responsible(_) => below(i18n::Ui::Responsibles, Route::Responsibles),
        Route::Area(_) => below(i18n::Ui::Areas, Route::Areas),
        Route::Year(_) => below(i18n::Ui::Years, Route::Years),
        Route::TypeIndex(_)
        | Route::Responsibles
        | Route::Areas
        | Route::Followup
        | Route::Calendar
        | Route::Years
        | Route::Risks
        | Route::Search
        | Route::Accessibility => site.breadcrumbs(""),
    }
}

/// The view models render builds from the site graph. A trait because `Site` lives in
/// styrdok-graph and the views belong to render.
pub trait SiteViews {
    fn date_view(&self, d: styrdok_core::text::Date) -> DateView;
    fn site_view(&self) -> SiteView;
    fn doc_view(&self, i: usize) -> DocView;
    fn history_view(&self, i: usize) -> Option<HistoryView>;
    fn record_view(&self, doc_index: usize, record: &Record) -> RecordView;
    fn block_view(&self, doc_index: usize, block: usize) -> BlockView;
    fn breadcrumbs(&self, folder: &str) -> Vec<Link>;
    fn section_title(&self, section: &styrdok_graph::Section) -> String;
}

impl SiteViews for Site {
    fn date_view(&self, d: styrdok_core::text::Date) -> DateView {
        DateView {
            iso: d.iso(),
            text: i18n::format_date(self.lang(), d),
        }
    }

    fn site_view(&self) -> SiteView {
        let nav = styrdok_core::model::DocType::ALL
            .iter()
            .filter_map(|t| {
                let any = !self.docs_of_type(*t).is_empty();
                any.then(|| NavItem {
                    title: i18n::doc_type_plural(self.lang(), *t).to_string(),
                    url: self.href(&Site::type_index_url(*t)),
                    view: false,
                    key: t.key(),
                })
            })
            .collect::<Vec<_>>();
        let mut nav = nav;
        for (key, url) in [
            (i18n::Ui::Responsibles, Route::Responsibles),
            (i18n::Ui::Areas, Route::Areas),
            (i18n::Ui::Followup, Route::Followup),
            (i18n::Ui::Calendar, Route::Calendar),
            (i18n::Ui::Years, Route::Years),
        ] {
            nav.push(NavItem {
                title: i18n::get(self.lang(), key).to_string(),
                url: self.href(&url.path()),
                view: true,
                key: key.key(),
            });
        }
        // The risk overview, once any published document holds a risk.
        let any_risk = self
            .published_docs()
            .any(|(_, d)| d.records.iter().any(|r| r.kind == RecordKind::Risk));
        if any_risk {
            nav.push(NavItem {
                title: i18n::get(self.lang(), i18n::Ui::RiskOverview).to_string(),
                url: self.href(&styrdok_graph::Route::Risks.path()),
                view: true,
                key: "risks",
            });
        }
        SiteView {
            title: self.config.title.clone(),
            lang: self.lang().code(),
            base: self.config.base_path.clone(),
            organisation: self.config.organisation.clone(),
            nav,
            css: self.href("assets/styrdok.css"),
            highlight_from: self.config.risk.highlight_from,
            scale: self.config.risk.scale,
            drafts: self.options.drafts,
            today: self.options.today.iso(),
        }
    }

    fn doc_view(&self, i: usize) -> DocView {
        let d = &self.docs[i];
        let m = &d.meta;
        let lang = self.lang();
        let today = self.options.today;
        let superseded_by = self.indexes.superseded_by[i].and_then(|j| self.doc_link(j));
        let risks: Vec<&Record> = d
            .records
            .iter()
            .filter(|r| r.kind == RecordKind::Risk)
            .collect();
        let high = risks
            .iter()
            .filter(|r| {
                r.risk()
                    .and_then(|k| k.computed_score())
                    .is_some_and(|s| self.score_band(s) == Band::High)
            })
            .count();
        DocView {
            title: m.title.clone(),
            url: self.doc_href(i),
            id: m.id.clone(),
            type_key: m.doc_type.key(),
            type_label: i18n::doc_type(lang, m.doc_type),
            summary: m.summary.clone(),
            organisation: m.organisation.clone(),
            owner: m
                .owner
                .as_ref()
                .map(|o| self.canonical_responsible(&o.value).to_string()),
            owner_url: m
                .owner
                .as_ref()
                .and_then(|o| self.responsible_url(&o.value)),
            decided_by: m.decided_by.clone(),
            decided: m.decided.map(|x| self.date_view(x)),
            valid_until: m.valid_until.map(|x| self.date_view(x)),
            review_by: m.review_by.map(|x| self.date_view(x)),
            dnr: m.dnr.clone(),
            document_number: m.document_number.clone(),
            version: m.version.clone(),
            status_key: m.status.key(),
            status_label: i18n::status(lang, m.status),
            classification_label: i18n::classification(lang, m.classification),
            is_draft: m.status == Status::Draft,
            is_expired: m.valid_until.is_some_and(|v| v < today),
            is_review_due: m.review_by.is_some_and(|v| v < today),
            supersedes: m
                .supersedes
                .as_ref()
                .and_then(|s| self.doc_link_by_id(&s.value)),
            superseded_by,
            related: self.related_both_ways(i),
            areas: m
                .areas
                .iter()
                .map(|a| Link {
                    title: a.value.clone(),
                    url: self.area_url(&a.value).unwrap_or_default(),
                })
                .collect(),
            tags: m.tags.clone(),
            referenced_by: self.backlink_views(i),
            meeting: m.meeting.map(|x| self.date_view(x)),
            department: m.department.clone(),
            manager: m.manager.clone(),
            case_officer: m.case_officer.clone(),
            extra: m.extra.clone(),
            source_path: d.source_path.clone(),
            risk_count: risks.len(),
            high_risk_count: high,
            // Only the document's own page shows it (render/pages.rs): lists build
            // a DocView for every document they name, and need none of it.
            history: None,
        }
    }

    /// The history shown on document `i`'s page.
    fn history_view(&self, i: usize) -> Option<HistoryView> {
        use styrdok_history::State;
        let d = &self.docs[i];
        let from_decided = || {
            d.meta.decided.map(|x| HistoryView {
                last_changed: self.date_view(x),
                from_decided: true,
                changes: Vec::new(),
            })
        };
        match self.history.state {
            State::Off => None,
            State::Unavailable => from_decided(),
            State::Loaded => match self.history.file(&d.source_path) {
                Some(f) => f.last_changed.map(|last| HistoryView {
                    last_changed: self.date_view(last),
                    from_decided: false,
                    changes: f
                        .changes
                        .iter()
                        .map(|c| {
                            let withheld = self.withheld_commits.contains(&c.commit);
                            ChangeView {
                                date: self.date_view(c.date),
                                author: c.author.clone(),
                                message: if withheld {
                                    super::i18n::get(self.lang(), super::i18n::Ui::HistoryWithheld)
                                        .to_string()
                                } else {
                                    c.message.clone()
                                },
                                withheld,
                                commit: c.commit.clone(),
                            }
                        })
                        .collect(),
                }),
                None => from_decided(),
            },
        }
    }

    fn record_view(&self, doc_index: usize, record: &Record) -> RecordView {
        let lang = self.lang();
        let doc: &Document = &self.docs[doc_index];
        let doc_url = self.doc_href(doc_index);
        let (label, label_is_text) = record_label(lang, record);
        let mut v = RecordView {
            kind: record.kind.singular(),
            kind_label: i18n::record_kind(lang, record.kind),
            label,
            label_is_text,
            id: record.id.clone(),
            anchor: record.anchor(),
            href: format!("{doc_url}#{}", record.anchor()),
            headline: record.headline().to_string(),
            doc_title: self.doc_title_marked(doc_index),
            doc_url,
            area: record.area.as_ref().map(|a| a.value.clone()),
            area_url: record.area.as_ref().and_then(|a| self.area_url(&a.value)),
            responsible_slugs: record
                .responsible
                .iter()
                .filter_map(|r| self.responsible(&r.name).map(|p| p.slug.as_str()))
                .collect::<Vec<_>>()
                .join(" "),
            area_slug: record
                .area
                .as_ref()
                .and_then(|a| self.area(&a.value).map(|a| a.slug.clone()))
                .unwrap_or_default(),
            responsibles: record
                .responsible
                .iter()
                .map(|r| ResponsibleView {
                    name: self.canonical_responsible(&r.name).to_string(),
                    remark: r.remark.clone(),
                    url: self.responsible_url(&r.name),
                })
                .collect(),
            status_key: record.status.map(|s| s.key()),
            status_label: record.status.map(|s| i18n::work_status(lang, s)),
            due: record.due.map(|d| self.date_view(d)),
            overdue: record.is_overdue(self.options.today),
            ..RecordView::default()
        };
        match &record.detail {
            RecordDetail::Risk(r) => {
                v.objectives = r
                    .objectives
                    .iter()
                    .map(|o| ObjectiveView {
                        code: o.value.clone(),
                        description: self
                            .config
                            .control_objectives
                            .iter()
                            .find(|(c, _)| *c == o.value)
                            .map(|(_, d)| d.clone())
                            .unwrap_or_default(),
                    })
                    .collect();
                v.assignment = r.assignment.clone();
                v.consequence = r.consequence.clone();
                v.likelihood = r.likelihood;
                v.severity = r.severity;
                v.score = r.computed_score();
                v.band = v.score.map(|s| self.score_band(s));
                v.band_label = v.band.map(|b| i18n::band(lang, b));
                v.highlighted = v.band == Some(Band::High);
                v.treatment = r.treatment.as_ref().map(|t| t.value.clone());
                v.cause = r.cause.clone();
                v.actions = r.actions.clone();
                v.previous = super::risk::trend_view(self, doc_index, record, v.score);
            }
            RecordDetail::Activity { goal, method, .. } => {
                v.goal = goal.clone();
                v.method = method.clone();
            }
            RecordDetail::Action { recommendation, .. } => {
                v.recommendation = recommendation.as_ref().map(|r| Link {
                    title: r.value.clone(),
                    url: format!("{}#recommendation-{}", v.doc_url, r.value),
                });
            }
            RecordDetail::Recommendation { response, .. } => {
                v.response = response.clone();
                v.answered_by = doc
                    .records
                    .iter()
                    .filter(|a| {
                        matches!(&a.detail, RecordDetail::Action { recommendation: Some(r), .. } if r.value == record.id)
                    })
                    .map(|a| Link {
                        title: a.headline().to_string(),
                        url: format!("{}#{}", v.doc_url, a.anchor()),
                    })
                    .collect();
            }
        }
        v
    }

    fn block_view(&self, doc_index: usize, block: usize) -> BlockView {
        let doc = &self.docs[doc_index];
        let b = &doc.blocks[block];
        let records: Vec<RecordView> = b
            .records
            .iter()
            .map(|&r| self.record_view(doc_index, &doc.records[r]))
            .collect();
        let label = i18n::record_kind_plural(self.lang(), b.kind);
        let same_kind_blocks = doc.blocks.iter().filter(|o| o.kind == b.kind).count();
        let caption = if same_kind_blocks > 1 {
            // Several tables of one kind: name the rows they hold so captions differ.
            let first = records.first().map(|r| r.id.as_str()).unwrap_or("");
            let last = records.last().map(|r| r.id.as_str()).unwrap_or("");
            format!("{label} {first}–{last}")
        } else {
            label.to_string()
        };
        BlockView {
            id: format!("table-{}-{}", b.kind.block_name(), block + 1),
            kind: b.kind.block_name(),
            caption,
            records,
        }
    }

    /// Breadcrumb trail from the start page through the folders to (not including) a page.
    fn breadcrumbs(&self, folder: &str) -> Vec<Link> {
        let mut crumbs = vec![Link {
            title: i18n::get(self.lang(), i18n::Ui::Start).to_string(),
            url: self.href(""),
        }];
        let mut path = String::new();
        for part in folder.split('/').filter(|p| !p.is_empty()) {
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(part);
            if let Some(section) = self.sections.get(&path) {
                crumbs.push(Link {
                    title: self.section_title(section),
                    url: self.href(&section.url),
                });
            }
        }
        crumbs
    }

    fn section_title(&self, section: &styrdok_graph::Section) -> String {
        match section.index_doc {
            Some(i) => self.docs[i].meta.title.clone(),
            None => {
                let name = section.folder.rsplit('/').next().unwrap_or(&section.folder);
                let mut chars = name.chars();
                match chars.next() {
                    Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
                    None => String::new(),
                }
            }
        }
    }
}

/// Links to documents, for the view models only.
trait SiteLinks {
    fn doc_link(&self, doc: usize) -> Option<Link>;
    fn doc_link_by_id(&self, id: &str) -> Option<Link>;
    fn related_both_ways(&self, i: usize) -> Vec<Link>;
    fn backlink_views(&self, i: usize) -> Vec<BacklinkView>;
}

impl SiteLinks for Site {
    fn doc_link(&self, doc: usize) -> Option<Link> {
        self.published[doc].then(|| Link {
            title: self.doc_title_marked(doc),
            url: self.doc_href(doc),
        })
    }

    fn doc_link_by_id(&self, id: &str) -> Option<Link> {
        self.by_id.get(id).and_then(|&i| self.doc_link(i))
    }

    /// `related` as written here, plus the documents that name this one as related.
    fn related_both_ways(&self, i: usize) -> Vec<Link> {
        let mut out: Vec<usize> = self.docs[i]
            .meta
            .related
            .iter()
            .filter_map(|r| self.by_id.get(&r.value).copied())
            .collect();
        for b in &self.indexes.backlinks[i] {
            if b.kind == styrdok_graph::index::BacklinkKind::Related {
                out.push(b.from);
            }
        }
        let mut seen = Vec::new();
        out.retain(|d| {
            let new = !seen.contains(d);
            seen.push(*d);
            new
        });
        out.into_iter().filter_map(|d| self.doc_link(d)).collect()
    }

    fn backlink_views(&self, i: usize) -> Vec<BacklinkView> {
        use styrdok_graph::index::BacklinkKind;
        let doc = &self.docs[i];
        let mut views: Vec<BacklinkView> = self.indexes.backlinks[i]
            .iter()
            .filter(|b| b.kind == BacklinkKind::Link)
            .map(|b| {
                let from = &self.docs[b.from];
                let record = b
                    .anchor
                    .as_deref()
                    .and_then(|a| doc.records.iter().find(|r| r.anchor() == a));
                BacklinkView {
                    title: self.doc_title_marked(b.from),
                    url: self.doc_href(b.from),
                    type_label: i18n::doc_type(self.lang(), from.meta.doc_type),
                    target_label: record.map(|r| record_label(self.lang(), r).0),
                    target_url: record.map(|r| self.record_href(i, r)),
                }
            })
            .collect();
        views.sort_by(|a, b| {
            styrdok_core::text::collate(&a.title, &b.title, self.lang().is_swedish())
                .then_with(|| a.target_url.cmp(&b.target_url))
        });
        views.dedup_by(|a, b| a.url == b.url && a.target_url == b.target_url);
        views
    }
}

/// The text of a link to a record: "Risk 5", "Aktivitet fo1-1" where the id is a code
/// (it has a digit); else the record's own words, shortened ("Åtgärd: Utveckla den
/// regiongemensamma …"), since a word id is a slug without å, ä, ö ("vagledning").
/// The flag says which.
pub fn record_label(lang: styrdok_config::Language, record: &Record) -> (String, bool) {
    let kind = i18n::record_kind(lang, record.kind);
    if record.id.chars().any(|c| c.is_ascii_digit()) {
        return (format!("{kind} {}", record.id), false);
    }
    const WORDS: usize = 8;
    let words: Vec<&str> = record.headline().split_whitespace().collect();
    let mut text = words[..words.len().min(WORDS)].join(" ");
    if words.len() > WORDS {
        text.push_str(" …");
    }
    if text.is_empty() {
        return (format!("{kind} {}", record.id), false);
    }
    (format!("{kind}: {text}"), true)
}
