//! Who `serve` answers and for how long: the accept loop with its cap on
//! connections and header timeout, and the Host check against DNS
//! rebinding.

use std::net::{IpAddr, Ipv6Addr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

/// How many connections are served at once unless the process may open
/// fewer than twice as many files.
const MAX_CONNECTIONS: usize = 256;
/// How long a connection asked to close may finish the request it is in.
const CLOSING_GRACE: Duration = Duration::from_secs(1);
/// How long to wait after a failed accept (most likely for want of file
/// handles) before accepting again.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

pub(super) struct Limits {
    /// How long a connection may take to send a request's headers, and may
    /// stay idle between requests.
    pub header_timeout: Duration,
    pub max_connections: usize,
}

/// The default cap on connections: at most half the file handles the
/// process may open, so that rebuilding the book always finds some free.
pub(super) fn default_max_connections() -> usize {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes only the struct it is given.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0 {
            let half = usize::try_from(limit.rlim_cur / 2).unwrap_or(usize::MAX);
            return half.clamp(1, MAX_CONNECTIONS);
        }
    }
    MAX_CONNECTIONS
}

/// Serves `app` on every connection `listener` accepts, for ever.
///
/// At the cap, a new connection asks the others to close: idle ones close
/// at once, one in the middle of a request once it is answered (or after
/// a grace). So a browser is answered even while many connections sit idle
/// or send their headers slowly; those are closed after the header timeout
/// anyway.
pub(super) async fn serve(listener: TcpListener, app: Router, limits: Limits) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let (close_idle, _) = watch::channel(());
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                tokio::time::sleep(ACCEPT_PAUSE).await;
                continue;
            }
        };
        let permit = match Arc::clone(&permits).try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                close_idle.send_replace(());
                let freed = Arc::clone(&permits).acquire_owned();
                match tokio::time::timeout(2 * CLOSING_GRACE, freed).await {
                    Ok(Ok(permit)) => permit,
                    _ => continue,
                }
            }
        };
        tokio::spawn(serve_connection(
            stream,
            app.clone(),
            limits.header_timeout,
            close_idle.subscribe(),
            permit,
        ));
    }
}

async fn serve_connection(
    stream: TcpStream,
    app: Router,
    header_timeout: Duration,
    mut close_idle: watch::Receiver<()>,
    _permit: OwnedSemaphorePermit,
) {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let connection = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => return,
        Ok(()) = close_idle.changed() => connection.as_mut().graceful_shutdown(),
    }
    let _ = tokio::time::timeout(CLOSING_GRACE, connection).await;
}

/// The host names requests may be for, lower-case, without port.
pub(super) struct AllowedHosts(Vec<String>);

impl AllowedHosts {
    pub(super) fn new(bind: IpAddr, extra: &[String]) -> Self {
        let bind = match bind {
            IpAddr::V4(address) => address.to_string(),
            IpAddr::V6(address) => format!("[{address}]"),
        };
        let mut names: Vec<String> = Vec::new();
        for name in ["localhost", "127.0.0.1", "[::1]", &bind]
            .into_iter()
            .map(str::to_string)
            .chain(extra.iter().map(|name| normalise(name)))
        {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        AllowedHosts(names)
    }

    fn allows(&self, host: &str) -> bool {
        self.0.iter().any(|name| name.eq_ignore_ascii_case(host))
    }
}

/// A name given to `--allow-host` as the Host header would carry it.
fn normalise(name: &str) -> String {
    let name = name.trim();
    match name.parse::<Ipv6Addr>() {
        Ok(address) => format!("[{address}]"),
        Err(_) => host_name(name).to_ascii_lowercase(),
    }
}

/// The host of a Host header, without its port.
fn host_name(authority: &str) -> &str {
    if authority.starts_with('[') {
        authority
            .find(']')
            .map_or(authority, |end| &authority[..=end])
    } else {
        authority.split(':').next().unwrap_or(authority)
    }
}

/// Refuses requests for any host not allowed: a page elsewhere could
/// otherwise point a name of its own at this machine and read the preview
/// (DNS rebinding).
pub(super) async fn check_host(
    State(allowed): State<Arc<AllowedHosts>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()))
        .map(host_name);
    if host.is_some_and(|host| allowed.allows(host)) {
        return next.run(request).await;
    }
    let advice = match host {
        Some(host) if is_plain_host(host) => {
            format!("To preview the book as {host}, start it with --allow-host {host}.")
        }
        _ => "To preview the book under another name, start it with --allow-host NAME.".into(),
    };
    let text = format!(
        "budgetbook serve answers only requests for {}. {advice}\n",
        allowed.0.join(", ")
    );
    (
        StatusCode::FORBIDDEN,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        text,
    )
        .into_response()
}

/// Whether `host` looks like a host name or address, so that echoing it in
/// the advice can't carry anything else.
fn is_plain_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '[' | ']'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_compared_without_port_or_case() {
        let allowed = AllowedHosts::new(
            "192.168.1.5".parse().unwrap(),
            &["Budget.Example:8080".into(), "fe80::1".into()],
        );
        for host in [
            "localhost:3000",
            "LOCALHOST",
            "127.0.0.1:80",
            "[::1]:3000",
            "192.168.1.5:3000",
            "budget.example",
            "[fe80::1]:3000",
        ] {
            assert!(allowed.allows(host_name(host)), "{host}");
        }
        for host in [
            "evil.example",
            "localhost.evil.example",
            "127.0.0.2",
            "[::2]:3000",
        ] {
            assert!(!allowed.allows(host_name(host)), "{host}");
        }
    }
}
