//! Inputs the fuzzers found crashes with (`fuzz/`), kept as regression
//! tests: each must give diagnostics or a site, never a panic.

mod common;

use std::collections::HashSet;
use std::path::Path;

use budgetbook::budget::validate::{validate, Context};
use budgetbook::diagnostic::Diagnostics;
use budgetbook::parse::markdown;
use budgetbook::source::SourceFile;

#[test]
fn every_crash_the_fuzzers_found_is_handled() {
    let dir = common::fixture("fuzz");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let file = SourceFile::new("kapitel.md", text);
        let mut blocks = Vec::new();
        let mut diagnostics = Diagnostics::default();
        markdown::parse(
            &file,
            0,
            Path::new("kapitel.md"),
            &HashSet::new(),
            markdown::Limits::default(),
            &mut blocks,
            &mut diagnostics,
        );
        validate(&blocks, Context::default(), &mut diagnostics);
        for diagnostic in diagnostics.iter() {
            let _ = diagnostic.to_string();
            let _ = diagnostic.to_json();
        }
        count += 1;
    }
    assert!(count > 0);
}
