//! The template context of a budget table: every figure formatted, every row
//! and cell with what validation found.

use serde::Serialize;

use super::format;
use super::strings::Strings;
use crate::budget::{Block, Derivation, Verdict};
use crate::load::Language;

#[derive(Serialize)]
pub struct Table {
    /// The table's id on the page: the block id.
    pub id: String,
    pub title: String,
    pub unit: Option<String>,
    pub columns: Vec<String>,
    pub groups: Vec<RowGroup>,
    pub notes: Vec<Note>,
}

/// Rows under one heading row (or none, for rows before the first heading).
#[derive(Serialize)]
pub struct RowGroup {
    pub heading: Option<TableRow>,
    pub rows: Vec<TableRow>,
}

#[derive(Serialize)]
pub struct TableRow {
    /// `block-id.row-id`: unique on the page, stable across reordering.
    pub id: String,
    pub label: String,
    /// "sum", "formula" or "" for a stated row.
    pub derived: &'static str,
    pub cells: Vec<Cell>,
    /// Note numbers shown after the label.
    pub notes: Vec<usize>,
}

#[derive(Serialize)]
pub struct Cell {
    /// The formatted figure, or empty for "no figure".
    pub text: String,
    /// The exact figure, machine-readable; empty for "no figure".
    pub value: String,
    /// The note explaining a rounding difference.
    pub note: Option<usize>,
}

#[derive(Serialize)]
pub struct Note {
    pub number: usize,
    /// Element id, for the link from the marker.
    pub id: String,
    pub text: String,
}

pub fn table(
    block: &Block,
    verdicts: &[Vec<Verdict>],
    language: Language,
    strings: &Strings,
) -> Table {
    let mut notes: Vec<Note> = Vec::new();
    let add_note = |text: String, notes: &mut Vec<Note>| {
        let number = notes.len() + 1;
        notes.push(Note {
            number,
            id: format!("{}.note-{number}", block.id),
            text,
        });
        number
    };
    let mut groups = vec![RowGroup {
        heading: None,
        rows: Vec::new(),
    }];
    for (row, row_verdicts) in block.rows.iter().zip(verdicts) {
        let unit = row.unit.as_deref().or(block.unit.as_deref());
        let mut row_notes = Vec::new();
        if let Some(note) = &row.note {
            row_notes.push(add_note(note.clone(), &mut notes));
        }
        let cells = row
            .values
            .iter()
            .zip(
                row_verdicts
                    .iter()
                    .chain(std::iter::repeat(&Verdict::Unchecked)),
            )
            .map(|(figure, verdict)| {
                let Some(value) = figure.value else {
                    return Cell {
                        text: String::new(),
                        value: String::new(),
                        note: None,
                    };
                };
                let text = format::figure(value, unit, language);
                let note = match verdict {
                    Verdict::Rounding { computed } | Verdict::Differs { computed } => {
                        let computed = computed.round_dp(value.scale());
                        let message = strings
                            .get("rounding-note")
                            .replace("{stated}", &text)
                            .replace("{computed}", &format::figure(computed, unit, language));
                        Some(add_note(message, &mut notes))
                    }
                    Verdict::Agrees | Verdict::Unchecked => None,
                };
                Cell {
                    text,
                    value: value.to_string(),
                    note,
                }
            })
            .collect();
        let table_row = TableRow {
            id: format!("{}.{}", block.id, row.id),
            label: row.label.clone(),
            derived: match row.derivation {
                Some(Derivation::Sum { .. }) => "sum",
                Some(Derivation::Formula { .. }) => "formula",
                None => "",
            },
            cells,
            notes: row_notes,
        };
        if row.heading {
            groups.push(RowGroup {
                heading: Some(table_row),
                rows: Vec::new(),
            });
        } else if let Some(group) = groups.last_mut() {
            group.rows.push(table_row);
        }
    }
    groups.retain(|g| g.heading.is_some() || !g.rows.is_empty());
    Table {
        id: block.id.clone(),
        title: block.title.clone().unwrap_or_else(|| block.id.clone()),
        unit: block.unit.clone(),
        columns: block.columns.clone(),
        groups,
        notes,
    }
}
