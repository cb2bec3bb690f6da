//! Tables from spreadsheets: `budgetbook import`, and blocks that read
//! their figures from a sheet (`source:`). The workbooks are made here
//! with rust_xlsxwriter; those the fixture books read are written by
//! `fixture_workbooks_are_as_made_here` when blessing.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use budgetbook::budget::Derivation;
use budgetbook::import::{self, Request};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook};

/// A cell to write.
#[derive(Clone)]
enum Cell {
    Text(String),
    Number(f64),
    /// A formula (with `=`) and the value the file keeps for it; an empty
    /// value is none.
    Formula(String, String),
    Empty,
}

fn t(text: &str) -> Cell {
    Cell::Text(text.to_string())
}

fn n(number: impl Into<f64>) -> Cell {
    Cell::Number(number.into())
}

fn f(formula: &str, value: &str) -> Cell {
    Cell::Formula(formula.to_string(), value.to_string())
}

/// A sheet: its name, rows of cells from A1, and merged regions
/// (first row, first column, last row, last column, text).
struct Sheet {
    name: String,
    rows: Vec<Vec<Cell>>,
    merged: Vec<(u32, u16, u32, u16, &'static str)>,
}

fn sheet(name: &str, rows: Vec<Vec<Cell>>) -> Sheet {
    Sheet {
        name: name.to_string(),
        rows,
        merged: Vec::new(),
    }
}

/// The workbook's bytes, the same on every run.
fn workbook(sheets: &[Sheet]) -> Vec<u8> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1).unwrap();
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    for sheet in sheets {
        let out = book.add_worksheet();
        out.set_name(&sheet.name).unwrap();
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Cell::Text(text) => {
                        out.write_string(r, c, text).unwrap();
                    }
                    Cell::Number(number) => {
                        out.write_number(r, c, *number).unwrap();
                    }
                    // rust_xlsxwriter keeps 0 for a formula without a
                    // result; a sheet's default result of "" keeps none.
                    Cell::Formula(formula, value) if value.is_empty() => {
                        out.set_formula_result_default("");
                        out.write_formula(r, c, Formula::new(formula)).unwrap();
                    }
                    Cell::Formula(formula, value) => {
                        out.write_formula(r, c, Formula::new(formula).set_result(value))
                            .unwrap();
                    }
                    Cell::Empty => {}
                }
            }
        }
        for &(r1, c1, r2, c2, text) in &sheet.merged {
            out.merge_range(r1, c1, r2, c2, text, &Format::new())
                .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

fn header(names: &[&str]) -> Vec<Cell> {
    names.iter().map(|name| t(name)).collect()
}

/// The workbooks the fixture books read, by path under tests/fixtures.
fn fixture_workbooks() -> Vec<(&'static str, Vec<u8>)> {
    let drift_header = header(&["Nämnd", "Budget 2026", "Plan 2027", "Plan 2028"]);
    let driftbudget = |summa_2028: f64| {
        workbook(&[
            sheet("Omslag", vec![vec![t("Driftbudget 2026–2028")]]),
            sheet(
                "Drift",
                vec![
                    vec![t("Driftbudget per nämnd (mnkr)")],
                    drift_header.clone(),
                    vec![t("Kommunstyrelsen"), n(148.5), n(157.25), n(161.5)],
                    vec![t("Överförmyndarnämnden"), n(5), n(5.2), n(5.4)],
                    vec![t("Exploatering"), n(-12.25), n(-10), n(-8)],
                    vec![
                        t("Summa kommunstyrelse"),
                        n(141.25),
                        n(152.45),
                        n(summa_2028),
                    ],
                    vec![t("Tekniska nämnden"), n(85.9), n(88.6), n(91.4)],
                    vec![t("Totalt"), n(227.15), n(241.05), n(summa_2028 + 91.4)],
                ],
            ),
        ])
    };
    let small = |rows: Vec<Vec<Cell>>| workbook(&[sheet("Drift", rows)]);
    let mut merged = sheet(
        "Drift",
        vec![
            header(&["Nämnd", "2026", "2027"]),
            vec![t("Skola"), n(100), n(200)],
            vec![t("Vård")],
            vec![t("Summa"), n(250), n(350)],
        ],
    );
    merged.merged.push((2, 1, 2, 2, "150"));
    vec![
        (
            "valid/sheet-source/data/driftbudget.xlsx",
            driftbudget(158.9),
        ),
        (
            "invalid/sheet-wrong-cell/data/driftbudget.xlsx",
            driftbudget(160.9),
        ),
        (
            "invalid/sheet-cell/data/drift.xlsx",
            small(vec![
                header(&["Nämnd", "2026", "2027"]),
                vec![t("Skola"), n(100), t("n/a")],
                vec![t("Vård"), f("=SUM(B2:B2)", ""), n(50)],
                vec![t("Äldre"), f("=1/0", "#DIV/0!"), n(3)],
            ]),
        ),
        ("invalid/sheet-merged/data/drift.xlsx", workbook(&[merged])),
        (
            "invalid/sheet-not-found/data/budget.xlsx",
            workbook(&[
                sheet("Drift", vec![header(&["Nämnd", "2026"])]),
                sheet("Investeringar", vec![header(&["Projekt", "2026"])]),
            ]),
        ),
        (
            "invalid/sheet-too-large/data/drift.xlsx",
            small({
                let mut rows = vec![header(&["Nämnd"])];
                rows.resize(4999, Vec::new());
                let mut last = vec![Cell::Empty; 25];
                last.push(n(1));
                rows.push(last);
                rows
            }),
        ),
    ]
}

#[test]
fn fixture_workbooks_are_as_made_here() {
    let bless = std::env::var_os("BUDGETBOOK_BLESS").is_some();
    for (path, bytes) in fixture_workbooks() {
        let path = common::fixture(path);
        if bless {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, &bytes).unwrap();
        } else {
            let committed = fs::read(&path).unwrap_or_default();
            assert!(
                committed == bytes,
                "{} differs from the workbook the test makes: bless it",
                path.display()
            );
        }
    }
}

fn budgetbook(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_budgetbook"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// A book with one chapter, `kapitel.md`, holding `body`.
fn book(dir: &Path, body: &str) -> PathBuf {
    fs::create_dir_all(dir.join("content")).unwrap();
    fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Budget\"\nlanguage = \"sv\"\n",
    )
    .unwrap();
    fs::write(dir.join("content/SUMMARY.md"), "- [Kapitel](kapitel.md)\n").unwrap();
    let chapter = dir.join("content/kapitel.md");
    fs::write(&chapter, body).unwrap();
    chapter
}

#[test]
fn an_imported_sheet_checks_clean_with_its_totals_found() {
    let work = tempfile::tempdir().unwrap();
    let sheet_path = work.path().join("drift.xlsx");
    fs::write(
        &sheet_path,
        workbook(&[sheet(
            "Drift",
            vec![
                vec![t("Driftbudget per nämnd")],
                header(&["Nämnd", "Budget 2026", "Plan 2027", "Plan 2028"]),
                vec![t("Barn: förskola, skola")],
                vec![t("Förskola"), n(412.5), n(420), n(431.75)],
                vec![t("Grundskola #1"), n(600), n(610), t("-")],
                vec![t("Summa barn"), n(1012.5), n(1030), n(431.75)],
                vec![
                    t("- Vård och omsorg"),
                    n(1017.829),
                    n(1058.308),
                    Cell::Empty,
                ],
                vec![t("Socialnämnden"), n(0.1), n(0.2), n(0.30000000000000004)],
                vec![
                    t("Summa vård"),
                    f("=SUM(B7:B8)", "1017.929"),
                    f("=SUM(C7:C8)", "1058.508"),
                    f("=SUM(D7:D8)", "0.30000000000000004"),
                ],
                vec![t("Totalt"), n(2030.429), n(2088.508), n(432.05)],
            ],
        )]),
    )
    .unwrap();
    let chapter = book(work.path(), "# Drift\n\nFigures from the finance office.\n");
    let (status, stdout, stderr) = budgetbook(&[
        "import",
        sheet_path.to_str().unwrap(),
        "--sheet",
        "Drift",
        "--into",
        chapter.to_str().unwrap(),
    ]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(stdout, "");
    assert_eq!(stderr, "8 rows, 3 columns, 3 totals found, 0 unchecked\n");
    let text = fs::read_to_string(&chapter).unwrap();
    assert_eq!(
        text,
        "# Drift\n\nFigures from the finance office.\n\n```budget\n\
id: driftbudget-per-namnd\n\
title: \"Driftbudget per nämnd\"\n\
columns: [\"Budget 2026\", \"Plan 2027\", \"Plan 2028\"]\n\
rows:\n  \
- {id: barn-forskola-skola, label: \"Barn: förskola, skola\", heading: true}\n  \
- {id: forskola, label: \"Förskola\", values: [412.5, 420, 431.75]}\n  \
- {id: grundskola-1, label: \"Grundskola #1\", values: [600, 610, \"-\"]}\n  \
- {id: summa-barn, label: \"Summa barn\", values: [1012.5, 1030, 431.75], sum: above}\n  \
- {id: vard-och-omsorg, label: \"- Vård och omsorg\", values: [1017.829, 1058.308, ~]}\n  \
- {id: socialnamnden, label: \"Socialnämnden\", values: [0.1, 0.2, 0.30000000000000004]}\n  \
- {id: summa-vard, label: \"Summa vård\", values: [1017.929, 1058.508, 0.30000000000000004], sum: above}\n  \
- {id: totalt, label: \"Totalt\", values: [2030.429, 2088.508, 432.05], sum: [summa-barn, summa-vard]}\n\
```\n"
    );
    let checked = budgetbook::check(work.path(), false).unwrap();
    assert_eq!(
        checked.verdicts.coverage.summary(),
        "8 of 9 derived figures checked; 1 unchecked: a figure or column is missing"
    );
}

#[test]
fn a_csv_file_in_either_style_imports_the_same_figures() {
    let work = tempfile::tempdir().unwrap();
    let sv = work.path().join("sv.csv");
    fs::write(
        &sv,
        "Nämnd;2026;2027\r\nSkola;\"1 017,5\";2 000\r\nVård;-;0,25\r\nSumma;1 017,5;2 000,25\r\n",
    )
    .unwrap();
    // Windows-1252, as Excel writes it on a Swedish machine, with commas.
    let mut en = b"N\xe4mnd,2026,2027\nSkola,\"1,017.5\",\"2,000\"\nV\xe5rd,-,0.25\nSumma,\"1,017.5\",\"2,000.25\"\n".to_vec();
    en.extend_from_slice(b"");
    let en_path = work.path().join("en.csv");
    fs::write(&en_path, en).unwrap();
    let mut figures = Vec::new();
    for (path, id) in [(&sv, "sv"), (&en_path, "en")] {
        let chapter = book(&work.path().join(id), "# Kapitel\n");
        let (status, _, stderr) = budgetbook(&[
            "import",
            path.to_str().unwrap(),
            "--id",
            "drift",
            "--into",
            chapter.to_str().unwrap(),
        ]);
        assert_eq!(status, 0, "{stderr}");
        assert_eq!(stderr, "3 rows, 2 columns, 1 totals found, 0 unchecked\n");
        let checked = budgetbook::check(&work.path().join(id), false).unwrap();
        let block = checked.parsed.blocks[0].as_table().unwrap();
        assert_eq!(block.rows[1].label, "Vård");
        figures.push(
            block
                .rows
                .iter()
                .flat_map(|r| r.values.iter().map(|v| (v.value, v.nil)))
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(figures[0], figures[1]);
}

#[test]
fn a_formula_with_no_saved_value_is_reported_not_guessed() {
    let work = tempfile::tempdir().unwrap();
    let path = work.path().join("drift.xlsx");
    fs::write(
        &path,
        workbook(&[sheet(
            "Drift",
            vec![
                header(&["Nämnd", "2026"]),
                vec![t("Skola"), n(1)],
                vec![t("Summa"), f("=SUM(B2:B2)", "")],
            ],
        )]),
    )
    .unwrap();
    let (status, stdout, stderr) = budgetbook(&["import", path.to_str().unwrap()]);
    assert_eq!(status, 1);
    assert_eq!(stdout, "");
    let shown = path.display();
    assert_eq!(
        stderr,
        format!(
            "error[sheet-cell]: {shown}, Drift!B3 holds a formula with no saved value (`=SUM(B2:B2)`), not a figure\n  \
help: open the file in a spreadsheet program and save it, so that it keeps each formula's value; budgetbook reads figures, it does not compute the sheet's formulas\n\
error: `{shown}` could not be imported (1 problem)\n"
        )
    );
}

#[test]
fn a_file_that_cannot_be_imported_is_reported_never_a_panic() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    fs::write(dir.join("corrupt.xlsx"), "not a workbook").unwrap();
    fs::write(dir.join("notes.pdf"), "%PDF").unwrap();
    fs::write(
        dir.join("two.xlsx"),
        workbook(&[sheet("Drift", vec![]), sheet("Investeringar", vec![])]),
    )
    .unwrap();
    fs::copy(
        common::fixture("invalid/sheet-encrypted/data/drift.ods"),
        dir.join("locked.ods"),
    )
    .unwrap();
    let cases: [(&[&str], i32, &str); 6] = [
        (&["missing.xlsx"], 2, "error[sheet-missing]: the spreadsheet `missing.xlsx` does not exist"),
        (&["corrupt.xlsx"], 2, "error[sheet-unreadable]: `corrupt.xlsx` cannot be read: it is not a valid .xlsx file"),
        (&["notes.pdf"], 1, "error[sheet-format]: `notes.pdf` is not a spreadsheet budgetbook reads"),
        (&["locked.ods"], 1, "error[sheet-encrypted]: `locked.ods` is protected by a password"),
        (&["two.xlsx", "--sheet", "Invest"], 1, "error[sheet-not-found]: `two.xlsx` has no sheet `Invest`; its sheets are `Drift`, `Investeringar`"),
        (&["two.xlsx", "--range", "A1:C9"], 1, "error[sheet-range]: the range `A1:C9` holds no cells: `two.xlsx` has none"),
    ];
    for (args, expected_status, expected) in cases {
        let output = Command::new(env!("CARGO_BIN_EXE_budgetbook"))
            .arg("import")
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(
            output.status.code(),
            Some(expected_status),
            "{args:?}: {stderr}"
        );
        assert!(stderr.starts_with(expected), "{args:?}: {stderr}");
    }
}

/// A formula of row ids as a sheet formula of the same column's cells;
/// `None` when it reaches another block or column.
fn sheet_formula(text: &str, rows: &[String], column: &str, first_row: usize) -> Option<String> {
    let mut out = String::from("=");
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| -> Option<()> {
        if word.is_empty() {
            return Some(());
        }
        if word.chars().all(|c| c.is_ascii_digit() || c == '.') {
            out.push_str(word);
        } else {
            let r = rows.iter().position(|id| id == word)?;
            out.push_str(&format!("{column}{}", first_row + r + 1));
        }
        word.clear();
        Some(())
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '-' && !word.is_empty() || c == '.' {
            if c == '.' && !word.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            word.push(c);
        } else {
            flush(&mut word, &mut out)?;
            if !c.is_whitespace() {
                out.push(c);
            }
        }
    }
    flush(&mut word, &mut out)?;
    Some(out)
}

#[test]
fn the_default_books_tables_come_back_from_a_workbook_with_the_same_checks() {
    let root = common::default_book();
    let original = budgetbook::check(&root, false).unwrap();
    let tables: Vec<_> = original
        .parsed
        .blocks
        .iter()
        .filter_map(|b| b.as_table())
        .collect();
    assert!(tables.len() >= 8);

    // Every table on a sheet of one workbook: title, header, rows; sums
    // and formulas as the sheet's formulas, with the stated figures kept.
    let mut sheets = Vec::new();
    for block in &tables {
        assert!(block.columns.iter().all(|c| c.group.is_none()));
        let mut rows = vec![
            vec![t(block.title.as_deref().unwrap_or(&block.id))],
            std::iter::once(t("Post"))
                .chain(block.columns.iter().map(|c| t(&c.name)))
                .collect(),
        ];
        let ids: Vec<String> = block.rows.iter().map(|r| r.id.clone()).collect();
        let index = |id: &str| ids.iter().position(|i| i == id).unwrap();
        for row in &block.rows {
            let mut cells = vec![t(&row.label)];
            for (c, figure) in row.values.iter().enumerate() {
                let column = ((b'B' + c as u8) as char).to_string();
                let stated = match (figure.value, figure.nil) {
                    (_, true) => "-".to_string(),
                    (Some(value), false) => value.normalize().to_string(),
                    (None, false) => String::new(),
                };
                let formula = match &row.derivation {
                    Some(Derivation::Sum { rows, .. }) => Some(format!(
                        "=SUM({})",
                        rows.iter()
                            .map(|(r, _)| format!("{column}{}", index(&r.row) + 3))
                            .collect::<Vec<_>>()
                            .join(",")
                    )),
                    Some(Derivation::Formula { text, .. }) => sheet_formula(text, &ids, &column, 2),
                    None => None,
                };
                cells.push(match (formula, figure.nil, figure.value) {
                    (Some(formula), false, Some(_)) => Cell::Formula(formula, stated),
                    (_, true, _) => t("-"),
                    (_, false, Some(value)) => n(value.to_f64().unwrap()),
                    (_, false, None) => Cell::Empty,
                });
            }
            rows.push(cells);
        }
        sheets.push(sheet(&block.id, rows));
    }
    let work = tempfile::tempdir().unwrap();
    let path = work.path().join("budget.xlsx");
    fs::write(&path, workbook(&sheets)).unwrap();

    // Each sheet imported, with the book's ids and the keys a sheet cannot
    // hold (unit, tolerance, chart, checks, …) given back.
    let copy = work.path().join("book");
    fs::create_dir_all(&copy).unwrap();
    fs::copy(root.join("book.toml"), copy.join("book.toml")).unwrap();
    for folder in ["content", "static", "templates"] {
        for (relative, contents) in common::read_tree(&root.join(folder)) {
            let target = copy.join(folder).join(&relative);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::write(target, contents).unwrap();
        }
    }
    for block in &tables {
        let request = Request {
            sheet: Some(block.id.clone()),
            ..Request::default()
        };
        let mut imported = import::import(
            &path,
            "budget.xlsx",
            &request,
            Some(&block.id),
            budgetbook::budget::number::NumberStyle::Sv,
        )
        .unwrap();
        assert!(imported.findings.unmatched.is_empty(), "{}", block.id);
        assert_eq!(imported.table.rows.len(), block.rows.len(), "{}", block.id);
        for (row, original) in imported.table.rows.iter_mut().zip(&block.rows) {
            assert_eq!(row.label, original.label);
            assert_eq!(row.is_heading(), original.heading, "{}", original.id);
            for (figure, stated) in row.figures.iter().zip(&original.values) {
                assert_eq!(
                    figure.value.decimal(),
                    stated.value,
                    "{}.{}",
                    block.id,
                    original.id
                );
            }
            row.id = original.id.clone();
        }
        let mut yaml = import::write::block(
            &block.id,
            &imported.table,
            &imported.findings,
            budgetbook::budget::number::NumberStyle::Sv,
        );
        if let Some(unit) = &block.unit {
            yaml.push_str(&format!("unit: {}\n", import::write::quoted(unit)));
        }
        yaml.push_str(&format!("tolerance: {}\n", block.tolerance));
        yaml.push_str(&format!(
            "chart: {}\n",
            serde_json::to_value(block.chart_kind())
                .unwrap()
                .as_str()
                .unwrap()
        ));
        if let Some((baseline, _)) = &block.baseline {
            yaml.push_str(&format!("baseline: {baseline}\n"));
        }
        if block.views.share {
            yaml.push_str("views: [share]\n");
        }
        if !block.checks.is_empty() {
            yaml.push_str("checks:\n");
            for check in &block.checks {
                yaml.push_str(&format!("  - {}\n", import::write::quoted(&check.text)));
            }
        }
        // The block's fence in its chapter, replaced.
        let chapter = copy.join("content").join(
            &original
                .parsed
                .chapters
                .iter()
                .find(|c| {
                    c.file
                        .text()
                        .contains(&format!("```budget\nid: {}\n", block.id))
                })
                .unwrap()
                .source_path,
        );
        let text = fs::read_to_string(&chapter).unwrap();
        let start = text
            .find(&format!("```budget\nid: {}\n", block.id))
            .unwrap();
        let end = start + 10 + text[start + 10..].find("\n```").unwrap() + 4;
        let text = format!("{}```budget\n{yaml}```{}", &text[..start], &text[end..]);
        fs::write(&chapter, text).unwrap();
    }
    let imported = budgetbook::check(&copy, false).unwrap();
    assert_eq!(
        imported.verdicts.coverage.summary(),
        original.verdicts.coverage.summary()
    );
    let messages = |checked: &budgetbook::site::CheckedBook| {
        let mut list: Vec<String> = checked
            .warnings
            .iter()
            .map(|d| d.problem.to_string())
            .collect();
        list.sort();
        list
    };
    assert_eq!(messages(&imported), messages(&original));
}

#[test]
fn two_header_rows_become_column_groups() {
    let work = tempfile::tempdir().unwrap();
    let path = work.path().join("netto.xlsx");
    let mut grouped = sheet(
        "Netto",
        vec![
            vec![t("Nettokostnader per nämnd")],
            vec![
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                t("2023"),
            ],
            header(&["Nämnd", "Intäkter", "Kostnader", "Netto", "Netto"]),
            vec![t("Skola"), n(10), n(-40), n(-30), n(-28)],
            vec![t("Vård"), n(5), n(-20), n(-15), n(-14)],
            vec![t("Summa"), n(15), n(-60), n(-45), n(-42)],
        ],
    );
    // The group heading spans its columns, as finance offices merge it.
    grouped.merged.push((1, 1, 1, 3, "2024"));
    fs::write(&path, workbook(&[grouped])).unwrap();
    let chapter = book(work.path(), "# Netto\n");
    let (status, _, stderr) = budgetbook(&[
        "import",
        path.to_str().unwrap(),
        "--id",
        "netto",
        "--into",
        chapter.to_str().unwrap(),
    ]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(stderr, "3 rows, 4 columns, 1 totals found, 0 unchecked\n");
    let text = fs::read_to_string(&chapter).unwrap();
    assert!(
        text.contains(
            "columns:\n  \
- {name: \"Intäkter\", group: \"2024\"}\n  \
- {name: \"Kostnader\", group: \"2024\"}\n  \
- {name: \"Netto\", group: \"2024\"}\n  \
- {name: \"Netto\", group: \"2023\"}\n"
        ),
        "{text}"
    );
    let checked = budgetbook::check(work.path(), false).unwrap();
    let block = &checked.parsed.blocks[0];
    assert_eq!(block.column_names()[3], "2023 Netto");
    assert_eq!(
        checked.verdicts.coverage.summary(),
        "4 of 4 derived figures checked"
    );
}

/// A title that ends with its unit in brackets gives the table its unit
/// and an id without it.
#[test]
fn a_unit_in_the_title_becomes_the_tables_unit() {
    let work = tempfile::tempdir().unwrap();
    let csv = work.path().join("resultat.csv");
    fs::write(
        &csv,
        "Resultatbudget (mnkr)\n;Budget 2027;Plan 2028\nIntäkter;812,4;835,0\nKostnader;-4 512,7;-4 690,2\n",
    )
    .unwrap();
    let chapter = book(&work.path().join("bok"), "# Kapitel\n");
    let (status, _, stderr) = budgetbook(&[
        "import",
        csv.to_str().unwrap(),
        "--into",
        chapter.to_str().unwrap(),
    ]);
    assert_eq!(status, 0, "{stderr}");
    let checked = budgetbook::check(&work.path().join("bok"), false).unwrap();
    let block = checked.parsed.blocks[0].as_table().unwrap();
    assert_eq!(block.id, "resultatbudget");
    assert_eq!(block.title.as_deref(), Some("Resultatbudget"));
    assert_eq!(block.unit.as_deref(), Some("mnkr"));
}
