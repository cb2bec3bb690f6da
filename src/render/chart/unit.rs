//! The value axis's title in the unit's own words: an amount of money
//! ("Belopp i mnkr", "Amount in £m"), per cent, a count ("Antal invånare",
//! "Number of people"), or any other unit as written ("kWh").

use crate::render::strings::Strings;

/// What a unit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    Money,
    Percent,
    /// Things counted, named by the unit ("invånare").
    Count,
    /// A count that the unit does not name ("st").
    Number,
    Other,
}

const CURRENCY_SIGNS: [char; 5] = ['£', '$', '€', '¥', '¤'];

/// Words of a unit that make it money: Swedish kronor at any scale, and
/// currency codes.
const MONEY_WORDS: [&str; 20] = [
    "kr", "tkr", "mkr", "mnkr", "mdkr", "mdr", "kronor", "sek", "tsek", "ksek", "msek", "eur",
    "teur", "keur", "meur", "euro", "usd", "gbp", "nok", "dkk",
];

/// Plural nouns of people and things counted, Swedish and English.
const COUNT_WORDS: [&str; 38] = [
    "invånare",
    "personer",
    "elever",
    "barn",
    "anställda",
    "årsarbetare",
    "medarbetare",
    "platser",
    "lägenheter",
    "bostäder",
    "besök",
    "brukare",
    "deltagare",
    "hushåll",
    "individer",
    "ärenden",
    "timmar",
    "dagar",
    "people",
    "persons",
    "residents",
    "inhabitants",
    "pupils",
    "students",
    "children",
    "employees",
    "staff",
    "fte",
    "places",
    "homes",
    "households",
    "visits",
    "users",
    "participants",
    "cases",
    "hours",
    "days",
    "beds",
];

/// Units that say only that something is counted.
const NUMBER_WORDS: [&str; 5] = ["st", "stycken", "antal", "number", "count"];

pub fn kind(unit: &str) -> UnitKind {
    let lower = unit.trim().to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if lower == "%" || matches!(lower.as_str(), "procent" | "per cent" | "percent") {
        UnitKind::Percent
    } else if lower.contains(CURRENCY_SIGNS) || words.iter().any(|w| MONEY_WORDS.contains(w)) {
        UnitKind::Money
    } else if words.len() == 1 && NUMBER_WORDS.contains(&words[0]) {
        UnitKind::Number
    } else if words.first().is_some_and(|w| COUNT_WORDS.contains(w)) {
        UnitKind::Count
    } else {
        UnitKind::Other
    }
}

/// The value axis's title for figures in `unit`.
pub fn axis_title(unit: &str, strings: &Strings) -> String {
    match kind(unit) {
        UnitKind::Money => strings.get("chart-unit").replace("{unit}", unit),
        UnitKind::Percent => strings.get("chart-percent").to_string(),
        UnitKind::Count => strings.get("chart-count").replace("{unit}", unit),
        UnitKind::Number => strings.get("chart-count-bare").to_string(),
        UnitKind::Other => unit.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_told_apart_by_what_they_measure() {
        for unit in [
            "kr",
            "tkr",
            "mnkr",
            "mdkr",
            "£m",
            "£000",
            "£",
            "$bn",
            "MSEK",
            "kr/invånare",
            "tusen kronor",
        ] {
            assert_eq!(kind(unit), UnitKind::Money, "{unit}");
        }
        for unit in ["%", "procent"] {
            assert_eq!(kind(unit), UnitKind::Percent, "{unit}");
        }
        for unit in ["invånare", "personer", "people", "pupils", "FTE"] {
            assert_eq!(kind(unit), UnitKind::Count, "{unit}");
        }
        assert_eq!(kind("st"), UnitKind::Number);
        for unit in ["kWh", "ton", "m²", "år"] {
            assert_eq!(kind(unit), UnitKind::Other, "{unit}");
        }
    }
}
