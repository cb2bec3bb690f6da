//! Series colours. They alternate between medium and very dark tones, so
//! that every colour has at least 3:1 contrast against the white background
//! and against its neighbours (WCAG 1.4.11), hues are told apart with the
//! common colour-vision deficiencies, and adjacent series stay distinct when
//! printed in black and white.

use super::scene::Color;

pub const SERIES: [Color; 10] = [
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
];

/// Waterfall steps: up, down, and totals.
pub const INCREASE: Color = Color(0x00, 0x72, 0xb2);
pub const DECREASE: Color = Color(0xd5, 0x5e, 0x00);
pub const TOTAL: Color = Color(0x0b, 0x2f, 0x4f);

pub fn series(index: usize) -> Color {
    SERIES[index % SERIES.len()]
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
    use crate::render::chart::scene::WHITE;

    #[test]
    fn every_colour_contrasts_with_the_background_and_its_neighbours() {
        for (i, &colour) in SERIES.iter().enumerate() {
            assert!(contrast(colour, WHITE) >= 3.0, "{i}");
            let next = SERIES[(i + 1) % SERIES.len()];
            assert!(contrast(colour, next) >= 3.0, "{i} and the next");
        }
        for colour in [INCREASE, DECREASE, TOTAL] {
            assert!(contrast(colour, WHITE) >= 3.0);
        }
    }
}
