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

/// The most ticks a scale asks for; it gets at most one more.
const MAX_TICK_COUNT: usize = 6;

/// A round step near `span / count`, no smaller: 1, 2 or 5 times a power of
/// ten, from 10^-28 up to 5 × 10^28 (the largest decimal is about
/// 7.9 × 10^28).
fn nice_step(span: f64, count: usize) -> Decimal {
    let largest = Decimal::from_i128_with_scale(5 * 10i128.pow(28), 0);
    let raw = span / count.max(1) as f64;
    if raw.is_nan() || raw >= 5e28 {
        return largest;
    }
    let raw = raw.max(1e-28);
    let exponent = raw.log10().floor() as i32;
    let magnitude = 10f64.powi(exponent);
    let mantissa = [1i128, 2, 5, 10]
        .into_iter()
        .find(|&m| m as f64 * magnitude >= raw)
        .unwrap_or(10);
    let step = if exponent >= 0 {
        Decimal::try_from_i128_with_scale(mantissa * 10i128.pow(exponent.unsigned_abs()), 0)
    } else {
        Decimal::try_from_i128_with_scale(mantissa, exponent.unsigned_abs().min(28))
    };
    step.unwrap_or(largest)
}

/// Whether figures between `low` and `high` are so far from zero, compared
/// with how far apart they are, that an axis from zero would flatten them:
/// all on one side of zero, and nearer each other than to zero (a growth
/// from 1 000 to 1 100). Figures of nearly equal size (`1e20` and
/// `1e20 + 1`) keep the axis at zero: their differences are noise.
pub fn near_data(low: f64, high: f64) -> bool {
    let span = high - low;
    let nearest = if low > 0.0 {
        low
    } else if high < 0.0 {
        -high
    } else {
        return false;
    };
    span.is_finite() && span > 0.0 && span < nearest && span * 1e9 > nearest
}

/// A scale over `[low, high]` with round ticks inside it: as many as fit
/// when the axis is horizontal and each tick label is as wide as the
/// widest. With `from_zero` it always includes 0, with a little headroom;
/// without, it runs from the round tick at or below `low` to the one at or
/// above `high`.
#[allow(clippy::too_many_arguments)]
pub fn scale(
    low: f64,
    high: f64,
    from: f64,
    to: f64,
    horizontal: bool,
    from_zero: bool,
    language: Language,
    size: f64,
) -> Scale {
    if !from_zero && near_data(low, high) {
        return scale_near(low, high, from, to, horizontal, language, size);
    }
    // Figures are decimals, so their sums are far inside these bounds; but
    // a scale never covers what is not a number, or so much that its
    // arithmetic overflows.
    let finite = |v: f64| {
        if v.is_nan() {
            0.0
        } else {
            v.clamp(-1e300, 1e300)
        }
    };
    let (mut low, mut high) = (finite(low).min(0.0), finite(high).max(0.0));
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
    let mut count = MAX_TICK_COUNT;
    loop {
        let step = nice_step(high - low, count).normalize();
        let step_f = step.to_f64().unwrap_or(1.0);
        // Ticks are decimals: none beyond the largest one. The step is at
        // least the span over `count`, so the last bound only matters when
        // the step is capped at 5 × 10^28; it keeps the ticks few whatever
        // the range.
        let reach = Decimal::MAX
            .checked_div(step)
            .and_then(|r| r.floor().to_i64())
            .unwrap_or(i64::MAX);
        let mut first = ((low / step_f).ceil() as i64).max(-reach);
        let mut last = ((high / step_f).floor() as i64)
            .min(reach)
            .min(first.saturating_add(count as i64));
        // Figures most of a step past the outermost tick get one more, and
        // the axis reaches it: no bar runs on far past its last marked value
        // (−3 868 on an axis marked only to −2 000). Less than that, the
        // room is the bars'.
        let (mut min, mut max) = (low, high);
        if first as f64 * step_f - low > step_f * 0.75 && first > -reach {
            first -= 1;
            min = first as f64 * step_f;
        }
        if high - last as f64 * step_f > step_f * 0.75 && last < reach {
            last += 1;
            max = last as f64 * step_f;
        }
        let ticks: Vec<Decimal> = (first..=last)
            .filter_map(|k| step.checked_mul(Decimal::from(k)))
            .map(|t| t.normalize())
            .collect();
        let widest = ticks
            .iter()
            .map(|t| text::width(&format::number(*t, language), size, false))
            .fold(0.0, f64::max);
        let fits = ticks_fit(widest, size, length, step_f, max - min, horizontal);
        if fits || count <= 2 {
            return Scale {
                min,
                max,
                from,
                to,
                ticks,
            };
        }
        count -= 1;
    }
}

/// How many ticks fit along an axis of `length` from `low` to `high` with
/// labels as wide as `widest` (horizontal) or as high as `size`.
fn ticks_fit(widest: f64, size: f64, length: f64, step: f64, span: f64, horizontal: bool) -> bool {
    let room = length * step / span;
    if horizontal {
        widest * 1.15 < room
    } else {
        size * 2.0 < room
    }
}

/// A scale from the round tick at or below `low` to the one at or above
/// `high`, for figures far from zero ([`near_data`]).
fn scale_near(
    low: f64,
    high: f64,
    from: f64,
    to: f64,
    horizontal: bool,
    language: Language,
    size: f64,
) -> Scale {
    let length = (to - from).abs();
    let mut count = MAX_TICK_COUNT;
    loop {
        let step = nice_step(high - low, count).normalize();
        let step_f = step.to_f64().unwrap_or(1.0);
        // `near_data` keeps these far inside an i64.
        let first = (low / step_f).floor() as i64;
        let last = ((high / step_f).ceil() as i64).max(first + 1);
        let ticks: Vec<Decimal> = (first..=last)
            .filter_map(|k| step.checked_mul(Decimal::from(k)))
            .map(|t| t.normalize())
            .collect();
        let (min, max) = (first as f64 * step_f, last as f64 * step_f);
        let widest = ticks
            .iter()
            .map(|t| text::width(&format::number(*t, language), size, false))
            .fold(0.0, f64::max);
        if ticks_fit(widest, size, length, step_f, max - min, horizontal) || count <= 2 {
            return Scale {
                min,
                max,
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
        assert_eq!(
            nice_step(1e25, 6),
            Decimal::from(2) * Decimal::from(10i64.pow(18)) * Decimal::from(10i64.pow(6))
        );
        assert_eq!(nice_step(1e-40, 5), Decimal::new(1, 28));
    }

    /// However wide the range, a scale has a handful of ticks, each a
    /// decimal: the step grows with the range up to the largest a decimal
    /// holds.
    #[test]
    fn a_scale_has_a_bounded_number_of_ticks_whatever_the_range() {
        let largest = 79_228_162_514_264_337_593_543_950_335f64;
        for (low, high) in [
            (0.0, 1e-30),
            (0.0, 1e25),
            (0.0, 7e28),
            (-largest, largest),
            (-1e31, 1e31),
            (0.0, f64::MAX),
            (f64::NEG_INFINITY, f64::INFINITY),
            (f64::NAN, f64::NAN),
        ] {
            for horizontal in [true, false] {
                for from_zero in [true, false] {
                    let s = scale(
                        low,
                        high,
                        0.0,
                        300.0,
                        horizontal,
                        from_zero,
                        Language::Swedish,
                        12.0,
                    );
                    // From zero, zero is a tick of the round steps; else the
                    // range may add one at either end.
                    let most = MAX_TICK_COUNT + if from_zero { 1 } else { 2 };
                    assert!(
                        (1..=most).contains(&s.ticks.len()),
                        "{low}..{high}: {:?}",
                        s.ticks
                    );
                    assert!(s.position(s.max).is_finite() && s.position(s.min).is_finite());
                }
            }
        }
    }

    #[test]
    fn the_scale_covers_the_data_and_zero() {
        let s = scale(
            -3206.0,
            280.0,
            100.0,
            400.0,
            true,
            true,
            Language::Swedish,
            12.0,
        );
        assert!(s.min <= -3206.0 && s.max >= 280.0);
        assert!(s.ticks.contains(&Decimal::ZERO));
        assert_eq!(s.position(s.min), 100.0);
        assert_eq!(s.position(s.max), 400.0);
    }

    #[test]
    fn figures_most_of_a_step_past_the_last_tick_get_one_more() {
        // A narrow axis marked every 2 000: −3 868 is nearly a step past
        // −2 000, so the axis reaches −4 000.
        let ticks = |low: f64, high: f64| {
            scale(low, high, 0.0, 160.0, true, true, Language::Swedish, 12.0).ticks
        };
        let far = ticks(-3868.0, 858.0);
        assert_eq!(far.first(), Some(&Decimal::from(-4000)), "{far:?}");
        // −755 is half a step past −500: the room stays the bars'.
        let near = scale(
            -755.0,
            625.0,
            0.0,
            300.0,
            true,
            true,
            Language::Swedish,
            12.0,
        );
        assert_eq!(
            near.ticks.first(),
            Some(&Decimal::from(-500)),
            "{:?}",
            near.ticks
        );
        assert!(near.min > -800.0);
    }

    #[test]
    fn figures_far_from_zero_get_a_scale_near_them() {
        assert!(near_data(1000.0, 1100.0));
        assert!(near_data(-1100.0, -1000.0));
        assert!(!near_data(50.0, 1100.0));
        assert!(!near_data(-10.0, 10.0));
        assert!(!near_data(1000.0, 1000.0));
        assert!(!near_data(1e20, 1e20 + 1e8));
        let s = scale(
            1000.0,
            1100.0,
            300.0,
            80.0,
            false,
            false,
            Language::Swedish,
            12.0,
        );
        assert!(s.min <= 1000.0 && s.min >= 900.0, "{}", s.min);
        assert!(s.max >= 1100.0 && s.max <= 1200.0, "{}", s.max);
        assert_eq!(
            s.ticks.first().map(|t| t.to_string()),
            Some(format!("{}", s.min))
        );
        assert!(!s.ticks.contains(&Decimal::ZERO));
    }
}
