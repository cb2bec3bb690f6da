//! What the tool tells an author about their book: located, typed problems.
//!
//! Every stage reports into a [`Diagnostics`] list instead of stopping at the
//! first problem, so one `check` shows everything that needs fixing. The CLI
//! renders these with miette; tests compare their plain [`std::fmt::Display`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use crate::budget::number::NumberStyle;
use crate::import::SheetProblem;
use crate::source::Location;

/// " by the column formula `a + b`", for a figure its column computes.
fn by_formula(by: &Option<String>) -> String {
    by.as_ref()
        .map(|f| format!(" by the column formula `{f}`"))
        .unwrap_or_default()
}

fn style_name(style: NumberStyle) -> &'static str {
    match style {
        NumberStyle::Sv => "Swedish",
        NumberStyle::En => "English",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something the author said on purpose, listed so that it is seen.
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Every kind of problem a book can have. The message says what is wrong;
/// [`Problem::help`] says what to do about it.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Problem {
    // book.toml
    #[error("book.toml: {message}")]
    Config { message: String },
    #[error("the source directory `{path}` is not inside the book")]
    SourceOutsideBook { path: String },
    #[error("`{path}` leads outside the book (a symbolic link)")]
    OutsideBook { path: String },
    #[error("`{path}` is {size} bytes, more than the limit of {limit}")]
    FileTooLarge { path: String, size: u64, limit: u64 },
    #[error("the budget block is {size} bytes, more than the limit of {limit}")]
    BlockTooLarge { size: usize, limit: usize },
    #[error("unsupported language `{found}`")]
    UnsupportedLanguage { found: String },
    #[error("{key} `{url}` is not a usable address: {reason}")]
    InvalidUrl {
        key: &'static str,
        url: String,
        reason: String,
    },

    // SUMMARY.md
    #[error("the book has no {path}")]
    SummaryMissing { path: String },
    #[error("SUMMARY.md links to `{path}`, which does not exist")]
    SummaryMissingFile { path: String },
    #[error("SUMMARY.md links to `{path}`, which {what}")]
    SummaryNotAFile { path: String, what: &'static str },
    #[error("SUMMARY.md links to `{path}`, outside the source directory")]
    SummaryOutsideSource { path: String },
    #[error("`{path}` is listed twice in SUMMARY.md")]
    SummaryDuplicate { path: String },
    #[error("chapter `{path}` would be published as `{page}`, a page the site makes itself")]
    PageTaken { path: String, page: String },
    #[error("a SUMMARY.md list item needs a link to a chapter file")]
    SummaryItemWithoutLink,
    #[error("this item is nested more than {limit} levels deep")]
    SummaryTooDeep { limit: usize },
    #[error("`{path}` is not listed in SUMMARY.md and will not be published")]
    OrphanChapter { path: String },
    #[error("`{key}` is an mdBook setting, ignored{detail}")]
    MdbookSetting { key: String, detail: String },
    #[error("`{path}` is mdBook's theme folder, which budgetbook does not use")]
    ThemeIgnored { path: String },

    // Includes
    #[error("`{{{{#include}}}}` names `{path}`, which does not exist")]
    IncludeMissing { path: String },
    #[error("`{{{{#include}}}}` names `{path}`, outside the book")]
    IncludeOutsideBook { path: String },
    #[error("`{written}` selects nothing: {reason}")]
    IncludeSelection { written: String, reason: String },
    #[error("`{written}` cannot be expanded: {reason}")]
    IncludeSyntax { written: String, reason: String },
    #[error("includes nest more than {limit} deep")]
    IncludeTooDeep { limit: usize },

    // Chapters
    #[error("the front matter is not closed by a `---` line")]
    UnclosedFrontMatter,
    #[error("front matter: {message}")]
    FrontMatter { message: String },
    #[error("duplicate heading id `{id}`")]
    DuplicateHeadingId { id: String },
    #[error("the heading id `{id}` is one the page layout uses")]
    ReservedHeadingId { id: String },
    #[error("the file is not valid UTF-8")]
    NotUtf8,
    #[error("`{link}` links to a chapter that is not in the book")]
    BrokenLink { link: String },
    #[error("`{link}` links to an anchor that is not on that page")]
    BrokenAnchor {
        link: String,
        suggestion: Option<String>,
    },
    #[error("`{link}` links to a draft that is not published; the link is left out")]
    LinkToDraft { link: String },
    #[error("`{link}` links to a file that is not in the book")]
    MissingFile { link: String },

    // Budget blocks: shape
    #[error("budget block: {message}")]
    BlockSyntax { message: String },
    /// One of the YAML parser's limits; `exceeded` says which, with the limit.
    #[error("the YAML {exceeded}")]
    YamlLimit {
        exceeded: String,
        advice: &'static str,
    },
    #[error("unknown key `{key}` in a budget {place}")]
    UnknownKey {
        key: String,
        place: &'static str,
        expected: &'static [&'static str],
        suggestion: Option<String>,
        /// When the key is the rest of an unquoted text that a comma cut
        /// short in a `{…}` mapping: that text's key and the text as written.
        cut_text: Option<(&'static str, String)>,
    },
    #[error("the budget {place} has no `id`")]
    MissingId { place: &'static str },
    #[error("`{id}` is not a valid id")]
    InvalidId { id: String },
    #[error("duplicate block id `{id}`; the first is at {first}")]
    DuplicateBlockId { id: String, first: String },
    #[error(
        "duplicate column id `{id}` in block `{block}`; the column \"{first}\" has it already"
    )]
    DuplicateColumnId {
        id: String,
        block: String,
        first: String,
    },
    #[error("the block id `{id}` is the name of the book's own data files (data/{id}.…)")]
    ReservedBlockId { id: String },
    #[error("duplicate row id `{id}` in block `{block}`")]
    DuplicateRowId { id: String, block: String },
    #[error("`{id}` in block `{block}` is an id the block's page already uses")]
    ReservedId {
        id: String,
        block: String,
        reserved: &'static str,
    },
    #[error("row `{row}` has {found} values, but the block has {expected} columns")]
    WrongValueCount {
        row: String,
        expected: usize,
        found: usize,
    },
    #[error("`{text}` is not a number")]
    NotANumber {
        text: String,
        style: crate::budget::number::NumberStyle,
    },
    #[error("`{text}` could be read two ways in {} number style: {reason}", style_name(*style))]
    AmbiguousNumber {
        text: String,
        style: crate::budget::number::NumberStyle,
        reason: String,
        /// Unquoted in a flow list, where YAML ended the value at the comma.
        split_by_yaml: bool,
    },
    #[error("`{text}` has a % sign, but its row is in {unit}")]
    PercentFigure { text: String, unit: String },
    #[error("a row can have `sum` or `formula`, not both")]
    SumAndFormula,
    #[error("`sum: {text}` is neither `above` nor a list of row ids")]
    InvalidSum { text: String },

    // Budget blocks: references and arithmetic
    #[error("formula: {message}")]
    FormulaSyntax { message: String },
    #[error("unknown row `{reference}` in block `{block}`")]
    UnknownRow {
        reference: String,
        block: String,
        suggestion: Option<String>,
    },
    #[error("unknown block `{block}`")]
    UnknownBlock {
        block: String,
        suggestion: Option<String>,
    },
    #[error(
        "no column of `{block}` {there_columns} answers to a column of `{here}` {here_columns}"
    )]
    ColumnsDoNotMatch {
        block: String,
        here: String,
        here_columns: String,
        there_columns: String,
    },
    #[error("`{written}` is not a figure reference")]
    FigureSyntax { written: String },
    #[error("block `{block}` has no column `{column}`")]
    UnknownColumn {
        block: String,
        column: String,
        suggestion: Option<String>,
    },
    #[error("`{block}.{row}` has no single figure: name a column, e.g. `{{{{{block}.{row}[{first}]}}}}`")]
    FigureNeedsColumn {
        block: String,
        row: String,
        first: String,
    },
    #[error("unknown block kind `{kind}`")]
    UnknownKind { kind: String },
    #[error("unknown view `{view}`")]
    UnknownView { view: String },
    #[error("goal `{goal}` needs either `check` or `undecided`, not both or neither")]
    GoalNeedsCheck { goal: String },
    #[error("`per-capita` needs the population: set `[budget] population` in book.toml")]
    NoPopulation,
    #[error("`per-capita` needs a unit with a known factor, and {found}")]
    PerCapitaUnit {
        /// "the table has no `unit`", or "`FTE` is not one of them".
        found: String,
    },
    #[error("baseline `{baseline}` is a {kind} block, not a table")]
    BaselineNotATable {
        baseline: String,
        kind: &'static str,
    },
    #[error("`per-100` on `{block}` needs {reason}")]
    PerHundred { block: String, reason: String },
    #[error("the front page: {message}")]
    FrontPage { message: String },
    #[error("baseline `{baseline}` has the columns {found}, but `{block}` has {expected}")]
    BaselineColumns {
        baseline: String,
        block: String,
        expected: String,
        found: String,
    },
    #[error("row `{row}` is a heading and has no figures to compute with")]
    HeadingReference { row: String },
    #[error("cycle between derived rows: {path}")]
    Cycle { path: String },
    #[error("division by zero in `{row}`, column \"{column}\"")]
    DivisionByZero { row: String, column: String },
    #[error("the computation of `{row}`, column \"{column}\" overflows")]
    Overflow { row: String, column: String },

    // Budget blocks: figures
    #[error(
        "`{block}.{row}`, column \"{column}\": stated {stated}, computed {computed}{}",
        by_formula(by)
    )]
    SumMismatch {
        block: String,
        row: String,
        column: String,
        stated: String,
        computed: String,
        tolerance: String,
        /// The column formula that computes it, when it is not the row's own.
        by: Option<String>,
        /// The figure that probably explains the difference.
        likely: Option<String>,
    },
    #[error(
        "`{block}.{row}`, column \"{column}\": stated {stated}, computed {computed}{} (rounding)",
        by_formula(by)
    )]
    Rounding {
        block: String,
        row: String,
        column: String,
        stated: String,
        computed: String,
        by: Option<String>,
    },
    #[error("check `{check}` fails in column \"{column}\": {left} against {right}")]
    CheckFailed {
        check: String,
        column: String,
        left: String,
        right: String,
    },
    #[error("`{what}`, column \"{column}\" is not checked: {missing}")]
    Unchecked {
        what: String,
        column: String,
        missing: String,
    },
    #[error("`{block}.{row}`, column \"{column}\": stated {stated} kept as published (computed {computed}): {reason}")]
    AsPublished {
        block: String,
        row: String,
        column: String,
        stated: String,
        computed: String,
        reason: String,
    },
    #[error("`{block}.{row}`, column \"{column}\" agrees with its computation but is listed in `as-published`")]
    AsPublishedAgrees {
        block: String,
        row: String,
        column: String,
    },
    #[error("`as-published` on row `{row}`, which is neither a sum nor a formula")]
    AsPublishedNotDerived { row: String },
    #[error("check `{check}` differs in column \"{column}\": {left} against {right} (rounding)")]
    CheckRounding {
        check: String,
        column: String,
        left: String,
        right: String,
    },

    // Charts
    #[error("the chart of `{block}` is left out: {total} in column \"{column}\" is beyond the largest figure, 79228162514264337593543950335")]
    ChartLeftOut {
        block: String,
        column: String,
        total: &'static str,
    },

    #[error("a treemap cannot draw `{block}.{row}` as an area: its figure in column \"{column}\" is {value}, below zero")]
    TreemapNegative {
        block: String,
        row: String,
        column: String,
        value: String,
    },
    #[error("a treemap of `{block}` draws one column; `{column}` would be a second")]
    TreemapColumns { block: String, column: String },

    // Spreadsheets: reading a sheet (`budgetbook import`, `source:`)
    #[error("{0}")]
    Sheet(crate::import::SheetProblem),

    // The report itself
    /// Stands for the problems of one kind in one file past the first
    /// [`SHOWN_PER_KIND`]; `file` is `None` for problems without a location.
    #[error("… and {} more of this kind (`{code}`){}", with_thousands(*.count), in_file(.file))]
    Omitted {
        code: &'static str,
        count: usize,
        file: Option<String>,
    },
}

impl Problem {
    /// A stable identifier, for machine-readable output and documentation.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Config { .. } => "config",
            Problem::UnsupportedLanguage { .. } => "config-language",
            Problem::InvalidUrl { .. } => "invalid-url",
            Problem::SourceOutsideBook { .. } => "source-outside-book",
            Problem::OutsideBook { .. } => "outside-book",
            Problem::FileTooLarge { .. } => "file-too-large",
            Problem::BlockTooLarge { .. } => "block-too-large",
            Problem::SummaryMissing { .. } => "summary-missing",
            Problem::SummaryMissingFile { .. } => "summary-missing-file",
            Problem::SummaryNotAFile { .. } => "summary-not-a-file",
            Problem::SummaryOutsideSource { .. } => "summary-outside-source",
            Problem::SummaryDuplicate { .. } => "summary-duplicate",
            Problem::PageTaken { .. } => "page-taken",
            Problem::SummaryItemWithoutLink => "summary-item-without-link",
            Problem::SummaryTooDeep { .. } => "summary-too-deep",
            Problem::OrphanChapter { .. } => "orphan-chapter",
            Problem::MdbookSetting { .. } => "mdbook-setting",
            Problem::ThemeIgnored { .. } => "theme-ignored",
            Problem::IncludeMissing { .. } => "include-missing",
            Problem::IncludeOutsideBook { .. } => "include-outside-book",
            Problem::IncludeSelection { .. } => "include-selection",
            Problem::IncludeSyntax { .. } => "include-syntax",
            Problem::IncludeTooDeep { .. } => "include-too-deep",
            Problem::MissingFile { .. } => "missing-file",
            Problem::UnclosedFrontMatter => "front-matter-unclosed",
            Problem::FrontMatter { .. } => "front-matter",
            Problem::DuplicateHeadingId { .. } => "duplicate-heading-id",
            Problem::ReservedHeadingId { .. } => "reserved-heading-id",
            Problem::NotUtf8 => "not-utf8",
            Problem::BrokenLink { .. } => "broken-link",
            Problem::BrokenAnchor { .. } => "broken-anchor",
            Problem::LinkToDraft { .. } => "link-to-draft",
            Problem::BlockSyntax { .. } => "block-syntax",
            Problem::YamlLimit { .. } => "yaml-limit",
            Problem::UnknownKey { .. } => "unknown-key",
            Problem::MissingId { .. } => "missing-id",
            Problem::InvalidId { .. } => "invalid-id",
            Problem::DuplicateBlockId { .. } => "duplicate-block-id",
            Problem::DuplicateRowId { .. } => "duplicate-row-id",
            Problem::ReservedBlockId { .. } => "reserved-block-id",
            Problem::DuplicateColumnId { .. } => "duplicate-column-id",
            Problem::ReservedId { .. } => "reserved-id",
            Problem::WrongValueCount { .. } => "wrong-value-count",
            Problem::NotANumber { .. } => "not-a-number",
            Problem::AmbiguousNumber { .. } => "ambiguous-number",
            Problem::PercentFigure { .. } => "percent-figure",
            Problem::SumAndFormula => "sum-and-formula",
            Problem::InvalidSum { .. } => "invalid-sum",
            Problem::FormulaSyntax { .. } => "formula-syntax",
            Problem::UnknownRow { .. } => "unknown-row",
            Problem::UnknownBlock { .. } => "unknown-block",
            Problem::ColumnsDoNotMatch { .. } => "columns-do-not-match",
            Problem::HeadingReference { .. } => "heading-reference",
            Problem::FigureSyntax { .. } => "figure-syntax",
            Problem::UnknownColumn { .. } => "unknown-column",
            Problem::FigureNeedsColumn { .. } => "figure-needs-column",
            Problem::UnknownKind { .. } => "unknown-kind",
            Problem::UnknownView { .. } => "unknown-view",
            Problem::GoalNeedsCheck { .. } => "goal-needs-check",
            Problem::NoPopulation => "no-population",
            Problem::PerCapitaUnit { .. } => "per-capita-unit",
            Problem::PerHundred { .. } => "per-100",
            Problem::FrontPage { .. } => "front-page",
            Problem::BaselineColumns { .. } => "baseline-columns",
            Problem::BaselineNotATable { .. } => "baseline-not-a-table",
            Problem::Cycle { .. } => "cycle",
            Problem::DivisionByZero { .. } => "division-by-zero",
            Problem::Overflow { .. } => "overflow",
            Problem::SumMismatch { .. } => "sum-mismatch",
            Problem::Rounding { .. } => "rounding",
            Problem::CheckFailed { .. } => "check-failed",
            Problem::CheckRounding { .. } => "check-rounding",
            Problem::Unchecked { .. } => "unchecked",
            Problem::AsPublished { .. } => "as-published",
            Problem::AsPublishedAgrees { .. } => "as-published-agrees",
            Problem::AsPublishedNotDerived { .. } => "as-published-not-derived",
            Problem::ChartLeftOut { .. } => "chart-left-out",
            Problem::TreemapNegative { .. } => "treemap-negative",
            Problem::TreemapColumns { .. } => "treemap-columns",
            Problem::Sheet(SheetProblem::Missing { .. }) => "sheet-missing",
            Problem::Sheet(SheetProblem::OutsideBook { .. }) => "sheet-outside-book",
            Problem::Sheet(SheetProblem::Format { .. }) => "sheet-format",
            Problem::Sheet(SheetProblem::Unreadable { .. }) => "sheet-unreadable",
            Problem::Sheet(SheetProblem::Encrypted { .. }) => "sheet-encrypted",
            Problem::Sheet(SheetProblem::NoSheet { .. }) => "sheet-not-found",
            Problem::Sheet(SheetProblem::Range { .. }) => "sheet-range",
            Problem::Sheet(SheetProblem::TooLarge { .. }) => "sheet-too-large",
            Problem::Sheet(SheetProblem::Merged { .. }) => "sheet-merged",
            Problem::Sheet(SheetProblem::Cell { .. }) => "sheet-cell",
            Problem::Sheet(SheetProblem::NoLabel { .. }) => "sheet-cell",
            Problem::Sheet(SheetProblem::UnmatchedRow { .. }) => "source-row",
            Problem::Sheet(SheetProblem::FromSheet { .. }) => "source-conflict",
            Problem::Omitted { .. } => "omitted",
        }
    }

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
            Problem::UnclosedFrontMatter => "end the front matter with a line `---`".into(),
            Problem::FrontMatter { .. } => {
                "front matter keys are `title`, `description` and `draft`".into()
            }
            Problem::DuplicateHeadingId { .. } => "give one of the headings another `{#id}`".into(),
            Problem::ReservedHeadingId { .. } => {
                "give the heading another `{#id}`: the templates use this one for an element of their own".into()
            }
            Problem::NotUtf8 => "save the file as UTF-8".into(),
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
            Problem::SumAndFormula => "keep one of them".into(),
            Problem::InvalidSum { .. } => "write `sum: above` or `sum: [row-a, row-b]`".into(),
            Problem::FormulaSyntax { .. } => {
                "a formula uses + - * /, parentheses, numbers and row ids; put spaces around `-` between ids".into()
            }
            Problem::UnknownRow { suggestion, .. } => {
                return did_you_mean(suggestion).or(Some("check the row's id".into()))
            }
            Problem::UnknownBlock { suggestion, .. } => {
                return did_you_mean(suggestion).or(Some("check the block's id".into()))
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
            Problem::Config { .. }
            | Problem::BlockSyntax { .. } => return None,
        })
    }
}

/// One reported problem, with where it is.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Boxed: diagnostics travel in `Result`s, and most are never made.
    pub problem: Box<Problem>,
    pub location: Option<Location>,
}

impl Diagnostic {
    pub fn error(problem: Problem, location: impl Into<Option<Location>>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            problem: Box::new(problem),
            location: location.into(),
        }
    }

    pub fn warning(problem: Problem, location: impl Into<Option<Location>>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            problem: Box::new(problem),
            location: location.into(),
        }
    }

    pub fn note(problem: Problem, location: impl Into<Option<Location>>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            problem: Box::new(problem),
            location: location.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// How many problems this entry stands for: one, or as many as an
    /// [`Problem::Omitted`] entry leaves out.
    pub fn count(&self) -> usize {
        match *self.problem {
            Problem::Omitted { count, .. } => count,
            _ => 1,
        }
    }
}

/// `file:line:column: error[code]: message` — the one-line form, as compilers
/// print it, with control characters escaped.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{}: ", escape_controls(&location.to_string()))?;
        }
        write!(f, "{}", self.headline())?;
        if let Some(cell) = self.location.as_ref().and_then(|l| l.cell.as_deref()) {
            write!(f, " (at {})", for_terminal(cell))?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// The machine-readable form, for editors and CI (`check --format json`).
    pub fn to_json(&self) -> serde_json::Value {
        let mut value = serde_json::json!({
            "severity": self.severity.name(),
            "code": self.problem.code(),
            "message": self.problem.to_string(),
            "help": self.problem.help(),
        });
        if let Problem::Omitted { code, count, file } = &*self.problem {
            value["omitted_code"] = serde_json::json!(code);
            value["omitted_count"] = serde_json::json!(count);
            if let Some(file) = file {
                value["file"] = serde_json::json!(file);
            }
        }
        if let Some(location) = &self.location {
            let (line, column) = location.line_column();
            let (end_line, end_column) = location.file.line_column(location.offset + location.len);
            value["file"] =
                serde_json::json!(location.file.path.to_string_lossy().replace('\\', "/"));
            value["line"] = serde_json::json!(line);
            value["column"] = serde_json::json!(column);
            value["end_line"] = serde_json::json!(end_line);
            value["end_column"] = serde_json::json!(end_column);
            if let Some(cell) = &location.cell {
                value["cell"] = serde_json::json!(&**cell);
            }
        }
        value
    }

    /// `error[code]: message`, without the location, as a terminal may
    /// show it ([`for_terminal`]).
    pub fn headline(&self) -> String {
        let severity = self.severity.name();
        let message = self.problem.to_string();
        format!(
            "{severity}[{}]: {}",
            self.problem.code(),
            for_terminal(&message)
        )
    }
}

impl std::error::Error for Diagnostic {}

/// The problems found in a book, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    pub fn error(&mut self, problem: Problem, location: impl Into<Option<Location>>) {
        self.push(Diagnostic::error(problem, location));
    }

    pub fn warning(&mut self, problem: Problem, location: impl Into<Option<Location>>) {
        self.push(Diagnostic::warning(problem, location));
    }

    pub fn note(&mut self, problem: Problem, location: impl Into<Option<Location>>) {
        self.push(Diagnostic::note(problem, location));
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The diagnostics in the order found, at most [`SHOWN_PER_KIND`] of a
    /// kind in a file: the rest of each such group are counted in one
    /// [`Problem::Omitted`] entry where the first of them was.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        // Per file and code: how many were seen, and where their summary is.
        type Kind = (Option<PathBuf>, &'static str);
        let mut groups: HashMap<Kind, (usize, Option<usize>)> = HashMap::new();
        let mut shown = Vec::new();
        for diagnostic in self.list {
            let file = diagnostic.location.as_ref().map(|l| l.file.path.clone());
            let code = diagnostic.problem.code();
            let (seen, summary) = groups.entry((file.clone(), code)).or_default();
            *seen += 1;
            if *seen <= SHOWN_PER_KIND {
                shown.push(diagnostic);
                continue;
            }
            match *summary {
                Some(index) => {
                    let entry: &mut Diagnostic = &mut shown[index];
                    entry.severity = entry.severity.max(diagnostic.severity);
                    if let Problem::Omitted { count, .. } = entry.problem.as_mut() {
                        *count += 1;
                    }
                }
                None => {
                    *summary = Some(shown.len());
                    let problem = Problem::Omitted {
                        code,
                        count: 1,
                        file: file.map(|f| f.to_string_lossy().replace('\\', "/")),
                    };
                    shown.push(Diagnostic {
                        severity: diagnostic.severity,
                        problem: Box::new(problem),
                        location: None,
                    });
                }
            }
        }
        shown
    }
}

/// How many problems of one kind in one file are reported one by one: a
/// file full of one mistake then gives a report of readable size.
pub const SHOWN_PER_KIND: usize = 20;

/// Messages are cut to this many characters on the terminal: the text from
/// the book they quote can be of any length.
const MAX_MESSAGE_CHARS: usize = 400;

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

fn in_file(file: &Option<String>) -> String {
    file.as_ref()
        .map(|f| format!(" in {f}"))
        .unwrap_or_default()
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

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_first_of_a_kind_in_a_file_problems_are_counted() {
        let a = crate::source::SourceFile::new("a.md", "x".repeat(100));
        let b = crate::source::SourceFile::new("b.md", "x".repeat(100));
        let mut diagnostics = Diagnostics::default();
        for i in 0..30 {
            diagnostics.error(Problem::NotUtf8, a.location(i, 1));
            diagnostics.warning(Problem::NoPopulation, a.location(i, 1));
        }
        for i in 0..5 {
            diagnostics.error(Problem::NotUtf8, b.location(i, 1));
        }
        let shown = diagnostics.into_vec();
        let lines: Vec<String> = shown.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 20 + 20 + 2 + 5);
        assert_eq!(
            lines[40],
            "error[omitted]: … and 10 more of this kind (`not-utf8`) in a.md"
        );
        assert_eq!(
            lines[41],
            "warning[omitted]: … and 10 more of this kind (`no-population`) in a.md"
        );
        assert_eq!(
            lines[42],
            "b.md:1:1: error[not-utf8]: the file is not valid UTF-8"
        );
        let represented: usize = shown.iter().map(Diagnostic::count).sum();
        assert_eq!(represented, 65);
        assert_eq!(with_thousands(4812), "4,812");
        assert_eq!(with_thousands(1_000_000), "1,000,000");
        assert_eq!(with_thousands(999), "999");
    }

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
    }
}
