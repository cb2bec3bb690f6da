//! The pipeline, stage by stage: load → parse → validate → render → write.

pub mod destination;
pub mod output;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::budget::{self, Verdicts};
use crate::diagnostic::{Diagnostic, Diagnostics, Problem};
use crate::error::Error;
use crate::load;
use crate::parse::{self, ParsedBook};
use crate::render::{
    preview, BuiltInTemplates, OutputFile, RenderOptions, Rendered, Renderer, Sink,
};

/// A book whose figures have been checked, ready to render.
pub struct CheckedBook {
    pub parsed: ParsedBook,
    pub verdicts: Verdicts,
    /// Warnings only: a book with errors is an [`Error::Invalid`].
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// Where a build spent its time, stage by stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    pub load: Duration,
    pub parse: Duration,
    pub validate: Duration,
    pub charts: Duration,
    /// Drawing the link previews, summed over the threads (they are drawn
    /// while the pages render).
    pub previews: Duration,
    /// Rendering and writing every page, data file, asset and preview.
    pub render: Duration,
    pub search: Duration,
    /// Swapping the finished site in.
    pub write: Duration,
}

#[derive(Clone, Default)]
pub struct BuildOptions {
    /// Publish chapters marked `draft: true` (marked as drafts).
    pub include_drafts: bool,
    /// Where to write the site; default: the book's `build-dir`.
    pub destination: Option<PathBuf>,
    /// Build the search index.
    pub search: bool,
    /// Compare each table with the table of the same id in this book.
    pub compare: Option<PathBuf>,
    /// Called once per chapter page rendered, for a progress bar.
    pub on_page: Option<std::sync::Arc<dyn Fn() + Send + Sync>>,
    /// Leave out the PNG link previews of charts (`og/`): `serve` shows the
    /// site to its author, whose links are never previewed, and drawing
    /// them is most of the time a rebuild of a large book takes.
    pub without_previews: bool,
}

impl BuildOptions {
    /// What `budgetbook build` does by default: everything, drafts left out.
    pub fn full() -> Self {
        BuildOptions {
            search: true,
            ..BuildOptions::default()
        }
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub destination: PathBuf,
    pub pages: usize,
    pub blocks: usize,
    pub charts: usize,
    pub search_index_bytes: usize,
    pub warnings: Vec<Diagnostic>,
    /// How many derived figures were checked.
    pub coverage: budget::validate::Coverage,
    /// Whether the site knows its own address (`[site] base-url`): without
    /// it, citations, embed code and link previews name pages relatively.
    pub has_base_url: bool,
    /// How the book's goals stand, in a line (see [`goals_line`]).
    pub goals: Option<String>,
    pub timings: Timings,
}

/// Loads, parses and validates the book in `root`.
pub fn check(root: &Path, include_drafts: bool) -> Result<CheckedBook, Error> {
    check_with(root, include_drafts, None)
}

/// The book checked with its drafts, as an author wants before publishing:
/// their errors too, and those only the book as published has, whose build
/// fails where a published page names a block of a draft it leaves out.
pub fn check_before_publishing(root: &Path) -> Result<CheckedBook, Error> {
    let with_drafts = check(root, true);
    // A book read whole without a draft is the book as published.
    if let Ok(checked) = &with_drafts {
        if !checked.parsed.chapters.iter().any(|c| c.draft) {
            return with_drafts;
        }
    }
    with_published(with_drafts, check(root, false))
}

/// The check with drafts, with the errors only the book as published has:
/// a published page that names a block of a draft.
fn with_published(
    with_drafts: Result<CheckedBook, Error>,
    published: Result<CheckedBook, Error>,
) -> Result<CheckedBook, Error> {
    let Err(Error::Invalid { diagnostics }) = published else {
        return with_drafts;
    };
    let only_published: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| matches!(*d.problem, Problem::BlockInDraft { .. }))
        .collect();
    if only_published.is_empty() {
        return with_drafts;
    }
    match with_drafts {
        Ok(checked) => Err(Error::Invalid {
            diagnostics: checked.warnings.into_iter().chain(only_published).collect(),
        }),
        Err(Error::Invalid { diagnostics }) => Err(Error::Invalid {
            diagnostics: diagnostics.into_iter().chain(only_published).collect(),
        }),
        other => other,
    }
}

/// As [`check`], comparing each table with the table of the same id in the
/// book in `compare`, if given.
pub fn check_with(
    root: &Path,
    include_drafts: bool,
    compare: Option<&Path>,
) -> Result<CheckedBook, Error> {
    check_watching(root, include_drafts, compare, &mut Vec::new(), None)
}

/// As [`check_with`], adding to `sheets` the spreadsheets the book's blocks
/// read and the files its chapters include (relative to the book), whether
/// or not the book has errors: what `serve` must watch besides the book's
/// folders. Chapters unchanged since they were put in `cache` are taken
/// from it rather than parsed again.
pub fn check_watching(
    root: &Path,
    include_drafts: bool,
    compare: Option<&Path>,
    sheets: &mut Vec<PathBuf>,
    cache: Option<&parse::cache::ParseCache>,
) -> Result<CheckedBook, Error> {
    let other = match compare {
        Some(dir) => {
            let other = check(dir, include_drafts)?;
            Some(
                other
                    .parsed
                    .blocks
                    .into_iter()
                    .map(|b| (b.id().to_string(), b))
                    .collect(),
            )
        }
        None => None,
    };
    let mut timings = Timings::default();
    let mut diagnostics = Diagnostics::default();
    let started = Instant::now();
    let book = load::load(root, &mut diagnostics)?;
    timings.load = started.elapsed();
    let started = Instant::now();
    let parsed = parse::parse_cached(book, include_drafts, cache, &mut diagnostics);
    sheets.extend(parsed.sheets.iter().cloned());
    // Included files may lie outside the folders `serve` watches.
    sheets.extend(parsed.book.included.iter().cloned());
    timings.parse = started.elapsed();
    let started = Instant::now();
    let context = budget::validate::Context {
        population: parsed.book.config.population,
        compare: other.as_ref(),
    };
    let verdicts = budget::validate::validate(&parsed.blocks, context, &mut diagnostics);
    parse::links::check(
        &parsed.book,
        &parsed.chapters,
        &parsed.links,
        &parsed.blocks,
        &verdicts,
        &mut diagnostics,
    );
    diagnostics.retain(|d| !refers_to_unreadable(d, &parsed.unreadable_blocks));
    diagnostics.rewrite(|problem| in_draft(problem, &parsed.draft_blocks));
    if diagnostics.has_errors() {
        return Err(Error::Invalid {
            diagnostics: diagnostics.into_vec(),
        });
    }
    // A valid table whose chart would add up more than a decimal holds is
    // published without its chart.
    let left_out: Vec<Diagnostic> = parsed
        .blocks
        .par_iter()
        .zip(&verdicts.blocks)
        .filter_map(|(block, found)| {
            crate::render::chart::left_out(block.as_table()?, found.baseline())
        })
        .collect();
    for warning in left_out {
        diagnostics.push(warning);
    }
    timings.validate = started.elapsed();
    Ok(CheckedBook {
        parsed,
        verdicts,
        warnings: diagnostics.into_vec(),
        timings,
    })
}

/// Whether `diagnostic` only says that a block that could not be read is
/// not there: that block's own error says what to fix, and one typo in it
/// would otherwise be reported again wherever the block is named.
fn refers_to_unreadable(diagnostic: &Diagnostic, unreadable: &HashSet<String>) -> bool {
    match &*diagnostic.problem {
        Problem::UnknownBlock { block, .. } => unreadable.contains(block),
        Problem::BrokenAnchor { link, .. } => link
            .split_once('#')
            .map(|(_, fragment)| fragment.split('.').next().unwrap_or(fragment))
            .is_some_and(|id| unreadable.contains(id)),
        _ => false,
    }
}

/// A block not known because it is in a draft left out, said so.
fn in_draft(problem: &Problem, drafts: &HashMap<String, PathBuf>) -> Option<Problem> {
    let Problem::UnknownBlock { block, .. } = problem else {
        return None;
    };
    let chapter = drafts.get(block)?;
    Some(Problem::BlockInDraft {
        block: block.clone(),
        chapter: chapter.to_string_lossy().replace('\\', "/"),
    })
}

/// How the book's goals stand, for the end of `check` and `build`: "goals:
/// 1 of 3 goals met in every year the figures decide; not met:
/// finansiella-mal.netto".
/// None for a book without goals.
pub fn goals_line(checked: &CheckedBook) -> Option<String> {
    let count = checked.verdicts.goals()?;
    let mut line = format!(
        "goals: {} of {} met in every year the figures decide",
        count.met,
        crate::diagnostic::counted(count.decided, "goal", "goals")
    );
    let names: Vec<String> = count
        .not_met
        .iter()
        .filter_map(|&(b, g)| match &checked.parsed.blocks[b] {
            budget::Block::Goals(goals) => Some(format!("{}.{}", goals.id, goals.goals[g].id)),
            _ => None,
        })
        .collect();
    if !names.is_empty() {
        line.push_str(&format!("; not met: {}", names.join(", ")));
    }
    Some(line)
}

/// The book's blocks as read, whatever their checks say: for explaining
/// a figure of a book that does not pass (`check --explain`).
pub fn read_blocks(root: &Path, include_drafts: bool) -> Result<Vec<budget::Block>, Error> {
    let mut diagnostics = Diagnostics::default();
    let book = load::load(root, &mut diagnostics)?;
    Ok(parse::parse(book, include_drafts, &mut diagnostics).blocks)
}

/// Builds the site of the book in `root`. Nothing is written unless the whole
/// book is valid and every page rendered.
pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildReport, Error> {
    // The built-in templates are parsed on a thread of their own while the
    // book is read and checked and its link previews are drawn.
    let templates = std::thread::spawn(BuiltInTemplates::parse);
    let templates = || {
        templates
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    };
    let checked = check_with(root, options.include_drafts, options.compare.as_deref())?;
    let book = &checked.parsed.book;
    let destination = options
        .destination
        .clone()
        .unwrap_or_else(|| root.join(&book.config.build_dir));
    let destination = destination::guard(
        root,
        &book.config.src,
        &destination,
        destination::Use::Build,
    )?;
    let staging = output::Staging::new(&destination)?;
    for relative in &book.static_files {
        staging.copy(&root.join("static").join(relative), relative)?;
    }
    // Files beside the chapters go where the chapters' pages go, as in
    // mdBook; they win over static files of the same name.
    for relative in &book.source_files {
        staging.copy(&root.join(&book.config.src).join(relative), relative)?;
    }
    // Generated files come after static ones and win over them.
    let (rendered, preview_time) = render_chapters(
        &checked,
        options,
        templates,
        None,
        Some(&destination),
        &|file| staging.write(&file),
    )?;
    let started = Instant::now();
    staging.commit()?;
    let timings = Timings {
        charts: rendered.timings.charts,
        previews: preview_time,
        render: rendered.timings.pages,
        search: rendered.timings.search,
        write: started.elapsed(),
        ..checked.timings
    };
    Ok(BuildReport {
        destination,
        pages: rendered.pages,
        blocks: checked.parsed.blocks.len(),
        charts: rendered.charts,
        search_index_bytes: rendered.search_index_bytes,
        coverage: checked.verdicts.coverage,
        has_base_url: checked.parsed.book.config.base_url.is_some(),
        goals: goals_line(&checked),
        warnings: checked.warnings,
        timings,
    })
}

/// Renders a checked book, handing each file to `sink`.
pub fn render(
    checked: &CheckedBook,
    options: &BuildOptions,
    sink: &Sink,
) -> Result<Rendered, Error> {
    let (rendered, _) =
        render_chapters(checked, options, BuiltInTemplates::parse, None, None, sink)?;
    Ok(rendered)
}

/// The pages, and beside them the link previews, which need no template
/// and so start while `templates` are still being parsed; with the time
/// the previews took. `previous_site` is the site a build replaces, whose
/// previews are taken again where their charts are unchanged.
fn render_chapters(
    checked: &CheckedBook,
    options: &BuildOptions,
    templates: impl FnOnce() -> Result<BuiltInTemplates, Error> + Send,
    only_chapters: Option<&[usize]>,
    previous_site: Option<&Path>,
    sink: &Sink,
) -> Result<(Rendered, Duration), Error> {
    let book = &checked.parsed.book;
    let previews = !options.without_previews;
    let (drawn, rendered) = rayon::join(
        || {
            if previews {
                let (parsed, verdicts) = (&checked.parsed, &checked.verdicts);
                preview::draw(parsed, verdicts, only_chapters, previous_site, sink)
            } else {
                Ok(Duration::ZERO)
            }
        },
        || {
            let renderer =
                Renderer::with_templates(templates()?, &book.templates, book.config.language)?;
            let render_options = RenderOptions {
                search: options.search,
                on_page: options.on_page.as_deref(),
                only_chapters,
                previews,
            };
            renderer.render(&checked.parsed, &checked.verdicts, render_options, sink)
        },
    );
    Ok((rendered?, drawn?))
}

/// The whole site in memory, static files included: for `serve`.
pub fn build_in_memory(
    root: &Path,
    options: &BuildOptions,
) -> Result<(Vec<OutputFile>, Vec<Diagnostic>), Error> {
    let checked = check_with(root, options.include_drafts, options.compare.as_deref())?;
    let files = render_in_memory(root, &checked, options, None)?;
    Ok((files, checked.warnings))
}

/// A checked book's site in memory: the whole site with its static files,
/// or with `only_chapters` just those chapters' pages and charts.
pub fn render_in_memory(
    root: &Path,
    checked: &CheckedBook,
    options: &BuildOptions,
    only_chapters: Option<&[usize]>,
) -> Result<Vec<OutputFile>, Error> {
    let mut files = Vec::new();
    if only_chapters.is_none() {
        let book = &checked.parsed.book;
        let copied = book
            .static_files
            .iter()
            .map(|relative| (root.join("static"), relative))
            .chain(
                book.source_files
                    .iter()
                    .map(|relative| (root.join(&book.config.src), relative)),
            );
        for (folder, relative) in copied {
            let path = folder.join(relative);
            let contents = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
            files.push(OutputFile {
                path: relative.clone(),
                contents,
            });
        }
    }
    let files = std::sync::Mutex::new(files);
    render_chapters(
        checked,
        options,
        BuiltInTemplates::parse,
        only_chapters,
        None,
        &|file| {
            files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
            Ok(())
        },
    )?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    // Parallel rendering hands files over in any order; later ones win.
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Removes the built site (the book's `build-dir`, or `destination`) if it
/// is one that budgetbook built; returns what was removed.
pub fn clean(root: &Path, destination: Option<&Path>) -> Result<Option<PathBuf>, Error> {
    let config = load::load_config(root)?;
    let destination = destination.map_or_else(|| root.join(&config.build_dir), Path::to_path_buf);
    let destination = destination::guard(root, &config.src, &destination, destination::Use::Clean)?;
    if !destination.exists() {
        return Ok(None);
    }
    std::fs::remove_dir_all(&destination).map_err(|e| Error::io("remove", &destination, e))?;
    Ok(Some(destination))
}
