//! `styrdok serve`: starts the server on a free loopback port, fetches pages, edits the
//! source and sees the change and the reload event, breaks it and sees the error, fixes
//! it; survives a burst of writes and renames.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args(["serve", "--port", "0", "--today", "2025-01-15", "--root"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    Server { child, port }
}

fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Reads server-sent events until one named `name` arrives; returns its data.
fn wait_event(reader: &mut BufReader<TcpStream>, name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut current = String::new();
    while Instant::now() < deadline {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            continue;
        }
        if let Some(event) = line.strip_prefix("event: ") {
            current = event.trim().to_string();
        } else if let Some(data) = line.strip_prefix("data: ")
            && current == name
        {
            return data.trim().to_string();
        }
    }
    panic!("no `{name}` event within 20 s");
}

fn events(port: u16) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET /__styrdok/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    BufReader::new(stream)
}

fn wait_until(mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("condition not met within 20 s");
}

#[test]
fn serve_reloads_on_change_shows_errors_and_recovers() {
    let site = TestSite::from_fixture("views");
    let server = start(&site);
    let (status, page) = get(server.port, "/plan/");
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Handlingsplan</h1>"));
    assert!(
        page.contains("__styrdok/live.js"),
        "the reload script is injected when serving"
    );
    assert_eq!(get(server.port, "/finns-inte/").0, 404);
    assert_eq!(get(server.port, "/plan").0, 301);

    let mut stream = events(server.port);
    wait_event(&mut stream, "ready");
    let path = "content/plan.md";
    let original = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(
        path,
        &original.replace("title: Handlingsplan", "title: Handlingsplan två"),
    );
    wait_event(&mut stream, "reload");
    assert!(
        get(server.port, "/plan/")
            .1
            .contains("<h1>Handlingsplan två</h1>")
    );

    site.write(path, &format!("{original}\n[[saknas]]\n"));
    let data = wait_event(&mut stream, "failed");
    assert!(
        data.contains("\"path\":\"content/plan.md\"") && data.contains("broken link"),
        "{data}"
    );
    let line = original.lines().count() as u32 + 2;
    assert!(
        data.contains(&format!("\"line\":{line},\"column\":1")),
        "{data}"
    );
    let (_, errors) = get(server.port, "/__styrdok/errors.json");
    assert!(errors.contains("saknas"));
    // The last good site is still served.
    assert!(
        get(server.port, "/plan/")
            .1
            .contains("<h1>Handlingsplan två</h1>")
    );

    site.write(path, &original);
    wait_event(&mut stream, "reload");
    assert_eq!(get(server.port, "/__styrdok/errors.json").1, "[]");
    assert!(
        get(server.port, "/plan/")
            .1
            .contains("<h1>Handlingsplan</h1>")
    );
}

#[test]
fn serve_survives_a_burst_of_writes_and_renames() {
    let site = TestSite::from_fixture("views");
    let server = start(&site);
    let target = site.root().join("content/gammal.md");
    let original = std::fs::read_to_string(&target).unwrap();
    for i in 0..1000 {
        // As editors save: write a scratch file, rename it over the original.
        let scratch = site.root().join(format!("content/.gammal.md.{i}.tmp"));
        std::fs::write(
            &scratch,
            original.replace("Gammal.", &format!("Gammal {i}.")),
        )
        .unwrap();
        std::fs::rename(&scratch, &target).unwrap();
        if i % 100 == 0 {
            let other = site.root().join("content/burst.md");
            std::fs::write(&other, format!("---\ntitle: Burst {i}\n---\n")).unwrap();
            std::fs::rename(&other, site.root().join("content/burst2.md")).unwrap();
        }
    }
    wait_until(|| get(server.port, "/gammal/").1.contains("Gammal 999."));
    assert!(get(server.port, "/burst2/").1.contains("Burst 900"));
    assert_eq!(get(server.port, "/").0, 200);
}

#[test]
fn built_sites_never_carry_the_reload_script() {
    let site = TestSite::from_fixture("views");
    site.build().assert_ok();
    for (path, bytes) in site.output_files() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__styrdok"),
            "{path}"
        );
    }
}
