//! The vocabulary every stage shares: diagnostics with their positions (`diag`), text
//! (dates, slugs, Swedish collation), YAML read with positions (`yaml`) and the document
//! model (`model`). It depends on no other styrdok crate.

pub mod diag;
pub mod model;
pub mod schema;
pub mod text;
pub mod yaml;
