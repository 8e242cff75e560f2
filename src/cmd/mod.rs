//! The commands: wiring between the command line and the library.

pub mod build;
pub mod export;
pub mod new;
pub mod pdf;
pub mod schema;
pub mod serve;

use std::io::Write;

use crate::cli::{CommonArgs, Format};
use crate::diagnostic::render::{self, Coloured, Item, Palette};
use crate::diagnostic::{Diagnostic, Severity};
use crate::site::Report;

/// How a command ended, for `main` to turn into the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: no errors (warnings allowed).
    Clean,
    /// Exit 1: errors in the content.
    ContentErrors,
    /// Exit 2: a file or folder could not be read or written, or the
    /// command line was wrong.
    Failure,
}

impl Outcome {
    /// An I/O problem outweighs content errors: the content could not even
    /// be looked at whole.
    pub fn of(report: &Report) -> Outcome {
        let errors = report.diagnostics.iter().filter(|d| d.is_error());
        let mut outcome = Outcome::Clean;
        for d in errors {
            if d.code.is_some_and(|c| c.is_io()) {
                return Outcome::Failure;
            }
            outcome = Outcome::ContentErrors;
        }
        outcome
    }
}

/// How many diagnostics of one code a file shows in the human form before
/// the rest are counted in one note.
const SHOWN_PER_CODE: usize = 5;

/// What the user asked to see of a run.
#[derive(Debug, Clone, Copy)]
pub struct Printing {
    pub format: Format,
    pub quiet: bool,
    pub verbose: bool,
}

impl Printing {
    pub fn from_args(args: &CommonArgs) -> Self {
        Printing {
            format: args.format,
            quiet: args.quiet,
            verbose: args.verbose,
        }
    }
}

/// Prints a run's diagnostics in the format asked for, the stage times if
/// verbose, and the summary; returns how the run ended.
///
/// Human diagnostics go to stderr; JSON and GitHub ones to stdout, with
/// nothing else there, so that a tool can read stdout whole. Output stays
/// plain unless the stream is a terminal and `NO_COLOR` is unset.
pub fn report_run(report: &Report, printing: Printing, action: &str) -> Outcome {
    let shown: Vec<Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error() || !printing.quiet)
        .cloned()
        .collect();
    // A closed pipe (`briefbook check --format json | head`) is not worth a
    // panic; the exit code still tells the outcome.
    let _ = match printing.format {
        Format::Human => print_human(&shown),
        Format::Json => print_lines(shown.iter().map(render::json_line)),
        Format::Github => print_lines(shown.iter().map(render::github_line)),
    };
    if printing.verbose {
        let mut err = anstream::stderr().lock();
        for (stage, t) in &report.stages {
            let _ = writeln!(err, "  {stage:<13} {:>8.1} ms", t.as_secs_f64() * 1000.0);
        }
    }
    print_summary(report, printing, action);
    Outcome::of(report)
}

fn print_human(diagnostics: &[Diagnostic]) -> std::io::Result<()> {
    let mut err = anstream::stderr().lock();
    for item in render::summarise(diagnostics, SHOWN_PER_CODE) {
        match item {
            Item::Diagnostic(d) => writeln!(err, "{}\n", Coloured(d))?,
            Item::More {
                path,
                severity,
                code,
                count,
            } => {
                let mut line = String::new();
                render::write_more(&mut line, path, severity, code, count, &Palette::COLOUR)
                    .expect("writing to a String");
                writeln!(err, "{line}\n")?;
            }
        }
    }
    Ok(())
}

fn print_lines(lines: impl Iterator<Item = String>) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    for line in lines {
        writeln!(out, "{line}")?;
    }
    out.flush()
}

fn print_summary(report: &Report, printing: Printing, action: &str) {
    let errors = report.errors();
    let warnings = report.warnings();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let secs = report.elapsed.as_secs_f64();
    // The summary of a success goes to stdout for people, but stdout belongs
    // to the diagnostics in the machine formats.
    let to_stdout = printing.format == Format::Human;
    let success = if errors > 0 {
        let error = Palette::COLOUR.severity(Severity::Error);
        let _ = writeln!(
            anstream::stderr(),
            "{error}error{error:#}: {action} failed: {}, {}; nothing was written ({secs:.2} s)",
            plural(errors, "error"),
            plural(warnings, "warning")
        );
        return;
    } else if action == "build" {
        format!(
            "built {} in {secs:.2} s, {}",
            plural(report.pages, "page"),
            plural(warnings, "warning")
        )
    } else {
        format!(
            "checked in {secs:.2} s: no errors, {}",
            plural(warnings, "warning")
        )
    };
    if printing.quiet {
        return;
    }
    if to_stdout {
        println!("{success}");
    } else {
        eprintln!("{success}");
    }
}

/// A failure before any content was read, printed like a diagnostic.
pub fn print_diagnostic(d: &Diagnostic) {
    let _ = writeln!(anstream::stderr(), "{}", Coloured(d));
}
