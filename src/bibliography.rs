//! Sources declared in bibliography files, as reference managers export
//! them (`bibliography = "sources.bib"` in briefbook.toml): BibTeX/BibLaTeX
//! (`.bib`, read by the `biblatex` crate and converted by hayagriva) and
//! CSL-JSON (`.json`, read by serde_json into the typed items below).
//!
//! Each entry becomes a source [`Entry`] exactly like `content/sources/ID.md`
//! with the same front-matter would: its key is its id, and the fields are
//! mapped as docs/EDITING.md describes. An entry has no body. Its
//! [`SourceFile`] is an excerpt of the bibliography: the entry's own text,
//! numbered from its line in the file, so that every later diagnostic about
//! the source points into the bibliography, and an edit elsewhere in the
//! file does not change the source.
//!
//! Invariant: a bibliography path is relative to the project and stays inside
//! it, through symbolic links too; every key is a safe id, used once across
//! the bibliographies and the markdown sources.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::{Code, Diagnostic, Severity, SourceFile};
use crate::model::{DateSpec, Entry, FileRole, Id, Kind, Meta, NOT_RECORDED, Parsed};

/// A bibliography larger than this is refused rather than read: a briefing's
/// sources fit in far less, and a runaway export should not exhaust memory.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Past this column an entry's excerpt is not indented to its place.
const MAX_INDENT: usize = 1024;

/// A source read from a bibliography, with where its key stands.
pub struct BibSource {
    pub entry: Entry,
    /// The key's byte offset and length in `entry.file`.
    pub key_at: (usize, usize),
}

/// What the bibliographies declare.
#[derive(Default)]
pub struct Read {
    /// The entries that could be read, each key once.
    pub sources: Vec<BibSource>,
    /// The keys of entries that could not be read (already reported), so
    /// that references to them are not reported again as unknown.
    pub failed: HashSet<String>,
    /// A file could not be read at all: which keys it declares is unknown.
    pub incomplete: bool,
}

/// Reads every bibliography that `paths` (as written in briefbook.toml)
/// names, in order. Problems go to `diagnostics`.
pub fn read_bibliographies(
    root: &Path,
    paths: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) -> Read {
    let mut out = Read::default();
    let sources = &mut out.sources;
    let mut seen: HashMap<String, (PathBuf, usize)> = HashMap::new();
    for path in paths {
        let Some(file) = read_file(root, path, diagnostics) else {
            out.incomplete = true;
            continue;
        };
        let before = diagnostics.len();
        let read = match path.extension().and_then(|e| e.to_str()) {
            Some("bib") => read_biblatex(&file, diagnostics),
            Some("json") => read_csl_json(&file, diagnostics),
            _ => unreachable!("read_file checks the extension"),
        };
        if diagnostics.len() > before {
            out.failed.extend(keys_in(&file.text));
        }
        for source in read {
            let id = source.entry.id.to_string();
            let (line, _) = source.entry.file.line_col(source.key_at.0);
            if let Some((first, first_line)) = seen.get(&id) {
                diagnostics.push(
                    source
                        .entry
                        .file
                        .error(
                            source.key_at.0,
                            source.key_at.1,
                            format!(
                                "the key `{id}` is used twice: also at {}:{first_line}",
                                first.display()
                            ),
                        )
                        .with_hint("every source needs its own key; rename or remove one of the two entries")
                        .with_code(Code::DuplicateSourceKey),
                );
                continue;
            }
            seen.insert(id, (source.entry.file.path.clone(), line));
            sources.push(source);
        }
    }
    out
}

/// Every key a bibliography's text seems to declare, read leniently (the
/// file may not parse): `@type{key,` in BibTeX, `"id": "key"` in CSL-JSON.
fn keys_in(text: &str) -> Vec<String> {
    let pattern = regex::Regex::new(r#"@\w+\s*[{(]\s*([^,\s]+)\s*,|"id"\s*:\s*"([^"]+)""#)
        .expect("a valid pattern");
    pattern
        .captures_iter(text)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| m.as_str().to_string())
        .collect()
}

/// Reads one bibliography file, after checking that its path stays inside
/// the project, that it is a kind briefbook reads, and that it is not huge.
fn read_file(root: &Path, path: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<SourceFile> {
    let outside = |why: &str| {
        let message = format!("the bibliography `{}` {why}", path.display());
        // At the setting in briefbook.toml, where it can be found.
        let settings = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE))
            .ok()
            .map(|t| SourceFile::new(PathBuf::from(crate::config::CONFIG_FILE), t));
        let quoted = format!("\"{}\"", path.display());
        match settings.as_ref().and_then(|f| Some((f, f.text.find(&quoted)?))) {
            Some((f, at)) => f.error(at, quoted.len(), message),
            None => Diagnostic::file(
                Severity::Error,
                Path::new(crate::config::CONFIG_FILE),
                message,
            ),
        }
        .with_hint("give a path relative to briefbook.toml, inside the project, e.g. `bibliography = \"sources.bib\"`")
        .with_code(Code::BibliographyOutsideProject)
    };
    if !path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        diagnostics.push(outside("is not a path inside the project"));
        return None;
    }
    let full = root.join(path);
    let unreadable = |e: &dyn std::fmt::Display| {
        Diagnostic::file(
            Severity::Error,
            path,
            format!("cannot read the bibliography: {e}"),
        )
        .with_hint("export the bibliography there from your reference manager, or correct `bibliography` in briefbook.toml")
        .with_code(Code::BibliographyUnreadable)
    };
    // A symbolic link may point anywhere; what counts is where it leads.
    let real = match full.canonicalize() {
        Ok(p) => p,
        Err(e) => {
            diagnostics.push(unreadable(&e));
            return None;
        }
    };
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if !real.starts_with(&real_root) {
        diagnostics.push(outside(
            "leads outside the project (through a symbolic link)",
        ));
        return None;
    }
    if !matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("bib" | "json")
    ) {
        diagnostics.push(
            Diagnostic::file(
                Severity::Error,
                path,
                "briefbook reads bibliographies in BibTeX/BibLaTeX (`.bib`) or CSL-JSON (`.json`)",
            )
            .with_hint("export the library from your reference manager as BibLaTeX or CSL JSON")
            .with_code(Code::InvalidBibliography),
        );
        return None;
    }
    match std::fs::metadata(&real) {
        Ok(m) if m.len() > MAX_BYTES => {
            diagnostics.push(
                Diagnostic::file(
                    Severity::Error,
                    path,
                    format!(
                        "the bibliography is {} bytes, more than briefbook reads ({MAX_BYTES})",
                        m.len()
                    ),
                )
                .with_hint("export only the briefing's sources (a collection or a tag in your reference manager)")
                .with_code(Code::InvalidBibliography),
            );
            return None;
        }
        Ok(_) => {}
        Err(e) => {
            diagnostics.push(unreadable(&e));
            return None;
        }
    }
    let bytes = match std::fs::read(&real) {
        Ok(b) => b,
        Err(e) => {
            diagnostics.push(unreadable(&e));
            return None;
        }
    };
    match crate::load::decode(bytes, path) {
        Ok(text) => Some(SourceFile::new(path.to_path_buf(), text)),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    }
}

/// What one entry says, whatever the format, before it becomes an [`Entry`].
struct Fields {
    key: String,
    key_at: usize,
    /// The byte range of the whole entry in the file.
    span: std::ops::Range<usize>,
    title: Option<String>,
    /// Each name as `Family, Given`, or as written for an organisation.
    authors: Vec<String>,
    publisher: Option<String>,
    /// Year, month and day, as far as given.
    issued: Option<(i32, Option<u8>, Option<u8>)>,
    /// Where the date stands, for its diagnostic.
    issued_at: usize,
    url: Option<String>,
    kind: String,
    archive: Option<String>,
}

/// Turns what an entry says into a source entry, or reports why it cannot.
fn to_source(file: &SourceFile, f: Fields, diagnostics: &mut Vec<Diagnostic>) -> Option<BibSource> {
    let id = match Id::parse(&f.key) {
        Ok(id) => id,
        Err(e) => {
            diagnostics.push(
                file.error(f.key_at, f.key.len(), format!("`{}` is not a safe id: {e}", f.key))
                    .with_hint(format!(
                        "change the entry's key to `{}` (in Zotero with Better BibTeX: pin the citation key); ids use lower-case letters, digits and single hyphens",
                        Id::suggest(&f.key)
                    ))
                    .with_code(Code::InvalidBibliography),
            );
            return None;
        }
    };
    let Some(title) = f.title.filter(|t| !t.trim().is_empty()) else {
        diagnostics.push(
            file.error(
                f.key_at,
                f.key.len(),
                format!("the entry `{}` has no title", f.key),
            )
            .with_hint(
                "give the entry a title, as in the text, or a description in square brackets",
            )
            .with_code(Code::InvalidBibliography),
        );
        return None;
    };
    let published = match f.issued {
        None => None,
        Some((year, month, day)) => {
            let text = match (month, day) {
                (Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
                (Some(m), None) => format!("{year:04}-{m:02}"),
                _ => format!("{year:04}"),
            };
            match DateSpec::parse(&text) {
                Ok(d) => Some(d),
                Err(e) => {
                    diagnostics.push(
                        file.error(
                            f.issued_at,
                            1,
                            format!("the entry `{}` has a bad date `{text}`: {e}", f.key),
                        )
                        .with_hint(
                            "correct the date, or leave it out when the text does not give it",
                        )
                        .with_code(Code::InvalidBibliography),
                    );
                    return None;
                }
            }
        }
    };
    let or_not_recorded = |v: Option<String>| {
        v.map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| NOT_RECORDED.to_string())
    };
    let author = if f.authors.is_empty() {
        NOT_RECORDED.to_string()
    } else {
        f.authors.join("; ")
    };
    let meta = Meta::Source {
        title: title.trim().to_string(),
        author,
        publisher: or_not_recorded(f.publisher),
        published,
        url: or_not_recorded(f.url),
        kind: f.kind,
        archive: f.archive.filter(|a| !a.trim().is_empty()),
        // A reference manager has no such field: a bibliography's texts
        // are published by `publish_archive = true` in briefbook.toml.
        publish_text: false,
    };
    // The entry's own text, at its line and (as the line's indentation)
    // its column. An entry far into a long line (minified JSON) starts the
    // excerpt itself, with columns on its first line counted from it.
    let (line, col) = file.line_col(f.span.start);
    let mut text = if col <= MAX_INDENT {
        " ".repeat(col - 1)
    } else {
        String::new()
    };
    let shift = text.len();
    text.push_str(&file.text[f.span.start..f.span.end]);
    let body_start = text.len();
    let key_at = (f.key_at - f.span.start + shift, f.key.len());
    Some(BibSource {
        entry: Entry {
            role: FileRole::Entry(Kind::Source),
            id,
            file: Arc::new(SourceFile::excerpt(file.path.clone(), text, line - 1)),
            parsed: Parsed {
                meta,
                actors: Vec::new(),
                events: Vec::new(),
                sources: Vec::new(),
                figures: Vec::new(),
                body_start,
                internal: false,
            },
        },
        key_at,
    })
}

/// A parse error of the `biblatex` crate, at its place in the file.
fn biblatex_error(file: &SourceFile, span: std::ops::Range<usize>, what: String) -> Diagnostic {
    file.error(span.start, span.len().max(1), what)
        .with_hint("correct the entry, or export the bibliography again from your reference manager (BibLaTeX or Better BibTeX)")
        .with_code(Code::InvalidBibliography)
}

/// Reads a BibTeX/BibLaTeX file.
fn read_biblatex(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Vec<BibSource> {
    let raw = match biblatex::RawBibliography::parse(&file.text) {
        Ok(raw) => raw,
        Err(e) => {
            diagnostics.push(biblatex_error(
                file,
                e.span.clone(),
                format!("cannot read the BibTeX file: {}", e.kind),
            ));
            return Vec::new();
        }
    };
    // Duplicate keys are said here, with both places, before the crate
    // refuses the whole file for them.
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut places = Vec::new();
    for e in &raw.entries {
        let key = e.v.key.v;
        if let Some(&at) = first.get(key) {
            let (line, _) = file.line_col(at);
            diagnostics.push(
                file.error(
                    e.v.key.span.start,
                    key.len(),
                    format!(
                        "the key `{key}` is used twice: also at {}:{line}",
                        file.path.display()
                    ),
                )
                .with_hint(
                    "every source needs its own key; rename or remove one of the two entries",
                )
                .with_code(Code::DuplicateSourceKey),
            );
            return Vec::new();
        }
        first.insert(key, e.v.key.span.start);
        places.push((key.to_string(), e.v.key.span.start, e.span.clone()));
    }
    let bibliography = match biblatex::Bibliography::from_raw(raw) {
        Ok(b) => b,
        Err(e) => {
            diagnostics.push(biblatex_error(
                file,
                e.span.clone(),
                format!("cannot read the BibTeX file: {}", e.kind),
            ));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (key, key_at, span) in places {
        let Some(tex) = bibliography.get(&key) else {
            continue;
        };
        let item = match hayagriva::Entry::try_from(tex) {
            Ok(item) => item,
            Err(e) => {
                diagnostics.push(biblatex_error(
                    file,
                    e.span.clone(),
                    format!(
                        "the entry `{key}` has a field briefbook cannot read: {}",
                        e.kind
                    ),
                ));
                continue;
            }
        };
        let verbatim = |name: &str| {
            use biblatex::ChunksExt;
            tex.get(name).map(|c| c.format_verbatim())
        };
        let issued_at = ["date", "year"]
            .iter()
            .find_map(|n| tex.get(n).and_then(|c| c.first()).map(|c| c.span.start))
            .unwrap_or(key_at);
        let publisher = item
            .publisher()
            .and_then(|p| p.name())
            .map(|n| n.to_string())
            .or_else(|| item.map_parents(|p| p.title().map(|t| t.to_string())))
            .or_else(|| item.map(|e| e.organization().map(|o| o.to_string())));
        if item.date().is_none() && (tex.get("date").is_some() || tex.get("year").is_some()) {
            diagnostics.push(biblatex_error(
                file,
                issued_at..issued_at + 1,
                format!("the entry `{key}` has a date briefbook cannot read"),
            )
            .with_hint("write the date as `date = {YYYY-MM-DD}` (or `YYYY-MM`, `YYYY`), or leave it out when the text does not give it"));
            continue;
        }
        let fields = Fields {
            key: key.clone(),
            key_at,
            span,
            title: item.title().map(|t| plain_tex(&t.to_string())),
            authors: item
                .authors()
                .unwrap_or_default()
                .iter()
                .map(person_name)
                .collect(),
            publisher,
            issued: item
                .date()
                .map(|d| (d.year, d.month.map(|m| m + 1), d.day.map(|d| d + 1))),
            issued_at,
            url: item.url().map(|u| u.value.to_string()),
            kind: verbatim("type")
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| tex.entry_type.to_string().to_lowercase()),
            archive: verbatim("archive"),
        };
        out.extend(to_source(file, fields, diagnostics));
    }
    out
}

/// Text with the LaTeX formatting commands reference managers write in
/// titles (`\emph{…}`, `\textit{…}`, …) reduced to their text, as the
/// pages show plain titles.
fn plain_tex(text: &str) -> String {
    let pattern = regex::Regex::new(
        r"\\(?:emph|textit|textbf|textsc|textup|textrm|mkbibquote|mkbibemph)\{([^{}]*)\}",
    )
    .expect("a valid pattern");
    pattern.replace_all(text, "$1").into_owned()
}

/// A person as `Family, Given`, or the name alone (an organisation).
fn person_name(p: &hayagriva::types::Person) -> String {
    let family = match &p.prefix {
        Some(prefix) => format!("{prefix} {}", p.name),
        None => p.name.clone(),
    };
    match &p.given_name {
        Some(given) if !given.is_empty() => format!("{family}, {given}"),
        _ => family,
    }
}

/// An item of a CSL-JSON file: the variables briefbook reads; the others
/// are ignored, as Pandoc ignores those its style does not use.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct CslItem {
    pub id: CslId,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub author: Vec<CslName>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub container_title: Option<String>,
    #[serde(default)]
    pub issued: Option<CslDate>,
    #[serde(rename = "URL", default)]
    pub url: Option<String>,
    #[serde(default)]
    pub genre: Option<String>,
    #[serde(default)]
    pub archive: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// An item's id: CSL-JSON allows a number too.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum CslId {
    Text(String),
    Number(i64),
}

/// A name: a person's parts or a literal (an organisation).
#[derive(Debug, Deserialize)]
pub struct CslName {
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
    pub given: Option<String>,
    #[serde(rename = "non-dropping-particle", default)]
    pub particle: Option<String>,
    #[serde(default)]
    pub literal: Option<String>,
}

/// A date as `date-parts` (`[[2025, 1, 20]]`); `raw` and `literal` dates
/// are read when they are ISO dates.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct CslDate {
    #[serde(default)]
    pub date_parts: Vec<Vec<CslNumber>>,
    #[serde(default)]
    pub raw: Option<String>,
}

/// A date part: a number, or a string of digits as some exports write it.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum CslNumber {
    Number(i64),
    Text(String),
}

impl CslNumber {
    fn value(&self) -> Option<i64> {
        match self {
            CslNumber::Number(n) => Some(*n),
            CslNumber::Text(t) => t.trim().parse().ok(),
        }
    }
}

/// The byte offset of `part` (a slice of `whole`) in `whole`.
fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

/// Reads a CSL-JSON file: an array of items.
fn read_csl_json(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Vec<BibSource> {
    let json_error = |at: usize, e: &serde_json::Error| {
        // The place is said by the diagnostic itself, from the file's start.
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        file.error(at, 1, format!("cannot read the CSL-JSON file: {message}"))
            .with_hint("a CSL-JSON bibliography is an array of items, each with an `id` and a `title`; export it again as CSL JSON")
            .with_code(Code::InvalidBibliography)
    };
    let position = |e: &serde_json::Error, base: &str| {
        let inner = SourceFile::new(PathBuf::new(), base.to_string());
        offset_in(&file.text, base) + inner.offset_of(e.line(), e.column().max(1))
    };
    let items: Vec<&serde_json::value::RawValue> = match serde_json::from_str(&file.text) {
        Ok(items) => items,
        Err(e) => {
            let at = position(&e, &file.text);
            diagnostics.push(json_error(at, &e));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for raw in items {
        let text = raw.get();
        let start = offset_in(&file.text, text);
        let item: CslItem = match serde_json::from_str(text) {
            Ok(item) => item,
            Err(e) => {
                let at = position(&e, text);
                diagnostics.push(json_error(at, &e));
                continue;
            }
        };
        let key = match &item.id {
            CslId::Text(t) => t.clone(),
            CslId::Number(n) => n.to_string(),
        };
        let key_at = text
            .find("\"id\"")
            .and_then(|i| text[i..].find(&key).map(|j| start + i + j))
            .unwrap_or(start);
        let issued_at = text.find("\"issued\"").map_or(key_at, |i| start + i);
        let issued = item.issued.as_ref().and_then(|d| {
            let parts: Vec<i64> = d
                .date_parts
                .first()
                .map(|p| p.iter().filter_map(CslNumber::value).collect())
                .unwrap_or_default();
            match parts.as_slice() {
                [] => d.raw.as_deref().and_then(|r| {
                    let s = crate::model::PartialDate::parse(r.trim()).ok()?;
                    Some((
                        i32::from(s.year),
                        s.month.map(|m| m as u8),
                        s.day.map(|d| d as u8),
                    ))
                }),
                [y, rest @ ..] => Some((
                    *y as i32,
                    rest.first().map(|m| (*m).clamp(0, 255) as u8),
                    rest.get(1).map(|d| (*d).clamp(0, 255) as u8),
                )),
            }
        });
        // Zotero writes "Key: value" lines of its Extra field into `note`;
        // `archive: FILE` there names the archive text too.
        let archive = item.archive.clone().or_else(|| {
            item.note.as_deref().and_then(|n| {
                n.lines().find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.trim()
                        .eq_ignore_ascii_case("archive")
                        .then(|| v.trim().to_string())
                })
            })
        });
        let authors = item
            .author
            .iter()
            .filter_map(|n| match (&n.literal, &n.family) {
                (Some(l), _) => Some(l.clone()),
                (None, Some(family)) => {
                    let family = match &n.particle {
                        Some(p) => format!("{p} {family}"),
                        None => family.clone(),
                    };
                    Some(match &n.given {
                        Some(g) if !g.is_empty() => format!("{family}, {g}"),
                        _ => family,
                    })
                }
                (None, None) => n.given.clone(),
            })
            .collect();
        let fields = Fields {
            key,
            key_at,
            span: start..start + text.len(),
            title: item.title,
            authors,
            publisher: item.publisher.or(item.container_title),
            issued,
            issued_at,
            url: item.url,
            kind: item
                .genre
                .filter(|g| !g.trim().is_empty())
                .or(item.kind)
                .unwrap_or_else(|| "document".to_string()),
            archive,
        };
        out.extend(to_source(file, fields, diagnostics));
    }
    out
}
