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
}

pub fn execute(args: Args) -> Result<(), Error> {
    let started = Instant::now();
    let report = site::build(
        &args.dir,
        &BuildOptions {
            include_drafts: args.drafts,
            destination: args.dest,
        },
    )?;
    super::report::report(&report.warnings);
    eprintln!(
        "built {} pages with {} budget tables into {} ({} warnings) in {} ms",
        report.pages,
        report.blocks,
        report.destination.display(),
        report.warnings.len(),
        started.elapsed().as_millis()
    );
    Ok(())
}
