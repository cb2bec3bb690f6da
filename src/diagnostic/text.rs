//! Text for messages: escaped for the terminal, counts and numbers with
//! thousands,//! and "did you mean" suggestions.

use std::borrow::Cow;

/// Messages are cut to this many characters on the terminal: the text from
/// the book they quote can be of any length.
const MAX_MESSAGE_CHARS: usize = 400;

/// "1 warning", "2 warnings": a count with its noun in the right number.
pub fn counted(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// `text` as a terminal may show it: control characters escaped
/// ([`escape_controls`]), and cut to [`MAX_MESSAGE_CHARS`] with `…`.
pub fn for_terminal(text: &str) -> String {
    let escaped = escape_controls(text);
    match escaped.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}…", &escaped[..cut]),
        None => escaped.into_owned(),
    }
}

/// `text` with control characters, and the bidirectional overrides that can
/// disguise text, written as `\u{1b}`: text from a book must not drive the
/// terminal it is reported on. Line breaks and tabs are kept.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        push_escaped(&mut escaped, c);
    }
    Cow::Owned(escaped)
}

/// Appends `c` to `out`, escaped as [`escape_controls`] does.
pub fn push_escaped(out: &mut String, c: char) {
    if needs_escape(c) {
        out.extend(c.escape_unicode());
    } else {
        out.push(c);
    }
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `4812` as `4,812`.
pub(crate) fn with_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The closest candidate within a small edit distance: for "did you mean".
pub fn suggest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let limit = (wrong.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(wrong, c), c))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, c)| c.to_string())
}

/// Edits between two words, two neighbouring letters swapped counting as
/// one (`bnu` is one from `bun`), as typing slips them.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_long_messages_cut() {
        assert_eq!(
            escape_controls("a\x1b[31mb\tc\nd\u{9b}\u{202e}"),
            "a\\u{1b}[31mb\tc\nd\\u{9b}\\u{202e}"
        );
        assert!(matches!(
            escape_controls("Årets resultat"),
            Cow::Borrowed(_)
        ));
        let long = for_terminal(&"å".repeat(1000));
        assert_eq!(long.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(long.ends_with("å…"));
    }

    #[test]
    fn suggests_the_closest_id() {
        let ids = ["skatteintakter", "statsbidrag", "avskrivningar"];
        assert_eq!(suggest("skatteintakt", ids), Some("skatteintakter".into()));
        assert_eq!(suggest("statsbidarg", ids), Some("statsbidrag".into()));
        assert_eq!(suggest("zzz", ids), None);
        // Two letters swapped are one slip, in a short id too.
        assert_eq!(suggest("bnu", ["bun", "ks", "son"]), Some("bun".into()));
    }
}
