//! The words of a page as the search index sees them: plain text out of the
//! rendered HTML, split into lowercase words, with the parts of Swedish
//! compounds.
//!
//! The browser splits a query with the same rule (`search.js`: runs of
//! Unicode letters and digits, lowercased), so a word found here is a word
//! a reader can type.

use std::borrow::Cow;

/// A word this long may be a compound: "förskola", "driftbudget".
const COMPOUND_LENGTH: usize = 8;
/// The shortest first part and the shortest tail of a compound.
const MIN_HEAD: usize = 3;
const MIN_TAIL: usize = 5;
/// Shorter words are not indexed: "i", "å", single digits of a figure.
pub const MIN_WORD: usize = 2;
/// A longer run of letters and digits (a pasted string without spaces, a
/// hash) is indexed by its first this many, and so are the words of a query
/// (`search.js`). Swedish compounds in use stay far below it; the bound keeps
/// a word's entry and its tails small, where every tail of a 40 kB word made
/// an index of gigabytes.
pub const MAX_WORD: usize = 64;

/// The text a reader sees in `html`, with tags removed, character
/// references decoded, and elements marked `aria-hidden="true"` (the `#` of
/// anchor links) or `data-search-ignore` (charts, download links) left out,
/// and so are note markers (a table's `note-ref`, a footnote's number),
/// which would otherwise run into the figure before them ("143¹" as
/// "1431"). Block-level tags become spaces so that words in neighbouring
/// cells do not run together.
///
/// Meant for the HTML this crate renders (well-formed, raw HTML escaped or
/// sanitised), not for arbitrary pages.
pub fn html_text(html: &str) -> String {
    html_items(html, None).0
}

/// Like [`html_text`], with the text of each table row or list item whose
/// id begins with `item_prefix` (a budget table's `block.row`, a decision's
/// `block.item`) apart: the rest of the text, and each item's id and text.
pub fn html_items(html: &str, item_prefix: Option<&str>) -> (String, Vec<(String, String)>) {
    let mut out = String::with_capacity(html.len() / 2);
    let mut items: Vec<(String, String)> = Vec::new();
    // The element whose content is hidden, and the item being read, each
    // with how deep inside it we are.
    let mut hidden: Option<(String, usize)> = None;
    let mut item: Option<(String, usize)> = None;
    let mut rest = html;
    loop {
        let lt = rest.find('<').unwrap_or(rest.len());
        if hidden.is_none() {
            push_decoded(current(&mut out, &mut items, item.is_some()), &rest[..lt]);
        }
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let closing = tag.starts_with('/');
        let name = tag_name(tag);
        if let Some((hidden_name, depth)) = &mut hidden {
            if hidden_name.eq_ignore_ascii_case(name) && nest(depth, closing) {
                hidden = None;
            }
            continue;
        }
        let ignored = tag.contains("aria-hidden=\"true\"")
            || has_attribute(tag, "data-search-ignore")
            || is_note_marker(tag);
        if !closing && ignored && !tag.ends_with('/') {
            hidden = Some((name.to_ascii_lowercase(), 1));
            continue;
        }
        if let Some((item_name, depth)) = &mut item {
            if item_name.eq_ignore_ascii_case(name) && nest(depth, closing) {
                item = None;
            }
        } else if !closing
            && item_prefix.is_some()
            && (name.eq_ignore_ascii_case("tr") || name.eq_ignore_ascii_case("li"))
        {
            let id = attribute(tag, "id")
                .filter(|id| item_prefix.is_some_and(|prefix| id.starts_with(prefix)));
            if let Some(id) = id {
                items.push((id.to_string(), String::new()));
                item = Some((name.to_ascii_lowercase(), 1));
            }
        }
        let buffer = current(&mut out, &mut items, item.is_some());
        if !is_inline(name) && !buffer.ends_with(' ') && !buffer.is_empty() {
            buffer.push(' ');
        }
    }
    for (_, text) in &mut items {
        *text = collapse_whitespace(text);
    }
    (collapse_whitespace(&out), items)
}

/// A tag's element name as written (`TD`, `td`), without the `/` of a
/// closing tag.
fn tag_name(tag: &str) -> &str {
    let tag = tag.trim_start_matches('/');
    let end = tag
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(tag.len());
    &tag[..end]
}

/// Where text goes: to the item being read, or to the rest.
fn current<'a>(
    rest: &'a mut String,
    items: &'a mut [(String, String)],
    in_item: bool,
) -> &'a mut String {
    match items.last_mut() {
        Some((_, text)) if in_item => text,
        _ => rest,
    }
}

/// Counts one level into (`closing` false) or out of an element; whether it
/// was the last.
fn nest(depth: &mut usize, closing: bool) -> bool {
    if closing {
        *depth -= 1;
        *depth == 0
    } else {
        *depth += 1;
        false
    }
}

/// The source's whitespace and that of removed tags as single spaces; the
/// no-break spaces that group a figure's digits (`1 248 730`) are kept, so
/// that [`figure_words`] tells them from the space between two figures.
fn collapse_whitespace(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    let breaking = |c: char| c.is_whitespace() && !GROUP_SPACES.contains(&c);
    for word in text.split(breaking).filter(|w| !w.is_empty()) {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed
}

/// The value of the attribute `name="…"` in a tag's text, as written.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.match_indices(name).find_map(|(at, _)| {
        let after = at + name.len();
        (tag[..at].ends_with(' ') && tag[after..].starts_with("=\"")).then_some(after + 2)
    })?;
    let end = tag[start..].find('"')?;
    Some(&tag[start..start + end])
}

/// Classes of note markers: a budget table's reference to its notes, and
/// Markdown footnotes' references and numbers.
const NOTE_MARKERS: [&str; 3] = [
    "note-ref",
    "footnote-reference",
    "footnote-definition-label",
];

/// Whether the tag is a note marker, whose number is not text to search.
fn is_note_marker(tag: &str) -> bool {
    attribute(tag, "class").is_some_and(|classes| {
        classes
            .split_whitespace()
            .any(|c| NOTE_MARKERS.contains(&c))
    })
}

/// Whether the tag's text (`p class="x" data-y`) has the attribute `name`.
fn has_attribute(tag: &str, name: &str) -> bool {
    tag.match_indices(name).any(|(at, _)| {
        let before = tag[..at].chars().next_back();
        let after = tag[at + name.len()..].chars().next();
        before.is_some_and(char::is_whitespace)
            && after.is_none_or(|c| c.is_whitespace() || c == '=' || c == '/')
    })
}

fn is_inline(tag: &str) -> bool {
    // Element names are short; longer ones are not inline.
    let mut lower = [0u8; 8];
    if tag.len() > lower.len() {
        return false;
    }
    for (l, b) in lower.iter_mut().zip(tag.bytes()) {
        *l = b.to_ascii_lowercase();
    }
    let Ok(tag) = std::str::from_utf8(&lower[..tag.len()]) else {
        return false;
    };
    matches!(
        tag,
        "a" | "abbr"
            | "b"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
    )
}

/// Appends `text` with its character references decoded.
fn push_decoded(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The no-break spaces the site groups a figure's digits with.
const GROUP_SPACES: [char; 2] = ['\u{a0}', '\u{202f}'];

/// Each figure of `text` written with group or decimal signs (`2 942,9`,
/// `1,248,730`, `4.3`) as one more word of its digits alone (`29429`), so
/// that a reader finds it however they type it: `search.js` makes a
/// query's figures into such words by the same rule. A group after a
/// no-break space has three digits and follows a group of at most three
/// (two years side by side are two figures); after `,` or `.` any digits.
pub fn figure_words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let digits_from = |start: usize| {
        chars[start..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut group = digits_from(i);
        let mut figure: String = chars[i..i + group].iter().collect();
        let mut end = i + group;
        let mut joined = false;
        while let Some(&sign) = chars.get(end) {
            let next = digits_from((end + 1).min(chars.len()));
            let follows = match sign {
                ',' | '.' => next > 0,
                c if GROUP_SPACES.contains(&c) => next == 3 && group <= 3,
                _ => false,
            };
            if !follows {
                break;
            }
            figure.extend(&chars[end + 1..end + 1 + next]);
            (group, end, joined) = (next, end + 1 + next, true);
        }
        if joined {
            figure.truncate(prefix_length(&figure));
            found.push(figure);
        }
        i = end;
    }
    found
}

/// The words of `text`, lowercased: runs of letters and digits, each cut
/// to its first [`MAX_WORD`] characters.
pub fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().nth(MIN_WORD - 1).is_some())
        .map(|w| {
            let lowercase = if w.is_ascii() {
                !w.bytes().any(|b| b.is_ascii_uppercase())
            } else {
                w.chars().flat_map(char::to_lowercase).eq(w.chars())
            };
            if lowercase {
                Cow::Borrowed(&w[..prefix_length(w)])
            } else {
                // Lowercased first, as the browser does: it may change the
                // number of characters.
                let mut lower = w.to_lowercase();
                lower.truncate(prefix_length(&lower));
                Cow::Owned(lower)
            }
        })
}

/// The length in bytes of the first [`MAX_WORD`] characters of `word`.
fn prefix_length(word: &str) -> usize {
    word.char_indices()
        .nth(MAX_WORD)
        .map_or(word.len(), |(end, _)| end)
}

/// Letters with diacritics and the letter each is written with without
/// them: those that Unicode decomposes into a base letter and marks, as the
/// browser's `normalize("NFD")` does (`search.js`), lowercase (words are).
/// Letters of their own (æ, ø, ł, ß) are kept.
const DIACRITICS: [(&str, char); 25] = [
    ("àáâãäåāăąǎ", 'a'),
    ("çćĉċč", 'c'),
    ("ď", 'd'),
    ("èéêëēĕėęě", 'e'),
    ("ĝğġģ", 'g'),
    ("ĥ", 'h'),
    ("ìíîïĩīĭįǐ", 'i'),
    ("ĵ", 'j'),
    ("ķ", 'k'),
    ("ĺļľ", 'l'),
    ("ñńņň", 'n'),
    ("òóôõöōŏőǒ", 'o'),
    ("ŕŗř", 'r'),
    ("śŝşšș", 's'),
    ("ţťț", 't'),
    ("ùúûüũūŭůűųǔ", 'u'),
    ("ŵ", 'w'),
    ("ýÿŷ", 'y'),
    ("źżž", 'z'),
    ("ǻ", 'a'),
    ("ǿ", 'ø'),
    ("ǽ", 'æ'),
    ("ǘǚǜ", 'u'),
    ("ḃ", 'b'),
    ("ẁẃẅ", 'w'),
];

/// `word` without diacritics ("skatteintäkter" → "skatteintakter"), or
/// `None` when it has none.
pub fn fold(word: &str) -> Option<String> {
    let plain = |c: char| {
        if c.is_ascii() {
            return None;
        }
        DIACRITICS
            .iter()
            .find(|(letters, _)| letters.contains(c))
            .map(|&(_, base)| base)
    };
    if word.is_ascii() || !word.chars().any(|c| plain(c).is_some()) {
        return None;
    }
    Some(word.chars().map(|c| plain(c).unwrap_or(c)).collect())
}

/// The tails of a long word that may be words of their own, so that
/// "sekreterare" finds "fältsekreterare". A word longer than [`MAX_WORD`]
/// (which [`words`] never gives) has none.
pub fn compound_tails(word: &str) -> impl Iterator<Item = &str> {
    let length = word.chars().count();
    let compound = (COMPOUND_LENGTH..=MAX_WORD).contains(&length);
    let tails = if compound && word.chars().all(char::is_alphabetic) {
        length + 1 - MIN_HEAD - MIN_TAIL
    } else {
        0
    };
    word.char_indices()
        .skip(MIN_HEAD)
        .take(tails)
        .map(|(start, _)| &word[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_tags_hidden_parts_or_references() {
        let html = "<h2 id=\"a\">Mål &amp; medel<a class=\"anchor\" href=\"#a\">\
                    <span aria-hidden=\"true\">#</span></a></h2>\n<p>Ett <em>starkt</em> \
                    resultat&nbsp;&#8211; 4,3&#x20;%.</p><table><tr><td>VA</td><td>308</td></tr></table>";
        assert_eq!(
            html_text(html),
            // The no-break space is the page's own, kept.
            "Mål & medel Ett starkt resultat\u{a0}– 4,3 %. VA 308"
        );
    }

    #[test]
    fn nested_hidden_elements_are_left_out_whole() {
        let html = "<p>före<span aria-hidden=\"true\">a<span>b</span>c</span>efter</p>";
        assert_eq!(html_text(html), "föreefter");
    }

    #[test]
    fn elements_marked_for_search_to_ignore_are_left_out() {
        let html = "<figure data-search-ignore><svg><text>VA</text></svg></figure>\
                    <p>Tabellen</p><p class=\"downloads\" data-search-ignore>CSV</p>\
                    <p data-search-ignored-not>kvar</p>";
        assert_eq!(html_text(html), "Tabellen kvar");
    }

    #[test]
    fn rows_and_items_are_read_apart() {
        let html = "<table id=\"drift\"><caption>Driftbudget</caption>\
                    <tr id=\"drift.vard\"><th>Vård</th><td>1</td></tr>\
                    <tr><td>utan id</td></tr>\
                    <tr id=\"annan.rad\"><td>annan tabell</td></tr>\
                    <tr id=\"drift.skola\"><th>Skola <span aria-hidden=\"true\">#</span></th>\
                    <td>2</td></tr></table><ol><li id=\"drift.note-1\">Not <ul><li>inre</li></ul>\
                    slut</li></ol><p>Efter</p>";
        let (rest, items) = html_items(html, Some("drift."));
        assert_eq!(rest, "Driftbudget utan id annan tabell Efter");
        assert_eq!(
            items,
            [
                ("drift.vard".to_string(), "Vård 1".to_string()),
                ("drift.skola".to_string(), "Skola 2".to_string()),
                ("drift.note-1".to_string(), "Not inre slut".to_string())
            ]
        );
    }

    #[test]
    fn note_markers_stay_apart_from_the_figures_they_follow() {
        let html = "<tr id=\"r.a\"><th>Årets resultat<sup><a class=\"note-ref\" href=\"#n\">2</a>\
                    </sup></th><td>143<sup><a class=\"note-ref\" href=\"#n\">1</a></sup></td>\
                    <td>122</td></tr><p>Text<sup class=\"footnote-reference\"><a href=\"#1\">1</a>\
                    </sup> slut.</p><div class=\"footnote-definition\" id=\"1\">\
                    <sup class=\"footnote-definition-label\">1</sup><p>Källa.</p></div>";
        assert_eq!(html_text(html), "Årets resultat 143 122 Text slut. Källa.");
    }

    #[test]
    fn words_are_folded_to_their_letters_without_diacritics() {
        assert_eq!(fold("skatteintäkter").as_deref(), Some("skatteintakter"));
        assert_eq!(
            fold("överförmyndarnämnden").as_deref(),
            Some("overformyndarnamnden")
        );
        assert_eq!(fold("café").as_deref(), Some("cafe"));
        assert_eq!(fold("budget"), None);
        assert_eq!(fold("ærø"), None);
    }

    #[test]
    fn a_lone_ampersand_stays() {
        assert_eq!(
            html_text("A & B &unknown; &#xZZ;"),
            "A & B &unknown; &#xZZ;"
        );
    }

    #[test]
    fn figures_are_words_of_their_digits_whatever_their_signs() {
        assert_eq!(
            figure_words("Skatt 2\u{a0}942,9 mnkr, 1\u{a0}248\u{a0}730 tkr och 2,0\u{a0}%"),
            ["29429", "1248730", "20"]
        );
        assert_eq!(
            figure_words("(1,234) and £212.39 in 2024/25"),
            ["1234", "21239"]
        );
        // Two figures side by side, two years, a figure ending a sentence.
        assert_eq!(
            figure_words("412\u{a0}500 420\u{a0}000"),
            ["412500", "420000"]
        );
        assert!(figure_words("2026\u{a0}2027 och 2028.").is_empty());
        assert!(figure_words("Plan 2027, 2028").is_empty());
    }

    #[test]
    fn words_are_lowercase_letters_and_digits() {
        let found: Vec<Cow<str>> = words("Budget 2026–2028: VA-taxan, i år 4,3 %").collect();
        assert_eq!(found, ["budget", "2026", "2028", "va", "taxan", "år"]);
    }

    #[test]
    fn long_words_get_their_tails_as_words() {
        let tails = |word| compound_tails(word).collect::<Vec<_>>();
        assert_eq!(
            tails("fältsekreterare"),
            [
                "tsekreterare",
                "sekreterare",
                "ekreterare",
                "kreterare",
                "reterare",
                "eterare",
                "terare",
                "erare"
            ]
        );
        assert_eq!(tails("förskola"), ["skola"]);
        assert_eq!(
            tails("driftbudget"),
            ["ftbudget", "tbudget", "budget", "udget"]
        );
        assert_eq!(tails("budgeten"), ["geten"]);
        assert!(tails("skolan").is_empty());
        assert!(tails("budget").is_empty());
        assert!(tails("2026–2028").is_empty());
    }

    #[test]
    fn a_very_long_word_is_indexed_by_its_beginning() {
        let long: String = "Abcdefghijklmnopqrstuvwxyzåäö"
            .chars()
            .cycle()
            .take(40_000)
            .collect();
        let found: Vec<Cow<str>> = words(&long).collect();
        let expected: String = long.to_lowercase().chars().take(MAX_WORD).collect();
        assert_eq!(found, [expected.as_str()]);
        let tails: Vec<&str> = compound_tails(&found[0]).collect();
        assert_eq!(tails.len(), MAX_WORD + 1 - MIN_HEAD - MIN_TAIL);
        assert_eq!(compound_tails(&long).count(), 0);
        let lowercase = long.to_lowercase();
        let borrowed: Vec<Cow<str>> = words(&lowercase).collect();
        assert_eq!(borrowed, [expected.as_str()]);
    }
}
