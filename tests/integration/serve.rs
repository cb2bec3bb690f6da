//! `budgetbook serve`: a live preview that follows the author's edits and
//! serves nothing but the site.

use crate::common;
use crate::corpus;

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
    start(book, &[], None).running()
}

/// A server still building its book: `running` waits until it listens.
struct Starting {
    server: Server,
    address: std::sync::mpsc::Receiver<String>,
}

impl Starting {
    fn running(mut self) -> Server {
        self.server.address = self
            .address
            .recv_timeout(Duration::from_secs(60))
            .expect("the server starts");
        self.server
    }
}

/// Starts `serve` on `book` with `flags`, and at most `open_files` file
/// handles if given.
fn start(book: &Path, flags: &[&str], open_files: Option<u64>) -> Starting {
    let mut command = Command::new(env!("CARGO_BIN_EXE_budgetbook"));
    command
        .args(["serve", book.to_str().unwrap(), "--port", "0"])
        .args(flags)
        .stderr(Stdio::piped())
        .stdout(Stdio::null());
    if let Some(limit) = open_files {
        limit_open_files(&mut command, limit);
    }
    let mut child = command.spawn().unwrap();
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
    Starting {
        server: Server {
            child,
            address: String::new(),
            log,
        },
        address: receiver,
    }
}

#[cfg(unix)]
fn limit_open_files(command: &mut Command, limit: u64) {
    use std::os::unix::process::CommandExt;
    let limit = libc::rlimit {
        rlim_cur: limit as libc::rlim_t,
        rlim_max: limit as libc::rlim_t,
    };
    // SAFETY: between fork and exec the closure calls only setrlimit, which
    // is async-signal-safe, and touches no memory but its own copy.
    unsafe {
        command.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
}

#[cfg(not(unix))]
fn limit_open_files(_: &mut Command, _: u64) {
    unreachable!("the tests that limit file handles run on Unix only")
}

/// A raw HTTP/1.1 GET, so that the path reaches the server unnormalised.
fn get(address: &str, path: &str) -> (u16, String) {
    get_as(address, path, address)
}

/// A GET that names `host` in its Host header.
fn get_as(address: &str, path: &str, host: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
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
    common::copy_dir(&common::fixture(name), to);
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
    let (status, index) = get(&server.address, "/search/index.js");
    assert_eq!(status, 200);
    assert!(index.contains("content-type: text/javascript"), "{index}");
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
    // At once, as a save and a format-on-save are: within the debounce.
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

/// Polls `stream` for up to `polls` × 50 ms: whether the server closed it,
/// and what it sent before.
fn wait_for_close(stream: &mut TcpStream, polls: usize) -> (bool, String) {
    stream
        .set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    let mut received = Vec::new();
    let mut buffer = [0; 4096];
    for _ in 0..polls {
        match stream.read(&mut buffer) {
            Ok(0) => return (true, String::from_utf8_lossy(&received).into()),
            Ok(n) => received.extend_from_slice(&buffer[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return (true, String::from_utf8_lossy(&received).into()),
        }
    }
    (false, String::from_utf8_lossy(&received).into())
}

#[test]
fn connections_that_send_no_whole_request_are_closed_after_the_header_timeout() {
    let work = tempfile::tempdir().unwrap();
    copy_book(work.path());
    let server = start(work.path(), &["--header-timeout-ms", "300"], None).running();
    let mut idle = TcpStream::connect(&server.address).unwrap();
    let mut kept_alive = TcpStream::connect(&server.address).unwrap();
    write!(
        kept_alive,
        "GET /kapitel.html HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.address
    )
    .unwrap();

    // Headers one byte at a time that never end: at most 100 bytes, 5 s.
    let mut slow = TcpStream::connect(&server.address).unwrap();
    let head = format!("GET / HTTP/1.1\r\nHost: {}\r\nX-Slow: ", server.address);
    let bytes = head.bytes().chain(std::iter::repeat(b'a')).take(100);
    let mut closed = false;
    for byte in bytes {
        if slow.write_all(&[byte]).is_err() || wait_for_close(&mut slow, 1).0 {
            closed = true;
            break;
        }
    }
    assert!(closed, "a request whose headers never end was not closed");
    assert!(
        wait_for_close(&mut idle, 20).0,
        "a silent connection stays open"
    );
    let (closed, response) = wait_for_close(&mut kept_alive, 20);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(closed, "an idle kept-alive connection stays open");
}

#[cfg(target_os = "linux")]
#[test]
fn idle_connections_beyond_the_file_handle_limit_leave_the_server_answering() {
    let work = tempfile::tempdir().unwrap();
    copy_book(work.path());
    let server = start(work.path(), &[], Some(64)).running();
    let idle: Vec<TcpStream> = (0..80)
        .map(|_| TcpStream::connect(&server.address).unwrap())
        .collect();
    let (status, page) = get(&server.address, "/kapitel.html");
    assert_eq!(status, 200, "{page}");
    drop(idle);
}

#[cfg(target_os = "linux")]
#[test]
fn a_rebuild_that_ran_out_of_file_handles_is_retried() {
    let work = tempfile::tempdir().unwrap();
    copy_book(work.path());
    // No cap on connections, so that they can use up every file handle, and
    // none closed for idling while the test runs.
    let flags = ["--max-connections", "1000", "--header-timeout-ms", "60000"];
    let server = start(work.path(), &flags, Some(64)).running();
    let idle: Vec<TcpStream> = (0..80)
        .map(|_| TcpStream::connect(&server.address).unwrap())
        .collect();
    let handles = format!("/proc/{}/fd", server.child.id());
    let started = Instant::now();
    while std::fs::read_dir(&handles).unwrap().count() < 64 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the connections did not use up the server's file handles"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    let chapter = work.path().join("content/kapitel.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, text.replace("Text.", "Skrivet utan handtag.")).unwrap();
    let edited = Instant::now();
    while !server
        .log
        .lock()
        .unwrap()
        .iter()
        .any(|l| l.contains("os error 24"))
    {
        assert!(
            edited.elapsed() < Duration::from_secs(10),
            "the rebuild did not run out of file handles"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(idle);

    let freed = Instant::now();
    loop {
        let (_, page) = get(&server.address, "/kapitel.html");
        if page.contains("Skrivet utan handtag.") && !page.contains("budgetbook-errors") {
            break;
        }
        assert!(
            freed.elapsed() < Duration::from_secs(15),
            "the failed rebuild was not retried: {page}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn only_requests_for_this_machine_are_answered() {
    let work = tempfile::tempdir().unwrap();
    copy_book(work.path());
    let server = serve(work.path());
    let port = server.address.rsplit(':').next().unwrap();
    for path in ["/kapitel.html", "/__budgetbook/events", "/search/index.js"] {
        let (status, response) = get_as(&server.address, path, "evil.example");
        assert_eq!(status, 403, "{path}: {response}");
        assert!(response.contains("--allow-host evil.example"), "{response}");
        assert!(!response.contains("Tabell"));
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "LocalHost".to_string(),
    ] {
        let (status, response) = get_as(&server.address, "/kapitel.html", &host);
        assert_eq!(status, 200, "{host}: {response}");
    }
    drop(server);

    let server = start(work.path(), &["--allow-host", "budget.example"], None).running();
    let (status, _) = get_as(&server.address, "/kapitel.html", "budget.example:8080");
    assert_eq!(status, 200);
    let (status, _) = get_as(&server.address, "/kapitel.html", "evil.example");
    assert_eq!(status, 403);
}

#[cfg(target_os = "linux")]
#[test]
fn an_edit_saved_during_the_first_build_is_served_after_it() {
    use notify_debouncer_mini::notify::event::{AccessKind, EventKind};
    use notify_debouncer_mini::notify::{self, RecursiveMode, Watcher};

    let work = tempfile::tempdir().unwrap();
    corpus::write_book(work.path(), 40, 1, false).unwrap();
    let first = work.path().join("content/kapitel-00000.md");
    let last = work.path().join("content/kapitel-00039.md");
    // The build reads the chapters in order: once it opens the last, it
    // has read the first, and renders for a while yet.
    let (opened, last_opened) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| matches!(e.kind, EventKind::Access(AccessKind::Open(_)))) {
            let _ = opened.send(());
        }
    })
    .unwrap();
    watcher.watch(&last, RecursiveMode::NonRecursive).unwrap();

    let starting = start(work.path(), &[], None);
    last_opened
        .recv_timeout(Duration::from_secs(30))
        .expect("the server reads the book");
    let text = std::fs::read_to_string(&first).unwrap();
    std::fs::write(&first, format!("{text}\nSparat under bygget.\n")).unwrap();
    let server = starting.running();

    let saved = Instant::now();
    while !get(&server.address, "/kapitel-00000.html")
        .1
        .contains("Sparat under bygget.")
    {
        assert!(
            saved.elapsed() < Duration::from_secs(30),
            "the edit saved during the first build was lost"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn an_edit_of_the_same_size_with_its_time_restored_is_picked_up() {
    let work = tempfile::tempdir().unwrap();
    copy_book(work.path());
    let server = serve(work.path());
    let chapter = work.path().join("content/kapitel.md");
    let modified = std::fs::metadata(&chapter).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&chapter).unwrap();
    let edited = text.replace("Text.", "Txet.");
    assert_eq!(edited.len(), text.len());
    // As `cp -p`, `rsync -t` or `touch -r` leave it.
    std::fs::write(&chapter, &edited).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&chapter)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(
        std::fs::metadata(&chapter).unwrap().modified().unwrap(),
        modified
    );

    let saved = Instant::now();
    while !get(&server.address, "/kapitel.html").1.contains("Txet.") {
        assert!(
            saved.elapsed() < Duration::from_secs(5),
            "the edit was not picked up"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_rebuild_prints_what_changed_and_the_overlay_folds_the_warnings() {
    let work = tempfile::tempdir().unwrap();
    copy_fixture("valid/rounding-and-orphan", work.path());
    let server = serve(work.path());
    let lines = |server: &Server| server.log.lock().unwrap().clone();
    let wait_for = |server: &Server, what: &str| {
        let started = Instant::now();
        while !lines(server).iter().any(|l| l.contains(what)) {
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "no {what:?} in {:?}",
                lines(server)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for(&server, "rebuilt in");
    let first = lines(&server);
    assert!(
        first.iter().any(|l| l.contains("warning[rounding]")),
        "{first:?}"
    );

    // One new error: it is printed in full, the earlier warnings are not.
    let chapter = work.path().join("content/resultat.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, text.replace("values: [100]", "values: [110]")).unwrap();
    wait_for(&server, "the pages show the last good build");
    let after_error: Vec<String> = lines(&server)[first.len()..].to_vec();
    assert!(
        after_error
            .iter()
            .any(|l| l.contains("error[sum-mismatch]")),
        "{after_error:?}"
    );
    // The orphan chapter's warning is as it was: not printed again.
    assert!(
        !after_error
            .iter()
            .any(|l| l.contains("warning[orphan-chapter]")),
        "{after_error:?}"
    );
    // The overlay: the banner in the book's language, the error in full,
    // the warnings folded under their count.
    let (_, page) = get(&server.address, "/resultat.html");
    assert!(page.contains("Boken har fel; sidan är från det senaste bygget utan fel."));
    let error_at = page.find("error[sum-mismatch]").expect("the error");
    let folded_at = page
        .find("<details><summary>1 varning</summary>")
        .expect("folded");
    assert!(error_at < folded_at, "{page}");

    // Fixed: one line for it, and the summary.
    let before_fix = lines(&server).len();
    std::fs::write(&chapter, &text).unwrap();
    let started = Instant::now();
    while !lines(&server)[before_fix..]
        .iter()
        .any(|l| l.contains("no errors, 2 warnings"))
    {
        assert!(started.elapsed() < Duration::from_secs(5), "no summary");
        std::thread::sleep(Duration::from_millis(50));
    }
    let after_fix: Vec<String> = lines(&server)[before_fix..].to_vec();
    let fixed: Vec<&String> = after_fix
        .iter()
        .filter(|l| l.starts_with("fixed: "))
        .collect();
    assert_eq!(fixed.len(), 1, "{after_fix:?}");
    assert!(fixed[0].contains("sum-mismatch"), "{after_fix:?}");
}

/// Polls `path` until its page satisfies `done`, for at most 10 s (a hang
/// guard: a rebuild takes milliseconds).
fn wait_for_page(address: &str, path: &str, what: &str, done: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let (_, page) = get(address, path);
        if done(&page) {
            return page;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{what}: {page}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_spreadsheet_a_block_reads_is_watched_wherever_it_is_in_the_book() {
    let work = tempfile::tempdir().unwrap();
    copy_fixture("valid/sheet-source", work.path());
    let server = serve(work.path());
    let csv = work.path().join("data/kassaflode.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(get(&server.address, "/kapitel.html").1.contains("425,5"));

    // One wrong cell: the overlay names it.
    std::fs::write(&csv, text.replace("425,5;625", "425,5;626")).unwrap();
    let page = wait_for_page(&server.address, "/kapitel.html", "no overlay", |page| {
        page.contains("budgetbook-errors")
    });
    assert!(page.contains("data/kassaflode.csv, C5"), "{page}");

    // Mended, with a new figure: served.
    std::fs::write(
        &csv,
        text.replace("425,5;625", "425,5;626")
            .replace("-53,5;44", "-53,5;45"),
    )
    .unwrap();
    wait_for_page(
        &server.address,
        "/kapitel.html",
        "the mended sheet is not served",
        |page| !page.contains("budgetbook-errors") && page.contains("626"),
    );
}
