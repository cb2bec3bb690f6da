//! What validation found: a verdict per derived figure, and how many were
//! checked.

use rust_decimal::{Decimal, RoundingStrategy};

use super::Baseline;
use crate::budget::goals::GoalOutcome;

/// What validation found for one derived figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Not derived, or no figure stated: nothing to compare.
    Unchecked,
    /// A figure it is computed from is missing: stated, but not checked
    /// (reported as `unchecked`).
    Missing,
    Agrees,
    /// Within the block's tolerance.
    Rounding {
        computed: Decimal,
    },
    Differs {
        computed: Decimal,
    },
    /// Differs, and kept as the source prints it (`as-published`).
    AsPublished {
        computed: Decimal,
    },
}

impl Verdict {
    /// Whether the figure carries a note on the page: a difference, a
    /// figure kept as published, or a total that could not be checked.
    pub fn has_note(self) -> bool {
        !matches!(self, Verdict::Unchecked | Verdict::Agrees)
    }
}

/// How many derived figures (stated sums and formula results, checks and
/// goals, column by column) were checked.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    /// Computed and compared: agreeing, within tolerance, or not.
    pub checked: usize,
    /// Not computed because a figure they need is missing.
    pub unchecked: usize,
    /// Differing and kept as published, with the reason.
    pub as_published: usize,
}

impl Coverage {
    pub fn total(&self) -> usize {
        self.checked + self.unchecked + self.as_published
    }

    /// "312 of 315 derived figures checked; 3 unchecked: a figure or column is missing"
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{} of {} derived figures checked",
            self.checked,
            self.total()
        );
        if self.as_published > 0 {
            text.push_str(&format!(
                "; {} kept as published, with the reason",
                self.as_published
            ));
        }
        if self.unchecked > 0 {
            text.push_str(&format!(
                "; {} unchecked: a figure or column is missing",
                self.unchecked
            ));
        }
        text
    }
}

/// What validation found, per block in the order given.
#[derive(Debug, Default)]
pub struct Verdicts {
    pub blocks: Vec<BlockVerdicts>,
    pub coverage: Coverage,
}

impl Verdicts {
    /// The book's goals as `check` and `build` sum them up: how many can
    /// be decided in some year, and of those how many are met in every
    /// year they can be, and the blocks' goals that are not (by index of
    /// block and goal). `None` for a book without goals.
    pub fn goals(&self) -> Option<GoalCount> {
        let mut count = GoalCount::default();
        let mut any = false;
        for (b, found) in self.blocks.iter().enumerate() {
            let BlockVerdicts::Goals(goals) = found else {
                continue;
            };
            any = true;
            for (g, outcomes) in goals.iter().enumerate() {
                match crate::budget::goals::met_every_year(outcomes) {
                    Some(true) => count.met += 1,
                    Some(false) => count.not_met.push((b, g)),
                    None => continue,
                }
                count.decided += 1;
            }
        }
        any.then_some(count)
    }
}

/// How the book's goals stand (see [`Verdicts::goals`]).
#[derive(Debug, Default, Clone)]
pub struct GoalCount {
    pub decided: usize,
    pub met: usize,
    /// Block and goal index of each goal not met in some year.
    pub not_met: Vec<(usize, usize)>,
}

/// What validation found in one block, by the block's kind.
#[derive(Debug)]
pub enum BlockVerdicts {
    Table(TableVerdicts),
    /// Per goal, per column.
    Goals(Vec<Vec<GoalOutcome>>),
    /// A decision record states no figures.
    Decision,
}

#[derive(Debug, Default)]
pub struct TableVerdicts {
    /// Per row, per column.
    pub cells: Vec<Vec<Verdict>>,
    /// The figures the table is compared with, if any.
    pub baseline: Option<Baseline>,
}

impl BlockVerdicts {
    /// A table's verdicts per row and column; none for other kinds.
    pub fn cells(&self) -> &[Vec<Verdict>] {
        match self {
            BlockVerdicts::Table(t) => &t.cells,
            _ => &[],
        }
    }

    pub fn baseline(&self) -> Option<&Baseline> {
        match self {
            BlockVerdicts::Table(t) => t.baseline.as_ref(),
            _ => None,
        }
    }

    pub fn goals(&self) -> &[Vec<GoalOutcome>] {
        match self {
            BlockVerdicts::Goals(g) => g,
            _ => &[],
        }
    }
}

/// Stated and computed agree when the computed value, rounded to the stated
/// value's decimals, equals it; within `tolerance` it is rounding.
pub fn compare(stated: Decimal, computed: Decimal, tolerance: Decimal) -> Verdict {
    let rounded =
        computed.round_dp_with_strategy(stated.scale(), RoundingStrategy::MidpointAwayFromZero);
    let difference = (stated - rounded).abs();
    if difference.is_zero() {
        Verdict::Agrees
    } else if difference <= tolerance {
        Verdict::Rounding { computed }
    } else {
        Verdict::Differs { computed }
    }
}

/// Of two verdicts on one figure (its row's derivation and its column's
/// formula), the one that says more is wrong.
pub(super) fn worse(a: Verdict, b: Verdict) -> Verdict {
    let rank = |v: &Verdict| match v {
        Verdict::Unchecked => 0,
        Verdict::Agrees => 1,
        Verdict::Missing => 2,
        Verdict::Rounding { .. } => 3,
        Verdict::AsPublished { .. } => 4,
        Verdict::Differs { .. } => 5,
    };
    if rank(&b) > rank(&a) {
        b
    } else {
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn rounding_is_judged_at_the_stated_precision() {
        assert_eq!(compare(d("4.3"), d("4.2612"), d("1")), Verdict::Agrees);
        assert_eq!(
            compare(d("143"), d("144"), d("1")),
            Verdict::Rounding { computed: d("144") }
        );
        assert_eq!(
            compare(d("143"), d("145"), d("1")),
            Verdict::Differs { computed: d("145") }
        );
        assert_eq!(
            compare(d("143"), d("144"), d("0")),
            Verdict::Differs { computed: d("144") }
        );
        assert_eq!(compare(d("0.3"), d("0.25"), d("0")), Verdict::Agrees);
        assert_eq!(compare(d("-0.3"), d("-0.25"), d("0")), Verdict::Agrees);
    }
}
