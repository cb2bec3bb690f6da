//! What every kind of block reads its YAML with: its id, and serde's
//! messages turned into located problems with hints.

use serde_saphyr::Spanned;

use super::expr;
use crate::diagnostic::{suggest, Diagnostics, Problem};
use crate::source::Location;
use crate::yaml::{EmbeddedYaml, YamlError};

/// The block's id, or an error at the fence when it has none.
pub(super) fn block_id(
    id: Option<&Spanned<String>>,
    fence: &Location,
    yaml: &EmbeddedYaml,
    diagnostics: &mut Diagnostics,
) -> Option<(String, Location)> {
    match id {
        Some(id) if expr::is_valid_id(&id.value) => {
            let location = yaml.location_of(&id.referenced);
            super::ids::check_block_id_free(&id.value, &location, diagnostics)
                .then(|| (id.value.clone(), location))
        }
        Some(id) => {
            diagnostics.error(
                Problem::InvalidId {
                    id: id.value.clone(),
                },
                yaml.location_of(&id.referenced),
            );
            None
        }
        None => {
            diagnostics.error(Problem::MissingId { place: "block" }, fence.clone());
            None
        }
    }
}
/// The location of byte `offset` inside a scalar that starts at `scalar`,
/// skipping an opening quote.
pub fn inside_scalar(scalar: &Location, offset: usize) -> Location {
    let quoted = scalar.file.text()[scalar.offset..].starts_with(['"', '\'']);
    scalar.shifted(offset + usize::from(quoted), 1)
}

/// Reports a formula or check whose syntax is wrong, at the character
/// where it goes wrong inside its scalar (which starts at `scalar`).
pub fn formula_syntax(diagnostics: &mut Diagnostics, scalar: &Location, error: expr::SyntaxError) {
    diagnostics.error(
        Problem::FormulaSyntax {
            message: error.message,
        },
        inside_scalar(scalar, error.offset),
    );
}

/// Turns serde's "unknown field" message into a typed problem with a hint.
/// `at` is where the parser points: for an unknown field, the key.
pub(super) fn yaml_problem(error: YamlError, at: &Location) -> Problem {
    let message = match error {
        YamlError::Syntax(message) => message,
        YamlError::Limit(problem) => return *problem,
    };
    let unknown = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(key, _)| key.to_string());
    match unknown {
        Some(key) => {
            let listed = message.split("expected").nth(1).unwrap_or_default();
            let listed: Vec<&str> = listed.split([',', ' ', '`']).collect();
            let (place, expected) = if listed.contains(&"range") {
                ("source", super::sheet_source::SOURCE_KEYS)
            } else if listed.contains(&"values") {
                ("row", super::table::ROW_KEYS)
            } else if listed.contains(&"group") {
                ("column", super::columns::keys())
            } else {
                ("block", super::table::BLOCK_KEYS)
            };
            Problem::UnknownKey {
                suggestion: suggest(&key, expected.iter().copied()),
                cut_text: cut_text(&key, at),
                key,
                place,
                expected,
            }
        }
        None => Problem::BlockSyntax { message },
    }
}

/// Keys whose values are free text, which a comma cuts short inside `{…}`.
const TEXT_KEYS: &[&str] = &[
    "label",
    "text",
    "by",
    "note",
    "title",
    "undecided",
    "matter",
    "outcome",
    "result",
];

/// When the unknown `key` at `at` is the rest of an unquoted text that a
/// comma cut short on the same line of a `{…}` mapping
/// (`{id: x, label: Skola, fritid och kultur, values: [1, 2]}`): the text's
/// key and the whole text as written, from the source.
fn cut_text(key: &str, at: &Location) -> Option<(&'static str, String)> {
    let text = at.file.text();
    let line_start = text[..at.offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at.offset..]
        .find('\n')
        .map_or(text.len(), |i| at.offset + i);
    let before = text[line_start..at.offset]
        .trim_end_matches([' ', '\t'])
        .strip_suffix(',')?;
    // The text key written last before the comma, right after `{` or `,`.
    let (name, start) = TEXT_KEYS
        .iter()
        .filter_map(|&name| {
            let found = before.rfind(&format!("{name}: "))?;
            let lead = before[..found].trim_end();
            (lead.ends_with(['{', ','])).then_some((name, found + name.len() + 2))
        })
        .max_by_key(|&(_, start)| start)?;
    let value = before[start..].trim();
    let plain = !value.is_empty()
        && !value.starts_with(['"', '\'', '&', '*', '!', '|', '>'])
        && !value.contains([':', '[', ']', '{', '}', '#']);
    if !plain {
        return None;
    }
    // The pieces YAML read as keys without values, up to the next real key
    // or the end of the mapping.
    let mut end = at.offset;
    let mut piece_start = at.offset;
    loop {
        let cut = text[piece_start..line_end].find([',', '}'])? + piece_start;
        let piece = &text[piece_start..cut];
        if piece.contains([':', '[', ']', '{', '#']) {
            break;
        }
        if piece_start == at.offset && piece.trim() != key {
            return None;
        }
        end = piece_start + piece.trim_end().len();
        if text[cut..].starts_with('}') {
            break;
        }
        piece_start = cut + 1;
    }
    (end > at.offset).then(|| (name, text[line_start + start..end].trim().to_string()))
}
