//! The search page (`sok/`) and the search index files under `sok/idx/`, written in the
//! same build. The page is a shell: `search.js` fills it from the index in the browser.

use minijinja::{Value, context};
use rayon::prelude::*;
use styrdok_core::diag::Diagnostic;
use styrdok_graph::Route;
use styrdok_output::Output;
use styrdok_render::deps::Dep;
use styrdok_render::{Renderer, i18n, write_problem};

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

/// Writes the index files of the search stage to `out`: those whose bytes are those of
/// the previous build's file at their path are kept, not written. A metadata file
/// `d/N.json` holds the document at position N, so a document that comes or goes
/// changes every later one; deciding that from keys cost more than comparing the bytes.
pub fn write_files(out: &Output, files: SearchFiles) -> Vec<Diagnostic> {
    files
        .par_iter()
        .filter_map(|(path, bytes)| out.write_unless_same(path, bytes).err())
        .map(write_problem)
        .collect()
}
