//! The search page (`sok/`) and the search index files under `sok/idx/`, written in the
//! same build. The page is a shell: `search.js` fills it from the index in the browser.

use minijinja::{Value, context};
use styrdok_core::diag::Diagnostic;
use styrdok_graph::Route;
use styrdok_render::context::SiteViews;
use styrdok_render::deps::Dep;
use styrdok_render::{PageInfo, Renderer, i18n};
use styrdok_search::{INDEX_DIR, SearchIndex};

/// UI strings the script needs, by the names it uses.
const SCRIPT_STRINGS: &[(&str, i18n::Ui)] = &[
    ("filters", i18n::Ui::SearchFilters),
    ("clear", i18n::Ui::SearchClearFilters),
    ("prompt", i18n::Ui::SearchPrompt),
    ("status", i18n::Ui::SearchStatus),
    ("status_one", i18n::Ui::SearchStatusOne),
    ("status_none", i18n::Ui::SearchStatusNone),
    ("status_browse", i18n::Ui::SearchStatusBrowse),
    ("error", i18n::Ui::SearchError),
    ("old_browser", i18n::Ui::SearchOldBrowser),
    ("in_doc", i18n::Ui::SearchIn),
    ("sections", i18n::Ui::SearchSections),
];

/// The search stage's input: the previous render's index (updated for the changed
/// documents on an incremental render) and whether to hand the index back (`serve`).
#[derive(Default)]
pub struct Search {
    pub previous: Option<SearchIndex>,
    pub keep: bool,
}

pub fn render(r: &Renderer, search: Search) -> (Vec<Diagnostic>, Option<SearchIndex>) {
    let site = r.site;
    let lang = site.lang();
    let mut problems = Vec::new();
    if r.wants_page(&Route::Search.path(), vec![Dep::Global]) {
        let strings: std::collections::BTreeMap<&str, &str> = SCRIPT_STRINGS
            .iter()
            .map(|(k, key)| (*k, i18n::get(lang, *key)))
            .collect();
        // Inside <script>: `</` must not close the element.
        let strings_json = serde_json::to_string(&strings)
            .unwrap_or_default()
            .replace("</", "<\\/");
        let page = PageInfo {
            title: i18n::get(lang, i18n::Ui::Search).to_string(),
            url: Route::Search.path(),
            breadcrumbs: site.breadcrumbs(""),
        };
        let values = context! {
            is_search_page => true,
            index_url => site.href(INDEX_DIR),
            search_js => site.href("assets/search.js"),
            stemmer_js => site.href(&format!("assets/snowball-{}.js", lang.code())),
            strings_json => Value::from_safe_string(strings_json),
        };
        problems.extend(r.page("search.html", page, values).err());
    }
    // An incremental render re-indexes the changed documents of the previous index;
    // a full one (or one without a previous index) indexes everything. Files named by
    // their content read nothing else (a new name is always written, an old one kept);
    // a document's metadata file reads that document.
    let timing = std::env::var_os("STYRDOK_TIMINGS").map(|_| std::time::Instant::now());
    let index = match (search.previous, r.changed_docs()) {
        (Some(mut index), Some(changed)) => {
            for &doc in changed {
                index.update_document(site, doc);
            }
            index
        }
        _ if search.keep => SearchIndex::build(site),
        _ => SearchIndex::build_once(site),
    };
    if let Some(t) = timing {
        eprintln!(
            "timing: search index {:.1} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    let published: Vec<usize> = (0..site.docs.len())
        .filter(|&i| site.published[i])
        .collect();
    let meta_dir = format!("{INDEX_DIR}d/");
    let files = index.files();
    if let Some(t) = timing {
        eprintln!(
            "timing: search files {:.1} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    for (path, bytes) in files {
        let deps = if path.ends_with("manifest.json") {
            vec![Dep::Search]
        } else if let Some(n) = path.strip_prefix(&meta_dir) {
            let doc = n
                .strip_suffix(".json")
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| published.get(n));
            match doc {
                Some(&doc) => vec![Dep::Doc(doc), Dep::Body(doc)],
                None => vec![Dep::Search],
            }
        } else {
            Vec::new()
        };
        if r.wants(&path, deps) {
            problems.extend(r.write(&path, &bytes).err());
        }
    }
    (problems, search.keep.then_some(index))
}
