//! The Fiscal Data Package (`data/datapackage.json`) and its long table of
//! figures (`data/figures.csv`), as open-data portals and other tools load
//! them: valid for frictionless and against the official Fiscal Data
//! Package profile, offline, and holding exactly the book's figures.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use budgetbook::budget::Derivation;
use rust_decimal::Decimal;
use serde_json::Value;

/// A built site, kept until the value is dropped.
struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    fn data(&self, file: &str) -> PathBuf {
        self.root.join("data").join(file)
    }

    fn package(&self) -> Value {
        serde_json::from_str(&fs::read_to_string(self.data("datapackage.json")).unwrap()).unwrap()
    }

    fn figures(&self) -> Vec<BTreeMap<String, String>> {
        records(&fs::read_to_string(self.data("figures.csv")).unwrap())
    }
}

fn build(book: &Path) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let options = budgetbook::BuildOptions {
        destination: Some(root.clone()),
        ..Default::default()
    };
    budgetbook::build(book, &options).unwrap();
    Site { _dir: dir, root }
}

/// A book of one chapter, `chapter` (Markdown).
fn one_chapter_book(title: &str, language: &str, chapter: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        "book.toml",
        &format!("[book]\ntitle = \"{title}\"\nlanguage = \"{language}\"\n"),
    );
    write(
        "content/SUMMARY.md",
        "# Summary\n\n- [Kapitel](kapitel.md)\n",
    );
    write("content/kapitel.md", chapter);
    dir
}

fn book_without_tables() -> tempfile::TempDir {
    one_chapter_book("Bara text", "sv", "# Kapitel\n\nIngen tabell här.\n")
}

/// Columns whose headings repeat, or repeat a column the CSV has anyway.
fn book_with_repeated_headings() -> tempfile::TempDir {
    one_chapter_book(
        "Repeats",
        "en",
        "# Chapter\n\n```budget\nid: repeats\nunit: £m\ncolumns:\n  \
         - {id: first, name: Net}\n  - {id: second, name: Net}\n  - {id: third, name: unit}\n\
         rows:\n  - {id: r, label: R, values: [1, 2, 3]}\n```\n",
    )
}

/// The books whose packages are checked: the default book, an English one
/// with financial years, money in two currencies, a count and a % row, one
/// with grouped and formula columns, and one with hostile text.
fn books() -> Vec<(String, PathBuf)> {
    let mut books = vec![("the default book".to_string(), common::default_book())];
    for fixture in [
        "valid/english-fiscal-year",
        "valid/column-formulas",
        "valid/hostile",
    ] {
        books.push((fixture.to_string(), common::fixture(fixture)));
    }
    books
}

/// Splits CSV text (RFC 4180: quoted cells may hold commas, quotes and line
/// breaks) into records of cells.
fn rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => row.push(std::mem::take(&mut cell)),
            '\r' if !quoted && chars.peek() == Some(&'\n') => {}
            '\n' if !quoted => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            c => cell.push(c),
        }
    }
    assert!(
        cell.is_empty() && row.is_empty(),
        "the last line ends with CRLF"
    );
    rows
}

/// CSV records as maps from header to cell.
fn records(text: &str) -> Vec<BTreeMap<String, String>> {
    assert!(
        !text.starts_with('\u{feff}'),
        "no BOM in the standard dialect"
    );
    let rows = rows(text);
    let header = &rows[0];
    rows[1..]
        .iter()
        .map(|row| {
            assert_eq!(row.len(), header.len(), "{row:?}");
            header.iter().cloned().zip(row.iter().cloned()).collect()
        })
        .collect()
}

fn python_has(module: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Runs python3 with every HTTP proxy pointed at a closed local port, so
/// that a check which would fetch anything fails here as it would offline.
fn python3() -> Command {
    let mut command = Command::new("python3");
    for variable in ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"] {
        command.env(variable, "http://127.0.0.1:9");
    }
    command.env_remove("NO_PROXY").env_remove("no_proxy");
    command
}

fn require_frictionless() {
    assert!(
        python_has("frictionless"),
        "frictionless is not installed for python3: run scripts/test, which installs it \
         (or: python3 -m pip install 'frictionless>=5,<6')"
    );
    assert!(
        Command::new("python3")
            .args([
                "-c",
                "import importlib.metadata as m; m.distribution('datapackage')"
            ])
            .output()
            .is_ok_and(|out| out.status.success()),
        "the official Fiscal Data Package profile comes with the datapackage package: run \
         scripts/test, which installs it (or: python3 -m pip install --no-deps datapackage==1.15.4)"
    );
}

/// Validates the package against the official Fiscal Data Package profile
/// (JSON Schema draft 4) as the datapackage package ships it.
const OFFICIAL_PROFILE_CHECK: &str = r#"
import importlib.metadata, json, sys
import jsonschema
profile = importlib.metadata.distribution("datapackage").locate_file(
    "datapackage/profiles/fiscal-data-package.json")
with open(profile) as f:
    schema = json.load(f)
with open(sys.argv[1]) as f:
    package = json.load(f)
errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(package), key=str)
for error in errors[:20]:
    print("/".join(map(str, error.absolute_path)), error.message[:300])
sys.exit(1 if errors else 0)
"#;

#[test]
fn frictionless_and_the_official_profile_find_the_packages_valid_offline() {
    require_frictionless();
    let empty = book_without_tables();
    let repeats = book_with_repeated_headings();
    let mut books = books();
    books.push(("a book without tables".into(), empty.path().to_path_buf()));
    books.push((
        "a book with repeated headings".into(),
        repeats.path().to_path_buf(),
    ));
    for (name, book) in books {
        let site = build(&book);
        let package = site.data("datapackage.json");
        let out = python3()
            .args(["-m", "frictionless", "validate"])
            .arg(&package)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "frictionless finds the package of {name} invalid:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let out = python3()
            .args(["-c", OFFICIAL_PROFILE_CHECK])
            .arg(&package)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "the package of {name} does not meet the Fiscal Data Package profile:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Every string under `key` anywhere in `value`.
fn strings_under<'a>(value: &'a Value, key: &str, found: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == key {
                    if let Some(text) = v.as_str() {
                        found.push(text);
                    }
                }
                strings_under(v, key, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| strings_under(v, key, found)),
        _ => {}
    }
}

/// The os-types column types the package uses, each a type of OpenSpending's
/// os-types 1.17 (`src/os-types.json` of the npm package).
const OS_TYPES: [&str; 13] = [
    "administrative-classification:generic:level1:code",
    "administrative-classification:generic:level1:label",
    "administrative-classification:generic:level2:code",
    "administrative-classification:generic:level2:label",
    "date:fiscal-year",
    "phase:id",
    "unknown:date",
    "unknown:integer",
    "unknown:number",
    "unknown:string",
    "value",
    "value-currency:code",
    "value-kind:code",
];

#[test]
fn the_package_is_a_tabular_package_with_a_fiscal_model() {
    let site = build(&common::default_book());
    let package = site.package();
    assert_eq!(package["profile"], "tabular-data-package");
    let resources = package["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 1 + 8, "the figures, then every table");
    let figures = &resources[0];
    assert_eq!(
        (&figures["name"], &figures["path"]),
        (&"figures".into(), &"figures.csv".into())
    );
    for resource in resources {
        assert_eq!(resource["profile"], "tabular-data-resource");
        assert!(site.data(resource["path"].as_str().unwrap()).is_file());
        assert_eq!(
            resource["dialect"],
            serde_json::json!({
                "delimiter": ",",
                "doubleQuote": true,
                "header": true,
                "lineTerminator": "\r\n",
                "quoteChar": "\"",
                "skipInitialSpace": false,
            })
        );
    }
    // Nothing that a validator would fetch.
    for key in ["profile", "path", "$schema", "@context"] {
        let mut found = Vec::new();
        strings_under(&package, key, &mut found);
        assert!(found.iter().all(|s| !s.contains(':')), "{key}: {found:?}");
    }
    assert!(package.get("$schema").is_none() && package.get("@context").is_none());

    let model = &package["model"];
    assert_eq!(
        model["measures"],
        serde_json::json!({"amount_sek": {
            "currency": "SEK", "factor": 1, "resource": "figures", "source": "amount_sek",
            "title": "Amount in SEK",
        }})
    );
    let fields: BTreeMap<&str, &Value> = figures["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap(), f))
        .collect();
    let dimensions = model["dimensions"].as_object().unwrap();
    for name in [
        "table", "row", "column", "date", "phase", "kind", "part_of", "unit",
    ] {
        let dimension = &dimensions[name];
        for (_, attribute) in dimension["attributes"].as_object().unwrap() {
            let source = attribute["source"].as_str().unwrap();
            assert!(fields.contains_key(source), "{name}: {source}");
        }
    }
    assert_eq!(dimensions["kind"]["primaryKey"], "kind");
    assert_eq!(
        fields["kind"]["constraints"]["enum"],
        serde_json::json!(["stated", "sum", "formula"])
    );
    for (name, field) in &fields {
        let column_type = field["columnType"].as_str().unwrap_or_default();
        assert!(OS_TYPES.contains(&column_type), "{name}: {column_type}");
    }
    assert_eq!(fields["amount_sek"]["columnType"], "value");
    assert_eq!(fields["row"]["columnType"], OS_TYPES[2]);
    assert_eq!(fields["kind"]["columnType"], "value-kind:code");
    assert_eq!(
        fields["value"]["columnType"], "unknown:number",
        "not an amount of money: it holds per cents and counts too"
    );
    // The tables as printed: plain tabular resources.
    let drift = resources
        .iter()
        .find(|r| r["name"] == "driftbudget")
        .unwrap();
    assert_eq!(drift["schema"]["fields"][4]["name"], "Budget 2026");
    assert_eq!(drift["schema"]["fields"][4]["type"], "number");
    assert!(drift["schema"]["fields"][4].get("columnType").is_none());
}

/// A figure as `figures.csv` writes it: `(table, row, column)` to the record.
fn by_figure(
    figures: &[BTreeMap<String, String>],
) -> BTreeMap<(String, String, String), &BTreeMap<String, String>> {
    figures
        .iter()
        .map(|f| {
            (
                (f["table"].clone(), f["row"].clone(), f["column"].clone()),
                f,
            )
        })
        .collect()
}

#[test]
fn figures_csv_holds_every_figure_of_every_table_and_its_parts_add_up() {
    let mut totals_checked = 0;
    for (name, book) in books() {
        let site = build(&book);
        let figures = site.figures();
        let written = by_figure(&figures);
        assert_eq!(
            written.len(),
            figures.len(),
            "{name}: one record per figure"
        );
        let checked = budgetbook::check(&book, false).unwrap();
        let mut count = 0;
        for block in checked.parsed.blocks.iter().filter_map(|b| b.as_table()) {
            for row in &block.rows {
                for (column, figure) in block.columns.iter().zip(&row.values) {
                    let key = (block.id.clone(), row.id.clone(), column.id.clone());
                    let Some(value) = figure.value else {
                        assert!(!written.contains_key(&key), "{name}: {key:?} has no figure");
                        continue;
                    };
                    count += 1;
                    let record = written
                        .get(&key)
                        .unwrap_or_else(|| panic!("{name}: {key:?} missing"));
                    assert_eq!(record["value"], value.to_string(), "{name}: {key:?}");
                    let kind = match (&row.derivation, row.heading) {
                        (Some(Derivation::Sum { .. }), _) => "sum",
                        (Some(Derivation::Formula { .. }), _) => "formula",
                        _ => "stated",
                    };
                    assert_eq!(record["kind"], kind, "{name}: {key:?}");
                }
            }
            // Each total equals the stated figures that name it as the
            // total they are part of, within the table's tolerance.
            for total in block
                .rows
                .iter()
                .filter(|r| matches!(r.derivation, Some(Derivation::Sum { .. })))
            {
                for (column, figure) in block.columns.iter().zip(&total.values) {
                    let parts: Vec<Decimal> = figures
                        .iter()
                        .filter(|f| {
                            f["table"] == block.id
                                && f["column"] == column.id
                                && f["kind"] == "stated"
                                && f["part_of"] == total.id
                        })
                        .map(|f| Decimal::from_str_exact(&f["value"]).unwrap())
                        .collect();
                    let (Some(stated), false) = (figure.value, parts.is_empty()) else {
                        continue;
                    };
                    let sum: Decimal = parts.iter().sum();
                    assert!(
                        (sum - stated).abs() <= block.tolerance,
                        "{name}: {}.{} in {}: parts add up to {sum}, stated {stated}",
                        block.id,
                        total.id,
                        column.id
                    );
                    totals_checked += 1;
                }
            }
        }
        assert_eq!(
            count,
            figures.len(),
            "{name}: nothing but the book's figures"
        );
    }
    // The default book's tables and subtotals, column by column, and the
    // fixtures' totals: enough that the rule is tested, not assumed.
    assert!(totals_checked >= 40, "{totals_checked} totals checked");
}

#[test]
fn a_balance_sheet_adds_up_side_by_side_and_nested_totals_reach_the_top() {
    let site = build(&common::default_book());
    let figures = site.figures();
    let figures = by_figure(&figures);
    let part_of = |table: &str, row: &str| {
        let column = if table == "valfardssatsningar" {
            "per-ar"
        } else {
            "budget-2026"
        };
        figures[&(table.into(), row.into(), column.into())]["part_of"].clone()
    };
    assert_eq!(
        part_of("balansbudget", "eget-kapital"),
        "summa-ek-och-skulder"
    );
    assert_eq!(
        part_of("balansbudget", "anlaggningstillgangar"),
        "summa-tillgangar"
    );
    assert_eq!(part_of("balansbudget", "summa-tillgangar"), "");
    assert_eq!(part_of("valfardssatsningar", "maltider-forskola"), "totalt");
    assert_eq!(part_of("valfardssatsningar", "maltider-summa"), "totalt");
    assert_eq!(part_of("resultatbudget", "resultatandel"), "");
}

#[test]
fn only_money_has_a_currency() {
    let site = build(&common::fixture("valid/english-fiscal-year"));
    let figures = site.figures();
    let figures = by_figure(&figures);
    let figure = |table: &str, row: &str, column: &str| {
        figures
            .get(&(table.into(), row.into(), column.into()))
            .unwrap_or_else(|| panic!("{table}.{row} {column}"))
    };
    let income = figure("outturn", "income", "fy2024");
    assert_eq!(
        [&income["unit"], &income["currency"], &income["factor"]],
        ["£m", "GBP", "1000000"]
    );
    assert_eq!(income["amount_gbp"], "120000000");
    assert_eq!(income["amount_eur"], "");
    let margin = figure("outturn", "margin", "fy2024");
    assert_eq!(
        [
            &margin["unit"],
            &margin["currency"],
            &margin["factor"],
            &margin["amount_gbp"],
            &margin["value"]
        ],
        ["%", "", "", "", "8.3"],
        "a per cent is no money, though its table is in £m"
    );
    let teachers = figure("staffing", "teachers", "fy2026");
    assert_eq!(
        [
            &teachers["unit"],
            &teachers["currency"],
            &teachers["amount_gbp"]
        ],
        ["FTE", "", ""]
    );
    // Exact, however many digits: a thousand euros of the largest figure.
    let largest = figure("exact", "largest", "fy2026");
    assert_eq!(largest["value"], "79228162514264337593543950335");
    assert_eq!(largest["amount_eur"], "79228162514264337593543950335000");
    assert_eq!(figure("exact", "scale", "fy2026")["amount_eur"], "2500");
    assert_eq!(figure("exact", "small", "fy2026")["amount_eur"], "-155");
    assert_eq!(
        figure("exact", "half", "fy2026")["amount_eur"],
        "1017829500"
    );

    let package = site.package();
    let measures = package["model"]["measures"].as_object().unwrap();
    assert_eq!(
        measures.keys().collect::<Vec<_>>(),
        ["amount_eur", "amount_gbp"]
    );
    assert_eq!(measures["amount_gbp"]["currency"], "GBP");
}

#[test]
fn each_figure_has_its_fiscal_period_and_phase() {
    let site = build(&common::fixture("valid/english-fiscal-year"));
    let periods: Vec<[String; 4]> = site
        .figures()
        .into_iter()
        .filter(|f| f["table"] == "spending" && f["row"] == "schools")
        .map(|f| {
            [
                f["column_name"].clone(),
                f["period_start"].clone(),
                f["period_end"].clone(),
                f["fiscal_year"].clone(),
            ]
        })
        .collect();
    let expected = [
        ["2024", "2023-04-01", "2024-03-31", "2024"],
        ["2024/25", "2024-04-01", "2025-03-31", "2025"],
        ["2024-25", "2024-04-01", "2025-03-31", "2025"],
        ["FY2025", "2024-04-01", "2025-03-31", "2025"],
        ["FY 2025-26", "2025-04-01", "2026-03-31", "2026"],
        ["FY2025/26", "2025-04-01", "2026-03-31", "2026"],
        ["2024 to 2025", "2024-04-01", "2025-03-31", "2025"],
        ["Budget 2026", "2025-04-01", "2026-03-31", "2026"],
        ["Plan 2027", "2026-04-01", "2027-03-31", "2027"],
        ["Change", "", "", ""],
    ]
    .map(|r| r.map(String::from));
    assert_eq!(periods, expected);
    let package = site.package();
    assert_eq!(
        package["fiscalPeriod"],
        serde_json::json!({"start": "2023-04-01", "end": "2027-03-31"})
    );

    let site = build(&common::fixture("valid/column-formulas"));
    let phases: Vec<(String, String)> = site
        .figures()
        .into_iter()
        .filter(|f| f["table"] == "drift" && f["row"] == "ks")
        .map(|f| (f["column_name"].clone(), f["phase"].clone()))
        .collect();
    let expected = [
        ("2024 Intäkter", "executed"),
        ("2024 Kostnader", "executed"),
        ("2024 Netto", "executed"),
        ("2024 Budget", "approved"),
        ("2024 Avvikelse", "proposed"),
        ("2023 Netto", "executed"),
    ]
    .map(|(a, b)| (a.to_string(), b.to_string()));
    assert_eq!(phases, expected, "a column's phase, else the book's");
}

#[test]
fn a_book_without_tables_has_a_package_with_an_empty_table_of_figures() {
    let book = book_without_tables();
    let site = build(book.path());
    let text = fs::read_to_string(site.data("figures.csv")).unwrap();
    assert_eq!(rows(&text).len(), 1, "the header alone: {text}");
    let package = site.package();
    let resources = package["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 1);
    assert_eq!(resources[0]["name"], "figures");
    assert!(package["model"]["measures"]["amount_sek"].is_object());
    assert_eq!(package["name"], "bara-text");
}

#[test]
fn repeated_headings_are_told_apart_by_the_column_id() {
    let book = book_with_repeated_headings();
    let site = build(book.path());
    let text = fs::read_to_string(site.data("repeats.csv")).unwrap();
    let header = &rows(&text)[0];
    assert_eq!(
        header,
        &[
            "id",
            "label",
            "kind",
            "unit",
            "Net (first)",
            "Net (second)",
            "unit (third)"
        ]
    );
    let package = site.package();
    let fields: Vec<&str> = package["resources"][1]["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(&fields, header);
}
