//! Charts: valid, accessible SVG whose labels never collide or leave the
//! canvas, and — for the default book — identical to reviewed golden files.
//!
//! After reviewing a deliberate change (e.g. by opening the files in a
//! browser), regenerate the golden files with
//! `BUDGETBOOK_BLESS=1 cargo test --test integration charts::`.

use crate::common;

use std::fs;
use std::path::Path;

use budgetbook::budget::ChartKind;
use budgetbook::load::Negatives;
use budgetbook::render::chart::scene::{Item, Scene, AXIS};
use budgetbook::render::chart::{self, Chart};
use budgetbook::render::Strings;

fn charts_of(book: &Path) -> Vec<(String, Chart)> {
    let checked = budgetbook::check(book, true).unwrap();
    let language = checked.parsed.book.config.language;
    let strings = Strings::for_language(language);
    checked
        .parsed
        .blocks
        .iter()
        .zip(&checked.verdicts.blocks)
        .filter_map(|(b, found)| {
            let table = b.as_table()?;
            chart::block_chart(
                table,
                found.baseline(),
                language,
                Negatives::Minus,
                &strings,
            )
            .map(|c| (table.id.clone(), c))
        })
        .collect()
}

/// Every label inside the canvas, and no two labels overlapping.
fn assert_labels_apart(name: &str, scene: &Scene) {
    let boxes: Vec<_> = scene.labels().map(|l| (l, l.bounding_box())).collect();
    for (label, b) in &boxes {
        assert!(
            b.left >= 0.0 && b.right <= scene.width && b.top >= 0.0 && b.bottom <= scene.height,
            "{name}: `{}` leaves the canvas: {b:?}",
            label.text
        );
    }
    for (i, (a, box_a)) in boxes.iter().enumerate() {
        for (b, box_b) in &boxes[i + 1..] {
            assert!(
                !box_a.overlaps(box_b),
                "{name}: `{}` overlaps `{}`",
                a.text,
                b.text
            );
        }
    }
}

/// No label written across a zero line or an axis (an axis-coloured
/// line, across or along the plot): the line would strike its text
/// through.
fn assert_labels_clear_of_the_axes(name: &str, scene: &Scene) {
    for item in &scene.items {
        let Item::Line {
            from, to, paint, ..
        } = item
        else {
            continue;
        };
        if *paint != AXIS {
            continue;
        }
        let (left, right) = (from.0.min(to.0), from.0.max(to.0));
        let (top, bottom) = (from.1.min(to.1), from.1.max(to.1));
        for label in scene.labels() {
            let b = label.bounding_box();
            // A line is a segment; it strikes a label it passes through.
            let across = if left == right {
                b.left < left && left < b.right && b.top < bottom && top < b.bottom
            } else {
                b.top < top && top < b.bottom && b.left < right && left < b.right
            };
            assert!(
                !across,
                "{name}: `{}` is written across the line from {from:?} to {to:?}",
                label.text
            );
        }
    }
}

/// The text of the element that `attribute` of the root names, which must
/// be a `<tag>`.
fn referenced_text<'a>(
    name: &str,
    document: &'a roxmltree::Document,
    attribute: &str,
    tag: &str,
) -> &'a str {
    let id = document
        .root_element()
        .attribute(attribute)
        .unwrap_or_else(|| panic!("{name}: no {attribute}"));
    assert!(!id.contains(' '), "{name}: {attribute} names one element");
    let element = document
        .descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("{name}: no element {id}"));
    assert_eq!(element.tag_name().name(), tag, "{name}");
    element.text().unwrap_or_default()
}

fn assert_accessible_svg(name: &str, svg: &str) {
    let document = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{name}: {e}"));
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    // A chart with parts to focus is a group of them, each an image named
    // by its own title; any other chart is one image.
    let parts: Vec<_> = document
        .descendants()
        .filter(|n| n.attribute("tabindex").is_some())
        .collect();
    if parts.is_empty() {
        assert_eq!(root.attribute("role"), Some("img"), "{name}");
    } else {
        assert_eq!(root.attribute("role"), Some("group"), "{name}");
        for part in parts {
            assert_eq!(part.tag_name().name(), "g", "{name}");
            assert_eq!(part.attribute("tabindex"), Some("0"), "{name}");
            assert_eq!(part.attribute("role"), Some("img"), "{name}");
            let title = part
                .first_element_child()
                .filter(|t| t.tag_name().name() == "title")
                .unwrap_or_else(|| panic!("{name}: a part without a <title>"));
            assert!(title.text().is_some_and(|t| t.len() > 3), "{name}");
        }
    }
    assert!(root.attribute("viewBox").is_some(), "{name}");
    assert!(
        root.attribute("width").is_none(),
        "{name}: a fixed width does not scale"
    );
    // The accessible name is the title alone; the figures are said once,
    // in the description.
    let title = referenced_text(name, &document, "aria-labelledby", "title");
    let description = referenced_text(name, &document, "aria-describedby", "desc");
    assert!(title.len() > 3, "{name}: empty <title>");
    assert!(description.len() > 10, "{name}: empty <desc>");
    assert!(
        !description.contains(title),
        "{name}: the description repeats the title: {description}"
    );
    // The page's Content-Security-Policy (`style-src 'self'`) refuses
    // inline styles: colours come from classes the page's style sheet
    // styles, with presentation attributes for the SVG file on its own.
    assert!(
        !svg.contains("<style") && !svg.contains(" style="),
        "{name}"
    );
    for node in document.descendants().filter(|n| n.is_element()) {
        for paint in ["fill", "stroke"] {
            let Some(colour) = node.attribute(paint) else {
                continue;
            };
            if colour == "none" || node == root {
                continue;
            }
            assert!(
                node.attribute("class")
                    .is_some_and(|c| c.split(' ').any(|c| c.starts_with("c-"))),
                "{name}: <{}> painted {colour} without a class for the dark scheme",
                node.tag_name().name()
            );
        }
    }
}

/// The narrowest a chart is shown on a phone 390 px wide (the page's
/// margins taken off). Text scales with the drawing.
const PHONE_CHART_WIDTH: f64 = 350.0;

/// Every label at least 12 px high once the chart is scaled to a phone.
fn assert_legible_on_a_phone(name: &str, scene: &Scene) {
    for label in scene.labels() {
        let shown = label.size * PHONE_CHART_WIDTH / scene.width;
        assert!(
            shown >= 12.0,
            "{name}: `{}` is {shown:.1} px high on a phone",
            label.text
        );
    }
}

/// A book of one chapter, in `language` (`sv`, `en`).
fn one_chapter_book(language: &str, chapter: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("content")).unwrap();
    fs::write(
        dir.path().join("book.toml"),
        format!("[book]\ntitle = \"T\"\nlanguage = \"{language}\"\n"),
    )
    .unwrap();
    fs::write(
        dir.path().join("content/SUMMARY.md"),
        "# Summary\n\n- [Kapitel](kapitel.md)\n",
    )
    .unwrap();
    fs::write(dir.path().join("content/kapitel.md"), chapter).unwrap();
    dir
}

/// The charts of a book of one chapter, in `language` (`sv`, `en`).
fn charts_of_chapter(language: &str, chapter: &str) -> Vec<(String, Chart)> {
    charts_of(one_chapter_book(language, chapter).path())
}

fn label_texts(scene: &Scene) -> Vec<&str> {
    scene.labels().map(|l| l.text.as_str()).collect()
}

#[test]
fn the_default_books_charts_are_accessible_and_uncluttered() {
    let charts = charts_of(&common::default_book());
    let kinds: Vec<(&str, ChartKind)> =
        charts.iter().map(|(id, c)| (id.as_str(), c.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("forslag-poster", ChartKind::Bar),
            ("resultatbudget", ChartKind::Waterfall),
            ("kassaflodesbudget", ChartKind::Bar),
            ("driftbudget", ChartKind::Bar),
            ("investeringsplan", ChartKind::StackedBar),
        ]
    );
    for (id, chart) in &charts {
        assert_accessible_svg(id, &chart.svg);
        assert_labels_apart(id, &chart.scene);
        assert_labels_clear_of_the_axes(id, &chart.scene);
        assert_legible_on_a_phone(id, &chart.scene);
    }
}

#[test]
fn descriptions_summarise_the_figures_in_words() {
    let charts = charts_of(&common::default_book());
    let description = |id: &str| {
        charts
            .iter()
            .find(|(i, _)| i == id)
            .unwrap()
            .1
            .description
            .clone()
    };
    let investments = description("investeringsplan");
    assert!(
        investments.contains("Största posten i Budget 2026 är VA, 308\u{a0}024\u{a0}tkr."),
        "{investments}"
    );
    assert!(
        investments.contains("Summa investeringar Budget 2026: 610\u{a0}999\u{a0}tkr."),
        "{investments}"
    );
    assert!(
        investments.contains(
            "Plan 2030: 790\u{a0}839\u{a0}tkr, förändring +179\u{a0}840\u{a0}tkr (+29,4\u{a0}%)."
        ),
        "{investments}"
    );
    let result = description("resultatbudget");
    // A waterfall reads down its first column.
    assert!(
        result.contains("Resultat/skatter och bidrag: Budget 2026 4,3\u{a0}%; målet är 4\u{a0}%."),
        "{result}"
    );
}

#[test]
fn every_chart_kind_keeps_its_labels_apart() {
    let charts = charts_of(&common::fixture("valid/charts"));
    let kinds: Vec<ChartKind> = charts.iter().map(|(_, c)| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ChartKind::Bar,
            ChartKind::GroupedBar,
            ChartKind::StackedBar,
            ChartKind::Line,
            ChartKind::Bar
        ]
    );
    for (id, chart) in &charts {
        assert_accessible_svg(id, &chart.svg);
        assert_labels_apart(id, &chart.scene);
        assert_labels_clear_of_the_axes(id, &chart.scene);
        assert_legible_on_a_phone(id, &chart.scene);
    }
}

#[test]
fn the_site_inlines_each_chart_and_links_its_svg_file() {
    let out = tempfile::tempdir().unwrap();
    let options = budgetbook::BuildOptions {
        destination: Some(out.path().join("site")),
        ..Default::default()
    };
    budgetbook::build(&common::default_book(), &options).unwrap();
    let html: String = ["03-budgetramar.html", "09-finansiella-rapporter.html"]
        .iter()
        .map(|page| fs::read_to_string(out.path().join("site").join(page)).unwrap())
        .collect();
    for (id, chart) in charts_of(&common::default_book()) {
        let file = fs::read_to_string(out.path().join(format!("site/charts/{id}.svg"))).unwrap();
        assert_eq!(file, chart.svg);
        // The figure is named by the chart's title alone (the chart holds
        // the description).
        assert!(html.contains(&format!(
            "<figure class=\"budget-chart\" id=\"{id}.chart\" aria-label=\"{}\" data-search-ignore>\n{}",
            chart.title, chart.svg
        )));
        assert!(html.contains(&format!("href=\"charts/{id}.svg\"")));
    }
}

#[test]
fn the_default_books_charts_match_their_golden_files() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/charts");
    let bless = std::env::var_os("BUDGETBOOK_BLESS").is_some();
    for (id, chart) in charts_of(&common::default_book()) {
        let path = golden.join(format!("{id}.svg"));
        if bless {
            fs::create_dir_all(&golden).unwrap();
            fs::write(&path, &chart.svg).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("no golden file {}", path.display()));
        assert!(
            expected == chart.svg,
            "{id}.svg differs from {}",
            path.display()
        );
    }
}

#[test]
fn a_treemap_draws_each_part_as_its_share_of_the_whole() {
    let charts = charts_of(&common::fixture("valid/treemap"));
    let kinds: Vec<ChartKind> = charts.iter().map(|(_, c)| c.kind).collect();
    assert_eq!(kinds, [ChartKind::Treemap, ChartKind::Treemap]);
    for (id, chart) in &charts {
        assert_accessible_svg(id, &chart.svg);
        assert_labels_apart(id, &chart.scene);
        assert_legible_on_a_phone(id, &chart.scene);
    }
    let (_, drift) = &charts[0];
    let document = roxmltree::Document::parse(&drift.svg).unwrap();
    // Every part with an area is a focusable group named by its figure as
    // the table writes it and its share of the stated total, largest first.
    let parts: Vec<(&str, f64)> = document
        .descendants()
        .filter(|n| n.attribute("class") == Some("part"))
        .map(|g| {
            let title = g.first_element_child().unwrap().text().unwrap();
            let rect = g.children().find(|n| n.has_tag_name("rect")).unwrap();
            let side = |a: &str| rect.attribute(a).unwrap().parse::<f64>().unwrap();
            // The gap between parts is one unit on each side.
            (title, (side("width") + 2.0) * (side("height") + 2.0))
        })
        .collect();
    let titles: Vec<&str> = parts.iter().map(|(t, _)| *t).collect();
    assert_eq!(
        titles,
        [
            "Barn- och ungdomsnämnden: 1\u{a0}138\u{a0}326 tkr (37,0\u{a0}%)",
            "Vård- och omsorgsnämnden: 1\u{a0}017\u{a0}829 tkr (33,1\u{a0}%)",
            "Kultur- och utbildningsnämnden: 393\u{a0}467 tkr (12,8\u{a0}%)",
            "Socialnämnden: 266\u{a0}636 tkr (8,7\u{a0}%)",
            "Kommunstyrelsen: 148\u{a0}695 tkr (4,8\u{a0}%)",
            "Tekniska nämnden: 85\u{a0}940 tkr (2,8\u{a0}%)",
            "Bygg- och miljönämnden: 17\u{a0}841 tkr (0,6\u{a0}%)",
            "Överförmyndarnämnden: 5\u{a0}045 tkr (0,2\u{a0}%)",
        ]
    );
    // Areas in proportion to the figures (within the rounding of the
    // coordinates to a tenth).
    let whole: f64 = parts.iter().map(|(_, a)| a).sum();
    for ((title, area), figure) in parts.iter().zip([
        1_138_326.0,
        1_017_829.0,
        393_467.0,
        266_636.0,
        148_695.0,
        85_940.0,
        17_841.0,
        5_045.0,
    ]) {
        let expected = figure / 3_073_779.0 * whole;
        assert!(
            (area - expected).abs() <= expected * 0.02 + 8.0,
            "{title}: {area} for {expected}"
        );
    }
    // Parts whose text does not fit, and the one of no area (a dash), are
    // listed under the map with figure and share: nothing is lost.
    let labels = label_texts(&drift.scene);
    assert!(
        labels.contains(&"Poster för små för sin text:"),
        "{labels:?}"
    );
    assert!(
        labels.contains(&"Överförmyndarnämnden: 5\u{a0}045 tkr (0,2\u{a0}%)"),
        "{labels:?}"
    );
    assert!(labels.contains(&"Revisionen: – (0,0\u{a0}%)"), "{labels:?}");
    assert!(
        drift
            .description
            .contains("Andelar: Barn- och ungdomsnämnden 37,0\u{a0}%, "),
        "{}",
        drift.description
    );
    // Without a total, shares are of the sum of the parts; a part with no
    // figure is listed without one.
    let (_, other) = &charts[1];
    let labels = label_texts(&other.scene);
    assert!(labels.contains(&"40,0\u{a0}%"), "{labels:?}");
    assert!(labels.contains(&"Kultur: .."), "{labels:?}");
}

#[test]
fn the_treemap_matches_its_golden_file() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/charts/treemap.svg");
    let charts = charts_of(&common::fixture("valid/treemap"));
    let svg = &charts[0].1.svg;
    if std::env::var_os("BUDGETBOOK_BLESS").is_some() {
        fs::write(&golden, svg).unwrap();
        return;
    }
    let expected = fs::read_to_string(&golden).expect("no golden treemap");
    assert!(
        &expected == svg,
        "the treemap differs from {}",
        golden.display()
    );
}

/// A block of `kind` in `unit` with two rows over three columns.
fn block_in(kind: &str, unit: &str) -> String {
    format!(
        "```budget\nid: {kind}\nunit: \"{unit}\"\ncolumns: [A, B, C]\nchart: {kind}\nrows:\n  \
         - {{id: a, label: Norr, values: [120, 130, 150]}}\n  \
         - {{id: b, label: Söder, values: [80, 95, 90]}}\n```\n\n"
    )
}

#[test]
fn axis_titles_say_the_units_own_words() {
    let cases = [
        ("sv", "mnkr", "Belopp i mnkr"),
        ("sv", "tkr", "Belopp i tkr"),
        ("sv", "%", "Procent"),
        ("sv", "invånare", "Antal invånare"),
        ("sv", "personer", "Antal personer"),
        ("sv", "st", "Antal"),
        ("sv", "kWh", "kWh"),
        ("en", "£m", "Amount in £m"),
        ("en", "£000", "Amount in £000"),
        ("en", "%", "Per cent"),
        ("en", "people", "Number of people"),
        ("en", "pupils", "Number of pupils"),
    ];
    for (language, unit, title) in cases {
        let chapter: String = ["bar", "grouped-bar", "line"]
            .iter()
            .map(|kind| block_in(kind, unit))
            .collect();
        let charts = charts_of_chapter(language, &format!("# Kapitel\n\n{chapter}"));
        assert_eq!(charts.len(), 3);
        for (id, chart) in &charts {
            let labels = label_texts(&chart.scene);
            assert!(
                labels.contains(&title),
                "{language} {unit} {id}: no axis title {title:?} in {labels:?}"
            );
        }
    }
}

/// `count` columns of financial years, 2022/23 on, and a line (or bar) per
/// committee, each growing a little every year.
fn financial_years(kind: &str, count: usize) -> String {
    let columns: Vec<String> = (0..count)
        .map(|i| format!("{}/{:02}", 2022 + i, (23 + i) % 100))
        .collect();
    let rows = [
        "Vård- och omsorgsnämnden",
        "Barn- och ungdomsnämnden",
        "Kultur- och utbildningsnämnden",
        "Socialnämnden",
        "Överförmyndarnämnden",
        "Bygg- och miljönämnden",
    ];
    let mut block = format!(
        "```budget\nid: {kind}-{count}\ntitle: Nämndernas kommunbidrag över {count} år med en lång rubrik\n\
         unit: tkr\ncolumns: [{}]\nchart: {kind}\nrows:\n",
        columns.join(", ")
    );
    for (r, label) in rows.iter().enumerate() {
        let values: Vec<String> = (0..count)
            .map(|i| format!("\"{}\"", 100_000 * (r + 1) + 5_000 * i))
            .collect();
        block.push_str(&format!(
            "  - {{id: r{r}, label: {label}, values: [{}]}}\n",
            values.join(", ")
        ));
    }
    block.push_str("```\n\n");
    block
}

#[test]
fn column_labels_stay_apart_at_any_number_of_columns() {
    for count in 2..=12 {
        let chapter: String = ["line", "stacked-bar", "grouped-bar"]
            .iter()
            .map(|kind| financial_years(kind, count))
            .collect();
        let charts = charts_of_chapter("sv", &format!("# Kapitel\n\n{chapter}"));
        assert_eq!(charts.len(), 3);
        for (id, chart) in &charts {
            assert_labels_apart(id, &chart.scene);
            assert_legible_on_a_phone(id, &chart.scene);
            assert_accessible_svg(id, &chart.svg);
            // The first and the last year are always named.
            let labels = label_texts(&chart.scene);
            let last = format!("{}/{:02}", 2022 + count - 1, (23 + count - 1) % 100);
            for year in ["2022/23", last.as_str()] {
                assert!(labels.contains(&year), "{id}: no {year} in {labels:?}");
            }
        }
    }
}

/// Lines over five years from `from` to `to`.
fn growth(id: &str, from: i64, to: i64) -> String {
    let values: Vec<String> = (0..5)
        .map(|i| (from + (to - from) * i / 4).to_string())
        .collect();
    format!(
        "```budget\nid: {id}\ntitle: Invånare\nunit: invånare\n\
         columns: [2026, 2027, 2028, 2029, 2030]\nchart: line\nrows:\n  \
         - {{id: a, label: Kommunen, values: [{}]}}\n```\n\n",
        values.join(", ")
    )
}

#[test]
fn a_value_axis_far_from_zero_starts_near_the_data_and_shows_the_break() {
    let charts = charts_of_chapter(
        "sv",
        &format!(
            "# Kapitel\n\n{}{}",
            growth("nara", 1000, 1100),
            growth("fran-noll", 50, 1100)
        ),
    );
    let (_, near) = &charts[0];
    let start = near
        .scene
        .axis_break
        .expect("the axis of 1 000 to 1 100 starts near the data");
    assert!(
        start >= rust_decimal::Decimal::from(900) && start <= rust_decimal::Decimal::from(1000),
        "{start}"
    );
    let labels = label_texts(&near.scene);
    assert!(!labels.contains(&"0"), "{labels:?}");
    assert!(labels.contains(&"1\u{a0}100"), "{labels:?}");
    // The break is drawn: a zigzag of short slanted strokes.
    let zigzag = near
        .scene
        .items
        .iter()
        .filter(|item| match item {
            budgetbook::render::chart::scene::Item::Line { from, to, .. } => {
                from.0 != to.0 && from.1 != to.1 && (from.0 - to.0).abs() < 10.0
            }
            _ => false,
        })
        .count();
    assert!(zigzag >= 2, "no zigzag on the axis");
    assert!(
        near.description.contains("börjar vid"),
        "{}",
        near.description
    );
    assert_labels_apart("nara", &near.scene);

    // Values reaching towards zero keep the axis at zero.
    let (_, from_zero) = &charts[1];
    assert_eq!(from_zero.scene.axis_break, None);
    assert!(label_texts(&from_zero.scene).contains(&"0"));
}

#[test]
fn a_waterfalls_figures_keep_clear_of_its_labels() {
    // Short labels stand beside the plot; the costs take the running total
    // from 3 356 down to 298, ending near the labels.
    let charts = charts_of_chapter(
        "sv",
        "# Kapitel\n\n```budget\nid: vf\ntitle: Resultat\nunit: mnkr\ncolumns: [2026, 2027]\n\
         chart: waterfall\nrows:\n  - {id: a, label: Skatter, values: [2571, 2687]}\n  \
         - {id: b, label: Bidrag, values: [785, 780]}\n  \
         - {id: c, label: Kostnader, values: [-3058, -3166]}\n  \
         - {id: s, label: Resultat, values: [298, 301], sum: above}\n```\n",
    );
    let (id, chart) = &charts[0];
    assert_labels_apart(id, &chart.scene);
    assert_labels_clear_of_the_axes(id, &chart.scene);
    assert!(label_texts(&chart.scene).contains(&"\u{2212}3\u{a0}058"));
}

#[test]
fn a_waterfall_of_several_columns_is_drawn_as_small_multiples_on_one_scale() {
    let chapter = "# Kapitel\n\n```budget\nid: vf\ntitle: Resultat\nunit: mnkr\n\
         columns: [2026, 2027, 2028]\n\
         chart: {kind: waterfall, columns: ['2026', '2027', '2028']}\nrows:\n  \
         - {id: a, label: Skatter, values: [2571, 2687, 2790]}\n  \
         - {id: b, label: Bidrag, values: [785, 780, 770]}\n  \
         - {id: c, label: Kostnader, values: [-3058, -3166, -3270]}\n  \
         - {id: s, label: Resultat, values: [298, 301, 290], sum: above}\n  \
         - {id: r, label: Resultat av skatter, unit: '%', values: [8.8, 8.7, 8.1]}\n```\n";
    let charts = charts_of_chapter("sv", chapter);
    let (id, chart) = &charts[0];
    // One per column, and the row in per cent after them.
    assert_eq!(chart.multiples.len(), 4, "{id}");
    let scenes: Vec<roxmltree::Document> = chart
        .multiples
        .iter()
        .map(|svg| roxmltree::Document::parse(svg).unwrap())
        .collect();
    let height = |d: &roxmltree::Document| -> f64 {
        let view_box = d.root_element().attribute("viewBox").unwrap();
        view_box.split(' ').nth(3).unwrap().parse().unwrap()
    };
    let texts = |d: &roxmltree::Document| -> Vec<String> {
        d.descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text().map(str::to_string))
            .collect()
    };
    for (n, (svg, document)) in chart.multiples.iter().zip(&scenes).enumerate() {
        assert_accessible_svg(&format!("{id} multiple {n}"), svg);
        // Each is a part of the whole: far shorter than the stacked chart.
        assert!(
            height(document) < chart.scene.height * 0.6,
            "{id} multiple {n}"
        );
    }
    // Titled by their columns, told by their totals.
    assert!(
        chart.multiples[1].contains("<title id=\"vf.chart-2-title\">Resultat (mnkr), 2027</title>")
    );
    assert!(chart.multiples[2].contains("Resultat 2028: 290"));
    // One scale: the same ticks under every column's panel.
    let ticks = |d: &roxmltree::Document| -> Vec<String> {
        texts(d)
            .into_iter()
            .filter(|t| {
                t.chars()
                    .all(|c| c.is_ascii_digit() || " \u{a0}\u{2212}".contains(c))
            })
            .collect()
    };
    let first = ticks(&scenes[0]);
    assert!(first.len() >= 3, "{first:?}");
    for document in &scenes[1..3] {
        let these = ticks(document);
        assert!(
            these.ends_with(&first[first.len() - 3..]),
            "{these:?} and {first:?}"
        );
    }

    // The page shows the multiples, a strip the keyboard can scroll too; the
    // file is the whole chart.
    let dir = one_chapter_book("sv", chapter);
    let options = budgetbook::BuildOptions {
        destination: Some(dir.path().join("site")),
        ..Default::default()
    };
    budgetbook::build(dir.path(), &options).unwrap();
    let page = fs::read_to_string(dir.path().join("site/kapitel.html")).unwrap();
    assert!(page.contains(
        "<div class=\"chart-multiples\" tabindex=\"0\" role=\"group\" aria-label=\"Resultat (mnkr)\">"
    ));
    for svg in &chart.multiples {
        assert!(page.contains(svg.as_str()));
    }
    let file = fs::read_to_string(dir.path().join("site/charts/vf.svg")).unwrap();
    assert_eq!(file, chart.svg);
}

/// Totals the author names for the chart without any of the rows they add
/// up are drawn as its parts (a programme's totals side by side); a total
/// named with its rows stays the total.
#[test]
fn totals_chosen_without_their_rows_are_drawn_as_parts() {
    let chapter = "# Kapitel\n\n```budget\nid: inv\ntitle: Investeringar\nunit: tkr\n\
columns: [Budget 2026, Plan 2027]\nchart: {kind: stacked-bar, rows: [ks-summa, bun-summa]}\nrows:\n\
  - {id: it, label: IT, values: [\"12 500\", \"10 000\"]}\n\
  - {id: ks-summa, label: Summa KS, values: [\"12 500\", \"10 000\"], sum: above}\n\
  - {id: skola, label: Skola, values: [\"48 200\", \"21 800\"]}\n\
  - {id: bun-summa, label: Summa BUN, values: [\"48 200\", \"21 800\"], sum: above}\n```\n";
    let charts = charts_of_chapter("sv", chapter);
    let [(id, chart)] = charts.as_slice() else {
        panic!("one chart: {charts:?}");
    };
    assert_eq!(id, "inv");
    let labels = label_texts(&chart.scene);
    assert!(
        labels.iter().any(|l| l.contains("Summa KS"))
            && labels.iter().any(|l| l.contains("Summa BUN")),
        "{labels:?}"
    );

    let with_rows = chapter.replace("rows: [ks-summa, bun-summa]", "rows: [it, ks-summa]");
    let charts = charts_of_chapter("sv", &with_rows);
    let labels = label_texts(&charts[0].1.scene);
    assert!(labels.iter().any(|l| l.contains("IT")), "{labels:?}");
    assert!(!labels.iter().any(|l| l.contains("Summa KS")), "{labels:?}");
}

/// A table of more parts than the palette has colours is drawn, unless the
/// author chose otherwise, as bars in each row's own group, named on the
/// axis: stacks of twelve would give two parts one colour.
#[test]
fn more_parts_than_colours_are_drawn_as_bars_in_their_own_groups() {
    let table = |parts: usize| {
        let rows: String = (1..=parts)
            .map(|i| format!("  - {{id: r{i}, label: Service {i}, values: [{i}, {i}]}}\n"))
            .collect();
        let total = parts * (parts + 1) / 2;
        format!(
            "# Budget\n\n```budget\nid: t\ntitle: Services\nunit: £000\ncolumns: [2024/25, 2025/26]\nrows:\n{rows}  - {{id: total, label: Total, values: [{total}, {total}], sum: above}}\n```\n"
        )
    };
    let kind = |parts| charts_of_chapter("en", &table(parts))[0].1.kind;
    assert_eq!(kind(10), ChartKind::StackedBar);
    assert_eq!(kind(12), ChartKind::Bar);
    let charts = charts_of_chapter("en", &table(12));
    let labels = label_texts(&charts[0].1.scene);
    assert!(labels.contains(&"Service 12"), "{labels:?}");
}

/// A book that writes negatives in brackets has its charts' labels so too;
/// the description, read aloud, keeps the minus that brackets would not
/// say.
#[test]
fn chart_labels_write_negatives_as_the_book_does() {
    let out = tempfile::tempdir().unwrap();
    let options = budgetbook::BuildOptions {
        destination: Some(out.path().join("site")),
        ..budgetbook::BuildOptions::default()
    };
    budgetbook::build(&common::fixture("valid/percent-columns"), &options).unwrap();
    let svg = fs::read_to_string(out.path().join("site/charts/movement.svg")).unwrap();
    assert!(svg.contains(">(219)</text>"), "{svg}");
    assert!(
        !svg.contains("\u{2212}219") && !svg.contains("-219"),
        "{svg}"
    );
    let bars = fs::read_to_string(out.path().join("site/charts/nrb.svg")).unwrap();
    assert!(bars.contains("a change of -£99k (-10.1%)"), "{bars}");
}
