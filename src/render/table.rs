//! The template context of a budget table: every figure formatted, every row
//! and cell with what validation found, and the extra columns a table asks
//! for — the change against a baseline, shares of the total, kronor per
//! inhabitant, kronor of every 100 kr — and a citation for each row.

use rust_decimal::Decimal;
use serde::Serialize;

use super::format;
use super::strings::Strings;
use crate::budget::per_hundred;
use crate::budget::unit;
use crate::budget::validate::Baseline;
use crate::budget::{Derivation, Table, Verdict};
use crate::load::Language;

#[derive(Serialize)]
pub struct TableContext {
    /// The table's id on the page: the block id.
    pub id: String,
    pub title: String,
    pub unit: Option<String>,
    pub columns: Vec<Column>,
    /// Group headings over consecutive columns (a header row above the
    /// column headings); empty when no column has a group.
    pub column_groups: Vec<ColumnGroup>,
    /// Whether any column has sub-columns (a second header row).
    pub has_subcolumns: bool,
    /// How many columns a full-width cell spans.
    pub span: usize,
    /// The title of the baseline, when the table is compared with one.
    pub compared_with: Option<String>,
    pub groups: Vec<RowGroup>,
    pub notes: Vec<Note>,
    /// Whether a cell shows `..` (no figure), which the table then keys.
    pub has_blank: bool,
    /// "Your tax": with `per-100` and `[budget] tax-rate`.
    pub tax: Option<super::tax::TaxSection>,
}

/// A heading over consecutive columns of the same group (`group: "2024"`),
/// or a stretch of columns without one.
#[derive(Serialize)]
pub struct ColumnGroup {
    pub label: Option<String>,
    /// How many cells it spans: its columns times their sub-columns.
    pub span: usize,
}

/// A column of the block, with the extra columns shown beside it.
#[derive(Serialize)]
pub struct Column {
    pub label: String,
    /// Headings of the cells under this column: the figure first.
    pub subcolumns: Vec<String>,
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
    /// A formula row in the table's own unit: a result such as a net or
    /// "Årets resultat", set as weightily as a sum, where a ratio in a unit
    /// of its own is not.
    pub result: bool,
    /// Per column: the figure, then its extra cells.
    pub cells: Vec<Cell>,
    /// Note numbers shown after the label.
    pub notes: Vec<usize>,
    /// A line to quote the row by, with its address; none for a heading
    /// or a row without figures.
    pub citation: Option<Citation>,
}

/// How a row is cited: "Driftbudget, Socialnämnden: 266 636 tkr (Budget
/// 2026), …. Välfärden främst, Socialdemokraterna i Alingsås." and the
/// row's address.
#[derive(Serialize)]
pub struct Citation {
    pub text: String,
    pub href: String,
    /// The address as shown: absolute with `base-url`, else the page and
    /// the row's anchor.
    pub address: String,
}

#[derive(Serialize)]
pub struct Cell {
    /// The formatted text, or empty for "no figure".
    pub text: String,
    /// The exact figure, machine-readable; empty for extra cells and "no figure".
    pub value: String,
    /// "figure", "change", "change-percent", "share", "per-capita" or
    /// "per-100".
    pub kind: &'static str,
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

/// What a table is shown with, beside the block itself.
pub struct Extras<'a> {
    pub baseline: Option<&'a Baseline>,
    pub population: Option<Decimal>,
    pub negatives: crate::load::Negatives,
    /// `[budget] tax-rate` and the incomes to show it for.
    pub tax: Option<(Decimal, &'a [Decimal])>,
    /// Whom and where a row's citation names.
    pub citing: Citing<'a>,
}

/// The source and address a citation names.
pub struct Citing<'a> {
    /// "Välfärden främst, Socialdemokraterna i Alingsås": the book's title,
    /// authors and, when it has a date, its year.
    pub source: &'a str,
    /// The table's page from the site root (`09-finansiella-rapporter.html`).
    pub page: &'a str,
    /// `[site] base-url`, ending with `/`.
    pub base_url: Option<&'a str>,
}

impl Citing<'_> {
    /// The source line of a book's citations: its title and phase, its
    /// authors and its year (`Välfärden främst (förslag), Socialdemokraterna
    /// i Alingsås, 2025`), so that a quoted proposal is not taken for the
    /// budget decided.
    pub fn source(config: &crate::load::Config, strings: &Strings) -> String {
        let mut title = config.title.clone();
        if let Some(phase) = config.phase {
            let words = super::context::phase_words(phase, strings).to_lowercase();
            title.push_str(&format!(" ({words})"));
        }
        let mut parts = vec![title];
        if !config.authors.is_empty() {
            parts.push(config.authors.join(", "));
        }
        if let Some(date) = config.date {
            parts.push(date.year.to_string());
        }
        parts.join(", ")
    }
}

/// How many of the currency one figure in `unit` is; `None` for a unit
/// that is not money (validation refuses `per-capita` on such a table).
fn unit_factor(unit: Option<&str>) -> Option<Decimal> {
    unit.and_then(unit::money).map(unit::Money::factor)
}

fn extra_cell(text: Option<String>, kind: &'static str) -> Cell {
    Cell {
        text: text.unwrap_or_default(),
        value: String::new(),
        kind,
        note: None,
    }
}

pub fn table(
    block: &Table,
    verdicts: &[Vec<Verdict>],
    extras: &Extras,
    language: Language,
    strings: &Strings,
) -> TableContext {
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
    let per_capita = block.views.per_capita
        && extras.population.is_some()
        && unit_factor(block.unit.as_deref()).is_some();
    let mut subcolumns = vec![strings.get("column-figure").to_string()];
    if extras.baseline.is_some() {
        subcolumns.push(strings.get("column-change").to_string());
        subcolumns.push(strings.get("column-change-percent").to_string());
    }
    if block.views.share {
        subcolumns.push(strings.get("column-share").to_string());
    }
    if per_capita {
        subcolumns.push(strings.get("column-per-capita").to_string());
    }
    let split = block
        .views
        .per_hundred
        .then(|| per_hundred::parts(block))
        .flatten();
    if split.is_some() {
        subcolumns.push(strings.get("column-per-100").to_string());
    }
    // Each column's per-100 figures, by row.
    let per_hundred_figures: Vec<std::collections::HashMap<usize, Decimal>> = match &split {
        Some((_, parts)) => (0..block.columns.len())
            .map(|column| {
                per_hundred::per_hundred(block, parts, column)
                    .map(|figures| parts.iter().copied().zip(figures).collect())
                    .unwrap_or_default()
            })
            .collect(),
        None => Vec::new(),
    };
    // The cells that carry the note on how the figures are rounded.
    let mut per_hundred_note_cells: Vec<(usize, usize)> = Vec::new();
    // Each row's share is of the outermost total that adds it up, so that
    // a part under a subtotal is not shown as a share of that subtotal.
    let wholes = if block.views.share {
        block.wholes()
    } else {
        Vec::new()
    };
    // A per cent as the views show it: to one decimal, always written.
    let one_decimal = |value: Decimal| {
        let mut rounded = value.round_dp(1);
        rounded.rescale(1);
        rounded
    };
    let percent = |value: Decimal| format::figure(one_decimal(value), Some("%"), language);
    // A view's figure, a negative written as the table's own are.
    let as_book = |value: Decimal, unit: Option<&str>| {
        format::negative_as_book(value, unit, language, extras.negatives)
    };

    let mut groups = vec![RowGroup {
        heading: None,
        rows: Vec::new(),
    }];
    for (r, (row, row_verdicts)) in block.rows.iter().zip(verdicts).enumerate() {
        let mut row_notes = Vec::new();
        if let Some(note) = &row.note {
            row_notes.push(add_note(note.clone(), &mut notes));
        }
        let mut cells = Vec::new();
        for (column, (figure, verdict)) in row
            .values
            .iter()
            .zip(
                row_verdicts
                    .iter()
                    .chain(std::iter::repeat(&Verdict::Unchecked)),
            )
            .enumerate()
        {
            let unit = block.unit_of(row, column);
            let Some(value) = figure.value else {
                cells.push(extra_cell(None, "figure"));
                for kind in subcolumns.iter().skip(1).map(|_| "extra") {
                    cells.push(extra_cell(None, kind));
                }
                continue;
            };
            let text = format::stated(figure, (row, column), block, language, extras.negatives)
                .unwrap_or_default();
            let computed_text = |computed: Decimal| {
                let computed = computed.round_dp(value.scale());
                format::in_unit(computed, (row, column), block, language, extras.negatives)
            };
            let message = match verdict {
                Verdict::Rounding { computed } | Verdict::Differs { computed } => Some(
                    strings
                        .get("rounding-note")
                        .replace("{stated}", &text)
                        .replace("{computed}", &computed_text(*computed)),
                ),
                Verdict::AsPublished { computed } => {
                    let reason = row
                        .as_published
                        .iter()
                        .find(|a| a.column == column)
                        .map(|a| a.reason.as_str())
                        .unwrap_or_default();
                    Some(
                        strings
                            .get("as-published-note")
                            .replace("{stated}", &text)
                            .replace("{computed}", &computed_text(*computed))
                            .replace("{reason}", reason),
                    )
                }
                Verdict::Missing => Some(strings.get("unchecked-note").to_string()),
                Verdict::Agrees | Verdict::Unchecked => None,
            };
            let note = message.map(|m| add_note(m, &mut notes));
            cells.push(Cell {
                text,
                value: value.to_string(),
                kind: "figure",
                note,
            });
            if let Some(baseline) = extras.baseline {
                let before = baseline
                    .rows
                    .get(&row.id)
                    .and_then(|v| v.get(column).copied().flatten());
                let change = before.and_then(|b| value.checked_sub(b));
                cells.push(extra_cell(
                    change.map(|c| format::signed(format::figure(c, unit, language), c)),
                    "change",
                ));
                let relative = before
                    .zip(change)
                    .filter(|(b, _)| !b.is_zero())
                    .and_then(|(b, c)| c.checked_div(b.abs()))
                    .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED));
                cells.push(extra_cell(
                    relative.map(|r| format::signed(percent(r), r)),
                    "change-percent",
                ));
            }
            if block.views.share {
                // Only where the total adds up its column: a share of a
                // figure in per cent, or of a computed change, is none.
                let whole = wholes[r]
                    .map(|w| &block.rows[w])
                    .filter(|w| block.derives_in(w, column) && unit != Some("%"))
                    .and_then(|w| w.values.get(column)?.value)
                    .filter(|w| !w.is_zero());
                let share = whole
                    .and_then(|w| value.checked_div(w))
                    .and_then(|s| s.checked_mul(Decimal::ONE_HUNDRED));
                let share = share.map(|s| as_book(one_decimal(s), Some("%")));
                cells.push(extra_cell(share, "share"));
            }
            if per_capita {
                let kronor = unit_factor(unit)
                    .zip(extras.population)
                    .and_then(|(f, p)| value.checked_mul(f)?.checked_div(p))
                    .map(|k| as_book(k.round_dp(0), None));
                cells.push(extra_cell(kronor, "per-capita"));
            }
            if let Some((total_row, _)) = &split {
                let figures = per_hundred_figures.get(column);
                let text = if r == *total_row {
                    figures.filter(|f| !f.is_empty()).map(|_| {
                        per_hundred_note_cells.push((groups.len() - 1, cells.len()));
                        let mut hundred = Decimal::ONE_HUNDRED;
                        hundred.rescale(per_hundred::DECIMALS);
                        format::number(hundred, language)
                    })
                } else {
                    figures.and_then(|f| f.get(&r)).map(|v| as_book(*v, None))
                };
                cells.push(extra_cell(text, "per-100"));
            }
        }
        let table_row = TableRow {
            id: format!("{}.{}", block.id, row.id),
            label: row.label.clone(),
            derived: match row.derivation {
                Some(Derivation::Sum { .. }) => "sum",
                Some(Derivation::Formula { .. }) => "formula",
                None => "",
            },
            result: matches!(row.derivation, Some(Derivation::Formula { .. }))
                && (row.unit.is_none() || row.unit == block.unit),
            citation: citation(block, row, extras, language),
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
    if let Some((total_row, _)) = &split {
        let total = &block.rows[*total_row];
        let number = add_note(
            strings.get("per-100-note").replace("{total}", &total.label),
            &mut notes,
        );
        for (group, cell) in per_hundred_note_cells {
            if let Some(cell) = groups[group]
                .rows
                .iter_mut()
                .find(|row| row.id == format!("{}.{}", block.id, total.id))
                .and_then(|row| row.cells.get_mut(cell))
            {
                cell.note = Some(number);
            }
        }
    }
    let tax = match (&split, extras.tax) {
        (Some((_, parts)), Some((rate, incomes))) => {
            super::tax::section(block, parts, rate, incomes, language, strings)
        }
        _ => None,
    };
    groups.retain(|g| g.heading.is_some() || !g.rows.is_empty());
    let has_blank = groups
        .iter()
        .flat_map(|g| &g.rows)
        .flat_map(|r| &r.cells)
        .any(|c| c.text.is_empty());
    TableContext {
        has_blank,
        id: block.id.clone(),
        title: block.title.clone().unwrap_or_else(|| block.id.clone()),
        unit: block.unit.clone(),
        has_subcolumns: subcolumns.len() > 1,
        span: 1 + block.columns.len() * subcolumns.len(),
        columns: block
            .columns
            .iter()
            .map(|column| Column {
                label: column.name.clone(),
                subcolumns: subcolumns.clone(),
            })
            .collect(),
        column_groups: column_groups(block, subcolumns.len()),
        compared_with: extras.baseline.map(|b| b.title.clone()),
        groups,
        notes,
        tax,
    }
}

/// The line a row is quoted by, when it has a figure.
fn citation(
    block: &Table,
    row: &crate::budget::Row,
    extras: &Extras,
    language: Language,
) -> Option<Citation> {
    if row.heading || row.values.iter().all(|f| f.value.is_none()) {
        return None;
    }
    let figures: Vec<String> = row
        .values
        .iter()
        .enumerate()
        .filter_map(|(column, figure)| {
            let text = format::with_unit(figure, (row, column), block, language, extras.negatives)?;
            Some(if block.columns.len() == 1 {
                text
            } else {
                format!("{text} ({})", block.column_name(column))
            })
        })
        .collect();
    let title = block.title.as_deref().unwrap_or(&block.id);
    let anchor = format!("{}.{}", block.id, row.id);
    let address = match extras.citing.base_url {
        Some(base) => format!("{base}{}#{anchor}", extras.citing.page),
        None => format!("{}#{anchor}", extras.citing.page),
    };
    Some(Citation {
        text: format!(
            "{title}, {}: {}. {}.",
            row.label,
            figures.join(", "),
            extras.citing.source
        ),
        href: match extras.citing.base_url {
            Some(_) => address.clone(),
            None => format!("#{anchor}"),
        },
        address,
    })
}

/// The group headings over the columns, when any column has a group.
fn column_groups(block: &Table, subcolumns: usize) -> Vec<ColumnGroup> {
    if block.columns.iter().all(|c| c.group.is_none()) {
        return Vec::new();
    }
    let mut groups: Vec<ColumnGroup> = Vec::new();
    for column in &block.columns {
        match groups.last_mut() {
            Some(last) if last.label == column.group => {
                last.span += subcolumns;
            }
            _ => groups.push(ColumnGroup {
                label: column.group.clone(),
                span: subcolumns,
            }),
        }
    }
    groups
}
