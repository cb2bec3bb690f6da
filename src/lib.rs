//! budgetbook: a static-site generator for budget documents.
//!
//! A book is Markdown chapters with YAML budget blocks. The pipeline, one
//! module per stage, data flowing one way:
//!
//! 1. [`load`]: `book.toml`, `SUMMARY.md`, chapter files, templates, static files;
//! 2. [`parse`]: Markdown to HTML pieces and headings; budget blocks to [`budget::Block`]s;
//! 3. [`budget::validate`]: references, cycles, sums, formulas and checks;
//! 4. [`render`]: pages from Tera templates;
//! 5. [`site`]: the whole pipeline, and the atomic write of the output.
//!
//! Problems in a book are [`diagnostic::Diagnostic`]s, each with a location.

pub mod budget;
pub mod cli;
pub mod diagnostic;
pub mod error;
pub mod import;
pub mod load;
pub mod parse;
pub mod render;
pub mod site;
pub mod source;
mod yaml;

pub use error::Error;
pub use site::{build, check, BuildOptions, BuildReport};
