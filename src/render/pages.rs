//! The site's pages: chapters, the front page, the whole document for
//! printing, the search page, the accessibility statement and the 404 page.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::context::{
    link, root_prefix, url_path, BlockLink, ChartContext, DownloadContext, HeadingContext,
    ImageContext, PageContext, RecordContext, SiteContext, TocTree,
};
use super::search::SearchPage;
use super::{
    chart, data, embed, escape_html, format, goals, preview, table, xlsx, OutputFile, Renderer,
};
use crate::budget::{Block, Verdicts};
use crate::error::Error;
use crate::load::Config;
use crate::parse::markdown::{FIGURE_END, FIGURE_START, UI_END, UI_START};
use crate::parse::{Chapter, FigureTarget, ParsedBook, Segment};

/// The files a chapter's charts add (`charts/`, `embed/`), and its first
/// chart, whose link preview the page names (`preview::first_chart`
/// finds the same one to draw it).
#[derive(Default)]
pub(super) struct ChapterCharts {
    pub files: Vec<OutputFile>,
    pub first: Option<FirstChart>,
}

pub(super) struct FirstChart {
    pub block: String,
    /// The chart in words: its title and description.
    pub alt: String,
}

/// What every page renders from.
pub(super) struct Book<'a> {
    pub parsed: &'a ParsedBook,
    pub verdicts: &'a Verdicts,
    /// Charts drawn so far, and the time spent drawing them (nanoseconds).
    pub charts_drawn: &'a std::sync::atomic::AtomicUsize,
    pub chart_nanos: &'a std::sync::atomic::AtomicU64,
    pub site: SiteContext<'a>,
    pub toc: TocTree<'a>,
    /// The page of each block, for links to its rows.
    pub block_pages: Vec<String>,
    /// Whether the book has its whole-book workbook (`xlsx::BOOK_FILE`).
    pub book_workbook: bool,
    /// The source a row's citation names (`table::Citing::source`).
    pub citation_source: String,
    /// Whether chapters name their first chart's PNG link preview as
    /// their image (drawn by `preview::draw`).
    pub previews: bool,
}

impl Renderer {
    /// Renders `name` with the context every page has, plus what `context`
    /// already holds.
    fn page(
        &self,
        book: &Book,
        page: &PageContext,
        current: Option<usize>,
        name: &str,
        mut context: tera::Context,
    ) -> Result<String, Error> {
        let root = page.root.clone();
        context.insert("site", &book.site);
        context.insert("page", page);
        let more = format!("{root}index.html#{}", self.strings.get("id-contents"));
        context.insert(
            "toc",
            &book.toc.items(
                &book.parsed.chapters,
                current,
                &|c| format!("{root}{}", url_path(&c.output_path)),
                Some((self.strings.get("more-chapters"), &more)),
            ),
        );
        context.extend(self.base_context.clone());
        self.render_template(name, &context)
    }

    /// Chapter `i`'s page, and the text the search index gets for it: the
    /// chapter's content without its charts.
    pub(super) fn chapter_page(
        &self,
        book: &Book,
        i: usize,
    ) -> Result<(OutputFile, Vec<OutputFile>, Option<SearchPage>), Error> {
        let chapters = &book.parsed.chapters;
        let config = &book.parsed.book.config;
        let chapter = &chapters[i];
        let description = chapter
            .description
            .as_deref()
            .or(config.description.as_deref());
        let mut page = PageContext::at(config, &chapter.output_path, &chapter.title, description);
        page.draft = chapter.draft;
        page.noindex = chapter.draft;
        page.edit_url = config.edit_url_template.as_ref().map(|template| {
            let path = config.src.join(&chapter.source_path);
            template.replace("{path}", &url_path(&path))
        });
        let mut charts = ChapterCharts::default();
        // Only a build with search needs the text for the index.
        let mut searchable = book
            .site
            .search
            .then(|| SearchPage::new(url_path(&chapter.output_path), chapter.title.clone()));
        page.content = self.chapter_content(
            book,
            chapter,
            &page.root,
            None,
            Some(&mut charts),
            searchable.as_mut(),
        )?;
        // The first chart is the page's link preview.
        if let Some(first) = charts.first.filter(|_| book.previews) {
            page.image = Some(ImageContext {
                path: url_path(&preview::path(&first.block)),
                alt: first.alt,
                width: preview::WIDTH,
                height: preview::HEIGHT,
            });
        }
        page.headings = chapter
            .headings
            .iter()
            .map(|h| HeadingContext {
                level: h.level,
                id: &h.id,
                title: &h.text,
            })
            .collect();
        page.previous = i.checked_sub(1).map(|p| link(&chapters[p], &page.root));
        page.next = chapters.get(i + 1).map(|c| link(c, &page.root));
        let html = self.page(book, &page, Some(i), "chapter.html", tera::Context::new())?;
        Ok((
            OutputFile {
                path: chapter.output_path.clone(),
                contents: html.into_bytes(),
            },
            charts.files,
            searchable,
        ))
    }

    pub(super) fn index_page(&self, book: &Book) -> Result<OutputFile, Error> {
        let parsed = book.parsed;
        let config = &parsed.book.config;
        let mut block_links = Vec::new();
        for chapter in &parsed.chapters {
            for segment in &chapter.segments {
                if let Segment::Block(b) = segment {
                    let block = &parsed.blocks[*b];
                    block_links.push(BlockLink {
                        title: block.title().unwrap_or(block.id()),
                        href: format!("{}#{}", url_path(&chapter.output_path), block.id()),
                        chapter: &chapter.nav_title,
                    });
                }
            }
        }
        let mut page = PageContext::at(
            config,
            Path::new("index.html"),
            &config.title,
            config.description.as_deref(),
        );
        page.canonical_url = config.base_url.clone();
        page.next = parsed.chapters.first().map(|c| link(c, ""));
        let mut context = tera::Context::new();
        if let Some(front) = &parsed.front_page {
            context.insert(
                "glance",
                &super::front_page::glance(
                    front,
                    parsed,
                    book.verdicts,
                    &book.block_pages,
                    self.language,
                    &self.strings,
                ),
            );
        }
        context.insert("budget_tables", &block_links);
        context.insert("book_workbook", &book.book_workbook);
        context.insert(
            "full_toc",
            &book
                .toc
                .full(&parsed.chapters, &|c| url_path(&c.output_path)),
        );
        Ok(OutputFile {
            path: PathBuf::from("index.html"),
            contents: self
                .page(book, &page, None, "index.html", context)?
                .into_bytes(),
        })
    }

    /// Every chapter on one page. Heading ids are prefixed with the chapter's
    /// name (`03-mal/mal-1`), since they are unique only per chapter; table
    /// and row ids are unique in the book and stay as they are. Links between
    /// chapters become links within the page, and every other relative link
    /// is made relative to the site root, where this page is, whatever folder
    /// the chapter is in. Returns the page and its stylesheet of running
    /// heads (`print.css`).
    pub(super) fn print_page(&self, book: &Book) -> Result<[OutputFile; 2], Error> {
        let parsed = book.parsed;
        let config = &parsed.book.config;
        // Ids a chapter's section must not take: its tables' and the page's.
        let taken: HashSet<&str> = parsed
            .blocks
            .iter()
            .map(|b| b.id())
            .chain(crate::parse::slug::RESERVED_IDS.iter().copied())
            .collect();
        let chapter_anchor = |c: &Chapter| chapter_anchor(c, &taken);
        let anchors: HashMap<String, (String, HashSet<&str>)> = parsed
            .chapters
            .iter()
            .map(|c| {
                (
                    url_path(&c.output_path),
                    (
                        chapter_anchor(c),
                        c.headings.iter().map(|h| h.id.as_str()).collect(),
                    ),
                )
            })
            .collect();
        // Each chapter's part of the page in parallel: a book of many
        // chapters is most of its work here.
        let sections = parsed
            .chapters
            .par_iter()
            .enumerate()
            .map(|(i, chapter)| -> Result<String, Error> {
                let mut section = String::new();
                for part in book.toc.parts_before(i) {
                    section.push_str(&format!(
                        "<h1 class=\"print-part\">{}</h1>\n",
                        escape_html(part)
                    ));
                }
                let anchor = chapter_anchor(chapter);
                // Rendered as if on the chapter's own page, so that every
                // link in it is relative to the chapter's folder, then
                // rewritten.
                let root = root_prefix(&chapter.output_path);
                let html = self.chapter_content(book, chapter, &root, Some(&anchor), None, None)?;
                let html = rewrite_links(&html, &url_path(&chapter.output_path), &anchors);
                section.push_str(&format!(
                    "<section class=\"print-chapter\" id=\"{}\">\n{html}</section>\n",
                    escape_html(&anchor)
                ));
                Ok(section)
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let content = sections.concat();
        let title = self.strings.get("print-title");
        let mut page = PageContext::at(
            config,
            Path::new("print.html"),
            title,
            config.description.as_deref(),
        );
        page.content = content;
        let mut context = tera::Context::new();
        context.insert(
            "chapters_toc",
            &book
                .toc
                .full(&parsed.chapters, &|c| format!("#{}", chapter_anchor(c))),
        );
        let record = RecordContext::new(config, &self.strings);
        context.insert("record", &record);
        let html = self.page(book, &page, None, "print.html", context)?;
        Ok([
            OutputFile {
                path: PathBuf::from("print.html"),
                contents: html.into_bytes(),
            },
            OutputFile {
                path: PathBuf::from("print.css"),
                contents: running_heads(config, &record, &self.strings).into_bytes(),
            },
        ])
    }

    /// A page at the old path `from` that sends the reader to `to`
    /// (`[output.html.redirect]`).
    pub(super) fn redirect_page(
        &self,
        book: &Book,
        from: &str,
        to: &str,
    ) -> Result<OutputFile, Error> {
        let config = &book.parsed.book.config;
        let page = PageContext::at(
            config,
            Path::new(from),
            self.strings.get("redirect-title"),
            None,
        );
        let mut context = tera::Context::new();
        context.insert("target", to);
        Ok(OutputFile {
            path: PathBuf::from(from),
            contents: self
                .page(book, &page, None, "redirect.html", context)?
                .into_bytes(),
        })
    }

    /// A page of its own template with a title from the UI strings.
    pub(super) fn simple_page(
        &self,
        book: &Book,
        file: &str,
        template: &str,
        title_key: &str,
        context: tera::Context,
    ) -> Result<OutputFile, Error> {
        let config = &book.parsed.book.config;
        let mut page = PageContext::at(config, Path::new(file), self.strings.get(title_key), None);
        page.noindex = template == "404.html";
        // A server shows the 404 page at any depth (`/budget/a/b/missing`):
        // its links start from the site's own path where the book gives its
        // address, so that its style and navigation are found from there.
        if template == "404.html" {
            if let Some(path) = config.base_url.as_deref().and_then(site_path) {
                page.root = path.to_string();
            }
        }
        Ok(OutputFile {
            path: PathBuf::from(file),
            contents: self
                .page(book, &page, None, template, context)?
                .into_bytes(),
        })
    }

    /// A block's HTML. A table's chart is drawn here, so that charts are
    /// never all held at once; with `chart_files`, its SVG file is added.
    fn block_html(
        &self,
        book: &Book,
        chapter: &Chapter,
        b: usize,
        root: &str,
        charts: Option<&mut ChapterCharts>,
    ) -> Result<String, Error> {
        let parsed = book.parsed;
        let block = &parsed.blocks[b];
        let mut context = self.base_context.clone();
        let verdicts = &book.verdicts.blocks[b];
        match block {
            Block::Goals(goals) => {
                context.insert(
                    "goals",
                    &goals::goals(goals, verdicts.goals(), self.language, &self.strings),
                );
                self.render_template("budget-goals.html", &context)
            }
            Block::Decision(decision) => {
                context.insert("decision_id", &decision.id);
                let mut value = serde_json::to_value(&decision.record).unwrap_or_default();
                value["id"] = serde_json::json!(decision.id);
                value["title"] = serde_json::json!(decision.title);
                context.insert("decision", &value);
                self.render_template("decision.html", &context)
            }
            Block::Table(block) => {
                let config = &parsed.book.config;
                let extras = table::Extras {
                    baseline: verdicts.baseline(),
                    population: config.population,
                    negatives: config.negatives,
                    tax: config
                        .tax_rate
                        .map(|rate| (rate, config.tax_examples.as_slice())),
                    citing: table::Citing {
                        source: &book.citation_source,
                        page: book.block_pages.get(b).map_or("", String::as_str),
                        base_url: config.base_url.as_deref(),
                    },
                };
                let table = table::table(
                    block,
                    verdicts.cells(),
                    &extras,
                    self.language,
                    &self.strings,
                );
                context.insert("script_root", root);
                context.insert("table", &table);
                let started = std::time::Instant::now();
                let chart = chart::block_chart(
                    block,
                    verdicts.baseline(),
                    self.language,
                    book.parsed.book.config.negatives,
                    &self.strings,
                );
                book.chart_nanos.fetch_add(
                    started.elapsed().as_nanos() as u64,
                    std::sync::atomic::Ordering::Relaxed,
                );
                let chart = chart.as_ref();
                let base_url = book.parsed.book.config.base_url.as_deref();
                let embed = match (chart, charts) {
                    (Some(chart), Some(charts)) => {
                        book.charts_drawn
                            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        charts.files.push(OutputFile {
                            path: PathBuf::from("charts").join(format!("{}.svg", block.id)),
                            contents: chart.svg.clone().into_bytes(),
                        });
                        charts
                            .files
                            .push(self.embed_page(book, chapter, b, chart, &context)?);
                        if charts.first.is_none() {
                            charts.first = Some(FirstChart {
                                block: block.id.clone(),
                                alt: format!("{}. {}", chart.title, chart.description),
                            });
                        }
                        Some(embed::code(
                            base_url,
                            &block.id,
                            &chart.title,
                            chart.scene.width,
                            chart.scene.height,
                            root,
                        ))
                    }
                    _ => None,
                };
                context.insert(
                    "chart",
                    &chart.map(|c| ChartContext {
                        svg: &c.svg,
                        multiples: &c.multiples,
                        title: &c.title,
                        href: format!("{root}charts/{}.svg", block.id),
                        embed,
                    }),
                );
                let [csv, csv_sv, json] = data::block_files(block);
                // The Swedish CSV is for Swedish spreadsheets, so listed
                // only in a Swedish book.
                let swedish = self.language == crate::load::Language::Swedish;
                context.insert(
                    "downloads",
                    &DownloadContext {
                        xlsx: xlsx::block_file(block).map(|f| format!("{root}{f}")),
                        csv: format!("{root}{csv}"),
                        csv_sv: swedish.then(|| format!("{root}{csv_sv}")),
                        json: format!("{root}{json}"),
                        book_xlsx: book
                            .book_workbook
                            .then(|| format!("{root}{}", xlsx::BOOK_FILE)),
                    },
                );
                self.render_template("budget-table.html", &context)
            }
        }
    }

    /// `embed/<block>.html`: the chart, its table (rendered from the
    /// table's `context`, without chart or downloads) and the source line.
    fn embed_page(
        &self,
        book: &Book,
        chapter: &Chapter,
        b: usize,
        chart: &chart::Chart,
        context: &tera::Context,
    ) -> Result<OutputFile, Error> {
        let config = &book.parsed.book.config;
        let block = &book.parsed.blocks[b];
        let mut table = context.clone();
        table.insert("chart", &None::<()>);
        table.insert("downloads", &None::<()>);
        // An embed page runs no script: its tax table stays without the
        // field for one's own income.
        table.remove("script_root");
        let table_html = self.render_template("budget-table.html", &table)?;
        let record = RecordContext::new(config, &self.strings);
        let embed = embed::EmbedContext {
            chart: embed::EmbedChart {
                id: block.id(),
                svg: &chart.svg,
                title: &chart.title,
            },
            table_html,
            chapter: &chapter.title,
            source_href: embed::source_href(
                config.base_url.as_deref(),
                &url_path(&chapter.output_path),
                block.id(),
            ),
            phase: record.phase,
            date: record.date,
            date_iso: record.date_iso,
        };
        let mut page = self.base_context.clone();
        page.insert("site", &book.site);
        page.insert("embed", &embed);
        Ok(OutputFile {
            path: embed::path(block.id()),
            contents: self.render_template("embed.html", &page)?.into_bytes(),
        })
    }

    /// An inline figure as the table shows it, linked to its row.
    fn figure_html(&self, book: &Book, target: &FigureTarget, root: &str) -> String {
        let Some(block) = book.parsed.blocks[target.block].as_table() else {
            return "–".into();
        };
        let row = &block.rows[target.row];
        let negatives = book.parsed.book.config.negatives;
        let Some(text) = row
            .values
            .get(target.column)
            .and_then(|f| format::stated(f, (row, target.column), block, self.language, negatives))
        else {
            // No figure stated: `..`, as the table shows it.
            return "..".into();
        };
        let page = book
            .block_pages
            .get(target.block)
            .cloned()
            .unwrap_or_default();
        format!(
            "<a class=\"figure-ref\" href=\"{root}{page}#{}.{}\">{}</a>",
            escape_html(&block.id),
            escape_html(&row.id),
            escape_html(&text),
        )
    }

    /// Puts the inline figures, and the UI strings in the book's language
    /// (an admonition's title), into a piece of the chapter's HTML.
    fn with_figures(&self, book: &Book, chapter: &Chapter, html: &str, root: &str) -> String {
        if !html.contains([FIGURE_START, UI_START]) {
            return html.to_string();
        }
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(start) = rest.find([FIGURE_START, UI_START]) {
            out.push_str(&rest[..start]);
            let figure = rest[start..].starts_with(FIGURE_START);
            let (open, close) = if figure {
                (FIGURE_START, FIGURE_END)
            } else {
                (UI_START, UI_END)
            };
            let after = &rest[start + open.len_utf8()..];
            let end = after.find(close).unwrap_or(after.len());
            if figure {
                let target = after[..end]
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| chapter.figures.get(n)?.as_ref());
                match target {
                    Some(target) => out.push_str(&self.figure_html(book, target, root)),
                    None => out.push('–'),
                }
            } else {
                out.push_str(&escape_html(self.strings.get(&after[..end])));
            }
            rest = after.get(end + close.len_utf8()..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }

    /// A chapter's HTML; with `anchor`, heading ids are prefixed with it.
    fn chapter_content(
        &self,
        book: &Book,
        chapter: &Chapter,
        root: &str,
        anchor: Option<&str>,
        mut charts: Option<&mut ChapterCharts>,
        mut search: Option<&mut SearchPage>,
    ) -> Result<String, Error> {
        let mut html = String::new();
        // A page has a first-level heading: the chapter's title where its
        // text has none (a title given in SUMMARY.md or front matter only).
        if !chapter.headings.iter().any(|h| h.level == 1) {
            html.push_str(&format!("<h1>{}</h1>\n", escape_html(&chapter.title)));
        }
        for segment in &chapter.segments {
            match segment {
                Segment::Html(text) => {
                    let mut text = self.with_figures(book, chapter, text, root);
                    if let Some(anchor) = anchor {
                        text = with_footnotes_of(&text, anchor);
                    }
                    if let Some(search) = search.as_deref_mut() {
                        search.push_html(&text);
                    }
                    html.push_str(&text);
                }
                Segment::Block(b) => {
                    let block = self.block_html(book, chapter, *b, root, charts.as_deref_mut())?;
                    if let Some(search) = search.as_deref_mut() {
                        let id = book.parsed.blocks[*b].id();
                        let title = book.parsed.blocks[*b].title().unwrap_or(id);
                        search.table(id, title, &block);
                    }
                    html.push_str(&block);
                }
                Segment::Heading(h) => {
                    if let Some(search) = search.as_deref_mut() {
                        search.heading(&h.id, &h.text);
                    }
                    let id = match anchor {
                        Some(anchor) => escape_html(&format!("{anchor}/{}", h.id)),
                        None => escape_html(&h.id),
                    };
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
}

/// The path of a site's address (`/budget/` of
/// `https://example.org/budget/`), ending with `/`.
fn site_path(base_url: &str) -> Option<&str> {
    let after_scheme = base_url.split_once("://")?.1;
    let path = &after_scheme[after_scheme.find('/')?..];
    path.ends_with('/').then_some(path)
}

/// A chapter's footnotes in the whole document: their ids (`fn-…`,
/// `fnref-…`, unique on the chapter's page) and the links between them
/// prefixed with the chapter's `anchor`, as its headings' are, so that
/// two chapters' note 1 stay apart.
fn with_footnotes_of(html: &str, anchor: &str) -> String {
    if !html.contains("=\"fn") && !html.contains("=\"#fn") {
        return html.to_string();
    }
    let anchor = escape_html(anchor);
    let mut html = html.to_string();
    for kind in ["fn-", "fnref-"] {
        html = html
            .replace(&format!("id=\"{kind}"), &format!("id=\"{anchor}/{kind}"))
            .replace(
                &format!("href=\"#{kind}"),
                &format!("href=\"#{anchor}/{kind}"),
            );
    }
    html
}

/// The id of a chapter's section in the whole document: its path without
/// `.html`, e.g. `03-mal`; with `-chapter` after it where a table (or the
/// page itself) has that id (`driftbudget.md` holding the table
/// `driftbudget`), so that a link to the table lands on the table.
fn chapter_anchor(chapter: &Chapter, taken: &HashSet<&str>) -> String {
    let path = url_path(&chapter.output_path.with_extension(""));
    let mut anchor = path.clone();
    let mut n = 1;
    while taken.contains(anchor.as_str()) {
        anchor = match n {
            1 => format!("{path}-chapter"),
            n => format!("{path}-chapter-{n}"),
        };
        n += 1;
    }
    anchor
}

/// The stylesheet of the printed pages' running heads: the document's
/// title, phase, date and version and its organisation, in the page margins
/// (CSS `@page` margin boxes). They come from book.toml, so they cannot be
/// in the fixed `budgetbook.css`, and the Content-Security-Policy keeps
/// them out of the page itself.
fn running_heads(config: &Config, record: &RecordContext, strings: &super::Strings) -> String {
    let mut right: Vec<String> = record.phase.iter().map(|p| p.to_string()).collect();
    right.extend(record.date.clone());
    // Named, or "1" would read as a page number.
    right.extend(
        record
            .version
            .map(|v| format!("{} {v}", strings.get("record-version"))),
    );
    let mut css = String::from(
        "/* The printed pages' running heads, written from book.toml by budgetbook. */\n@page {\n",
    );
    css.push_str(&format!(
        "  @top-left {{ content: {}; }}\n",
        css_string(&config.title)
    ));
    if !right.is_empty() {
        css.push_str(&format!(
            "  @top-right {{ content: {}; }}\n",
            css_string(&right.join(" · "))
        ));
    }
    if let Some(organisation) = &config.organisation {
        css.push_str(&format!(
            "  @bottom-left {{ content: {}; }}\n",
            css_string(organisation)
        ));
    }
    // The title page shows all of this already.
    css.push_str(
        "}\n@page :first {\n  @top-left { content: none; }\n  @top-right { content: none; }\n}\n",
    );
    css
}

/// `text` as a quoted CSS string: quotes and backslashes escaped, and line
/// breaks and other control characters as hexadecimal escapes.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Rewrites the links of a chapter at `page` (a path from the site root)
/// for the whole-document page at the site root: a link to a chapter (or a
/// place in one) becomes a link within the page, any other relative link
/// (`href` or `src`) the same address from the root. Addresses with a
/// scheme, absolute paths and queries are left as written.
fn rewrite_links(
    html: &str,
    page: &str,
    anchors: &HashMap<String, (String, HashSet<&str>)>,
) -> String {
    const KEYS: [&str; 2] = [" href=\"", " src=\""];
    let folder = page.rfind('/').map_or("", |slash| &page[..=slash]);
    let mut out = String::with_capacity(html.len());
    // Where each key next occurs; a key is looked for again only once the
    // scan has passed it, so that a page with many links of one kind and
    // none of the other is read once, not once per link.
    let mut next = KEYS.map(|key| html.find(key));
    let mut done = 0;
    while let Some((i, key)) = next
        .iter()
        .zip(KEYS)
        .filter_map(|(i, key)| i.map(|i| (i, key)))
        .min()
    {
        let start = i + key.len();
        out.push_str(&html[done..start]);
        let end = html[start..].find('"').map_or(html.len(), |e| start + e);
        let href = &html[start..end];
        let (path, fragment) = href
            .split_once('#')
            .map_or((href, None), |(p, f)| (p, Some(f)));
        if is_relative(path) {
            let target = if path.is_empty() {
                page.to_string()
            } else {
                crate::load::resolve_site_path(folder, path)
            };
            match anchors.get(&target) {
                Some((anchor, headings)) => match fragment {
                    Some(f) if headings.contains(f) => {
                        out.push('#');
                        out.push_str(anchor);
                        out.push('/');
                        out.push_str(f);
                    }
                    Some(f) if !f.is_empty() => {
                        out.push('#');
                        out.push_str(f);
                    }
                    _ => {
                        out.push('#');
                        out.push_str(anchor);
                    }
                },
                None => {
                    out.push_str(&target);
                    if let Some(f) = fragment {
                        out.push('#');
                        out.push_str(f);
                    }
                }
            }
        } else {
            out.push_str(href);
        }
        done = end;
        for (at, key) in next.iter_mut().zip(KEYS) {
            if at.is_some_and(|at| at < done) {
                *at = html[done..].find(key).map(|i| done + i);
            }
        }
    }
    out.push_str(&html[done..]);
    out
}

/// Whether a link's path (before any `#`) is relative to the page it is on:
/// no scheme (`https:`, `mailto:`), not from the root or the host (`/x`,
/// `//host`), not a query.
fn is_relative(path: &str) -> bool {
    let scheme = path
        .find([':', '/', '?'])
        .is_some_and(|i| path[i..].starts_with(':'));
    !scheme && !path.starts_with('/') && !path.starts_with('?')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_between_chapters_become_links_within_the_page() {
        let mut anchors = HashMap::new();
        anchors.insert(
            "a.html".to_string(),
            ("a".to_string(), HashSet::from(["intro"])),
        );
        anchors.insert(
            "b.html".to_string(),
            ("b".to_string(), HashSet::from(["slut"])),
        );
        let html = "<a href=\"#intro\">1</a><a href=\"b.html#slut\">2</a><a href=\"b.html\">3</a>\
                    <a href=\"b.html#tabell.rad\">4</a><a href=\"https://x.se/b.html\">5</a><a href=\"data/t.csv\">6</a>";
        assert_eq!(
            rewrite_links(html, "a.html", &anchors),
            "<a href=\"#a/intro\">1</a><a href=\"#b/slut\">2</a><a href=\"#b\">3</a>\
             <a href=\"#tabell.rad\">4</a><a href=\"https://x.se/b.html\">5</a><a href=\"data/t.csv\">6</a>"
        );
    }

    #[test]
    fn links_of_a_chapter_in_a_folder_are_read_from_its_folder() {
        let mut anchors = HashMap::new();
        anchors.insert(
            "del/a.html".to_string(),
            ("del/a".to_string(), HashSet::from(["intro"])),
        );
        anchors.insert(
            "b.html".to_string(),
            ("b".to_string(), HashSet::from(["slut"])),
        );
        let html = "<a href=\"a.html#intro\">1</a><a href=\"../b.html#slut\">2</a>\
                    <a href=\"../data/t.csv\">3</a><img src=\"../bild.png\" alt=\"\">\
                    <a href=\"mailto:x@y.se\">4</a><a href=\"/abs.html\">5</a><a href=\"../../b.html\">6</a>";
        assert_eq!(
            rewrite_links(html, "del/a.html", &anchors),
            "<a href=\"#del/a/intro\">1</a><a href=\"#b/slut\">2</a>\
             <a href=\"data/t.csv\">3</a><img src=\"bild.png\" alt=\"\">\
             <a href=\"mailto:x@y.se\">4</a><a href=\"/abs.html\">5</a><a href=\"#b\">6</a>"
        );
    }

    #[test]
    fn a_sites_path_is_read_from_its_address() {
        assert_eq!(site_path("https://example.org/budget/"), Some("/budget/"));
        assert_eq!(site_path("https://example.org/"), Some("/"));
        assert_eq!(site_path("https://example.org"), None);
    }

    #[test]
    fn running_heads_are_css_strings_whatever_the_title() {
        assert_eq!(
            css_string("Budget \"26\" \\ x\ny"),
            "\"Budget \\\"26\\\" \\\\ x\\a y\""
        );
    }
}
