//! Destinations as a user could mistype them: no path given to `build` or
//! `clean` may cost the author anything. Each case runs the command and
//! then checks that the book and its neighbours are exactly as they were.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A book named `mybook` in a fresh folder, beside a folder of the
/// author's other work.
struct Workspace {
    _dir: tempfile::TempDir,
    base: PathBuf,
    book: PathBuf,
    neighbour: PathBuf,
}

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(dir.path()).unwrap();
        let book = base.join("mybook");
        for (relative, contents) in common::read_tree(&common::fixture("valid/minimal")) {
            let target = book.join(relative);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::write(target, contents).unwrap();
        }
        fs::create_dir_all(book.join("static")).unwrap();
        fs::write(book.join("static/logo.txt"), "logo").unwrap();
        let neighbour = base.join("letters");
        fs::create_dir_all(&neighbour).unwrap();
        fs::write(neighbour.join("letter.txt"), "Dear council").unwrap();
        Workspace {
            _dir: dir,
            base,
            book,
            neighbour,
        }
    }

    fn set_build_dir(&self, build_dir: &str) {
        let path = self.book.join("book.toml");
        let text = fs::read_to_string(&path).unwrap();
        fs::write(
            path,
            format!("{text}\n[build]\nbuild-dir = {build_dir:?}\n"),
        )
        .unwrap();
    }

    /// Everything in the folder, to compare before and after.
    fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        common::read_tree(&self.base)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_budgetbook"))
            .args(args)
            .current_dir(&self.base)
            // The home directory is a folder of the test's own.
            .env("HOME", self.base.join("home"))
            .output()
            .unwrap()
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `args` in a new workspace prepared by `prepare`; the command must
/// be refused with `expected` in its message and change nothing at all.
fn refused(prepare: impl Fn(&Workspace), args: &[&str], expected: &str) {
    let work = Workspace::new();
    fs::create_dir_all(work.base.join("home")).unwrap();
    prepare(&work);
    let before = work.snapshot();
    let output = work.run(args);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{args:?}: {}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains(expected),
        "{args:?}: expected {expected:?} in\n{}",
        stderr(&output)
    );
    assert!(work.snapshot() == before, "{args:?} changed the folder");
    assert!(
        no_staging_directories(&work.base),
        "{args:?} left a staging directory"
    );
}

fn no_staging_directories(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .all(|e| !e.file_name().to_string_lossy().contains(".new-"))
}

#[test]
fn a_destination_that_comes_back_to_the_book_is_refused() {
    refused(
        |_| {},
        &["build", "mybook", "--dest", "mybook/../mybook"],
        "it is the book's own directory",
    );
    // The swap used to fail here and leave its staging directory behind.
    refused(
        |_| {},
        &["build", "mybook", "--dest", "mybook/x/.."],
        "it is the book's own directory",
    );
    refused(
        |w| w.set_build_dir("../mybook"),
        &["build", "mybook"],
        "it is the book's own directory",
    );
}

#[test]
fn a_destination_holding_the_book_is_refused() {
    refused(
        |_| {},
        &["build", "mybook", "--dest", "."],
        "it holds the book",
    );
    refused(
        |w| w.set_build_dir("../.."),
        &["clean", "mybook"],
        "it holds the book",
    );
    refused(
        |_| {},
        &["clean", "mybook", "--dest", "mybook/content/../.."],
        "it holds the book",
    );
    refused(
        |_| {},
        &["build", "mybook", "--dest", "/"],
        "it is the root directory",
    );
}

#[test]
fn the_books_sources_are_refused() {
    for dest in [
        "mybook/content",
        "mybook/content/site",
        "mybook/static",
        "mybook/templates/x",
        "mybook/book.toml",
        "mybook/sub/../content",
    ] {
        refused(
            |_| {},
            &["build", "mybook", "--dest", dest],
            "the book's sources",
        );
    }
    refused(
        |_| {},
        &["clean", "mybook", "--dest", "mybook/static"],
        "the book's sources",
    );
}

#[test]
fn the_home_directory_is_refused() {
    refused(
        |_| {},
        &["build", "mybook", "--dest", "home"],
        "it is the home directory",
    );
    refused(
        |w| w.set_build_dir("../home"),
        &["clean", "mybook"],
        "it is the home directory",
    );
}

#[test]
fn a_directory_budgetbook_did_not_write_is_neither_replaced_nor_removed() {
    refused(
        |w| w.set_build_dir(w.neighbour.to_str().unwrap()),
        &["build", "mybook"],
        "it is not a site that budgetbook built (it has no .budgetbook-site file) and it holds `letter.txt`",
    );
    refused(
        |_| {},
        &["build", "mybook", "--dest", "letters"],
        "holds `letter.txt`",
    );
    refused(
        |_| {},
        &["clean", "mybook", "--dest", "mybook/sub/../../letters"],
        "holds `letter.txt`",
    );
    refused(
        |w| w.set_build_dir("../letters"),
        &["clean", "mybook"],
        "holds `letter.txt`",
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_as_destination_is_refused() {
    refused(
        |w| std::os::unix::fs::symlink(&w.book, w.base.join("site")).unwrap(),
        &["build", "mybook", "--dest", "site"],
        "it is a symbolic link",
    );
    refused(
        |w| std::os::unix::fs::symlink(w.base.join("elsewhere"), w.base.join("site")).unwrap(),
        &["build", "mybook", "--dest", "site"],
        "it is a symbolic link",
    );
    // `link/..` is the parent of the link's target, as the system reads it.
    refused(
        |w| std::os::unix::fs::symlink(w.book.join("content"), w.base.join("link")).unwrap(),
        &["build", "mybook", "--dest", "link/../static"],
        "the book's sources",
    );
}

#[test]
fn an_empty_directory_or_an_earlier_site_is_replaced_and_cleaned() {
    let work = Workspace::new();
    fs::create_dir_all(work.base.join("site")).unwrap();
    let built = work.run(&["build", "mybook", "--dest", "site"]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    assert!(work.base.join("site/index.html").is_file());
    assert!(work.base.join("site/.budgetbook-site").is_file());

    // A site already there is replaced, through a path with `..` too.
    let again = work.run(&["build", "mybook", "--dest", "mybook/../site"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(no_staging_directories(&work.base));

    let cleaned = work.run(&["clean", "mybook", "--dest", "letters/../site"]);
    assert_eq!(cleaned.status.code(), Some(0), "{}", stderr(&cleaned));
    assert!(!work.base.join("site").exists());
    assert!(work.neighbour.join("letter.txt").is_file());
    assert!(work.book.join("book.toml").is_file());

    // The default build-dir inside the book, built twice and cleaned.
    for _ in 0..2 {
        let built = work.run(&["build", "mybook"]);
        assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    }
    let cleaned = work.run(&["clean", "mybook"]);
    assert_eq!(cleaned.status.code(), Some(0), "{}", stderr(&cleaned));
    assert!(!work.book.join("book").exists());
    assert!(work.book.join("content").is_dir());
}
