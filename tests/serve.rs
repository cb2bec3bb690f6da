//! `budgetbook serve`: a live preview that follows the author's edits and
//! serves nothing but the site.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    address: String,
    /// Everything the server printed so far.
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    fn rebuilds(&self) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.starts_with("rebuilt in"))
            .count()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(book: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_budgetbook"))
        .args(["serve", book.to_str().unwrap(), "--port", "0"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let thread_log = std::sync::Arc::clone(&log);
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("serving http://") {
                let _ = sender.send(rest.split('/').next().unwrap_or_default().to_string());
            }
            thread_log.lock().unwrap().push(line);
        }
    });
    let address = receiver
        .recv_timeout(Duration::from_secs(30))
        .expect("the server starts");
    Server {
        child,
        address,
        log,
    }
}

/// A raw HTTP/1.1 GET, so that the path reaches the server unnormalised.
fn get(address: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

fn copy_book(to: &Path) {
    copy_fixture("valid/minimal", to);
}

fn copy_fixture(name: &str, to: &Path) {
    for (relative, contents) in common::read_tree(&common::fixture(name)) {
        let target = to.join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, contents).unwrap();
    }
}

#[test]
fn serves_the_site_and_follows_edits_within_two_seconds() {
    let work = tempfile::tempdir().unwrap();
    copy_book(work.path());
    let server = serve(work.path());

    let (status, page) = get(&server.address, "/kapitel.html");
    assert_eq!(status, 200);
    assert!(
        page.contains("content-type: text/html; charset=utf-8"),
        "{page}"
    );
    assert!(page.contains("<script src=\"/__budgetbook/live.js\"></script>"));
    // The preview has search, as the published site does.
    let (status, index) = get(&server.address, "/search/index.json");
    assert_eq!(status, 200);
    assert!(index.contains("content-type: application/json"), "{index}");
    assert!(index.contains("\"chunks\":"), "{index}");

    let chapter = work.path().join("content/kapitel.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, text.replace("Text.", "Nyskriven mening.")).unwrap();
    let edited = Instant::now();
    loop {
        let (_, page) = get(&server.address, "/kapitel.html");
        if page.contains("Nyskriven mening.") {
            break;
        }
        assert!(
            edited.elapsed() < Duration::from_secs(2),
            "the edit was not served within 2 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // A broken figure: the last good page, under an overlay naming the problem.
    std::fs::write(
        &chapter,
        text.replace("values: [1.5, 998]", "values: [9.5, 998]"),
    )
    .unwrap();
    let broken = Instant::now();
    loop {
        let (_, page) = get(&server.address, "/kapitel.html");
        if page.contains("budgetbook-errors") {
            assert!(page.contains("content/kapitel.md:16:14"), "{page}");
            assert!(page.contains("values: [9.5, 998]"));
            break;
        }
        assert!(
            broken.elapsed() < Duration::from_secs(2),
            "no error overlay within 2 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::write(&chapter, &text).unwrap();
    let fixed = Instant::now();
    while get(&server.address, "/kapitel.html")
        .1
        .contains("budgetbook-errors")
    {
        assert!(
            fixed.elapsed() < Duration::from_secs(2),
            "the overlay stays after the fix"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serves_nothing_outside_the_site() {
    let work = tempfile::tempdir().unwrap();
    copy_book(work.path().join("book").as_path());
    std::fs::write(work.path().join("Cargo.toml"), "secret").unwrap();
    let server = serve(&work.path().join("book"));
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/data/../../Cargo.toml",
    ] {
        let (status, body) = get(&server.address, path);
        assert_eq!(status, 400, "{path}");
        assert!(!body.contains("secret"));
    }
    let (status, body) = get(&server.address, "/book.toml");
    assert_eq!(status, 404);
    assert!(!body.contains("[book]"));
    let (status, css) = get(&server.address, "/budgetbook.css");
    assert_eq!(status, 200);
    assert!(css.contains("content-type: text/css"));
}

#[test]
fn listens_only_on_this_machine_by_default() {
    let work = tempfile::tempdir().unwrap();
    copy_book(work.path());
    let server = serve(work.path());
    assert!(
        server.address.starts_with("127.0.0.1:"),
        "{}",
        server.address
    );
}

#[test]
fn a_file_saved_twice_quickly_is_rebuilt_once() {
    let work = tempfile::tempdir().unwrap();
    copy_book(work.path());
    let server = serve(work.path());
    let before = server.rebuilds();
    let chapter = work.path().join("content/kapitel.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, text.replace("Text.", "Första.")).unwrap();
    std::thread::sleep(Duration::from_millis(30));
    std::fs::write(&chapter, text.replace("Text.", "Andra.")).unwrap();
    std::thread::sleep(Duration::from_millis(1000));
    assert_eq!(server.rebuilds() - before, 1);
    assert!(get(&server.address, "/kapitel.html").1.contains("Andra."));
}

/// The data of the server's reload events, as they come.
fn reload_events(address: &str) -> std::sync::mpsc::Receiver<String> {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET /__budgetbook/events HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(data) = line.strip_prefix("data: ") {
                if sender.send(data.to_string()).is_err() {
                    break;
                }
            }
        }
    });
    receiver
}

#[test]
fn an_edit_reloads_only_the_pages_it_changed() {
    let work = tempfile::tempdir().unwrap();
    copy_fixture("valid/analysis", work.path());
    let server = serve(work.path());
    let events = reload_events(&server.address);
    // The stream is open once the server has answered a request after it.
    let _ = get(&server.address, "/beslut.html");
    std::thread::sleep(Duration::from_millis(200));

    let chapter = work.path().join("content/beslut.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, format!("{text}\nEn ny mening.\n")).unwrap();
    let data = events
        .recv_timeout(Duration::from_secs(10))
        .expect("a reload event");
    let pages: Vec<String> = serde_json::from_str(&data).unwrap_or_else(|e| panic!("{data}: {e}"));
    assert!(pages.contains(&"beslut.html".to_string()), "{pages:?}");
    assert!(!pages.contains(&"analys.html".to_string()), "{pages:?}");
}
