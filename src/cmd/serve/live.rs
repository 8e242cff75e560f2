//! The outcome of each build, from the rebuilding thread to the open pages:
//! a "reload" signal after a good build, the list of errors after a failed
//! one. The errors of the latest build are also kept, so that a page opened
//! while the build is failing is shown them as soon as it connects.

use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::broadcast;

use crate::cmd::Printing;
use crate::diagnostic::Diagnostic;
use crate::site::Report;

/// What an open page is told.
#[derive(Debug, Clone)]
pub enum Signal {
    /// The site was rebuilt: reload.
    Reload,
    /// The rebuild failed: its errors, as a JSON array.
    Errors(Arc<str>),
}

/// Shared by the rebuilding thread and the server.
#[derive(Debug, Clone)]
pub struct Live {
    signals: broadcast::Sender<Signal>,
    /// The errors of the latest build, if it failed. Also the lock that
    /// orders publishing against subscribing, so that a page connecting
    /// during a rebuild sees either the old state and then the new signal,
    /// or the new state, and never misses the change.
    failing: Arc<Mutex<Option<Arc<str>>>>,
}

impl Default for Live {
    fn default() -> Self {
        // A page that falls this far behind only needs the latest signal;
        // the stream skips what it missed.
        let (signals, _) = broadcast::channel(16);
        Live {
            signals,
            failing: Arc::default(),
        }
    }
}

impl Live {
    /// Prints a build's report in the terminal and tells every open page.
    pub fn publish(&self, result: &Result<Report, Report>, printing: Printing) {
        let (report, signal) = match result {
            Ok(report) => (report, Signal::Reload),
            Err(report) => (
                report,
                Signal::Errors(errors_json(&report.diagnostics).into()),
            ),
        };
        crate::cmd::report_run(report, printing, "build");
        if result.is_err() {
            eprintln!("still serving the last good build; fix the errors and save");
        }
        let mut failing = self.failing.lock().unwrap_or_else(PoisonError::into_inner);
        *failing = match &signal {
            Signal::Reload => None,
            Signal::Errors(errors) => Some(Arc::clone(errors)),
        };
        // No page open is not an error.
        let _ = self.signals.send(signal);
    }

    /// The errors of the latest build if it failed, and every signal from
    /// now on.
    pub fn subscribe(&self) -> (Option<Arc<str>>, broadcast::Receiver<Signal>) {
        let failing = self.failing.lock().unwrap_or_else(PoisonError::into_inner);
        (failing.clone(), self.signals.subscribe())
    }
}

/// The errors of a failed build for the page's overlay: each with its file,
/// line, column (`null` when the problem is the whole file), message and
/// hint. Kept here, small and private, until the JSON diagnostics of
/// `--format json` replace it.
fn errors_json(diagnostics: &[Diagnostic]) -> String {
    // The same objects as `--format json`, so the page and CI read one shape.
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(crate::diagnostic::render::json_line)
        .collect();
    format!("[{}]", errors.join(","))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;
    use crate::diagnostic::Severity;

    #[test]
    fn errors_json_lists_errors_with_place_message_and_hint() {
        let placed = Diagnostic {
            severity: Severity::Error,
            path: "content/briefs/a.md".into(),
            line: 7,
            col: 10,
            message: "unknown actor `x`".into(),
            snippet: None,
            hint: Some("did you mean `y`?".into()),
            code: None,
        };
        let whole_file = Diagnostic::file(Severity::Error, Path::new("content/b.md"), "empty");
        let warning = Diagnostic::file(Severity::Warning, Path::new("c.md"), "unknown field");
        let json: serde_json::Value =
            serde_json::from_str(&errors_json(&[placed, whole_file, warning])).unwrap();
        let fields = |v: &serde_json::Value| {
            ["severity", "file", "line", "column", "message", "hint"].map(|k| v[k].clone())
        };
        let list = json.as_array().expect("an array");
        assert_eq!(list.len(), 2, "warnings are left out: {json}");
        assert_eq!(
            fields(&list[0]),
            [
                json!("error"),
                json!("content/briefs/a.md"),
                json!(7),
                json!(10),
                json!("unknown actor `x`"),
                json!("did you mean `y`?")
            ]
        );
        assert_eq!(
            fields(&list[1]),
            [
                json!("error"),
                json!("content/b.md"),
                json!(null),
                json!(null),
                json!("empty"),
                json!(null)
            ]
        );
    }
}
