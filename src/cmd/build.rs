//! `briefbook build` and `briefbook check`.

use super::{Outcome, Printing};
use crate::cli::{BuildArgs, CommonArgs};
use crate::site::{self, BuildOptions};

pub(crate) fn options(common: &CommonArgs, output: Option<std::path::PathBuf>) -> BuildOptions {
    BuildOptions {
        root: common.root.clone(),
        output,
        archive: common.archive.clone(),
        strict: common.strict,
        live_reload: false,
        edition: common.edition,
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
    let report = site::build(&options(&args.common, Some(out.clone()))).unwrap_or_else(|r| r);
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

/// Checks the content without writing anything, and prints the report.
pub fn run_check(args: &CommonArgs) -> Outcome {
    let report = site::build(&options(args, None)).unwrap_or_else(|r| r);
    super::report_run(&report, Printing::from_args(args), "check")
}
