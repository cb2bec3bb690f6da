//! Every kind of problem a book can have: its message, its code and what
//! to do about it.

use super::text::{counted, with_thousands};
use crate::budget::number::NumberStyle;
use crate::import::SheetProblem;

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

fn in_file(file: &Option<String>) -> String {
    file.as_ref()
        .map(|f| format!(" in {f}"))
        .unwrap_or_default()
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
    #[error("[output.html.redirect] `{from}` leads to `{to}`, which is `{from}` itself")]
    RedirectLoop { from: String, to: String },
    #[error("the front matter is not closed by a `{fence}` line")]
    UnclosedFrontMatter { fence: &'static str },
    #[error("front matter: {message}")]
    FrontMatter { message: String },
    #[error("duplicate heading id `{id}`")]
    DuplicateHeadingId { id: String },
    #[error("the heading id `{id}` is one the page layout uses")]
    ReservedHeadingId { id: String },
    #[error("the file is not valid UTF-8")]
    NotUtf8,
    #[error(
        "`[^{label}]` refers to a footnote the chapter does not define; it is shown as written"
    )]
    FootnoteUndefined { label: String },
    #[error("`{link}` links to a chapter that is not in the book")]
    BrokenLink { link: String },
    #[error("`{link}` links to an anchor that is not on that page")]
    BrokenAnchor {
        link: String,
        suggestion: Option<String>,
    },
    #[error("`{link}` links to a draft{}", if *left_out { " that is not published; the link is left out" } else { ": the link is left out when the site is built without drafts" })]
    LinkToDraft { link: String, left_out: bool },
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
    #[error("row `{row}` has {}, but the block has {}", counted(*found, "value", "values"), counted(*expected, "column", "columns"))]
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
    #[error("`{text}` is marked as an amount in the currency itself, but its row is in {unit}")]
    CurrencyFigure { text: String, unit: String },
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
    #[error("`{what}` is not checked in {columns}: {lacking} has no column that answers to them")]
    UncheckedColumns {
        what: String,
        columns: String,
        lacking: String,
    },
    #[error("`{figure}` is shown with its unit, {unit}, and the text repeats it")]
    UnitRepeated { figure: String, unit: String },
    #[error("`{block}` is a block of {chapter}, a draft that the published site leaves out")]
    BlockInDraft { block: String, chapter: String },
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
    #[error("`{column}` is the heading of several columns of `{block}`: {candidates}")]
    AmbiguousColumn {
        block: String,
        column: String,
        candidates: String,
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
    #[error(
        "check `{check}` fails in column \"{column}\": the left side is {left}, the right {right}"
    )]
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
    #[error("check `{check}` differs in column \"{column}\": the left side is {left}, the right {right} (rounding)")]
    CheckRounding {
        check: String,
        column: String,
        left: String,
        right: String,
    },

    // Charts
    #[error("the {kind} chart asked for `{block}` has nothing to draw: its rows are totals, headings or in a unit of their own")]
    ChartEmpty { block: String, kind: &'static str },
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
            Problem::UnclosedFrontMatter { .. } => "front-matter-unclosed",
            Problem::RedirectLoop { .. } => "redirect-loop",
            Problem::FrontMatter { .. } => "front-matter",
            Problem::DuplicateHeadingId { .. } => "duplicate-heading-id",
            Problem::ReservedHeadingId { .. } => "reserved-heading-id",
            Problem::NotUtf8 => "not-utf8",
            Problem::FootnoteUndefined { .. } => "footnote-undefined",
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
            Problem::CurrencyFigure { .. } => "currency-figure",
            Problem::SumAndFormula => "sum-and-formula",
            Problem::InvalidSum { .. } => "invalid-sum",
            Problem::FormulaSyntax { .. } => "formula-syntax",
            Problem::UnknownRow { .. } => "unknown-row",
            Problem::BlockInDraft { .. } => "block-in-draft",
            Problem::UnitRepeated { .. } => "unit-repeated",
            Problem::UnknownBlock { .. } => "unknown-block",
            Problem::ColumnsDoNotMatch { .. } => "columns-do-not-match",
            Problem::HeadingReference { .. } => "heading-reference",
            Problem::FigureSyntax { .. } => "figure-syntax",
            Problem::UnknownColumn { .. } => "unknown-column",
            Problem::AmbiguousColumn { .. } => "ambiguous-column",
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
            Problem::Unchecked { .. } | Problem::UncheckedColumns { .. } => "unchecked",
            Problem::AsPublished { .. } => "as-published",
            Problem::AsPublishedAgrees { .. } => "as-published-agrees",
            Problem::AsPublishedNotDerived { .. } => "as-published-not-derived",
            Problem::ChartLeftOut { .. } => "chart-left-out",
            Problem::ChartEmpty { .. } => "chart-empty",
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
}
