//! The figures a table is compared with.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::index::{list, Index};
use super::Context;
use crate::budget::block::Block;
use crate::budget::table::Table;
use crate::diagnostic::{suggest, Diagnostics, Problem};

/// The figures of a baseline block, by row id.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// What the comparison is with: the baseline's title.
    pub title: String,
    pub rows: HashMap<String, Vec<Option<Decimal>>>,
}

impl Baseline {
    fn of_table(block: &Table) -> Baseline {
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

/// The block a table is compared with: its `baseline`, else the block of
/// the same id in the `--compare` book.
pub(super) fn of(
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
    Some(Baseline::of_table(other))
}
