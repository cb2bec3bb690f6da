use std::path::PathBuf;
use std::time::Instant;

use crate::error::Error;
use crate::site::{self, BuildOptions};

#[derive(clap::Args)]
pub struct Args {
    /// The book's directory (with book.toml)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Write the site here instead of the book's build-dir
    #[arg(long, short)]
    dest: Option<PathBuf>,
    /// Include chapters marked `draft: true`, marked as drafts
    #[arg(long)]
    drafts: bool,
    /// Leave out the search index (faster)
    #[arg(long)]
    no_search: bool,
}

pub fn execute(args: Args) -> Result<(), Error> {
    let started = Instant::now();
    let report = site::build(
        &args.dir,
        &BuildOptions {
            include_drafts: args.drafts,
            destination: args.dest,
            search: !args.no_search,
        },
    )?;
    super::report::report(&report.warnings);
    eprintln!(
        "built {} pages, {} budget tables and {} charts into {} ({} warnings) in {} ms; search index {:.1} kB",
        report.pages,
        report.blocks,
        report.charts,
        report.destination.display(),
        report.warnings.len(),
        started.elapsed().as_millis(),
        report.search_index_bytes as f64 / 1000.0,
    );
    Ok(())
}
