//! The command line: one module per verb, each with its arguments and an
//! `execute`. Diagnostics are printed here, rustc-style, with miette.

mod build;
mod check;
mod report;

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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the book and write the site
    Build(build::Args),
    /// Validate the book without writing anything
    Check(check::Args),
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Build(args) => build::execute(args),
        Command::Check(args) => check::execute(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report_error(&error);
            ExitCode::from(error.exit_code())
        }
    }
}

fn report_error(error: &Error) {
    if let Error::Invalid { diagnostics } = error {
        report::report(diagnostics);
    }
    eprintln!("error: {error}");
}
