//! Charts: valid, accessible SVG whose labels never collide or leave the
//! canvas, and — for the default book — identical to reviewed golden files.
//!
//! After reviewing a deliberate change (e.g. by opening the files in a
//! browser), regenerate the golden files with
//! `BUDGETBOOK_BLESS=1 cargo test --test charts`.

mod common;

use std::fs;
use std::path::Path;

use budgetbook::budget::ChartKind;
use budgetbook::render::chart::{self, scene::Scene, Chart};
use budgetbook::render::Strings;

fn charts_of(book: &Path) -> Vec<(String, Chart)> {
    let checked = budgetbook::check(book, true).unwrap();
    let language = checked.parsed.book.config.language;
    let strings = Strings::for_language(language);
    checked
        .parsed
        .blocks
        .iter()
        .zip(&checked.verdicts.baselines)
        .filter_map(|(b, baseline)| {
            chart::block_chart(b, baseline.as_ref(), language, &strings).map(|c| (b.id.clone(), c))
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

fn assert_accessible_svg(name: &str, svg: &str) {
    let document = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{name}: {e}"));
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"), "{name}");
    assert!(root.attribute("viewBox").is_some(), "{name}");
    assert!(
        root.attribute("width").is_none(),
        "{name}: a fixed width does not scale"
    );
    let labelled_by: Vec<&str> = root
        .attribute("aria-labelledby")
        .unwrap()
        .split(' ')
        .collect();
    for (id, tag) in labelled_by.iter().zip(["title", "desc"]) {
        let element = document
            .descendants()
            .find(|n| n.attribute("id") == Some(*id))
            .unwrap_or_else(|| panic!("{name}: no element {id}"));
        assert_eq!(element.tag_name().name(), tag);
        assert!(
            element.text().is_some_and(|t| t.len() > 10),
            "{name}: empty <{tag}>"
        );
    }
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
        investments.contains("Största posten Budget 2026 är VA, 308\u{a0}024."),
        "{investments}"
    );
    assert!(
        investments.contains("Summa investeringar Budget 2026: 610\u{a0}999."),
        "{investments}"
    );
    assert!(
        investments.contains("Plan 2030: 790\u{a0}839, förändring +179\u{a0}840 (29,4\u{a0}%)."),
        "{investments}"
    );
    let result = description("resultatbudget");
    assert!(result.contains("Resultat/skatter och bidrag: Budget 2026 4,3\u{a0}%, Plan 2027 3,5\u{a0}%, Plan 2028 3,1\u{a0}%; målet är 4\u{a0}%."), "{result}");
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
