//! The figures as data: each block as CSV (two dialects) and JSON, the whole
//! book as one JSON file, every figure in one long CSV (`figures.csv`, see
//! [`figures`]) and a Fiscal Data Package describing them (`datapackage.json`,
//! see [`package`]).
//!
//! CSV, standard dialect (`<block>.csv`): RFC 4180, UTF-8 without BOM, comma
//! separator, CRLF line ends, `.` as decimal separator, exact figures as
//! stated, an empty cell for "no figure". Swedish spreadsheet dialect
//! (`<block>.sv.csv`): the same with `;` and decimal comma and a UTF-8 BOM,
//! which Excel needs to read å, ä and ö. Both have the columns `id`, `label`,
//! `kind` (`stated`, `sum`, `formula`, `heading`), `unit`, then one per
//! block column. Text cells that a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-`, `@`, tab or carriage return) get a leading `'`.

mod figures;
mod package;

use std::path::PathBuf;

use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::json;
use serde_json::value::RawValue;

use super::{OutputFile, Sink};
use crate::budget::validate::{Verdict, Verdicts};
use crate::budget::{Block, Column, Derivation, Row, Table};
use crate::error::Error;
use crate::load::Config;
use crate::parse::Chapter;

/// Where a block's downloads live, relative to the site root.
pub fn block_files(block: &Table) -> [String; 3] {
    [
        format!("data/{}.csv", block.id),
        format!("data/{}.sv.csv", block.id),
        format!("data/{}.json", block.id),
    ]
}

/// The table's standard CSV, relative to `data/`.
fn table_path(block: &Table) -> String {
    format!("{}.csv", block.id)
}

/// The columns of a table's CSV files before its own.
const ROW_HEADERS: [&str; 4] = ["id", "label", "kind", "unit"];

/// Each column's header in the table's CSV files, which is its field name
/// in the data package too: its heading, with the column's id added where
/// the heading repeats one before or after it (headers must differ, for
/// people and for the package's field names).
fn column_headers(block: &Table) -> Vec<String> {
    let names: Vec<String> = block.columns.iter().map(Column::full_name).collect();
    let taken = |name: &str| {
        ROW_HEADERS.contains(&name) || names.iter().filter(|n| n.as_str() == name).count() > 1
    };
    block
        .columns
        .iter()
        .zip(&names)
        .map(|(column, name)| {
            if taken(name) {
                defuse(&format!("{name} ({})", column.id))
            } else {
                defuse(name)
            }
        })
        .collect()
}

fn kind(row: &Row) -> &'static str {
    match (&row.derivation, row.heading) {
        (_, true) => "heading",
        (Some(Derivation::Sum { .. }), _) => "sum",
        (Some(Derivation::Formula { .. }), _) => "formula",
        (None, false) => "stated",
    }
}

/// Makes a text cell safe to open in a spreadsheet. Spreadsheets skip
/// leading blanks and read full-width signs as their ASCII twins, so a
/// formula can hide behind either.
pub fn defuse(text: &str) -> String {
    const FORMULA_STARTS: [char; 8] = ['=', '+', '-', '@', '＝', '＋', '－', '＠'];
    let hidden = text.trim_start().starts_with(FORMULA_STARTS);
    if hidden || text.starts_with(['\t', '\r', '\n']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn quote(cell: &str, separator: char) -> String {
    if cell.contains([separator, '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// One CSV line: the cells quoted where needed, CRLF at the end.
fn line(cells: Vec<String>, separator: char) -> String {
    let cells: Vec<String> = cells.iter().map(|c| quote(c, separator)).collect();
    cells.join(&separator.to_string()) + "\r\n"
}

fn csv(block: &Table, separator: char, decimal_comma: bool) -> String {
    let mut out = String::new();
    if decimal_comma {
        out.push('\u{feff}');
    }
    let mut header: Vec<String> = ROW_HEADERS.iter().map(|h| h.to_string()).collect();
    header.extend(column_headers(block));
    out.push_str(&line(header, separator));
    for row in &block.rows {
        let unit = row
            .unit
            .as_ref()
            .or(block.unit.as_ref())
            .map_or(String::new(), |u| defuse(u));
        let mut cells = vec![row.id.clone(), defuse(&row.label), kind(row).into(), unit];
        for figure in &row.values {
            let text = figure.value.map_or(String::new(), |v| v.to_string());
            cells.push(if decimal_comma {
                text.replace('.', ",")
            } else {
                text
            });
        }
        if row.heading {
            cells.resize(4 + block.columns.len(), String::new());
        }
        out.push_str(&line(cells, separator));
    }
    out
}

/// A figure as a JSON number with exactly the stated digits: `2.50` stays
/// `2.50` and a figure of 28 digits keeps them all, where a float would not.
struct Exact(Decimal);

impl Serialize for Exact {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // A decimal's text is always a valid JSON number: digits, at most
        // one point, a leading minus, never an exponent.
        RawValue::from_string(self.0.to_string())
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer)
    }
}

/// A table as `data/<id>.json` and `data/book.json` give it. The fields are
/// in the order of their names, as the files have always had them.
#[derive(Serialize)]
struct TableData<'a> {
    columns: &'a [crate::budget::Column],
    /// The ISO 4217 code of the table's unit of money, and how many of
    /// that currency one figure is (`tkr`: `SEK`, 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    factor: Option<u64>,
    id: &'a str,
    page: String,
    rows: Vec<RowData<'a>>,
    title: &'a Option<String>,
    tolerance: Exact,
    unit: &'a Option<String>,
}

#[derive(Serialize)]
struct RowData<'a> {
    /// Where a stated figure differs from its computation (within the
    /// tolerance, or kept as published): the computed figure, by column,
    /// `null` where they agree.
    #[serde(skip_serializing_if = "Option::is_none")]
    computed: Option<Vec<Option<Exact>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    formula: Option<&'a str>,
    id: &'a str,
    kind: &'static str,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sum: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    /// None for a heading; a nil dash is 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    values: Option<Vec<Option<Exact>>>,
}

fn block_json<'a>(block: &'a Table, chapter: &Chapter, verdicts: &[Vec<Verdict>]) -> TableData<'a> {
    let computed = |r: usize| -> Option<Vec<Option<Exact>>> {
        let differs: Vec<Option<Exact>> = verdicts
            .get(r)?
            .iter()
            .map(|verdict| match verdict {
                Verdict::Rounding { computed }
                | Verdict::AsPublished { computed }
                | Verdict::Differs { computed } => Some(Exact(*computed)),
                _ => None,
            })
            .collect();
        differs.iter().any(Option::is_some).then_some(differs)
    };
    let money = block.unit.as_deref().and_then(crate::budget::unit::money);
    let rows = block
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| RowData {
            computed: computed(r),
            formula: match &row.derivation {
                Some(Derivation::Formula { text, .. }) => Some(text),
                _ => None,
            },
            id: &row.id,
            kind: kind(row),
            label: &row.label,
            note: row.note.as_deref(),
            sum: match &row.derivation {
                Some(Derivation::Sum { rows, .. }) => {
                    Some(rows.iter().map(|(r, _)| r.to_string()).collect())
                }
                _ => None,
            },
            unit: row.unit.as_deref(),
            values: (!row.heading).then(|| row.values.iter().map(|f| f.value.map(Exact)).collect()),
        })
        .collect();
    TableData {
        columns: &block.columns,
        currency: money.map(|m| m.currency),
        factor: money.map(|m| m.factor),
        id: &block.id,
        page: format!(
            "{}#{}",
            super::context::url_path(&chapter.output_path),
            block.id
        ),
        rows,
        title: &block.title,
        tolerance: Exact(block.tolerance),
        unit: &block.unit,
    }
}

fn pretty(value: &impl Serialize) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}

/// Writes every data file of the site to `sink`.
pub fn write(
    config: &Config,
    chapters: &[Chapter],
    all_blocks: &[Block],
    verdicts: &Verdicts,
    sink: &Sink,
) -> Result<(), Error> {
    let blocks = crate::parse::tables(chapters, all_blocks);
    // Block ids are unique: each table's verdicts by its id.
    let cells: std::collections::HashMap<&str, &[Vec<Verdict>]> = all_blocks
        .iter()
        .zip(&verdicts.blocks)
        .map(|(block, found)| (block.id(), found.cells()))
        .collect();
    let tables: Vec<&Table> = blocks.iter().map(|(block, _)| *block).collect();
    let currencies = figures::currencies(config, &tables);
    // Each table's files on its own, in parallel; the book files after.
    // Each table's files are handed on as soon as they are made; only its
    // compact JSON and its records of figures are kept, for the book files.
    let (mut block_texts, figure_records): (Vec<String>, Vec<String>) = blocks
        .par_iter()
        .map(|(block, chapter)| {
            let [standard, swedish, json_path] = block_files(block);
            let json = block_json(
                block,
                chapter,
                cells.get(block.id.as_str()).copied().unwrap_or_default(),
            );
            sink(OutputFile {
                path: PathBuf::from(standard),
                contents: csv(block, ',', false).into_bytes(),
            })?;
            sink(OutputFile {
                path: PathBuf::from(swedish),
                contents: csv(block, ';', true).into_bytes(),
            })?;
            sink(OutputFile {
                path: PathBuf::from(json_path),
                contents: pretty(&json),
            })?;
            Ok((
                serde_json::to_string(&json).unwrap_or_default(),
                figures::records(config, block, &currencies),
            ))
        })
        .collect::<Result<Vec<_>, Error>>()?
        .into_iter()
        .unzip();
    let mut book = serde_json::to_string(&json!({
        "title": config.title,
        "organisation": config.organisation,
        "language": config.language.code(),
        "currency": config.currency,
        "phase": config.phase.unwrap_or(crate::load::BudgetPhase::Proposed),
        "chapters": chapters.iter().map(|c| json!({
            "title": c.title,
            "page": super::context::url_path(&c.output_path),
        })).collect::<Vec<_>>(),
    }))
    .unwrap_or_default();
    // The blocks go in as text, so that a large book is never one big tree.
    book.pop();
    book.reserve(block_texts.iter().map(|t| t.len() + 1).sum::<usize>() + 16);
    book.push_str(",\"blocks\":[");
    for (i, text) in block_texts.drain(..).enumerate() {
        if i > 0 {
            book.push(',');
        }
        book.push_str(&text);
    }
    book.push_str("]}\n");
    sink(OutputFile {
        path: PathBuf::from("data/book.json"),
        contents: book.into_bytes(),
    })?;
    let mut all_figures = figures::header(&currencies);
    all_figures.reserve(figure_records.iter().map(String::len).sum());
    for records in figure_records {
        all_figures.push_str(&records);
    }
    sink(OutputFile {
        path: PathBuf::from("data").join(figures::PATH),
        contents: all_figures.into_bytes(),
    })?;
    sink(OutputFile {
        path: PathBuf::from("data/datapackage.json"),
        contents: package::write(config, &tables, &currencies),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_formulas_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("+1"), "'+1");
        assert_eq!(defuse("-1"), "'-1");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse(" =1+1"), "' =1+1");
        assert_eq!(defuse("\n=1+1"), "'\n=1+1");
        assert_eq!(defuse("\u{a0}@SUM(A1)"), "'\u{a0}@SUM(A1)");
        assert_eq!(defuse("＝HYPERLINK(\"x\")"), "'＝HYPERLINK(\"x\")");
        assert_eq!(defuse("  ＋1"), "'  ＋1");
        assert_eq!(defuse("Skatteintäkter"), "Skatteintäkter");
        assert_eq!(defuse(" Skatteintäkter"), " Skatteintäkter");
    }

    #[test]
    fn cells_are_quoted_when_needed() {
        assert_eq!(quote("a, b", ','), "\"a, b\"");
        assert_eq!(quote("a, b", ';'), "a, b");
        assert_eq!(quote("say \"hi\"", ';'), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn figures_are_json_numbers_as_written() {
        for written in [
            "2.50",
            "-0.155",
            "79228162514264337593543950335",
            "-7.9228162514264337593543950335",
            "0.0000000000000000000000000001",
            "1017829.5",
            "0",
        ] {
            let figure = Exact(Decimal::from_str_exact(written).unwrap());
            assert_eq!(serde_json::to_string(&figure).unwrap(), written);
            assert_eq!(
                serde_json::to_string_pretty(&[figure]).unwrap(),
                format!("[\n  {written}\n]")
            );
        }
    }
}
