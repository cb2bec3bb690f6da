//! Which rows of an imported table are totals: a `SUM()` (or other
//! arithmetic) formula over rows of the same column, else a row labelled
//! Summa/Totalt/Total/Sum whose figures equal the rows above it, or a
//! small set of rows above it (a contiguous run, or the totals above).
//! The search is bounded: runs ending just above the total, runs within
//! [`WINDOW`] rows, and the totals above.

use rust_decimal::Decimal;

use super::grid::parse_cell;
use super::table::{SheetRow, SheetTable};
use crate::budget::validate::{compare, Verdict};

/// Runs of rows that do not end right above a total are tried only within
/// this many rows above it.
const WINDOW: usize = 200;

/// How a row is derived from others, by row index in the table.
#[derive(Debug, Clone, PartialEq)]
pub enum Derived {
    /// Every row above since the previous sum: `sum: above`.
    Above,
    /// `sum: [ids]`.
    Rows(Vec<usize>),
    /// `formula:` of rows, numbers and operators.
    Formula(Vec<Piece>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Row(usize),
    /// An operator, parenthesis or number.
    Text(String),
}

/// What the search found.
#[derive(Debug, Default)]
pub struct Findings {
    /// Per row of the table.
    pub derived: Vec<Option<Derived>>,
    /// Rows labelled as totals whose figures equal no rows above them: the
    /// row indices, kept as stated figures that nothing checks.
    pub unmatched: Vec<usize>,
}

impl Findings {
    pub fn totals(&self) -> usize {
        self.derived.iter().flatten().count()
    }
}

/// Whether a label names a total: its first word is Summa, Totalt,
/// Total, Totals or Sum, in any case.
pub fn is_total_label(label: &str) -> bool {
    let first = label
        .split(|c: char| c.is_whitespace() || c == ':' || c == ',')
        .next()
        .unwrap_or_default()
        .to_lowercase();
    matches!(
        first.as_str(),
        "summa" | "totalt" | "total" | "totals" | "sum"
    )
}

pub fn find(table: &SheetTable) -> Findings {
    let rows = &table.rows;
    let mut findings = Findings {
        derived: vec![None; rows.len()],
        unmatched: Vec::new(),
    };
    // The table row of each sheet row of the area.
    let first = table.grid.area.first_row;
    let mut row_of = vec![None; table.grid.area.height() as usize];
    for (index, row) in rows.iter().enumerate() {
        row_of[(row.row - first) as usize] = Some(index);
    }
    let lookup = |sheet_row: u32| -> Option<usize> {
        row_of
            .get(sheet_row.checked_sub(first)? as usize)
            .copied()
            .flatten()
    };
    let mut above_start = 0;
    for i in 0..rows.len() {
        if rows[i].is_heading() {
            continue;
        }
        let derived = from_formulas(table, &lookup, i).or_else(|| {
            is_total_label(&rows[i].label)
                .then(|| from_figures(rows, &findings, above_start, i))
                .flatten()
        });
        let derived = match derived {
            Some(Derived::Rows(parts)) if parts == plain_rows(rows, &findings, above_start, i) => {
                Some(Derived::Above)
            }
            other => other,
        };
        if derived.is_none() && is_total_label(&rows[i].label) {
            findings.unmatched.push(i);
        }
        if matches!(derived, Some(Derived::Above | Derived::Rows(_))) {
            above_start = i + 1;
        }
        findings.derived[i] = derived;
    }
    findings
}

/// The rows that `sum: above` at row `i` adds: since the previous sum,
/// neither headings nor derived.
fn plain_rows(rows: &[SheetRow], findings: &Findings, start: usize, i: usize) -> Vec<usize> {
    (start..i)
        .filter(|&r| !rows[r].is_heading() && findings.derived[r].is_none())
        .collect()
}

/// The row's derivation from its cells' formulas, when every figure of
/// the row has one and they say the same in every column.
fn from_formulas(
    table: &SheetTable,
    row_of: &dyn Fn(u32) -> Option<usize>,
    i: usize,
) -> Option<Derived> {
    let row = &table.rows[i];
    let mut found: Option<Derived> = None;
    for figure in &row.figures {
        if figure.value.decimal().is_none() {
            continue;
        }
        let formula = figure.formula.as_deref()?;
        let derived = translate(formula, figure.column, table, row_of, i)?;
        match &found {
            Some(previous) if *previous != derived => return None,
            _ => found = Some(derived),
        }
    }
    found
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(String),
    Cell(u32, u32),
    Range((u32, u32), (u32, u32)),
    Sum,
    Op(char),
}

fn tokens(formula: &str) -> Option<Vec<Token>> {
    let bytes = formula.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let reference = |i: usize| -> Option<(usize, (u32, u32))> {
        let mut end = i;
        while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'$') {
            end += 1;
        }
        parse_cell(&formula[i..end]).map(|cell| (end, cell))
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' => i += 1,
            b'+' | b'-' | b'*' | b'/' | b'(' | b')' | b',' | b';' => {
                tokens.push(Token::Op(if b == b';' { ',' } else { char::from(b) }));
                i += 1;
            }
            b'0'..=b'9' | b'.' => {
                let end = formula[i..]
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .map_or(formula.len(), |e| i + e);
                tokens.push(Token::Number(formula[i..end].to_string()));
                i = end;
            }
            _ if formula[i..].to_ascii_uppercase().starts_with("SUM(") => {
                tokens.push(Token::Sum);
                i += 3;
            }
            b'$' | b'A'..=b'Z' | b'a'..=b'z' => {
                let (end, from) = reference(i)?;
                if bytes.get(end) == Some(&b':') {
                    let (after, to) = reference(end + 1)?;
                    tokens.push(Token::Range(from, to));
                    i = after;
                } else {
                    tokens.push(Token::Cell(from.0, from.1));
                    i = end;
                }
            }
            _ => return None,
        }
    }
    Some(tokens)
}

/// A formula of cells in the row's own column as a derivation: a sum of
/// cells and `SUM()`s is a sum of rows; other arithmetic a formula.
fn translate(
    formula: &str,
    column: u32,
    table: &SheetTable,
    row_of: &dyn Fn(u32) -> Option<usize>,
    i: usize,
) -> Option<Derived> {
    let tokens = tokens(formula)?;
    let cell = |row: u32, c: u32| -> Option<usize> {
        let r = row_of(row)?;
        (c == column && r != i && !table.rows[r].is_heading()).then_some(r)
    };
    // Rows of a range: those of the table with figures; a range that
    // leaves the column or the table is no sum of rows.
    let range = |from: (u32, u32), to: (u32, u32)| -> Option<Vec<usize>> {
        if from.1 != column || to.1 != column || from.0 > to.0 {
            return None;
        }
        let inside = |r: u32| r >= table.grid.area.first_row && r <= table.grid.area.last_row;
        if !inside(from.0) || !inside(to.0) {
            return None;
        }
        let rows: Vec<usize> = (from.0..=to.0)
            .filter_map(row_of)
            .filter(|&r| !table.rows[r].is_heading())
            .collect();
        (!rows.contains(&i)).then_some(rows)
    };

    // A sum: terms joined by `+`, each a cell or SUM(cells and ranges).
    let mut parts = Vec::new();
    let mut pieces = Vec::new();
    let mut is_sum = true;
    let mut k = 0;
    let mut expect_term = true;
    while k < tokens.len() {
        match &tokens[k] {
            Token::Sum => {
                let mut depth_end = k + 1;
                // SUM( args )
                if tokens.get(depth_end) != Some(&Token::Op('(')) {
                    return None;
                }
                depth_end += 1;
                let mut inner = Vec::new();
                loop {
                    match tokens.get(depth_end)? {
                        Token::Cell(r, c) => inner.push(cell(*r, *c)?),
                        Token::Range(from, to) => inner.extend(range(*from, *to)?),
                        _ => return None,
                    }
                    depth_end += 1;
                    match tokens.get(depth_end)? {
                        Token::Op(',') => depth_end += 1,
                        Token::Op(')') => break,
                        _ => return None,
                    }
                }
                if !expect_term {
                    return None;
                }
                expect_term = false;
                if inner.is_empty() {
                    return None;
                }
                pieces.push(Piece::Text("(".into()));
                for (n, &r) in inner.iter().enumerate() {
                    if n > 0 {
                        pieces.push(Piece::Text("+".into()));
                    }
                    pieces.push(Piece::Row(r));
                }
                pieces.push(Piece::Text(")".into()));
                parts.extend(inner);
                k = depth_end + 1;
                continue;
            }
            Token::Cell(r, c) => {
                let r = cell(*r, *c)?;
                parts.push(r);
                pieces.push(Piece::Row(r));
                expect_term = false;
            }
            Token::Number(n) => {
                is_sum = false;
                pieces.push(Piece::Text(n.clone()));
                expect_term = false;
            }
            Token::Op(op) => {
                if *op != '+' || expect_term {
                    is_sum = false;
                }
                if *op == ',' {
                    return None;
                }
                expect_term = *op != ')';
                pieces.push(Piece::Text(op.to_string()));
            }
            Token::Range(..) => return None,
        }
        k += 1;
    }
    if parts.is_empty() {
        return None;
    }
    if is_sum {
        let mut seen = std::collections::HashSet::new();
        if parts.iter().all(|p| seen.insert(*p)) {
            return Some(Derived::Rows(parts));
        }
    }
    // A formula of rows: SUM() written out as a parenthesised sum.
    Some(Derived::Formula(pieces))
}

/// A labelled total's rows, found from the figures: the rows above since
/// the previous total; the rows above that no total includes, totals
/// among them (a grand total of subtotals and loose rows), and their runs
/// ending right above; runs of plain rows ending right above; any run of
/// plain rows within [`WINDOW`] rows. Runs are summed from running totals,
/// so each costs one subtraction per column.
fn from_figures(
    rows: &[SheetRow],
    findings: &Findings,
    above_start: usize,
    i: usize,
) -> Option<Derived> {
    let stated: Vec<Option<Decimal>> = rows[i].figures.iter().map(|f| f.value.decimal()).collect();
    let above = plain_rows(rows, findings, above_start, i);
    if Runs::new(rows, &above).agrees(0, above.len(), &stated) {
        return Some(Derived::Rows(above));
    }

    let mut included = vec![false; i];
    let mut start = 0;
    for r in 0..i {
        match &findings.derived[r] {
            Some(Derived::Above) => {
                for q in plain_rows(rows, findings, start, r) {
                    included[q] = true;
                }
                start = r + 1;
            }
            Some(Derived::Rows(parts)) => {
                for &q in parts {
                    included[q] = true;
                }
                start = r + 1;
            }
            _ => {}
        }
    }
    let top: Vec<usize> = (0..i)
        .filter(|&r| !rows[r].is_heading() && !included[r])
        .collect();
    // Only runs that hold a total: the others are tried below.
    if let Some(last_total) = top.iter().rposition(|&r| findings.derived[r].is_some()) {
        let runs = Runs::new(rows, &top);
        for from in (0..=last_total).rev() {
            if runs.agrees(from, top.len(), &stated) {
                return Some(Derived::Rows(top[from..].to_vec()));
            }
        }
    }

    let plain: Vec<usize> = (i.saturating_sub(LONGEST_RUN)..i)
        .filter(|&r| !rows[r].is_heading() && findings.derived[r].is_none())
        .collect();
    let runs = Runs::new(rows, &plain);
    for from in (0..plain.len()).rev() {
        if runs.agrees(from, plain.len(), &stated) {
            return Some(Derived::Rows(plain[from..].to_vec()));
        }
    }
    let window = plain.partition_point(|&r| r + WINDOW < i);
    for from in window..plain.len() {
        for to in from + 1..plain.len() {
            if runs.agrees(from, to, &stated) {
                return Some(Derived::Rows(plain[from..to].to_vec()));
            }
        }
    }
    None
}

/// Runs of rows ending right above a total are tried this far up.
const LONGEST_RUN: usize = 2_000;

/// Running totals over a list of rows, column by column, for the sum of
/// any run of them.
struct Runs {
    /// `totals[k][c]`: the sum of the first `k` rows' figures in column
    /// `c`; `None` once a sum overflows.
    totals: Vec<Vec<Option<Decimal>>>,
    /// `missing[k][c]`: how many of the first `k` rows have no figure.
    missing: Vec<Vec<usize>>,
}

impl Runs {
    fn new(rows: &[SheetRow], list: &[usize]) -> Runs {
        let columns = list.first().map_or(0, |&r| rows[r].figures.len());
        let mut totals = vec![vec![Some(Decimal::ZERO); columns]];
        let mut missing = vec![vec![0; columns]];
        for &r in list {
            let (mut total, mut gaps) = (
                totals[totals.len() - 1].clone(),
                missing[missing.len() - 1].clone(),
            );
            for c in 0..columns {
                match rows[r].figures.get(c).and_then(|f| f.value.decimal()) {
                    Some(value) => total[c] = total[c].and_then(|t| t.checked_add(value)),
                    None => gaps[c] += 1,
                }
            }
            totals.push(total);
            missing.push(gaps);
        }
        Runs { totals, missing }
    }

    /// Whether the rows `from..to` of the list add up to `stated` in every
    /// column where every figure is known, and in at least one.
    fn agrees(&self, from: usize, to: usize, stated: &[Option<Decimal>]) -> bool {
        if from >= to {
            return false;
        }
        let mut compared = false;
        for (c, stated) in stated.iter().enumerate() {
            let Some(stated) = stated else { continue };
            if self.missing[to][c] != self.missing[from][c] {
                continue;
            }
            let sum = match (self.totals[to][c], self.totals[from][c]) {
                (Some(to), Some(from)) => to - from,
                _ => return false,
            };
            if compare(*stated, sum, Decimal::ZERO) != Verdict::Agrees {
                return false;
            }
            compared = true;
        }
        compared
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::number::NumberStyle;
    use crate::import::grid::{Area, Cell, Grid, Value};
    use crate::import::table::{self, FigureReader};

    /// A one-column table: (label, figure, formula).
    fn table(rows: &[(&str, &str, &str)]) -> SheetTable {
        let mut cells = vec![
            (
                (0, 0),
                Cell {
                    value: Value::Text("Post".into()),
                    formula: None,
                },
            ),
            (
                (0, 1),
                Cell {
                    value: Value::Text("2026".into()),
                    formula: None,
                },
            ),
        ];
        for (r, (label, figure, formula)) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            cells.push((
                (r, 0),
                Cell {
                    value: Value::Text(label.to_string()),
                    formula: None,
                },
            ));
            let value = if figure.is_empty() {
                Value::Empty
            } else {
                Value::Number(figure.to_string())
            };
            let formula = (!formula.is_empty()).then(|| formula.to_string());
            cells.push(((r, 1), Cell { value, formula }));
        }
        let area = Area {
            first_row: 0,
            first_column: 0,
            last_row: rows.len() as u32,
            last_column: 1,
        };
        let grid = Grid::new("t.xlsx".into(), Some("T".into()), area, cells, vec![]);
        table::detect(
            grid,
            FigureReader {
                style: NumberStyle::Sv,
                currency: &[],
            },
        )
        .unwrap()
    }

    #[test]
    fn labelled_totals_are_found_from_the_figures() {
        let t = table(&[
            ("A", "1", ""),
            ("B", "2", ""),
            ("Summa AB", "3", ""),
            ("C", "4", ""),
            ("Summa C", "4", ""),
            ("Totalt", "7", ""),
            ("D", "5", ""),
            ("Total: fel", "99", ""),
        ]);
        let found = find(&t);
        assert_eq!(found.derived[2], Some(Derived::Above));
        assert_eq!(found.derived[4], Some(Derived::Above));
        assert_eq!(found.derived[5], Some(Derived::Rows(vec![2, 4])));
        assert_eq!(found.derived[7], None);
        assert_eq!(found.unmatched, vec![7]);
        assert_eq!(found.totals(), 3);
    }

    #[test]
    fn a_grand_total_of_many_subtotals_is_found_however_far_up_they_start() {
        let mut rows: Vec<(String, String)> = Vec::new();
        for group in 0..200 {
            for n in 0..14 {
                rows.push((format!("Rad {group}-{n}"), "1".into()));
            }
            rows.push((format!("Summa {group}"), "14".into()));
        }
        rows.push(("Totalt".into(), "2800".into()));
        let spec: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|(label, figure)| (label.as_str(), figure.as_str(), ""))
            .collect();
        let found = find(&table(&spec));
        assert!(rows.len() > LONGEST_RUN);
        assert_eq!(found.totals(), 201);
        let subtotals: Vec<usize> = (0..200).map(|g| g * 15 + 14).collect();
        assert_eq!(found.derived[3000], Some(Derived::Rows(subtotals)));
    }

    #[test]
    fn a_total_of_some_rows_above_is_a_list() {
        let t = table(&[
            ("A", "1", ""),
            ("B", "2", ""),
            ("C", "4", ""),
            ("Summa BC", "6", ""),
        ]);
        assert_eq!(find(&t).derived[3], Some(Derived::Rows(vec![1, 2])));
    }

    #[test]
    fn sheet_formulas_become_sums_and_formulas() {
        let t = table(&[
            ("A", "1", ""),
            ("B", "2", ""),
            ("Delsumma", "3", "SUM(B2:B3)"),
            ("C", "4", ""),
            ("Allt", "7", "B4+$B$5"),
            ("Andel", "175", "B6/B5*100"),
            ("Other sheet", "1", "Blad2!B2"),
        ]);
        let found = find(&t);
        assert_eq!(found.derived[2], Some(Derived::Above));
        assert_eq!(found.derived[4], Some(Derived::Rows(vec![2, 3])));
        assert_eq!(
            found.derived[5],
            Some(Derived::Formula(vec![
                Piece::Row(4),
                Piece::Text("/".into()),
                Piece::Row(3),
                Piece::Text("*".into()),
                Piece::Text("100".into())
            ]))
        );
        assert_eq!(found.derived[6], None);
        assert!(is_total_label("SUMMA kommunstyrelse"));
        assert!(is_total_label("Total expenditure"));
        assert!(!is_total_label("Summering"));
    }
}
