//! Figures as a reader expects them: CLDR's Swedish style (`−3 058`,
//! `4,3 %`, no-break space between digit groups, U+2212 minus) or English
//! style (`-3,058`, `4.3%`).

use rust_decimal::Decimal;

use crate::budget::{Figure, Row, Table};
use crate::load::{Language, Negatives};

struct Style {
    group: &'static str,
    decimal: char,
    minus: &'static str,
    percent: &'static str,
}

fn style(language: Language) -> Style {
    match language {
        Language::Swedish => Style {
            group: "\u{a0}",
            decimal: ',',
            minus: "\u{2212}",
            percent: "\u{a0}%",
        },
        Language::English => Style {
            group: ",",
            decimal: '.',
            minus: "-",
            percent: "%",
        },
    }
}

/// The number with its stated decimals, grouped and signed for `language`.
pub fn number(value: Decimal, language: Language) -> String {
    let style = style(language);
    let plain = value.abs().to_string();
    let (integer, fraction) = match plain.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (plain.as_str(), None),
    };
    let mut out = String::with_capacity(plain.len() + 8);
    if value.is_sign_negative() && !value.is_zero() {
        out.push_str(style.minus);
    }
    for (i, digit) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i) % 3 == 0 {
            out.push_str(style.group);
        }
        out.push(digit);
    }
    if let Some(fraction) = fraction {
        out.push(style.decimal);
        out.push_str(fraction);
    }
    out
}

/// A figure in its unit: percentages carry their sign (`4,3 %`); other units
/// are named in the table caption, not in every cell.
pub fn figure(value: Decimal, unit: Option<&str>, language: Language) -> String {
    let mut text = number(value, language);
    if unit == Some("%") {
        text.push_str(style(language).percent);
    }
    text
}

/// A stated figure as a table or the text shows it: a nil dash as a dash,
/// in its row's unit wherever that differs from the table's (so that a row
/// in `mdkr` in an `mnkr` table never reads a thousand times too small), and
/// negatives as the book asks.
pub fn stated(
    figure: &Figure,
    row: &Row,
    block: &Table,
    language: Language,
    negatives: Negatives,
) -> Option<String> {
    if figure.nil {
        return Some("\u{2013}".into());
    }
    figure
        .value
        .map(|value| in_unit(value, row, block, language, negatives))
}

/// A stated figure with its unit named, for a line read away from its
/// table (a citation, a key figure): `266 636 tkr`, `4,3 %`, `1,2 mdkr`.
pub fn with_unit(
    figure: &Figure,
    row: &Row,
    block: &Table,
    language: Language,
    negatives: Negatives,
) -> Option<String> {
    let text = stated(figure, row, block, language, negatives)?;
    let unit = row.unit.as_deref().or(block.unit.as_deref());
    let named = row.unit.is_some() && row.unit != block.unit;
    Some(match unit {
        Some(unit) if unit != "%" && !named && !figure.nil => format!("{text}\u{a0}{unit}"),
        _ => text,
    })
}

/// A figure of `row`, stated or computed, as [`stated`] shows it.
pub fn in_unit(
    value: Decimal,
    row: &Row,
    block: &Table,
    language: Language,
    negatives: Negatives,
) -> String {
    let unit = row.unit.as_deref().or(block.unit.as_deref());
    let own_unit = row.unit.is_some() && row.unit != block.unit && unit != Some("%");
    let mut text = match negatives {
        Negatives::Parentheses if value.is_sign_negative() && !value.is_zero() => {
            format!("({})", figure(value.abs(), unit, language))
        }
        _ => figure(value, unit, language),
    };
    if let (true, Some(unit)) = (own_unit, unit) {
        text.push('\u{a0}');
        text.push_str(unit);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn swedish_style() {
        let sv = Language::Swedish;
        assert_eq!(number(d("-3058"), sv), "\u{2212}3\u{a0}058");
        assert_eq!(number(d("1017829"), sv), "1\u{a0}017\u{a0}829");
        assert_eq!(number(d("0.155"), sv), "0,155");
        assert_eq!(number(d("785"), sv), "785");
        assert_eq!(number(d("-0"), sv), "0");
        assert_eq!(figure(d("4.3"), Some("%"), sv), "4,3\u{a0}%");
        assert_eq!(figure(d("4.30"), Some("mnkr"), sv), "4,30");
    }

    #[test]
    fn english_style() {
        let en = Language::English;
        assert_eq!(number(d("-3058"), en), "-3,058");
        assert_eq!(number(d("1017829.5"), en), "1,017,829.5");
        assert_eq!(figure(d("4.3"), Some("%"), en), "4.3%");
    }
}
