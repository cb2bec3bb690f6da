//! A book written the mdBook way (`tests/fixtures/valid/mdbook`): its
//! book.toml, SUMMARY.md, includes, admonitions and images render as mdBook
//! shows them, and what budgetbook ignores is said once per setting.

use crate::common;

use std::fs;
use std::path::Path;

use budgetbook::{BuildOptions, Error};

fn build(book: &Path) -> (tempfile::TempDir, budgetbook::BuildReport) {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        destination: Some(out.path().join("site")),
        ..BuildOptions::full()
    };
    let report = budgetbook::build(book, &options).unwrap();
    (out, report)
}

fn page(out: &tempfile::TempDir, name: &str) -> String {
    fs::read_to_string(out.path().join("site").join(name)).unwrap()
}

/// The page's `<main>`, where the chapter is.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap();
    &html[start..end]
}

/// The sidebar's table of contents.
fn sidebar_of(html: &str) -> &str {
    let start = html.find("<nav id=\"toc\"").unwrap();
    &html[start..start + html[start..].find("</nav>").unwrap()]
}

#[test]
fn the_mdbook_book_builds_with_one_warning_per_ignored_setting() {
    let (_, report) = build(&common::fixture("valid/mdbook"));
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    let codes: Vec<&str> = report.warnings.iter().map(|w| w.problem.code()).collect();
    assert_eq!(
        codes,
        [
            "mdbook-setting",
            "mdbook-setting",
            "mdbook-setting",
            "mdbook-setting",
            "mdbook-setting",
            "mdbook-setting",
            "theme-ignored"
        ],
        "{warnings:#?}"
    );
    for key in [
        "`[book] multilingual`",
        "`[build] create-missing`",
        "`[rust]`",
        "`[preprocessor.katex]`",
        "`[output.html] additional-css`",
        "`[output.html] fold`",
    ] {
        assert_eq!(
            warnings.iter().filter(|w| w.contains(key)).count(),
            1,
            "{key}: {warnings:#?}"
        );
    }
    // Honoured settings are not warned about.
    assert!(!warnings.iter().any(|w| w.contains("edit-url-template")
        || w.contains("git-repository-url")
        || w.contains("redirect")));
}

#[test]
fn summary_parts_separators_drafts_and_numbers_are_in_every_contents() {
    let (out, _) = build(&common::fixture("valid/mdbook"));
    let sidebar = sidebar_of(&page(&out, "details.html")).to_string();
    let order = [
        "<a href=\"introduction.html\">Introduction</a>",
        "<li class=\"toc-part\">User guide</li>",
        "<span class=\"toc-number\">1.</span> The budget</a>",
        "<span class=\"toc-number\">1.1.</span> Details</a>",
        "<li class=\"toc-unlinked\"><span class=\"toc-number\">2.</span> Forecasts</li>",
        "<li class=\"toc-separator\" aria-hidden=\"true\"></li>",
        "<li class=\"toc-part\">Reference</li>",
        "<span class=\"toc-number\">3.</span> Shared table</a>",
        "<li class=\"toc-separator\" aria-hidden=\"true\"></li>",
        "<a href=\"contributors.html\">Contributors</a>",
    ];
    let mut at = 0;
    for expected in order {
        let found = sidebar[at..]
            .find(expected)
            .unwrap_or_else(|| panic!("{expected} after {at} in {sidebar}"));
        at += found + expected.len();
    }
    // The draft chapter is listed, not linked, and has no page.
    assert!(!sidebar.contains("Forecasts</a>"));
    // The prefix and suffix chapters are published, unnumbered.
    assert!(out.path().join("site/introduction.html").is_file());
    assert!(out.path().join("site/contributors.html").is_file());
    // The front page and the whole document list the same.
    let index = page(&out, "index.html");
    assert!(index.contains("<li class=\"toc-part\">User guide</li>"));
    assert!(index.contains("<span class=\"toc-number\">2.</span> Forecasts"));
    let print = page(&out, "print.html");
    assert!(print.contains("<li class=\"toc-part\">Reference</li>"));
    // In the document itself, a part's title comes before its first chapter.
    let part = print
        .find("<h1 class=\"print-part\">User guide</h1>")
        .unwrap();
    let chapter = print
        .find("<section class=\"print-chapter\" id=\"budget\">")
        .unwrap();
    let before = print
        .find("<section class=\"print-chapter\" id=\"introduction\">")
        .unwrap();
    assert!(before < part && part < chapter);
}

#[test]
fn includes_take_ranges_and_anchors_and_an_escaped_one_is_shown_as_written() {
    let (out, _) = build(&common::fixture("valid/mdbook"));
    let budget = page(&out, "budget.html");
    let main = main_of(&budget);
    // By anchor: the lines between the markers, without them.
    assert!(main.contains(
        "<pre><code class=\"language-rust\">fn main() {\n    println!(\"{}\", growth(0.02));\n}\n</code></pre>"
    ), "{main}");
    // Lines 2 to 3.
    assert!(main.contains(
        "<pre><code class=\"language-rust\">fn growth(rate: f64) -&gt; f64 {\n    1.0 + rate\n</code></pre>"
    ));
    // Line 1 alone, inside inline code.
    assert!(main.contains("<code>// Forecast of the council's income.</code>"));
    // Escaped: shown as written, without the backslash.
    assert!(main.contains("<code>{{#include ../listings/forecast.rs}}</code>"));
    assert!(main.contains("and in prose\n{{#include ../listings/forecast.rs:main}} too."));
    // The playground: a Rust code block of the whole file.
    assert!(main.contains("// ANCHOR: main\nfn main()"));
    // `{{#title}}` sets the page title; the directive itself is gone.
    assert!(budget.contains("<title>Budget overview – Council Budget Handbook</title>"));
    assert!(!main.contains("#title"));
    // A budget table from an included file, checked and linked to.
    let shared = page(&out, "shared.html");
    assert!(shared.contains("id=\"revenue\""));
    let details = page(&out, "details.html");
    assert!(
        details.contains("href=\"shared.html#revenue.net\">900</a>"),
        "{details}"
    );
}

#[test]
fn admonitions_task_and_definition_lists_and_images_render() {
    let (out, _) = build(&common::fixture("valid/mdbook"));
    let introduction = page(&out, "introduction.html");
    let main = main_of(&introduction);
    assert!(main.contains(
        "<aside class=\"admonition admonition-note\" role=\"note\">\n<p class=\"admonition-title\">Note</p>\n<p>Figures are in £ thousand.</p>\n</aside>"
    ), "{main}");
    assert!(main.contains("<p class=\"admonition-title\">Warning</p>"));
    assert!(!main.contains("[!NOTE]"));
    assert!(main.contains(
        "<input type=\"checkbox\" disabled checked aria-label=\"Task\"> Revenue budget agreed"
    ));
    assert!(main.contains("<dt>Revenue budget</dt>\n<dd>The money"));
    assert!(main.contains("<img src=\"images/wards.svg\" alt=\"Map of the wards\" />"));
    // The image beside the chapter is copied, and nothing links nowhere.
    assert!(out.path().join("site/images/wards.svg").is_file());
    assert!(!out.path().join("site/SUMMARY.md").exists());
    assert_eq!(
        common::broken_links(&out.path().join("site")),
        Vec::<String>::new()
    );
    // The edit link, the repository and the redirect.
    assert!(main.contains(
        "<a href=\"https://example.org/handbook/edit/main/src/introduction.md\">Suggest an edit to this page</a>"
    ));
    assert!(introduction.contains("<a href=\"https://example.org/handbook\">Source repository</a>"));
    let redirect = page(&out, "old-introduction.html");
    assert!(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=introduction.html\">"));
}

#[test]
fn admonition_titles_are_in_the_books_language() {
    let book = tempfile::tempdir().unwrap();
    fs::write(
        book.path().join("book.toml"),
        "[book]\ntitle = \"T\"\nlanguage = \"sv\"\n",
    )
    .unwrap();
    fs::create_dir(book.path().join("content")).unwrap();
    fs::write(
        book.path().join("content/SUMMARY.md"),
        "- [Kapitel](kapitel.md)\n",
    )
    .unwrap();
    let mut text = String::from("# Kapitel\n");
    for kind in ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"] {
        text.push_str(&format!("\n> [!{kind}]\n> Text.\n"));
    }
    fs::write(book.path().join("content/kapitel.md"), text).unwrap();
    let (out, _) = build(book.path());
    let html = page(&out, "kapitel.html");
    for (kind, title) in [
        ("note", "Obs"),
        ("tip", "Tips"),
        ("important", "Viktigt"),
        ("warning", "Varning"),
        ("caution", "Se upp"),
    ] {
        assert!(
            html.contains(&format!(
                "<aside class=\"admonition admonition-{kind}\" role=\"note\">\n<p class=\"admonition-title\">{title}</p>"
            )),
            "{kind}: {html}"
        );
    }
}

#[test]
fn a_problem_in_an_included_table_is_reported_in_the_included_file() {
    let book = tempfile::tempdir().unwrap();
    let root = book.path();
    fs::write(root.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
    fs::create_dir_all(root.join("src")).unwrap();
    fs::create_dir_all(root.join("tables")).unwrap();
    fs::write(root.join("src/SUMMARY.md"), "- [A](a.md)\n").unwrap();
    fs::write(
        root.join("src/a.md"),
        "# A\n\nIntro.\n\n{{#include ../tables/t.md}}\n",
    )
    .unwrap();
    fs::write(
        root.join("tables/t.md"),
        "Shared.\n\n```budget\nid: t\ncolumns: [A]\nrows:\n  - {id: a, label: A, values: [1]}\n  - {id: s, label: S, values: [3], sum: above}\n```\n",
    )
    .unwrap();
    // No `content/`: the chapters are found in mdBook's `src/`.
    match budgetbook::check(root, false) {
        Err(Error::Invalid { diagnostics }) => {
            let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            assert_eq!(messages.len(), 1, "{messages:?}");
            assert!(messages[0].starts_with("tables/t.md:8:"), "{messages:?}");
            assert!(messages[0].contains("sum-mismatch"), "{messages:?}");
        }
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("the wrong sum was not found"),
    }
}
