//! Figures as published reach the page as the author wrote them: nil
//! dashes, accounting negatives, rows in their own unit, totals kept as
//! published and totals that could not be checked, each with its note.

use crate::common;

use std::fs;

use budgetbook::BuildOptions;

fn page(book: &str, page: &str) -> String {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        destination: Some(out.path().join("site")),
        ..BuildOptions::default()
    };
    budgetbook::build(&common::fixture(book), &options).unwrap();
    fs::read_to_string(out.path().join("site").join(page)).unwrap()
}

#[test]
fn an_unchecked_total_carries_a_note_saying_so() {
    let html = page("valid/unchecked", "kapitel.html");
    assert!(
        html.contains("Ej kontrollerad: en siffra som summan beräknas från saknas i tabellen."),
        "{html}"
    );
    // The running total is drawn and checked from its second column on.
    assert!(html.contains("id=\"drift.ram\""));
}

#[test]
fn a_total_kept_as_published_shows_stated_computed_and_why() {
    let html = page("valid/as-published", "accounts.html");
    assert!(
        html.contains(
            "As published: 64,700; computed 64,710. The total is misprinted in the published accounts."
        ),
        "{html}"
    );
    assert!(html.contains(">64,700<"), "{html}");
}

#[test]
fn english_figures_as_printed_reach_the_page() {
    let html = page("valid/english-figures", "accounts.html");
    // Accounting negatives, a nil dash, a row in its own unit.
    assert!(html.contains(">(2,450)<"), "{html}");
    assert!(html.contains(">\u{2013}<"), "{html}");
    assert!(html.contains(">£1.2bn<"), "{html}");
    assert!(html.contains(">6.5%<"), "{html}");
}

#[test]
fn swedish_figures_as_printed_reach_the_page_in_swedish_style() {
    let html = page("valid/swedish-figures", "budget.html");
    assert!(html.contains(">\u{2212}2\u{a0}450<"), "{html}");
    assert!(html.contains(">\u{2212}0,4<"), "{html}");
    assert!(html.contains(">1\u{a0}204,5<"), "{html}");
    assert!(html.contains(">1,2\u{a0}mdkr<"), "{html}");
    assert!(html.contains(">6,5\u{a0}%<"), "{html}");
    // The table quoted in English style is read in that style.
    assert!(html.contains(">52\u{a0}310<"), "{html}");
    assert!(html.contains("data-value=\"1204.75\""), "{html}");
}
