//! The theme: tera templates and static files. A site overrides any theme
//! template or static file by putting one of the same name in its own
//! `templates/` or `static/` folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity, SourceFile};

/// The theme a site uses: `themes/default/` in the project, or, when the
/// project has none, the default theme shipped with briefbook's sources.
pub struct Theme {
    tera: tera::Tera,
    /// Template name to the file it came from, for error messages.
    origins: BTreeMap<String, PathBuf>,
    /// The project folder, that paths in messages are shown relative to.
    root: PathBuf,
    /// Static files: path under `static/` to contents.
    pub statics: BTreeMap<String, Vec<u8>>,
}

fn theme_dir(root: &Path) -> PathBuf {
    let local = root.join("themes/default");
    if local.is_dir() {
        local
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default")
    }
}

fn read_dir_files(dir: &Path, into: &mut BTreeMap<String, PathBuf>) {
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file()
            && let Ok(rel) = entry.path().strip_prefix(dir)
        {
            let name = rel.to_string_lossy().replace('\\', "/");
            into.insert(name, entry.into_path());
        }
    }
}

/// A path as shown in messages: relative to the project, or, for the
/// default theme shipped with briefbook, relative to briefbook's sources.
fn shown(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root)
        .or_else(|_| path.strip_prefix(env!("CARGO_MANIFEST_DIR")))
        .unwrap_or(path)
        .to_path_buf()
}

impl Theme {
    pub fn load(root: &Path) -> Result<Theme, Vec<Diagnostic>> {
        let dir = theme_dir(root);
        let mut origins = BTreeMap::new();
        read_dir_files(&dir.join("templates"), &mut origins);
        read_dir_files(&root.join("templates"), &mut origins);
        let mut static_paths = BTreeMap::new();
        read_dir_files(&dir.join("static"), &mut static_paths);
        read_dir_files(&root.join("static"), &mut static_paths);

        let mut sources = Vec::new();
        let mut errors = Vec::new();
        for (name, path) in &origins {
            match std::fs::read_to_string(path) {
                Ok(text) => sources.push((name.clone(), text)),
                Err(e) => errors.push(Diagnostic::file(
                    Severity::Error,
                    &shown(path, root),
                    format!("cannot read the template: {e}"),
                )),
            }
        }
        let mut tera = tera::Tera::new();
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            errors.push(template_error(&e, &origins, root, None));
        }
        let mut statics = BTreeMap::new();
        for (name, path) in static_paths {
            match std::fs::read(&path) {
                Ok(bytes) => {
                    statics.insert(name, bytes);
                }
                Err(e) => errors.push(Diagnostic::file(
                    Severity::Error,
                    &shown(&path, root),
                    format!("cannot read: {e}"),
                )),
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
}

/// A tera error as a diagnostic on the template's file, at the template's
/// line and column, in the same form as every other diagnostic.
fn template_error(
    e: &tera::Error,
    origins: &BTreeMap<String, PathBuf>,
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
    let path = origins.get(&name).cloned();
    let shown_path = path
        .as_ref()
        .map(|p| shown(p, root))
        .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")));
    let text = path.and_then(|p| std::fs::read_to_string(p).ok());
    let hint = "fix the template; see the tera documentation for its syntax";
    match text {
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
    }
}
