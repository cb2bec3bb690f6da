//! A large book: the sidebar stays small and every link still resolves.

mod common;
#[path = "../examples/gen_corpus/corpus.rs"]
mod corpus;

use std::fs;

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
