//! The command line: one module per verb, each with its arguments and an
//! `execute`. Diagnostics are printed here, rustc-style, with miette.

mod build;
mod check;
mod clean;
mod import;
mod init;
mod report;
mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::Error;

#[derive(Parser)]
#[command(
    name = "budgetbook",
    version,
    about = "Builds a validated, navigable website from a budget book"
)]
struct Cli {
    /// Print only errors
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the book and write the site
    Build(build::Args),
    /// Validate the book without writing anything
    Check(check::Args),
    /// Build, serve on localhost and rebuild on every change
    Serve(serve::Args),
    /// Create a new book
    Init(init::Args),
    /// Remove the built site
    Clean(clean::Args),
    /// Print a spreadsheet's table as a budget block
    Import(import::Args),
}

/// How a command failed: with an error still to print, or already reported
/// in the form the user asked for (e.g. JSON).
pub(crate) enum Failure {
    Error(Error),
    Reported(u8),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Error(error)
    }
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let quiet = cli.quiet;
    let result = match cli.command {
        Command::Build(args) => build::execute(args, quiet),
        Command::Check(args) => check::execute(args, quiet),
        Command::Serve(args) => serve::execute(args, quiet),
        Command::Init(args) => init::execute(args, quiet),
        Command::Clean(args) => clean::execute(args, quiet),
        Command::Import(args) => import::execute(args, quiet),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Reported(code)) => ExitCode::from(code),
        Err(Failure::Error(error)) => {
            report_error(&error, quiet);
            ExitCode::from(error.exit_code())
        }
    }
}

/// The book's problems and the error that ended the run; with `--quiet`,
/// the errors only.
fn report_error(error: &Error, quiet: bool) {
    if let Error::Invalid { diagnostics } = error {
        if quiet {
            let errors: Vec<_> = diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            report::report(&errors);
        } else {
            report::report(diagnostics);
        }
    }
    eprintln!(
        "error: {}",
        crate::diagnostic::for_terminal(&error.to_string())
    );
}
