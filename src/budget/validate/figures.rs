//! The derived figures of a table: each stated sum and formula result, and
//! each column formula, computed and compared with what is stated.

use std::collections::HashMap;

use rust_decimal::{Decimal, RoundingStrategy};

use super::index::{expr_refs, Index, RowKey};
use super::verdicts::{compare, worse, Coverage, Verdict};
use crate::budget::expr::{EvalError, RowRef};
use crate::budget::likely;
use crate::budget::table::{Derivation, Table};
use crate::diagnostic::{suggest, Diagnostics, Problem};
use crate::source::Location;

/// Judges every derived figure of a table: its rows' sums and formulas,
/// then its column formulas.
pub(super) fn check_rows(
    index: &Index,
    b: usize,
    block: &Table,
    resolved: &HashMap<RowKey, HashMap<String, RowKey>>,
    coverage: &mut Coverage,
    diagnostics: &mut Diagnostics,
) -> Vec<Vec<Verdict>> {
    let mut block_verdicts: Vec<Vec<Verdict>> = Vec::with_capacity(block.rows.len());
    for (r, row) in block.rows.iter().enumerate() {
        let mut row_verdicts = vec![Verdict::Unchecked; row.values.len()];
        if let (Some(derivation), Some(names)) = (&row.derivation, resolved.get(&(b, r))) {
            for (column, verdict) in row_verdicts.iter_mut().enumerate() {
                if !block.derives_in(row, column) {
                    continue;
                }
                // The figures a derived figure is computed from that are
                // missing, as "`row` has no figure".
                let mut missing: Vec<String> = Vec::new();
                let mut stated_or_note = |reference: &RowRef, at: usize| {
                    index.operand(b, names, reference, (at, column), &mut missing)
                };
                let computed = derivation.compute(column, &mut stated_or_note);
                // A total that agrees with its parts once a wrong subtotal
                // among them is taken as computed is right: the one wrong
                // figure is reported once, at the subtotal, not again here.
                let mut corrected = |reference: &RowRef, at: usize| -> Option<Decimal> {
                    let key = names.get(&reference.to_string())?;
                    let wrong = (key.0 == b && at == column)
                        .then(|| block_verdicts.get(key.1)?.get(column))
                        .flatten();
                    match wrong {
                        Some(Verdict::Differs { computed }) => Some(*computed),
                        _ => index.operand(b, names, reference, (at, column), &mut Vec::new()),
                    }
                };
                let mut follows_from_subtotal = || {
                    let stated = row.values.get(column)?.value?;
                    let recomputed = derivation.compute(column, &mut corrected).ok()??;
                    Some(!matches!(
                        compare(stated, recomputed, block.tolerance),
                        Verdict::Differs { .. }
                    ))
                };
                let stated = row.values.get(column).and_then(|f| f.value);
                let differs = match (&computed, stated) {
                    (Ok(Some(computed)), Some(stated)) => matches!(
                        compare(stated, *computed, block.tolerance),
                        Verdict::Differs { .. }
                    ),
                    _ => false,
                };
                let kept = row.as_published.iter().any(|a| a.column == column);
                if differs && !kept && follows_from_subtotal() == Some(true) {
                    coverage.checked += 1;
                    *verdict = Verdict::Agrees;
                    continue;
                }
                let hint = || match derivation {
                    Derivation::Sum { rows, .. } => {
                        sum_hint(index, (b, resolved), names, rows, row, column)
                    }
                    Derivation::Formula { .. } => None,
                };
                let cell = Cell {
                    block,
                    row,
                    column,
                    by: None,
                    location: derivation.location(),
                    hint: &hint,
                };
                *verdict = judge(&cell, computed, &missing, coverage, diagnostics);
            }
        }
        block_verdicts.push(row_verdicts);
    }
    check_column_formulas(block, &mut block_verdicts, coverage, diagnostics);
    block_verdicts
}

/// One derived figure being judged: where it is and what derives it.
struct Cell<'a> {
    block: &'a Table,
    row: &'a crate::budget::Row,
    column: usize,
    /// The column formula that computes it, when it is not the row's own
    /// `sum` or `formula`.
    by: Option<&'a str>,
    /// Where the derivation is written, for arithmetic errors.
    location: &'a Location,
    /// Which operand probably explains a mismatch, asked only for one.
    hint: &'a dyn Fn() -> Option<String>,
}

/// For a stated sum that misses: the operand (or the total) that would
/// make it agree, by the rules of [`likely`].
fn sum_hint(
    index: &Index,
    (b, resolved): (usize, &HashMap<RowKey, HashMap<String, RowKey>>),
    names: &HashMap<String, RowKey>,
    rows: &[(RowRef, Location)],
    total: &crate::budget::Row,
    column: usize,
) -> Option<String> {
    let block = index.blocks[b].as_table()?;
    let stated = total.values.get(column)?.value?;
    let mut ignored = Vec::new();
    let operands: Vec<likely::Operand> = rows
        .iter()
        .map(|(reference, _)| {
            let value = index.operand(b, names, reference, (column, column), &mut ignored)?;
            Some(likely::Operand {
                id: reference.to_string(),
                value,
            })
        })
        .collect::<Option<_>>()?;
    let others: Vec<likely::Operand> = block
        .rows
        .iter()
        .filter(|r| !r.heading && !r.is_derived() && !operands.iter().any(|o| o.id == r.id))
        .filter_map(|r| {
            Some(likely::Operand {
                id: r.id.clone(),
                value: r.values.get(column)?.value?,
            })
        })
        .collect();
    let mut suspects = likely::suspects(&operands, &others, stated, block.tolerance);
    if borne_out(index, (b, resolved), total, column) {
        suspects.retain(|s| s.row.is_some());
    }
    likely::hint(&suspects, &|v| v.to_string())
}

/// Whether a row of the block computed from `total` agrees with its stated
/// figure in `column`: a net that agrees with the stated gross total bears
/// the total out, so the slip is among its parts, not in it.
fn borne_out(
    index: &Index,
    (b, resolved): (usize, &HashMap<RowKey, HashMap<String, RowKey>>),
    total: &crate::budget::Row,
    column: usize,
) -> bool {
    let Some(block) = index.blocks[b].as_table() else {
        return false;
    };
    let reads_total = |r: &RowRef| r.block.is_none() && r.row == total.id;
    block.rows.iter().enumerate().any(|(u, row)| {
        let Some(derivation) = &row.derivation else {
            return false;
        };
        let (Some(names), Some(stated)) = (
            resolved.get(&(b, u)),
            row.values.get(column).and_then(|f| f.value),
        ) else {
            return false;
        };
        if !derivation.refs().into_iter().any(reads_total) {
            return false;
        }
        let mut ignored = Vec::new();
        let mut value = |reference: &RowRef, at: usize| {
            index.operand(b, names, reference, (at, column), &mut ignored)
        };
        let computed = derivation.compute(column, &mut value).ok().flatten();
        computed.is_some_and(|c| {
            !matches!(compare(stated, c, block.tolerance), Verdict::Differs { .. })
        })
    })
}

/// Compares a stated figure with what its derivation computes, reporting
/// what is found; the verdict for the page.
fn judge(
    cell: &Cell,
    computed: Result<Option<Decimal>, EvalError>,
    missing: &[String],
    coverage: &mut Coverage,
    diagnostics: &mut Diagnostics,
) -> Verdict {
    let Cell {
        block, row, column, ..
    } = *cell;
    let column_name = block.column_name(column);
    let what = || format!("{}.{}", block.id, row.id);
    let Some(stated_figure) = row.values.get(column) else {
        return Verdict::Unchecked;
    };
    // No figure stated (`~`): nothing to compare, nor to compute; a
    // division by a nil operand there is no error.
    if stated_figure.value.is_none() && !matches!(computed, Ok(Some(_))) {
        return Verdict::Unchecked;
    }
    let computed = match computed {
        Ok(Some(c)) => c,
        // A figure the source leaves blank states nothing that could be wrong.
        Ok(None) if stated_figure.value.is_none() => return Verdict::Unchecked,
        Ok(None) => {
            coverage.unchecked += 1;
            let mut missing = missing_text(missing);
            if let Some(formula) = cell.by {
                missing.push_str(&format!(" (column formula `{formula}`)"));
            }
            diagnostics.warning(
                Problem::Unchecked {
                    what: what(),
                    column: column_name,
                    missing,
                },
                stated_figure.location.clone(),
            );
            return Verdict::Missing;
        }
        Err(e) => {
            diagnostics.error(eval_problem(e, what(), column_name), cell.location.clone());
            return Verdict::Unchecked;
        }
    };
    let Some(stated) = stated_figure.value else {
        return Verdict::Unchecked;
    };
    let verdict = compare(stated, computed, block.tolerance);
    let kept = row.as_published.iter().find(|a| a.column == column);
    let shown = || (stated.to_string(), show_computed(computed, stated.scale()));
    let by = cell.by.map(str::to_string);
    match (verdict, kept) {
        (Verdict::Agrees, Some(kept)) => {
            coverage.checked += 1;
            diagnostics.warning(
                Problem::AsPublishedAgrees {
                    block: block.id.clone(),
                    row: row.id.clone(),
                    column: column_name,
                },
                kept.location.clone(),
            );
            verdict
        }
        (Verdict::Rounding { .. } | Verdict::Differs { .. }, Some(kept)) => {
            coverage.as_published += 1;
            let (stated, computed_text) = shown();
            diagnostics.note(
                Problem::AsPublished {
                    block: block.id.clone(),
                    row: row.id.clone(),
                    column: column_name,
                    stated,
                    computed: computed_text,
                    reason: kept.reason.clone(),
                },
                stated_figure.location.clone(),
            );
            Verdict::AsPublished { computed }
        }
        (Verdict::Rounding { .. }, None) => {
            coverage.checked += 1;
            let (stated, computed) = shown();
            diagnostics.warning(
                Problem::Rounding {
                    block: block.id.clone(),
                    row: row.id.clone(),
                    column: column_name,
                    stated,
                    computed,
                    by,
                },
                stated_figure.location.clone(),
            );
            verdict
        }
        (Verdict::Differs { .. }, None) => {
            coverage.checked += 1;
            let (stated, computed) = shown();
            diagnostics.error(
                Problem::SumMismatch {
                    block: block.id.clone(),
                    row: row.id.clone(),
                    column: column_name,
                    stated,
                    computed,
                    tolerance: block.tolerance.to_string(),
                    by,
                    likely: (cell.hint)(),
                },
                stated_figure.location.clone(),
            );
            verdict
        }
        _ => {
            coverage.checked += 1;
            verdict
        }
    }
}

/// Checks every column formula in every row that states a figure in its
/// column, with the same rules as a row's own derivation. Where a `sum`
/// row meets a formula column both must hold.
fn check_column_formulas(
    block: &Table,
    verdicts: &mut [Vec<Verdict>],
    coverage: &mut Coverage,
    diagnostics: &mut Diagnostics,
) {
    for (column, spec) in block.columns.iter().enumerate() {
        let Some(formula) = &spec.formula else {
            continue;
        };
        let Some(operands) = column_operands(block, column, formula, diagnostics) else {
            continue;
        };
        for (r, row) in block.rows.iter().enumerate() {
            if row.heading {
                continue;
            }
            let mut missing = Vec::new();
            let computed = formula.expr.eval(column, &mut |reference, _| {
                let at = operands[&reference.row];
                let value = row.values.get(at).and_then(|f| f.value);
                if value.is_none() {
                    missing.push(format!(
                        "`{}` has no figure in column \"{}\"",
                        row.id,
                        block.column_name(at)
                    ));
                }
                value
            });
            let cell = Cell {
                block,
                row,
                column,
                by: Some(&formula.text),
                location: &formula.location,
                hint: &|| None,
            };
            let verdict = judge(&cell, computed, &missing, coverage, diagnostics);
            if let Some(slot) = verdicts.get_mut(r).and_then(|v| v.get_mut(column)) {
                *slot = worse(*slot, verdict);
            }
        }
    }
}

/// The columns a column formula reads, by id; `None` (reported) when one
/// is not a column of the block, or the formula reaches outside its row.
fn column_operands(
    block: &Table,
    column: usize,
    formula: &crate::budget::columns::ColumnFormula,
    diagnostics: &mut Diagnostics,
) -> Option<HashMap<String, usize>> {
    let mut operands = HashMap::new();
    let mut complete = true;
    if formula.expr.same_column_refs().len() != formula.expr.refs().len() {
        diagnostics.error(
            Problem::FormulaSyntax {
                message:
                    "`previous(…)` has no meaning in a column formula, which reads its own row"
                        .into(),
            },
            formula.location.clone(),
        );
        return None;
    }
    for (reference, location) in expr_refs(&formula.expr, &formula.location) {
        let found = reference
            .block
            .is_none()
            .then(|| block.columns.iter().position(|c| c.id == reference.row))
            .flatten();
        match found {
            Some(at) if at == column => {
                diagnostics.error(
                    Problem::Cycle {
                        path: format!("column `{}` → `{}`", reference.row, reference.row),
                    },
                    location,
                );
                complete = false;
            }
            Some(at) => {
                operands.insert(reference.row.clone(), at);
            }
            None => {
                diagnostics.error(
                    Problem::UnknownColumn {
                        block: block.id.clone(),
                        column: reference.to_string(),
                        suggestion: suggest(
                            &reference.row,
                            block.columns.iter().map(|c| c.id.as_str()),
                        ),
                    },
                    location,
                );
                complete = false;
            }
        }
    }
    complete.then_some(operands)
}

/// What kept a figure from being computed, for the `unchecked` message:
/// the operands' own phrases, or, with none, `previous(…)` in the first
/// column.
pub(super) fn missing_text(missing: &[String]) -> String {
    if missing.is_empty() {
        "it reads `previous(…)`, and the first column has no column before it".into()
    } else {
        missing.join("; ")
    }
}

/// A computation that failed, as a problem of `what` in `column`.
pub(super) fn eval_problem(error: EvalError, what: String, column: String) -> Problem {
    match error {
        EvalError::DivisionByZero => Problem::DivisionByZero { row: what, column },
        EvalError::Overflow => Problem::Overflow { row: what, column },
    }
}

/// A computed value for a message: exact when short, else to a few more
/// decimals than the stated figure has.
pub(super) fn show_computed(value: Decimal, stated_scale: u32) -> String {
    value
        .round_dp_with_strategy(stated_scale + 3, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}
