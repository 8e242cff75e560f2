//! `briefbook build` and `briefbook check`.

use crate::cli::{BuildArgs, CommonArgs};
use crate::site::{self, BuildOptions};

fn options(common: &CommonArgs, output: Option<std::path::PathBuf>) -> BuildOptions {
    BuildOptions {
        root: common.root.clone(),
        output,
        archive: common.archive.clone(),
        strict: common.strict,
        live_reload: false,
    }
}

/// Builds the site; returns whether it succeeded.
pub fn run_build(args: &BuildArgs) -> bool {
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| args.common.root.join("site"));
    let result = site::build(&options(&args.common, Some(out)));
    let ok = result.is_ok();
    let report = result.unwrap_or_else(|r| r);
    super::print_report(&report, args.common.timings, "build");
    ok
}

/// Checks the content without writing anything.
pub fn run_check(args: &CommonArgs) -> bool {
    let result = site::build(&options(args, None));
    let ok = result.is_ok();
    let report = result.unwrap_or_else(|r| r);
    super::print_report(&report, args.timings, "check");
    ok
}
