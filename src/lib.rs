//! styrdok: a static site generator for governance documents.
//!
//! The pipeline, one module per stage, data flowing one way:
//! config → load → graph → validate → views and search (rendered with `render`, a
//! leaf) → output; `engine` runs it, `serve` keeps an engine. No module imports one
//! above it.

pub mod config;
pub mod diag;
pub mod engine;
pub mod graph;
pub mod history;
pub mod import;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod request;
pub mod risk;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod single;
pub mod text;
pub mod validate;
pub mod views;
pub mod yaml;

pub use request::{BuildReport, BuildRequest, Target};

use std::path::{Path, PathBuf};

/// Loads, checks and (when nothing is wrong) renders a site: the whole pipeline as one
/// function a test can call.
pub fn build(req: &BuildRequest) -> BuildReport {
    let today = req.today.unwrap_or_else(text::Date::today);
    engine::Engine::new(&req.root, req.drafts, today).full(&req.target)
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
