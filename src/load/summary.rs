//! `SUMMARY.md`: the table of contents, in mdBook's convention — a Markdown
//! list of links, nested by indentation.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostics, Problem};
use crate::source::{Location, SourceFile};

/// The deepest nesting of the table of contents, in levels. A printed book
/// rarely goes past four (part, chapter, section, subsection); the limit
/// leaves room for that many again and more, and keeps every stage that
/// walks the tree (the sidebar, the front page and the print page, the
/// templates' recursive `toc` macro) far from the end of its stack.
pub const MAX_NESTING: usize = 16;

/// A chapter of the table of contents, in reading order.
#[derive(Debug, Clone)]
pub struct SummaryItem {
    /// The link text: the chapter's name in the navigation.
    pub title: String,
    /// The chapter file, relative to the source directory.
    pub path: PathBuf,
    /// 0 for top-level entries, below [`MAX_NESTING`].
    pub depth: usize,
    /// The section number mdBook gives a chapter of the numbered list
    /// (`1.`, `1.2.`); none for prefix and suffix chapters.
    pub number: Option<String>,
    /// Where the link is, for errors about it.
    pub location: Location,
}

/// One line of the table of contents, as mdBook reads SUMMARY.md.
#[derive(Debug, Clone)]
pub enum Entry {
    Chapter(SummaryItem),
    /// `- [Title]()`: a chapter still to be written, listed but not linked.
    Draft {
        title: String,
        depth: usize,
        number: Option<String>,
    },
    /// A heading between the lists: the title of the part that follows.
    Part {
        title: String,
    },
    /// `---` between the lists.
    Separator,
}

struct Pending {
    depth: usize,
    offset: usize,
    link: Option<(String, usize, usize)>,
    title: String,
    in_link: bool,
    emitted: bool,
    /// Nested deeper than [`MAX_NESTING`]; already reported.
    too_deep: bool,
    number: Option<String>,
}

impl Pending {
    fn new(depth: usize, offset: usize, number: Option<String>) -> Self {
        Pending {
            depth,
            offset,
            link: None,
            title: String::new(),
            in_link: false,
            emitted: false,
            too_deep: false,
            number,
        }
    }
}

/// Parses the table of contents: an optional title, prefix chapters (links
/// before the first list), the numbered chapters in lists, with part titles
/// (headings) and separators (`---`) between them, and suffix chapters
/// (links after the lists). Paths are checked for shape here; whether the
/// files exist is the loader's business.
pub fn parse(file: &Arc<SourceFile>, diagnostics: &mut Diagnostics) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut stack: Vec<Pending> = Vec::new();
    let mut list_depth = 0usize;
    // The section numbers of the open list items, by depth; the first
    // level counts on across lists and parts, as in mdBook.
    let mut counters: Vec<u32> = Vec::new();
    let mut heading: Option<String> = None;
    let mut seen_anything = false;

    let emit = |pending: &mut Pending, entries: &mut Vec<Entry>, d: &mut Diagnostics| {
        if pending.emitted {
            return;
        }
        pending.emitted = true;
        let Some((dest, start, end)) = pending.link.take() else {
            if pending.too_deep {
                return;
            }
            d.error(
                Problem::SummaryItemWithoutLink,
                file.location(pending.offset, 1),
            );
            return;
        };
        let location = file.location(start, end - start);
        let title = pending.title.trim().to_string();
        if dest.is_empty() {
            entries.push(Entry::Draft {
                title,
                depth: pending.depth,
                number: pending.number.clone(),
            });
            return;
        }
        // `my%20chapter.md` is the file `my chapter.md`, as a browser and
        // mdBook read it.
        let dest = super::percent_decoded(dest.split('#').next().unwrap_or(""));
        let path = PathBuf::from(&dest);
        if dest.is_empty() || !is_inside(&path) {
            d.error(Problem::SummaryOutsideSource { path: dest }, location);
            return;
        }
        entries.push(Entry::Chapter(SummaryItem {
            title,
            path,
            depth: pending.depth,
            number: pending.number.clone(),
            location,
        }));
    };

    for (event, range) in Parser::new(file.text()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) if list_depth == 0 => {
                heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) if list_depth == 0 => {
                let title = heading.take().unwrap_or_default().trim().to_string();
                // The first heading, before anything else, is the title of
                // the table of contents itself.
                if seen_anything && !title.is_empty() {
                    entries.push(Entry::Part { title });
                }
                seen_anything = true;
            }
            Event::Rule if list_depth == 0 => {
                seen_anything = true;
                entries.push(Entry::Separator);
            }
            Event::Start(Tag::Paragraph) if list_depth == 0 => {
                seen_anything = true;
            }
            Event::Start(Tag::List(_)) => {
                seen_anything = true;
                if let Some(top) = stack.last_mut() {
                    emit(top, &mut entries, diagnostics);
                }
                list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) => {
                let depth = list_depth.saturating_sub(1);
                // The first item too deep is reported; it and those below
                // it are kept one level up, so that their chapters are
                // still checked and no stage sees the deeper tree.
                if depth == MAX_NESTING {
                    diagnostics.error(
                        Problem::SummaryTooDeep { limit: MAX_NESTING },
                        file.location(range.start, 1),
                    );
                }
                let kept = depth.min(MAX_NESTING - 1);
                counters.resize(kept + 1, 0);
                counters[kept] += 1;
                let number: String = counters.iter().map(|n| format!("{n}.")).collect();
                let mut pending = Pending::new(kept, range.start, Some(number));
                pending.too_deep = depth >= MAX_NESTING;
                stack.push(pending);
            }
            Event::End(TagEnd::Item) => {
                if let Some(mut top) = stack.pop() {
                    emit(&mut top, &mut entries, diagnostics);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if list_depth == 0 && heading.is_none() {
                    // A prefix or suffix chapter: a link outside the lists.
                    stack.push(Pending::new(0, range.start, None));
                }
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
                if list_depth == 0 && heading.is_none() {
                    if let Some(mut top) = stack.pop() {
                        emit(&mut top, &mut entries, diagnostics);
                    }
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(title) = heading.as_mut().filter(|_| list_depth == 0) {
                    title.push_str(&text);
                } else if let Some(top) = stack.last_mut().filter(|t| t.in_link) {
                    top.title.push_str(&text);
                }
            }
            _ => {}
        }
    }
    entries
}

/// The chapters of the entries, in order.
pub fn chapters(entries: &[Entry]) -> impl Iterator<Item = &SummaryItem> {
    entries.iter().filter_map(|e| match e {
        Entry::Chapter(item) => Some(item),
        _ => None,
    })
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
        let (entries, diagnostics) = parse_entries(text);
        (chapters(&entries).cloned().collect(), diagnostics)
    }

    fn parse_entries(text: &str) -> (Vec<Entry>, Diagnostics) {
        let file = SourceFile::new("content/SUMMARY.md", text.to_string());
        let mut diagnostics = Diagnostics::default();
        (parse(&file, &mut diagnostics), diagnostics)
    }

    /// The entries in a short form: `1.2. Title (path)`, `# Part`, `---`,
    /// `Title ()` for a draft.
    fn outline(entries: &[Entry]) -> Vec<String> {
        entries
            .iter()
            .map(|e| match e {
                Entry::Chapter(c) => format!(
                    "{}{}{} ({})",
                    "  ".repeat(c.depth),
                    c.number
                        .as_deref()
                        .map(|n| format!("{n} "))
                        .unwrap_or_default(),
                    c.title,
                    c.path.display()
                ),
                Entry::Draft {
                    title,
                    depth,
                    number,
                } => format!(
                    "{}{}{title} ()",
                    "  ".repeat(*depth),
                    number
                        .as_deref()
                        .map(|n| format!("{n} "))
                        .unwrap_or_default()
                ),
                Entry::Part { title } => format!("# {title}"),
                Entry::Separator => "---".into(),
            })
            .collect()
    }

    #[test]
    fn a_chapters_escaped_path_is_its_file() {
        let (items, diagnostics) = parse_text("- [Mitt kapitel](mitt%20kapitel.md)\n");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(items[0].path, Path::new("mitt kapitel.md"));
    }

    #[test]
    fn mdbook_summaries_are_read_as_mdbook_reads_them() {
        let (entries, diagnostics) = parse_entries(
            "# Summary\n\n[Introduction](intro.md)\n\n# User guide\n\n- [Install](install.md)\n  - [From source](source.md)\n  - [Later]()\n- [Use](use.md)\n\n---\n\n# Reference\n\n- [Options](options.md)\n\n---\n\n[Contributors](contributors.md)\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            outline(&entries),
            [
                "Introduction (intro.md)",
                "# User guide",
                "1. Install (install.md)",
                "  1.1. From source (source.md)",
                "  1.2. Later ()",
                "2. Use (use.md)",
                "---",
                "# Reference",
                "3. Options (options.md)",
                "---",
                "Contributors (contributors.md)",
            ]
        );
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

    /// SUMMARY.md lines nesting `levels` items, each indented under the
    /// one before, with a link each if `links`.
    fn nested(levels: usize, links: bool) -> String {
        (0..levels)
            .map(|i| {
                let item = if links {
                    format!("[K{i}](k{i}.md)")
                } else {
                    format!("K{i}")
                };
                format!("{}- {item}\n", "  ".repeat(i))
            })
            .collect()
    }

    #[test]
    fn nesting_up_to_the_limit_is_read() {
        let (items, diagnostics) = parse_text(&nested(MAX_NESTING, true));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(items.len(), MAX_NESTING);
        assert_eq!(items.last().unwrap().depth, MAX_NESTING - 1);
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_an_error_at_the_first_item_too_deep() {
        let text = format!("{}- [Sist](sist.md)\n", nested(MAX_NESTING + 3, true));
        let (items, diagnostics) = parse_text(&text);
        let messages: Vec<_> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            ["content/SUMMARY.md:17:33: error[summary-too-deep]: this item is nested more than 16 levels deep"]
        );
        // The chapters too deep are still read, one level up, so that they
        // are checked.
        let depths: Vec<usize> = items.iter().map(|i| i.depth).collect();
        let mut expected: Vec<usize> = (0..MAX_NESTING).collect();
        expected.extend([MAX_NESTING - 1; 3]);
        expected.push(0);
        assert_eq!(depths, expected);
    }

    #[test]
    fn ten_thousand_levels_without_links_give_a_few_errors() {
        // Nested lists on one line: 10,000 levels in 20 kB.
        let text = format!("{}K\n", "- ".repeat(10_000));
        let (items, diagnostics) = parse_text(&text);
        assert!(items.is_empty());
        let codes: Vec<_> = diagnostics.iter().map(|d| d.problem.code()).collect();
        let mut expected = vec!["summary-item-without-link"; MAX_NESTING];
        expected.push("summary-too-deep");
        assert_eq!(codes, expected);
    }
}
