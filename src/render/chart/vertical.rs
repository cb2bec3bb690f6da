//! Charts with the columns (years) along the bottom: stacked and grouped
//! bars, and lines.

use rust_decimal::Decimal;

use super::axis::{self, Scale};
use super::palette;
use super::scene::{Anchor, Label, Scene, AXIS, GRID, MUTED, WHITE};
use super::{
    legend, text, title, to_f64, Context, LeftOut, Total, FONT, MIN_PLOT, PAD, SMALL, WIDTH,
};
use crate::budget::{Block, Derivation, Row};
use crate::render::format;

const PLOT_HEIGHT: f64 = 220.0;

/// The frame shared by the vertical charts: a value axis on the left with
/// gridlines, and the column names under the plot.
struct Frame {
    scale: Scale,
    left: f64,
    right: f64,
    bottom: f64,
}

impl Frame {
    fn new(
        context: &Context,
        scene: &mut Scene,
        top: f64,
        low: f64,
        high: f64,
        right_margin: f64,
    ) -> Frame {
        let bottom = top + PLOT_HEIGHT;
        // The widest tick label decides where the plot starts.
        let probe = axis::scale(low, high, bottom, top, false, context.language, SMALL);
        let tick_width = probe
            .ticks
            .iter()
            .map(|t| text::width(&format::number(*t, context.language), SMALL, false))
            .fold(0.0, f64::max);
        let right = WIDTH - PAD - right_margin;
        // Tick labels of thirty digits leave no room: the plot keeps some,
        // and the widest labels are clipped at the canvas edge.
        let left = (PAD + tick_width + 6.0).min(right - MIN_PLOT);
        let scale = Scale { ..probe };
        for tick in &scale.ticks {
            let y = scale.at(*tick);
            let color = if tick.is_zero() { AXIS } else { GRID };
            scene.line((left, y), (right, y), color, 1.0);
            scene.text(
                Label::new(
                    left - 6.0,
                    y,
                    format::number(*tick, context.language),
                    SMALL,
                    Anchor::End,
                )
                .color(MUTED),
            );
        }
        Frame {
            scale,
            left,
            right,
            bottom,
        }
    }

    fn slot(&self, count: usize) -> f64 {
        (self.right - self.left) / count.max(1) as f64
    }

    fn center(&self, index: usize, count: usize) -> f64 {
        self.left + self.slot(count) * (index as f64 + 0.5)
    }

    /// Column names under the plot, wrapped to their slot; returns the y below.
    fn column_labels(&self, scene: &mut Scene, columns: &[String]) -> f64 {
        let mut lowest = self.bottom;
        for (i, column) in columns.iter().enumerate() {
            let x = self.center(i, columns.len());
            let lines = text::wrap(column, SMALL, false, self.slot(columns.len()) - 6.0);
            for (j, line) in lines.iter().enumerate() {
                let y = self.bottom + 12.0 + j as f64 * SMALL * 1.25;
                scene.text(Label::new(x, y, line.clone(), SMALL, Anchor::Middle));
                lowest = lowest.max(y + SMALL * 0.6);
            }
        }
        lowest + 6.0
    }
}

fn unit_line(scene: &mut Scene, context: &Context, y: f64) -> f64 {
    match context.unit_caption() {
        Some(caption) => {
            scene
                .text(Label::new(PAD, y + SMALL * 0.6, caption, SMALL, Anchor::Start).color(MUTED));
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
pub(super) fn panels(block: &Block, stacked: bool) -> Result<Vec<Panel>, LeftOut> {
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
    block: &Block,
    parts: &[&Row],
    shown: &[usize],
    stacked: bool,
    stated_totals: bool,
) -> Result<Vec<Option<Decimal>>, LeftOut> {
    if !stacked {
        return Ok(Vec::new());
    }
    let stated_sum = super::first_sum(block).map(|(_, r)| r);
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
        .map(|(i, r)| (r.label.clone(), palette::series(i)))
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
    let top = top + if stacked { SMALL * 1.6 } else { 0.0 };
    let frame = Frame::new(context, scene, top, low, high, 0.0);
    let slot = frame.slot(columns.len());

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
                        WHITE,
                        1.0,
                    );
                }
            }
            if let Some(total) = panel.totals.get(c).copied().flatten() {
                let y = frame.scale.position(up) - SMALL * 0.9;
                let text = context.figure(total, context.unit());
                scene.text(Label::new(center, y, text, SMALL, Anchor::Middle).bold());
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

/// One line per row across the columns, each labelled at its end.
pub fn lines(context: &Context) -> Scene {
    let block = context.block;
    let rows: Vec<&Row> = block
        .rows
        .iter()
        .filter(|r| !r.heading && context.same_unit(r))
        .collect();
    let mut scene = Scene::new(WIDTH);
    let y = title(&mut scene, context);
    let values = rows
        .iter()
        .flat_map(|r| r.values.iter().filter_map(|f| f.value))
        .map(to_f64);
    let low = values.clone().fold(0.0, f64::min);
    let high = values.fold(0.0, f64::max);
    let label_width = rows
        .iter()
        .map(|r| {
            text::width(
                &r.label,
                SMALL,
                matches!(r.derivation, Some(Derivation::Sum { .. })),
            )
        })
        .fold(0.0, f64::max)
        .min(WIDTH * 0.42);
    let frame = Frame::new(
        context,
        &mut scene,
        y + SMALL,
        low,
        high,
        label_width + 22.0,
    );
    let count = block.columns.len();

    let mut ends = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let color = palette::series(i);
        let points: Vec<(f64, f64)> = row
            .values
            .iter()
            .enumerate()
            .filter_map(|(c, f)| Some((frame.center(c, count), frame.scale.at(f.value?))))
            .collect();
        for pair in points.windows(2) {
            scene.line(pair[0], pair[1], color, 2.5);
        }
        for &(x, y) in &points {
            scene.rect(x - 3.0, y - 3.0, x + 3.0, y + 3.0, color);
        }
        if let Some(&(x, y)) = points.last() {
            ends.push((y, x, i));
        }
    }
    // End labels in the order of their lines' ends, pushed apart where close.
    ends.sort_by(|a, b| a.0.total_cmp(&b.0));
    let gap = SMALL * 1.3;
    let mut placed: Vec<f64> = Vec::new();
    for (k, &(y, _, _)) in ends.iter().enumerate() {
        let y = if k == 0 {
            y
        } else {
            y.max(placed[k - 1] + gap)
        };
        placed.push(y);
    }
    if let Some(&last) = placed.last() {
        let overflow = last - frame.bottom;
        if overflow > 0.0 {
            for y in &mut placed {
                *y -= overflow;
            }
        }
    }
    for (&(_, x, i), &y) in ends.iter().zip(&placed) {
        let row = rows[i];
        let x = x.max(frame.right) + 8.0;
        scene.line((x, y), (x + 10.0, y), palette::series(i), 2.5);
        let label = text::truncate(&row.label, SMALL, false, WIDTH - PAD - x - 14.0);
        scene.text(Label::new(x + 14.0, y, label, SMALL, Anchor::Start));
    }
    let y = frame.column_labels(&mut scene, &block.column_names());
    let y = unit_line(&mut scene, context, y);
    scene.height = y + PAD;
    scene
}
