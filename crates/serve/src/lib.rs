//! `styrdok serve`: builds into memory with the build engine, serves the result on
//! loopback, watches the site and rebuilds incrementally on change, and reloads open
//! pages (server-sent events). A failed rebuild keeps the last good site served and
//! shows the problems in an overlay and in the terminal until they are fixed. The
//! reload script is injected into served pages only, never into `build` output.

mod http;
mod server;
mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use styrdok_core::diag::{Diagnostic, Severity};
use styrdok_core::text::Date;
use styrdok_engine::Engine;

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    /// `--drafts` or `--no-drafts`; neither: drafts are previewed on loopback only,
    /// where the person editing is the only reader.
    pub drafts: Option<bool>,
    pub today: Option<Date>,
    /// The audience to preview (`--audience public`: the public extract).
    pub audience: Option<String>,
}

/// What the server shows: the last good site, and the problems of the latest build
/// (errors and warnings, as the browser may see them).
pub struct Snapshot {
    pub files: Arc<styrdok_output::Files>,
    pub problems: Vec<Diagnostic>,
    /// Bumped on every rebuild, so event streams know when to speak.
    pub version: u64,
    pub base_path: String,
}

impl Snapshot {
    /// Whether the latest build failed (the site served is an older one).
    pub fn failed(&self) -> bool {
        self.problems.iter().any(|d| d.severity == Severity::Error)
    }
}

/// The snapshot shared by the watcher and the request handlers.
pub struct Shared {
    pub snapshot: Mutex<Snapshot>,
    pub changed: Condvar,
}

impl Shared {
    fn publish(
        &self,
        files: Option<Arc<styrdok_output::Files>>,
        problems: Vec<Diagnostic>,
        base_path: String,
    ) {
        let mut s = self.snapshot.lock().unwrap();
        if let Some(files) = files {
            s.files = files;
        }
        s.problems = problems;
        s.base_path = base_path;
        s.version += 1;
        self.changed.notify_all();
    }
}

fn report(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprint!("{}", d.render_human());
    }
}

/// Shown in the browser in place of a problem of an unpublished document.
const WITHHELD: &str = "a problem in a restricted document or an unpublished draft: \
    shown in the terminal only, so that none of the document's text reaches the browser";

/// The problems as the browser gets them (the overlay, `errors.json`, the event stream).
/// A restricted document or an unpublished draft is never served, so neither may any
/// of its text be: its problems keep where they are (path, line, column: where to look)
/// but lose their source line and their message, which quote the text ("broken link:
/// no document has the id `…`"). The terminal shows them whole. Every other problem is
/// shown in full, source line included, which is what makes the overlay worth having.
fn for_browser(engine: &Engine, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        // Notes need no change (which files are not copied): terminal only.
        .filter(|d| d.severity != Severity::Note)
        .map(|mut d| {
            let document = d.path.starts_with("content/") && d.path.ends_with(".md");
            let unpublished = || match engine.document_published(&d.path) {
                Some(published) => !published,
                None => may_be_unpublished(&engine.root().join(&d.path), engine.drafts()),
            };
            if document && unpublished() {
                d.message = WITHHELD.to_string();
                d.source_line = None;
            }
            d
        })
        .collect()
}

/// For a document that failed to load, so that its classification and status are not
/// known: whether its front matter (or all of it, when that is not closed) mentions
/// being restricted, or a draft without `--drafts`. Unreadable counts as unpublished.
fn may_be_unpublished(path: &Path, drafts: bool) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return true;
    };
    let text = text.to_lowercase();
    let front = text
        .strip_prefix("---")
        .and_then(|t| t.find("\n---").map(|end| &t[..end]))
        .unwrap_or(&text);
    front.contains("restricted") || (!drafts && front.contains("draft"))
}

/// Rebuilds after `paths` changed and publishes the result.
fn rebuild(engine: &mut Engine, shared: &Shared, paths: &[PathBuf]) {
    let started = std::time::Instant::now();
    let names: Vec<String> = paths
        .iter()
        .map(|p| styrdok_load::site_relative(engine.root(), p))
        .collect();
    eprintln!("changed: {}", names.join(", "));
    let (report_, stats) = engine.update(paths);
    report(&report_.diagnostics);
    let problems = for_browser(engine, report_.diagnostics);
    let errors = problems
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let base = engine.base_path();
    if errors == 0 {
        eprintln!(
            "rebuilt in {} ms ({}, {} file(s) rendered)",
            started.elapsed().as_millis(),
            if stats.incremental {
                "incremental"
            } else {
                "full"
            },
            stats.files_rendered
        );
        let files = engine.shared_files();
        shared.publish(files, problems, base);
    } else {
        eprintln!("rebuild failed: {errors} error(s); the last good site is still served");
        shared.publish(None, problems, base);
    }
}

/// `--bind`: an IPv4 or IPv6 address (brackets optional), or `localhost`, which is
/// the IPv4 loopback (browsers try it for `localhost` too).
fn parse_bind(text: &str) -> Result<IpAddr, String> {
    if text.eq_ignore_ascii_case("localhost") {
        return Ok(Ipv4Addr::LOCALHOST.into());
    }
    let bare = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    bare.parse().map_err(|_| {
        format!("--bind {text}: expected an IP address (127.0.0.1, ::1, 0.0.0.0, …) or localhost")
    })
}

/// What to say when the site is reachable beyond this machine.
fn exposure_warning(addr: SocketAddr, drafts: bool) -> Option<String> {
    let ip = addr.ip();
    if ip.is_loopback() {
        return None;
    }
    let what = if drafts {
        "the whole site, drafts included, and the problems of a failed build are"
    } else {
        "the whole site and the problems of a failed build are"
    };
    let mut warning = format!(
        "warning: listening on {addr}: {what} reachable from the network, by anyone who \
         can reach this machine; --bind 127.0.0.1 (the default) keeps them to it"
    );
    if ip.is_unspecified() {
        warning.push_str(
            "\nwarning: a wildcard address answers requests for any host name, so a page \
             elsewhere can read the site by having its own name resolve to this machine \
             (DNS rebinding); bind one address to have the Host header checked",
        );
    }
    Some(warning)
}

/// Said at start, so that a draft missing from the preview (or shown in it) is no
/// surprise.
fn drafts_note(drafts: bool) -> &'static str {
    if drafts {
        "drafts: previewed, marked as drafts (--no-drafts leaves them out, as `build` does)"
    } else {
        "drafts: left out, as `build` does (--drafts previews them)"
    }
}

/// The first build, as the snapshot to serve.
fn first_build(engine: &mut Engine) -> Snapshot {
    let first = engine.full(&styrdok_engine::request::Target::Memory);
    report(&first.diagnostics);
    Snapshot {
        files: engine.shared_files().unwrap_or_default(),
        problems: for_browser(engine, first.diagnostics),
        version: 0,
        base_path: engine.base_path(),
    }
}

/// Runs until the process is stopped. Prints `Serving on URL` once listening.
pub fn run(opts: ServeOptions) -> std::io::Result<()> {
    let ip = parse_bind(&opts.bind)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    // Before the first build, so that a port in use is reported at once.
    let listener = TcpListener::bind((ip, opts.port)).map_err(|e| {
        std::io::Error::other(format!(
            "cannot listen on {}: {e}",
            SocketAddr::new(ip, opts.port)
        ))
    })?;
    let local = listener.local_addr()?;
    let today = opts.today.unwrap_or_else(Date::today);
    let drafts = opts.drafts.unwrap_or(ip.is_loopback());
    // Armed before the first build, so that nothing saved while it runs (or right
    // after `Serving on` is printed) goes unseen: such changes wait in the channel.
    let (changes, changed) = mpsc::channel::<Vec<PathBuf>>();
    let _watcher = watch::start(&opts.root, move |paths| {
        let _ = changes.send(paths);
    })?;
    let mut engine = Engine::new(&opts.root, drafts, today).for_audience(opts.audience.clone());
    let shared = Arc::new(Shared {
        snapshot: Mutex::new(first_build(&mut engine)),
        changed: Condvar::new(),
    });
    if let Some(warning) = exposure_warning(local, drafts) {
        eprintln!("{warning}");
    }
    eprintln!("{}", drafts_note(drafts));
    let base = shared.snapshot.lock().unwrap().base_path.clone();
    println!("Serving on http://{local}{base}");
    std::thread::spawn({
        let shared = Arc::clone(&shared);
        move || rebuild_on_change(&mut engine, &shared, &changed)
    });
    server::serve(listener, server::Hosts::new(ip, &opts.bind), shared)
}

/// Rebuilds once for everything that changed since the last rebuild began.
fn rebuild_on_change(engine: &mut Engine, shared: &Shared, changed: &mpsc::Receiver<Vec<PathBuf>>) {
    while let Ok(mut paths) = changed.recv() {
        while let Ok(more) = changed.try_recv() {
            paths.extend(more);
        }
        paths.sort();
        paths.dedup();
        rebuild(engine, shared, &paths);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_binds_addresses_and_localhost() {
        let ip = |t: &str| parse_bind(t).map(|ip| ip.to_string());
        assert_eq!(ip("127.0.0.1").unwrap(), "127.0.0.1");
        assert_eq!(ip("localhost").unwrap(), "127.0.0.1");
        assert_eq!(ip("::1").unwrap(), "::1");
        assert_eq!(ip("[::1]").unwrap(), "::1");
        assert_eq!(ip("0.0.0.0").unwrap(), "0.0.0.0");
        assert!(ip("example.org").is_err() && ip("127.0.0.1:80").is_err());
    }

    #[test]
    fn serve_warns_beyond_loopback_only() {
        let addr = |t: &str| SocketAddr::new(t.parse().unwrap(), 1111);
        assert_eq!(exposure_warning(addr("127.0.0.1"), true), None);
        assert_eq!(exposure_warning(addr("::1"), true), None);
        let lan = exposure_warning(addr("192.168.1.5"), false).unwrap();
        assert!(lan.contains("reachable from the network") && !lan.contains("drafts"));
        assert!(!lan.contains("DNS rebinding"));
        let all = exposure_warning(addr("0.0.0.0"), true).unwrap();
        assert!(all.contains("drafts included") && all.contains("DNS rebinding"));
    }

    #[test]
    fn serve_withholds_what_may_be_unpublished() {
        let dir = tempfile::tempdir().unwrap();
        let doc = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        let restricted = doc("a.md", "---\nclassification: Restricted\nx: y: z\n---\n");
        assert!(may_be_unpublished(&restricted, true));
        let draft = doc("b.md", "---\nstatus: draft\nx: y: z\n---\n");
        assert!(may_be_unpublished(&draft, false) && !may_be_unpublished(&draft, true));
        let public = doc("c.md", "---\nx: y: z\n---\nThe draft was restricted.\n");
        assert!(!may_be_unpublished(&public, false));
        let unclosed = doc("d.md", "---\nx: y\nrestricted\n");
        assert!(may_be_unpublished(&unclosed, false));
        assert!(may_be_unpublished(&dir.path().join("gone.md"), false));
    }
}
