//! The anchors a block gives its page, defined once: the link checker
//! accepts exactly these, the templates write exactly these
//! (`templates/budget-table.html`, `budget-goals.html`, `decision.html`),
//! and no row or item may take an id that one of them already uses.

use super::{Block, Table, Verdict};
use crate::diagnostic::{Diagnostics, Problem};
use crate::source::Location;

/// Parts of a table or goals block that its template gives an id
/// (`driftbudget.chart`); `note-N` is reserved too. `embed` (the chart's
/// embed code, on the chapter page only) is not a place to link to.
const TABLE_PARTS: [&str; 3] = ["chart", "caption", "embed"];

/// The sections of a decision record (`ks-217.proposals`); `beslut-N` is
/// reserved too.
const DECISION_PARTS: [&str; 5] = ["title", "proposals", "order", "decision", "reservations"];

/// Block ids that name the book's own data files (`data/book.json`,
/// `data/book.xlsx`, `data/figures.csv`, `data/datapackage.json`): a table's
/// files (`data/<id>.csv`, …) must not overwrite them.
const DATA_FILE_IDS: [&str; 3] = ["book", "figures", "datapackage"];

/// Reports a block id that one of the book's data files uses; returns
/// whether the id is free.
pub fn check_block_id_free(id: &str, location: &Location, diagnostics: &mut Diagnostics) -> bool {
    let reserved = DATA_FILE_IDS.contains(&id);
    if reserved {
        diagnostics.error(
            Problem::ReservedBlockId { id: id.to_string() },
            location.clone(),
        );
    }
    !reserved
}

/// How a block's page is laid out, for the ids its parts take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A table or a goals table: a caption, a chart, notes.
    Table,
    /// A decision record: its sections.
    Decision,
}

/// Reports a row, goal or item id that would take an id the block's own
/// page parts use (`driftbudget.chart`); returns whether the id is free.
pub fn check_free(
    layout: Layout,
    block: &str,
    id: &str,
    location: &Location,
    diagnostics: &mut Diagnostics,
) -> bool {
    let (reserved, list) = reserved(layout, id);
    if reserved {
        diagnostics.error(
            Problem::ReservedId {
                id: id.to_string(),
                block: block.to_string(),
                reserved: list,
            },
            location.clone(),
        );
    }
    !reserved
}

/// Whether `id` is one the block's page parts use, and the list of them.
pub fn reserved(layout: Layout, id: &str) -> (bool, &'static str) {
    let numbered = |prefix: &str| {
        id.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    match layout {
        Layout::Table => (
            TABLE_PARTS.contains(&id) || numbered("note-"),
            "`chart`, `caption`, `embed`, `note-1`, `note-2`, …",
        ),
        Layout::Decision => (
            DECISION_PARTS.contains(&id) || numbered("beslut-"),
            "`title`, `proposals`, `order`, `decision`, `reservations`, `beslut-1`, …",
        ),
    }
}

/// Every id the block's HTML carries, given its verdicts (which decide the
/// notes on rounding differences).
pub fn anchors(block: &Block, verdicts: &[Vec<Verdict>]) -> Vec<String> {
    let id = block.id();
    let mut parts: Vec<String> = Vec::new();
    match block {
        Block::Table(table) => {
            parts.push("caption".into());
            if table.has_chart() {
                parts.push("chart".into());
            }
            parts.extend(table.rows.iter().map(|r| r.id.clone()));
            parts.extend((1..=note_count(table, verdicts)).map(|n| format!("note-{n}")));
        }
        Block::Goals(goals) => {
            parts.push("caption".into());
            parts.extend(goals.goals.iter().map(|g| g.id.clone()));
        }
        Block::Decision(d) => {
            let d = &d.record;
            parts.push("title".into());
            let sections = [
                ("proposals", !d.proposals.is_empty()),
                ("order", !d.order.is_empty()),
                ("decision", !d.decision.is_empty()),
                ("reservations", !d.reservations.is_empty()),
            ];
            parts.extend(sections.iter().filter(|s| s.1).map(|s| s.0.to_string()));
            parts.extend(d.proposals.iter().map(|p| p.id.clone()));
            parts.extend(d.order.iter().map(|s| s.id.clone()));
            parts.extend(d.reservations.iter().map(|r| r.id.clone()));
            parts.extend((1..=d.decision.len()).map(|n| format!("beslut-{n}")));
        }
    }
    std::iter::once(id.to_string())
        .chain(parts.into_iter().map(|p| format!("{id}.{p}")))
        .collect()
}

/// A table's notes: each row's own note, and one per stated figure that
/// differs from the computed one, numbered in reading order.
pub fn note_count(block: &Table, verdicts: &[Vec<Verdict>]) -> usize {
    let row_notes = block.rows.iter().filter(|r| r.note.is_some()).count();
    // How the per-100 figures are rounded.
    let per_hundred =
        usize::from(block.views.per_hundred && super::per_hundred::parts(block).is_some());
    let difference_notes = block
        .rows
        .iter()
        .zip(verdicts)
        .flat_map(|(row, verdicts)| row.values.iter().zip(verdicts))
        .filter(|(figure, verdict)| figure.value.is_some() && verdict.has_note())
        .count();
    row_notes + difference_notes + per_hundred
}
