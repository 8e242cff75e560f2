//! The source reader: a source's archived text split into numbered
//! paragraphs, with every passage the briefing quotes located in them and
//! the places that quote it; and text-fragment links to the original.
//!
//! Paragraphs are the archive's blank-line separated blocks, their runs of
//! whitespace collapsed to one space. Numbering is 1-based and depends on
//! the text only, so `#p-N` stays put while the briefing changes. A
//! passage's id (`q-…`) is a hash of the quotation folded as the quotation
//! check folds it (see [`crate::quotes::fold_quote`]): the same words quoted
//! anywhere are one passage, and its id does not move when briefs do.
//!
//! Whether a source's text is *published* (shown on the site) is decided
//! here too: `publish_text: true` or `publish_archive = true`, and its text
//! read. The passages of every archived source are found either way: they
//! give the coverage report and the text-fragment links.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic};
use crate::markdown::Rendered;
use crate::model::{Archives, Config, Entry, Kind, Meta, NOT_RECORDED};
pub use crate::model::{Passage, Place, Readers, Segment, SourceText};
use crate::quotes::{fold_quote, fold_quote_mapped};
use crate::text::escape_html;

/// The internal edition's page for editors with every source's coverage.
pub const COVERAGE_PAGE: &str = "coverage.html";

/// The paragraphs of an archived text: blank-line separated blocks, their
/// whitespace collapsed; in a text without a blank line, its lines (such
/// texts put one paragraph on each line).
pub fn paragraphs(text: &str) -> Vec<String> {
    let blank_lines = text.lines().any(|l| l.trim().is_empty());
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        // A blank line ends a paragraph; so does every line break in a
        // text without blank lines.
        let ends = line.trim().is_empty() || !blank_lines;
        if ends && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        for word in line.split_whitespace() {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The stable id of the passage a quotation names.
pub fn passage_id(quote: &str) -> String {
    let hash = crate::search::hash::content_hash(fold_quote(quote).as_bytes());
    format!("q-{:08x}", hash & 0xffff_ffff)
}

/// The paragraphs folded and joined as the quotation check folds the whole
/// text, with each folded byte's paragraph and offset.
struct FoldedText {
    text: String,
    origin: Vec<(usize, usize)>,
}

impl FoldedText {
    fn new(paragraphs: &[String]) -> Self {
        let mut text = String::new();
        let mut origin = Vec::new();
        for (p, para) in paragraphs.iter().enumerate() {
            if p > 0 {
                text.push(' ');
                origin.push((p, 0));
            }
            let (folded, map) = fold_quote_mapped(para);
            text.push_str(&folded);
            origin.extend(map.into_iter().map(|at| (p, at)));
        }
        FoldedText { text, origin }
    }

    /// Where `quote` first stands, as segments (`None`: it does not).
    fn locate(&self, quote: &str, paragraphs: &[String]) -> Option<Vec<Segment>> {
        let wanted = fold_quote(quote);
        if wanted.is_empty() {
            return None;
        }
        let start = memchr::memmem::find(self.text.as_bytes(), wanted.as_bytes())?;
        let end = start + wanted.len();
        let mut segments: Vec<Segment> = Vec::new();
        for at in start..end {
            let (p, offset) = self.origin[at];
            // The space standing for a paragraph break belongs to neither.
            if offset == 0 && at > 0 && self.origin[at - 1].0 != p {
                continue;
            }
            let len = char_len_at(&paragraphs[p], offset);
            match segments.last_mut() {
                Some(s) if s.paragraph == p => s.end = s.end.max(offset + len),
                _ => segments.push(Segment {
                    paragraph: p,
                    start: offset,
                    end: offset + len,
                }),
            }
        }
        Some(segments)
    }
}

/// The n of a citation's mark `cite-n`, for ordering.
fn mark_number(anchor: &str) -> usize {
    anchor
        .strip_prefix("cite-")
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX)
}

fn char_len_at(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(0, char::len_utf8)
}

/// Whether the settings or the source ask for its text to be published.
fn asks_to_publish(config: &Config, meta: &Meta) -> bool {
    matches!(meta, Meta::Source { publish_text, .. } if *publish_text || config.publish_archive)
}

/// The sources' texts in paragraphs and where each quotation was found in
/// them, and which sources each entry cites without a quotation. Folding
/// the texts and finding the quotations is most of the reader's cost, so a
/// preview session keeps this between rebuilds while the sources' texts
/// stay the same.
#[derive(Default)]
pub struct Located {
    /// Each source's text in paragraphs, and folded.
    texts: HashMap<String, (Vec<String>, FoldedText)>,
    /// Where each quotation stands, by source id and passage id.
    found: HashMap<(String, String), Option<Vec<Segment>>>,
    /// By entry, as of the last [`build`] or [`patch`]: the sources it
    /// cites without quoting them, once for each such citation.
    unquoted: Vec<Vec<String>>,
}

impl Located {
    /// Forgets everything: the texts changed.
    pub fn clear(&mut self) {
        self.texts.clear();
        self.found.clear();
        self.unquoted.clear();
    }

    /// Where `quote` (passage `id`) stands in the text of `source`.
    /// Finds the quotations not found yet, in parallel: [`Self::segments`]
    /// then has each at hand.
    fn locate_all<'q>(&mut self, quotations: impl Iterator<Item = (&'q str, &'q str, &'q str)>) {
        let missing: Vec<_> = quotations
            .filter(|&(source, id, _)| {
                !self
                    .found
                    .contains_key(&(source.to_string(), id.to_string()))
            })
            .collect();
        let texts = &self.texts;
        let located: Vec<_> = missing
            .par_iter()
            .map(|&(source, id, quote)| {
                let (paragraphs, text) = &texts[source];
                (
                    (source.to_string(), id.to_string()),
                    text.locate(quote, paragraphs),
                )
            })
            .collect();
        self.found.extend(located);
    }

    fn segments(&mut self, source: &str, id: &str, quote: &str) -> Option<Vec<Segment>> {
        let key = (source.to_string(), id.to_string());
        if let Some(segments) = self.found.get(&key) {
            return segments.clone();
        }
        let (paragraphs, text) = &self.texts[source];
        let segments = text.locate(quote, paragraphs);
        self.found.insert(key, segments.clone());
        segments
    }
}

/// A passage that an entry quotes, and where.
struct Quoting {
    source: String,
    id: String,
    quote: String,
    place: Place,
}

/// The reader of every source with an archived text (`archives`: `None`
/// when there is no archive), and a warning for each source whose text was
/// to be published but cannot be.
/// `folder` is the archive folder: a text is published only from a file
/// inside it, never through a link leading out of it.
#[allow(clippy::too_many_arguments)]
pub fn build(
    config: &Config,
    entries: &[Entry],
    rendered: &[Rendered],
    ids: &HashMap<String, usize>,
    archives: Option<&Archives>,
    folder: Option<&Path>,
    located: &mut Located,
    diagnostics: &mut Vec<Diagnostic>,
) -> Readers {
    let mut readers = Readers::new();
    for e in entries {
        let Meta::Source { archive, .. } = &e.parsed.meta else {
            continue;
        };
        let mut wanted = asks_to_publish(config, &e.parsed.meta);
        let text = archives
            .and_then(|a| a.get(e.id.as_str()))
            .and_then(Option::as_ref);
        let Some(text) = text else {
            // A missing file is an error of its own (BB033).
            let file_missing = archives.is_some() && archive.is_some();
            if wanted && !file_missing {
                let why = if archive.is_none() {
                    Unpublished::NoFile
                } else {
                    Unpublished::NoArchive
                };
                diagnostics.push(not_published(e, why));
            }
            continue;
        };
        if wanted
            && let (Some(folder), Some(name)) = (folder, archive)
            && !inside(folder, &folder.join(name))
        {
            diagnostics.push(not_published(e, Unpublished::Outside));
            wanted = false;
        }
        let (paragraphs, _) = located.texts.entry(e.id.to_string()).or_insert_with(|| {
            let paragraphs = paragraphs(text.text());
            let folded = FoldedText::new(&paragraphs);
            (paragraphs, folded)
        });
        let paragraphs = paragraphs.clone();
        readers.insert(
            e.id.to_string(),
            SourceText {
                published: wanted,
                paragraphs,
                passages: Vec::new(),
                unquoted_citations: 0,
            },
        );
    }
    // Every quotation, by source and passage id.
    let mut found: HashMap<String, BTreeMap<String, (String, Vec<Place>)>> = HashMap::new();
    located.unquoted.clear();
    // A batch of entries at a time: every entry's quotations at once
    // would be held beside what they are gathered into.
    for (entries, rendered) in entries.chunks(512).zip(rendered.chunks(512)) {
        let quotings: Vec<_> = entries
            .par_iter()
            .zip(rendered)
            .map(|(e, r)| quotings(e, r, ids, &readers))
            .collect();
        for (quoted, unquoted) in quotings {
            for source in &unquoted {
                readers
                    .get_mut(source)
                    .expect("a reader")
                    .unquoted_citations += 1;
            }
            located.unquoted.push(unquoted);
            for q in quoted {
                found
                    .entry(q.source)
                    .or_default()
                    .entry(q.id)
                    .or_insert_with(|| (q.quote, Vec::new()))
                    .1
                    .push(q.place);
            }
        }
    }
    located.locate_all(found.iter().flat_map(|(source, passages)| {
        passages
            .iter()
            .map(move |(id, (quote, _))| (source.as_str(), id.as_str(), quote.as_str()))
    }));
    for (source, passages) in found {
        let reader = readers.get_mut(&source).expect("found for readers only");
        for (id, (quote, mut places)) in passages {
            // Quotations not in the text are errors of their own (BB034).
            let Some(segments) = located.segments(&source, &id, &quote) else {
                continue;
            };
            // By page, then in the page's order.
            places.sort_by(|a, b| place_order(a).cmp(&place_order(b)));
            places.dedup();
            reader
                .passages
                .push(passage(id, segments, places, &reader.paragraphs));
        }
        reader
            .passages
            .sort_by(|a, b| passage_order(a).cmp(&passage_order(b)));
    }
    readers
}

/// Brings `readers` up to date after the entries at `changed` were rendered
/// again: takes their places out and puts them back as they are now. The
/// other entries, the sources and their texts must be as they were when
/// [`build`] made `readers` with `located` (a preview's edit of briefs):
/// the result is then what [`build`] would return.
pub fn patch(
    readers: &mut Readers,
    entries: &[Entry],
    rendered: &[Rendered],
    ids: &HashMap<String, usize>,
    located: &mut Located,
    changed: &[usize],
) {
    let urls: HashSet<String> = changed.iter().map(|&i| entries[i].url()).collect();
    for reader in readers.values_mut() {
        for p in &mut reader.passages {
            p.places.retain(|place| !urls.contains(&*place.url));
        }
        reader.passages.retain(|p| !p.places.is_empty());
    }
    for &i in changed {
        for source in std::mem::take(&mut located.unquoted[i]) {
            if let Some(reader) = readers.get_mut(&source) {
                reader.unquoted_citations -= 1;
            }
        }
        let (quoted, unquoted) = quotings(&entries[i], &rendered[i], ids, readers);
        for source in &unquoted {
            readers
                .get_mut(source)
                .expect("a reader")
                .unquoted_citations += 1;
        }
        located.unquoted[i] = unquoted;
        for q in quoted {
            let reader = readers
                .get_mut(&q.source)
                .expect("quoted from readers only");
            if let Some(p) = reader.passages.iter_mut().find(|p| p.id == q.id) {
                insert_place(&mut p.places, q.place);
                continue;
            }
            let Some(segments) = located.segments(&q.source, &q.id, &q.quote) else {
                continue;
            };
            let new = passage(q.id, segments, vec![q.place], &reader.paragraphs);
            let at = reader
                .passages
                .partition_point(|p| passage_order(p) < passage_order(&new));
            reader.passages.insert(at, new);
        }
    }
}

/// What one entry quotes from the sources that have readers, and the
/// sources it cites without quoting them (once for each citation).
fn quotings(
    e: &Entry,
    r: &Rendered,
    ids: &HashMap<String, usize>,
    readers: &Readers,
) -> (Vec<Quoting>, Vec<String>) {
    let mut quoted = Vec::new();
    let mut unquoted = Vec::new();
    let Some(kind) = quoting_kind(e) else {
        return (quoted, unquoted);
    };
    let (url, title): (Arc<str>, Arc<str>) = (e.url().into(), e.title().into());
    let headings: Vec<Arc<str>> = r.headings.iter().map(|h| h.text.as_str().into()).collect();
    let place = |number, anchor: String, section| Place {
        url: Arc::clone(&url),
        title: Arc::clone(&title),
        kind,
        section,
        number,
        anchor,
    };
    for c in &r.citations {
        if ids.get(&c.source).is_none() || !readers.contains_key(&c.source) {
            continue;
        }
        let Some(quote) = &c.quote else {
            unquoted.push(c.source.clone());
            continue;
        };
        let section = c.heading.and_then(|h| headings.get(h)).cloned();
        quoted.push(Quoting {
            source: c.source.clone(),
            id: passage_id(quote),
            quote: quote.clone(),
            place: place(Some(c.number), c.mark.clone(), section),
        });
    }
    for f in &e.parsed.figures {
        if !readers.contains_key(&f.source) {
            continue;
        }
        quoted.push(Quoting {
            source: f.source.clone(),
            id: passage_id(&f.quote),
            quote: f.quote.clone(),
            place: place(
                None,
                "figures-heading".to_string(),
                Some("Key figures".into()),
            ),
        });
    }
    (quoted, unquoted)
}

fn passage(
    id: String,
    segments: Vec<Segment>,
    places: Vec<Place>,
    paragraphs: &[String],
) -> Passage {
    let words: Vec<&str> = segments
        .iter()
        .map(|s| &paragraphs[s.paragraph][s.start..s.end])
        .collect();
    Passage {
        id,
        text: words.join(" "),
        segments,
        places,
    }
}

/// Passages in the order of where they start in the text.
fn passage_order(p: &Passage) -> (usize, usize, &str) {
    (p.segments[0].paragraph, p.segments[0].start, &p.id)
}

/// Places by page, then in the page's order (citations, then key figures).
fn place_order(p: &Place) -> (&str, bool, usize) {
    (&p.url, p.number.is_none(), mark_number(&p.anchor))
}

/// Puts `place` where a sort would, unless it is there already: after the
/// places that order the same (a page's, in the order it quotes them).
fn insert_place(places: &mut Vec<Place>, place: Place) {
    let from = places.partition_point(|p| place_order(p) < place_order(&place));
    let to = places.partition_point(|p| place_order(p) <= place_order(&place));
    if !places[from..to].contains(&place) {
        places.insert(to, place);
    }
}

/// The kind named in a place, for entries whose quotations count.
fn quoting_kind(e: &Entry) -> Option<&'static str> {
    match e.kind() {
        Some(Kind::Source) => None,
        Some(k) => Some(k.name()),
        None => Some("overview"),
    }
}

/// Why a text that was to be published is not.
enum Unpublished {
    NoFile,
    NoArchive,
    Outside,
}

/// Whether `file`, links followed, is inside `folder`.
fn inside(folder: &Path, file: &Path) -> bool {
    match (folder.canonicalize(), file.canonicalize()) {
        (Ok(folder), Ok(file)) => file.starts_with(folder),
        _ => false,
    }
}

/// BB047: the text was to be published but is not there to publish.
fn not_published(e: &Entry, why: Unpublished) -> Diagnostic {
    let key = if e.file.text.contains("publish_text") {
        "publish_text"
    } else {
        "title"
    };
    let at = e.file.text.find(key).unwrap_or(0);
    let (why, hint) = match why {
        Unpublished::NoFile => (
            "the source names no `archive` file",
            "add `archive: FILE` naming the source's text in the archive folder",
        ),
        Unpublished::NoArchive => (
            "the archive of the sources' texts is not available to this build",
            "set `archive = \"DIR\"` in briefbook.toml or pass `--archive DIR` pointing at the texts",
        ),
        Unpublished::Outside => (
            "its archive file is a link to a file outside the archive folder",
            "put the text itself in the archive folder; only files inside it are published",
        ),
    };
    e.file
        .warning(
            at,
            key.len(),
            format!("the text of source `{}` was not published: {why}", e.id),
        )
        .with_hint(hint)
        .with_code(Code::TextNotPublished)
}

/// How much of one source's text the briefing uses.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SourceCoverage {
    pub id: String,
    pub title: String,
    /// Whether the build had the source's text; without it nothing below
    /// is known.
    pub archived: bool,
    /// Whether the site publishes the text.
    pub published: bool,
    pub paragraphs: usize,
    /// The numbers (1-based, as `#p-N`) of the paragraphs quoted.
    pub quoted: Vec<usize>,
    /// The numbers of the paragraphs the briefing never quotes.
    pub untouched: Vec<usize>,
    /// The share of paragraphs quoted, in whole per cent (rounded down).
    pub percent: usize,
    /// Distinct passages quoted, and the places that quote them.
    pub passages: usize,
    pub places: usize,
    /// Citations of the source without a quotation: they name no paragraph.
    pub unquoted_citations: usize,
}

/// The coverage of every source of the briefing, by id.
pub fn coverage(
    entries: &[Entry],
    ids: &HashMap<String, usize>,
    readers: &Readers,
) -> Vec<SourceCoverage> {
    let mut out: Vec<SourceCoverage> = entries
        .iter()
        .enumerate()
        .filter(|(i, e)| e.kind() == Some(Kind::Source) && ids.get(e.id.as_str()) == Some(i))
        .map(|(_, e)| {
            let reader = readers.get(e.id.as_str());
            let paragraphs = reader.map_or(0, |r| r.paragraphs.len());
            let mut quoted = vec![false; paragraphs];
            for p in reader.iter().flat_map(|r| &r.passages) {
                for s in &p.segments {
                    quoted[s.paragraph] = true;
                }
            }
            let numbers = |want: bool| -> Vec<usize> {
                quoted
                    .iter()
                    .enumerate()
                    .filter(|(_, q)| **q == want)
                    .map(|(n, _)| n + 1)
                    .collect()
            };
            let quoted_numbers = numbers(true);
            SourceCoverage {
                id: e.id.to_string(),
                title: e.title().to_string(),
                archived: reader.is_some(),
                published: reader.is_some_and(|r| r.published),
                paragraphs,
                percent: (quoted_numbers.len() * 100)
                    .checked_div(paragraphs)
                    .unwrap_or(0),
                untouched: numbers(false),
                quoted: quoted_numbers,
                passages: reader.map_or(0, |r| r.passages.len()),
                places: reader.map_or(0, |r| r.passages.iter().map(|p| p.places.len()).sum()),
                unquoted_citations: reader.map_or(0, |r| r.unquoted_citations),
            }
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// The coverage report as `briefbook check --coverage` prints it: per
/// source, its figures and the first words of each untouched paragraph,
/// then a summary line. Source text goes to the terminal only, never into
/// the site.
pub fn coverage_text(list: &[SourceCoverage], readers: &Readers) -> String {
    use std::fmt::Write;
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut out =
        String::from("Source coverage: which paragraphs of each source the briefing quotes\n");
    for c in list {
        let _ = write!(out, "\n{}  {}\n", c.id, c.title);
        if !c.archived {
            out.push_str("  no archived text: coverage not known\n");
            continue;
        }
        let _ = writeln!(
            out,
            "  {}: {} quoted ({}%), {} untouched; {} in {}{}",
            plural(c.paragraphs, "paragraph", "paragraphs"),
            c.quoted.len(),
            c.percent,
            c.untouched.len(),
            plural(c.passages, "passage", "passages"),
            plural(c.places, "place", "places"),
            match c.unquoted_citations {
                0 => String::new(),
                n => format!(
                    "; {} without a quotation",
                    plural(n, "citation", "citations")
                ),
            },
        );
        let Some(reader) = readers.get(&c.id) else {
            continue;
        };
        for &n in &c.untouched {
            let _ = writeln!(
                out,
                "  untouched ¶{n}: {}",
                lead(&reader.paragraphs[n - 1], 10)
            );
        }
    }
    let archived: Vec<&SourceCoverage> = list.iter().filter(|c| c.archived).collect();
    let total: usize = archived.iter().map(|c| c.paragraphs).sum();
    let quoted: usize = archived.iter().map(|c| c.quoted.len()).sum();
    let shares: Vec<String> = archived
        .iter()
        .map(|c| format!("{} {}%", c.id, c.percent))
        .collect();
    let _ = writeln!(
        out,
        "\nSummary: {}{}{} of {} quoted ({}%)",
        shares.join(", "),
        if shares.is_empty() { "" } else { "; " },
        quoted,
        plural(total, "paragraph", "paragraphs"),
        (quoted * 100).checked_div(total).unwrap_or(0),
    );
    out
}

/// The reader's paragraph `index` as HTML: its text escaped, each quoted
/// passage in a `<mark>`, the first segment of each carrying its id.
/// Overlapping passages share one mark; the others' ids stand on empty
/// anchors just before it.
/// `id_prefix` goes before every id (the print edition's appendices).
pub fn paragraph_html(reader: &SourceText, index: usize, id_prefix: &str) -> String {
    let text = &reader.paragraphs[index];
    // (start, end, ids anchored here)
    let mut regions: Vec<(usize, usize, Vec<&str>)> = Vec::new();
    let mut segments: Vec<(Segment, Option<&str>)> = reader
        .passages
        .iter()
        .flat_map(|p| {
            p.segments
                .iter()
                .enumerate()
                .map(move |(n, s)| (*s, (n == 0).then_some(p.id.as_str())))
        })
        .filter(|(s, _)| s.paragraph == index)
        .collect();
    segments.sort_by_key(|(s, _)| (s.start, s.end));
    for (s, id) in segments {
        match regions.last_mut() {
            Some(r) if s.start < r.1 => {
                r.1 = r.1.max(s.end);
                r.2.extend(id);
            }
            _ => regions.push((s.start, s.end, id.into_iter().collect())),
        }
    }
    let mut html = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for (start, end, ids) in regions {
        html.push_str(&escape_html(&text[at..start]));
        for extra in ids.iter().skip(1) {
            html.push_str(&format!(
                "<span class=\"passage-anchor\" id=\"{id_prefix}{extra}\"></span>"
            ));
        }
        match ids.first() {
            Some(id) => html.push_str(&format!("<mark class=\"quoted\" id=\"{id_prefix}{id}\">")),
            None => html.push_str("<mark class=\"quoted\">"),
        }
        html.push_str(&escape_html(&text[start..end]));
        html.push_str("</mark>");
        at = end;
    }
    html.push_str(&escape_html(&text[at..]));
    html
}

/// The first words of a text, for leads and summaries.
pub fn lead(text: &str, words: usize) -> String {
    let all: Vec<&str> = text.split_whitespace().collect();
    if all.len() <= words {
        all.join(" ")
    } else {
        format!("{}…", all[..words].join(" "))
    }
}

/// Whether a source's `url` may be linked: an absolute http(s) address.
pub fn linkable_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let ok = url != NOT_RECORDED
        && (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
    ok.then_some(url)
}

/// Percent-encodes a term of a text directive: every byte but ASCII
/// letters, digits and `_.~!*'()`. That includes `&`, `-` and `,`, which
/// are the directive's syntax (URL Fragment Text Directives, §3.3.1), and
/// `%` and `#`.
pub fn encode_directive_term(term: &str) -> String {
    let mut out = String::with_capacity(term.len() * 3);
    for b in term.bytes() {
        if b.is_ascii_alphanumeric() || b"_.~!*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Past this many words a quotation is matched by its first and last words
/// (`textStart,textEnd`), as browsers find long spans that way.
const LONG_QUOTE_WORDS: usize = 10;
/// How many words each end of a long quotation keeps.
const END_WORDS: usize = 4;

/// The original's address with a text directive that makes browsers that
/// support it scroll to `quote` and highlight it: `url#:~:text=…`.
/// `None` when `url` is not an http(s) address.
pub fn text_fragment_url(url: &str, quote: &str) -> Option<String> {
    let url = linkable_url(url)?;
    // Words elided in the quotation are matched as a range around them.
    let parts: Vec<&str> = quote
        .split(['…'])
        .flat_map(|p| p.split("..."))
        .map(|p| p.trim_matches(|c: char| c.is_whitespace() || c == '[' || c == ']'))
        .filter(|p| !p.is_empty())
        .collect();
    let (first, last) = match parts.as_slice() {
        [] => return None,
        [one] => (*one, None),
        [first, .., last] => (*first, Some(*last)),
    };
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let directive = match last {
        None if first.split_whitespace().count() <= LONG_QUOTE_WORDS => {
            encode_directive_term(&words(first).join(" "))
        }
        None => {
            let w = words(first);
            format!(
                "{},{}",
                encode_directive_term(&w[..END_WORDS].join(" ")),
                encode_directive_term(&w[w.len() - END_WORDS..].join(" "))
            )
        }
        Some(last) => {
            let (a, b) = (words(first), words(last));
            format!(
                "{},{}",
                encode_directive_term(&a[..a.len().min(END_WORDS)].join(" ")),
                encode_directive_term(&b[b.len().saturating_sub(END_WORDS)..].join(" "))
            )
        }
    };
    let base = url.split_once("#:~:").map_or(url, |(b, _)| b);
    Some(if base.contains('#') {
        format!("{base}:~:text={directive}")
    } else {
        format!("{base}#:~:text={directive}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_at_blank_lines_and_collapse_whitespace() {
        let text = "First  line\nsame paragraph.\n\n  \n\tSecond.\r\n\r\nThird\n";
        assert_eq!(
            paragraphs(text),
            ["First line same paragraph.", "Second.", "Third"]
        );
        assert_eq!(paragraphs("One.\nTwo  words.\n"), ["One.", "Two words."]);
        assert_eq!(paragraphs("  \n\n"), Vec::<String>::new());
    }

    #[test]
    fn directive_terms_encode_the_syntax_characters_and_non_ascii() {
        assert_eq!(
            encode_directive_term("U.S.-Mexico, tariffs & fentanyl"),
            "U.S.%2DMexico%2C%20tariffs%20%26%20fentanyl"
        );
        assert_eq!(encode_directive_term("García 25%"), "Garc%C3%ADa%2025%25");
        assert_eq!(encode_directive_term("a#b"), "a%23b");
    }

    #[test]
    fn text_fragment_links_short_long_and_elided_quotations() {
        assert_eq!(
            text_fragment_url("https://example.org/a", "sent 29 members").as_deref(),
            Some("https://example.org/a#:~:text=sent%2029%20members")
        );
        let long = "one two three four five six seven eight nine ten eleven twelve";
        assert_eq!(
            text_fragment_url("https://example.org/a#top", long).as_deref(),
            Some(
                "https://example.org/a#top:~:text=one%20two%20three%20four,nine%20ten%20eleven%20twelve"
            )
        );
        assert_eq!(
            text_fragment_url("https://example.org/a", "the start … the end").as_deref(),
            Some("https://example.org/a#:~:text=the%20start,the%20end")
        );
        assert_eq!(text_fragment_url("javascript:alert(1)", "x"), None);
        assert_eq!(text_fragment_url("not recorded", "x"), None);
        assert_eq!(text_fragment_url("https://a.org/\"><script>", "x"), None);
    }

    #[test]
    fn passage_ids_ignore_what_the_quotation_check_ignores() {
        assert_eq!(passage_id("It’s  “Big”"), passage_id("it's \"big\""));
        assert_ne!(passage_id("a b"), passage_id("a c"));
        assert!(passage_id("x").starts_with("q-") && passage_id("x").len() == 10);
    }

    #[test]
    fn quotations_are_located_across_folding_and_paragraph_breaks() {
        let paras = paragraphs("Alpha said “Beta” — twice.\n\nGamma delta.");
        let text = FoldedText::new(&paras);
        let s = text.locate("said \"beta\" - twice", &paras).unwrap();
        assert_eq!(&paras[0][s[0].start..s[0].end], "said “Beta” — twice");
        let s = text.locate("twice. Gamma", &paras).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(&paras[0][s[0].start..s[0].end], "twice.");
        assert_eq!(&paras[1][s[1].start..s[1].end], "Gamma");
    }

    #[test]
    fn overlapping_passages_share_one_mark_and_keep_every_anchor() {
        let passage = |id: &str, start, end| Passage {
            id: id.to_string(),
            text: String::new(),
            segments: vec![Segment {
                paragraph: 0,
                start,
                end,
            }],
            places: Vec::new(),
        };
        let reader = SourceText {
            published: true,
            paragraphs: vec!["a <b> c d e".to_string()],
            passages: vec![passage("q-1", 2, 7), passage("q-2", 4, 9)],
            unquoted_citations: 0,
        };
        assert_eq!(
            paragraph_html(&reader, 0, "x--"),
            "a <span class=\"passage-anchor\" id=\"x--q-2\"></span><mark class=\"quoted\" id=\"x--q-1\">&lt;b&gt; c d</mark> e"
        );
    }
}
