//! `book.toml`: the site configuration. Strict: an unknown key is an error,
//! except mdBook's own settings, which are read where budgetbook can honour
//! them and otherwise ignored with a warning each (`mdbook.rs`).

use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;

use super::front_page::{FrontPageConfig, RawFront};
use crate::budget::number::NumberStyle;
use crate::diagnostic::{Diagnostic, Problem};
use crate::source::SourceFile;

/// The language of the site's UI strings and number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Swedish,
    English,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Swedish => "sv",
            Language::English => "en",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        match code {
            "sv" | "sv-SE" => Some(Language::Swedish),
            "en" | "en-GB" | "en-US" => Some(Language::English),
            _ => None,
        }
    }
}

/// A chapter is prose; 8 MiB is far beyond any real one.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;
/// A budget block of 256 KiB holds thousands of rows.
pub const DEFAULT_MAX_BLOCK_SIZE: usize = 256 * 1024;

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub authors: Vec<String>,
    pub description: Option<String>,
    pub language: Language,
    /// The chapters' directory, relative to the book directory.
    pub src: PathBuf,
    /// The output directory, relative to the book directory unless absolute.
    pub build_dir: PathBuf,
    /// Chapter files larger than this are refused (bytes).
    pub max_file_size: u64,
    /// Budget blocks larger than this are refused (bytes).
    pub max_block_size: usize,
    /// Keep raw HTML of chapters, sanitized; by default it is shown as text.
    pub allow_html: bool,
    /// Ends with `/` when set.
    pub base_url: Option<String>,
    /// An image under `static/` for link previews (Open Graph, Twitter).
    pub image: Option<String>,
    /// The accessibility statement, when the publisher fills it in.
    pub accessibility: Option<Accessibility>,
    pub organisation: Option<String>,
    /// ISO 4217 code of the money amounts, for the data downloads.
    pub currency: String,
    /// The budget phase, as the Fiscal Data Package names it; `None` where
    /// book.toml does not say (the data files then say "proposed", and the
    /// printed record says nothing).
    pub phase: Option<BudgetPhase>,
    /// Inhabitants, for kronor-per-inhabitant views.
    pub population: Option<rust_decimal::Decimal>,
    /// How the tables write their figures (default: the book's language).
    pub number_style: NumberStyle,
    /// How the site shows negative figures.
    pub negatives: Negatives,
    /// The first day of the fiscal year, as (month, day).
    pub fiscal_year_start: (u32, u32),
    /// The document's date, for the printed title block and running heads;
    /// taken from the book, never the clock, so that a build stays
    /// byte-identical.
    pub date: Option<BookDate>,
    /// The document's version, as its authors name it ("2", "rev. B").
    pub version: Option<String>,
    /// The book's source repository, linked from every page
    /// (`[output.html] git-repository-url`).
    pub repository_url: Option<String>,
    /// The address of a chapter's source for editing, with `{path}` for its
    /// path from the book's folder (`[output.html] edit-url-template`).
    pub edit_url_template: Option<String>,
    /// Curly quotes, dashes and ellipses from straight ones
    /// (`[output.html] smart-punctuation`).
    pub smart_punctuation: bool,
    /// Chapters of the numbered list show their section number (`1.2.`).
    pub section_numbers: bool,
    /// Pages that send the reader on (`[output.html.redirect]`).
    pub redirects: Vec<Redirect>,
    /// What the front page leads with (`[front]`).
    pub front_page: Option<FrontPageConfig>,
    /// Tax in kronor per 100 kr of taxable income (`[budget] tax-rate`),
    /// for the "your tax" section of `per-100` tables.
    pub tax_rate: Option<rust_decimal::Decimal>,
    /// The taxable incomes (a year, in whole currency units) the "your
    /// tax" section shows without JavaScript.
    pub tax_examples: Vec<rust_decimal::Decimal>,
}

/// A page at an old path that sends the reader on.
#[derive(Debug, Clone)]
pub struct Redirect {
    /// The old path, from the site root (`old/page.html`).
    pub from: String,
    /// The address to go to, as written: relative to the old page, or a
    /// web address.
    pub to: String,
    /// Where the address is written in book.toml.
    pub location: crate::source::Location,
}

/// The incomes the "your tax" table shows unless the book names its own.
pub const DEFAULT_TAX_EXAMPLES: [u64; 3] = [250_000, 400_000, 600_000];

/// A calendar day written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl BookDate {
    /// `"2025-11-20"` → the day, if the calendar has it.
    pub fn parse(text: &str) -> Option<BookDate> {
        let mut parts = text.split('-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        let (year, month, day): (u16, u8, u8) =
            (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        let last = *days.get(usize::from(month).checked_sub(1)?)?;
        (1..=last)
            .contains(&day)
            .then_some(BookDate { year, month, day })
    }
}

impl std::fmt::Display for BookDate {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// How negative figures are shown on the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Negatives {
    /// `−2 450` / `-2,450`.
    #[default]
    Minus,
    /// `(2,450)`, as accounts print them.
    Parentheses,
}

/// What the accessibility statement (Swedish: tillgänglighetsredogörelse)
/// says; the law asks for each of these.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all(deserialize = "kebab-case"))]
pub struct Accessibility {
    /// Who publishes the site and answers for it.
    pub publisher: String,
    /// Where readers report problems or ask for content in another form.
    pub contact: String,
    /// `full`, `partial` or `none`.
    pub compliance: Compliance,
    /// Content known not to be accessible, and why.
    #[serde(default)]
    pub known_problems: Vec<String>,
    /// How the site was assessed, e.g. "självskattning".
    pub method: String,
    /// When the statement was last reviewed (YYYY-MM-DD).
    pub reviewed: String,
    /// The supervisory authority readers can turn to.
    #[serde(default = "default_supervisor")]
    pub supervisor: String,
    #[serde(default = "default_supervisor_url")]
    pub supervisor_url: toml::Spanned<String>,
}

fn default_supervisor() -> String {
    "Myndigheten för digital förvaltning (Digg)".into()
}

fn default_supervisor_url() -> toml::Spanned<String> {
    toml::Spanned::new(0..0, "https://www.digg.se/tdosanmalan".into())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compliance {
    Full,
    Partial,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BudgetPhase {
    Proposed,
    Approved,
    Adjusted,
    Executed,
    Forecast,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    book: RawBook,
    #[serde(default)]
    build: RawBuild,
    #[serde(default)]
    site: RawSite,
    #[serde(default)]
    budget: RawBudget,
    accessibility: Option<Accessibility>,
    // mdBook's: read in `mdbook.rs`, or ignored with a warning.
    #[serde(default)]
    output: super::mdbook::RawOutput,
    #[allow(dead_code)]
    preprocessor: Option<toml::Value>,
    #[allow(dead_code)]
    rust: Option<toml::Value>,
    front: Option<RawFront>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawBook {
    title: String,
    #[serde(default)]
    authors: Vec<String>,
    description: Option<String>,
    language: Option<toml::Spanned<String>>,
    src: Option<toml::Spanned<PathBuf>>,
    date: Option<toml::Spanned<String>>,
    version: Option<String>,
    // mdBook's, ignored with a warning.
    #[allow(dead_code)]
    multilingual: Option<toml::Value>,
    #[allow(dead_code)]
    text_direction: Option<toml::Value>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawBuild {
    build_dir: Option<PathBuf>,
    max_file_size: Option<u64>,
    max_block_size: Option<usize>,
    #[serde(default)]
    allow_html: bool,
    // mdBook's, ignored with a warning.
    #[allow(dead_code)]
    create_missing: Option<toml::Value>,
    #[allow(dead_code)]
    use_default_preprocessors: Option<toml::Value>,
    #[allow(dead_code)]
    extra_watch_dirs: Option<toml::Value>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSite {
    base_url: Option<toml::Spanned<String>>,
    image: Option<String>,
    section_numbers: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "kebab-case")]
struct RawBudget {
    organisation: Option<String>,
    currency: Option<String>,
    phase: Option<BudgetPhase>,
    population: Option<u64>,
    number_style: Option<NumberStyle>,
    negatives: Option<Negatives>,
    fiscal_year_start: Option<toml::Spanned<String>>,
    tax_rate: Option<toml::Spanned<String>>,
    tax_examples: Option<toml::Spanned<Vec<u64>>>,
}

/// Reads `book.toml`; its mdBook settings that are ignored are left out
/// without a word (see [`parse_reporting`]).
pub fn parse(file: &Arc<SourceFile>) -> Result<Config, Diagnostic> {
    parse_reporting(file, None, &mut Vec::new())
}

/// Reads `book.toml`, adding a warning to `warnings` for each mdBook
/// setting that budgetbook ignores. With the book's folder `root`, a book
/// that names no `src` has its chapters in `content/`, or else in `src/`
/// (mdBook's default) when only that exists.
pub fn parse_reporting(
    file: &Arc<SourceFile>,
    root: Option<&std::path::Path>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Config, Diagnostic> {
    let raw: RawConfig = toml::from_str(file.text()).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        Diagnostic::error(
            Problem::Config {
                message: e.message().trim_end().to_string(),
            },
            file.location(span.start, span.len()),
        )
    })?;
    let language = match &raw.book.language {
        None => Language::Swedish,
        Some(code) => Language::from_code(code.get_ref()).ok_or_else(|| {
            Diagnostic::error(
                Problem::UnsupportedLanguage {
                    found: code.get_ref().clone(),
                },
                file.location(code.span().start, code.span().len()),
            )
        })?,
    };
    let src = match raw.book.src {
        None => match root {
            Some(root) if !root.join("content").is_dir() && root.join("src").is_dir() => {
                PathBuf::from("src")
            }
            _ => PathBuf::from("content"),
        },
        Some(src) if crate::load::summary::is_inside(src.get_ref()) => src.into_inner(),
        Some(src) => {
            return Err(Diagnostic::error(
                Problem::SourceOutsideBook {
                    path: src.get_ref().display().to_string(),
                },
                file.location(src.span().start, src.span().len()),
            ))
        }
    };
    if let Some(url) = &raw.site.base_url {
        check_url(file, "[site] base-url", url, &["http", "https"])?;
    }
    if let Some(accessibility) = &raw.accessibility {
        check_url(
            file,
            "[accessibility] supervisor-url",
            &accessibility.supervisor_url,
            &["http", "https", "mailto"],
        )?;
    }
    let fiscal_year_start = match &raw.budget.fiscal_year_start {
        None => (1, 1),
        Some(start) => month_day(start.get_ref()).ok_or_else(|| {
            Diagnostic::error(
                Problem::Config {
                    message: format!(
                        "fiscal-year-start `{}` is not a month and day such as \"04-01\"",
                        start.get_ref()
                    ),
                },
                file.location(start.span().start, start.span().len()),
            )
        })?,
    };
    let date = match &raw.book.date {
        None => None,
        Some(date) => Some(BookDate::parse(date.get_ref()).ok_or_else(|| {
            Diagnostic::error(
                Problem::Config {
                    message: format!(
                        "date `{}` is not a day written as \"2025-11-20\" (year-month-day)",
                        date.get_ref()
                    ),
                },
                file.location(date.span().start, date.span().len()),
            )
        })?),
    };
    let tax_rate = match &raw.budget.tax_rate {
        None => None,
        Some(rate) => Some(read_tax_rate(rate.get_ref()).ok_or_else(|| {
            Diagnostic::error(
                Problem::Config {
                    message: format!(
                        "tax-rate `{}` is not kronor per 100 kr of income written as \"20.41\" (more than 0, less than 100)",
                        rate.get_ref()
                    ),
                },
                file.location(rate.span().start, rate.span().len()),
            )
        })?),
    };
    let tax_examples = match raw.budget.tax_examples {
        None => DEFAULT_TAX_EXAMPLES
            .iter()
            .map(|&i| rust_decimal::Decimal::from(i))
            .collect(),
        Some(examples) if !examples.get_ref().is_empty() && examples.get_ref().len() <= 10 => {
            examples
                .into_inner()
                .into_iter()
                .map(rust_decimal::Decimal::from)
                .collect()
        }
        Some(examples) => {
            return Err(Diagnostic::error(
                Problem::Config {
                    message: "tax-examples lists one to ten incomes, e.g. [250000, 400000, 600000]"
                        .into(),
                },
                file.location(examples.span().start, examples.span().len()),
            ))
        }
    };
    let html = super::mdbook::read(file, &raw.output, warnings)?;
    let base_url = raw
        .site
        .base_url
        .map(toml::Spanned::into_inner)
        .or(html.site_url)
        .map(|url| {
            let mut url = url;
            if !url.ends_with('/') {
                url.push('/');
            }
            url
        });
    Ok(Config {
        title: raw.book.title,
        authors: raw.book.authors,
        description: raw.book.description,
        language,
        src,
        build_dir: raw.build.build_dir.unwrap_or_else(|| "book".into()),
        max_file_size: raw.build.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
        max_block_size: raw.build.max_block_size.unwrap_or(DEFAULT_MAX_BLOCK_SIZE),
        allow_html: raw.build.allow_html,
        base_url,
        image: raw.site.image,
        accessibility: raw.accessibility,
        organisation: raw.budget.organisation,
        currency: raw.budget.currency.unwrap_or_else(|| "SEK".into()),
        phase: raw.budget.phase,
        population: raw.budget.population.map(rust_decimal::Decimal::from),
        number_style: raw.budget.number_style.unwrap_or(match language {
            Language::Swedish => NumberStyle::Sv,
            Language::English => NumberStyle::En,
        }),
        negatives: raw.budget.negatives.unwrap_or_default(),
        fiscal_year_start,
        date,
        version: raw.book.version,
        repository_url: html.repository_url,
        edit_url_template: html.edit_url_template,
        smart_punctuation: html.smart_punctuation,
        section_numbers: raw.site.section_numbers.unwrap_or(html.section_numbers),
        redirects: html.redirects,
        front_page: raw.front.map(|front| front.read(file)),
        tax_rate,
        tax_examples,
    })
}

/// `"20.41"` (or `"20,41"`) → the rate, if it is one: more than 0 and less
/// than 100 kronor per 100 kr, read exactly.
fn read_tax_rate(text: &str) -> Option<rust_decimal::Decimal> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let rate = rust_decimal::Decimal::from_str_exact(&text).ok()?;
    (rate > rust_decimal::Decimal::ZERO && rate < rust_decimal::Decimal::ONE_HUNDRED)
        .then_some(rate)
}

/// `"04-01"` → (4, 1), for a day that every year has.
fn month_day(text: &str) -> Option<(u32, u32)> {
    let (month, day) = text.split_once('-')?;
    let (month, day): (u32, u32) = (month.parse().ok()?, day.parse().ok()?);
    let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (1..=12)
        .contains(&month)
        .then(|| days[month as usize - 1])
        .filter(|&last| (1..=last).contains(&day))
        .map(|_| (month, day))
}

/// A configured address reaches pages, `robots.txt` and the sitemap as
/// written, so it must be a plain web address: one of `schemes`, with a
/// host, and no spaces or control characters (which would split
/// `robots.txt` into lines of the author's making).
pub(super) fn check_url(
    file: &Arc<SourceFile>,
    key: &'static str,
    url: &toml::Spanned<String>,
    schemes: &[&str],
) -> Result<(), Diagnostic> {
    let text = url.get_ref();
    let scheme = text.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    let reason = if text.chars().any(|c| c.is_control() || c.is_whitespace()) {
        Some("it contains a space, a line break or another control character".to_string())
    } else if !scheme.as_deref().is_some_and(|s| schemes.contains(&s)) {
        Some(format!("it must begin with {}:", schemes.join(":, ")))
    } else if scheme.as_deref() != Some("mailto")
        && !text
            .split_once("://")
            .is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'))
    {
        Some("it has no host, as in `https://example.org/`".to_string())
    } else {
        None
    };
    match reason {
        None => Ok(()),
        Some(reason) => Err(Diagnostic::error(
            Problem::InvalidUrl {
                key,
                url: text.clone(),
                reason,
            },
            file.location(url.span().start, url.span().len()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Config, Diagnostic> {
        parse(&SourceFile::new("book.toml", text.to_string()))
    }

    #[test]
    fn reads_the_documented_keys() {
        let config = parse_text(
            "[book]\ntitle = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nsrc = \"src\"\n\
             [build]\nbuild-dir = \"out\"\n[site]\nbase-url = \"https://x.org/b\"\n\
             [budget]\norganisation = \"O\"\n",
        )
        .unwrap();
        assert_eq!(config.language, Language::English);
        assert_eq!(config.src, PathBuf::from("src"));
        assert_eq!(config.build_dir, PathBuf::from("out"));
        assert_eq!(config.base_url.as_deref(), Some("https://x.org/b/"));
        assert_eq!(config.organisation.as_deref(), Some("O"));
    }

    #[test]
    fn an_unknown_key_is_an_error_at_its_line() {
        let error = parse_text("[book]\ntitle = \"T\"\ntitel = \"x\"\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "book.toml:3:1: error[config]: book.toml: unknown field `titel`, expected one of `title`, `authors`, `description`, `language`, `src`, `date`, `version`, `multilingual`, `text-direction`"
        );
    }

    #[test]
    fn configured_addresses_must_be_plain_web_addresses() {
        for (url, reason) in [
            ("javascript:alert(1)", "it must begin with http:, https:"),
            ("https://x.org/\nDisallow: /", "control character"),
            ("https://x.org/a b", "control character"),
            ("https:///path", "it has no host"),
            ("example.org", "it must begin with http:, https:"),
        ] {
            let text = format!("[book]\ntitle = \"T\"\n[site]\nbase-url = {url:?}\n");
            let error = parse_text(&text).unwrap_err().to_string();
            assert!(
                error.starts_with("book.toml:4:12: error[invalid-url]"),
                "{error}"
            );
            assert!(error.contains(reason), "{url}: {error}");
        }
        let accessibility = "[book]\ntitle = \"T\"\n[accessibility]\npublisher = \"P\"\n\
             contact = \"C\"\ncompliance = \"full\"\nmethod = \"M\"\nreviewed = \"2026-01-01\"\n\
             supervisor-url = \"javascript:alert(1)\"\n";
        let error = parse_text(accessibility).unwrap_err().to_string();
        assert!(
            error.starts_with("book.toml:9:18: error[invalid-url]: [accessibility] supervisor-url"),
            "{error}"
        );
        let fine = "[book]\ntitle = \"T\"\n[site]\nbase-url = \"HTTPS://x.org/budget\"\n";
        assert!(parse_text(fine).is_ok());
    }

    #[test]
    fn an_unknown_language_is_an_error_at_its_value() {
        let error = parse_text("[book]\ntitle = \"T\"\nlanguage = \"fi\"\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "book.toml:3:12: error[config-language]: unsupported language `fi`"
        );
    }

    #[test]
    fn the_date_is_a_calendar_day_written_year_month_day() {
        let config =
            parse_text("[book]\ntitle = \"T\"\ndate = \"2024-02-29\"\nversion = \"2\"\n").unwrap();
        assert_eq!(
            config.date.map(|d| d.to_string()).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(config.version.as_deref(), Some("2"));
        for date in [
            "2025-02-29",
            "2025-13-01",
            "20 november 2025",
            "2025-1-5",
            "2025-11-20-1",
        ] {
            let error = parse_text(&format!("[book]\ntitle = \"T\"\ndate = {date:?}\n"))
                .unwrap_err()
                .to_string();
            assert!(
                error.starts_with("book.toml:3:8: error[config]: "),
                "{error}"
            );
            assert!(error.contains("\"2025-11-20\""), "{error}");
        }
    }

    #[test]
    fn the_tax_rate_is_kronor_per_hundred_read_exactly() {
        let config = parse_text("[book]\ntitle = \"T\"\n[budget]\ntax-rate = \"21.36\"\n").unwrap();
        assert_eq!(
            config.tax_rate.map(|r| r.to_string()).as_deref(),
            Some("21.36")
        );
        assert_eq!(config.tax_examples.len(), 3);
        let comma = parse_text("[book]\ntitle = \"T\"\n[budget]\ntax-rate = \"20,5\"\n").unwrap();
        assert_eq!(
            comma.tax_rate.map(|r| r.to_string()).as_deref(),
            Some("20.5")
        );
        for rate in ["0", "100", "-3", "21.36 kr", "", "1e2"] {
            let error = parse_text(&format!(
                "[book]\ntitle = \"T\"\n[budget]\ntax-rate = {rate:?}\n"
            ))
            .unwrap_err()
            .to_string();
            assert!(
                error.starts_with("book.toml:4:12: error[config]: book.toml: tax-rate"),
                "{rate}: {error}"
            );
        }
        let error = parse_text("[book]\ntitle = \"T\"\n[budget]\ntax-examples = []\n")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("book.toml:4:16: error[config]: book.toml: tax-examples"),
            "{error}"
        );
    }

    #[test]
    fn front_page_references_keep_where_they_are_written() {
        let config = parse_text(
            "[book]\ntitle = \"T\"\n[front]\nfigures = [\"a.b[1]\", { figure = \"c.d\", label = \"L\" }]\ncharts = [\"a\"]\n",
        )
        .unwrap();
        let front = config.front_page.unwrap();
        assert_eq!(front.figures[0].reference, "a.b[1]");
        assert_eq!(front.figures[0].location.line_column(), (4, 13));
        assert_eq!(front.figures[1].label.as_deref(), Some("L"));
        assert_eq!(front.charts[0].1.line_column(), (5, 12));
        let error = parse_text("[book]\ntitle = \"T\"\n[front]\nfigure = []\n").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("book.toml:4:1: error[config]"),
            "{error}"
        );
    }
}
