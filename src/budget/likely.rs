//! Which figure is probably wrong when a stated sum misses. The total is
//! where the mismatch shows, but the keying error is usually in one of its
//! operands; bookkeepers find it with a few rules, tried here in the order
//! of how often they explain a difference:
//!
//! 1. two adjacent digits swapped (the difference is a multiple of 9), or
//!    one digit mistyped: one slip in one figure;
//! 2. the sign flipped, or the decimal point moved;
//! 3. a row counted twice, or a row left out of `sum: [...]`.
//!
//! The operands the first matching rule finds are named (usually one);
//! nothing is ever changed, and nothing is said when no single figure
//! explains the difference.

use rust_decimal::Decimal;

/// An operand of a sum as the hint needs it.
#[derive(Debug, Clone)]
pub struct Operand {
    pub id: String,
    pub value: Decimal,
}

/// A figure that would make the sum agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspect {
    /// The row, or `None` for the stated total itself.
    pub row: Option<String>,
    pub written: Decimal,
    pub fitting: Decimal,
    pub rule: Rule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    SwappedDigits,
    OneDigit,
    Sign,
    DecimalPoint,
    CountedTwice,
    LeftOut,
}

impl Rule {
    fn words(self) -> &'static str {
        match self {
            Rule::SwappedDigits => "swapped digits",
            Rule::OneDigit => "one digit",
            Rule::Sign => "the sign",
            Rule::DecimalPoint => "the decimal point",
            Rule::CountedTwice | Rule::LeftOut => "",
        }
    }
}

/// The figures the first matching rule finds; empty when none does.
///
/// `operands` are the sum's operands as computed (a row listed twice
/// appears twice); `others` the block's other stated rows in the column,
/// which a `sum: [...]` may have left out.
pub fn suspects(
    operands: &[Operand],
    others: &[Operand],
    stated: Decimal,
    tolerance: Decimal,
) -> Vec<Suspect> {
    let Some(computed) = operands
        .iter()
        .try_fold(Decimal::ZERO, |sum, o| sum.checked_add(o.value))
    else {
        return Vec::new();
    };
    let Some(difference) = stated.checked_sub(computed) else {
        return Vec::new();
    };
    if difference.abs() <= tolerance {
        return Vec::new();
    }
    // How far the sum would still be off with `fitting` for `written`.
    let miss = |written: Decimal, fitting: Decimal| {
        fitting
            .checked_sub(written)
            .and_then(|change| change.checked_sub(difference))
            .map(|miss| miss.abs())
    };
    let fits =
        |written: Decimal, fitting: Decimal| miss(written, fitting).is_some_and(|m| m <= tolerance);
    let total_fits = |fitting: Decimal| {
        fitting
            .checked_sub(computed)
            .is_some_and(|miss| miss.abs() <= tolerance)
    };

    // Rules 1 to 3, on the total itself and on each operand. A swap and a
    // mistyped digit are both one slip in one figure, and a difference that
    // is a multiple of 9 can come from either: they are tried together,
    // swaps first, so that neither hides the other. The total comes first:
    // a difference of one digit fits some operand of almost any long sum,
    // so the operands alone would hide a slip in the total.
    type Variants = fn(Decimal) -> Vec<Decimal>;
    let tiers: [&[(Rule, Variants)]; 2] = [
        &[
            (Rule::SwappedDigits, swaps),
            (Rule::OneDigit, one_digit_changes),
        ],
        &[
            (Rule::Sign, |v| vec![-v]),
            (Rule::DecimalPoint, moved_points),
        ],
    ];
    for tier in tiers {
        let mut found: Vec<Suspect> = Vec::new();
        for &(rule, variants) in tier {
            if let Some(fitting) = variants(stated).into_iter().find(|&f| total_fits(f)) {
                found.push(Suspect {
                    row: None,
                    written: stated,
                    fitting,
                    rule,
                });
                break;
            }
        }
        for &(rule, variants) in tier {
            for operand in operands {
                if found.iter().any(|s| s.row.as_deref() == Some(&operand.id)) {
                    continue;
                }
                // Of the figures that fit within the tolerance, the closest.
                let best = variants(operand.value)
                    .into_iter()
                    .filter(|&f| fits(operand.value, f))
                    .min_by_key(|&f| miss(operand.value, f));
                if let Some(fitting) = best {
                    found.push(Suspect {
                        row: Some(operand.id.clone()),
                        written: operand.value,
                        fitting,
                        rule,
                    });
                }
            }
        }
        if !found.is_empty() {
            return found;
        }
    }

    // Rule 4: a row counted twice, or one left out.
    let mut found = Vec::new();
    for (i, operand) in operands.iter().enumerate() {
        let twice = operands[..i].iter().any(|o| o.id == operand.id);
        if twice && fits(operand.value, Decimal::ZERO) {
            found.push(Suspect {
                row: Some(operand.id.clone()),
                written: operand.value,
                fitting: Decimal::ZERO,
                rule: Rule::CountedTwice,
            });
        }
    }
    if found.is_empty() {
        for other in others {
            if fits(Decimal::ZERO, other.value) {
                found.push(Suspect {
                    row: Some(other.id.clone()),
                    written: Decimal::ZERO,
                    fitting: other.value,
                    rule: Rule::LeftOut,
                });
            }
        }
    }
    found
}

/// Suspects named in a hint; past them, only how many more there are.
const NAMED: usize = 4;

/// The hint for a message: "`kulturnamnden`: written 4832 — 4382 would
/// make the sum agree (swapped digits)", with figures shown by `show`.
pub fn hint(suspects: &[Suspect], show: &dyn Fn(Decimal) -> String) -> Option<String> {
    let mut parts: Vec<String> = suspects
        .iter()
        .take(NAMED)
        .map(|s| {
            let row = s
                .row
                .as_deref()
                .map_or("the stated total".into(), |r| format!("`{r}`"));
            match s.rule {
                Rule::CountedTwice => {
                    format!("{row} is counted twice: without the second, the sum would agree")
                }
                Rule::LeftOut => format!(
                    "{row} ({}) is not in the sum: with it, the sum would agree",
                    show(s.fitting)
                ),
                _ => format!(
                    "{row}: written {} — {} would make the sum agree ({})",
                    show(s.written),
                    show(s.fitting),
                    s.rule.words()
                ),
            }
        })
        .collect();
    match suspects.len().saturating_sub(NAMED) {
        0 => {}
        1 => parts.push("one other row".into()),
        more => parts.push(format!("one of {more} other rows")),
    }
    (!parts.is_empty()).then(|| parts.join("; or "))
}

/// The digits of a figure without sign or point, and its scale.
fn digits(value: Decimal) -> (Vec<u8>, u32) {
    let text = value.abs().mantissa().to_string();
    (text.bytes().map(|b| b - b'0').collect(), value.scale())
}

fn from_digits(digits: &[u8], scale: u32, negative: bool) -> Option<Decimal> {
    let mut mantissa: i128 = 0;
    for &d in digits {
        mantissa = mantissa.checked_mul(10)?.checked_add(i128::from(d))?;
    }
    let value = Decimal::try_from_i128_with_scale(mantissa, scale).ok()?;
    Some(if negative { -value } else { value })
}

/// The figure with two adjacent, different digits swapped.
fn swaps(value: Decimal) -> Vec<Decimal> {
    let (digits, scale) = digits(value);
    let mut out = Vec::new();
    for i in 0..digits.len().saturating_sub(1) {
        // A swap that puts a zero first shortens the figure: not a slip.
        if digits[i] != digits[i + 1] && !(i == 0 && digits[1] == 0) {
            let mut swapped = digits.clone();
            swapped.swap(i, i + 1);
            out.extend(from_digits(&swapped, scale, value.is_sign_negative()));
        }
    }
    out
}

/// The figure with one digit replaced by another.
fn one_digit_changes(value: Decimal) -> Vec<Decimal> {
    let (digits, scale) = digits(value);
    let mut out = Vec::new();
    for i in 0..digits.len() {
        for d in 0..10u8 {
            if d != digits[i] && !(i == 0 && d == 0 && digits.len() > 1) {
                let mut changed = digits.clone();
                changed[i] = d;
                out.extend(from_digits(&changed, scale, value.is_sign_negative()));
            }
        }
    }
    out
}

/// The figure with its decimal point moved one to three places.
fn moved_points(value: Decimal) -> Vec<Decimal> {
    let mut out = Vec::new();
    for places in 1..=3u32 {
        let factor = Decimal::from(10u32.pow(places));
        out.extend(value.checked_mul(factor).map(|v| v.normalize()));
        out.extend(value.checked_div(factor));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn ops(values: &[(&str, &str)]) -> Vec<Operand> {
        values
            .iter()
            .map(|(id, v)| Operand {
                id: id.to_string(),
                value: d(v),
            })
            .collect()
    }

    fn first(
        operands: &[Operand],
        others: &[Operand],
        stated: &str,
    ) -> Vec<(Option<String>, Rule)> {
        suspects(operands, others, d(stated), Decimal::ZERO)
            .into_iter()
            .map(|s| (s.row, s.rule))
            .collect()
    }

    #[test]
    fn names_the_operand_with_swapped_digits() {
        let operands = ops(&[("skola", "1200"), ("kultur", "4832"), ("vard", "3000")]);
        // The source's true figure was 4382: the stated total is 8582.
        assert_eq!(
            first(&operands, &[], "8582"),
            [(Some("kultur".into()), Rule::SwappedDigits)]
        );
        let hint = hint(&suspects(&operands, &[], d("8582"), Decimal::ZERO), &|v| {
            v.to_string()
        });
        assert_eq!(
            hint.as_deref(),
            Some("`kultur`: written 4832 — 4382 would make the sum agree (swapped digits)")
        );
    }

    #[test]
    fn names_a_mistyped_digit_a_sign_a_point_a_double_and_a_missing_row() {
        // 9055 for 9050: the total's own slip fits as well as one in `a`.
        let typo = ops(&[("a", "1203"), ("b", "4838"), ("c", "3009")]);
        assert_eq!(
            first(&typo, &[], "9055"),
            [(None, Rule::OneDigit), (Some("a".into()), Rule::OneDigit)]
        );
        let signs = ops(&[("a", "1250"), ("b", "-317"), ("c", "3000")]);
        assert_eq!(first(&signs, &[], "4567"), [(Some("b".into()), Rule::Sign)]);
        let points = ops(&[("a", "1250"), ("b", "31.7"), ("c", "3000")]);
        assert_eq!(
            first(&points, &[], "4567"),
            [(Some("b".into()), Rule::DecimalPoint)]
        );
        let twice = ops(&[("a", "1250"), ("b", "317"), ("b", "317"), ("c", "3000")]);
        assert_eq!(
            first(&twice, &[], "4567"),
            [(Some("b".into()), Rule::CountedTwice)]
        );
        let operands = ops(&[("a", "1200"), ("b", "4832"), ("c", "3000")]);
        let left_out = ops(&[("x", "1251")]);
        assert_eq!(
            first(&operands, &left_out, "10283"),
            [(Some("x".into()), Rule::LeftOut)]
        );
    }

    #[test]
    fn a_swap_in_the_total_itself_is_named() {
        let operands = ops(&[("a", "1200"), ("b", "4382"), ("c", "3000")]);
        // Computed 8582; the total is written 8852.
        assert_eq!(first(&operands, &[], "8852"), [(None, Rule::SwappedDigits)]);
    }

    #[test]
    fn a_slip_in_the_total_is_named_first_and_many_suspects_are_counted() {
        let services = ops(&[
            ("housing", "1245"),
            ("waste", "2310"),
            ("parks", "1120"),
            ("leisure", "2214"),
            ("planning", "3081"),
            ("licensing", "1410"),
        ]);
        // 11381 stated for 11380: every operand could take the 1 too.
        let found = suspects(&services, &[], d("11381"), Decimal::ZERO);
        assert_eq!(found[0].row, None);
        assert_eq!(found.len(), 7);
        let hint = hint(&found, &|v| v.to_string()).unwrap();
        assert!(
            hint.starts_with(
                "the stated total: written 11381 — 11380 would make the sum agree (one digit)"
            ),
            "{hint}"
        );
        assert!(hint.ends_with("; or one of 3 other rows"), "{hint}");
    }

    #[test]
    fn says_nothing_when_the_sum_agrees_or_no_single_figure_explains_it() {
        let operands = ops(&[("a", "1200"), ("b", "4382"), ("c", "3000")]);
        assert!(first(&operands, &[], "8582").is_empty());
        assert!(first(&operands, &[], "123456").is_empty());
    }
}
