//! `budgetbook init`: a new book to start from, never written over anything.

use std::fs;
use std::path::{Path, PathBuf};

use super::Failure;
use crate::error::Error;

/// A new book in one language: its example chapter, strings and figures.
struct NewBook {
    /// The files that make the book: none may exist yet.
    book: [(&'static str, &'static str); 3],
    /// The author's guide to the folder, kept when the folder has a README.
    readme: &'static str,
}

const SWEDISH: NewBook = NewBook {
    book: [
        ("book.toml", include_str!("new_book/sv/book.toml")),
        ("content/SUMMARY.md", include_str!("new_book/sv/SUMMARY.md")),
        ("content/budget.md", include_str!("new_book/sv/budget.md")),
    ],
    readme: include_str!("new_book/sv/README.md"),
};

const ENGLISH: NewBook = NewBook {
    book: [
        ("book.toml", include_str!("new_book/en/book.toml")),
        ("content/SUMMARY.md", include_str!("new_book/en/SUMMARY.md")),
        ("content/budget.md", include_str!("new_book/en/budget.md")),
    ],
    readme: include_str!("new_book/en/README.md"),
};

/// The language of the new book: its example, UI strings and figures.
#[derive(Clone, Copy, clap::ValueEnum)]
enum BookLanguage {
    /// Swedish: "1 204,5", kronor
    Sv,
    /// English: "1,204.5", pounds
    En,
}

/// The line the new book needs in `.gitignore`; added to one that exists.
const IGNORE_SITE: &str = "book/";

#[derive(clap::Args)]
pub struct Args {
    /// Where to create the book (created if missing)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The book's language: its example chapter, UI strings and number style
    #[arg(long, value_enum, default_value_t = BookLanguage::Sv)]
    language: BookLanguage,
}

pub fn execute(args: Args, quiet: bool) -> Result<(), Failure> {
    let dir = &args.dir;
    let refuse = |reason: &str| Error::Destination {
        path: dir.clone(),
        action: "create a book in",
        reason: format!("{reason}; init never overwrites (give a new or empty folder)"),
    };
    if dir.join("book.toml").exists() {
        return Err(refuse("it already holds a book (book.toml)").into());
    }
    if dir.join("content").exists() {
        return Err(refuse("it already has a content/ folder").into());
    }
    let new_book = match args.language {
        BookLanguage::Sv => &SWEDISH,
        BookLanguage::En => &ENGLISH,
    };
    let mut kept = Vec::new();
    for (name, text) in new_book.book {
        write_new(&dir.join(name), text)?;
    }
    // Files a folder may already have (a repository's own README, say):
    // kept as they are when present.
    for (name, text) in [("README.md", new_book.readme), ("static/.gitkeep", "")] {
        let path = dir.join(name);
        let folder_exists = path.parent().is_some_and(|p| p != dir && p.exists());
        if path.exists() || (name.starts_with("static/") && folder_exists) {
            kept.push(name);
        } else {
            write_new(&path, text)?;
        }
    }
    let ignore_note = ignore_site(&dir.join(".gitignore"))?;
    if !quiet {
        for name in kept {
            eprintln!("kept the existing {name}");
        }
        if let Some(note) = ignore_note {
            eprintln!("{note}");
        }
        eprintln!(
            "created a new book in {}; next: `budgetbook serve {}`",
            dir.display(),
            dir.display()
        );
    }
    Ok(())
}

fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
    }
    fs::write(path, text).map_err(|e| Error::io("write", path, e))
}

/// Makes sure `.gitignore` leaves out the built site: a new file, or the
/// line added to an existing one that lacks it. Returns what it did to an
/// existing file.
fn ignore_site(path: &Path) -> Result<Option<String>, Error> {
    let existing = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            write_new(path, &format!("{IGNORE_SITE}\n"))?;
            return Ok(None);
        }
        Err(e) => return Err(Error::io("read", path, e)),
    };
    let ignored = existing
        .lines()
        .any(|line| matches!(line.trim(), "book" | "book/" | "/book" | "/book/"));
    if ignored {
        return Ok(None);
    }
    let separator = if existing.is_empty() || existing.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    fs::write(path, format!("{existing}{separator}{IGNORE_SITE}\n"))
        .map_err(|e| Error::io("write", path, e))?;
    Ok(Some(format!("added `{IGNORE_SITE}` to .gitignore")))
}
