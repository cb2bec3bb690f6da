//! Link-preview time: `cargo bench --bench previews`.
//! Prints the time to draw each chart of the default book as its PNG
//! preview, and the size of the images.

use std::path::Path;
use std::time::Instant;

use budgetbook::load::Negatives;
use budgetbook::render::{chart, preview, Strings};

fn main() {
    let book = Path::new(env!("CARGO_MANIFEST_DIR"));
    let checked = budgetbook::check(book, true).expect("the book is valid");
    let language = checked.parsed.book.config.language;
    let strings = Strings::for_language(language);
    let charts: Vec<_> = checked
        .parsed
        .blocks
        .iter()
        .filter_map(|b| chart::chart(b.as_table()?, language, Negatives::Minus, &strings))
        .collect();
    // The font is loaded once, on the first image.
    preview::png(&charts[0].svg, &preview::source(&charts[0].svg)).unwrap();
    let rounds = 20;
    let started = Instant::now();
    let mut bytes = 0;
    for _ in 0..rounds {
        bytes = charts
            .iter()
            .map(|c| {
                preview::png(&c.svg, &preview::source(&c.svg))
                    .unwrap()
                    .len()
            })
            .sum::<usize>();
    }
    let each = started.elapsed().as_secs_f64() / f64::from(rounds) / charts.len() as f64;
    println!(
        "{} previews: {:.1} ms each, {:.0} kB each",
        charts.len(),
        each * 1000.0,
        bytes as f64 / charts.len() as f64 / 1000.0
    );
}
