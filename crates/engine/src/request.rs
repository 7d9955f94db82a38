//! What a build is asked for and what it reports, and its phase timer: the types every
//! entry point (the CLI, `serve`, tests) and the engine share, below both.

use std::path::PathBuf;
use styrdok_core::diag::{Diagnostic, Severity};
use styrdok_core::text;
use styrdok_output as output;

/// Where the build writes.
pub enum Target {
    /// `public/` (or another folder), swapped in atomically on success.
    Disk(PathBuf),
    Memory,
    /// Validate only; nothing is rendered.
    Nowhere,
}

pub struct BuildRequest {
    pub root: PathBuf,
    pub drafts: bool,
    pub today: Option<text::Date>,
    pub target: Target,
    /// The audience (`--audience`); the internal one when none.
    pub audience: Option<String>,
}

impl BuildRequest {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildRequest {
            target: Target::Disk(root.join("public")),
            root,
            drafts: false,
            today: None,
            audience: None,
        }
    }
}

pub struct BuildReport {
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Files written (in memory mode, with their bytes), shared with the engine that
    /// keeps them for its next render.
    pub files: std::sync::Arc<output::Files>,
    pub pages: usize,
    pub documents: usize,
    /// A failed build whose output folder could not be put back as it was (the
    /// diagnostics say where the previous site is). False for every other build.
    pub output_lost: bool,
}

impl BuildReport {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Phase timings on stderr when `STYRDOK_TIMINGS` is set: for profiling, never for tests.
pub(crate) struct Timer {
    last: Option<(std::time::Instant, f64)>,
}

/// CPU seconds used by this process so far (user + system, all threads), from /proc.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Resident memory of this process now, in MB, from /proc (0 where there is none).
fn resident_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

impl Timer {
    pub(crate) fn from_env() -> Timer {
        Timer {
            last: std::env::var_os("STYRDOK_TIMINGS")
                .map(|_| (std::time::Instant::now(), cpu_seconds())),
        }
    }

    pub(crate) fn lap(&mut self, phase: &str) {
        if let Some((wall, cpu)) = self.last {
            let now = cpu_seconds();
            eprintln!(
                "timing: {phase} {:.1} ms wall, {:.0} ms cpu, {} MB resident",
                wall.elapsed().as_secs_f64() * 1000.0,
                (now - cpu) * 1000.0,
                resident_mb()
            );
            self.last = Some((std::time::Instant::now(), now));
        }
    }
}
