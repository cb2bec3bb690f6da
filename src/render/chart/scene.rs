//! A chart as a list of shapes and labels in canvas coordinates: computed by
//! the layouts, checked by the tests (labels must not overlap or leave the
//! canvas), drawn by `svg.rs`.

use super::palette;
use super::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color(pub u8, pub u8, pub u8);

/// What a shape or text is painted with: a role rather than a colour, so
/// that the page's style sheet can give each role its colour in the light
/// and the dark scheme (see [`palette`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Text,
    /// Tick labels and the axis title.
    Muted,
    Axis,
    Grid,
    Background,
    /// The nth series colour, from 0; it repeats after the last.
    Series(usize),
    /// Text on the nth series colour.
    OnSeries(usize),
}

pub const TEXT: Paint = Paint::Text;
pub const MUTED: Paint = Paint::Muted;
pub const GRID: Paint = Paint::Grid;
pub const AXIS: Paint = Paint::Axis;
pub const BACKGROUND: Paint = Paint::Background;

impl Paint {
    /// The class the page's style sheet colours this paint by.
    pub fn class(self) -> String {
        match self {
            Paint::Text => "c-text".into(),
            Paint::Muted => "c-muted".into(),
            Paint::Axis => "c-axis".into(),
            Paint::Grid => "c-grid".into(),
            Paint::Background => "c-bg".into(),
            Paint::Series(n) => format!("c-s{}", n % palette::SERIES.len() + 1),
            Paint::OnSeries(n) => format!("c-on-s{}", n % palette::SERIES.len() + 1),
        }
    }

    /// The colour in the light scheme, which the SVG file carries itself.
    pub fn light(self) -> Color {
        palette::LIGHT.colour(self)
    }

    pub fn dark(self) -> Color {
        palette::DARK.colour(self)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A line of text; `y` is its vertical middle.
#[derive(Debug, Clone)]
pub struct Label {
    pub x: f64,
    pub y: f64,
    pub text: String,
    pub size: f64,
    pub anchor: Anchor,
    pub bold: bool,
    pub paint: Paint,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl BoundingBox {
    pub fn overlaps(&self, other: &BoundingBox) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }
}

impl Label {
    pub fn new(x: f64, y: f64, text: impl Into<String>, size: f64, anchor: Anchor) -> Label {
        Label {
            x,
            y,
            text: text.into(),
            size,
            anchor,
            bold: false,
            paint: TEXT,
        }
    }

    pub fn bold(mut self) -> Label {
        self.bold = true;
        self
    }

    pub fn paint(mut self, paint: Paint) -> Label {
        self.paint = paint;
        self
    }

    pub fn width(&self) -> f64 {
        text::width(&self.text, self.size, self.bold)
    }

    /// The space the text takes, from its measured advance widths and a line
    /// height of 1.2 × the font size.
    pub fn bounding_box(&self) -> BoundingBox {
        let width = self.width();
        let left = match self.anchor {
            Anchor::Start => self.x,
            Anchor::Middle => self.x - width / 2.0,
            Anchor::End => self.x - width,
        };
        BoundingBox {
            left,
            top: self.y - self.size * 0.6,
            right: left + width,
            bottom: self.y + self.size * 0.6,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Item {
    Rect {
        x: f64,
        y: f64,
        width: f64,
        height: f64,
        fill: Paint,
    },
    Line {
        from: (f64, f64),
        to: (f64, f64),
        paint: Paint,
        width: f64,
        /// Dash and gap lengths (`"6 3"`); solid when empty.
        dash: &'static str,
    },
    Text(Label),
    /// The items up to the matching [`Item::End`] are one part of the
    /// chart that a reader can focus, named by `title` (a treemap's part
    /// with its figure and share).
    Group {
        title: String,
    },
    End,
}

#[derive(Debug, Clone)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    pub items: Vec<Item>,
    /// Where a value axis that does not start at zero starts.
    pub axis_break: Option<rust_decimal::Decimal>,
}

impl Scene {
    pub fn new(width: f64) -> Scene {
        Scene {
            width,
            height: 0.0,
            items: Vec::new(),
            axis_break: None,
        }
    }

    /// A rectangle between two corners given in any order.
    pub fn rect(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, fill: Paint) {
        self.items.push(Item::Rect {
            x: x0.min(x1),
            y: y0.min(y1),
            width: (x1 - x0).abs(),
            height: (y1 - y0).abs(),
            fill,
        });
    }

    pub fn line(&mut self, from: (f64, f64), to: (f64, f64), paint: Paint, width: f64) {
        self.dashed_line(from, to, paint, width, "");
    }

    pub fn dashed_line(
        &mut self,
        from: (f64, f64),
        to: (f64, f64),
        paint: Paint,
        width: f64,
        dash: &'static str,
    ) {
        self.items.push(Item::Line {
            from,
            to,
            paint,
            width,
            dash,
        });
    }

    pub fn text(&mut self, label: Label) {
        self.items.push(Item::Text(label));
    }

    /// Starts a focusable part named `title`; [`Scene::end`] closes it.
    pub fn group(&mut self, title: String) {
        self.items.push(Item::Group { title });
    }

    pub fn end(&mut self) {
        self.items.push(Item::End);
    }

    pub fn labels(&self) -> impl Iterator<Item = &Label> {
        self.items.iter().filter_map(|i| match i {
            Item::Text(l) => Some(l),
            _ => None,
        })
    }
}
