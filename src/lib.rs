//! styrdok: a static site generator for governance documents.
//!
//! The pipeline, one module per stage, data flowing one way:
//! config → load → graph → validate → render → output.

pub mod config;
pub mod diag;
pub mod graph;
pub mod import;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod risk;
pub mod text;
pub mod validate;
pub mod views;

use config::Config;
use diag::{Diagnostic, Severity};
use graph::{BuildOptions, Site};
use output::Output;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the build writes.
pub enum Target {
    /// `public/` (or another folder), swapped in atomically on success.
    Disk(PathBuf),
    Memory,
    /// Validate only; nothing is rendered.
    Nowhere,
}

pub struct BuildRequest {
    pub root: PathBuf,
    pub drafts: bool,
    pub today: Option<text::Date>,
    pub target: Target,
}

impl BuildRequest {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildRequest {
            target: Target::Disk(root.join("public")),
            root,
            drafts: false,
            today: None,
        }
    }
}

pub struct BuildReport {
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Files written (in memory mode, with their bytes).
    pub files: BTreeMap<String, Vec<u8>>,
    pub pages: usize,
    pub documents: usize,
}

impl BuildReport {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Loads, checks and (when nothing is wrong) renders a site: the whole pipeline as one
/// function a test can call.
pub fn build(req: &BuildRequest) -> BuildReport {
    let mut diagnostics = Vec::new();
    let fail = |mut diagnostics: Vec<Diagnostic>| {
        diag::sort(&mut diagnostics);
        BuildReport {
            diagnostics,
            files: BTreeMap::new(),
            pages: 0,
            documents: 0,
        }
    };
    let config = match Config::load(&req.root) {
        Ok((config, warnings)) => {
            diagnostics.extend(warnings);
            config
        }
        Err(errors) => return fail(errors),
    };
    let discovered = load::discover(&req.root, &mut diagnostics);
    let (docs, load_diagnostics) = load::load_all(&discovered.documents, &config);
    diagnostics.extend(load_diagnostics);
    let options = BuildOptions {
        drafts: req.drafts,
        today: req.today.unwrap_or_else(text::Date::today),
    };
    let site = Site::new(config, options, docs, discovered.assets);
    diagnostics.extend(validate::validate(&site));
    let templates = match render::templates::Templates::new(&req.root, &site.config.theme) {
        Ok(t) => Some(t),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let (Some(templates), false) = (templates, has_errors) else {
        return fail(diagnostics);
    };
    let out = match &req.target {
        Target::Nowhere => return fail(diagnostics),
        Target::Memory => Output::in_memory(),
        Target::Disk(public) => match Output::to_disk(public) {
            Ok(o) => o,
            Err(e) => {
                diagnostics.push(Diagnostic::error(
                    &diag::Loc::file(load::site_relative(&req.root, public)),
                    format!("cannot prepare the output folder: {e}"),
                ));
                return fail(diagnostics);
            }
        },
    };
    let renderer = render::Renderer::new(&site, &templates, &out);
    let problems = render::pages::render_site(&renderer, &req.root);
    let render_failed = problems.iter().any(|d| d.severity == Severity::Error);
    diagnostics.extend(problems);
    if render_failed {
        out.abort();
        return fail(diagnostics);
    }
    let pages = out.file_count();
    let files = match out.commit() {
        Ok(files) => files,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                &diag::Loc::file("public"),
                format!("cannot replace the output folder: {e}"),
            ));
            return fail(diagnostics);
        }
    };
    diag::sort(&mut diagnostics);
    BuildReport {
        diagnostics,
        files,
        pages,
        documents: site.published.iter().filter(|p| **p).count(),
    }
}

/// Finds the site root: the given folder, or the nearest ancestor of the current
/// folder that holds `styrdok.yaml`.
pub fn find_root(given: Option<&Path>) -> PathBuf {
    if let Some(p) = given {
        return p.to_path_buf();
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    cwd.ancestors()
        .find(|p| p.join(config::CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
        .unwrap_or(cwd)
}
