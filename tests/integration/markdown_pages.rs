//! What a chapter's own Markdown becomes on its page and in the whole
//! document: footnotes gathered at the end with ids of their own, and
//! tables written in Markdown aligned by class, not by `style` attributes
//! (which the page's security policy blocks).

use crate::common;

use std::collections::BTreeMap;
use std::fs;

use budgetbook::BuildOptions;

fn build() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        destination: Some(out.path().join("site")),
        ..BuildOptions::default()
    };
    budgetbook::build(&common::fixture("valid/footnotes"), &options).unwrap();
    out
}

#[test]
fn every_id_is_unique_on_its_page_and_every_link_lands() {
    let out = build();
    let site = out.path().join("site");
    for (path, bytes) in common::read_tree(&site) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for id in common::attribute_values(&html, "id") {
            *seen.entry(id).or_default() += 1;
        }
        let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
        assert!(twice.is_empty(), "{}: {twice:?}", path.display());
        assert!(!html.contains(" style=\""), "{}", path.display());
    }
    assert_eq!(common::broken_links(&site), Vec::<String>::new());

    // Two chapters' note 1 stay apart in the whole document.
    let print = fs::read_to_string(site.join("print.html")).unwrap();
    for expected in [
        "id=\"revenue/fn-1\"",
        "id=\"spending-chapter/fn-1\"",
        "href=\"#spending-chapter/fn-1\"",
        "href=\"#revenue/fnref-1\"",
        // The chapter named as its table gives the table its id.
        "<section class=\"print-chapter\" id=\"spending-chapter\">",
        "href=\"#spending-chapter\">spending</a>",
        "<table class=\"budget-table\" id=\"spending\"",
    ] {
        assert!(print.contains(expected), "{expected}");
    }
}

#[test]
fn footnotes_are_numbered_as_referred_to_and_gathered_at_the_end() {
    let out = build();
    let html = fs::read_to_string(out.path().join("site/revenue.html")).unwrap();
    // A note named like the table keeps off the table's id.
    assert!(html.contains("<a href=\"#fn-inv\">2</a>"), "{html}");
    assert!(html.contains("<table class=\"budget-table\" id=\"inv\""));
    assert!(html.contains("<a href=\"#fn-notes\">3</a>"));
    // The second reference to note 1 has an id of its own; the note links
    // back to the first.
    assert!(html.contains("id=\"fnref-1-2\"><a href=\"#fn-1\">1</a>"));
    assert!(html.contains("<a class=\"footnote-back\" href=\"#fnref-1\""));
    let notes = html.find("<section class=\"footnotes\"").unwrap();
    let last_table = html.rfind("<table").unwrap();
    assert!(
        notes > last_table,
        "the notes come after the chapter's text"
    );
    let first = html.find("Within the referendum limit.").unwrap();
    let second = html.find("The limit is set each year.").unwrap();
    assert!(notes < first && first < second);
}

#[test]
fn markdown_tables_are_aligned_by_class_and_scroll_in_their_own_box() {
    let out = build();
    let html = fs::read_to_string(out.path().join("site/revenue.html")).unwrap();
    for expected in [
        "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table\">\n<table class=\"markdown-table\">",
        "<th scope=\"col\" class=\"align-right\">2024/25</th>",
        "<td class=\"align-left\">Car parking</td><td class=\"align-right\">(1,234)</td>",
    ] {
        assert!(html.contains(expected), "{expected}\n{html}");
    }
    // Past nine columns a table is printed sideways, as a budget table is.
    assert_eq!(html.matches("<div class=\"table-scroll wide\"").count(), 1);
    assert_eq!(html.matches("<div class=\"table-scroll\"").count(), 2);
}
