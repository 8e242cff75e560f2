//! `briefbook build` and `briefbook check`.

use std::path::{Path, PathBuf};

use super::{Outcome, Printing};
use crate::changes::Previous;
use crate::cli::{BuildArgs, CheckArgs, CommonArgs, CoverageFormat, PreviousArgs};
use crate::reader;
use crate::site::{self, BuildOptions};

pub(crate) fn options(common: &CommonArgs, output: Option<std::path::PathBuf>) -> BuildOptions {
    BuildOptions {
        root: common.root.clone(),
        output,
        archive: common.archive.clone(),
        strict: common.strict,
        live_reload: false,
        edition: common.edition,
        previous: Previous::None,
    }
}

/// The previous edition a build writing to `out` compares with:
/// `--previous DIR`, or else the site it replaces. A `--previous` folder
/// that does not exist is a mistake on the command line (exit 2), said
/// before anything is built.
pub(crate) fn previous(args: &PreviousArgs, out: &Path) -> Result<Previous, Outcome> {
    match &args.previous {
        Some(dir) if !dir.is_dir() => {
            eprintln!(
                "error: --previous {}: no such folder
  = hint: give the folder of the last published site (the one holding edition.json), or leave out --previous to compare with the site being replaced",
                dir.display()
            );
            Err(Outcome::Failure)
        }
        Some(dir) => Ok(Previous::Folder(dir.clone())),
        None => Ok(Previous::Replaced(PathBuf::from(out))),
    }
}

/// Builds the site and prints the report.
pub fn run_build(args: &BuildArgs) -> Outcome {
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| args.common.root.join("site"));
    // A missing browser is said before building, not after.
    let browser = match args.pdf.then(super::pdf::browser_for_build).transpose() {
        Ok(b) => b,
        Err(outcome) => return outcome,
    };
    let previous = match previous(&args.previous, &out) {
        Ok(p) => p,
        Err(outcome) => return outcome,
    };
    let options = BuildOptions {
        previous,
        ..options(&args.common, Some(out.clone()))
    };
    let report = site::build(&options).unwrap_or_else(|r| r);
    let printing = Printing::from_args(&args.common);
    let outcome = super::report_run(&report, printing, "build");
    match browser {
        Some(browser) if outcome == Outcome::Clean => super::pdf::print(
            &browser,
            &out.join(crate::pages::print::PAGE),
            &out.join("print.pdf"),
            super::pdf::DEFAULT_TIMEOUT,
            printing,
        ),
        _ => outcome,
    }
}

/// Checks the content without writing anything, and prints the report,
/// and the sources' coverage if asked (only when the check passed: a failed
/// one has no checked data to measure).
pub fn run_check(args: &CheckArgs) -> Outcome {
    let mut coverage = None;
    let report = site::build_inspecting(&options(&args.common, None), &mut |data| {
        if args.coverage {
            let list = reader::coverage(&data.entries, &data.ids, &data.readers);
            coverage = Some(match args.coverage_format {
                CoverageFormat::Text => reader::coverage_text(&list, &data.readers),
                CoverageFormat::Json => {
                    let json = serde_json::json!({ "sources": list });
                    format!("{json}\n")
                }
            });
        }
    })
    .unwrap_or_else(|r| r);
    let outcome = super::report_run(&report, Printing::from_args(&args.common), "check");
    if let Some(text) = coverage {
        use std::io::Write;
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
    }
    outcome
}
