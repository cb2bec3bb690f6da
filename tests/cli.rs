//! The `budgetbook` command as a user runs it: exit codes, reports, and what
//! happens to the output directory.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn budgetbook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_budgetbook"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    for (relative, contents) in common::read_tree(from) {
        let target = to.join(relative);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, contents).unwrap();
    }
}

#[test]
fn check_exits_0_on_a_valid_book_with_warnings() {
    let book = common::fixture("valid/rounding-and-orphan");
    let output = budgetbook(&["check", book.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("warning[rounding]"));
}

#[test]
fn check_exits_1_with_a_located_report_and_caret() {
    let book = common::fixture("invalid/unknown-row");
    let output = budgetbook(&["check", book.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("error[unknown-row]: unknown row `skatteintakt` in block `t`"),
        "{text}"
    );
    assert!(text.contains("content/kapitel.md:13:14"), "{text}");
    assert!(
        text.contains("13 │     formula: skatteintakt * 1"),
        "{text}"
    );
    assert!(text.contains("────────────"), "{text}");
    assert!(text.contains("did you mean `skatteintakter`?"), "{text}");
}

#[test]
fn usage_and_io_failures_exit_2() {
    assert_eq!(
        budgetbook(&["build", "--no-such-flag"]).status.code(),
        Some(2)
    );
    let empty = tempfile::tempdir().unwrap();
    let output = budgetbook(&["check", empty.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("has no book.toml"));
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let work = tempfile::tempdir().unwrap();
    let book = work.path().join("book");
    copy_dir(&common::fixture("valid/minimal"), &book);
    let site = work.path().join("site");
    let site_arg = site.to_str().unwrap();

    let first = budgetbook(&["build", book.to_str().unwrap(), "--dest", site_arg]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before = common::read_tree(&site);
    assert!(before.len() > 2);

    // Break a figure: the build must fail and change nothing.
    let chapter = book.join("content/kapitel.md");
    let text = fs::read_to_string(&chapter).unwrap();
    fs::write(
        &chapter,
        text.replace("values: [1.5, 998]", "values: [9.5, 998]"),
    )
    .unwrap();
    let second = budgetbook(&["build", book.to_str().unwrap(), "--dest", site_arg]);
    assert_eq!(second.status.code(), Some(1));
    assert_eq!(common::read_tree(&site), before);

    // Nothing is left beside it either.
    let leftovers: Vec<_> = fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_successful_build_replaces_the_old_site_entirely() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    fs::create_dir_all(&site).unwrap();
    fs::write(site.join("stale.html"), "old").unwrap();
    let book = common::fixture("valid/minimal");
    let output = budgetbook(&[
        "build",
        book.to_str().unwrap(),
        "--dest",
        site.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!site.join("stale.html").exists());
    assert!(site.join("kapitel.html").is_file());
}

#[test]
fn two_builds_are_byte_identical() {
    let work = tempfile::tempdir().unwrap();
    let book = common::default_book();
    let (a, b) = (work.path().join("a"), work.path().join("b"));
    for dest in [&a, &b] {
        let output = budgetbook(&[
            "build",
            book.to_str().unwrap(),
            "--dest",
            dest.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let (tree_a, tree_b) = (common::read_tree(&a), common::read_tree(&b));
    assert!(tree_a.len() > 10);
    assert!(tree_a == tree_b, "the two builds differ");
}

#[test]
fn refuses_to_overwrite_the_book_itself() {
    let work = tempfile::tempdir().unwrap();
    let book = work.path().join("book");
    copy_dir(&common::fixture("valid/minimal"), &book);
    for dest in [book.clone(), book.join("content"), "/".into()] {
        let output = budgetbook(&[
            "build",
            book.to_str().unwrap(),
            "--dest",
            dest.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(2), "{}", dest.display());
        assert!(stderr(&output).contains("refusing to write the site"));
    }
    assert!(book.join("content/kapitel.md").is_file());
}

#[test]
fn check_can_report_in_json_for_editors() {
    let book = common::fixture("invalid/unknown-row");
    let output = budgetbook(&["check", "--format", "json", book.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let diagnostics: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(book.join("expected.json")).unwrap()).unwrap();
    assert_eq!(diagnostics, expected);
    assert_eq!(diagnostics[0]["file"], "content/kapitel.md");
    assert_eq!(diagnostics[0]["line"], 13);
    assert_eq!(diagnostics[0]["column"], 14);
    assert_eq!(diagnostics[0]["severity"], "error");
    assert_eq!(diagnostics[0]["code"], "unknown-row");
    assert_eq!(diagnostics[0]["help"], "did you mean `skatteintakter`?");

    let valid = budgetbook(&[
        "check",
        "--format",
        "json",
        common::fixture("valid/rounding-and-orphan")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(valid.status.code(), Some(0));
    let warnings: serde_json::Value = serde_json::from_slice(&valid.stdout).unwrap();
    assert_eq!(warnings.as_array().unwrap().len(), 2);
}

#[test]
fn init_makes_a_book_that_builds_and_refuses_to_overwrite_one() {
    let work = tempfile::tempdir().unwrap();
    let book = work.path().join("ny-bok");
    let output = budgetbook(&["init", book.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for file in [
        "book.toml",
        "content/SUMMARY.md",
        "content/budget.md",
        "README.md",
    ] {
        assert!(book.join(file).is_file(), "{file}");
    }
    let check = budgetbook(&["check", book.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("no errors, 0 warnings"),
        "{}",
        stderr(&check)
    );
    let build = budgetbook(&["build", book.to_str().unwrap()]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    for chart in [
        "resultatbudget",
        "driftbudget",
        "investeringar",
        "intakter",
        "befolkning",
    ] {
        assert!(
            book.join(format!("book/charts/{chart}.svg")).is_file(),
            "{chart}"
        );
    }

    let chapter = fs::read_to_string(book.join("content/budget.md")).unwrap();
    fs::write(book.join("content/budget.md"), "changed").unwrap();
    let again = budgetbook(&["init", book.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("init never overwrites"));
    assert_eq!(
        fs::read_to_string(book.join("content/budget.md")).unwrap(),
        "changed"
    );
    assert_ne!(chapter, "changed");
}

#[test]
fn clean_removes_the_built_site_and_nothing_else() {
    let work = tempfile::tempdir().unwrap();
    let book = work.path().join("book");
    copy_dir(&common::fixture("valid/minimal"), &book);
    assert_eq!(
        budgetbook(&["build", book.to_str().unwrap()]).status.code(),
        Some(0)
    );
    assert!(book.join("book/index.html").is_file());
    let output = budgetbook(&["clean", book.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert!(!book.join("book").exists());
    assert!(book.join("content/kapitel.md").is_file());
    let refused = budgetbook(&[
        "clean",
        book.to_str().unwrap(),
        "--dest",
        book.join("content").to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(book.join("content/kapitel.md").is_file());
}

#[test]
fn quiet_prints_nothing_on_success() {
    let book = common::fixture("valid/rounding-and-orphan");
    let out = tempfile::tempdir().unwrap();
    let output = budgetbook(&[
        "build",
        "-q",
        book.to_str().unwrap(),
        "--dest",
        out.path().join("s").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "");
    let loud = budgetbook(&[
        "build",
        book.to_str().unwrap(),
        "--dest",
        out.path().join("t").to_str().unwrap(),
    ]);
    assert!(stderr(&loud).contains("built 5 pages"), "{}", stderr(&loud));
}

#[test]
fn a_summary_ten_thousand_levels_deep_is_reported_at_once() {
    let work = tempfile::tempdir().unwrap();
    let book = work.path().to_path_buf();
    fs::create_dir_all(book.join("content")).unwrap();
    fs::write(book.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
    // Nested lists on one line: 10,000 levels in 20 kB.
    let summary = format!("{}Kapitel\n", "- ".repeat(10_000));
    fs::write(book.join("content/SUMMARY.md"), summary).unwrap();
    let path = book.to_str().unwrap().to_string();
    let output = common::without_hanging(60, move || budgetbook(&["check", &path]));
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("error[summary-too-deep]: this item is nested more than 16 levels deep"),
        "{text}"
    );
    assert!(text.contains("content/SUMMARY.md:1:33"), "{text}");
    assert!(text.contains("the book has 17 error(s)"), "{text}");
    assert!(
        text.contains("move it up a level"),
        "the report says what to do"
    );
}

#[test]
fn ten_thousand_problems_in_one_file_are_each_shown_with_their_lines() {
    let work = tempfile::tempdir().unwrap();
    let book = work.path().to_path_buf();
    fs::create_dir_all(book.join("content")).unwrap();
    fs::write(book.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
    let summary: String = (0..10_000).map(|i| format!("- Kapitel {i}\n")).collect();
    fs::write(book.join("content/SUMMARY.md"), summary).unwrap();
    let path = book.to_str().unwrap().to_string();
    let output = common::without_hanging(30, move || budgetbook(&["check", &path]));
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("the book has 10000 error(s)"), "{text}");
    assert!(text.contains("╭─[content/SUMMARY.md:10000:1]"), "{text}");
    assert!(text.contains(" 9999 │ - Kapitel 9998\n"), "{text}");
}
