//! A table that reads its figures from a spreadsheet:
//!
//! ```yaml
//! id: driftbudget
//! source: {file: data/driftbudget.xlsx, sheet: Drift, range: "A2:F40"}
//! rows:
//!   - {label: Summa kommunstyrelse, sum: above}
//! ```
//!
//! The range's first row gives the columns, its first column the labels,
//! the rest the figures. Entries under `rows:` add what the sheet cannot
//! say (ids, `sum`, `formula`, `note`, `unit`, …) to the row they name by
//! `id` or `label`. The rows are then read as a table written by hand, and
//! every figure remembers its cell for the messages about it.

use std::collections::BTreeMap;

use serde::de;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::chart_spec::RawChart;
use super::columns::RawColumn;
use super::number::NumberStyle;
use super::read::yaml_problem;
use super::table::{table_from, Conventions, RawBlock, RawRow, RawSum, Table};
use crate::diagnostic::{suggest, Diagnostics, Problem};
use crate::import::source::{Part, SheetFiles, SourceSpec};
use crate::import::table::{FigureReader, FigureValue, SheetRow};
use crate::import::SheetProblem;
use crate::source::Location;
use crate::yaml::EmbeddedYaml;

/// The keys of `source:`.
pub(super) const SOURCE_KEYS: &[&str] = &["file", "sheet", "range"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSourceBlock {
    source: Spanned<RawSource>,
    id: Option<Spanned<String>>,
    kind: Option<String>,
    baseline: Option<Spanned<String>>,
    #[serde(default)]
    views: Vec<Spanned<String>>,
    title: Option<String>,
    unit: Option<String>,
    /// Not allowed: the sheet gives the columns.
    columns: Option<Spanned<de::IgnoredAny>>,
    tolerance: Option<Spanned<String>>,
    chart: Option<Spanned<RawChart>>,
    #[serde(default)]
    rows: Vec<Spanned<RawEntry>>,
    #[serde(default)]
    checks: Vec<Spanned<String>>,
    #[serde(rename = "number-style")]
    number_style: Option<NumberStyle>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    file: Spanned<String>,
    sheet: Option<Spanned<String>>,
    range: Option<Spanned<String>>,
}

/// An entry of `rows:`: what the sheet cannot say about one of its rows.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Option<Spanned<String>>,
    label: Option<Spanned<String>>,
    unit: Option<String>,
    note: Option<String>,
    target: Option<Spanned<String>>,
    #[serde(default)]
    heading: bool,
    /// Not allowed: the sheet gives the figures.
    values: Option<Spanned<de::IgnoredAny>>,
    sum: Option<Spanned<RawSum>>,
    formula: Option<Spanned<String>>,
    #[serde(rename = "as-published")]
    as_published: Option<Spanned<BTreeMap<String, String>>>,
}

pub(super) fn parse(
    yaml: &EmbeddedYaml,
    fence: Location,
    conventions: Conventions,
    sheets: &mut SheetFiles,
    diagnostics: &mut Diagnostics,
) -> Option<Table> {
    let raw: RawSourceBlock = match yaml.parse() {
        Ok(raw) => raw,
        Err((message, location)) => {
            diagnostics.error(yaml_problem(message, &location), location);
            return None;
        }
    };
    let at = |s: &serde_saphyr::Location| yaml.location_of(s);
    let source_at = raw.source.referenced;
    let whole_source = line_rest(&at(&source_at));
    let source = &raw.source.value;
    let mut ok = true;
    if let Some(columns) = &raw.columns {
        diagnostics.error(
            Problem::Sheet(SheetProblem::FromSheet { key: "columns" }),
            at(&columns.referenced),
        );
        ok = false;
    }
    for entry in &raw.rows {
        if let Some(values) = &entry.value.values {
            diagnostics.error(
                Problem::Sheet(SheetProblem::FromSheet { key: "values" }),
                at(&values.referenced),
            );
            ok = false;
        }
    }

    let spec = SourceSpec {
        file: &source.file.value,
        sheet: source.sheet.as_ref().map(|s| s.value.as_str()),
        range: source.range.as_ref().map(|s| s.value.as_str()),
    };
    let reader = FigureReader {
        style: raw.number_style.unwrap_or(conventions.number_style),
        currency: conventions.currency,
    };
    let table = match sheets.table(&spec, raw.number_style, reader) {
        Ok(table) => table,
        Err(problems) => {
            for problem in problems {
                let place = match problem.part() {
                    Part::File => Some(&source.file),
                    Part::Sheet => source.sheet.as_ref(),
                    Part::Range => source.range.as_ref(),
                    Part::Cells => None,
                };
                let location = place.map_or_else(|| whole_source.clone(), |p| at(&p.referenced));
                diagnostics.error(Problem::Sheet(problem), location);
            }
            return None;
        }
    };

    // Each entry of `rows:` to the row of the sheet it names.
    let mut entries: Vec<Option<RawEntry>> = table.rows.iter().map(|_| None).collect();
    for entry in raw.rows {
        let location = at(&entry.referenced);
        let entry = entry.value;
        let found = match (&entry.label, &entry.id) {
            (Some(label), _) => table
                .rows
                .iter()
                .position(|r| r.label == label.value.trim()),
            (None, Some(id)) => table.rows.iter().position(|r| r.id == id.value),
            (None, None) => None,
        };
        match found {
            Some(index) if entries[index].is_none() => entries[index] = Some(entry),
            _ => {
                let (named, candidates): (String, Vec<&str>) = match (&entry.label, &entry.id) {
                    (Some(label), _) => (
                        label.value.clone(),
                        table.rows.iter().map(|r| r.label.as_str()).collect(),
                    ),
                    (None, Some(id)) => (
                        id.value.clone(),
                        table.rows.iter().map(|r| r.id.as_str()).collect(),
                    ),
                    (None, None) => ("(no id or label)".to_string(), Vec::new()),
                };
                diagnostics.error(
                    Problem::Sheet(SheetProblem::UnmatchedRow {
                        suggestion: suggest(&named, candidates),
                        entry: named,
                    }),
                    location,
                );
                ok = false;
            }
        }
    }

    let columns = table
        .columns
        .iter()
        .map(|c| Spanned::new(RawColumn::Name(c.name.clone()), source_at, source_at))
        .collect();
    let rows = table
        .rows
        .iter()
        .zip(entries)
        .map(|(row, entry)| row_of(row, entry, source_at, reader.style))
        .collect();
    let block = RawBlock {
        id: raw.id,
        kind: raw.kind,
        baseline: raw.baseline,
        views: raw.views,
        title: raw.title,
        unit: raw.unit,
        columns,
        tolerance: raw.tolerance,
        chart: raw.chart,
        rows,
        checks: raw.checks,
        number_style: raw.number_style,
    };
    let mut block = table_from(block, yaml, fence, conventions, diagnostics)?;
    for (row, sheet_row) in block.rows.iter_mut().zip(&table.rows) {
        for (figure, cell) in row.values.iter_mut().zip(&sheet_row.figures) {
            let place = table.grid.place(sheet_row.row, cell.column);
            figure.location = whole_source.at_cell(&place);
        }
    }
    ok.then_some(block)
}

/// A row of the sheet as if written by hand, with what its entry adds;
/// where the entry says nothing, the row is at `source:`.
fn row_of(
    row: &SheetRow,
    entry: Option<RawEntry>,
    source: serde_saphyr::Location,
    style: NumberStyle,
) -> Spanned<RawRow> {
    fn spanned<T>(value: T, at: serde_saphyr::Location) -> Spanned<T> {
        Spanned::new(value, at, at)
    }
    // Figures as plain decimals with the style's decimal sign: a Swedish
    // table would refuse `75.695` as perhaps 75 695.
    let values = (!row.is_heading()).then(|| {
        spanned(
            row.figures
                .iter()
                .map(|f| {
                    let text = match &f.value {
                        FigureValue::None => None,
                        FigureValue::Nil => Some("-".to_string()),
                        FigureValue::Figure { value, .. } => Some(match style {
                            NumberStyle::Sv => value.to_string().replace('.', ","),
                            NumberStyle::En => value.to_string(),
                        }),
                    };
                    spanned(text, source)
                })
                .collect(),
            source,
        )
    });
    let entry = entry.unwrap_or(RawEntry {
        id: None,
        label: None,
        unit: None,
        note: None,
        target: None,
        heading: false,
        values: None,
        sum: None,
        formula: None,
        as_published: None,
    });
    let location = entry
        .id
        .as_ref()
        .or(entry.label.as_ref())
        .map_or(source, |s| s.referenced);
    Spanned::new(
        RawRow {
            id: Some(entry.id.unwrap_or_else(|| spanned(row.id.clone(), source))),
            label: row.label.clone(),
            unit: entry.unit,
            note: entry.note,
            target: entry.target,
            heading: entry.heading || row.is_heading(),
            values,
            sum: entry.sum,
            formula: entry.formula,
            as_published: entry.as_published,
        },
        location,
        location,
    )
}

/// From `at` to the end of its line: the whole `{file: …, range: …}`.
fn line_rest(at: &Location) -> Location {
    let text = at.file.text();
    let end = text[at.offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| at.offset + i);
    let len = text[at.offset..end].trim_end().len().max(1);
    at.shifted(0, len)
}
