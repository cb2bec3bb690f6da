//! A table block: rows of figures under columns, with sums, formulas and
//! checks, read from the YAML with every id, figure and formula located in
//! the chapter file.

use std::collections::HashSet;
use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::chart_spec::{self, ChartSpec, RawChart};
use super::columns::{self, Column, RawColumn};
use super::expr::{self, Comparison, Expr, RowRef};
use super::number::{self, NumberStyle};
use super::read::{formula_syntax, yaml_problem};
use crate::diagnostic::{Diagnostics, Problem};
use crate::source::Location;
use crate::yaml::EmbeddedYaml;

#[derive(Debug, Clone)]
pub struct Table {
    pub id: String,
    pub title: Option<String>,
    pub unit: Option<String>,
    pub columns: Vec<Column>,
    /// Stated sums may differ from computed ones by this much (rounding).
    pub tolerance: Decimal,
    pub chart: ChartSpec,
    pub rows: Vec<Row>,
    pub checks: Vec<Check>,
    /// The block's `id` value, or its fence when it has none.
    pub location: Location,
    /// The block this one is compared with (`baseline: id`).
    pub baseline: Option<(String, Location)>,
    pub views: Views,
}

/// Extra columns beside each figure of a table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Views {
    /// Each row's share of the outermost total that adds it up.
    pub share: bool,
    /// Kronor per inhabitant, from `[budget] population`.
    pub per_capita: bool,
    /// What each part gets of every 100 kr of the first total (`per-100`).
    pub per_hundred: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartKind {
    Bar,
    GroupedBar,
    StackedBar,
    Line,
    Waterfall,
    /// Parts of a whole as areas: one column's parts of its total.
    Treemap,
    None,
}

/// How many series a chart tells apart by colour (and dashes): the
/// palette's colours (`render::chart::palette::SERIES`).
pub const DISTINCT_SERIES: usize = 10;

impl ChartKind {
    /// As `chart:` writes it.
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::Bar => "bar",
            ChartKind::GroupedBar => "grouped-bar",
            ChartKind::StackedBar => "stacked-bar",
            ChartKind::Line => "line",
            ChartKind::Waterfall => "waterfall",
            ChartKind::Treemap => "treemap",
            ChartKind::None => "none",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub label: String,
    /// Overrides the block's unit for this row (e.g. `%`).
    pub unit: Option<String>,
    pub note: Option<String>,
    /// A reference value drawn in the chart, e.g. a financial goal.
    pub target: Option<Decimal>,
    /// A heading row groups the rows below it and has no figures.
    pub heading: bool,
    /// One per column; `None` is "no figure". Empty for a heading.
    pub values: Vec<Figure>,
    pub derivation: Option<Derivation>,
    /// Columns whose stated figure is published as the source prints it,
    /// though it does not agree with the computed one, and why.
    pub as_published: Vec<AsPublished>,
    pub location: Location,
}

/// A stated figure kept as the source prints it (`as-published`).
#[derive(Debug, Clone)]
pub struct AsPublished {
    pub column: usize,
    pub reason: String,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct Figure {
    /// `None` is "no figure" (`~`); a nil dash is zero.
    pub value: Option<Decimal>,
    /// Written as a dash alone: nil, shown as a dash.
    pub nil: bool,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub enum Derivation {
    /// `sum: [...]`, or `sum: above` resolved to the rows it means; each
    /// with where it is written (for `above`, the `sum` key itself).
    Sum {
        rows: Vec<(RowRef, Location)>,
        location: Location,
    },
    Formula {
        expr: Expr,
        text: String,
        location: Location,
    },
}

impl Derivation {
    pub fn location(&self) -> &Location {
        match self {
            Derivation::Sum { location, .. } | Derivation::Formula { location, .. } => location,
        }
    }

    /// The rows it reads, in the order written.
    pub fn refs(&self) -> Vec<&RowRef> {
        match self {
            Derivation::Sum { rows, .. } => rows.iter().map(|(r, _)| r).collect(),
            Derivation::Formula { expr, .. } => expr.refs(),
        }
    }

    /// The figure it computes in `column`, reading each row it names through
    /// `value`; `Ok(None)` where a figure it needs is missing.
    pub fn compute(
        &self,
        column: usize,
        value: &mut dyn FnMut(&RowRef, usize) -> Option<Decimal>,
    ) -> Result<Option<Decimal>, expr::EvalError> {
        match self {
            Derivation::Sum { rows, .. } => {
                let mut total = Decimal::ZERO;
                for (reference, _) in rows {
                    let Some(figure) = value(reference, column) else {
                        return Ok(None);
                    };
                    total = total.checked_add(figure).ok_or(expr::EvalError::Overflow)?;
                }
                Ok(Some(total))
            }
            Derivation::Formula { expr, .. } => expr.eval(column, value),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Check {
    pub text: String,
    pub left: Expr,
    pub comparison: Comparison,
    pub right: Expr,
    pub location: Location,
}

impl Row {
    pub fn is_derived(&self) -> bool {
        self.derivation.is_some()
    }
}

/// The unit of one figure: `%` when its row or its column is in per cent
/// (a per cent of money is no money), else the column's own unit, the
/// row's, or the table's.
pub fn cell_unit<'a>(
    row: Option<&'a str>,
    column: Option<&'a str>,
    table: Option<&'a str>,
) -> Option<&'a str> {
    if row == Some("%") || column == Some("%") {
        return Some("%");
    }
    column.or(row).or(table)
}

impl Table {
    pub fn row(&self, id: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.id == id)
    }

    /// Whether `row`'s own `sum` or `formula` derives its figure in
    /// `column`. Not where the column's own formula computes each figure:
    /// that formula decides, for a total too (a sum of changes in per cent
    /// is no change). A sum adds up no figure in per cent; a formula holds
    /// for what its row measures, not in a column of another unit (a band's
    /// `band-d * 6 / 9` holds for its pounds, not for its change in per
    /// cent).
    pub fn derives_in(&self, row: &Row, column: usize) -> bool {
        let Some(own) = self.columns.get(column) else {
            return false;
        };
        if own.formula.is_some() {
            return false;
        }
        match &row.derivation {
            Some(Derivation::Sum { .. }) => self.unit_of(row, column) != Some("%"),
            Some(Derivation::Formula { .. }) => {
                own.unit.is_none()
                    || own.unit.as_deref() == row.unit.as_deref().or(self.unit.as_deref())
            }
            None => false,
        }
    }

    /// For each row, the total it is a share of: the outermost `sum` row of
    /// this table that adds it up, directly or through subtotals (a total
    /// no other adds up is its own whole). A row no total of the table adds
    /// up has none. Of two outermost totals, the first in the table.
    pub fn wholes(&self) -> Vec<Option<usize>> {
        let position: std::collections::HashMap<&str, usize> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        // The sums of this table that add up each row.
        let mut summed_by: Vec<Vec<usize>> = vec![Vec::new(); self.rows.len()];
        for (total, row) in self.rows.iter().enumerate() {
            let Some(Derivation::Sum { rows, .. }) = &row.derivation else {
                continue;
            };
            for (part, _) in rows {
                if part.block.as_deref().is_some_and(|b| b != self.id) {
                    continue;
                }
                if let Some(&p) = position.get(part.row.as_str()) {
                    if p != total {
                        summed_by[p].push(total);
                    }
                }
            }
        }
        (0..self.rows.len())
            .map(|start| {
                // Up through the totals, each once (a cycle is an error
                // reported elsewhere; here it must only end).
                let mut seen = HashSet::from([start]);
                let mut next = vec![start];
                let mut outermost: Option<usize> = None;
                while let Some(row) = next.pop() {
                    if summed_by[row].is_empty() {
                        if matches!(self.rows[row].derivation, Some(Derivation::Sum { .. })) {
                            outermost = Some(outermost.map_or(row, |o| o.min(row)));
                        }
                        continue;
                    }
                    next.extend(summed_by[row].iter().filter(|&&t| seen.insert(t)));
                }
                outermost
            })
            .collect()
    }

    /// The unit of `row`'s figure in `column` (see [`cell_unit`]).
    pub fn unit_of<'a>(&'a self, row: &'a Row, column: usize) -> Option<&'a str> {
        cell_unit(
            row.unit.as_deref(),
            self.columns.get(column).and_then(|c| c.unit.as_deref()),
            self.unit.as_deref(),
        )
    }

    /// Column `index`'s heading as one line ("2024 Netto"), for messages.
    pub fn column_name(&self, index: usize) -> String {
        self.columns
            .get(index)
            .map(Column::full_name)
            .unwrap_or_default()
    }

    /// Every column's heading as one line.
    pub fn column_names(&self) -> Vec<String> {
        self.columns.iter().map(Column::full_name).collect()
    }

    /// The chart the block is drawn as: its `chart:`, or when it names
    /// none, none for a table with checks or heading rows (a balance
    /// sheet), bars for a single column, stacked bars for several columns
    /// of parts with a total, else grouped bars.
    pub fn chart_kind(&self) -> ChartKind {
        if let Some(kind) = self.chart.kind {
            return kind;
        }
        let has_sum = self
            .rows
            .iter()
            .any(|r| matches!(r.derivation, Some(Derivation::Sum { .. })));
        if !self.checks.is_empty() || self.rows.iter().any(|r| r.heading) {
            ChartKind::None
        } else if self.columns.len() == 1 || self.chart_parts().count() > DISTINCT_SERIES {
            // More parts than colours: a bar per column in each row's own
            // group, named on the axis, where stacks or groups would give
            // two parts one colour.
            ChartKind::Bar
        } else if has_sum {
            ChartKind::StackedBar
        } else {
            ChartKind::GroupedBar
        }
    }

    /// The rows a chart draws: figures as stated, in the block's unit.
    pub fn chart_parts(&self) -> impl Iterator<Item = &Row> {
        self.rows
            .iter()
            .filter(|r| !r.heading && !r.is_derived() && (r.unit.is_none() || r.unit == self.unit))
    }

    /// Whether the page shows a chart of this block.
    pub fn has_chart(&self) -> bool {
        let view = self.chart_view();
        view.chart_kind() != ChartKind::None
            && !view.columns.is_empty()
            && view.chart_parts().next().is_some()
    }

    /// The table as its chart draws it: the columns and rows the author
    /// chose (`chart: {columns, rows}`), by default every column but those
    /// computed by a column formula or in a unit of their own, which would
    /// not belong on one axis with the others.
    pub fn chart_view(&self) -> Table {
        let columns: Vec<usize> = match &self.chart.columns {
            Some(chosen) => chosen.clone(),
            None => {
                let own: Vec<usize> = (0..self.columns.len())
                    .filter(|&c| {
                        let column = &self.columns[c];
                        column.formula.is_none()
                            && (column.unit.is_none() || column.unit == self.unit)
                    })
                    .collect();
                let own = if own.is_empty() {
                    (0..self.columns.len()).collect()
                } else {
                    own
                };
                // A waterfall and a treemap read down one column: the
                // first of the budget, past the accounts and forecasts a
                // table sets before it, unless the author names others.
                if matches!(self.chart_kind(), ChartKind::Waterfall | ChartKind::Treemap) {
                    let budget = own
                        .iter()
                        .copied()
                        .find(|&c| !self.columns[c].is_outturn())
                        .or(own.first().copied());
                    budget.into_iter().collect()
                } else {
                    own
                }
            }
        };
        let rows: Vec<usize> = match &self.chart.rows {
            Some(chosen) => chosen.clone(),
            None => (0..self.rows.len()).collect(),
        };
        let mut view = self.clone();
        view.columns = columns.iter().map(|&c| self.columns[c].clone()).collect();
        view.rows = rows
            .iter()
            .map(|&r| {
                let mut row = self.rows[r].clone();
                if !row.heading {
                    row.values = columns
                        .iter()
                        .filter_map(|&c| self.rows[r].values.get(c).cloned())
                        .collect();
                }
                row
            })
            .collect();
        // A total the author chose without any of the rows it adds up is
        // what they want drawn: a part of the chart, not its total. In bars
        // side by side or lines, every row chosen is drawn, totals too: a
        // net beside its gross figures is what was asked for.
        let side_by_side = matches!(
            self.chart_kind(),
            ChartKind::Bar | ChartKind::GroupedBar | ChartKind::Line
        );
        if self.chart.rows.is_some() && side_by_side {
            for row in &mut view.rows {
                row.derivation = None;
            }
        } else if self.chart.rows.is_some() {
            let chosen: Vec<&str> = rows.iter().map(|&r| self.rows[r].id.as_str()).collect();
            for row in &mut view.rows {
                let reads_a_chosen_row = row.derivation.as_ref().is_some_and(|d| {
                    d.refs()
                        .iter()
                        .any(|r| r.block.is_none() && chosen.contains(&r.row.as_str()))
                });
                if !reads_a_chosen_row {
                    row.derivation = None;
                }
            }
        }
        view.chart.total = self
            .chart
            .total
            .and_then(|t| rows.iter().position(|&r| r == t));
        // A view of a view is itself.
        view.chart.columns = Some((0..columns.len()).collect());
        view.chart.rows = Some((0..rows.len()).collect());
        view
    }
}

/// How the book writes figures: what a block reads its values with unless
/// it says otherwise (`number-style`).
#[derive(Debug, Clone, Copy)]
pub struct Conventions {
    pub number_style: NumberStyle,
    /// The marks of the book's currency (`kr`, `SEK`; `£`, `GBP`).
    pub currency: &'static [&'static str],
}

impl Default for Conventions {
    fn default() -> Self {
        Conventions {
            number_style: NumberStyle::Sv,
            currency: number::currency_marks("SEK"),
        }
    }
}

pub(super) const BLOCK_KEYS: &[&str] = &[
    "id",
    "title",
    "unit",
    "columns",
    "tolerance",
    "chart",
    "rows",
    "checks",
    "number-style",
    "source",
];
pub(super) const ROW_KEYS: &[&str] = &[
    "id",
    "label",
    "unit",
    "values",
    "sum",
    "formula",
    "heading",
    "note",
    "target",
    "as-published",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBlock {
    pub(super) id: Option<Spanned<String>>,
    #[allow(dead_code)]
    pub(super) kind: Option<String>,
    pub(super) baseline: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) views: Vec<Spanned<String>>,
    pub(super) title: Option<String>,
    pub(super) unit: Option<String>,
    pub(super) columns: Vec<Spanned<RawColumn>>,
    pub(super) tolerance: Option<Spanned<String>>,
    pub(super) chart: Option<Spanned<RawChart>>,
    pub(super) rows: Vec<Spanned<RawRow>>,
    #[serde(default)]
    pub(super) checks: Vec<Spanned<String>>,
    #[serde(rename = "number-style")]
    pub(super) number_style: Option<NumberStyle>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRow {
    pub(super) id: Option<Spanned<String>>,
    pub(super) label: String,
    pub(super) unit: Option<String>,
    pub(super) note: Option<String>,
    pub(super) target: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) heading: bool,
    pub(super) values: Option<Spanned<Vec<Spanned<Option<String>>>>>,
    pub(super) sum: Option<Spanned<RawSum>>,
    pub(super) formula: Option<Spanned<String>>,
    #[serde(rename = "as-published")]
    pub(super) as_published: Option<Spanned<std::collections::BTreeMap<String, String>>>,
}

pub(super) enum RawSum {
    Above,
    Other(String),
    Rows(Vec<Spanned<String>>),
}

/// By hand rather than `#[serde(untagged)]`: untagged enums buffer their
/// input and lose the positions of the ids inside the list.
impl<'de> Deserialize<'de> for RawSum {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SumVisitor;
        impl<'de> Visitor<'de> for SumVisitor {
            type Value = RawSum;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`above` or a list of row ids")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawSum, E> {
                Ok(if v == "above" {
                    RawSum::Above
                } else {
                    RawSum::Other(v.to_string())
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawSum, A::Error> {
                let mut rows = Vec::new();
                while let Some(row) = seq.next_element()? {
                    rows.push(row);
                }
                Ok(RawSum::Rows(rows))
            }
        }
        deserializer.deserialize_any(SumVisitor)
    }
}

pub(super) fn parse(
    yaml: &EmbeddedYaml,
    fence: Location,
    conventions: Conventions,
    diagnostics: &mut Diagnostics,
) -> Option<Table> {
    let raw: RawBlock = match yaml.parse() {
        Ok(raw) => raw,
        Err((message, location)) => {
            diagnostics.error(yaml_problem(message, &location), location);
            return None;
        }
    };
    table_from(raw, yaml, fence, conventions, diagnostics)
}

/// A table from its keys as read, written by hand or with rows read from
/// a sheet (`source:`).
pub(super) fn table_from(
    raw: RawBlock,
    yaml: &EmbeddedYaml,
    fence: Location,
    conventions: Conventions,
    diagnostics: &mut Diagnostics,
) -> Option<Table> {
    let at = |s: &serde_saphyr::Location| yaml.location_of(s);
    let mut ok = true;
    let style = raw.number_style.unwrap_or(conventions.number_style);
    let block_id = raw
        .id
        .as_ref()
        .map(|i| i.value.as_str())
        .unwrap_or_default();
    let columns = columns::read(&raw.columns, block_id, yaml, &mut ok, diagnostics);

    let (id, location) = match &raw.id {
        Some(id) => (id.value.clone(), at(&id.referenced)),
        None => {
            diagnostics.error(Problem::MissingId { place: "block" }, fence.clone());
            (String::new(), fence)
        }
    };
    if !id.is_empty() && !expr::is_valid_id(&id) {
        diagnostics.error(Problem::InvalidId { id: id.clone() }, location.clone());
        ok = false;
    } else if !super::ids::check_block_id_free(&id, &location, diagnostics) {
        ok = false;
    }
    let tolerance = match &raw.tolerance {
        None => Decimal::ZERO,
        Some(t) => match number::parse_in(&t.value, style).filter(|t| !t.is_sign_negative()) {
            Some(t) => t,
            None => {
                diagnostics.error(
                    Problem::NotANumber {
                        text: t.value.clone(),
                        style,
                    },
                    at(&t.referenced),
                );
                Decimal::ZERO
            }
        },
    };

    let mut rows: Vec<Row> = Vec::with_capacity(raw.rows.len());
    let mut seen = HashSet::new();
    let mut above_start = 0;
    for raw_row in raw.rows {
        let row_location = at(&raw_row.referenced);
        let raw_row = raw_row.value;
        let (row_id, row_location) = match &raw_row.id {
            Some(rid) => (rid.value.clone(), at(&rid.referenced)),
            None => {
                diagnostics.error(Problem::MissingId { place: "row" }, row_location.clone());
                ok = false;
                (String::new(), row_location)
            }
        };
        if !row_id.is_empty() {
            if !expr::is_valid_id(&row_id) {
                diagnostics.error(
                    Problem::InvalidId { id: row_id.clone() },
                    row_location.clone(),
                );
                ok = false;
            } else if !seen.insert(row_id.clone()) {
                diagnostics.error(
                    Problem::DuplicateRowId {
                        id: row_id.clone(),
                        block: id.clone(),
                    },
                    row_location.clone(),
                );
                ok = false;
            } else if !super::ids::check_free(
                super::ids::Layout::Table,
                &id,
                &row_id,
                &row_location,
                diagnostics,
            ) {
                ok = false;
            }
        }

        let mut values = Vec::new();
        if let Some(raw_values) = &raw_row.values {
            // With a value too many or too few, which column a value is in
            // is not known: its column's unit is not held against it.
            let counted = raw_values.value.len() == columns.len();
            if !counted && !raw_row.heading {
                diagnostics.error(
                    Problem::WrongValueCount {
                        row: row_id.clone(),
                        expected: columns.len(),
                        found: raw_values.value.len(),
                    },
                    at(&raw_values.referenced),
                );
                ok = false;
            }
            let mut previous: Option<Location> = None;
            for (column, raw_value) in raw_values.value.iter().enumerate() {
                let unit = cell_unit(
                    raw_row.unit.as_deref(),
                    columns.get(column).and_then(|c| c.unit.as_deref()),
                    raw.unit.as_deref(),
                );
                let reader = number::Reader {
                    style,
                    currency: conventions.currency,
                    percent: unit == Some("%") || !counted,
                    scaled: counted
                        && unit
                            .and_then(super::unit::money)
                            .is_some_and(|money| money.factor > 1),
                    stated: true,
                };
                let location = at(&raw_value.referenced);
                if let Some(split) = previous.as_ref().and_then(|p| split_figure(p, &location)) {
                    diagnostics.error(
                        Problem::AmbiguousNumber {
                            text: split,
                            style,
                            reason: "YAML reads a comma in a list as the end of a value, so these are two values".into(),
                            split_by_yaml: true,
                        },
                        previous.clone().unwrap_or_else(|| location.clone()),
                    );
                    ok = false;
                }
                previous = Some(location.clone());
                let (value, nil) = match &raw_value.value {
                    None => (None, false),
                    Some(text) => match number::read(text, &reader) {
                        Ok(number::Written::Figure(v)) => (Some(v), false),
                        Ok(number::Written::Nil) => (Some(Decimal::ZERO), true),
                        Err(refusal) => {
                            diagnostics
                                .error(refused(text, refusal, style, unit), location.clone());
                            ok = false;
                            (None, false)
                        }
                    },
                };
                values.push(Figure {
                    value,
                    nil,
                    location,
                });
            }
        } else if !raw_row.heading {
            diagnostics.error(
                Problem::WrongValueCount {
                    row: row_id.clone(),
                    expected: columns.len(),
                    found: 0,
                },
                row_location.clone(),
            );
            ok = false;
        }

        let derivation = match (&raw_row.sum, &raw_row.formula) {
            (Some(_), Some(formula)) => {
                diagnostics.error(Problem::SumAndFormula, at(&formula.referenced));
                ok = false;
                None
            }
            (Some(sum), None) => {
                let location = at(&sum.referenced);
                let refs = match &sum.value {
                    RawSum::Above => Some(
                        rows[above_start..]
                            .iter()
                            .filter(|r| !r.heading && !r.is_derived())
                            .map(|r| {
                                let reference = RowRef {
                                    block: None,
                                    row: r.id.clone(),
                                    offset: 0,
                                    len: r.id.len(),
                                };
                                (reference, location.clone())
                            })
                            .collect(),
                    ),
                    RawSum::Rows(list) => {
                        // Every entry is read, so that each bad one is
                        // reported; a sum with one is not computed at all.
                        let refs: Vec<_> =
                            list.iter().map(|r| sum_ref(r, yaml, diagnostics)).collect();
                        let all: Option<Vec<_>> = refs.into_iter().collect();
                        if all.is_none() {
                            ok = false;
                        }
                        all
                    }
                    RawSum::Other(text) => {
                        diagnostics
                            .error(Problem::InvalidSum { text: text.clone() }, location.clone());
                        ok = false;
                        None
                    }
                };
                above_start = rows.len() + 1;
                refs.map(|rows| Derivation::Sum { rows, location })
            }
            (None, Some(formula)) => {
                let location = at(&formula.referenced);
                match expr::parse_formula(&formula.value) {
                    Ok(expr) => Some(Derivation::Formula {
                        expr,
                        text: formula.value.clone(),
                        location,
                    }),
                    Err(e) => {
                        formula_syntax(diagnostics, &location, e);
                        ok = false;
                        None
                    }
                }
            }
            (None, None) => None,
        };

        let target = raw_row.target.as_ref().and_then(|t| {
            let value = number::parse_in(&t.value, style);
            if value.is_none() {
                diagnostics.error(
                    Problem::NotANumber {
                        text: t.value.clone(),
                        style,
                    },
                    at(&t.referenced),
                );
                ok = false;
            }
            value
        });
        let mut as_published = Vec::new();
        if let Some(map) = &raw_row.as_published {
            let location = at(&map.referenced);
            if !row_is_derived(&raw_row) {
                diagnostics.error(
                    Problem::AsPublishedNotDerived {
                        row: row_id.clone(),
                    },
                    location.clone(),
                );
                ok = false;
            }
            for (column, reason) in &map.value {
                let entry = key_location(&location, column);
                match columns::find(&columns, column) {
                    Ok(index) => as_published.push(AsPublished {
                        column: index,
                        reason: reason.clone(),
                        location: entry,
                    }),
                    Err(problem) => {
                        diagnostics.error(columns::in_block(*problem, &id), entry);
                        ok = false;
                    }
                }
            }
            as_published.sort_by_key(|a| a.column);
        }
        rows.push(Row {
            id: row_id,
            as_published,
            target,
            label: raw_row.label,
            unit: raw_row.unit,
            note: raw_row.note,
            heading: raw_row.heading,
            values,
            derivation,
            location: row_location,
        });
    }

    let mut checks = Vec::new();
    for raw_check in raw.checks {
        let location = at(&raw_check.referenced);
        match expr::parse_check(&raw_check.value) {
            Ok((left, comparison, right)) => checks.push(Check {
                text: raw_check.value,
                left,
                comparison,
                right,
                location,
            }),
            Err(e) => {
                formula_syntax(diagnostics, &location, e);
                ok = false;
            }
        }
    }

    let mut views = Views::default();
    for view in &raw.views {
        match view.value.as_str() {
            "share" => views.share = true,
            "per-100" => views.per_hundred = true,
            "per-capita" => {
                views.per_capita = true;
                // Per inhabitant means in whole currency: a unit without a
                // known factor would give a figure off by that factor.
                let found = match raw.unit.as_deref() {
                    None => Some("the table has no `unit`".to_string()),
                    Some(unit) if super::unit::money(unit).is_none() => {
                        Some(format!("`{unit}` is not one of them"))
                    }
                    Some(_) => None,
                };
                if let Some(found) = found {
                    diagnostics.error(Problem::PerCapitaUnit { found }, at(&view.referenced));
                }
            }
            other => {
                diagnostics.error(
                    Problem::UnknownView {
                        view: other.to_string(),
                    },
                    at(&view.referenced),
                );
                ok = false;
            }
        }
    }
    let baseline = raw
        .baseline
        .as_ref()
        .map(|b| (b.value.clone(), at(&b.referenced)));
    let chart = chart_spec::read(
        raw.chart.as_ref(),
        &id,
        &columns,
        &rows,
        yaml,
        &mut ok,
        diagnostics,
    );

    (ok && !id.is_empty()).then_some(Table {
        id,
        title: raw.title,
        unit: raw.unit,
        columns,
        tolerance,
        chart,
        rows,
        checks,
        location,
        baseline,
        views,
    })
}

/// Where a map's entry `key:` is written, searching from the map's start;
/// the map itself when it cannot be found.
fn key_location(map: &Location, key: &str) -> Location {
    let rest = map.file.text().get(map.offset..).unwrap_or_default();
    [
        format!("\"{key}\":"),
        format!("'{key}':"),
        format!("{key}:"),
    ]
    .iter()
    .find_map(|written| {
        rest.find(written.as_str())
            .map(|at| (at, written.len() - 1))
    })
    .map_or_else(|| map.clone(), |(at, len)| map.shifted(at, len))
}

fn row_is_derived(row: &RawRow) -> bool {
    row.sum.is_some() || row.formula.is_some()
}

/// The problem with a figure that was not read.
fn refused(
    text: &str,
    refusal: number::Refusal,
    style: NumberStyle,
    unit: Option<&str>,
) -> Problem {
    match refusal {
        number::Refusal::NotANumber => Problem::NotANumber {
            text: text.to_string(),
            style,
        },
        number::Refusal::Ambiguous(reason) => Problem::AmbiguousNumber {
            text: text.to_string(),
            style,
            reason,
            split_by_yaml: false,
        },
        number::Refusal::PercentOutsidePercentRow => Problem::PercentFigure {
            text: text.to_string(),
            unit: unit.unwrap_or("no unit").to_string(),
        },
        number::Refusal::CurrencyInScaledUnit => Problem::CurrencyFigure {
            text: text.to_string(),
            unit: unit.unwrap_or_default().to_string(),
        },
    }
}

/// Two unquoted values that YAML split at a comma with nothing between
/// (`[52,310]`, `[1,5]`, or as pasted from a document, `[2 298,4]` and
/// `[−13,2]`): the figure as the author wrote it.
fn split_figure(previous: &Location, next: &Location) -> Option<String> {
    let text = next.file.text();
    let comma = next.offset.checked_sub(1)?;
    // The whole part of a figure: digits, its sign and the spaces that
    // group its thousands.
    let digits = |s: &str| {
        s.chars().last().is_some_and(|c| c.is_ascii_digit())
            && s.chars().all(|c| {
                c.is_ascii_digit()
                    || matches!(c, '-' | '+' | '\u{2212}' | '\u{2013}' | '(')
                    || matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
            })
    };
    let (before, after) = (
        text.get(previous.offset..previous.offset + previous.len)?,
        text.get(next.offset..next.offset + next.len)?,
    );
    (previous.offset + previous.len == comma
        && text.as_bytes().get(comma) == Some(&b',')
        && digits(before)
        && after.bytes().next().is_some_and(|b| b.is_ascii_digit()))
    .then(|| format!("{before},{after}"))
}

fn sum_ref(
    raw: &Spanned<String>,
    yaml: &EmbeddedYaml,
    diagnostics: &mut Diagnostics,
) -> Option<(RowRef, Location)> {
    let location = yaml.location_of(&raw.referenced);
    match expr::parse_formula(&raw.value) {
        Ok(Expr::Ref(reference)) => Some((reference, location)),
        _ => {
            diagnostics.error(
                Problem::InvalidId {
                    id: raw.value.clone(),
                },
                location,
            );
            None
        }
    }
}
