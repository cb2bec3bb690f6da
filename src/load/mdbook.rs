//! mdBook's settings in `book.toml`: those budgetbook can honour are read
//! (`[output.html]` `site-url`, `git-repository-url`, `edit-url-template`,
//! `smart-punctuation`, `no-section-label`, `[output.html.redirect]`); the
//! rest (`[output.*]`, `[preprocessor.*]`, `[rust]`, mdBook's `[book]` and
//! `[build]` keys) are ignored with one warning each, so that a book written
//! for mdBook builds as it is. A key that is neither budgetbook's nor
//! mdBook's stays an error.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Problem};
use crate::source::SourceFile;

/// `[output]`: mdBook's renderers. Only `html` is read; the others are
/// ignored (and warned about by [`read`]).
#[derive(Deserialize, Default)]
pub(super) struct RawOutput {
    html: Option<RawHtml>,
}

/// `[output.html]`: every key mdBook knows, so that a misspelt one is still
/// an error.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawHtml {
    site_url: Option<toml::Spanned<String>>,
    git_repository_url: Option<toml::Spanned<String>>,
    edit_url_template: Option<toml::Spanned<String>>,
    smart_punctuation: Option<bool>,
    curly_quotes: Option<bool>,
    no_section_label: Option<bool>,
    redirect: Option<BTreeMap<String, toml::Spanned<String>>>,
    // Ignored, with a warning.
    #[allow(dead_code)]
    theme: Option<toml::Value>,
    #[allow(dead_code)]
    default_theme: Option<toml::Value>,
    #[allow(dead_code)]
    preferred_dark_theme: Option<toml::Value>,
    #[allow(dead_code)]
    mathjax_support: Option<toml::Value>,
    #[allow(dead_code)]
    copy_fonts: Option<toml::Value>,
    #[allow(dead_code)]
    additional_css: Option<toml::Value>,
    #[allow(dead_code)]
    additional_js: Option<toml::Value>,
    #[allow(dead_code)]
    git_repository_icon: Option<toml::Value>,
    #[allow(dead_code)]
    cname: Option<toml::Value>,
    #[allow(dead_code)]
    input_404: Option<toml::Value>,
    #[allow(dead_code)]
    print: Option<toml::Value>,
    #[allow(dead_code)]
    fold: Option<toml::Value>,
    #[allow(dead_code)]
    playground: Option<toml::Value>,
    #[allow(dead_code)]
    code: Option<toml::Value>,
    #[allow(dead_code)]
    search: Option<toml::Value>,
    #[allow(dead_code)]
    live_reload_endpoint: Option<toml::Value>,
    #[allow(dead_code)]
    hash_files: Option<toml::Value>,
    #[allow(dead_code)]
    sidebar_header_nav: Option<toml::Value>,
    #[allow(dead_code)]
    google_analytics: Option<toml::Value>,
    #[allow(dead_code)]
    destination: Option<toml::Value>,
}

/// What budgetbook takes from mdBook's settings.
#[derive(Debug, Default)]
pub(super) struct Html {
    pub site_url: Option<String>,
    pub repository_url: Option<String>,
    pub edit_url_template: Option<String>,
    pub smart_punctuation: bool,
    pub section_numbers: bool,
    pub redirects: Vec<super::config::Redirect>,
}

/// The keys of `[output.html]` budgetbook honours.
const HONOURED: &[&str] = &[
    "site-url",
    "git-repository-url",
    "edit-url-template",
    "smart-punctuation",
    "curly-quotes",
    "no-section-label",
    "redirect",
];

/// mdBook's keys in budgetbook's own tables.
const BOOK_KEYS: &[&str] = &["multilingual", "text-direction"];
const BUILD_KEYS: &[&str] = &[
    "create-missing",
    "use-default-preprocessors",
    "extra-watch-dirs",
];

/// Reads what budgetbook honours of mdBook's settings and warns about the
/// rest, each at its key.
pub(super) fn read(
    file: &Arc<SourceFile>,
    output: &RawOutput,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Html, Diagnostic> {
    warn_ignored(file, warnings);
    let Some(raw) = &output.html else {
        return Ok(Html::default());
    };
    let mut html = Html {
        smart_punctuation: raw.smart_punctuation.or(raw.curly_quotes).unwrap_or(false),
        // A book written for mdBook's HTML output is numbered as mdBook
        // numbers it, unless it says otherwise.
        section_numbers: !raw.no_section_label.unwrap_or(false),
        ..Html::default()
    };
    if let Some(url) = &raw.site_url {
        // mdBook's site-url is often a path (`/book/`); budgetbook needs the
        // full address for canonical links and the sitemap.
        if url.get_ref().contains("://") {
            super::config::check_url(file, "[output.html] site-url", url, &["http", "https"])?;
            html.site_url = Some(url.get_ref().clone());
        } else {
            warnings.push(Diagnostic::warning(
                Problem::MdbookSetting {
                    key: "[output.html] site-url".into(),
                    detail: ": budgetbook needs the full address (`https://…`), \
                             or `[site] base-url`"
                        .into(),
                },
                file.location(url.span().start, url.span().len()),
            ));
        }
    }
    if let Some(url) = &raw.git_repository_url {
        super::config::check_url(
            file,
            "[output.html] git-repository-url",
            url,
            &["http", "https"],
        )?;
        html.repository_url = Some(url.get_ref().clone());
    }
    if let Some(url) = &raw.edit_url_template {
        super::config::check_url(
            file,
            "[output.html] edit-url-template",
            url,
            &["http", "https"],
        )?;
        html.edit_url_template = Some(url.get_ref().clone());
    }
    for (from, to) in raw.redirect.iter().flatten() {
        let path = from.trim_start_matches('/');
        let location = file.location(to.span().start, to.span().len());
        if path.is_empty()
            || path.ends_with('/')
            || !super::summary::is_inside(std::path::Path::new(path))
        {
            return Err(Diagnostic::error(
                Problem::Config {
                    message: format!(
                        "[output.html.redirect] `{from}` is not a page's path inside the site, \
                         such as \"/old/page.html\""
                    ),
                },
                location,
            ));
        }
        check_redirect_target(file, to)?;
        html.redirects.push(super::config::Redirect {
            from: path.to_string(),
            to: to.get_ref().clone(),
            location,
        });
    }
    Ok(html)
}

/// A redirect leads to a page of the site (a relative address) or a web
/// address; nothing that could run.
fn check_redirect_target(
    file: &Arc<SourceFile>,
    to: &toml::Spanned<String>,
) -> Result<(), Diagnostic> {
    let text = to.get_ref();
    let has_scheme = text
        .find([':', '/', '?', '#'])
        .is_some_and(|i| text[i..].starts_with(':'));
    if has_scheme || text.starts_with("//") {
        return super::config::check_url(file, "[output.html.redirect]", to, &["http", "https"]);
    }
    if text.is_empty() || text.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(Diagnostic::error(
            Problem::InvalidUrl {
                key: "[output.html.redirect]",
                url: text.clone(),
                reason: "it is empty, or has a space or a control character".into(),
            },
            file.location(to.span().start, to.span().len()),
        ));
    }
    Ok(())
}

/// One warning per mdBook setting that budgetbook ignores, at its key.
fn warn_ignored(file: &Arc<SourceFile>, warnings: &mut Vec<Diagnostic>) {
    // The file has been read by serde already; a syntax error is reported there.
    let Ok(document) = DeTable::parse(file.text()) else {
        return;
    };
    // Tables are read in key order; the warnings go in the file's order.
    let mut found: Vec<(usize, Diagnostic)> = Vec::new();
    let mut warn = |key: String, span: std::ops::Range<usize>, detail: &str| {
        found.push((
            span.start,
            Diagnostic::warning(
                Problem::MdbookSetting {
                    key,
                    detail: detail.to_string(),
                },
                file.location(span.start, span.len()),
            ),
        ));
    };
    for (key, value) in document.get_ref() {
        let name = key.get_ref().as_ref();
        match name {
            "output" => {
                for (renderer, value) in table(value) {
                    let renderer_name = renderer.get_ref().as_ref();
                    if renderer_name != "html" {
                        warn(
                            format!("[output.{renderer_name}]"),
                            renderer.span(),
                            ": budgetbook writes its own site only",
                        );
                        continue;
                    }
                    for (key, _) in table(value) {
                        let key_name = key.get_ref().as_ref();
                        if !HONOURED.contains(&key_name) {
                            warn(
                                format!("[output.html] {key_name}"),
                                key.span(),
                                html_detail(key_name),
                            );
                        }
                    }
                }
            }
            "preprocessor" => {
                for (preprocessor, _) in table(value) {
                    let preprocessor_name = preprocessor.get_ref().as_ref();
                    let detail = match preprocessor_name {
                        "links" => ": budgetbook expands `{{#include}}` and the others itself",
                        "index" => ": budgetbook makes its own front page, index.html",
                        _ => ": budgetbook runs no preprocessors",
                    };
                    warn(
                        format!("[preprocessor.{preprocessor_name}]"),
                        preprocessor.span(),
                        detail,
                    );
                }
            }
            "rust" => warn("[rust]".into(), key.span(), ""),
            "book" | "build" => {
                let known = if name == "book" {
                    BOOK_KEYS
                } else {
                    BUILD_KEYS
                };
                for (key, _) in table(value) {
                    let key_name = key.get_ref().as_ref();
                    if known.contains(&key_name) {
                        let detail = match key_name {
                            "extra-watch-dirs" => {
                                ": `serve` watches the chapters, what they include, templates/ and static/"
                            }
                            "create-missing" => ": a chapter SUMMARY.md names must exist",
                            _ => "",
                        };
                        warn(format!("[{name}] {key_name}"), key.span(), detail);
                    }
                }
            }
            _ => {}
        }
    }
    found.sort_by_key(|(offset, _)| *offset);
    warnings.extend(found.into_iter().map(|(_, warning)| warning));
}

/// Why an `[output.html]` key does not matter, where a word helps.
fn html_detail(key: &str) -> &'static str {
    match key {
        "theme" | "additional-css" | "additional-js" => {
            ": put template overrides in templates/ and files in static/"
        }
        "default-theme" | "preferred-dark-theme" => {
            ": pages follow the reader's light or dark setting"
        }
        "mathjax-support" => ": math is shown as written",
        "search" => ": budgetbook builds its own search (`--no-search` leaves it out)",
        "print" => ": budgetbook's whole document is print.html",
        _ => "",
    }
}

/// The entries of a table value; none for anything else.
fn table<'a, 'i>(
    value: &'a toml::Spanned<DeValue<'i>>,
) -> impl Iterator<
    Item = (
        &'a toml::Spanned<toml::de::DeString<'i>>,
        &'a toml::Spanned<DeValue<'i>>,
    ),
> {
    match value.get_ref() {
        DeValue::Table(table) => Some(table.iter()),
        _ => None,
    }
    .into_iter()
    .flatten()
}

#[cfg(test)]
mod tests {
    use crate::load::config::parse_reporting;
    use crate::source::SourceFile;

    fn read(text: &str) -> (Result<crate::load::Config, String>, Vec<String>) {
        let file = SourceFile::new("book.toml", text.to_string());
        let mut warnings = Vec::new();
        let config = parse_reporting(&file, None, &mut warnings).map_err(|d| d.to_string());
        (config, warnings.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn mdbook_settings_are_one_warning_each_and_honoured_ones_are_read() {
        let (config, warnings) = read(
            "[book]\ntitle = \"T\"\nmultilingual = false\n\n[build]\ncreate-missing = false\nextra-watch-dirs = [\"x\"]\n\n[rust]\nedition = \"2021\"\n\n[preprocessor.katex]\nafter = [\"links\"]\n\n[output.html]\nsite-url = \"https://example.org/book/\"\ngit-repository-url = \"https://example.org/repo\"\nedit-url-template = \"https://example.org/repo/edit/main/{path}\"\nsmart-punctuation = true\nadditional-css = [\"custom.css\"]\n\n[output.html.fold]\nenable = true\n\n[output.html.redirect]\n\"/old.html\" = \"new.html\"\n\n[output.linkcheck]\n",
        );
        let config = config.unwrap();
        assert_eq!(
            config.base_url.as_deref(),
            Some("https://example.org/book/")
        );
        assert_eq!(
            config.repository_url.as_deref(),
            Some("https://example.org/repo")
        );
        assert!(config.smart_punctuation && config.section_numbers);
        let redirects: Vec<(&str, &str)> = config
            .redirects
            .iter()
            .map(|r| (r.from.as_str(), r.to.as_str()))
            .collect();
        assert_eq!(redirects, [("old.html", "new.html")]);
        assert_eq!(
            warnings,
            [
                "book.toml:3:1: warning[mdbook-setting]: `[book] multilingual` is an mdBook setting, ignored",
                "book.toml:6:1: warning[mdbook-setting]: `[build] create-missing` is an mdBook setting, ignored: a chapter SUMMARY.md names must exist",
                "book.toml:7:1: warning[mdbook-setting]: `[build] extra-watch-dirs` is an mdBook setting, ignored: `serve` watches the chapters, what they include, templates/ and static/",
                "book.toml:9:2: warning[mdbook-setting]: `[rust]` is an mdBook setting, ignored",
                "book.toml:12:15: warning[mdbook-setting]: `[preprocessor.katex]` is an mdBook setting, ignored: budgetbook runs no preprocessors",
                "book.toml:20:1: warning[mdbook-setting]: `[output.html] additional-css` is an mdBook setting, ignored: put template overrides in templates/ and files in static/",
                "book.toml:22:14: warning[mdbook-setting]: `[output.html] fold` is an mdBook setting, ignored",
                "book.toml:28:9: warning[mdbook-setting]: `[output.linkcheck]` is an mdBook setting, ignored: budgetbook writes its own site only",
            ]
        );
    }

    #[test]
    fn a_key_of_neither_stays_an_error() {
        let (config, _) = read("[book]\ntitle = \"T\"\n[output.html]\nsite-urll = \"x\"\n");
        let error = config.unwrap_err();
        assert!(
            error.starts_with("book.toml:4:1: error[config]: book.toml: unknown field `site-urll`"),
            "{error}"
        );
    }

    #[test]
    fn a_site_url_that_is_a_path_is_a_warning() {
        let (config, warnings) =
            read("[book]\ntitle = \"T\"\n[output.html]\nsite-url = \"/book/\"\n");
        assert!(config.unwrap().base_url.is_none());
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].contains("`[output.html] site-url`"),
            "{warnings:?}"
        );
    }
}
