//! Tables as annual accounts and councils publish them: columns with ids,
//! groups and formulas, checked in every row, shown under grouped headings
//! and carried into the data files.

use crate::common;

use std::fs;

use budgetbook::BuildOptions;

fn site(book: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        destination: Some(out.path().join("site")),
        ..BuildOptions::default()
    };
    budgetbook::build(&common::fixture(book), &options).unwrap();
    out
}

/// The texts an SVG draws, in order.
fn svg_texts(svg: &str) -> Vec<&str> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            t.split_once('>')
                .and_then(|(_, rest)| rest.split_once("</text>"))
        })
        .map(|(text, _)| text)
        .collect()
}

#[test]
fn column_formulas_and_cross_block_checks_are_counted_as_checked() {
    let checked = budgetbook::check(&common::fixture("valid/column-formulas"), false).unwrap();
    let coverage = checked.verdicts.coverage;
    // Netto and Avvikelse in three rows each (the sum row's too: its
    // column formula computes them), the sum row's four other columns, and
    // the check against the result table in its two columns.
    assert_eq!((coverage.checked, coverage.total()), (12, 12));
}

#[test]
fn grouped_columns_get_a_heading_row_over_their_columns() {
    let out = site("valid/column-formulas");
    let html = fs::read_to_string(out.path().join("site/kapitel.html")).unwrap();
    assert!(html.contains(
        "<tr><td></td><th scope=\"colgroup\" colspan=\"5\">2024</th><th scope=\"colgroup\" colspan=\"1\">2023</th></tr>"
    ));
    assert!(html.contains(
        "<colgroup></colgroup><colgroup span=\"5\"></colgroup><colgroup span=\"1\"></colgroup>"
    ));
    let csv = fs::read_to_string(out.path().join("site/data/drift.csv")).unwrap();
    assert!(csv.starts_with(
        "id,label,kind,unit,2024 Intäkter,2024 Kostnader,2024 Netto,2024 Budget,2024 Avvikelse,2023 Netto\r\n"
    ));
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("site/data/drift.json")).unwrap())
            .unwrap();
    assert_eq!(
        json["columns"][2],
        serde_json::json!({"id": "netto-24", "name": "Netto", "group": "2024", "phase": "executed"})
    );
}

#[test]
fn a_chart_draws_the_columns_and_rows_the_author_chose() {
    let out = site("valid/column-formulas");
    let svg = fs::read_to_string(out.path().join("site/charts/drift.svg")).unwrap();
    let texts = svg_texts(&svg);
    // The legend names the two chosen columns, the axis the two chosen rows.
    for wanted in [
        "2024 Netto",
        "2023 Netto",
        "Kommunstyrelsen",
        "Barn- och ungdomsnämnden",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(wanted)),
            "{wanted} in {texts:?}"
        );
    }
    for unwanted in ["Intäkter", "Avvikelse", "Summa"] {
        assert!(
            !texts.iter().any(|t| t.contains(unwanted)),
            "{unwanted} in {texts:?}"
        );
    }
}

#[test]
fn a_waterfall_ends_at_its_total_with_subtotals_on_the_way_in_one_column() {
    let out = site("valid/waterfall");
    let svg = fs::read_to_string(out.path().join("site/charts/resultat.svg")).unwrap();
    let texts = svg_texts(&svg);
    // The subtotal is drawn with its stated figure, not as a step.
    assert!(texts.contains(&"Verksamhetens nettokostnader"), "{texts:?}");
    assert!(texts.contains(&"\u{2212}2\u{a0}900"), "{texts:?}");
    assert!(texts.contains(&"+3\u{a0}100"), "{texts:?}");
    // It ends at the named total, in the first column only.
    assert!(texts.contains(&"Årets resultat"), "{texts:?}");
    assert!(texts.contains(&"200"), "{texts:?}");
    assert!(
        !texts.iter().any(|t| t.contains("Efter resultatet")),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.contains("Plan 2027")), "{texts:?}");
}

/// The views beside a figure write a negative as the book does
/// (`negatives = "parentheses"`), and a share is of amounts, never of a
/// change in per cent.
#[test]
fn views_write_negatives_as_the_book_and_share_only_amounts() {
    let out = site("valid/percent-columns");
    let html = fs::read_to_string(out.path().join("site/revenue.html")).unwrap();
    assert!(
        html.contains("<td data-value=\"-1234\">(1,234)</td>\n<td class=\"share\">(125.9%)</td>"),
        "{html}"
    );
    assert!(html.contains("<td data-value=\"9.9\">9.9%</td>\n<td class=\"share\"><span aria-hidden=\"true\">..</span>"));
    // A table with a `..` says what it means under it; one without, not.
    assert_eq!(
        html.matches("<p class=\"table-key\" aria-hidden=\"true\">.. = no figure</p>")
            .count(),
        1
    );
}

#[test]
fn shares_are_of_the_outermost_total_past_subtotals() {
    let out = site("valid/subtotals");
    let html = fs::read_to_string(out.path().join("site/net-budget.html")).unwrap();
    let shares: Vec<&str> = html
        .split("<td class=\"share\">")
        .skip(1)
        .filter_map(|cell| cell.split_once("</td>"))
        .map(|(text, _)| text)
        .collect();
    assert_eq!(
        shares,
        [
            "60.0%",
            "30.0%",
            "90.0%",
            "7.0%",
            "3.0%",
            "10.0%",
            "100.0%",
            "<span aria-hidden=\"true\">..</span><span class=\"visually-hidden\">no figure</span>",
        ]
    );
    // The treemap's shares are of the same total, not of the first subtotal.
    let svg = fs::read_to_string(out.path().join("site/charts/net.svg")).unwrap();
    assert!(svg.contains("<title>Housing: "), "{svg}");
    assert!(svg.contains("(60.0%)</title>"), "{svg}");
    assert!(!svg.contains("66.7%"), "{svg}");
}

/// A result budget as municipalities write it: its running totals are
/// formulas, its first column the accounts. The waterfall draws the
/// budget, the running totals as subtotals and the last as its end, and
/// not the total of one group in the middle of the running total.
#[test]
fn a_waterfall_finds_its_running_totals_and_its_budget_column() {
    let out = site("valid/waterfall");
    let svg = fs::read_to_string(out.path().join("site/charts/resultatbudget.svg")).unwrap();
    let texts = svg_texts(&svg);
    let at = |text: &str| texts.iter().position(|t| *t == text);
    assert!(at("Budget 2026").is_some(), "{texts:?}");
    assert!(at("Bokslut 2025").is_none(), "{texts:?}");
    assert!(at("Verksamhetens nettokostnad").unwrap() < at("Årets resultat").unwrap());
    assert!(texts.contains(&"\u{2212}2\u{a0}900"), "{texts:?}");
    assert!(texts.contains(&"200"), "{texts:?}");
    assert!(at("Skatter och bidrag").is_none(), "{texts:?}");
    // A nil step is labelled with its dash, as the table shows it.
    let extra = at("Extraordinära poster").unwrap();
    assert_eq!(texts[extra + 1], "\u{2013}", "{texts:?}");
}

/// A stack of expenditure and income, each with a total of its own, is
/// labelled with what its parts come to, the net, not with the first total.
#[test]
fn a_stack_of_two_totals_parts_is_labelled_with_their_net() {
    let out = site("valid/subtotals");
    let svg = fs::read_to_string(out.path().join("site/charts/housing.svg")).unwrap();
    let texts = svg_texts(&svg);
    let labels = &texts[texts.len() - 5..texts.len() - 3];
    assert_eq!(labels, ["1,000", "1,090"], "{texts:?}");
    assert!(!texts.contains(&"1,620"), "{texts:?}");
}

/// Rows the author names for a bar chart are all drawn, a net computed from
/// the others too.
#[test]
fn every_row_named_for_bars_is_drawn() {
    let out = site("valid/subtotals");
    let svg = fs::read_to_string(out.path().join("site/charts/housing-totals.svg")).unwrap();
    let texts = svg_texts(&svg);
    for label in ["Gross expenditure", "Gross income", "Net expenditure"] {
        assert!(texts.contains(&label), "{label} in {texts:?}");
    }
}

/// A formula row in the table's unit is a result, set as a sum is; a ratio
/// in a unit of its own stays a formula row in italics.
#[test]
fn a_net_computed_by_formula_is_set_as_a_result() {
    let out = site("valid/subtotals");
    let html = fs::read_to_string(out.path().join("site/net-budget.html")).unwrap();
    assert!(html.contains("<tr id=\"housing.net\" class=\"derived formula result\">"));
    let book = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        destination: Some(book.path().join("site")),
        ..BuildOptions::default()
    };
    budgetbook::build(&common::default_book(), &options).unwrap();
    let html = fs::read_to_string(book.path().join("site/09-finansiella-rapporter.html")).unwrap();
    assert!(html.contains("<tr id=\"resultatbudget.resultatandel\" class=\"derived formula\">"));
}
