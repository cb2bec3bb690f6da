//! `check --explain block.row[column]`: how a derived figure was computed,
//! operand by operand with where each is written, the computed and stated
//! figures, the tolerance and the verdict; for a goal (`goals.goal`), both
//! sides of its comparison and what they decide. Read from the parsed blocks, so
//! that it works on a book whose checks fail: that is when it is wanted.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::columns::{self, Column};
use super::expr::RowRef;
use super::goals::Goals;
use super::validate::{compare, Verdict};
use super::{Block, Derivation, Row, Table};
use crate::source::Location;

/// Why there is nothing to explain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not written as `block.row` or `block.row[column]`.
    Form,
    NoBlock(String),
    NoRow {
        block: String,
        row: String,
    },
    NoColumn {
        block: String,
        column: String,
    },
    NotDerived(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Form => write!(
                f,
                "write the figure as `block.row` or `block.row[column]`, e.g. `resultatbudget.arets-resultat[Budget 2026]` or `revenue.net-budget[2026/27]`"
            ),
            Refusal::NoBlock(block) => write!(f, "there is no block `{block}`"),
            Refusal::NoRow { block, row } => write!(f, "block `{block}` has no row `{row}`"),
            Refusal::NoColumn { block, column } => {
                write!(f, "block `{block}` has no column `{column}`")
            }
            Refusal::NotDerived(what) => write!(
                f,
                "`{what}` is stated, not computed: it has no `sum` or `formula`, and no column formula"
            ),
        }
    }
}

/// The explanation of every derived figure `target` names (one column, or
/// each column of the row).
pub fn explain(blocks: &[Block], target: &str) -> Result<String, Refusal> {
    let (reference, column) = match target.split_once('[') {
        Some((reference, rest)) => (
            reference,
            Some(rest.strip_suffix(']').ok_or(Refusal::Form)?),
        ),
        None => (target, None),
    };
    let (block_id, row_id) = reference.split_once('.').ok_or(Refusal::Form)?;
    if let Some(Block::Goals(goals)) = blocks.iter().find(|b| b.id() == block_id) {
        return explain_goal(blocks, goals, row_id, column);
    }
    let block = blocks
        .iter()
        .filter_map(Block::as_table)
        .find(|b| b.id == block_id)
        .ok_or_else(|| Refusal::NoBlock(block_id.to_string()))?;
    let row = block.row(row_id).ok_or_else(|| Refusal::NoRow {
        block: block_id.to_string(),
        row: row_id.to_string(),
    })?;
    let columns = chosen(&block.columns, block_id, column)?;
    let mut out = String::new();
    let mut any = false;
    for column in columns {
        if let Some(derivation) = &row.derivation {
            if !block.derives_in(row, column) {
                any = true;
                let what = match derivation {
                    Derivation::Sum { .. } => "a sum, not added up here",
                    Derivation::Formula { .. } => "a formula, not computed here",
                };
                let why = if block.columns[column].formula.is_some() {
                    "the column's formula computes it"
                } else if matches!(derivation, Derivation::Sum { .. }) {
                    "the figure is in per cent"
                } else {
                    "the column is in a unit of its own"
                };
                let why = format!("{what}: {why}");
                heading(&mut out, block, row, column, &why);
            } else {
                any = true;
                explain_derivation(&mut out, blocks, block, row, derivation, column);
            }
        }
        if let Some(formula) = &block.columns[column].formula {
            any = true;
            explain_column_formula(&mut out, block, row, column, formula);
        }
    }
    if any {
        Ok(out)
    } else {
        Err(Refusal::NotDerived(format!("{block_id}.{row_id}")))
    }
}

/// The columns to explain: the one named, or every one.
fn chosen(all: &[Column], block: &str, column: Option<&str>) -> Result<Vec<usize>, Refusal> {
    match column {
        Some(name) => Ok(vec![columns::find(all, name).map_err(|_| {
            Refusal::NoColumn {
                block: block.to_string(),
                column: name.to_string(),
            }
        })?]),
        None => Ok((0..all.len()).collect()),
    }
}

fn heading(out: &mut String, block: &Table, row: &Row, column: usize, how: &str) {
    let _ = writeln!(
        out,
        "`{}.{}`, column \"{}\" ({how})",
        block.id,
        row.id,
        block.column_name(column)
    );
}

/// An operand's line: its name, figure and where it is written.
fn operand_line(out: &mut String, name: &str, figure: Option<Decimal>, at: Option<&Location>) {
    let figure = figure.map_or("no figure".to_string(), |f| f.to_string());
    // A figure read from a spreadsheet is written in its cell.
    let at = at
        .map(|at| {
            at.cell
                .as_deref()
                .map_or_else(|| at.to_string(), str::to_string)
        })
        .unwrap_or_default();
    let _ = writeln!(out, "  {name:<32} {figure:>16}   {at}");
}

fn explain_derivation(
    out: &mut String,
    blocks: &[Block],
    block: &Table,
    row: &Row,
    derivation: &Derivation,
    column: usize,
) {
    let read_here =
        |reference: &RowRef, at: usize| read(blocks, Some(block), &block.columns, reference, at);
    let computed = match derivation {
        Derivation::Sum { rows, .. } => {
            heading(out, block, row, column, "a sum");
            let mut total = Some(Decimal::ZERO);
            for (reference, _) in rows {
                let (figure, at) = read_here(reference, column);
                operand_line(out, &format!("+ {reference}"), figure, at.as_ref());
                total = total.zip(figure).and_then(|(t, f)| t.checked_add(f));
            }
            total
        }
        Derivation::Formula { expr, text, .. } => {
            heading(out, block, row, column, &format!("formula `{text}`"));
            for reference in expr.refs() {
                let (figure, at) = read_here(reference, column);
                operand_line(out, &reference.to_string(), figure, at.as_ref());
            }
            expr.eval(column, &mut |reference, at| read_here(reference, at).0)
                .ok()
                .flatten()
        }
    };
    verdict_lines(out, block, row, column, computed);
}

/// The figure `reference` reads in column `at` of a block of `columns`
/// (`own`, for a reference without a block): its own block's, or the
/// column of the other block that answers to this one; and where it is
/// written.
fn read(
    blocks: &[Block],
    own: Option<&Table>,
    columns: &[Column],
    reference: &RowRef,
    at: usize,
) -> (Option<Decimal>, Option<Location>) {
    let there = match &reference.block {
        None => own.map(|own| (own, Some(at))),
        Some(id) => blocks
            .iter()
            .filter_map(Block::as_table)
            .find(|b| &b.id == id)
            .map(|other| {
                let pairing = columns::pairing(columns, &other.columns);
                (other, pairing.get(at).copied().flatten())
            }),
    };
    let Some((there, Some(c))) = there else {
        return (None, None);
    };
    let Some(figure) = there.row(&reference.row).and_then(|r| r.values.get(c)) else {
        return (None, None);
    };
    (figure.value, Some(figure.location.clone()))
}

/// A goal, column by column: both sides of its comparison, operand by
/// operand, and what they decide.
fn explain_goal(
    blocks: &[Block],
    goals: &Goals,
    goal_id: &str,
    column: Option<&str>,
) -> Result<String, Refusal> {
    let goal = goals
        .goals
        .iter()
        .find(|g| g.id == goal_id)
        .ok_or_else(|| Refusal::NoRow {
            block: goals.id.clone(),
            row: goal_id.to_string(),
        })?;
    let columns = chosen(&goals.columns, &goals.id, column)?;
    let mut out = String::new();
    let Some(check) = &goal.check else {
        let why = goal.undecided.as_deref().unwrap_or_default();
        let _ = writeln!(
            out,
            "`{}.{}`: not decided by the figures: {why}",
            goals.id, goal.id
        );
        return Ok(out);
    };
    for column in columns {
        let name = goals
            .columns
            .get(column)
            .map(Column::full_name)
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "`{}.{}`, column \"{name}\" (goal `{}`)",
            goals.id, goal.id, check.text
        );
        let side = |expr: &super::expr::Expr, out: &mut String| {
            for reference in expr.refs() {
                let (figure, at) = read(blocks, None, &goals.columns, reference, column);
                operand_line(out, &reference.to_string(), figure, at.as_ref());
            }
            expr.eval(column, &mut |reference, at| {
                read(blocks, None, &goals.columns, reference, at).0
            })
            .ok()
            .flatten()
        };
        let left = side(&check.left, &mut out);
        let right = side(&check.right, &mut out);
        let show = |v: Option<Decimal>| v.map_or("no figure".to_string(), |v| v.to_string());
        let _ = writeln!(out, "  {:<32} {:>16}", "left", show(left));
        let _ = writeln!(out, "  {:<32} {:>16}", "right", show(right));
        let verdict = match left.zip(right) {
            Some((left, right)) if check.comparison.holds(left, right) => "met",
            Some(_) => "not met",
            None => "cannot be decided: a figure it needs is missing",
        };
        let _ = writeln!(out, "  {:<32} {verdict}\n", "verdict");
    }
    Ok(out)
}

fn explain_column_formula(
    out: &mut String,
    block: &Table,
    row: &Row,
    column: usize,
    formula: &columns::ColumnFormula,
) {
    heading(
        out,
        block,
        row,
        column,
        &format!("column formula `{}`", formula.text),
    );
    let find = |id: &str| block.columns.iter().position(|c: &Column| c.id == id);
    for reference in formula.expr.refs() {
        let figure = find(&reference.row).and_then(|c| row.values.get(c));
        operand_line(
            out,
            &reference.row,
            figure.and_then(|f| f.value),
            figure.map(|f| &f.location),
        );
    }
    let computed = formula
        .expr
        .eval(column, &mut |reference, _| {
            find(&reference.row).and_then(|c| row.values.get(c)?.value)
        })
        .ok()
        .flatten();
    verdict_lines(out, block, row, column, computed);
}

fn verdict_lines(
    out: &mut String,
    block: &Table,
    row: &Row,
    column: usize,
    computed: Option<Decimal>,
) {
    let stated = row.values.get(column).and_then(|f| f.value);
    let show = |v: Option<Decimal>| v.map_or("no figure".to_string(), |v| v.to_string());
    let _ = writeln!(out, "  {:<32} {:>16}", "computed", show(computed));
    let _ = writeln!(out, "  {:<32} {:>16}", "stated", show(stated));
    let _ = writeln!(out, "  {:<32} {:>16}", "tolerance", block.tolerance);
    let kept = row.as_published.iter().find(|a| a.column == column);
    let verdict = match (stated, computed) {
        (None, _) => "nothing stated: nothing to check".to_string(),
        (Some(_), None) => "not checked: a figure it is computed from is missing".to_string(),
        (Some(stated), Some(computed)) => {
            match (compare(stated, computed, block.tolerance), kept) {
                (Verdict::Agrees, _) => "agrees".to_string(),
                (_, Some(kept)) => format!("kept as published: {}", kept.reason),
                (Verdict::Rounding { .. }, None) => "rounding: within the tolerance".to_string(),
                _ => "differs: an error".to_string(),
            }
        }
    };
    let _ = writeln!(out, "  {:<32} {verdict}\n", "verdict");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::validate::{validate, Context};
    use crate::diagnostic::Diagnostics;

    fn blocks(text: &str) -> Vec<Block> {
        let file = crate::source::SourceFile::new("c.md", text.to_string());
        let mut blocks = Vec::new();
        let mut diagnostics = Diagnostics::default();
        crate::parse::markdown::parse(
            &file,
            0,
            std::path::Path::new("c.md"),
            &Default::default(),
            Default::default(),
            &mut blocks,
            &mut diagnostics,
        );
        let _ = validate(&blocks, Context::default(), &mut diagnostics);
        blocks
    }

    const BOOK: &str = "```budget\nid: t\ncolumns: [A, B]\ntolerance: 1\nrows:\n  - {id: a, label: A, values: [1, 2]}\n  - {id: b, label: B, values: [3, ~]}\n  - {id: s, label: S, values: [5, 2], sum: above}\n```\n";

    #[test]
    fn explains_each_operand_the_computed_and_stated_figures_and_the_verdict() {
        let text = explain(&blocks(BOOK), "t.s[A]").unwrap();
        assert!(text.starts_with("`t.s`, column \"A\" (a sum)\n"), "{text}");
        assert!(text.contains("  + a"), "{text}");
        assert!(text.contains("1   c.md:6:32"), "{text}");
        assert!(text.contains("rounding: within the tolerance"), "{text}");
        let both = explain(&blocks(BOOK), "t.s").unwrap();
        assert!(both.contains("not checked: a figure it is computed from is missing"));
    }

    #[test]
    fn says_why_there_is_nothing_to_explain() {
        let blocks = blocks(BOOK);
        assert_eq!(explain(&blocks, "t"), Err(Refusal::Form));
        assert_eq!(explain(&blocks, "u.s"), Err(Refusal::NoBlock("u".into())));
        assert_eq!(
            explain(&blocks, "t.a"),
            Err(Refusal::NotDerived("t.a".into()))
        );
        assert!(matches!(
            explain(&blocks, "t.s[C]"),
            Err(Refusal::NoColumn { .. })
        ));
    }
}
