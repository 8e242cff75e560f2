//! The command line. The doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::Edition;

/// briefbook: builds an annotated briefing book from markdown briefs.
///
/// Editors write one markdown file per brief, actor, event and source in
/// content/; briefbook checks every reference and quotation and renders a
/// searchable HTML briefing into site/.
#[derive(Debug, Parser)]
#[command(name = "briefbook", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Checks the content and renders the briefing into site/.
    ///
    /// The site is written to a folder beside it and put in place only when
    /// everything succeeded: a failed build leaves the previous site/ as it
    /// was. The site it replaces is kept as .site-spare, to be written over
    /// by the next build (faster than making every file anew); it may be
    /// deleted at any time. Exits with 1 if any error was found in the
    /// content, 2 if a file or folder could not be read or written.
    Build(BuildArgs),
    /// Checks everything a build checks, and writes nothing.
    ///
    /// With --coverage, also prints which paragraphs of each source's
    /// archived text the briefing quotes and which it never touches.
    Check(CheckArgs),
    /// Builds, serves the site on 127.0.0.1 and rebuilds when content changes.
    ///
    /// Open pages reload themselves after each rebuild, and show the errors
    /// of a failed one; the last good site stays served meanwhile.
    Serve(ServeArgs),
    /// Builds the briefing and prints its print edition to a PDF.
    ///
    /// The print edition (print.html: cover, contents, every brief with its
    /// notes, the timeline, the actors and the sources) is laid out by a
    /// locally installed Chromium or Chrome, found on PATH or named by
    /// BRIEFBOOK_CHROME. The PDF has bookmarks for its headings and page
    /// numbers in its contents (it is printed twice to find them). Exits
    /// with 2 when no browser is found or it fails; site/ is not touched.
    Pdf(PdfArgs),
    /// Writes a new entry with a filled-in front-matter template.
    ///
    /// Refuses to overwrite an existing file.
    New(NewArgs),
    /// Prints the JSON Schema (draft 2020-12) of a kind's front-matter, for
    /// editors' tooling.
    ///
    /// The topic ids come from the project's briefbook.toml. Without KIND,
    /// prints one schema for every kind, each also under `$defs`.
    Schema(SchemaArgs),
    /// Writes the briefing's sources out for a reference manager.
    ///
    /// Every source of the edition, from content/sources/ or a bibliography
    /// file, as CSL-JSON (Zotero, Pandoc and Quarto read it), sorted by id.
    /// `bibliography = "FILE"` in briefbook.toml reads the file back to the
    /// same sources. Exits with 1, writing nothing, when the sources have
    /// errors.
    Export(ExportArgs),
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    /// CSL-JSON: an array of items.
    CslJson,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format to write.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The file to write (default: standard output).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// The project folder, holding briefbook.toml and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// `public` leaves out sources marked `internal: true`.
    #[arg(long, value_enum, default_value_t = Edition::Public)]
    pub edition: Edition,
}

#[derive(Debug, Args)]
pub struct CommonArgs {
    /// The project folder, holding briefbook.toml and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The folder with the sources' full texts, to check quotations against
    /// (overrides `archive` in briefbook.toml).
    #[arg(long)]
    pub archive: Option<PathBuf>,
    /// Treat paragraphs of briefs that cite no source, and a missing
    /// archive folder, as errors (for CI).
    #[arg(long)]
    pub strict: bool,
    /// `public` leaves out entries marked `internal: true` and
    /// ```internal blocks entirely; `internal` shows them, marked.
    #[arg(long, value_enum, default_value_t = Edition::Public)]
    pub edition: Edition,
    /// How to print problems: `human` (on stderr), `json` (one object per
    /// line on stdout) or `github` (GitHub Actions annotations on stdout).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Print errors only: no warnings, no summary line on success.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print how long each stage took.
    #[arg(long, short, alias = "timings")]
    pub verbose: bool,
}

/// How diagnostics are printed; see docs/EDITING.md, "Diagnostics".
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: error[BB021]: …` with the line, a caret and a hint.
    Human,
    /// One JSON object per diagnostic per line, on stdout.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`), on stdout.
    Github,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Also print, for each source, which paragraphs of its archived text
    /// the briefing quotes and which it never touches, and the share used
    /// (on stdout, after a successful check).
    #[arg(long)]
    pub coverage: bool,
    /// How to print the coverage: `text`, or `json` (one JSON document).
    #[arg(long, value_enum, default_value_t = CoverageFormat::Text, requires = "coverage")]
    pub coverage_format: CoverageFormat,
}

/// How `check --coverage` prints the coverage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CoverageFormat {
    /// Per source, its figures and its untouched paragraphs' first words.
    Text,
    /// `{"sources": [...]}` with every figure and paragraph number.
    Json,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Where to write the site (default: site/ in the project folder).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Also print the print edition to print.pdf in the site, as `briefbook
    /// pdf` does.
    #[arg(long)]
    pub pdf: bool,
    #[command(flatten)]
    pub previous: PreviousArgs,
}

#[derive(Debug, Args)]
pub struct PreviousArgs {
    /// The last published site, to show what changed since it (changes.html).
    /// Default: the site this build replaces.
    #[arg(long, value_name = "DIR")]
    pub previous: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BrowserArgs {
    /// How long Chromium may take to print the PDF, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct PdfArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Where to write the PDF (default: print.pdf in the project folder).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub browser: BrowserArgs,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// The address to listen on. Anything but a loopback address lets other
    /// machines read the preview.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// The port to listen on; 0 picks a free one (the URL printed shows it).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Open the site in the default browser once it is served.
    #[arg(long)]
    pub open: bool,
    #[command(flatten)]
    pub previous: PreviousArgs,
}

/// The kind of entry `new` writes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NewKind {
    Brief,
    Actor,
    Event,
    Source,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create.
    pub kind: NewKind,
    /// The new entry's id: lower-case letters, digits and single hyphens.
    pub id: String,
    /// The project folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// The kind of front-matter `schema` describes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    Brief,
    Actor,
    Event,
    Source,
    /// The home page, content/index.md.
    Home,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which kind (default: all of them in one schema).
    pub kind: Option<SchemaKind>,
    /// The project folder, holding briefbook.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}
