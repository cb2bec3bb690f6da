//! A large book: the sidebar stays small and every link still resolves;
//! large chapters cost work in proportion to their size.

mod common;
#[path = "../examples/gen_corpus/corpus.rs"]
mod corpus;

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
    let text = format!("## Egen {{#rubrik-2}}\n\n{}", "## Rubrik\n\n".repeat(20_000));
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
