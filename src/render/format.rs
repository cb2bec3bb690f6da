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
    (row, column): (&Row, usize),
    block: &Table,
    language: Language,
    negatives: Negatives,
) -> Option<String> {
    if figure.nil {
        return Some("\u{2013}".into());
    }
    figure
        .value
        .map(|value| in_unit(value, (row, column), block, language, negatives))
}

/// A stated figure with its unit named, for a line read away from its
/// table (a citation, a key figure): `266 636 tkr`, `4,3 %`, `1,2 mdkr`.
pub fn with_unit(
    figure: &Figure,
    (row, column): (&Row, usize),
    block: &Table,
    language: Language,
    negatives: Negatives,
) -> Option<String> {
    let text = stated(figure, (row, column), block, language, negatives)?;
    let unit = block.unit_of(row, column);
    let named = unit != block.unit.as_deref();
    Some(match unit {
        Some(unit) if unit != "%" && !named && !figure.nil => {
            with_unit_named(&text, unit, language)
        }
        _ => text,
    })
}

/// A figure's text with its unit as a reader of `language` writes it: in
/// English a currency's sign before the figure and its scale after
/// (`£212.39`, `£14,962k`, `(£1.2m)`), else the unit after a no-break
/// space (`266 636 tkr`, `12 pupils`).
pub fn with_unit_named(text: &str, unit: &str, language: Language) -> String {
    let sign = unit.chars().next().filter(|c| matches!(c, '£' | '$' | '€'));
    let (Language::English, Some(sign)) = (language, sign) else {
        return format!("{text}\u{a0}{unit}");
    };
    let scale = match &unit[sign.len_utf8()..] {
        "000" | "k" => "k",
        other => other,
    };
    // The sign goes inside the brackets or after the minus of a negative.
    let (open, figure, close) = match text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        Some(inner) => ("(", inner, ")"),
        None => match text.strip_prefix('-') {
            Some(rest) => ("-", rest, ""),
            None => ("", text, ""),
        },
    };
    format!("{open}{sign}{figure}{scale}{close}")
}

/// A change with its sign: `+7,1`, `−5`: `text`, the figure `value`
/// written, with a `+` before it above zero.
pub fn signed(text: String, value: Decimal) -> String {
    if value.is_sign_positive() && !value.is_zero() {
        format!("+{text}")
    } else {
        text
    }
}

/// A figure with a negative written as the book asks (`−24,6 %`, or
/// `(24.6%)` with `negatives = "parentheses"`): a stated figure and the
/// views beside it alike.
pub fn negative_as_book(
    value: Decimal,
    unit: Option<&str>,
    language: Language,
    negatives: Negatives,
) -> String {
    match negatives {
        Negatives::Parentheses if value.is_sign_negative() && !value.is_zero() => {
            format!("({})", figure(value.abs(), unit, language))
        }
        _ => figure(value, unit, language),
    }
}

/// A figure of `row` in `column`, stated or computed, as [`stated`] shows
/// it.
pub fn in_unit(
    value: Decimal,
    (row, column): (&Row, usize),
    block: &Table,
    language: Language,
    negatives: Negatives,
) -> String {
    let unit = block.unit_of(row, column);
    let own_unit = unit != block.unit.as_deref() && unit != Some("%");
    let mut text = negative_as_book(value, unit, language, negatives);
    if let (true, Some(unit)) = (own_unit, unit) {
        text = with_unit_named(&text, unit, language);
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
    fn an_english_currency_sign_stands_before_the_figure_and_its_scale_after() {
        let en = Language::English;
        assert_eq!(with_unit_named("212.39", "£", en), "£212.39");
        assert_eq!(with_unit_named("14,962", "£000", en), "£14,962k");
        assert_eq!(with_unit_named("(1,234)", "£k", en), "(£1,234k)");
        assert_eq!(with_unit_named("-1.2", "$m", en), "-$1.2m");
        assert_eq!(with_unit_named("3", "€bn", en), "€3bn");
        assert_eq!(with_unit_named("12", "pupils", en), "12\u{a0}pupils");
        let sv = Language::Swedish;
        assert_eq!(
            with_unit_named("266\u{a0}636", "tkr", sv),
            "266\u{a0}636\u{a0}tkr"
        );
        assert_eq!(with_unit_named("12", "£", sv), "12\u{a0}£");
    }

    #[test]
    fn english_style() {
        let en = Language::English;
        assert_eq!(number(d("-3058"), en), "-3,058");
        assert_eq!(number(d("1017829.5"), en), "1,017,829.5");
        assert_eq!(figure(d("4.3"), Some("%"), en), "4.3%");
    }
}
