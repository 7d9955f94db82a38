//! Render: Markdown → HTML with link rewriting, the minijinja environment with the
//! embedded theme, one context per page kind, UI strings.

pub mod context;
pub mod i18n;
pub mod markdown;
pub mod pages;
pub mod templates;
