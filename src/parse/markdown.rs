//! A chapter's Markdown: CommonMark with tables, footnotes and heading
//! attributes, turned into HTML pieces, with budget fences taken out as
//! blocks and headings given stable ids.

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use pulldown_cmark::{
    html, Alignment, BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser,
    Tag, TagEnd,
};

use super::slug::{slugify, PageIds};
use crate::budget::{self, Block};
use crate::diagnostic::{Diagnostics, Problem};
use crate::source::{Location, SourceFile};
use crate::yaml::EmbeddedYaml;

/// A piece of a chapter page, in order.
#[derive(Debug, Clone)]
pub enum Segment {
    /// Rendered Markdown.
    Html(String),
    /// A heading; the renderer adds the anchor link.
    Heading(Heading),
    /// A budget block, by its index in the book's list of blocks.
    Block(usize),
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// The heading's content as HTML.
    pub html: String,
    /// The heading's content as plain text.
    pub text: String,
}

#[derive(Clone)]
pub struct MarkdownChapter {
    pub segments: Vec<Segment>,
    pub headings: Vec<Heading>,
    /// Links to chapters and anchors of this book, to be checked once every
    /// chapter is parsed.
    pub links: Vec<InternalLink>,
    /// Figures from budget blocks written into the prose, in order.
    pub figures: Vec<InlineFigure>,
    /// The spreadsheets its blocks read (`source:`), relative to the book.
    pub sheets: Vec<PathBuf>,
    /// The ids of its blocks that could not be read, as far as they say.
    pub unreadable_blocks: Vec<String>,
}

/// `{{block.row}}` in the prose: a figure from a table, shown as the table
/// shows it and linked to its row.
#[derive(Debug, Clone)]
pub struct InlineFigure {
    pub block: String,
    pub row: String,
    /// A column heading or its number; may be left out for a single column.
    pub column: Option<String>,
    pub location: Location,
    /// The word the text goes on with after it, to tell a unit written
    /// twice ("52 340 invånare invånare").
    pub next_word: String,
}

/// A link written to a chapter file (`other.md#x`) or an anchor (`#x`).
#[derive(Debug, Clone)]
pub struct InternalLink {
    /// The linked chapter, relative to the source directory.
    pub chapter: PathBuf,
    pub fragment: Option<String>,
    pub written: String,
    pub location: Location,
    /// The target is a draft left out of this build: the link was removed
    /// and only its text kept.
    pub unpublished: bool,
    /// The link (or image) is to a file that is not a chapter, e.g.
    /// `bilder/karta.png`; `chapter` is then that file's path.
    pub file: bool,
}

/// mdBook's Markdown: CommonMark with GitHub's tables, footnotes,
/// strikethrough, task lists and admonitions (`> [!NOTE]`), definition
/// lists, heading attributes and math (shown as written).
fn options(smart_punctuation: bool) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
        | Options::ENABLE_MATH;
    if smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    options
}

/// What a chapter may hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits<'a> {
    /// The largest budget block, in bytes.
    pub max_block_size: usize,
    /// Raw HTML in the Markdown is kept, cleaned of anything that could run
    /// (`[build] allow-html`); otherwise it is shown as text.
    pub allow_html: bool,
    /// How the book writes figures.
    pub conventions: budget::table::Conventions,
    /// The book's folder, where blocks with `source:` find their sheets;
    /// `None` for a chapter read on its own.
    pub book_root: Option<&'a Path>,
    /// Curly quotes, dashes and ellipses (`[output.html] smart-punctuation`).
    pub smart_punctuation: bool,
}

impl Default for Limits<'_> {
    fn default() -> Self {
        Limits {
            max_block_size: crate::load::config::DEFAULT_MAX_BLOCK_SIZE,
            allow_html: false,
            conventions: budget::table::Conventions::default(),
            book_root: None,
            smart_punctuation: false,
        }
    }
}

/// Parses the body of `file` from `body_offset`. Budget blocks are parsed and
/// appended to `blocks`.
pub fn parse(
    file: &Arc<SourceFile>,
    body_offset: usize,
    chapter: &Path,
    unpublished: &HashSet<PathBuf>,
    limits: Limits,
    blocks: &mut Vec<Block>,
    diagnostics: &mut Diagnostics,
) -> MarkdownChapter {
    let body = &file.text()[body_offset..];
    let (events, notes_start) = footnotes_last(
        Parser::new_ext(body, options(limits.smart_punctuation))
            .into_offset_iter()
            .map(|(e, r)| (e, r.start + body_offset..r.end + body_offset))
            .collect(),
    );

    // Ids the automatic heading ids must avoid: the layout's, explicit
    // heading ids and the ids of the budget tables on this page, whoever
    // comes first.
    let mut taken = PageIds::default();
    for (event, range) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            let problem = if PageIds::is_reserved(id) {
                Problem::ReservedHeadingId { id: id.to_string() }
            } else if !taken.take(id) {
                Problem::DuplicateHeadingId { id: id.to_string() }
            } else {
                continue;
            };
            diagnostics.error(problem, file.location(range.start, range.len()));
        }
    }
    undefined_footnotes(&events, file, diagnostics);

    let mut segments = Vec::new();
    let mut headings = Vec::new();
    let mut pending: Vec<Event> = Vec::new();
    let mut auto_ids: Vec<(usize, String)> = Vec::new();
    let mut link_filter = LinkFilter {
        file,
        chapter,
        unpublished,
        links: Vec::new(),
        skip_link_end: false,
    };
    let mut figures = Vec::new();
    let mut sheets = crate::import::source::SheetFiles {
        root: limits.book_root,
        read: Vec::new(),
    };
    let mut unreadable_blocks = Vec::new();
    let mut in_code = false;
    let mut table = MarkdownTable::default();
    let mut notes = Footnotes::default();
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        if notes_start == Some(i) {
            pending.push(Event::Html(CowStr::from(format!(
                "<section class=\"footnotes\" aria-label=\"{UI_START}footnotes{UI_END}\">\n"
            ))));
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some("budget") =>
            {
                let mut text = String::new();
                i += 1;
                while let Some((Event::Text(t), _)) = events.get(i) {
                    text.push_str(t);
                    i += 1;
                }
                let (fence_line, _) = file.line_column(range.start);
                let fence = file.location(range.start, 3);
                if text.len() > limits.max_block_size {
                    unreadable_blocks.extend(written_id(&text));
                    diagnostics.error(
                        Problem::BlockTooLarge {
                            size: text.len(),
                            limit: limits.max_block_size,
                        },
                        fence,
                    );
                    i += 1;
                    continue;
                }
                let yaml = EmbeddedYaml::new(file, text, fence_line + 1);
                if let Some(block) =
                    budget::block::parse(&yaml, fence, limits.conventions, &mut sheets, diagnostics)
                {
                    flush(&mut pending, &mut segments);
                    taken.take(block.id());
                    segments.push(Segment::Block(blocks.len()));
                    blocks.push(block);
                } else {
                    unreadable_blocks.extend(written_id(&yaml.text));
                }
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                flush(&mut pending, &mut segments);
                let mut inner = Vec::new();
                let mut text = String::new();
                i += 1;
                while let Some((e, r)) = events.get(i) {
                    if matches!(e, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    if let Event::Text(t) | Event::Code(t) = e {
                        text.push_str(t);
                    }
                    if is_link_or_image(e) {
                        link_filter.push(e, r, &mut inner);
                    } else {
                        inner.push(safe_event(e.clone()));
                    }
                    i += 1;
                }
                let mut inner_html = String::new();
                html::push_html(&mut inner_html, inner.into_iter());
                if id.is_none() {
                    auto_ids.push((segments.len(), slugify(&text)));
                }
                segments.push(Segment::Heading(Heading {
                    level: heading_level(*level),
                    id: id.as_deref().unwrap_or_default().to_string(),
                    html: inner_html,
                    text: text.trim().to_string(),
                }));
            }
            event if is_link_or_image(event) => link_filter.push(event, range, &mut pending),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                in_code = true;
                // mdBook's attributes after the language (`rust,ignore`)
                // are not part of it.
                let language = info.split([',', ' ']).next().unwrap_or_default();
                pending.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(
                    CowStr::from(language.to_string()),
                ))));
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                pending.push(event.clone());
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                pending.push(event.clone());
            }
            Event::Text(text) if !in_code && text.contains("{{") => {
                // Text may arrive in pieces; join the run of text events.
                let mut joined = text.to_string();
                let mut end = range.end;
                while let Some((Event::Text(more), more_range)) = events.get(i + 1) {
                    joined.push_str(more);
                    end = more_range.end;
                    i += 1;
                }
                inline_figures(
                    &joined,
                    file,
                    range.start..end,
                    &mut figures,
                    &mut pending,
                    diagnostics,
                );
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let kind = admonition(*kind);
                pending.push(Event::Html(CowStr::from(format!(
                    "<aside class=\"admonition admonition-{kind}\" role=\"note\">\n\
                     <p class=\"admonition-title\">{UI_START}admonition-{kind}{UI_END}</p>\n"
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                pending.push(Event::Html(CowStr::from("</aside>\n")));
            }
            Event::Start(Tag::Table(alignments)) => {
                table = MarkdownTable {
                    alignments: alignments.clone(),
                    ..MarkdownTable::default()
                };
                // Printed sideways past nine columns, as a budget table is.
                let wide = if alignments.len() > 9 { " wide" } else { "" };
                pending.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-scroll{wide}\" role=\"region\" tabindex=\"0\" \
                     aria-label=\"{UI_START}table{UI_END}\">\n<table class=\"markdown-table\">"
                ))));
            }
            Event::End(TagEnd::Table) => {
                pending.push(Event::Html(CowStr::from("</tbody></table>\n</div>\n")));
            }
            Event::Start(Tag::TableHead) | Event::End(TagEnd::TableHead) => {
                table.in_head = matches!(event, Event::Start(_));
                table.column = 0;
                pending.push(event.clone());
            }
            Event::Start(Tag::TableRow) => {
                table.column = 0;
                pending.push(event.clone());
            }
            Event::Start(Tag::TableCell) => {
                pending.push(Event::Html(CowStr::from(table.cell_start())));
            }
            Event::End(TagEnd::TableCell) => {
                pending.push(Event::Html(CowStr::from(table.cell_end())));
            }
            Event::FootnoteReference(label) => {
                let html = notes.reference(label, &mut taken);
                pending.push(Event::InlineHtml(CowStr::from(html)));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let html = notes.definition_start(label, &mut taken);
                pending.push(Event::Html(CowStr::from(html)));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                pending.push(Event::Html(CowStr::from(notes.definition_end())));
            }
            Event::TaskListMarker(done) => {
                let checked = if *done { " checked" } else { "" };
                pending.push(Event::InlineHtml(CowStr::from(format!(
                    "<input type=\"checkbox\" disabled{checked} aria-label=\"{UI_START}task{UI_END}\"> "
                ))));
            }
            Event::Html(raw) | Event::InlineHtml(raw) if limits.allow_html => {
                pending.push(Event::InlineHtml(without_markers(raw.clone())));
            }
            other => pending.push(safe_event(other.clone())),
        }
        i += 1;
    }
    if notes_start.is_some() {
        pending.push(Event::Html(CowStr::from("</section>\n")));
    }
    flush(&mut pending, &mut segments);
    if limits.allow_html {
        let cleaner = html_cleaner();
        for segment in &mut segments {
            match segment {
                Segment::Html(html) => *html = cleaner.clean(html).to_string(),
                Segment::Heading(heading) => {
                    heading.html = cleaner.clean(&heading.html).to_string()
                }
                Segment::Block(_) => {}
            }
        }
    }

    // Automatic ids last, so that they give way to every explicit one.
    for (index, slug) in auto_ids {
        if let Segment::Heading(heading) = &mut segments[index] {
            heading.id = taken.unique(slug);
        }
    }
    for segment in &segments {
        if let Segment::Heading(heading) = segment {
            headings.push(heading.clone());
        }
    }
    MarkdownChapter {
        segments,
        headings,
        links: link_filter.links,
        figures,
        sheets: sheets.read,
        unreadable_blocks,
    }
}

/// The `id:` a budget block's text gives at its top level, read without
/// YAML: for a block that could not be read as a whole.
fn written_id(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let id = line.strip_prefix("id:")?.trim();
        let id = id.split(" #").next().unwrap_or(id).trim();
        let id = id.trim_matches(|c| c == '"' || c == '\'');
        (!id.is_empty()).then(|| id.to_string())
    })
}

/// The ids of the budget blocks of a chapter that is not parsed (a draft
/// left out), read from its text without Markdown or YAML: so that what
/// names one can say where it is.
pub fn block_ids_in(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut block: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        match &mut block {
            None => {
                let info = trimmed
                    .strip_prefix("```")
                    .or_else(|| trimmed.strip_prefix("~~~"));
                if info.is_some_and(|i| i.split_whitespace().next() == Some("budget")) {
                    block = Some(String::new());
                }
            }
            Some(body) if trimmed.starts_with("```") || trimmed.starts_with("~~~") => {
                ids.extend(written_id(body));
                block = None;
            }
            Some(body) => {
                body.push_str(line);
                body.push('\n');
            }
        }
    }
    ids
}

/// Warns of every `[^label]` left as text: pulldown-cmark makes a footnote
/// reference of it only where the chapter defines the label, and otherwise
/// shows the brackets without a word. One written escaped (`\[^label]`) is
/// meant as text.
fn undefined_footnotes(events: &Events, file: &Arc<SourceFile>, diagnostics: &mut Diagnostics) {
    let mut in_code = false;
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if !in_code => {
                // Text may arrive in pieces; join the run of text events.
                let start = events[i].1.start;
                let mut end = start;
                let mut joined = String::new();
                while let Some((Event::Text(piece), range)) = events.get(i) {
                    joined.push_str(piece);
                    end = range.end;
                    i += 1;
                }
                let source = &file.text()[start..end];
                let mut searched = 0;
                let mut rest = joined.as_str();
                while let Some(open) = rest.find("[^") {
                    let after = &rest[open + 2..];
                    let label_end = after
                        .find(|c: char| c == ']' || c == '[' || c.is_whitespace())
                        .filter(|&n| n > 0 && after[n..].starts_with(']'));
                    let Some(label_end) = label_end else {
                        rest = after;
                        continue;
                    };
                    let label = &after[..label_end];
                    let written = format!("[^{label}]");
                    rest = &after[label_end + 1..];
                    let Some(found) = source[searched..].find(&written) else {
                        continue;
                    };
                    let at = searched + found;
                    searched = at + written.len();
                    if source[..at].ends_with('\\') {
                        continue;
                    }
                    diagnostics.warning(
                        Problem::FootnoteUndefined {
                            label: label.to_string(),
                        },
                        file.location(start + at, written.len()),
                    );
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

/// The chapter's events with its footnotes' definitions moved to its end,
/// as readers of a page (and of print) expect them, and where they start;
/// pulldown-cmark leaves each where it is written.
type Events<'e> = Vec<(Event<'e>, Range<usize>)>;
fn footnotes_last(events: Events) -> (Events, Option<usize>) {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::FootnoteDefinition(_))))
    {
        return (events, None);
    }
    let mut text = Vec::with_capacity(events.len());
    // Each definition's label and events, in the order written.
    let mut notes: Vec<(String, Events)> = Vec::new();
    let mut depth = 0;
    for (event, range) in events {
        let ends = matches!(event, Event::End(TagEnd::FootnoteDefinition));
        if let Event::Start(Tag::FootnoteDefinition(label)) = &event {
            if depth == 0 {
                notes.push((label.to_string(), Vec::new()));
            }
            depth += 1;
        }
        match notes.last_mut() {
            Some((_, note)) if depth > 0 => note.push((event, range)),
            _ => text.push((event, range)),
        }
        if ends {
            depth -= 1;
        }
    }
    // Listed in the order they are numbered: as first referred to, those
    // never referred to last, as written.
    let referred: Vec<&str> = {
        let mut order: Vec<&str> = Vec::new();
        for (event, _) in text.iter().chain(notes.iter().flat_map(|(_, n)| n)) {
            if let Event::FootnoteReference(label) = event {
                if !order.contains(&label.as_ref()) {
                    order.push(label.as_ref());
                }
            }
        }
        order
    };
    let rank: Vec<usize> = notes
        .iter()
        .map(|(label, _)| {
            referred
                .iter()
                .position(|r| r == label)
                .unwrap_or(usize::MAX)
        })
        .collect();
    let mut order: Vec<usize> = (0..notes.len()).collect();
    order.sort_by_key(|&i| rank[i]);
    let mut notes: Vec<Option<Events>> = notes.into_iter().map(|(_, n)| Some(n)).collect();
    let start = text.len();
    for i in order {
        text.extend(notes[i].take().unwrap_or_default());
    }
    (text, Some(start))
}

/// A chapter's footnotes: numbered in the order they are first referred to,
/// with ids of their own on the page (`fn-` and the label), so that a
/// footnote never takes the id of a heading or a table, and links back
/// from each note to where it is first referred to.
#[derive(Default)]
struct Footnotes {
    /// Label → (id, number, references so far).
    by_label: std::collections::HashMap<String, (String, usize, usize)>,
    /// The id of the definition being written.
    current: String,
}

impl Footnotes {
    fn note(&mut self, label: &str, taken: &mut PageIds) -> &mut (String, usize, usize) {
        let number = self.by_label.len() + 1;
        self.by_label.entry(label.to_string()).or_insert_with(|| {
            let slug = slugify(label);
            let slug = if slug.is_empty() {
                number.to_string()
            } else {
                slug
            };
            let id = taken.unique(format!("fn-{slug}"));
            taken.take(&format!("fnref-{}", &id[3..]));
            (id, number, 0)
        })
    }

    fn reference(&mut self, label: &str, taken: &mut PageIds) -> String {
        let (id, number, references) = self.note(label, taken);
        *references += 1;
        // A second reference to the same note needs an id of its own.
        let suffix = match *references {
            1 => String::new(),
            n => format!("-{n}"),
        };
        format!(
            "<sup class=\"footnote-reference\" id=\"fnref-{}{suffix}\"><a href=\"#{id}\">{number}</a></sup>",
            &id[3..]
        )
    }

    fn definition_start(&mut self, label: &str, taken: &mut PageIds) -> String {
        let (id, number, _) = self.note(label, taken).clone();
        self.current = id.clone();
        format!(
            "<div class=\"footnote-definition\" id=\"{id}\"><span class=\"footnote-definition-label\">{number}</span>\n"
        )
    }

    fn definition_end(&mut self) -> String {
        let referred = self
            .by_label
            .values()
            .any(|(id, _, references)| *id == self.current && *references > 0);
        let back = if referred {
            format!(
                "<a class=\"footnote-back\" href=\"#fnref-{}\" aria-label=\"{UI_START}footnote-back{UI_END}\">↩</a>",
                &self.current[3..]
            )
        } else {
            String::new()
        };
        format!("{back}</div>\n")
    }
}

/// Where the parser is in a table written in Markdown. Its cells are
/// written here rather than by pulldown-cmark, so that a column's
/// alignment is a class: the page's security policy allows no `style`
/// attributes, which would leave figures unaligned.
#[derive(Default)]
struct MarkdownTable {
    alignments: Vec<Alignment>,
    in_head: bool,
    column: usize,
}

impl MarkdownTable {
    fn tag(&self) -> &'static str {
        if self.in_head {
            "th"
        } else {
            "td"
        }
    }

    fn cell_start(&self) -> String {
        let class = match self.alignments.get(self.column) {
            Some(Alignment::Left) => " class=\"align-left\"",
            Some(Alignment::Center) => " class=\"align-center\"",
            Some(Alignment::Right) => " class=\"align-right\"",
            Some(Alignment::None) | None => "",
        };
        let scope = if self.in_head { " scope=\"col\"" } else { "" };
        format!("<{}{scope}{class}>", self.tag())
    }

    fn cell_end(&mut self) -> String {
        self.column += 1;
        format!("</{}>", self.tag())
    }
}

/// Marks where an inline figure goes in rendered HTML; the renderer puts the
/// formatted figure there. Private-use characters cannot come from Markdown
/// markup, and text that contains them is escaped before it gets here.
pub const FIGURE_START: char = '\u{E000}';
pub const FIGURE_END: char = '\u{E001}';
/// Around the key of a UI string (`admonition-note`) in rendered HTML; the
/// renderer puts the string in the book's language there.
pub const UI_START: char = '\u{E002}';
pub const UI_END: char = '\u{E003}';

/// The name of an admonition's kind, as its class and UI string use it.
fn admonition(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// Splits text at `{{block.row}}` / `{{block.row[Column]}}` references.
fn inline_figures<'a>(
    text: &str,
    file: &Arc<SourceFile>,
    range: Range<usize>,
    figures: &mut Vec<InlineFigure>,
    pending: &mut Vec<Event<'a>>,
    diagnostics: &mut Diagnostics,
) {
    let source = &file.text()[range.clone()];
    // Where in `source` to look for the next reference: each repeat of the
    // same reference is found at its own place, not at the first.
    let mut searched = 0;
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(length) = rest[start..].find("}}") else {
            break;
        };
        let written = &rest[start..start + length + 2];
        if start > 0 {
            pending.push(safe_event(Event::Text(CowStr::from(
                rest[..start].to_string(),
            ))));
        }
        let offset = match source[searched..].find(written) {
            Some(found) => {
                searched += found + written.len();
                range.start + searched - written.len()
            }
            None => range.start + searched,
        };
        let location = file.location(offset, written.len());
        // `{{#include …}}` left in the text is one written escaped (the
        // loader has expanded or reported every other): shown as written.
        if written[2..].trim_start().starts_with('#') {
            pending.push(safe_event(Event::Text(CowStr::from(written.to_string()))));
            rest = &rest[start + length + 2..];
            continue;
        }
        match parse_figure_reference(&written[2..written.len() - 2]) {
            Some((block, row, column)) => {
                pending.push(Event::InlineHtml(CowStr::from(format!(
                    "{FIGURE_START}{}{FIGURE_END}",
                    figures.len()
                ))));
                let after = &rest[start + length + 2..];
                let next_word: String = after
                    .trim_start()
                    .chars()
                    .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '.' | ';' | ':' | ')'))
                    .collect();
                figures.push(InlineFigure {
                    block,
                    row,
                    column,
                    location,
                    next_word,
                });
            }
            None => {
                diagnostics.error(
                    Problem::FigureSyntax {
                        written: written.to_string(),
                    },
                    location,
                );
                pending.push(Event::Text(CowStr::from(written.to_string())));
            }
        }
        rest = &rest[start + length + 2..];
    }
    if !rest.is_empty() {
        pending.push(safe_event(Event::Text(CowStr::from(rest.to_string()))));
    }
}

/// `block.row` or `block.row[Column]` (a column heading or its number, from 1).
pub(crate) fn parse_figure_reference(inside: &str) -> Option<(String, String, Option<String>)> {
    let inside = inside.trim();
    let (reference, column) = match inside.split_once('[') {
        Some((reference, column)) => (
            reference.trim(),
            Some(column.strip_suffix(']')?.trim().to_string()),
        ),
        None => (inside, None),
    };
    let (block, row) = reference.split_once('.')?;
    (crate::budget::expr::is_valid_id(block) && crate::budget::expr::is_valid_id(row))
        .then(|| (block.to_string(), row.to_string(), column))
}

fn is_link_or_image(event: &Event) -> bool {
    matches!(
        event,
        Event::Start(Tag::Link { .. } | Tag::Image { .. }) | Event::End(TagEnd::Link)
    )
}

/// Links and images wherever they stand, in the text or in a heading: URLs
/// that could run are replaced by `#`, links to chapters are rewritten to
/// their pages and kept for the link check, and a link to an unpublished
/// draft is reduced to its text.
struct LinkFilter<'a> {
    file: &'a Arc<SourceFile>,
    chapter: &'a Path,
    unpublished: &'a HashSet<PathBuf>,
    links: Vec<InternalLink>,
    /// The open link's target is unpublished: its end is dropped too.
    skip_link_end: bool,
}

impl LinkFilter<'_> {
    /// Pushes what `event` (one for which [`is_link_or_image`] holds)
    /// becomes onto `out`.
    fn push<'e>(&mut self, event: &Event<'e>, range: &Range<usize>, out: &mut Vec<Event<'e>>) {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let location = self.file.location(range.start, range.len());
                let internal = internal_link(dest_url, self.chapter, location);
                let unpublished = internal
                    .as_ref()
                    .is_some_and(|l| self.unpublished.contains(&l.chapter));
                if let Some(mut link) = internal {
                    link.unpublished = unpublished;
                    self.links.push(link);
                }
                if unpublished {
                    self.skip_link_end = true;
                } else {
                    out.push(Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url: rewrite_link(dest_url),
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
            }
            Event::End(TagEnd::Link) if self.skip_link_end => self.skip_link_end = false,
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let location = self.file.location(range.start, range.len());
                if let Some(link) = internal_link(dest_url, self.chapter, location) {
                    self.links.push(link);
                }
                out.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: if is_safe_url(dest_url, true) {
                        dest_url.clone()
                    } else {
                        CowStr::from("#")
                    },
                    title: title.clone(),
                    id: id.clone(),
                }))
            }
            other => out.push(other.clone()),
        }
    }
}

/// The chapter and anchor a link points to, if it points into the book.
fn internal_link(dest: &str, chapter: &Path, location: Location) -> Option<InternalLink> {
    if dest.contains(':') || dest.starts_with('/') {
        return None;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(crate::load::percent_decoded(f))),
        None => (dest, None),
    };
    // A browser reads `my%20chapter.md` as `my chapter.md`; so is the file
    // looked for.
    let decoded = crate::load::percent_decoded(path.split('?').next().unwrap_or_default());
    let path = decoded.as_str();
    let file = !path.is_empty() && !path.ends_with(".md");
    // A folder (`bilder/`) may be anything a server shows for it.
    if file && path.ends_with('/') {
        return None;
    }
    let target = if path.is_empty() {
        chapter.to_path_buf()
    } else {
        let mut resolved = PathBuf::new();
        for component in chapter
            .parent()
            .unwrap_or(Path::new(""))
            .join(path)
            .components()
        {
            match component {
                Component::ParentDir => {
                    // Above the source folder: a place this book cannot
                    // know (another site beside it), left unchecked.
                    let popped = resolved.pop();
                    if !popped && file {
                        return None;
                    }
                }
                Component::Normal(part) => resolved.push(part),
                _ => {}
            }
        }
        resolved
    };
    Some(InternalLink {
        chapter: target,
        fragment: fragment.filter(|f| !f.is_empty()),
        written: dest.to_string(),
        location,
        unpublished: false,
        file,
    })
}

fn flush(pending: &mut Vec<Event>, segments: &mut Vec<Segment>) {
    if pending.is_empty() {
        return;
    }
    let mut out = String::new();
    html::push_html(&mut out, pending.drain(..));
    segments.push(Segment::Html(out));
}

/// The sanitizer for `allow-html`: ammonia's safe defaults (no scripts,
/// no event handlers, no `javascript:` URLs), keeping ids and classes for
/// links and styles, and the site's own URL schemes. It cleans the whole
/// chapter, so it also keeps what the chapter's own markup needs: the
/// scrolling box of a table (`role`, `tabindex`, `aria-label`), the
/// footnotes' section and a task list's boxes.
fn html_cleaner() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["section", "input"])
        .add_tag_attributes("input", ["type", "disabled", "checked"])
        .add_tag_attributes("th", ["scope"])
        .add_generic_attributes([
            "id",
            "class",
            "role",
            "tabindex",
            "aria-label",
            "aria-hidden",
        ])
        .link_rel(None)
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect());
    builder
}

/// Raw HTML in the Markdown is shown as text, never passed through: the
/// page's markup is the templates' alone.
fn safe_event(event: Event) -> Event {
    match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(without_markers(raw)),
        Event::Text(text) => Event::Text(without_markers(text)),
        Event::Code(text) => Event::Code(without_markers(text)),
        Event::InlineMath(text) => Event::InlineMath(without_markers(text)),
        Event::DisplayMath(text) => Event::DisplayMath(without_markers(text)),
        other => other,
    }
}

/// The renderer's markers; an author cannot type them in.
const MARKERS: [char; 4] = [FIGURE_START, FIGURE_END, UI_START, UI_END];

/// The text without the renderer's markers.
fn without_markers(text: CowStr) -> CowStr {
    if text.contains(MARKERS) {
        CowStr::from(text.replace(MARKERS, "\u{FFFD}"))
    } else {
        text
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// `other.md#x` → `other.html#x` for links between chapters; other links
/// are left as written.
fn rewrite_link(dest: &CowStr) -> CowStr<'static> {
    if !is_safe_url(dest, false) {
        return CowStr::from("#");
    }
    let is_relative = !dest.contains(':') && !dest.starts_with('/') && !dest.starts_with('#');
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (&dest[..], None),
    };
    match path.strip_suffix(".md") {
        Some(stem) if is_relative => {
            let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
            CowStr::from(format!("{stem}.html{fragment}"))
        }
        _ => CowStr::from(dest.to_string()),
    }
}

/// Whether a link may go into the page: relative links, fragments and the
/// schemes a reader expects (web, mail, phone; only web for images).
/// `javascript:`, `data:` and the like would run or smuggle content.
fn is_safe_url(url: &str, image: bool) -> bool {
    let trimmed = url.trim_start();
    // A scheme is what comes before the first `:`, if no `/`, `?` or `#` does.
    let scheme_end = trimmed.find([':', '/', '?', '#']);
    let Some(end) = scheme_end.filter(|&i| trimmed[i..].starts_with(':')) else {
        return true;
    };
    let scheme = trimmed[..end].to_ascii_lowercase();
    match scheme.as_str() {
        "http" | "https" => true,
        "mailto" | "tel" => !image,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_html_is_cleaned() {
        let html = html_of(
            "<details><summary>Mer</summary>\n\nText <b onclick=\"x()\">fet</b>\n\n</details>\n\n<script>alert(1)</script>\n<a href=\"javascript:x()\">länk</a>\n",
            true,
        );
        assert!(html.contains("<details><summary>Mer</summary>"), "{html}");
        assert!(html.contains("<b>fet</b>"), "{html}");
        assert!(
            !html.contains("script") && !html.contains("onclick") && !html.contains("javascript"),
            "{html}"
        );
    }

    /// The chapter's HTML outside headings and blocks.
    fn html_of(text: &str, allow_html: bool) -> String {
        let file = SourceFile::new("c.md", text.to_string());
        let mut blocks = Vec::new();
        let mut diagnostics = Diagnostics::default();
        let limits = Limits {
            allow_html,
            ..Limits::default()
        };
        let chapter = parse(
            &file,
            0,
            Path::new("c.md"),
            &HashSet::new(),
            limits,
            &mut blocks,
            &mut diagnostics,
        );
        chapter
            .segments
            .iter()
            .filter_map(|s| match s {
                Segment::Html(h) => Some(h.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_chapters_own_markup_survives_the_cleaning_of_allowed_html() {
        let text = "| A | B |\n|:-|-:|\n| x | 1 |\n\n- [x] done\n\nNote[^1].\n\n[^1]: Text.\n";
        for html in [html_of(text, false), html_of(text, true)] {
            for expected in [
                "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=",
                "<th scope=\"col\" class=\"align-right\">B</th>",
                "<td class=\"align-right\">1</td>",
                "<input type=\"checkbox\" disabled",
                "<section class=\"footnotes\" aria-label=",
                "<a class=\"footnote-back\" href=\"#fnref-1\" aria-label=",
            ] {
                assert!(html.contains(expected), "{expected}\n{html}");
            }
        }
    }

    #[test]
    fn a_link_is_looked_for_as_a_browser_reads_its_escapes() {
        use crate::load::percent_decoded;
        assert_eq!(percent_decoded("my%20chapter.md"), "my chapter.md");
        assert_eq!(percent_decoded("caf%C3%A9"), "café");
        assert_eq!(percent_decoded("100%"), "100%");
        assert_eq!(percent_decoded("%FF"), "%FF");
        let link = internal_link(
            "../my%20chapter.md#caf%C3%A9",
            Path::new("del/a.md"),
            SourceFile::new("del/a.md", String::new()).location(0, 0),
        )
        .unwrap();
        assert_eq!(link.chapter, Path::new("my chapter.md"));
        assert_eq!(link.fragment.as_deref(), Some("café"));
    }

    #[test]
    fn footnotes_are_listed_in_the_order_they_are_numbered() {
        let html = html_of(
            "A[^second] B[^first].\n\n[^first]: First written.\n\n[^second]: Second written.\n\n[^never]: Never referred to.\n",
            false,
        );
        let at = |text: &str| html.find(text).unwrap_or_else(|| panic!("{text}\n{html}"));
        assert!(at("<a href=\"#fn-second\">1</a>") < at("<a href=\"#fn-first\">2</a>"));
        assert!(at("Second written.") < at("First written."));
        assert!(at("First written.") < at("Never referred to."));
    }

    #[test]
    fn a_code_blocks_language_is_its_first_word() {
        let html = html_of("```rust,ignore\nfn main() {}\n```\n", false);
        assert!(html.contains("<code class=\"language-rust\">"), "{html}");
    }

    #[test]
    fn only_safe_urls_pass() {
        for url in [
            "https://e.org/x",
            "kapitel.md#a",
            "#a",
            "../b.html",
            "mailto:a@b.se",
            "sida?x=1:2",
        ] {
            assert!(is_safe_url(url, false), "{url}");
        }
        for url in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe_url(url, false), "{url}");
        }
        assert!(!is_safe_url("mailto:a@b.se", true));
    }

    fn parse_text(text: &str) -> (MarkdownChapter, Vec<Block>, Diagnostics) {
        let file = SourceFile::new("c.md", text.to_string());
        let mut blocks = Vec::new();
        let mut diagnostics = Diagnostics::default();
        let chapter = parse(
            &file,
            0,
            Path::new("c.md"),
            &HashSet::new(),
            Limits::default(),
            &mut blocks,
            &mut diagnostics,
        );
        (chapter, blocks, diagnostics)
    }

    fn ids(chapter: &MarkdownChapter) -> Vec<&str> {
        chapter.headings.iter().map(|h| h.id.as_str()).collect()
    }

    #[test]
    fn heading_ids_are_slugs_made_unique() {
        let (chapter, _, diagnostics) =
            parse_text("# Årets resultat\n## Uppdrag\n## Uppdrag\n## Egen {#uppdrag-1}\n");
        assert!(diagnostics.is_empty());
        assert_eq!(
            ids(&chapter),
            ["arets-resultat", "uppdrag", "uppdrag-2", "uppdrag-1"]
        );
    }

    #[test]
    fn headings_never_take_an_id_of_the_page_layout() {
        let (chapter, _, diagnostics) =
            parse_text("# Toc\n## Content\n## Search results\n## Toc\n## Toc 1\n");
        assert!(diagnostics.is_empty());
        assert_eq!(
            ids(&chapter),
            ["toc-1", "content-1", "search-results-1", "toc-2", "toc-1-1"]
        );
    }

    #[test]
    fn a_duplicate_explicit_id_is_an_error() {
        let (_, _, diagnostics) = parse_text("# A {#x}\n\n# B {#x}\n");
        let messages: Vec<_> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            ["c.md:3:1: error[duplicate-heading-id]: duplicate heading id `x`"]
        );
    }

    #[test]
    fn an_explicit_id_of_the_page_layout_is_an_error() {
        let (_, _, diagnostics) = parse_text("# A\n\n## B {#toc}\n");
        let messages: Vec<_> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            ["c.md:3:1: error[reserved-heading-id]: the heading id `toc` is one the page layout uses"]
        );
    }

    #[test]
    fn budget_fences_become_blocks_and_reserve_their_id() {
        let (chapter, blocks, diagnostics) = parse_text(
            "## Tabell\n\n```budget\nid: tabell\ncolumns: [A]\nrows:\n  - {id: a, label: A, values: [1]}\n```\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(blocks.len(), 1);
        assert_eq!(ids(&chapter), ["tabell-1"]);
        assert!(matches!(chapter.segments[1], Segment::Block(0)));
    }

    #[test]
    fn raw_html_is_escaped_and_chapter_links_rewritten() {
        let (chapter, _, _) =
            parse_text("<script>alert(1)</script>\n\n[x](other.md#a) [y](https://e.org/a.md)\n");
        let Segment::Html(html) = &chapter.segments[0] else {
            panic!()
        };
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("href=\"other.html#a\""));
        assert!(html.contains("href=\"https://e.org/a.md\""));
    }
}
