//! Chart colours in the light and the dark scheme. Series alternate between
//! medium tones and tones far from the background (very dark on white, very
//! light on black), so that every colour has at least 3:1 contrast against
//! the background and against its neighbours (WCAG 1.4.11), hues are told
//! apart with the common colour-vision deficiencies, and adjacent series
//! stay distinct when printed in black and white.
//!
//! A chart's SVG carries the light colours as presentation attributes and
//! the classes of [`Paint::class`]; the page's style sheet
//! (`templates/budgetbook.css`) colours the classes from its `--chart-*`
//! variables, falling back to these colours in each scheme.

use super::scene::{Color, Paint};

/// The colours of one scheme.
pub struct Scheme {
    pub text: Color,
    pub muted: Color,
    pub axis: Color,
    pub grid: Color,
    pub background: Color,
    pub series: [Color; 10],
    /// Text on each series colour (a treemap's labels), with at least
    /// 4.5:1 contrast against it.
    pub on_series: [Color; 10],
}

const BLACK: Color = Color(0x00, 0x00, 0x00);
const WHITE: Color = Color(0xff, 0xff, 0xff);

pub const LIGHT: Scheme = Scheme {
    text: Color(0x1a, 0x1a, 0x1a),
    muted: Color(0x55, 0x55, 0x55),
    axis: Color(0x1a, 0x1a, 0x1a),
    grid: Color(0xd0, 0xd0, 0xd0),
    background: Color(0xff, 0xff, 0xff),
    series: [
        Color(0x2a, 0x8c, 0xc4), // sky blue
        Color(0x0b, 0x2f, 0x4f), // navy
        Color(0xd5, 0x5e, 0x00), // vermilion
        Color(0x3b, 0x17, 0x40), // dark purple
        Color(0x00, 0x9e, 0x73), // bluish green
        Color(0x4a, 0x2a, 0x00), // dark brown
        Color(0xb8, 0x6e, 0x00), // ochre
        Color(0x00, 0x3d, 0x2b), // dark green
        Color(0xb8, 0x5f, 0xa8), // orchid
        Color(0x5a, 0x0f, 0x2e), // wine
    ],
    // Medium tones take black, dark ones white.
    on_series: [
        BLACK, WHITE, BLACK, WHITE, BLACK, WHITE, BLACK, WHITE, BLACK, WHITE,
    ],
};

pub const DARK: Scheme = Scheme {
    text: Color(0xe8, 0xe8, 0xe8),
    muted: Color(0xb0, 0xb0, 0xb0),
    axis: Color(0xd0, 0xd0, 0xd0),
    grid: Color(0x3d, 0x3d, 0x3d),
    background: Color(0x1a, 0x1a, 0x1a),
    series: [
        Color(0x2f, 0x7c, 0xb8), // sky blue
        Color(0xd6, 0xec, 0xff), // ice blue
        Color(0xc8, 0x5a, 0x14), // vermilion
        Color(0xf0, 0xdc, 0xfa), // lavender
        Color(0x11, 0x8a, 0x67), // bluish green
        Color(0xf7, 0xe6, 0xc4), // sand
        Color(0xa8, 0x72, 0x12), // ochre
        Color(0xcc, 0xf4, 0xe2), // mint
        Color(0xb0, 0x5a, 0xa2), // orchid
        Color(0xff, 0xdc, 0xe8), // rose
    ],
    // Medium and light tones alike take black.
    on_series: [BLACK; 10],
};

/// The series colours as paints, in order.
pub const SERIES: [Paint; crate::budget::table::DISTINCT_SERIES] = [
    Paint::Series(0),
    Paint::Series(1),
    Paint::Series(2),
    Paint::Series(3),
    Paint::Series(4),
    Paint::Series(5),
    Paint::Series(6),
    Paint::Series(7),
    Paint::Series(8),
    Paint::Series(9),
];

/// Waterfall steps: up, down, and totals; series colours, so that the dark
/// scheme needs no others.
pub const INCREASE: Paint = Paint::Series(0);
pub const DECREASE: Paint = Paint::Series(2);
pub const TOTAL: Paint = Paint::Series(1);

/// Dash patterns of lines, so that lines differ by more than colour.
const DASHES: [&str; 5] = ["", "7 3", "2 3", "9 3 2 3", "4 4"];

pub fn series(index: usize) -> Paint {
    SERIES[index % SERIES.len()]
}

/// The dash pattern of the nth line.
pub fn dash(index: usize) -> &'static str {
    DASHES[index % DASHES.len()]
}

impl Scheme {
    pub fn colour(&self, paint: Paint) -> Color {
        match paint {
            Paint::Text => self.text,
            Paint::Muted => self.muted,
            Paint::Axis => self.axis,
            Paint::Grid => self.grid,
            Paint::Background => self.background,
            Paint::Series(n) => self.series[n % self.series.len()],
            Paint::OnSeries(n) => self.on_series[n % self.on_series.len()],
        }
    }
}

impl Color {
    /// `#2a8cc4`.
    pub fn hex(self) -> String {
        let Color(r, g, b) = self;
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// WCAG relative luminance.
pub fn luminance(Color(r, g, b): Color) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

pub fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_contrasts(name: &str, scheme: &Scheme) {
        let background = scheme.background;
        for (i, &colour) in scheme.series.iter().enumerate() {
            assert!(contrast(colour, background) >= 3.0, "{name} {i}");
            let next = scheme.series[(i + 1) % scheme.series.len()];
            assert!(contrast(colour, next) >= 3.0, "{name} {i} and the next");
        }
        // Text as large as chart labels needs 4.5:1 (WCAG 1.4.3); the axis
        // 3:1 (1.4.11).
        assert!(contrast(scheme.text, background) >= 4.5, "{name} text");
        assert!(contrast(scheme.muted, background) >= 4.5, "{name} muted");
        assert!(contrast(scheme.axis, background) >= 3.0, "{name} axis");
        for (i, (&fill, &text)) in scheme.series.iter().zip(&scheme.on_series).enumerate() {
            assert!(contrast(fill, text) >= 4.5, "{name} text on series {i}");
        }
    }

    #[test]
    fn every_colour_contrasts_with_the_background_and_its_neighbours() {
        assert_contrasts("light", &LIGHT);
    }

    #[test]
    fn every_dark_colour_contrasts_with_the_dark_background_and_its_neighbours() {
        assert_contrasts("dark", &DARK);
        // A page may choose a slightly lighter dark background.
        let lighter = Scheme {
            background: Color(0x2a, 0x2a, 0x2a),
            ..DARK
        };
        assert_contrasts("dark on #2a2a2a", &lighter);
    }

    /// Whether the CSS at `at` is inside a dark-scheme `@media` block.
    fn in_dark_block(css: &str, at: usize) -> bool {
        const DARK_MEDIA: &str = "prefers-color-scheme: dark)";
        css[..at].rfind(DARK_MEDIA).is_some_and(|start| {
            let between = &css[start..at];
            between.matches('{').count() > between.matches('}').count()
        })
    }

    /// The page's style sheet falls back to these colours: in the light
    /// scheme and, inside a dark-scheme block, in the dark one.
    #[test]
    fn the_style_sheet_falls_back_to_these_colours() {
        for css in [
            include_str!("../../../templates/budgetbook.css"),
            include_str!("../../../templates/embed.css"),
        ] {
            assert_falls_back(css);
        }
    }

    fn assert_falls_back(css: &str) {
        for paint in (0..10)
            .map(Paint::Series)
            .chain((0..10).map(Paint::OnSeries))
            .chain([
                Paint::Text,
                Paint::Muted,
                Paint::Axis,
                Paint::Grid,
                Paint::Background,
            ])
        {
            let class = format!(".{} ", paint.class());
            let rules: Vec<(bool, &str)> = css
                .match_indices(&class)
                .map(|(at, _)| {
                    (
                        in_dark_block(css, at),
                        &css[at..at + css[at..].find('}').unwrap()],
                    )
                })
                .collect();
            for (dark, colour) in [(false, LIGHT.colour(paint)), (true, DARK.colour(paint))] {
                let rule = rules
                    .iter()
                    .find(|(in_dark, _)| *in_dark == dark)
                    .unwrap_or_else(|| panic!("no rule for {class} (dark: {dark})"))
                    .1;
                assert!(
                    rule.contains(&colour.hex()),
                    "{class} (dark: {dark}): {rule}"
                );
            }
        }
    }
}
