//! Links between chapters must land: the chapter must be in the book and
//! the anchor on its page — a heading, a table, a row or a chart.

use std::collections::{HashMap, HashSet};
use std::path::Path;

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

/// Checks every link between chapters. Runs after validation, because the
/// notes a table gets (and so their anchors) depend on its verdicts.
pub fn check(
    chapters: &[Chapter],
    links: &[InternalLink],
    blocks: &[Block],
    verdicts: &Verdicts,
    diagnostics: &mut Diagnostics,
) {
    let pages: HashMap<&Path, HashSet<String>> = chapters
        .iter()
        .map(|c| (c.source_path.as_path(), anchors(c, blocks, verdicts)))
        .collect();
    for link in links {
        if link.unpublished {
            diagnostics.warning(
                Problem::LinkToDraft {
                    link: link.written.clone(),
                },
                link.location.clone(),
            );
            continue;
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
        if let Some(fragment) = &link.fragment {
            if !ids.contains(fragment) {
                diagnostics.error(
                    Problem::BrokenAnchor {
                        link: link.written.clone(),
                        suggestion: suggest(fragment, ids.iter().map(String::as_str)),
                    },
                    link.location.clone(),
                );
            }
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
            match by_number.or_else(|| crate::budget::columns::find(block.columns(), name)) {
                Some(column) => column,
                None => {
                    diagnostics.error(
                        Problem::UnknownColumn {
                            block: block.id().to_string(),
                            column: name.clone(),
                            suggestion: suggest(
                                name,
                                block.columns().iter().map(|c| c.name.as_str()),
                            ),
                        },
                        figure.location.clone(),
                    );
                    return None;
                }
            }
        }
    };
    Some(super::FigureTarget {
        block: b,
        row,
        column,
    })
}
