//! Charts of extreme figures — 1e25, 7e28, the largest and the smallest
//! decimal, zeros, a single row, huge beside tiny — in every chart kind: each
//! chart is valid SVG of bounded size, or is left out with a warning at its
//! block; never a panic or a hang.

use std::fs;
use std::sync::mpsc;
use std::time::Duration;

use budgetbook::diagnostic::Diagnostic;
use budgetbook::load::Negatives;
use budgetbook::render::chart::{self, scene::Item, Chart};
use budgetbook::render::Strings;
use proptest::prelude::*;

const E25: &str = "10000000000000000000000000";
const E28X7: &str = "70000000000000000000000000000";
const MAX: &str = "79228162514264337593543950335";
const MIN: &str = "-79228162514264337593543950335";
const TINY: &str = "0.0000000000000000000000000001";

/// A chart has a fixed number of ticks and one shape per figure: a few
/// kilobytes. Unbounded ticks made hundreds of megabytes.
const MAX_SVG_BYTES: usize = 200_000;

/// Charting a small book takes milliseconds; this only stops a hang from
/// stalling the test run.
const HANG_GUARD: Duration = Duration::from_secs(120);

/// What checking and charting a book gave: the charts by block id, the
/// chart warnings, and the chapter's text (to locate them).
struct Charted {
    charts: Vec<(String, Chart)>,
    warnings: Vec<Diagnostic>,
}

impl Charted {
    fn ids(&self) -> Vec<&str> {
        self.charts.iter().map(|(id, _)| id.as_str()).collect()
    }

    /// The blocks whose chart was left out, with the line of the warning.
    fn left_out(&self) -> Vec<(String, usize)> {
        self.warnings
            .iter()
            .filter(|w| w.problem.code() == "chart-left-out")
            .map(|w| {
                let location = w.location.as_ref().expect("a located warning");
                (w.to_string(), location.line_column().0)
            })
            .collect()
    }
}

/// Checks a one-chapter book and draws every table's chart, in a thread so
/// that a hang fails the test instead of stalling it.
fn chart_book(chapter: String) -> Charted {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        fs::create_dir_all(&content).unwrap();
        fs::write(
            dir.path().join("book.toml"),
            "[book]\ntitle = \"Extremt\"\nlanguage = \"sv\"\n",
        )
        .unwrap();
        fs::write(
            content.join("SUMMARY.md"),
            "# Summary\n\n- [Kapitel](kapitel.md)\n",
        )
        .unwrap();
        fs::write(content.join("kapitel.md"), &chapter).unwrap();
        let checked = match budgetbook::check(dir.path(), true) {
            Ok(checked) => checked,
            Err(budgetbook::Error::Invalid { diagnostics }) => {
                let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
                panic!("the book is invalid:\n{}\n{chapter}", lines.join("\n"))
            }
            Err(other) => panic!("{other}"),
        };
        let language = checked.parsed.book.config.language;
        let strings = Strings::for_language(language);
        let charts = checked
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
            .collect();
        sender
            .send(Charted {
                charts,
                warnings: checked.warnings,
            })
            .unwrap();
    });
    receiver
        .recv_timeout(HANG_GUARD)
        .expect("charting the book panicked or did not finish")
}

/// Valid XML with a root `<svg>`, of bounded size, and every coordinate of
/// the scene a finite number.
fn assert_drawable(id: &str, chart: &Chart) {
    assert!(
        chart.svg.len() < MAX_SVG_BYTES,
        "{id}: {} bytes of SVG",
        chart.svg.len()
    );
    let document = roxmltree::Document::parse(&chart.svg).unwrap_or_else(|e| panic!("{id}: {e}"));
    assert_eq!(document.root_element().tag_name().name(), "svg", "{id}");
    let scene = &chart.scene;
    assert!(scene.width.is_finite() && scene.height.is_finite(), "{id}");
    for item in &scene.items {
        let numbers = match item {
            Item::Rect {
                x,
                y,
                width,
                height,
                ..
            } => vec![*x, *y, *width, *height],
            Item::Line { from, to, .. } => vec![from.0, from.1, to.0, to.1],
            Item::Text(label) => vec![label.x, label.y],
            Item::Group { .. } | Item::End => Vec::new(),
        };
        assert!(
            numbers.iter().all(|n| n.is_finite()),
            "{id}: {item:?} is not finite"
        );
    }
}

/// `x` with its sign turned.
fn negated(x: &str) -> String {
    match x.strip_prefix('-') {
        Some(positive) => positive.to_string(),
        None if x == "0" => x.to_string(),
        None => format!("-{x}"),
    }
}

/// `x + x` as written, if a decimal holds it.
fn doubled(x: &str) -> Option<rust_decimal::Decimal> {
    let x: rust_decimal::Decimal = x.parse().unwrap();
    x.checked_add(x)
}

/// A chapter with the figure `x` in a chart of every kind: horizontal bars,
/// grouped and stacked bars, a stacked chart with a zoom panel, lines, a
/// waterfall with a ratio panel and a chart of the change from a baseline.
/// The last three blocks add `x` to itself, which no decimal holds when `x`
/// is beyond half the largest.
fn every_kind(x: &str) -> String {
    let minus_x = negated(x);
    format!(
        r#"# Extremt

```budget
id: liggande
chart: bar
columns: [A, B]
rows:
  - {{id: a, label: A, values: ["{x}", 1]}}
  - {{id: b, label: B, values: [-1, "{x}"]}}
  - {{id: c, label: C, values: ["{TINY}", ~]}}
```

```budget
id: grupperade
chart: grouped-bar
columns: [A, B]
rows:
  - {{id: a, label: A, values: ["{x}", 1]}}
  - {{id: b, label: B, values: [-1, "{x}"]}}
  - {{id: c, label: C, values: ["{TINY}", "-{TINY}"]}}
```

```budget
id: staplade
chart: stacked-bar
columns: [A, B]
rows:
  - {{id: a, label: A, values: ["{x}", 1]}}
  - {{id: b, label: B, values: [0, -1]}}
```

```budget
id: zoom
columns: [A, B]
rows:
  - {{id: a, label: A, values: ["{x}", 0]}}
  - {{id: b, label: B, values: [0, 1]}}
  - {{id: c, label: C, values: [0, 1]}}
  - {{id: summa, label: Summa, values: ["{x}", 2], sum: above}}
```

```budget
id: liten-till-stor
columns: [A, B]
rows:
  - {{id: a, label: A, values: ["{TINY}", "{x}"]}}
  - {{id: summa, label: Summa, values: ["{TINY}", "{x}"], sum: above}}
```

```budget
id: linjer
chart: line
columns: [A, B]
rows:
  - {{id: a, label: A, values: ["{x}", 1]}}
  - {{id: b, label: B, values: [-1, "{x}"]}}
  - {{id: c, label: C, values: ["{TINY}", "-{TINY}"]}}
```

```budget
id: vattenfall
chart: waterfall
columns: [A, B]
rows:
  - {{id: a, label: A, values: ["{x}", 1]}}
  - {{id: b, label: B, values: [0, -1]}}
  - {{id: summa, label: Summa, values: ["{x}", 0], sum: above}}
  - {{id: andel, label: Andel, unit: "%", values: ["{x}", 1], target: "{x}"}}
  - {{id: andel-minus, label: Andel minus, unit: "%", values: ["{minus_x}", 1], target: "{minus_x}"}}
```

```budget
id: fore
title: Före
columns: [A, B]
rows:
  - {{id: a, label: A, values: ["{minus_x}", 1]}}
  - {{id: b, label: B, values: [1, 1]}}
```

```budget
id: dubbla-staplar
chart: stacked-bar
columns: [A, B]
rows:
  - {{id: a, label: A, values: ["{x}", "{x}"]}}
  - {{id: b, label: B, values: ["{x}", "{x}"]}}
```

```budget
id: dubbelt-vattenfall
chart: waterfall
columns: [A]
rows:
  - {{id: a, label: A, values: ["{x}"]}}
  - {{id: b, label: B, values: ["{x}"]}}
```

```budget
id: andring
baseline: fore
columns: [A, B]
rows:
  - {{id: a, label: A, values: ["{x}", 1]}}
  - {{id: b, label: B, values: [1, 1]}}
```
"#
    )
}

const EVERY_KIND: [&str; 11] = [
    "liggande",
    "grupperade",
    "staplade",
    "zoom",
    "liten-till-stor",
    "linjer",
    "vattenfall",
    "fore",
    "dubbla-staplar",
    "dubbelt-vattenfall",
    "andring",
];

/// The blocks of `every_kind(x)` that add `x` to itself.
const DOUBLING: [&str; 3] = ["dubbla-staplar", "dubbelt-vattenfall", "andring"];

/// Every chart of `every_kind(x)` is drawn, except — when `x + x` does not
/// fit in a decimal — the three that add it, each with a warning at its id.
fn assert_every_kind_charts(x: &str) {
    let chapter = every_kind(x);
    let charted = chart_book(chapter.clone());
    for (id, chart) in &charted.charts {
        assert_drawable(id, chart);
    }
    let fits = doubled(x).is_some();
    let expected: Vec<&str> = EVERY_KIND
        .into_iter()
        .filter(|id| fits || !DOUBLING.contains(id))
        .collect();
    assert_eq!(charted.ids(), expected, "{x}");

    let expected_warnings: Vec<usize> = if fits {
        Vec::new()
    } else {
        DOUBLING
            .iter()
            .map(|id| line_of(&chapter, &format!("id: {id}\n")))
            .collect()
    };
    let left_out = charted.left_out();
    assert_eq!(
        left_out.iter().map(|(_, line)| *line).collect::<Vec<_>>(),
        expected_warnings,
        "{left_out:?}"
    );
    for ((message, _), id) in left_out.iter().zip(DOUBLING) {
        assert!(message.contains(&format!("`{id}`")), "{message}");
    }
}

/// The 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    let offset = text.find(needle).unwrap_or_else(|| panic!("no {needle:?}"));
    text[..offset].matches('\n').count() + 1
}

#[test]
fn a_figure_of_1e25_is_charted_in_every_kind() {
    assert_every_kind_charts(E25);
}

#[test]
fn a_figure_of_7e28_is_charted_in_every_kind_or_left_out_with_a_warning() {
    assert_every_kind_charts(E28X7);
}

#[test]
fn the_largest_decimal_is_charted_in_every_kind_or_left_out_with_a_warning() {
    assert_every_kind_charts(MAX);
}

#[test]
fn the_smallest_decimal_is_charted_in_every_kind_or_left_out_with_a_warning() {
    assert_every_kind_charts(MIN);
}

#[test]
fn zeros_and_the_tiniest_decimal_are_charted_in_every_kind() {
    assert_every_kind_charts("0");
    assert_every_kind_charts(TINY);
    assert_every_kind_charts(&negated(TINY));
}

/// A chart of each kind with one row of one figure.
fn single_rows(x: &str) -> String {
    ["bar", "grouped-bar", "stacked-bar", "line", "waterfall"]
        .iter()
        .map(|kind| {
            format!(
                "```budget\nid: {kind}\nchart: {kind}\ncolumns: [A]\nrows:\n  - {{id: a, label: A, values: [\"{x}\"]}}\n```\n\n"
            )
        })
        .collect()
}

#[test]
fn a_single_row_of_an_extreme_figure_is_charted_in_every_kind() {
    for x in ["0", TINY, E25, E28X7, MAX, MIN] {
        let charted = chart_book(format!("# Extremt\n\n{}", single_rows(x)));
        assert_eq!(
            charted.ids(),
            ["bar", "grouped-bar", "stacked-bar", "line", "waterfall"],
            "{x}"
        );
        for (id, chart) in &charted.charts {
            assert_drawable(id, chart);
        }
        assert!(charted.left_out().is_empty(), "{x}");
    }
}

#[test]
fn a_treemap_of_extreme_figures_is_charted_or_left_out_with_a_warning() {
    for x in ["0", TINY, E25, E28X7, MAX] {
        let one = format!(
            "```budget\nid: en\nchart: treemap\ncolumns: [A]\nrows:\n  - {{id: a, label: A, values: [\"{x}\"]}}\n  - {{id: b, label: B, values: [\"{TINY}\"]}}\n```\n\n"
        );
        let charted = chart_book(format!("# Extremt\n\n{one}"));
        assert_eq!(charted.ids(), ["en"], "{x}");
        for (id, chart) in &charted.charts {
            assert_drawable(id, chart);
        }
        assert!(charted.left_out().is_empty(), "{x}");
    }
    // Two of the largest figures add up beyond a decimal: no chart, and a
    // warning that says so.
    let two = format!(
        "```budget\nid: tva\nchart: treemap\ncolumns: [A]\nrows:\n  - {{id: a, label: A, values: [\"{MAX}\"]}}\n  - {{id: b, label: B, values: [\"{MAX}\"]}}\n```\n\n"
    );
    let charted = chart_book(format!("# Extremt\n\n{two}"));
    assert!(charted.ids().is_empty());
    let left_out = charted.left_out();
    assert_eq!(left_out.len(), 1);
    assert!(left_out[0].0.contains("`tva`"), "{left_out:?}");
}

/// Builds a one-chapter book (pages, tables, chart files, search index) in
/// a thread, so that a hang fails the test: the number of charts, the size
/// of each chart file and the number of warnings.
fn build_book(chapter: String) -> (usize, Vec<usize>, usize) {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        fs::create_dir_all(&content).unwrap();
        fs::write(
            dir.path().join("book.toml"),
            "[book]\ntitle = \"Extremt\"\n",
        )
        .unwrap();
        fs::write(
            content.join("SUMMARY.md"),
            "# Summary\n\n- [Kapitel](kapitel.md)\n",
        )
        .unwrap();
        fs::write(content.join("kapitel.md"), chapter).unwrap();
        let options = budgetbook::BuildOptions {
            destination: Some(dir.path().join("site")),
            ..budgetbook::BuildOptions::full()
        };
        let report = budgetbook::build(dir.path(), &options).unwrap();
        let sizes = fs::read_dir(dir.path().join("site/charts"))
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().len() as usize)
            .collect();
        sender
            .send((report.charts, sizes, report.warnings.len()))
            .unwrap();
    });
    receiver
        .recv_timeout(HANG_GUARD)
        .expect("the build panicked or did not finish")
}

/// The book whose 1e25 once drew a 333 MB chart, built as `budgetbook
/// build` does.
#[test]
fn a_book_with_a_figure_of_1e25_builds_with_a_small_chart_file() {
    let (charts, sizes, _) = build_book(
        "# Kapitel\n\n```budget\nid: t\ncolumns: [A, B]\nrows:\n  - {id: a, label: A, values: [10000000000000000000000000, 1]}\n  - {id: b, label: B, values: [1, 1]}\n  - {id: summa, label: Summa, values: [10000000000000000000000001, 2], sum: above}\n```\n".to_string(),
    );
    assert_eq!(charts, 1);
    assert!(sizes.iter().all(|&s| s < MAX_SVG_BYTES), "{sizes:?}");
}

#[test]
fn books_of_extreme_figures_in_every_kind_build() {
    for x in [E25, E28X7, MAX, MIN, TINY, "0"] {
        let (charts, sizes, warnings) = build_book(every_kind(x));
        let left_out = if doubled(x).is_some() {
            0
        } else {
            DOUBLING.len()
        };
        assert_eq!(charts, EVERY_KIND.len() - left_out, "{x}");
        assert_eq!(warnings, left_out, "{x}");
        assert_eq!(sizes.len(), charts, "{x}");
        assert!(sizes.iter().all(|&s| s < MAX_SVG_BYTES), "{x}: {sizes:?}");
    }
}

/// A figure for the property test: the extremes, zero, the tiniest, and
/// ordinary figures with decimals.
fn figure() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(MAX.to_string()),
        Just(MIN.to_string()),
        Just(E28X7.to_string()),
        Just(negated(E28X7)),
        Just(E25.to_string()),
        Just("0".to_string()),
        Just(TINY.to_string()),
        Just("~".to_string()),
        (any::<i64>(), 0u32..=28).prop_map(|(mantissa, scale)| {
            rust_decimal::Decimal::new(mantissa, scale).to_string()
        }),
    ]
}

fn block_text(
    kind: &str,
    columns: usize,
    rows: &[Vec<String>],
    ratio: Option<(Vec<String>, String)>,
) -> String {
    let mut text = format!("```budget\nid: prov\n{kind}columns: [");
    let names: Vec<String> = (0..columns).map(|c| format!("K{c}")).collect();
    text.push_str(&names.join(", "));
    text.push_str("]\nrows:\n");
    let quoted = |v: &[String]| -> String {
        v.iter()
            .map(|f| {
                if f == "~" {
                    f.clone()
                } else {
                    format!("\"{f}\"")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (i, values) in rows.iter().enumerate() {
        text.push_str(&format!(
            "  - {{id: r{i}, label: Rad {i}, values: [{}]}}\n",
            quoted(&values[..columns])
        ));
    }
    if let Some((values, target)) = ratio {
        text.push_str(&format!(
            "  - {{id: kvot, label: Kvot, unit: \"%\", values: [{}], target: \"{target}\"}}\n",
            quoted(&values[..columns])
        ));
    }
    text.push_str("```\n");
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any figures in any kind: the chart is drawn (valid, bounded SVG) or
    /// left out with a warning, exactly one of the two.
    #[test]
    fn any_figures_in_any_kind_chart_or_warn(
        kind in prop_oneof![
            Just(""), Just("chart: bar\n"), Just("chart: grouped-bar\n"),
            Just("chart: stacked-bar\n"), Just("chart: line\n"), Just("chart: waterfall\n"),
        ],
        columns in 1usize..=3,
        rows in prop::collection::vec(prop::collection::vec(figure(), 3), 1..=4),
        ratio in proptest::option::of((prop::collection::vec(figure(), 3), figure())),
    ) {
        let ratio = ratio.filter(|(_, target)| target != "~");
        let charted = chart_book(format!("# Prov\n\n{}", block_text(kind, columns, &rows, ratio)));
        for (id, chart) in &charted.charts {
            assert_drawable(id, chart);
        }
        prop_assert_eq!(charted.charts.len() + charted.left_out().len(), 1);
    }
}
