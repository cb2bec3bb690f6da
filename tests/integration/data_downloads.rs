//! The data behind every table, as journalists download it (the data
//! package and `figures.csv`: `data_package.rs`).

use crate::common;

use std::fs;
use std::path::Path;

use rust_decimal::Decimal;

fn build_default_book() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let options = budgetbook::BuildOptions {
        destination: Some(out.path().join("site")),
        ..Default::default()
    };
    budgetbook::build(&common::default_book(), &options).unwrap();
    out
}

fn read(site: &Path, file: &str) -> String {
    fs::read_to_string(site.join(file)).unwrap()
}

#[test]
fn the_investment_plan_csv_adds_up_exactly() {
    let out = build_default_book();
    let text = read(&out.path().join("site"), "data/investeringsplan.csv");
    assert!(text.ends_with("\r\n") && !text.starts_with('\u{feff}'));
    let rows: Vec<Vec<String>> = text
        .lines()
        .map(|l| common::csv_cells(l.trim_end_matches('\r'), ','))
        .collect();
    assert_eq!(
        rows[0][..6],
        ["id", "label", "kind", "unit", "Budget 2026", "Plan 2027"]
    );
    let total = rows.iter().find(|r| r[2] == "sum").unwrap();
    for column in 4..9 {
        let parts: Decimal = rows[1..]
            .iter()
            .filter(|r| r[2] == "stated")
            .map(|r| Decimal::from_str_exact(&r[column]).unwrap())
            .sum();
        assert_eq!(parts, Decimal::from_str_exact(&total[column]).unwrap());
    }
    assert_eq!(total[4], "610999");
}

#[test]
fn the_swedish_csv_opens_in_excel() {
    let out = build_default_book();
    let text = read(&out.path().join("site"), "data/resultatbudget.sv.csv");
    assert!(
        text.starts_with('\u{feff}'),
        "Excel needs the BOM to read UTF-8"
    );
    let ratio = text
        .lines()
        .find(|l| l.starts_with("resultatandel"))
        .unwrap();
    assert_eq!(
        ratio,
        "resultatandel;Resultat/skatter och bidrag;formula;%;4,3;3,5;3,1"
    );
    assert!(
        text.contains("nettokostnader;Verksamhetens nettokostnader;stated;mnkr;-3058;-3166;-3265")
    );
}

#[test]
fn json_downloads_carry_exact_figures_and_links_back() {
    let out = build_default_book();
    let site = out.path().join("site");
    let block: serde_json::Value =
        serde_json::from_str(&read(&site, "data/driftbudget.json")).unwrap();
    assert_eq!(block["page"], "09-finansiella-rapporter.html#driftbudget");
    assert_eq!(block["rows"][0]["values"][0], serde_json::json!(1017829));
    assert_eq!(block["rows"][8]["kind"], "sum");
    let book: serde_json::Value = serde_json::from_str(&read(&site, "data/book.json")).unwrap();
    assert_eq!(
        book["blocks"].as_array().unwrap().len(),
        8,
        "every table, not the goals or the decision"
    );
    let share = &book["blocks"][0]["rows"][0]["values"][0];
    assert_eq!(share.to_string(), "5.2");
    // The unit's currency and size, and where a stated total differs from
    // its parts (the proposal's own rounding), what they add up to.
    let result: serde_json::Value =
        serde_json::from_str(&read(&site, "data/resultatbudget.json")).unwrap();
    assert_eq!(result["currency"], "SEK");
    assert_eq!(result["factor"], 1_000_000);
    let total = &result["rows"][6];
    assert_eq!(total["id"], "arets-resultat");
    assert_eq!(total["values"], serde_json::json!([143, 122, 110]));
    assert_eq!(total["computed"], serde_json::json!([144, 121, 111]));
    assert!(result["rows"][0].get("computed").is_none());
}

#[test]
fn every_table_links_its_downloads() {
    let out = build_default_book();
    let html = read(&out.path().join("site"), "09-finansiella-rapporter.html");
    for id in [
        "balansbudget",
        "resultatbudget",
        "driftbudget",
        "investeringsplan",
    ] {
        for file in [
            format!("data/{id}.csv"),
            format!("data/{id}.sv.csv"),
            format!("data/{id}.json"),
        ] {
            assert!(html.contains(&format!("href=\"{file}\"")), "{file}");
        }
    }
}

fn build_fixture(name: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let options = budgetbook::BuildOptions {
        destination: Some(out.path().join("site")),
        ..Default::default()
    };
    budgetbook::build(&common::fixture(name), &options).unwrap();
    out
}

/// The figures of row `row` as the JSON text writes them, character for
/// character: parsing them would go through a float.
fn written_values(json: &str, row: &str) -> Vec<String> {
    let compact: String = json.split_whitespace().collect();
    let at = compact
        .find(&format!("\"id\":\"{row}\""))
        .unwrap_or_else(|| panic!("no row {row}"));
    let values = at + compact[at..].find("\"values\":[").unwrap() + "\"values\":[".len();
    let end = values + compact[values..].find(']').unwrap();
    compact[values..end]
        .split(',')
        .map(str::to_string)
        .collect()
}

#[test]
fn json_figures_are_exactly_as_written() {
    let out = build_fixture("valid/english-fiscal-year");
    let site = out.path().join("site");
    for file in ["data/exact.json", "data/book.json"] {
        let text = read(&site, file);
        for (row, written) in [
            ("scale", "2.50"),
            ("small", "-0.155"),
            ("largest", "79228162514264337593543950335"),
            ("half", "1017829.5"),
            ("nil", "0"),
        ] {
            assert_eq!(written_values(&text, row), [written], "{file}, {row}");
        }
        serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON");
    }
}

#[test]
fn csv_figures_keep_their_scale() {
    let out = build_fixture("valid/english-fiscal-year");
    let site = out.path().join("site");
    let standard = read(&site, "data/exact.csv");
    for line in [
        "scale,Two and a half,stated,€k,2.50\r\n",
        "small,Small,stated,€k,-0.155\r\n",
        "largest,Largest,stated,€k,79228162514264337593543950335\r\n",
        "nil,Nil,stated,€k,0\r\n",
    ] {
        assert!(standard.contains(line), "{line:?} in {standard}");
    }
    let swedish = read(&site, "data/exact.sv.csv");
    assert!(swedish.contains("scale;Two and a half;stated;€k;2,50\r\n"));
}

/// The files of the whole book are linked from the front page, so that a
/// reader finds them without knowing their names.
#[test]
fn the_front_page_links_the_whole_books_data() {
    let out = build_default_book();
    let site = out.path().join("site");
    let index = read(&site, "index.html");
    for file in [
        "data/book.xlsx",
        "data/figures.csv",
        "data/book.json",
        "data/datapackage.json",
    ] {
        assert!(index.contains(&format!("href=\"{file}\"")), "{file}");
        assert!(site.join(file).is_file(), "{file}");
    }
}
