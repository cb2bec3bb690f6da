//! Text extents without fonts: advance widths of a common sans-serif
//! (Helvetica/Arial metrics, in 1/1000 em), so that layouts can keep labels
//! apart. Letters with diacritics measure as their base letter — å as a —
//! rather than by their UTF-8 length.

fn advance(c: char) -> u32 {
    let base = match c {
        'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
        'ö' | 'ø' | 'ò' | 'ó' | 'ô' => 'o',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'ü' | 'ú' | 'ù' => 'u',
        'Å' | 'Ä' | 'À' | 'Á' => 'A',
        'Ö' | 'Ø' | 'Ó' => 'O',
        'É' | 'È' => 'E',
        'Ü' => 'U',
        c => c,
    };
    match base {
        'f' | 't' | 'I' | ' ' | '\u{a0}' | '.' | ',' | ':' | ';' | '/' | '!' | '\'' => 278,
        'i' | 'j' | 'l' | '|' => 222,
        'r' | '-' | '(' | ')' | '[' | ']' | '"' | '*' => 333,
        'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' | 'J' => 500,
        'm' | 'M' => 833,
        'w' => 722,
        'W' => 944,
        '%' => 889,
        '\u{2212}' | '+' | '=' | '<' | '>' => 584,
        '–' => 556,
        '—' => 1000,
        '\u{202f}' | '\u{2009}' => 167,
        'A' | 'B' | 'E' | 'K' | 'P' | 'S' | 'V' | 'X' | 'Y' | '&' => 667,
        'C' | 'D' | 'H' | 'N' | 'R' | 'U' => 722,
        'F' | 'T' | 'Z' => 611,
        'G' | 'O' | 'Q' => 778,
        'L' => 556,
        c if c.is_ascii_lowercase() || c.is_ascii_digit() => 556,
        _ => 600,
    }
}

/// Readers' fonts differ: DejaVu Sans, the fallback on many Linux systems,
/// is up to 15 % wider than Arial. Layouts plan for the widest.
const WIDEST_FONT: f64 = 1.15;

/// The width of `text` at `size` px; bold text is about 8 % wider.
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    let units: u32 = text.chars().map(advance).sum();
    let width = f64::from(units) / 1000.0 * size * WIDEST_FONT;
    if bold {
        width * 1.08
    } else {
        width
    }
}

/// Breaks `text` into lines no wider than `max_width`, at spaces.
pub fn wrap(text: &str, size: f64, bold: bool, max_width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split(' ') {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if !current.is_empty() && width(&candidate, size, bold) > max_width {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        } else {
            current = candidate;
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// `text`, cut with an ellipsis to fit `max_width`.
pub fn truncate(text: &str, size: f64, bold: bool, max_width: f64) -> String {
    if width(text, size, bold) <= max_width {
        return text.to_string();
    }
    let mut cut: String = text.to_string();
    while !cut.is_empty() && width(&format!("{cut}…"), size, bold) > max_width {
        cut.pop();
    }
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_measure_as_their_base_letters() {
        assert_eq!(
            width("Överförmyndarnämnden", 10.0, false),
            width("Overformyndarnamnden", 10.0, false)
        );
        assert!(width("mmm", 10.0, false) > width("iii", 10.0, false));
    }

    #[test]
    fn wraps_at_spaces() {
        let lines = wrap(
            "Summa eget kapital, avsättningar och skulder",
            14.0,
            false,
            150.0,
        );
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 14.0, false) <= 150.0));
        assert_eq!(
            lines.join(" "),
            "Summa eget kapital, avsättningar och skulder"
        );
    }
}
