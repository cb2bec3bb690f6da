//! `budgetbook serve`: builds the book in memory, serves it on localhost,
//! rebuilds when a file of the book changes and reloads the open pages.
//! While the book has errors, every page shows them in an overlay.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

use super::Failure;
use crate::error::Error;
use crate::render::escape_html;
use crate::render::OutputFile;
use crate::site::{self, BuildOptions};

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
}

/// The site as last built, and the errors of the last build if it failed.
#[derive(Default)]
struct Site {
    files: HashMap<String, Arc<Vec<u8>>>,
    errors: Option<String>,
}

struct Shared {
    site: RwLock<Site>,
    /// What to reload, as the event's data: `*` for every page, or a JSON
    /// list of the pages that changed.
    reload: broadcast::Sender<Arc<str>>,
}

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

/// Builds the book into `shared`; prints what happened. Returns whether the
/// book built without errors.
///
/// The chapters among `changed_files` are rendered and served first, so the
/// page being edited reloads without waiting for the rest of a large book;
/// the whole site follows, and reloads whatever else the edit changed.
fn rebuild(
    root: &Path,
    options: &BuildOptions,
    shared: &Shared,
    quiet: bool,
    changed_files: &[PathBuf],
) -> bool {
    let started = Instant::now();
    let checked = match site::check_with(root, options.include_drafts, options.compare.as_deref()) {
        Ok(checked) => checked,
        Err(error) => {
            show_errors(shared, &error);
            return false;
        }
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
                super::report::report(&checked.warnings);
                eprintln!("rebuilt in {} ms", started.elapsed().as_millis());
            }
            true
        }
        Err(error) => {
            show_errors(shared, &error);
            false
        }
    }
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

/// Shows the build's errors over every page, and reports them.
fn show_errors(shared: &Shared, error: &Error) {
    let text = match error {
        Error::Invalid { diagnostics } => super::report::render_text(diagnostics),
        other => other.to_string(),
    };
    super::report_error(error);
    let mut site = shared.site.write().unwrap_or_else(|e| e.into_inner());
    // The same errors again change no page.
    let reload = (site.errors.as_deref() != Some(&text)).then(|| Arc::from("*"));
    site.errors = Some(text);
    drop(site);
    if let Some(reload) = reload {
        let _ = shared.reload.send(reload);
    }
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
        ..BuildOptions::default()
    };
    let (reload, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        site: RwLock::new(Site::default()),
        reload,
    });
    rebuild(&root, &options, &shared, quiet, &[]);

    // Rebuild on changes to the book's own files; the output directory and
    // editors' temporary files are not the book.
    let build_dir = std::path::absolute(root.join(&config.build_dir)).unwrap_or_default();
    let watcher_shared = Arc::clone(&shared);
    let watcher_root = root.clone();
    let watched = [
        root.join(&config.src),
        root.join("templates"),
        root.join("static"),
    ];
    let watched_files = watched.clone();
    let mut last = fingerprint(&root, &watched_files);
    let mut debouncer = new_debouncer(
        Duration::from_millis(150),
        move |events: DebounceEventResult| {
            let Ok(events) = events else { return };
            let relevant = events.iter().any(|e| {
                let path = std::path::absolute(&e.path).unwrap_or_else(|_| e.path.clone());
                !path.starts_with(&build_dir) && !is_editor_temporary(&path)
            });
            // Reading the book to rebuild it raises access events too: rebuild
            // only when a file really changed.
            if relevant {
                let now = fingerprint(&watcher_root, &watched_files);
                if now != last {
                    let before: std::collections::HashSet<_> = last.iter().collect();
                    let changed: Vec<PathBuf> = now
                        .iter()
                        .filter(|file| !before.contains(file))
                        .map(|file| file.0.clone())
                        .collect();
                    last = now;
                    rebuild(&watcher_root, &options, &watcher_shared, quiet, &changed);
                }
            }
        },
    )
    .map_err(|e| Error::io("watch", &root, std::io::Error::other(e)))?;
    for watched in watched {
        if watched.is_dir() {
            debouncer
                .watcher()
                .watch(&watched, RecursiveMode::Recursive)
                .map_err(|e| Error::io("watch", &watched, std::io::Error::other(e)))?;
        }
    }
    debouncer
        .watcher()
        .watch(&root.join("book.toml"), RecursiveMode::NonRecursive)
        .map_err(|e| Error::io("watch", root.join("book.toml"), std::io::Error::other(e)))?;

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
            .with_state(Arc::clone(&shared));
        axum::serve(listener, app)
            .await
            .map_err(|e| Error::io("serve", url, e))
    })?;
    Ok(())
}

/// Every watched file with its size and modification time.
fn fingerprint(
    root: &Path,
    dirs: &[PathBuf],
) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    let files = dirs
        .iter()
        .flat_map(|dir| {
            walkdir::WalkDir::new(dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
        })
        .map(|entry| entry.into_path())
        .chain(std::iter::once(root.join("book.toml")));
    files
        .filter_map(|path| {
            let metadata = std::fs::metadata(&path).ok()?;
            metadata
                .is_file()
                .then(|| (path, metadata.len(), metadata.modified().ok()))
        })
        .collect()
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
            site.errors.clone().unwrap_or_else(|| "not found".into()),
        )
            .into_response();
    };
    let content_type = content_type(&key);
    let body = if content_type.starts_with("text/html") {
        Body::from(with_live_reload(&contents, site.errors.as_deref()))
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

/// The page with the reload script, and the build errors over it if any.
fn with_live_reload(html: &[u8], errors: Option<&str>) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let mut injected = format!("<script src=\"{LIVE_SCRIPT}\"></script>\n");
    if let Some(errors) = errors {
        injected.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{OVERLAY_CSS_PATH}\">\n<div id=\"budgetbook-errors\" role=\"alert\">\
             <strong>The book has errors; this page is from the last good build.</strong>\n\n{}</div>\n",
            escape_html(errors)
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
            ("search/index.json", "1"),
            ("charts/t.svg", "<svg/>"),
        ]);
        let changed = |new| changed_pages(&old, &new).map(|r| r.to_string());
        assert_eq!(
            changed(site(&[
                ("a.html", "A2"),
                ("b.html", "B"),
                ("new.html", "N"),
                ("budgetbook.css", "x"),
                ("search/index.json", "2"),
                ("charts/t.svg", "<svg></svg>"),
            ])),
            Some(r#"["a.html","gone.html","new.html"]"#.to_string())
        );
        let mut same = old.clone();
        same.insert("search/index.json".into(), Arc::new(b"2".to_vec()));
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
        let page = with_live_reload(b"<html><body><p>x</p></body></html>", Some("<oops>"));
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("<script src=\"/__budgetbook/live.js\"></script>"));
        assert!(page.contains("&lt;oops&gt;</div>\n</body>"));
    }
}
