//! Stage 3: check the figures. References resolve, derived rows do not
//! depend on themselves, and every stated sum, formula result and check
//! agrees with what its rows give.
//!
//! Derived rows read the *stated* figures of the rows they name, so one wrong
//! figure is reported once, where it is, and not again in every total above it.

use std::collections::HashMap;

use rust_decimal::{Decimal, RoundingStrategy};

use std::cell::RefCell;

use super::block::Block;
use super::columns::{self, Column};
use super::expr::{EvalError, Expr, RowRef};
use super::goals::{Goal, GoalOutcome};
use super::likely;
use super::read::inside_scalar;
use super::table::{Check, Derivation, Table};
use crate::diagnostic::{suggest, Diagnostics, Problem};
use crate::source::Location;

/// What validation found for one derived figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Not derived, or no figure stated: nothing to compare.
    Unchecked,
    /// A figure it is computed from is missing: stated, but not checked
    /// (reported as `unchecked`).
    Missing,
    Agrees,
    /// Within the block's tolerance.
    Rounding {
        computed: Decimal,
    },
    Differs {
        computed: Decimal,
    },
    /// Differs, and kept as the source prints it (`as-published`).
    AsPublished {
        computed: Decimal,
    },
}

impl Verdict {
    /// Whether the figure carries a note on the page: a difference, a
    /// figure kept as published, or a total that could not be checked.
    pub fn has_note(self) -> bool {
        !matches!(self, Verdict::Unchecked | Verdict::Agrees)
    }
}

/// How many derived figures (stated sums and formula results, checks and
/// goals, column by column) were checked.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    /// Computed and compared: agreeing, within tolerance, or not.
    pub checked: usize,
    /// Not computed because a figure they need is missing.
    pub unchecked: usize,
    /// Differing and kept as published, with the reason.
    pub as_published: usize,
}

impl Coverage {
    pub fn total(&self) -> usize {
        self.checked + self.unchecked + self.as_published
    }

    /// "312 of 315 derived figures checked; 3 unchecked: a figure is missing"
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{} of {} derived figures checked",
            self.checked,
            self.total()
        );
        if self.as_published > 0 {
            text.push_str(&format!(
                "; {} kept as published, with the reason",
                self.as_published
            ));
        }
        if self.unchecked > 0 {
            text.push_str(&format!(
                "; {} unchecked: a figure is missing",
                self.unchecked
            ));
        }
        text
    }
}

/// What validation found, per block in the order given.
#[derive(Debug, Default)]
pub struct Verdicts {
    pub blocks: Vec<BlockVerdicts>,
    pub coverage: Coverage,
}

/// What validation found in one block, by the block's kind.
#[derive(Debug)]
pub enum BlockVerdicts {
    Table(TableVerdicts),
    /// Per goal, per column.
    Goals(Vec<Vec<GoalOutcome>>),
    /// A decision record states no figures.
    Decision,
}

#[derive(Debug, Default)]
pub struct TableVerdicts {
    /// Per row, per column.
    pub cells: Vec<Vec<Verdict>>,
    /// The figures the table is compared with, if any.
    pub baseline: Option<Baseline>,
}

impl BlockVerdicts {
    /// A table's verdicts per row and column; none for other kinds.
    pub fn cells(&self) -> &[Vec<Verdict>] {
        match self {
            BlockVerdicts::Table(t) => &t.cells,
            _ => &[],
        }
    }

    pub fn baseline(&self) -> Option<&Baseline> {
        match self {
            BlockVerdicts::Table(t) => t.baseline.as_ref(),
            _ => None,
        }
    }

    pub fn goals(&self) -> &[Vec<GoalOutcome>] {
        match self {
            BlockVerdicts::Goals(g) => g,
            _ => &[],
        }
    }
}

/// The figures of a baseline block, by row id.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// What the comparison is with: the baseline's title.
    pub title: String,
    pub rows: HashMap<String, Vec<Option<Decimal>>>,
}

impl Baseline {
    fn of(block: &Table) -> Baseline {
        Baseline {
            title: block.title.clone().unwrap_or_else(|| block.id.clone()),
            rows: block
                .rows
                .iter()
                .map(|r| (r.id.clone(), r.values.iter().map(|f| f.value).collect()))
                .collect(),
        }
    }
}

/// What validation needs from outside the blocks.
#[derive(Debug, Default, Clone, Copy)]
pub struct Context<'a> {
    /// `[budget] population`, for per-capita views.
    pub population: Option<Decimal>,
    /// Blocks of the book given with `--compare`, by id.
    pub compare: Option<&'a HashMap<String, Block>>,
}

type RowKey = (usize, usize);

/// For each column of one block, the column of another that answers to it.
type Pairing = Vec<Option<usize>>;

struct Index<'a> {
    blocks: &'a [Block],
    by_id: HashMap<&'a str, usize>,
    rows: Vec<HashMap<&'a str, usize>>,
    /// For a reference from one block to another, which column there
    /// answers to each column here (see [`columns::pairing`]).
    pairings: RefCell<HashMap<(usize, usize), Pairing>>,
}

impl<'a> Index<'a> {
    fn new(blocks: &'a [Block], diagnostics: &mut Diagnostics) -> Self {
        let mut by_id: HashMap<&str, usize> = HashMap::new();
        for (i, block) in blocks.iter().enumerate() {
            if let Some(&first) = by_id.get(block.id()) {
                diagnostics.error(
                    Problem::DuplicateBlockId {
                        id: block.id().to_string(),
                        first: blocks[first].location().to_string(),
                    },
                    block.location().clone(),
                );
            } else {
                by_id.insert(block.id(), i);
            }
        }
        let rows = blocks
            .iter()
            .map(|b| {
                b.rows()
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (r.id.as_str(), i))
                    .collect()
            })
            .collect();
        Index {
            blocks,
            by_id,
            rows,
            pairings: RefCell::new(HashMap::new()),
        }
    }

    /// The row a reference names, seen from block `from`; reports why not.
    fn resolve(
        &self,
        from: usize,
        reference: &RowRef,
        location: &Location,
        diagnostics: &mut Diagnostics,
    ) -> Option<RowKey> {
        let here = &self.blocks[from];
        let block = match &reference.block {
            None => from,
            Some(name) => {
                let Some(&b) = self.by_id.get(name.as_str()) else {
                    diagnostics.error(
                        Problem::UnknownBlock {
                            block: name.clone(),
                            suggestion: suggest(name, self.by_id.keys().copied()),
                        },
                        location.clone(),
                    );
                    return None;
                };
                let there = &self.blocks[b];
                let pairing = columns::pairing(here.columns(), there.columns());
                if b != from && pairing.iter().all(Option::is_none) {
                    diagnostics.error(
                        Problem::ColumnsDoNotMatch {
                            block: there.id().to_string(),
                            here: here.id().to_string(),
                            here_columns: list(&here.column_names()),
                            there_columns: list(&there.column_names()),
                        },
                        location.clone(),
                    );
                    return None;
                }
                self.pairings.borrow_mut().insert((from, b), pairing);
                b
            }
        };
        let Some(&row) = self.rows[block].get(reference.row.as_str()) else {
            diagnostics.error(
                Problem::UnknownRow {
                    reference: reference.row.clone(),
                    block: self.blocks[block].id().to_string(),
                    suggestion: suggest(&reference.row, self.rows[block].keys().copied()),
                },
                location.clone(),
            );
            return None;
        };
        if self.blocks[block].rows()[row].heading {
            diagnostics.error(
                Problem::HeadingReference {
                    row: reference.to_string(),
                },
                location.clone(),
            );
            return None;
        }
        Some((block, row))
    }

    /// The stated figure of a row in column `column` of block `from`: the
    /// column of the row's own block that answers to it.
    fn stated(&self, from: usize, key: RowKey, column: usize) -> Operand {
        let (block, row) = key;
        let there = if block == from {
            Some(column)
        } else {
            self.pairings
                .borrow()
                .get(&(from, block))
                .and_then(|p| p.get(column).copied().flatten())
        };
        match there {
            None => Operand::NoColumn,
            Some(c) => match self.blocks[block].rows()[row]
                .values
                .get(c)
                .and_then(|f| f.value)
            {
                Some(value) => Operand::Figure(value),
                None => Operand::NoFigure,
            },
        }
    }

    /// As [`Index::stated`], with the operands that have no figure noted
    /// in `missing` for the message, as "`row` has no figure".
    fn operand(
        &self,
        from: usize,
        names: &HashMap<String, RowKey>,
        reference: &RowRef,
        (at, column): (usize, usize),
        missing: &mut Vec<String>,
    ) -> Option<Decimal> {
        let columns = &self.blocks[from].columns();
        let in_column = if at == column {
            String::new()
        } else {
            let name = columns.get(at).map(Column::full_name).unwrap_or_default();
            format!(" in column \"{name}\"")
        };
        match self.stated(from, names[&reference.to_string()], at) {
            Operand::Figure(value) => return Some(value),
            Operand::NoFigure => missing.push(format!("`{reference}`{in_column} has no figure")),
            Operand::NoColumn => {
                let name = columns.get(at).map(Column::full_name).unwrap_or_default();
                missing.push(format!(
                    "`{}` has no column that answers to \"{name}\"",
                    reference.block.as_deref().unwrap_or_default()
                ));
            }
        }
        None
    }
}

/// What a reference gives in one column.
enum Operand {
    Figure(Decimal),
    /// The row states no figure there (`~`).
    NoFigure,
    /// The row's block has no column matching this one.
    NoColumn,
}

fn list(names: &[String]) -> String {
    format!("[{}]", names.join(", "))
}

/// Where each reference of an expression is written in the file.
fn expr_refs<'e>(expr: &'e Expr, scalar: &Location) -> Vec<(&'e RowRef, Location)> {
    expr.refs()
        .into_iter()
        .map(|r| {
            let mut location = inside_scalar(scalar, r.offset);
            location.len = r.len;
            (r, location)
        })
        .collect()
}

pub fn validate(blocks: &[Block], context: Context, diagnostics: &mut Diagnostics) -> Verdicts {
    let index = Index::new(blocks, diagnostics);

    // Resolve every reference first: a derived row with an unresolved
    // reference is not evaluated, so that it is reported only once.
    let mut edges: HashMap<RowKey, Vec<RowKey>> = HashMap::new();
    let mut resolved: HashMap<RowKey, HashMap<String, RowKey>> = HashMap::new();
    for (b, block) in blocks.iter().enumerate() {
        for (r, row) in block.rows().iter().enumerate() {
            let (refs, same_column): (Vec<(&RowRef, Location)>, Vec<String>) = match &row.derivation
            {
                None => continue,
                Some(Derivation::Sum { rows, .. }) => (
                    rows.iter().map(|(r, l)| (r, l.clone())).collect(),
                    rows.iter().map(|(r, _)| r.to_string()).collect(),
                ),
                Some(Derivation::Formula { expr, location, .. }) => (
                    expr_refs(expr, location),
                    expr.same_column_refs()
                        .iter()
                        .map(|r| r.to_string())
                        .collect(),
                ),
            };
            let mut names = HashMap::new();
            let mut complete = true;
            for (reference, location) in refs {
                match index.resolve(b, reference, &location, diagnostics) {
                    Some(key) => {
                        names.insert(reference.to_string(), key);
                    }
                    None => complete = false,
                }
            }
            // A figure depends on the rows it reads in its own column; what
            // `previous(…)` reads comes from the column before.
            edges.insert(
                (b, r),
                same_column
                    .iter()
                    .filter_map(|name| names.get(name).copied())
                    .collect(),
            );
            if complete {
                resolved.insert((b, r), names);
            }
        }
    }

    report_cycles(blocks, &edges, diagnostics);

    let mut verdicts = Verdicts::default();
    for (b, block) in blocks.iter().enumerate() {
        let found = match block {
            Block::Table(table) => {
                let found = TableVerdicts {
                    cells: check_rows(
                        &index,
                        b,
                        table,
                        &resolved,
                        &mut verdicts.coverage,
                        diagnostics,
                    ),
                    baseline: baseline(&index, table, context, diagnostics),
                };
                check_block(&index, b, &mut verdicts.coverage, diagnostics);
                if table.views.per_capita && context.population.is_none() {
                    diagnostics.error(Problem::NoPopulation, table.location.clone());
                }
                super::per_hundred::check(table, diagnostics);
                BlockVerdicts::Table(found)
            }
            Block::Goals(goals) => BlockVerdicts::Goals(decide_goals(
                &index,
                b,
                &goals.goals,
                &mut verdicts.coverage,
                diagnostics,
            )),
            Block::Decision(_) => BlockVerdicts::Decision,
        };
        verdicts.blocks.push(found);
    }
    verdicts
}

/// Judges every derived figure of a table: its rows' sums and formulas,
/// then its column formulas.
fn check_rows(
    index: &Index,
    b: usize,
    block: &Table,
    resolved: &HashMap<RowKey, HashMap<String, RowKey>>,
    coverage: &mut Coverage,
    diagnostics: &mut Diagnostics,
) -> Vec<Vec<Verdict>> {
    let mut block_verdicts = Vec::with_capacity(block.rows.len());
    for (r, row) in block.rows.iter().enumerate() {
        let mut row_verdicts = vec![Verdict::Unchecked; row.values.len()];
        if let (Some(derivation), Some(names)) = (&row.derivation, resolved.get(&(b, r))) {
            for (column, verdict) in row_verdicts.iter_mut().enumerate() {
                // The figures a derived figure is computed from that are
                // missing, as "`row` has no figure".
                let mut missing: Vec<String> = Vec::new();
                let mut stated_or_note = |reference: &RowRef, at: usize| {
                    index.operand(b, names, reference, (at, column), &mut missing)
                };
                let computed = match derivation {
                    Derivation::Sum { rows, .. } => sum(rows
                        .iter()
                        .map(|(reference, _)| stated_or_note(reference, column))),
                    Derivation::Formula { expr, .. } => expr.eval(column, &mut stated_or_note),
                };
                let hint = || match derivation {
                    Derivation::Sum { rows, .. } => sum_hint(index, b, names, rows, row, column),
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
    row: &'a super::Row,
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
    b: usize,
    names: &HashMap<String, RowKey>,
    rows: &[(RowRef, Location)],
    total: &super::Row,
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
    let suspects = likely::suspects(&operands, &others, stated, block.tolerance);
    likely::hint(&suspects, &|v| v.to_string())
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

/// Of two verdicts on one figure (its row's derivation and its column's
/// formula), the one that says more is wrong.
fn worse(a: Verdict, b: Verdict) -> Verdict {
    let rank = |v: &Verdict| match v {
        Verdict::Unchecked => 0,
        Verdict::Agrees => 1,
        Verdict::Missing => 2,
        Verdict::Rounding { .. } => 3,
        Verdict::AsPublished { .. } => 4,
        Verdict::Differs { .. } => 5,
    };
    if rank(&b) > rank(&a) {
        b
    } else {
        a
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
    formula: &super::columns::ColumnFormula,
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

/// The block a table is compared with: its `baseline`, else the block of
/// the same id in the `--compare` book.
fn baseline(
    index: &Index,
    block: &Table,
    context: Context,
    diagnostics: &mut Diagnostics,
) -> Option<Baseline> {
    let (other, location) = match &block.baseline {
        Some((id, location)) => match index.by_id.get(id.as_str()) {
            Some(&b) => (&index.blocks[b], location.clone()),
            None => match context.compare.and_then(|c| c.get(id)) {
                Some(other) => (other, location.clone()),
                None => {
                    diagnostics.error(
                        Problem::UnknownBlock {
                            block: id.clone(),
                            suggestion: suggest(id, index.by_id.keys().copied()),
                        },
                        location.clone(),
                    );
                    return None;
                }
            },
        },
        None => (context.compare?.get(&block.id)?, block.location.clone()),
    };
    let other = match other {
        Block::Table(other) => other,
        Block::Goals(_) | Block::Decision(_) => {
            diagnostics.error(
                Problem::BaselineNotATable {
                    baseline: other.id().to_string(),
                    kind: other.kind_name(),
                },
                location,
            );
            return None;
        }
    };
    if other.column_names() != block.column_names() {
        diagnostics.error(
            Problem::BaselineColumns {
                baseline: other.id.clone(),
                block: block.id.clone(),
                expected: list(&block.column_names()),
                found: list(&other.column_names()),
            },
            location,
        );
        return None;
    }
    Some(Baseline::of(other))
}

/// What kept a figure from being computed, for the `unchecked` message:
/// the operands' own phrases, or, with none, `previous(…)` in the first
/// column.
fn missing_text(missing: &[String]) -> String {
    if missing.is_empty() {
        "it reads `previous(…)`, and the first column has no column before it".into()
    } else {
        missing.join("; ")
    }
}

/// A computation that failed, as a problem of `what` in `column`.
fn eval_problem(error: EvalError, what: String, column: String) -> Problem {
    match error {
        EvalError::DivisionByZero => Problem::DivisionByZero { row: what, column },
        EvalError::Overflow => Problem::Overflow { row: what, column },
    }
}

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
fn decide_goals(
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
                        Sides::Missing(missing) => {
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

fn check_block(index: &Index, b: usize, coverage: &mut Coverage, diagnostics: &mut Diagnostics) {
    let Some(block) = index.blocks[b].as_table() else {
        return;
    };
    for check in &block.checks {
        let Some(names) = resolve_check(index, b, check, diagnostics) else {
            continue;
        };
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
                    Sides::Failed => continue,
                };
            coverage.checked += 1;
            if check.comparison.holds(left, right) {
                continue;
            }
            let scale = left.scale().max(right.scale());
            let (l, r) = (show_computed(left, scale), show_computed(right, scale));
            let close = check.comparison == super::expr::Comparison::Eq
                && (left - right).abs() <= block.tolerance;
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
    }
}

fn sum(values: impl Iterator<Item = Option<Decimal>>) -> Result<Option<Decimal>, EvalError> {
    let mut total = Decimal::ZERO;
    for value in values {
        let Some(value) = value else {
            return Ok(None);
        };
        total = total.checked_add(value).ok_or(EvalError::Overflow)?;
    }
    Ok(Some(total))
}

/// Stated and computed agree when the computed value, rounded to the stated
/// value's decimals, equals it; within `tolerance` it is rounding.
pub fn compare(stated: Decimal, computed: Decimal, tolerance: Decimal) -> Verdict {
    let rounded =
        computed.round_dp_with_strategy(stated.scale(), RoundingStrategy::MidpointAwayFromZero);
    let difference = (stated - rounded).abs();
    if difference.is_zero() {
        Verdict::Agrees
    } else if difference <= tolerance {
        Verdict::Rounding { computed }
    } else {
        Verdict::Differs { computed }
    }
}

/// A computed value for a message: exact when short, else to a few more
/// decimals than the stated figure has.
fn show_computed(value: Decimal, stated_scale: u32) -> String {
    value
        .round_dp_with_strategy(stated_scale + 3, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

fn report_cycles(
    blocks: &[Block],
    edges: &HashMap<RowKey, Vec<RowKey>>,
    diagnostics: &mut Diagnostics,
) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut marks: HashMap<RowKey, Mark> = HashMap::new();
    let mut starts: Vec<RowKey> = edges.keys().copied().collect();
    starts.sort_unstable();
    let name = |(b, r): RowKey| format!("{}.{}", blocks[b].id(), blocks[b].rows()[r].id);

    for start in starts {
        if marks.get(&start).copied().unwrap_or(Mark::New) != Mark::New {
            continue;
        }
        // Iterative depth-first search: the path is the current chain.
        let mut path: Vec<(RowKey, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Active);
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let targets = edges.get(&node).map(Vec::as_slice).unwrap_or(&[]);
            if let Some(&target) = targets.get(*next) {
                *next += 1;
                match marks.get(&target).copied().unwrap_or(Mark::New) {
                    Mark::New if edges.contains_key(&target) => {
                        marks.insert(target, Mark::Active);
                        path.push((target, 0));
                    }
                    Mark::Active => {
                        let from = path.iter().position(|&(k, _)| k == target).unwrap_or(0);
                        let mut names: Vec<String> =
                            path[from..].iter().map(|&(k, _)| name(k)).collect();
                        names.push(name(target));
                        let (b, r) = target;
                        let location = blocks[b].rows()[r].derivation.as_ref().map_or_else(
                            || blocks[b].rows()[r].location.clone(),
                            |d| d.location().clone(),
                        );
                        diagnostics.error(
                            Problem::Cycle {
                                path: names.join(" → "),
                            },
                            location,
                        );
                    }
                    _ => {}
                }
            } else {
                marks.insert(node, Mark::Done);
                path.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn rounding_is_judged_at_the_stated_precision() {
        assert_eq!(compare(d("4.3"), d("4.2612"), d("1")), Verdict::Agrees);
        assert_eq!(
            compare(d("143"), d("144"), d("1")),
            Verdict::Rounding { computed: d("144") }
        );
        assert_eq!(
            compare(d("143"), d("145"), d("1")),
            Verdict::Differs { computed: d("145") }
        );
        assert_eq!(
            compare(d("143"), d("144"), d("0")),
            Verdict::Differs { computed: d("144") }
        );
        assert_eq!(compare(d("0.3"), d("0.25"), d("0")), Verdict::Agrees);
        assert_eq!(compare(d("-0.3"), d("-0.25"), d("0")), Verdict::Agrees);
    }
}
