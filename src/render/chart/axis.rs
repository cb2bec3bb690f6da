//! Value scales with round tick values, and their tick labels in the
//! book's number format.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::text;
use crate::load::Language;
use crate::render::format;

#[derive(Debug, Clone)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    /// Pixel positions of `min` and `max` (either may be the larger).
    pub from: f64,
    pub to: f64,
    pub ticks: Vec<Decimal>,
}

impl Scale {
    pub fn position(&self, value: f64) -> f64 {
        if self.max == self.min {
            return self.from;
        }
        self.from + (value - self.min) / (self.max - self.min) * (self.to - self.from)
    }

    pub fn at(&self, value: Decimal) -> f64 {
        self.position(value.to_f64().unwrap_or(0.0))
    }
}

/// A round step near `span / count`: 1, 2 or 5 times a power of ten.
fn nice_step(span: f64, count: usize) -> Decimal {
    let raw = (span / count.max(1) as f64).max(f64::MIN_POSITIVE);
    let exponent = raw.log10().floor() as i32;
    let magnitude = 10f64.powi(exponent);
    let mantissa = [1i64, 2, 5, 10]
        .into_iter()
        .find(|&m| m as f64 * magnitude >= raw)
        .unwrap_or(10);
    if exponent >= 0 {
        Decimal::from(mantissa) * Decimal::from(10i64.pow(exponent.unsigned_abs().min(18)))
    } else {
        Decimal::new(mantissa, exponent.unsigned_abs().min(20))
    }
}

/// A scale over `[low, high]` (always including 0, with a little headroom),
/// with round ticks inside it: as many as fit when the axis is horizontal
/// and each tick label is as wide as the widest.
pub fn scale(
    low: f64,
    high: f64,
    from: f64,
    to: f64,
    horizontal: bool,
    language: Language,
    size: f64,
) -> Scale {
    let (mut low, mut high) = (low.min(0.0), high.max(0.0));
    if high <= low {
        high = low + 1.0;
    }
    let headroom = (high - low) * 0.02;
    if high > 0.0 {
        high += headroom;
    }
    if low < 0.0 {
        low -= headroom;
    }
    let length = (to - from).abs();
    let mut count = 6;
    loop {
        let step = nice_step(high - low, count).normalize();
        let step_f = step.to_f64().unwrap_or(1.0);
        let first = (low / step_f).ceil() as i64;
        let last = (high / step_f).floor() as i64;
        let ticks: Vec<Decimal> = (first..=last)
            .map(|k| (step * Decimal::from(k)).normalize())
            .collect();
        let widest = ticks
            .iter()
            .map(|t| text::width(&format::number(*t, language), size, false))
            .fold(0.0, f64::max);
        let room = length * step_f / (high - low);
        let fits = if horizontal {
            widest * 1.15 < room
        } else {
            size * 2.0 < room
        };
        if fits || count <= 2 {
            return Scale {
                min: low,
                max: high,
                from,
                to,
                ticks,
            };
        }
        count -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(3206.0, 6), Decimal::from(1000));
        assert_eq!(nice_step(790_839.0, 5), Decimal::from(200_000));
        assert_eq!(nice_step(4.3, 5), Decimal::new(1, 0));
        assert_eq!(nice_step(0.9, 5), Decimal::new(2, 1));
    }

    #[test]
    fn the_scale_covers_the_data_and_zero() {
        let s = scale(-3206.0, 280.0, 100.0, 400.0, true, Language::Swedish, 12.0);
        assert!(s.min <= -3206.0 && s.max >= 280.0);
        assert!(s.ticks.contains(&Decimal::ZERO));
        assert_eq!(s.position(s.min), 100.0);
        assert_eq!(s.position(s.max), 400.0);
    }
}
