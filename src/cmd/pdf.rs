//! `briefbook pdf` and `build --pdf`: the print edition as a PDF, through a
//! locally installed Chromium (see [`crate::pdf`]).

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Outcome, Printing};
use crate::cli::PdfArgs;
use crate::pages::print::PAGE;
use crate::pdf::{self, PdfError};
use crate::site;

/// How long `build --pdf` gives Chromium (`briefbook pdf --timeout` sets it).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

/// Builds the site into a temporary folder and prints its print edition to
/// the PDF asked for; site/ is left alone.
pub fn run_pdf(args: &PdfArgs) -> Outcome {
    // Before the build: a missing browser is said at once, not after it.
    let browser = match pdf::find_chromium() {
        Ok(b) => b,
        Err(e) => return fail(&e),
    };
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| args.common.root.join("print.pdf"));
    let staging = match tempfile::Builder::new().prefix("briefbook-site-").tempdir() {
        Ok(d) => d,
        Err(e) => {
            return fail(&PdfError::Io {
                doing: "create a temporary folder for",
                path: std::env::temp_dir(),
                source: e,
            });
        }
    };
    let site_dir = staging.path().join("site");
    let options = super::build::options(&args.common, Some(site_dir.clone()));
    let report = site::build(&options).unwrap_or_else(|r| r);
    let outcome = super::report_run(&report, Printing::from_args(&args.common), "build");
    if outcome != Outcome::Clean {
        return outcome;
    }
    print(
        &browser,
        &site_dir.join(PAGE),
        &out,
        Duration::from_secs(args.browser.timeout),
        Printing::from_args(&args.common),
    )
}

/// Prints `html` to `out` and says so (or why not).
pub fn print(
    browser: &Path,
    html: &Path,
    out: &Path,
    timeout: Duration,
    printing: Printing,
) -> Outcome {
    match pdf::print_to_pdf(browser, html, out, timeout) {
        Ok(p) => {
            // The PDF is whole and useful without them: said, not failed.
            if let pdf::Contents::NotNumbered(why) = &p.contents {
                eprintln!("warning: the PDF's contents have no page numbers: {why}");
            }
            if !printing.quiet {
                let line = format!(
                    "printed {} ({} KB) with {} in {:.2} s{}",
                    out.display(),
                    p.bytes.div_ceil(1024),
                    browser.display(),
                    p.elapsed.as_secs_f64(),
                    match p.contents {
                        pdf::Contents::Numbered { printings } => {
                            format!(", the contents numbered in {printings} printings")
                        }
                        _ => String::new(),
                    }
                );
                // As the build's summary: stdout for people, stderr when
                // stdout carries machine-readable diagnostics.
                if printing.format == crate::cli::Format::Human {
                    println!("{line}");
                } else {
                    eprintln!("{line}");
                }
            }
            Outcome::Clean
        }
        Err(e) => fail(&e),
    }
}

/// Says what went wrong and how to fix it; always exit code 2: the content
/// is fine, the machine lacks something.
pub fn fail(e: &PdfError) -> Outcome {
    let mut text = format!("error: {e}");
    if let Some(hint) = e.hint() {
        text.push_str(&format!("\n  = hint: {hint}"));
    }
    eprintln!("{text}");
    Outcome::Failure
}

/// The browser for `build --pdf`, looked for before building.
pub fn browser_for_build() -> Result<PathBuf, Outcome> {
    pdf::find_chromium().map_err(|e| fail(&e))
}
