//! Front matter + fenced-block parsing of one Markdown file: arbitrary bytes in,
//! a document and/or located diagnostics out, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use styrdok::config::Config;
use styrdok::load::{SourceFile, load_document};

fuzz_target!(|data: &[u8]| {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    let config = CONFIG.get_or_init(|| {
        Config::parse(styrdok::single::FUZZ_CONFIG)
            .expect("fuzz config")
            .0
    });
    let file = SourceFile {
        abs: "content/doc.md".into(),
        source_path: "content/doc.md".into(),
        content_path: "doc.md".into(),
    };
    let (_doc, diagnostics) = load_document(&file, data, config);
    for d in &diagnostics {
        // Every diagnostic is located in the file it came from, and prints.
        assert_eq!(d.path, "content/doc.md");
        let _ = d.render_human();
    }
});
