//! `budgetbook import`: a table of a spreadsheet as a budget block, printed
//! or appended to a chapter, with its totals found; what it found, and
//! what it could not check, on stderr.

use std::io::Write;
use std::path::PathBuf;

use super::Failure;
use crate::budget::number::NumberStyle;
use crate::diagnostic::{for_terminal, Problem};
use crate::error::Error;
use crate::import::{self, Request, SheetProblem};

#[derive(clap::Args)]
pub struct Args {
    /// The spreadsheet: .xlsx, .xlsm, .xls, .ods or .csv
    file: PathBuf,
    /// The sheet to read (default: the first)
    #[arg(long)]
    sheet: Option<String>,
    /// The table's cells, e.g. A1:F40 (default: every cell used)
    #[arg(long)]
    range: Option<String>,
    /// The block's id (default: from its title, else the file's name)
    #[arg(long)]
    id: Option<String>,
    /// Append the block to this chapter instead of printing it
    #[arg(long, value_name = "CHAPTER.md")]
    into: Option<PathBuf>,
    /// How text figures are written: sv (1 234,5) or en (1,234.5);
    /// detected in a CSV file
    #[arg(long, value_parser = ["sv", "en"])]
    number_style: Option<String>,
    /// A CSV file's delimiter: ; , or tab (detected when not given)
    #[arg(long, value_parser = ["comma", ",", "semicolon", ";", "tab"])]
    delimiter: Option<String>,
}

pub fn execute(args: Args, quiet: bool) -> Result<(), Failure> {
    if let Some(id) = &args.id {
        if !crate::budget::expr::is_valid_id(id) {
            eprintln!(
                "error: `{}` is not a valid id: use a–z, 0–9 and inner `-`",
                for_terminal(id)
            );
            return Err(Failure::Reported(2));
        }
    }
    let number_style = args.number_style.as_deref().map(|s| match s {
        "en" => NumberStyle::En,
        _ => NumberStyle::Sv,
    });
    let request = Request {
        sheet: args.sheet,
        range: args.range,
        number_style,
        delimiter: args.delimiter.as_deref().map(|d| match d {
            "semicolon" | ";" => b';',
            "tab" => b'\t',
            _ => b',',
        }),
    };
    let shown = args.file.display().to_string();
    let imported = match import::import(
        &args.file,
        &shown,
        &request,
        args.id.as_deref(),
        number_style.unwrap_or_default(),
    ) {
        Ok(imported) => imported,
        Err(problems) => {
            for problem in &problems {
                report(problem);
            }
            let io = problems.iter().any(|p| {
                matches!(
                    p,
                    SheetProblem::Missing { .. } | SheetProblem::Unreadable { .. }
                )
            });
            eprintln!(
                "error: `{}` could not be imported ({} problem{})",
                for_terminal(&shown),
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            );
            return Err(Failure::Reported(if io { 2 } else { 1 }));
        }
    };
    let fenced = format!("```budget\n{}```\n", imported.yaml);
    match &args.into {
        Some(chapter) => append(chapter, &fenced)?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(fenced.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| Error::io("write", "standard output", e))?;
        }
    }
    if !quiet {
        for &row in &imported.findings.unmatched {
            let row = &imported.table.rows[row];
            let place = imported
                .table
                .grid
                .place(row.row, imported.table.grid.area.first_column);
            eprintln!(
                "warning: {}: `{}` looks like a total but equals no rows above it; its figures are kept as stated, unchecked",
                for_terminal(&place),
                for_terminal(&row.label)
            );
        }
    }
    eprintln!("{}", imported.summary());
    Ok(())
}

/// Appends the fenced block to the chapter, after a blank line.
fn append(chapter: &std::path::Path, fenced: &str) -> Result<(), Error> {
    let existing = match std::fs::read_to_string(chapter) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io("read", chapter, e)),
    };
    let separator = match existing.as_str() {
        "" => "",
        text if text.ends_with("\n\n") => "",
        text if text.ends_with('\n') => "\n",
        _ => "\n\n",
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(chapter)
        .map_err(|e| Error::io("open", chapter, e))?;
    file.write_all(format!("{separator}{fenced}").as_bytes())
        .map_err(|e| Error::io("write", chapter, e))
}

/// `error[sheet-cell]: message` and what to do, as `check` prints problems
/// that have no place in a chapter.
fn report(problem: &SheetProblem) {
    let problem = Problem::Sheet(problem.clone());
    eprintln!(
        "error[{}]: {}",
        problem.code(),
        for_terminal(&problem.to_string())
    );
    if let Some(help) = problem.help() {
        eprintln!("  help: {}", for_terminal(&help));
    }
}
