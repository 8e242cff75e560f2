//! Search index building: the site's entries become small JavaScript files
//! that `themes/default/static/search-index.js` loads on demand with `<script src>`,
//! so search works over http and from file:// alike (file:// forbids fetch),
//! with no server and under `default-src 'self'`.
//!
//! Invariants:
//! - The output depends only on the input, byte for byte: what is written is
//!   iterated from `BTreeMap`s or sorted lists (hash maps only accumulate),
//!   and parallel work is gathered in order.
//! - Every file is a script that calls
//!   `briefbookSearch.add(kind, key, data, version)`, where `version` is a
//!   hash of the file's own content ([`VERSION_CHARS`] characters), and
//!   `meta.js` lists every other file's version (`files`). The browser asks
//!   for a file as `FILE.js?v=VERSION` with the version `meta.js` lists and
//!   uses it only if the file says that version: a copy cached from another
//!   build has another URL, so files of two builds are never mixed, and a
//!   `meta.js` older than a file it meets is noticed and reloaded. A file
//!   depends on nothing but its content, so a rebuild that leaves a shard's
//!   content alone leaves its bytes (and a reader's cached copy) alone too.
//! - [`Index`] keeps what the files were built from, for the preview: after
//!   an edit of a few entries it re-encodes the shards their words are in,
//!   not the index (see `index.rs`).
//! - A one-word query loads `search/meta.js`, the lexicon shard of the word,
//!   the postings shards of the few words it expands to, and one small file
//!   per result shown; a quoted phrase also loads the positions of its words
//!   for the results it checks, a chunk at a time. Nothing grows with the
//!   whole site but `meta.js`, which holds the shard prefixes, the facet
//!   names and the files' versions only.
//!
//! Files, under `search/`:
//! - `meta.js`: documents count, kinds, topics, actors, stop words, the shard
//!   prefixes of the three shard families, facet counts, rank weights, and
//!   the version of every other file.
//! - `l/N.js` lexicon: each word as written (folded) → the key its postings
//!   are filed under (its stem, or itself for names kept intact) and the
//!   number of entries containing it. Prefix search reads these.
//! - `p/N.js` postings: key → for each entry, its id (as a difference) and
//!   `mask | count << 5` (see [`rank`]).
//! - `x/N-C.js` positions: key → for the postings of chunk C, the count of
//!   positions and the positions (as differences). A key's postings are
//!   chunked in their rank order, not by id: sorted by
//!   [`rank::PositionsOrder`] (`positions_order` in `meta.js`, so the browser
//!   sorts them alike), best first, chunk C holding the [`POSITIONS_CHUNK`]
//!   from `C * POSITIONS_CHUNK` on. Loaded for phrases only, and only the
//!   chunks of the entries a phrase is checked in: those are checked
//!   best-ranked first, so they are mostly in each word's first chunk.
//! - `d/G.js` a group of entries with consecutive ids (their first ids are
//!   `documents_from` in `meta.js`): url, kind, title, date, aliases,
//!   summary, body, for results and their snippets.
//! - `f/kN.js`, `f/tN.js`, `f/aN.js`: ids of the entries of a kind, a topic
//!   or an actor, for the filters.
//! - `dates.js`: the distinct start dates with the first id that has each.
//!   Entry ids follow their start dates, so a date range is an id range.
//!
//! Names are kept intact: a word that has an accent anywhere in the site, or
//! that is never written in lower case (García, Sheinbaum, USMCA), or that
//! joins a hyphenated compound, is filed under itself; other words under
//! their English (Porter) stem. The browser looks typed words up in the
//! lexicon first, so it meets both kinds, and stems only words the site
//! never wrote (`extraditing` still finds `extradition`).

pub mod encode;
pub mod hash;
mod index;
pub mod rank;
pub mod shard;
pub mod stem;
pub mod text;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use hash::FastMap;
use rank::{PositionsOrder, RankWeights};

pub use index::{Index, IndexChanges};

/// One entry of the site, as the search sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchDoc {
    /// Relative to the site root, e.g. `briefs/tariffs.html`.
    pub url: String,
    /// `brief`, `actor`, `event` or `source`.
    pub kind: String,
    pub title: String,
    pub aliases: Vec<String>,
    pub summary: String,
    /// Plain text of the rendered body.
    pub body: String,
    /// Topic ids.
    pub topics: Vec<String>,
    /// Ids of the actors linked to this entry.
    pub actors: Vec<String>,
    /// Start date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: Option<String>,
}

/// One file of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchFile {
    /// Relative to the site root, e.g. `search/meta.js`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The values the filters offer, in the order shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    /// (id, title)
    pub topics: Vec<(String, String)>,
    /// (id, name)
    pub actors: Vec<(String, String)>,
}

/// Kinds in the order the filter lists them; unknown kinds follow, sorted.
pub const KINDS: [&str; 4] = ["brief", "actor", "event", "source"];

/// Prefix search starts at this many characters: shorter words match only
/// themselves, so one typed letter never loads half the index.
pub const MIN_PREFIX_CHARS: usize = 3;

/// Postings per chunk of positions. A phrase is checked in the best-ranked
/// entries first, and chunks follow each word's rank order, so its first
/// checks fall in each word's first chunk (on the dense 10,000-brief site,
/// the 16 best candidates of `"prisoner transfer"` are among the first 660
/// of each word): one file per word, whatever the site's size. Chunks keep
/// what a phrase loads proportional to the entries checked, not to the site.
pub const POSITIONS_CHUNK: usize = 1024;

/// Entries are grouped into files of about this many bytes: short entries
/// share a file (fewer, fuller files on disk), while a long one stays alone,
/// so a result shown never costs much more than its own text.
const DOCUMENT_FILE_BYTES: usize = 10_000;

/// Shard size limits in bytes: small enough that a first query stays far
/// under its budget, large enough that a 10,000-brief site has hundreds of
/// files, not tens of thousands. The positions limit is on a shard's first
/// chunk, the one every phrase of its words loads.
const LEXICON_SHARD_BYTES: usize = 12_000;
const POSTINGS_SHARD_BYTES: usize = 24_000;
const POSITIONS_SHARD_BYTES: usize = 4_000;

/// Longer bodies are cut in the entry files: snippets are looked for in the
/// first 20,000 characters (`SNIPPET_SCAN_CHARS` in `search-results.js`).
const BODY_CHARS: usize = 20_000;

/// Gap between fields' positions, so a phrase never spans two fields.
const FIELD_GAP: u32 = 2;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Characters of a file's version: 25 bits, from [`encode::TERMINAL`]. A
/// version only has to tell two contents of the same file apart (a copy a
/// browser cached from an earlier build against the file now on disk), so
/// two contents share one with odds of 1 in 33 million per edit of that
/// file; each version costs `meta.js` these characters (see [`Index`]).
pub const VERSION_CHARS: usize = 5;

/// A file's version: the first [`VERSION_CHARS`] base-32 digits of the hash
/// of its content.
pub type Version = [u8; VERSION_CHARS];

/// Builds the whole index. Paths are relative to the site root.
pub fn build_index(docs: &[SearchDoc], facets: &Facets) -> Vec<SearchFile> {
    Index::build(docs.to_vec(), facets.clone()).1
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    documents: usize,
    kinds: &'a [String],
    topics: &'a [(String, String)],
    actors: &'a [(String, String)],
    stopwords: &'a [&'a str],
    min_prefix: usize,
    lexicon: &'a [String],
    postings: &'a [String],
    positions: &'a [String],
    positions_chunk: usize,
    positions_order: PositionsOrder,
    /// The first id of each document file, as [`encode::encode_ascending`].
    documents_from: String,
    facets: &'a FacetCounts,
    /// Ids below this have no date.
    dated_from: usize,
    rank: RankWeights,
    /// The version of every other file, which the browser asks for as
    /// `FILE.js?v=VERSION` and checks against what the file says.
    files: FileVersions,
}

/// The versions of the index files, [`VERSION_CHARS`] characters each, run
/// together per family in the order of the files' numbers.
#[derive(Serialize, Default, Debug, Clone, PartialEq, Eq)]
struct FileVersions {
    /// `l/N.js`.
    l: String,
    /// `p/N.js`.
    p: String,
    /// `x/N-C.js`: per shard N, its chunks'.
    x: Vec<String>,
    /// `d/G.js`.
    d: String,
    /// `f/kN.js`, `f/tN.js`, `f/aN.js`; `-----` where a value has no file
    /// (no entry has it).
    k: String,
    t: String,
    a: String,
    /// `dates.js`.
    dates: String,
}

/// What stands in [`FileVersions`] for a facet value that has no file.
const NO_FILE: Version = [b'-'; VERSION_CHARS];

#[derive(Serialize, Default, Debug, Clone, PartialEq, Eq)]
struct FacetCounts {
    k: Vec<usize>,
    t: Vec<usize>,
    a: Vec<usize>,
}

/// A date as a sortable day: `2025` is `2025-01-01`, `2025-02` is
/// `2025-02-01`; a range keeps its start.
fn normalise_date(date: &str) -> String {
    let start = date.split("..").next().unwrap_or("").trim();
    match start.len() {
        4 => format!("{start}-01-01"),
        7 => format!("{start}-01"),
        _ => start.to_owned(),
    }
}

/// What entry ids are sorted by: undated entries first, then by start date,
/// kind and url, so that ids follow dates and a date filter is an id range.
type OrderKey = (Option<String>, usize, String, String);

fn order_key(d: &SearchDoc) -> OrderKey {
    let kind_rank = KINDS
        .iter()
        .position(|k| *k == d.kind)
        .unwrap_or(KINDS.len());
    (
        d.date.as_deref().map(normalise_date),
        kind_rank,
        d.kind.clone(),
        d.url.clone(),
    )
}

/// Entry ids: the entries sorted by [`order_key`].
fn order_documents(docs: &[SearchDoc]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_cached_key(|&i| order_key(&docs[i]));
    order
}

fn kinds_of(docs: &[SearchDoc]) -> Vec<String> {
    let mut extra: Vec<String> = docs
        .iter()
        .map(|d| d.kind.clone())
        .filter(|k| !KINDS.contains(&k.as_str()))
        .collect();
    extra.sort();
    extra.dedup();
    KINDS.iter().map(|k| k.to_string()).chain(extra).collect()
}

/// One word of one entry, as written (folded): where and how often it
/// occurs, and how the entry wrote it.
#[derive(Debug, Default)]
struct DocumentTerm {
    text: String,
    /// The fields it occurs in (see [`rank`]).
    mask: u8,
    count: u32,
    /// Ascending, distinct. Moved into the entry's posting once indexed.
    positions: Vec<u32>,
    /// Written starting with a lower-case letter, not as a joined compound.
    lower_seen: bool,
    non_ascii: bool,
    joined: bool,
}

fn document_terms(doc: &SearchDoc, facets: &Facets) -> Vec<DocumentTerm> {
    let mut meta_words: Vec<String> = doc
        .topics
        .iter()
        .map(|id| {
            facets
                .topics
                .iter()
                .find(|(tid, _)| tid == id)
                .map_or_else(|| id.clone(), |(_, title)| title.clone())
        })
        .collect();
    if let Some(date) = &doc.date {
        let day = normalise_date(date);
        meta_words.push(day.get(..4).unwrap_or("").to_owned());
        if date.len() >= 7
            && let Some(month) = day.get(5..7).and_then(|m| m.parse::<usize>().ok())
            && (1..=12).contains(&month)
        {
            meta_words.push(MONTHS[month - 1].to_owned());
        }
    }
    let meta_text = meta_words.join(" ; ");
    let mut fields: Vec<(u8, &str)> = vec![(rank::TITLE, &doc.title)];
    fields.extend(doc.aliases.iter().map(|a| (rank::ALIAS, a.as_str())));
    fields.push((rank::SUMMARY, &doc.summary));
    fields.push((rank::BODY, &doc.body));
    fields.push((rank::META, &meta_text));

    let mut terms: Vec<DocumentTerm> = Vec::new();
    let mut index: FastMap<String, usize> = FastMap::default();
    let mut offset = 0;
    for (field, value) in fields {
        let mut end = 0;
        text::for_each_token(value, |token| {
            end = end.max(token.position + 1);
            let n = match index.get(token.text) {
                Some(&n) => n,
                None => {
                    index.insert(token.text.to_owned(), terms.len());
                    terms.push(DocumentTerm {
                        text: token.text.to_owned(),
                        ..DocumentTerm::default()
                    });
                    terms.len() - 1
                }
            };
            let term = &mut terms[n];
            term.mask |= field;
            term.count += 1;
            // A word's positions rise within a field and from one field to
            // the next, so the list stays sorted; only a repeat is skipped.
            let position = token.position + offset;
            if term.positions.last() != Some(&position) {
                term.positions.push(position);
            }
            term.lower_seen |= !token.capitalised && !token.joined;
            term.non_ascii |= token.non_ascii;
            term.joined |= token.joined;
        });
        offset += end + FIELD_GAP;
    }
    terms
}

/// What the whole site says about one folded word: how many entries wrote
/// it each way (counts, not flags, so that an edit can take one entry's
/// words out again), and the key and lexicon entry that follow.
#[derive(Debug, Default, Clone)]
struct SurfaceInfo {
    /// Entries writing it starting with a lower-case letter.
    lower_seen: u32,
    /// Entries writing it with an accent or another non-ASCII character.
    non_ascii: u32,
    /// Entries where it occurs as a hyphenated compound run together.
    joined: u32,
    /// Entries containing it.
    documents: u32,
    /// Its postings key ([`index_key`]).
    key: String,
    /// The bytes its lexicon entry takes in a shard.
    lexicon_size: usize,
}

impl SurfaceInfo {
    fn add(&mut self, term: &DocumentTerm) {
        self.lower_seen += u32::from(term.lower_seen);
        self.non_ascii += u32::from(term.non_ascii);
        self.joined += u32::from(term.joined);
        self.documents += 1;
    }

    fn remove(&mut self, term: &DocumentTerm) {
        self.lower_seen -= u32::from(term.lower_seen);
        self.non_ascii -= u32::from(term.non_ascii);
        self.joined -= u32::from(term.joined);
        self.documents -= 1;
    }

    /// Sets the key and the lexicon entry's size from the counts.
    fn settle(&mut self, surface: &str) {
        self.key = index_key(surface, self);
        self.lexicon_size = surface.len()
            + serde_json::to_string(&lexicon_entry(surface, self)).map_or(0, |s| s.len())
            + 4;
    }
}

/// A lexicon entry: `[key, documents]`, with key `0` when it is the word.
#[derive(Serialize)]
#[serde(untagged)]
enum LexiconKey<'a> {
    Itself(u8),
    Stem(&'a str),
}

fn lexicon_entry<'a>(surface: &str, info: &'a SurfaceInfo) -> (LexiconKey<'a>, u32) {
    let key = if info.key == surface {
        LexiconKey::Itself(0)
    } else {
        LexiconKey::Stem(&info.key)
    };
    (key, info.documents)
}

fn survey_surfaces(terms: &[Vec<DocumentTerm>]) -> BTreeMap<String, SurfaceInfo> {
    // Accumulated in a hash map for speed; the sorted map returned is what
    // everything downstream iterates.
    let mut surfaces: FastMap<&str, SurfaceInfo> = FastMap::default();
    for doc in terms {
        for term in doc {
            surfaces.entry(term.text.as_str()).or_default().add(term);
        }
    }
    let mut surfaces: BTreeMap<String, SurfaceInfo> = surfaces
        .into_iter()
        .map(|(s, info)| (s.to_owned(), info))
        .collect();
    surfaces
        .par_iter_mut()
        .for_each(|(surface, info)| info.settle(surface));
    surfaces
}

/// The key a word's postings are filed under: the word itself for names
/// and numbers, its stem otherwise.
fn index_key(surface: &str, info: &SurfaceInfo) -> String {
    let is_plain_word = surface.bytes().all(|b| b.is_ascii_lowercase());
    if info.joined > 0 || info.non_ascii > 0 || info.lower_seen == 0 || !is_plain_word {
        surface.to_owned()
    } else {
        stem::stem(surface)
    }
}

/// The postings keys, sorted, and the key of each word: numbers stand for
/// keys while the whole index is inverted at once.
struct Keys<'a> {
    names: Vec<String>,
    /// Word → index in `names`.
    of_surface: FastMap<&'a str, u32>,
}

impl<'a> Keys<'a> {
    fn of(surfaces: &'a BTreeMap<String, SurfaceInfo>) -> Keys<'a> {
        let mut names: Vec<String> = surfaces.values().map(|info| info.key.clone()).collect();
        names.par_sort_unstable();
        names.dedup();
        let of_surface = surfaces
            .iter()
            .map(|(surface, info)| {
                let n = names.binary_search(&info.key).expect("every key is listed");
                (surface.as_str(), n as u32)
            })
            .collect();
        Keys { names, of_surface }
    }
}

/// One entry's occurrences of one key.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Posting {
    document: u32,
    mask: u8,
    count: u32,
    positions: Vec<u32>,
}

/// Entry `id`'s postings, by key, sorted: its words' occurrences, moved out
/// of `terms`, with words sharing a key (a stem) sharing a posting.
fn document_postings<K: Ord>(
    id: u32,
    terms: &mut [DocumentTerm],
    key_of: impl Fn(&str) -> K,
) -> Vec<(K, Posting)> {
    let mut postings: Vec<(K, Posting)> = terms
        .iter_mut()
        .map(|term| {
            let posting = Posting {
                document: id,
                mask: term.mask,
                count: term.count,
                positions: std::mem::take(&mut term.positions),
            };
            (key_of(&term.text), posting)
        })
        .collect();
    postings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut merged: Vec<(K, Posting)> = Vec::with_capacity(postings.len());
    for (key, posting) in postings {
        match merged.last_mut() {
            Some((last, into)) if *last == key => {
                into.mask |= posting.mask;
                into.count += posting.count;
                into.positions.extend(posting.positions);
                into.positions.sort_unstable();
                into.positions.dedup();
            }
            _ => merged.push((key, posting)),
        }
    }
    merged
}

/// The postings of each key (indexed as `keys.names`), sorted by entry id.
/// The terms keep their words, without their positions.
fn invert(terms: &mut [Vec<DocumentTerm>], keys: &Keys) -> Vec<Vec<Posting>> {
    let per_document: Vec<Vec<(u32, Posting)>> = terms
        .par_iter_mut()
        .enumerate()
        .map(|(id, doc)| document_postings(id as u32, doc, |s| keys.of_surface[s]))
        .collect();
    // Documents are gathered in id order, so every list is sorted by id.
    let mut lists: Vec<Vec<Posting>> = keys.names.iter().map(|_| Vec::new()).collect();
    for doc in per_document {
        for (key, posting) in doc {
            lists[key as usize].push(posting);
        }
    }
    lists
}

/// A script registering `data` under `kind` and `key`, sealed with its
/// version ([`seal`]).
fn script<K: Serialize + ?Sized, T: Serialize + ?Sized>(
    path: &str,
    kind: &str,
    key: &K,
    data: &T,
) -> (SearchFile, Version) {
    let data = serde_json::to_string(data).expect("index data serialises");
    script_of_json(path, kind, key, &data)
}

/// [`script`] for data already serialised.
fn script_of_json<K: Serialize + ?Sized>(
    path: &str,
    kind: &str,
    key: &K,
    data: &str,
) -> (SearchFile, Version) {
    let kind = serde_json::to_string(kind).expect("a string serialises");
    let key = serde_json::to_string(key).expect("a key serialises");
    // Sized for the whole file, the seal too: a shard is copied once.
    let mut bytes = Vec::with_capacity(
        "briefbookSearch.add(,,".len() + kind.len() + key.len() + data.len() + SEAL_BYTES,
    );
    for piece in ["briefbookSearch.add(", &kind, ",", &key, ",", data] {
        bytes.extend_from_slice(piece.as_bytes());
    }
    let mut file = SearchFile {
        path: path.to_owned(),
        bytes,
    };
    let version = seal(&mut file);
    (file, version)
}

/// What [`seal`] adds to a file: `,"VERSION");` and a line break.
const SEAL_BYTES: usize = VERSION_CHARS + 6;

/// Ends a file with its version, a hash of its content so far, and closes
/// the call. A file depends on nothing but its own content, so a rebuild
/// leaves the bytes of every file it does not change as they were.
fn seal(file: &mut SearchFile) -> Version {
    let hash = hash::content_hash(&file.bytes);
    let mut version = [0u8; VERSION_CHARS];
    for (i, c) in version.iter_mut().enumerate() {
        *c = encode::TERMINAL[((hash >> (5 * i)) & 31) as usize];
    }
    file.bytes.extend_from_slice(b",\"");
    file.bytes.extend_from_slice(&version);
    file.bytes.extend_from_slice(b"\");\n");
    version
}

/// Versions run together, as [`FileVersions`] holds them.
fn joined(versions: impl IntoIterator<Item = Version>) -> String {
    versions
        .into_iter()
        .flat_map(|v| v.map(char::from))
        .collect()
}

/// The order a key's positions are chunked in: indices into `list` (sorted
/// by id), best-ranked first, ties newest first.
fn positions_order(list: &[Posting], order: &PositionsOrder) -> Vec<u32> {
    let mut ranked: Vec<u32> = (0..list.len() as u32).collect();
    ranked.sort_unstable_by_key(|&i| {
        let p = &list[i as usize];
        std::cmp::Reverse((order.key(p.mask, p.count), p.document))
    });
    ranked
}

/// A key's postings list: for each entry, its id (as a difference) and
/// `mask | count << 5`.
fn encode_list(list: &[Posting]) -> String {
    let mut encoded = String::new();
    let mut previous = 0;
    for p in list {
        encode::push_varint(&mut encoded, u64::from(p.document - previous));
        previous = p.document;
        encode::push_varint(
            &mut encoded,
            u64::from(p.mask) | u64::from(p.count.min(31)) << 5,
        );
    }
    encoded
}

/// One chunk of a key's positions: for the postings `ranked` (indices into
/// `list`), the count of positions and the positions as differences.
fn encode_chunk(list: &[Posting], ranked: &[u32]) -> String {
    let mut positions = String::new();
    for p in ranked.iter().map(|&i| &list[i as usize]) {
        encode::push_varint(&mut positions, p.positions.len() as u64);
        let mut previous = 0;
        for &x in &p.positions {
            encode::push_varint(&mut positions, u64::from(x - previous));
            previous = x;
        }
    }
    positions
}

/// A key's postings list, its [`positions_order`], and its positions cut
/// into chunks in that order.
fn encode_postings(list: &[Posting], order: &PositionsOrder) -> (String, Vec<u32>, Vec<String>) {
    let ranked = positions_order(list, order);
    let chunks = ranked
        .chunks(POSITIONS_CHUNK)
        .map(|chunk| encode_chunk(list, chunk))
        .collect();
    (encode_list(list), ranked, chunks)
}

#[derive(Serialize)]
struct DocumentEntry<'a> {
    u: &'a str,
    k: usize,
    t: &'a str,
    d: Option<&'a str>,
    a: &'a [String],
    s: &'a str,
    b: &'a str,
}

/// An entry as its group's file holds it, serialised.
fn document_entry(doc: &SearchDoc, kinds: &[String]) -> String {
    let body = match doc.body.char_indices().nth(BODY_CHARS) {
        Some((cut, _)) => &doc.body[..cut],
        None => &doc.body,
    };
    let entry = DocumentEntry {
        u: &doc.url,
        k: kinds.iter().position(|k| *k == doc.kind).unwrap_or(0),
        t: &doc.title,
        d: doc.date.as_deref(),
        a: &doc.aliases,
        s: &doc.summary,
        b: body,
    };
    serde_json::to_string(&entry).expect("an entry serialises")
}

/// The first id of each group of entries: a group is closed when the next
/// entry would take it past [`DOCUMENT_FILE_BYTES`].
fn document_groups(sizes: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut size = 0;
    for (id, entry) in sizes.into_iter().enumerate() {
        if starts.is_empty() || (size > 0 && size + entry > DOCUMENT_FILE_BYTES) {
            starts.push(id);
            size = 0;
        }
        size += entry + 1;
    }
    starts
}

fn document_file(group: usize, entries: &[String]) -> (SearchFile, Version) {
    let data = format!("[{}]", entries.join(","));
    script_of_json(&format!("search/d/{group}.js"), "d", &group, &data)
}

/// The facet files (unsealed data: path, name, ids encoded) and the counts
/// of each value.
fn facet_lists(
    docs: &[SearchDoc],
    kinds: &[String],
    facets: &Facets,
) -> (Vec<(String, String)>, FacetCounts) {
    fn index_of(values: &[(String, String)]) -> FastMap<&str, usize> {
        values
            .iter()
            .enumerate()
            .map(|(n, (id, _))| (id.as_str(), n))
            .collect()
    }
    let (kind_index, topic_index, actor_index) = (
        kinds
            .iter()
            .enumerate()
            .map(|(n, k)| (k.as_str(), n))
            .collect::<FastMap<&str, usize>>(),
        index_of(&facets.topics),
        index_of(&facets.actors),
    );
    let mut by_kind: Vec<Vec<u64>> = vec![Vec::new(); kinds.len()];
    let mut by_topic: Vec<Vec<u64>> = vec![Vec::new(); facets.topics.len()];
    let mut by_actor: Vec<Vec<u64>> = vec![Vec::new(); facets.actors.len()];
    // Ids rise, so a list holds an id at most once if only its last is checked.
    let file_under = |list: &mut Vec<u64>, id: u64| {
        if list.last() != Some(&id) {
            list.push(id);
        }
    };
    for (id, doc) in docs.iter().enumerate() {
        let id = id as u64;
        if let Some(&n) = kind_index.get(doc.kind.as_str()) {
            file_under(&mut by_kind[n], id);
        }
        for topic in &doc.topics {
            if let Some(&n) = topic_index.get(topic.as_str()) {
                file_under(&mut by_topic[n], id);
            }
        }
        for actor in &doc.actors {
            if let Some(&n) = actor_index.get(actor.as_str()) {
                file_under(&mut by_actor[n], id);
            }
        }
    }
    let mut lists = Vec::new();
    let mut counts = FacetCounts::default();
    for (prefix, values, count) in [
        ("k", by_kind, &mut counts.k),
        ("t", by_topic, &mut counts.t),
        ("a", by_actor, &mut counts.a),
    ] {
        for (n, ids) in values.into_iter().enumerate() {
            count.push(ids.len());
            if !ids.is_empty() {
                lists.push((format!("{prefix}{n}"), encode::encode_ascending(ids)));
            }
        }
    }
    (lists, counts)
}

/// The first id of each start date, and the first dated id.
fn date_firsts(docs: &[SearchDoc]) -> (Vec<(String, usize)>, usize) {
    let mut firsts: Vec<(String, usize)> = Vec::new();
    for (id, doc) in docs.iter().enumerate() {
        if let Some(date) = &doc.date {
            let day = normalise_date(date);
            if firsts.last().is_none_or(|(last, _)| *last != day) {
                firsts.push((day, id));
            }
        }
    }
    let dated_from = firsts.first().map_or(docs.len(), |(_, id)| *id);
    (firsts, dated_from)
}

#[cfg(test)]
mod tests;
