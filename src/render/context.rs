//! What templates see: a stable, documented context (docs/format.md,
//! "Templates"), borrowing from the model rather than exposing it.

use std::path::Path;

use serde::Serialize;

use crate::load::Config;
use crate::parse::Chapter;

#[derive(Serialize)]
pub struct SiteContext<'a> {
    pub title: &'a str,
    pub authors: &'a [String],
    pub description: Option<&'a str>,
    pub language: &'a str,
    /// For `og:locale`.
    pub locale: &'a str,
    pub organisation: Option<&'a str>,
    pub base_url: Option<&'a str>,
    /// The link-preview image, relative to the site root.
    pub image: Option<&'a str>,
    /// Whether the site has an accessibility statement page.
    pub accessibility_statement: bool,
    /// Whether the site has a search page.
    pub search: bool,
}

impl<'a> SiteContext<'a> {
    pub fn new(config: &'a Config, search: bool) -> Self {
        SiteContext {
            title: &config.title,
            authors: &config.authors,
            description: config.description.as_deref(),
            language: config.language.code(),
            locale: match config.language.code() {
                "sv" => "sv_SE",
                _ => "en_GB",
            },
            organisation: config.organisation.as_deref(),
            base_url: config.base_url.as_deref(),
            image: config.image.as_deref(),
            accessibility_statement: config.accessibility.is_some(),
            search,
        }
    }
}

#[derive(Serialize, Default)]
pub struct PageContext<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// Relative to the site root.
    pub path: String,
    /// Prefix from this page back to the site root: "" or "../"….
    pub root: String,
    pub canonical_url: Option<String>,
    pub draft: bool,
    /// Kept out of search engines (drafts, the 404 page).
    pub noindex: bool,
    /// The page's rendered content (HTML).
    pub content: String,
    pub headings: Vec<HeadingContext<'a>>,
    pub previous: Option<LinkContext<'a>>,
    pub next: Option<LinkContext<'a>>,
}

impl<'a> PageContext<'a> {
    /// A page at `path` with the fields every page has.
    pub fn at(config: &Config, path: &Path, title: &'a str, description: Option<&'a str>) -> Self {
        PageContext {
            title,
            description,
            path: url_path(path),
            root: root_prefix(path),
            canonical_url: config
                .base_url
                .as_ref()
                .map(|base| format!("{base}{}", url_path(path))),
            ..PageContext::default()
        }
    }
}

#[derive(Serialize)]
pub struct HeadingContext<'a> {
    pub level: u8,
    pub id: &'a str,
    pub title: &'a str,
}

#[derive(Serialize)]
pub struct LinkContext<'a> {
    pub title: &'a str,
    pub href: String,
}

#[derive(Serialize)]
pub struct TocItem<'a> {
    pub title: &'a str,
    pub href: String,
    pub current: bool,
    pub draft: bool,
    pub children: Vec<TocItem<'a>>,
}

#[derive(Serialize)]
pub struct ChartContext<'a> {
    pub svg: &'a str,
    pub title: &'a str,
    pub href: String,
}

#[derive(Serialize)]
pub struct DownloadContext {
    pub csv: String,
    pub csv_sv: String,
    pub json: String,
}

#[derive(Serialize)]
pub struct BlockLink<'a> {
    pub title: &'a str,
    pub href: String,
    pub chapter: &'a str,
}

/// The table of contents as nested items, with hrefs relative to the page;
/// `href` of an item is made by `href(chapter)`.
pub fn toc<'a>(
    chapters: &'a [Chapter],
    current: Option<usize>,
    href: &dyn Fn(&Chapter) -> String,
) -> Vec<TocItem<'a>> {
    fn build<'a>(
        chapters: &'a [Chapter],
        position: &mut usize,
        depth: usize,
        current: Option<usize>,
        href: &dyn Fn(&Chapter) -> String,
    ) -> Vec<TocItem<'a>> {
        let mut items = Vec::new();
        while let Some(chapter) = chapters.get(*position) {
            if chapter.depth < depth {
                break;
            }
            let index = *position;
            *position += 1;
            let children = build(chapters, position, chapter.depth + 1, current, href);
            items.push(TocItem {
                title: &chapter.nav_title,
                href: href(chapter),
                current: current == Some(index),
                draft: chapter.draft,
                children,
            });
        }
        items
    }
    let mut position = 0;
    build(chapters, &mut position, 0, current, href)
}

pub fn link<'a>(chapter: &'a Chapter, root: &str) -> LinkContext<'a> {
    LinkContext {
        title: &chapter.nav_title,
        href: format!("{root}{}", url_path(&chapter.output_path)),
    }
}

/// A path relative to the site root, with `/` separators.
pub fn url_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

pub fn root_prefix(path: &Path) -> String {
    "../".repeat(path.components().count().saturating_sub(1))
}
