//! `budgetbook check`: validates a book without writing, and reports as
//! text or as JSON for editors and CI.

use std::path::PathBuf;

use super::Failure;
use crate::budget::validate::Coverage;
use crate::diagnostic::{counted, Diagnostic, Severity};
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
    /// Show how a derived figure is computed, or how a goal is decided:
    /// `block.row` or `block.row[column]`
    #[arg(long, value_name = "ROW[COLUMN]")]
    explain: Option<String>,
}

fn print_list(list: &[serde_json::Value]) {
    println!("{}", serde_json::to_string_pretty(list).unwrap_or_default());
}

/// The last entry: how many problems of each severity, the worst first,
/// and for a book without errors how many derived figures were checked.
fn summary_json(diagnostics: &[Diagnostic], coverage: Option<&Coverage>) -> serde_json::Value {
    let count = |severity| super::report::count(diagnostics, severity);
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    let worst = diagnostics.iter().map(|d| d.severity).max();
    let mut message = format!("{errors} errors, {warnings} warnings, {notes} notes");
    if let Some(coverage) = coverage {
        message.push_str(&format!("; {}", coverage.summary()));
    }
    let mut value = serde_json::json!({
        "severity": worst.unwrap_or(Severity::Note).name(),
        "code": "summary",
        "message": message,
        "help": null,
        "errors": errors,
        "warnings": warnings,
        "notes": notes,
    });
    if let Some(coverage) = coverage {
        value["derived"] = serde_json::json!(coverage.total());
        value["checked"] = serde_json::json!(coverage.checked);
        value["unchecked"] = serde_json::json!(coverage.unchecked);
        value["as_published"] = serde_json::json!(coverage.as_published);
    }
    value
}

/// A failure that is not about the book's content, in the shape of a
/// diagnostic, so that an editor or CI reads it like the others.
fn failure_json(error: &Error) -> serde_json::Value {
    let (code, help, file) = match error {
        Error::NotABook { dir } => (
            "not-a-book",
            "run the command in the book's directory, name it, or create one with `budgetbook init`",
            Some(dir.join("book.toml")),
        ),
        Error::Io { path, .. } => (
            "io",
            "check that the file exists and that you may read it",
            Some(path.clone()),
        ),
        Error::Template { .. } => ("template", "correct the template", None),
        Error::Destination { path, .. } => ("destination", "choose another folder", Some(path.clone())),
        Error::Invalid { .. } => ("invalid", "correct the errors listed", None),
        Error::Preview { .. } => (
            "preview",
            "write `chart: none` for this table, and report the fault",
            None,
        ),
    };
    let mut value = serde_json::json!({
        "severity": "error",
        "code": code,
        "message": error.to_string(),
        "help": help,
    });
    if let Some(file) = file {
        value["file"] = serde_json::json!(file.to_string_lossy().replace('\\', "/"));
    }
    value
}

pub fn execute(args: Args, quiet: bool) -> Result<(), Failure> {
    if let Some(target) = &args.explain {
        let blocks = site::read_blocks(&args.dir, true)?;
        return match crate::budget::explain::explain(&blocks, target) {
            Ok(text) => {
                print!("{text}");
                Ok(())
            }
            Err(refusal) => {
                eprintln!("error: {refusal}");
                Err(Failure::Reported(2))
            }
        };
    }
    // Drafts are checked too: their errors are worth knowing before
    // publishing.
    let result = site::check_before_publishing(&args.dir);
    match (args.format, result) {
        (Format::Json, Ok(checked)) => {
            let mut list: Vec<_> = super::report::in_file_order(&checked.warnings)
                .into_iter()
                .map(Diagnostic::to_json)
                .collect();
            list.push(summary_json(
                &checked.warnings,
                Some(&checked.verdicts.coverage),
            ));
            print_list(&list);
            Ok(())
        }
        (Format::Json, Err(Error::Invalid { diagnostics })) => {
            let mut list: Vec<_> = super::report::in_file_order(&diagnostics)
                .into_iter()
                .map(Diagnostic::to_json)
                .collect();
            list.push(summary_json(&diagnostics, None));
            print_list(&list);
            Err(Failure::Reported(1))
        }
        (Format::Json, Err(error)) => {
            print_list(&[failure_json(&error)]);
            Err(Failure::Reported(error.exit_code()))
        }
        (Format::Human, Ok(checked)) => {
            if !quiet {
                super::report::report(&checked.warnings);
                eprintln!(
                    "checked {} and {}: no errors, {}",
                    counted(checked.parsed.chapters.len(), "chapter", "chapters"),
                    counted(checked.parsed.blocks.len(), "budget table", "budget tables"),
                    super::report::counts(&checked.warnings)
                );
                eprintln!("{}", checked.verdicts.coverage.summary());
                if let Some(goals) = site::goals_line(&checked) {
                    eprintln!("{goals}");
                }
            }
            Ok(())
        }
        (_, Err(error)) => Err(error.into()),
    }
}
