//! Inputs the fuzzers found crashes with (`fuzz/`), kept as regression
//! tests: each must give diagnostics or a site, never a panic.

use crate::common;

#[test]
fn every_crash_the_fuzzers_found_is_handled() {
    let dir = common::fixture("fuzz");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let diagnostics = common::parse_and_validate(&text);
        for diagnostic in diagnostics.iter() {
            let _ = diagnostic.to_string();
            let _ = diagnostic.to_json();
        }
        count += 1;
    }
    assert!(count > 0);
}
