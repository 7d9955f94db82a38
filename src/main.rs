//! The command line: thin, everything happens in the library.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use styrdok::diag::format::Format;
use styrdok::model::DocType;
use styrdok::pages::due::DueFormat;
use styrdok::text::Date;
use styrdok::{BuildRequest, Target};

#[derive(Parser)]
#[command(
    name = "styrdok",
    version,
    about = "Static sites from governance documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/.
    Build {
        /// The site folder (holding styrdok.yaml); default: the current folder or the
        /// nearest one above it with a styrdok.yaml.
        #[arg(long)]
        root: Option<PathBuf>,
        /// Publish documents with `status: draft`, marked as drafts (preview builds).
        #[arg(long)]
        drafts: bool,
        /// The date to count overdue actions and expired documents from (YYYY-MM-DD);
        /// default: today.
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// Where to write the site; default: ROOT/public (ROOT/public-extern for the
        /// public audience, or the audience's `output`).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Build for this audience (styrdok.yaml `audiences:`): `public` is the public
        /// extract, only what is classified public; default: internal (the intranet).
        #[arg(long)]
        audience: Option<String>,
    },
    /// Import a register from a spreadsheet, or Word documents.
    Import {
        #[command(subcommand)]
        what: Import,
    },
    /// Build the site into memory, serve it on loopback and rebuild on every change,
    /// reloading open pages.
    Serve {
        /// The site folder (holding styrdok.yaml); default: the current folder or the
        /// nearest one above it with a styrdok.yaml.
        #[arg(long)]
        root: Option<PathBuf>,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on: an IPv4 or IPv6 address, or localhost. Any address but
        /// loopback makes the site reachable from the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Preview documents with `status: draft`, marked as drafts; the default on
        /// loopback (127.0.0.1, ::1), needed on any other address.
        #[arg(long)]
        drafts: bool,
        /// Leave drafts out, as `build` does.
        #[arg(long, conflicts_with = "drafts")]
        no_drafts: bool,
        /// The date to count overdue actions and expired documents from (YYYY-MM-DD);
        /// default: today.
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// Build for this audience (styrdok.yaml `audiences:`): `public` is the public
        /// extract, only what is classified public; default: internal (the intranet).
        #[arg(long)]
        audience: Option<String>,
    },
    /// Check the site as `build` does, without writing anything.
    Check {
        /// The site folder (holding styrdok.yaml); default: the current folder or the
        /// nearest one above it with a styrdok.yaml.
        #[arg(long)]
        root: Option<PathBuf>,
        /// Check documents with `status: draft` as published ones, as `build --drafts`.
        #[arg(long)]
        drafts: bool,
        /// The date to count overdue actions and expired documents from (YYYY-MM-DD);
        /// default: today.
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// Build for this audience (styrdok.yaml `audiences:`): `public` is the public
        /// extract, only what is classified public; default: internal (the intranet).
        #[arg(long)]
        audience: Option<String>,

        /// How to report problems: human (on standard error), json (an array of
        /// diagnostics), github (workflow commands that annotate a pull request),
        /// gitlab (a Code Quality report). See docs/diagnostics.md.
        #[arg(long, default_value = "human", value_parser = parse_format)]
        format: Format,
        /// Write the report to FILE instead of standard output; the problems are then
        /// also shown on standard error as for `human`.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// What is overdue and what falls due within DAYS, grouped by responsible, each with
    /// its document, PATH:LINE, date and URL: for a scheduled pipeline to post
    /// (docs/due.md). Restricted documents and drafts are never in it.
    Due {
        #[arg(long)]
        root: Option<PathBuf>,
        /// The date to count from (YYYY-MM-DD); default: today.
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// How many days ahead to look.
        #[arg(long, default_value_t = 30, value_name = "DAYS")]
        within: u32,
        /// human (grouped lines), json (docs/due.md) or markdown (tables, for an issue).
        #[arg(long, default_value = "human", value_parser = parse_due_format)]
        format: DueFormat,
    },
    /// Create a new site in DIR (default: the current folder): configuration, example
    /// documents of every type, and pipeline files for GitLab CI and GitHub Actions.
    /// Existing files are never overwritten.
    Init {
        /// The folder of the new site; created if missing.
        dir: Option<PathBuf>,
    },
    /// Create a new document of TYPE at PATH below content/, its front matter filled in
    /// and the skeleton of its type in place. Existing files are never overwritten.
    New {
        /// The document type: strategy, action-plan, risk-analysis, safety-report,
        /// audit-response, assignment, decision or page.
        #[arg(value_parser = parse_doc_type, value_name = "TYPE")]
        doc_type: DocType,
        /// Below content/, e.g. rs/riskanalys-2026.md (.md may be left out).
        path: String,
        /// The document's title; default: made from the file name.
        #[arg(long)]
        title: Option<String>,
        /// The site folder (holding styrdok.yaml); default: the current folder or the
        /// nearest one above it with a styrdok.yaml.
        #[arg(long)]
        root: Option<PathBuf>,
    },
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Format::NAMES.iter().map(|(n, _)| *n).collect();
        format!("`{s}` is not a format; use one of {}", names.join(", "))
    })
}

fn parse_due_format(s: &str) -> Result<DueFormat, String> {
    DueFormat::parse(s).ok_or_else(|| {
        let names: Vec<&str> = DueFormat::NAMES.iter().map(|(n, _)| *n).collect();
        format!("`{s}` is not a format; use one of {}", names.join(", "))
    })
}

fn parse_doc_type(s: &str) -> Result<DocType, String> {
    DocType::choices()
        .into_iter()
        .find(|(k, _)| *k == s)
        .map(|(_, t)| t)
        .ok_or_else(|| {
            let keys: Vec<&str> = DocType::ALL.iter().map(|t| t.key()).collect();
            format!(
                "`{s}` is not a document type; use one of {}",
                keys.join(", ")
            )
        })
}

#[derive(Subcommand)]
enum Import {
    /// A risk register (xlsx or csv) → a `risks` block, printed or written into a document.
    Risks {
        /// The spreadsheet: .xlsx (or .xlsm) or .csv (`;`, `,` or tab separated).
        file: PathBuf,
        /// The sheet to read; default: the first with a register header.
        #[arg(long)]
        sheet: Option<String>,
        /// Which column holds which field, by header or column letter: `--map H=severity`,
        /// `--map "Kommentar"=cause`, `--map I=ignore`. Repeatable.
        #[arg(long = "map", value_name = "COLUMN=FIELD")]
        maps: Vec<String>,
        /// Replace the risks block of this document (or add one) instead of printing.
        #[arg(long)]
        into: Option<PathBuf>,
        /// The site whose styrdok.yaml the rows are checked against; default: the one
        /// holding the document, or the current folder's.
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// A Word document (.docx) → a document: front matter from its case header, Dnr and
    /// properties, Markdown body, register tables as record blocks; printed or written.
    Document {
        /// The Word document (.docx).
        file: PathBuf,
        /// The document type; default: guessed from the content.
        #[arg(long = "type", value_parser = parse_doc_type, value_name = "TYPE")]
        doc_type: Option<DocType>,
        /// Write the document here (its pictures next to it) instead of printing it;
        /// an existing file is never overwritten.
        #[arg(long)]
        output: Option<PathBuf>,
        /// The site whose styrdok.yaml the register rows are checked against.
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Every Word document in DIR → a document in content/FOLDER, pictures next to it;
    /// nothing is overwritten, and a summary ends the run.
    Documents {
        /// The folder of Word documents.
        dir: PathBuf,
        /// The folder to write into, e.g. content/styrdokument.
        #[arg(long)]
        into: PathBuf,
        /// The type of every document; default: guessed for each.
        #[arg(long = "type", value_parser = parse_doc_type, value_name = "TYPE")]
        doc_type: Option<DocType>,
        /// The site whose styrdok.yaml the register rows are checked against.
        #[arg(long)]
        root: Option<PathBuf>,
    },
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a date written YYYY-MM-DD"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (req, verb, report_format) = match checked_build(cli.command) {
        Ok(build) => build,
        Err(code) => return code,
    };
    let started = std::time::Instant::now();
    let report = styrdok::build(&req);
    if let Err(code) = print_report(&report, report_format, &req.root) {
        return code;
    }
    summary(&report, verb, started)
}

/// Where a report of the diagnostics goes: its format, and a file or standard output.
type ReportFormat = (Format, Option<PathBuf>);

/// A `build` or `check` as a build request, its verb and its report; every other
/// command is run here, its exit code returned as the error.
fn checked_build(command: Command) -> Result<(BuildRequest, &'static str, ReportFormat), ExitCode> {
    match command {
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            no_drafts,
            today,
            audience,
        } => Err(serve(styrdok::serve::ServeOptions {
            root: styrdok::find_root(root.as_deref()),
            bind,
            port,
            // Neither flag: drafts on loopback only (decided where the address is).
            drafts: (drafts || no_drafts).then_some(drafts),
            today,
            audience,
        })),
        Command::Build {
            root,
            drafts,
            today,
            output,
            audience,
        } => {
            let root = styrdok::find_root(root.as_deref());
            let output = output.unwrap_or_else(|| default_output(&root, audience.as_deref()));
            let req = BuildRequest {
                root,
                drafts,
                today,
                target: Target::Disk(output),
                audience,
            };
            Ok((req, "build", (Format::Human, None)))
        }
        Command::Init { dir } => Err(init(dir.unwrap_or_else(|| PathBuf::from(".")))),
        Command::New {
            doc_type,
            path,
            title,
            root,
        } => Err(new(doc_type, &path, title.as_deref(), root)),
        Command::Import { what } => Err(import(what)),
        Command::Due {
            root,
            today,
            within,
            format,
        } => Err(due(root, today, within, format)),
        Command::Check {
            root,
            drafts,
            today,
            format,
            output,
            audience,
        } => {
            let root = styrdok::find_root(root.as_deref());
            let req = BuildRequest {
                root,
                drafts,
                today,
                target: Target::Nowhere,
                audience,
            };
            Ok((req, "check", (format, output)))
        }
    }
}

/// The output folder of a build for `audience` when `--output` is not given. A site
/// whose styrdok.yaml cannot be read builds nothing; the build reports why.
fn default_output(root: &std::path::Path, audience: Option<&str>) -> PathBuf {
    let name = audience.unwrap_or(styrdok::config::audience::INTERNAL);
    let dir = styrdok::config::Config::load(root)
        .ok()
        .and_then(|(c, _)| c.audience(name).map(|a| a.output_dir()))
        .unwrap_or_else(|| "public".into());
    root.join(dir)
}

/// `styrdok due`: the report on standard output, problems on standard error; a site
/// with errors gives no report.
fn due(root: Option<PathBuf>, today: Option<Date>, within: u32, format: DueFormat) -> ExitCode {
    let root = styrdok::find_root(root.as_deref());
    let today = today.unwrap_or_else(Date::today);
    match styrdok::engine::checked_site(&root, today) {
        Ok((site, warnings)) => {
            for d in &warnings {
                eprint!("{}", d.render_human());
            }
            let report = styrdok::pages::due::report(&site, within);
            print!("{}", styrdok::pages::due::render(&site, &report, format));
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for d in &problems {
                eprint!("{}", d.render_human());
            }
            eprintln!("due failed: the site has errors (see `styrdok check`)");
            ExitCode::FAILURE
        }
    }
}

fn serve(opts: styrdok::serve::ServeOptions) -> ExitCode {
    match styrdok::serve::run(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("serve: {e}");
            ExitCode::FAILURE
        }
    }
}

fn import(what: Import) -> ExitCode {
    use styrdok::import::docx::command::{DocumentCommand, FolderCommand};
    let ok = match what {
        Import::Risks {
            file,
            sheet,
            maps,
            into,
            root,
        } => styrdok::import::run(&styrdok::import::Command {
            file,
            sheet,
            maps,
            into,
            root,
        }),
        Import::Document {
            file,
            doc_type,
            output,
            root,
        } => styrdok::import::docx::command::run_document(&DocumentCommand {
            file,
            doc_type,
            output,
            root,
        }),
        Import::Documents {
            dir,
            into,
            doc_type,
            root,
        } => styrdok::import::docx::command::run_documents(&FolderCommand {
            dir,
            into,
            doc_type,
            root,
        }),
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Prints the diagnostics as asked; a report file that cannot be written fails the run.
fn print_report(
    report: &styrdok::BuildReport,
    report_format: ReportFormat,
    root: &std::path::Path,
) -> Result<(), ExitCode> {
    match report_format {
        (Format::Human, None) => {
            for d in &report.diagnostics {
                eprint!("{}", d.render_human());
            }
        }
        (format, output) => {
            let prefix = styrdok::history::repo_prefix(root);
            let text = styrdok::diag::format::render(&report.diagnostics, format, &prefix);
            match output {
                Some(file) => {
                    if let Err(e) = std::fs::write(&file, text) {
                        eprintln!("{}: error: cannot write the report: {e}", file.display());
                        return Err(ExitCode::FAILURE);
                    }
                    if format != Format::Human {
                        for d in &report.diagnostics {
                            eprint!("{}", d.render_human());
                        }
                    }
                }
                None => print!("{text}"),
            }
        }
    }
    Ok(())
}

/// The closing line of a build or check, and its exit code.
fn summary(report: &styrdok::BuildReport, verb: &str, started: std::time::Instant) -> ExitCode {
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == styrdok::diag::Severity::Error)
        .count();
    let warnings = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == styrdok::diag::Severity::Warning)
        .count();
    if errors > 0 {
        // `check` never writes, so only a build has an output folder to speak of.
        let kept = if verb == "build" && !report.output_lost {
            "; public/ was left unchanged"
        } else {
            ""
        };
        eprintln!("{verb} failed: {errors} error(s), {warnings} warning(s){kept}");
        return ExitCode::FAILURE;
    }
    if verb == "build" {
        eprintln!(
            "built {} documents into {} files in {} ms ({warnings} warning(s))",
            report.documents,
            report.pages,
            started.elapsed().as_millis()
        );
    } else {
        eprintln!("check passed ({warnings} warning(s))");
    }
    ExitCode::SUCCESS
}

fn init(dir: PathBuf) -> ExitCode {
    match styrdok::scaffold::init(&dir) {
        Ok(files) => {
            let shown = dir.display();
            eprintln!("created a styrdok site in {shown}: {} files", files.len());
            for f in &files {
                eprintln!("  {f}");
            }
            eprintln!(
                "next: `styrdok build --root {shown}` writes the site to {shown}/public; docs/workflow.md explains publishing"
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for d in &problems {
                eprintln!("{}: error: {}", dir.join(&d.path).display(), d.message);
            }
            eprintln!("init failed: nothing was written");
            ExitCode::FAILURE
        }
    }
}

fn new(doc_type: DocType, path: &str, title: Option<&str>, root: Option<PathBuf>) -> ExitCode {
    let root = styrdok::find_root(root.as_deref());
    match styrdok::scaffold::new_document(&root, doc_type, path, title, Date::today()) {
        Ok(written) => {
            eprintln!(
                "created {written} ({}, status: draft; `styrdok build --drafts` previews it)",
                doc_type.key()
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprint!("{}", d.render_human());
            ExitCode::FAILURE
        }
    }
}
// Building a site allocates many small strings; mimalloc makes that markedly cheaper
// than the system allocator (measured with callgrind on the 1,000-document corpus).
// Without transparent huge pages (`no_thp` in Cargo.toml): less memory and system
// time (BENCHMARKS.md, "Memory").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
