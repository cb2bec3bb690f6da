//! Charts whose categories run down the page, so that long Swedish labels
//! ("Summa eget kapital, avsättningar och skulder") have room: horizontal
//! bars and waterfalls. Short labels stand beside their bars; long ones on
//! lines of their own above them, leaving the narrow canvas to the bars.

use rust_decimal::Decimal;

use super::axis::{self, Scale};
use super::palette;
use super::scene::{Anchor, Label, Scene, AXIS, GRID, MUTED};
use super::{
    legend, on_canvas, text, tick_labels, title, to_f64, Context, Entry, LeftOut, Total, BAR, FONT,
    LABEL_MAX, MIN_PLOT, PAD, SMALL, WIDTH,
};
use crate::budget::{Row, Table};

/// Where category labels stand.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Placement {
    /// Right-aligned in a column left of the plot.
    Beside,
    /// On lines of their own above their bars, across the canvas.
    Above,
}

/// A category's label, wrapped, and the height its lines need.
struct Category {
    lines: Vec<String>,
    bold: bool,
}

const LINE: f64 = FONT * 1.25;

impl Category {
    fn new(label: &str, bold: bool, placement: Placement) -> Category {
        let room = match placement {
            Placement::Beside => LABEL_MAX,
            Placement::Above => WIDTH - 2.0 * PAD,
        };
        Category {
            lines: text::wrap(label, FONT, bold, room),
            bold,
        }
    }

    fn width(&self) -> f64 {
        self.lines
            .iter()
            .map(|l| text::width(l, FONT, self.bold))
            .fold(0.0, f64::max)
    }

    fn height(&self) -> f64 {
        self.lines.len() as f64 * LINE
    }

    /// Beside the plot, right-aligned at `right` around `middle`.
    fn draw_beside(&self, scene: &mut Scene, right: f64, middle: f64) {
        let top = middle - (self.lines.len() as f64 - 1.0) * LINE / 2.0;
        self.draw(scene, right, top, Anchor::End);
    }

    /// Above the bars, from `top`; returns the y below.
    fn draw_above(&self, scene: &mut Scene, top: f64) -> f64 {
        self.draw(scene, PAD, top + LINE / 2.0, Anchor::Start);
        top + self.height()
    }

    /// The lines from the middle of the first at `first`.
    fn draw(&self, scene: &mut Scene, x: f64, first: f64, anchor: Anchor) {
        for (i, line) in self.lines.iter().enumerate() {
            let label = Label::new(x, first + i as f64 * LINE, line.clone(), FONT, anchor);
            scene.text(if self.bold { label.bold() } else { label });
        }
    }
}

/// Labels stand beside the plot when that leaves it at least this share of
/// the canvas.
const PLOT_SHARE: f64 = 0.45;

/// Beside when the widest label leaves the plot room enough, else above.
fn placement(labels: &[(&str, bool)], value_width: f64, low: f64, high: f64) -> Placement {
    let width = labels
        .iter()
        .map(|(label, bold)| Category::new(label, *bold, Placement::Beside).width())
        .fold(0.0, f64::max);
    let (left, right) = plot_span(Placement::Beside, width, value_width, low, high);
    if right - left >= WIDTH * PLOT_SHARE {
        Placement::Beside
    } else {
        Placement::Above
    }
}

/// A value label beside the end of a bar: after it for values going right,
/// before it for values going left.
fn value_label(scale: &Scale, start: f64, end: f64, y: f64, text: String, bold: bool) -> Label {
    let (x, anchor) = if end >= start {
        (scale.position(end) + 4.0, Anchor::Start)
    } else {
        (scale.position(end) - 4.0, Anchor::End)
    };
    let label = Label::new(x, y, text, SMALL, anchor);
    if bold {
        label.bold()
    } else {
        label
    }
}

/// Gridlines and the zero line from `top` to `bottom`: across the plot when
/// labels stand beside it, per band of bars when they stand above.
fn gridlines(scene: &mut Scene, scale: &Scale, top: f64, bottom: f64) {
    for tick in &scale.ticks {
        let x = scale.at(*tick);
        let color = if tick.is_zero() { AXIS } else { GRID };
        scene.line((x, top), (x, bottom), color, 1.0);
    }
}

/// The horizontal room for the plot, given the label column and the widest
/// value labels on either side of the bars.
fn plot_span(
    placement: Placement,
    label_width: f64,
    value_width: f64,
    low: f64,
    high: f64,
) -> (f64, f64) {
    let labels = match placement {
        Placement::Beside => label_width + 10.0,
        Placement::Above => 0.0,
    };
    let left = PAD + labels + if low < 0.0 { value_width + 6.0 } else { 0.0 };
    let right = WIDTH - PAD - if high > 0.0 { value_width + 6.0 } else { 0.0 };
    // Figures of thirty digits leave no room: the plot keeps some, and the
    // widest labels are clipped at the canvas edge.
    (left.min(right - MIN_PLOT), right)
}

fn unit_caption(scene: &mut Scene, context: &Context, y: f64) -> f64 {
    match context.unit_caption() {
        Some(caption) => {
            scene.text(Label::new(WIDTH - PAD, y, caption, SMALL, Anchor::End).paint(MUTED));
            y + SMALL * 1.5
        }
        None => y,
    }
}

/// Horizontal bars: one group per row, one bar per column (year).
pub fn bars(context: &Context) -> Scene {
    let block = context.block;
    let parts = context.parts();
    let columns = &block.column_names();
    let mut scene = Scene::new(WIDTH);
    let mut y = title(&mut scene, context);
    if columns.len() > 1 {
        let entries: Vec<_> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| Entry::boxed(c.clone(), palette::series(i)))
            .collect();
        y = legend(&mut scene, y, &entries);
    }

    let values: Vec<Decimal> = parts
        .iter()
        .flat_map(|r| r.values.iter().filter_map(|f| f.value))
        .collect();
    let value_width = values
        .iter()
        .map(|v| text::width(&context.figure(*v, context.unit()), SMALL, false))
        .fold(0.0, f64::max);
    let low = values.iter().map(|v| to_f64(*v)).fold(0.0, f64::min);
    let high = values.iter().map(|v| to_f64(*v)).fold(0.0, f64::max);
    let labels: Vec<(&str, bool)> = parts.iter().map(|r| (r.label.as_str(), false)).collect();
    let placement = placement(&labels, value_width, low, high);
    let categories: Vec<Category> = parts
        .iter()
        .map(|r| Category::new(&r.label, false, placement))
        .collect();
    let label_width = categories.iter().map(Category::width).fold(0.0, f64::max);
    let (left, right) = plot_span(placement, label_width, value_width, low, high);
    let scale = axis::scale(low, high, left, right, true, true, context.language, SMALL);

    let bars_height = columns.len() as f64 * (BAR + 2.0) - 2.0;
    let plot_top = y;
    for (row, category) in parts.iter().zip(&categories) {
        let bars_top = match placement {
            Placement::Beside => {
                let height = bars_height.max(category.height()) + 12.0;
                category.draw_beside(&mut scene, PAD + label_width, y + height / 2.0);
                y += height;
                y - height + (height - bars_height) / 2.0
            }
            Placement::Above => {
                let top = category.draw_above(&mut scene, y + 4.0) + 3.0;
                gridlines(&mut scene, &scale, top - 2.0, top + bars_height + 2.0);
                y = top + bars_height + 8.0;
                top
            }
        };
        for (j, figure) in row.values.iter().enumerate() {
            let Some(value) = figure.value else { continue };
            let bar_top = bars_top + j as f64 * (BAR + 2.0);
            scene.rect(
                scale.at(Decimal::ZERO),
                bar_top,
                scale.at(value),
                bar_top + BAR,
                palette::series(j),
            );
            scene.text(value_label(
                &scale,
                0.0,
                to_f64(value),
                bar_top + BAR / 2.0,
                context.figure(value, context.unit()),
                false,
            ));
        }
    }
    if placement == Placement::Beside {
        // Behind the bars: moved to the front of the drawing.
        let mut lines = Scene::new(WIDTH);
        gridlines(&mut lines, &scale, plot_top, y);
        scene.items.splice(0..0, lines.items);
    }
    tick_labels(&mut scene, &scale, y + 10.0, context);
    y = unit_caption(&mut scene, context, y + 10.0 + SMALL * 1.5);
    scene.height = y + PAD;
    scene
}

pub(super) struct Step {
    /// Index into the step rows (and their categories).
    index: usize,
    /// The part's figure, as written.
    value: Decimal,
    start: Decimal,
    end: Decimal,
    /// A running total on the way to the total, drawn from zero.
    subtotal: bool,
    /// Written as a dash alone (nil), labelled so as the table shows it.
    nil: bool,
}

/// A waterfall's steps in one column, and its total.
pub(super) type Panel = (Vec<Step>, Option<Decimal>);

/// Which rows are running totals: derived rows (a `sum` or a `formula`)
/// whose figure in every column is where the parts above them have come,
/// as "Verksamhetens nettokostnad" is in a result budget. A total of one
/// group of rows ("Total corporate items") is not: drawn from zero in the
/// middle of a running total it would mean nothing, and its parts are
/// drawn anyway.
fn running_totals(block: &Table) -> Vec<bool> {
    let mut running = vec![Decimal::ZERO; block.columns.len()];
    // Each stated total may be rounded apart from its parts by the
    // tolerance, and a total of totals by that of each.
    let mut slack = block.tolerance;
    block
        .rows
        .iter()
        .map(|row| {
            if row.heading || !super::same_unit(block, row) {
                return false;
            }
            if !row.is_derived() {
                for (sum, figure) in running.iter_mut().zip(&row.values) {
                    if let Some(value) = figure.value {
                        *sum = sum.checked_add(value).unwrap_or(*sum);
                    }
                }
                return false;
            }
            let mut stated = running
                .iter()
                .zip(&row.values)
                .filter_map(|(sum, figure)| Some((*sum, figure.value?)));
            let first = stated.next();
            let is_running = first.is_some()
                && first
                    .into_iter()
                    .chain(stated)
                    .all(|(sum, value)| sum.checked_sub(value).is_some_and(|d| d.abs() <= slack));
            if is_running {
                slack = slack.checked_add(block.tolerance).unwrap_or(slack);
            }
            is_running
        })
        .collect()
}

/// The row a waterfall ends at: the chart's `total`, else the last running
/// total when no part comes after it, so that subtotals on the way do not
/// end it early.
pub(super) fn total_row(block: &Table) -> Option<(usize, &Row)> {
    if let Some(index) = block.chart.total {
        return block.rows.get(index).map(|row| (index, row));
    }
    let running = running_totals(block);
    let last = running.iter().rposition(|&r| r)?;
    let part_after = block.rows[last + 1..]
        .iter()
        .any(|r| !r.heading && !r.is_derived() && super::same_unit(block, r));
    (!part_after).then(|| (last, &block.rows[last]))
}

/// The rows a waterfall draws as steps: the parts before its total, and
/// the running totals on the way as subtotals.
fn step_rows(block: &Table) -> Vec<&Row> {
    let running = running_totals(block);
    block
        .rows
        .iter()
        .zip(running)
        .take(total_row(block).map_or(block.rows.len(), |(i, _)| i))
        .filter(|(r, running)| {
            !r.heading && (*running || !r.is_derived()) && super::same_unit(block, r)
        })
        .map(|(r, _)| r)
        .collect()
}

/// Per column, each part moves the running total from zero; fails when the
/// running total is beyond the largest decimal.
pub(super) fn steps(block: &Table) -> Result<Vec<Panel>, LeftOut> {
    let step_rows = step_rows(block);
    let total_row = total_row(block).map(|(_, r)| r);
    (0..block.columns.len())
        .map(|column| {
            let mut running = Decimal::ZERO;
            let mut steps = Vec::new();
            for (index, row) in step_rows.iter().enumerate() {
                let Some(figure) = row.values.get(column) else {
                    continue;
                };
                let (Some(value), nil) = (figure.value, figure.nil) else {
                    continue;
                };
                if row.is_derived() {
                    // A subtotal shows where the steps have come, as stated.
                    steps.push(Step {
                        index,
                        value,
                        start: Decimal::ZERO,
                        end: value,
                        subtotal: true,
                        nil,
                    });
                    continue;
                }
                let end = running.checked_add(value).ok_or(LeftOut {
                    total: Total::Running,
                    column,
                })?;
                steps.push(Step {
                    index,
                    value,
                    start: running,
                    end,
                    subtotal: false,
                    nil,
                });
                running = end;
            }
            let total = total_row.and_then(|r| r.values.get(column)?.value);
            Ok((steps, total))
        })
        .collect()
}

/// What every panel of a waterfall shares: one scale over all its columns,
/// so that panels drawn apart compare by eye, and the categories' labels.
struct Waterfall<'a> {
    panels: Vec<Panel>,
    categories: Vec<Category>,
    total_category: Option<Category>,
    placement: Placement,
    label_width: f64,
    scale: Scale,
    /// Where the category labels end and figures may begin.
    labels_end: f64,
    context: &'a Context<'a>,
}

impl<'a> Waterfall<'a> {
    fn new(context: &'a Context<'a>) -> Result<Self, LeftOut> {
        let block = context.block;
        let step_rows = step_rows(block);
        let total_row = total_row(block).map(|(_, r)| r);
        let panels = steps(block)?;

        // The extent over all steps and totals, and the widest value label.
        let (mut low, mut high) = (0.0f64, 0.0f64);
        let mut value_width: f64 = 0.0;
        for (steps, total) in &panels {
            for step in steps {
                value_width =
                    value_width.max(text::width(&context.signed(step.value), SMALL, false));
                low = low.min(to_f64(step.end));
                high = high.max(to_f64(step.end));
            }
            if let Some(total) = *total {
                value_width = value_width.max(text::width(
                    &context.figure(total, context.unit()),
                    SMALL,
                    true,
                ));
                low = low.min(to_f64(total));
                high = high.max(to_f64(total));
            }
        }

        let mut labels: Vec<(&str, bool)> = step_rows
            .iter()
            .map(|r| (r.label.as_str(), r.is_derived()))
            .collect();
        labels.extend(total_row.map(|r| (r.label.as_str(), true)));
        let placement = placement(&labels, value_width, low, high);
        let categories: Vec<Category> = step_rows
            .iter()
            .map(|r| Category::new(&r.label, r.is_derived(), placement))
            .collect();
        let total_category = total_row.map(|r| Category::new(&r.label, true, placement));
        let label_width = categories
            .iter()
            .chain(&total_category)
            .map(Category::width)
            .fold(0.0, f64::max);
        let (left, right) = plot_span(placement, label_width, value_width, low, high);
        let scale = axis::scale(low, high, left, right, true, true, context.language, SMALL);
        let labels_end = left - if low < 0.0 { value_width + 6.0 } else { 0.0 };
        Ok(Waterfall {
            panels,
            categories,
            total_category,
            placement,
            label_width,
            scale,
            labels_end,
            context,
        })
    }

    /// A band holds a category's label and bar: its top, height and the
    /// bar's middle.
    fn band(&self, category: &Category, top: f64) -> (f64, f64, f64) {
        match self.placement {
            Placement::Beside => {
                let height = category.height().max(BAR) + 8.0;
                (top, height, top + height / 2.0)
            }
            Placement::Above => {
                let height = category.height() + 3.0 + BAR + 8.0;
                (top, height, top + 2.0 + category.height() + 3.0 + BAR / 2.0)
            }
        }
    }

    fn draw_category(&self, scene: &mut Scene, category: &Category, top: f64, middle: f64) {
        match self.placement {
            Placement::Beside => category.draw_beside(scene, PAD + self.label_width, middle),
            Placement::Above => {
                category.draw_above(scene, top + 2.0);
                gridlines(
                    scene,
                    &self.scale,
                    middle - BAR / 2.0 - 2.0,
                    middle + BAR / 2.0 + 2.0,
                );
            }
        }
    }

    /// Column `column`'s steps and total under its name, from `y`; returns
    /// the y below.
    fn draw_panel(&self, scene: &mut Scene, column: usize, mut y: f64) -> f64 {
        let context = self.context;
        let scale = &self.scale;
        let (steps, total) = &self.panels[column];
        let name = context.block.column_name(column);
        scene.text(Label::new(PAD, y + FONT * 0.6, name, FONT, Anchor::Start).bold());
        y += FONT * 1.6;
        let plot_top = y;
        let mut bands = Vec::new();
        for step in steps {
            let (top, height, middle) = self.band(&self.categories[step.index], y);
            bands.push((step, top, middle));
            y += height;
        }
        let total_band = total
            .zip(self.total_category.as_ref())
            .map(|(t, category)| {
                let (top, height, middle) = self.band(category, y);
                y += height;
                (t, category, top, middle)
            });
        if self.placement == Placement::Beside {
            gridlines(scene, scale, plot_top, y);
        }
        let mut previous_bottom: Option<(f64, f64)> = None;
        for &(step, top, middle) in &bands {
            self.draw_category(scene, &self.categories[step.index], top, middle);
            let paint = if step.subtotal {
                palette::TOTAL
            } else if step.end >= step.start {
                palette::INCREASE
            } else {
                palette::DECREASE
            };
            // A connector from the step before, where it cannot cross a
            // label above the bar.
            if let (Some((x, bottom)), Placement::Beside) = (previous_bottom, self.placement) {
                scene.line((x, bottom), (x, middle - BAR / 2.0), MUTED, 1.0);
            }
            scene.rect(
                scale.at(step.start),
                middle - BAR / 2.0,
                scale.at(step.end),
                middle + BAR / 2.0,
                paint,
            );
            let label = value_label(
                scale,
                to_f64(step.start),
                to_f64(step.end),
                middle,
                if step.nil {
                    "\u{2013}".to_string()
                } else if step.subtotal {
                    context.figure(step.value, context.unit())
                } else {
                    context.signed(step.value)
                },
                step.subtotal,
            );
            // A decrease ending near the labels left of the plot has its
            // figure after its start instead; a figure that would be
            // written across the zero line goes to the other end of its
            // bar, where there is room.
            let zero = scale.at(Decimal::ZERO);
            let across_zero = |label: &Label| {
                let b = label.bounding_box();
                b.left < zero && zero < b.right
            };
            let label = if label.bounding_box().left < self.labels_end {
                Label {
                    x: scale.at(step.start) + 4.0,
                    anchor: Anchor::Start,
                    ..label
                }
            } else if across_zero(&label) {
                let other = if step.end >= step.start {
                    Label {
                        x: scale.at(step.start) - 4.0,
                        anchor: Anchor::End,
                        ..label.clone()
                    }
                } else {
                    Label {
                        x: scale.at(step.start) + 4.0,
                        anchor: Anchor::Start,
                        ..label.clone()
                    }
                };
                let fits = other.bounding_box().left >= self.labels_end
                    && other.bounding_box().right <= WIDTH - PAD;
                if fits && !across_zero(&other) {
                    other
                } else {
                    label
                }
            } else {
                label
            };
            scene.text(label);
            previous_bottom = Some((scale.at(step.end), middle + BAR / 2.0));
        }
        if let Some((total, category, top, middle)) = total_band {
            self.draw_category(scene, category, top, middle);
            scene.rect(
                scale.at(Decimal::ZERO),
                middle - BAR / 2.0,
                scale.at(total),
                middle + BAR / 2.0,
                palette::TOTAL,
            );
            scene.text(value_label(
                scale,
                0.0,
                to_f64(total),
                middle,
                context.figure(total, context.unit()),
                true,
            ));
        }
        y + 6.0
    }

    /// The value axis under the panels, from `y`; returns the y below.
    fn draw_axis(&self, scene: &mut Scene, y: f64) -> f64 {
        tick_labels(scene, &self.scale, y + 6.0, self.context);
        unit_caption(scene, self.context, y + 6.0 + SMALL * 1.5)
    }

    /// The rows in another unit (a ratio in %), as bars per column.
    fn draw_ratios(&self, scene: &mut Scene, mut y: f64) -> f64 {
        let context = self.context;
        for row in context
            .block
            .rows
            .iter()
            .filter(|r| !r.heading && !context.same_unit(r))
        {
            y = ratio_panel(scene, context, row, y + 10.0);
        }
        y
    }
}

/// One waterfall per column (year), one under the other: each part moves
/// the running total from zero, and the total row is drawn from zero. Rows
/// in another unit (a ratio in %) follow as bars per column, with the row's
/// target as a line.
pub fn waterfall(context: &Context) -> Result<Scene, LeftOut> {
    let waterfall = Waterfall::new(context)?;
    let mut scene = Scene::new(WIDTH);
    let mut y = title(&mut scene, context);
    for column in 0..waterfall.panels.len() {
        y = waterfall.draw_panel(&mut scene, column, y);
    }
    y = waterfall.draw_axis(&mut scene, y);
    y = waterfall.draw_ratios(&mut scene, y);
    scene.height = y + PAD;
    Ok(scene)
}

/// The same waterfall as small multiples, for a page to set side by side
/// where there is room: one scene per column, all on one scale, each with
/// its own axis; the rows in another unit in one more scene after them.
pub fn waterfall_multiples(context: &Context) -> Result<Vec<Scene>, LeftOut> {
    let waterfall = Waterfall::new(context)?;
    let mut scenes: Vec<Scene> = (0..waterfall.panels.len())
        .map(|column| {
            let mut scene = Scene::new(WIDTH);
            let y = title(&mut scene, context);
            let y = waterfall.draw_panel(&mut scene, column, y);
            scene.height = waterfall.draw_axis(&mut scene, y) + PAD;
            scene
        })
        .collect();
    let mut ratios = Scene::new(WIDTH);
    let top = title(&mut ratios, context);
    let bottom = waterfall.draw_ratios(&mut ratios, top);
    if bottom > top {
        ratios.height = bottom + PAD;
        scenes.push(ratios);
    }
    Ok(scenes)
}

/// A row in its own unit (e.g. "Resultat/skatter och bidrag", %), one bar per
/// column, with its target as a vertical line.
fn ratio_panel(scene: &mut Scene, context: &Context, row: &Row, top: f64) -> f64 {
    let block = context.block;
    let unit = row.unit.as_deref();
    let mut y = top;
    for line in text::wrap(&row.label, FONT, true, WIDTH - 2.0 * PAD) {
        scene.text(Label::new(PAD, y + FONT * 0.6, line, FONT, Anchor::Start).bold());
        y += FONT * 1.4;
    }
    let categories: Vec<Category> = block
        .column_names()
        .iter()
        .map(|c| Category::new(c, false, Placement::Beside))
        .collect();
    let label_width = categories.iter().map(Category::width).fold(0.0, f64::max);
    let values: Vec<Option<Decimal>> = row.values.iter().map(|f| f.value).collect();
    let value_width = values
        .iter()
        .flatten()
        .map(|v| text::width(&context.figure(*v, unit), SMALL, false))
        .fold(0.0, f64::max);
    let numbers = values.iter().flatten().map(|v| to_f64(*v));
    let low = numbers
        .clone()
        .fold(0.0, f64::min)
        .min(row.target.map_or(0.0, to_f64));
    let high = numbers
        .fold(0.0, f64::max)
        .max(row.target.map_or(0.0, to_f64));
    let (left, right) = plot_span(Placement::Beside, label_width, value_width, low, high);
    let scale = axis::scale(low, high, left, right, true, true, context.language, SMALL);

    let target_label = row.target.map(|target| {
        let text = context
            .strings
            .get("chart-target")
            .replace("{value}", &context.figure(target, unit));
        let x = scale.at(target);
        let label = Label::new(x, y + SMALL * 0.6, text, SMALL, Anchor::Middle).bold();
        let half = label.width() / 2.0;
        let x = on_canvas(x, half);
        Label { x, ..label }
    });
    if target_label.is_some() {
        y += SMALL * 1.5;
    }
    let plot_top = y;
    let band = BAR + 10.0;
    let plot_bottom = plot_top + band * categories.len() as f64;
    gridlines(scene, &scale, plot_top, plot_bottom);
    for (i, (category, value)) in categories.iter().zip(&values).enumerate() {
        let middle = plot_top + band * (i as f64 + 0.5);
        category.draw_beside(scene, PAD + label_width, middle);
        if let Some(value) = value {
            let color = match row.target {
                Some(target) if *value < target => palette::DECREASE,
                _ => palette::INCREASE,
            };
            scene.rect(
                scale.at(Decimal::ZERO),
                middle - BAR / 2.0,
                scale.at(*value),
                middle + BAR / 2.0,
                color,
            );
            let mut label = value_label(
                &scale,
                0.0,
                to_f64(*value),
                middle,
                context.figure(*value, unit),
                false,
            );
            // Keep the figure clear of the target line.
            if let Some(target) = row.target {
                let x = scale.at(target);
                let bounds = label.bounding_box();
                if bounds.left - 2.0 < x && x < bounds.right + 2.0 {
                    label.x = x + 4.0;
                    label.anchor = Anchor::Start;
                }
            }
            scene.text(label);
        }
    }
    if let (Some(target), Some(label)) = (row.target, target_label) {
        let x = scale.at(target);
        scene.line((x, plot_top - 2.0), (x, plot_bottom), AXIS, 2.0);
        scene.text(label);
    }
    tick_labels(scene, &scale, plot_bottom + 10.0, context);
    plot_bottom + 10.0 + SMALL
}
