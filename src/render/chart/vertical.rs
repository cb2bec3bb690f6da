//! Charts with the columns (years) along the bottom: stacked and grouped
//! bars, and lines. Column names wrap, and when even a word is too wide for
//! its column, only every second (third, …) column is named, always the
//! first and the last.

use rust_decimal::Decimal;

use super::axis::{self, Scale};
use super::palette;
use super::scene::{Anchor, Label, Scene, AXIS, BACKGROUND, GRID, MUTED};
use super::{
    legend, on_canvas, text, title, to_f64, Context, Entry, LeftOut, Total, FONT, MIN_PLOT, PAD,
    SMALL, WIDTH,
};
use crate::budget::{Row, Table};
use crate::render::format;

const PLOT_HEIGHT: f64 = 220.0;

/// The frame shared by the vertical charts: a value axis on the left with
/// gridlines, and the column names under the plot.
struct Frame {
    scale: Scale,
    left: f64,
    right: f64,
    bottom: f64,
    /// Whether the value axis starts at zero (or includes it).
    from_zero: bool,
}

/// How far below the plot the column names' first line stands: clear of
/// the lowest tick label.
const COLUMN_LABELS: f64 = 15.0;

impl Frame {
    /// The frame of a plot from `top`, drawn into the scene. With
    /// `from_zero` false, the value axis may start near the data (see
    /// [`axis::near_data`]); the break is then drawn and noted in the scene.
    fn new(
        context: &Context,
        scene: &mut Scene,
        top: f64,
        low: f64,
        high: f64,
        from_zero: bool,
    ) -> Frame {
        let frame = Frame::layout(context, top, low, high, from_zero, 0.0);
        frame.draw(context, scene);
        frame
    }

    /// Where the plot goes, `right_margin` short of the canvas's right
    /// edge, without drawing it. Its width does not depend on `top`.
    fn layout(
        context: &Context,
        top: f64,
        low: f64,
        high: f64,
        from_zero: bool,
        right_margin: f64,
    ) -> Frame {
        let bottom = top + PLOT_HEIGHT;
        let from_zero = from_zero || !axis::near_data(low, high);
        let scale = axis::scale(
            low,
            high,
            bottom,
            top,
            false,
            from_zero,
            context.language,
            SMALL,
        );
        // The widest tick label decides where the plot starts.
        let tick_width = scale
            .ticks
            .iter()
            .map(|t| text::width(&format::number(*t, context.language), SMALL, false))
            .fold(0.0, f64::max);
        let right = WIDTH - PAD - right_margin;
        // Tick labels of thirty digits leave no room: the plot keeps some,
        // and the widest labels are clipped at the canvas edge.
        let left = (PAD + tick_width + 6.0).min(right - MIN_PLOT);
        Frame {
            scale,
            left,
            right,
            bottom,
            from_zero,
        }
    }

    /// Gridlines with their tick labels, and the break of an axis that
    /// does not start at zero.
    fn draw(&self, context: &Context, scene: &mut Scene) {
        let (scale, left, right, bottom) = (&self.scale, self.left, self.right, self.bottom);
        for tick in &scale.ticks {
            let y = scale.at(*tick);
            let paint = if tick.is_zero() { AXIS } else { GRID };
            scene.line((left, y), (right, y), paint, 1.0);
            scene.text(
                Label::new(
                    left - 6.0,
                    y,
                    format::number(*tick, context.language),
                    SMALL,
                    Anchor::End,
                )
                .paint(MUTED),
            );
        }
        if !self.from_zero {
            scene.axis_break = scale.ticks.first().copied();
            // The baseline, broken by two slanted strokes near the axis:
            // the axis does not start at zero.
            scene.line((left, bottom), (right, bottom), AXIS, 1.0);
            scene.rect(
                left + 3.0,
                bottom - 5.0,
                left + 10.0,
                bottom + 5.0,
                BACKGROUND,
            );
            for x in [left + 2.0, left + 7.0] {
                scene.line((x, bottom + 4.0), (x + 4.0, bottom - 4.0), AXIS, 1.0);
            }
        }
    }

    fn slot(&self, count: usize) -> f64 {
        (self.right - self.left) / count.max(1) as f64
    }

    fn center(&self, index: usize, count: usize) -> f64 {
        self.left + self.slot(count) * (index as f64 + 0.5)
    }

    /// Column names under the plot, wrapped to their slot — or, when a word
    /// is wider than that, every `k`th of them with `k` slots of room;
    /// returns the y below.
    fn column_labels(&self, scene: &mut Scene, columns: &[String]) -> f64 {
        let count = columns.len();
        let slot = self.slot(count);
        let placed = (1..=count.max(1))
            .map(|k| self.place_column_labels(columns, k, k as f64 * slot - 6.0))
            .find(|labels| apart(labels))
            .unwrap_or_else(|| self.place_column_labels(columns, count.max(1), f64::INFINITY));
        let mut lowest = self.bottom;
        for lines in placed {
            for label in lines {
                lowest = lowest.max(label.y + SMALL * 0.6);
                scene.text(label);
            }
        }
        lowest + 6.0
    }

    /// The names of every `every`th column (see [`named_columns`]),
    /// wrapped at `room`, each a list of lines, kept on the canvas.
    fn place_column_labels(&self, columns: &[String], every: usize, room: f64) -> Vec<Vec<Label>> {
        let count = columns.len();
        named_columns(count, every)
            .into_iter()
            .map(|i| {
                let center = self.center(i, count);
                text::wrap(&columns[i], SMALL, false, room)
                    .into_iter()
                    .enumerate()
                    .map(|(j, line)| {
                        let y = self.bottom + COLUMN_LABELS + j as f64 * SMALL * 1.25;
                        let label = Label::new(center, y, line, SMALL, Anchor::Middle);
                        // A name wider than its slot stays on the canvas.
                        let half = label.width() / 2.0;
                        let x = on_canvas(center, half);
                        Label { x, ..label }
                    })
                    .collect()
            })
            .collect()
    }

    /// A short tick under each column, so that columns without a name are
    /// still marked.
    fn column_ticks(&self, scene: &mut Scene, count: usize) {
        for i in 0..count {
            let x = self.center(i, count);
            scene.line((x, self.bottom), (x, self.bottom + 4.0), AXIS, 1.0);
        }
    }
}

/// Whether neighbouring column names keep a gap between them.
fn apart(names: &[Vec<Label>]) -> bool {
    let extent = |lines: &Vec<Label>| {
        lines
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, r), label| {
                let b = label.bounding_box();
                (l.min(b.left), r.max(b.right))
            })
    };
    names
        .windows(2)
        .all(|pair| extent(&pair[0]).1 + 4.0 <= extent(&pair[1]).0)
}

/// The columns named when every `every`th can be: the first, every
/// `every`th after it, and the last, which takes the place of the one
/// before it when they would be too close.
fn named_columns(count: usize, every: usize) -> Vec<usize> {
    let every = every.max(1);
    let mut named: Vec<usize> = (0..count).step_by(every).collect();
    let last = count.saturating_sub(1);
    if count > 1 && named.last() != Some(&last) {
        if named.len() > 1 && last - named[named.len() - 1] < every {
            named.pop();
        }
        if last - named.last().copied().unwrap_or(0) >= every {
            named.push(last);
        }
    }
    named
}

fn unit_line(scene: &mut Scene, context: &Context, y: f64) -> f64 {
    match context.unit_caption() {
        Some(caption) => {
            scene
                .text(Label::new(PAD, y + SMALL * 0.6, caption, SMALL, Anchor::Start).paint(MUTED));
            y + SMALL * 1.5
        }
        None => y,
    }
}

/// One panel of bars: the parts it shows and, for stacks, the total above
/// each.
pub(super) struct Panel {
    shown: Vec<usize>,
    /// Per column; empty for grouped bars, which show no totals.
    totals: Vec<Option<Decimal>>,
    /// For the zoom panel: the dominant part it leaves out.
    without: Option<usize>,
}

/// The panels of a bar chart: every part, and — when one part dominates a
/// stack — the others without it. Fails when a stack's total is beyond the
/// largest decimal.
pub(super) fn panels(block: &Table, stacked: bool) -> Result<Vec<Panel>, LeftOut> {
    let parts = super::parts(block);
    let all: Vec<usize> = (0..parts.len()).collect();
    let mut panels = vec![Panel {
        totals: totals(block, &parts, &all, stacked, true)?,
        shown: all.clone(),
        without: None,
    }];
    if stacked && parts.len() > 2 {
        if let Some(dominant) = dominant_part(&parts) {
            let rest: Vec<usize> = all.into_iter().filter(|&i| i != dominant).collect();
            panels.push(Panel {
                totals: totals(block, &parts, &rest, stacked, false)?,
                shown: rest,
                without: Some(dominant),
            });
        }
    }
    Ok(panels)
}

/// The total above each stack: the block's stated sum when the panel shows
/// every part, else the sum of what is shown.
fn totals(
    block: &Table,
    parts: &[&Row],
    shown: &[usize],
    stacked: bool,
    stated_totals: bool,
) -> Result<Vec<Option<Decimal>>, LeftOut> {
    if !stacked {
        return Ok(Vec::new());
    }
    let stated_sum = super::total_of_parts(block).map(|(_, r)| r);
    (0..block.columns.len())
        .map(|c| match stated_sum {
            Some(row) if stated_totals => Ok(row.values.get(c).and_then(|f| f.value)),
            _ => shown
                .iter()
                .filter_map(|&p| parts[p].values.get(c).and_then(|f| f.value))
                .try_fold(Decimal::ZERO, Decimal::checked_add)
                .map(Some)
                .ok_or(LeftOut {
                    total: Total::Stack,
                    column: c,
                }),
        })
        .collect()
}

/// Stacked bars (parts on top of each other, totals above) or grouped bars
/// (parts side by side) per column. When one part dominates a stack, a
/// second panel shows the others on their own scale, so that small
/// committees stay readable next to a large one.
pub fn bars(context: &Context, stacked: bool) -> Result<Scene, LeftOut> {
    let parts = context.parts();
    let panels = panels(context.block, stacked)?;
    let mut scene = Scene::new(WIDTH);
    let mut y = title(&mut scene, context);
    let entries: Vec<_> = parts
        .iter()
        .enumerate()
        .map(|(i, r)| Entry::boxed(r.label.clone(), palette::series(i)))
        .collect();
    y = legend(&mut scene, y, &entries);
    for panel in &panels {
        if let Some(dominant) = panel.without {
            let heading = context
                .strings
                .get("chart-without")
                .replace("{label}", &parts[dominant].label);
            y += 8.0;
            for line in text::wrap(&heading, FONT, true, WIDTH - 2.0 * PAD) {
                scene.text(Label::new(PAD, y + FONT * 0.6, line, FONT, Anchor::Start).bold());
                y += FONT * 1.4;
            }
            y += 4.0;
        }
        y = bar_panel(&mut scene, context, &parts, panel, stacked, y);
    }
    y = unit_line(&mut scene, context, y);
    scene.height = y + PAD;
    Ok(scene)
}

/// The part that makes up more than half of all the stacks together; only
/// for stacks of positive parts, where leaving one out is a fair zoom. None
/// when the parts add up to more than a decimal holds: such figures have no
/// small parts worth a zoom.
fn dominant_part(parts: &[&Row]) -> Option<usize> {
    let all_positive = parts.iter().all(|r| {
        r.values
            .iter()
            .filter_map(|f| f.value)
            .all(|v| !v.is_sign_negative())
    });
    if !all_positive {
        return None;
    }
    let totals: Vec<Decimal> = parts
        .iter()
        .map(|r| {
            r.values
                .iter()
                .filter_map(|f| f.value)
                .try_fold(Decimal::ZERO, |sum, v| sum.checked_add(v.abs()))
        })
        .collect::<Option<_>>()?;
    let all = totals
        .iter()
        .try_fold(Decimal::ZERO, |sum, t| sum.checked_add(*t))?;
    let (index, largest) = totals.iter().enumerate().max_by(|a, b| a.1.cmp(b.1))?;
    // Twice the largest beyond a decimal is more than `all`, which fits.
    let doubled = largest.checked_mul(Decimal::from(2));
    doubled.is_none_or(|d| d > all).then_some(index)
}

fn bar_panel(
    scene: &mut Scene,
    context: &Context,
    parts: &[&Row],
    panel: &Panel,
    stacked: bool,
    top: f64,
) -> f64 {
    let columns = &context.block.column_names();
    let shown = &panel.shown;
    let value = |part: usize, column: usize| parts[part].values.get(column).and_then(|f| f.value);

    let (mut low, mut high) = (0.0f64, 0.0f64);
    for c in 0..columns.len() {
        let (mut up, mut down) = (0.0, 0.0);
        for &p in shown {
            let v = value(p, c).map_or(0.0, to_f64);
            if stacked {
                if v >= 0.0 {
                    up += v
                } else {
                    down += v
                }
            } else {
                up = f64::max(up, v);
                down = f64::min(down, v);
            }
        }
        high = high.max(up);
        low = low.min(down);
    }
    // Room above the stacks for their totals: one line, or as many as it
    // takes to set totals wider than a column on alternating lines.
    let count = columns.len().max(1) as f64;
    let slot = Frame::layout(context, top, low, high, true, 0.0).slot(columns.len());
    let total_texts: Vec<Option<String>> = panel
        .totals
        .iter()
        .map(|t| t.map(|t| context.figure(t, context.unit())))
        .collect();
    let widest_total = total_texts
        .iter()
        .flatten()
        .map(|t| text::width(t, SMALL, true))
        .fold(0.0, f64::max);
    // A total wider than its column needs room right of the last: so much
    // that, the plot narrowed by it, the total still ends on the canvas.
    let right_margin = if stacked && widest_total > slot {
        count * (widest_total - slot) / (2.0 * count - 1.0)
    } else {
        0.0
    };
    let slot = slot - right_margin / count;
    // The totals stand above their own stacks when they fit side by side,
    // else on lines of their own above the plot, column by column in turn.
    let levels = ((widest_total + 4.0) / slot).ceil().clamp(1.0, count);
    let top = if !stacked {
        top
    } else if levels == 1.0 {
        top + SMALL * 1.6
    } else {
        // Clear of the top tick label.
        top + levels * SMALL * 1.3 + SMALL * 0.9
    };
    let levels = levels as usize;
    let frame = Frame::layout(context, top, low, high, true, right_margin);
    frame.draw(context, scene);

    for c in 0..columns.len() {
        let center = frame.center(c, columns.len());
        if stacked {
            let width = (slot * 0.6).min(56.0);
            let (mut up, mut down) = (0.0, 0.0);
            for &p in shown {
                let Some(v) = value(p, c) else { continue };
                let v = to_f64(v);
                let (start, end) = if v >= 0.0 {
                    up += v;
                    (up - v, up)
                } else {
                    down += v;
                    (down - v, down)
                };
                let (y0, y1) = (frame.scale.position(start), frame.scale.position(end));
                scene.rect(
                    center - width / 2.0,
                    y0,
                    center + width / 2.0,
                    y1,
                    palette::series(p),
                );
                // A hairline of background between segments keeps them apart
                // in black-and-white print too.
                if (y1 - y0).abs() > 2.0 {
                    scene.line(
                        (center - width / 2.0, y1),
                        (center + width / 2.0, y1),
                        BACKGROUND,
                        1.0,
                    );
                }
            }
            if let Some(Some(text)) = total_texts.get(c) {
                let y = if levels == 1 {
                    frame.scale.position(up) - SMALL * 0.9
                } else {
                    let line = (levels - 1 - c % levels) as f64;
                    top - SMALL * 1.4 - line * SMALL * 1.3
                };
                let label = Label::new(center, y, text.clone(), SMALL, Anchor::Middle).bold();
                let half = label.width() / 2.0;
                let x = on_canvas(center, half);
                scene.text(Label { x, ..label });
            }
        } else {
            let group = slot * 0.8;
            let width = group / shown.len().max(1) as f64;
            for (k, &p) in shown.iter().enumerate() {
                let Some(v) = value(p, c) else { continue };
                let x0 = center - group / 2.0 + k as f64 * width;
                scene.rect(
                    x0 + 0.5,
                    frame.scale.at(Decimal::ZERO),
                    x0 + width - 0.5,
                    frame.scale.at(v),
                    palette::series(p),
                );
            }
        }
    }
    scene.line(
        (frame.left, frame.scale.at(Decimal::ZERO)),
        (frame.right, frame.scale.at(Decimal::ZERO)),
        AXIS,
        1.0,
    );
    frame.column_labels(scene, columns)
}

/// One line per row across the columns, named in a legend above the plot
/// and told apart by colour and dash. When every figure is far from zero
/// the value axis starts near them, so that a change is not flattened.
pub fn lines(context: &Context) -> Scene {
    let block = context.block;
    let rows: Vec<&Row> = block
        .rows
        .iter()
        .filter(|r| !r.heading && context.same_unit(r))
        .collect();
    let mut scene = Scene::new(WIDTH);
    let y = title(&mut scene, context);
    let entries: Vec<Entry> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| Entry {
            name: r.label.clone(),
            paint: palette::series(i),
            line: Some(palette::dash(i)),
        })
        .collect();
    let y = legend(&mut scene, y, &entries);
    let values = rows
        .iter()
        .flat_map(|r| r.values.iter().filter_map(|f| f.value))
        .map(to_f64);
    let low = values.clone().fold(f64::INFINITY, f64::min);
    let high = values.fold(f64::NEG_INFINITY, f64::max);
    let (low, high) = if low <= high { (low, high) } else { (0.0, 0.0) };
    let frame = Frame::new(context, &mut scene, y + SMALL * 0.6, low, high, false);
    let count = block.columns.len();
    frame.column_ticks(&mut scene, count);

    for (i, row) in rows.iter().enumerate() {
        let paint = palette::series(i);
        let points: Vec<(f64, f64)> = row
            .values
            .iter()
            .enumerate()
            .filter_map(|(c, f)| Some((frame.center(c, count), frame.scale.at(f.value?))))
            .collect();
        for pair in points.windows(2) {
            scene.dashed_line(pair[0], pair[1], paint, 2.5, palette::dash(i));
        }
        for &(x, y) in &points {
            scene.rect(x - 3.0, y - 3.0, x + 3.0, y + 3.0, paint);
        }
    }
    let y = frame.column_labels(&mut scene, &block.column_names());
    let y = unit_line(&mut scene, context, y);
    scene.height = y + PAD;
    scene
}
