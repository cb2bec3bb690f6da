//! SVG charts of budget blocks, rendered at build time.
//!
//! A layout (`horizontal`, `vertical`) turns a block into a [`scene::Scene`]
//! of shapes and labels, measuring every label so that none overlaps another
//! or leaves the canvas; `svg` draws the scene with plotters and adds the
//! title, description and ARIA role that plotters has no hook for.

pub mod axis;
mod horizontal;
pub mod palette;
pub mod scene;
pub mod svg;
pub mod text;
mod vertical;

use rust_decimal::Decimal;

use crate::budget::{Block, BlockKind, ChartKind, Derivation, Row};
use crate::diagnostic::{Diagnostic, Problem};
use crate::load::Language;
use crate::render::format;
use crate::render::strings::Strings;
use scene::{Anchor, Color, Label, Scene};

/// Canvas width in SVG units; the SVG scales to its container (viewBox).
pub const WIDTH: f64 = 480.0;
const PAD: f64 = 8.0;
const FONT: f64 = 13.0;
const SMALL: f64 = 12.0;
const TITLE: f64 = 15.0;
const BAR: f64 = 14.0;
/// Category labels wrap beyond this width.
const LABEL_MAX: f64 = 150.0;
/// The narrowest plot, however wide the labels beside it.
const MIN_PLOT: f64 = 120.0;

#[derive(Debug, Clone)]
pub struct Chart {
    pub kind: ChartKind,
    /// The standalone SVG document; also inlined into the page.
    pub svg: String,
    /// The laid-out shapes and labels, for tests of the layout.
    pub scene: Scene,
    pub title: String,
    pub description: String,
}

/// What a layout needs to know about the block.
pub(crate) struct Context<'a> {
    pub block: &'a Block,
    pub language: Language,
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

    fn first_sum(&self) -> Option<(usize, &Row)> {
        first_sum(self.block)
    }

    fn figure(&self, value: Decimal, unit: Option<&str>) -> String {
        format::figure(value, unit, self.language)
    }

    /// `+2 571` / `−3 058`: for steps that add or take away.
    fn signed(&self, value: Decimal) -> String {
        let text = format::number(value, self.language);
        if value.is_sign_positive() && !value.is_zero() {
            format!("+{text}")
        } else {
            text
        }
    }

    fn unit_caption(&self) -> Option<String> {
        self.unit().map(|u| {
            if u == "%" {
                self.strings.get("chart-percent").to_string()
            } else {
                self.strings.get("chart-unit").replace("{unit}", u)
            }
        })
    }
}

/// Rows drawn as parts: stated rows in the block's unit.
fn parts(block: &Block) -> Vec<&Row> {
    block.chart_parts().collect()
}

fn same_unit(block: &Block, row: &Row) -> bool {
    row.unit.is_none() || row.unit == block.unit
}

fn first_sum(block: &Block) -> Option<(usize, &Row)> {
    block
        .rows
        .iter()
        .enumerate()
        .find(|(_, r)| matches!(r.derivation, Some(Derivation::Sum { .. })))
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
    block: &Block,
    baseline: Option<&crate::budget::validate::Baseline>,
    language: Language,
    strings: &Strings,
) -> Option<Chart> {
    let drawn = match baseline {
        Some(baseline) => change_block(block, baseline, strings).ok()?.chart_view(),
        None => block.chart_view(),
    };
    chart(&drawn, language, strings)
}

/// For a table compared with a baseline, the chart shows the change: a copy
/// of the block whose figures are the differences.
pub fn change_block(
    block: &Block,
    baseline: &crate::budget::validate::Baseline,
    strings: &Strings,
) -> Result<Block, LeftOut> {
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
fn changes(block: &Block, baseline: &crate::budget::validate::Baseline) -> Result<Block, LeftOut> {
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
    block: &Block,
    baseline: Option<&crate::budget::validate::Baseline>,
) -> Option<Diagnostic> {
    if !matches!(block.kind, BlockKind::Table) {
        return None;
    }
    kind_to_draw(block)?;
    let drawn = match baseline {
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
fn sums(block: &Block) -> Result<(), LeftOut> {
    match kind_to_draw(block) {
        Some(ChartKind::StackedBar) => vertical::panels(block, true).map(drop),
        Some(ChartKind::Waterfall) => horizontal::steps(block).map(drop),
        _ => Ok(()),
    }
}

/// The chart kind, or `None` for `chart: none` or nothing to draw.
fn kind_to_draw(block: &Block) -> Option<ChartKind> {
    block.has_chart().then(|| block.chart_kind())
}

/// The block's chart, or `None` for `chart: none`, nothing to draw, or a
/// chart left out (see [`left_out`]).
pub fn chart(block: &Block, language: Language, strings: &Strings) -> Option<Chart> {
    let kind = kind_to_draw(block)?;
    let title = match &block.unit {
        Some(unit) => format!("{} ({unit})", block.title.as_deref().unwrap_or(&block.id)),
        None => block.title.clone().unwrap_or_else(|| block.id.clone()),
    };
    let context = Context {
        block,
        language,
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
    };
    let description = describe(&context, kind);
    let svg = svg::draw(
        &scene,
        &format!("{}.chart", block.id),
        &context.title,
        &description,
    );
    Some(Chart {
        kind,
        svg,
        scene,
        title: context.title,
        description,
    })
}

/// The chart in words, for `<desc>` and screen readers: the largest item,
/// the total and how it changes over the period.
fn describe(context: &Context, kind: ChartKind) -> String {
    let block = context.block;
    let strings = context.strings;
    let unit = context.unit();
    let first = &block.column_name(0);
    let mut sentences = vec![strings
        .get("chart-shows")
        .replace("{title}", &context.title)];

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
                .replace("{value}", &context.figure(value, unit)),
        );
    }

    if let Some((_, total)) = context.first_sum() {
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
                .replace("{value}", &context.figure(first_value, unit));
            // A change too large for a decimal is left out of the words; so
            // is its percentage, which can overflow even when the change fits
            // (a change from 0.0001).
            let change = last_value.checked_sub(first_value);
            if let (true, Some(change)) = (values.len() > 1, change) {
                let percent = change
                    .checked_div(first_value.abs())
                    .and_then(|p| p.checked_mul(Decimal::from(100)))
                    .map(|p| format!(" ({})", context.figure(p.round_dp(1), Some("%"))))
                    .unwrap_or_default();
                sentence.push(' ');
                sentence.push_str(
                    &strings
                        .get("chart-change")
                        .replace("{column}", last_column)
                        .replace("{value}", &context.figure(last_value, unit))
                        .replace("{change}", &format!("{}{percent}", context.signed(change))),
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
                        context.figure(f.value?, row.unit.as_deref())
                    ))
                })
                .collect();
            let mut sentence = format!("{}: {}.", row.label, values.join(", "));
            if let Some(target) = row.target {
                sentence.pop();
                sentence.push_str(
                    &strings
                        .get("chart-target-sentence")
                        .replace("{value}", &context.figure(target, row.unit.as_deref())),
                );
            }
            sentences.push(sentence);
        }
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

/// Swatches and names in series order, wrapped into rows; returns the y below.
fn legend(scene: &mut Scene, top: f64, entries: &[(String, Color)]) -> f64 {
    let swatch = 11.0;
    let mut x = PAD;
    let mut y = top + SMALL * 0.6;
    for (name, color) in entries {
        let width = swatch + 5.0 + text::width(name, SMALL, false) + 14.0;
        if x > PAD && x + width > WIDTH - PAD {
            x = PAD;
            y += SMALL * 1.5;
        }
        scene.rect(x, y - swatch / 2.0, x + swatch, y + swatch / 2.0, *color);
        scene.text(Label::new(
            x + swatch + 5.0,
            y,
            name.clone(),
            SMALL,
            Anchor::Start,
        ));
        x += width;
    }
    y + SMALL * 0.6 + 8.0
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
        .color(scene::MUTED);
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
