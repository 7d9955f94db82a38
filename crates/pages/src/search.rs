//! The search page (`sok/`) and the search index files under `sok/idx/`, written in the
//! same build. The page is a shell: `search.js` fills it from the index in the browser.

use minijinja::{Value, context};
use styrdok_graph::{Route, Site};
use styrdok_render::deps::Dep;
use styrdok_render::{Renderer, i18n};

use crate::spec::{Page, Plan};
use styrdok_search::{INDEX_DIR, SearchFiles};

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

/// The search page, a shell `search.js` fills from the index.
pub fn plan_page<'a>(plan: &mut Plan<'a>) {
    plan.page(Route::Search, vec![Dep::Global], |r| Ok(page(r)));
}

fn page(r: &Renderer) -> Page {
    let site = r.site;
    let lang = site.lang();
    let strings: std::collections::BTreeMap<&str, &str> = SCRIPT_STRINGS
        .iter()
        .map(|(k, key)| (*k, i18n::get(lang, *key)))
        .collect();
    // Inside <script>: `</` must not close the element.
    let strings_json = serde_json::to_string(&strings)
        .unwrap_or_default()
        .replace("</", "<\\/");
    let values = context! {
        is_search_page => true,
        index_url => site.href(INDEX_DIR),
        search_js => site.href("assets/search.js"),
        stemmer_js => site.href(&format!("assets/snowball-{}.js", lang.code())),
        strings_json => Value::from_safe_string(strings_json),
    };
    Page::new(i18n::get(lang, i18n::Ui::Search), values)
}

/// The published documents of `site`, in source order: a document's position is the
/// number of its metadata file, `sok/idx/d/N.json`.
fn positions(site: &Site) -> Vec<usize> {
    (0..site.docs.len())
        .filter(|&i| site.published[i])
        .collect()
}

/// The keys of the metadata files that hold another document in `new` than in `old`:
/// every position from the first document that came or went (none when the same ones
/// are published).
pub fn moved_entries(old: &Site, new: &Site) -> Vec<Dep> {
    let (before, after) = (positions(old), positions(new));
    let same_at = |k: usize| old.docs[before[k]].source_path == new.docs[after[k]].source_path;
    let shorter = before.len().min(after.len());
    let first = (0..shorter).find(|&k| !same_at(k)).unwrap_or(shorter);
    let longer = before.len().max(after.len());
    (first..longer).map(Dep::SearchEntry).collect()
}

/// The index files of the search stage's output. Files named by their content read
/// nothing else (a new name is always written, an old one kept); a document's metadata
/// file reads that document, and its position.
pub fn plan_files<'a>(site: &'a Site, files: SearchFiles, plan: &mut Plan<'a>) {
    let published = positions(site);
    let meta_dir = format!("{INDEX_DIR}d/");
    for (path, bytes) in files {
        let keys = if path.ends_with("manifest.json") {
            vec![Dep::Search]
        } else if let Some(n) = path.strip_prefix(&meta_dir) {
            let at = n
                .strip_suffix(".json")
                .and_then(|n| n.parse::<usize>().ok());
            match at.and_then(|at| Some((at, *published.get(at)?))) {
                Some((at, doc)) => vec![Dep::Doc(doc), Dep::Body(doc), Dep::SearchEntry(at)],
                None => vec![Dep::Search],
            }
        } else {
            Vec::new()
        };
        plan.file(path, keys, move |_| Ok(bytes.to_vec()));
    }
}
