use std::path::PathBuf;

use super::Failure;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::site;

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// rustc-style reports with the source line and a caret
    Human,
    /// a JSON array of diagnostics on standard output
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// The book's directory (with book.toml)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// How to print diagnostics
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

fn print_json(diagnostics: &[Diagnostic]) {
    let list: Vec<_> = diagnostics.iter().map(Diagnostic::to_json).collect();
    println!(
        "{}",
        serde_json::to_string_pretty(&list).unwrap_or_default()
    );
}

pub fn execute(args: Args, quiet: bool) -> Result<(), Failure> {
    // Drafts are checked too: their errors are worth knowing before publishing.
    let result = site::check(&args.dir, true);
    match (args.format, result) {
        (Format::Json, Ok(checked)) => {
            print_json(&checked.warnings);
            Ok(())
        }
        (Format::Json, Err(Error::Invalid { diagnostics })) => {
            print_json(&diagnostics);
            Err(Failure::Reported(1))
        }
        (Format::Human, Ok(checked)) => {
            if !quiet {
                super::report::report(&checked.warnings);
                eprintln!(
                    "checked {} chapters and {} budget tables: no errors, {} warnings",
                    checked.parsed.chapters.len(),
                    checked.parsed.blocks.len(),
                    checked.warnings.len()
                );
            }
            Ok(())
        }
        (_, Err(error)) => Err(error.into()),
    }
}
