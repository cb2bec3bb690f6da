//! Chart rendering time: `cargo bench --bench charts`.
//! Prints the time to render every chart of the default book, and of a
//! generated book with 1,000 budget blocks of every chart kind
//! (`examples/gen_corpus`: 100 chapters of 10 blocks).

#[path = "../examples/gen_corpus/corpus.rs"]
mod corpus;

use std::path::Path;
use std::time::Instant;

use budgetbook::load::Negatives;
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
            .filter_map(|b| chart::chart(b.as_table()?, language, Negatives::Minus, &strings))
            .count();
    }
    (count, started.elapsed().as_secs_f64() / f64::from(rounds))
}

fn main() {
    let default_book = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (count, seconds) = render_all(default_book, 50);
    println!("default book: {count} charts in {:.2} ms", seconds * 1000.0);

    let dir = tempfile::tempdir().unwrap();
    corpus::write_book(dir.path(), 100, 10, false).unwrap();
    let (count, seconds) = render_all(dir.path(), 3);
    println!(
        "generated book: {count} charts in {:.0} ms ({:.1} µs per chart)",
        seconds * 1000.0,
        seconds * 1e6 / count as f64
    );
}
