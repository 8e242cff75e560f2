//! Walks `content/` and reads every entry file, in parallel.
//!
//! A file comes out as text with any byte-order mark removed and CRLF line
//! endings turned into LF, so later stages see one form; offsets and thus
//! line numbers are unchanged by that, and columns too except on a BOM line.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::{Code, Diagnostic, Severity, SourceFile};
pub use crate::model::FileRole;
use crate::model::{Id, Kind};

/// A content file read into memory.
#[derive(Debug)]
pub struct LoadedFile {
    pub role: FileRole,
    pub id: Id,
    pub file: Arc<SourceFile>,
}

/// Reads every markdown file under `content_dir`. `display_root` is the
/// folder paths are shown relative to.
pub fn load_content(
    content_dir: &Path,
    display_root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<LoadedFile> {
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::file(
                Severity::Error,
                &relative(content_dir, display_root),
                "the content folder does not exist",
            )
            .with_hint("create content/ with briefs/, actors/, events/ and sources/ in it, or run `briefbook new brief ID`")
            .with_code(Code::ContentMissing),
        );
        return Vec::new();
    }
    let paths = content_paths(content_dir, display_root, diagnostics);
    let results: Vec<Result<Option<LoadedFile>, Diagnostic>> = paths
        .par_iter()
        .map(|path| load_file(path, content_dir, display_root))
        .collect();
    let mut files = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(Some(f)) => files.push(f),
            Ok(None) => {}
            Err(d) => diagnostics.push(d),
        }
    }
    files
}

/// Every file under `content_dir`, in the order a build reads them (by path,
/// component by component).
pub fn content_paths(
    content_dir: &Path,
    display_root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for entry in WalkDir::new(content_dir).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => paths.push(e.into_path()),
            Ok(_) => {}
            Err(e) => diagnostics.push(
                Diagnostic::file(
                    Severity::Error,
                    &relative(e.path().unwrap_or(content_dir), display_root),
                    format!("cannot read: {e}"),
                )
                .with_code(Code::UnreadableFile),
            ),
        }
    }
    paths
}

fn relative(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Reads one content file. A file that cannot be an entry (not markdown, in
/// the wrong folder, a bad id, unreadable, empty) comes back as its diagnostic.
pub fn load_file(
    path: &Path,
    content_dir: &Path,
    display_root: &Path,
) -> Result<Option<LoadedFile>, Diagnostic> {
    let shown = relative(path, display_root);
    let inner = path.strip_prefix(content_dir).unwrap_or(path);
    let components: Vec<_> = inner.iter().map(|c| c.to_string_lossy()).collect();
    if path.extension().is_none_or(|e| e != "md") {
        return Err(
            Diagnostic::file(Severity::Warning, &shown, "not a markdown file; ignored")
                .with_hint("content files end in `.md`; keep other files outside content/")
                .with_code(Code::NotMarkdown),
        );
    }
    // Entries may sit in subfolders of their kind's folder
    // (`briefs/2025/x.md`) to keep long lists tidy; the id is still the
    // file stem, so the page stays `briefs/x.html`.
    let role = match components.as_slice() {
        [name] if name == "index.md" => FileRole::Home,
        [folder, _, ..] => match Kind::from_folder(folder) {
            Some(kind) => FileRole::Entry(kind),
            None => return Err(unknown_place(&shown)),
        },
        _ => return Err(unknown_place(&shown)),
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = match role {
        FileRole::Home => Id::parse("index").expect("valid id"),
        FileRole::Entry(_) => Id::parse(&stem).map_err(|e| {
            Diagnostic::file(
                Severity::Error,
                &shown,
                format!("`{stem}` is not a safe id: {e}"),
            )
            .with_hint(format!(
                "rename the file to `{}.md`: ids use lower-case letters, digits and single hyphens",
                Id::suggest(&stem)
            ))
            .with_code(Code::UnsafeId)
        })?,
    };
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::file(
            Severity::Error,
            &shown,
            format!("cannot read the file: {e}"),
        )
        .with_code(Code::UnreadableFile)
    })?;
    let text = decode(bytes, &shown)?;
    if text.trim().is_empty() {
        return Err(
            Diagnostic::file(Severity::Error, &shown, "the file is empty")
                .with_hint("fill it in from `briefbook new KIND ID`, or delete it")
                .with_code(Code::EmptyFile),
        );
    }
    Ok(Some(LoadedFile {
        role,
        id,
        file: Arc::new(SourceFile::new(shown, text)),
    }))
}

fn unknown_place(shown: &Path) -> Diagnostic {
    Diagnostic::file(
        Severity::Warning,
        shown,
        "this file is not in briefs/, actors/, events/ or sources/; ignored",
    )
    .with_hint("move it into the folder of its kind, e.g. content/briefs/")
    .with_code(Code::MisplacedFile)
}

/// UTF-8 text with the BOM dropped and CRLF as LF, or an error pointing at
/// the first byte that is not UTF-8.
pub(crate) fn decode(bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            // The line up to the bad byte is shown, with the caret after it.
            let file = SourceFile::new(shown.to_path_buf(), prefix);
            let d = file
                .error(
                    valid,
                    1,
                    format!("the file is not valid UTF-8 (byte 0x{:02x})", bytes[valid]),
                )
                .with_hint("save the file as UTF-8 in your editor (\"Save with encoding\" / \"Reopen with encoding\")")
                .with_code(Code::NotUtf8);
            return Err(d);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    })
}
