//! The `per-100` view: what each part of a table's first total gets of
//! every 100 kr of it, and the "your tax" figures built on it. Figures are
//! split by the largest-remainder method, so that the figures shown add up
//! to exactly 100 (or to the tax) and none is off by more than one unit of
//! its last decimal.

use rust_decimal::Decimal;

use super::{Derivation, Table};
use crate::diagnostic::{Diagnostics, Problem};

/// Decimals of the per-100 figures: one, so that a small committee's
/// 0,2 kr is not shown as nothing.
pub const DECIMALS: u32 = 1;

/// The total a per-100 view splits and its parts, as row indices: the
/// block's first `sum` row and the rows it adds up, when they are all rows
/// of the block.
pub fn parts(block: &Table) -> Option<(usize, Vec<usize>)> {
    let total = block
        .rows
        .iter()
        .position(|r| matches!(r.derivation, Some(Derivation::Sum { .. })))?;
    let Some(Derivation::Sum { rows, .. }) = &block.rows[total].derivation else {
        return None;
    };
    let parts = rows
        .iter()
        .map(|(r, _)| {
            if r.block.as_deref().is_some_and(|b| b != block.id) {
                return None;
            }
            block.rows.iter().position(|row| row.id == r.row)
        })
        .collect::<Option<Vec<usize>>>()?;
    Some((total, parts))
}

/// Reports a `per-100` view that cannot be shown: no total to split, or a
/// part below zero (every 100 kr of a total of gains and losses means
/// nothing).
pub fn check(block: &Table, diagnostics: &mut Diagnostics) {
    if !block.views.per_hundred {
        return;
    }
    let Some((_, parts)) = parts(block) else {
        diagnostics.error(
            Problem::PerHundred {
                block: block.id.clone(),
                reason: "a `sum` row of rows of its own table to split, and it has none".into(),
            },
            block.location.clone(),
        );
        return;
    };
    // Costs written below zero, as net costs often are, split as well as
    // figures above it; a table of gains and losses does not.
    for column in 0..block.columns.len() {
        let mut first_sign: Option<(&str, bool)> = None;
        for &p in &parts {
            let row = &block.rows[p];
            let Some(figure) = row.values.get(column) else {
                continue;
            };
            let Some(value) = figure.value.filter(|v| !v.is_zero()) else {
                continue;
            };
            let negative = value.is_sign_negative();
            match first_sign {
                None => first_sign = Some((&row.id, negative)),
                Some((first, sign)) if sign != negative => {
                    diagnostics.error(
                        Problem::PerHundred {
                            block: block.id.clone(),
                            reason: format!(
                                "parts of one sign, and in column \"{}\" `{}` is {} zero where `{first}` is {}",
                                block.column_name(column),
                                row.id,
                                if negative { "below" } else { "above" },
                                if sign { "below" } else { "above" },
                            ),
                        },
                        figure.location.clone(),
                    );
                    return;
                }
                Some(_) => {}
            }
        }
    }
}

/// Column `column`'s per-100 figures, one per part (in the order of
/// [`parts`]): each part's share of every 100 of the parts together, to
/// [`DECIMALS`] decimals, adding up to exactly 100. `None` when a part has
/// no figure there or the parts add up to nothing.
pub fn per_hundred(block: &Table, parts: &[usize], column: usize) -> Option<Vec<Decimal>> {
    let weights = weights(block, parts, column)?;
    split(&weights, Decimal::ONE_HUNDRED, DECIMALS)
}

/// The parts' figures in `column`, when each has one, as sizes: costs
/// written below zero weigh as much as above it ([`check`] holds the parts
/// of a column to one sign).
pub fn weights(block: &Table, parts: &[usize], column: usize) -> Option<Vec<Decimal>> {
    parts
        .iter()
        .map(|&p| block.rows[p].values.get(column)?.value.map(|v| v.abs()))
        .collect()
}

/// Splits `whole` among `weights` (none below zero, not all zero) in
/// proportion, to `decimals` decimals, by the largest-remainder method: each
/// gets its exact share rounded down, and the units left go one each to the
/// largest remainders (the first of equal ones first). The results add up
/// to `whole` exactly.
pub fn split(weights: &[Decimal], whole: Decimal, decimals: u32) -> Option<Vec<Decimal>> {
    let scale = Decimal::from(10u64.checked_pow(decimals)?);
    let units = whole.checked_mul(scale)?;
    if !units.fract().is_zero() || weights.iter().any(|w| w.is_sign_negative() && !w.is_zero()) {
        return None;
    }
    let sum = weights
        .iter()
        .try_fold(Decimal::ZERO, |s, w| s.checked_add(*w))?;
    if sum.is_zero() {
        return None;
    }
    let mut floors = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for w in weights {
        let exact = units.checked_mul(*w)?.checked_div(sum)?;
        let floor = exact.floor();
        remainders.push(exact - floor);
        floors.push(floor);
    }
    let given = floors
        .iter()
        .try_fold(Decimal::ZERO, |s, f| s.checked_add(*f))?;
    let left = units.checked_sub(given)?;
    let mut order: Vec<usize> = (0..weights.len()).collect();
    // Stable: of equal remainders, the earlier row first.
    order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]));
    let left = usize::try_from(left.to_string().parse::<u64>().ok()?).ok()?;
    for &i in order.iter().take(left) {
        floors[i] += Decimal::ONE;
    }
    Some(
        floors
            .into_iter()
            .map(|f| {
                let mut v = f / scale;
                v.rescale(decimals);
                v
            })
            .collect(),
    )
}

/// The tax on `income` at `rate` kronor per 100 kr, in whole kronor
/// (rounded half away from zero).
pub fn tax(income: Decimal, rate: Decimal) -> Option<Decimal> {
    Some(
        income
            .checked_mul(rate)?
            .checked_div(Decimal::ONE_HUNDRED)?
            .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn ds(v: &[&str]) -> Vec<Decimal> {
        v.iter().map(|s| d(s)).collect()
    }

    #[test]
    fn the_figures_add_up_to_exactly_the_whole() {
        // Three equal parts: 33,3 + 33,3 + 33,3 leaves 0,1 for the first.
        let split3 = split(&ds(&["1", "1", "1"]), d("100"), 1).unwrap();
        assert_eq!(split3, ds(&["33.4", "33.3", "33.3"]));
        // The operating budget of the book in this repository, 2026.
        let drift = ds(&[
            "1017829", "266636", "393467", "1138326", "17841", "85940", "148695", "5045",
        ]);
        let shares = split(&drift, d("100"), 1).unwrap();
        assert_eq!(shares.iter().copied().sum::<Decimal>(), d("100.0"));
        assert_eq!(
            shares,
            ds(&["33.1", "8.7", "12.8", "37.0", "0.6", "2.8", "4.8", "0.2"])
        );
    }

    #[test]
    fn no_figure_is_more_than_one_unit_from_its_exact_share() {
        let weights = ds(&["7", "13", "29", "1", "0", "50.5"]);
        let sum: Decimal = weights.iter().copied().sum();
        let shares = split(&weights, d("100"), 1).unwrap();
        assert_eq!(shares.iter().copied().sum::<Decimal>(), d("100"));
        for (w, s) in weights.iter().zip(&shares) {
            let exact = w * d("100") / sum;
            assert!((exact - s).abs() < d("0.1"), "{w}: {s} against {exact}");
        }
    }

    #[test]
    fn nothing_to_split_gives_no_figures() {
        assert_eq!(split(&ds(&["0", "0"]), d("100"), 1), None);
        assert_eq!(split(&ds(&["5", "-1"]), d("100"), 1), None);
        assert_eq!(split(&[], d("100"), 1), None);
    }

    #[test]
    fn tax_is_income_times_the_rate_per_hundred_in_whole_kronor() {
        assert_eq!(tax(d("400000"), d("21.36")), Some(d("85440")));
        assert_eq!(tax(d("250001"), d("20.5")), Some(d("51250")));
        // Split in whole kronor, the rows add up to the tax.
        let kronor = split(&ds(&["3", "1"]), d("85441"), 0).unwrap();
        assert_eq!(kronor, ds(&["64081", "21360"]));
    }
}
