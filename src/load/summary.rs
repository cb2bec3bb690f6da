//! `SUMMARY.md`: the table of contents, in mdBook's convention — a Markdown
//! list of links, nested by indentation.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostics, Problem};
use crate::source::{Location, SourceFile};

/// One entry of the table of contents, in reading order.
#[derive(Debug, Clone)]
pub struct SummaryItem {
    /// The link text: the chapter's name in the navigation.
    pub title: String,
    /// The chapter file, relative to the source directory.
    pub path: PathBuf,
    /// 0 for top-level entries.
    pub depth: usize,
    /// Where the link is, for errors about it.
    pub location: Location,
}

struct Pending {
    depth: usize,
    offset: usize,
    link: Option<(String, usize, usize)>,
    title: String,
    in_link: bool,
    emitted: bool,
}

/// Parses the list. Paths are checked for shape here; whether the files exist
/// is the loader's business.
pub fn parse(file: &Arc<SourceFile>, diagnostics: &mut Diagnostics) -> Vec<SummaryItem> {
    let mut items = Vec::new();
    let mut stack: Vec<Pending> = Vec::new();
    let mut list_depth = 0usize;

    let emit = |pending: &mut Pending, items: &mut Vec<SummaryItem>, d: &mut Diagnostics| {
        if pending.emitted {
            return;
        }
        pending.emitted = true;
        let Some((dest, start, end)) = pending.link.take() else {
            d.error(
                Problem::SummaryItemWithoutLink,
                file.location(pending.offset, 1),
            );
            return;
        };
        let location = file.location(start, end - start);
        let dest = dest.split('#').next().unwrap_or("").to_string();
        let path = PathBuf::from(&dest);
        if dest.is_empty() || !is_inside(&path) {
            d.error(Problem::SummaryOutsideSource { path: dest }, location);
            return;
        }
        items.push(SummaryItem {
            title: pending.title.trim().to_string(),
            path,
            depth: pending.depth,
            location,
        });
    };

    for (event, range) in Parser::new(file.text()).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) => {
                if let Some(top) = stack.last_mut() {
                    emit(top, &mut items, diagnostics);
                }
                list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) => stack.push(Pending {
                depth: list_depth.saturating_sub(1),
                offset: range.start,
                link: None,
                title: String::new(),
                in_link: false,
                emitted: false,
            }),
            Event::End(TagEnd::Item) => {
                if let Some(mut top) = stack.pop() {
                    emit(&mut top, &mut items, diagnostics);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(top) = stack.last_mut() {
                    if top.link.is_none() && !top.emitted {
                        top.link = Some((dest_url.to_string(), range.start, range.end));
                        top.in_link = true;
                    }
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(top) = stack.last_mut() {
                    top.in_link = false;
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(top) = stack.last_mut().filter(|t| t.in_link) {
                    top.title.push_str(&text);
                }
            }
            _ => {}
        }
    }
    items
}

/// A relative path that stays below its base: no `..`, no root, no prefix.
pub fn is_inside(path: &Path) -> bool {
    path.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> (Vec<SummaryItem>, Diagnostics) {
        let file = SourceFile::new("content/SUMMARY.md", text.to_string());
        let mut diagnostics = Diagnostics::default();
        (parse(&file, &mut diagnostics), diagnostics)
    }

    #[test]
    fn nesting_follows_indentation() {
        let (items, diagnostics) = parse_text(
            "# Summary\n\n- [A](a.md)\n- [B *b*](b.md)\n  - [C](sub/c.md)\n    - [D](d.md)\n- [E](e.md)\n",
        );
        assert!(diagnostics.is_empty());
        let got: Vec<_> = items
            .iter()
            .map(|i| (i.title.as_str(), i.path.to_str().unwrap(), i.depth))
            .collect();
        assert_eq!(
            got,
            [
                ("A", "a.md", 0),
                ("B b", "b.md", 0),
                ("C", "sub/c.md", 1),
                ("D", "d.md", 2),
                ("E", "e.md", 0)
            ]
        );
    }

    #[test]
    fn links_out_of_the_source_directory_are_refused() {
        let (items, diagnostics) = parse_text("- [A](../a.md)\n- [B](/etc/b.md)\n- [C](c.md)\n");
        assert_eq!(items.len(), 1);
        let messages: Vec<_> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "content/SUMMARY.md:1:3: error[summary-outside-source]: SUMMARY.md links to `../a.md`, outside the source directory",
                "content/SUMMARY.md:2:3: error[summary-outside-source]: SUMMARY.md links to `/etc/b.md`, outside the source directory",
            ]
        );
    }

    #[test]
    fn an_item_without_a_link_is_an_error() {
        let (items, diagnostics) = parse_text("- [A](a.md)\n- Just text\n");
        assert_eq!(items.len(), 1);
        assert_eq!(
            diagnostics.iter().next().unwrap().to_string(),
            "content/SUMMARY.md:2:1: error[summary-item-without-link]: a SUMMARY.md list item needs a link to a chapter file"
        );
    }
}
