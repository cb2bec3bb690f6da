//! What an author can do about each problem.

use super::Problem;
use crate::budget::number::NumberStyle;

impl Problem {
    /// What the author can do about it.
    pub fn help(&self) -> Option<String> {
        let did_you_mean = |s: &Option<String>| s.as_ref().map(|s| format!("did you mean `{s}`?"));
        Some(match self {
            Problem::UnsupportedLanguage { .. } => "use `sv` or `en`".into(),
            Problem::InvalidUrl { .. } => {
                "write the full address, e.g. `https://www.example.se/budget/`".into()
            }
            Problem::SourceOutsideBook { .. } => {
                "name a directory inside the book, e.g. `src = \"content\"`".into()
            }
            Problem::OutsideBook { .. } => "copy the file into the book instead of linking to it".into(),
            Problem::FileTooLarge { .. } => {
                "split the chapter, or raise `[build] max-file-size` in book.toml".into()
            }
            Problem::BlockTooLarge { .. } => {
                "split the table, or raise `[build] max-block-size` in book.toml".into()
            }
            Problem::SummaryMissing { .. } => {
                "create it with a list of links to the chapters, e.g. `- [Intro](intro.md)`".into()
            }
            Problem::SummaryMissingFile { .. } => {
                "create the file, or correct the link (paths are relative to the source directory)".into()
            }
            Problem::SummaryNotAFile { .. } => {
                "link to the chapter's Markdown file itself, a file inside the source directory".into()
            }
            Problem::SummaryOutsideSource { .. } => {
                "move the chapter into the source directory and link it with a relative path".into()
            }
            Problem::SummaryDuplicate { .. } => "list each chapter file once".into(),
            Problem::PageTaken { .. } => {
                "rename the chapter file: print.html, search.html, 404.html and accessibility.html are the site's own pages".into()
            }
            Problem::SummaryItemWithoutLink => "write the item as `- [Title](file.md)`, or `- [Title]()` for a chapter still to be written".into(),
            Problem::MdbookSetting { .. } => {
                "remove it, or keep it for mdBook: budgetbook builds the book without it (docs/format.md, \"Coming from mdBook\")".into()
            }
            Problem::ThemeIgnored { .. } => {
                "put template overrides in templates/ and style sheets, scripts and fonts in static/".into()
            }
            Problem::IncludeMissing { .. } => {
                "correct the path: it is relative to the file that has the include".into()
            }
            Problem::IncludeOutsideBook { .. } => {
                "copy the file into the book's folder and include it from there".into()
            }
            Problem::IncludeSelection { .. } => {
                "name lines the file has (`:2:10`), or an anchor it marks with `ANCHOR: name` and `ANCHOR_END: name`".into()
            }
            Problem::IncludeSyntax { .. } => {
                "write `{{#include file.md}}`, or `\\{{#include file.md}}` to show it as written".into()
            }
            Problem::IncludeTooDeep { .. } => {
                "an included file includes itself, directly or through others: break the loop".into()
            }
            Problem::MissingFile { .. } => {
                "put the file beside the chapters (in the source folder) or in static/, or correct the link".into()
            }
            Problem::SummaryTooDeep { limit } => format!(
                "move it up a level: SUMMARY.md nests chapters at most {limit} levels deep"
            ),
            Problem::OrphanChapter { .. } => {
                "add it to SUMMARY.md, or remove it from the source directory".into()
            }
            Problem::RedirectLoop { .. } => {
                "the address is read from the old page's folder, as a browser reads it: write it from there (`../new.html`)".into()
            }
            Problem::UnclosedFrontMatter { fence } => {
                format!("end the front matter with a line `{fence}`")
            }
            Problem::FrontMatter { .. } => {
                "front matter keys are `title`, `description` and `draft`".into()
            }
            Problem::DuplicateHeadingId { .. } => "give one of the headings another `{#id}`".into(),
            Problem::ReservedHeadingId { .. } => {
                "give the heading another `{#id}`: the templates use this one for an element of their own".into()
            }
            Problem::NotUtf8 => "save the file as UTF-8".into(),
            Problem::FootnoteUndefined { label } => format!(
                "define it in the same chapter on a line of its own, `[^{label}]: the note`, or write `\\[^{label}]` to show the brackets as text"
            ),
            Problem::BrokenLink { .. } => {
                "link to a chapter file listed in SUMMARY.md, relative to this chapter".into()
            }
            Problem::BrokenAnchor { suggestion, .. } => {
                return did_you_mean(suggestion).or(Some(
                    "link to a heading id, a table id or `table.row`".into(),
                ))
            }
            Problem::LinkToDraft { .. } => {
                "publish the draft (`build --drafts`), or link elsewhere".into()
            }
            Problem::UnknownKey {
                expected,
                suggestion,
                cut_text,
                ..
            } => match (cut_text, suggestion) {
                (Some((key, text)), _) => {
                    let what = if *key == "by" { "name" } else { key };
                    let quoted = text.replace('\\', "\\\\").replace('"', "\\\"");
                    format!("put the {what} in quotes: `{key}: \"{quoted}\"`")
                }
                (None, Some(s)) => format!("did you mean `{s}`?"),
                (None, None) => format!("known keys are: {}", expected.join(", ")),
            },
            Problem::YamlLimit { advice, .. } => (*advice).into(),
            Problem::MissingId { .. } => "add an `id:` made of a-z, 0-9 and `-`".into(),
            Problem::InvalidId { .. } => {
                "ids use lowercase a-z, digits and `-`, e.g. `arets-resultat`".into()
            }
            Problem::ReservedBlockId { .. } => {
                "choose another id: `book`, `figures` and `datapackage` name the data files of the whole book".into()
            }
            Problem::DuplicateColumnId { .. } => {
                "give the columns `id`s of their own; without one, a column's id is made from its group and name".into()
            }
            Problem::DuplicateBlockId { .. } | Problem::DuplicateRowId { .. } => {
                "ids must be unique; rename one of them".into()
            }
            Problem::ReservedId { reserved, .. } => {
                format!("choose another id: {reserved} name parts of the block's page")
            }
            Problem::WrongValueCount { .. } => {
                "give one value per column; write `~` where there is no figure".into()
            }
            // Cells copied from a spreadsheet come separated by tabs.
            Problem::NotANumber { text, .. } if text.contains('\t') => {
                "these are figures separated by tabs, as a spreadsheet copies them: separate them with `, `, as in `[120, 130]`".into()
            }
            Problem::NotANumber { style, .. } => match style {
                NumberStyle::Sv => "write a figure such as `-3058`, `\"1 017 829\"`, `\"0,155\"`, `\"(2 450)\"` or `\"12 500 kr\"`; `\"-\"` for nil, `~` for no figure",
                NumberStyle::En => "write a figure such as `-3058`, `\"1,017,829\"`, `0.155`, `\"(2,450)\"` or `\"£12.50\"`; `\"-\"` for nil, `~` for no figure",
            }
            .into(),
            Problem::AmbiguousNumber {
                text,
                style,
                split_by_yaml,
                ..
            } => {
                match style {
                    _ if *split_by_yaml => {
                        format!("put it in quotes, `\"{text}\"`, to keep it one figure")
                    }
                    NumberStyle::En => "in English style write `2.5` for a decimal and `\"2,500\"` for thousands; if the table is written in Swedish style, set `number-style: sv` on the block".into(),
                    NumberStyle::Sv => "in Swedish style write `\"0,155\"` for a decimal and `\"1 017 829\"` for thousands; if the table is written in English style, set `number-style: en` on the block".into(),
                }
            }
            Problem::PercentFigure { .. } => {
                "give the row `unit: \"%\"`, or write the figure without the sign".into()
            }
            Problem::CurrencyFigure { unit, .. } => format!(
                "write the figure in {unit} without the currency's sign, or give the row the unit the figure is in"
            ),
            Problem::SumAndFormula => "keep one of them".into(),
            Problem::InvalidSum { .. } => "write `sum: above` or `sum: [row-a, row-b]`".into(),
            Problem::FormulaSyntax { message } if message.contains("unexpected `,`") => {
                "a number in a formula or check has a decimal point whatever the book's number style: `2.5`, not `2,5`".into()
            }
            Problem::FormulaSyntax { message } if message.contains("unexpected `%`") => {
                "a per cent in a formula or check is its number: `>= 2`, not `>= 2 %`".into()
            }
            Problem::FormulaSyntax { .. } => {
                "a formula uses + - * /, parentheses, numbers and row ids; put spaces around `-` between ids".into()
            }
            Problem::UnknownRow { suggestion, .. } => {
                return did_you_mean(suggestion).or(Some("check the row's id".into()))
            }
            Problem::UnitRepeated { unit, .. } => format!(
                "leave out the `{unit}` after it: a figure in a row of a unit of its own is shown with that unit"
            ),
            Problem::BlockInDraft { .. } => {
                "publish the draft (remove `draft: true`), or name the block only in drafts".into()
            }
            Problem::UnknownBlock { suggestion, .. } => {
                return did_you_mean(suggestion).or(Some(
                    "check the block's id; a block that could not be read (its error is reported too) is not known either"
                        .into(),
                ))
            }
            Problem::ColumnsDoNotMatch { .. } => {
                "blocks combine on the columns they share: give matching columns the same `id` (or the same name), or the same number of columns to pair them in order".into()
            }
            Problem::HeadingReference { .. } => "refer to a row with values".into(),
            Problem::FigureSyntax { .. } => {
                "write `{{block.row}}`, or `{{block.row[Budget 2026]}}` for a column".into()
            }
            Problem::UnknownColumn { suggestion, .. } => {
                return did_you_mean(suggestion).or(Some("name a column heading, or its number from 1".into()))
            }
            Problem::AmbiguousColumn { .. } => {
                "name one by its group and heading (`[Budget 2027 Netto]`), its id or its number from 1".into()
            }
            Problem::FigureNeedsColumn { .. } => "the table has several columns".into(),
            Problem::UnknownKind { .. } => "kinds are `table` (the default), `goals` and `decision`".into(),
            Problem::UnknownView { .. } => "views are `share`, `per-capita` and `per-100`".into(),
            Problem::PerHundred { .. } => {
                "`per-100` splits the table's first `sum` row among the rows it adds up; leave it out of a table of gains and losses".into()
            }
            Problem::FrontPage { .. } => {
                "see `[front]` in docs/format.md: `charts` names tables with a chart, `goals` names goals blocks".into()
            }
            Problem::GoalNeedsCheck { .. } => {
                "write `check: row >= 4` when the figures decide the goal, or `undecided: why not`".into()
            }
            Problem::NoPopulation => "add `population = 42000` under `[budget]`".into(),
            Problem::PerCapitaUnit { .. } => format!(
                "set the table's `unit` to one of {}, or leave out `per-capita`",
                crate::budget::unit::known()
            ),
            Problem::BaselineNotATable { .. } => {
                "a table is compared with another table: name a table's id as `baseline`".into()
            }
            Problem::BaselineColumns { .. } => {
                "a baseline must have the same columns, in the same order".into()
            }
            Problem::Cycle { .. } => "a derived row cannot depend on itself".into(),
            Problem::DivisionByZero { .. } => "check the divisor's figures".into(),
            Problem::Overflow { .. } => "check the figures for a misplaced digit".into(),
            Problem::SumMismatch {
                likely: Some(likely),
                ..
            } => likely.clone(),
            Problem::SumMismatch { tolerance, .. } => format!(
                "correct the stated figure or the rows it is computed from; differences up to `tolerance: {tolerance}` are accepted as rounding"
            ),
            Problem::Rounding { .. } | Problem::CheckRounding { .. } => {
                "the difference is within the block's tolerance; publish as is, or correct the figure".into()
            }
            Problem::CheckFailed { .. } => "correct the figures so that both sides agree".into(),
            Problem::ChartEmpty { .. } => {
                "name rows with figures of their own in `chart: {rows: [...]}` (a total with none of its rows is drawn as a part), or write `chart: none`".into()
            }
            Problem::ChartLeftOut { .. } => {
                "check the figures for a misplaced digit, or write `chart: none` to leave the chart out".into()
            }
            Problem::TreemapNegative { .. } => {
                "a part of a whole is never below zero: leave the row out with `chart: {kind: treemap, rows: [...]}`, or draw the table as a `bar` or `waterfall`".into()
            }
            Problem::TreemapColumns { .. } => {
                "name one column: `chart: {kind: treemap, columns: [id]}`".into()
            }
            Problem::Omitted { .. } => {
                "they are like the ones above: correct those and check again".into()
            }
            Problem::UncheckedColumns { .. } => {
                "give a column of the other table the same heading or id to check it there too; where it has no such column, nothing is missing".into()
            }
            Problem::Unchecked { missing, .. } if missing.contains("has no column that answers") => {
                "the other table has no column of this heading or id: give the two the same heading or id to check it here; where the other has no such column, nothing is missing".into()
            }
            Problem::Unchecked { missing, .. } if missing.contains("previous(") => {
                "nothing to do where the source has no figure for the year before; to check it, add that year as the first column".into()
            }
            Problem::Unchecked { .. } => {
                "give the missing figure; where the source has none, the figure is published with a note that it is not checked".into()
            }
            Problem::AsPublished { .. } => return None,
            Problem::AsPublishedAgrees { .. } => {
                "remove the column from `as-published`: the figure is checked and agrees".into()
            }
            Problem::AsPublishedNotDerived { .. } => {
                "`as-published` belongs on a row with `sum` or `formula` whose stated figure differs from the computed one".into()
            }
            Problem::Sheet(sheet) => sheet.help(),
            Problem::BlockSyntax { message } => return yaml_help(message),
            Problem::Config { message } => return unknown_key_help(message),
        })
    }
}

/// What to do about a YAML syntax error, where its message says enough:
/// most come from text that YAML reads as markup.
fn yaml_help(message: &str) -> Option<String> {
    let help = if message.contains("tab") {
        "YAML indents with spaces only: replace the tab with spaces; figures pasted from a spreadsheet are separated with `, `, as in `[120, 130]`"
    } else if message.contains("mapping values are not allowed") {
        "a text with `: ` in it goes in quotes, `title: \"Medium-term plan: the gap\"`; or a key is indented further than the keys beside it: line them up"
    } else if message.contains("did not find expected '-'")
        || message.contains("did not find expected key")
    {
        "a line is indented differently from those beside it: line up each `- ` item and each key under its neighbours"
    } else if message.contains("did not find expected") || message.contains("while parsing a flow")
    {
        "a text with `,`, `:`, `[`, `]`, `{`, `}` or `#` in it goes in quotes, as does a figure with a comma: `\"2 298,4\"`, `\"(1,234)\"`"
    } else {
        return None;
    };
    Some(help.into())
}

/// For a book.toml key that is not known: the known key it was probably
/// meant to be, from the message's own list (`unknown field `site-urll`,
/// expected one of `site-url`, …`).
fn unknown_key_help(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (wrong, known) = rest.split_once('`')?;
    let candidates: Vec<&str> = known.split('`').skip(1).step_by(2).collect();
    let key = super::text::suggest(wrong, candidates.iter().copied())?;
    Some(format!("did you mean `{key}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mistyped_key_is_named_with_the_known_one() {
        let problem = Problem::Config {
            message: "book.toml: unknown field `site-urll`, expected one of `site-url`, `git-repository-url`, `live-relo…".into(),
        };
        assert_eq!(problem.help().as_deref(), Some("did you mean `site-url`?"));
        let far = Problem::Config {
            message: "unknown field `colour`, expected one of `site-url`".into(),
        };
        assert_eq!(far.help(), None);
    }

    #[test]
    fn markup_in_a_text_is_told_to_go_in_quotes() {
        let problem = Problem::BlockSyntax {
            message: "budget block: mapping values are not allowed in this context".into(),
        };
        assert!(problem.help().unwrap().contains("in quotes"));
    }
}
