//! Fixture books: one folder per case under `tests/fixtures/valid` and
//! `tests/fixtures/invalid`, each with an `expected.txt` listing the exact
//! diagnostics (`file:line:column: severity[code]: message`), one per line.
//!
//! After a reviewed change of messages, regenerate the files with
//! `BUDGETBOOK_BLESS=1 cargo test --test integration fixture_books::` and read the diff.

use crate::common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use budgetbook::{BuildOptions, Error};

fn cases(kind: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(common::fixture(kind))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// `actual` against the reviewed file at `path`, or written there when
/// blessing.
fn compare_file(path: &Path, actual: &str) -> Result<(), String> {
    if std::env::var_os("BUDGETBOOK_BLESS").is_some() {
        fs::write(path, actual).unwrap();
        return Ok(());
    }
    let expected = fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        Ok(())
    } else {
        Err(format!(
            "{}:\n--- expected\n{expected}--- actual\n{actual}",
            path.display()
        ))
    }
}

/// The diagnostics, one per line, against `expected.txt`.
fn compare_with_expected(dir: &Path, actual: &[String]) -> Result<(), String> {
    let text: String = actual.iter().map(|l| format!("{l}\n")).collect();
    compare_file(&dir.join("expected.txt"), &text)
}

/// The machine-readable diagnostics (`check --format json`) against
/// `expected.json`.
fn compare_json_with_expected(
    dir: &Path,
    diagnostics: &[budgetbook::diagnostic::Diagnostic],
) -> Result<(), String> {
    let list: Vec<_> = diagnostics.iter().map(|d| d.to_json()).collect();
    let text = serde_json::to_string_pretty(&list).unwrap() + "\n";
    compare_file(&dir.join("expected.json"), &text)
}

#[test]
fn every_invalid_book_reports_exactly_its_errors() {
    let mut failures = Vec::new();
    let mut codes = BTreeSet::new();
    for dir in cases("invalid") {
        let lines = match budgetbook::site::check_before_publishing(&dir) {
            Err(Error::Invalid { diagnostics }) => {
                assert!(
                    diagnostics.iter().any(|d| d.is_error()),
                    "{}",
                    dir.display()
                );
                codes.extend(diagnostics.iter().map(|d| d.problem.code()));
                if let Err(diff) = compare_json_with_expected(&dir, &diagnostics) {
                    failures.push(diff);
                }
                diagnostics
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
            }
            Err(other) => vec![format!("unexpected failure: {other}")],
            Ok(_) => vec!["no errors".to_string()],
        };
        if let Err(diff) = compare_with_expected(&dir, &lines) {
            failures.push(diff);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    assert_every_code_has_a_book(&codes);
}

/// Every code `Problem::code` can give, read from its source so that the
/// list cannot fall behind the enum.
fn problem_codes() -> BTreeSet<String> {
    let source = include_str!("../../src/diagnostic/problem.rs");
    let start = source.find("pub fn code(&self)").expect("Problem::code");
    let body = &source[start..];
    let end = body.find("\n    }\n").expect("end of Problem::code");
    body[..end]
        .lines()
        .filter_map(|line| line.split_once("=> \"").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split_once('"').map(|(code, _)| code.to_string()))
        .collect()
}

/// The codes the invalid books report, with those of the valid books'
/// warnings, must cover every code there is.
fn assert_every_code_has_a_book(invalid_codes: &BTreeSet<&'static str>) {
    let mut covered: BTreeSet<String> = invalid_codes.iter().map(|c| c.to_string()).collect();
    for dir in cases("valid") {
        let expected = fs::read_to_string(dir.join("expected.txt")).unwrap_or_default();
        covered.extend(expected.lines().filter_map(|line| {
            let (_, rest) = line.split_once('[')?;
            rest.split_once(']').map(|(code, _)| code.to_string())
        }));
    }
    let all = problem_codes();
    assert!(
        all.len() > 40,
        "read {} codes from Problem::code",
        all.len()
    );
    let missing: Vec<&String> = all.difference(&covered).collect();
    assert!(missing.is_empty(), "no fixture book reports {missing:?}");
}

#[test]
fn every_valid_book_builds_with_exactly_its_warnings() {
    let mut failures = Vec::new();
    for dir in cases("valid") {
        let out = tempfile::tempdir().unwrap();
        let options = BuildOptions {
            destination: Some(out.path().join("site")),
            ..BuildOptions::default()
        };
        let lines = match budgetbook::build(&dir, &options) {
            Ok(report) => {
                assert!(out.path().join("site/index.html").is_file());
                let broken = common::broken_links(&out.path().join("site"));
                assert!(broken.is_empty(), "{}: {broken:?}", dir.display());
                report.warnings.iter().map(ToString::to_string).collect()
            }
            Err(Error::Invalid { diagnostics }) => {
                diagnostics.iter().map(ToString::to_string).collect()
            }
            Err(other) => vec![format!("unexpected failure: {other}")],
        };
        if let Err(diff) = compare_with_expected(&dir, &lines) {
            failures.push(diff);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_english_book_gets_english_numbers_and_strings() {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        destination: Some(out.path().join("site")),
        ..BuildOptions::default()
    };
    budgetbook::build(&common::fixture("valid/english"), &options).unwrap();
    let html = fs::read_to_string(out.path().join("site/budget.html")).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains(">1,017,829.5</td>"), "{html}");
    assert!(html.contains(">-3,058</td>"));
    assert!(html.contains(">100.3%</td>"));
    assert!(html.contains("Skip to content"));
    assert!(html.contains("Schools&#39; share"));
}
