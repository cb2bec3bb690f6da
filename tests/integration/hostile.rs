//! Hostile and broken input: whatever an author (or an attacker with write
//! access to a chapter) puts into a book, the site carries no executable
//! markup, no spreadsheet formulas, and reads nothing outside the book.

use crate::common;

use std::fs;
use std::path::Path;

use budgetbook::{BuildOptions, Error};

/// Every tag of an HTML or SVG text: its name and its raw attribute text.
/// Author text reaches the page escaped, so every literal `<` opens a tag.
fn tags(markup: &str) -> Vec<(String, String)> {
    let mut tags = Vec::new();
    let mut rest = markup;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        let inside = &rest[start + 1..start + end];
        let name: String = inside
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        tags.push((name.to_ascii_lowercase(), inside.to_string()));
        rest = &rest[start + end + 1..];
    }
    tags
}

/// The attribute names of a tag's inside (`a href="…" class=x`), with
/// quoted values skipped, so that text inside a value is not taken for an
/// attribute.
fn attribute_names(inside: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut chars = inside.chars().skip_while(|c| !c.is_whitespace()).peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == '/') {
            chars.next();
        }
        let name: String =
            std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace() && *c != '=')).collect();
        if name.is_empty() {
            break;
        }
        names.push(name);
        if chars.next_if_eq(&'=').is_some() {
            match chars.peek() {
                Some('"') | Some('\'') => {
                    let quote = chars.next().unwrap();
                    for c in chars.by_ref() {
                        if c == quote {
                            break;
                        }
                    }
                }
                _ => while chars.next_if(|c| !c.is_whitespace()).is_some() {},
            }
        }
    }
    names
}

fn assert_no_executable_markup(name: &str, markup: &str) {
    for (tag, inside) in tags(markup) {
        let lower = inside.to_ascii_lowercase();
        if tag == "script" && !inside.starts_with('/') {
            assert!(
                lower.contains("src=\"search.js\""),
                "{name}: a script that is not the site's own: <{inside}>"
            );
        }
        let search_form = name == "search.html"
            && (lower.starts_with("form id=\"search-form\"") || lower == "/form");
        assert!(
            !["iframe", "object", "embed", "form", "base"].contains(&tag.as_str()) || search_form,
            "{name}: <{inside}>"
        );
        for attribute in attribute_names(&lower) {
            assert!(
                !attribute.starts_with("on"),
                "{name}: event handler in <{inside}>"
            );
        }
        assert!(
            !lower.contains("javascript:"),
            "{name}: javascript: URL in <{inside}>"
        );
        assert!(
            !lower.contains("data:text"),
            "{name}: data: URL in <{inside}>"
        );
    }
}

fn build_hostile() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        destination: Some(out.path().join("site")),
        ..BuildOptions::full()
    };
    budgetbook::build(&common::fixture("valid/hostile"), &options).unwrap();
    out
}

#[test]
fn hostile_text_never_becomes_markup() {
    let out = build_hostile();
    let site = out.path().join("site");
    let mut checked = 0;
    for (path, contents) in common::read_tree(&site) {
        let name = path.display().to_string();
        // Workbooks are zip files (tests/spreadsheets.rs reads them back),
        // previews are PNG images (tests/previews.rs).
        if path.extension().is_some_and(|e| e == "xlsx" || e == "png") {
            continue;
        }
        let text = String::from_utf8(contents).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("html") | Some("svg") => {
                assert_no_executable_markup(&name, &text);
                checked += 1;
            }
            Some("json") => {
                serde_json::from_str::<serde_json::Value>(&text)
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
            }
            _ => {}
        }
    }
    assert!(checked >= 6);
    let page = fs::read_to_string(site.join("kapitel.html")).unwrap();
    assert!(
        page.contains("&lt;script&gt;alert(8)&lt;/script&gt;"),
        "raw HTML is shown as text"
    );
    assert!(
        page.contains("<a href=\"#\">klicka</a>"),
        "a javascript: link goes nowhere"
    );
    assert!(
        page.contains(
            "<h2 id=\"rubrik-bild\"><a href=\"#\">rubrik</a> <img src=\"#\" alt=\"bild\" />"
        ),
        "nor does one in a heading"
    );
    assert!(
        page.contains("och \u{fffd}0\u{fffd}."),
        "figure markers typed by the author are neutralised"
    );
}

#[test]
fn csv_cells_never_start_a_spreadsheet_formula() {
    let out = build_hostile();
    for file in ["data/fientlig.csv", "data/fientlig.sv.csv"] {
        let text = fs::read_to_string(out.path().join("site").join(file)).unwrap();
        let separator = if file.ends_with(".sv.csv") { ';' } else { ',' };
        for line in text.trim_start_matches('\u{feff}').lines() {
            // Text cells are the first four, and every cell of the header.
            let header = line.starts_with("id");
            for (i, cell) in common::csv_cells(line, separator).iter().enumerate() {
                if header || i < 4 {
                    assert!(!cell.starts_with(['=', '+', '-', '@']), "{file}: {cell}");
                }
            }
        }
    }
}

fn book_with(dir: &Path, summary: &str, files: &[(&str, &str)]) {
    fs::create_dir_all(dir.join("content")).unwrap();
    fs::write(dir.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
    fs::write(dir.join("content/SUMMARY.md"), summary).unwrap();
    for (name, text) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

fn errors(dir: &Path) -> Vec<String> {
    match budgetbook::check(dir, true) {
        Err(Error::Invalid { diagnostics }) => {
            diagnostics.iter().map(ToString::to_string).collect()
        }
        Err(other) => vec![other.to_string()],
        Ok(_) => Vec::new(),
    }
}

#[test]
fn chapter_file_names_stay_paths_in_links() {
    let work = tempfile::tempdir().unwrap();
    let book = work.path().join("book");
    book_with(
        &book,
        "# Summary\n\n- [Skript](<javascript:alert(1).md>)\n- [Mellanslag](<a b.md>)\n",
        &[
            (
                "content/javascript:alert(1).md",
                "# Skript\n\n[Mellanslag](<a b.md>)\n",
            ),
            ("content/a b.md", "# Mellanslag\n"),
        ],
    );
    let site = work.path().join("site");
    let options = BuildOptions {
        destination: Some(site.clone()),
        ..BuildOptions::full()
    };
    budgetbook::build(&book, &options).unwrap();
    for (path, bytes) in common::read_tree(&site) {
        if path.extension().is_some_and(|e| e == "html") {
            let name = path.display().to_string();
            assert_no_executable_markup(&name, std::str::from_utf8(&bytes).unwrap());
        }
    }
    assert_eq!(common::broken_links(&site), Vec::<String>::new());
    let index = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("href=\"javascript%3Aalert(1).html\""),
        "{index}"
    );
}

#[test]
fn a_books_templates_cannot_read_the_environment() {
    let work = tempfile::tempdir().unwrap();
    let book = work.path().join("book");
    book_with(
        &book,
        "- [Kapitel](kapitel.md)\n",
        &[
            ("content/kapitel.md", "# Kapitel\n"),
            ("templates/base.html", "{{ get_env(name=\"HOME\") }}"),
        ],
    );
    let options = BuildOptions {
        destination: Some(work.path().join("site")),
        ..BuildOptions::default()
    };
    let error = budgetbook::build(&book, &options).unwrap_err().to_string();
    assert!(error.contains("get_env is not available"), "{error}");
    assert!(!work.path().join("site").exists());
}

#[cfg(unix)]
#[test]
fn symbolic_links_cannot_reach_outside_the_book() {
    let work = tempfile::tempdir().unwrap();
    let secret = work.path().join("secret.md");
    fs::write(&secret, "# Hemligt lösenord\n").unwrap();
    let book = work.path().join("book");
    book_with(
        &book,
        "- [Kapitel](kapitel.md)\n",
        &[("static/ok.txt", "ok")],
    );
    std::os::unix::fs::symlink(&secret, book.join("content/kapitel.md")).unwrap();
    std::os::unix::fs::symlink(&secret, book.join("static/leak.md")).unwrap();
    std::os::unix::fs::symlink(work.path(), book.join("templates")).unwrap();
    let found = errors(&book);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("outside the book"), "{found:?}");

    // With the chapter itself in the book, the site is built without the links.
    fs::remove_file(book.join("content/kapitel.md")).unwrap();
    fs::write(book.join("content/kapitel.md"), "# Kapitel\n").unwrap();
    let out = work.path().join("site");
    let options = BuildOptions {
        destination: Some(out.clone()),
        ..BuildOptions::default()
    };
    budgetbook::build(&book, &options).unwrap();
    assert!(out.join("ok.txt").is_file());
    assert!(!out.join("leak.md").exists());
    for (_, contents) in common::read_tree(&out) {
        assert!(!String::from_utf8_lossy(&contents).contains("Hemligt"));
    }
}

#[test]
fn a_source_directory_outside_the_book_is_refused() {
    let work = tempfile::tempdir().unwrap();
    let book = work.path().join("book");
    book_with(
        &book,
        "- [Kapitel](kapitel.md)\n",
        &[("content/kapitel.md", "# K\n")],
    );
    fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"T\"\nsrc = \"../..\"\n",
    )
    .unwrap();
    let found = errors(&book);
    assert!(
        found[0].contains("book.toml:3:7") && found[0].contains("inside the book"),
        "{found:?}"
    );
    fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"T\"\nsrc = \"/etc\"\n",
    )
    .unwrap();
    assert!(errors(&book)[0].contains("inside the book"));
}

#[test]
fn links_in_headings_are_rewritten_and_checked_like_any_other() {
    let work = tempfile::tempdir().unwrap();
    let book = work.path().join("book");
    book_with(
        &book,
        "- [Kapitel](kapitel.md)\n- [Annat](annat.md)\n",
        &[
            (
                "content/kapitel.md",
                "# Kapitel\n\n## Se [annat](annat.md#x)\n",
            ),
            ("content/annat.md", "# Annat\n\n## X\n"),
        ],
    );
    let out = work.path().join("site");
    let options = BuildOptions {
        destination: Some(out.clone()),
        ..BuildOptions::default()
    };
    budgetbook::build(&book, &options).unwrap();
    let page = fs::read_to_string(out.join("kapitel.html")).unwrap();
    assert!(
        page.contains("<h2 id=\"se-annat\">Se <a href=\"annat.html#x\">annat</a>"),
        "{page}"
    );

    fs::write(
        book.join("content/kapitel.md"),
        "# Kapitel\n\n## Se [annat](annat.md#y)\n\n### Och [inget](inget.md)\n",
    )
    .unwrap();
    assert_eq!(
        errors(&book),
        [
            "content/kapitel.md:3:7: error[broken-anchor]: `annat.md#y` links to an anchor that is not on that page",
            "content/kapitel.md:5:9: error[broken-link]: `inget.md` links to a chapter that is not in the book",
        ]
    );
}
