//! Writing a scene as an SVG document: scalable (a viewBox, no fixed size),
//! accessible (`role="img"`, named by its `<title>`, described by its
//! `<desc>`; a chart with parts to focus, such as a treemap, is a
//! `role="group"` of them, each an image named by its own `<title>`), and painted by class, so that the page's style sheet can
//! colour it for the dark scheme. Each painted element also carries its
//! light colour as a presentation attribute, which the SVG file uses on its
//! own. No `style` attribute or element: the page's Content-Security-Policy
//! (`style-src 'self'`) refuses inline styles.

use std::fmt::Write;

use super::scene::{Anchor, Item, Label, Paint, Scene, BACKGROUND, TEXT};
use super::SMALL;
use crate::render::escape_html;

const FONT_FAMILY: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

/// A coordinate with at most one decimal. Layouts keep shapes near the
/// canvas; the bound keeps whatever they compute a short number.
fn number(value: f64) -> String {
    let rounded = (value.clamp(-1e6, 1e6) * 10.0).round() / 10.0;
    if rounded == 0.0 || rounded.is_nan() {
        "0".into()
    } else {
        format!("{rounded}")
    }
}

/// ` class="c-s1" fill="#2a8cc4"` (or `stroke`): the class for the page's
/// style sheet and the light colour for the file on its own.
fn paint(out: &mut String, attribute: &str, paint: Paint) {
    let _ = write!(
        out,
        " class=\"{}\" {attribute}=\"{}\"",
        paint.class(),
        paint.light().hex()
    );
}

fn text(out: &mut String, label: &Label) {
    // `y` is the text's middle; the baseline is about a third of the size
    // below it.
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\"",
        number(label.x),
        number(label.y + label.size * 0.35)
    );
    match label.anchor {
        Anchor::Start => {}
        Anchor::Middle => out.push_str(" text-anchor=\"middle\""),
        Anchor::End => out.push_str(" text-anchor=\"end\""),
    }
    if label.size != SMALL {
        let _ = write!(out, " font-size=\"{}\"", number(label.size));
    }
    if label.bold {
        out.push_str(" font-weight=\"bold\"");
    }
    // Text inherits the root's colour.
    if label.paint != TEXT {
        paint(out, "fill", label.paint);
    }
    let _ = writeln!(out, ">{}</text>", escape_html(&label.text));
}

fn item(out: &mut String, item: &Item) {
    match item {
        Item::Rect {
            x,
            y,
            width,
            height,
            fill,
        } => {
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
                number(*x),
                number(*y),
                number(*width),
                number(*height)
            );
            paint(out, "fill", *fill);
            out.push_str("/>\n");
        }
        Item::Line {
            from,
            to,
            paint: line_paint,
            width,
            dash,
        } => {
            let _ = write!(
                out,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"",
                number(from.0),
                number(from.1),
                number(to.0),
                number(to.1)
            );
            paint(out, "stroke", *line_paint);
            if *width != 1.0 {
                // Round ends join the segments of a thick line.
                let _ = write!(
                    out,
                    " stroke-width=\"{}\" stroke-linecap=\"round\"",
                    number(*width)
                );
            }
            if !dash.is_empty() {
                let _ = write!(out, " stroke-dasharray=\"{dash}\"");
            }
            out.push_str("/>\n");
        }
        Item::Text(label) => text(out, label),
        // A part a reader can focus and hear named: its title says what its
        // shapes and labels show.
        Item::Group { title } => {
            let _ = writeln!(
                out,
                "<g class=\"part\" tabindex=\"0\" role=\"img\">\n<title>{}</title>",
                escape_html(title)
            );
        }
        Item::End => out.push_str("</g>\n"),
    }
}

/// The chart as a standalone SVG document that can also be inlined in HTML.
/// `id` prefixes the ids of its title and description (unique on the page).
pub fn draw(scene: &Scene, id: &str, title: &str, description: &str) -> String {
    let (width, height) = (scene.width.ceil(), scene.height.ceil());
    let id = escape_html(id);
    // An image's children are hidden from assistive technology, so a chart
    // with parts to focus is a group of them, named and described alike.
    let role = if scene.items.iter().any(|i| matches!(i, Item::Group { .. })) {
        "group"
    } else {
        "img"
    };
    let mut out = String::with_capacity(200 + scene.items.len() * 90);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         class=\"chart\" role=\"{role}\" aria-labelledby=\"{id}-title\" \
         aria-describedby=\"{id}-desc\" font-family=\"{}\" font-size=\"{}\" fill=\"{}\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n\
         <rect width=\"100%\" height=\"100%\"",
        escape_html(FONT_FAMILY),
        number(SMALL),
        TEXT.light().hex(),
        escape_html(title),
        escape_html(description),
    );
    paint(&mut out, "fill", BACKGROUND);
    out.push_str("/>\n");
    for shape in &scene.items {
        item(&mut out, shape);
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_short_numbers() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(12.345), "12.3");
        assert_eq!(number(-0.01), "0");
        assert_eq!(number(f64::MAX), "1000000");
        assert_eq!(number(f64::NAN), "0");
    }
}
