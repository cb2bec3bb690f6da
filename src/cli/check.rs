use std::path::PathBuf;

use crate::error::Error;
use crate::site;

#[derive(clap::Args)]
pub struct Args {
    /// The book's directory (with book.toml)
    #[arg(default_value = ".")]
    dir: PathBuf,
}

pub fn execute(args: Args) -> Result<(), Error> {
    // Drafts are checked too: their errors are worth knowing before publishing.
    let checked = site::check(&args.dir, true)?;
    super::report::report(&checked.warnings);
    eprintln!(
        "checked {} chapters and {} budget tables: no errors, {} warnings",
        checked.parsed.chapters.len(),
        checked.parsed.blocks.len(),
        checked.warnings.len()
    );
    Ok(())
}
