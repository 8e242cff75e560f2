//! The theme: tera templates and static files. A site overrides any theme
//! template or static file by putting one of the same name in its own
//! `templates/` or `static/` folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, Severity, SourceFile};

/// The default theme, embedded at compile time by `build.rs`.
mod default_theme {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// Where a theme file comes from: the project, or the default theme built
/// into briefbook (used when the project has no `themes/default/`).
#[derive(Debug, Clone)]
enum Origin {
    File(PathBuf),
    BuiltIn(&'static str, &'static [u8]),
}

impl Origin {
    fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Origin::File(p) => std::fs::read(p),
            Origin::BuiltIn(_, bytes) => Ok(bytes.to_vec()),
        }
    }

    /// The path shown in messages.
    fn shown(&self, root: &Path) -> PathBuf {
        match self {
            Origin::File(p) => p.strip_prefix(root).unwrap_or(p).to_path_buf(),
            Origin::BuiltIn(rel, _) => PathBuf::from(format!("(built-in theme)/{rel}")),
        }
    }
}

/// The theme a site uses: its templates, parsed, and its static files.
pub struct Theme {
    tera: tera::Tera,
    /// Template name to the file it came from, for error messages.
    origins: BTreeMap<String, Origin>,
    /// The project folder, that paths in messages are shown relative to.
    root: PathBuf,
    /// Static files: path under `static/` to contents.
    pub statics: BTreeMap<String, Vec<u8>>,
}

/// The files under `dir`, by their path relative to it.
fn read_dir_files(dir: &Path, into: &mut BTreeMap<String, Origin>) {
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file()
            && let Ok(rel) = entry.path().strip_prefix(dir)
        {
            let name = rel.to_string_lossy().replace('\\', "/");
            into.insert(name, Origin::File(entry.into_path()));
        }
    }
}

/// The theme's files of one folder (`templates` or `static`): from the
/// project's `themes/default/` if it has one, else built in; then the
/// project's own overrides of the same name.
fn theme_files(root: &Path, folder: &str) -> BTreeMap<String, Origin> {
    let mut files = BTreeMap::new();
    let local = root.join("themes/default");
    if local.is_dir() {
        read_dir_files(&local.join(folder), &mut files);
    } else {
        let prefix = format!("{folder}/");
        for (rel, bytes) in default_theme::FILES {
            if let Some(name) = rel.strip_prefix(&prefix) {
                files.insert(name.to_string(), Origin::BuiltIn(rel, bytes));
            }
        }
    }
    read_dir_files(&root.join(folder), &mut files);
    files
}

impl Theme {
    pub fn load(root: &Path) -> Result<Theme, Vec<Diagnostic>> {
        let origins = theme_files(root, "templates");
        let static_origins = theme_files(root, "static");

        let mut sources = Vec::new();
        let mut errors = Vec::new();
        for (name, origin) in &origins {
            match origin.read().map(String::from_utf8) {
                Ok(Ok(text)) => sources.push((name.clone(), text)),
                Ok(Err(_)) => errors.push(
                    Diagnostic::file(
                        Severity::Error,
                        &origin.shown(root),
                        "the template is not valid UTF-8",
                    )
                    .with_code(Code::NotUtf8),
                ),
                Err(e) => errors.push(
                    Diagnostic::file(
                        Severity::Error,
                        &origin.shown(root),
                        format!("cannot read the template: {e}"),
                    )
                    .with_code(Code::TemplateUnreadable),
                ),
            }
        }
        let mut tera = tera::Tera::new();
        // The same escaping as tera's own (`& < > " '`), written a run at a
        // time: tera's writes every byte through `dyn Write` on its own,
        // which was 6% of a build's instructions.
        tera.set_escape_fn(|input, out| {
            crate::text::escape_html_with(input, |piece| out.write_all(piece.as_bytes()))
        });
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            errors.push(template_error(&e, &origins, root, None));
        }
        let mut statics = BTreeMap::new();
        for (name, origin) in static_origins {
            match origin.read() {
                Ok(bytes) => {
                    let bytes = if name.ends_with(".css") {
                        without_css_comments(bytes)
                    } else {
                        bytes
                    };
                    statics.insert(name, bytes);
                }
                Err(e) => errors.push(
                    Diagnostic::file(
                        Severity::Error,
                        &origin.shown(root),
                        format!("cannot read: {e}"),
                    )
                    .with_code(Code::TemplateUnreadable),
                ),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Theme {
            tera,
            origins,
            root: root.to_path_buf(),
            statics,
        })
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.origins.contains_key(name)
    }

    /// Renders a template; an error names the template file and its line.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| template_error(&e, &self.origins, &self.root, Some(name)))
    }

    /// [`Theme::render`] as the bytes of a file: a page bound for disk is
    /// not checked again as UTF-8 (every piece tera writes is a `str`).
    pub fn render_bytes(&self, name: &str, context: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(name, context, &mut out)
            .map_err(|e| template_error(&e, &self.origins, &self.root, Some(name)))?;
        Ok(out)
    }
}

/// A tera error as a diagnostic on the template's file, at the template's
/// line and column, in the same form as every other diagnostic.
fn template_error(
    e: &tera::Error,
    origins: &BTreeMap<String, Origin>,
    root: &Path,
    rendering: Option<&str>,
) -> Diagnostic {
    let report = e.to_string();
    let (mut name, mut line, mut col, mut message) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => (
            r.filename().to_string(),
            r.span().start_line,
            r.span().start_col + 1,
            r.message().to_string(),
        ),
        _ => (rendering.unwrap_or("").to_string(), 0, 0, report.clone()),
    };
    // Some reports carry the location only in their text: ` --> name:l:c`.
    if let Some(at) = report.lines().find_map(|l| l.trim().strip_prefix("--> ")) {
        let mut parts = at.rsplitn(3, ':');
        let (c, l, n) = (parts.next(), parts.next(), parts.next());
        if let (Some(c), Some(l), Some(n)) = (c, l, n)
            && let (Ok(l), Ok(c)) = (l.parse(), c.parse())
        {
            if name.is_empty() {
                name = n.to_string();
            }
            if line == 0 {
                (line, col) = (l, c);
            }
        }
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    let origin = origins.get(&name);
    let shown_path = origin
        .map(|o| o.shown(root))
        .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")));
    let text = origin
        .and_then(|o| o.read().ok())
        .and_then(|b| String::from_utf8(b).ok());
    let hint = "fix the template; see the tera documentation for its syntax";
    let d = match text {
        Some(text) if line > 0 => {
            let file = SourceFile::new(shown_path, text);
            let offset = file.offset_of(line, col);
            file.error(offset, 1, format!("template error: {message}"))
                .with_hint(hint)
        }
        _ => Diagnostic::file(
            Severity::Error,
            &shown_path,
            format!("template error: {message}"),
        )
        .with_hint(hint),
    };
    d.with_code(Code::TemplateError)
}

/// A stylesheet without its comments (and the lines they stood alone on):
/// they explain the rules to whoever edits the theme, and every page would
/// otherwise download them. Strings are kept whole, so a `/*` inside one
/// stays. A file that is not UTF-8 is left as it is.
pub fn without_css_comments(bytes: Vec<u8>) -> Vec<u8> {
    let Ok(css) = std::str::from_utf8(&bytes) else {
        return bytes;
    };
    let mut out = String::with_capacity(css.len());
    let mut chars = css.char_indices().peekable();
    let mut string: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        match string {
            Some(quote) => {
                out.push(c);
                if c == '\\' {
                    if let Some((_, escaped)) = chars.next() {
                        out.push(escaped);
                    }
                } else if c == quote || c == '\n' {
                    string = None;
                }
            }
            None if c == '/' && css[i..].starts_with("/*") => {
                let end = css[i + 2..].find("*/").map_or(css.len(), |e| i + 2 + e + 2);
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
            }
            None => {
                if c == '"' || c == '\'' {
                    string = Some(c);
                }
                out.push(c);
            }
        }
    }
    let mut text = out
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    text.push('\n');
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::without_css_comments;

    fn strip(css: &str) -> String {
        String::from_utf8(without_css_comments(css.as_bytes().to_vec())).unwrap()
    }

    #[test]
    fn css_comments_go_and_strings_stay() {
        assert_eq!(
            strip(
                "/* Cards */\n.card { color: red; } /* why */\n\n\na::after { content: \"/* not a comment */\"; }\n"
            ),
            ".card { color: red; }\na::after { content: \"/* not a comment */\"; }\n"
        );
        assert_eq!(
            strip("a { background: url(//example.org/x.png); content: '\\'/*' }"),
            "a { background: url(//example.org/x.png); content: '\\'/*' }\n"
        );
        // An unclosed comment runs to the end, as in CSS.
        assert_eq!(
            strip("a { color: red; }\n/* unclosed"),
            "a { color: red; }\n"
        );
        assert_eq!(
            without_css_comments(vec![0xff, b'/', b'*']),
            vec![0xff, b'/', b'*']
        );
    }
}
