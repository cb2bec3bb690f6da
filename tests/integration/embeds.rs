//! Charts to embed: every chart has `embed/<block>.html` (the chart, its
//! table behind a disclosure, the source with a link back), and its chapter
//! page offers the iframe code; the embed pages keep the site's links whole
//! and stay out of its search.

use crate::common;

use std::fs;
use std::path::Path;

use budgetbook::BuildOptions;

fn build(book: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        destination: Some(out.path().join("site")),
        ..BuildOptions::full()
    };
    budgetbook::build(book, &options).unwrap();
    out
}

/// The charts of the default book, by block id, with the page they are on.
const DEFAULT_CHARTS: [(&str, &str); 5] = [
    ("forslag-poster", "03-budgetramar.html"),
    ("resultatbudget", "09-finansiella-rapporter.html"),
    ("kassaflodesbudget", "09-finansiella-rapporter.html"),
    ("driftbudget", "09-finansiella-rapporter.html"),
    ("investeringsplan", "09-finansiella-rapporter.html"),
];

#[test]
fn every_chart_of_the_default_book_has_an_embed_page() {
    let out = build(&common::default_book());
    let site = out.path().join("site");
    let mut pages: Vec<String> = fs::read_dir(site.join("embed"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    let mut expected: Vec<String> = DEFAULT_CHARTS
        .iter()
        .map(|(id, _)| format!("{id}.html"))
        .chain(["embed.css".to_string()])
        .collect();
    expected.sort();
    assert_eq!(pages, expected);

    for (id, chapter) in DEFAULT_CHARTS {
        let embed = fs::read_to_string(site.join(format!("embed/{id}.html"))).unwrap();
        let chart = fs::read_to_string(site.join(format!("charts/{id}.svg"))).unwrap();
        // The chart as drawn, then its table behind a disclosure.
        let at_chart = embed.find(&chart).expect("the chart");
        let details = embed.find("<details class=\"embed-table\">").unwrap();
        let table = embed
            .find(&format!("<table class=\"budget-table\" id=\"{id}\""))
            .unwrap();
        assert!(at_chart < details && details < table, "{id}");
        assert!(embed.contains("<summary>Visa tabellen</summary>"), "{id}");
        // The source: the book, its phase and its authors (a party's
        // proposal is not the municipality's budget), and a link to the
        // table on its chapter page, relative without a base-url.
        assert!(
            embed.contains(&format!(
                "<p class=\"embed-source\">Källa: <a href=\"../{chapter}#{id}\" target=\"_blank\" rel=\"noopener\">Välfärden främst – "
            )),
            "{id}"
        );
        assert!(
            embed.contains("</a> (förslag), Socialdemokraterna i Alingsås</p>"),
            "{id}"
        );
        // No site chrome, its own style sheet, kept out of search engines.
        for chrome in ["site-header", "id=\"toc\"", "site-footer", "budgetbook.css"] {
            assert!(!embed.contains(chrome), "{id}: {chrome}");
        }
        assert!(embed.contains("<link rel=\"stylesheet\" href=\"embed.css\">"));
        assert!(embed.contains("<meta name=\"robots\" content=\"noindex\">"));
        // Nothing is downloaded or drawn twice: no downloads, one chart.
        assert!(!embed.contains("class=\"downloads\""), "{id}");
        assert_eq!(embed.matches("<svg").count(), 1, "{id}");

        // The chapter page offers the code, to copy by hand.
        let page = fs::read_to_string(site.join(chapter)).unwrap();
        let code = format!(
            "<textarea id=\"{id}.embed\" readonly rows=\"4\" spellcheck=\"false\">&lt;iframe src=&quot;embed/{id}.html&quot; title=&quot;"
        );
        assert!(page.contains(&code), "{id}: no embed code on {chapter}");
        assert!(
            page.contains(&format!("<label for=\"{id}.embed\">")),
            "{id}"
        );
        assert!(page.contains("Adressen är relativ till webbplatsens rot"));
        assert!(
            page.contains(&format!("<a href=\"embed/{id}.html\">")),
            "{id}"
        );
    }
    // The embed pages' links all lead somewhere.
    assert_eq!(common::broken_links(&site), Vec::<String>::new());
    // The site's search never finds the copies: only chapter pages are in it.
    for entry in walkdir::WalkDir::new(site.join("search")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = fs::read_to_string(entry.path()).unwrap();
            assert!(!text.contains("embed/"), "{}", entry.path().display());
            assert!(!text.contains("iframe"), "{}", entry.path().display());
        }
    }
    // The whole document has the charts, but no embed code.
    let print = fs::read_to_string(site.join("print.html")).unwrap();
    assert!(!print.contains("embed-code"));
}

#[test]
fn with_a_base_url_the_code_and_the_source_are_absolute() {
    let book = common::fixture_with_base_url("valid/treemap", "https://budget.example.org/2026/");
    let out = build(book.path());
    let site = out.path().join("site");
    let page = fs::read_to_string(site.join("drift.html")).unwrap();
    assert!(page.contains(
        "&lt;iframe src=&quot;https://budget.example.org/2026/embed/driftbudget.html&quot; title=&quot;Driftbudget (tkr)&quot;"
    ));
    assert!(!page.contains("Adressen är relativ"));
    let embed = fs::read_to_string(site.join("embed/driftbudget.html")).unwrap();
    assert!(embed.contains(
        "<a href=\"https://budget.example.org/2026/drift.html#driftbudget\" target=\"_blank\" rel=\"noopener\">Driftbudget i rutor – Driftbudget</a>, Exempelkommunen, <time datetime=\"2025-11-20\">20 november 2025</time></p>"
    ));
    // The sitemap lists the pages to find, not their copies.
    let sitemap = fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("embed/"), "{sitemap}");
    assert_eq!(common::broken_links(&site), Vec::<String>::new());
}

#[test]
fn a_book_without_charts_has_no_embed_folder() {
    let out = build(&common::fixture("valid/minimal"));
    assert!(!out.path().join("site/embed").exists());
}
