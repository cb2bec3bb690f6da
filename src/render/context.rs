//! What templates see: a stable, documented context (docs/format.md,
//! "Templates"), borrowing from the model rather than exposing it.

use std::path::Path;

use rust_decimal::Decimal;
use serde::Serialize;

use std::collections::HashMap;

use crate::budget::validate::Coverage;
use crate::load::summary::{Entry, MAX_NESTING};
use crate::load::{BookDate, BudgetPhase, Config, Language};
use crate::parse::Chapter;
use crate::render::Strings;

#[derive(Serialize)]
pub struct SiteContext<'a> {
    pub title: &'a str,
    pub authors: &'a [String],
    pub description: Option<&'a str>,
    pub language: &'a str,
    /// For `og:locale`.
    pub locale: &'a str,
    pub organisation: Option<&'a str>,
    pub base_url: Option<&'a str>,
    /// The link-preview image, relative to the site root.
    pub image: Option<&'a str>,
    /// Whether the site has an accessibility statement page.
    pub accessibility_statement: bool,
    /// Whether the site has a search page.
    pub search: bool,
    /// Whether the site has the whole-document page.
    pub print: bool,
    /// The book's source repository (`[output.html] git-repository-url`).
    pub repository_url: Option<&'a str>,
    /// What the build checked, for the footer: `None` for a book without
    /// derived figures, which has nothing to claim.
    pub checked: Option<String>,
}

impl<'a> SiteContext<'a> {
    pub fn new(config: &'a Config, search: bool, print: bool, checked: Option<String>) -> Self {
        SiteContext {
            title: &config.title,
            authors: &config.authors,
            description: config.description.as_deref(),
            language: config.language.code(),
            locale: match config.language.code() {
                "sv" => "sv_SE",
                _ => "en_GB",
            },
            organisation: config.organisation.as_deref(),
            base_url: config.base_url.as_deref(),
            image: config.image.as_deref(),
            accessibility_statement: config.accessibility.is_some(),
            search,
            print,
            repository_url: config.repository_url.as_deref(),
            checked,
        }
    }
}

/// The footer's sentences on what was checked: that every derived figure
/// was, or how many were and how many could not be, and how many are
/// printed as the source has them although they differ. A figure left
/// unchecked is never passed off as checked, nor a differing one as agreeing.
pub fn checked_sentence(
    coverage: &Coverage,
    strings: &Strings,
    language: Language,
) -> Option<String> {
    if coverage.total() == 0 {
        return None;
    }
    let count = |n: usize| super::format::number(Decimal::from(n), language);
    let mut text = match coverage.unchecked {
        0 => strings.get("figures-checked").to_string(),
        // Counted as `check` counts them: those kept as published apart.
        unchecked => strings
            .get("figures-partly-checked")
            .replace("{checked}", &count(coverage.checked))
            .replace("{total}", &count(coverage.total()))
            .replace("{unchecked}", &count(unchecked)),
    };
    if coverage.as_published > 0 {
        text.push(' ');
        text.push_str(
            &strings
                .get("figures-as-published")
                .replace("{as_published}", &count(coverage.as_published)),
        );
    }
    Some(text)
}

#[derive(Serialize, Default)]
pub struct PageContext<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// Relative to the site root.
    pub path: String,
    /// Prefix from this page back to the site root: "" or "../"….
    pub root: String,
    pub canonical_url: Option<String>,
    pub draft: bool,
    /// Kept out of search engines (drafts, the 404 page).
    pub noindex: bool,
    /// The page's rendered content (HTML).
    pub content: String,
    pub headings: Vec<HeadingContext<'a>>,
    pub previous: Option<LinkContext<'a>>,
    pub next: Option<LinkContext<'a>>,
    /// Where the chapter's source can be edited
    /// (`[output.html] edit-url-template`).
    pub edit_url: Option<String>,
    /// The page's own link-preview image (its first chart), instead of
    /// the site's.
    pub image: Option<ImageContext>,
}

#[derive(Serialize)]
pub struct ImageContext {
    /// Relative to the site root.
    pub path: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

impl<'a> PageContext<'a> {
    /// A page at `path` with the fields every page has.
    pub fn at(config: &Config, path: &Path, title: &'a str, description: Option<&'a str>) -> Self {
        PageContext {
            title,
            description,
            path: url_path(path),
            root: root_prefix(path),
            canonical_url: config
                .base_url
                .as_ref()
                .map(|base| format!("{base}{}", url_path(path))),
            ..PageContext::default()
        }
    }
}

#[derive(Serialize)]
pub struct HeadingContext<'a> {
    pub level: u8,
    pub id: &'a str,
    pub title: &'a str,
}

#[derive(Serialize)]
pub struct LinkContext<'a> {
    pub title: &'a str,
    pub href: String,
}

#[derive(Serialize)]
pub struct TocItem<'a> {
    /// `chapter`, `unlinked` (a chapter still to be written, `- [Title]()`
    /// in SUMMARY.md), `part` (a part title) or `separator`.
    pub kind: &'static str,
    pub title: &'a str,
    /// Empty for anything but a chapter.
    pub href: String,
    /// The section number (`1.2.`), where the book shows them.
    pub number: Option<&'a str>,
    pub current: bool,
    pub draft: bool,
    pub children: Vec<TocItem<'a>>,
}

#[derive(Serialize)]
pub struct ChartContext<'a> {
    pub svg: &'a str,
    /// The chart as small multiples, shown instead of `svg` when given.
    pub multiples: &'a [String],
    pub title: &'a str,
    pub href: String,
    /// The code to embed it elsewhere, on the chapter page (not on the
    /// whole-document page).
    pub embed: Option<super::embed::EmbedCode>,
}

#[derive(Serialize)]
pub struct DownloadContext {
    /// The table's workbook; none for a table too large for a sheet.
    pub xlsx: Option<String>,
    pub csv: String,
    /// Listed in a Swedish book only.
    pub csv_sv: Option<String>,
    pub json: String,
    /// The whole book's workbook, where the book has one.
    pub book_xlsx: Option<String>,
}

/// The facts that make the printed document a record: what it is, whose,
/// and of when. The title, organisation and authors are in `site`.
#[derive(Serialize)]
pub struct RecordContext<'a> {
    /// The budget phase in words ("Förslag"), where book.toml gives it.
    pub phase: Option<&'a str>,
    /// The book's date in words ("20 november 2025").
    pub date: Option<String>,
    /// The same, `YYYY-MM-DD`, for `<time datetime>`.
    pub date_iso: Option<String>,
    pub version: Option<&'a str>,
}

impl<'a> RecordContext<'a> {
    pub fn new(config: &'a Config, strings: &'a Strings) -> Self {
        RecordContext {
            phase: config.phase.map(|p| phase_words(p, strings)),
            date: config.date.map(|d| long_date(d, config.language)),
            date_iso: config.date.map(|d| d.to_string()),
            version: config.version.as_deref(),
        }
    }
}

/// The budget phase in words ("Förslag", "Proposal").
pub fn phase_words(phase: BudgetPhase, strings: &Strings) -> &str {
    strings.get(match phase {
        BudgetPhase::Proposed => "phase-proposed",
        BudgetPhase::Approved => "phase-approved",
        BudgetPhase::Adjusted => "phase-adjusted",
        BudgetPhase::Executed => "phase-executed",
        BudgetPhase::Forecast => "phase-forecast",
    })
}

/// A date as the book's language writes it in running text.
pub fn long_date(date: BookDate, language: Language) -> String {
    const SV: [&str; 12] = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let months = match language {
        Language::Swedish => SV,
        Language::English => EN,
    };
    let month = months[usize::from(date.month.clamp(1, 12)) - 1];
    format!("{} {month} {}", date.day, date.year)
}

#[derive(Serialize)]
pub struct BlockLink<'a> {
    pub title: &'a str,
    pub href: String,
    pub chapter: &'a str,
}

/// Beyond this many chapters, a page's sidebar shows only the way to the
/// current chapter and a window of its neighbours: a full table of contents
/// on every page would make the site grow with the square of its chapters.
const FULL_TOC_LIMIT: usize = 150;
/// Neighbours shown on each side of the current chapter in a long list.
const TOC_WINDOW: usize = 12;

/// A line of the table of contents.
enum Node<'a> {
    Chapter(usize),
    Unlinked {
        title: &'a str,
        number: Option<&'a str>,
    },
    Part(&'a str),
    Separator,
}

/// The table of contents' nesting, computed once per book: the chapters as
/// SUMMARY.md nests them, with its part titles, separators and chapters
/// still to be written.
pub struct TocTree<'a> {
    nodes: Vec<Node<'a>>,
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    roots: Vec<usize>,
    /// The node of each chapter.
    chapter_node: Vec<usize>,
    /// Whether chapters show their section numbers.
    numbered: bool,
}

impl<'a> TocTree<'a> {
    pub fn new(chapters: &[Chapter], outline: &'a [Entry], numbered: bool) -> Self {
        let by_path: HashMap<&Path, usize> = chapters
            .iter()
            .enumerate()
            .map(|(i, c)| (c.source_path.as_path(), i))
            .collect();
        let mut nodes = Vec::new();
        let mut depths = Vec::new();
        let mut seen = vec![false; chapters.len()];
        for entry in outline {
            match entry {
                Entry::Chapter(item) => {
                    // A chapter left out of this build (a draft) is not listed.
                    if let Some(&i) = by_path.get(item.path.as_path()) {
                        if !std::mem::replace(&mut seen[i], true) {
                            nodes.push(Node::Chapter(i));
                            depths.push(chapters[i].depth);
                        }
                    }
                }
                Entry::Draft {
                    title,
                    depth,
                    number,
                } => {
                    nodes.push(Node::Unlinked {
                        title,
                        number: number.as_deref(),
                    });
                    depths.push(*depth);
                }
                Entry::Part { title } => {
                    nodes.push(Node::Part(title));
                    depths.push(0);
                }
                Entry::Separator => {
                    nodes.push(Node::Separator);
                    depths.push(0);
                }
            }
        }
        for (i, chapter) in chapters.iter().enumerate() {
            if !seen[i] {
                nodes.push(Node::Chapter(i));
                depths.push(chapter.depth);
            }
        }
        let mut parent = vec![None; nodes.len()];
        let mut children = vec![Vec::new(); nodes.len()];
        let mut roots = Vec::new();
        let mut chapter_node = vec![0; chapters.len()];
        // The open entry at each depth while reading in order. SUMMARY.md
        // nests at most MAX_NESTING levels; the tree never does either, so
        // that the recursion over it (here and in the templates) is bounded.
        let mut open: Vec<usize> = Vec::new();
        for (i, node) in nodes.iter().enumerate() {
            if let Node::Chapter(c) = node {
                chapter_node[*c] = i;
            }
            if matches!(node, Node::Part(_) | Node::Separator) {
                // A part title or separator ends the nesting before it.
                open.clear();
                roots.push(i);
                continue;
            }
            open.truncate(depths[i].min(MAX_NESTING - 1));
            match open.last() {
                Some(&p) => {
                    parent[i] = Some(p);
                    children[p].push(i);
                }
                None => roots.push(i),
            }
            open.push(i);
        }
        TocTree {
            nodes,
            parent,
            children,
            roots,
            chapter_node,
            numbered,
        }
    }

    /// The part titles that come between chapter `i` and the chapter
    /// before it, in order.
    pub fn parts_before(&self, i: usize) -> Vec<&'a str> {
        let Some(&node) = self.chapter_node.get(i) else {
            return Vec::new();
        };
        self.nodes[..node]
            .iter()
            .rev()
            .take_while(|n| !matches!(n, Node::Chapter(_)))
            .filter_map(|n| match n {
                Node::Part(title) => Some(*title),
                _ => None,
            })
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect()
    }

    /// The table of contents for a page: everything for a small book; for a
    /// large one, the current chapter's ancestors with a window of siblings
    /// around each, and its children. `more` is the href of the full table
    /// of contents, linked where entries are left out.
    pub fn items<'c>(
        &self,
        chapters: &'c [Chapter],
        current: Option<usize>,
        href: &dyn Fn(&Chapter) -> String,
        more: Option<(&'c str, &str)>,
    ) -> Vec<TocItem<'c>>
    where
        'a: 'c,
    {
        let pruned = chapters.len() > FULL_TOC_LIMIT;
        let current = current.and_then(|c| self.chapter_node.get(c).copied());
        let mut path = Vec::new();
        let mut at = current;
        while let Some(i) = at {
            path.push(i);
            at = self.parent[i];
        }
        self.level(chapters, &self.roots, current, &path, href, pruned, more)
    }

    /// The full table of contents, nested, with hrefs made by `href`.
    pub fn full<'c>(
        &self,
        chapters: &'c [Chapter],
        href: &dyn Fn(&Chapter) -> String,
    ) -> Vec<TocItem<'c>>
    where
        'a: 'c,
    {
        self.level(chapters, &self.roots, None, &[], href, false, None)
    }

    #[allow(clippy::too_many_arguments)]
    fn level<'c>(
        &self,
        chapters: &'c [Chapter],
        siblings: &[usize],
        current: Option<usize>,
        path: &[usize],
        href: &dyn Fn(&Chapter) -> String,
        pruned: bool,
        more: Option<(&'c str, &str)>,
    ) -> Vec<TocItem<'c>>
    where
        'a: 'c,
    {
        let focus = siblings.iter().position(|s| path.contains(s)).unwrap_or(0);
        let (from, to) = if pruned && siblings.len() > 2 * TOC_WINDOW + 1 {
            let from = focus.saturating_sub(TOC_WINDOW);
            (from, (from + 2 * TOC_WINDOW + 1).min(siblings.len()))
        } else {
            (0, siblings.len())
        };
        let item = |kind: &'static str, title: &'c str, number: Option<&'c str>| TocItem {
            kind,
            title,
            href: String::new(),
            number,
            current: false,
            draft: false,
            children: Vec::new(),
        };
        let mut items = Vec::new();
        if from > 0 {
            if let Some((title, link)) = more {
                items.push(TocItem {
                    href: link.to_string(),
                    ..item("chapter", title, None)
                });
            }
        }
        for &i in &siblings[from..to] {
            let expand = !pruned || path.contains(&i);
            let children = if expand {
                self.level(
                    chapters,
                    &self.children[i],
                    current,
                    path,
                    href,
                    pruned,
                    more,
                )
            } else {
                Vec::new()
            };
            items.push(match &self.nodes[i] {
                Node::Chapter(c) => {
                    let chapter = &chapters[*c];
                    TocItem {
                        href: href(chapter),
                        current: current == Some(i),
                        draft: chapter.draft,
                        children,
                        ..item(
                            "chapter",
                            &chapter.nav_title,
                            chapter.number.as_deref().filter(|_| self.numbered),
                        )
                    }
                }
                Node::Unlinked { title, number } => TocItem {
                    children,
                    ..item("unlinked", title, number.filter(|_| self.numbered))
                },
                Node::Part(title) => item("part", title, None),
                Node::Separator => item("separator", "", None),
            });
        }
        if to < siblings.len() {
            if let Some((title, link)) = more {
                items.push(TocItem {
                    href: link.to_string(),
                    ..item("chapter", title, None)
                });
            }
        }
        items
    }
}

pub fn link<'a>(chapter: &'a Chapter, root: &str) -> LinkContext<'a> {
    LinkContext {
        title: &chapter.nav_title,
        href: format!("{root}{}", url_path(&chapter.output_path)),
    }
}

/// A path relative to the site root, with `/` separators, as an `href`
/// can hold it: characters that end or change a path (`#`, `?`, `%`,
/// spaces) are percent-encoded, and so is `:`, which in a first segment
/// would read as a URL scheme (a chapter file `javascript:x.md`).
pub fn url_path(path: &Path) -> String {
    let mut url = String::new();
    for (index, component) in path.components().enumerate() {
        if index > 0 {
            url.push('/');
        }
        for c in component.as_os_str().to_string_lossy().chars() {
            if c.is_ascii_control() || " \"#%:<>?[\\]^`{|}".contains(c) {
                url.push_str(&format!("%{:02X}", c as u32));
            } else {
                url.push(c);
            }
        }
    }
    url
}

pub fn root_prefix(path: &Path) -> String {
    "../".repeat(path.components().count().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_hrefs_that_stay_paths() {
        assert_eq!(url_path(Path::new("del/kapitel.html")), "del/kapitel.html");
        assert_eq!(url_path(Path::new("förslag.html")), "förslag.html");
        assert_eq!(
            url_path(Path::new("javascript:alert(1).html")),
            "javascript%3Aalert(1).html"
        );
        assert_eq!(
            url_path(Path::new("a b#c?d%.html")),
            "a%20b%23c%3Fd%25.html"
        );
    }

    #[test]
    fn dates_are_written_as_the_language_writes_them() {
        let date = BookDate::parse("2025-11-02").unwrap();
        assert_eq!(long_date(date, Language::Swedish), "2 november 2025");
        assert_eq!(long_date(date, Language::English), "2 November 2025");
    }
}
