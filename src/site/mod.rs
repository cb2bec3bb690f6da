//! The pipeline, stage by stage: load → parse → validate → render → write.

pub mod output;

use std::path::{Path, PathBuf};

use crate::budget::{self, Verdicts};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::Error;
use crate::load;
use crate::parse::{self, ParsedBook};
use crate::render::{RenderOptions, Renderer};

/// A book whose figures have been checked, ready to render.
pub struct CheckedBook {
    pub parsed: ParsedBook,
    pub verdicts: Verdicts,
    /// Warnings only: a book with errors is an [`Error::Invalid`].
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Publish chapters marked `draft: true` (marked as drafts).
    pub include_drafts: bool,
    /// Where to write the site; default: the book's `build-dir`.
    pub destination: Option<PathBuf>,
    /// Build the search index.
    pub search: bool,
}

impl BuildOptions {
    /// What `budgetbook build` does by default: everything, drafts left out.
    pub fn full() -> Self {
        BuildOptions {
            include_drafts: false,
            destination: None,
            search: true,
        }
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub destination: PathBuf,
    pub pages: usize,
    pub blocks: usize,
    pub charts: usize,
    pub search_index_bytes: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Loads, parses and validates the book in `root`.
pub fn check(root: &Path, include_drafts: bool) -> Result<CheckedBook, Error> {
    let mut diagnostics = Diagnostics::default();
    let book = load::load(root, &mut diagnostics)?;
    let parsed = parse::parse(book, include_drafts, &mut diagnostics);
    let verdicts = budget::validate::validate(&parsed.blocks, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(Error::Invalid {
            diagnostics: diagnostics.into_vec(),
        });
    }
    Ok(CheckedBook {
        parsed,
        verdicts,
        warnings: diagnostics.into_vec(),
    })
}

/// Builds the site of the book in `root`. Nothing is written unless the whole
/// book is valid and every page rendered.
pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildReport, Error> {
    let checked = check(root, options.include_drafts)?;
    let book = &checked.parsed.book;
    let destination = options
        .destination
        .clone()
        .unwrap_or_else(|| root.join(&book.config.build_dir));
    refuse_destination(root, &book.config.src, &destination)?;

    let renderer = Renderer::new(&book.templates, book.config.language)?;
    let rendered = renderer.render(
        &checked.parsed,
        &checked.verdicts,
        RenderOptions {
            search: options.search,
        },
    )?;
    let statics = output::StaticFiles {
        dir: root.join("static"),
        files: &book.static_files,
    };
    output::write_site(&destination, &rendered.files, &statics)?;
    Ok(BuildReport {
        destination,
        pages: rendered.pages,
        blocks: checked.parsed.blocks.len(),
        charts: rendered.charts,
        search_index_bytes: rendered.search_index_bytes,
        warnings: checked.warnings,
    })
}

/// The site replaces its destination, so the destination must never be
/// something the author would lose: the book itself, its sources, or `/`.
fn refuse_destination(root: &Path, src: &Path, destination: &Path) -> Result<(), Error> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let destination_abs = absolute(destination);
    let root_abs = absolute(root);
    let refuse = |reason| {
        Err(Error::Destination {
            path: destination.to_path_buf(),
            reason,
        })
    };
    if destination_abs.parent().is_none() {
        return refuse("it is the root directory");
    }
    if root_abs.starts_with(&destination_abs) {
        return refuse("it contains the book");
    }
    if destination_abs.starts_with(root_abs.join(src))
        || destination_abs.starts_with(root_abs.join("templates"))
        || destination_abs.starts_with(root_abs.join("static"))
    {
        return refuse("it is inside the book's sources");
    }
    Ok(())
}
