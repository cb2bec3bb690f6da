//! The `budgetbook` command as a user runs it: exit codes, reports, and what
//! happens to the output directory.

use crate::common;

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
    common::copy_dir(&common::fixture("valid/minimal"), &book);
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
    let book = common::fixture("valid/minimal");
    let build = || {
        budgetbook(&[
            "build",
            book.to_str().unwrap(),
            "--dest",
            site.to_str().unwrap(),
        ])
    };
    assert_eq!(build().status.code(), Some(0));
    // A page of an earlier build that this one no longer makes.
    fs::write(site.join("stale.html"), "old").unwrap();
    let output = build();
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
    common::copy_dir(&common::fixture("valid/minimal"), &book);
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
    let entries: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut diagnostics = entries.as_array().unwrap().clone();
    // The diagnostics in file order, then the summary, the worst first.
    let summary = diagnostics.pop().unwrap();
    assert_eq!(summary["code"], "summary");
    assert_eq!(summary["severity"], "error");
    assert_eq!(
        (summary["errors"].clone(), summary["warnings"].clone()),
        (1.into(), 0.into())
    );
    let expected: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(book.join("expected.json")).unwrap()).unwrap();
    assert_eq!(serde_json::Value::from(diagnostics.clone()), expected);
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
    let entries: serde_json::Value = serde_json::from_slice(&valid.stdout).unwrap();
    let entries = entries.as_array().unwrap();
    assert_eq!(entries.len(), 3, "two warnings and the summary");
    let summary = &entries[2];
    assert_eq!(summary["code"], "summary");
    assert_eq!(summary["severity"], "warning");
    assert_eq!(summary["warnings"], 2);
    assert_eq!(summary["derived"], 1);
    assert_eq!(summary["checked"], 1);
    assert_eq!(
        summary["message"],
        "0 errors, 2 warnings, 0 notes; 1 of 1 derived figures checked"
    );
}

#[test]
fn check_and_build_end_with_how_many_derived_figures_were_checked_and_goals_met() {
    let book = common::fixture("valid/unchecked");
    let check = budgetbook(&["check", book.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0));
    let text = stderr(&check);
    // The coverage, then how the goals stand.
    assert!(
        text.trim_end().ends_with(
            "5 of 8 derived figures checked; 3 unchecked: a figure or column is missing\ngoals: 1 of 1 goal met in every year the figures decide"
        ),
        "{text}"
    );
    let json = budgetbook(&["check", "--format", "json", book.to_str().unwrap()]);
    let entries: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let coverage = entries.as_array().unwrap().last().unwrap().clone();
    assert_eq!(coverage["unchecked"], 3);
    assert_eq!(coverage["derived"], 8);

    let out = tempfile::tempdir().unwrap();
    let kept = common::fixture("valid/as-published");
    let build = budgetbook(&[
        "build",
        kept.to_str().unwrap(),
        "--dest",
        out.path().join("site").to_str().unwrap(),
    ]);
    assert_eq!(build.status.code(), Some(0));
    let text = stderr(&build);
    assert!(text.contains("(1 warning, 1 note)"), "{text}");
    assert!(
        text.trim_end()
            .ends_with("1 of 2 derived figures checked; 1 kept as published, with the reason"),
        "{text}"
    );
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
    assert_eq!(chapter, include_str!("../../src/cli/new_book/sv/budget.md"));
    let toml = fs::read_to_string(book.join("book.toml")).unwrap();
    assert!(toml.contains("language = \"sv\""), "{toml}");
}

#[test]
fn init_in_english_makes_an_english_book_that_builds() {
    let work = tempfile::tempdir().unwrap();
    let book = work.path().join("new-book");
    let output = budgetbook(&["init", "--language", "en", book.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let toml = fs::read_to_string(book.join("book.toml")).unwrap();
    assert!(toml.contains("language = \"en\""), "{toml}");
    let readme = fs::read_to_string(book.join("README.md")).unwrap();
    assert!(readme.contains("budgetbook serve"), "{readme}");
    assert!(readme.starts_with("# Your budget book"), "{readme}");

    let check = budgetbook(&["check", book.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("no errors, 0 warnings"),
        "{}",
        stderr(&check)
    );
    let build = budgetbook(&["build", book.to_str().unwrap()]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    // One block of every chart kind, as in the Swedish book.
    let chapter = fs::read_to_string(book.join("content/budget.md")).unwrap();
    for kind in [
        "waterfall",
        "bar",
        "stacked-bar",
        "grouped-bar",
        "line",
        "none",
    ] {
        assert!(chapter.contains(&format!("chart: {kind}\n")), "{kind}");
    }
    let charts = fs::read_dir(book.join("book/charts")).unwrap().count();
    assert_eq!(charts, 5);

    let page = fs::read_to_string(book.join("book/budget.html")).unwrap();
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("Skip to content"));
    // Figures written "1,204,500" and "(1,204.5)" read and shown as written.
    assert!(page.contains(">1,204,500</td>"), "{page}");
    assert!(page.contains(">(1,204.5)</td>"), "{page}");
    assert!(page.contains(">1.2%</td>"), "{page}");
}

#[test]
fn init_refuses_a_language_it_has_no_book_in() {
    let work = tempfile::tempdir().unwrap();
    let book = work.path().join("kirja");
    let output = budgetbook(&["init", "--language", "fi", book.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("possible values: sv, en"),
        "{}",
        stderr(&output)
    );
    assert!(!book.exists());
}

#[test]
fn init_joins_a_folder_that_already_has_a_repository() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    fs::write(dir.join(".gitignore"), "target/").unwrap();
    fs::write(dir.join("README.md"), "Our budget").unwrap();
    let output = budgetbook(&["init", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("kept the existing README.md"));
    assert!(stderr(&output).contains("added `book/` to .gitignore"));
    assert_eq!(
        fs::read_to_string(dir.join("README.md")).unwrap(),
        "Our budget"
    );
    assert_eq!(
        fs::read_to_string(dir.join(".gitignore")).unwrap(),
        "target/\nbook/\n"
    );
    assert!(dir.join("book.toml").is_file());
    let check = budgetbook(&["check", dir.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn clean_removes_the_built_site_and_nothing_else() {
    let work = tempfile::tempdir().unwrap();
    let book = work.path().join("book");
    common::copy_dir(&common::fixture("valid/minimal"), &book);
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

/// A book in `dir` with the given SUMMARY.md and chapters.
fn write_book(dir: &Path, summary: &str, chapters: &[(&str, &str)]) {
    fs::create_dir_all(dir.join("content")).unwrap();
    fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Bok\"\nlanguage = \"sv\"\n",
    )
    .unwrap();
    fs::write(dir.join("content/SUMMARY.md"), summary).unwrap();
    for (name, text) in chapters {
        fs::write(dir.join("content").join(name), text).unwrap();
    }
}

#[test]
fn thousands_of_identical_problems_give_a_bounded_report() {
    let work = tempfile::tempdir().unwrap();
    let summary = format!(
        "# Summary\n\n- [Kapitel](kapitel.md)\n{}",
        "- utan länk\n".repeat(5000)
    );
    write_book(work.path(), &summary, &[("kapitel.md", "# Kapitel\n")]);
    let dir = work.path().to_str().unwrap();

    for verb in ["check", "build"] {
        let output = budgetbook(&[verb, dir]);
        assert_eq!(output.status.code(), Some(1), "{verb}");
        let text = stderr(&output);
        assert!(
            output.stderr.len() < 20_000,
            "{verb}: {} bytes",
            output.stderr.len()
        );
        assert!(
            text.lines().count() < 300,
            "{verb}: {} lines",
            text.lines().count()
        );
        assert_eq!(text.matches("error[summary-item-without-link]").count(), 20);
        assert!(
            text.contains(
                "… and 4,980 more of this kind (`summary-item-without-link`) in content/SUMMARY.md"
            ),
            "{verb}: {text}"
        );
        assert!(text.contains("the book has 5000 errors"), "{verb}: {text}");
    }

    let output = budgetbook(&["check", "--format", "json", dir]);
    assert_eq!(output.status.code(), Some(1));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(list.len(), 22, "20 shown, the omitted, the summary");
    assert_eq!(list[21]["errors"], 5000);
    let omitted = &list[20];
    assert_eq!(omitted["code"], "omitted");
    assert_eq!(omitted["severity"], "error");
    assert_eq!(omitted["omitted_code"], "summary-item-without-link");
    assert_eq!(omitted["omitted_count"], 4980);
    assert_eq!(omitted["file"], "content/SUMMARY.md");
}

#[test]
fn a_long_source_line_is_cut_in_the_report() {
    let work = tempfile::tempdir().unwrap();
    // 100 kB on one line, with a wrong figure every 3 kB.
    let line: String = (0..34)
        .map(|_| format!("{}{{{{saknas.a}}}} ", "text ".repeat(600)))
        .collect();
    assert!(line.len() > 100_000);
    // And a message quoting 50 kB of the book.
    let long_name = format!("{{{{{}}}}}", "b".repeat(50_000));
    write_book(
        work.path(),
        "# Summary\n\n- [Kapitel](kapitel.md)\n",
        &[(
            "kapitel.md",
            &format!("# Kapitel\n\n{line}\n\n{long_name}\n"),
        )],
    );
    let output = budgetbook(&["check", work.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        output.stderr.len() < 40_000,
        "{} bytes",
        output.stderr.len()
    );
    let longest = text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 300, "a line of {longest} characters");
    assert!(
        text.contains("error[unknown-block]: unknown block `saknas`"),
        "{text}"
    );
    assert!(text.contains("content/kapitel.md:3:3001"), "{text}");
    assert!(text.contains("… and 14 more of this kind"), "{text}");
    assert!(text.contains("content/kapitel.md:5:1"), "{text}");
}

#[test]
fn control_characters_in_a_book_are_shown_escaped() {
    let book = common::fixture("invalid/control-characters");
    let output = budgetbook(&["check", book.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    let raw: Vec<char> = text
        .chars()
        .filter(|&c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
        .collect();
    assert!(raw.is_empty(), "raw control characters {raw:?} in {text}");
    assert!(
        text.contains("no column `Budget\\u{1b}[31m 2026\\u{1b}[0m`"),
        "{text}"
    );
    assert!(text.contains("Summan är {{t.a[Budget\\u{1b}[31m"), "{text}");
    assert!(text.contains("\\u{9b}2J\\u{202e}B"), "{text}");
}

#[test]
fn check_in_json_reports_failures_that_are_not_about_the_book() {
    let empty = tempfile::tempdir().unwrap();
    let output = budgetbook(&["check", "--format", "json", empty.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(list[0]["severity"], "error");
    assert_eq!(list[0]["code"], "not-a-book");
    assert!(list[0]["message"]
        .as_str()
        .unwrap()
        .contains("has no book.toml"));
    assert!(list[0]["help"].is_string());

    // A template that cannot be read as text.
    let work = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture("valid/minimal"), work.path());
    fs::create_dir_all(work.path().join("templates")).unwrap();
    fs::write(work.path().join("templates/page.html"), b"\xff\xfe").unwrap();
    let output = budgetbook(&["check", "--format", "json", work.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(list[0]["code"], "io");
    assert!(
        list[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("templates/page.html"),
        "{list}"
    );
}

#[cfg(unix)]
#[test]
fn a_listed_directory_or_symbolic_link_loop_is_named_for_what_it_is() {
    let work = tempfile::tempdir().unwrap();
    write_book(
        work.path(),
        "# Summary\n\n- [Kapitel](kapitel.md)\n- [Bilagor](bilagor)\n- [Slinga](slinga.md)\n",
        &[("kapitel.md", "# Kapitel\n")],
    );
    fs::create_dir(work.path().join("content/bilagor")).unwrap();
    std::os::unix::fs::symlink("slinga.md", work.path().join("content/slinga.md")).unwrap();
    let output = budgetbook(&["check", "--format", "json", work.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<_> = list
        .iter()
        .filter(|d| d["code"] != "summary")
        .map(|d| {
            format!(
                "{}:{}:{} {}: {}",
                d["file"].as_str().unwrap_or(""),
                d["line"],
                d["column"],
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "content/SUMMARY.md:4:3 summary-not-a-file: SUMMARY.md links to `bilagor`, which is a directory, not a chapter file",
            "content/SUMMARY.md:5:3 summary-not-a-file: SUMMARY.md links to `slinga.md`, which is a symbolic link that leads in a loop",
        ]
    );
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
    assert!(text.contains("the book has 17 errors"), "{text}");
    assert!(
        text.contains("move it up a level"),
        "the report says what to do"
    );
}

#[test]
fn ten_thousand_problems_in_one_file_are_reported_at_once_the_first_with_their_lines() {
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
    assert!(text.contains("the book has 10000 errors"), "{text}");
    assert!(text.contains("╭─[content/SUMMARY.md:20:1]"), "{text}");
    assert!(text.contains(" 19 │ - Kapitel 18\n"), "{text}");
    assert!(
        text.contains(
            "… and 9,980 more of this kind (`summary-item-without-link`) in content/SUMMARY.md"
        ),
        "{text}"
    );
}

#[test]
fn check_explains_how_a_derived_figure_was_computed() {
    let book = common::fixture("invalid/likely-wrong-figure");
    let output = budgetbook(&[
        "check",
        book.to_str().unwrap(),
        "--explain",
        "ombytt.summa[2026]",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("`ombytt.summa`, column \"2026\" (a sum)\n"),
        "{text}"
    );
    assert!(text.contains("  + kulturnamnden"), "{text}");
    assert!(text.contains("4832   content/kapitel.md:10:56"), "{text}");
    assert!(
        text.contains("computed                                     9032"),
        "{text}"
    );
    assert!(text.contains("differs: an error"), "{text}");
    let unknown = budgetbook(&["check", book.to_str().unwrap(), "--explain", "ombytt.skola"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("`ombytt.skola` is stated, not computed"));
}

#[test]
fn check_explains_how_a_goal_is_decided() {
    let book = common::fixture("valid/analysis");
    let output = budgetbook(&[
        "check",
        book.to_str().unwrap(),
        "--explain",
        "mal.resultatmal[Plan 2027]",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        text,
        "`mal.resultatmal`, column \"Plan 2027\" (goal `resultat.andel >= 3`)\n  resultat.andel                                2.9   content/analys.md:35:19\n  left                                          2.9\n  right                                           3\n  verdict                          not met\n\n"
    );
    let undecided = budgetbook(&["check", book.to_str().unwrap(), "--explain", "mal.koncern"]);
    assert!(String::from_utf8_lossy(&undecided.stdout).contains("not decided by the figures"));
    // `check` itself says which goals are not met.
    let check = budgetbook(&["check", book.to_str().unwrap()]);
    assert!(stderr(&check).trim_end().ends_with(
        "goals: 0 of 2 goals met in every year the figures decide; not met: mal.resultatmal, mal.kostnadsokning"
    ));
}

/// Problems found out of order (the redirects are read in the order of
/// their old paths) are listed in file order, on the terminal and in JSON.
#[test]
fn check_lists_problems_in_file_order() {
    let book = common::fixture("invalid/redirect-loop");
    let output = budgetbook(&["check", "--format", "json", book.to_str().unwrap()]);
    let entries: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let lines: Vec<(String, u64)> = entries
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["code"] != "summary")
        .map(|e| {
            (
                e["code"].as_str().unwrap().to_string(),
                e["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("redirect-loop".to_string(), 6),
            ("broken-link".to_string(), 7)
        ]
    );
    let output = budgetbook(&["check", book.to_str().unwrap()]);
    let text = stderr(&output);
    let loop_at = text.find("redirect-loop").unwrap();
    assert!(loop_at < text.find("broken-link").unwrap(), "{text}");
}

/// `check` reads the drafts too, so a link to one works there; it still
/// says that the link goes once the book is published without them.
#[test]
fn check_warns_of_a_link_that_publishing_without_drafts_leaves_out() {
    let book = common::fixture("valid/published");
    let check = budgetbook(&["check", book.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0));
    let text = stderr(&check);
    assert!(
        text.contains("warning[link-to-draft]: `utkast.md#siffror` links to a draft: the link is left out when the site is built without drafts"),
        "{text}"
    );
}

/// `--quiet` prints only errors, also when the book has warnings besides.
#[test]
fn quiet_prints_only_the_errors() {
    let work = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture("valid/unchecked"), work.path());
    let chapter = work.path().join("content/kapitel.md");
    let text = fs::read_to_string(&chapter).unwrap();
    fs::write(
        &chapter,
        text.replace("values: [100, 110]", "values: [100, 11O]"),
    )
    .unwrap();
    let check = budgetbook(&["-q", "check", work.path().to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1));
    let text = stderr(&check);
    assert!(text.contains("error[not-a-number]"), "{text}");
    assert!(!text.contains("warning["), "{text}");
}

/// A build says when the site does not know its own address, which
/// journalists' citations and link previews need.
#[test]
fn build_notes_a_site_without_its_address() {
    let out = tempfile::tempdir().unwrap();
    let note = "set [site] base-url in book.toml";
    for (book, says) in [("valid/minimal", true), ("valid/published", false)] {
        let dest = out.path().join(book.replace('/', "-"));
        let build = budgetbook(&[
            "build",
            common::fixture(book).to_str().unwrap(),
            "--dest",
            dest.to_str().unwrap(),
        ]);
        assert_eq!(build.status.code(), Some(0));
        assert_eq!(stderr(&build).contains(note), says, "{book}");
    }
}

/// `check` reads the drafts, but fails as the build does where a published
/// page or book.toml names a block of a draft the site leaves out.
#[test]
fn check_fails_where_the_published_book_names_a_drafts_block() {
    let book = common::fixture("invalid/block-in-draft");
    let check = budgetbook(&["check", book.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1));
    let text = stderr(&check);
    assert!(
        text.contains("error[block-in-draft]: `mtfs` is a block of mtfs.md, a draft that the published site leaves out"),
        "{text}"
    );
}
