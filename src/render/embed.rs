//! Charts to embed: each chart also as `embed/<block>.html`, a page of its
//! own for an `<iframe>` on another site (a newsroom's article): the chart,
//! its table behind a disclosure, and a line naming the source with a link
//! to the table on its chapter page. No site chrome, its own small style
//! sheet (`embed/embed.css`), and it works opened from disk.
//!
//! The chart on the chapter page offers the `<iframe>` code to copy.

use std::path::PathBuf;

use serde::Serialize;

use crate::render::escape_html;

/// The folder of the embed pages, and their style sheet in it.
pub const FOLDER: &str = "embed";
pub const STYLE: &str = "embed.css";

/// `embed/<block>.html`, from the site root.
pub fn path(block: &str) -> PathBuf {
    PathBuf::from(FOLDER).join(format!("{block}.html"))
}

/// The widest the embedded chart is drawn (the style sheet's `max-width`
/// of 28rem at 16 px), for the height the iframe code suggests.
const SHOWN_WIDTH: f64 = 448.0;
/// The source line and the table's disclosure under the chart, closed.
const BELOW_CHART: f64 = 110.0;

/// What the chart on its chapter page offers to copy.
#[derive(Serialize)]
pub struct EmbedCode {
    /// The `<iframe>` element, as text.
    pub code: String,
    /// Whether its address is relative to the site root (the book has no
    /// `base-url`), so that it must be completed before use.
    pub relative: bool,
    /// The embed page, from the chapter page.
    pub href: String,
}

/// The `<iframe>` code for block `block`'s chart, `height` units high on its
/// canvas of `width`; `root` leads from the chapter page to the site root.
pub fn code(
    base_url: Option<&str>,
    block: &str,
    title: &str,
    width: f64,
    height: f64,
    root: &str,
) -> EmbedCode {
    let page = crate::render::context_url(&path(block));
    let (src, relative) = match base_url {
        Some(base) => (format!("{base}{page}"), false),
        None => (page.clone(), true),
    };
    let shown = (height * SHOWN_WIDTH / width.max(1.0) + BELOW_CHART).ceil();
    EmbedCode {
        code: format!(
            "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{shown}\" loading=\"lazy\" style=\"border:0;max-width:100%\"></iframe>",
            escape_html(&src),
            escape_html(title),
        ),
        relative,
        href: format!("{root}{page}"),
    }
}

/// The source line's link: the table on its chapter page, absolute when
/// the book has a `base-url`, else relative to the embed page.
pub fn source_href(base_url: Option<&str>, chapter_page: &str, block: &str) -> String {
    match base_url {
        Some(base) => format!("{base}{chapter_page}#{block}"),
        None => format!("../{chapter_page}#{block}"),
    }
}

/// What `embed.html` sees besides `site` and `t`.
#[derive(Serialize)]
pub struct EmbedContext<'a> {
    /// `svg`, `title`.
    pub chart: EmbedChart<'a>,
    /// The table as its chapter page shows it, without chart or downloads.
    pub table_html: String,
    /// The chapter page's title and the link to the table on it.
    pub chapter: &'a str,
    pub source_href: String,
    /// The budget phase in words, where book.toml gives it.
    pub phase: Option<&'a str>,
    /// The book's date in words and as `YYYY-MM-DD`.
    pub date: Option<String>,
    pub date_iso: Option<String>,
}

#[derive(Serialize)]
pub struct EmbedChart<'a> {
    pub id: &'a str,
    pub svg: &'a str,
    pub title: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_absolute_with_a_base_url_and_relative_without() {
        let relative = code(None, "drift", "Drift \"A\"", 340.0, 340.0, "../");
        assert!(relative.relative);
        assert!(relative
            .code
            .starts_with("<iframe src=\"embed/drift.html\" title=\"Drift &quot;A&quot;\""));
        assert!(
            relative.code.contains("height=\"558\""),
            "{}",
            relative.code
        );
        assert_eq!(relative.href, "../embed/drift.html");
        let base = Some("https://example.org/budget/");
        let absolute = code(base, "drift", "Drift", 340.0, 340.0, "");
        assert!(!absolute.relative);
        assert!(absolute
            .code
            .starts_with("<iframe src=\"https://example.org/budget/embed/drift.html\""));
        assert_eq!(
            source_href(base, "kap/drift.html", "drift"),
            "https://example.org/budget/kap/drift.html#drift"
        );
        assert_eq!(
            source_href(None, "kap/drift.html", "drift"),
            "../kap/drift.html#drift"
        );
    }
}
