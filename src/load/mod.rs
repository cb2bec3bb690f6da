//! Stage 1: read the book from disk — configuration, table of contents,
//! chapter files, template overrides and static files. Nothing is parsed
//! beyond what is needed to know which files make up the book.

pub mod config;
pub mod front_matter;
pub mod front_page;
pub mod include;
mod mdbook;
pub mod summary;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

pub use config::{BookDate, BudgetPhase, Config, Language, Negatives};
pub use front_matter::FrontMatter;
pub use front_page::{FrontPageConfig, KeyFigureConfig};

use crate::diagnostic::{Diagnostic, Diagnostics, Problem};
use crate::error::Error;
use crate::source::SourceFile;

/// The pages the site makes itself at its root, which no chapter may
/// take (a chapter may be the front page, `index.md`).
const SITE_PAGES: &[&str] = &[
    "print.html",
    "search.html",
    "404.html",
    "accessibility.html",
];

/// A book as read from disk.
#[derive(Debug)]
pub struct Book {
    pub root: PathBuf,
    pub config: Config,
    pub chapters: Vec<ChapterSource>,
    /// Files of `templates/`, by name, overriding the built-in ones.
    pub templates: BTreeMap<String, String>,
    /// Files under `static/`, relative to it, in a stable order.
    pub static_files: Vec<PathBuf>,
    /// Files beside the chapters that are not Markdown (images, PDFs),
    /// relative to the source directory, in a stable order: published at
    /// the same place, as mdBook does.
    pub source_files: Vec<PathBuf>,
    /// The table of contents as SUMMARY.md gives it: chapters (by path),
    /// drafts still to be written, part titles and separators.
    pub outline: Vec<summary::Entry>,
    /// Files the chapters include, relative to the book.
    pub included: Vec<PathBuf>,
}

#[derive(Debug)]
pub struct ChapterSource {
    pub file: Arc<SourceFile>,
    /// Relative to the source directory, as linked from SUMMARY.md.
    pub path: PathBuf,
    /// The link text in SUMMARY.md.
    pub nav_title: String,
    pub depth: usize,
    /// The section number of a chapter of the numbered list (`1.2.`).
    pub number: Option<String>,
    pub front: FrontMatter,
    /// The page title a `{{#title …}}` gives.
    pub include_title: Option<String>,
    /// Where the Markdown starts, after the front matter.
    pub body_offset: usize,
}

/// Reads and checks `book.toml` alone.
pub fn load_config(root: &Path) -> Result<Config, Error> {
    load_config_reporting(root, &mut Vec::new())
}

/// Reads and checks `book.toml`, with a warning in `warnings` for each
/// mdBook setting it ignores.
fn load_config_reporting(root: &Path, warnings: &mut Vec<Diagnostic>) -> Result<Config, Error> {
    if !root.join("book.toml").is_file() {
        return Err(Error::NotABook {
            dir: root.to_path_buf(),
        });
    }
    let config_file = read_source(root, Path::new("book.toml"))?;
    config::parse_reporting(&config_file, Some(root), warnings).map_err(|d| Error::Invalid {
        diagnostics: vec![d],
    })
}

pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Result<Book, Error> {
    let mut warnings = Vec::new();
    let config = load_config_reporting(root, &mut warnings)?;
    for warning in warnings {
        diagnostics.push(warning);
    }
    if root.join("theme").is_dir() {
        diagnostics.warning(
            Problem::ThemeIgnored {
                path: "theme/".into(),
            },
            None,
        );
    }

    let src_dir = root.join(&config.src);
    let summary_rel = config.src.join("SUMMARY.md");
    if !src_dir.join("SUMMARY.md").is_file() {
        diagnostics.error(
            Problem::SummaryMissing {
                path: summary_rel.display().to_string(),
            },
            None,
        );
        return Ok(Book {
            root: root.to_path_buf(),
            config,
            chapters: Vec::new(),
            templates: BTreeMap::new(),
            static_files: Vec::new(),
            source_files: Vec::new(),
            outline: Vec::new(),
            included: Vec::new(),
        });
    }
    let summary_file = read_source(root, &summary_rel)?;
    let outline = summary::parse(&summary_file, diagnostics);

    let mut chapters = Vec::new();
    let mut listed = BTreeSet::new();
    let mut included = BTreeSet::new();
    let book_root = root.canonicalize().ok();
    let includes = include::Includes {
        root,
        real_root: book_root.as_deref(),
        max_file_size: config.max_file_size,
    };
    let mut items = Vec::new();
    for item in summary::chapters(&outline).cloned() {
        let page = item.path.with_extension("html");
        if !listed.insert(item.path.clone()) {
            diagnostics.error(
                Problem::SummaryDuplicate {
                    path: item.path.display().to_string(),
                },
                item.location,
            );
        } else if SITE_PAGES.iter().any(|p| page == Path::new(p)) {
            diagnostics.error(
                Problem::PageTaken {
                    path: item.path.display().to_string(),
                    page: page.display().to_string(),
                },
                item.location,
            );
        } else {
            items.push(item);
        }
    }
    // Chapters are read in parallel (a large book has thousands of small
    // files); their problems are kept in the order of SUMMARY.md.
    let read: Vec<(Option<ReadChapter>, Diagnostics)> = items
        .into_par_iter()
        .map(|item| {
            let mut found = Diagnostics::default();
            let chapter = read_chapter(item, &config, &src_dir, &includes, &mut found)?;
            Ok((chapter, found))
        })
        .collect::<Result<_, Error>>()?;
    for (chapter, found) in read {
        diagnostics.extend(found);
        if let Some((chapter, files)) = chapter {
            included.extend(files);
            chapters.push(chapter);
        }
    }

    // One walk of the sources: chapters not listed, and files beside them.
    let (markdown, source_files): (Vec<PathBuf>, Vec<PathBuf>) = files_below(&src_dir)?
        .into_iter()
        .partition(|p| p.extension().is_some_and(|e| e == "md"));
    for orphan in markdown {
        // A file a chapter includes is published through it.
        let included_here = included.contains(&config.src.join(&orphan));
        if orphan != Path::new("SUMMARY.md") && !listed.contains(&orphan) && !included_here {
            diagnostics.warning(
                Problem::OrphanChapter {
                    path: config.src.join(&orphan).display().to_string(),
                },
                None,
            );
        }
    }

    check_redirects(&config.redirects, &chapters, diagnostics);
    Ok(Book {
        templates: read_templates(&root.join("templates"))?,
        static_files: files_below(&root.join("static"))?,
        source_files,
        root: root.to_path_buf(),
        config,
        chapters,
        outline,
        included: included.into_iter().collect(),
    })
}

/// A chapter as read, and the files its includes read.
type ReadChapter = (ChapterSource, Vec<PathBuf>);

/// Reads the chapter a SUMMARY.md entry names, with its includes expanded
/// (and the files they read); `None` when it cannot be read, and why is
/// in `diagnostics`.
fn read_chapter(
    item: summary::SummaryItem,
    config: &Config,
    src_dir: &Path,
    includes: &include::Includes,
    diagnostics: &mut Diagnostics,
) -> Result<Option<ReadChapter>, Error> {
    let chapter_path = src_dir.join(&item.path);
    if let Some(problem) = not_a_chapter_file(&chapter_path, &item.path) {
        diagnostics.error(problem, item.location);
        return Ok(None);
    }
    // A symbolic link in the book must not lead to a file outside it.
    let inside = match (chapter_path.canonicalize(), includes.real_root) {
        (Ok(real), Some(root)) => real.starts_with(root),
        _ => false,
    };
    if !inside {
        diagnostics.error(
            Problem::OutsideBook {
                path: config.src.join(&item.path).display().to_string(),
            },
            item.location,
        );
        return Ok(None);
    }
    let size = chapter_path.metadata().map_or(0, |m| m.len());
    if size > config.max_file_size {
        diagnostics.error(
            Problem::FileTooLarge {
                path: config.src.join(&item.path).display().to_string(),
                size,
                limit: config.max_file_size,
            },
            item.location,
        );
        return Ok(None);
    }
    let file = match read_source(includes.root, &config.src.join(&item.path)) {
        Ok(file) => file,
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::InvalidData => {
            diagnostics.error(Problem::NotUtf8, item.location);
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    let (front, body_offset) = front_matter::split(&file).unwrap_or_else(|d| {
        diagnostics.push(d);
        (FrontMatter::default(), file.text().len())
    });
    let expanded = include::expand(&file, body_offset, includes, diagnostics);
    let chapter = ChapterSource {
        file: expanded.file,
        path: item.path,
        nav_title: item.title,
        depth: item.depth,
        number: item.number,
        front,
        include_title: expanded.title,
        body_offset,
    };
    Ok(Some((chapter, expanded.included)))
}

/// Why the file a SUMMARY.md entry names cannot be read as a chapter, if it
/// cannot: it is missing, or is something other than a file.
fn not_a_chapter_file(path: &Path, listed: &Path) -> Option<Problem> {
    let what = match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_file() => return None,
        Ok(metadata) if metadata.is_dir() => "is a directory, not a chapter file",
        Ok(_) => "is not a regular file",
        Err(error) if is_link_loop(&error) => "is a symbolic link that leads in a loop",
        Err(_) => {
            return Some(Problem::SummaryMissingFile {
                path: listed.display().to_string(),
            })
        }
    };
    Some(Problem::SummaryNotAFile {
        path: listed.display().to_string(),
        what,
    })
}

#[cfg(unix)]
fn is_link_loop(error: &std::io::Error) -> bool {
    error.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_link_loop(_: &std::io::Error) -> bool {
    false
}

fn read_source(root: &Path, relative: &Path) -> Result<Arc<SourceFile>, Error> {
    let path = root.join(relative);
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io("read", &path, e))?;
    Ok(SourceFile::new(relative, text))
}

/// Regular files below `dir`, relative to it, sorted; none if `dir` is absent.
/// Symbolic links are not followed, so nothing outside the book is read.
fn files_below(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir)
        .follow_root_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io("list", path, e.into())
        })?;
        if entry.file_type().is_file() {
            if let Ok(relative) = entry.path().strip_prefix(dir) {
                files.push(relative.to_path_buf());
            }
        }
    }
    Ok(files)
}

fn read_templates(dir: &Path) -> Result<BTreeMap<String, String>, Error> {
    let mut templates = BTreeMap::new();
    for relative in files_below(dir)? {
        let path = dir.join(&relative);
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io("read", &path, e))?;
        let name = relative.to_string_lossy().replace('\\', "/");
        templates.insert(name, text);
    }
    Ok(templates)
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Error::Invalid {
            diagnostics: vec![diagnostic],
        }
    }
}

/// A redirect neither replaces a page of the site nor leads nowhere: its
/// address, read from the old page's folder as a browser reads it, is a
/// page of the site other than the old page itself, or a web address.
fn check_redirects(
    redirects: &[config::Redirect],
    chapters: &[ChapterSource],
    diagnostics: &mut Diagnostics,
) {
    let is_page = |path: &str| {
        path == "index.html"
            || SITE_PAGES.contains(&path)
            || chapters
                .iter()
                .any(|c| c.path.with_extension("html") == Path::new(path))
    };
    for redirect in redirects {
        let from = redirect.from.as_str();
        if is_page(from) {
            diagnostics.error(
                Problem::Config {
                    message: format!(
                        "[output.html.redirect] `{from}` is a page of the site; a redirect cannot replace it"
                    ),
                },
                redirect.location.clone(),
            );
            continue;
        }
        let to = redirect.to.as_str();
        let has_scheme = to
            .find([':', '/', '?', '#'])
            .is_some_and(|i| to[i..].starts_with(':'));
        if has_scheme || to.starts_with("//") || to.starts_with('/') {
            continue;
        }
        let path = percent_decoded(to.split(['#', '?']).next().unwrap_or_default());
        let folder = from.rfind('/').map_or("", |slash| &from[..=slash]);
        let mut target = resolve_site_path(folder, &path);
        if target.is_empty() || target.ends_with('/') {
            target.push_str("index.html");
        }
        let problem = if target == from {
            Problem::RedirectLoop {
                from: from.to_string(),
                to: to.to_string(),
            }
        } else if !is_page(&target) {
            Problem::BrokenLink {
                link: to.to_string(),
            }
        } else {
            continue;
        };
        diagnostics.error(problem, redirect.location.clone());
    }
}

/// `path`, relative to `folder` (empty or ending with `/`), as a path from
/// the site root; `..` above the root stays at the root, as in a browser.
pub(crate) fn resolve_site_path(folder: &str, path: &str) -> String {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    let mut segments = path.split('/').peekable();
    while let Some(segment) = segments.next() {
        match segment {
            "." => {}
            ".." => {
                parts.pop();
            }
            // A folder link (`del/`) keeps its trailing slash.
            "" if segments.peek().is_none() => parts.push(""),
            "" => {}
            segment => parts.push(segment),
        }
    }
    parts.join("/")
}

/// `text` with its `%XX` escapes decoded, as a browser reads an address;
/// as written where they do not make UTF-8.
pub(crate) fn percent_decoded(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}
