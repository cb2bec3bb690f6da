//! Edit-to-reload time of `budgetbook serve`: `cargo bench --bench reload`.
//! Starts the server on the default book and on a generated 1,000-chapter
//! book, changes one chapter, and times until the server serves the change.

#[path = "../examples/gen_corpus/corpus.rs"]
mod corpus;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn get(address: &str, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(address) else {
        return String::new();
    };
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    );
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let relative = entry.path().strip_prefix(from).unwrap();
        if relative.starts_with("target")
            || relative.starts_with("book")
            || relative.starts_with(".git")
            || relative.starts_with("tests")
        {
            continue;
        }
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Median edit-to-served time over `rounds` edits of `chapter` (a file
/// under content/), fetched as `page`; `flags` go to `serve`.
fn measure(book: &Path, chapter: &str, page: &str, rounds: usize, flags: &[&str]) -> Duration {
    let mut child = Command::new(env!("CARGO_BIN_EXE_budgetbook"))
        .args(["serve", book.to_str().unwrap(), "--port", "0", "-q"])
        .args(flags)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let address = loop {
        let line = lines.next().unwrap().unwrap();
        if let Some(rest) = line.strip_prefix("serving http://") {
            break rest
                .trim_end_matches(|c: char| c != '/' && !c.is_ascii_digit())
                .trim_end_matches('/')
                .split(' ')
                .next()
                .unwrap()
                .to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let file = book.join("content").join(chapter);
    let original = std::fs::read_to_string(&file).unwrap();
    let mut times = Vec::new();
    for round in 0..rounds {
        let marker = format!("Ändring nummer {round} av texten.");
        std::fs::write(&file, format!("{original}\n{marker}\n")).unwrap();
        let started = Instant::now();
        while !get(&address, page).contains(&marker) {
            assert!(started.elapsed() < Duration::from_secs(60), "no reload");
            std::thread::sleep(Duration::from_millis(5));
        }
        times.push(started.elapsed());
        // Idle again: the rest of the book is rendered after the edited page.
        std::thread::sleep(Duration::from_millis(1000));
    }
    let _ = child.kill();
    let _ = child.wait();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let work = tempfile::tempdir().unwrap();
    let default_book = work.path().join("default");
    copy_tree(Path::new(env!("CARGO_MANIFEST_DIR")), &default_book);
    let time = measure(
        &default_book,
        "03-budgetramar.md",
        "/03-budgetramar.html",
        9,
        &[],
    );
    println!(
        "default book: edit to reload {} ms (median of 9; includes up to 10 ms of debounce)",
        time.as_millis()
    );

    let big = work.path().join("big");
    corpus::write_book(&big, 1000, 1, false).unwrap();
    for flags in [&[][..], &["--no-search"][..]] {
        let time = measure(&big, "kapitel-00500.md", "/kapitel-00500.html", 7, flags);
        println!(
            "1,000-chapter book{}: edit to reload {} ms (median of 7; includes up to 10 ms of debounce)",
            if flags.is_empty() { "" } else { ", --no-search" },
            time.as_millis()
        );
    }
}
