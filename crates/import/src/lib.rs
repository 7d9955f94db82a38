//! `styrdok import risks FILE.(xlsx|csv)`: a spreadsheet risk register → a ```risks
//! block, printed or written into a document. Problems are warnings located as
//! `FILE:ROW:COLUMN` with the sheet's row number and column letter; only a file that
//! cannot be read as a register at all is an error.

pub mod columns;
pub mod docx;
pub mod into;
pub mod limits;
pub mod records;
pub mod risks;
pub mod sheet;
pub mod workbook;
pub mod yaml_out;

use sheet::{Grid, column_letter};
use std::path::{Path, PathBuf};
use styrdok_core::diag::Severity;
use yaml_out::ImportedRisk;

/// What the import checks the rows against: the site's configuration, or the defaults.
#[derive(Clone, Debug)]
pub struct Settings {
    pub scale: u32,
    pub treatments: Vec<String>,
    /// Control-objective codes.
    pub objectives: Vec<String>,
    /// The sheet to read (xlsx); default: the first with a register header.
    pub sheet: Option<String>,
    /// `COLUMN=field` mappings.
    pub maps: Vec<String>,
}

impl Settings {
    pub fn from_config(config: &styrdok_config::Config) -> Settings {
        Settings {
            scale: config.risk.scale,
            treatments: config.risk.treatments.clone(),
            objectives: config
                .control_objectives
                .iter()
                .map(|(c, _)| c.clone())
                .collect(),
            sheet: None,
            maps: Vec::new(),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        let (config, _) =
            styrdok_config::Config::parse("title: import\n").expect("the built-in defaults parse");
        Settings::from_config(&config)
    }
}

/// A problem located in the spreadsheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// 0-based sheet row; printed 1-based.
    pub row: Option<u32>,
    /// 0-based column; printed as a letter.
    pub col: Option<u32>,
    pub message: String,
}

impl Problem {
    pub fn warning(row: u32, col: Option<u32>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            row: Some(row),
            col,
            message: message.into(),
        }
    }

    pub fn error(message: impl Into<String>) -> Problem {
        Problem::error_at(None, None, message)
    }

    /// An error at a cell (or row) of the sheet.
    pub fn error_at(row: Option<u32>, col: Option<u32>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            row,
            col,
            message: message.into(),
        }
    }

    /// `FILE:ROW:COLUMN: warning: message`, e.g. `register.xlsx:5:H: warning: …`.
    pub fn render(&self, file: &str) -> String {
        let mut place = file.to_string();
        if let Some(row) = self.row {
            place.push_str(&format!(":{}", u64::from(row) + 1));
            if let Some(col) = self.col {
                place.push_str(&format!(":{}", column_letter(col)));
            }
        }
        format!("{place}: {}: {}", self.severity.as_str(), self.message)
    }
}

#[derive(Debug, Default)]
pub struct Imported {
    pub risks: Vec<ImportedRisk>,
    pub problems: Vec<Problem>,
    /// The sheet read, for workbooks.
    pub sheet: Option<String>,
}

impl Imported {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// The block's YAML (without fences).
    pub fn yaml(&self) -> String {
        yaml_out::risks_yaml(&self.risks)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Workbook,
}

impl FileKind {
    /// By extension; an unknown one is sniffed (zip and OLE files are workbooks).
    pub fn of(path: &Path, bytes: &[u8]) -> FileKind {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "csv" | "txt" | "tsv" => FileKind::Csv,
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => FileKind::Workbook,
            _ if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") => {
                FileKind::Workbook
            }
            _ => FileKind::Csv,
        }
    }
}

/// Imports a risk register from the bytes of a spreadsheet.
pub fn import_risks(bytes: &[u8], kind: FileKind, settings: &Settings) -> Imported {
    let mut sheet = None;
    let grid = match kind {
        FileKind::Csv => csv_grid(bytes),
        FileKind::Workbook => workbook::read_sheet_of(bytes, settings.sheet.as_deref(), &|g| {
            columns::find_header(g).is_some()
        })
        .map(|(name, grid)| {
            sheet = Some(name);
            grid
        }),
    };
    let mut imported = match grid {
        Ok(grid) => risks_of_grid(&grid, settings),
        Err(problem) => Imported {
            problems: vec![problem],
            ..Imported::default()
        },
    };
    imported.sheet = sheet;
    imported
}

/// The risks of a register read into a grid: a sheet, a CSV file or a Word table.
pub fn risks_of_grid(grid: &Grid, settings: &Settings) -> Imported {
    let mut imported = Imported::default();
    let Some(mut cols) = columns::find_header(grid) else {
        imported.problems.push(Problem::error(
            "no header row found in the first 30 rows: expected columns such as \"ID\", \"Beskrivning av risk\", \"Sannolikhet 1-5\", \"Allvarlighetsgrad 1-5\" (or Risk, Likelihood, Severity)",
        ));
        return imported;
    };
    for map in &settings.maps {
        if let Err(message) = columns::apply_map(grid, &mut cols, map) {
            imported.problems.push(Problem::error(message));
        }
    }
    if imported.has_errors() {
        return imported;
    }
    imported
        .problems
        .extend(risks::report_columns(grid, &cols, settings.scale));
    let (rows, problems) = risks::read_rows(grid, &cols, settings);
    imported.risks = rows;
    imported.problems.extend(problems);
    if imported.risks.is_empty() {
        imported.problems.push(Problem::warning(
            cols.header_row,
            None,
            "no risk rows below the header",
        ));
    }
    imported
        .problems
        .sort_by_key(|p| (p.row, p.col, p.severity, p.message.clone()));
    imported
}

/// CSV: the separator (`;`, `,` or tab) is the one under which a header is recognised
/// best in the rows where a header may stand; the file is then read with it, once.
fn csv_grid(bytes: &[u8]) -> Result<Grid, Problem> {
    let text = sheet::decode_text(bytes);
    let mut best: Option<(usize, u32, char)> = None;
    let mut first_error = None;
    for sep in [';', ',', '\t'] {
        let head = sheet::parse_csv_limited(
            &text,
            sep,
            Some(columns::HEADER_ROWS),
            &mut limits::Budget::default(),
        );
        let head = match head {
            Ok(head) => head,
            Err(problem) => {
                first_error.get_or_insert(problem);
                continue;
            }
        };
        let score = columns::find_header(&head)
            .map(|c| c.fields.len())
            .unwrap_or(0);
        if best.is_none_or(|(s, w, _)| (score, head.width()) > (s, w)) {
            best = Some((score, head.width(), sep));
        }
    }
    match (best, first_error) {
        (Some((_, _, sep)), _) => sheet::parse_csv(&text, sep),
        (None, Some(problem)) => Err(problem),
        (None, None) => Ok(Grid::default()),
    }
}

/// The command line's `import risks`.
pub struct Command {
    pub file: PathBuf,
    pub sheet: Option<String>,
    pub maps: Vec<String>,
    pub into: Option<PathBuf>,
    pub root: Option<PathBuf>,
}

/// Runs the command; diagnostics go to stderr, the block to stdout (or into the
/// document). Returns whether it succeeded.
pub fn run(cmd: &Command) -> bool {
    let shown = cmd.file.display().to_string();
    let bytes = match read_bounded(&cmd.file) {
        Ok(b) => b,
        Err(message) => {
            eprintln!("{shown}: error: {message}");
            return false;
        }
    };
    let mut settings = site_settings(cmd);
    settings.sheet = cmd.sheet.clone();
    settings.maps = cmd.maps.clone();
    let imported = import_risks(&bytes, FileKind::of(&cmd.file, &bytes), &settings);
    for p in &imported.problems {
        eprintln!("{}", p.render(&shown));
    }
    if imported.has_errors() {
        eprintln!("import failed: nothing was written");
        return false;
    }
    let yaml = imported.yaml();
    let warnings = imported.problems.len();
    match &cmd.into {
        None => {
            print!("```risks\n{yaml}```\n");
            eprintln!(
                "imported {} risks from {shown} ({warnings} warning(s))",
                imported.risks.len()
            );
            true
        }
        Some(doc) => match write_into(doc, &yaml) {
            Ok(()) => {
                eprintln!(
                    "wrote {} risks from {shown} into {} ({warnings} warning(s))",
                    imported.risks.len(),
                    doc.display()
                );
                true
            }
            Err(message) => {
                eprintln!("{}: error: {message}", doc.display());
                false
            }
        },
    }
}

/// The file's bytes, refusing one larger than the import reads rather than reading it.
pub(crate) fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let mut bytes = Vec::new();
    file.take(limits::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(format!(
            "the file is larger than {} MiB, the most styrdok imports",
            limits::MAX_FILE_BYTES >> 20
        ));
    }
    Ok(bytes)
}

/// The settings of the site the document (or the current folder) belongs to.
fn site_settings(cmd: &Command) -> Settings {
    settings_near(cmd.root.as_deref(), cmd.into.as_deref())
}

/// The settings of the site at `root`, else of the site holding `near` (a file or
/// folder), else of the current folder's; the defaults when there is none.
pub fn settings_near(root: Option<&Path>, near: Option<&Path>) -> Settings {
    let start = root
        .map(Path::to_path_buf)
        .or_else(|| {
            near.and_then(|d| std::path::absolute(d).ok())
                .and_then(|d| d.parent().map(Path::to_path_buf))
        })
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."));
    let root = start
        .ancestors()
        .find(|p| p.join(styrdok_config::CONFIG_FILE).is_file());
    match root.map(styrdok_config::Config::load) {
        Some(Ok((config, _))) => Settings::from_config(&config),
        Some(Err(_)) => {
            eprintln!(
                "{}: warning: the site configuration has errors; the import checks against the defaults",
                styrdok_config::CONFIG_FILE
            );
            Settings::default()
        }
        None => Settings::default(),
    }
}

/// Replaces (or adds) the document's risks block, writing through a temporary file so
/// a failure never leaves half a document.
fn write_into(doc: &Path, yaml: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(doc).map_err(|e| format!("cannot read: {e}"))?;
    let new = into::replace_block(&text, yaml)?;
    let tmp = doc.with_extension("md.styrdok-import");
    std::fs::write(&tmp, new).map_err(|e| format!("cannot write: {e}"))?;
    std::fs::rename(&tmp, doc).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot replace the file: {e}")
    })
}
