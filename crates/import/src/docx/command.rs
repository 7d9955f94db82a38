//! The command line's `import document` and `import documents`: diagnostics on
//! stderr, the document on stdout or into files that never overwrite anything.

use super::{Document, convert};
use crate::{Settings, read_bounded, settings_near};
use std::io::Write;
use std::path::{Path, PathBuf};
use styrdok_core::model::DocType;

/// `import document FILE.docx [--type TYPE] [--output PATH]`.
pub struct DocumentCommand {
    pub file: PathBuf,
    pub doc_type: Option<DocType>,
    pub output: Option<PathBuf>,
    pub root: Option<PathBuf>,
}

/// `import documents DIR --into content/FOLDER [--type TYPE]`.
pub struct FolderCommand {
    pub dir: PathBuf,
    pub into: PathBuf,
    pub doc_type: Option<DocType>,
    pub root: Option<PathBuf>,
}

/// A file name stem as the site's files are named: `Säkerhetsberättelse 2020` →
/// `sakerhetsberattelse-2020`.
fn stem_of(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = styrdok_core::text::slug(&stem);
    if slug.is_empty() {
        "dokument".into()
    } else {
        slug
    }
}

/// Reads and converts one file; an error is printed and gives `None`.
fn read_and_convert(
    file: &Path,
    stem: &str,
    doc_type: Option<DocType>,
    settings: &Settings,
) -> Option<Document> {
    let shown = file.display().to_string();
    let converted = read_bounded(file).and_then(|bytes| convert(&bytes, stem, doc_type, settings));
    match converted {
        Ok(doc) => {
            for w in &doc.warnings {
                eprintln!("{}", w.render(&shown));
            }
            Some(doc)
        }
        Err(message) => {
            eprintln!("{shown}: error: {message}");
            None
        }
    }
}

/// What was made, for the closing line.
fn described(doc: &Document) -> String {
    let blocks: Vec<String> = doc
        .blocks
        .iter()
        .map(|(k, n)| format!("{k} ({n} rows)"))
        .collect();
    let blocks = if blocks.is_empty() {
        String::new()
    } else {
        format!(", {}", blocks.join(", "))
    };
    format!(
        "type {}, \"{}\"{blocks}, {} picture(s), {} warning(s)",
        doc.doc_type.key(),
        doc.title,
        doc.images.len(),
        doc.warnings.len()
    )
}

pub fn run_document(cmd: &DocumentCommand) -> bool {
    let settings = settings_near(cmd.root.as_deref(), cmd.output.as_deref());
    let stem = cmd
        .output
        .as_deref()
        .map(stem_of)
        .unwrap_or_else(|| stem_of(&cmd.file));
    let Some(doc) = read_and_convert(&cmd.file, &stem, cmd.doc_type, &settings) else {
        eprintln!("import failed: nothing was written");
        return false;
    };
    let shown = cmd.file.display();
    match &cmd.output {
        None => {
            print!("{}", doc.text);
            if !doc.images.is_empty() {
                eprintln!(
                    "{shown}: warning: {} picture(s) are not saved when the document is printed; give --output to save them next to it",
                    doc.images.len()
                );
            }
            eprintln!("imported {shown}: {}", described(&doc));
            true
        }
        Some(out) => match write_document(out, &doc) {
            Ok(()) => {
                eprintln!("wrote {} from {shown}: {}", out.display(), described(&doc));
                true
            }
            Err(message) => {
                eprintln!("{message}");
                eprintln!("import failed: nothing was written");
                false
            }
        },
    }
}

/// Writes the document and its pictures, none of which may exist yet; a failure
/// removes what was written.
fn write_document(path: &Path, doc: &Document) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut files: Vec<(PathBuf, &[u8])> = vec![(path.to_path_buf(), doc.text.as_bytes())];
    files.extend(
        doc.images
            .iter()
            .map(|(name, bytes)| (dir.join(name), bytes.as_slice())),
    );
    if let Some((existing, _)) = files.iter().find(|(p, _)| p.exists()) {
        return Err(format!(
            "{}: error: the file exists; styrdok never overwrites",
            existing.display()
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: error: cannot create the folder: {e}", dir.display()))?;
    let mut written: Vec<&Path> = Vec::new();
    for (p, bytes) in &files {
        let result = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(p)
            .and_then(|mut f| f.write_all(bytes));
        if let Err(e) = result {
            for w in written.iter().chain([&p.as_path()]) {
                let _ = std::fs::remove_file(w);
            }
            return Err(format!("{}: error: cannot write: {e}", p.display()));
        }
        written.push(p);
    }
    Ok(())
}

pub fn run_documents(cmd: &FolderCommand) -> bool {
    let entries = match std::fs::read_dir(&cmd.dir) {
        Ok(entries) => entries,
        Err(e) => {
            eprintln!("{}: error: cannot read the folder: {e}", cmd.dir.display());
            return false;
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_word_file(p))
        .collect();
    files.sort();
    let settings = settings_near(cmd.root.as_deref(), Some(&cmd.into.join("x")));
    let (mut converted, mut skipped, mut failed, mut warnings) = (0, 0, 0, 0);
    for file in &files {
        let target = cmd.into.join(format!("{}.md", stem_of(file)));
        if target.exists() {
            eprintln!(
                "{}: warning: {} exists and is not overwritten; the file is skipped",
                file.display(),
                target.display()
            );
            skipped += 1;
            continue;
        }
        let Some(doc) = read_and_convert(file, &stem_of(file), cmd.doc_type, &settings) else {
            failed += 1;
            continue;
        };
        warnings += doc.warnings.len();
        match write_document(&target, &doc) {
            Ok(()) => {
                eprintln!("wrote {}: {}", target.display(), described(&doc));
                converted += 1;
            }
            Err(message) => {
                eprintln!("{message}");
                skipped += 1;
            }
        }
    }
    eprintln!(
        "imported {converted} of {} Word document(s) from {} into {}: {skipped} skipped, {failed} failed, {warnings} warning(s)",
        files.len(),
        cmd.dir.display(),
        cmd.into.display()
    );
    failed == 0
}

/// .docx, and what a folder of Word files also holds that gets a clear error (.docm,
/// .doc); Word's lock files (`~$name.docx`) are not documents.
fn is_word_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    !name.starts_with("~$") && [".docx", ".docm", ".doc"].iter().any(|e| name.ends_with(e))
}
