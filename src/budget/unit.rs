//! Units of money: each unit a table may be written in, with its currency
//! and factor. The one place that knows them; the per-capita view and the
//! data package both read them here.

use rust_decimal::Decimal;

/// What an amount in a unit of money is: `factor` units of `currency`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    /// ISO 4217 code.
    pub currency: &'static str,
    pub factor: u64,
}

impl Money {
    pub fn factor(self) -> Decimal {
        Decimal::from(self.factor)
    }
}

const THOUSAND: u64 = 1_000;
const MILLION: u64 = 1_000_000;
const BILLION: u64 = 1_000_000_000;

/// Every known unit, in the order the help lists them. `£000` and `£k`
/// are both thousands, as British accounts write them.
const UNITS: [(&str, &str, u64); 19] = [
    ("kr", "SEK", 1),
    ("tkr", "SEK", THOUSAND),
    ("mnkr", "SEK", MILLION),
    ("mdkr", "SEK", BILLION),
    ("£", "GBP", 1),
    ("£000", "GBP", THOUSAND),
    ("£k", "GBP", THOUSAND),
    ("£m", "GBP", MILLION),
    ("£bn", "GBP", BILLION),
    ("$", "USD", 1),
    ("$000", "USD", THOUSAND),
    ("$k", "USD", THOUSAND),
    ("$m", "USD", MILLION),
    ("$bn", "USD", BILLION),
    ("€", "EUR", 1),
    ("€000", "EUR", THOUSAND),
    ("€k", "EUR", THOUSAND),
    ("€m", "EUR", MILLION),
    ("€bn", "EUR", BILLION),
];

/// The money a unit stands for; `None` for `%`, counts and any unit not
/// in the table, which are shown as written and never converted.
pub fn money(unit: &str) -> Option<Money> {
    UNITS
        .iter()
        .find(|(name, _, _)| *name == unit)
        .map(|&(_, currency, factor)| Money { currency, factor })
}

/// The known units, as a help text lists them: "`kr`, `tkr`, …".
pub fn known() -> String {
    UNITS
        .iter()
        .map(|(name, _, _)| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_unit_has_its_currency_and_factor() {
        assert_eq!(
            money("tkr"),
            Some(Money {
                currency: "SEK",
                factor: 1_000
            })
        );
        assert_eq!(
            money("£m"),
            Some(Money {
                currency: "GBP",
                factor: 1_000_000
            })
        );
        assert_eq!(
            money("$000").map(|m| (m.currency, m.factor)),
            Some(("USD", 1_000))
        );
        assert_eq!(
            money("€bn").map(|m| m.factor()),
            Some(Decimal::from(BILLION))
        );
        for not_money in ["%", "FTE", "", "£M", "Tkr"] {
            assert_eq!(money(not_money), None, "{not_money}");
        }
        assert!(known().starts_with("`kr`, `tkr`, `mnkr`, `mdkr`, `£`, `£000`"));
    }
}
