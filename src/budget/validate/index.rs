//! Blocks and rows by id, and what a reference names.

use std::cell::RefCell;
use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::budget::block::Block;
use crate::budget::columns::{self, Column};
use crate::budget::expr::{Expr, RowRef};
use crate::budget::read::inside_scalar;
use crate::diagnostic::{suggest, Diagnostics, Problem};
use crate::source::Location;

pub(super) type RowKey = (usize, usize);

/// For each column of one block, the column of another that answers to it.
type Pairing = Vec<Option<usize>>;

pub(super) struct Index<'a> {
    pub(super) blocks: &'a [Block],
    pub(super) by_id: HashMap<&'a str, usize>,
    rows: Vec<HashMap<&'a str, usize>>,
    /// For a reference from one block to another, which column there
    /// answers to each column here (see [`columns::pairing`]).
    pairings: RefCell<HashMap<(usize, usize), Pairing>>,
}

impl<'a> Index<'a> {
    pub(super) fn new(blocks: &'a [Block], diagnostics: &mut Diagnostics) -> Self {
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
    pub(super) fn resolve(
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
    pub(super) fn operand(
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
                    "`{}` {NO_COLUMN} \"{name}\"",
                    reference.block.as_deref().unwrap_or_default()
                ));
            }
        }
        None
    }
}

/// How an operand's phrase says that its block has no column paired with
/// the one computed: told apart from a missing figure, which can be given.
pub(super) const NO_COLUMN: &str = "has no column that answers to";

/// What a reference gives in one column.
enum Operand {
    Figure(Decimal),
    /// The row states no figure there (`~`).
    NoFigure,
    /// The row's block has no column matching this one.
    NoColumn,
}

pub(super) fn list(names: &[String]) -> String {
    format!("[{}]", names.join(", "))
}

/// Where each reference of an expression is written in the file.
pub(super) fn expr_refs<'e>(expr: &'e Expr, scalar: &Location) -> Vec<(&'e RowRef, Location)> {
    expr.refs()
        .into_iter()
        .map(|r| {
            let mut location = inside_scalar(scalar, r.offset);
            location.len = r.len;
            (r, location)
        })
        .collect()
}
