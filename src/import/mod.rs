//! Tables from spreadsheets, for `budgetbook import` and for budget blocks
//! that read their figures from a sheet (`source:`): a file (`.xlsx`,
//! `.xlsm`, `.xls`, `.ods` through calamine, or `.csv`) read into a
//! [`grid::Grid`], then into a [`table::SheetTable`] of labels and figures.
//!
//! Every problem is a [`SheetProblem`] naming the file and, where there is
//! one, the cell (`data/drift.xlsx, Drift!D14`).

pub mod csv;
pub mod grid;
pub mod source;
pub mod table;
pub mod totals;
pub mod workbook;
pub mod write;

use std::path::Path;

use crate::budget::number::NumberStyle;
use crate::diagnostic::with_thousands;

pub use grid::{Area, Grid};

/// The most cells of a sheet that a table may span: as many as the YAML
/// reader allows nodes in a block written by hand.
pub const MAX_CELLS: u64 = 100_000;
/// The largest spreadsheet file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The most cells read from a sheet before its area is known.
pub const MAX_USED_CELLS: u64 = 2_000_000;

/// What to read from a file.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The sheet's name; default the first.
    pub sheet: Option<String>,
    /// `A2:F40`; default every cell used.
    pub range: Option<String>,
    /// How a CSV file writes figures; detected when not given.
    pub number_style: Option<NumberStyle>,
    /// A CSV file's delimiter; detected when not given.
    pub delimiter: Option<u8>,
}

/// A sheet read from a file: its cells, and for a CSV file the style its
/// figures are written in.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub grid: Grid,
    /// How the file writes figures as text: given, detected (CSV), or
    /// `None` for a workbook, whose figures are numbers.
    pub number_style: Option<NumberStyle>,
}

/// Reads the sheet `request` names from the file at `path`, shown to the
/// user as `shown`.
pub fn read(path: &Path, shown: &str, request: &Request) -> Result<Sheet, SheetProblem> {
    let file = || shown.to_string();
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(SheetProblem::Missing {
                file: file(),
                what: "does not exist",
            })
        }
        Err(error) => {
            return Err(SheetProblem::Unreadable {
                file: file(),
                reason: error.to_string(),
            })
        }
    };
    if metadata.is_dir() {
        return Err(SheetProblem::Missing {
            file: file(),
            what: "is a directory, not a file",
        });
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(SheetProblem::TooLarge {
            what: format!(
                "`{shown}` is {} bytes",
                with_thousands(metadata.len() as usize)
            ),
            limit: with_thousands(MAX_FILE_BYTES as usize),
        });
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match extension.as_str() {
        "csv" | "txt" | "tsv" => csv::read(path, shown, request),
        "xlsx" | "xlsm" | "xls" | "ods" => workbook::read(path, shown, request).map(|grid| Sheet {
            grid,
            number_style: request.number_style,
        }),
        _ => Err(SheetProblem::Format { file: file() }),
    }
}

/// A sheet read as a budget block, for `budgetbook import`.
#[derive(Debug)]
pub struct Imported {
    /// The block's YAML, without the fence.
    pub yaml: String,
    pub table: table::SheetTable,
    pub findings: totals::Findings,
}

impl Imported {
    /// "35 rows, 6 columns, 5 totals found, 0 unchecked".
    pub fn summary(&self) -> String {
        write::summary(&self.table, &self.findings)
    }
}

/// Reads the sheet and writes it as a block with the id `id` (default: the
/// slug of its title, else of the file's name). Text figures in a workbook
/// are read in `default_style` unless the request names one.
pub fn import(
    path: &Path,
    shown: &str,
    request: &Request,
    id: Option<&str>,
    default_style: NumberStyle,
) -> Result<Imported, Vec<SheetProblem>> {
    let sheet = read(path, shown, request).map_err(|p| vec![p])?;
    let style = sheet.number_style.unwrap_or(default_style);
    let reader = table::FigureReader {
        style,
        currency: &[],
    };
    let table = table::detect(sheet.grid, reader)?;
    let findings = totals::find(&table);
    let id = match id {
        Some(id) => id.to_string(),
        None => {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            table::ascii_slug(table.title.as_deref().unwrap_or(stem), "table")
        }
    };
    let yaml = write::block(&id, &table, &findings, style);
    Ok(Imported {
        yaml,
        table,
        findings,
    })
}

/// The area to read: the range asked for, else every cell used. `used` is
/// `None` for a sheet without cells.
pub(crate) fn choose_area(
    file: &str,
    range: Option<&str>,
    used: Option<Area>,
) -> Result<Area, SheetProblem> {
    let area = match range {
        Some(text) => {
            let Some(asked) = Area::parse(text) else {
                return Err(SheetProblem::Range {
                    range: text.to_string(),
                    reason: "is not a range of cells like `A2:F40`".to_string(),
                });
            };
            match used {
                Some(used) if asked.intersection(&used).is_some() => asked,
                Some(used) => {
                    return Err(SheetProblem::Range {
                        range: text.to_string(),
                        reason: format!("holds no cells of `{file}`: its cells are {used}"),
                    })
                }
                None => {
                    return Err(SheetProblem::Range {
                        range: text.to_string(),
                        reason: format!("holds no cells: `{file}` has none"),
                    })
                }
            }
        }
        None => used.ok_or_else(|| SheetProblem::Range {
            range: "(the whole sheet)".to_string(),
            reason: format!("holds no cells: `{file}` has none"),
        })?,
    };
    // The table's cells, not the range's: a generous range over a small
    // table costs nothing.
    let filled = used.and_then(|u| u.intersection(&area)).unwrap_or(area);
    if filled.cells() > MAX_CELLS {
        return Err(SheetProblem::TooLarge {
            what: format!(
                "the table in `{file}` spans {} cells ({filled})",
                with_thousands(filled.cells() as usize)
            ),
            limit: with_thousands(MAX_CELLS as usize),
        });
    }
    Ok(filled)
}

/// Why a sheet, or a block that reads one, cannot give a table.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SheetProblem {
    #[error("the spreadsheet `{file}` {what}")]
    Missing { file: String, what: &'static str },
    #[error("the spreadsheet `{file}` is outside the book{how}")]
    OutsideBook { file: String, how: &'static str },
    #[error("`{file}` is not a spreadsheet budgetbook reads")]
    Format { file: String },
    #[error("`{file}` cannot be read: {reason}")]
    Unreadable { file: String, reason: String },
    #[error("`{file}` is protected by a password")]
    Encrypted { file: String },
    #[error("`{file}` has no sheet `{sheet}`; its sheets are {sheets}")]
    NoSheet {
        file: String,
        sheet: String,
        sheets: String,
        suggestion: Option<String>,
    },
    #[error("the range `{range}` {reason}")]
    Range { range: String, reason: String },
    #[error("{what}, more than the limit of {limit}")]
    TooLarge { what: String, limit: String },
    #[error("{place} is one of the merged cells {area}, among the figures")]
    Merged { place: String, area: String },
    #[error("{place} holds {found}, not a figure")]
    Cell {
        place: String,
        found: String,
        /// A formula whose value the file does not hold.
        formula: bool,
    },
    #[error("{place} has no label, but the row has figures")]
    NoLabel { place: String },
    #[error("`rows:` names the row `{entry}`, but the sheet has no row with that id or label")]
    UnmatchedRow {
        entry: String,
        suggestion: Option<String>,
    },
    #[error("`{key}` comes from the sheet in a block with `source`")]
    FromSheet { key: &'static str },
}

impl SheetProblem {
    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            SheetProblem::Missing { .. } => {
                "give the file's path from the book's folder, e.g. `file: data/driftbudget.xlsx`".into()
            }
            SheetProblem::OutsideBook { .. } => {
                "keep the spreadsheet inside the book's folder, e.g. in `data/`, and name it from there".into()
            }
            SheetProblem::Format { .. } => {
                "save it as .xlsx, .xlsm, .xls, .ods or .csv".into()
            }
            SheetProblem::Unreadable { .. } => {
                "open it in a spreadsheet program and save it again, e.g. as .xlsx".into()
            }
            SheetProblem::Encrypted { .. } => {
                "save a copy without a password: the book must be readable by whoever builds it".into()
            }
            SheetProblem::NoSheet { suggestion, .. } => match suggestion {
                Some(name) => format!("did you mean `{name}`?"),
                None => "name one of its sheets".into(),
            },
            SheetProblem::Range { .. } => {
                "name the table's cells, header row and label column included: `range: \"A2:F40\"`".into()
            }
            SheetProblem::TooLarge { .. } => {
                "name the table's own cells with `range`, or split the table".into()
            }
            SheetProblem::Merged { .. } => {
                "unmerge the cells in the spreadsheet: each figure needs a cell of its own".into()
            }
            SheetProblem::Cell { formula: true, .. } => {
                "open the file in a spreadsheet program and save it, so that it keeps each formula's value; budgetbook reads figures, it does not compute the sheet's formulas".into()
            }
            SheetProblem::Cell { .. } => {
                "put the figure in the cell: a number, a dash for nil, or nothing for no figure".into()
            }
            SheetProblem::NoLabel { .. } => {
                "give the row a label in the table's first column".into()
            }
            SheetProblem::UnmatchedRow { suggestion, .. } => match suggestion {
                Some(name) => format!("did you mean `{name}`? an entry of `rows:` names a row of the sheet by its `id` or its `label`"),
                None => "an entry of `rows:` names a row of the sheet by its `id` or its `label`".into(),
            },
            SheetProblem::FromSheet { key } => format!(
                "leave `{key}` out: the range's first row gives the columns, its first column the labels and the rest the figures"
            ),
        }
    }
}
