//! What a table's chart draws: `chart: bar`, or the kind with the columns
//! and rows the author chooses and, for a waterfall, the total it ends at:
//!
//! ```yaml
//! chart: {kind: bar, columns: [netto-24, netto-23], rows: [ks, bun]}
//! ```

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::columns::{self, Column};
use super::table::ChartKind;
use super::{Row, Table};
use crate::diagnostic::{suggest, Diagnostics, Problem};
use crate::source::Location;
use crate::yaml::EmbeddedYaml;

/// The author's choices for a chart; what is not chosen is decided from the
/// table (see [`super::Table::chart_kind`] and [`super::Table::chart_view`]).
#[derive(Debug, Clone, Default)]
pub struct ChartSpec {
    pub kind: Option<ChartKind>,
    /// Column indices, in the order given.
    pub columns: Option<Vec<usize>>,
    /// Row indices, in the order given.
    pub rows: Option<Vec<usize>>,
    /// The row a waterfall ends at.
    pub total: Option<usize>,
    /// Where `chart:` is written, if it is.
    pub location: Option<Location>,
}

pub(super) enum RawChart {
    Kind(ChartKind),
    Spec(Box<RawChartSpec>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChartSpec {
    kind: Option<ChartKind>,
    columns: Option<Vec<Spanned<String>>>,
    rows: Option<Vec<Spanned<String>>>,
    total: Option<Spanned<String>>,
}

/// By hand rather than `#[serde(untagged)]`, which would lose the
/// positions of the ids inside.
impl<'de> Deserialize<'de> for RawChart {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ChartVisitor;
        impl<'de> Visitor<'de> for ChartVisitor {
            type Value = RawChart;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a chart kind, or {kind, columns, rows, total}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawChart, E> {
                ChartKind::deserialize(de::value::StrDeserializer::<E>::new(v)).map(RawChart::Kind)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawChart, A::Error> {
                RawChartSpec::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|spec| RawChart::Spec(Box::new(spec)))
            }
        }
        deserializer.deserialize_any(ChartVisitor)
    }
}

/// The chart as the block asks for it, its ids resolved; problems go to
/// `diagnostics` and turn `ok` false.
pub(super) fn read(
    raw: Option<&Spanned<RawChart>>,
    block: &str,
    columns: &[Column],
    rows: &[Row],
    yaml: &EmbeddedYaml,
    ok: &mut bool,
    diagnostics: &mut Diagnostics,
) -> ChartSpec {
    let Some(raw) = raw else {
        return ChartSpec::default();
    };
    let location = Some(yaml.location_of(&raw.referenced));
    let spec = match &raw.value {
        RawChart::Kind(kind) => {
            return ChartSpec {
                kind: Some(*kind),
                location,
                ..ChartSpec::default()
            }
        }
        RawChart::Spec(spec) => spec,
    };
    let mut column = |name: &Spanned<String>| match columns::find(columns, &name.value) {
        Ok(found) => Some(found),
        Err(problem) => {
            diagnostics.error(
                columns::in_block(*problem, block),
                yaml.location_of(&name.referenced),
            );
            *ok = false;
            None
        }
    };
    let chosen_columns = spec
        .columns
        .as_ref()
        .map(|names| names.iter().filter_map(&mut column).collect());
    if spec.kind == Some(ChartKind::Treemap) {
        if let Some(second) = spec.columns.as_ref().and_then(|names| names.get(1)) {
            diagnostics.error(
                Problem::TreemapColumns {
                    block: block.to_string(),
                    column: second.value.clone(),
                },
                yaml.location_of(&second.referenced),
            );
            *ok = false;
        }
    }
    let row = |name: &Spanned<String>, diagnostics: &mut Diagnostics, ok: &mut bool| {
        let found = rows.iter().position(|r| r.id == name.value);
        if found.is_none() {
            diagnostics.error(
                Problem::UnknownRow {
                    reference: name.value.clone(),
                    block: block.to_string(),
                    suggestion: suggest(&name.value, rows.iter().map(|r| r.id.as_str())),
                },
                yaml.location_of(&name.referenced),
            );
            *ok = false;
        }
        found
    };
    let chosen_rows = spec.rows.as_ref().map(|names| {
        names
            .iter()
            .filter_map(|n| row(n, diagnostics, ok))
            .collect()
    });
    let total = spec.total.as_ref().and_then(|n| row(n, diagnostics, ok));
    ChartSpec {
        kind: spec.kind,
        columns: chosen_columns,
        rows: chosen_rows,
        total,
        location,
    }
}

/// A chart the author asked for by its kind that has nothing to draw is
/// reported, not left out without a word.
pub(super) fn check_drawable(block: &Table, diagnostics: &mut Diagnostics) {
    if let Some(kind) = block.chart.kind.filter(|k| *k != ChartKind::None) {
        if !block.has_chart() {
            diagnostics.warning(
                Problem::ChartEmpty {
                    block: block.id.clone(),
                    kind: kind.name(),
                },
                block
                    .chart
                    .location
                    .clone()
                    .unwrap_or(block.location.clone()),
            );
        }
    }
}

/// A treemap draws each part as an area, which a figure below zero cannot
/// be: each one is reported where it is written. Returns whether the
/// block's chart can be drawn.
pub(super) fn check_treemap(block: &Table, diagnostics: &mut Diagnostics) -> bool {
    if block.chart_kind() != ChartKind::Treemap {
        return true;
    }
    let view = block.chart_view();
    let Some(column) = view.columns.first() else {
        return true;
    };
    let mut ok = true;
    for row in view.chart_parts() {
        let Some(figure) = row.values.first() else {
            continue;
        };
        if let Some(value) = figure
            .value
            .filter(|v| v.is_sign_negative() && !v.is_zero())
        {
            diagnostics.error(
                Problem::TreemapNegative {
                    block: block.id.clone(),
                    row: row.id.clone(),
                    column: column.full_name(),
                    value: value.to_string(),
                },
                figure.location.clone(),
            );
            ok = false;
        }
    }
    ok
}
