//! Drawing a scene with plotters' SVG backend, then making the document
//! accessible and scalable: plotters writes a fixed width and height and has
//! no hook for `<title>`, `<desc>` or ARIA, so the root element is replaced.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::scene::{self, Anchor, Item, Scene};
use crate::render::escape_html;

const FONT_FAMILY: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

fn rgb(scene::Color(r, g, b): scene::Color) -> RGBColor {
    RGBColor(r, g, b)
}

/// A canvas coordinate in whole pixels. Layouts keep shapes near the
/// canvas; this bound keeps plotters' integer arithmetic from overflowing
/// whatever they compute.
fn pixel(value: f64) -> i32 {
    value.clamp(-1e6, 1e6).round() as i32
}

fn draw_items(buffer: &mut String, scene: &Scene) -> Result<(), String> {
    let size = (scene.width.ceil() as u32, scene.height.ceil() as u32);
    let root = SVGBackend::with_string(buffer, size).into_drawing_area();
    root.fill(&rgb(scene::WHITE)).map_err(|e| e.to_string())?;
    for item in &scene.items {
        let result = match item {
            Item::Rect {
                x,
                y,
                width,
                height,
                fill,
            } => root.draw(&Rectangle::new(
                [
                    (pixel(*x), pixel(*y)),
                    (pixel(x + width), pixel(y + height)),
                ],
                rgb(*fill).filled(),
            )),
            Item::Line {
                from,
                to,
                color,
                width,
            } => root.draw(&PathElement::new(
                vec![(pixel(from.0), pixel(from.1)), (pixel(to.0), pixel(to.1))],
                rgb(*color).stroke_width(width.round().max(1.0) as u32),
            )),
            Item::Text(label) => {
                let anchor = match label.anchor {
                    Anchor::Start => HPos::Left,
                    Anchor::Middle => HPos::Center,
                    Anchor::End => HPos::Right,
                };
                let weight = if label.bold {
                    FontStyle::Bold
                } else {
                    FontStyle::Normal
                };
                // plotters writes font-size as size / 1.24.
                let font = FontDesc::new(FontFamily::Name(FONT_FAMILY), label.size * 1.24, weight);
                let color = rgb(label.color);
                let style = TextStyle::from(font)
                    .color(&color)
                    .pos(Pos::new(anchor, VPos::Center));
                root.draw(&Text::new(
                    label.text.clone(),
                    (pixel(label.x), pixel(label.y)),
                    style,
                ))
            }
        };
        result.map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())
}

/// plotters divides the font size by 1.24, which leaves float noise such as
/// `13.000000000000002`; round it away.
fn round_font_sizes(svg: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(KEY) {
        let start = i + KEY.len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('"').unwrap_or(0);
        match rest[..end].parse::<f64>() {
            Ok(size) => out.push_str(&format!("{}", (size * 100.0).round() / 100.0)),
            Err(_) => out.push_str(&rest[..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The chart as a standalone SVG document that can also be inlined in HTML.
/// `id` prefixes the ids of its title and description (unique on the page).
pub fn draw(scene: &Scene, id: &str, title: &str, description: &str) -> String {
    let mut buffer = String::new();
    if let Err(message) = draw_items(&mut buffer, scene) {
        // Drawing into a String cannot fail on I/O; keep whatever was drawn.
        buffer.push_str(&format!("<!-- {} -->", escape_html(&message)));
    }
    let buffer = round_font_sizes(&buffer);
    let body = match buffer.find('>') {
        Some(end) if buffer.starts_with("<svg") => &buffer[end + 1..],
        _ => buffer.as_str(),
    };
    let (width, height) = (scene.width.ceil(), scene.height.ceil());
    let id = escape_html(id);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>{body}",
        escape_html(title),
        escape_html(description),
    )
}
