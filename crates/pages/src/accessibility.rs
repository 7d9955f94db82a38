//! The accessibility statement (tillgänglighetsredogörelse) that the Swedish DOS law
//! (SFS 2018:1937) requires of public-sector websites, intranets included: how far the
//! site meets WCAG 2.1 AA, what is known not to be accessible, how to report problems,
//! and where to complain (DIGG). Written from `accessibility:` in styrdok.yaml and
//! linked from every page's footer.

use minijinja::{Value, context};
use styrdok_config::{AccessibilityConfig, Assessment, Compliance, ExceptionReason};
use styrdok_graph::Route;
use styrdok_render::context::SiteViews;
use styrdok_render::deps::Dep;
use styrdok_render::{Renderer, i18n};

use crate::spec::{Page, Plan};

/// The statement's page; only the configuration and the UI strings go into it.
pub fn plan<'a>(plan: &mut Plan<'a>) {
    plan.page(Route::Accessibility, vec![Dep::Global], |r| Ok(page(r)));
}

fn page(r: &Renderer) -> Page {
    let site = r.site;
    let lang = site.lang();
    let a = &site.config.accessibility;
    let compliance = match a.compliance {
        Some(Compliance::Full) => i18n::Ui::A11yFull,
        Some(Compliance::Partial) => i18n::Ui::A11yPartial,
        Some(Compliance::None) => i18n::Ui::A11yNone,
        None => i18n::Ui::A11yUnstated,
    };
    let organisation = site
        .config
        .organisation
        .clone()
        .unwrap_or_else(|| site.config.title.clone());
    let service = a
        .service
        .clone()
        .unwrap_or_else(|| site.config.title.clone());
    let assessment = match a.assessment {
        Some(Assessment::Own) => i18n::get(lang, i18n::Ui::A11yAssessedOwn).to_string(),
        Some(Assessment::External) => i18n::get(lang, i18n::Ui::A11yAssessedExternal)
            .replace("{by}", a.assessed_by.as_deref().unwrap_or("–")),
        None => i18n::get(lang, i18n::Ui::A11yAssessedUnstated).to_string(),
    };
    let values = context! {
        a11y => context! {
            organisation,
            service,
            compliance => i18n::get(lang, compliance),
            email => a.email,
            phone => a.phone,
            url => a.url,
            response_time => a.response_time,
            exception_groups => exception_groups(a, lang),
            assessment => assessment.replace("{service}", &service),
            assessed => a.assessed.map(|d| Value::from_serialize(site.date_view(d))),
            updated => a.updated.map(|d| Value::from_serialize(site.date_view(d))),
            supervisory_authority => a.supervisory_authority,
        },
    };
    Page::new(i18n::get(lang, i18n::Ui::A11yTitle), values)
}

/// The known exceptions in DIGG's three groups, in its order; empty groups left out.
fn exception_groups(a: &AccessibilityConfig, lang: styrdok_config::Language) -> Vec<Value> {
    [
        (ExceptionReason::NonCompliance, i18n::Ui::A11yNonCompliance),
        (
            ExceptionReason::DisproportionateBurden,
            i18n::Ui::A11yBurden,
        ),
        (ExceptionReason::OutOfScope, i18n::Ui::A11yOutOfScope),
    ]
    .into_iter()
    .filter_map(|(reason, key)| {
        let items: Vec<Value> = a
            .known_exceptions
            .iter()
            .filter(|e| e.reason == reason)
            .map(|e| context! { content => e.content, explanation => e.explanation })
            .collect();
        (!items.is_empty()).then(|| context! { title => i18n::get(lang, key), items })
    })
    .collect()
}
