//! Stage 3: check the figures. References resolve, derived rows do not
//! depend on themselves, and every stated sum, formula result and check
//! agrees with what its rows give.
//!
//! Derived rows read the *stated* figures of the rows they name, so one wrong
//! figure is reported once, where it is, and not again in every total above it.

mod baseline;
mod checks;
mod cycles;
mod figures;
mod index;
mod verdicts;

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::block::Block;
use super::expr::RowRef;
use super::table::Derivation;
use crate::diagnostic::{Diagnostics, Problem};
use crate::source::Location;

pub use baseline::Baseline;
pub use verdicts::{compare, BlockVerdicts, Coverage, TableVerdicts, Verdict, Verdicts};

use index::{expr_refs, Index, RowKey};

/// What validation needs from outside the blocks.
#[derive(Debug, Default, Clone, Copy)]
pub struct Context<'a> {
    /// `[budget] population`, for per-capita views.
    pub population: Option<Decimal>,
    /// Blocks of the book given with `--compare`, by id.
    pub compare: Option<&'a HashMap<String, Block>>,
}

/// Every block's derived figures, checks and goals, judged; what is wrong
/// or unchecked is reported in `diagnostics`.
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

    cycles::report(blocks, &edges, diagnostics);

    let mut verdicts = Verdicts::default();
    for (b, block) in blocks.iter().enumerate() {
        let found = match block {
            Block::Table(table) => {
                let found = TableVerdicts {
                    cells: figures::check_rows(
                        &index,
                        b,
                        table,
                        &resolved,
                        &mut verdicts.coverage,
                        diagnostics,
                    ),
                    baseline: baseline::of(&index, table, context, diagnostics),
                };
                checks::check_block(&index, b, &mut verdicts.coverage, diagnostics);
                if table.views.per_capita && context.population.is_none() {
                    diagnostics.error(Problem::NoPopulation, table.location.clone());
                }
                super::per_hundred::check(table, diagnostics);
                BlockVerdicts::Table(found)
            }
            Block::Goals(goals) => BlockVerdicts::Goals(checks::decide_goals(
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
