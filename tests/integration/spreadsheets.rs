//! The tables as Excel workbooks, read back as a spreadsheet program reads
//! them: every figure as the table states it, totals and formulas live
//! where they give the stated figure, a note where they do not, and the
//! same bytes from the same book.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

fn build(book: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let options = budgetbook::BuildOptions {
        destination: Some(out.path().join("site")),
        ..Default::default()
    };
    budgetbook::build(book, &options).unwrap();
    out
}

/// The books whose every figure is checked: the default book and fixtures
/// with column formulas, nil dashes, decimals, per cent rows, rows in a
/// unit of their own, negatives in parentheses and hostile text.
fn books() -> Vec<std::path::PathBuf> {
    vec![
        common::default_book(),
        common::fixture("valid/column-formulas"),
        common::fixture("valid/english-figures"),
        common::fixture("valid/swedish-figures"),
        // Labels and headings that try to be markup or formulas.
        common::fixture("valid/hostile"),
    ]
}

/// A table as its standard CSV states it: the figures as written.
struct Table {
    id: String,
    columns: Vec<String>,
    rows: Vec<TableRow>,
}

struct TableRow {
    label: String,
    kind: String,
    values: Vec<String>,
}

/// Every table of a built site, in the order of the book.
fn tables(site: &Path) -> Vec<Table> {
    let package: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("data/datapackage.json")).unwrap())
            .unwrap();
    package["resources"]
        .as_array()
        .unwrap()
        .iter()
        // The long table of every figure is for loaders, not a table.
        .filter(|resource| resource["name"] != "figures")
        .map(|resource| {
            let id = resource["name"].as_str().unwrap().to_string();
            let text = fs::read_to_string(site.join(format!("data/{id}.csv"))).unwrap();
            let mut lines = text
                .split("\r\n")
                .filter(|l| !l.is_empty())
                .map(|l| common::csv_cells(l, ','));
            let columns = lines.next().unwrap()[4..].to_vec();
            let rows = lines
                .map(|cells| TableRow {
                    // The CSV defuses labels a spreadsheet would run.
                    label: cells[1].trim_start_matches('\'').to_string(),
                    kind: cells[2].clone(),
                    values: cells[4..].to_vec(),
                })
                .collect();
            Table { id, columns, rows }
        })
        .collect()
}

fn open(path: &Path) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Xlsx::new(Cursor::new(bytes)).unwrap()
}

/// A figure as a spreadsheet holds it: the double nearest to it.
fn number(written: &str) -> f64 {
    written.parse().unwrap()
}

/// The sheet row of the column headings: the one that starts with the
/// heading of the label column.
fn heading_row(range: &calamine::Range<Data>) -> u32 {
    (0..range.height() as u32)
        .find(|&r| {
            matches!(range.get_value((r, 0)), Some(Data::String(s)) if s == "Rad" || s == "Row")
        })
        .expect("a row of column headings")
}

/// The cell notes of a workbook of one sheet, by cell (`B9`).
fn notes(path: &Path) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    match archive.by_name("xl/comments1.xml") {
        Ok(mut file) => file.read_to_string(&mut xml).unwrap(),
        Err(_) => return BTreeMap::new(),
    };
    let document = roxmltree::Document::parse(&xml).unwrap();
    document
        .descendants()
        .filter(|n| n.has_tag_name("comment"))
        .map(|comment| {
            let text: String = comment
                .descendants()
                .filter(|n| n.has_tag_name("t"))
                .filter_map(|n| n.text())
                .collect();
            (comment.attribute("ref").unwrap().to_string(), text)
        })
        .collect()
}

/// Checks one sheet against its table: labels, and every figure as the
/// number the table states (the cached result, for a formula).
fn check_sheet(range: &calamine::Range<Data>, table: &Table, what: &str) {
    let heading = heading_row(range);
    for (c, column) in table.columns.iter().enumerate() {
        let Some(Data::String(cell)) = range.get_value((heading, 1 + c as u32)) else {
            panic!("{what}: no heading over column {column}");
        };
        assert!(
            column.ends_with(cell.split(" (").next().unwrap()),
            "{what}: {cell} for {column}"
        );
    }
    for (r, row) in table.rows.iter().enumerate() {
        let at = heading + 1 + r as u32;
        let Some(Data::String(label)) = range.get_value((at, 0)) else {
            panic!("{what}: no label in sheet row {}", at + 1);
        };
        assert!(
            label.starts_with(&row.label),
            "{what}: {label} for {}",
            row.label
        );
        for (c, written) in row.values.iter().enumerate() {
            let cell = range.get_value((at, 1 + c as u32));
            if written.is_empty() {
                assert!(
                    matches!(cell, None | Some(Data::Empty)),
                    "{what}: {label} column {c} should have no figure, has {cell:?}"
                );
                continue;
            }
            let value = match cell {
                Some(Data::Float(f)) => *f,
                Some(Data::Int(i)) => *i as f64,
                other => panic!("{what}: {label} column {c}: {other:?} for {written}"),
            };
            assert_eq!(value, number(written), "{what}: {label} column {c}");
        }
    }
}

#[test]
fn every_figure_reads_back_as_the_table_states_it() {
    for book in books() {
        let out = build(&book);
        let site = out.path().join("site");
        let tables = tables(&site);
        assert!(!tables.is_empty());
        let mut whole = open(&site.join("data/book.xlsx"));
        let sheets = whole.sheet_names();
        assert_eq!(sheets.len(), tables.len() + 1, "{}", book.display());
        let contents = whole.worksheet_range(&sheets[0]).unwrap();
        for (i, table) in tables.iter().enumerate() {
            let path = site.join(format!("data/{}.xlsx", table.id));
            let mut workbook = open(&path);
            let names = workbook.sheet_names();
            assert_eq!(names.len(), 1);
            let own = workbook.worksheet_range(&names[0]).unwrap();
            check_sheet(&own, table, &path.display().to_string());
            // The book's sheet of the table is the table's own sheet.
            let sheet = &sheets[i + 1];
            assert_eq!(sheet, &names[0]);
            let in_book = whole.worksheet_range(sheet).unwrap();
            assert_eq!(in_book, own, "{sheet} in data/book.xlsx");
            // And the first sheet links to it.
            let links = whole.hyperlinks_by_sheet_name(&sheets[0]).unwrap();
            let target = format!("'{}'!A1", sheet.replace('\'', "''"));
            assert!(
                links
                    .iter()
                    .any(|l| l.location.as_deref() == Some(target.as_str())),
                "no link to {sheet}: {links:?}"
            );
        }
        assert!(contents.used_cells().count() > 2 * tables.len());
    }
}

/// Every figure of a derived row is a live formula, or states a figure the
/// computation does not give, with a note that says what it gives.
#[test]
fn derived_figures_are_formulas_or_say_why_not() {
    for book in books() {
        let out = build(&book);
        let site = out.path().join("site");
        for table in tables(&site) {
            let path = site.join(format!("data/{}.xlsx", table.id));
            let mut workbook = open(&path);
            let name = workbook.sheet_names().remove(0);
            let range = workbook.worksheet_range(&name).unwrap();
            let formulas = workbook.worksheet_formula(&name).unwrap();
            let notes = notes(&path);
            let heading = heading_row(&range);
            for (r, row) in table.rows.iter().enumerate() {
                if row.kind != "sum" && row.kind != "formula" {
                    continue;
                }
                let at = heading + 1 + r as u32;
                for (c, written) in row.values.iter().enumerate() {
                    if written.is_empty() {
                        continue;
                    }
                    let cell = format!("{}{}", (b'B' + c as u8) as char, at + 1);
                    let formula = formulas
                        .get_value((at, 1 + c as u32))
                        .filter(|f| !f.is_empty());
                    let note = notes.get(&cell);
                    assert!(
                        formula.is_some() || note.is_some(),
                        "{}: {} {cell} is neither a formula nor explained",
                        path.display(),
                        row.label
                    );
                }
            }
        }
    }
}

/// Reads the formula of a cell (`B4`, 0-based from the sheet's corner).
fn formula_at(formulas: &calamine::Range<String>, cell: (u32, u32)) -> String {
    formulas.get_value(cell).cloned().unwrap_or_default()
}

fn value_at(range: &calamine::Range<Data>, cell: (u32, u32)) -> f64 {
    match range.get_value(cell) {
        Some(Data::Float(f)) => *f,
        other => panic!("{cell:?}: {other:?}"),
    }
}

#[test]
fn totals_are_sums_and_column_formulas_read_their_row() {
    let out = build(&common::fixture("valid/column-formulas"));
    let path = out.path().join("site/data/drift.xlsx");
    let mut workbook = open(&path);
    let name = workbook.sheet_names().remove(0);
    assert_eq!(name, "Driftredovisning");
    let range = workbook.worksheet_range(&name).unwrap();
    let formulas = workbook.worksheet_formula(&name).unwrap();
    // Caption, group headings, column headings, then the rows from row 4:
    // ks, bun, summa.
    assert_eq!(
        range.get_value((0, 0)),
        Some(&Data::String("Driftredovisning (mnkr)".into()))
    );
    assert_eq!(heading_row(&range), 2);
    // Netto = Intäkter + Kostnader, Avvikelse = Netto − Budget, row by row.
    assert_eq!(formula_at(&formulas, (3, 3)), "B4+C4");
    assert_eq!(formula_at(&formulas, (4, 3)), "B5+C5");
    assert_eq!(formula_at(&formulas, (3, 5)), "D4-E4");
    assert_eq!(value_at(&range, (3, 5)), 10.0);
    // The total is a sum in the columns of stated figures, and its column's
    // formula where the column has one, as for every other row.
    for (c, letter) in [(1, "B"), (2, "C"), (4, "E"), (6, "G")] {
        assert_eq!(
            formula_at(&formulas, (5, c)),
            format!("SUM({letter}4:{letter}5)")
        );
    }
    assert_eq!(formula_at(&formulas, (5, 3)), "B6+C6");
    assert_eq!(formula_at(&formulas, (5, 5)), "D6-E6");
    assert_eq!(value_at(&range, (5, 3)), -1300.0);
    // Stated figures are plain numbers.
    assert_eq!(formula_at(&formulas, (3, 1)), "");
    assert_eq!(value_at(&range, (3, 1)), 120.0);
}

#[test]
fn a_total_the_source_rounds_keeps_its_figure_with_a_note() {
    let out = build(&common::default_book());
    let site = out.path().join("site");
    let path = site.join("data/resultatbudget.xlsx");
    let mut workbook = open(&path);
    let name = workbook.sheet_names().remove(0);
    let range = workbook.worksheet_range(&name).unwrap();
    let formulas = workbook.worksheet_formula(&name).unwrap();
    let heading = heading_row(&range);
    let table = tables(&site)
        .into_iter()
        .find(|t| t.id == "resultatbudget")
        .unwrap();
    let r = table
        .rows
        .iter()
        .position(|r| r.label == "Årets resultat")
        .unwrap() as u32;
    // Stated 143, computed 144: the figure as printed, and a note.
    assert_eq!(value_at(&range, (heading + 1 + r, 1)), 143.0);
    assert_eq!(formula_at(&formulas, (heading + 1 + r, 1)), "");
    let note = &notes(&path)[&format!("B{}", heading + 2 + r)];
    assert_eq!(
        note,
        "Angivet 143, beräknat 144: skillnaden beror på avrundning."
    );
    // The ratio below it is computed from it, rounded as the table rounds.
    let ratio = formula_at(&formulas, (heading + 2 + r, 1));
    assert!(
        ratio.starts_with("ROUND(") && ratio.ends_with(",1)"),
        "{ratio}"
    );
    assert_eq!(value_at(&range, (heading + 2 + r, 1)), 4.3);

    // The investment plan's total is a sum over its rows.
    let path = site.join("data/investeringsplan.xlsx");
    let mut workbook = open(&path);
    let name = workbook.sheet_names().remove(0);
    let range = workbook.worksheet_range(&name).unwrap();
    let formulas = workbook.worksheet_formula(&name).unwrap();
    let heading = heading_row(&range);
    let total = (heading + 1..range.height() as u32)
        .find(|&r| formula_at(&formulas, (r, 1)).starts_with("SUM("))
        .unwrap();
    assert_eq!(
        formula_at(&formulas, (total, 1)),
        format!("SUM(B{}:B{})", heading + 2, total)
    );
    assert_eq!(value_at(&range, (total, 1)), 610999.0);
}

#[test]
fn headings_totals_groups_and_figures_are_styled() {
    let out = build(&common::fixture("valid/column-formulas"));
    let path = out.path().join("site/data/drift.xlsx");
    let mut workbook = open(&path);
    let name = workbook.sheet_names().remove(0);
    // "2024" over its five columns, merged; "2023" over one.
    let merged = workbook.merge_cells_by_sheet_name(&name).unwrap();
    assert_eq!(merged.len(), 1);
    assert_eq!((merged[0].start, merged[0].end), ((1, 1), (1, 5)));
    let range = workbook.worksheet_range(&name).unwrap();
    assert_eq!(range.get_value((1, 1)), Some(&Data::String("2024".into())));
    assert_eq!(range.get_value((1, 6)), Some(&Data::String("2023".into())));
    let styles = workbook.worksheet_style(&name).unwrap();
    let bold = |cell| {
        styles
            .get(cell)
            .and_then(|s| s.font.as_ref())
            .is_some_and(|f| f.is_bold())
    };
    assert!(bold((0, 0)) && bold((2, 1)) && bold((5, 0)) && bold((5, 3)));
    assert!(!bold((3, 0)) && !bold((3, 1)));
    let rule_above = |cell| {
        styles
            .get(cell)
            .and_then(|s| s.borders.as_ref())
            .is_some_and(|b| b.top.is_visible())
    };
    assert!(rule_above((5, 0)) && rule_above((5, 6)) && !rule_above((4, 1)));
    let format_code = |cell| {
        styles
            .get(cell)
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.clone())
            .unwrap_or_default()
    };
    assert_eq!(format_code((3, 1)), "#,##0");

    // Decimals, per cent, a nil dash and negatives in parentheses, as the
    // English book shows them.
    let out = build(&common::fixture("valid/english-figures"));
    let path = out.path().join("site/data/net.xlsx");
    let mut workbook = open(&path);
    let name = workbook.sheet_names().remove(0);
    let range = workbook.worksheet_range(&name).unwrap();
    assert_eq!(
        range.get_value((0, 0)),
        Some(&Data::String("Net spending (£m)".into()))
    );
    let styles = workbook.worksheet_style(&name).unwrap();
    let format_code = |cell| {
        styles
            .get(cell)
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.clone())
            .unwrap_or_default()
    };
    let heading = heading_row(&range);
    let row = |label: &str| {
        (heading + 1..range.height() as u32)
            .find(|&r| {
                matches!(range.get_value((r, 0)), Some(Data::String(s)) if s.starts_with(label))
            })
            .unwrap()
    };
    assert_eq!(format_code((row("Schools"), 1)), "#,##0;(#,##0)");
    assert_eq!(format_code((row("Schools"), 2)), "#,##0.00;(#,##0.00)");
    assert_eq!(
        format_code((row("Use of reserves"), 1)),
        "#,##0;(#,##0);\"–\""
    );
    assert_eq!(value_at(&range, (row("Use of reserves"), 1)), 0.0);
    assert_eq!(
        format_code((row("Growth"), 1)),
        "#,##0.0\"%\";(#,##0.0\"%\")"
    );
    assert_eq!(value_at(&range, (row("Growth"), 2)), -0.4);
    assert_eq!(
        range.get_value((row("Capital"), 0)),
        Some(&Data::String("Capital programme (£bn)".into()))
    );
}

#[test]
fn the_same_book_gives_the_same_workbooks_byte_for_byte() {
    let first = build(&common::default_book());
    let second = build(&common::default_book());
    let workbooks = |dir: &Path| -> BTreeMap<std::path::PathBuf, Vec<u8>> {
        common::read_tree(&dir.join("site/data"))
            .into_iter()
            .filter(|(p, _)| p.extension().is_some_and(|e| e == "xlsx"))
            .collect()
    };
    let (a, b) = (workbooks(first.path()), workbooks(second.path()));
    assert_eq!(a.len(), 9, "eight tables and the book");
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{} differs between builds",
            path.display()
        );
    }
}

/// The hrefs of a table's download links, in order.
fn download_links(page: &str, table: &str) -> Vec<String> {
    let at = page.find(&format!("id=\"{table}\"")).unwrap();
    let start = at + page[at..].find("<p class=\"downloads\"").unwrap();
    let end = start + page[start..].find("</p>").unwrap();
    common::attribute_values(&page[start..end], "href")
        .into_iter()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_download_links_put_the_spreadsheet_first() {
    let out = build(&common::default_book());
    let site = out.path().join("site");
    let page = fs::read_to_string(site.join("09-finansiella-rapporter.html")).unwrap();
    assert_eq!(
        download_links(&page, "resultatbudget"),
        [
            "data/resultatbudget.xlsx",
            "data/resultatbudget.sv.csv",
            "data/resultatbudget.csv",
            "data/resultatbudget.json",
            "data/book.xlsx",
        ]
    );
    assert!(page.contains(
        "<a href=\"data/resultatbudget.xlsx\" download>Excel (xlsx)</a> · \
         <a href=\"data/resultatbudget.sv.csv\" download>CSV för svenska Excel</a> · \
         <a href=\"data/resultatbudget.csv\" download>CSV (UTF-8, punkt)</a> · "
    ));
    assert_eq!(common::broken_links(&site), Vec::<String>::new());

    // An English book lists no CSV for Swedish spreadsheets.
    let out = build(&common::fixture("valid/english-figures"));
    let page = fs::read_to_string(out.path().join("site/accounts.html")).unwrap();
    assert_eq!(
        download_links(&page, "net"),
        [
            "data/net.xlsx",
            "data/net.csv",
            "data/net.json",
            "data/book.xlsx"
        ]
    );
}

/// LibreOffice's profile setting that recomputes every formula of an
/// `.xlsx` file on load, rather than showing the results stored in it.
const RECALCULATE_ON_LOAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

/// A copy of a workbook with every stored formula result zeroed, so that
/// only a recomputation can give the stated figures back.
fn without_results(from: &Path, to: &Path) {
    let mut archive = zip::ZipArchive::new(fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(fs::File::create(to).unwrap());
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        if name.starts_with("xl/worksheets/sheet") {
            let xml = String::from_utf8(bytes).unwrap();
            let mut zeroed = String::new();
            let mut rest = xml.as_str();
            while let Some(at) = rest.find("</f><v>") {
                let value_start = at + "</f><v>".len();
                let value_end = value_start + rest[value_start..].find("</v>").unwrap();
                zeroed.push_str(&rest[..value_start]);
                zeroed.push('0');
                rest = &rest[value_end..];
            }
            zeroed.push_str(rest);
            bytes = zeroed.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut out, &bytes).unwrap();
    }
    out.finish().unwrap();
}

/// Recomputed in LibreOffice (Debian's `libreoffice-calc-nogui`, which
/// scripts/test installs): every formula gives the figure the table states.
#[test]
fn libreoffice_recomputes_every_formula_to_the_stated_figure() {
    let status = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .expect("LibreOffice (soffice) is needed: run scripts/test, which installs it");
    assert!(status.status.success());
    let work = tempfile::tempdir().unwrap();
    let profile = work.path().join("profile");
    fs::create_dir_all(profile.join("user")).unwrap();
    fs::write(
        profile.join("user/registrymodifications.xcu"),
        RECALCULATE_ON_LOAD,
    )
    .unwrap();
    let (inputs, converted) = (work.path().join("in"), work.path().join("out"));
    fs::create_dir_all(&inputs).unwrap();
    let mut expected = Vec::new();
    let mut formulas = 0;
    for (b, book) in books().iter().enumerate() {
        let out = build(book);
        let site = out.path().join("site");
        for table in tables(&site) {
            let path = site.join(format!("data/{}.xlsx", table.id));
            let mut workbook = open(&path);
            let name = workbook.sheet_names().remove(0);
            formulas += workbook
                .worksheet_formula(&name)
                .unwrap()
                .used_cells()
                .filter(|(_, _, f)| !f.is_empty())
                .count();
            let copy = format!("{b}-{}", table.id);
            without_results(&path, &inputs.join(format!("{copy}.xlsx")));
            expected.push((copy, name, table));
        }
    }
    assert!(formulas > 20, "{formulas} formulas");
    let mut command = std::process::Command::new("soffice");
    command
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to"])
        // Comma, double quote, UTF-8, from line 1; figures as values, not
        // as shown.
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1")
        .arg("--outdir")
        .arg(&converted);
    for (copy, ..) in &expected {
        command.arg(inputs.join(format!("{copy}.xlsx")));
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "{output:?}");
    for (copy, sheet, table) in expected {
        let csv = converted.join(format!("{copy}-{sheet}.csv"));
        let text = fs::read_to_string(&csv).unwrap_or_else(|e| panic!("{}: {e}", csv.display()));
        let lines: Vec<Vec<String>> = text.lines().map(|l| common::csv_cells(l, ',')).collect();
        let heading = lines
            .iter()
            .position(|l| l[0] == "Rad" || l[0] == "Row")
            .unwrap();
        for (r, row) in table.rows.iter().enumerate() {
            let line = &lines[heading + 1 + r];
            for (c, written) in row.values.iter().enumerate() {
                let recomputed = line.get(1 + c).map(String::as_str).unwrap_or_default();
                if written.is_empty() {
                    assert_eq!(recomputed, "", "{copy}: {} column {c}", row.label);
                    continue;
                }
                let (stated, recomputed) = (number(written), number(recomputed));
                assert!(
                    (stated - recomputed).abs() <= 1e-9 * stated.abs().max(1.0),
                    "{copy}: {} column {c}: LibreOffice computes {recomputed}, the table states {stated}",
                    row.label
                );
            }
        }
    }
}

#[test]
fn a_book_of_more_tables_than_the_limit_has_no_whole_book_workbook() {
    let limit = budgetbook::render::xlsx::BOOK_LIMIT;
    let write_book = |dir: &Path, tables: usize| {
        fs::create_dir_all(dir.join("content")).unwrap();
        fs::write(
            dir.join("book.toml"),
            "[book]\ntitle = \"Tabeller\"\nlanguage = \"sv\"\n",
        )
        .unwrap();
        fs::write(
            dir.join("content/SUMMARY.md"),
            "# Summary\n\n- [Kapitel](kapitel.md)\n",
        )
        .unwrap();
        let mut text = String::from("# Kapitel\n\n");
        for n in 0..tables {
            text.push_str(&format!(
                "```budget\nid: t{n}\ntitle: Tabell {n}\ncolumns: [\"2026\"]\nrows:\n  - {{id: a, label: A, values: [{n}]}}\n```\n\n"
            ));
        }
        fs::write(dir.join("content/kapitel.md"), text).unwrap();
    };
    for (tables, whole) in [(limit, true), (limit + 1, false)] {
        let work = tempfile::tempdir().unwrap();
        write_book(work.path(), tables);
        let out = build(work.path());
        let site = out.path().join("site");
        assert_eq!(
            site.join("data/book.xlsx").exists(),
            whole,
            "{tables} tables"
        );
        // Every table still has its own, first among its downloads.
        assert!(site.join(format!("data/t{}.xlsx", tables - 1)).exists());
        let page = fs::read_to_string(site.join("kapitel.html")).unwrap();
        assert_eq!(
            download_links(&page, "t0"),
            [
                "data/t0.xlsx",
                "data/t0.sv.csv",
                "data/t0.csv",
                "data/t0.json",
                "data/book.xlsx"
            ][..if whole { 5 } else { 4 }]
        );
        if whole {
            let sheets = open(&site.join("data/book.xlsx")).sheet_names();
            assert_eq!(sheets.len(), tables + 1);
        }
    }
}
