//! Stage 2: turn the loaded files into a model — chapters as HTML pieces and
//! headings, budget blocks as typed tables.

pub mod cache;
pub mod front_page;
pub mod links;
pub mod markdown;
pub mod slug;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

pub use markdown::{Heading, Segment};

use crate::budget::{Block, Table};
use crate::diagnostic::Diagnostics;
use crate::load::{self, FrontMatter};
use crate::source::SourceFile;

#[derive(Debug)]
pub struct Chapter {
    pub file: Arc<SourceFile>,
    /// Relative to the source directory.
    pub source_path: PathBuf,
    /// Where the page goes, relative to the site root (`.md` → `.html`).
    pub output_path: PathBuf,
    /// The name in the navigation (SUMMARY.md's link text).
    pub nav_title: String,
    /// The page title: front matter, else the first heading when it is of
    /// the first level, else the nav title.
    pub title: String,
    pub description: Option<String>,
    pub draft: bool,
    pub depth: usize,
    /// The section number of a chapter of SUMMARY.md's numbered list.
    pub number: Option<String>,
    pub segments: Vec<Segment>,
    pub headings: Vec<Heading>,
    /// The inline figures of the prose, resolved: `None` where the
    /// reference is wrong (and reported).
    pub figures: Vec<Option<FigureTarget>>,
}

/// A figure of a table: block, row and column, as indices.
#[derive(Debug, Clone, Copy)]
pub struct FigureTarget {
    pub block: usize,
    pub row: usize,
    pub column: usize,
}

#[derive(Debug)]
pub struct ParsedBook {
    pub book: load::Book,
    pub chapters: Vec<Chapter>,
    /// Every budget block of the book, in reading order.
    pub blocks: Vec<Block>,
    /// Links between chapters, checked by [`links::check`] once the
    /// figures are validated.
    pub links: Vec<markdown::InternalLink>,
    /// The spreadsheets that blocks read (`source:`), relative to the book.
    pub sheets: Vec<PathBuf>,
    /// What the front page leads with (`[front]`), when the book says.
    pub front_page: Option<front_page::FrontPage>,
    /// The ids of blocks that could not be read: each has its own error,
    /// and what refers to them is not reported again.
    pub unreadable_blocks: HashSet<String>,
    /// The blocks of drafts left out of this build, by id, with their
    /// chapter: what names one is told where it is.
    pub draft_blocks: HashMap<String, PathBuf>,
}

impl ParsedBook {
    /// The tables of the book in reading order, with their chapters.
    pub fn tables(&self) -> Vec<(&Table, &Chapter)> {
        tables(&self.chapters, &self.blocks)
    }
}

/// Numbers the chapters again as mdBook would number those published: a
/// draft left out leaves no gap ("1.", "2.", "4.").
fn renumber(chapters: &mut [load::ChapterSource]) {
    let mut counters: Vec<u32> = Vec::new();
    for chapter in chapters {
        let Some(number) = &mut chapter.number else {
            continue;
        };
        let level = number.matches('.').count().max(1);
        if counters.len() >= level {
            counters.truncate(level);
            counters[level - 1] += 1;
        } else {
            // The first chapter of its level under the one before.
            counters.resize(level, 1);
        }
        *number = counters.iter().map(|n| format!("{n}.")).collect();
    }
}

/// The tables among `blocks` in the reading order of `chapters`, with
/// their chapters.
pub fn tables<'a>(chapters: &'a [Chapter], blocks: &'a [Block]) -> Vec<(&'a Table, &'a Chapter)> {
    chapters
        .iter()
        .flat_map(|chapter| {
            chapter
                .segments
                .iter()
                .filter_map(move |segment| match segment {
                    Segment::Block(b) => blocks
                        .get(*b)
                        .and_then(Block::as_table)
                        .map(|table| (table, chapter)),
                    _ => None,
                })
        })
        .collect()
}

/// Parses every chapter. With `include_drafts` false, draft chapters are left
/// out entirely (and their blocks with them).
pub fn parse(book: load::Book, include_drafts: bool, diagnostics: &mut Diagnostics) -> ParsedBook {
    parse_cached(book, include_drafts, None, diagnostics)
}

/// As [`parse`], taking from `cache` the chapters that have not changed
/// since they were parsed into it, and putting the others there.
pub fn parse_cached(
    mut book: load::Book,
    include_drafts: bool,
    cache: Option<&cache::ParseCache>,
    diagnostics: &mut Diagnostics,
) -> ParsedBook {
    let mut blocks = Vec::new();
    let mut chapters = Vec::new();
    let mut links = Vec::new();
    let mut sheets = Vec::new();
    let mut pending_figures = Vec::new();
    let mut unreadable_blocks = HashSet::new();
    let unpublished: HashSet<PathBuf> = book
        .chapters
        .iter()
        .filter(|c| c.front.draft && !include_drafts)
        .map(|c| c.path.clone())
        .collect();
    // Chapters parse independently, in parallel; their blocks are then
    // numbered in reading order and their diagnostics kept in that order.
    let limits = markdown::Limits {
        max_block_size: book.config.max_block_size,
        allow_html: book.config.allow_html,
        conventions: crate::budget::table::Conventions {
            number_style: book.config.number_style,
            currency: crate::budget::number::currency_marks(&book.config.currency),
        },
        book_root: Some(&book.root),
        smart_punctuation: book.config.smart_punctuation,
    };
    let (mut sources, drafts): (Vec<_>, Vec<_>) = std::mem::take(&mut book.chapters)
        .into_iter()
        .partition(|c| !unpublished.contains(&c.path));
    let draft_blocks: HashMap<String, PathBuf> = drafts
        .iter()
        .flat_map(|c| {
            markdown::block_ids_in(&c.file.text()[c.body_offset..])
                .into_iter()
                .map(|id| (id, c.path.clone()))
        })
        .collect();
    if !unpublished.is_empty() {
        renumber(&mut sources);
    }
    // Everything besides its text that a chapter's parse depends on.
    let settings = cache.map(|_| {
        let mut unpublished: Vec<_> = unpublished.iter().collect();
        unpublished.sort();
        format!("{limits:?} {unpublished:?}")
    });
    let parsed: Vec<cache::ChapterParse> = sources
        .par_iter()
        .map(|source| {
            let cached = cache.zip(settings.as_deref());
            if let Some((cache, settings)) = cached {
                if let Some(parsed) = cache.get(&source.path, source.file.text(), settings) {
                    return parsed;
                }
            }
            let mut local_blocks = Vec::new();
            let mut local_diagnostics = Diagnostics::default();
            let parsed = markdown::parse(
                &source.file,
                source.body_offset,
                &source.path,
                &unpublished,
                limits,
                &mut local_blocks,
                &mut local_diagnostics,
            );
            let parsed = (parsed, local_blocks, local_diagnostics);
            if let Some((cache, settings)) = cached {
                cache.put(source.path.clone(), source.file.text(), settings, &parsed);
            }
            parsed
        })
        .collect();
    for (source, (mut parsed, local_blocks, local_diagnostics)) in sources.into_iter().zip(parsed) {
        let offset = blocks.len();
        for segment in &mut parsed.segments {
            if let Segment::Block(b) = segment {
                *b += offset;
            }
        }
        blocks.extend(local_blocks);
        diagnostics.extend(local_diagnostics);
        links.extend(parsed.links);
        sheets.extend(parsed.sheets);
        unreadable_blocks.extend(parsed.unreadable_blocks);
        pending_figures.push(parsed.figures);
        let FrontMatter {
            title,
            description,
            draft,
        } = source.front;
        let title = title
            .or(source.include_title)
            // A first heading below the first level (`## Section`) names a
            // section, not the chapter.
            .or_else(|| {
                parsed
                    .headings
                    .first()
                    .filter(|h| h.level == 1)
                    .map(|h| h.text.clone())
            })
            .unwrap_or_else(|| source.nav_title.clone());
        chapters.push(Chapter {
            output_path: source.path.with_extension("html"),
            file: source.file,
            source_path: source.path,
            nav_title: source.nav_title,
            title,
            description,
            draft,
            depth: source.depth,
            number: source.number,
            segments: parsed.segments,
            headings: parsed.headings,
            figures: Vec::new(),
        });
    }
    for (chapter, figures) in chapters.iter_mut().zip(pending_figures) {
        chapter.figures = figures
            .iter()
            .map(|f| links::resolve_figure(f, &blocks, diagnostics))
            .collect();
    }
    let front_page = book
        .config
        .front_page
        .as_ref()
        .map(|config| front_page::resolve(config, &blocks, diagnostics));
    ParsedBook {
        book,
        chapters,
        blocks,
        links,
        sheets,
        front_page,
        unreadable_blocks,
        draft_blocks,
    }
}
