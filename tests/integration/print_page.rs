//! The whole document on one page (print.html): its links stay on the page
//! whatever folders the chapters are in, and it prints as a document of
//! record, with its title block and running heads.

use crate::common;

use std::collections::BTreeSet;
use std::fs;

use budgetbook::BuildOptions;

/// The fixture book with chapters in two folders that link to each other,
/// built; returns the site's folder (kept alive by the guard).
fn build_subfolders() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let options = BuildOptions {
        destination: Some(site.clone()),
        ..BuildOptions::default()
    };
    budgetbook::build(&common::fixture("valid/subfolders"), &options).unwrap();
    (out, site)
}

#[test]
fn links_between_chapters_in_folders_lead_to_places_on_the_print_page() {
    let (_out, site) = build_subfolders();
    let html = fs::read_to_string(site.join("print.html")).unwrap();
    let ids: BTreeSet<&str> = common::attribute_values(&html, "id").into_iter().collect();
    let content = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    let chapters = ["inledning.html", "del-1/oversikt.html", "del-1/drift.html"];
    let mut wrong = Vec::new();
    let mut within = 0;
    for link in common::attribute_values(content, "href")
        .into_iter()
        .chain(common::attribute_values(content, "src"))
    {
        if let Some(fragment) = link.strip_prefix('#') {
            within += 1;
            if !ids.contains(fragment) {
                wrong.push(format!("{link}: no such id on the page"));
            }
            continue;
        }
        let path = link.split('#').next().unwrap();
        if path.contains("..") || !site.join(path).is_file() {
            wrong.push(format!("{link}: not a file from the site root"));
        } else if chapters
            .iter()
            .any(|c| path.ends_with(c) || c.ends_with(path))
        {
            wrong.push(format!("{link}: leaves the page for a chapter"));
        }
    }
    assert_eq!(wrong, Vec::<String>::new());
    // Every written link between chapters, and the inline figures, became one.
    assert!(within >= 14, "{within} links within the page");
    for expected in [
        "href=\"#del-1/drift\">nästa kapitel</a>",
        "href=\"#driftbudget.skola\">skola</a>",
        "href=\"#inledning/lasanvisning\">inledningen</a>",
        "href=\"#del-1/oversikt/ramar\">översikten</a>",
        "href=\"#del-2/investeringar/planen\">investeringarna</a>",
        "src=\"bild.svg\"",
    ] {
        assert!(content.contains(expected), "{expected}");
    }
}

#[test]
fn the_print_page_has_a_title_block_and_running_heads() {
    let (_out, site) = build_subfolders();
    let html = fs::read_to_string(site.join("print.html")).unwrap();
    for expected in [
        "<h1 id=\"print-title\">Kapitel i &quot;mappar&quot;</h1>",
        "<dt>Organisation</dt><dd>Exempelby kommun</dd>",
        "<dt>Författare</dt><dd>Ekonomiavdelningen</dd>",
        "<dt>Skede</dt><dd>Beslutad budget</dd>",
        "<dt>Datum</dt><dd><time datetime=\"2025-11-20\">20 november 2025</time></dd>",
        "<dt>Version</dt><dd>2</dd>",
        "<link rel=\"stylesheet\" href=\"print.css\" media=\"print\">",
    ] {
        assert!(html.contains(expected), "{expected}");
    }
    let css = fs::read_to_string(site.join("print.css")).unwrap();
    for expected in [
        "@top-left { content: \"Kapitel i \\\"mappar\\\"\"; }",
        "@top-right { content: \"Beslutad budget · 20 november 2025 · Version 2\"; }",
        "@bottom-left { content: \"Exempelby kommun\"; }",
        "@page :first {",
    ] {
        assert!(css.contains(expected), "{expected}\n{css}");
    }
    // Page size, margins and the page number are the built-in style's.
    let style = fs::read_to_string(site.join("budgetbook.css")).unwrap();
    assert!(style.contains("size: A4;"));
    assert!(style.contains("counter(page)"));
}

/// A book that does not say its phase is not called a proposal.
#[test]
fn the_record_names_a_phase_only_where_the_book_gives_one() {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        destination: Some(out.path().join("site")),
        ..BuildOptions::default()
    };
    budgetbook::build(&common::fixture("valid/minimal"), &options).unwrap();
    let html = fs::read_to_string(out.path().join("site/print.html")).unwrap();
    assert!(html.contains("<dl class=\"record-facts\">"), "{html}");
    assert!(!html.contains("<dt>Skede</dt>"), "{html}");
    let css = fs::read_to_string(out.path().join("site/print.css")).unwrap();
    assert!(!css.contains("Förslag"), "{css}");
}

#[test]
fn the_print_page_is_the_same_bytes_in_every_build() {
    let (_first, a) = build_subfolders();
    let (_second, b) = build_subfolders();
    for file in ["print.html", "print.css"] {
        assert_eq!(
            fs::read(a.join(file)).unwrap(),
            fs::read(b.join(file)).unwrap(),
            "{file}"
        );
    }
}

/// A table of more than nine columns (its views beside each year's
/// figures) cannot be printed whole on an upright page: it is marked to be
/// printed on a page turned sideways, which the style sheet names; a
/// narrower one is not.
#[test]
fn a_wide_table_is_printed_on_a_page_turned_sideways() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let options = BuildOptions {
        destination: Some(site.clone()),
        ..BuildOptions::default()
    };
    budgetbook::build(&common::fixture("valid/analysis"), &options).unwrap();
    let html = fs::read_to_string(site.join("print.html")).unwrap();
    let wide: Vec<&str> = html
        .match_indices("<div class=\"table-scroll wide\"")
        .map(|(at, _)| {
            let table = &html[at..];
            let id = table.find("<table class=\"budget-table\" id=\"").unwrap() + 32;
            &table[id..id + table[id..].find('"').unwrap()]
        })
        .collect();
    assert_eq!(
        wide,
        ["drift", "plan"],
        "only the tables with views over three years"
    );
    let css = fs::read_to_string(site.join("budgetbook.css")).unwrap();
    assert!(css.contains("@page wide { size: A4 landscape; }"));
    assert!(css.contains(".table-scroll.wide { page: wide; }"));
}
