//! Stage 4: the validated book as a site. Pages come from Tera templates,
//! built in and overridable by a file of the same name in the book's
//! `templates/`; charts, data downloads, the search index and the sitemap
//! are made beside them.
//!
//! Templates see a stable context (`context.rs`), never the model itself:
//! `site`, `page`, `toc` and `t` (the UI strings). See docs/format.md.

pub mod chart;
mod context;
pub mod data;
pub mod embed;
mod fnv;
pub mod format;
mod front_page;
mod goals;
mod pages;
mod period;
pub mod preview;
mod search;
mod sitemap;
pub mod strings;
pub mod table;
mod tax;
pub mod xlsx;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use tera::Tera;

pub use strings::Strings;

use crate::budget::Verdicts;
use crate::error::Error;
use crate::load::Language;
use crate::parse::{self, ParsedBook};
use context::SiteContext;
use pages::Book;
use search::{IndexedPage, SearchIndexBuilder};

/// Embeds files of `templates/` by name.
macro_rules! built_in {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name)))),*]
    };
}

/// Built-in templates and assets, embedded in the binary.
const BUILT_IN: &[(&str, &str)] = built_in![
    "base.html",
    "chapter.html",
    "index.html",
    "print.html",
    "search.html",
    "accessibility.html",
    "404.html",
    "macros.html",
    "budget-table.html",
    "budget-goals.html",
    "decision.html",
    "redirect.html",
    "embed.html",
    "budgetbook.css",
    "embed.css",
    "search.js",
    "tax.js",
    "favicon.svg",
];

/// Files of the built-in theme that are copied, not rendered.
const ASSETS: &[&str] = &[
    "budgetbook.css",
    "search.js",
    "tax.js",
    "favicon.svg",
    embed::STYLE,
];

/// Where rendering hands each file as soon as it is made: the staging
/// folder of a build, or memory for `serve`. Called from every core.
pub type Sink<'a> = dyn Fn(OutputFile) -> Result<(), Error> + Sync + 'a;

/// A file of the finished site.
#[derive(Debug)]
pub struct OutputFile {
    /// Relative to the site root.
    pub path: PathBuf,
    pub contents: Vec<u8>,
}

/// Figures about the rendered site.
#[derive(Debug)]
pub struct Rendered {
    pub pages: usize,
    pub charts: usize,
    pub search_index_bytes: usize,
    pub timings: RenderTimings,
}

/// Where rendering spent its time.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderTimings {
    pub charts: Duration,
    /// Every page, data file and asset.
    pub pages: Duration,
    pub search: Duration,
}

/// Books with more chapters than this get no whole-document page: it would
/// be too large for a browser to open, let alone print.
pub const PRINT_LIMIT: usize = 1000;

/// Chapters rendered in parallel at a time: enough to keep the cores busy,
/// few enough to keep memory flat.
const CHUNK: usize = 64;

#[derive(Clone, Copy, Default)]
pub struct RenderOptions<'a> {
    /// Build the search index (the slowest step; off for quick previews).
    pub search: bool,
    /// Called once per chapter page rendered.
    pub on_page: Option<&'a (dyn Fn() + Send + Sync)>,
    /// Render only these chapters' pages and charts, nothing else: the page
    /// an author is editing, first. Each page is exactly what a whole
    /// render makes of it.
    pub only_chapters: Option<&'a [usize]>,
    /// Pages name their first chart's PNG link preview as their image;
    /// [`preview::draw`] draws them.
    pub previews: bool,
}

impl RenderOptions<'_> {
    /// Whether pages go into a search index: only a whole site has one.
    fn indexes(&self) -> bool {
        self.search && self.only_chapters.is_none()
    }
}

pub struct Renderer {
    tera: Tera,
    /// What every template sees, serialised once: the UI strings as `t`.
    base_context: tera::Context,
    assets: BTreeMap<&'static str, String>,
    strings: Strings,
    language: Language,
}

/// The built-in page templates, parsed: the slow part of making a
/// [`Renderer`], which a build does while it reads the book.
pub struct BuiltInTemplates(Tera);

impl BuiltInTemplates {
    /// Parsed once in a process; later calls take a copy of that parse, a
    /// fortieth of the time (`serve` renders twice on every edit).
    pub fn parse() -> Result<Self, Error> {
        static PARSED: OnceLock<Tera> = OnceLock::new();
        if let Some(tera) = PARSED.get() {
            return Ok(BuiltInTemplates(tera.clone()));
        }
        let mut tera = Tera::default();
        tera.set_escape_fn(escape_html);
        // A book's templates must not publish the builder's environment
        // (a CI secret, a home path).
        tera.register_function("get_env", |_: &HashMap<String, tera::Value>| {
            Err(tera::Error::msg(
                "get_env is not available: a site must not publish the environment it was built in",
            ))
        });
        tera.add_raw_templates(
            BUILT_IN
                .iter()
                .filter(|(n, _)| n.ends_with(".html"))
                .copied(),
        )
        .map_err(|e| template_error("templates", &e))?;
        let _ = PARSED.set(tera.clone());
        Ok(BuiltInTemplates(tera))
    }
}

impl Renderer {
    /// A renderer of the built-in templates, with the book's `overrides`
    /// (templates and assets of the same names) in their place.
    pub fn with_templates(
        built_in: BuiltInTemplates,
        overrides: &BTreeMap<String, String>,
        language: Language,
    ) -> Result<Self, Error> {
        let mut tera = built_in.0;
        let mut assets: BTreeMap<&'static str, String> = BUILT_IN
            .iter()
            .filter(|(name, _)| ASSETS.contains(name))
            .map(|(name, text)| (*name, text.to_string()))
            .collect();
        let mut templates = Vec::new();
        for (name, text) in overrides {
            // A copy of a built-in file (the default book's, say) changes
            // nothing and need not be parsed again.
            if BUILT_IN.iter().any(|(n, t)| n == name && t == text) {
                continue;
            }
            if let Some(asset) = ASSETS.iter().find(|asset| **asset == name) {
                assets.insert(asset, text.clone());
            } else if name.ends_with(".html") {
                templates.push((name.as_str(), text.as_str()));
            }
        }
        if !templates.is_empty() {
            tera.add_raw_templates(templates)
                .map_err(|e| template_error("templates", &e))?;
        }
        let strings = Strings::for_language(language);
        let mut base_context = tera::Context::new();
        base_context.insert("t", &strings);
        Ok(Renderer {
            tera,
            base_context,
            assets,
            strings,
            language,
        })
    }

    /// Renders the site, handing each file to `sink` as soon as it is made,
    /// so that a large book is never held in memory whole.
    pub fn render(
        &self,
        parsed: &ParsedBook,
        verdicts: &Verdicts,
        options: RenderOptions,
        sink: &Sink,
    ) -> Result<Rendered, Error> {
        let config = &parsed.book.config;
        let mut timings = RenderTimings::default();
        let charts_drawn = AtomicUsize::new(0);
        let chart_nanos = AtomicU64::new(0);
        let book = Book {
            parsed,
            verdicts,
            charts_drawn: &charts_drawn,
            chart_nanos: &chart_nanos,
            site: SiteContext::new(
                config,
                options.search,
                parsed.chapters.len() <= PRINT_LIMIT,
                context::checked_sentence(&verdicts.coverage, &self.strings, self.language),
            ),
            toc: context::TocTree::new(
                &parsed.chapters,
                &parsed.book.outline,
                config.section_numbers,
            ),
            block_pages: block_pages(parsed),
            book_workbook: xlsx::has_book_file(parsed.tables().len()),
            citation_source: table::Citing::source(config, &self.strings),
            previews: options.previews,
        };

        let started = Instant::now();
        let search_nanos = AtomicU64::new(0);
        let indices: Vec<usize> = match options.only_chapters {
            Some(only) => only.to_vec(),
            None => (0..parsed.chapters.len()).collect(),
        };
        // The chapters (then their search index), and the pages and files
        // of the whole book, at once: neither needs the other.
        let whole_book = options.only_chapters.is_none();
        let (search_index_bytes, book_pages) = rayon::join(
            || -> Result<usize, Error> {
                let search_index =
                    self.chapter_pages(&book, &indices, options, &search_nanos, sink)?;
                if !options.indexes() {
                    return Ok(0);
                }
                let started = Instant::now();
                let bytes = search_index.finish(config.language.code(), sink)?;
                search_nanos.fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
                Ok(bytes)
            },
            || {
                if whole_book {
                    self.book_files(&book, options, sink)
                } else {
                    Ok(0)
                }
            },
        );
        let (search_index_bytes, book_pages) = (search_index_bytes?, book_pages?);
        let pages = indices.len() + book_pages;
        let charts = charts_drawn.load(Ordering::Relaxed);
        if whole_book {
            for (name, text) in &self.assets {
                // The embed pages' style sheet is beside them, and only where
                // they are.
                let path = if *name == embed::STYLE {
                    if charts == 0 {
                        continue;
                    }
                    Path::new(embed::FOLDER).join(name)
                } else {
                    PathBuf::from(name)
                };
                sink(OutputFile {
                    path,
                    contents: text.clone().into_bytes(),
                })?;
            }
        }
        timings.pages = started.elapsed();
        // Pages are indexed as they are rendered; this is their share,
        // summed over the threads, and the finishing.
        timings.search = Duration::from_nanos(search_nanos.into_inner());
        // Charts are drawn as their pages are rendered; this is their share,
        // summed over the threads.
        timings.charts = Duration::from_nanos(chart_nanos.load(Ordering::Relaxed));
        Ok(Rendered {
            pages,
            charts,
            search_index_bytes,
            timings,
        })
    }

    /// The pages of chapters `indices`, with their charts, in parallel a
    /// chunk at a time; their search index when the whole book is built.
    /// The index needs every page in order: each chunk's pages are merged
    /// into it on a thread of their own while the next chunk renders, so
    /// that no core waits for the merge.
    fn chapter_pages(
        &self,
        book: &Book,
        indices: &[usize],
        options: RenderOptions,
        search_nanos: &AtomicU64,
        sink: &Sink,
    ) -> Result<SearchIndexBuilder, Error> {
        let indexing = options.indexes();
        std::thread::scope(|scope| {
            let (to_merge, merged) = std::sync::mpsc::sync_channel::<Vec<IndexedPage>>(2);
            let merger = scope.spawn(|| -> Result<SearchIndexBuilder, Error> {
                let mut search_index = SearchIndexBuilder::new();
                for pages in merged {
                    let started = Instant::now();
                    for page in pages {
                        sink(search_index.add(page))?;
                    }
                    search_nanos.fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
                }
                Ok(search_index)
            });
            for chunk in indices.chunks(CHUNK) {
                // A page each, so that an idle core takes the next page
                // rather than waiting for one with a long link preview.
                let indexed: Vec<Option<IndexedPage>> = chunk
                    .par_iter()
                    .with_max_len(1)
                    .map(|&i| {
                        let (file, chart_files, searchable) = self.chapter_page(book, i)?;
                        sink(file)?;
                        for chart in chart_files {
                            sink(chart)?;
                        }
                        let indexed = searchable.filter(|_| indexing).map(|page| {
                            let started = Instant::now();
                            let indexed = page.index(i);
                            search_nanos
                                .fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
                            indexed
                        });
                        if let Some(on_page) = options.on_page {
                            on_page();
                        }
                        Ok(indexed)
                    })
                    .collect::<Result<_, Error>>()?;
                // A merger that stopped has an error to give, below.
                if to_merge
                    .send(indexed.into_iter().flatten().collect())
                    .is_err()
                {
                    break;
                }
            }
            drop(to_merge);
            merger
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }

    /// The pages and files of the whole book rather than of a chapter: the
    /// front page, the print page, the 404, search and accessibility pages,
    /// redirects, data downloads, workbooks and the sitemap, in parallel.
    /// Returns how many pages.
    fn book_files(&self, book: &Book, options: RenderOptions, sink: &Sink) -> Result<usize, Error> {
        let parsed = book.parsed;
        let config = &parsed.book.config;
        let (front_and_print, (other_pages, downloads)) = rayon::join(
            || self.front_and_print_pages(book, sink),
            || {
                rayon::join(
                    || self.other_pages(book, options, sink),
                    || -> Result<(), Error> {
                        data::write(
                            config,
                            &parsed.chapters,
                            &parsed.blocks,
                            book.verdicts,
                            sink,
                        )?;
                        xlsx::write(
                            config,
                            &self.strings,
                            &parsed.chapters,
                            &parsed.blocks,
                            sink,
                        )
                    },
                )
            },
        );
        downloads?;
        Ok(front_and_print? + other_pages?)
    }

    /// The front page (unless a chapter is the front page) and the print
    /// page; how many pages.
    fn front_and_print_pages(&self, book: &Book, sink: &Sink) -> Result<usize, Error> {
        let mut pages = 0;
        if !book
            .parsed
            .chapters
            .iter()
            .any(|c| c.output_path == Path::new("index.html"))
        {
            sink(self.index_page(book)?)?;
            pages += 1;
        }
        if book.site.print {
            for file in self.print_page(book)? {
                sink(file)?;
            }
            pages += 1;
        }
        Ok(pages)
    }

    /// The 404, search and accessibility pages, redirects and the sitemap;
    /// how many pages.
    fn other_pages(
        &self,
        book: &Book,
        options: RenderOptions,
        sink: &Sink,
    ) -> Result<usize, Error> {
        let config = &book.parsed.book.config;
        let mut pages = 0;
        let mut extra_pages = Vec::new();
        if book.site.print {
            extra_pages.push("print.html");
        }
        sink(self.simple_page(
            book,
            "404.html",
            "404.html",
            "not-found-title",
            tera::Context::new(),
        )?)?;
        pages += 1;
        for redirect in &config.redirects {
            sink(self.redirect_page(book, &redirect.from, &redirect.to)?)?;
        }
        if let Some(statement) = &config.accessibility {
            let mut context = tera::Context::new();
            context.insert("statement", statement);
            sink(self.simple_page(
                book,
                "accessibility.html",
                "accessibility.html",
                "accessibility-title",
                context,
            )?)?;
            extra_pages.push("accessibility.html");
            pages += 1;
        }
        if options.search {
            sink(self.simple_page(
                book,
                "search.html",
                "search.html",
                "search-title",
                tera::Context::new(),
            )?)?;
            pages += 1;
        }
        if let Some(base_url) = &config.base_url {
            for file in sitemap::files(base_url, &book.parsed.chapters, &extra_pages) {
                sink(file)?;
            }
        }
        Ok(pages)
    }

    fn render_template(&self, name: &str, context: &tera::Context) -> Result<String, Error> {
        self.tera
            .render(name, context)
            .map_err(|e| template_error(name, &e))
    }
}

/// The page each block is on, by block index.
fn block_pages(parsed: &ParsedBook) -> Vec<String> {
    let mut pages = vec![String::new(); parsed.blocks.len()];
    for chapter in &parsed.chapters {
        for segment in &chapter.segments {
            if let parse::Segment::Block(b) = segment {
                if let Some(page) = pages.get_mut(*b) {
                    *page = context::url_path(&chapter.output_path);
                }
            }
        }
    }
    pages
}

/// A site-relative path as it appears in URLs (`/` separators).
pub fn context_url(path: &Path) -> String {
    context::url_path(path)
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
