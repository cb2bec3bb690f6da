//! SVG charts of budget blocks, rendered at build time.
//!
//! A layout (`horizontal`, `vertical`) turns a block into a [`scene::Scene`]
//! of shapes and labels, measuring every label so that none overlaps another
//! or leaves the canvas; `svg` writes the scene as an accessible SVG painted
//! by class (see `palette` for the light and the dark scheme).
//!
//! The canvas is as narrow as a phone's screen, so that its text, scaled
//! with the drawing, stays at least 12 px high there; on a wider screen the
//! page's style sheet caps how far a chart grows.

pub mod axis;
mod horizontal;
pub mod palette;
pub mod scene;
pub mod svg;
pub mod text;
mod treemap;
pub mod unit;
mod vertical;

use rust_decimal::Decimal;

use crate::budget::{ChartKind, Row, Table};
use crate::diagnostic::{Diagnostic, Problem};
use crate::load::{Language, Negatives};
use crate::render::format;
use crate::render::strings::Strings;
use scene::{Anchor, Label, Paint, Scene};

/// Canvas width in SVG units; the SVG scales to its container (viewBox).
/// A phone 390 px wide shows a chart about 350 px wide, a little larger
/// than this, so that text of [`SMALL`] units stays at least 12 px high.
pub const WIDTH: f64 = 340.0;
const PAD: f64 = 8.0;
const FONT: f64 = 13.0;
/// The smallest text: ticks, figures, legends.
pub const SMALL: f64 = 12.0;
const TITLE: f64 = 15.0;
const BAR: f64 = 14.0;
/// Category labels beside a plot wrap beyond this width.
const LABEL_MAX: f64 = 110.0;
/// The narrowest plot, however wide the labels beside it.
const MIN_PLOT: f64 = 100.0;

#[derive(Debug, Clone)]
pub struct Chart {
    pub kind: ChartKind,
    /// The standalone SVG document; also inlined into the page.
    pub svg: String,
    /// The laid-out shapes and labels, for tests of the layout.
    pub scene: Scene,
    pub title: String,
    pub description: String,
    /// For a waterfall of several columns, the same chart as small
    /// multiples (one SVG per column on one scale) for the page to set side
    /// by side where there is room; empty otherwise.
    pub multiples: Vec<String>,
}

/// What a layout needs to know about the block.
pub(crate) struct Context<'a> {
    pub block: &'a Table,
    pub language: Language,
    /// How the book writes a negative figure: its charts' labels and words
    /// write them so too (`(1,302)`); the value axis keeps its minus.
    pub negatives: Negatives,
    pub strings: &'a Strings,
    pub title: String,
}

impl Context<'_> {
    fn unit(&self) -> Option<&str> {
        self.block.unit.as_deref()
    }

    fn parts(&self) -> Vec<&Row> {
        parts(self.block)
    }

    fn same_unit(&self, row: &Row) -> bool {
        same_unit(self.block, row)
    }

    fn total_of_parts(&self) -> Option<(usize, &Row)> {
        total_of_parts(self.block)
    }

    fn figure(&self, value: Decimal, unit: Option<&str>) -> String {
        format::negative_as_book(value, unit, self.language, self.negatives)
    }

    /// `+2 571` / `−3 058` (or `(3,058)`): for steps that add or take away.
    fn signed(&self, value: Decimal) -> String {
        format::signed(self.figure(value, None), value)
    }

    /// A figure in the chart's description, read aloud by screen readers:
    /// a negative with its minus, which brackets would not say.
    /// It names its unit, as a reader of the words alone needs: `512 300
    /// tkr`, `£881k`, `4,3 %`.
    fn in_words(&self, value: Decimal, unit: Option<&str>) -> String {
        let text = format::figure(value, unit, self.language);
        match unit {
            Some(unit) if unit != "%" => format::with_unit_named(&text, unit, self.language),
            _ => text,
        }
    }

    /// As [`Context::signed`], in the description's words.
    fn signed_in_words(&self, value: Decimal, unit: Option<&str>) -> String {
        format::signed(self.in_words(value, unit), value)
    }

    /// The value axis's title, in the unit's own words.
    fn unit_caption(&self) -> Option<String> {
        self.unit().map(|u| unit::axis_title(u, self.strings))
    }
}

/// Rows drawn as parts: stated rows in the block's unit.
fn parts(block: &Table) -> Vec<&Row> {
    block.chart_parts().collect()
}

fn same_unit(block: &Table, row: &Row) -> bool {
    row.unit.is_none() || row.unit == block.unit
}

/// The total of everything the chart draws: the one `sum` row of the block
/// that adds up every part drawn, past subtotals. None where the parts
/// belong to several totals (expenditure and income) or to none: what
/// they come to is then their sum, not any one stated row.
fn total_of_parts(block: &Table) -> Option<(usize, &Row)> {
    let parts = parts(block);
    let row = block
        .rows
        .iter()
        .zip(block.wholes())
        .filter(|(row, _)| parts.iter().any(|part| std::ptr::eq(*part, *row)))
        .map(|(_, whole)| whole)
        .reduce(|a, b| if a == b { a } else { None })
        .flatten()?;
    Some((row, &block.rows[row]))
}

pub(crate) fn to_f64(value: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    value.to_f64().unwrap_or(0.0)
}

/// Why a chart is left out: a figure it would draw is beyond the largest
/// decimal (about 7.9 × 10^28), so it cannot be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeftOut {
    pub total: Total,
    /// The column (index) where the figure overflows.
    pub column: usize,
}

/// The figure a chart adds up that does not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// The parts of a stack: its height and the total above it.
    Stack,
    /// A waterfall's running total.
    Running,
    /// The change from the baseline that the chart shows.
    Change,
}

impl Total {
    fn what(self) -> &'static str {
        match self {
            Total::Stack => "the sum of the parts",
            Total::Running => "the running total",
            Total::Change => "the change from the baseline",
        }
    }
}

/// A block's chart as the site shows it: a table compared with a baseline
/// is drawn as its change. `None` for no chart, nothing to draw, or a chart
/// left out (see [`left_out`]).
pub fn block_chart(
    block: &Table,
    baseline: Option<&crate::budget::validate::Baseline>,
    language: Language,
    negatives: Negatives,
    strings: &Strings,
) -> Option<Chart> {
    let drawn = match compared(block, baseline) {
        Some(baseline) => change_block(block, baseline, strings).ok()?.chart_view(),
        None => block.chart_view(),
    };
    chart(&drawn, language, negatives, strings)
}

/// The baseline a chart shows the change from: none for a treemap, whose
/// areas cannot be changes below zero, so it draws the figures themselves.
fn compared<'a>(
    block: &Table,
    baseline: Option<&'a crate::budget::validate::Baseline>,
) -> Option<&'a crate::budget::validate::Baseline> {
    baseline.filter(|_| block.chart_kind() != ChartKind::Treemap)
}

/// For a table compared with a baseline, the chart shows the change: a copy
/// of the block whose figures are the differences.
pub fn change_block(
    block: &Table,
    baseline: &crate::budget::validate::Baseline,
    strings: &Strings,
) -> Result<Table, LeftOut> {
    let mut changed = changes(block, baseline)?;
    changed.title = Some(
        strings
            .get("chart-change-title")
            .replace("{title}", block.title.as_deref().unwrap_or(&block.id))
            .replace("{baseline}", &baseline.title),
    );
    Ok(changed)
}

/// A copy of the block whose figures are the changes from the baseline.
fn changes(block: &Table, baseline: &crate::budget::validate::Baseline) -> Result<Table, LeftOut> {
    let mut changed = block.clone();
    for row in &mut changed.rows {
        let before = baseline.rows.get(&row.id);
        for (column, figure) in row.values.iter_mut().enumerate() {
            let base = before.and_then(|b| b.get(column).copied().flatten());
            figure.value = match (figure.value, base) {
                (Some(value), Some(base)) => Some(value.checked_sub(base).ok_or(LeftOut {
                    total: Total::Change,
                    column,
                })?),
                _ => None,
            };
        }
    }
    Ok(changed)
}

/// The warning for a table whose chart is left out because a figure it
/// would draw does not fit in a decimal; `None` when the chart is drawn or
/// there is none. Decided by the same computations that draw the chart.
pub fn left_out(
    block: &Table,
    baseline: Option<&crate::budget::validate::Baseline>,
) -> Option<Diagnostic> {
    kind_to_draw(block)?;
    let drawn = match compared(block, baseline) {
        Some(baseline) => changes(block, baseline).map(|changed| changed.chart_view()),
        None => Ok(block.chart_view()),
    };
    let reason = drawn.as_ref().map_err(|e| *e).and_then(sums);
    let LeftOut { total, column } = reason.err()?;
    let names = match &drawn {
        Ok(view) => view.column_names(),
        Err(_) => block.column_names(),
    };
    Some(Diagnostic::warning(
        Problem::ChartLeftOut {
            block: block.id.clone(),
            column: names.get(column).cloned().unwrap_or_default(),
            total: total.what(),
        },
        block.location.clone(),
    ))
}

/// The sums the chart draws, computed as its layout does, without the
/// layout.
fn sums(block: &Table) -> Result<(), LeftOut> {
    match kind_to_draw(block) {
        Some(ChartKind::StackedBar) => vertical::panels(block, true).map(drop),
        Some(ChartKind::Waterfall) => horizontal::steps(block).map(drop),
        Some(ChartKind::Treemap) => treemap::total(block).map(drop),
        _ => Ok(()),
    }
}

/// The chart kind, or `None` for `chart: none` or nothing to draw.
fn kind_to_draw(block: &Table) -> Option<ChartKind> {
    block.has_chart().then(|| block.chart_kind())
}

/// The block's chart, or `None` for `chart: none`, nothing to draw, or a
/// chart left out (see [`left_out`]).
pub fn chart(
    block: &Table,
    language: Language,
    negatives: Negatives,
    strings: &Strings,
) -> Option<Chart> {
    let kind = kind_to_draw(block)?;
    let title = match &block.unit {
        Some(unit) => format!("{} ({unit})", block.title.as_deref().unwrap_or(&block.id)),
        None => block.title.clone().unwrap_or_else(|| block.id.clone()),
    };
    let context = Context {
        block,
        language,
        negatives,
        strings,
        title,
    };
    let scene = match kind {
        ChartKind::None => return None,
        ChartKind::Bar => horizontal::bars(&context),
        ChartKind::Waterfall => horizontal::waterfall(&context).ok()?,
        ChartKind::StackedBar => vertical::bars(&context, true).ok()?,
        ChartKind::GroupedBar => vertical::bars(&context, false).ok()?,
        ChartKind::Line => vertical::lines(&context),
        ChartKind::Treemap => treemap::treemap(&context).ok()?,
    };
    let description = describe(&context, kind, &scene);
    let svg = svg::draw(
        &scene,
        &format!("{}.chart", block.id),
        &context.title,
        &description,
    );
    let multiples = if kind == ChartKind::Waterfall && block.columns.len() > 1 {
        multiples(&context).ok()?
    } else {
        Vec::new()
    };
    Some(Chart {
        kind,
        svg,
        scene,
        title: context.title,
        description,
        multiples,
    })
}

/// A waterfall's small multiples, each titled with its column and told in
/// words by its total; the rows in another unit, if any, last.
fn multiples(context: &Context) -> Result<Vec<String>, LeftOut> {
    let block = context.block;
    let total = horizontal::total_row(block).map(|(_, row)| row);
    let scenes = horizontal::waterfall_multiples(context)?;
    Ok(scenes
        .iter()
        .enumerate()
        .map(|(n, scene)| {
            let id = format!("{}.chart-{}", block.id, n + 1);
            let data = context.strings.get("chart-data");
            if n >= block.columns.len() {
                return svg::draw(scene, &id, &context.title, data);
            }
            let column = block.column_name(n);
            let title = format!("{}, {column}", context.title);
            let said = total
                .and_then(|row| Some((row, row.values.get(n)?.value?)))
                .map(|(row, value)| {
                    context
                        .strings
                        .get("chart-total")
                        .replace("{label}", &row.label)
                        .replace("{column}", &column)
                        .replace("{value}", &context.in_words(value, context.unit()))
                });
            let description = match said {
                Some(said) => format!("{said} {data}"),
                None => data.to_string(),
            };
            svg::draw(scene, &id, &title, &description)
        })
        .collect())
}

/// The chart in words, for `<desc>` and screen readers: the largest item,
/// the total and how it changes over the period, and where the value axis
/// starts when not at zero. The title is the chart's name and is not
/// repeated.
fn describe(context: &Context, kind: ChartKind, scene: &Scene) -> String {
    let block = context.block;
    let strings = context.strings;
    let unit = context.unit();
    let first = &block.column_name(0);
    let mut sentences = Vec::new();

    let largest = context
        .parts()
        .into_iter()
        .filter_map(|r| r.values.first()?.value.map(|v| (v.abs(), v, r)))
        .max_by(|a, b| a.0.cmp(&b.0));
    if let Some((_, value, row)) = largest {
        sentences.push(
            strings
                .get("chart-largest")
                .replace("{column}", first)
                .replace("{label}", &row.label)
                .replace("{value}", &context.in_words(value, unit)),
        );
    }

    // The total a reader is told of: where a waterfall ends, else the
    // total of everything.
    let total = if kind == ChartKind::Waterfall {
        horizontal::total_row(block)
    } else {
        context.total_of_parts()
    };
    if let Some((_, total)) = total {
        let names = block.column_names();
        let values: Vec<(&String, Decimal)> = names
            .iter()
            .zip(&total.values)
            .filter_map(|(c, f)| Some((c, f.value?)))
            .collect();
        if let (Some(&(first_column, first_value)), Some(&(last_column, last_value))) =
            (values.first(), values.last())
        {
            let mut sentence = strings
                .get("chart-total")
                .replace("{label}", &total.label)
                .replace("{column}", first_column)
                .replace("{value}", &context.in_words(first_value, unit));
            // A change too large for a decimal is left out of the words; so
            // is its percentage, which can overflow even when the change fits
            // (a change from 0.0001).
            let change = last_value.checked_sub(first_value);
            if let (true, Some(change)) = (values.len() > 1, change) {
                // A change in per cent across zero means nothing (from −54
                // to 20 is no "+137 %").
                let same_sign = first_value.is_sign_negative() == last_value.is_sign_negative()
                    && !first_value.is_zero();
                let percent = Some(change)
                    .filter(|_| same_sign)
                    .and_then(|change| change.checked_div(first_value.abs()))
                    .and_then(|p| p.checked_mul(Decimal::from(100)))
                    .map(|p| format!(" ({})", context.signed_in_words(p.round_dp(1), Some("%"))))
                    .unwrap_or_default();
                sentence.push(' ');
                sentence.push_str(
                    &strings
                        .get("chart-change")
                        .replace("{column}", last_column)
                        .replace("{value}", &context.in_words(last_value, unit))
                        .replace(
                            "{change}",
                            &format!("{}{percent}", context.signed_in_words(change, unit)),
                        ),
                );
            }
            sentences.push(sentence);
        }
    }

    if kind == ChartKind::Waterfall {
        for row in block
            .rows
            .iter()
            .filter(|r| !r.heading && !context.same_unit(r))
        {
            let values: Vec<String> = block
                .column_names()
                .iter()
                .zip(&row.values)
                .filter_map(|(c, f)| {
                    Some(format!(
                        "{c} {}",
                        context.in_words(f.value?, row.unit.as_deref())
                    ))
                })
                .collect();
            let mut sentence = format!("{}: {}.", row.label, values.join(", "));
            if let Some(target) = row.target {
                sentence.pop();
                sentence.push_str(
                    &strings
                        .get("chart-target-sentence")
                        .replace("{value}", &context.in_words(target, row.unit.as_deref())),
                );
            }
            sentences.push(sentence);
        }
    }
    if kind == ChartKind::Treemap {
        if let Some(shares) = treemap::shares(context) {
            sentences.push(strings.get("chart-shares").replace("{shares}", &shares));
        }
    }
    if let Some(start) = scene.axis_break {
        sentences.push(
            strings
                .get("chart-axis-start")
                .replace("{value}", &context.in_words(start, unit)),
        );
    }
    if sentences.is_empty() {
        sentences.push(strings.get("chart-data").to_string());
    }
    sentences.join(" ")
}

/// The chart's title at the top, wrapped; returns the y below it.
fn title(scene: &mut Scene, context: &Context) -> f64 {
    let mut y = PAD + TITLE * 0.6;
    for line in text::wrap(&context.title, TITLE, true, WIDTH - 2.0 * PAD) {
        scene.text(Label::new(PAD, y, line, TITLE, Anchor::Start).bold());
        y += TITLE * 1.3;
    }
    y + 4.0
}

/// A legend entry: a series' name and colour, and for a line its dash.
pub(crate) struct Entry {
    pub name: String,
    pub paint: Paint,
    /// `Some(dash)` for a line, `None` for a box.
    pub line: Option<&'static str>,
}

impl Entry {
    fn boxed(name: String, paint: Paint) -> Entry {
        Entry {
            name,
            paint,
            line: None,
        }
    }
}

/// Swatches and names in series order, wrapped into rows (a name too long
/// for a row wraps onto lines of its own); returns the y below.
fn legend(scene: &mut Scene, top: f64, entries: &[Entry]) -> f64 {
    let row = SMALL * 1.5;
    let mut x = PAD;
    let mut y = top + SMALL * 0.6;
    for entry in entries {
        let swatch = if entry.line.is_some() { 20.0 } else { 11.0 };
        let room = WIDTH - 2.0 * PAD - swatch - 5.0;
        let lines = text::wrap(&entry.name, SMALL, false, room);
        let width = lines
            .iter()
            .map(|l| text::width(l, SMALL, false))
            .fold(0.0, f64::max);
        let needed = swatch + 5.0 + width;
        if x > PAD && (x + needed > WIDTH - PAD || lines.len() > 1) {
            x = PAD;
            y += row;
        }
        match entry.line {
            Some(dash) => {
                scene.dashed_line((x, y), (x + swatch, y), entry.paint, 2.5, dash);
                let middle = x + swatch / 2.0;
                scene.rect(middle - 3.0, y - 3.0, middle + 3.0, y + 3.0, entry.paint);
            }
            None => scene.rect(
                x,
                y - swatch / 2.0,
                x + swatch,
                y + swatch / 2.0,
                entry.paint,
            ),
        }
        for (i, line) in lines.iter().enumerate() {
            let line_y = y + i as f64 * SMALL * 1.25;
            scene.text(Label::new(
                x + swatch + 5.0,
                line_y,
                line.clone(),
                SMALL,
                Anchor::Start,
            ));
        }
        y += (lines.len() - 1) as f64 * SMALL * 1.25;
        x += needed + 14.0;
        if lines.len() > 1 {
            x = WIDTH;
        }
    }
    y + SMALL * 0.6 + 8.0
}

/// The middle of a label `half` as wide as `x`, moved onto the canvas; a
/// label wider than the canvas starts at its left edge.
fn on_canvas(x: f64, half: f64) -> f64 {
    x.min(WIDTH - PAD - half).max(PAD + half)
}

/// Tick labels under a horizontal axis, kept inside the canvas.
fn tick_labels(scene: &mut Scene, scale: &axis::Scale, y: f64, context: &Context) {
    for tick in &scale.ticks {
        let x = scale.at(*tick);
        let label = Label::new(
            x,
            y,
            format::number(*tick, context.language),
            SMALL,
            Anchor::Middle,
        )
        .paint(scene::MUTED);
        let half = label.width() / 2.0;
        let label = if x - half < PAD {
            Label {
                anchor: Anchor::Start,
                x: PAD,
                ..label
            }
        } else if x + half > WIDTH - PAD {
            Label {
                anchor: Anchor::End,
                x: WIDTH - PAD,
                ..label
            }
        } else {
            label
        };
        scene.text(label);
    }
}
