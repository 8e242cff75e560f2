//! `briefbook build` and `briefbook check`.

use super::{Outcome, Printing};
use crate::cli::{BuildArgs, CommonArgs};
use crate::site::{self, BuildOptions};

fn options(common: &CommonArgs, output: Option<std::path::PathBuf>) -> BuildOptions {
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
    let report = site::build(&options(&args.common, Some(out))).unwrap_or_else(|r| r);
    super::report_run(&report, Printing::from_args(&args.common), "build")
}

/// Checks the content without writing anything, and prints the report.
pub fn run_check(args: &CommonArgs) -> Outcome {
    let report = site::build(&options(args, None)).unwrap_or_else(|r| r);
    super::report_run(&report, Printing::from_args(args), "check")
}
