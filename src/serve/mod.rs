//! `styrdok serve`: builds into memory with the build engine, serves the result on
//! loopback, watches the site and rebuilds incrementally on change, and reloads open
//! pages (server-sent events). A failed rebuild keeps the last good site served and
//! shows the problems in an overlay and in the terminal until they are fixed. The
//! reload script is injected into served pages only, never into `build` output.

mod http;
mod watch;

use crate::diag::{Diagnostic, Severity};
use crate::engine::Engine;
use crate::text::Date;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
    pub today: Option<Date>,
}

/// What the server shows: the last good site, and the problems of the latest build.
pub struct Snapshot {
    pub files: Arc<crate::output::Files>,
    pub errors: Vec<Diagnostic>,
    /// Bumped on every rebuild, so event streams know when to speak.
    pub version: u64,
    pub base_path: String,
}

/// The snapshot shared by the watcher and the request handlers.
pub struct Shared {
    pub snapshot: Mutex<Snapshot>,
    pub changed: Condvar,
}

impl Shared {
    fn publish(
        &self,
        files: Option<Arc<crate::output::Files>>,
        errors: Vec<Diagnostic>,
        base_path: String,
    ) {
        let mut s = self.snapshot.lock().unwrap();
        if let Some(files) = files {
            s.files = files;
        }
        s.errors = errors;
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

/// Rebuilds after `paths` changed and publishes the result.
fn rebuild(engine: &mut Engine, shared: &Shared, paths: &[PathBuf]) {
    let started = std::time::Instant::now();
    let names: Vec<String> = paths
        .iter()
        .map(|p| crate::load::site_relative(engine.root(), p))
        .collect();
    eprintln!("changed: {}", names.join(", "));
    let (report_, stats) = engine.update(paths);
    report(&report_.diagnostics);
    let errors: Vec<Diagnostic> = report_
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    let base = engine.base_path();
    if errors.is_empty() {
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
        let files = engine.files().cloned().map(Arc::new);
        shared.publish(files, Vec::new(), base);
    } else {
        eprintln!(
            "rebuild failed: {} error(s); the last good site is still served",
            errors.len()
        );
        shared.publish(None, errors, base);
    }
}

/// Runs until the process is stopped. Prints `Serving on URL` once listening.
pub fn run(opts: ServeOptions) -> std::io::Result<()> {
    let today = opts.today.unwrap_or_else(Date::today);
    let mut engine = Engine::new(&opts.root, opts.drafts, today);
    let first = engine.full(&crate::Target::Memory);
    report(&first.diagnostics);
    let errors: Vec<Diagnostic> = first
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let shared = Arc::new(Shared {
        snapshot: Mutex::new(Snapshot {
            files: Arc::new(engine.files().cloned().unwrap_or_default()),
            errors,
            version: 0,
            base_path: engine.base_path(),
        }),
        changed: Condvar::new(),
    });
    let addr: SocketAddr = format!("{}:{}", opts.bind, opts.port)
        .parse()
        .map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("--bind/--port: {e}"),
            )
        })?;
    let server = tiny_http::Server::http(addr)
        .map_err(|e| std::io::Error::other(format!("cannot listen on {addr}: {e}")))?;
    let local = server.server_addr().to_ip().unwrap_or(addr);
    let base = shared.snapshot.lock().unwrap().base_path.clone();
    println!("Serving on http://{local}{base}");
    let _watcher = watch::start(&opts.root, {
        let shared = Arc::clone(&shared);
        move |paths| rebuild(&mut engine, &shared, &paths)
    })?;
    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || http::handle(request, shared));
    }
    Ok(())
}
