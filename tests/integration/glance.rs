//! The budget at a glance: the front page's key figures, charts and goals;
//! the `per-100` view; "your tax"; a citation under every row.

use crate::common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use budgetbook::BuildOptions;
use rust_decimal::Decimal;

fn build(book: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        destination: Some(out.path().join("site")),
        ..BuildOptions::default()
    };
    budgetbook::build(book, &options).unwrap();
    out
}

fn read(site: &Path, page: &str) -> String {
    fs::read_to_string(site.join(page)).unwrap()
}

/// The part of `html` from `start` to the first `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let to = from
        + html[from..]
            .find(end)
            .unwrap_or_else(|| panic!("no {end} after {start}"));
    &html[from..to]
}

/// The text of each element that starts with `open` (up to its next `<`).
fn texts<'a>(html: &'a str, open: &str) -> Vec<&'a str> {
    html.match_indices(open)
        .map(|(i, _)| {
            let rest = &html[i + open.len()..];
            let rest = match open.ends_with('>') {
                true => rest,
                false => &rest[rest.find('>').unwrap() + 1..],
            };
            &rest[..rest.find('<').unwrap()]
        })
        .collect()
}

fn ids(html: &str) -> BTreeSet<&str> {
    common::attribute_values(html, "id").into_iter().collect()
}

/// `href`s of `html` that do not land on an id of the page they name, in
/// `site`.
fn unresolved(site: &Path, html: &str) -> Vec<String> {
    common::attribute_values(html, "href")
        .into_iter()
        .filter(|href| {
            let (page, fragment) = href.split_once('#').unwrap_or((href, ""));
            let target = read(site, page);
            fragment.is_empty() || !ids(&target).contains(fragment)
        })
        .map(str::to_string)
        .collect()
}

fn decimal(text: &str) -> Decimal {
    Decimal::from_str_exact(&text.replace(['\u{a0}', ' '], "").replace(',', ".")).unwrap()
}

#[test]
fn the_default_front_page_leads_with_key_figures_charts_and_goals_linked_to_their_rows() {
    let out = build(&common::default_book());
    let site = out.path().join("site");
    let index = read(&site, "index.html");
    let glance = between(&index, "<section class=\"glance\"", "</section>");
    // The figures exactly as their tables show them, with their units.
    assert_eq!(
        texts(glance, "<a class=\"key-figure-value\""),
        [
            "143\u{a0}mnkr",
            "7,9\u{a0}mnkr",
            "610\u{a0}999\u{a0}tkr",
            "3\u{a0}073\u{a0}780\u{a0}tkr"
        ]
    );
    // The proposal's own changes, against the framework decision it changes.
    assert!(glance.contains(
        "+2,9\u{a0}mnkr jämfört med Kommunstyrelsens rambeslut: poster som förslaget ändrar"
    ));
    let links = common::attribute_values(glance, "href");
    for expected in [
        "09-finansiella-rapporter.html#resultatbudget.arets-resultat",
        "03-budgetramar.html#forslag-poster.summa",
        "09-finansiella-rapporter.html#investeringsplan.summa-investeringar",
        "09-finansiella-rapporter.html#driftbudget.summa-kommunbidrag",
        "09-finansiella-rapporter.html#resultatbudget",
        "09-finansiella-rapporter.html#driftbudget",
        "08-god-ekonomisk-hushallning.html#finansiella-mal.resultat",
        "08-god-ekonomisk-hushallning.html#finansiella-mal.soliditet",
    ] {
        assert!(links.contains(&expected), "no link {expected}");
    }
    assert_eq!(unresolved(&site, glance), Vec::<String>::new());
    // The charts are the tables' own.
    for block in ["resultatbudget", "driftbudget"] {
        let chart = read(&site, &format!("charts/{block}.svg"));
        let title = between(&chart, "<title", "</title>");
        assert!(glance.contains(title), "{block}'s chart");
    }
    // Each goal's state, year by year.
    assert!(glance.contains(
        "<li class=\"goal-met\">Budget 2026: <span class=\"goal-status\"><span aria-hidden=\"true\">✓</span> Uppfyllt</span></li>"
    ));
    assert!(glance.contains("<li class=\"goal-not-met\">Plan 2027:"));
    assert!(glance.contains("<li class=\"goal-undecidable\">Plan 2028:"));
    // The contents and the list of tables follow.
    let contents = index.find("id=\"innehall\"").unwrap();
    assert!(index.find("id=\"i-korthet\"").unwrap() < contents);
    assert!(contents < index.find("id=\"budgettabeller\"").unwrap());
}

#[test]
fn the_operating_budget_shows_of_every_100_kr_adding_up_to_100_in_every_column() {
    let out = build(&common::default_book());
    let site = out.path().join("site");
    let page = read(&site, "09-finansiella-rapporter.html");
    let table = between(
        &page,
        "<table class=\"budget-table\" id=\"driftbudget\"",
        "</table>",
    );
    assert_eq!(table.matches(">Av 100\u{a0}kr</th>").count(), 3);
    let rows: Vec<&str> = table.split("<tr id=\"driftbudget.").skip(1).collect();
    let (parts, total) = rows.split_at(rows.len() - 1);
    let total = total[0];
    assert_eq!(parts.len(), 8);
    let figures: Vec<Vec<&str>> = parts
        .iter()
        .map(|r| texts(r, "<td class=\"per-100\""))
        .collect();
    for column in 0..3 {
        let sum: Decimal = figures.iter().map(|f| decimal(f[column])).sum();
        assert_eq!(sum, Decimal::from(100), "column {column}");
    }
    // Vård och omsorg: 1 017 829 of 3 073 779 is 33,11… kr of every 100.
    assert_eq!(figures[0], ["33,1", "33,2", "33,4"]);
    // The total is 100, with the note on how the figures are rounded.
    assert!(total.contains(
        "<td class=\"per-100\">100,0<sup><a class=\"note-ref\" href=\"#driftbudget.note-3\">3</a></sup></td>"
    ));
    let note = between(&page, "<li id=\"driftbudget.note-3\"", "</li>");
    assert!(
        note.contains("Av varje 100 kr av Summa kommunbidrag"),
        "{note}"
    );
    assert!(note.contains("exakt 100 (största rest-metoden)"), "{note}");
    assert!(common::broken_links(&site).is_empty());
}

#[test]
fn every_row_has_a_citation_line_under_it_naming_table_figures_source_and_address() {
    let out = build(&common::default_book());
    let site = out.path().join("site");
    let page = read(&site, "09-finansiella-rapporter.html");
    let row = between(
        &page,
        "<tr id=\"driftbudget.socialnamnden\"",
        "</tr>\n<tr id=",
    );
    let citation = between(
        row,
        "<tr class=\"row-citation\" data-search-ignore>",
        "</td>",
    );
    assert!(citation.contains(
        "Driftbudget, Socialnämnden: 266\u{a0}636\u{a0}tkr (Budget 2026), 276\u{a0}039\u{a0}tkr (Plan 2027), 286\u{a0}004\u{a0}tkr (Plan 2028). Välfärden främst (förslag), Socialdemokraterna i Alingsås."
    ), "{citation}");
    // Without a base-url, the row's anchor on its page.
    assert!(citation.contains(
        "<a href=\"#driftbudget.socialnamnden\">09-finansiella-rapporter.html#driftbudget.socialnamnden</a>"
    ));
    // Every row with figures has one; a row in % has its unit in the figures.
    let rows = page.matches("<tr id=\"resultatbudget.").count();
    let resultat = between(&page, "id=\"resultatbudget\"", "</table>");
    assert_eq!(resultat.matches("<tr class=\"row-citation\"").count(), rows);
    assert!(resultat.contains("Resultat/skatter och bidrag: 4,3\u{a0}% (Budget 2026)"));
    // Hidden until the row is the target, and never printed.
    let css = read(&site, "budgetbook.css");
    assert!(css.contains(".budget-table tr.row-citation { display: none; }"));
    assert!(css.contains(".budget-table tr:target + tr.row-citation { display: table-row; }"));
    let print = between(&css, "@media print {", "\n}\n");
    assert!(print.contains("tr.row-citation"));
}

#[test]
fn a_book_with_a_tax_rate_shows_your_tax_for_example_incomes_without_script() {
    let out = build(&common::fixture("valid/tax-rate"));
    let site = out.path().join("site");
    let page = read(&site, "drift.html");
    let tax = between(&page, "<div class=\"tax\" id=\"drift:tax\"", "</table>");
    assert!(tax.contains("data-rate=\"21.36\""));
    assert!(tax.contains("Din skattekrona: Driftbudget, Budget 2026"));
    assert!(tax.contains("Skatten är 21,36 kr per 100 kr"));
    assert_eq!(
        texts(tax, "<th scope=\"col\"")[1..4],
        [
            "Inkomst 240\u{a0}000 kr",
            "Inkomst 400\u{a0}000 kr",
            "Inkomst 650\u{a0}000 kr"
        ]
    );
    let rows: Vec<&str> = tax.split("<tr data-weight=").skip(1).collect();
    assert_eq!(rows.len(), 4);
    let total_row = between(tax, "<tr class=\"sum tax-total\">", "</tr>");
    let totals: Vec<Decimal> = texts(total_row, "<td>").into_iter().map(decimal).collect();
    // 21,36 kr of every 100 kr.
    assert_eq!(
        totals,
        [
            Decimal::from(51_264),
            Decimal::from(85_440),
            Decimal::from(138_840)
        ]
    );
    for (column, total) in totals.iter().enumerate() {
        let sum: Decimal = rows.iter().map(|r| decimal(texts(r, "<td>")[column])).sum();
        assert_eq!(sum, *total, "income {column}");
    }
    // School is half of the budget: half of the tax.
    assert_eq!(
        texts(rows[0], "<td>"),
        ["25\u{a0}632", "42\u{a0}720", "69\u{a0}420"]
    );
    // Each row links to its row in the table; the field for any income is
    // the script's, hidden without it.
    assert!(rows[0].starts_with("\"400000\"><th scope=\"row\"><a href=\"#drift.skola\">Skola</a>"));
    assert!(tax.contains("<p class=\"tax-field\" hidden><label for=\"drift:tax-income\">"));
    assert!(page.contains("<script src=\"tax.js\" defer></script>"));
    assert!(site.join("tax.js").is_file());
    // With a base-url, citations give the row's whole address, and the
    // book's date its year.
    assert!(page.contains(
        "Driftbudget, Skola: 400\u{a0}000\u{a0}tkr (Budget 2026), 412\u{a0}000\u{a0}tkr (Plan 2027). Skattekronan, Exempelpartiet, 2025. <a href=\"https://example.org/budget/drift.html#drift.skola\">https://example.org/budget/drift.html#drift.skola</a>"
    ));
    // The front page of a book that names its own figures.
    let index = read(&site, "index.html");
    let glance = between(&index, "<section class=\"glance\"", "</section>");
    assert!(glance.contains("<span class=\"key-figure-label\">Skolan 2027</span>"));
    assert!(glance.contains("+12\u{a0}000\u{a0}tkr jämfört med Budget 2026"));
    assert_eq!(unresolved(&site, glance), Vec::<String>::new());
}

#[test]
fn a_book_without_front_settings_keeps_its_front_page_a_table_of_contents() {
    let out = build(&common::fixture("valid/minimal"));
    let index = read(&out.path().join("site"), "index.html");
    assert!(!index.contains("class=\"glance\""));
    assert!(index.contains("id=\"innehall\""));
}

/// A key figure's change is against the column before only where both
/// are stated figures of one unit: a column its formula computes (a change
/// in per cent, a total of the years) has none. An English book names the
/// currency before the figure.
#[test]
fn a_key_figure_changes_only_against_a_figure_of_its_kind() {
    let out = build(&common::fixture("valid/percent-columns"));
    let html = read(&out.path().join("site"), "index.html");
    let figures = between(&html, "<ul class=\"key-figures\">", "</ul>");
    assert_eq!(
        texts(figures, "<a class=\"key-figure-value\""),
        ["£881k", "(10.1%)"]
    );
    assert_eq!(
        texts(figures, "<span class=\"key-figure-change\">"),
        ["-£99k against 2024/25 Budget"]
    );
}

/// An English book's front page has English ids (`index.html#contents`).
#[test]
fn an_english_front_page_has_english_ids() {
    let out = build(&common::fixture("valid/percent-columns"));
    let index = read(&out.path().join("site"), "index.html");
    let ids = ids(&index);
    for id in ["at-a-glance", "contents", "budget-tables"] {
        assert!(ids.contains(id), "{id} in {ids:?}");
    }
    for id in ["i-korthet", "innehall", "budgettabeller"] {
        assert!(!ids.contains(id), "{id} in {ids:?}");
    }
}

/// Net costs written below zero split into every 100 kr as costs above
/// zero do, and the tax is split among them.
#[test]
fn costs_written_below_zero_split_into_every_100_kr() {
    let out = build(&common::fixture("valid/negative-costs"));
    let page = read(&out.path().join("site"), "drift.html");
    assert_eq!(
        texts(&page, "<td class=\"per-100\""),
        [
            "24,0", "25,0", "25,0", "48,0", "50,0", "50,0", "28,0", "25,0", "25,0", "100,0",
            "100,0", "100,0"
        ]
    );
    let tax = between(&page, "<div class=\"tax\" id=\"drift:tax\"", "</table>");
    assert!(
        tax.contains("Din skattekrona: Driftbudget, Budget 2027"),
        "{tax}"
    );
    assert!(!tax.contains('\u{2212}'), "{tax}");
}
