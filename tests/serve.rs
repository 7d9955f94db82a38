//! `styrdok serve`: starts the server on a free loopback port, fetches pages, edits the
//! source and sees the change and the reload event, breaks it and sees the error, fixes
//! it; survives a burst of writes and renames.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    /// Everything the server wrote to standard error so far.
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite) -> Server {
    start_with(site, &[])
}

/// Starts `styrdok serve` on a free port with `args` added; standard error is collected
/// on a thread of its own, so that the server never blocks on a full pipe.
fn start_with(site: &TestSite, args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args(["serve", "--port", "0", "--today", "2025-01-15"])
        .args(args)
        .arg("--root")
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = Arc::new(Mutex::new(String::new()));
    let mut pipe = BufReader::new(child.stderr.take().unwrap());
    let sink = Arc::clone(&stderr);
    std::thread::spawn(move || {
        let mut line = String::new();
        while pipe.read_line(&mut line).unwrap_or(0) > 0 {
            // A test that failed while holding the lock must not take this thread too.
            sink.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push_str(&line);
            line.clear();
        }
    });
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| {
            std::thread::sleep(Duration::from_millis(200));
            panic!("no port in {line:?}; stderr: {}", stderr.lock().unwrap())
        });
    Server {
        child,
        port,
        stderr,
    }
}

/// Sends `raw` to the server on `addr` and reads the whole answer (the server closes
/// the connection); returns the status and the answer's text, head included.
fn exchange(addr: (&str, u16), raw: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // A server that refuses a request early may close before everything was written.
    let _ = stream.write_all(raw);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// `GET /` with the given `Host` header (none when `None`).
fn get_with_host(port: u16, host: Option<&str>) -> u16 {
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    let raw = format!("GET / HTTP/1.1\r\n{host}Connection: close\r\n\r\n");
    exchange(("127.0.0.1", port), raw.as_bytes()).0
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
    assert_no_errors(&get(server.port, "/__styrdok/errors.json").1);
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
    // The debouncer orders no batch across paths: the last save of gammal.md may be
    // rebuilt before the earlier rename onto burst2.md is. Both must come.
    wait_until(|| {
        get(server.port, "/gammal/").1.contains("Gammal 999.")
            && get(server.port, "/burst2/").1.contains("Burst 900")
    });
    assert_eq!(get(server.port, "/").0, 200);
}

#[test]
fn serve_sees_a_save_made_the_moment_it_starts() {
    // Many folders make arming a recursive watch slow, so a watcher armed only after
    // `Serving on` was printed misses a save made right then.
    let site = TestSite::from_fixture("views");
    for i in 0..400 {
        site.write(
            &format!("content/del-{i}/sida-{i}/text.md"),
            &format!("---\ntitle: Sida {i}\n---\n"),
        );
    }
    let server = start(&site);
    let target = site.root().join("content/gammal.md");
    let original = std::fs::read_to_string(&target).unwrap();
    std::fs::write(&target, original.replace("Gammal.", "Gammal sparad.")).unwrap();
    wait_until(|| get(server.port, "/gammal/").1.contains("Gammal sparad."));
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

/// Reads server-sent events until a rebuild's outcome arrives: `reload` or `failed`,
/// with its data.
fn next_outcome(reader: &mut BufReader<TcpStream>) -> (String, String) {
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
            && (current == "reload" || current == "failed")
        {
            return (current, data.trim().to_string());
        }
    }
    panic!("no rebuild within 20 s");
}

#[test]
fn serve_notices_a_folder_renamed_under_content() {
    let site = TestSite::from_fixture("views");
    let doc = "---\ntitle: Flyttad\nid: flyttad\n---\nFlyttad text.\n";
    site.write("content/a/flyttad.md", doc);
    let server = start(&site);
    assert_eq!(get(server.port, "/a/flyttad/").0, 200);
    // A folder rename is reported for the folder only, never for the files in it.
    std::fs::rename(site.root().join("content/a"), site.root().join("content/b")).unwrap();
    wait_until(|| get(server.port, "/b/flyttad/").0 == 200);
    assert_eq!(get(server.port, "/a/flyttad/").0, 404);
    // The document is known by its new path only: editing it is no duplicate of itself.
    // (The rename may still be rebuilding: the edited page itself is waited for.)
    site.write(
        "content/b/flyttad.md",
        &doc.replace("Flyttad text", "Ändrad text"),
    );
    wait_until(|| get(server.port, "/b/flyttad/").1.contains("Ändrad text."));
    assert_no_errors(&get(server.port, "/__styrdok/errors.json").1);
}

#[test]
fn serve_notices_a_folder_named_like_a_document_renamed() {
    let site = TestSite::from_fixture("views");
    site.write(
        "content/arkiv.md/gammalt.md",
        "---\ntitle: Arkiverat\nid: arkiverat\n---\nText.\n",
    );
    let old = format!("/{}", styrdok::graph::document_url("arkiv.md/gammalt.md"));
    let new = format!("/{}", styrdok::graph::document_url("arkiv2.md/gammalt.md"));
    let server = start(&site);
    assert_eq!(get(server.port, &old).0, 200, "{old}");
    std::fs::rename(
        site.root().join("content/arkiv.md"),
        site.root().join("content/arkiv2.md"),
    )
    .unwrap();
    wait_until(|| get(server.port, &new).0 == 200);
    assert_eq!(get(server.port, &old).0, 404);
}

#[test]
fn serve_answers_only_host_headers_naming_the_server() {
    let site = TestSite::from_fixture("views");
    let server = start(&site);
    let port = server.port;
    // What a page of another site reaches after its name was rebound to 127.0.0.1.
    let foreign = [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        "127.0.0.1.evil.example".into(),
        format!("localhost.evil.example:{port}"),
        "[::2]".into(),
        "127.0.0.1:x".into(),
    ];
    for host in &foreign {
        assert_eq!(get_with_host(port, Some(host)), 421, "{host}");
    }
    let own = [
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}"),
        "localhost".into(),
        // A forwarded port (ssh -L 8080:localhost:PORT) arrives with its own number.
        "LOCALHOST:8080".into(),
        "[::1]".into(),
        format!("[::1]:{port}"),
    ];
    for host in &own {
        assert_eq!(get_with_host(port, Some(host)), 200, "{host}");
    }
    assert_eq!(get_with_host(port, None), 400);
    let raw = "GET /__styrdok/errors.json HTTP/1.1\r\nHost: evil.example\r\n\r\n";
    assert_eq!(exchange(("127.0.0.1", port), raw.as_bytes()).0, 421);
}

#[test]
fn errors_never_carry_text_of_restricted_or_draft_documents() {
    let site = TestSite::from_fixture("views");
    let server = start_with(&site, &["--no-drafts"]);
    let port = server.port;
    let mut stream = events(port);
    wait_event(&mut stream, "ready");
    // Front matter that does not parse: the classification is in the text only.
    site.write(
        "content/hemlig2.md",
        "---\ntitle: Hemlig\nclassification: restricted\nowner: CANARY-YAML: x\n---\nText.\n",
    );
    // A restricted document that loads, with a broken link.
    let hemlig = std::fs::read_to_string(site.root().join("content/hemlig.md")).unwrap();
    site.write("content/hemlig.md", &format!("{hemlig}\n[[CANARY-LINK]]\n"));
    site.write(
        "content/utkast.md",
        "---\ntitle: Utkast\nstatus: draft\n---\n[[CANARY-DRAFT]]\n",
    );
    // A published document: its problem is shown in full.
    site.write(
        "content/synlig.md",
        "---\ntitle: Synlig\nowner: VISIBLE-YAML: x\n---\nText.\n",
    );
    let paths = ["hemlig2.md", "hemlig.md", "utkast.md", "synlig.md"];
    let mut errors = String::new();
    wait_until(|| {
        errors = get(port, "/__styrdok/errors.json").1;
        paths
            .iter()
            .all(|p| errors.contains(&format!("\"path\":\"content/{p}\"")))
    });
    assert!(!errors.contains("CANARY"), "{errors}");
    assert!(errors.contains("VISIBLE-YAML"), "{errors}");
    loop {
        let (outcome, data) = next_outcome(&mut stream);
        assert!(!data.contains("CANARY"), "{data}");
        if outcome == "failed" && paths.iter().all(|p| data.contains(p)) {
            break;
        }
    }
}

/// errors.json after a good build: warnings only, if anything.
fn assert_no_errors(json: &str) {
    assert!(json.starts_with('['), "{json}");
    assert!(!json.contains("\"severity\":\"error\""), "{json}");
}

#[test]
fn errors_json_is_checks_json_with_warnings() {
    let site = TestSite::from_fixture("views");
    let server = start(&site);
    let mut stream = events(server.port);
    wait_event(&mut stream, "ready");
    // A good build's warnings reach the overlay after `ready`, and errors.json.
    let data = wait_event(&mut stream, "warnings");
    assert!(data.contains("\"severity\":\"warning\""), "{data}");
    let (_, json) = get(server.port, "/__styrdok/errors.json");
    let run = styrdok_in(site.root(), &["check", "--format", "json"]);
    let expected: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let served: serde_json::Value = serde_json::from_str(&json).unwrap();
    let problems = |v: &serde_json::Value| -> Vec<serde_json::Value> {
        // `check` adds notes, which need no change and stay in the terminal.
        let all = v.as_array().unwrap().iter().cloned();
        all.filter(|d| d["severity"] != "note").collect()
    };
    assert!(!problems(&expected).is_empty(), "{json}");
    assert_eq!(problems(&served), problems(&expected));
}

#[test]
fn serve_previews_drafts_on_loopback_unless_told_not_to() {
    let site = TestSite::from_fixture("views");
    site.write(
        "content/utkast.md",
        "---\ntitle: Utkast\nstatus: draft\n---\nUtkasttext.\n",
    );
    let server = start(&site);
    assert_eq!(get(server.port, "/utkast/").0, 200);
    let said = || server.stderr.lock().unwrap().clone();
    wait_until(|| said().contains("drafts: previewed"));
    assert!(said().contains("--no-drafts"), "{}", said());
    let hidden = start_with(&site, &["--no-drafts"]);
    assert_eq!(get(hidden.port, "/utkast/").0, 404);
    wait_until(|| hidden.stderr.lock().unwrap().contains("drafts: left out"));
}

#[test]
fn serve_warns_when_reachable_from_the_network() {
    let site = TestSite::from_fixture("views");
    let server = start_with(&site, &["--bind", "0.0.0.0", "--drafts"]);
    wait_until(|| {
        server
            .stderr
            .lock()
            .unwrap()
            .contains("reachable from the network")
    });
    let stderr = server.stderr.lock().unwrap().clone();
    assert!(stderr.contains("drafts included"), "{stderr}");
    // A wildcard bind answers whatever name the machine was reached by.
    assert_eq!(get_with_host(server.port, Some("styrdok.example")), 200);
}

#[test]
fn serve_binds_localhost_and_ipv6_loopback() {
    let site = TestSite::from_fixture("views");
    let server = start_with(&site, &["--bind", "localhost"]);
    assert_eq!(get(server.port, "/").0, 200);
    drop(server);
    if std::net::TcpListener::bind("[::1]:0").is_err() {
        eprintln!("no IPv6 loopback on this machine: --bind ::1 not tested");
        return;
    }
    for bind in ["::1", "[::1]"] {
        let server = start_with(&site, &["--bind", bind]);
        let raw = "GET / HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n";
        assert_eq!(
            exchange(("::1", server.port), raw.as_bytes()).0,
            200,
            "{bind}"
        );
    }
}

#[test]
fn serve_refuses_oversized_request_heads() {
    let site = TestSite::from_fixture("views");
    let server = start(&site);
    let filler = "a".repeat(64 * 1024);
    let raw = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: {filler}\r\n\r\n");
    assert_eq!(exchange(("127.0.0.1", server.port), raw.as_bytes()).0, 431);
    let many: String = (0..2000).map(|i| format!("X-{i}: {i}\r\n")).collect();
    let raw = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n{many}\r\n");
    assert_eq!(exchange(("127.0.0.1", server.port), raw.as_bytes()).0, 431);
    assert_eq!(get(server.port, "/").0, 200);
}

#[cfg(target_os = "linux")]
fn threads(pid: u32) -> usize {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn serve_keeps_its_threads_bounded_under_many_connections() {
    let site = TestSite::from_fixture("views");
    let server = start(&site);
    assert_eq!(get(server.port, "/").0, 200);
    let before = threads(server.child.id());
    // Clients that connect and say nothing, as slow or malicious ones do.
    let idle: Vec<TcpStream> = (0..300)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", server.port)).ok())
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let during = threads(server.child.id());
    assert!(
        during <= before + 2,
        "{before} threads before {} idle connections, {during} with them",
        idle.len()
    );
    drop(idle);
    wait_until(|| get(server.port, "/").0 == 200);
}

#[test]
fn serve_lets_slow_clients_go() {
    let site = TestSite::from_fixture("views");
    let server = start(&site);
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    // A request head that is never finished.
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    let _ = slow.read_to_end(&mut answer);
    assert!(
        started.elapsed() < Duration::from_secs(12),
        "held for {:?}",
        started.elapsed()
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
    assert_eq!(get(server.port, "/").0, 200);
}

#[test]
fn serve_answers_get_and_head_only() {
    let site = TestSite::from_fixture("views");
    let server = start(&site);
    let port = server.port;
    for method in ["POST", "PUT", "DELETE", "TRACE", "OPTIONS", "PATCH"] {
        let raw = format!(
            "{method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
        );
        let (status, answer) = exchange(("127.0.0.1", port), raw.as_bytes());
        assert_eq!(status, 405, "{method}: {answer}");
        assert!(
            answer
                .to_ascii_lowercase()
                .contains("\r\nallow: get, head\r\n"),
            "{method}: {answer}"
        );
    }
    let page = get(port, "/plan/").1;
    let raw = "HEAD /plan/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    let (status, answer) = exchange(("127.0.0.1", port), raw.as_bytes());
    assert_eq!(status, 200, "{answer}");
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    assert_eq!(body, "", "a HEAD answer has no body");
    assert!(
        head.to_ascii_lowercase()
            .contains(&format!("\r\ncontent-length: {}\r\n", page.len())),
        "{head}"
    );
}

/// `serve --audience public` previews the public extract, and an incremental rebuild
/// after an edit (the body-only path) masks what a full build masks.
#[test]
fn serve_previews_the_public_extract_through_incremental_edits() {
    let site = TestSite::from_fixture("audiences");
    let server = start_with(&site, &["--audience", "public"]);
    let port = server.port;
    let mut stream = events(port);
    wait_event(&mut stream, "ready");
    let (status, page) = get(port, "/riskanalys/");
    assert_eq!(status, 200);
    assert!(page.contains("Uppgifter har maskerats"), "{page}");
    assert!(!page.contains("KANARIEINTERN"), "{page}");
    // An edit of the body only, inside and outside the masked section.
    let text = std::fs::read_to_string(site.root().join("content/riskanalys.md")).unwrap();
    let edited = text
        .replace("Sista stycket", "Sista stycket KANARIEOFFENTLIGNY")
        .replace("Reservkraften vid", "Reservkraften KANARIEINTERNNY vid");
    site.write("content/riskanalys.md", &edited);
    let mut page = String::new();
    wait_until(|| {
        page = get(port, "/riskanalys/").1;
        page.contains("KANARIEOFFENTLIGNY")
    });
    assert!(!page.contains("KANARIEINTERN"), "{page}");
    let (_, search) = get(port, "/sok/idx/manifest.json");
    assert!(!search.contains("KANARIEINTERN"));
}
