//! The whole pipeline for one document: load → graph → validate → render every page,
//! in memory. Arbitrary bytes in; pages or located errors out, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = styrdok::single::render_single(data);
    if report.has_errors() {
        assert!(report.files.is_empty(), "a failed build produced output");
    }
    for d in &report.diagnostics {
        let _ = d.render_human();
    }
});
