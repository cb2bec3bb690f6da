//! One table on a worksheet, as the page shows it: a caption with the
//! unit, group headings merged over their columns, bold heading and total
//! rows, figures as numbers with their stated decimals, and derived figures
//! as formulas that give them (or, where the table states another figure,
//! that figure with a note on what it computes to and why).

use std::collections::HashMap;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, Formula, Note, Worksheet, XlsxError,
};

use super::formula::{self, Derived, Grid};
use crate::budget::{Derivation, Row, Table};
use crate::load::{Config, Language, Negatives};
use crate::render::{format, Strings};

/// The most a cell holds, in UTF-16 units (Excel's limit).
const CELL_TEXT_LIMIT: usize = 32_767;
/// Decimals beyond these are below what a spreadsheet number (a double)
/// keeps for a budget figure anyway.
const MAX_DECIMALS: u32 = 15;

/// How a row reads: as the page's style sheet has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum RowStyle {
    Caption,
    /// The heading over the labels.
    LabelHeading,
    ColumnHeading,
    GroupHeading,
    /// A heading row of the table (a group of rows).
    Heading,
    Stated,
    /// A `sum` row: bold, with a rule above.
    Total,
    /// A `formula` row: italic.
    Formula,
}

/// How a figure is shown: its decimals, a per cent sign, a nil dash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Numbers {
    decimals: u32,
    percent: bool,
    nil: bool,
}

/// Lays tables out on worksheets; keeps the formats of one workbook.
pub struct SheetWriter<'a> {
    language: Language,
    negatives: Negatives,
    strings: &'a Strings,
    /// Who the notes are from: the book's publisher.
    author: &'a str,
    formats: HashMap<(RowStyle, Option<Numbers>), Format>,
}

impl<'a> SheetWriter<'a> {
    pub fn new(config: &Config, strings: &'a Strings, author: &'a str) -> Self {
        SheetWriter {
            language: config.language,
            negatives: config.negatives,
            strings,
            author,
            formats: HashMap::new(),
        }
    }

    fn format(&mut self, style: RowStyle, numbers: Option<Numbers>) -> &Format {
        let (language, negatives) = (self.language, self.negatives);
        self.formats.entry((style, numbers)).or_insert_with(|| {
            let mut format = match style {
                RowStyle::Caption => Format::new().set_bold().set_font_size(12),
                RowStyle::LabelHeading => Format::new()
                    .set_bold()
                    .set_align(FormatAlign::Bottom)
                    .set_border_bottom(FormatBorder::Medium),
                RowStyle::ColumnHeading => Format::new()
                    .set_bold()
                    .set_text_wrap()
                    .set_align(FormatAlign::Right)
                    .set_align(FormatAlign::Bottom)
                    .set_border_bottom(FormatBorder::Medium),
                RowStyle::GroupHeading => Format::new()
                    .set_bold()
                    .set_align(FormatAlign::Center)
                    .set_border_bottom(FormatBorder::Thin),
                RowStyle::Heading => Format::new()
                    .set_bold()
                    .set_background_color(Color::RGB(0xEE_EE_EE)),
                RowStyle::Stated => Format::new(),
                RowStyle::Total => Format::new()
                    .set_bold()
                    .set_border_top(FormatBorder::Medium),
                RowStyle::Formula => Format::new().set_italic(),
            };
            if let Some(numbers) = numbers {
                format = format.set_num_format(number_format(numbers, language, negatives));
            }
            format
        })
    }

    /// Writes `block` on `sheet`, from its top left corner.
    pub fn write_table(&mut self, sheet: &mut Worksheet, block: &Table) -> Result<(), XlsxError> {
        let title = block.title.as_deref().unwrap_or(&block.id);
        let caption = match &block.unit {
            Some(unit) => format!("{title} ({unit})"),
            None => title.to_string(),
        };
        let style = self.format(RowStyle::Caption, None).clone();
        sheet.write_string_with_format(0, 0, clip(&caption), &style)?;

        let mut heading_row = 1;
        if block.columns.iter().any(|c| c.group.is_some()) {
            self.write_groups(sheet, block, 1)?;
            heading_row = 2;
        }
        let style = self.format(RowStyle::LabelHeading, None).clone();
        sheet.write_string_with_format(heading_row, 0, self.strings.get("row-header"), &style)?;
        let style = self.format(RowStyle::ColumnHeading, None).clone();
        let mut widths: Vec<usize> = Vec::with_capacity(block.columns.len() + 1);
        widths.push(self.strings.get("row-header").chars().count());
        for (c, column) in block.columns.iter().enumerate() {
            let heading = match &column.unit {
                // Named, unless the heading names it already ("Change %").
                Some(unit) if column.unit != block.unit && !column.name.contains(unit.as_str()) => {
                    format!("{} ({unit})", column.name)
                }
                _ => column.name.clone(),
            };
            sheet.write_string_with_format(heading_row, sheet_column(c), clip(&heading), &style)?;
            // A long heading wraps rather than widening its column.
            widths.push(heading.chars().count().min(16));
        }

        let grid = Grid {
            first_row: heading_row + 1,
            first_column: 1,
        };
        for (r, row) in block.rows.iter().enumerate() {
            let sheet_row = grid.first_row + r as u32;
            let style = row_style(row);
            let label = match row.unit.as_deref() {
                Some(unit) if row.unit != block.unit && unit != "%" => {
                    format!("{} ({unit})", row.label)
                }
                _ => row.label.clone(),
            };
            widths[0] = widths[0].max(label.chars().count());
            let label_format = self.format(style, None).clone();
            sheet.write_string_with_format(sheet_row, 0, clip(&label), &label_format)?;
            if let Some(note) = &row.note {
                sheet.insert_note(sheet_row, 0, &note_of(note))?;
            }
            for c in 0..block.columns.len() {
                let figure = row.values.get(c);
                let Some(value) = figure.and_then(|f| f.value) else {
                    // Keeps the rule of a total and the shade of a heading
                    // across the whole row.
                    if style != RowStyle::Stated {
                        sheet.write_blank(sheet_row, sheet_column(c), &label_format)?;
                    }
                    continue;
                };
                let numbers = Numbers {
                    decimals: value.scale().min(MAX_DECIMALS),
                    percent: is_percent(block, row, c),
                    nil: figure.is_some_and(|f| f.nil),
                };
                let text = format::figure(value, None, self.language);
                widths[c + 1] =
                    widths[c + 1].max(text.chars().count() + 2 * numbers.percent as usize);
                let number_format = self.format(style, Some(numbers)).clone();
                let number = as_number(value);
                let derived = formula::derivations(block, r, c, grid);
                let (live, note) = self.choose(block, row, c, value, &derived);
                match live {
                    Some(text) => {
                        let formula =
                            Formula::new(format!("={text}")).set_result(number.to_string());
                        sheet.write_formula_with_format(
                            sheet_row,
                            sheet_column(c),
                            formula,
                            &number_format,
                        )?;
                    }
                    None => {
                        sheet.write_number_with_format(
                            sheet_row,
                            sheet_column(c),
                            number,
                            &number_format,
                        )?;
                    }
                }
                if let Some(note) = note {
                    sheet.insert_note(sheet_row, sheet_column(c), &note_of(&note))?;
                }
            }
        }

        sheet.set_column_width(0, widths[0].clamp(12, 60) as f64 + 1.0)?;
        for (c, width) in widths.iter().enumerate().skip(1) {
            sheet.set_column_width(c as u16, (*width).clamp(8, 24) as f64 + 2.0)?;
        }
        sheet.set_freeze_panes(grid.first_row, 1)?;
        sheet.set_default_note_author(self.author);
        sheet.set_print_fit_to_pages(1, 0);
        Ok(())
    }

    /// Group headings over their columns, merged where a group spans
    /// several.
    fn write_groups(
        &mut self,
        sheet: &mut Worksheet,
        block: &Table,
        at: u32,
    ) -> Result<(), XlsxError> {
        let style = self.format(RowStyle::GroupHeading, None).clone();
        let mut start = 0;
        for end in 1..=block.columns.len() {
            if end < block.columns.len() && block.columns[end].group == block.columns[start].group {
                continue;
            }
            if let Some(group) = &block.columns[start].group {
                let (first, last) = (sheet_column(start), sheet_column(end - 1));
                if first == last {
                    sheet.write_string_with_format(at, first, clip(group), &style)?;
                } else {
                    sheet.merge_range(at, first, at, last, clip(group), &style)?;
                }
            }
            start = end;
        }
        Ok(())
    }

    /// Of the ways a figure is derived, the formula to write (where every
    /// way that can be computed gives the stated figure) and the note to
    /// give it (where one does not, or cannot be computed here).
    fn choose(
        &self,
        block: &Table,
        row: &Row,
        column: usize,
        stated: Decimal,
        derived: &[Derived],
    ) -> (Option<String>, Option<String>) {
        let shown = |value: Decimal| {
            format::in_unit(
                value.round_dp(stated.scale()),
                (row, column),
                block,
                self.language,
                self.negatives,
            )
        };
        if let Some(computed) = derived.iter().find_map(|d| match d {
            Derived::Differs { computed } => Some(*computed),
            _ => None,
        }) {
            let kept = row.as_published.iter().find(|a| a.column == column);
            let note = match kept {
                Some(kept) => self
                    .strings
                    .get("as-published-note")
                    .replace("{reason}", &kept.reason),
                None => self.strings.get("rounding-note").to_string(),
            };
            let note = note
                .replace("{stated}", &shown(stated))
                .replace("{computed}", &shown(computed));
            return (None, Some(note));
        }
        if let Some(live) = derived.iter().find_map(|d| match d {
            Derived::Live(text) => Some(text.clone()),
            _ => None,
        }) {
            return (Some(live), None);
        }
        let note = derived.iter().find_map(|d| match d {
            Derived::Missing => Some(self.strings.get("unchecked-note").to_string()),
            Derived::Elsewhere(rule) => Some(
                self.strings
                    .get("xlsx-other-tables")
                    .replace("{formula}", rule),
            ),
            _ => None,
        });
        (None, note)
    }
}

fn row_style(row: &Row) -> RowStyle {
    match (&row.derivation, row.heading) {
        (_, true) => RowStyle::Heading,
        (Some(Derivation::Sum { .. }), _) => RowStyle::Total,
        (Some(Derivation::Formula { .. }), _) => RowStyle::Formula,
        (None, false) => RowStyle::Stated,
    }
}

/// The sheet column of the table's column `c` (labels are in the first).
fn sheet_column(c: usize) -> u16 {
    u16::try_from(c + 1).unwrap_or(u16::MAX)
}

fn is_percent(block: &Table, row: &Row, column: usize) -> bool {
    block.unit_of(row, column) == Some("%")
}

/// A figure as the spreadsheet's number: the double nearest to it, as a
/// reader parsing the figure's text gets.
fn as_number(value: Decimal) -> f64 {
    value.to_string().parse().unwrap_or_default()
}

/// The number format of a figure: digits grouped, the stated decimals, a
/// per cent sign where the unit is `%`, negatives as the book shows them and
/// a nil figure as a dash. Excel shows the grouping and decimal marks of
/// the reader's locale.
fn number_format(numbers: Numbers, language: Language, negatives: Negatives) -> String {
    let mut positive = String::from("#,##0");
    if numbers.decimals > 0 {
        positive.push('.');
        positive.extend(std::iter::repeat_n('0', numbers.decimals as usize));
    }
    if numbers.percent {
        // Quoted: a bare `%` would multiply the figure by a hundred.
        positive.push_str(match language {
            Language::Swedish => "\"\u{a0}%\"",
            Language::English => "\"%\"",
        });
    }
    let negative = match negatives {
        Negatives::Minus => format!("-{positive}"),
        Negatives::Parentheses => format!("({positive})"),
    };
    match (numbers.nil, negatives) {
        (true, _) => format!("{positive};{negative};\"\u{2013}\""),
        (false, Negatives::Parentheses) => format!("{positive};{negative}"),
        (false, Negatives::Minus) => positive,
    }
}

fn note_of(text: &str) -> Note {
    // Tall enough for the text at about 40 characters a line.
    let lines = text.chars().count() / 40 + 1;
    Note::new(clip_to(text, CELL_TEXT_LIMIT - 64))
        .add_author_prefix(false)
        .set_width(280)
        .set_height(20 + 15 * lines.min(40) as u32)
}

/// A text cut to what a cell holds.
pub fn clip(text: &str) -> &str {
    clip_to(text, CELL_TEXT_LIMIT)
}

fn clip_to(text: &str, limit: usize) -> &str {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > limit {
            return &text[..i];
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(decimals: u32, percent: bool, nil: bool) -> Numbers {
        Numbers {
            decimals,
            percent,
            nil,
        }
    }

    #[test]
    fn number_formats_group_digits_and_keep_the_stated_decimals() {
        let (sv, en) = (Language::Swedish, Language::English);
        let minus = Negatives::Minus;
        assert_eq!(number_format(numbers(0, false, false), sv, minus), "#,##0");
        assert_eq!(
            number_format(numbers(2, false, false), en, minus),
            "#,##0.00"
        );
        assert_eq!(
            number_format(numbers(1, true, false), sv, minus),
            "#,##0.0\"\u{a0}%\""
        );
        assert_eq!(
            number_format(numbers(1, true, false), en, minus),
            "#,##0.0\"%\""
        );
        assert_eq!(
            number_format(numbers(0, false, true), sv, minus),
            "#,##0;-#,##0;\"\u{2013}\""
        );
        assert_eq!(
            number_format(numbers(0, false, false), en, Negatives::Parentheses),
            "#,##0;(#,##0)"
        );
    }

    #[test]
    fn long_texts_are_cut_to_what_a_cell_holds() {
        assert_eq!(clip_to("Skatteintäkter", 5), "Skatt");
        // A character outside the BMP takes two units and is never split.
        assert_eq!(clip_to("a😀b", 2), "a");
        assert_eq!(clip_to("a😀b", 3), "a😀");
        let long = "x".repeat(CELL_TEXT_LIMIT + 10);
        assert_eq!(clip(&long).len(), CELL_TEXT_LIMIT);
    }
}
