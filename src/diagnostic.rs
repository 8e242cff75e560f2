//! Problems found in the input, reported as
//! `path:line:col: severity[code]: what`, the offending line with a caret
//! under it, and a hint on how to fix it.
//!
//! Every stage pushes into a [`Diagnostics`] list instead of returning early,
//! so that one run reports every problem; the list is sorted before printing
//! so that parallel stages still print in a stable order. Each diagnostic
//! carries a stable [`Code`] (see [`codes`]); [`render`] prints the list for
//! people, as JSON lines, or as GitHub Actions annotations.

pub mod codes;
pub mod render;

use std::fmt;
use std::path::{Path, PathBuf};

pub use codes::Code;

/// How bad a problem is: errors fail the build, warnings do not (unless
/// `--strict` promotes the ones that can be promoted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A file the builder read, kept whole so that diagnostics can quote lines.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to the user (relative to the project root).
    pub path: PathBuf,
    /// The text with a byte-order mark removed and CRLF turned into LF.
    pub text: String,
    line_starts: Vec<usize>,
    /// How many lines of the file come before `text`: 0 for a whole file;
    /// more for an excerpt (a bibliography's entry), whose lines are then
    /// numbered as in the file.
    lines_before: usize,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path,
            text,
            line_starts,
            lines_before: 0,
        }
    }

    /// An excerpt of the file at `path` that starts at the beginning of its
    /// line `lines_before + 1`: lines and columns are said as in the file.
    pub fn excerpt(path: PathBuf, text: String, lines_before: usize) -> Self {
        SourceFile {
            lines_before,
            ..SourceFile::new(path, text)
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count();
        (self.lines_before + line + 1, col + 1)
    }

    /// The byte offset of a 1-based line and column (in characters).
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let line = line.saturating_sub(self.lines_before);
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let text = &self.text[start..];
        start
            + text
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(text.len(), |(i, _)| i)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let line = line - self.lines_before;
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e - 1);
        &self.text[start..end.max(start)]
    }

    /// A diagnostic pointing at `len` bytes from `offset` in this file.
    pub fn diagnostic(
        &self,
        severity: Severity,
        offset: usize,
        len: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, col) = self.line_col(offset);
        let line_text = self.line_text(line).to_string();
        let end = floor_char_boundary(&self.text, (offset + len).min(self.text.len()));
        let offset = floor_char_boundary(&self.text, offset);
        let caret = self.text[offset..end]
            .split('\n')
            .next()
            .map_or(1, |s| s.chars().count().max(1));
        Diagnostic {
            severity,
            path: self.path.clone(),
            line,
            col,
            message: message.into(),
            snippet: Some(Box::new((line_text, caret))),
            hint: None,
            code: None,
        }
    }

    pub fn error(&self, offset: usize, len: usize, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Severity::Error, offset, len, message)
    }

    pub fn warning(&self, offset: usize, len: usize, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Severity::Warning, offset, len, message)
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// One problem, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// The offending line and how many characters the caret spans; boxed
    /// to keep `Result<_, Diagnostic>` small.
    pub snippet: Option<Box<(String, usize)>>,
    pub hint: Option<String>,
    /// Set by every place that creates a diagnostic (`.with_code(…)`); a
    /// test over the error fixtures keeps it so.
    pub code: Option<Code>,
}

impl Diagnostic {
    /// A problem with a whole file or folder rather than a place in it.
    pub fn file(severity: Severity, path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            path: path.to_path_buf(),
            line: 0,
            col: 0,
            message: message.into(),
            snippet: None,
            hint: None,
            code: None,
        }
    }

    pub fn with_code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The human form, without colour: `path:line:col: error[BB021]: what`,
/// the line, a caret and the hint.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        render::write_human(f, self, &render::Palette::PLAIN)
    }
}

/// Every problem of a run, collected so that it can be reported at once.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Turns the warnings that `--strict` treats as errors into errors.
    pub fn promote(&mut self, promotable: impl Fn(&Diagnostic) -> bool) {
        for d in &mut self.items {
            if d.severity == Severity::Warning && promotable(d) {
                d.severity = Severity::Error;
            }
        }
    }

    /// The problems in a stable order: by file, then position, then text.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message))
        });
        self.items.dedup();
        self.items
    }
}

/// The closest candidate to `name` by edit distance, if any is close enough
/// to be what the user meant. One that holds `name` as whole hyphenated
/// words (`claudia-sheinbaum` for `sheinbaum`), or is held so in it, comes
/// before any that is merely alike, and the more of it `name` covers the
/// better: `sheinbaum` means the actor before the event
/// `2024-10-01-sheinbaum-takes-office`.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let (short, long) = if name.len() <= candidate.len() {
            (name, candidate)
        } else {
            (candidate, name)
        };
        let score = if !short.is_empty() && holds_words(long, short) {
            0.9 + 0.1 * short.len() as f64 / long.len() as f64
        } else {
            strsim::jaro_winkler(name, candidate)
        };
        if score >= 0.8 && best.is_none_or(|(b, c)| score > b || (score == b && candidate < c)) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Whether `words` stands in `text` as whole hyphen-separated words.
fn holds_words(text: &str, words: &str) -> bool {
    text.match_indices(words).any(|(at, _)| {
        let end = at + words.len();
        (at == 0 || text.as_bytes()[at - 1] == b'-')
            && (end == text.len() || text.as_bytes()[end] == b'-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let file = SourceFile::new("a.md".into(), "ab\nGarcía x\n".into());
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        let x = file.text.find('x').unwrap();
        assert_eq!(file.line_col(x), (2, 8));
    }

    #[test]
    fn display_shows_line_caret_and_hint() {
        let file = SourceFile::new("c/a.md".into(), "---\nactors: [harfuch]\n---\n".into());
        let d = file
            .error(13, 7, "unknown actor `harfuch`")
            .with_hint("did you mean `garcia-harfuch`?");
        let d = d.with_code(Code::UnknownActor);
        assert_eq!(
            d.to_string(),
            "c/a.md:2:10: error[BB021]: unknown actor `harfuch`\n  |\n2 | actors: [harfuch]\n  |          ^^^^^^^\n  = hint: did you mean `garcia-harfuch`?"
        );
    }

    #[test]
    fn suggestion_prefers_containing_ids() {
        let ids = ["garcia-harfuch", "sheinbaum", "trump"];
        assert_eq!(suggest("harfuch", ids), Some("garcia-harfuch"));
        assert_eq!(suggest("zzz", ids), None);
    }

    #[test]
    fn suggestion_prefers_the_id_the_name_covers_most_of() {
        let ids = ["2024-10-01-sheinbaum-takes-office", "claudia-sheinbaum"];
        assert_eq!(suggest("sheinbaum", ids), Some("claudia-sheinbaum"));
        assert_eq!(suggest("sheinbaum-takes-office", ids), Some(ids[0]));
        assert_eq!(
            suggest("garcia-harfuch-omar", ["garcia-harfuch"]),
            Some("garcia-harfuch")
        );
    }

    #[test]
    fn suggestion_needs_whole_words_to_count_as_containing() {
        // `ap` (an actor) stands inside `japan`, but not as a word.
        assert_eq!(suggest("japan", ["ap", "cia"]), None);
        assert_eq!(suggest("ap-news", ["ap", "cia"]), Some("ap"));
    }
}
