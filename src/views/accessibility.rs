//! The accessibility statement (tillgänglighetsredogörelse) that the Swedish DOS law
//! (SFS 2018:1937) requires of public-sector websites, intranets included: how far the
//! site meets WCAG 2.1 AA, what is known not to be accessible, how to report problems,
//! and where to complain (DIGG). Written from `accessibility:` in styrdok.yaml and
//! linked from every page's footer.

use crate::config::Compliance;
use crate::diag::Diagnostic;
use crate::render::deps::Dep;
use crate::render::{PageInfo, Renderer, i18n};
use minijinja::{Value, context};

/// Below `base_path`; the footer of every page links here.
pub const URL: &str = "tillganglighet/";

pub fn render(r: &Renderer) -> Vec<Diagnostic> {
    // Only the configuration and the UI strings go into it.
    if !r.wants_page(URL, vec![Dep::Global]) {
        return Vec::new();
    }
    let site = r.site;
    let lang = site.lang();
    let a = &site.config.accessibility;
    let compliance = match a.compliance {
        Compliance::Full => "a11y_full",
        Compliance::Partial => "a11y_partial",
        Compliance::None => "a11y_none",
    };
    let page = PageInfo {
        title: i18n::get(lang, "a11y_title").to_string(),
        url: URL.to_string(),
        breadcrumbs: site.breadcrumbs(""),
    };
    let values = context! {
        a11y => context! {
            organisation => site.config.organisation.clone().unwrap_or_else(|| site.config.title.clone()),
            compliance => i18n::get(lang, compliance),
            email => a.email,
            phone => a.phone,
            url => a.url,
            known_exceptions => a.known_exceptions,
            last_review => a.last_review.map(|d| Value::from_serialize(site.date_view(d))),
            supervisory_authority => a.supervisory_authority,
        },
    };
    r.page("accessibility.html", page, values)
        .err()
        .into_iter()
        .collect()
}
