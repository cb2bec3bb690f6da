//! Stage 4: the validated book as pages. Tera templates, built in and
//! overridable by a file of the same name in the book's `templates/`.
//!
//! Templates see a stable context made of the structs below, never the model
//! itself: `site`, `page`, `toc` and `t` (the UI strings). See docs/templates.md.

pub mod chart;
pub mod data;
pub mod format;
pub mod strings;
pub mod table;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::Tera;

pub use strings::Strings;

use crate::budget::Verdicts;
use crate::error::Error;
use crate::load::Language;
use crate::parse::{Chapter, ParsedBook, Segment};

/// Built-in templates and assets, embedded in the binary.
const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("chapter.html", include_str!("../../templates/chapter.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    (
        "budget-table.html",
        include_str!("../../templates/budget-table.html"),
    ),
    (
        "budgetbook.css",
        include_str!("../../templates/budgetbook.css"),
    ),
];

/// Files of the built-in theme that are copied, not rendered.
const ASSETS: &[&str] = &["budgetbook.css"];

/// A file of the finished site.
#[derive(Debug)]
pub struct OutputFile {
    /// Relative to the site root.
    pub path: PathBuf,
    pub contents: Vec<u8>,
}

#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    authors: &'a [String],
    description: Option<&'a str>,
    language: &'a str,
    organisation: Option<&'a str>,
    base_url: Option<&'a str>,
}

#[derive(Serialize)]
struct PageContext<'a> {
    title: &'a str,
    description: Option<&'a str>,
    /// Relative to the site root.
    path: String,
    /// Prefix from this page back to the site root: "" or "../"….
    root: String,
    canonical_url: Option<String>,
    draft: bool,
    /// The page's rendered content (HTML).
    content: String,
    headings: Vec<HeadingContext<'a>>,
    previous: Option<LinkContext<'a>>,
    next: Option<LinkContext<'a>>,
}

#[derive(Serialize)]
struct HeadingContext<'a> {
    level: u8,
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct LinkContext<'a> {
    title: &'a str,
    href: String,
}

#[derive(Serialize)]
struct TocItem<'a> {
    title: &'a str,
    href: String,
    current: bool,
    draft: bool,
    children: Vec<TocItem<'a>>,
}

#[derive(Serialize)]
struct ChartContext<'a> {
    svg: &'a str,
    title: &'a str,
    href: String,
}

#[derive(Serialize)]
struct DownloadContext {
    csv: String,
    csv_sv: String,
    json: String,
}

#[derive(Serialize)]
struct BlockLink<'a> {
    title: &'a str,
    href: String,
    chapter: &'a str,
}

pub struct Renderer {
    tera: Tera,
    assets: BTreeMap<&'static str, String>,
    strings: Strings,
    language: Language,
}

impl Renderer {
    pub fn new(overrides: &BTreeMap<String, String>, language: Language) -> Result<Self, Error> {
        let mut templates: BTreeMap<&str, &str> = BUILT_IN.iter().copied().collect();
        for (name, text) in overrides {
            templates.insert(name, text);
        }
        let mut assets = BTreeMap::new();
        for name in ASSETS {
            if let Some(text) = templates.remove(name) {
                assets.insert(*name, text.to_string());
            }
        }
        let mut tera = Tera::default();
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(templates.into_iter().filter(|(n, _)| n.ends_with(".html")))
            .map_err(|e| template_error("templates", &e))?;
        Ok(Renderer {
            tera,
            assets,
            strings: Strings::for_language(language),
            language,
        })
    }

    pub fn render(
        &self,
        parsed: &ParsedBook,
        verdicts: &Verdicts,
    ) -> Result<Vec<OutputFile>, Error> {
        let config = &parsed.book.config;
        let site = SiteContext {
            title: &config.title,
            authors: &config.authors,
            description: config.description.as_deref(),
            language: config.language.code(),
            organisation: config.organisation.as_deref(),
            base_url: config.base_url.as_deref(),
        };
        let charts: Vec<Option<chart::Chart>> = parsed
            .blocks
            .iter()
            .map(|b| chart::chart(b, self.language, &self.strings))
            .collect();

        let mut files = Vec::new();
        for (i, chapter) in parsed.chapters.iter().enumerate() {
            let root = root_prefix(&chapter.output_path);
            let page = PageContext {
                title: &chapter.title,
                description: chapter
                    .description
                    .as_deref()
                    .or(config.description.as_deref()),
                path: url_path(&chapter.output_path),
                canonical_url: config
                    .base_url
                    .as_ref()
                    .map(|base| format!("{base}{}", url_path(&chapter.output_path))),
                draft: chapter.draft,
                content: self.chapter_content(chapter, parsed, verdicts, &charts, &root)?,
                headings: chapter
                    .headings
                    .iter()
                    .map(|h| HeadingContext {
                        level: h.level,
                        id: &h.id,
                        title: &h.text,
                    })
                    .collect(),
                previous: i.checked_sub(1).map(|p| link(&parsed.chapters[p], &root)),
                next: parsed.chapters.get(i + 1).map(|c| link(c, &root)),
                root: root.clone(),
            };
            let mut context = tera::Context::new();
            context.insert("site", &site);
            context.insert("page", &page);
            context.insert("toc", &toc(&parsed.chapters, Some(i), &root));
            context.insert("t", &self.strings);
            files.push(OutputFile {
                path: chapter.output_path.clone(),
                contents: self.render_template("chapter.html", &context)?.into_bytes(),
            });
        }

        if !parsed
            .chapters
            .iter()
            .any(|c| c.output_path == Path::new("index.html"))
        {
            files.push(self.render_index(parsed, &site)?);
        }
        for (block, chart) in parsed.blocks.iter().zip(&charts) {
            if let Some(chart) = chart {
                files.push(OutputFile {
                    path: PathBuf::from("charts").join(format!("{}.svg", block.id)),
                    contents: chart.svg.clone().into_bytes(),
                });
            }
        }
        files.extend(data::files(config, &parsed.chapters, &parsed.blocks));
        for (name, text) in &self.assets {
            files.push(OutputFile {
                path: PathBuf::from(name),
                contents: text.clone().into_bytes(),
            });
        }
        Ok(files)
    }

    fn render_index(&self, parsed: &ParsedBook, site: &SiteContext) -> Result<OutputFile, Error> {
        let config = &parsed.book.config;
        let mut block_links = Vec::new();
        for chapter in &parsed.chapters {
            for segment in &chapter.segments {
                if let Segment::Block(b) = segment {
                    let block = &parsed.blocks[*b];
                    block_links.push(BlockLink {
                        title: block.title.as_deref().unwrap_or(&block.id),
                        href: format!("{}#{}", url_path(&chapter.output_path), block.id),
                        chapter: &chapter.nav_title,
                    });
                }
            }
        }
        let page = PageContext {
            title: &config.title,
            description: config.description.as_deref(),
            path: "index.html".into(),
            root: String::new(),
            canonical_url: config.base_url.clone(),
            draft: false,
            content: String::new(),
            headings: Vec::new(),
            previous: None,
            next: parsed.chapters.first().map(|c| link(c, "")),
        };
        let mut context = tera::Context::new();
        context.insert("site", site);
        context.insert("page", &page);
        context.insert("toc", &toc(&parsed.chapters, None, ""));
        context.insert("t", &self.strings);
        context.insert("budget_tables", &block_links);
        Ok(OutputFile {
            path: PathBuf::from("index.html"),
            contents: self.render_template("index.html", &context)?.into_bytes(),
        })
    }

    fn render_block(
        &self,
        block: &crate::budget::Block,
        verdicts: &[Vec<crate::budget::Verdict>],
        chart: Option<&chart::Chart>,
        root: &str,
    ) -> Result<String, Error> {
        let mut context = tera::Context::new();
        context.insert(
            "table",
            &table::table(block, verdicts, self.language, &self.strings),
        );
        context.insert(
            "chart",
            &chart.map(|c| ChartContext {
                svg: &c.svg,
                title: &c.title,
                href: format!("{root}charts/{}.svg", block.id),
            }),
        );
        let [csv, csv_sv, json] = data::block_files(block);
        context.insert(
            "downloads",
            &DownloadContext {
                csv: format!("{root}{csv}"),
                csv_sv: format!("{root}{csv_sv}"),
                json: format!("{root}{json}"),
            },
        );
        context.insert("t", &self.strings);
        self.render_template("budget-table.html", &context)
    }

    fn chapter_content(
        &self,
        chapter: &Chapter,
        parsed: &ParsedBook,
        verdicts: &Verdicts,
        charts: &[Option<chart::Chart>],
        root: &str,
    ) -> Result<String, Error> {
        let mut html = String::new();
        for segment in &chapter.segments {
            match segment {
                Segment::Html(text) => html.push_str(text),
                Segment::Block(b) => {
                    let (Some(block), Some(block_verdicts)) =
                        (parsed.blocks.get(*b), verdicts.blocks.get(*b))
                    else {
                        continue;
                    };
                    let chart = charts.get(*b).and_then(Option::as_ref);
                    html.push_str(&self.render_block(block, block_verdicts, chart, root)?);
                }
                Segment::Heading(h) => {
                    let id = escape_html(&h.id);
                    html.push_str(&format!(
                        "<h{level} id=\"{id}\">{content}<a class=\"anchor\" href=\"#{id}\" aria-label=\"{label}\"><span aria-hidden=\"true\">#</span></a></h{level}>\n",
                        level = h.level,
                        content = h.html,
                        label = escape_html(self.strings.get("link-to-section")),
                    ));
                }
            }
        }
        Ok(html)
    }

    fn render_template(&self, name: &str, context: &tera::Context) -> Result<String, Error> {
        self.tera
            .render(name, context)
            .map_err(|e| template_error(name, &e))
    }
}

/// Escapes what HTML requires in text and quoted attributes. Tera's default
/// also escapes `/`, which turns "Resultat/skatter" into an entity in the
/// page source for no gain.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn template_error(name: &str, error: &tera::Error) -> Error {
    // Tera nests the useful part of the message in its source chain.
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    Error::Template {
        name: name.to_string(),
        message,
    }
}

/// The table of contents as nested items, with hrefs relative to the page.
fn toc<'a>(chapters: &'a [Chapter], current: Option<usize>, root: &str) -> Vec<TocItem<'a>> {
    fn build<'a>(
        chapters: &'a [Chapter],
        position: &mut usize,
        depth: usize,
        current: Option<usize>,
        root: &str,
    ) -> Vec<TocItem<'a>> {
        let mut items = Vec::new();
        while let Some(chapter) = chapters.get(*position) {
            if chapter.depth < depth {
                break;
            }
            let index = *position;
            *position += 1;
            let children = build(chapters, position, chapter.depth + 1, current, root);
            items.push(TocItem {
                title: &chapter.nav_title,
                href: format!("{root}{}", url_path(&chapter.output_path)),
                current: current == Some(index),
                draft: chapter.draft,
                children,
            });
        }
        items
    }
    let mut position = 0;
    build(chapters, &mut position, 0, current, root)
}

fn link<'a>(chapter: &'a Chapter, root: &str) -> LinkContext<'a> {
    LinkContext {
        title: &chapter.nav_title,
        href: format!("{root}{}", url_path(&chapter.output_path)),
    }
}

pub(crate) fn url_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn root_prefix(path: &Path) -> String {
    "../".repeat(path.components().count().saturating_sub(1))
}
