//! What a request is answered with: files from the in-memory site under `base_path`,
//! the live-reload event stream, the error list for the overlay, and the overlay
//! script. The connections themselves are server.rs's.

use super::Shared;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;
use styrdok_core::diag::format::json_compact;

const LIVE_JS: &str = include_str!("live.js");
const PREFIX: &str = "__styrdok/";

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Injects the live-reload script just before `</body>`.
fn inject(html: &[u8], base: &str) -> Vec<u8> {
    let tag =
        format!("<script src=\"{base}{PREFIX}live.js\" data-base=\"{base}\" defer></script>\n");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{}{}", &text[..i], tag, &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// An answer to send whole.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body: body.into(),
        }
    }

    pub fn text(status: u16, body: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", body)
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

pub enum Reply {
    Whole(Response),
    /// The live-reload event stream (see `stream_events`).
    Events,
}

/// The answer to a GET (or HEAD) of `target`: path and query, as requested.
pub fn route(target: &str, shared: &Shared) -> Reply {
    let url = target.split(['?', '#']).next().unwrap_or("/");
    let path = styrdok_core::text::percent_decode(url);
    let (files, base) = {
        let s = shared.snapshot.lock().unwrap();
        (s.files.clone(), s.base_path.clone())
    };
    let Some(rel) = path
        .strip_prefix(base.as_str())
        .or_else(|| (path.clone() + "/" == base).then_some(""))
    else {
        return Reply::Whole(Response::text(404, "not found"));
    };
    let response = match rel.strip_prefix(PREFIX) {
        Some("live.js") => Response::new(200, "text/javascript; charset=utf-8", LIVE_JS),
        Some("errors.json") => {
            let s = shared.snapshot.lock().unwrap();
            let json = json_compact(&s.problems);
            Response::new(200, "application/json", json).header("Cache-Control", "no-store")
        }
        Some("events") => return Reply::Events,
        _ => site_file(rel, url, &files, &base),
    };
    Reply::Whole(response)
}

/// A file of the site, the redirect to a folder's page, or the site's 404 page.
fn site_file(rel: &str, url: &str, files: &styrdok_output::Files, base: &str) -> Response {
    let mut key = rel.to_string();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    if let Some(bytes) = files.get(&key) {
        let body = if key.ends_with(".html") {
            inject(bytes, base)
        } else {
            bytes.to_vec()
        };
        Response::new(200, content_type(&key), body).header("Cache-Control", "no-store")
    } else if files.contains_key(&format!("{key}/index.html")) {
        Response::text(301, "").header("Location", format!("{url}/"))
    } else {
        let body = files
            .get("404.html")
            .map(|b| inject(b, base))
            .unwrap_or_else(|| b"not found".to_vec());
        Response::new(404, "text/html; charset=utf-8", body)
    }
}

/// Serves the event stream on `out` until the client goes. Written straight to the
/// socket and flushed per event: a buffered response would hold small events back.
pub fn stream_events(out: &mut impl Write, shared: Arc<Shared>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    if out
        .write_all(head.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
    {
        return;
    }
    let mut stream = EventStream { shared, seen: None };
    loop {
        let event = stream.next_event();
        if out
            .write_all(event.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            return;
        }
    }
}

/// A server-sent event stream: first the current state, then one event per rebuild
/// (`reload` after a good one, `failed` with the problems after a bad one; a page
/// opened on a good build with warnings gets `warnings` with them after `ready`), with a
/// comment every few seconds so dead connections are noticed and their threads end.
struct EventStream {
    shared: Arc<Shared>,
    seen: Option<u64>,
}

impl EventStream {
    fn next_event(&mut self) -> String {
        let shared = Arc::clone(&self.shared);
        let mut guard = shared.snapshot.lock().unwrap();
        if let Some(seen) = self.seen {
            guard = shared
                .changed
                .wait_timeout_while(guard, Duration::from_secs(10), |s| s.version == seen)
                .unwrap()
                .0;
            if guard.version == seen {
                return ": ping\n\n".to_string();
            }
        }
        let first = self.seen.is_none();
        self.seen = Some(guard.version);
        if guard.failed() {
            format!("event: failed\ndata: {}\n\n", json_compact(&guard.problems))
        } else if first && !guard.problems.is_empty() {
            format!(
                "event: ready\ndata: {}\n\nevent: warnings\ndata: {}\n\n",
                guard.version,
                json_compact(&guard.problems)
            )
        } else if first {
            format!("event: ready\ndata: {}\n\n", guard.version)
        } else {
            format!("event: reload\ndata: {}\n\n", guard.version)
        }
    }
}
