//! Reading figures exactly as written: `-3058`, `0.155`, `"1 017 829"`,
//! `"0,155"`, `"−148"`. Never through a float.

use rust_decimal::Decimal;

/// Characters accepted between digit groups: space, no-break space,
/// narrow no-break space and thin space, as Swedish typography uses them.
const GROUP_SEPARATORS: [char; 4] = [' ', '\u{a0}', '\u{202f}', '\u{2009}'];

/// Parses a figure. `.` and `,` are both decimal separators (a comma is never
/// a thousands separator: "1,017" would be ambiguous); digit groups are
/// separated by spaces and must have three digits each.
pub fn parse(text: &str) -> Option<Decimal> {
    let text = text.trim();
    let (negative, unsigned) = match text.chars().next()? {
        '-' | '\u{2212}' => (true, &text[text.chars().next()?.len_utf8()..]),
        '+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (integer, fraction) = match unsigned.find(['.', ',']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let groups: Vec<&str> = integer.split(GROUP_SEPARATORS).collect();
    let first_ok = !groups[0].is_empty() && (groups.len() == 1 || groups[0].len() <= 3);
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let digits_ok = groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    let fraction_ok =
        fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    if !(first_ok && rest_ok && digits_ok && fraction_ok) {
        return None;
    }
    let mut plain = String::with_capacity(text.len());
    if negative {
        plain.push('-');
    }
    plain.extend(groups);
    if let Some(fraction) = fraction {
        plain.push('.');
        plain.push_str(fraction);
    }
    // Exact or nothing: a figure with more digits than a decimal holds is
    // refused, never rounded.
    Decimal::from_str_exact(&plain).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
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
    fn refuses_what_is_not_a_figure() {
        for text in [
            "",
            "-",
            "abc",
            "1e3",
            "0x10",
            "1,017,829",
            "1 01",
            "12 3456",
            "1.",
            ".5",
            "1..2",
            "4,3 %",
            "NaN",
            "1 017 829 kr",
            "--1",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
