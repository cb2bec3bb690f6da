//! Reading figures exactly as budgets print them, never through a float:
//! `-3058`, `"1 017 829"`, `"0,155"` in Swedish style; `"52,310"`,
//! `"1,204.75"` in English style; `"(2 450)"`, `"– 0,4"`, `"6,5 %"`,
//! `"£12.50"` in both. A figure is read exactly or refused with the reason:
//! a comma that could be read two ways is never guessed at.

use rust_decimal::Decimal;
use serde::Deserialize;

/// How a table writes its figures: the book's `[budget] number-style`
/// (default: the book's language), or a block's `number-style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NumberStyle {
    /// Digit groups by space, decimal comma (a decimal point is read too).
    #[default]
    Sv,
    /// Digit groups by comma, decimal point.
    En,
}

impl NumberStyle {
    pub fn name(self) -> &'static str {
        match self {
            NumberStyle::Sv => "sv",
            NumberStyle::En => "en",
        }
    }
}

/// What the reader of a figure knows besides its text.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    pub style: NumberStyle,
    /// Symbols and codes of the book's currency (`kr`, `SEK`; `£`, `GBP`).
    pub currency: &'a [&'a str],
    /// Whether the figure's row is in `%`, so that a `%` sign may follow.
    pub percent: bool,
    /// Whether the figure is in thousands, millions or billions of the
    /// currency (`tkr`, `£000`), so that the currency's own mark on it
    /// (`12 500 kr`) would say it is in single kronor or pounds.
    pub scaled: bool,
    /// Whether the figure is a table's, as typed or pasted from a document,
    /// where in Swedish style a dot before three digits may group thousands
    /// (`41.300`); elsewhere (settings, formulas) a dot is YAML's decimal
    /// point.
    pub stated: bool,
}

impl Reader<'_> {
    /// Plain figures in `style`: no currency, no `%`.
    pub fn plain(style: NumberStyle) -> Reader<'static> {
        Reader {
            style,
            currency: &[],
            percent: false,
            scaled: false,
            stated: false,
        }
    }
}

/// A figure as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Figure(Decimal),
    /// A dash alone: nil, i.e. zero, shown as a dash as statistics offices
    /// print it.
    Nil,
}

/// Why a text is not read as a figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotANumber,
    /// Could be read as two different numbers; the reason says how.
    Ambiguous(String),
    /// A `%` after a figure in a row that is not in `%`.
    PercentOutsidePercentRow,
    /// The currency's own mark (`kr`, `£`) on a figure in thousands or
    /// millions of it.
    CurrencyInScaledUnit,
}

/// Spaces that may group digits: space, no-break space, narrow no-break
/// space and thin space, as typography uses them.
const GROUP_SPACES: [char; 4] = [' ', '\u{a0}', '\u{202f}', '\u{2009}'];

/// Minus signs as budgets print them: hyphen-minus, U+2212 and the en dash
/// that PDF exports put in their place.
const MINUS_SIGNS: [char; 3] = ['-', '\u{2212}', '\u{2013}'];

/// A dash alone: nil.
const DASHES: [&str; 4] = ["-", "\u{2013}", "\u{2014}", "\u{2212}"];

/// The marks of a currency that may stand before or after its figures.
pub fn currency_marks(code: &str) -> &'static [&'static str] {
    match code {
        "SEK" => &["SEK", "kr.", "kr", ":-"],
        "NOK" => &["NOK", "kr.", "kr"],
        "DKK" => &["DKK", "kr.", "kr"],
        "GBP" => &["GBP", "£"],
        "USD" => &["USD", "US$", "$"],
        "EUR" => &["EUR", "€"],
        _ => &[],
    }
}

/// Reads a figure as written in a table.
pub fn read(text: &str, reader: &Reader) -> Result<Written, Refusal> {
    let text = trim(text);
    if DASHES.contains(&text) {
        return Ok(Written::Nil);
    }
    let mut negative = false;
    let mut body = text;
    if let Some(inner) = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
        negative = true;
        body = trim(inner);
    }
    let mut signed = false;
    let mut take_sign = |body: &mut &str, negative: &mut bool| -> Result<(), Refusal> {
        let Some(first) = body.chars().next() else {
            return Ok(());
        };
        let minus = MINUS_SIGNS.contains(&first);
        if minus || first == '+' {
            if signed || *negative {
                return Err(Refusal::NotANumber);
            }
            signed = true;
            *negative = minus;
            *body = trim(&body[first.len_utf8()..]);
        }
        Ok(())
    };
    take_sign(&mut body, &mut negative)?;
    let mut marked = false;
    if let Some(rest) = strip_currency_prefix(body, reader.currency) {
        marked = true;
        body = rest;
        take_sign(&mut body, &mut negative)?;
    }
    if let Some(rest) = body.strip_suffix('%') {
        if !reader.percent {
            return Err(Refusal::PercentOutsidePercentRow);
        }
        body = trim(rest);
    } else if let Some(rest) = strip_currency_suffix(body, reader.currency) {
        marked = true;
        body = rest;
    }
    let value = digits(body, reader.style, reader.stated)?;
    if marked && reader.scaled {
        return Err(Refusal::CurrencyInScaledUnit);
    }
    Ok(Written::Figure(if negative { -value } else { value }))
}

/// A figure in plain Swedish or YAML style, as formulas and settings write
/// them: `-3058`, `0.155`, `"1 017 829"`, `"0,155"`, `"−148"`.
pub fn parse(text: &str) -> Option<Decimal> {
    parse_in(text, NumberStyle::Sv)
}

/// A plain figure in `style`: a dash or anything else that is not a
/// number gives `None`.
pub fn parse_in(text: &str, style: NumberStyle) -> Option<Decimal> {
    match read(text, &Reader::plain(style)) {
        Ok(Written::Figure(value)) => Some(value),
        _ => None,
    }
}

fn trim(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace())
}

fn strip_currency_prefix<'t>(body: &'t str, marks: &[&str]) -> Option<&'t str> {
    marks
        .iter()
        .find_map(|mark| body.strip_prefix(mark))
        .filter(|rest| {
            rest.starts_with(|c: char| {
                c.is_ascii_digit() || c.is_whitespace() || MINUS_SIGNS.contains(&c)
            })
        })
        .map(trim)
}

fn strip_currency_suffix<'t>(body: &'t str, marks: &[&str]) -> Option<&'t str> {
    marks
        .iter()
        .find_map(|mark| body.strip_suffix(mark))
        .filter(|rest| rest.ends_with(|c: char| c.is_ascii_digit() || c.is_whitespace()))
        .map(trim)
}

/// The digits of a figure, grouped and with a decimal sign as `style`
/// writes them.
fn digits(body: &str, style: NumberStyle, stated: bool) -> Result<Decimal, Refusal> {
    if body.is_empty() {
        return Err(Refusal::NotANumber);
    }
    let commas = body.matches(',').count();
    let points = body.matches('.').count();
    let (integer, fraction) = match style {
        NumberStyle::Sv => {
            if commas + points > 1 {
                return Err(other_style(body, "Swedish"));
            }
            match body.find([',', '.']) {
                // `41.300` is 41 300 where a dot groups thousands (as in
                // Danish and German, and in tables pasted from them), 41,3
                // where it is a decimal point.
                Some(i) if stated && dot_may_group_thousands(body) => {
                    let decimals = body[i + 1..].trim_end_matches('0');
                    let as_decimal = match decimals {
                        "" => body[..i].to_string(),
                        _ => format!("{},{decimals}", &body[..i]),
                    };
                    return Err(Refusal::Ambiguous(format!(
                        "in Swedish style a dot followed by three digits may group thousands, so `{body}` could be {} or {as_decimal}",
                        body.replace('.', " "),
                    )));
                }
                Some(i) => (&body[..i], Some(&body[i + 1..])),
                None => (body, None),
            }
        }
        NumberStyle::En => {
            if points > 1 || body.rfind(',') > body.find('.') && points == 1 {
                return Err(other_style(body, "English"));
            }
            match body.find('.') {
                Some(i) => (&body[..i], Some(&body[i + 1..])),
                None => (body, None),
            }
        }
    };
    let groups: Vec<&str> = match style {
        NumberStyle::En if integer.contains(',') => {
            let groups: Vec<&str> = integer.split(',').collect();
            if !grouped(&groups) {
                return Err(Refusal::Ambiguous(format!(
                    "in English style a comma separates thousands, so `{body}` would need groups of three digits after each comma"
                )));
            }
            groups
        }
        _ => integer.split(GROUP_SPACES).collect(),
    };
    let fraction_ok =
        fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    if !grouped(&groups) || !fraction_ok {
        return Err(Refusal::NotANumber);
    }
    let mut plain: String = groups.concat();
    if let Some(fraction) = fraction {
        plain.push('.');
        plain.push_str(fraction);
    }
    // Exact or nothing: a figure with more digits than a decimal holds is
    // refused, never rounded.
    Decimal::from_str_exact(&plain).map_err(|_| Refusal::NotANumber)
}

/// Whether the digits `body` (no sign) are a group of one to three digits,
/// a dot and three digits: `41.300`, which is 41 300 where a dot groups
/// thousands and 41,3 where it is a decimal point.
pub fn dot_may_group_thousands(body: &str) -> bool {
    body.split_once('.')
        .is_some_and(|(whole, part)| part.len() == 3 && grouped(&[whole, part]))
}

/// Digit groups as written: one group of any length, or a first group of
/// one to three digits (not a lone leading zero) followed by groups of three.
fn grouped(groups: &[&str]) -> bool {
    let all_digits = groups
        .iter()
        .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()));
    all_digits
        && (groups.len() == 1
            || (groups[0].len() <= 3
                && !groups[0].starts_with('0')
                && groups[1..].iter().all(|g| g.len() == 3)))
}

fn other_style(body: &str, style: &str) -> Refusal {
    Refusal::Ambiguous(format!(
        "`{body}` has more than one decimal or group sign of {style} style; it may be written in the other style"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn sv(text: &str) -> Result<Written, Refusal> {
        read(
            text,
            &Reader {
                style: NumberStyle::Sv,
                currency: currency_marks("SEK"),
                percent: false,
                scaled: false,
                stated: true,
            },
        )
    }

    fn en(text: &str) -> Result<Written, Refusal> {
        read(
            text,
            &Reader {
                style: NumberStyle::En,
                currency: currency_marks("GBP"),
                percent: false,
                scaled: false,
                stated: true,
            },
        )
    }

    fn figure(s: &str) -> Result<Written, Refusal> {
        Ok(Written::Figure(d(s)))
    }

    #[test]
    fn reads_yaml_and_swedish_styles_exactly() {
        assert_eq!(parse("-3058"), Some(d("-3058")));
        assert_eq!(parse("0.155"), Some(d("0.155")));
        assert_eq!(parse("0,155"), Some(d("0.155")));
        assert_eq!(parse("1 017 829"), Some(d("1017829")));
        assert_eq!(parse("1\u{a0}017\u{a0}829"), Some(d("1017829")));
        assert_eq!(parse("\u{2212}148"), Some(d("-148")));
        assert_eq!(parse("+5"), Some(d("5")));
        assert_eq!(parse("4.30").unwrap().scale(), 2);
    }

    #[test]
    fn reads_figures_as_budgets_print_them() {
        assert_eq!(sv("(2 450)"), figure("-2450"));
        assert_eq!(sv("– 0,4"), figure("-0.4"));
        assert_eq!(sv("\u{2212} 12"), figure("-12"));
        assert_eq!(sv("-"), Ok(Written::Nil));
        assert_eq!(sv("—"), Ok(Written::Nil));
        assert_eq!(sv("12 500 kr"), figure("12500"));
        assert_eq!(sv("SEK 12 500"), figure("12500"));
        assert_eq!(sv("52,310"), figure("52.310"));
        assert_eq!(en("52,310"), figure("52310"));
        assert_eq!(en("1,204.75"), figure("1204.75"));
        assert_eq!(en("(3.75)"), figure("-3.75"));
        assert_eq!(en("(2,450)"), figure("-2450"));
        assert_eq!(en("£12.50"), figure("12.50"));
        assert_eq!(en("-£12.50"), figure("-12.50"));
        assert_eq!(en("£-12.50"), figure("-12.50"));
        assert_eq!(en("12.50 GBP"), figure("12.50"));
        assert_eq!(en("1 204.75"), figure("1204.75"));
    }

    #[test]
    fn the_currencys_own_mark_is_refused_on_a_figure_in_thousands_of_it() {
        let in_thousands = |style, currency| Reader {
            style,
            currency,
            percent: false,
            scaled: true,
            stated: true,
        };
        let tkr = in_thousands(NumberStyle::Sv, currency_marks("SEK"));
        assert_eq!(read("12 500 kr", &tkr), Err(Refusal::CurrencyInScaledUnit));
        assert_eq!(read("12 500", &tkr), figure("12500"));
        let thousands = in_thousands(NumberStyle::En, currency_marks("GBP"));
        assert_eq!(
            read("£12.50", &thousands),
            Err(Refusal::CurrencyInScaledUnit)
        );
    }

    #[test]
    fn a_dot_before_three_digits_is_refused_in_swedish_style() {
        for text in ["41.300", "1.250", "-12.500"] {
            assert!(
                matches!(sv(text), Err(Refusal::Ambiguous(_))),
                "{text}: {:?}",
                sv(text)
            );
        }
        // A leading zero groups no thousands; other decimals are plain; in
        // settings and formulas a dot is YAML's decimal point.
        assert_eq!(parse("41.300"), Some(d("41.300")));
        assert_eq!(sv("0.155"), figure("0.155"));
        assert_eq!(sv("41.30"), figure("41.30"));
        assert_eq!(sv("41,300"), figure("41.300"));
    }

    #[test]
    fn a_percent_sign_belongs_to_a_percent_row() {
        let percent = Reader {
            style: NumberStyle::Sv,
            currency: &[],
            percent: true,
            scaled: false,
            stated: true,
        };
        assert_eq!(read("6,5 %", &percent), figure("6.5"));
        assert_eq!(read("6,5%", &percent), figure("6.5"));
        assert_eq!(sv("6,5 %"), Err(Refusal::PercentOutsidePercentRow));
    }

    #[test]
    fn a_comma_that_could_be_read_two_ways_is_refused_in_english_style() {
        for text in [
            "2,5",
            "1,23",
            "1,2345",
            "12,34,567",
            "0,155",
            "1.234,5",
            "1,234.5.6",
        ] {
            assert!(
                matches!(en(text), Err(Refusal::Ambiguous(_))),
                "{text:?}: {:?}",
                en(text)
            );
        }
        assert!(matches!(sv("1,017,829"), Err(Refusal::Ambiguous(_))));
        assert!(matches!(sv("1.234,5"), Err(Refusal::Ambiguous(_))));
    }

    #[test]
    fn refuses_what_is_not_a_figure() {
        for text in [
            "",
            "abc",
            "1e3",
            "0x10",
            "1 01",
            "12 3456",
            "0 155",
            "1.",
            ".5",
            "1 017 829 mnkr",
            "--1",
            "-(1)",
            "(-1)",
            "£12",
            "$12",
            "NaN",
            "()",
            "kr",
        ] {
            assert!(sv(text).is_err(), "{text:?}: {:?}", sv(text));
        }
        assert!(en("kr 12").is_err());
    }
}
