//! Workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`) through calamine: one
//! sheet's values, formulas and merged cells, within the limits.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{open_workbook_auto, Data, DataRef, Reader, Sheets};

use super::grid::{Area, Cell, Grid, Value};
use super::{choose_area, Request, SheetProblem, MAX_USED_CELLS};
use crate::diagnostic::{suggest, with_thousands};

type Cells = BTreeMap<(u32, u32), Cell>;

pub fn read(path: &Path, shown: &str, request: &Request) -> Result<Grid, SheetProblem> {
    let file = || shown.to_string();
    let mut workbook = open_workbook_auto(path).map_err(|error| open_problem(shown, &error))?;
    let names = workbook.sheet_names();
    let sheet = match &request.sheet {
        Some(name) if names.contains(name) => name.clone(),
        Some(name) => {
            return Err(SheetProblem::NoSheet {
                file: file(),
                sheet: name.clone(),
                sheets: names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                suggestion: suggest(name, names.iter().map(String::as_str)),
            })
        }
        None => names
            .first()
            .cloned()
            .ok_or_else(|| SheetProblem::Unreadable {
                file: file(),
                reason: "it has no sheets".to_string(),
            })?,
    };
    let unreadable = |error: &dyn std::fmt::Display| SheetProblem::Unreadable {
        file: file(),
        reason: error.to_string(),
    };
    let too_many = || SheetProblem::TooLarge {
        what: format!("the sheet `{sheet}` of `{shown}` has more cells"),
        limit: with_thousands(MAX_USED_CELLS as usize),
    };

    let mut cells = Cells::new();
    let merged: Vec<Area> = match &mut workbook {
        // Streamed cell by cell: a small file can claim a cell a million
        // rows down, and a sheet read whole would be laid out to reach it.
        Sheets::Xlsx(xlsx) => {
            let mut reader = xlsx
                .worksheet_cells_reader(&sheet)
                .map_err(|e| unreadable(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
                let value = value_of_ref(cell.get_value());
                if value != Value::Empty {
                    cells.insert(cell.get_position(), plain(value));
                    if cells.len() as u64 > MAX_USED_CELLS {
                        return Err(too_many());
                    }
                }
            }
            drop(reader);
            let mut reader = xlsx
                .worksheet_cells_reader(&sheet)
                .map_err(|e| unreadable(&e))?;
            let mut formulas = 0u64;
            while let Some(cell) = reader.next_formula().map_err(|e| unreadable(&e))? {
                if !cell.get_value().is_empty() {
                    formulas += 1;
                    if formulas > MAX_USED_CELLS {
                        return Err(too_many());
                    }
                    add_formula(&mut cells, cell.get_position(), cell.get_value());
                }
            }
            drop(reader);
            xlsx.merge_cells_by_sheet_name(&sheet)
                .map_err(|e| unreadable(&e))?
                .iter()
                .map(area_of)
                .collect()
        }
        other => {
            let values = other.worksheet_range(&sheet).map_err(|e| unreadable(&e))?;
            for (row, column, data) in values.used_cells() {
                let value = value_of(data);
                if value != Value::Empty {
                    let at = absolute(&values, row, column);
                    cells.insert(at, plain(value));
                }
            }
            let formulas = other
                .worksheet_formula(&sheet)
                .map_err(|e| unreadable(&e))?;
            for (row, column, formula) in formulas.used_cells() {
                if !formula.is_empty() {
                    add_formula(&mut cells, absolute(&formulas, row, column), formula);
                }
            }
            match other {
                Sheets::Xls(xls) => xls
                    .merge_cells_by_sheet_name(&sheet)
                    .unwrap_or_default()
                    .iter()
                    .map(area_of)
                    .collect(),
                _ => Vec::new(),
            }
        }
    };
    let used = cells
        .keys()
        .map(|&(row, column)| Area::single(row, column))
        .reduce(|a, b| a.union(&b));
    let area = choose_area(shown, request.range.as_deref(), used)?;
    Ok(Grid::new(file(), Some(sheet), area, cells, merged))
}

fn plain(value: Value) -> Cell {
    Cell {
        value,
        formula: None,
    }
}

/// Adds a cell's formula; a formula cell without a value holds none that
/// the file kept.
fn add_formula(cells: &mut Cells, at: (u32, u32), formula: &str) {
    let formula = formula.strip_prefix('=').unwrap_or(formula).to_string();
    // ODS writes `of:=SUM([.B2:.B4])`; only its text is shown.
    let cell = cells.entry(at).or_insert(Cell {
        value: Value::NoValue,
        formula: None,
    });
    if matches!(&cell.value, Value::Text(t) if t.is_empty()) {
        cell.value = Value::NoValue;
    }
    cell.formula = Some(formula);
}

fn absolute<T>(range: &calamine::Range<T>, row: usize, column: usize) -> (u32, u32)
where
    T: calamine::CellType,
{
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    (first_row + row as u32, first_column + column as u32)
}

fn area_of(d: &calamine::Dimensions) -> Area {
    Area {
        first_row: d.start.0,
        first_column: d.start.1,
        last_row: d.end.0,
        last_column: d.end.1,
    }
}

fn value_of(data: &Data) -> Value {
    match data {
        Data::Int(i) => Value::Number(i.to_string()),
        Data::Float(f) => Value::number(*f),
        Data::String(s) => text(s),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => Value::Date(d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Date(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
        Data::Empty => Value::Empty,
    }
}

fn value_of_ref(data: &DataRef) -> Value {
    match data {
        DataRef::Int(i) => Value::Number(i.to_string()),
        DataRef::Float(f) => Value::number(*f),
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(d) => Value::Date(d.to_string()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Date(s.clone()),
        DataRef::Error(e) => Value::Error(e.to_string()),
        DataRef::Empty => Value::Empty,
    }
}

/// Text, with an empty string kept apart from no cell: a formula whose
/// value is an empty string has no figure either.
fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// calamine's error as the author can act on it.
fn open_problem(shown: &str, error: &calamine::Error) -> SheetProblem {
    use calamine::{Error, OdsError, XlsError, XlsxError};
    let encrypted = matches!(
        error,
        Error::Xlsx(XlsxError::Password)
            | Error::Xls(XlsError::Password)
            | Error::Ods(OdsError::Password)
    );
    if encrypted {
        return SheetProblem::Encrypted {
            file: shown.to_string(),
        };
    }
    let kind = Path::new(shown)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("spreadsheet")
        .to_ascii_lowercase();
    SheetProblem::Unreadable {
        file: shown.to_string(),
        reason: format!("it is not a valid .{kind} file ({error})"),
    }
}
