//! A chapter with anything in it, budget fences included: parsing and
//! validating must answer with diagnostics, never a panic or a hang.
#![no_main]

use std::collections::HashSet;
use std::path::Path;

use budgetbook::budget::validate::{validate, Context};
use budgetbook::diagnostic::Diagnostics;
use budgetbook::parse::markdown;
use budgetbook::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = SourceFile::new("kapitel.md", text.to_string());
    let mut blocks = Vec::new();
    let mut diagnostics = Diagnostics::default();
    let parsed = markdown::parse(&file, 0, Path::new("kapitel.md"), &HashSet::new(), markdown::Limits::default(), &mut blocks, &mut diagnostics);
    let _ = parsed.segments.len();
    let _ = validate(&blocks, Context::default(), &mut diagnostics);
    for diagnostic in diagnostics.iter() {
        let _ = diagnostic.to_string();
        let _ = diagnostic.to_json();
    }
});
