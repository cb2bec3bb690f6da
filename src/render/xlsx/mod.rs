//! The tables as spreadsheets that open right in any locale's Excel or
//! LibreOffice: `data/<id>.xlsx` per table and `data/book.xlsx` with a sheet
//! per table (for books of up to [`BOOK_LIMIT`] tables). Figures are
//! numbers with a number format, so the reader's spreadsheet shows its own
//! decimal and grouping marks; totals and formulas are live formulas where
//! they give the stated figure. The files are the same, byte for byte, for
//! the same book.

mod formula;
mod sheet;

use std::path::PathBuf;

use rayon::prelude::*;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Url, Workbook, XlsxError};

use super::{OutputFile, Sink, Strings};
use crate::budget::{Block, Table};
use crate::error::Error;
use crate::load::Config;
use crate::parse::Chapter;
use sheet::{clip, SheetWriter};

/// The workbook of the whole book, relative to the site root.
pub const BOOK_FILE: &str = "data/book.xlsx";

/// Books with more tables than this get no whole-book workbook: a workbook
/// of hundreds of sheets is slow to open and no way to find a table (the
/// site and `data/book.json` are), it would be the largest file of the
/// site, and the writer starts a thread per sheet to save it. Each table
/// still has its own.
pub const BOOK_LIMIT: usize = 250;

/// Deflate level of the workbooks: the fastest. Writing is dominated by
/// compressing a dozen small parts per file, and the files are small
/// either way (a table's is about 7 kB).
const COMPRESSION: u8 = 1;

/// Excel's grid is 16,384 columns by 1,048,576 rows; a table beyond it
/// (only a generated one could be) gets no workbook.
const MAX_COLUMNS: usize = 16_000;
const MAX_ROWS: usize = 1_000_000;

/// Where a table's workbook lives, relative to the site root; `None` for a
/// table too large for a sheet.
pub fn block_file(block: &Table) -> Option<String> {
    (block.columns.len() <= MAX_COLUMNS && block.rows.len() <= MAX_ROWS)
        .then(|| format!("data/{}.xlsx", block.id))
}

/// Whether a book of `tables` tables gets the whole-book workbook.
pub fn has_book_file(tables: usize) -> bool {
    (1..=BOOK_LIMIT).contains(&tables)
}

/// Writes every workbook of the site to `sink`: the tables' in parallel,
/// beside the whole book's.
pub fn write(
    config: &Config,
    strings: &Strings,
    chapters: &[Chapter],
    blocks: &[Block],
    sink: &Sink,
) -> Result<(), Error> {
    let tables = crate::parse::tables(chapters, blocks);
    let (each, whole) = rayon::join(
        || {
            tables.par_iter().try_for_each(|(block, _)| {
                let Some(path) = block_file(block) else {
                    return Ok(());
                };
                let contents =
                    table_workbook(config, strings, block).map_err(|e| failed(&path, e))?;
                sink(OutputFile {
                    path: PathBuf::from(path),
                    contents,
                })
            })
        },
        || {
            if !has_book_file(tables.len()) {
                return Ok(());
            }
            let contents =
                book_workbook(config, strings, &tables).map_err(|e| failed(BOOK_FILE, e))?;
            sink(OutputFile {
                path: PathBuf::from(BOOK_FILE),
                contents,
            })
        },
    );
    each.and(whole)
}

fn failed(path: &str, error: XlsxError) -> Error {
    Error::io("write", path, std::io::Error::other(error))
}

/// The document's properties. Its date is fixed, as the dates of the
/// parts inside the file are (1980-01-01, the first a zip file can hold),
/// so that the same book gives the same bytes.
fn properties(config: &Config, title: &str) -> Result<DocProperties, XlsxError> {
    let mut properties = DocProperties::new()
        .set_title(title)
        .set_author(author(config))
        .set_creation_datetime(&ExcelDateTime::from_ymd(1980, 1, 1)?);
    if let Some(organisation) = &config.organisation {
        properties = properties.set_company(organisation);
    }
    Ok(properties)
}

/// Who wrote the book: its authors, else its organisation (a party's
/// proposal is not the municipality's), cut to what Excel keeps of a
/// note's author.
fn author(config: &Config) -> String {
    let author = match &config.organisation {
        Some(organisation) if config.authors.is_empty() => organisation.clone(),
        _ => config.authors.join(", "),
    };
    author.chars().take(50).collect()
}

fn table_workbook(config: &Config, strings: &Strings, block: &Table) -> Result<Vec<u8>, XlsxError> {
    let title = block.title.as_deref().unwrap_or(&block.id);
    let mut workbook = Workbook::new();
    workbook.set_zip_compression_level(COMPRESSION);
    workbook.set_properties(&properties(config, title)?);
    let author = author(config);
    let mut writer = SheetWriter::new(config, strings, &author);
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_names([(title, block.id.as_str())], None).remove(0))?;
    writer.write_table(sheet, block)?;
    workbook.save_to_buffer()
}

fn book_workbook(
    config: &Config,
    strings: &Strings,
    tables: &[(&Table, &Chapter)],
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_zip_compression_level(COMPRESSION);
    workbook.set_properties(&properties(config, &config.title)?);
    let contents_name = strings.get("budget-tables");
    // A table too large for a sheet has none here either.
    let tables: Vec<&(&Table, &Chapter)> = tables
        .iter()
        .filter(|(block, _)| block_file(block).is_some())
        .collect();
    let names = sheet_names(
        tables.iter().map(|(block, _)| {
            (
                block.title.as_deref().unwrap_or(&block.id),
                block.id.as_str(),
            )
        }),
        Some(contents_name),
    );

    // A first sheet that lists the tables, each a link to its sheet.
    let contents = workbook.add_worksheet();
    contents.set_name(contents_name)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    contents.write_string_with_format(
        0,
        0,
        clip(&config.title),
        &bold.clone().set_font_size(12),
    )?;
    contents.write_string_with_format(2, 0, strings.get("xlsx-table"), &bold)?;
    contents.write_string_with_format(2, 1, strings.get("xlsx-chapter"), &bold)?;
    let mut widths = (10, 10);
    for (i, ((block, chapter), name)) in tables.iter().zip(&names).enumerate() {
        let title = block.title.as_deref().unwrap_or(&block.id);
        let row = 3 + i as u32;
        let link =
            Url::new(format!("internal:'{}'!A1", name.replace('\'', "''"))).set_text(clip(title));
        contents.write_url(row, 0, link)?;
        contents.write_string(row, 1, clip(&chapter.title))?;
        widths.0 = widths.0.max(title.chars().count());
        widths.1 = widths.1.max(chapter.title.chars().count());
    }
    contents.set_column_width(0, widths.0.min(60) as f64 + 1.0)?;
    contents.set_column_width(1, widths.1.min(60) as f64 + 1.0)?;
    contents.set_print_fit_to_pages(1, 0);

    let author = author(config);
    let mut writer = SheetWriter::new(config, strings, &author);
    for ((block, _), name) in tables.iter().zip(names) {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        writer.write_table(sheet, block)?;
    }
    workbook.save_to_buffer()
}

/// The most a sheet name holds, in UTF-16 units (Excel's limit).
const SHEET_NAME_LIMIT: usize = 31;

/// A sheet name for each table (title, id), as Excel accepts them: at most 31 units,
/// none of `[]:*?/\`, no apostrophe at either end, not `History` (which
/// Excel keeps for itself), and unique, ignoring case, among themselves and
/// `reserved`. A name cut short or taken gets a number: `Driftbudget (2)`;
/// a title with nothing left gives the table's id.
fn sheet_names<'t>(
    tables: impl IntoIterator<Item = (&'t str, &'t str)>,
    reserved: Option<&str>,
) -> Vec<String> {
    let mut taken: std::collections::HashSet<String> =
        reserved.into_iter().map(str::to_lowercase).collect();
    taken.insert("history".into());
    tables
        .into_iter()
        .map(|(title, id)| {
            let cleaned: String = title
                .chars()
                .filter(|c| !matches!(c, ':' | '*' | '?'))
                .map(|c| match c {
                    '[' => '(',
                    ']' => ')',
                    '/' | '\\' => '-',
                    c if c.is_control() => ' ',
                    c => c,
                })
                .collect();
            let cleaned = cleaned.trim_matches(|c: char| c == '\'' || c.is_whitespace());
            let base = if cleaned.is_empty() { id } else { cleaned };
            let mut name = cut(base, SHEET_NAME_LIMIT).to_string();
            let mut n = 2;
            while taken.contains(&name.to_lowercase()) {
                let suffix = format!(" ({n})");
                name = format!("{}{suffix}", cut(base, SHEET_NAME_LIMIT - suffix.len()));
                n += 1;
            }
            taken.insert(name.to_lowercase());
            name
        })
        .collect()
}

/// `text` cut to at most `limit` UTF-16 units, after a word where one ends
/// late enough, without an apostrophe or blank at the end.
fn cut(text: &str, limit: usize) -> &str {
    let mut end = 0;
    let mut units = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > limit {
            // Within the last third: "Permanenta välfärdssatsningar", not
            // "Permanenta välfärdssatsningar u".
            if let Some(space) = text[..end].rfind(' ').filter(|&s| s * 3 >= end * 2) {
                end = space;
            }
            break;
        }
        end = i + c.len_utf8();
    }
    text[..end].trim_end_matches(|c: char| c == '\'' || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_names_excel_accepts() {
        let titles = [
            "Resultat/skatter [mnkr]",
            "Driftbudget per nämnd och verksamhet 2026–2028",
            "Driftbudget per nämnd och verksamhet 2027",
            "driftbudget per nämnd och verksamhet 2026–2028",
            "'citat'",
            "History",
            "Budgettabeller",
            " ' ",
        ];
        let names = sheet_names(titles.iter().map(|t| (*t, "tom")), Some("Budgettabeller"));
        assert_eq!(
            names,
            [
                "Resultat-skatter (mnkr)",
                "Driftbudget per nämnd och",
                "Driftbudget per nämnd och (2)",
                "driftbudget per nämnd och (3)",
                "citat",
                "History (2)",
                "Budgettabeller (2)",
                "tom",
            ]
        );
        for name in &names {
            rust_xlsxwriter::utility::check_sheet_name(name).unwrap();
        }
    }

    #[test]
    fn sheet_names_count_excel_units() {
        // Outside the BMP a character is two units, and is never split.
        let name = &sheet_names([("😀".repeat(20).as_str(), "emoji")], None)[0];
        assert_eq!(name.chars().count(), 15);
        rust_xlsxwriter::utility::check_sheet_name(name).unwrap();
    }

    #[test]
    fn only_books_of_up_to_the_limit_get_a_whole_book_workbook() {
        assert!(!has_book_file(0));
        assert!(has_book_file(1));
        assert!(has_book_file(BOOK_LIMIT));
        assert!(!has_book_file(BOOK_LIMIT + 1));
    }
}
