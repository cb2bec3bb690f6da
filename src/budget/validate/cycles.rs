//! Derived rows that depend, through others, on themselves.

use std::collections::HashMap;

use super::index::RowKey;
use crate::budget::block::Block;
use crate::diagnostic::{Diagnostics, Problem};

/// Reports each cycle among derived rows once, at a row on it.
pub(super) fn report(
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
