//! A derived figure as a spreadsheet formula: `sum` as `SUM(C4:C6)`, a row
//! or column formula with each row id turned into the cell it names. A
//! formula is written only where it gives exactly the stated figure, so
//! that the sheet shows what the table shows and recomputes what a reader
//! changes.

use rust_decimal::Decimal;

use crate::budget::expr::{Expr, Op, RowRef};
use crate::budget::validate::{compare, Verdict};
use crate::budget::{Derivation, Table};

/// Where the table's figures are on the sheet.
#[derive(Debug, Clone, Copy)]
pub struct Grid {
    /// The sheet row of the table's first row (0-based).
    pub first_row: u32,
    /// The sheet column of the table's first column (0-based).
    pub first_column: u16,
}

impl Grid {
    /// `C4`: the cell of row `row`, column `column` of the table.
    pub fn cell(self, row: usize, column: usize) -> String {
        let mut text = column_letters(self.first_column as usize + column);
        text.push_str(&(self.first_row as usize + row + 1).to_string());
        text
    }
}

/// `A`, `B`, …, `Z`, `AA`, …: a 0-based column as Excel names it.
fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// What one way of deriving a figure (its row's `sum` or `formula`, or its
/// column's formula) gives in the sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Derived {
    /// The formula, without `=`, that gives exactly the stated figure: the
    /// computation, rounded to the stated decimals where the table rounds.
    Live(String),
    /// Computed from this table's figures, but not to the stated figure.
    Differs { computed: Decimal },
    /// A figure it is computed from is missing (or the arithmetic fails).
    Missing,
    /// It reads figures of other tables, which a sheet of its own cannot:
    /// the rule as written.
    Elsewhere(String),
}

/// Every way figure `column` of row `row` is derived, the row's own
/// derivation first; empty for a stated figure (or no figure).
pub fn derivations(block: &Table, row: usize, column: usize, grid: Grid) -> Vec<Derived> {
    let Some(stated) = block.rows[row].values.get(column).and_then(|f| f.value) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if let Some(derivation) = &block.rows[row].derivation {
        if block.derives_in(&block.rows[row], column) {
            found.push(row_derivation(block, column, derivation, stated, grid));
        }
    }
    if let Some(formula) = block.columns.get(column).and_then(|c| c.formula.as_ref()) {
        found.push(column_formula(block, row, &formula.expr, stated, grid));
    }
    found
}

fn row_derivation(
    block: &Table,
    column: usize,
    derivation: &Derivation,
    stated: Decimal,
    grid: Grid,
) -> Derived {
    let own_row = |reference: &RowRef| -> Option<usize> {
        match &reference.block {
            Some(other) if *other != block.id => None,
            _ => block.rows.iter().position(|r| r.id == reference.row),
        }
    };
    let figure = |r: usize, c: usize| block.rows[r].values.get(c).and_then(|f| f.value);
    match derivation {
        Derivation::Sum { rows, .. } => {
            let Some(indices) = rows
                .iter()
                .map(|(reference, _)| own_row(reference))
                .collect::<Option<Vec<usize>>>()
            else {
                let names: Vec<String> = rows.iter().map(|(r, _)| r.to_string()).collect();
                return Derived::Elsewhere(names.join(" + "));
            };
            let mut total = Some(Decimal::ZERO);
            for &r in &indices {
                total = total
                    .zip(figure(r, column))
                    .and_then(|(sum, value)| sum.checked_add(value));
            }
            judged(stated, total, || sum_text(&indices, column, grid))
        }
        Derivation::Formula { expr, text, .. } => {
            if expr.refs().into_iter().any(|r| own_row(r).is_none()) {
                return Derived::Elsewhere(text.clone());
            }
            let computed = expr
                .eval(column, &mut |reference, c| figure(own_row(reference)?, c))
                .ok()
                .flatten();
            judged(stated, computed, || {
                let mut out = String::new();
                let cell = |reference: &RowRef, c: usize| Some(grid.cell(own_row(reference)?, c));
                write_expr(expr, column, &cell, Precedence::Sum, &mut out).map(|()| out)
            })
        }
    }
}

fn column_formula(block: &Table, row: usize, expr: &Expr, stated: Decimal, grid: Grid) -> Derived {
    let column_of = |reference: &RowRef| -> Option<usize> {
        reference
            .block
            .is_none()
            .then(|| block.columns.iter().position(|c| c.id == reference.row))
            .flatten()
    };
    let values = &block.rows[row].values;
    let computed = expr
        .eval(0, &mut |reference, _| {
            values.get(column_of(reference)?).and_then(|f| f.value)
        })
        .ok()
        .flatten();
    judged(stated, computed, || {
        let mut out = String::new();
        let cell = |reference: &RowRef, _: usize| Some(grid.cell(row, column_of(reference)?));
        write_expr(expr, 0, &cell, Precedence::Sum, &mut out).map(|()| out)
    })
}

/// A computed figure against the stated one: live where they agree.
fn judged(
    stated: Decimal,
    computed: Option<Decimal>,
    formula: impl FnOnce() -> Option<String>,
) -> Derived {
    let Some(computed) = computed else {
        return Derived::Missing;
    };
    match compare(stated, computed, Decimal::ZERO) {
        Verdict::Agrees => match formula() {
            Some(text) if computed == stated => Derived::Live(text),
            // The table rounds the computation to the decimals it states.
            Some(text) => Derived::Live(format!("ROUND({text},{})", stated.scale())),
            None => Derived::Missing,
        },
        _ => Derived::Differs { computed },
    }
}

/// `SUM(C4:C6,C9)`: the rows as runs of neighbours.
fn sum_text(rows: &[usize], column: usize, grid: Grid) -> Option<String> {
    if rows.is_empty() {
        return Some("0".into());
    }
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..=rows.len() {
        if i == rows.len() || rows[i] != rows[i - 1] + 1 {
            let (first, last) = (rows[start], rows[i - 1]);
            parts.push(if first == last {
                grid.cell(first, column)
            } else {
                format!("{}:{}", grid.cell(first, column), grid.cell(last, column))
            });
            start = i;
        }
    }
    Some(format!("SUM({})", parts.join(",")))
}

/// How tightly an operator binds, loosest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Precedence {
    Sum,
    Product,
    Unary,
    Atom,
}

fn precedence(expr: &Expr) -> Precedence {
    match expr {
        Expr::Binary(Op::Add | Op::Sub, ..) => Precedence::Sum,
        Expr::Binary(Op::Mul | Op::Div, ..) => Precedence::Product,
        Expr::Neg(_) => Precedence::Unary,
        Expr::Number(_) | Expr::Ref(_) => Precedence::Atom,
        Expr::Previous(inner) => precedence(inner),
    }
}

/// Writes `expr` in `column` as a spreadsheet formula, in parentheses when
/// it binds more loosely than `context` needs; `None` when a reference has
/// no cell (`previous(…)` in the first column).
fn write_expr(
    expr: &Expr,
    column: usize,
    cell: &dyn Fn(&RowRef, usize) -> Option<String>,
    context: Precedence,
    out: &mut String,
) -> Option<()> {
    if let Expr::Previous(inner) = expr {
        return write_expr(inner, column.checked_sub(1)?, cell, context, out);
    }
    let parenthesised = precedence(expr) < context;
    if parenthesised {
        out.push('(');
    }
    match expr {
        Expr::Number(n) => out.push_str(&n.to_string()),
        Expr::Ref(reference) => out.push_str(&cell(reference, column)?),
        Expr::Neg(inner) => {
            out.push('-');
            write_expr(inner, column, cell, Precedence::Atom, out)?;
        }
        Expr::Binary(op, left, right) => {
            let (symbol, own) = match op {
                Op::Add => ('+', Precedence::Sum),
                Op::Sub => ('-', Precedence::Sum),
                Op::Mul => ('*', Precedence::Product),
                Op::Div => ('/', Precedence::Product),
            };
            write_expr(left, column, cell, own, out)?;
            out.push(symbol);
            // `a - (b + c)` and `a / (b * c)` keep their parentheses.
            let right_context = match op {
                Op::Sub | Op::Div => next(own),
                Op::Add | Op::Mul => own,
            };
            write_expr(right, column, cell, right_context, out)?;
        }
        Expr::Previous(_) => unreachable!("handled above"),
    }
    if parenthesised {
        out.push(')');
    }
    Some(())
}

fn next(precedence: Precedence) -> Precedence {
    match precedence {
        Precedence::Sum => Precedence::Product,
        Precedence::Product => Precedence::Unary,
        Precedence::Unary | Precedence::Atom => Precedence::Atom,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::expr::parse_formula;

    const GRID: Grid = Grid {
        first_row: 3,
        first_column: 1,
    };

    /// Rows `a`, `b`, `c`, … on sheet rows 4, 5, 6, …; columns B, C, ….
    fn text(formula: &str, column: usize) -> Option<String> {
        let expr = parse_formula(formula).unwrap();
        let cell = |reference: &RowRef, c: usize| {
            let row = (reference.row.as_bytes()[0] - b'a') as usize;
            Some(GRID.cell(row, c))
        };
        let mut out = String::new();
        write_expr(&expr, column, &cell, Precedence::Sum, &mut out).map(|()| out)
    }

    #[test]
    fn columns_are_named_as_excel_names_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(GRID.cell(0, 0), "B4");
    }

    #[test]
    fn formulas_keep_their_meaning_with_as_few_parentheses_as_needed() {
        assert_eq!(text("a + b - c", 0).unwrap(), "B4+B5-B6");
        assert_eq!(text("a - (b + c)", 0).unwrap(), "B4-(B5+B6)");
        assert_eq!(text("a - (b - c)", 0).unwrap(), "B4-(B5-B6)");
        assert_eq!(text("(a + b) * c", 1).unwrap(), "(C4+C5)*C6");
        assert_eq!(text("a / (b * c)", 0).unwrap(), "B4/(B5*B6)");
        assert_eq!(text("a / b * 100", 0).unwrap(), "B4/B5*100");
        assert_eq!(text("-(a + b)", 0).unwrap(), "-(B4+B5)");
        assert_eq!(text("a * -b", 0).unwrap(), "B4*-B5");
        assert_eq!(text("previous(a) + b", 2).unwrap(), "C4+D5");
        assert_eq!(text("previous(a + b) * 2", 1).unwrap(), "(B4+B5)*2");
        assert_eq!(text("previous(a) + b", 0), None);
    }

    #[test]
    fn sums_are_ranges_of_neighbouring_rows() {
        assert_eq!(sum_text(&[0, 1, 2, 5], 1, GRID).unwrap(), "SUM(C4:C6,C9)");
        assert_eq!(sum_text(&[3], 0, GRID).unwrap(), "SUM(B7)");
    }

    #[test]
    fn a_formula_is_live_only_where_it_gives_the_stated_figure() {
        let d = |s: &str| Decimal::from_str_exact(s).unwrap();
        let formula = || Some("B4/B5*100".to_string());
        assert_eq!(
            judged(d("40"), Some(d("40")), formula),
            Derived::Live("B4/B5*100".into())
        );
        assert_eq!(
            judged(d("33.3"), Some(d("33.33333")), formula),
            Derived::Live("ROUND(B4/B5*100,1)".into())
        );
        assert_eq!(
            judged(d("143"), Some(d("144")), formula),
            Derived::Differs { computed: d("144") }
        );
        assert_eq!(judged(d("143"), None, formula), Derived::Missing);
    }
}
