//! A chart as a list of shapes and labels in canvas coordinates: computed by
//! the layouts, checked by the tests (labels must not overlap or leave the
//! canvas), drawn by `svg.rs`.

use super::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color(pub u8, pub u8, pub u8);

pub const TEXT: Color = Color(0x1a, 0x1a, 0x1a);
pub const MUTED: Color = Color(0x55, 0x55, 0x55);
pub const GRID: Color = Color(0xd0, 0xd0, 0xd0);
pub const AXIS: Color = Color(0x1a, 0x1a, 0x1a);
pub const WHITE: Color = Color(0xff, 0xff, 0xff);

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
    pub color: Color,
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
            color: TEXT,
        }
    }

    pub fn bold(mut self) -> Label {
        self.bold = true;
        self
    }

    pub fn color(mut self, color: Color) -> Label {
        self.color = color;
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
        fill: Color,
    },
    Line {
        from: (f64, f64),
        to: (f64, f64),
        color: Color,
        width: f64,
    },
    Text(Label),
}

#[derive(Debug, Clone)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    pub items: Vec<Item>,
}

impl Scene {
    pub fn new(width: f64) -> Scene {
        Scene {
            width,
            height: 0.0,
            items: Vec::new(),
        }
    }

    /// A rectangle between two corners given in any order.
    pub fn rect(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, fill: Color) {
        self.items.push(Item::Rect {
            x: x0.min(x1),
            y: y0.min(y1),
            width: (x1 - x0).abs(),
            height: (y1 - y0).abs(),
            fill,
        });
    }

    pub fn line(&mut self, from: (f64, f64), to: (f64, f64), color: Color, width: f64) {
        self.items.push(Item::Line {
            from,
            to,
            color,
            width,
        });
    }

    pub fn text(&mut self, label: Label) {
        self.items.push(Item::Text(label));
    }

    pub fn labels(&self) -> impl Iterator<Item = &Label> {
        self.items.iter().filter_map(|i| match i {
            Item::Text(l) => Some(l),
            _ => None,
        })
    }
}
