//! The figures as data: each block as CSV (two dialects) and JSON, the whole
//! book as one JSON file, and a Fiscal Data Package (`datapackage.json`).
//!
//! CSV, standard dialect (`<block>.csv`): RFC 4180, UTF-8 without BOM, comma
//! separator, CRLF line ends, `.` as decimal separator, exact figures as
//! stated, an empty cell for "no figure". Swedish spreadsheet dialect
//! (`<block>.sv.csv`): the same with `;` and decimal comma and a UTF-8 BOM,
//! which Excel needs to read å, ä and ö. Both have the columns `id`, `label`,
//! `kind` (`stated`, `sum`, `formula`, `heading`), `unit`, then one per
//! block column. Text cells that a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-`, `@`, tab or carriage return) get a leading `'`.

use std::path::PathBuf;

use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::{period, OutputFile};
use crate::budget::unit::{self, Money};
use crate::budget::{Block, BlockKind, Derivation, Row};
use crate::error::Error;
use crate::load::Config;
use crate::parse::{Chapter, Segment};

/// Where a block's downloads live, relative to the site root.
pub fn block_files(block: &Block) -> [String; 3] {
    [
        format!("data/{}.csv", block.id),
        format!("data/{}.sv.csv", block.id),
        format!("data/{}.json", block.id),
    ]
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

fn csv(block: &Block, separator: char, decimal_comma: bool) -> String {
    let mut out = String::new();
    if decimal_comma {
        out.push('\u{feff}');
    }
    let line = |cells: Vec<String>| {
        let cells: Vec<String> = cells.iter().map(|c| quote(c, separator)).collect();
        cells.join(&separator.to_string()) + "\r\n"
    };
    let mut header = vec![
        "id".to_string(),
        "label".into(),
        "kind".into(),
        "unit".into(),
    ];
    header.extend(block.columns.iter().map(|c| defuse(&c.full_name())));
    out.push_str(&line(header));
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
        out.push_str(&line(cells));
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
    id: &'a str,
    page: String,
    rows: Vec<RowData<'a>>,
    title: &'a Option<String>,
    tolerance: Exact,
    unit: &'a Option<String>,
}

#[derive(Serialize)]
struct RowData<'a> {
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

fn block_json<'a>(block: &'a Block, chapter: &Chapter) -> TableData<'a> {
    let rows = block
        .rows
        .iter()
        .map(|row| RowData {
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

/// The money every figure of a table is in: its unit's, when each row with
/// figures is in that unit. A column that also holds a `%` row or a count
/// is not money as a whole, and the data package says so by naming no
/// currency; each row's own unit is in the CSV.
fn money(block: &Block) -> Option<Money> {
    let money = unit::money(block.unit.as_deref()?)?;
    block
        .rows
        .iter()
        .filter(|row| !row.heading)
        .all(|row| {
            row.unit
                .as_deref()
                .is_none_or(|own| unit::money(own) == Some(money))
        })
        .then_some(money)
}

#[derive(Serialize)]
struct Field {
    name: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "columnType")]
    column_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(flatten)]
    measure: Option<Value>,
}

/// The Fiscal Data Package, written as it is made: a package of ten
/// thousand tables would be a large tree of values in memory.
fn datapackage(config: &Config, blocks: &[(&Block, &Chapter)]) -> Vec<u8> {
    let name: String = super::super::parse::slug::slugify(&config.title);
    let mut head = json!({
        "profile": "fiscal-data-package",
        "name": name,
        "title": config.title,
        "language": config.language.code(),
    });
    if let Some(organisation) = &config.organisation {
        head["publisher"] = json!(organisation);
    }
    if config.language.code() == "sv" {
        head["countryCode"] = json!("SE");
    }
    let Value::Object(head) = head else {
        unreachable!("json! of an object")
    };
    let package = Package {
        head,
        config,
        blocks,
    };
    let mut text = serde_json::to_vec_pretty(&package).unwrap_or_default();
    text.push(b'\n');
    text
}

struct Package<'a> {
    head: serde_json::Map<String, Value>,
    config: &'a Config,
    blocks: &'a [(&'a Block, &'a Chapter)],
}

/// The head's keys and "resources", in the order of their names (as
/// serde_json orders an object's keys).
impl Serialize for Package<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Resources<'a>(&'a Package<'a>);
        impl Serialize for Resources<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(
                    self.0
                        .blocks
                        .iter()
                        .map(|(block, _)| resource(self.0.config, block)),
                )
            }
        }
        let mut map = serializer.serialize_map(Some(self.head.len() + 1))?;
        let mut resources_written = false;
        for (key, value) in &self.head {
            if !resources_written && key.as_str() > "resources" {
                map.serialize_entry("resources", &Resources(self))?;
                resources_written = true;
            }
            map.serialize_entry(key, value)?;
        }
        if !resources_written {
            map.serialize_entry("resources", &Resources(self))?;
        }
        map.end()
    }
}

fn resource(config: &Config, block: &Block) -> Value {
    let mut fields = vec![
        Field {
            name: "id".into(),
            kind: "string",
            column_type: "activity:generic:code",
            title: None,
            measure: None,
        },
        Field {
            name: "label".into(),
            kind: "string",
            column_type: "activity:generic:label",
            title: None,
            measure: None,
        },
        Field {
            name: "kind".into(),
            kind: "string",
            column_type: "unknown:string",
            title: None,
            measure: None,
        },
        Field {
            name: "unit".into(),
            kind: "string",
            column_type: "unknown:string",
            title: None,
            measure: None,
        },
    ];
    let money = money(block);
    for column in &block.columns {
        let mut measure = json!({"phase": column.phase.unwrap_or(config.phase)});
        if let Some(money) = money {
            measure["currency"] = json!(money.currency);
            measure["factor"] = json!(money.factor);
        }
        let heading = column.period.clone().unwrap_or_else(|| column.full_name());
        if let Some(period) = period::of_heading(&heading, config.fiscal_year_start) {
            measure["fiscalPeriod"] = json!({"start": period.start, "end": period.end});
        }
        fields.push(Field {
            name: column.full_name(),
            kind: "number",
            column_type: "value",
            title: None,
            measure: Some(measure),
        });
    }
    json!({
        "name": block.id,
        "title": block.title,
        "path": format!("{}.csv", block.id),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": true},
        "schema": {"fields": fields, "primaryKey": ["id"]},
    })
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
    sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
) -> Result<(), Error> {
    let blocks: Vec<(&Block, &Chapter)> = chapters
        .iter()
        .flat_map(|chapter| {
            chapter.segments.iter().filter_map(move |s| match s {
                Segment::Block(b) => all_blocks
                    .get(*b)
                    .filter(|block| matches!(block.kind, BlockKind::Table))
                    .map(|block| (block, chapter)),
                _ => None,
            })
        })
        .collect();
    // Each table's files on its own, in parallel; the book file after.
    // Each table's files are handed on as soon as they are made; only its
    // compact JSON is kept, for the book file.
    let mut block_texts: Vec<String> = blocks
        .par_iter()
        .map(|(block, chapter)| {
            let [standard, swedish, json_path] = block_files(block);
            let json = block_json(block, chapter);
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
            Ok(serde_json::to_string(&json).unwrap_or_default())
        })
        .collect::<Result<_, Error>>()?;
    let mut book = serde_json::to_string(&json!({
        "title": config.title,
        "organisation": config.organisation,
        "language": config.language.code(),
        "currency": config.currency,
        "phase": config.phase,
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
    sink(OutputFile {
        path: PathBuf::from("data/datapackage.json"),
        contents: datapackage(config, &blocks),
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
