//! The HTTP/1.1 server of `serve`, over std::net: GET and HEAD only, one request per
//! connection, a fixed pool of workers, request heads bounded in size and in time, and
//! a Host check against DNS rebinding. tiny_http, used before, started a thread for
//! every connection and read request heads of any size at any pace.

use super::Shared;
use super::http::{self, Reply, Response};
use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Connections served at once; each open page holds one for its event stream.
const WORKERS: usize = 64;
/// Connections accepted and waiting for a worker; beyond that, 503 at once.
const QUEUE: usize = 64;
/// Event streams at once, so that open pages leave workers for their requests.
const MAX_EVENT_STREAMS: usize = WORKERS / 2;
/// The request line and headers; beyond it, 431.
pub const MAX_HEAD: usize = 16 * 1024;
/// For the whole request head, however slowly it trickles in; then 408.
const HEAD_DEADLINE: Duration = Duration::from_secs(5);
/// For each write, so that a client that stops reading frees its worker.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Handlers build answers on the heap; their stacks stay shallow.
const WORKER_STACK: usize = 512 * 1024;

/// The Host header values answered: the loopback names, and the bound address as
/// typed. A page elsewhere that has its own name resolve to 127.0.0.1 (DNS rebinding)
/// sends that name, and gets 421. A wildcard bind is reached by any name the machine
/// has, so it answers every one (and `serve` warns).
pub struct Hosts {
    any: bool,
    names: Vec<String>,
}

impl Hosts {
    pub fn new(ip: IpAddr, typed: &str) -> Hosts {
        let bracketed = |ip: IpAddr| match ip {
            IpAddr::V6(v6) => format!("[{v6}]"),
            IpAddr::V4(v4) => v4.to_string(),
        };
        let mut names: Vec<String> = vec!["localhost".into(), "127.0.0.1".into(), "[::1]".into()];
        names.push(bracketed(ip));
        names.push(match typed.parse::<IpAddr>() {
            Ok(typed) => bracketed(typed),
            Err(_) => typed.to_ascii_lowercase(),
        });
        Hosts {
            any: ip.is_unspecified(),
            names,
        }
    }

    pub fn allows(&self, host: &str) -> bool {
        if self.any {
            return true;
        }
        let host = host.trim().to_ascii_lowercase();
        host_name(&host).is_some_and(|name| self.names.iter().any(|n| *n == name))
    }
}

/// The name in a Host value (`name`, `name:port`, `[v6]`, `[v6]:port`); `None` when
/// it is malformed. Any port is fine: a forwarded port arrives with its own number.
fn host_name(host: &str) -> Option<&str> {
    let (name, rest) = if host.starts_with('[') {
        host.split_at(host.find(']')? + 1)
    } else {
        host.find(':').map_or((host, ""), |k| host.split_at(k))
    };
    let port_ok = match rest.strip_prefix(':') {
        None => rest.is_empty(),
        Some(port) => (1..=5).contains(&port.len()) && port.bytes().all(|b| b.is_ascii_digit()),
    };
    (port_ok && !name.is_empty()).then_some(name)
}

/// Accepts connections until the process ends, handing each to the worker pool.
pub fn serve(listener: TcpListener, hosts: Hosts, shared: Arc<Shared>) -> std::io::Result<()> {
    let (tx, rx) = mpsc::sync_channel::<TcpStream>(QUEUE);
    let rx = Arc::new(Mutex::new(rx));
    let hosts = Arc::new(hosts);
    for i in 0..WORKERS {
        let (rx, hosts, shared) = (Arc::clone(&rx), Arc::clone(&hosts), Arc::clone(&shared));
        std::thread::Builder::new()
            .name(format!("serve-{i}"))
            .stack_size(WORKER_STACK)
            .spawn(move || {
                loop {
                    let next = rx.lock().unwrap().recv();
                    let Ok(stream) = next else { return };
                    // A bug in one answer must not cost the pool a worker.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        connection(stream, &hosts, &shared)
                    }));
                }
            })?;
    }
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                if let Err(TrySendError::Full(s) | TrySendError::Disconnected(s)) =
                    tx.try_send(stream)
                {
                    busy(s);
                }
            }
            // Out of file descriptors, most likely: give connections time to end.
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    Ok(())
}

/// Answers a connection the pool has no room for, without waiting on the client.
fn busy(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    let _ = stream.write_all(
        b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
}

fn connection(mut stream: TcpStream, hosts: &Hosts, shared: &Arc<Shared>) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let (reply, head_only) = match read_head(&mut stream) {
        Err(HeadError::Closed) => return,
        Err(HeadError::Timeout) => (Reply::Whole(Response::text(408, "request timeout")), false),
        Err(HeadError::TooLarge) => (
            Reply::Whole(Response::text(431, "request header fields too large")),
            false,
        ),
        Ok(head) => answer(&head, hosts, shared),
    };
    match reply {
        Reply::Whole(response) => {
            let _ = write_response(&mut stream, &response, head_only);
        }
        Reply::Events if head_only => {
            let _ = write_response(&mut stream, &Response::text(200, ""), true);
        }
        Reply::Events => events(&mut stream, shared),
    }
    linger(stream);
}

/// The answer to a complete request head, and whether it is to a HEAD request.
fn answer(head: &[u8], hosts: &Hosts, shared: &Shared) -> (Reply, bool) {
    let Some(request) = parse_head(head) else {
        return (Reply::Whole(Response::text(400, "bad request")), false);
    };
    let head_only = request.method == "HEAD";
    let response = match request.host {
        None => Response::text(400, "a request needs a Host header"),
        Some(host) if !hosts.allows(host) => Response::text(
            421,
            "misdirected request: this server answers for its own address only",
        ),
        _ if !matches!(request.method, "GET" | "HEAD") => {
            Response::text(405, "method not allowed").header("Allow", "GET, HEAD")
        }
        _ if !request.target.starts_with('/') => Response::text(400, "bad request"),
        _ => return (http::route(request.target, shared), head_only),
    };
    (Reply::Whole(response), head_only)
}

/// Event streams open now.
static EVENT_STREAMS: AtomicUsize = AtomicUsize::new(0);

fn events(stream: &mut TcpStream, shared: &Arc<Shared>) {
    if EVENT_STREAMS.fetch_add(1, Ordering::SeqCst) >= MAX_EVENT_STREAMS {
        EVENT_STREAMS.fetch_sub(1, Ordering::SeqCst);
        let _ = write_response(stream, &Response::text(503, "too many open pages"), false);
        return;
    }
    http::stream_events(stream, Arc::clone(shared));
    EVENT_STREAMS.fetch_sub(1, Ordering::SeqCst);
}

#[derive(Debug, PartialEq, Eq)]
enum HeadError {
    /// The client went before sending a whole head: nothing to answer.
    Closed,
    Timeout,
    TooLarge,
}

/// Reads the request line and headers, up to `MAX_HEAD` bytes and `HEAD_DEADLINE`.
/// What follows them (a body) is left unread: every answer closes the connection.
fn read_head(stream: &mut impl ReadTimeout) -> Result<Vec<u8>, HeadError> {
    let deadline = Instant::now() + HEAD_DEADLINE;
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::Timeout);
        }
        stream.set_timeout(left).map_err(|_| HeadError::Closed)?;
        let n = match stream.read(&mut chunk) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(HeadError::Timeout);
            }
            Err(_) => return Err(HeadError::Closed),
        };
        // Only what was just read can complete the empty line that ends the head.
        let from = head.len().saturating_sub(2);
        head.extend_from_slice(&chunk[..n]);
        match head_end(&head, from) {
            Some(end) if end <= MAX_HEAD => {
                head.truncate(end);
                return Ok(head);
            }
            Some(_) => return Err(HeadError::TooLarge),
            None if head.len() > MAX_HEAD => return Err(HeadError::TooLarge),
            None => {}
        }
    }
}

/// A stream whose reads can be given a timeout (a trait so that tests can feed heads).
trait ReadTimeout: Read {
    fn set_timeout(&mut self, timeout: Duration) -> std::io::Result<()>;
}

impl ReadTimeout for TcpStream {
    fn set_timeout(&mut self, timeout: Duration) -> std::io::Result<()> {
        self.set_read_timeout(Some(timeout))
    }
}

/// Where the head in `buf` ends (after the empty line), searching from `from` on.
/// Bare line feeds are accepted as line ends, as RFC 9112 allows.
fn head_end(buf: &[u8], from: usize) -> Option<usize> {
    (from..buf.len()).find_map(|i| match &buf[i..] {
        [b'\n', b'\n', ..] => Some(i + 2),
        [b'\n', b'\r', b'\n', ..] => Some(i + 3),
        _ => None,
    })
}

struct Request<'a> {
    method: &'a str,
    target: &'a str,
    host: Option<&'a str>,
}

/// The method, target and Host of a request head; `None` when it is malformed (two
/// Host headers included, as RFC 9112 asks).
fn parse_head(head: &[u8]) -> Option<Request<'_>> {
    let text = std::str::from_utf8(head).ok()?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let mut parts = lines.next()?.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    let target_ok = !target.is_empty() && !target.bytes().any(|b| b.is_ascii_control());
    if parts.next().is_some() || !target_ok || !version.starts_with("HTTP/1.") {
        return None;
    }
    let mut host = None;
    for line in lines.take_while(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':')?;
        if name.is_empty() || name.bytes().any(|b| b.is_ascii_whitespace()) {
            return None;
        }
        if name.eq_ignore_ascii_case("host") {
            if host.is_some() {
                return None;
            }
            host = Some(value.trim());
        }
    }
    Some(Request {
        method,
        target,
        host,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn write_response(out: &mut impl Write, r: &Response, head_only: bool) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    for (name, value) in &r.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        r.body.len()
    ));
    out.write_all(head.as_bytes())?;
    if !head_only {
        out.write_all(&r.body)?;
    }
    out.flush()
}

/// Closes so that the answer arrives: closing with input unread makes the system reset
/// the connection, which can destroy an answer still in flight (a 431 to a head that is
/// still arriving). So the input is read away first, within bounds.
fn linger(mut stream: TcpStream) {
    const FOR: Duration = Duration::from_secs(1);
    const UP_TO: usize = 1024 * 1024;
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + FOR;
    let mut sink = [0u8; 4096];
    let mut read = 0;
    while read < UP_TO {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => read += n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds a head in the given pieces.
    struct Pieces(Vec<Vec<u8>>);

    impl Read for Pieces {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Err(ErrorKind::WouldBlock.into());
            }
            let piece = &mut self.0[0];
            let n = piece.len().min(buf.len());
            buf[..n].copy_from_slice(&piece[..n]);
            piece.drain(..n);
            if piece.is_empty() {
                self.0.remove(0);
            }
            Ok(n)
        }
    }

    impl ReadTimeout for Pieces {
        fn set_timeout(&mut self, _: Duration) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn pieces(parts: &[&[u8]]) -> Pieces {
        Pieces(parts.iter().map(|p| p.to_vec()).collect())
    }

    #[test]
    fn serve_reads_heads_within_bounds() {
        let whole = b"GET / HTTP/1.1\r\nHost: a\r\n\r\nbody";
        let head = read_head(&mut pieces(&[whole])).unwrap();
        assert_eq!(head, b"GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        // The empty line split between reads, and bare line feeds.
        let head = read_head(&mut pieces(&[
            b"GET / HTTP/1.1\r\nHost: a\r",
            b"\n",
            b"\r\n",
        ]));
        assert_eq!(head.unwrap().len(), 27);
        assert!(read_head(&mut pieces(&[b"GET / HTTP/1.1\nHost: a\n\n"])).is_ok());
        let big = vec![b'a'; MAX_HEAD + 1];
        assert_eq!(
            read_head(&mut pieces(&[b"GET / HTTP/1.1\r\nX: ", &big])),
            Err(HeadError::TooLarge)
        );
        let mut at_limit = b"GET / HTTP/1.1\r\nX: ".to_vec();
        at_limit.resize(MAX_HEAD - 4, b'a');
        at_limit.extend_from_slice(b"\r\n\r\n");
        assert!(read_head(&mut pieces(&[&at_limit])).is_ok());
        assert_eq!(
            read_head(&mut pieces(&[b"GET / HTTP/1.1\r\n"])),
            Err(HeadError::Timeout)
        );
        assert_eq!(read_head(&mut pieces(&[b""])), Err(HeadError::Closed));
    }

    #[test]
    fn serve_parses_request_heads() {
        let r = parse_head(b"GET /a?b HTTP/1.1\r\nhOsT:  x:1 \r\nAccept: */*\r\n\r\n").unwrap();
        assert_eq!((r.method, r.target, r.host), ("GET", "/a?b", Some("x:1")));
        assert!(
            parse_head(b"GET / HTTP/1.1\r\n\r\n")
                .unwrap()
                .host
                .is_none()
        );
        for bad in [
            &b"GET /\r\n\r\n"[..],
            b"GET / HTTP/1.1 x\r\n\r\n",
            b"GET /a\rb HTTP/1.1\r\n\r\n",
            b"GET / SPDY/3\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost a\r\n\r\n",
            b"GET / HTTP/1.1\r\nHo st: a\r\n\r\n",
            b"GET / HTTP/1.1\r\n\xff: a\r\n\r\n",
        ] {
            assert!(
                parse_head(bad).is_none(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn serve_checks_host_names() {
        let loopback = Hosts::new("127.0.0.1".parse().unwrap(), "127.0.0.1");
        for ok in ["localhost", "127.0.0.1:1111", "[::1]:80", "LocalHost"] {
            assert!(loopback.allows(ok), "{ok}");
        }
        for refused in [
            "evil.example",
            "localhost:",
            "localhost:123456",
            "[::1",
            "::1",
            "",
        ] {
            assert!(!loopback.allows(refused), "{refused}");
        }
        let lan = Hosts::new("192.168.1.5".parse().unwrap(), "192.168.1.5");
        assert!(lan.allows("192.168.1.5:1111") && lan.allows("localhost"));
        assert!(!lan.allows("evil.example"));
        let v6 = Hosts::new("fe80::1".parse().unwrap(), "fe80::1");
        assert!(v6.allows("[fe80::1]:1111") && !v6.allows("[fe80::2]"));
        let named = Hosts::new("127.0.0.1".parse().unwrap(), "localhost");
        assert!(named.allows("localhost:1") && !named.allows("evil.example"));
        let wildcard = Hosts::new("0.0.0.0".parse().unwrap(), "0.0.0.0");
        assert!(wildcard.allows("evil.example"));
    }
}
