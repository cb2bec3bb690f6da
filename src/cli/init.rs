use std::fs;
use std::path::PathBuf;

use super::Failure;
use crate::error::Error;

/// The files of a new book: a configuration, a table of contents, a chapter
/// with a budget block of every chart kind, and a README for the author.
const FILES: &[(&str, &str)] = &[
    ("book.toml", include_str!("new_book/book.toml")),
    ("content/SUMMARY.md", include_str!("new_book/SUMMARY.md")),
    ("content/budget.md", include_str!("new_book/budget.md")),
    ("README.md", include_str!("new_book/README.md")),
    ("static/.gitkeep", ""),
    (".gitignore", "book/\n"),
];

#[derive(clap::Args)]
pub struct Args {
    /// Where to create the book (created if missing)
    #[arg(default_value = ".")]
    dir: PathBuf,
}

pub fn execute(args: Args, quiet: bool) -> Result<(), Failure> {
    for (name, _) in FILES {
        let path = args.dir.join(name);
        if path.exists() || (name.starts_with("content/") && args.dir.join("content").exists()) {
            return Err(Error::Destination {
                path: args.dir.clone(),
                reason: "it already holds a book (book.toml, content/ or README.md); init never overwrites",
            }
            .into());
        }
    }
    for (name, text) in FILES {
        let path = args.dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        }
        fs::write(&path, text).map_err(|e| Error::io("write", &path, e))?;
    }
    if !quiet {
        eprintln!(
            "created a new book in {}; next: `budgetbook serve {}`",
            args.dir.display(),
            args.dir.display()
        );
    }
    Ok(())
}
