//! The commands: wiring between the command line and the library.

pub mod build;
pub mod new;
pub mod schema;
pub mod serve;

use crate::diagnostic::Diagnostic;
use crate::site::Report;

/// Prints every diagnostic to standard error, then the summary line.
pub fn print_report(report: &Report, timings: bool, action: &str) {
    for d in &report.diagnostics {
        eprintln!("{d}\n");
    }
    if timings {
        for (stage, t) in &report.stages {
            eprintln!("  {stage:<13} {:>8.1} ms", t.as_secs_f64() * 1000.0);
        }
    }
    print_summary(report, action);
}

fn print_summary(report: &Report, action: &str) {
    let errors = report.errors();
    let warnings = report.warnings();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let secs = report.elapsed.as_secs_f64();
    if errors > 0 {
        eprintln!(
            "error: {action} failed: {}, {}; nothing was written ({secs:.2} s)",
            plural(errors, "error"),
            plural(warnings, "warning")
        );
    } else if action == "build" {
        println!(
            "built {} in {secs:.2} s, {}",
            plural(report.pages, "page"),
            plural(warnings, "warning")
        );
    } else {
        println!(
            "checked in {secs:.2} s: no errors, {}",
            plural(warnings, "warning")
        );
    }
}

/// A failure before any content was read, printed like a diagnostic.
pub fn print_diagnostic(d: &Diagnostic) {
    eprintln!("{d}");
}
