//! Writes a generated budget book for benchmarks:
//! `cargo run --release --example gen_corpus -- --chapters 1000 --blocks-per-chapter 1 DIR`
//! (`--plain` for Markdown without budget blocks, for other generators).

mod corpus;

use std::path::PathBuf;

fn main() {
    let mut chapters = 100;
    let mut blocks = 1;
    let mut plain = false;
    let mut dir = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> usize {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{name} takes a number"))
        };
        match arg.as_str() {
            "--chapters" => chapters = number("--chapters"),
            "--blocks-per-chapter" => blocks = number("--blocks-per-chapter"),
            "--plain" => plain = true,
            other => dir = Some(PathBuf::from(other)),
        }
    }
    let dir = dir.unwrap_or_else(|| {
        eprintln!("usage: gen_corpus [--chapters N] [--blocks-per-chapter M] [--plain] DIR");
        std::process::exit(2)
    });
    corpus::write_book(&dir, chapters, blocks, plain).unwrap_or_else(|e| {
        eprintln!("cannot write {}: {e}", dir.display());
        std::process::exit(2)
    });
    eprintln!(
        "wrote {chapters} chapters with {blocks} budget blocks each into {}",
        dir.display()
    );
}
