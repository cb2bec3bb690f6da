//! CSV files as finance offices export them: `;` with decimal commas
//! (Swedish Excel, often in Windows-1252) or `,` with decimal points. The
//! delimiter and the number style are detected unless given.

use std::path::Path;

use super::grid::{Area, Cell, Grid, Value};
use super::{choose_area, Request, Sheet, SheetProblem, MAX_USED_CELLS};
use crate::budget::number::NumberStyle;
use crate::diagnostic::with_thousands;

pub fn read(path: &Path, shown: &str, request: &Request) -> Result<Sheet, SheetProblem> {
    let bytes = std::fs::read(path).map_err(|e| SheetProblem::Unreadable {
        file: shown.to_string(),
        reason: e.to_string(),
    })?;
    let text = decode(&bytes);
    let delimiter = request.delimiter.unwrap_or_else(|| detect_delimiter(&text));
    let records = records(&text, delimiter);
    let mut cells = Vec::new();
    let mut used: Option<Area> = None;
    for (row, record) in records.iter().enumerate() {
        for (column, field) in record.iter().enumerate() {
            if field.trim().is_empty() {
                continue;
            }
            let (row, column) = (row as u32, column as u32);
            if cells.len() as u64 >= MAX_USED_CELLS || row >= 1_048_576 || column >= 16_384 {
                return Err(SheetProblem::TooLarge {
                    what: format!("`{shown}` has more cells"),
                    limit: with_thousands(MAX_USED_CELLS as usize),
                });
            }
            let at = Area::single(row, column);
            used = Some(used.map_or(at, |u| u.union(&at)));
            cells.push((
                (row, column),
                Cell {
                    value: Value::Text(field.clone()),
                    formula: None,
                },
            ));
        }
    }
    let area = choose_area(shown, request.range.as_deref(), used)?;
    let grid = Grid::new(shown.to_string(), None, area, cells, Vec::new());
    let style = request
        .number_style
        .unwrap_or_else(|| detect_style(records.iter().flatten().map(String::as_str), delimiter));
    Ok(Sheet {
        grid,
        number_style: Some(style),
    })
}

/// UTF-8 (with or without a byte-order mark), else Windows-1252, which
/// Excel on Swedish Windows writes.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// The delimiter that splits most lines into the same number of fields:
/// `;`, tab or `,`.
fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(50)
        .collect();
    let mut best = (0usize, b',');
    for candidate in [b';', b'\t', b','] {
        let counts: Vec<usize> = lines.iter().map(|l| unquoted_count(l, candidate)).collect();
        let Some(&mode) = counts
            .iter()
            .filter(|&&c| c > 0)
            .max_by_key(|&&c| counts.iter().filter(|&&d| d == c).count())
        else {
            continue;
        };
        let score = counts.iter().filter(|&&c| c == mode).count();
        if score > best.0 {
            best = (score, candidate);
        }
    }
    best.1
}

fn unquoted_count(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    line.bytes()
        .filter(|&b| {
            if b == b'"' {
                quoted = !quoted;
            }
            b == delimiter && !quoted
        })
        .count()
}

/// The records of an RFC 4180 text: fields in `"…"` may hold the
/// delimiter, line breaks and `""` for a quote.
fn records(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    let delimiter = char::from(delimiter);
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            c if c == delimiter => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// The number style the figures are written in: a decimal comma or space
/// groups say Swedish, comma groups with a decimal point English; when the
/// figures don't tell, `;` files are Swedish and others English.
fn detect_style<'a>(fields: impl Iterator<Item = &'a str>, delimiter: u8) -> NumberStyle {
    let (mut sv, mut en) = (0, 0);
    for field in fields {
        let field = field.trim();
        let digits = field.trim_start_matches(['-', '−', '(', '+']);
        // Only what could be a figure tells: a heading such as "2024/25
        // Budget" starts with digits and has a space, but says nothing.
        let figure_like = digits.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\u{a0}' | '\u{202f}' | ')' | '%')
        });
        if !digits.starts_with(|c: char| c.is_ascii_digit()) || !figure_like {
            continue;
        }
        let comma = field.rfind(',');
        let point = field.rfind('.');
        match (comma, point) {
            (Some(c), Some(p)) if c > p => sv += 1,
            (Some(_), Some(_)) => en += 1,
            (Some(c), None) => {
                let after = field[c + 1..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .count();
                if after != 3 {
                    sv += 1;
                }
            }
            (None, Some(_)) if field.contains(' ') || field.contains('\u{a0}') => sv += 1,
            (None, None) if field.contains([' ', '\u{a0}', '\u{202f}']) => sv += 1,
            _ => {}
        }
    }
    match (sv, en) {
        (s, 0) if s > 0 => NumberStyle::Sv,
        (0, e) if e > 0 => NumberStyle::En,
        _ if delimiter == b';' => NumberStyle::Sv,
        _ => NumberStyle::En,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_hold_delimiters_quotes_and_line_breaks() {
        let got = records("a;\"b;c\";\"d \"\"e\"\"\"\r\n\"f\ng\";h\n", b';');
        assert_eq!(
            got,
            vec![
                vec!["a".to_string(), "b;c".into(), "d \"e\"".into()],
                vec!["f\ng".to_string(), "h".into()]
            ]
        );
    }

    #[test]
    fn the_delimiter_and_style_are_detected() {
        let sv = "Driftbudget\nNämnd;2026;2027\nSkola;1 234,5;1 300\nVård;\"2,5\";3\n";
        assert_eq!(detect_delimiter(sv), b';');
        let fields: Vec<String> = records(sv, b';').into_iter().flatten().collect();
        assert_eq!(
            detect_style(fields.iter().map(String::as_str), b';'),
            NumberStyle::Sv
        );
        let en = "Service,2026/27,2027/28\nSchools,\"1,204.5\",\"1,300\"\n";
        assert_eq!(detect_delimiter(en), b',');
        let fields: Vec<String> = records(en, b',').into_iter().flatten().collect();
        assert_eq!(
            detect_style(fields.iter().map(String::as_str), b','),
            NumberStyle::En
        );
        // Headings that start with a year tell nothing; figures grouped
        // by commas are English.
        let en = "Service,2024/25 Budget,2025/26 Budget\nCar parking,\"(1,234)\",\"(1,356)\"\nLeisure,\"2,214\",\"2,087\"\n";
        let fields: Vec<String> = records(en, b',').into_iter().flatten().collect();
        assert_eq!(
            detect_style(fields.iter().map(String::as_str), b','),
            NumberStyle::En
        );
        // Nothing to tell by: the delimiter decides.
        assert_eq!(
            detect_style(["12", "14"].into_iter(), b';'),
            NumberStyle::Sv
        );
        assert_eq!(
            detect_style(["12", "14"].into_iter(), b','),
            NumberStyle::En
        );
    }

    #[test]
    fn windows_1252_is_read_when_the_file_is_not_utf8() {
        assert_eq!(decode(b"N\xe4mnd \x96 \x80"), "Nämnd – €");
        assert_eq!(decode("\u{feff}Nämnd".as_bytes()), "Nämnd");
    }
}
