//! Links between chapters must land: the chapter must be in the book and
//! the anchor on its page — a heading, a table, a row or a chart.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::markdown::InternalLink;
use super::{Chapter, Segment};
use crate::budget::Block;
use crate::diagnostic::{suggest, Diagnostics, Problem};

/// Every id a chapter's page has for links to point at.
fn anchors<'a>(chapter: &'a Chapter, blocks: &'a [Block]) -> HashSet<String> {
    let mut ids: HashSet<String> = chapter.headings.iter().map(|h| h.id.clone()).collect();
    for segment in &chapter.segments {
        if let Segment::Block(b) = segment {
            let Some(block) = blocks.get(*b) else {
                continue;
            };
            ids.insert(block.id.clone());
            ids.insert(format!("{}.chart", block.id));
            ids.extend(block.rows.iter().map(|r| format!("{}.{}", block.id, r.id)));
        }
    }
    ids
}

pub fn check(
    chapters: &[Chapter],
    links: &[InternalLink],
    blocks: &[Block],
    diagnostics: &mut Diagnostics,
) {
    let pages: HashMap<&Path, HashSet<String>> = chapters
        .iter()
        .map(|c| (c.source_path.as_path(), anchors(c, blocks)))
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
