//! `briefbook export --format csl-json [-o FILE]`: the briefing's sources
//! written out for a reference manager, in a deterministic order (by id).

use std::path::Path;

use super::Outcome;
use crate::cli::{ExportArgs, ExportFormat};
use crate::diagnostic::{Code, Diagnostic, Severity};

/// Writes the sources, or prints why they cannot be read.
pub fn run_export(args: &ExportArgs) -> Outcome {
    let sources = match crate::site::read_sources(&args.root, args.edition) {
        Ok(s) => s,
        Err(diagnostics) => {
            let mut outcome = Outcome::ContentErrors;
            for d in diagnostics.iter().filter(|d| d.is_error()) {
                super::print_diagnostic(d);
                if d.code.is_some_and(Code::is_io) {
                    outcome = Outcome::Failure;
                }
            }
            return outcome;
        }
    };
    let text = match args.format {
        ExportFormat::CslJson => {
            let items: Vec<serde_json::Value> = sources
                .iter()
                .filter_map(|(id, meta)| crate::references::to_csl_json(id, meta))
                .collect();
            let mut text =
                serde_json::to_string_pretty(&items).expect("a JSON value always serializes");
            text.push('\n');
            text
        }
    };
    match &args.output {
        None => {
            print!("{text}");
            Outcome::Clean
        }
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => {
                eprintln!("wrote {} sources to {}", sources.len(), path.display());
                Outcome::Clean
            }
            Err(e) => {
                super::print_diagnostic(
                    &Diagnostic::file(
                        Severity::Error,
                        Path::new(path),
                        format!("cannot write the export: {e}"),
                    )
                    .with_hint("check that the folder exists and is writable")
                    .with_code(Code::WriteFailed),
                );
                Outcome::Failure
            }
        },
    }
}
