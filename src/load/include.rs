//! mdBook's `{{#include}}` family, expanded in a chapter's text before it is
//! parsed, everywhere (code blocks too), as mdBook's links preprocessor does:
//! `{{#include file}}` with a line range (`:2`, `:2:10`, `::10`, `:2:`) or an
//! anchor (`:name`, between `ANCHOR: name` and `ANCHOR_END: name`),
//! `{{#rustdoc_include …}}` (read as an include), `{{#playground file}}` (a
//! code block of the file) and `{{#title …}}` (the page title).
//! `\{{#include …}}` is shown as written, without the backslash.
//!
//! The expanded chapter is a composed [`SourceFile`]: each piece knows the
//! file it was copied from, so that a problem in included text is reported
//! at the included file's line, and one in a wrapped code fence at the
//! include itself.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostics, Problem};
use crate::source::{Origin, SourceFile};

/// How deep includes may nest, as in mdBook: a file that includes itself
/// stops here.
pub const MAX_DEPTH: usize = 10;

/// What expansion needs to know about the book.
pub struct Includes<'a> {
    /// The book's folder.
    pub root: &'a Path,
    /// The same, resolved, to keep includes inside it.
    pub real_root: Option<&'a Path>,
    pub max_file_size: u64,
}

/// A chapter with its includes expanded.
pub struct Expanded {
    /// The chapter's text as parsed (the original file when it has no
    /// directives).
    pub file: Arc<SourceFile>,
    /// The last `{{#title …}}`.
    pub title: Option<String>,
    /// The files included, relative to the book, for `serve` to watch.
    pub included: Vec<PathBuf>,
}

/// Expands the directives in `file` from `body_offset` on; the front matter
/// before it is kept as it is.
pub fn expand(
    file: &Arc<SourceFile>,
    body_offset: usize,
    includes: &Includes,
    diagnostics: &mut Diagnostics,
) -> Expanded {
    let body = &file.text()[body_offset..];
    if !body.contains("{{") {
        return Expanded {
            file: Arc::clone(file),
            title: None,
            included: Vec::new(),
        };
    }
    let mut composer = Composer {
        includes,
        text: String::with_capacity(file.text().len()),
        origins: Vec::new(),
        title: None,
        read: HashMap::new(),
        changed: false,
        diagnostics,
    };
    composer.copy(file, 0..body_offset);
    composer.expand(file, body_offset..file.text().len(), 0);
    let title = composer.title.take();
    let mut included: Vec<PathBuf> = composer.read.keys().cloned().collect();
    included.sort();
    if !composer.changed {
        return Expanded {
            file: Arc::clone(file),
            title,
            included,
        };
    }
    Expanded {
        file: SourceFile::composed(file.path.clone(), composer.text, composer.origins),
        title,
        included,
    }
}

struct Composer<'a, 'd> {
    includes: &'a Includes<'a>,
    text: String,
    origins: Vec<Origin>,
    title: Option<String>,
    /// Files read so far, by their path relative to the book.
    read: HashMap<PathBuf, Arc<SourceFile>>,
    /// Whether any directive was replaced.
    changed: bool,
    diagnostics: &'d mut Diagnostics,
}

/// A directive as written: `{{#name args}}`.
struct Directive<'t> {
    name: &'t str,
    args: &'t str,
}

/// Which lines of a file an include takes.
enum Selection {
    Lines {
        /// 0-based, inclusive.
        from: usize,
        /// 0-based, exclusive; `None` to the end.
        to: Option<usize>,
    },
    Anchor(String),
}

impl Composer<'_, '_> {
    /// Appends `file`'s text in `range`, as a piece of that file.
    fn copy(&mut self, file: &Arc<SourceFile>, range: std::ops::Range<usize>) {
        if range.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(&file.text()[range.clone()]);
        if let Some(last) = self.origins.last_mut() {
            if last.stands_for.is_none()
                && Arc::ptr_eq(&last.file, file)
                && last.start + last.len == start
                && last.offset + last.len == range.start
            {
                last.len += range.len();
                return;
            }
        }
        self.origins.push(Origin {
            start,
            len: range.len(),
            file: Arc::clone(file),
            offset: range.start,
            stands_for: None,
        });
    }

    /// Appends text of our own making that stands for `len` bytes of `file`
    /// at `offset`.
    fn synthetic(&mut self, text: &str, file: &Arc<SourceFile>, offset: usize, len: usize) {
        if text.is_empty() {
            return;
        }
        self.origins.push(Origin {
            start: self.text.len(),
            len: text.len(),
            file: Arc::clone(file),
            offset,
            stands_for: Some(len),
        });
        self.text.push_str(text);
    }

    /// Copies `range` of `file`, expanding the directives in it.
    fn expand(&mut self, file: &Arc<SourceFile>, range: std::ops::Range<usize>, depth: usize) {
        let text = file.text();
        let mut copied = range.start;
        let mut at = range.start;
        while let Some(found) = text[at..range.end].find("{{") {
            let open = at + found;
            let line_end = text[open..range.end]
                .find('\n')
                .map_or(range.end, |i| open + i);
            let Some(close) = text[open..line_end].find("}}").map(|i| open + i) else {
                at = open + 2;
                continue;
            };
            let end = close + 2;
            let inner = &text[open + 2..close];
            if !inner.trim_start().starts_with('#') {
                at = open + 2;
                continue;
            }
            // `\{{#…}}` is shown as written, without its backslash.
            if open > range.start && text.as_bytes()[open - 1] == b'\\' {
                self.copy(file, copied..open - 1);
                self.copy(file, open..end);
                self.changed = true;
                copied = end;
                at = end;
                continue;
            }
            self.copy(file, copied..open);
            copied = open;
            at = end;
            let written = &text[open..end];
            match parse_directive(inner) {
                Some(directive) => {
                    if self.directive(file, open, written, &directive, depth) {
                        self.changed = true;
                        copied = end;
                    }
                }
                None => self.diagnostics.error(
                    Problem::IncludeSyntax {
                        written: written.to_string(),
                        reason: "a directive is `#` and a name, as in `{{#include file}}`".into(),
                    },
                    file.location(open, written.len()),
                ),
            }
        }
        self.copy(file, copied..range.end);
    }

    /// Expands one directive; false (and reported) when it cannot be, so
    /// that it stays in the text as written.
    fn directive(
        &mut self,
        file: &Arc<SourceFile>,
        open: usize,
        written: &str,
        directive: &Directive,
        depth: usize,
    ) -> bool {
        let location = file.location(open, written.len());
        let syntax = |reason: &str| Problem::IncludeSyntax {
            written: written.to_string(),
            reason: reason.to_string(),
        };
        match directive.name {
            "title" => {
                if directive.args.is_empty() {
                    self.diagnostics
                        .error(syntax("it needs the title"), location);
                    return false;
                }
                self.title = Some(directive.args.to_string());
                true
            }
            "include" | "rustdoc_include" | "playground" => {
                let mut words = directive.args.split_whitespace();
                let Some(target) = words.next() else {
                    self.diagnostics
                        .error(syntax("it needs the file's path"), location);
                    return false;
                };
                let attributes: Vec<&str> = words.collect();
                let (path, selection) = if directive.name == "playground" {
                    (target, None)
                } else {
                    match target.split_once(':') {
                        Some((path, rest)) => (path, Some(selection(rest))),
                        None => (target, None),
                    }
                };
                if depth >= MAX_DEPTH {
                    self.diagnostics
                        .error(Problem::IncludeTooDeep { limit: MAX_DEPTH }, location);
                    return false;
                }
                let Some(included) = self.read(file, path, &location) else {
                    return false;
                };
                let ranges = match selection {
                    None => std::iter::once(0..trimmed_len(included.text())).collect(),
                    Some(selection) => match select(included.text(), &selection) {
                        Ok(ranges) => ranges,
                        Err(reason) => {
                            self.diagnostics.error(
                                Problem::IncludeSelection {
                                    written: written.to_string(),
                                    reason,
                                },
                                location,
                            );
                            return false;
                        }
                    },
                };
                if directive.name == "playground" {
                    let info = if attributes.is_empty() {
                        "rust".to_string()
                    } else {
                        format!("rust,{}", attributes.join(","))
                    };
                    self.synthetic(&format!("```{info}\n"), file, open, written.len());
                }
                for (i, range) in ranges.into_iter().enumerate() {
                    if i > 0 {
                        self.synthetic("\n", &included, range.start, 0);
                    }
                    self.expand(&included, range, depth + 1);
                }
                if directive.name == "playground" {
                    self.synthetic("\n```\n", file, open, written.len());
                }
                true
            }
            _ => {
                self.diagnostics.error(
                    syntax(
                        "budgetbook knows `include`, `rustdoc_include`, `playground` and `title`",
                    ),
                    location,
                );
                false
            }
        }
    }

    /// Reads the file `path` names, relative to the folder of `from`, if it
    /// is a readable file inside the book; otherwise reports why not.
    fn read(
        &mut self,
        from: &Arc<SourceFile>,
        path: &str,
        location: &crate::source::Location,
    ) -> Option<Arc<SourceFile>> {
        let folder = from.path.parent().unwrap_or(Path::new(""));
        let Some(relative) = normalize(&folder.join(path)) else {
            self.diagnostics.error(
                Problem::IncludeOutsideBook {
                    path: path.to_string(),
                },
                location.clone(),
            );
            return None;
        };
        if let Some(file) = self.read.get(&relative) {
            return Some(Arc::clone(file));
        }
        let full = self.includes.root.join(&relative);
        let shown = relative.display().to_string();
        if !full.is_file() {
            self.diagnostics
                .error(Problem::IncludeMissing { path: shown }, location.clone());
            return None;
        }
        let inside = match (full.canonicalize(), self.includes.real_root) {
            (Ok(real), Some(root)) => real.starts_with(root),
            _ => false,
        };
        if !inside {
            self.diagnostics.error(
                Problem::IncludeOutsideBook { path: shown },
                location.clone(),
            );
            return None;
        }
        let size = full.metadata().map_or(0, |m| m.len());
        if size > self.includes.max_file_size {
            self.diagnostics.error(
                Problem::FileTooLarge {
                    path: shown,
                    size,
                    limit: self.includes.max_file_size,
                },
                location.clone(),
            );
            return None;
        }
        let text = match std::fs::read(&full).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                self.diagnostics.error(Problem::NotUtf8, location.clone());
                return None;
            }
            Err(_) => {
                self.diagnostics
                    .error(Problem::IncludeMissing { path: shown }, location.clone());
                return None;
            }
        };
        let file = SourceFile::new(&relative, text);
        self.read.insert(relative, Arc::clone(&file));
        Some(file)
    }
}

/// `#name args` (the text between `{{` and `}}`), if it has that shape.
fn parse_directive(inner: &str) -> Option<Directive<'_>> {
    let rest = inner.trim_start().strip_prefix('#')?;
    let name_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let (name, args) = rest.split_at(name_end);
    if name.is_empty() || !(args.is_empty() || args.starts_with(char::is_whitespace)) {
        return None;
    }
    Some(Directive {
        name,
        args: args.trim(),
    })
}

/// What follows the path's `:`, as mdBook reads it: `2` (one line), `2:10`,
/// `::10` (written `:10` after the first colon), `2:`, or an anchor name.
fn selection(spec: &str) -> Selection {
    let mut parts = spec.splitn(2, ':');
    let first = parts.next().unwrap_or("");
    let second = parts.next();
    let from = match first.parse::<usize>() {
        Ok(n) => Some(n.saturating_sub(1)),
        Err(_) if first.is_empty() => None,
        Err(_) => return Selection::Anchor(first.to_string()),
    };
    let to = second.map(|s| s.parse::<usize>());
    match (from, to) {
        (Some(from), Some(Ok(to))) => Selection::Lines { from, to: Some(to) },
        (Some(from), Some(Err(_))) => Selection::Lines { from, to: None },
        (Some(from), None) => Selection::Lines {
            from,
            to: Some(from + 1),
        },
        (None, Some(Ok(to))) => Selection::Lines {
            from: 0,
            to: Some(to),
        },
        (None, _) => Selection::Lines { from: 0, to: None },
    }
}

/// The length of `text` without its final line break: an include ends where
/// its last line does, as in mdBook.
fn trimmed_len(text: &str) -> usize {
    let trimmed = text.strip_suffix('\n').unwrap_or(text);
    trimmed.strip_suffix('\r').unwrap_or(trimmed).len()
}

/// The lines of `text`, as byte ranges without their line breaks.
fn lines(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches('\n').trim_end_matches('\r');
        out.push(start..start + content.len());
        start += line.len();
    }
    out
}

/// The byte ranges of `text` a selection takes: runs of whole lines, each
/// without its last line break.
fn select(text: &str, selection: &Selection) -> Result<Vec<std::ops::Range<usize>>, String> {
    let lines = lines(text);
    match selection {
        Selection::Lines { from, to } => {
            let to = to.unwrap_or(lines.len()).min(lines.len());
            if *from >= to {
                return Err(format!(
                    "the file has {} lines, and this selects none of them",
                    lines.len()
                ));
            }
            Ok(std::iter::once(lines[*from].start..lines[to - 1].end).collect())
        }
        Selection::Anchor(name) => {
            let start = lines
                .iter()
                .position(|l| anchor_name(&text[l.clone()], "ANCHOR:") == Some(name))
                .ok_or_else(|| format!("the file has no line `ANCHOR: {name}`"))?;
            let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
            let mut joined = false;
            for line in &lines[start + 1..] {
                let content = &text[line.clone()];
                if anchor_name(content, "ANCHOR_END:") == Some(name) {
                    break;
                }
                // Other anchors' lines inside are left out, as in mdBook.
                if anchor_name(content, "ANCHOR:").is_some()
                    || anchor_name(content, "ANCHOR_END:").is_some()
                {
                    joined = false;
                    continue;
                }
                match runs.last_mut() {
                    Some(run) if joined => run.end = line.end,
                    _ => runs.push(line.clone()),
                }
                joined = true;
            }
            Ok(runs)
        }
    }
}

/// The anchor a line names after `marker` (`ANCHOR:` or `ANCHOR_END:`).
fn anchor_name<'t>(line: &'t str, marker: &str) -> Option<&'t str> {
    let at = line.find(marker)?;
    let rest = line[at + marker.len()..].trim_start();
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// `path` with `.` and `..` resolved, if it stays inside its base.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn expand_in(dir: &Path, chapter: &str) -> (Expanded, Vec<String>) {
        let text = std::fs::read_to_string(dir.join(chapter)).unwrap();
        let file = SourceFile::new(chapter, text);
        let real = dir.canonicalize().unwrap();
        let includes = Includes {
            root: dir,
            real_root: Some(&real),
            max_file_size: 1 << 20,
        };
        let mut diagnostics = Diagnostics::default();
        let expanded = expand(&file, 0, &includes, &mut diagnostics);
        let messages = diagnostics.iter().map(ToString::to_string).collect();
        (expanded, messages)
    }

    const CODE: &str = "one\ntwo\n// ANCHOR: middle\nthree\n// ANCHOR: inner\nfour\n// ANCHOR_END: inner\nfive\n// ANCHOR_END: middle\nsix\n";

    #[test]
    fn ranges_and_anchors_take_the_lines_mdbook_takes() {
        for (spec, expected) in [
            ("", CODE.trim_end()),
            (":2", "two"),
            (":1:2", "one\ntwo"),
            ("::2", "one\ntwo"),
            (":9:", "// ANCHOR_END: middle\nsix"),
            (":middle", "three\nfour\nfive"),
            (":inner", "four"),
        ] {
            let dir = book(&[
                (
                    "src/c.md",
                    &format!("A\n{{{{#include ../code.rs{spec}}}}}\nB\n"),
                ),
                ("code.rs", CODE),
            ]);
            let (expanded, messages) = expand_in(dir.path(), "src/c.md");
            assert!(messages.is_empty(), "{messages:?}");
            assert_eq!(
                expanded.file.text(),
                format!("A\n{expected}\nB\n"),
                "{spec}"
            );
        }
    }

    #[test]
    fn a_problem_in_included_text_is_reported_in_its_file() {
        let dir = book(&[
            ("src/c.md", "# C\n\n{{#include parts/t.md:2:}}\n"),
            ("src/parts/t.md", "skipped\nfirst\nsecond BAD\n"),
        ]);
        let (expanded, messages) = expand_in(dir.path(), "src/c.md");
        assert!(messages.is_empty(), "{messages:?}");
        let file = &expanded.file;
        assert_eq!(file.text(), "# C\n\nfirst\nsecond BAD\n");
        let location = file.location(file.text().find("BAD").unwrap(), 3);
        assert_eq!(location.to_string(), "src/parts/t.md:3:8");
        let location = file.location(0, 1);
        assert_eq!(location.to_string(), "src/c.md:1:1");
    }

    #[test]
    fn escaped_directives_are_shown_as_written_and_titles_taken() {
        let dir = book(&[(
            "src/c.md",
            "`\\{{#include x.md}}`\n{{#title Ny titel}}\n```\n\\{{#include y.md}}\n```\n",
        )]);
        let (expanded, messages) = expand_in(dir.path(), "src/c.md");
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(
            expanded.file.text(),
            "`{{#include x.md}}`\n\n```\n{{#include y.md}}\n```\n"
        );
        assert_eq!(expanded.title.as_deref(), Some("Ny titel"));
    }

    #[test]
    fn playground_wraps_the_file_in_a_code_block() {
        let dir = book(&[
            ("src/c.md", "{{#playground main.rs editable}}\n"),
            ("src/main.rs", "fn main() {}"),
        ]);
        let (expanded, _) = expand_in(dir.path(), "src/c.md");
        assert_eq!(
            expanded.file.text(),
            "```rust,editable\nfn main() {}\n```\n\n"
        );
    }

    #[test]
    fn problems_are_reported_at_the_directive() {
        let dir = book(&[
            (
                "src/c.md",
                "{{#include gone.md}}\n{{#include ../../etc/passwd}}\n{{#include t.md:nowhere}}\n{{#inclde t.md}}\n{{#include self.md}}\n",
            ),
            ("src/t.md", "x\n"),
            ("src/self.md", "{{#include self.md}}\n"),
        ]);
        let (_, messages) = expand_in(dir.path(), "src/c.md");
        assert_eq!(
            messages,
            [
                "src/c.md:1:1: error[include-missing]: `{{#include}}` names `src/gone.md`, which does not exist",
                "src/c.md:2:1: error[include-outside-book]: `{{#include}}` names `../../etc/passwd`, outside the book",
                "src/c.md:3:1: error[include-selection]: `{{#include t.md:nowhere}}` selects nothing: the file has no line `ANCHOR: nowhere`",
                "src/c.md:4:1: error[include-syntax]: `{{#inclde t.md}}` cannot be expanded: budgetbook knows `include`, `rustdoc_include`, `playground` and `title`",
                "src/self.md:1:1: error[include-too-deep]: includes nest more than 10 deep",
            ]
        );
    }
}
