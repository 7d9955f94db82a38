//! Request handling: files from the in-memory site under `base_path`, the live-reload
//! event stream, the error list for the overlay, and the overlay script.

use super::Shared;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Request, Response};

const LIVE_JS: &str = include_str!("live.js");
const PREFIX: &str = "__styrdok/";

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

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

pub fn handle(request: Request, shared: Arc<Shared>) {
    let url = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let path = crate::text::percent_decode(&url);
    let (files, base, errors_json) = {
        let s = shared.snapshot.lock().unwrap();
        let errors = serde_json::to_string(&errors_view(&s.errors)).unwrap_or_else(|_| "[]".into());
        (s.files.clone(), s.base_path.clone(), errors)
    };
    let Some(rel) = path
        .strip_prefix(base.as_str())
        .or_else(|| (path.clone() + "/" == base).then_some(""))
    else {
        let _ = request.respond(Response::from_string("not found").with_status_code(404));
        return;
    };
    match rel {
        r if r == format!("{PREFIX}live.js") => {
            let response = Response::from_string(LIVE_JS)
                .with_header(header("Content-Type", "text/javascript; charset=utf-8"));
            let _ = request.respond(response);
        }
        r if r == format!("{PREFIX}errors.json") => {
            let response = Response::from_string(errors_json)
                .with_header(header("Content-Type", "application/json"))
                .with_header(header("Cache-Control", "no-store"));
            let _ = request.respond(response);
        }
        r if r == format!("{PREFIX}events") => {
            // Written straight to the socket and flushed per event: a buffered
            // response would hold small events back.
            let mut writer = request.into_writer();
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
            if writer
                .write_all(head.as_bytes())
                .and_then(|_| writer.flush())
                .is_err()
            {
                return;
            }
            let mut stream = EventStream {
                shared: Arc::clone(&shared),
                seen: None,
            };
            loop {
                let event = stream.next_event();
                if writer
                    .write_all(event.as_bytes())
                    .and_then(|_| writer.flush())
                    .is_err()
                {
                    return;
                }
            }
        }
        _ => {
            let mut key = rel.to_string();
            if key.is_empty() || key.ends_with('/') {
                key.push_str("index.html");
            }
            if let Some(bytes) = files.get(&key) {
                let body = if key.ends_with(".html") {
                    inject(bytes, &base)
                } else {
                    bytes.to_vec()
                };
                let response = Response::from_data(body)
                    .with_header(header("Content-Type", content_type(&key)))
                    .with_header(header("Cache-Control", "no-store"));
                let _ = request.respond(response);
            } else if files.contains_key(&format!("{key}/index.html")) {
                let response =
                    Response::empty(301).with_header(header("Location", &format!("{url}/")));
                let _ = request.respond(response);
            } else {
                let body = files
                    .get("404.html")
                    .map(|b| inject(b, &base))
                    .unwrap_or_else(|| b"not found".to_vec());
                let response = Response::from_data(body)
                    .with_status_code(404)
                    .with_header(header("Content-Type", "text/html; charset=utf-8"));
                let _ = request.respond(response);
            }
        }
    }
}

#[derive(serde::Serialize)]
struct ErrorView<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
    source_line: Option<&'a str>,
}

fn errors_view(errors: &[crate::diag::Diagnostic]) -> Vec<ErrorView<'_>> {
    errors
        .iter()
        .map(|d| ErrorView {
            path: &d.path,
            line: d.line,
            column: d.column,
            message: &d.message,
            source_line: d.source_line.as_deref(),
        })
        .collect()
}

/// A server-sent event stream: first the current state, then one event per rebuild
/// (`reload` after a good one, `failed` with the errors after a bad one), with a
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
        if !guard.errors.is_empty() {
            let json = serde_json::to_string(&errors_view(&guard.errors)).unwrap_or_default();
            format!("event: failed\ndata: {json}\n\n")
        } else if first {
            format!("event: ready\ndata: {}\n\n", guard.version)
        } else {
            format!("event: reload\ndata: {}\n\n", guard.version)
        }
    }
}
