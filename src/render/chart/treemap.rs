//! A treemap: the parts of one column as areas of a rectangle, each in
//! proportion to its figure, so that a reader sees where each krona goes.
//! Squarified (Bruls, Huizing and van Wijk, 2000): the largest parts first,
//! laid in strips that keep each rectangle as near a square as they can, so
//! that areas stay comparable by eye.
//!
//! Each part is a group a reader can focus, named by its label, figure and
//! share. A part whose label, figure and share do not fit inside it gets a
//! number, and is listed under the map with them; so is a part of no area
//! (a zero or a missing figure). Floats are for geometry only: figures and
//! shares are computed as decimals.

use rust_decimal::Decimal;

use super::scene::{Anchor, Label, Paint, Scene, MUTED};
use super::{palette, text, title, Context, LeftOut, Total, PAD, SMALL, WIDTH};
use crate::budget::{Row, Table};
use crate::load::Negatives;
use crate::render::format;

/// A little taller than wide, so that the largest part lies across the
/// whole width, where long names fit.
const MAP_HEIGHT: f64 = 340.0;
/// Space between neighbouring parts: half on each side of a rectangle.
const GAP: f64 = 1.0;
/// Text inside a part keeps this far from its edges.
const INSET: f64 = 4.0;
const LINE: f64 = SMALL * 1.25;
const SWATCH: f64 = 11.0;

/// A row of the column the treemap draws.
struct Part<'a> {
    row: &'a Row,
    /// `None` for no figure.
    value: Option<Decimal>,
    /// The figure as the table writes it.
    figure: String,
    /// Its share of the whole, `37,0 %`.
    share: Option<String>,
    /// Written as a dash alone.
    nil: bool,
}

impl Part<'_> {
    fn has_area(&self) -> bool {
        self.value.is_some_and(|v| v > Decimal::ZERO)
    }

    /// `Socialnämnden: 266 636 tkr (8,7 %)`.
    fn name(&self, unit: Option<&str>) -> String {
        let mut name = format!("{}: {}", self.row.label, self.figure);
        if let Some(unit) = unit.filter(|u| *u != "%" && self.value.is_some() && !self.nil) {
            name.push(' ');
            name.push_str(unit);
        }
        if let Some(share) = &self.share {
            name.push_str(&format!(" ({share})"));
        }
        name
    }
}

/// The sum of the parts the treemap draws as areas; fails when it is
/// beyond the largest decimal.
pub(super) fn total(block: &Table) -> Result<Decimal, LeftOut> {
    super::parts(block)
        .iter()
        .filter_map(|r| r.values.first()?.value)
        .filter(|v| *v > Decimal::ZERO)
        .try_fold(Decimal::ZERO, Decimal::checked_add)
        .ok_or(LeftOut {
            total: Total::Stack,
            column: 0,
        })
}

/// What the shares are of: the total that adds up every part drawn, as in
/// the table's share column (the outermost, past subtotals), or the sum of
/// the parts when no one total of the block does.
fn whole(context: &Context) -> Result<Decimal, LeftOut> {
    let stated = context
        .total_of_parts()
        .and_then(|(_, row)| row.values.first()?.value)
        .filter(|v| *v > Decimal::ZERO);
    match stated {
        Some(stated) => Ok(stated),
        None => total(context.block),
    }
}

fn percent(value: Decimal, language: crate::load::Language) -> String {
    let mut rounded = value.round_dp(1);
    rounded.rescale(1);
    format::figure(rounded, Some("%"), language)
}

/// The parts, largest first (in table order where equal).
fn parts<'a>(context: &'a Context) -> Result<Vec<Part<'a>>, LeftOut> {
    let whole = whole(context)?;
    let mut parts: Vec<Part> = context
        .parts()
        .into_iter()
        .filter_map(|row| {
            let figure = row.values.first()?;
            let value = figure.value;
            let share = value
                .filter(|_| !whole.is_zero())
                .and_then(|v| v.checked_div(whole))
                .and_then(|s| s.checked_mul(Decimal::ONE_HUNDRED))
                .map(|s| percent(s, context.language));
            Some(Part {
                row,
                value,
                figure: format::stated(
                    figure,
                    (row, 0),
                    context.block,
                    context.language,
                    Negatives::Minus,
                )
                .unwrap_or_else(|| "..".into()),
                share,
                nil: figure.nil,
            })
        })
        .collect();
    // A stable sort keeps the table's order among equals.
    parts.sort_by(|a, b| {
        b.value
            .unwrap_or_default()
            .cmp(&a.value.unwrap_or_default())
    });
    Ok(parts)
}

/// The shares in words, largest first: `Barn- och ungdomsnämnden 37,0 %, …`.
pub(super) fn shares(context: &Context) -> Option<String> {
    let parts = parts(context).ok()?;
    let listed: Vec<String> = parts
        .iter()
        .filter_map(|p| Some(format!("{} {}", p.row.label, p.share.as_ref()?)))
        .collect();
    (!listed.is_empty()).then(|| listed.join(", "))
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// The worst aspect ratio of a strip of `areas` along a side `side` long.
fn worst(areas: &[f64], side: f64) -> f64 {
    let sum: f64 = areas.iter().sum();
    let (side2, sum2) = (side * side, sum * sum);
    areas
        .iter()
        .map(|&a| (side2 * a / sum2).max(sum2 / (side2 * a)))
        .fold(0.0, f64::max)
}

/// Rectangles for `values` (positive, largest first) that fill `frame`,
/// each with an area in proportion to its value, in the same order.
pub(crate) fn squarify(values: &[f64], frame: Rect) -> Vec<Rect> {
    let sum: f64 = values.iter().sum();
    if values.is_empty() || sum <= 0.0 {
        return Vec::new();
    }
    let scale = frame.width * frame.height / sum;
    let areas: Vec<f64> = values.iter().map(|v| v * scale).collect();
    let mut free = frame;
    let mut out = Vec::with_capacity(values.len());
    let mut start = 0;
    while start < areas.len() {
        let side = free.width.min(free.height);
        let mut end = start + 1;
        while end < areas.len()
            && worst(&areas[start..=end], side) <= worst(&areas[start..end], side)
        {
            end += 1;
        }
        let strip: f64 = areas[start..end].iter().sum();
        // The last strip takes what is left, whatever rounding left.
        let last = end == areas.len();
        if free.width >= free.height {
            // A column at the left, parts from top to bottom.
            let width = if last {
                free.width
            } else {
                strip / free.height
            };
            let mut y = free.y;
            for &area in &areas[start..end] {
                let height = area / strip * free.height;
                out.push(Rect {
                    x: free.x,
                    y,
                    width,
                    height,
                });
                y += height;
            }
            free.x += width;
            free.width -= width;
        } else {
            // A row at the top, parts from left to right.
            let height = if last {
                free.height
            } else {
                strip / free.width
            };
            let mut x = free.x;
            for &area in &areas[start..end] {
                let width = area / strip * free.width;
                out.push(Rect {
                    x,
                    y: free.y,
                    width,
                    height,
                });
                x += width;
            }
            free.y += height;
            free.height -= height;
        }
        start = end;
    }
    out
}

/// The lines a part's label, figure and share take inside `rect`, or
/// `None` when they do not fit.
fn inside(part: &Part, rect: Rect) -> Option<Vec<String>> {
    let room = rect.width - 2.0 * (GAP + INSET);
    if room <= 0.0 {
        return None;
    }
    let mut lines = text::wrap(&part.row.label, SMALL, false, room);
    lines.push(part.figure.clone());
    lines.extend(part.share.clone());
    let fits = lines.iter().all(|l| text::width(l, SMALL, false) <= room)
        && lines.len() as f64 * LINE + 2.0 * (GAP + INSET) <= rect.height;
    fits.then_some(lines)
}

/// The treemap of the first column of the block's chart view.
pub fn treemap(context: &Context) -> Result<Scene, LeftOut> {
    let parts = parts(context)?;
    let unit = context.unit();
    let mut scene = Scene::new(WIDTH);
    let mut y = title(&mut scene, context);
    // The column drawn, and the unit in its own words.
    let mut caption = context.block.column_name(0);
    if let Some(unit) = context.unit_caption() {
        caption = format!("{caption} \u{b7} {unit}");
    }
    for line in text::wrap(&caption, SMALL, false, WIDTH - 2.0 * PAD) {
        scene.text(Label::new(PAD, y + SMALL * 0.6, line, SMALL, Anchor::Start).paint(MUTED));
        y += LINE;
    }
    y += 4.0;

    let drawn: Vec<&Part> = parts.iter().filter(|p| p.has_area()).collect();
    let values: Vec<f64> = drawn
        .iter()
        .map(|p| super::to_f64(p.value.unwrap_or_default()))
        .collect();
    let frame = Rect {
        x: PAD,
        y,
        width: WIDTH - 2.0 * PAD,
        height: MAP_HEIGHT,
    };
    let rects = squarify(&values, frame);
    // Parts listed under the map: those too small for their text, with the
    // number they carry when it fits, then those of no area.
    let mut listed: Vec<(Option<usize>, Option<Paint>, &Part)> = Vec::new();
    let mut number = 0;
    for (i, (part, rect)) in drawn.iter().zip(&rects).enumerate() {
        let fill = palette::series(i);
        scene.group(part.name(unit));
        scene.rect(
            rect.x + GAP,
            rect.y + GAP,
            rect.x + rect.width - GAP,
            rect.y + rect.height - GAP,
            fill,
        );
        match inside(part, *rect) {
            Some(lines) => {
                for (j, line) in lines.into_iter().enumerate() {
                    let label = Label::new(
                        rect.x + GAP + INSET,
                        rect.y + GAP + INSET + SMALL * 0.6 + j as f64 * LINE,
                        line,
                        SMALL,
                        Anchor::Start,
                    )
                    .paint(Paint::OnSeries(i));
                    scene.text(label);
                }
            }
            None => {
                number += 1;
                let marker = Label::new(
                    rect.x + rect.width / 2.0,
                    rect.y + rect.height / 2.0,
                    number.to_string(),
                    SMALL,
                    Anchor::Middle,
                )
                .paint(Paint::OnSeries(i));
                let b = marker.bounding_box();
                let shown = b.left >= rect.x + GAP
                    && b.right <= rect.x + rect.width - GAP
                    && b.top >= rect.y + GAP
                    && b.bottom <= rect.y + rect.height - GAP;
                if shown {
                    scene.text(marker);
                }
                listed.push((shown.then_some(number), Some(fill), part));
            }
        }
        scene.end();
    }
    y += MAP_HEIGHT + 8.0;
    listed.extend(
        parts
            .iter()
            .filter(|p| !p.has_area())
            .map(|p| (None, None, p)),
    );
    if !listed.is_empty() {
        let heading = context.strings.get("chart-treemap-listed");
        scene.text(Label::new(PAD, y + SMALL * 0.6, heading, SMALL, Anchor::Start).bold());
        y += LINE + 2.0;
        for (marker, fill, part) in listed {
            let mut entry = part.name(unit);
            if let Some(marker) = marker {
                entry = format!("{marker}. {entry}");
            }
            let left = PAD + SWATCH + 5.0;
            if let Some(fill) = fill {
                scene.rect(
                    PAD,
                    y + SMALL * 0.6 - SWATCH / 2.0,
                    PAD + SWATCH,
                    y + SMALL * 0.6 + SWATCH / 2.0,
                    fill,
                );
            }
            for line in text::wrap(&entry, SMALL, false, WIDTH - PAD - left) {
                scene.text(Label::new(
                    left,
                    y + SMALL * 0.6,
                    line,
                    SMALL,
                    Anchor::Start,
                ));
                y += LINE;
            }
            y += 3.0;
        }
    }
    scene.height = y + PAD;
    Ok(scene)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Rect {
        Rect {
            x: 0.0,
            y: 0.0,
            width: 300.0,
            height: 200.0,
        }
    }

    #[test]
    fn areas_are_in_proportion_and_fill_the_frame() {
        let values = [6.0, 6.0, 4.0, 3.0, 2.0, 2.0, 1.0];
        let rects = squarify(&values, frame());
        assert_eq!(rects.len(), values.len());
        let sum: f64 = values.iter().sum();
        for (value, rect) in values.iter().zip(&rects) {
            let area = rect.width * rect.height;
            let expected = value / sum * 300.0 * 200.0;
            assert!((area - expected).abs() < 1e-6, "{area} {expected}");
            assert!(rect.x >= 0.0 && rect.x + rect.width <= 300.0 + 1e-9);
            assert!(rect.y >= 0.0 && rect.y + rect.height <= 200.0 + 1e-9);
        }
        // No two overlap.
        for (i, a) in rects.iter().enumerate() {
            for b in &rects[i + 1..] {
                let apart = a.x + a.width <= b.x + 1e-9
                    || b.x + b.width <= a.x + 1e-9
                    || a.y + a.height <= b.y + 1e-9
                    || b.y + b.height <= a.y + 1e-9;
                assert!(apart, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn rectangles_stay_near_square() {
        // The example of Bruls et al.: every aspect ratio at most 3.
        let rects = squarify(&[6.0, 6.0, 4.0, 3.0, 2.0, 2.0, 1.0], frame());
        for r in rects {
            let ratio = (r.width / r.height).max(r.height / r.width);
            assert!(ratio <= 3.0, "{r:?}");
        }
    }

    #[test]
    fn nothing_to_draw_draws_nothing() {
        assert!(squarify(&[], frame()).is_empty());
    }
}
