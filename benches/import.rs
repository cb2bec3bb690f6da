//! Import time: `cargo bench --bench import`.
//! Prints the time `budgetbook import` takes to read a 5,000-row sheet
//! (6 columns of figures, a total labelled "Summa" after every 20 rows and
//! a grand total of the totals) and write it as a budget block, from a
//! workbook (.xlsx) and from a CSV file. The target is under 1 s.

use std::time::Instant;

use budgetbook::budget::number::NumberStyle;
use budgetbook::import::{self, Request};
use rust_xlsxwriter::Workbook;

const ROWS: usize = 5_000;
const COLUMNS: usize = 6;
const GROUP: usize = 20;

/// The sheet's rows: label and figures, as text for CSV.
fn rows() -> Vec<(String, Vec<f64>)> {
    let mut rows = Vec::with_capacity(ROWS);
    let mut group = vec![0.0; COLUMNS];
    let mut grand = vec![0.0; COLUMNS];
    let mut n = 0usize;
    while rows.len() + 2 < ROWS {
        n += 1;
        let figures: Vec<f64> = (0..COLUMNS)
            .map(|c| ((n * 7919 + c * 104_729) % 100_000) as f64 / 4.0)
            .collect();
        for c in 0..COLUMNS {
            group[c] += figures[c];
        }
        rows.push((format!("Verksamhet {n}"), figures));
        if n.is_multiple_of(GROUP) {
            for c in 0..COLUMNS {
                grand[c] += group[c];
            }
            rows.push((
                format!("Summa grupp {}", n / GROUP),
                std::mem::take(&mut group),
            ));
            group = vec![0.0; COLUMNS];
        }
    }
    rows.push(("Totalt".to_string(), grand));
    rows
}

fn main() {
    let rows = rows();
    let dir = tempfile::tempdir().unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "Driftbudget per verksamhet")
        .unwrap();
    sheet.write_string(1, 0, "Verksamhet").unwrap();
    for c in 0..COLUMNS {
        sheet
            .write_string(1, c as u16 + 1, format!("Budget {}", 2026 + c))
            .unwrap();
    }
    let mut csv = String::from("Driftbudget per verksamhet\r\nVerksamhet");
    for c in 0..COLUMNS {
        csv.push_str(&format!(";Budget {}", 2026 + c));
    }
    csv.push_str("\r\n");
    for (r, (label, figures)) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        sheet.write_string(r, 0, label).unwrap();
        csv.push_str(label);
        for (c, figure) in figures.iter().enumerate() {
            sheet.write_number(r, c as u16 + 1, *figure).unwrap();
            csv.push_str(&format!(";{}", figure.to_string().replace('.', ",")));
        }
        csv.push_str("\r\n");
    }
    let xlsx = dir.path().join("drift.xlsx");
    book.save(&xlsx).unwrap();
    let csv_path = dir.path().join("drift.csv");
    std::fs::write(&csv_path, csv).unwrap();

    for (path, kind) in [(&xlsx, "xlsx"), (&csv_path, "csv")] {
        let rounds = 5;
        let started = Instant::now();
        let mut summary = String::new();
        for _ in 0..rounds {
            let imported =
                import::import(path, "drift", &Request::default(), None, NumberStyle::Sv)
                    .expect("the sheet imports");
            summary = imported.summary();
        }
        let seconds = started.elapsed().as_secs_f64() / f64::from(rounds);
        println!(
            "import of a {}-row sheet ({kind}): {:.0} ms ({summary})",
            ROWS,
            seconds * 1000.0
        );
    }
}
