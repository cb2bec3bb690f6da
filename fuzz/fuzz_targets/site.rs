//! A whole book made from the input, through every stage in memory: load,
//! parse, validate and render, charts and search index included. Any input
//! must end in diagnostics or a site, never a panic or a hang.
//!
//! The input is split at lines `=====` into chapters (at most four); the
//! first byte picks the book's language and how the chapters nest.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use budgetbook::site::{build_in_memory, BuildOptions};
use libfuzzer_sys::fuzz_target;

/// One folder per process, rewritten for every input.
fn book_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("budgetbook-fuzz-site-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("content")).unwrap();
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&shape, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let dir = book_dir();
    let content = dir.join("content");
    let _ = std::fs::remove_dir_all(&content);
    std::fs::create_dir_all(&content).unwrap();
    let language = if shape & 1 == 0 { "sv" } else { "en" };
    std::fs::write(
        dir.join("book.toml"),
        format!("[book]\ntitle = \"Fuzz\"\nlanguage = \"{language}\"\n[budget]\npopulation = 42000\n"),
    )
    .unwrap();
    let mut summary = String::from("# Summary\n\n");
    for (index, chapter) in text.split("\n=====\n").take(4).enumerate() {
        let depth = usize::from(shape >> (1 + index)) & 1;
        let name = format!("kapitel-{index}.md");
        summary.push_str(&format!("{}- [Kapitel {index}]({name})\n", "  ".repeat(depth.min(index))));
        std::fs::write(content.join(&name), chapter).unwrap();
    }
    std::fs::write(content.join("SUMMARY.md"), summary).unwrap();
    let options = BuildOptions {
        include_drafts: shape & 0x80 != 0,
        ..BuildOptions::full()
    };
    if let Ok((files, warnings)) = build_in_memory(dir, &options) {
        assert!(files.iter().any(|f| f.path == PathBuf::from("index.html")));
        for warning in &warnings {
            let _ = warning.to_string();
        }
    }
});
