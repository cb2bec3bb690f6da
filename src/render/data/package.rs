//! `data/datapackage.json`: the book's data as a Fiscal Data Package
//! (version 1.0rc1), which is a Tabular Data Package with a fiscal `model`.
//!
//! Its first resource is `figures.csv`, one record per figure; the model
//! says what to add up there (an amount column per currency, each in whole
//! units of it) and by what to group and filter (table, row, column,
//! period, phase, kind of row, the total a row is part of, unit). The
//! tables as printed follow as plain tabular resources. Nothing in it
//! points outside the package, so it validates offline.

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::figures::{self, FIELDS, KINDS};
use super::{column_headers, table_path, ROW_HEADERS};
use crate::budget::Table;
use crate::load::Config;
use crate::render::period;

/// The CSV dialect of `<table>.csv` and `figures.csv`, every key spelt out
/// so that no reader has to guess a default.
fn dialect() -> Value {
    json!({
        "delimiter": ",",
        "doubleQuote": true,
        "header": true,
        "lineTerminator": "\r\n",
        "quoteChar": "\"",
        "skipInitialSpace": false,
    })
}

/// A package name as the profile allows it (`[-a-z0-9._/]`): the title's
/// slug without the letters outside ASCII that a slug keeps.
fn package_name(title: &str) -> String {
    let slug = crate::parse::slug::slugify(title);
    let ascii: String = slug
        .split('-')
        .map(|word| word.chars().filter(char::is_ascii).collect::<String>())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if ascii.is_empty() {
        "budget".into()
    } else {
        ascii
    }
}

/// The fiscal period every column with one lies in, first day to last.
fn fiscal_period(config: &Config, blocks: &[&Table]) -> Option<Value> {
    let periods = blocks.iter().flat_map(|block| {
        block.columns.iter().filter_map(|column| {
            let heading = column.period.clone().unwrap_or_else(|| column.full_name());
            period::of_heading(&heading, config.fiscal_year_start)
        })
    });
    let (start, end) = periods.fold(None, |span: Option<(String, String)>, p| {
        Some(match span {
            None => (p.start, p.end),
            Some((start, end)) => (start.min(p.start), end.max(p.end)),
        })
    })?;
    Some(json!({"start": start, "end": end}))
}

/// Each dimension of the model: its name, type and attributes (name,
/// source field, the attribute it labels or is below), and primary key.
type Attribute = (
    &'static str,
    &'static str,
    Option<(&'static str, &'static str)>,
);

fn dimension(dimension_type: &str, attributes: &[Attribute], primary_key: Value) -> Value {
    let attributes: Map<String, Value> = attributes
        .iter()
        .map(|(name, source, relation)| {
            let mut attribute = json!({ "source": source });
            if let Some((relation, to)) = relation {
                attribute[*relation] = json!(to);
            }
            (name.to_string(), attribute)
        })
        .collect();
    json!({
        "dimensionType": dimension_type,
        "attributes": attributes,
        "primaryKey": primary_key,
    })
}

fn model(currencies: &[&str]) -> Value {
    let measures: Map<String, Value> = currencies
        .iter()
        .map(|currency| {
            let column = figures::amount_column(currency);
            let measure = json!({
                "source": column,
                "resource": figures::NAME,
                "currency": currency,
                "factor": 1,
                "title": format!("Amount in {currency}"),
            });
            (column, measure)
        })
        .collect();
    let mut table = dimension(
        "classification",
        &[
            ("table", "table", None),
            ("table_title", "table_title", Some(("labelfor", "table"))),
        ],
        json!("table"),
    );
    let mut row = dimension(
        "classification",
        &[
            ("table", "table", None),
            ("row", "row", Some(("parent", "table"))),
            ("label", "label", Some(("labelfor", "row"))),
        ],
        json!(["table", "row"]),
    );
    for classification in [&mut table, &mut row] {
        classification["classificationType"] = json!("administrative");
    }
    json!({
        "measures": measures,
        "dimensions": {
            "table": table,
            "row": row,
            "column": dimension(
                "other",
                &[
                    ("column", "column", None),
                    ("column_name", "column_name", Some(("labelfor", "column"))),
                ],
                json!("column"),
            ),
            "date": dimension(
                "datetime",
                &[
                    ("fiscal_year", "fiscal_year", None),
                    ("period_start", "period_start", None),
                    ("period_end", "period_end", None),
                ],
                json!("fiscal_year"),
            ),
            "phase": dimension("other", &[("phase", "phase", None)], json!("phase")),
            "kind": dimension("other", &[("kind", "kind", None)], json!("kind")),
            "part_of": dimension("other", &[("part_of", "part_of", None)], json!("part_of")),
            "unit": dimension(
                "other",
                &[
                    ("unit", "unit", None),
                    ("currency", "currency", None),
                    ("factor", "factor", None),
                ],
                json!("unit"),
            ),
        },
    })
}

fn figures_resource(currencies: &[&str]) -> Value {
    let mut fields: Vec<Value> = FIELDS
        .iter()
        .map(|field| {
            let mut value = json!({
                "name": field.name,
                "type": field.kind,
                "columnType": field.column_type,
                "description": field.description,
            });
            match field.name {
                "kind" => value["constraints"] = json!({"required": true, "enum": KINDS}),
                "table" | "row" | "column" | "phase" | "value" => {
                    value["constraints"] = json!({"required": true})
                }
                _ => {}
            }
            value
        })
        .collect();
    fields.extend(currencies.iter().map(|currency| {
        json!({
            "name": figures::amount_column(currency),
            "type": "number",
            "columnType": "value",
            "title": format!("Amount in {currency}"),
            "description": format!(
                "The figure in {currency} when it is money in {currency}: value times factor, \
                 exactly; empty for any other figure."
            ),
        })
    }));
    json!({
        "name": figures::NAME,
        "title": "Every figure of every table, one per record",
        "path": figures::PATH,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": dialect(),
        "schema": {
            "fields": fields,
            "primaryKey": ["table", "row", "column"],
            "missingValues": [""],
        },
    })
}

/// A table as printed, `<table>.csv`: a row per line, a column per field.
fn table_resource(block: &Table) -> Value {
    let [id, label, kind, unit] = ROW_HEADERS;
    let mut fields = vec![
        json!({"name": id, "type": "string", "constraints": {"required": true}}),
        json!({"name": label, "type": "string"}),
        json!({"name": kind, "type": "string",
               "constraints": {"enum": ["stated", "sum", "formula", "heading"]}}),
        json!({"name": unit, "type": "string"}),
    ];
    fields.extend(
        column_headers(block)
            .into_iter()
            .map(|name| json!({"name": name, "type": "number"})),
    );
    let mut resource = json!({
        "name": block.id,
        "path": table_path(block),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": dialect(),
        "schema": {"fields": fields, "primaryKey": ["id"], "missingValues": [""]},
    });
    if let Some(title) = &block.title {
        resource["title"] = json!(title);
    }
    resource
}

/// The package, written as it is made: a package of ten thousand tables
/// would be a large tree of values in memory.
pub fn write(config: &Config, blocks: &[&Table], currencies: &[&str]) -> Vec<u8> {
    let mut head = json!({
        "profile": "tabular-data-package",
        "name": package_name(&config.title),
        "title": config.title,
        "language": config.language.code(),
        "granularity": "aggregated",
        "model": model(currencies),
    });
    if let Some(description) = &config.description {
        head["description"] = json!(description);
    }
    let contributors: Vec<Value> = config
        .organisation
        .iter()
        .map(|organisation| json!({"title": organisation, "role": "publisher"}))
        .chain(
            config
                .authors
                .iter()
                .map(|author| json!({"title": author, "role": "author"})),
        )
        .collect();
    if !contributors.is_empty() {
        head["contributors"] = json!(contributors);
    }
    if config.language.code() == "sv" {
        head["countryCode"] = json!("SE");
    }
    if let Some(span) = fiscal_period(config, blocks) {
        head["fiscalPeriod"] = span;
    }
    let Value::Object(head) = head else {
        unreachable!("json! of an object")
    };
    let package = Package {
        head,
        blocks,
        currencies,
    };
    let mut text = serde_json::to_vec_pretty(&package).unwrap_or_default();
    text.push(b'\n');
    text
}

struct Package<'a> {
    head: Map<String, Value>,
    blocks: &'a [&'a Table],
    currencies: &'a [&'a str],
}

/// The head's keys and "resources", in the order of their names (as
/// serde_json orders an object's keys).
impl Serialize for Package<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Resources<'a>(&'a Package<'a>);
        impl Serialize for Resources<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let figures = figures_resource(self.0.currencies);
                let tables = self.0.blocks.iter().map(|block| table_resource(block));
                serializer.collect_seq(std::iter::once(figures).chain(tables))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_keep_to_what_the_profile_allows() {
        assert_eq!(package_name("Välfärden främst"), "valfarden-framst");
        assert_eq!(package_name("Budżet 2026"), "budet-2026");
        assert_eq!(package_name("Бюджет"), "budget");
        assert_eq!(
            package_name("County budget 2026/27"),
            "county-budget-2026-27"
        );
    }
}
