//! A large book: the sidebar stays small and every link still resolves;
//! large chapters cost work in proportion to their size.

use crate::common;
use crate::corpus;

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use budgetbook::parse::markdown;
use budgetbook::source::SourceFile;

#[test]
fn a_large_book_gets_a_windowed_sidebar_with_a_link_to_the_full_contents() {
    let work = tempfile::tempdir().unwrap();
    corpus::write_book(work.path(), 400, 1, false).unwrap();
    let options = budgetbook::BuildOptions {
        destination: Some(work.path().join("site")),
        ..Default::default()
    };
    let report = budgetbook::build(work.path(), &options).unwrap();
    assert_eq!(report.blocks, 400);
    let site = work.path().join("site");
    let page = fs::read_to_string(site.join("kapitel-00200.html")).unwrap();
    let sidebar = &page[page.find("<nav id=\"toc\"").unwrap()..];
    let entries = sidebar.matches("<li").count();
    assert!(entries <= 27, "{entries} entries in the sidebar");
    assert!(sidebar.contains("aria-current=\"page\">Kapitel 200</a>"));
    assert!(sidebar.contains("href=\"index.html#innehall\">Fler kapitel …</a>"));
    let index = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("href=\"kapitel-00399.html\">Kapitel 399</a>"),
        "the front page lists every chapter"
    );
    assert_eq!(common::broken_links(&site), Vec::<String>::new());
}

/// The heading ids of one chapter's text.
fn heading_ids(text: String) -> Vec<String> {
    let file = SourceFile::new("kapitel.md", text);
    let mut diagnostics = budgetbook::diagnostic::Diagnostics::default();
    let chapter = markdown::parse(
        &file,
        0,
        Path::new("kapitel.md"),
        &HashSet::new(),
        markdown::Limits::default(),
        &mut Vec::new(),
        &mut diagnostics,
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    chapter.headings.into_iter().map(|h| h.id).collect()
}

#[test]
fn twenty_thousand_headings_of_one_name_get_distinct_ids() {
    let text = format!(
        "## Egen {{#rubrik-2}}\n\n{}",
        "## Rubrik\n\n".repeat(20_000)
    );
    let ids = common::without_hanging(30, move || heading_ids(text));
    assert_eq!(ids.len(), 20_001);
    assert_eq!(
        ids[..5],
        ["rubrik-2", "rubrik", "rubrik-1", "rubrik-3", "rubrik-4"]
    );
    assert_eq!(ids[20_000], "rubrik-20000");
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len());
}

/// A book whose SUMMARY.md nests `levels` chapters, each under the one
/// before.
fn nested_book(dir: &Path, levels: usize) {
    let content = dir.join("content");
    fs::create_dir_all(&content).unwrap();
    fs::write(dir.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
    let mut summary = String::new();
    for i in 0..levels {
        summary += &format!("{}- [Kapitel {i}](k{i}.md)\n", "  ".repeat(i));
        fs::write(content.join(format!("k{i}.md")), format!("# Kapitel {i}\n")).unwrap();
    }
    fs::write(content.join("SUMMARY.md"), summary).unwrap();
}

#[test]
fn a_summary_nested_to_the_limit_is_rendered() {
    let work = tempfile::tempdir().unwrap();
    nested_book(work.path(), 16);
    let site = work.path().join("site");
    let options = budgetbook::BuildOptions {
        destination: Some(site.clone()),
        ..budgetbook::BuildOptions::full()
    };
    budgetbook::build(work.path(), &options).unwrap();
    for page in ["index.html", "k15.html", "print.html"] {
        let html = fs::read_to_string(site.join(page)).unwrap();
        assert!(html.contains("<ol class=\"toc-list\">\n<li"), "{page}");
        assert!(
            html.matches("<ol class=\"toc-list\">").count() >= 16,
            "{page}"
        );
    }
}

#[test]
fn a_summary_nested_six_hundred_levels_deep_is_an_error_not_a_crash() {
    let work = tempfile::tempdir().unwrap();
    nested_book(work.path(), 600);
    let options = budgetbook::BuildOptions {
        destination: Some(work.path().join("site")),
        ..budgetbook::BuildOptions::full()
    };
    let Err(budgetbook::Error::Invalid { diagnostics }) = budgetbook::build(work.path(), &options)
    else {
        panic!("the book builds")
    };
    let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        ["content/SUMMARY.md:17:33: error[summary-too-deep]: this item is nested more than 16 levels deep"]
    );
}
