//! What changed since the last edition: the edition manifest every build
//! writes (`site/edition.json`), reading the previous edition's manifest
//! back, and comparing the two.
//!
//! The manifest records, per entry the edition shows, its kind, id, title,
//! date, summary, a content hash and its paragraphs as readers read them;
//! the next build compares its own entries with those, and shows what was
//! added, changed and removed, with the changed paragraphs as a diff.
//!
//! Invariants:
//! - The manifest depends on the content and the previous manifest only:
//!   no clock, no absolute path, fields in a fixed (alphabetical) order,
//!   entries sorted by kind and id. Two builds of the same input over the
//!   same previous edition write the same bytes.
//! - It holds only what the edition shows: the public edition's manifest
//!   has no internal entry and no text of an internal block (its paragraphs
//!   are the rendered text, which leaves them out).
//! - A previous manifest is input from outside: it is read with a size
//!   limit, parsed by serde_json (whose recursion limit stops deep nesting),
//!   and every id must be a safe slug and every date a date, or the whole
//!   manifest is refused with a warning. Its text is only ever escaped into
//!   the page; its ids only become relative links of known shape.
//! - Rebuilding the same edition keeps its baseline: when the previous
//!   manifest has this build's edition date, it is this edition built
//!   before, so its own baseline (stored inside it as the baseline's
//!   version of every entry that differs) stays the baseline.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostic::{Code, Diagnostic, Severity};
pub use crate::model::{Baseline, Changes, Record, Stamp};
use crate::model::{DateSpec, Edition, Id, Kind, Meta, PartialDate, SiteData};

/// The manifest's path in the site.
pub const MANIFEST: &str = "edition.json";
/// The "What changed" page's path in the site.
pub const PAGE: &str = "changes.html";
/// The manifest format this briefbook writes and reads.
pub const FORMAT: u32 = 1;
/// The largest previous manifest read: far above a real briefing's (a
/// 10,000-brief synthetic one is about 30 MB), low enough that a stray
/// huge file is refused instead of filling the memory.
pub const MAX_MANIFEST_BYTES: u64 = 256 << 20;

/// `site/edition.json`. Fields are declared in alphabetical order, so the
/// JSON's keys are sorted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// The edition this one was compared with, as the differences from it:
    /// `null` when there was none.
    pub baseline: Option<BaselineDelta>,
    pub edition: Stamp,
    /// Every entry of the edition, by kind then id.
    pub entries: Vec<Record>,
    pub format: u32,
    pub generator: String,
}

/// The baseline of an edition, kept inside its manifest as the baseline's
/// version of each entry that differs, so that rebuilding the same edition
/// can compare with the same baseline again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BaselineDelta {
    /// Entries of this edition the baseline did not have.
    pub added: Vec<Key>,
    pub edition: Stamp,
    /// The baseline's records of the entries changed or removed since.
    pub entries: Vec<Record>,
}

/// An entry's kind and id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Key {
    pub id: String,
    pub kind: Kind,
}

/// Where the previous edition is to be found, as a build is told.
#[derive(Debug, Clone, Default)]
pub enum Previous {
    /// None: nothing is compared (`check`, `pdf`).
    #[default]
    None,
    /// The manifest in this folder, read when the build starts:
    /// `--previous DIR`.
    Folder(PathBuf),
    /// The manifest of the site this build replaces. A site without one
    /// (built by an older briefbook) is no previous edition, silently: the
    /// first build after an upgrade should not warn.
    Replaced(PathBuf),
    /// Read already: `serve` reads it once, before its first build
    /// replaces the folder, so that every rebuild compares with the same.
    Read(std::sync::Arc<PreviousEdition>),
}

/// A previous edition's manifest as read, and what was wrong with it.
#[derive(Debug, Clone, Default)]
pub struct PreviousEdition {
    /// The folder it was read from, for messages.
    pub folder: Option<PathBuf>,
    pub manifest: Option<Manifest>,
    pub problem: Option<Diagnostic>,
}

impl Previous {
    /// Reads the manifest if it is not read yet.
    pub fn read(&self) -> std::sync::Arc<PreviousEdition> {
        match self {
            Previous::None => Default::default(),
            Previous::Folder(dir) => std::sync::Arc::new(read_previous(dir)),
            Previous::Replaced(dir) if !dir.join(MANIFEST).exists() => {
                std::sync::Arc::new(PreviousEdition {
                    folder: Some(dir.clone()),
                    ..PreviousEdition::default()
                })
            }
            Previous::Replaced(dir) => std::sync::Arc::new(read_previous(dir)),
            Previous::Read(p) => p.clone(),
        }
    }
}

/// Reads `DIR/edition.json`. A folder that does not exist is no previous
/// edition (the first build); anything else that fails is a warning, and
/// the build goes on as if there were no previous edition.
pub fn read_previous(dir: &Path) -> PreviousEdition {
    let folder = Some(dir.to_path_buf());
    if !dir.exists() {
        return PreviousEdition {
            folder,
            ..PreviousEdition::default()
        };
    }
    let path = dir.join(MANIFEST);
    match read_manifest(&path) {
        Ok(manifest) => PreviousEdition {
            folder,
            manifest: Some(manifest),
            problem: None,
        },
        Err((message, hint)) => PreviousEdition {
            folder,
            manifest: None,
            problem: Some(
                Diagnostic::file(
                    Severity::Warning,
                    &path,
                    format!("{message}; this build shows no changes"),
                )
                .with_hint(hint)
                .with_code(Code::PreviousEditionUnreadable),
            ),
        },
    }
}

/// What went wrong reading a manifest, and the hint.
type ReadError = (String, String);

fn read_manifest(path: &Path) -> Result<Manifest, ReadError> {
    let rebuild_hint = || {
        "pass `--previous DIR` with the last published site, or build once more: the next build compares with this one".to_string()
    };
    let file = std::fs::File::open(path).map_err(|e| {
        let message = if e.kind() == std::io::ErrorKind::NotFound {
            "the previous edition has no manifest".to_string()
        } else {
            format!("cannot read the previous edition's manifest: {e}")
        };
        (message, rebuild_hint())
    })?;
    // Sized to the file, so that reading tens of MB does not double the
    // buffer (and copy it) on the way.
    let size = file
        .metadata()
        .map_or(0, |m| m.len().min(MAX_MANIFEST_BYTES + 1));
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
    file.take(MAX_MANIFEST_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            (
                format!("cannot read the previous edition's manifest: {e}"),
                rebuild_hint(),
            )
        })?;
    if bytes.len() as u64 > MAX_MANIFEST_BYTES {
        return Err((
            format!(
                "the previous edition's manifest is larger than {} MB",
                MAX_MANIFEST_BYTES >> 20
            ),
            "it is not one briefbook wrote: ".to_string() + &rebuild_hint(),
        ));
    }
    let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|e| {
        (
            format!("the previous edition's manifest is not valid: {e}"),
            rebuild_hint(),
        )
    })?;
    if manifest.format != FORMAT {
        return Err((
            format!(
                "the previous edition's manifest has format {}; this briefbook reads format {FORMAT}",
                manifest.format
            ),
            rebuild_hint(),
        ));
    }
    validate(&manifest).map_err(|m| {
        (
            format!("the previous edition's manifest is not valid: {m}"),
            rebuild_hint(),
        )
    })?;
    Ok(manifest)
}

/// Refuses a manifest whose ids, dates, kinds or hashes are not of the
/// shape a build writes: they become anchors and links on the page.
fn validate(m: &Manifest) -> Result<(), String> {
    let stamp = |s: &Stamp| -> Result<(), String> {
        if s.kind != "public" && s.kind != "internal" {
            return Err(format!("unknown edition kind `{}`", s.kind));
        }
        if let Some(d) = &s.date {
            PartialDate::parse(d).map_err(|e| format!("edition date: {e}"))?;
        }
        Ok(())
    };
    let records = |list: &[Record]| -> Result<(), String> {
        let mut seen = std::collections::BTreeSet::new();
        for r in list {
            Id::parse(&r.id).map_err(|e| format!("entry id: {e}"))?;
            if let Some(d) = &r.date {
                DateSpec::parse(d).map_err(|e| format!("date of `{}`: {e}", r.id))?;
            }
            let hex = r.hash.strip_prefix("sha256:").unwrap_or("");
            if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!(
                    "the hash of `{}` is not `sha256:` and 64 hex digits",
                    r.id
                ));
            }
            if !seen.insert((r.kind, r.id.as_str())) {
                return Err(format!("the {} `{}` is listed twice", r.kind.name(), r.id));
            }
        }
        Ok(())
    };
    stamp(&m.edition)?;
    records(&m.entries)?;
    if let Some(b) = &m.baseline {
        stamp(&b.edition)?;
        records(&b.entries)?;
        for k in &b.added {
            Id::parse(&k.id).map_err(|e| format!("entry id: {e}"))?;
        }
    }
    Ok(())
}

/// The name of an edition kind in the manifest.
pub fn kind_name(edition: Edition) -> &'static str {
    match edition {
        Edition::Public => "public",
        Edition::Internal => "internal",
    }
}

/// What is wrong with the previous edition for a build of the `this_kind`
/// edition: what reading it found, or that it is the other kind of
/// edition. Said in the build's report, as a warning.
pub fn previous_problem(previous: &PreviousEdition, this_kind: &str) -> Option<Diagnostic> {
    if previous.problem.is_some() {
        return previous.problem.clone();
    }
    let m = previous.manifest.as_ref()?;
    if m.edition.kind == this_kind {
        return None;
    }
    let path = previous
        .folder
        .as_ref()
        .map_or_else(|| PathBuf::from(MANIFEST), |d| d.join(MANIFEST));
    Some(
        Diagnostic::file(
            Severity::Warning,
            &path,
            format!(
                "the previous edition is the {} edition and this build is the {this_kind}; this build shows no changes",
                m.edition.kind
            ),
        )
        .with_hint(format!(
            "build each edition into its own folder (`-o`), or pass `--previous DIR` with the last {this_kind} edition"
        ))
        .with_code(Code::PreviousEditionOtherKind),
    )
}

/// Which edition a previous manifest's records are the baseline of, for a
/// build of `this` edition: the previous edition itself, or, when it has
/// this edition's date (the same edition built again), its own baseline.
/// A manifest of the other kind of edition is no baseline: comparing the
/// public edition with the internal one would print internal text.
pub fn baseline_of(previous: &PreviousEdition, this: &Stamp) -> Option<Baseline> {
    let m = previous.manifest.as_ref()?;
    if m.edition.kind != this.kind {
        return None;
    }
    let records: BTreeMap<(Kind, String), Record> = m
        .entries
        .iter()
        .map(|r| ((r.kind, r.id.clone()), r.clone()))
        .collect();
    if m.edition.date != this.date {
        return Some(Baseline {
            edition: m.edition.clone(),
            entries: records,
        });
    }
    // The same edition built again: its baseline, put back together from
    // the differences it recorded.
    let delta = m.baseline.as_ref()?;
    let mut entries = records;
    for k in &delta.added {
        entries.remove(&(k.kind, k.id.clone()));
    }
    for r in &delta.entries {
        entries.insert((r.kind, r.id.clone()), r.clone());
    }
    Some(Baseline {
        edition: delta.edition.clone(),
        entries,
    })
}

/// How an entry of this edition differs from the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Changed,
}

impl Changes {
    /// Compares `data`'s entries with the previous edition's.
    pub fn compute(data: &SiteData, previous: &PreviousEdition) -> Changes {
        let stamp = Stamp {
            date: data.edition_date().map(|d| d.iso()),
            kind: kind_name(data.edition).to_string(),
        };
        let current = records(data);
        let baseline = baseline_of(previous, &stamp);
        Changes {
            edition: Some(stamp),
            current,
            baseline,
        }
    }

    /// Brings the changes up to date after an incremental rebuild that kept
    /// every entry at its place and rendered again only the entries
    /// `touched`: only their records can differ, so only they are hashed
    /// again, and the baseline is read again only when the edition's stamp
    /// moved (an `as_of` edit can move the edition's date).
    pub fn refresh(&mut self, data: &SiteData, previous: &PreviousEdition, touched: &[usize]) {
        let stamp = Stamp {
            date: data.edition_date().map(|d| d.iso()),
            kind: kind_name(data.edition).to_string(),
        };
        if self.edition.as_ref() != Some(&stamp) {
            self.baseline = baseline_of(previous, &stamp);
            self.edition = Some(stamp);
        }
        for &i in touched {
            if let Some(r) = record_of(data, i) {
                self.current.insert((r.kind, r.id.clone()), r);
            }
        }
    }

    /// How the entry differs from the baseline; `None` when unchanged or
    /// when there is no baseline.
    pub fn status(&self, kind: Kind, id: &str) -> Option<Status> {
        let baseline = self.baseline.as_ref()?;
        let key = (kind, id.to_string());
        let now = self.current.get(&key)?;
        match baseline.entries.get(&key) {
            None => Some(Status::Added),
            Some(old) if old.hash != now.hash => Some(Status::Changed),
            Some(_) => None,
        }
    }

    /// The entries of the baseline that this edition no longer has.
    pub fn removed(&self) -> impl Iterator<Item = &Record> {
        self.baseline
            .iter()
            .flat_map(|b| b.entries.iter())
            .filter(|(k, _)| !self.current.contains_key(*k))
            .map(|(_, r)| r)
    }

    /// Whether anything was added, changed or removed.
    pub fn any(&self) -> bool {
        self.removed().next().is_some()
            || self
                .current
                .values()
                .any(|r| self.status(r.kind, &r.id).is_some())
    }

    /// Lets go of the baseline's paragraphs of the entries that did not
    /// change, which nothing shows: for a build, which compares once. (An
    /// incremental session keeps them: a later edit can change the entry.)
    pub fn forget_unchanged_text(&mut self) {
        let Some(baseline) = &mut self.baseline else {
            return;
        };
        for (key, old) in &mut baseline.entries {
            if self.current.get(key).is_some_and(|now| !differs(old, now)) {
                old.paragraphs = Vec::new().into();
            }
        }
    }

    /// The baseline as the manifest keeps it: what differs from this edition.
    fn baseline_delta(&self) -> Option<BaselineDelta> {
        self.baseline.as_ref().map(|b| {
            let mut added = Vec::new();
            let mut entries = Vec::new();
            for (key, now) in &self.current {
                match b.entries.get(key) {
                    None => added.push(Key {
                        id: key.1.clone(),
                        kind: key.0,
                    }),
                    Some(old) if differs(old, now) => entries.push(old.clone()),
                    Some(_) => {}
                }
            }
            entries.extend(self.removed().cloned());
            entries.sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
            BaselineDelta {
                added,
                edition: b.edition.clone(),
                entries,
            }
        })
    }

    fn stamp(&self) -> Stamp {
        self.edition.clone().unwrap_or(Stamp {
            date: None,
            kind: "public".into(),
        })
    }

    /// The manifest of this edition, its records as they are held (this
    /// edition's without their paragraphs).
    #[cfg(test)]
    fn manifest(&self) -> Manifest {
        Manifest {
            baseline: self.baseline_delta(),
            edition: self.stamp(),
            entries: self.current.values().cloned().collect(),
            format: FORMAT,
            generator: "briefbook".into(),
        }
    }

    /// Writes `site/edition.json` to `out`: the manifest, each record with
    /// its paragraphs read from `data`'s rendered text as it is written.
    pub fn write_manifest(
        &self,
        data: &SiteData,
        out: &mut impl std::io::Write,
    ) -> std::io::Result<()> {
        let manifest = ManifestOut {
            baseline: self.baseline_delta(),
            edition: self.stamp(),
            entries: EntriesOut {
                records: &self.current,
                data,
            },
            format: FORMAT,
            generator: "briefbook",
        };
        serde_json::to_writer_pretty(&mut *out, &manifest)?;
        out.write_all(b"\n")
    }
}

/// [`Manifest`] as written: the same fields, in the same order.
#[derive(Serialize)]
struct ManifestOut<'a> {
    baseline: Option<BaselineDelta>,
    edition: Stamp,
    entries: EntriesOut<'a>,
    format: u32,
    generator: &'static str,
}

/// This edition's records, each given its paragraphs as it is written:
/// they are the rendered text's, and not held beside it.
struct EntriesOut<'a> {
    records: &'a BTreeMap<(Kind, String), Record>,
    data: &'a SiteData,
}

impl Serialize for EntriesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.records.values().map(|r| Record {
            paragraphs: paragraphs_now(self.data, r).into(),
            ..r.clone()
        }))
    }
}

/// Whether an entry's record in the baseline differs from its record in
/// this edition. The hash covers the paragraphs, which this edition's
/// records do not hold.
fn differs(old: &Record, now: &Record) -> bool {
    (&old.hash, &old.title, &old.date, &old.summary)
        != (&now.hash, &now.title, &now.date, &now.summary)
}

/// The paragraphs of this edition's entry that `now` records, from its
/// rendered text.
pub fn paragraphs_now(data: &SiteData, now: &Record) -> Vec<String> {
    data.ids
        .get(now.id.as_str())
        .map_or_else(Vec::new, |&i| paragraphs_of(&data.rendered[i].text))
}

/// A date of a manifest as readers read it (`27 February 2025`).
pub fn display_date(iso: &str) -> String {
    DateSpec::parse(iso).map_or_else(|_| iso.to_string(), |d| d.to_string())
}

/// The record of every entry with a page of its own.
fn records(data: &SiteData) -> BTreeMap<(Kind, String), Record> {
    use rayon::prelude::*;
    let paged: Vec<usize> = data.paged_entries().map(|(i, _)| i).collect();
    paged
        .par_iter()
        .filter_map(|&i| {
            let r = record_of(data, i)?;
            Some(((r.kind, r.id.clone()), r))
        })
        .collect()
}

/// What the manifest records of entry `i`.
pub fn record_of(data: &SiteData, i: usize) -> Option<Record> {
    let e = &data.entries[i];
    let kind = e.kind()?;
    let rendered = &data.rendered[i];
    let paragraphs = paragraphs_of(&rendered.text);
    let (date, summary) = match &e.parsed.meta {
        Meta::Brief { as_of, summary, .. } => (Some(as_of.iso()), summary.clone()),
        Meta::Event { date, .. } => (Some(date.iso()), String::new()),
        Meta::Source { published, .. } => (published.map(|d| d.iso()), String::new()),
        Meta::Actor { role, .. } => (None, role.clone()),
        Meta::Home { .. } => return None,
    };
    // A bibliography's source is its entry, indented to its column: only
    // the entry itself counts.
    let front_matter = e.file.text[..e.parsed.body_start].trim_start();
    let citations = rendered
        .citations
        .iter()
        .map(|c| (c.source.as_str(), c.quote.as_deref().unwrap_or("")));
    Some(Record {
        date,
        hash: content_hash(front_matter, &paragraphs, citations),
        id: e.id.to_string(),
        kind,
        // Not held: they are the rendered text's ([`paragraphs_now`]).
        paragraphs: Vec::new().into(),
        summary,
        title: e.title().to_string(),
    })
}

/// The rendered text's blocks, one per line, spacing tidied.
fn paragraphs_of(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            // The words, one space apart, and none before punctuation: what
            // `tidy_spacing` makes of them, in one pass.
            let mut words = String::with_capacity(l.len());
            for w in l.split_whitespace() {
                if !words.is_empty() && !crate::text::closes_up(w.as_bytes()[0]) {
                    words.push(' ');
                }
                words.push_str(w);
            }
            words
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// SHA-256 of what readers see of an entry in this edition: its
/// front-matter (line endings and a byte-order mark normalised away), its
/// paragraphs as rendered text, and its citations (source and quotation).
/// Not the file's bytes: re-wrapping a paragraph changes nothing a reader
/// sees, and in the public edition an edit inside an internal block must
/// not mark the entry changed (it would tell that there is internal text).
pub fn content_hash<'a>(
    front_matter: &str,
    paragraphs: &[String],
    citations: impl Iterator<Item = (&'a str, &'a str)>,
) -> String {
    let mut h = Sha256::new();
    // Each piece is length-prefixed, so no two inputs run together alike.
    let mut piece = |tag: u8, s: &str| {
        h.update([tag]);
        h.update((s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    let fm = front_matter
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n");
    piece(b'f', fm.trim_end());
    for p in paragraphs {
        piece(b'p', p);
    }
    for (source, quote) in citations {
        piece(b's', source);
        piece(b'q', quote);
    }
    let digest = h.finalize();
    let mut hex = String::with_capacity(64);
    for b in digest.iter() {
        for nibble in [b >> 4, b & 0xf] {
            hex.push(char::from_digit(u32::from(nibble), 16).expect("a nibble"));
        }
    }
    format!("sha256:{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_the_words_with_their_spacing_tidied() {
        // What they were made as before: the words joined, then tidied.
        let joined_then_tidied = |text: &str| -> Vec<String> {
            text.lines()
                .map(|l| {
                    let words: Vec<&str> = l.split_whitespace().collect();
                    crate::text::tidy_spacing(&words.join(" "))
                })
                .filter(|l| !l.is_empty())
                .collect()
        };
        for text in [
            "",
            "one line",
            "  spaced   out \t words  \n\n next",
            "a claim . Another , with ; marks : here ! really ? (yes )",
            ". starts with a stop\n) and a bracket",
            "x ) . and ,, double",
            "non\u{a0}breaking \u{2003}em space .",
            "García ; Peña’s « quotes » …",
            "\n \n  \n",
            "\x0bvertical\x0ctab and form feed\r\nand a carriage return \r",
            "\t tabbed\t( brackets ) \t.",
            "mixed ascii\nand non-ascii — dash , here\n   ",
        ] {
            assert_eq!(paragraphs_of(text), joined_then_tidied(text), "{text:?}");
        }
    }

    fn record(id: &str, hash_of: &str, paragraphs: &[&str]) -> Record {
        let paragraphs: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
        Record {
            date: Some("2026-01-20".into()),
            hash: content_hash(hash_of, &paragraphs, std::iter::empty()),
            id: id.into(),
            kind: Kind::Brief,
            paragraphs: paragraphs.into(),
            summary: String::new(),
            title: id.into(),
        }
    }

    fn manifest(date: &str, entries: Vec<Record>, baseline: Option<BaselineDelta>) -> Manifest {
        Manifest {
            baseline,
            edition: Stamp {
                date: Some(date.into()),
                kind: "public".into(),
            },
            entries,
            format: FORMAT,
            generator: "briefbook".into(),
        }
    }

    #[test]
    fn the_hash_ignores_line_endings_but_not_text() {
        let p = vec!["A paragraph.".to_string()];
        let a = content_hash("---\ntitle: x\n", &p, std::iter::empty());
        let b = content_hash("\u{feff}---\r\ntitle: x\r\n", &p, std::iter::empty());
        let c = content_hash("---\ntitle: y\n", &p, std::iter::empty());
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.starts_with("sha256:") && a.len() == 71);
    }

    /// Rebuilding an edition must compare with the same baseline, so that
    /// the second build does not say "nothing changed".
    #[test]
    fn the_same_edition_rebuilt_keeps_its_baseline() {
        let old = record("a", "1", &["old"]);
        let new = record("a", "2", &["new"]);
        let added = record("b", "3", &["b"]);
        let this = Stamp {
            date: Some("2026-02-01".into()),
            kind: "public".into(),
        };
        // The first build of 2026-02-01 over the edition of 2026-01-20.
        let first = PreviousEdition {
            manifest: Some(manifest("2026-01-20", vec![old.clone()], None)),
            ..PreviousEdition::default()
        };
        let b1 = baseline_of(&first, &this);
        let changes = Changes {
            edition: Some(this.clone()),
            current: [new.clone(), added.clone()]
                .into_iter()
                .map(|r| ((r.kind, r.id.clone()), r))
                .collect(),
            baseline: b1.clone(),
        };
        let written = changes.manifest();
        // Built again over what the first build wrote.
        let second = PreviousEdition {
            manifest: Some(written),
            ..PreviousEdition::default()
        };
        let b2 = baseline_of(&second, &this);
        assert_eq!(b1, b2);
        assert_eq!(changes.status(Kind::Brief, "a"), Some(Status::Changed));
        assert_eq!(changes.status(Kind::Brief, "b"), Some(Status::Added));
    }

    #[test]
    fn manifests_with_unsafe_ids_or_dates_are_refused() {
        let mut bad = record("a", "1", &["x"]);
        bad.id = "../../etc".into();
        assert!(validate(&manifest("2026-01-20", vec![bad], None)).is_err());
        let mut bad = record("a", "1", &["x"]);
        bad.date = Some("2025-02-30".into());
        assert!(validate(&manifest("2026-01-20", vec![bad], None)).is_err());
        let mut bad = record("a", "1", &["x"]);
        bad.hash = "sha256:<script>".into();
        assert!(validate(&manifest("2026-01-20", vec![bad], None)).is_err());
        let ok = record("a", "1", &["<script>alert(1)</script>"]);
        assert!(validate(&manifest("2026-01-20", vec![ok], None)).is_ok());
    }
}
