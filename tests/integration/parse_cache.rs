//! `serve` keeps each chapter as last parsed and parses again only what an
//! edit changed: a book checked through the cache must be exactly the book
//! checked from scratch, whatever changed in between.

use crate::common;

use std::fs;
use std::path::Path;

use budgetbook::parse::cache::ParseCache;
use budgetbook::site::{check_watching, CheckedBook};

fn check(book: &Path, cache: Option<&ParseCache>) -> CheckedBook {
    check_watching(book, false, None, &mut Vec::new(), cache).expect("the book is valid")
}

/// The checked book as text: every chapter, block, link and warning.
fn shown(checked: &CheckedBook) -> String {
    format!("{:#?}\n{:#?}", checked.parsed, checked.warnings)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_book_checked_through_the_cache_is_the_book_checked_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path();
    common::copy_default_book(book);
    let cache = ParseCache::new();
    assert_eq!(shown(&check(book, Some(&cache))), shown(&check(book, None)));

    // A paragraph more in one chapter, with HTML (shown as text for now).
    let chapter = book.join("content/03-budgetramar.md");
    fs::write(
        &chapter,
        fs::read_to_string(&chapter).unwrap() + "\nEtt <em>nytt</em> stycke om \"ramarna\".\n",
    )
    .unwrap();
    let cached = shown(&check(book, Some(&cache)));
    assert!(cached.contains("stycke om"));
    assert_eq!(cached, shown(&check(book, None)));

    // A setting every chapter is parsed with, the chapters unchanged: none
    // is taken as it was (the HTML written in the chapter now counts).
    edit(
        &book.join("book.toml"),
        "[build]\n",
        "[build]\nallow-html = true\n",
    );
    let with_html = shown(&check(book, Some(&cache)));
    assert_ne!(with_html, cached);
    assert_eq!(with_html, shown(&check(book, None)));
}

#[test]
fn a_chapter_that_reads_a_sheet_is_read_again_when_the_sheet_changes() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path();
    common::copy_dir(&common::fixture("valid/sheet-source"), book);
    let cache = ParseCache::new();
    let before = shown(&check(book, Some(&cache)));

    // Only the sheet changes, not the chapter's text.
    edit(
        &book.join("data/kassaflode.csv"),
        "Finansiering;425,5;625\nÅrets kassaflöde;-53,5;44",
        "Finansiering;426,5;625\nÅrets kassaflöde;-52,5;44",
    );
    let after = shown(&check(book, Some(&cache)));
    assert_ne!(after, before, "the sheet's new figures are read");
    assert_eq!(after, shown(&check(book, None)));
}
