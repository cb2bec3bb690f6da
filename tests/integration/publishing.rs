//! What a published site offers search engines, link previews and readers
//! who need an accessibility statement; and how drafts are kept out.

use crate::common;

use std::fs;

use budgetbook::BuildOptions;

fn build(drafts: bool) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        destination: Some(out.path().join("site")),
        include_drafts: drafts,
        ..BuildOptions::default()
    };
    budgetbook::build(&common::fixture("valid/published"), &options).unwrap();
    out
}

#[test]
fn sitemap_and_robots_list_the_published_pages() {
    let out = build(true);
    let site = out.path().join("site");
    let sitemap = fs::read_to_string(site.join("sitemap.xml")).unwrap();
    let document = roxmltree::Document::parse(&sitemap).unwrap();
    let urls: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        urls,
        [
            "https://budget.example.org/2026/",
            "https://budget.example.org/2026/om.html",
            "https://budget.example.org/2026/efter.html",
            "https://budget.example.org/2026/print.html",
            "https://budget.example.org/2026/accessibility.html",
        ],
        "drafts are not listed"
    );
    let robots = fs::read_to_string(site.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://budget.example.org/2026/sitemap.xml"));
}

#[test]
fn pages_carry_canonical_links_and_previews() {
    let out = build(false);
    let html = fs::read_to_string(out.path().join("site/om.html")).unwrap();
    for expected in [
        "<link rel=\"canonical\" href=\"https://budget.example.org/2026/om.html\">",
        "<meta property=\"og:title\" content=\"Om budgeten\">",
        "<meta property=\"og:description\" content=\"Varför budgeten ser ut som den gör.\">",
        "<meta property=\"og:url\" content=\"https://budget.example.org/2026/om.html\">",
        "<meta property=\"og:image\" content=\"https://budget.example.org/2026/delning.png\">",
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        "<meta property=\"og:locale\" content=\"sv_SE\">",
    ] {
        assert!(html.contains(expected), "{expected}");
    }
    assert!(out.path().join("site/delning.png").is_file());
}

#[test]
fn drafts_are_left_out_unless_asked_for_and_then_marked() {
    let out = build(false);
    assert!(!out.path().join("site/utkast.html").exists());
    let index = fs::read_to_string(out.path().join("site/index.html")).unwrap();
    assert!(!index.contains("utkast.html"));
    // The chapter after the draft left out takes its number.
    assert!(
        index.contains("<span class=\"toc-number\">2.</span> Efter utkastet"),
        "{index}"
    );

    let out = build(true);
    let index = fs::read_to_string(out.path().join("site/index.html")).unwrap();
    assert!(
        index.contains("<span class=\"toc-number\">3.</span> Efter utkastet"),
        "{index}"
    );
    let draft = fs::read_to_string(out.path().join("site/utkast.html")).unwrap();
    assert!(draft.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(draft.contains("class=\"draft-banner\">Utkast"));
    let published = fs::read_to_string(out.path().join("site/om.html")).unwrap();
    assert!(!published.contains("noindex"));
}

#[test]
fn the_accessibility_statement_says_what_the_law_asks() {
    let out = build(false);
    let html = fs::read_to_string(out.path().join("site/accessibility.html")).unwrap();
    for expected in [
        "<h1>Tillgänglighetsredogörelse</h1>",
        "Exempelby kommun står bakom den här webbplatsen.",
        "delvis förenlig med lagen om tillgänglighet till digital offentlig service",
        "<li>Diagrammen saknar mönster och skiljer serier åt med färg och förklaring.</li>",
        "kontakta oss: webb@exempelby.se.",
        "Myndigheten för digital förvaltning (Digg)",
        "Redogörelsen uppdaterades senast 2026-11-20.",
    ] {
        assert!(html.contains(expected), "{expected}");
    }
    let chapter = fs::read_to_string(out.path().join("site/om.html")).unwrap();
    assert!(chapter.contains("href=\"accessibility.html\">Tillgänglighetsredogörelse</a>"));
}

#[test]
fn the_whole_document_links_within_itself() {
    let out = build(true);
    let html = fs::read_to_string(out.path().join("site/print.html")).unwrap();
    assert!(html.contains("<section class=\"print-chapter\" id=\"om\">"));
    assert!(html.contains("<h2 id=\"utkast/siffror\">"));
    assert!(html.contains("href=\"#utkast/siffror\">utkastet</a>"));
    assert_eq!(
        common::broken_links(&out.path().join("site")),
        Vec::<String>::new()
    );
}

/// The footer says what the build checked and no more: every derived
/// figure; or how many were, how many could not be for want of a figure and
/// how many are printed as published although they differ; and nothing in
/// a book without derived figures.
#[test]
fn the_footer_claims_only_what_was_checked() {
    let footer = |fixture: &str| {
        let out = tempfile::tempdir().unwrap();
        let options = BuildOptions {
            destination: Some(out.path().join("site")),
            ..BuildOptions::default()
        };
        let report = budgetbook::build(&common::fixture(fixture), &options).unwrap();
        let html = fs::read_to_string(out.path().join("site/index.html")).unwrap();
        let start = html.find("<footer").unwrap();
        let end = html.find("</footer>").unwrap();
        (report.coverage, html[start..end].to_string())
    };

    let (coverage, text) = footer("valid/unchecked");
    assert_eq!((coverage.checked, coverage.unchecked), (5, 3));
    assert!(
        text.contains("Avstämda när webbplatsen byggdes: 5 av 8 summor, formler och kontroller")
            && text.contains("Inte avstämda, eftersom en siffra eller kolumn de behöver saknas: 3"),
        "{text}"
    );
    assert!(!text.contains("Alla summor"), "{text}");

    let (coverage, text) = footer("valid/as-published");
    assert_eq!((coverage.unchecked, coverage.as_published), (0, 1));
    assert!(
        text.contains("Every sum, formula and check of the figures was checked")
            && text.contains("Printed as the source has them although they differ: 1"),
        "{text}"
    );

    let (_, text) = footer("valid/english");
    assert!(text.contains("Every sum, formula and check of the figures was checked"));
    assert!(!text.contains("Printed as"), "{text}");

    let (coverage, text) = footer("valid/published");
    assert_eq!(coverage.total(), 0);
    assert!(!text.contains("kontroller"), "{text}");
}

/// A server shows the 404 page at any depth: where the book gives its
/// address, the page's links start from the site's own path.
#[test]
fn the_404_page_links_from_the_sites_path() {
    let out = build(false);
    let html = fs::read_to_string(out.path().join("site/404.html")).unwrap();
    for expected in [
        "href=\"/2026/budgetbook.css\"",
        "href=\"/2026/index.html\"",
        "<meta name=\"robots\" content=\"noindex\">",
    ] {
        assert!(html.contains(expected), "{expected}\n{html}");
    }
}
