//! From a sheet's cells to a table: a title, columns (with groups), and
//! rows of a label and one figure per column, each figure read exactly as
//! the cell holds it.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::grid::{Cell, Grid, Value};
use super::SheetProblem;
use crate::budget::ids::{self, Layout};
use crate::budget::number::{self, NumberStyle, Written};
use crate::parse::slug::slugify;

#[derive(Debug, Clone)]
pub struct SheetTable {
    pub title: Option<String>,
    /// A unit of money the title names at its end ("Resultatbudget (mnkr)").
    pub unit: Option<String>,
    pub columns: Vec<SheetColumn>,
    pub rows: Vec<SheetRow>,
    pub grid: Grid,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SheetColumn {
    pub name: String,
    pub group: Option<String>,
    /// The sheet's column (0 is A).
    pub column: u32,
}

#[derive(Debug, Clone)]
pub struct SheetRow {
    /// A unique id, slugged from the label.
    pub id: String,
    pub label: String,
    /// The sheet's row (0 is row 1).
    pub row: u32,
    /// One per column; empty for a label without figures.
    pub figures: Vec<SheetFigure>,
    /// A `%` followed its figures.
    pub percent: bool,
}

impl SheetRow {
    /// A label with no figure beside it groups the rows below it.
    pub fn is_heading(&self) -> bool {
        self.figures.iter().all(|f| f.value == FigureValue::None)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SheetFigure {
    pub value: FigureValue,
    /// The formula of the cell, when it has one.
    pub formula: Option<String>,
    /// The sheet's column.
    pub column: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FigureValue {
    /// An empty cell: no figure.
    None,
    /// A dash: nil, zero.
    Nil,
    /// A figure, with its text as the cell holds it: a number's shortest
    /// exact text (`412.5`), or the text of a text cell (`"1 017 829"`).
    Figure {
        value: Decimal,
        text: String,
        /// Written as text (quoted in YAML), not as a number.
        quoted: bool,
    },
}

impl FigureValue {
    pub fn decimal(&self) -> Option<Decimal> {
        match self {
            FigureValue::None => None,
            FigureValue::Nil => Some(Decimal::ZERO),
            FigureValue::Figure { value, .. } => Some(*value),
        }
    }
}

/// How text in a figure cell is read.
#[derive(Debug, Clone, Copy)]
pub struct FigureReader<'a> {
    pub style: NumberStyle,
    pub currency: &'a [&'a str],
}

/// The area's first row gives the columns, its first column the labels,
/// the rest the figures: as a block with `source:` reads its range.
pub fn plain(grid: Grid, reader: FigureReader) -> Result<SheetTable, Vec<SheetProblem>> {
    let area = grid.area;
    let short = if area.width() < 2 {
        Some("has no column of figures: its first column holds the labels")
    } else if area.height() < 2 {
        Some("has no rows below its first row, which holds the column headings")
    } else {
        None
    };
    if let Some(reason) = short {
        return Err(vec![SheetProblem::Range {
            range: area.to_string(),
            reason: reason.to_string(),
        }]);
    }
    let header = area.first_row;
    let columns = (area.first_column + 1..=area.last_column)
        .map(|column| SheetColumn {
            name: heading_text(grid.cell(header, column), column),
            group: None,
            column,
        })
        .collect();
    build(grid, None, columns, header + 1, reader)
}

/// A title that ends with its unit of money in brackets, as sheets are
/// titled ("Investeringsbudget 2027–2029 (tkr)", "Net budget (£000)"): the
/// title without it, and the unit.
fn title_and_unit(title: &str) -> Option<(String, String)> {
    let inner = title.trim_end().strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let unit = inner[open + 1..].trim();
    let bare = inner[..open].trim_end();
    (crate::budget::unit::money(unit).is_some() && !bare.is_empty())
        .then(|| (bare.to_string(), unit.to_string()))
}

/// A title row above the header if there is one (a row with one text
/// cell), the header row, and a second header row when the first one
/// leaves gaps that the second fills: the first then holds the groups.
pub fn detect(grid: Grid, reader: FigureReader) -> Result<SheetTable, Vec<SheetProblem>> {
    let area = grid.area;
    let filled = |row: u32| -> Vec<u32> {
        (area.first_column..=area.last_column)
            .filter(|&c| !grid.cell(row, c).value.is_empty())
            .collect()
    };
    let mut rows = (area.first_row..=area.last_row).filter(|&r| !filled(r).is_empty());
    let mut first = rows.next().unwrap_or(area.first_row);
    let mut title = None;
    let first_cells = filled(first);
    if let ([only], Some(next)) = (first_cells.as_slice(), rows.next()) {
        if matches!(grid.cell(first, *only).value, Value::Text(_)) && filled(next).len() > 1 {
            title = Some(grid.cell(first, *only).value.text());
            first = next;
        }
    }
    let data_columns: Vec<u32> = (area.first_column + 1..=area.last_column).collect();
    let second = (first + 1..=area.last_row).find(|&r| !filled(r).is_empty());
    let gaps = |row: u32| {
        data_columns
            .iter()
            .any(|&c| grid.cell(row, c).value.is_empty())
    };
    let two_rows = second.filter(|&second| {
        let texts = data_columns.iter().all(
            |&c| matches!(grid.cell(second, c).value, Value::Text(ref t) if !t.trim().is_empty()),
        );
        let no_label = grid.cell(second, area.first_column).value.is_empty();
        gaps(first) && !gaps(second) && (texts || no_label)
    });
    let columns = match two_rows {
        Some(second) => {
            let mut group = None;
            data_columns
                .iter()
                .map(|&column| {
                    let above = grid.cell(first, column);
                    if !above.value.is_empty() {
                        group = Some(above.value.text());
                    }
                    SheetColumn {
                        name: heading_text(grid.cell(second, column), column),
                        group: group.clone(),
                        column,
                    }
                })
                .collect()
        }
        None => data_columns
            .iter()
            .map(|&column| SheetColumn {
                name: heading_text(grid.cell(first, column), column),
                group: None,
                column,
            })
            .collect(),
    };
    let body = two_rows.unwrap_or(first) + 1;
    build(grid, title, columns, body, reader)
}

/// A heading cell's text; the column's letter when it has none.
fn heading_text(cell: &Cell, column: u32) -> String {
    let text = cell.value.text();
    if text.is_empty() {
        super::grid::column_name(column)
    } else {
        text
    }
}

fn build(
    grid: Grid,
    title: Option<String>,
    columns: Vec<SheetColumn>,
    body: u32,
    reader: FigureReader,
) -> Result<SheetTable, Vec<SheetProblem>> {
    let area = grid.area;
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut taken = HashSet::new();
    // Each merged region among the figures is reported once.
    let mut merged_reported = Vec::new();
    for row in body..=area.last_row {
        let label_cell = grid.cell(row, area.first_column);
        let mut figures = Vec::with_capacity(columns.len());
        let mut percent = false;
        for column in &columns {
            let cell = grid.cell(row, column.column);
            let place = || grid.place(row, column.column);
            if let Some(merged) = grid.merged_at(row, column.column) {
                if merged.cells() > 1 {
                    if !merged_reported.contains(merged) {
                        merged_reported.push(*merged);
                        problems.push(SheetProblem::Merged {
                            place: place(),
                            area: merged.to_string(),
                        });
                    }
                    continue;
                }
            }
            match figure(cell, reader) {
                Ok((value, is_percent)) => {
                    percent |= is_percent;
                    figures.push(SheetFigure {
                        value,
                        formula: cell.formula.clone(),
                        column: column.column,
                    });
                }
                Err((found, formula)) => problems.push(SheetProblem::Cell {
                    place: place(),
                    found,
                    formula,
                }),
            }
        }
        let label = label_cell.value.text();
        let empty = figures.iter().all(|f| f.value == FigureValue::None);
        if label.is_empty() {
            if !empty {
                problems.push(SheetProblem::NoLabel {
                    place: grid.place(row, area.first_column),
                });
            }
            continue;
        }
        if figures.len() != columns.len() {
            continue;
        }
        let id = unique_id(&label, &mut taken);
        rows.push(SheetRow {
            id,
            label,
            row,
            figures: if empty { Vec::new() } else { figures },
            percent,
        });
    }
    if problems.is_empty() {
        let (title, unit) = match title {
            Some(title) => match title_and_unit(&title) {
                Some((title, unit)) => (Some(title), Some(unit)),
                None => (Some(title), None),
            },
            None => (None, None),
        };
        Ok(SheetTable {
            title,
            unit,
            columns,
            rows,
            grid,
        })
    } else {
        Err(problems)
    }
}

/// A figure cell read exactly; or what it holds instead, and whether that
/// is a formula without a value.
fn figure(cell: &Cell, reader: FigureReader) -> Result<(FigureValue, bool), (String, bool)> {
    let shown = |text: &str| crate::diagnostic::for_terminal(text);
    match &cell.value {
        Value::Empty => Ok((FigureValue::None, false)),
        Value::Text(text) if text.trim().is_empty() => Ok((FigureValue::None, false)),
        Value::Number(text) => match text.parse::<Decimal>() {
            Ok(value) => Ok((
                FigureValue::Figure {
                    value,
                    text: text.clone(),
                    quoted: false,
                },
                false,
            )),
            Err(_) => Err((
                format!("the number {text}, beyond what a figure can hold"),
                false,
            )),
        },
        Value::Text(text) => {
            let read = number::Reader {
                style: reader.style,
                currency: reader.currency,
                percent: true,
                scaled: false,
                stated: true,
            };
            match number::read(text, &read) {
                Ok(Written::Nil) => Ok((FigureValue::Nil, false)),
                Ok(Written::Figure(value)) => Ok((
                    FigureValue::Figure {
                        value,
                        text: text.trim().to_string(),
                        quoted: true,
                    },
                    text.trim_end().ends_with('%'),
                )),
                Err(_) => Err((format!("the text `{}`", shown(text)), false)),
            }
        }
        Value::NoValue => Err((
            format!(
                "a formula with no saved value (`={}`)",
                shown(cell.formula.as_deref().unwrap_or_default())
            ),
            true,
        )),
        Value::Bool(_) => Err((format!("`{}`", cell.value.text()), false)),
        Value::Error(e) => Err((format!("the error `{e}`"), false)),
        Value::Date(d) => Err((format!("a date ({d})"), false)),
    }
}

/// The slug of a label, made unique in the table and kept off the ids
/// the table's page uses (`chart`, `note-1`).
pub fn unique_id(label: &str, taken: &mut HashSet<String>) -> String {
    let base = ascii_slug(label, "row");
    let base = if ids::reserved(Layout::Table, &base).0 {
        format!("{base}-row")
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The slug of `text` with letters that do not fold to ASCII left out, as
/// ids must be: `fallback` when nothing is left.
pub fn ascii_slug(text: &str, fallback: &str) -> String {
    let slug = slugify(text);
    let kept: Vec<&str> = slug
        .split('-')
        .map(|word| word.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|word| !word.is_empty() && word.is_ascii())
        .collect();
    if kept.is_empty() || slug == "section" {
        fallback.to_string()
    } else {
        kept.join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::grid::Area;

    fn grid(rows: &[&[&str]]) -> Grid {
        let cells = rows.iter().enumerate().flat_map(|(r, row)| {
            row.iter().enumerate().map(move |(c, text)| {
                let value = if text.is_empty() {
                    Value::Empty
                } else if let Some(number) = text.strip_prefix('#') {
                    Value::Number(number.to_string())
                } else {
                    Value::Text(text.to_string())
                };
                (
                    (r as u32, c as u32),
                    Cell {
                        value,
                        formula: None,
                    },
                )
            })
        });
        let area = Area {
            first_row: 0,
            first_column: 0,
            last_row: rows.len() as u32 - 1,
            last_column: rows[0].len() as u32 - 1,
        };
        Grid::new("t.xlsx".into(), Some("Blad1".into()), area, cells, vec![])
    }

    const SV: FigureReader = FigureReader {
        style: NumberStyle::Sv,
        currency: &[],
    };

    #[test]
    fn a_unit_of_money_in_brackets_ends_a_title_and_is_the_unit() {
        assert_eq!(
            title_and_unit("Investeringsbudget 2027–2029 (tkr)"),
            Some(("Investeringsbudget 2027–2029".into(), "tkr".into()))
        );
        assert_eq!(
            title_and_unit("Net budget (£000)"),
            Some(("Net budget".into(), "£000".into()))
        );
        assert_eq!(title_and_unit("Skatter (prognos)"), None);
        assert_eq!(title_and_unit("(tkr)"), None);
        assert_eq!(title_and_unit("Driftbudget"), None);
    }

    #[test]
    fn a_title_row_and_two_header_rows_give_title_and_groups() {
        let table = detect(
            grid(&[
                &["Driftbudget", "", "", ""],
                &["", "2024", "", "2023"],
                &["Nämnd", "Intäkter", "Kostnader", "Netto"],
                &["Skola", "#10", "#-4", "#6"],
                &["Vård", "", "", ""],
                &["Äldre", "1 017,5", "-", "#412.5"],
            ]),
            SV,
        )
        .unwrap();
        assert_eq!(table.title.as_deref(), Some("Driftbudget"));
        let columns: Vec<(String, Option<String>)> = table
            .columns
            .iter()
            .map(|c| (c.name.clone(), c.group.clone()))
            .collect();
        assert_eq!(
            columns,
            [
                ("Intäkter".into(), Some("2024".into())),
                ("Kostnader".into(), Some("2024".into())),
                ("Netto".into(), Some("2023".into()))
            ]
        );
        let ids: Vec<&str> = table.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["skola", "vard", "aldre"]);
        assert!(table.rows[1].is_heading());
        assert_eq!(table.rows[2].figures[1].value, FigureValue::Nil);
        assert_eq!(
            table.rows[2].figures[0].value.decimal(),
            Some(Decimal::new(10175, 1))
        );
    }

    #[test]
    fn one_header_row_when_the_next_row_holds_figures() {
        let table = detect(
            grid(&[&["Nämnd", "2026", "2027"], &["Skola", "#1", "#2"]]),
            SV,
        )
        .unwrap();
        assert_eq!(table.title, None);
        assert_eq!(table.columns[1].name, "2027");
        assert_eq!(table.rows.len(), 1);
    }

    #[test]
    fn text_in_a_figure_cell_is_reported_at_its_cell() {
        let problems = plain(grid(&[&["", "A"], &["Skola", "n/a"], &["", "#3"]]), SV).unwrap_err();
        assert_eq!(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "t.xlsx, Blad1!B2 holds the text `n/a`, not a figure",
                "t.xlsx, Blad1!A3 has no label, but the row has figures"
            ]
        );
    }

    #[test]
    fn ids_are_unique_and_free() {
        let mut taken = HashSet::new();
        assert_eq!(unique_id("Summa", &mut taken), "summa");
        assert_eq!(unique_id("Summa", &mut taken), "summa-2");
        assert_eq!(unique_id("Chart", &mut taken), "chart-row");
        assert_eq!(unique_id("Note 1", &mut taken), "note-1-row");
        assert_eq!(unique_id("Łódź 2", &mut taken), "od-2");
        assert_eq!(unique_id("東京", &mut taken), "row");
    }
}
