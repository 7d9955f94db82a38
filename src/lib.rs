//! styrdok: a static site generator for governance documents.
//!
//! The pipeline is a cargo workspace, one crate per stage group under `crates/`, data
//! flowing one way:
//!
//! config → load → graph → validate → search → pages → output → serve
//!
//! with `core` (diagnostics, text, YAML, the document model) below them all, `render`
//! (Markdown, templates, view models, UI strings) a leaf the pages use, `history` (git)
//! read by the graph, and `engine` running the stages once, full or incremental. This
//! crate is the `styrdok` binary and re-exports the crates under their stage names, so
//! tests and fuzz targets reach every stage as `styrdok::<stage>`.

pub use styrdok_config as config;
pub use styrdok_core::{diag, model, text, yaml};
pub use styrdok_engine as engine;
pub use styrdok_engine::{BuildReport, BuildRequest, Target, build, find_root, request, single};
pub use styrdok_graph as graph;
pub use styrdok_graph::risk;
pub use styrdok_history as history;
pub use styrdok_import as import;
pub use styrdok_load as load;
pub use styrdok_output as output;
pub use styrdok_pages as pages;
pub use styrdok_render as render;
pub use styrdok_scaffold as scaffold;
pub use styrdok_search as search;
pub use styrdok_serve as serve;
pub use styrdok_validate as validate;
