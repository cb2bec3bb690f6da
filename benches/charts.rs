//! Chart rendering time: `cargo bench --bench charts`.
//! Prints the time to render every chart of the default book, and of a
//! generated book with 1,000 budget blocks of every chart kind.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use budgetbook::render::{chart, Strings};

fn render_all(book: &Path, rounds: u32) -> (usize, f64) {
    let checked = budgetbook::check(book, true).expect("the book is valid");
    let language = checked.parsed.book.config.language;
    let strings = Strings::for_language(language);
    let started = Instant::now();
    let mut count = 0;
    for _ in 0..rounds {
        count = checked
            .parsed
            .blocks
            .iter()
            .filter_map(|b| chart::chart(b, language, &strings))
            .count();
    }
    (count, started.elapsed().as_secs_f64() / f64::from(rounds))
}

/// 100 chapters with 10 blocks each, cycling through the chart kinds.
fn write_big_book(dir: &Path) {
    let content = dir.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"Stor bok\"\n").unwrap();
    let mut summary = String::from("# Summary\n\n");
    let kinds = ["bar", "grouped-bar", "stacked-bar", "line", "waterfall"];
    for c in 0..100 {
        writeln!(summary, "- [Kapitel {c}](k{c}.md)").unwrap();
        let mut chapter = format!("# Kapitel {c}\n\n");
        for b in 0..10 {
            let kind = kinds[(c * 10 + b) % kinds.len()];
            write!(
                chapter,
                "```budget\nid: b{c}-{b}\ntitle: Tabell {b}\nunit: tkr\ncolumns: [Budget 2026, Plan 2027, Plan 2028]\nchart: {kind}\nrows:\n"
            )
            .unwrap();
            let mut totals = [0i64; 3];
            for r in 0..8 {
                let values: Vec<i64> = (0..3)
                    .map(|y| 1000 * (r + 1) + 37 * y + (c * b) as i64)
                    .collect();
                for (t, v) in totals.iter_mut().zip(&values) {
                    *t += v;
                }
                writeln!(
                    chapter,
                    "  - {{id: r{r}, label: Nämnd nummer {r} för välfärd, values: {values:?}}}"
                )
                .unwrap();
            }
            writeln!(
                chapter,
                "  - id: summa\n    label: Summa\n    values: {totals:?}\n    sum: above\n```\n"
            )
            .unwrap();
        }
        std::fs::write(content.join(format!("k{c}.md")), chapter).unwrap();
    }
    std::fs::write(content.join("SUMMARY.md"), summary).unwrap();
}

fn main() {
    let default_book = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (count, seconds) = render_all(default_book, 50);
    println!("default book: {count} charts in {:.2} ms", seconds * 1000.0);

    let dir = tempfile::tempdir().unwrap();
    write_big_book(dir.path());
    let (count, seconds) = render_all(dir.path(), 3);
    println!(
        "generated book: {count} charts in {:.0} ms ({:.1} µs per chart)",
        seconds * 1000.0,
        seconds * 1e6 / count as f64
    );
}
