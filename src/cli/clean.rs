use std::path::PathBuf;

use super::Failure;
use crate::site;

#[derive(clap::Args)]
pub struct Args {
    /// The book's directory (with book.toml)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Remove this directory instead of the book's build-dir
    #[arg(long, short)]
    dest: Option<PathBuf>,
}

pub fn execute(args: Args, quiet: bool) -> Result<(), Failure> {
    let removed = site::clean(&args.dir, args.dest.as_deref())?;
    if !quiet {
        match removed {
            Some(path) => eprintln!("removed {}", path.display()),
            None => eprintln!("nothing to remove"),
        }
    }
    Ok(())
}
