//! The integration tests: whole books built, checked and served through the
//! library and the binary, with the fixture books of `tests/fixtures/`.
//!
//! They are one test program, each file a module, so that the library and
//! its dependencies are linked once rather than once per file. Run one
//! file's tests with `cargo test --test integration <file>::`.

mod common;
#[path = "../../examples/gen_corpus/corpus.rs"]
mod corpus;

mod analysis;
mod chart_extremes;
mod charts;
mod cli;
mod data_downloads;
mod data_package;
mod default_book;
mod destination;
mod embeds;
mod figures;
mod fixture_books;
mod fuzz_regressions;
mod glance;
mod hostile;
mod import;
mod kill;
mod large_books;
mod markdown_pages;
mod mdbook;
mod parse_cache;
mod previews;
mod print_page;
mod properties;
mod publishing;
mod search;
mod serve;
mod spreadsheets;
mod tables;
