//! The renderers of a run's diagnostics: the human form (coloured where the
//! stream is a terminal), one JSON object per line for tools, and GitHub
//! Actions workflow commands. One diagnostic type, several renderers, the
//! human one only one of them (as ruff's `--output-format`).
//!
//! The human form writes its styles unconditionally; whoever prints it wraps
//! the stream in anstream's `AutoStream`, which strips them when the stream
//! is not a terminal or `NO_COLOR` is set.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use super::{Code, Diagnostic, Severity};

/// The styles of the human form. [`Palette::PLAIN`] renders no escape codes
/// at all, so one writer serves both the plain and the coloured form.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    error: Style,
    warning: Style,
    note: Style,
    gutter: Style,
}

impl Palette {
    pub const PLAIN: Palette = Palette {
        error: Style::new(),
        warning: Style::new(),
        note: Style::new(),
        gutter: Style::new(),
    };

    /// rustc's and cargo's colours: red errors, yellow warnings, blue
    /// gutter, all bold.
    pub const COLOUR: Palette = Palette {
        error: AnsiColor::Red.on_default().bold(),
        warning: AnsiColor::Yellow.on_default().bold(),
        note: AnsiColor::Cyan.on_default().bold(),
        gutter: AnsiColor::Blue.on_default().bold(),
    };

    /// The style of a severity's label and caret.
    pub fn severity(&self, severity: Severity) -> Style {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
        }
    }
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The path with `/` separators on every platform, as CI tools expect.
fn shown_path(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

/// `path:line:col: error[BB021]: what`, then the line with its caret and the
/// hint, each line after the first indented by the gutter.
pub fn write_human(f: &mut impl fmt::Write, d: &Diagnostic, palette: &Palette) -> fmt::Result {
    let style = palette.severity(d.severity);
    let gutter_style = palette.gutter;
    let path = shown_path(&d.path);
    if d.line == 0 {
        write!(f, "{path}: ")?;
    } else {
        write!(f, "{path}:{}:{}: ", d.line, d.col)?;
    }
    let word = severity_word(d.severity);
    match d.code {
        Some(code) => write!(f, "{style}{word}[{code}]{style:#}: {}", d.message)?,
        None => write!(f, "{style}{word}{style:#}: {}", d.message)?,
    }
    let gutter = " ".repeat(d.line.to_string().len());
    if let Some(snippet) = &d.snippet {
        let (text, caret) = &**snippet;
        // Tabs are kept so that the caret lines up however the terminal
        // expands them.
        let pad: String = text
            .chars()
            .take(d.col.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        write!(
            f,
            "\n{gutter_style}{gutter} |{gutter_style:#}\n{gutter_style}{} |{gutter_style:#} {text}\n{gutter_style}{gutter} |{gutter_style:#} {pad}{style}{}{style:#}",
            d.line,
            "^".repeat(*caret)
        )?;
    }
    if let Some(hint) = &d.hint {
        // `=` lines up with the snippet's `|`, however wide the line number.
        write!(f, "\n{gutter_style}{gutter} ={gutter_style:#} hint: {hint}")?;
    }
    Ok(())
}

/// A diagnostic in the human form with colour, for an `AutoStream` to
/// print or strip.
pub struct Coloured<'a>(pub &'a Diagnostic);

impl fmt::Display for Coloured<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_human(f, self.0, &Palette::COLOUR)
    }
}

/// What the human form prints: most diagnostics as they are, and a note in
/// place of a file's repeated ones.
#[derive(Debug, PartialEq, Eq)]
pub enum Item<'a> {
    Diagnostic(&'a Diagnostic),
    /// `count` more diagnostics of one code and severity in one file.
    More {
        path: &'a Path,
        severity: Severity,
        code: Option<Code>,
        count: usize,
    },
}

/// Keeps the first `keep` diagnostics of each code and severity in each
/// file, and replaces the rest of them by one [`Item::More`] after the
/// file's last diagnostic. `diagnostics` is sorted by file, so a file's are
/// contiguous.
pub fn summarise(diagnostics: &[Diagnostic], keep: usize) -> Vec<Item<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < diagnostics.len() {
        let path = &diagnostics[start].path;
        let end = start
            + diagnostics[start..]
                .iter()
                .take_while(|d| &d.path == path)
                .count();
        // Counts per group, and the groups in the order they first appear.
        let mut seen: HashMap<(Severity, Option<Code>), usize> = HashMap::new();
        let mut order = Vec::new();
        for d in &diagnostics[start..end] {
            let key = (d.severity, d.code);
            let n = seen.entry(key).or_insert_with(|| {
                order.push(key);
                0
            });
            *n += 1;
            if *n <= keep {
                out.push(Item::Diagnostic(d));
            }
        }
        for key in order {
            let count = seen[&key];
            if count > keep {
                out.push(Item::More {
                    path,
                    severity: key.0,
                    code: key.1,
                    count: count - keep,
                });
            }
        }
        start = end;
    }
    out
}

/// `path: note: 1995 more warnings like BB030 uncited-paragraph in this file`.
pub fn write_more(
    f: &mut impl fmt::Write,
    path: &Path,
    severity: Severity,
    code: Option<Code>,
    count: usize,
    palette: &Palette,
) -> fmt::Result {
    let note = palette.note;
    let plural = if count == 1 { "" } else { "s" };
    let like = code.map_or_else(|| "this".to_string(), |c| format!("like {c} {}", c.name()));
    write!(
        f,
        "{}: {note}note{note:#}: {count} more {}{plural} {like} in this file",
        shown_path(path),
        severity_word(severity)
    )
}

/// One diagnostic as a JSON object: the fields CI tools read, with `line`,
/// `column` and `end_column` null for a problem with a whole file.
#[derive(Debug, Serialize)]
struct JsonDiagnostic<'a> {
    severity: &'static str,
    code: Option<String>,
    name: Option<&'static str>,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    /// The column just after the marked text (exclusive), 1-based.
    end_column: Option<usize>,
    message: &'a str,
    hint: Option<&'a str>,
}

/// The diagnostic as one line of JSON (without the line break).
pub fn json_line(d: &Diagnostic) -> String {
    let at = |n: usize| (d.line > 0).then_some(n);
    let json = JsonDiagnostic {
        severity: severity_word(d.severity),
        code: d.code.map(|c| c.to_string()),
        name: d.code.map(Code::name),
        file: shown_path(&d.path),
        line: at(d.line),
        column: at(d.col),
        end_column: d
            .snippet
            .as_ref()
            .filter(|_| d.line > 0)
            .map(|s| d.col + s.1),
        message: &d.message,
        hint: d.hint.as_deref(),
    };
    serde_json::to_string(&json).expect("a diagnostic serializes")
}

/// The diagnostic as a GitHub Actions workflow command, which the runner
/// turns into an annotation on the file's line:
/// `::error file=F,line=L,col=C,title=BB021 unknown-actor::message`.
pub fn github_line(d: &Diagnostic) -> String {
    let mut properties = vec![format!("file={}", escape_property(&shown_path(&d.path)))];
    if d.line > 0 {
        properties.push(format!("line={}", d.line));
        properties.push(format!("col={}", d.col));
    }
    if let Some(code) = d.code {
        properties.push(format!(
            "title={}",
            escape_property(&format!("{code} {}", code.name()))
        ));
    }
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str("\nhint: ");
        message.push_str(hint);
    }
    format!(
        "::{} {}::{}",
        severity_word(d.severity),
        properties.join(","),
        escape_data(&message)
    )
}

/// A workflow command's message, escaped as the Actions toolkit's
/// `escapeData` does.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value, escaped as the Actions toolkit's
/// `escapeProperty` does.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceFile;

    fn unknown_actor() -> Diagnostic {
        let file = SourceFile::new("c/a.md".into(), "---\nactors: [harfuch]\n---\n".into());
        file.error(13, 7, "unknown actor `harfuch`")
            .with_hint("did you mean `garcia-harfuch`?")
            .with_code(Code::UnknownActor)
    }

    /// The coloured form exists, and differs from the plain one only by its
    /// escape codes.
    #[test]
    fn colour_styles_the_label_code_and_caret() {
        let d = unknown_actor();
        let coloured = Coloured(&d).to_string();
        let red = "\u{1b}[1m\u{1b}[31m";
        assert!(
            coloured.contains(&format!("{red}error[BB021]\u{1b}[0m: unknown actor")),
            "{coloured:?}"
        );
        assert!(
            coloured.contains(&format!("{red}^^^^^^^\u{1b}[0m")),
            "{coloured:?}"
        );
        let stripped: String = anstream::adapter::strip_str(&coloured).to_string();
        assert_eq!(stripped, d.to_string());
        assert!(!d.to_string().contains('\u{1b}'));
    }

    #[test]
    fn json_has_every_field_and_nulls_for_whole_file_problems() {
        let v: serde_json::Value = serde_json::from_str(&json_line(&unknown_actor())).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "severity": "error", "code": "BB021", "name": "unknown-actor",
                "file": "c/a.md", "line": 2, "column": 10, "end_column": 17,
                "message": "unknown actor `harfuch`",
                "hint": "did you mean `garcia-harfuch`?"
            })
        );
        let d = Diagnostic::file(Severity::Warning, Path::new("x.md"), "m")
            .with_code(Code::NotMarkdown);
        let v: serde_json::Value = serde_json::from_str(&json_line(&d)).unwrap();
        assert_eq!(v["line"], serde_json::Value::Null);
        assert_eq!(v["end_column"], serde_json::Value::Null);
        assert_eq!(v["hint"], serde_json::Value::Null);
    }

    #[test]
    fn github_escapes_data_and_properties_as_the_toolkit_does() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        let d = Diagnostic::file(
            Severity::Error,
            Path::new("dir,x/a:b.md"),
            "one, two: 3%\nfour",
        )
        .with_hint("fix it")
        .with_code(Code::InvalidYaml);
        assert_eq!(
            github_line(&d),
            "::error file=dir%2Cx/a%3Ab.md,title=BB014 invalid-yaml::one, two: 3%25%0Afour%0Ahint: fix it"
        );
    }

    #[test]
    fn repeated_diagnostics_of_a_file_are_summarised_per_code() {
        let file = SourceFile::new("b.md".into(), "x\n".repeat(10));
        let mut all: Vec<Diagnostic> = (0..8)
            .map(|i| {
                file.warning(i * 2, 1, "uncited")
                    .with_code(Code::UncitedParagraph)
            })
            .collect();
        all.push(file.error(0, 1, "bad").with_code(Code::UnknownLink));
        all.push(
            Diagnostic::file(Severity::Warning, Path::new("c.md"), "w")
                .with_code(Code::UncitedParagraph),
        );
        let items = summarise(&all, 5);
        assert_eq!(items.len(), 5 + 1 + 1 + 1);
        assert_eq!(
            items[6],
            Item::More {
                path: Path::new("b.md"),
                severity: Severity::Warning,
                code: Some(Code::UncitedParagraph),
                count: 3
            }
        );
        assert_eq!(items[7], Item::Diagnostic(&all[9]));
        let mut line = String::new();
        write_more(
            &mut line,
            Path::new("b.md"),
            Severity::Warning,
            Some(Code::UncitedParagraph),
            3,
            &Palette::PLAIN,
        )
        .unwrap();
        assert_eq!(
            line,
            "b.md: note: 3 more warnings like BB030 uncited-paragraph in this file"
        );
    }
}
