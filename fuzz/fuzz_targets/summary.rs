//! Any book.toml and SUMMARY.md, over a few fixed chapters: loading must
//! answer with diagnostics or a book, and a book must build in memory,
//! never a panic or a hang.
//!
//! The input is book.toml, a line `=====`, then SUMMARY.md.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use budgetbook::site::{build_in_memory, BuildOptions};
use budgetbook::Error;
use libfuzzer_sys::fuzz_target;

const CHAPTERS: &[(&str, &str)] = &[
    ("kapitel.md", "# Kapitel\n\nText med [länk](del/avsnitt.md#rubrik).\n"),
    ("del/avsnitt.md", "# Avsnitt\n\n## Rubrik\n\n```budget\nid: t\ncolumns: [A, B]\nrows:\n  - {id: a, label: A, values: [1, 2]}\n  - {id: s, label: Summa, values: [1, 2], sum: above}\n```\n"),
    ("bilaga.md", "---\ndraft: true\n---\n# Bilaga\n"),
];

fn book_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("budgetbook-fuzz-summary-{}", std::process::id()));
        for (name, text) in CHAPTERS {
            let path = dir.join("content").join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (config, summary) = text.split_once("\n=====\n").unwrap_or((text, "- [Kapitel](kapitel.md)\n"));
    let dir = book_dir();
    std::fs::write(dir.join("book.toml"), config).unwrap();
    std::fs::write(dir.join("content/SUMMARY.md"), summary).unwrap();
    // The destination is never touched in memory; only the sources are read.
    match build_in_memory(dir, &BuildOptions::full()) {
        Ok((files, _)) => assert!(!files.is_empty()),
        Err(Error::Invalid { diagnostics }) => {
            for diagnostic in &diagnostics {
                let _ = diagnostic.to_string();
                let _ = diagnostic.to_json();
            }
        }
        Err(_) => {}
    }
});
