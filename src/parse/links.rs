//! Links between chapters must land: the chapter must be in the book and
//! the anchor on its page — a heading, a table, a row or a chart.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::markdown::InternalLink;
use super::{Chapter, Segment};
use crate::budget::{Block, Verdicts};
use crate::diagnostic::{suggest, Diagnostics, Problem};

/// Every id a chapter's page has for links to point at.
fn anchors(chapter: &Chapter, blocks: &[Block], verdicts: &Verdicts) -> HashSet<String> {
    let mut ids: HashSet<String> = chapter.headings.iter().map(|h| h.id.clone()).collect();
    for segment in &chapter.segments {
        if let Segment::Block(b) = segment {
            let Some(block) = blocks.get(*b) else {
                continue;
            };
            let cells = verdicts
                .blocks
                .get(*b)
                .map(|v| v.cells())
                .unwrap_or_default();
            ids.extend(crate::budget::ids::anchors(block, cells));
        }
    }
    ids
}

/// Files the site makes itself, which a chapter may link to: the site's
/// pages and assets at its root, and the folders of data files, charts and
/// the search index.
const GENERATED_FILES: &[&str] = &[
    "index.html",
    "print.html",
    "print.css",
    "search.html",
    "404.html",
    "accessibility.html",
    "budgetbook.css",
    "search.js",
    "favicon.svg",
    "sitemap.xml",
    "robots.txt",
];
const GENERATED_FOLDERS: &[&str] = &["data", "charts", "search"];

/// Whether a link to a file that is not a chapter lands: the file is beside
/// the chapters, in `static/`, a page of a chapter or one the site makes.
fn file_exists(target: &Path, book: &crate::load::Book, chapters: &[Chapter]) -> bool {
    let decoded = PathBuf::from(percent_decode(&target.to_string_lossy()));
    let target = decoded.as_path();
    if book.source_files.iter().any(|f| f == target)
        || book.static_files.iter().any(|f| f == target)
        || chapters.iter().any(|c| c.output_path == target)
    {
        return true;
    }
    let mut components = target.components();
    let first = components.next().map(|c| c.as_os_str().to_string_lossy());
    match (first, components.next()) {
        (Some(first), None) => GENERATED_FILES.contains(&first.as_ref()),
        (Some(first), Some(_)) => GENERATED_FOLDERS.contains(&first.as_ref()),
        (None, _) => true,
    }
}

/// `%20` → ` `, as a browser reads a link's path; a `%` that starts no
/// escape is kept.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Checks every link between chapters, and every link and image to a file
/// of the book. Runs after validation, because the notes a table gets (and
/// so their anchors) depend on its verdicts.
pub fn check(
    book: &crate::load::Book,
    chapters: &[Chapter],
    links: &[InternalLink],
    blocks: &[Block],
    verdicts: &Verdicts,
    diagnostics: &mut Diagnostics,
) {
    // A link written to a chapter's page (`funding.html#tax`), as authors
    // of other tools' books do, leads to that chapter as its `.md` would.
    let chapter_of_page: HashMap<&Path, &Path> = chapters
        .iter()
        .map(|c| (c.output_path.as_path(), c.source_path.as_path()))
        .collect();
    fn target<'a>(
        link: &'a InternalLink,
        chapter_of_page: &HashMap<&'a Path, &'a Path>,
    ) -> Option<&'a Path> {
        match (link.file, link.unpublished) {
            (false, false) => Some(link.chapter.as_path()),
            (true, _) if link.fragment.is_some() => {
                chapter_of_page.get(link.chapter.as_path()).copied()
            }
            _ => None,
        }
    }
    let target_of = |link| target(link, &chapter_of_page);
    // The anchors of the chapters that links lead to, and only those.
    let targets: HashSet<&Path> = links.iter().filter_map(target_of).collect();
    let drafts: HashSet<&Path> = chapters
        .iter()
        .filter(|c| c.draft)
        .map(|c| c.source_path.as_path())
        .collect();
    let pages: HashMap<&Path, HashSet<String>> = chapters
        .par_iter()
        .filter(|c| targets.contains(c.source_path.as_path()))
        .map(|c| (c.source_path.as_path(), anchors(c, blocks, verdicts)))
        .collect();
    for link in links {
        if link.file {
            let page = target_of(link).and_then(|source| pages.get(source));
            if let Some(ids) = page {
                check_anchor(link, ids, diagnostics);
                continue;
            }
            if !file_exists(&link.chapter, book, chapters) {
                diagnostics.error(
                    Problem::MissingFile {
                        link: link.written.clone(),
                    },
                    link.location.clone(),
                );
            }
            continue;
        }
        if link.unpublished {
            diagnostics.warning(
                Problem::LinkToDraft {
                    link: link.written.clone(),
                    left_out: true,
                },
                link.location.clone(),
            );
            continue;
        }
        // Checked with its drafts (`check`, `serve`, `--drafts`): the link
        // works here, and will not once the book is published.
        if drafts.contains(link.chapter.as_path()) {
            diagnostics.warning(
                Problem::LinkToDraft {
                    link: link.written.clone(),
                    left_out: false,
                },
                link.location.clone(),
            );
        }
        let Some(ids) = pages.get(link.chapter.as_path()) else {
            diagnostics.error(
                Problem::BrokenLink {
                    link: link.written.clone(),
                },
                link.location.clone(),
            );
            continue;
        };
        check_anchor(link, ids, diagnostics);
    }
}

/// Reports a link whose fragment is none of the ids of its page.
fn check_anchor(link: &InternalLink, ids: &HashSet<String>, diagnostics: &mut Diagnostics) {
    if let Some(fragment) = &link.fragment {
        if !ids.contains(fragment) {
            // A row written without its table (`#net-cost` for
            // `#general-fund.net-cost`) is one the reader can be shown.
            let suggestion = suggest(fragment, ids.iter().map(String::as_str)).or_else(|| {
                let mut rows = ids.iter().filter(|id| {
                    id.strip_suffix(fragment.as_str())
                        .is_some_and(|t| t.ends_with('.'))
                });
                let row = rows.next()?;
                rows.next().is_none().then(|| row.clone())
            });
            diagnostics.error(
                Problem::BrokenAnchor {
                    link: link.written.clone(),
                    suggestion,
                },
                link.location.clone(),
            );
        }
    }
}

/// Finds the figure an inline reference names; reports what is wrong.
pub fn resolve_figure(
    figure: &super::markdown::InlineFigure,
    blocks: &[Block],
    diagnostics: &mut Diagnostics,
) -> Option<super::FigureTarget> {
    let Some(b) = blocks.iter().position(|b| b.id() == figure.block) else {
        diagnostics.error(
            Problem::UnknownBlock {
                block: figure.block.clone(),
                suggestion: suggest(&figure.block, blocks.iter().map(|b| b.id())),
            },
            figure.location.clone(),
        );
        return None;
    };
    let block = &blocks[b];
    let Some(row) = block
        .rows()
        .iter()
        .position(|r| r.id == figure.row && !r.heading)
    else {
        diagnostics.error(
            Problem::UnknownRow {
                reference: figure.row.clone(),
                block: block.id().to_string(),
                suggestion: suggest(&figure.row, block.rows().iter().map(|r| r.id.as_str())),
            },
            figure.location.clone(),
        );
        return None;
    };
    let column = match &figure.column {
        None if block.columns().len() == 1 => 0,
        None => {
            diagnostics.error(
                Problem::FigureNeedsColumn {
                    block: block.id().to_string(),
                    row: figure.row.clone(),
                    first: block.column_name(0),
                },
                figure.location.clone(),
            );
            return None;
        }
        Some(name) => {
            let by_number = name
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=block.columns().len()).contains(n))
                .map(|n| n - 1);
            let found = match by_number {
                Some(column) => Ok(column),
                None => crate::budget::columns::find(block.columns(), name),
            };
            match found {
                Ok(column) => column,
                Err(problem) => {
                    diagnostics.error(
                        crate::budget::columns::in_block(*problem, block.id()),
                        figure.location.clone(),
                    );
                    return None;
                }
            }
        }
    };
    // A figure in a row of a unit of its own is shown with it (`52 340
    // invånare`): the same word after it in the text says it twice.
    if let Some(table) = block.as_table() {
        let unit = table.unit_of(&table.rows[row], column);
        let own = unit.is_some() && unit != table.unit.as_deref() && unit != Some("%");
        if let (true, Some(unit)) = (own, unit) {
            if figure.next_word.to_lowercase() == unit.to_lowercase() {
                diagnostics.warning(
                    Problem::UnitRepeated {
                        figure: format!("{{{{{}.{}}}}}", figure.block, figure.row),
                        unit: unit.to_string(),
                    },
                    figure.location.clone(),
                );
            }
        }
    }
    Some(super::FigureTarget {
        block: b,
        row,
        column,
    })
}
