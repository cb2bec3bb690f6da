//! `budgetbook serve`: builds the book in memory, serves it on localhost,
//! rebuilds when a file of the book changes and reloads the open pages.
//! While the book has errors, every page shows them in an overlay.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{middleware, Router};
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer_opt, Config, DebounceEventResult};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

use super::Failure;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::load::Language;
use crate::parse::cache::ParseCache;
use crate::render::escape_html;
use crate::render::strings::Strings;
use crate::render::OutputFile;
use crate::site::{self, BuildOptions};

mod listen;
mod watch;

#[derive(clap::Args)]
pub struct Args {
    /// The book's directory (with book.toml)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The port to listen on; 0 picks a free one
    #[arg(long, short, default_value_t = 3000)]
    port: u16,
    /// The address to listen on. Only this machine can connect unless you
    /// name another (e.g. 0.0.0.0 for every interface).
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Open the site in the default browser
    #[arg(long)]
    open: bool,
    /// Include chapters marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Leave out the search index (quicker rebuilds of a very large book)
    #[arg(long)]
    no_search: bool,
    /// Also answer requests for this host name or address (repeatable).
    /// Only localhost, 127.0.0.1, [::1] and the --bind address are answered
    /// otherwise, so that no other site can read the preview through a
    /// name that leads here.
    #[arg(long, value_name = "NAME")]
    allow_host: Vec<String>,
    /// How long a connection may take to send a request's headers, and
    /// stay idle between requests, in milliseconds
    #[arg(long, hide = true, default_value_t = 10_000)]
    header_timeout_ms: u64,
    /// How many connections to serve at once; by default 256, or half the
    /// file handles the process may open if that is fewer
    #[arg(long, hide = true)]
    max_connections: Option<usize>,
}

/// The site as last built, and the errors of the last build if it failed.
#[derive(Default)]
struct Site {
    files: HashMap<String, Arc<Vec<u8>>>,
    errors: Option<Overlay>,
}

/// A failed build's problems: as text, and as the overlay over every page.
struct Overlay {
    text: String,
    html: String,
}

struct Shared {
    site: RwLock<Site>,
    /// The one-line form of each problem the terminal was last told of, so
    /// that a rebuild prints only what changed; `None` before the first.
    told: Mutex<Option<Vec<String>>>,
    /// What to reload, as the event's data: `*` for every page, or a JSON
    /// list of the pages that changed.
    reload: broadcast::Sender<Arc<str>>,
    /// The chapters as last parsed, so that an edit parses only its own.
    parsed: ParseCache,
}

/// How long changes are gathered before a rebuild: long enough for an
/// editor's save (write, rename) to arrive as one change, short enough to
/// leave most of the edit-to-reload budget of 100 ms to the rebuild.
const DEBOUNCE_MS: u64 = 10;
const EVENTS: &str = "/__budgetbook/events";
const LIVE_SCRIPT: &str = "/__budgetbook/live.js";
/// Reloads the page when it is among those that changed: an edit of one
/// chapter leaves the others open in the browser where they were.
const LIVE_JS: &str = r#"new EventSource("/__budgetbook/events").addEventListener("reload", function (event) {
  var path = decodeURIComponent(location.pathname).replace(/^\//, "");
  if (path === "" || path.slice(-1) === "/") path += "index.html";
  if (event.data === "*" || JSON.parse(event.data).indexOf(path) >= 0) location.reload();
});
"#;
const OVERLAY_CSS_PATH: &str = "/__budgetbook/overlay.css";
/// In a style sheet of its own: the pages' Content-Security-Policy allows
/// no inline styles.
const OVERLAY_CSS: &str = "#budgetbook-errors{position:fixed;inset:0;overflow:auto;z-index:1000;background:#fff8f0;color:#1a1a1a;padding:1.5rem;font:14px/1.4 monospace;white-space:pre-wrap;border:6px solid #b00020}\n";

/// How a rebuild ended.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Built,
    /// The book has errors: only an edit can mend them.
    BookErrors,
    /// Reading the book failed (e.g. every file handle was in use): the
    /// cause may pass, so the rebuild is tried again.
    ReadFailed,
}

/// Builds the book into `shared`; prints what happened, except an error
/// that a `retrying` rebuild met again.
///
/// The chapters among `changed_files` are rendered and served first, so the
/// page being edited reloads without waiting for the rest of a large book;
/// the whole site follows, and reloads whatever else the edit changed.
///
/// The spreadsheets the book's blocks read are added to `sheets`, so that
/// they are watched too.
fn rebuild(
    root: &Path,
    options: &BuildOptions,
    shared: &Shared,
    quiet: bool,
    changed_files: &[PathBuf],
    retrying: bool,
    sheets: &mut Vec<PathBuf>,
) -> Outcome {
    let started = Instant::now();
    // The overlay speaks the book's language, also when book.toml is what
    // is wrong (then Swedish, the default).
    let language = crate::load::load_config(root).map_or(Language::Swedish, |c| c.language);
    let checked = match site::check_watching(
        root,
        options.include_drafts,
        options.compare.as_deref(),
        sheets,
        Some(&shared.parsed),
    ) {
        Ok(checked) => checked,
        Err(error) => return show_errors(shared, &error, language, retrying),
    };
    let showing_errors = shared
        .site
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .errors
        .is_some();
    let edited = edited_chapters(root, &checked, changed_files);
    if !edited.is_empty() && !showing_errors {
        if let Ok(files) = site::render_in_memory(root, &checked, options, Some(&edited)) {
            publish(shared, files, false);
        }
    }
    match site::render_in_memory(root, &checked, options, None) {
        Ok(files) => {
            publish(shared, files, true);
            if !quiet {
                tell(shared, &checked.warnings);
                eprintln!(
                    "rebuilt in {} ms: no errors, {}",
                    started.elapsed().as_millis(),
                    super::report::counts(&checked.warnings)
                );
            }
            Outcome::Built
        }
        Err(error) => show_errors(shared, &error, language, retrying),
    }
}

/// Prints the problems the terminal has not been told of yet in full, and
/// each one told before that is gone as one "fixed" line; the first build
/// prints them all.
fn tell(shared: &Shared, diagnostics: &[Diagnostic]) {
    let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    let mut told = shared.told.lock().unwrap_or_else(|e| e.into_inner());
    match told.as_ref() {
        None => super::report::report(diagnostics),
        Some(before) => {
            let new: Vec<Diagnostic> = diagnostics
                .iter()
                .zip(&lines)
                .filter(|(_, line)| !before.contains(line))
                .map(|(d, _)| d.clone())
                .collect();
            super::report::report(&new);
            for line in before.iter().filter(|line| !lines.contains(line)) {
                eprintln!("fixed: {line}");
            }
        }
    }
    *told = Some(lines);
}

/// The chapters whose source files are among `changed_files`.
fn edited_chapters(
    root: &Path,
    checked: &site::CheckedBook,
    changed_files: &[PathBuf],
) -> Vec<usize> {
    let absolute = |path: PathBuf| std::path::absolute(&path).unwrap_or(path);
    let changed: Vec<PathBuf> = changed_files.iter().cloned().map(absolute).collect();
    let source_dir = root.join(&checked.parsed.book.config.src);
    checked
        .parsed
        .chapters
        .iter()
        .enumerate()
        .filter(|(_, chapter)| changed.contains(&absolute(source_dir.join(&chapter.source_path))))
        .map(|(i, _)| i)
        .collect()
}

/// Serves `files`: the whole site, or (`whole` false) some pages of it over
/// the rest; reloads the open pages that changed.
fn publish(shared: &Shared, files: Vec<OutputFile>, whole: bool) {
    let mut site = shared.site.write().unwrap_or_else(|e| e.into_inner());
    let mut new: HashMap<String, Arc<Vec<u8>>> = if whole {
        HashMap::with_capacity(files.len())
    } else {
        site.files.clone()
    };
    new.extend(files.into_iter().map(|f| {
        (
            super::super::render::context_url(&f.path),
            Arc::new(f.contents),
        )
    }));
    // Every page showed the errors; now none does.
    let reload = if site.errors.is_some() {
        Some(Arc::from("*"))
    } else {
        changed_pages(&site.files, &new)
    };
    site.files = new;
    site.errors = None;
    drop(site);
    if let Some(reload) = reload {
        let _ = shared.reload.send(reload);
    }
}

/// Shows the build's errors over every page, and reports what is new in
/// them unless a `retrying` rebuild met the same again.
fn show_errors(shared: &Shared, error: &Error, language: Language, retrying: bool) -> Outcome {
    let strings = Strings::for_language(language);
    let (text, html) = match error {
        Error::Invalid { diagnostics } => overlay(diagnostics, &strings),
        other => {
            let text = other.to_string();
            let html = format!(
                "<strong>{}</strong>\n\n{}",
                escape_html(strings.get("overlay-banner")),
                escape_html(&text)
            );
            (text, html)
        }
    };
    let mut site = shared.site.write().unwrap_or_else(|e| e.into_inner());
    // The same errors again change no page.
    let new = site.errors.as_ref().map(|e| &e.text) != Some(&text);
    site.errors = Some(Overlay { text, html });
    drop(site);
    match error {
        Error::Invalid { diagnostics } => {
            tell(shared, diagnostics);
            if new {
                eprintln!(
                    "error: {}; the pages show the last good build",
                    crate::diagnostic::for_terminal(&error.to_string())
                );
            }
        }
        _ if new || !retrying => super::report_error(error, false),
        _ => {}
    }
    if new {
        let _ = shared.reload.send(Arc::from("*"));
    }
    match error {
        Error::Io { .. } => Outcome::ReadFailed,
        _ => Outcome::BookErrors,
    }
}

/// The overlay of a book with errors: a banner in the book's language, the
/// errors in full, and the warnings folded under their count.
fn overlay(diagnostics: &[Diagnostic], strings: &Strings) -> (String, String) {
    let (errors, others): (Vec<Diagnostic>, Vec<Diagnostic>) =
        diagnostics.iter().cloned().partition(Diagnostic::is_error);
    let errors_text = super::report::render_text(&errors);
    let others_text = super::report::render_text(&others);
    let mut html = format!(
        "<strong>{}</strong>\n\n{}",
        escape_html(strings.get("overlay-banner")),
        escape_html(&errors_text)
    );
    if !others.is_empty() {
        let count: usize = others.iter().map(Diagnostic::count).sum();
        let summary = match count {
            1 => strings.get("overlay-warning").to_string(),
            n => strings
                .get("overlay-warnings")
                .replace("{n}", &n.to_string()),
        };
        html.push_str(&format!(
            "<details><summary>{}</summary>{}</details>",
            escape_html(&summary),
            escape_html(&others_text)
        ));
    }
    (format!("{errors_text}{others_text}"), html)
}

/// What a rebuild changed, as the reload event's data: `*` when a file that
/// any page may use changed (style sheet, script, a static image), else the
/// pages whose HTML changed or went, as a JSON list; `None` when no page
/// changed. Charts, data files and the search index change only with their
/// pages, and no page shows the sitemap.
fn changed_pages(
    old: &HashMap<String, Arc<Vec<u8>>>,
    new: &HashMap<String, Arc<Vec<u8>>>,
) -> Option<Arc<str>> {
    let mut changed: Vec<&str> = new
        .iter()
        .filter(|(path, contents)| old.get(*path) != Some(contents))
        .map(|(path, _)| path.as_str())
        .chain(
            old.keys()
                .filter(|path| !new.contains_key(*path))
                .map(String::as_str),
        )
        .collect();
    let used_by_any_page = |path: &&str| {
        let derived = ["charts/", "data/", "search/"]
            .iter()
            .any(|folder| path.starts_with(folder));
        let shown_by_no_page = [".html", ".xml", ".txt"]
            .iter()
            .any(|extension| path.ends_with(extension));
        !derived && !shown_by_no_page
    };
    if changed.iter().any(used_by_any_page) {
        return Some(Arc::from("*"));
    }
    changed.retain(|path| path.ends_with(".html"));
    changed.sort_unstable();
    (!changed.is_empty())
        .then(|| Arc::from(serde_json::to_string(&changed).expect("a list of paths serialises")))
}

pub fn execute(args: Args, quiet: bool) -> Result<(), Failure> {
    let root = args.dir.clone();
    let config = crate::load::load_config(&root)?;
    let options = BuildOptions {
        include_drafts: args.drafts,
        search: !args.no_search,
        without_previews: true,
        ..BuildOptions::default()
    };
    let (reload, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        site: RwLock::new(Site::default()),
        told: Mutex::new(None),
        reload,
        parsed: ParseCache::new(),
    });

    // Rebuild on changes to the book's own files; the output directory and
    // editors' temporary files are not the book. Watching starts before the
    // first build, so that a save during it is not lost.
    let absolute = |path: PathBuf| std::path::absolute(&path).unwrap_or(path);
    let build_dir = absolute(root.join(&config.build_dir));
    let watched_dirs = [&config.src, Path::new("templates"), Path::new("static")]
        .map(|dir| absolute(root.join(dir)));
    let book_toml = absolute(root.join("book.toml"));
    let (changes, reported) = std::sync::mpsc::channel();
    let mut debouncer = new_debouncer_opt::<_, watch::ChangesOnly>(
        Config::default().with_timeout(Duration::from_millis(DEBOUNCE_MS)),
        move |events: DebounceEventResult| {
            let Ok(events) = events else { return };
            let paths: Vec<PathBuf> = events
                .into_iter()
                .map(|event| absolute(event.path))
                .filter(|path| !path.starts_with(&build_dir) && !is_editor_temporary(path))
                .collect();
            if !paths.is_empty() {
                let _ = changes.send(paths);
            }
        },
    )
    .map_err(|e| Error::io("watch", &root, std::io::Error::other(e)))?;
    for watched in &watched_dirs {
        if watched.is_dir() {
            debouncer
                .watcher()
                .watch(watched, RecursiveMode::Recursive)
                .map_err(|e| Error::io("watch", watched, std::io::Error::other(e)))?;
        }
    }
    debouncer
        .watcher()
        .watch(&book_toml, RecursiveMode::NonRecursive)
        .map_err(|e| Error::io("watch", &book_toml, std::io::Error::other(e)))?;

    let mut fingerprint =
        watch::Fingerprint::new(watched_dirs.iter().cloned().chain([book_toml]).collect());
    // The spreadsheets that blocks read (`source:`) may lie anywhere in
    // the book: each one's folder is watched once a build has named it.
    let mut sheet_dirs = watch::SheetDirs::new(debouncer, watched_dirs.to_vec());
    let mut sheets = Vec::new();
    let first = rebuild(&root, &options, &shared, quiet, &[], false, &mut sheets);
    let absolute_root = absolute(root.clone());
    let sheet_files = move |sheets: Vec<PathBuf>| -> Vec<PathBuf> {
        sheets.into_iter().map(|s| absolute_root.join(s)).collect()
    };
    let first_sheets = sheet_files(sheets);
    sheet_dirs.watch(&first_sheets);
    fingerprint.set_files(first_sheets);
    let rebuild_shared = Arc::clone(&shared);
    let rebuild_root = root.clone();
    std::thread::spawn(move || {
        watch::follow(reported, fingerprint, first, |changed, retrying| {
            let mut sheets = Vec::new();
            let outcome = rebuild(
                &rebuild_root,
                &options,
                &rebuild_shared,
                quiet,
                changed,
                retrying,
                &mut sheets,
            );
            let sheets = sheet_files(sheets);
            sheet_dirs.watch(&sheets);
            (outcome, sheets)
        })
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("start", "the server", e))?;
    runtime.block_on(async move {
        let address = SocketAddr::new(args.bind, args.port);
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|e| Error::io("listen on", address.to_string(), e))?;
        let address = listener
            .local_addr()
            .map_err(|e| Error::io("listen on", address.to_string(), e))?;
        let url = format!("http://{address}/");
        eprintln!("serving {url} (Ctrl-C to stop)");
        if args.open {
            open_browser(&url);
        }
        let app = Router::new()
            .route(EVENTS, get(events))
            .route(
                LIVE_SCRIPT,
                get(|| async { ([(header::CONTENT_TYPE, "text/javascript")], LIVE_JS) }),
            )
            .route(
                OVERLAY_CSS_PATH,
                get(|| async { ([(header::CONTENT_TYPE, "text/css")], OVERLAY_CSS) }),
            )
            .fallback(serve_file)
            .with_state(Arc::clone(&shared))
            .layer(middleware::from_fn_with_state(
                Arc::new(listen::AllowedHosts::new(args.bind, &args.allow_host)),
                listen::check_host,
            ));
        let limits = listen::Limits {
            header_timeout: Duration::from_millis(args.header_timeout_ms),
            max_connections: args
                .max_connections
                .unwrap_or_else(listen::default_max_connections),
        };
        listen::serve(listener, app, limits).await;
        Ok::<_, Error>(())
    })?;
    Ok(())
}

fn is_editor_temporary(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let stream = BroadcastStream::new(shared.reload.subscribe())
        .filter_map(|reload| reload.ok())
        .map(|reload| {
            Ok::<_, std::convert::Infallible>(Event::default().event("reload").data(&*reload))
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Serves a file of the built site. Paths with `..` are refused outright;
/// any other path is looked up among the built files, so nothing outside
/// the site can be read.
async fn serve_file(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let raw = request.uri().path();
    let Some(path) = site_path(raw) else {
        return (StatusCode::BAD_REQUEST, "bad path").into_response();
    };
    let site = shared.site.read().unwrap_or_else(|e| e.into_inner());
    let (status, key) = if site.files.contains_key(&path) {
        (StatusCode::OK, path)
    } else {
        (StatusCode::NOT_FOUND, "404.html".to_string())
    };
    let Some(contents) = site.files.get(&key).cloned() else {
        return (
            status,
            site.errors
                .as_ref()
                .map_or_else(|| "not found".into(), |e| e.text.clone()),
        )
            .into_response();
    };
    let content_type = content_type(&key);
    let body = if content_type.starts_with("text/html") {
        Body::from(with_live_reload(
            &contents,
            site.errors.as_ref().map(|e| e.html.as_str()),
        ))
    } else {
        Body::from(contents.as_ref().clone())
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CACHE_CONTROL, "no-store")
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// The site-relative path of a request path; `None` for anything with `..`.
fn site_path(raw: &str) -> Option<String> {
    let decoded = percent_decode(raw)?;
    let mut parts = Vec::new();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?.to_string()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if decoded.ends_with('/') || parts.is_empty() {
        parts.push("index.html".into());
    }
    Some(parts.join("/"))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// The page with the reload script, and the build errors over it if any
/// (`overlay`: HTML, escaped already).
fn with_live_reload(html: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let mut injected = format!("<script src=\"{LIVE_SCRIPT}\"></script>\n");
    if let Some(overlay) = overlay {
        injected.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{OVERLAY_CSS_PATH}\">\n<div id=\"budgetbook-errors\" role=\"alert\">{overlay}</div>\n"
        ));
    }
    match html.rfind("</body>") {
        Some(i) => format!("{}{injected}{}", &html[..i], &html[i..]).into_bytes(),
        None => format!("{html}{injected}").into_bytes(),
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("could not open a browser ({e}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_never_leave_the_site() {
        assert_eq!(site_path("/"), Some("index.html".into()));
        assert_eq!(site_path("/data/t.csv"), Some("data/t.csv".into()));
        assert_eq!(site_path("/f%C3%B6r.html"), Some("för.html".into()));
        assert_eq!(site_path("/../Cargo.toml"), None);
        assert_eq!(site_path("/a/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(site_path("/%zz"), None);
    }

    #[test]
    fn only_the_pages_that_changed_are_reloaded() {
        let site = |files: &[(&str, &str)]| -> HashMap<String, Arc<Vec<u8>>> {
            files
                .iter()
                .map(|(path, text)| (path.to_string(), Arc::new(text.as_bytes().to_vec())))
                .collect()
        };
        let old = site(&[
            ("a.html", "A"),
            ("b.html", "B"),
            ("gone.html", "G"),
            ("budgetbook.css", "x"),
            ("search/index.js", "1"),
            ("charts/t.svg", "<svg/>"),
        ]);
        let changed = |new| changed_pages(&old, &new).map(|r| r.to_string());
        assert_eq!(
            changed(site(&[
                ("a.html", "A2"),
                ("b.html", "B"),
                ("new.html", "N"),
                ("budgetbook.css", "x"),
                ("search/index.js", "2"),
                ("charts/t.svg", "<svg></svg>"),
            ])),
            Some(r#"["a.html","gone.html","new.html"]"#.to_string())
        );
        let mut same = old.clone();
        same.insert("search/index.js".into(), Arc::new(b"2".to_vec()));
        assert_eq!(changed(same), None, "only the search index changed");
        let mut restyled = old.clone();
        restyled.insert("budgetbook.css".into(), Arc::new(b"y".to_vec()));
        assert_eq!(changed(restyled), Some("*".to_string()));
        let mut new_image = old.clone();
        new_image.insert("logo.png".into(), Arc::new(b"png".to_vec()));
        assert_eq!(changed(new_image), Some("*".to_string()));
    }

    #[test]
    fn pages_get_the_reload_script_and_errors() {
        let problem = crate::diagnostic::Problem::NotANumber {
            text: "<oops>".into(),
            style: crate::budget::number::NumberStyle::Sv,
        };
        let (_, html) = overlay(
            &[Diagnostic::error(problem, None)],
            &Strings::for_language(Language::English),
        );
        let page = with_live_reload(b"<html><body><p>x</p></body></html>", Some(&html));
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("<script src=\"/__budgetbook/live.js\"></script>"));
        assert!(page.contains("The book has errors; this page is from the last good build."));
        assert!(page.contains("`&lt;oops&gt;` is not a number"), "{page}");
        assert!(!page.contains("<oops>"));
    }
}
