//! A sheet as budgetbook reads it, whatever file it came from: a rectangle
//! of cells, each named as a spreadsheet names it (`Drift!D14`).

use std::fmt;

/// What a cell holds, as the file stores it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    /// A number, written as the shortest text that reads back as the same
    /// number (`412.5`, never `412.49999`): the figure exactly as stored.
    Number(String),
    Text(String),
    Bool(bool),
    /// An error value such as `#DIV/0!`.
    Error(String),
    /// A date or time.
    Date(String),
    /// A formula whose computed value the file does not hold.
    NoValue,
}

impl Value {
    /// The shortest text that reads back as `value`: Rust's `Display` for
    /// floats, which never rounds to fewer digits than the number needs.
    pub fn number(value: f64) -> Value {
        if value == 0.0 {
            // `-0` is a float artefact, not a figure anyone wrote.
            return Value::Number("0".to_string());
        }
        Value::Number(value.to_string())
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, for labels and headings.
    pub fn text(&self) -> String {
        match self {
            Value::Empty | Value::NoValue => String::new(),
            Value::Number(text) | Value::Text(text) | Value::Error(text) | Value::Date(text) => {
                text.trim().to_string()
            }
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: Value,
    /// The formula, without its `=`, when the cell has one.
    pub formula: Option<String>,
}

impl Cell {
    pub const EMPTY: Cell = Cell {
        value: Value::Empty,
        formula: None,
    };
}

/// A rectangle of cells, 0-based and inclusive: `A2:F40` is rows 1..=39,
/// columns 0..=5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub first_row: u32,
    pub first_column: u32,
    pub last_row: u32,
    pub last_column: u32,
}

impl Area {
    /// Reads `A2:F40`, `$A$2:$F$40` or a single cell `B3`.
    pub fn parse(text: &str) -> Option<Area> {
        let (from, to) = text.split_once(':').unwrap_or((text, text));
        let (first_row, first_column) = parse_cell(from.trim())?;
        let (last_row, last_column) = parse_cell(to.trim())?;
        (first_row <= last_row && first_column <= last_column).then_some(Area {
            first_row,
            first_column,
            last_row,
            last_column,
        })
    }

    pub fn height(&self) -> u64 {
        u64::from(self.last_row - self.first_row) + 1
    }

    pub fn width(&self) -> u64 {
        u64::from(self.last_column - self.first_column) + 1
    }

    pub fn cells(&self) -> u64 {
        self.height() * self.width()
    }

    pub fn contains(&self, row: u32, column: u32) -> bool {
        (self.first_row..=self.last_row).contains(&row)
            && (self.first_column..=self.last_column).contains(&column)
    }

    pub fn intersection(&self, other: &Area) -> Option<Area> {
        let area = Area {
            first_row: self.first_row.max(other.first_row),
            first_column: self.first_column.max(other.first_column),
            last_row: self.last_row.min(other.last_row),
            last_column: self.last_column.min(other.last_column),
        };
        (area.first_row <= area.last_row && area.first_column <= area.last_column).then_some(area)
    }

    /// The smallest area holding both.
    pub fn union(&self, other: &Area) -> Area {
        Area {
            first_row: self.first_row.min(other.first_row),
            first_column: self.first_column.min(other.first_column),
            last_row: self.last_row.max(other.last_row),
            last_column: self.last_column.max(other.last_column),
        }
    }

    pub fn single(row: u32, column: u32) -> Area {
        Area {
            first_row: row,
            first_column: column,
            last_row: row,
            last_column: column,
        }
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let from = cell_name(self.first_row, self.first_column);
        if self.first_row == self.last_row && self.first_column == self.last_column {
            return f.write_str(&from);
        }
        write!(f, "{from}:{}", cell_name(self.last_row, self.last_column))
    }
}

/// `B3` → (2, 1); `$B$3` too. `None` past Excel's last row and column.
pub fn parse_cell(text: &str) -> Option<(u32, u32)> {
    let text = text.trim_start_matches('$');
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (column, row) = text.split_at(letters);
    let row = row.strip_prefix('$').unwrap_or(row);
    if letters == 0 || letters > 3 || row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let column = column.bytes().try_fold(0u32, |n, b| {
        Some(n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row: u32 = row.parse().ok()?;
    ((1..=1_048_576).contains(&row) && column <= 16_384).then(|| (row - 1, column - 1))
}

/// Column 0 → `A`, 26 → `AA`.
pub fn column_name(column: u32) -> String {
    let mut name = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let digit = (n - 1) % 26;
        name.push(b'A' + digit as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// Row 13, column 3 → `D14`.
pub fn cell_name(row: u32, column: u32) -> String {
    format!("{}{}", column_name(column), row + 1)
}

/// One sheet's cells within an area.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The file as shown to the user (`data/driftbudget.xlsx`).
    pub file: String,
    /// The sheet's name; `None` for a CSV file, which has one.
    pub sheet: Option<String>,
    pub area: Area,
    /// Row by row over `area`.
    cells: Vec<Cell>,
    /// Merged regions that overlap the area.
    pub merged: Vec<Area>,
}

impl Grid {
    /// A grid of `area` from cells given by absolute position; cells
    /// outside the area are left out.
    pub fn new(
        file: String,
        sheet: Option<String>,
        area: Area,
        cells: impl IntoIterator<Item = ((u32, u32), Cell)>,
        merged: Vec<Area>,
    ) -> Grid {
        let width = area.width() as usize;
        let mut dense = vec![Cell::EMPTY; area.cells() as usize];
        for ((row, column), cell) in cells {
            if area.contains(row, column) {
                let index =
                    (row - area.first_row) as usize * width + (column - area.first_column) as usize;
                dense[index] = cell;
            }
        }
        Grid {
            file,
            sheet,
            area,
            cells: dense,
            merged: merged
                .iter()
                .filter_map(|m| m.intersection(&area).map(|_| *m))
                .collect(),
        }
    }

    /// The cell at an absolute position; empty outside the area.
    pub fn cell(&self, row: u32, column: u32) -> &Cell {
        if !self.area.contains(row, column) {
            return &Cell::EMPTY;
        }
        let width = self.area.width() as usize;
        &self.cells[(row - self.area.first_row) as usize * width
            + (column - self.area.first_column) as usize]
    }

    /// Where a cell is, as a reader finds it: `data/drift.xlsx, Drift!D14`
    /// (`'Blad 1'!D14` for a name with spaces; `data/drift.csv, D14`).
    pub fn place(&self, row: u32, column: u32) -> String {
        format!("{}, {}", self.file, self.sheet_cell(row, column))
    }

    /// `Drift!D14`, or `D14` in a CSV file.
    pub fn sheet_cell(&self, row: u32, column: u32) -> String {
        let cell = cell_name(row, column);
        match &self.sheet {
            None => cell,
            Some(sheet) if sheet.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                format!("{sheet}!{cell}")
            }
            Some(sheet) => format!("'{}'!{cell}", sheet.replace('\'', "''")),
        }
    }

    /// The merged region a cell lies in, if any.
    pub fn merged_at(&self, row: u32, column: u32) -> Option<&Area> {
        self.merged.iter().find(|m| m.contains(row, column))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        assert_eq!(parse_cell("A1"), Some((0, 0)));
        assert_eq!(parse_cell("$D$14"), Some((13, 3)));
        assert_eq!(parse_cell("aa3"), Some((2, 26)));
        assert_eq!(parse_cell("A0"), None);
        assert_eq!(parse_cell("14"), None);
        assert_eq!(parse_cell("XFE1"), None);
        assert_eq!(cell_name(13, 3), "D14");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        let area = Area::parse("A2:F40").unwrap();
        assert_eq!((area.height(), area.width()), (39, 6));
        assert_eq!(area.to_string(), "A2:F40");
        assert_eq!(Area::parse("F40:A2"), None);
        assert_eq!(Area::parse("B3").unwrap().to_string(), "B3");
    }

    #[test]
    fn numbers_keep_their_shortest_exact_text() {
        assert_eq!(Value::number(412.5), Value::Number("412.5".into()));
        assert_eq!(
            Value::number(0.1 + 0.2),
            Value::Number("0.30000000000000004".into())
        );
        assert_eq!(
            Value::number(1e21),
            Value::Number("1000000000000000000000".into())
        );
        assert_eq!(Value::number(-0.0), Value::Number("0".into()));
        assert_eq!(Value::number(-148.0), Value::Number("-148".into()));
    }

    #[test]
    fn a_sheet_name_with_spaces_is_quoted() {
        let grid = Grid::new(
            "a.xlsx".into(),
            Some("Blad 1".into()),
            Area::single(0, 0),
            [],
            vec![],
        );
        assert_eq!(grid.place(13, 3), "a.xlsx, 'Blad 1'!D14");
    }
}
