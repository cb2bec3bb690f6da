//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn default_book() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file below `dir`, relative path → contents.
pub fn read_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (relative, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// A copy of every file below `from`, at the same places below `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for (relative, contents) in read_tree(from) {
        let target = to.join(relative);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, contents).unwrap();
    }
}

/// A copy of fixture book `name` whose book.toml also sets `[site]
/// base-url = url`.
pub fn fixture_with_base_url(name: &str, url: &str) -> tempfile::TempDir {
    let book = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), book.path());
    let toml = fs::read_to_string(book.path().join("book.toml")).unwrap();
    fs::write(
        book.path().join("book.toml"),
        format!("{toml}\n[site]\nbase-url = \"{url}\"\n"),
    )
    .unwrap();
    book
}

/// The default book's own files (not the repository around them), copied
/// to `to` for a test that edits them.
pub fn copy_default_book(to: &Path) {
    let root = default_book();
    fs::create_dir_all(to).unwrap();
    fs::copy(root.join("book.toml"), to.join("book.toml")).unwrap();
    for folder in ["content", "static"] {
        if root.join(folder).is_dir() {
            copy_dir(&root.join(folder), &to.join(folder));
        }
    }
}

/// Values of `attribute="…"` in an HTML text. Our output always quotes
/// attributes with `"`, so a scan is enough.
pub fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!(" {attribute}=\"");
    html.match_indices(&needle)
        // Inside a tag, not in text that merely looks like an attribute.
        .filter(|(i, _)| html[..*i].rfind('<') > html[..*i].rfind('>'))
        .filter_map(|(i, _)| {
            let start = i + needle.len();
            html[start..].find('"').map(|end| &html[start..start + end])
        })
        .collect()
}

/// Checks every `href` and `src` of every HTML page in `site`: the file must
/// exist and the fragment must be an id on the target page. Returns the
/// broken links as "page: link".
pub fn broken_links(site: &Path) -> Vec<String> {
    // The site's path where the book gives its address: the front page's
    // canonical address without scheme and host.
    let front = std::fs::read_to_string(site.join("index.html")).unwrap_or_default();
    let path = front
        .split_once("<link rel=\"canonical\" href=\"")
        .and_then(|(_, rest)| rest.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|slash| &rest[slash..]))
        .and_then(|rest| rest.split_once('"'))
        .map(|(url, _)| url[..=url.rfind('/').unwrap_or(0)].to_string())
        .unwrap_or_else(|| "/".to_string());
    broken_links_at(site, &path)
}

/// As [`broken_links`], for a site served at `site_path` (`/2026/`): a
/// link from that path (`/2026/index.html`) is read from the site's root.
pub fn broken_links_at(site: &Path, site_path: &str) -> Vec<String> {
    let tree = read_tree(site);
    let ids: BTreeMap<&Path, BTreeSet<&str>> = tree
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .map(|(p, bytes)| {
            let html = std::str::from_utf8(bytes).unwrap();
            (
                p.as_path(),
                attribute_values(html, "id").into_iter().collect(),
            )
        })
        .collect();
    let mut broken = Vec::new();
    for (page, bytes) in &tree {
        if page.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::str::from_utf8(bytes).unwrap();
        for link in attribute_values(html, "href")
            .into_iter()
            .chain(attribute_values(html, "src"))
        {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = link
                .split_once('#')
                .map_or((link, None), |(p, f)| (p, Some(f)));
            let path = percent_decode(path);
            let from_root = path
                .strip_prefix(site_path)
                .filter(|_| path.starts_with('/'));
            let target = if let Some(path) = from_root {
                normalize(Path::new(path))
            } else if path.is_empty() {
                page.clone()
            } else {
                normalize(&page.parent().unwrap_or(Path::new("")).join(path))
            };
            let ok = match ids.get(target.as_path()) {
                Some(target_ids) => fragment.is_none_or(|f| f.is_empty() || target_ids.contains(f)),
                None => fragment.is_none() && tree.contains_key(&target),
            };
            if !ok {
                broken.push(format!("{}: {link}", page.display()));
            }
        }
    }
    broken
}

/// `%3A` → `:`, as a browser or server reads a link's path.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
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
    String::from_utf8(out).unwrap()
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// One chapter's text through Markdown parsing and validation, as the
/// build does it: the diagnostics it gives.
pub fn parse_and_validate(text: &str) -> budgetbook::diagnostic::Diagnostics {
    use budgetbook::budget::validate::{validate, Context};
    use budgetbook::parse::markdown;
    let file = budgetbook::source::SourceFile::new("kapitel.md", text.to_string());
    let mut blocks = Vec::new();
    let mut diagnostics = budgetbook::diagnostic::Diagnostics::default();
    markdown::parse(
        &file,
        0,
        Path::new("kapitel.md"),
        &HashSet::new(),
        markdown::Limits::default(),
        &mut blocks,
        &mut diagnostics,
    );
    validate(&blocks, Context::default(), &mut diagnostics);
    diagnostics
}

/// Runs `work` on a thread of its own and fails the test if it has not
/// finished after `seconds`: a guard for tests whose defect was a hang, set
/// far above the time the work takes.
pub fn without_hanging<T: Send + 'static>(
    seconds: u64,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(work());
    });
    receiver
        .recv_timeout(std::time::Duration::from_secs(seconds))
        .unwrap_or_else(|e| panic!("no result after {seconds} s ({e}): the work hangs"))
}

/// The cells of a CSV line of the site's dialect: `separator` between
/// cells, `"` around a cell that needs it and doubled inside.
pub fn csv_cells(line: &str, separator: char) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let cell = cells.last_mut().expect("one cell at least");
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            '"' => quoted = !quoted,
            c if c == separator && !quoted => cells.push(String::new()),
            c => cell.push(c),
        }
    }
    cells
}
