//! Comparisons between rows: a table's `checks` and a goals block's goals.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::figures::{eval_problem, missing_text, show_computed};
use super::index::{expr_refs, Index, RowKey, NO_COLUMN};
use super::verdicts::{Coverage, Verdict};
use crate::budget::expr::{Comparison, Expr, RowRef};
use crate::budget::goals::{Goal, GoalOutcome};
use crate::budget::table::Check;
use crate::diagnostic::{Diagnostics, Problem};

/// The rows both sides of a comparison name, by reference; `None` (with the
/// problems reported) when one of them does not resolve.
fn resolve_check(
    index: &Index,
    b: usize,
    check: &Check,
    diagnostics: &mut Diagnostics,
) -> Option<HashMap<String, RowKey>> {
    let mut names = HashMap::new();
    let mut complete = true;
    for expr in [&check.left, &check.right] {
        for (reference, location) in expr_refs(expr, &check.location) {
            match index.resolve(b, reference, &location, diagnostics) {
                Some(key) => {
                    names.insert(reference.to_string(), key);
                }
                None => complete = false,
            }
        }
    }
    complete.then_some(names)
}

/// Both sides of a comparison in one column, or why not.
enum Sides {
    Both(Decimal, Decimal),
    /// The operands without a figure, for the `unchecked` warning.
    Missing(String),
    /// Only a column the other table lacks: the blocks that lack it.
    NoColumn(String),
    /// The arithmetic failed; reported already.
    Failed,
}

/// Both sides of a comparison in `column` (a failed computation is
/// reported as a problem of `what`).
fn eval_sides(
    index: &Index,
    names: &HashMap<String, RowKey>,
    check: &Check,
    (b, column): (usize, usize),
    what: &str,
    diagnostics: &mut Diagnostics,
) -> Sides {
    let mut missing = Vec::new();
    let mut value = |r: &RowRef, at: usize| index.operand(b, names, r, (at, column), &mut missing);
    let sides = (
        check.left.eval(column, &mut value),
        check.right.eval(column, &mut value),
    );
    match sides {
        (Ok(Some(left)), Ok(Some(right))) => Sides::Both(left, right),
        (Err(e), _) | (_, Err(e)) => {
            let column_name = index.blocks[b].column_name(column);
            diagnostics.error(
                eval_problem(e, what.to_string(), column_name),
                check.location.clone(),
            );
            Sides::Failed
        }
        _ if !missing.is_empty() && missing.iter().all(|m| m.contains(NO_COLUMN)) => {
            let mut blocks: Vec<&str> = missing
                .iter()
                .filter_map(|m| m.split(NO_COLUMN).next())
                .map(str::trim)
                .collect();
            blocks.dedup();
            Sides::NoColumn(blocks.join(", "))
        }
        _ => {
            missing.dedup();
            Sides::Missing(missing_text(&missing))
        }
    }
}

/// The warning for a check or goal not decided in a column for want of a
/// figure.
fn unchecked(what: &str, column: &str, missing: String) -> Problem {
    Problem::Unchecked {
        what: what.to_string(),
        column: column.to_string(),
        missing,
    }
}

/// Decides each goal in each column from the stated figures.
pub(super) fn decide_goals(
    index: &Index,
    b: usize,
    goals: &[Goal],
    coverage: &mut Coverage,
    diagnostics: &mut Diagnostics,
) -> Vec<Vec<GoalOutcome>> {
    let columns = &index.blocks[b].columns();
    goals
        .iter()
        .map(|goal| {
            let Some(check) = &goal.check else {
                return vec![GoalOutcome::Undecidable; columns.len()];
            };
            let Some(names) = resolve_check(index, b, check, diagnostics) else {
                return vec![GoalOutcome::MissingFigure; columns.len()];
            };
            columns
                .iter()
                .enumerate()
                .map(|(column, name)| {
                    let name = &name.full_name();
                    let what = format!("{}.{}", index.blocks[b].id(), goal.id);
                    match eval_sides(index, &names, check, (b, column), &what, diagnostics) {
                        Sides::Both(left, right) => {
                            coverage.checked += 1;
                            if check.comparison.holds(left, right) {
                                GoalOutcome::Met { left, right }
                            } else {
                                GoalOutcome::NotMet { left, right }
                            }
                        }
                        Sides::Missing(missing) | Sides::NoColumn(missing) => {
                            coverage.unchecked += 1;
                            diagnostics
                                .warning(unchecked(&what, name, missing), check.location.clone());
                            GoalOutcome::MissingFigure
                        }
                        Sides::Failed => GoalOutcome::MissingFigure,
                    }
                })
                .collect()
        })
        .collect()
}

/// Decides each of a table's `checks` in each column.
pub(super) fn check_block(
    index: &Index,
    b: usize,
    coverage: &mut Coverage,
    diagnostics: &mut Diagnostics,
) {
    let Some(block) = index.blocks[b].as_table() else {
        return;
    };
    for check in &block.checks {
        let Some(names) = resolve_check(index, b, check, diagnostics) else {
            continue;
        };
        // The columns the other table lacks, said once for the check.
        let mut unpaired: Vec<String> = Vec::new();
        let mut lacking = String::new();
        for (column, column_name) in block.column_names().iter().enumerate() {
            let (left, right) =
                match eval_sides(index, &names, check, (b, column), &check.text, diagnostics) {
                    Sides::Both(left, right) => (left, right),
                    Sides::Missing(missing) => {
                        coverage.unchecked += 1;
                        diagnostics.warning(
                            unchecked(&check.text, column_name, missing),
                            check.location.clone(),
                        );
                        continue;
                    }
                    Sides::NoColumn(blocks) => {
                        coverage.unchecked += 1;
                        unpaired.push(format!("\"{column_name}\""));
                        lacking = blocks;
                        continue;
                    }
                    Sides::Failed => continue,
                };
            coverage.checked += 1;
            if check.comparison.holds(left, right) || agrees_as_stated(check, left, right) {
                continue;
            }
            let scale = left.scale().max(right.scale());
            let (l, r) = (show_computed(left, scale), show_computed(right, scale));
            let close =
                check.comparison == Comparison::Eq && (left - right).abs() <= block.tolerance;
            let problem = |rounding: bool| {
                let (check, column, left, right) = (
                    check.text.clone(),
                    column_name.clone(),
                    l.clone(),
                    r.clone(),
                );
                if rounding {
                    Problem::CheckRounding {
                        check,
                        column,
                        left,
                        right,
                    }
                } else {
                    Problem::CheckFailed {
                        check,
                        column,
                        left,
                        right,
                    }
                }
            };
            if close {
                diagnostics.warning(problem(true), check.location.clone());
            } else {
                diagnostics.error(problem(false), check.location.clone());
            }
        }
        if !unpaired.is_empty() {
            diagnostics.warning(
                Problem::UncheckedColumns {
                    what: check.text.clone(),
                    columns: unpaired.join(", "),
                    lacking,
                },
                check.location.clone(),
            );
        }
    }
}

/// Whether an equality between a stated figure (one side a row alone) and a
/// computation holds at the stated figure's decimals, as a row's `formula`
/// is judged: `netto == -drift.summa / 1000` holds for a stated -1435,2
/// against -1435,15.
fn agrees_as_stated(check: &Check, left: Decimal, right: Decimal) -> bool {
    let stated_agrees = |side: &Expr, stated: Decimal, computed: Decimal| {
        matches!(side, Expr::Ref(_))
            && super::verdicts::compare(stated, computed, Decimal::ZERO) == Verdict::Agrees
    };
    check.comparison == Comparison::Eq
        && (stated_agrees(&check.left, left, right) || stated_agrees(&check.right, right, left))
}
