//! The minijinja environment. Templates are looked up in the site's `templates/`, then
//! in the selected theme's `themes/NAME/templates/`, then in the default theme embedded
//! in the binary, so a site overrides one template at a time.

use minijinja::Environment;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use styrdok_core::diag::{Diagnostic, Loc, SourceMap};

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, embedded.
pub const EMBEDDED_TEMPLATES: &[(&str, &str)] = embed!(
    "base.html",
    "macros.html",
    "record-row.html",
    "doc-row.html",
    "document.html",
    "strategy.html",
    "action-plan.html",
    "risk-analysis.html",
    "safety-report.html",
    "audit-response.html",
    "assignment.html",
    "decision.html",
    "page.html",
    "type-index.html",
    "section.html",
    "index.html",
    "404.html",
    "accessibility.html",
    "responsibles.html",
    "responsible.html",
    "areas.html",
    "area.html",
    "followup.html",
    "calendar.html",
    "calendar-row.html",
    "years.html",
    "year.html",
    "search.html",
    "blocks/risks.html",
    "blocks/activities.html",
    "blocks/actions.html",
    "blocks/recommendations.html",
    "risk-macros.html",
    "risks.html",
);

/// The default theme's static files, embedded; written under `assets/`.
pub const EMBEDDED_STATIC: &[(&str, &[u8])] = &[
    (
        "styrdok.css",
        include_bytes!("../../../themes/default/static/styrdok.css"),
    ),
    (
        "followup.js",
        include_bytes!("../../../themes/default/static/followup.js"),
    ),
    (
        "search.js",
        include_bytes!("../../../themes/default/static/search.js"),
    ),
    (
        "snowball-sv.js",
        include_bytes!("../../../themes/default/static/snowball-sv.js"),
    ),
    (
        "snowball-en.js",
        include_bytes!("../../../themes/default/static/snowball-en.js"),
    ),
    (
        "risk-register.js",
        include_bytes!("../../../themes/default/static/risk-register.js"),
    ),
];

/// Escapes text for HTML like minijinja's default, but leaves `/` alone so URLs stay
/// readable in the output; `none` prints as nothing.
fn html_formatter(
    out: &mut minijinja::Output,
    state: &minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    if value.is_none() || value.is_undefined() {
        return Ok(());
    }
    if state.auto_escape() != minijinja::AutoEscape::None && !value.is_safe() {
        if let Some(s) = value.as_str() {
            return write_escaped(out, s);
        }
        if value.as_object().is_none() && value.len().is_none() {
            return write_escaped(out, &value.to_string());
        }
    }
    minijinja::escape_formatter(out, state, value)
}

fn write_escaped(out: &mut minijinja::Output, s: &str) -> Result<(), minijinja::Error> {
    let mut last = 0;
    for (i, c) in s.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&s[last..i]).map_err(write_error)?;
        out.write_str(replacement).map_err(write_error)?;
        last = i + 1;
    }
    out.write_str(&s[last..]).map_err(write_error)
}

fn write_error(_: std::fmt::Error) -> minijinja::Error {
    minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write output")
}

/// Where each loaded template came from, to locate template errors.
#[derive(Clone, Default)]
pub struct Origins(Arc<Mutex<HashMap<String, (String, String)>>>);

impl Origins {
    fn record(&self, name: &str, display_path: String, source: &str) {
        self.0
            .lock()
            .unwrap()
            .insert(name.to_string(), (display_path, source.to_string()));
    }

    pub fn get(&self, name: &str) -> Option<(String, String)> {
        self.0.lock().unwrap().get(name).cloned()
    }
}

pub struct Templates {
    pub env: Environment<'static>,
    pub origins: Origins,
    /// The theme folder in the site, when the selected theme lives there.
    pub theme_dir: Option<PathBuf>,
    root: PathBuf,
}

/// `name` in the site's templates folder, else in the theme's: the one order of lookup.
fn lookup(site_templates: &Path, theme_templates: Option<&Path>, name: &str) -> Option<PathBuf> {
    std::iter::once(site_templates)
        .chain(theme_templates)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
}

impl Templates {
    pub fn new(root: &Path, theme: &str) -> Result<Templates, Diagnostic> {
        let theme_dir = root.join("themes").join(theme);
        let theme_dir = if theme_dir.is_dir() {
            Some(theme_dir)
        } else if theme == "default" {
            None
        } else {
            return Err(Diagnostic::error(
                &Loc::file(styrdok_config::CONFIG_FILE),
                format!("theme `{theme}` not found: there is no folder themes/{theme}"),
            ));
        };
        let origins = Origins::default();
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        env.set_formatter(html_formatter);
        super::helpers::register(&mut env);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        let site_templates = root.join("templates");
        let theme_templates = theme_dir.as_ref().map(|d| d.join("templates"));
        let root_owned = root.to_path_buf();
        let loader_origins = origins.clone();
        env.set_loader(move |name: &str| {
            if name.contains("..") || name.starts_with('/') {
                return Ok(None);
            }
            if let Some(path) = lookup(&site_templates, theme_templates.as_deref(), name) {
                let source = std::fs::read_to_string(&path).map_err(|e| {
                    minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("cannot read template {}: {e}", path.display()),
                    )
                })?;
                let shown = styrdok_load::site_relative(&root_owned, &path);
                loader_origins.record(name, shown, &source);
                return Ok(Some(source));
            }
            match EMBEDDED_TEMPLATES.iter().find(|(n, _)| *n == name) {
                Some((_, source)) => {
                    loader_origins.record(name, format!("(built-in theme) {name}"), source);
                    Ok(Some(source.to_string()))
                }
                None => Ok(None),
            }
        });
        Ok(Templates {
            env,
            origins,
            theme_dir,
            root: root.to_path_buf(),
        })
    }

    /// A site's or its theme's own file `name` in their `templates/`, as the templates
    /// are looked up (the site first), for a template another engine reads (the PDF
    /// layout, `document.typ`): its path and its path as reports show it.
    pub fn find_override(&self, name: &str) -> Option<(PathBuf, String)> {
        let theme = self.theme_dir.as_ref().map(|d| d.join("templates"));
        let path = lookup(&self.root.join("templates"), theme.as_deref(), name)?;
        let shown = styrdok_load::site_relative(&self.root, &path);
        Some((path, shown))
    }

    /// Renders a template; an error is located in the template that caused it.
    pub fn render(&self, name: &str, ctx: minijinja::Value) -> Result<String, Diagnostic> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| self.diagnostic(name, &e))?;
        template.render(ctx).map_err(|e| self.diagnostic(name, &e))
    }

    pub fn diagnostic(&self, fallback: &str, err: &minijinja::Error) -> Diagnostic {
        let name = err.name().unwrap_or(fallback).to_string();
        let mut message = format!("template error: {}", err.kind());
        if let Some(detail) = err.detail() {
            message.push_str(": ");
            message.push_str(detail);
        }
        match (self.origins.get(&name), err.line()) {
            (Some((path, source)), Some(line)) => {
                let map = SourceMap::new(path, &source);
                let column = err
                    .range()
                    .map(|r| {
                        let start = map.line_start(line as u32);
                        source
                            .get(start..r.start.max(start))
                            .map(|s| s.chars().count() as u32 + 1)
                            .unwrap_or(1)
                    })
                    .unwrap_or(1);
                Diagnostic::error(&map.loc(&source, line as u32, column), message)
            }
            (Some((path, _)), None) => Diagnostic::error(&Loc::file(path), message),
            (None, _) => Diagnostic::error(&Loc::file(format!("templates/{name}")), message),
        }
    }

    /// Static files of the theme: embedded ones, overridden by the theme folder's.
    pub fn static_files(&self) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = EMBEDDED_STATIC
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect();
        if let Some(dir) = &self.theme_dir {
            let static_dir = dir.join("static");
            for entry in walkdir::WalkDir::new(&static_dir)
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                if entry.file_type().is_file() {
                    let rel = styrdok_load::site_relative(&static_dir, entry.path());
                    if let Ok(bytes) = std::fs::read(entry.path()) {
                        files.retain(|(n, _)| *n != rel);
                        files.push((rel, bytes));
                    }
                }
            }
        }
        files.sort();
        files
    }
}
