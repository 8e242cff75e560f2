//! Search index building: the site's entries become small JavaScript files
//! that `themes/default/static/search.js` loads on demand with `<script src>`,
//! so search works over http and from file:// alike (file:// forbids fetch),
//! with no server and under `default-src 'self'`.
//!
//! Invariants:
//! - The output depends only on the input, byte for byte: what is written is
//!   iterated from `BTreeMap`s or sorted lists (hash maps only accumulate),
//!   and parallel work is gathered in order.
//! - Every file is a script that calls
//!   `briefbookSearch.add(kind, key, data, version)`, where `version` is one
//!   hash of the whole index's content: the browser asks for every file but
//!   `meta.js` as `FILE.js?v=VERSION`, so after a rebuild it never mixes a
//!   cached file of the old index with the new, and a `meta.js` older than
//!   the files it meets is noticed and reloaded.
//! - A one-word query loads `search/meta.js`, the lexicon shard of the word,
//!   the postings shards of the few words it expands to, and one small file
//!   per result shown; a quoted phrase also loads the positions of its words
//!   for the results it checks, a chunk at a time. Nothing grows with the
//!   whole site but `meta.js`, which holds the shard prefixes and the facet
//!   names only.
//!
//! Files, under `search/`:
//! - `meta.js`: documents count, kinds, topics, actors, stop words, the shard
//!   prefixes of the three shard families, facet counts, rank weights.
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
pub mod rank;
pub mod shard;
pub mod stem;
pub mod text;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use hash::FastMap;
use rank::{PositionsOrder, RankWeights};

/// One entry of the site, as the search sees it.
#[derive(Debug, Clone, Default)]
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
#[derive(Debug, Clone, Default)]
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
/// first 20,000 characters (`SNIPPET_SCAN_CHARS` in `search.js`).
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

/// Builds the whole index. Paths are relative to the site root.
pub fn build_index(docs: &[SearchDoc], facets: &Facets) -> Vec<SearchFile> {
    let order = order_documents(docs);
    let docs: Vec<&SearchDoc> = order.iter().map(|&i| &docs[i]).collect();
    let kinds = kinds_of(&docs);
    let terms: Vec<Vec<DocumentTerm>> = docs
        .par_iter()
        .map(|doc| document_terms(doc, facets))
        .collect();
    let surfaces = survey_surfaces(&terms);
    let keys = Keys::of(&surfaces);
    let postings = invert(terms, &keys);
    let weights = RankWeights::default();
    let positions_order = PositionsOrder::of(&weights);

    let mut files = Vec::new();
    let lexicon = lexicon_files(&surfaces, &keys, &mut files);
    let (postings_prefixes, positions_prefixes) =
        postings_files(&keys.names, &postings, &positions_order, &mut files);
    drop(postings);
    let documents_from = document_files(&docs, &kinds, &mut files);
    let facet_counts = facet_files(&docs, &kinds, facets, &mut files);
    let dated_from = dates_file(&docs, &mut files);

    let meta = Meta {
        version: 2,
        documents: docs.len(),
        kinds: &kinds,
        topics: &facets.topics,
        actors: &facets.actors,
        stopwords: text::STOPWORDS,
        min_prefix: MIN_PREFIX_CHARS,
        lexicon: &lexicon,
        postings: &postings_prefixes,
        positions: &positions_prefixes,
        positions_chunk: POSITIONS_CHUNK,
        positions_order,
        documents_from,
        facets: facet_counts,
        dated_from,
        rank: weights,
    };
    files.push(script("search/meta.js", "meta", &0, &meta));
    files.par_sort_unstable_by(|a, b| a.path.cmp(&b.path));
    seal(&mut files);
    files
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
    facets: FacetCounts,
    /// Ids below this have no date.
    dated_from: usize,
    rank: RankWeights,
}

#[derive(Serialize, Default)]
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

/// Entry ids: undated entries first, then by start date, kind and url, so
/// that ids follow dates and a date filter is an id range.
fn order_documents(docs: &[SearchDoc]) -> Vec<usize> {
    let kind_rank = |kind: &str| KINDS.iter().position(|k| *k == kind).unwrap_or(KINDS.len());
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_cached_key(|&i| {
        let d = &docs[i];
        (
            d.date.as_deref().map(normalise_date),
            kind_rank(&d.kind),
            d.kind.clone(),
            d.url.clone(),
        )
    });
    order
}

fn kinds_of(docs: &[&SearchDoc]) -> Vec<String> {
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
    /// Ascending, distinct.
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

/// What the whole site says about one folded word.
#[derive(Debug, Default)]
struct SurfaceInfo {
    /// Written starting with a lower-case letter at least once.
    lower_seen: bool,
    /// Written with an accent or another non-ASCII character at least once.
    non_ascii: bool,
    /// Occurs as a hyphenated compound run together.
    joined: bool,
    /// Entries containing it.
    documents: usize,
}

fn survey_surfaces(terms: &[Vec<DocumentTerm>]) -> BTreeMap<String, SurfaceInfo> {
    // Accumulated in a hash map for speed; the sorted map returned is what
    // everything downstream iterates.
    let mut surfaces: FastMap<&str, SurfaceInfo> = FastMap::default();
    for doc in terms {
        for term in doc {
            let info = surfaces.entry(term.text.as_str()).or_default();
            info.lower_seen |= term.lower_seen;
            info.non_ascii |= term.non_ascii;
            info.joined |= term.joined;
            info.documents += 1;
        }
    }
    surfaces
        .into_iter()
        .map(|(s, info)| (s.to_owned(), info))
        .collect()
}

/// The key a word's postings are filed under: the word itself for names
/// and numbers, its stem otherwise.
fn index_key(surface: &str, info: &SurfaceInfo) -> String {
    let is_plain_word = surface.bytes().all(|b| b.is_ascii_lowercase());
    if info.joined || info.non_ascii || !info.lower_seen || !is_plain_word {
        surface.to_owned()
    } else {
        stem::stem(surface)
    }
}

/// The postings keys, sorted, and the key of each word.
struct Keys<'a> {
    names: Vec<String>,
    /// Word → index in `names`.
    of_surface: FastMap<&'a str, u32>,
}

impl<'a> Keys<'a> {
    fn of(surfaces: &'a BTreeMap<String, SurfaceInfo>) -> Keys<'a> {
        let per_surface: Vec<(&str, String)> = surfaces
            .par_iter()
            .map(|(surface, info)| (surface.as_str(), index_key(surface, info)))
            .collect();
        let mut names: Vec<String> = per_surface.iter().map(|(_, k)| k.clone()).collect();
        names.par_sort_unstable();
        names.dedup();
        let of_surface = per_surface
            .iter()
            .map(|(surface, key)| {
                let n = names.binary_search(key).expect("every key is listed");
                (*surface, n as u32)
            })
            .collect();
        Keys { names, of_surface }
    }

    fn name_of(&self, surface: &str) -> &str {
        &self.names[self.of_surface[surface] as usize]
    }
}

/// One entry's occurrences of one key.
#[derive(Debug, Default)]
struct Posting {
    document: u32,
    mask: u8,
    count: u32,
    positions: Vec<u32>,
}

/// The postings of each key (indexed as `keys.names`), sorted by entry id.
fn invert(terms: Vec<Vec<DocumentTerm>>, keys: &Keys) -> Vec<Vec<Posting>> {
    let per_document: Vec<Vec<(u32, Posting)>> = terms
        .into_par_iter()
        .enumerate()
        .map(|(id, doc)| {
            let mut postings: Vec<(u32, Posting)> = doc
                .into_iter()
                .map(|term| {
                    let key = keys.of_surface[term.text.as_str()];
                    let posting = Posting {
                        document: id as u32,
                        mask: term.mask,
                        count: term.count,
                        positions: term.positions,
                    };
                    (key, posting)
                })
                .collect();
            postings.sort_unstable_by_key(|(key, _)| *key);
            // Words sharing a stem share a posting.
            let mut merged: Vec<(u32, Posting)> = Vec::with_capacity(postings.len());
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
        })
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

/// The start of a script registering `data` under `kind` and `key`; [`seal`]
/// adds the version and closes the call.
fn script<K: Serialize + ?Sized, T: Serialize + ?Sized>(
    path: &str,
    kind: &str,
    key: &K,
    data: &T,
) -> SearchFile {
    let data = serde_json::to_string(data).expect("index data serialises");
    script_of_json(path, kind, key, &data)
}

/// [`script`] for data already serialised.
fn script_of_json<K: Serialize + ?Sized>(
    path: &str,
    kind: &str,
    key: &K,
    data: &str,
) -> SearchFile {
    let body = format!(
        "briefbookSearch.add({},{},{data}",
        serde_json::to_string(kind).expect("a string serialises"),
        serde_json::to_string(key).expect("a key serialises"),
    );
    SearchFile {
        path: path.to_owned(),
        bytes: body.into_bytes(),
    }
}

/// Ends every file (sorted by path) with the version of the whole index: a
/// hash of all the files' paths and contents.
fn seal(files: &mut [SearchFile]) {
    let hashes: Vec<u64> = files
        .par_iter()
        .map(|f| {
            hash::combine([
                hash::content_hash(f.path.as_bytes()),
                hash::content_hash(&f.bytes),
            ])
        })
        .collect();
    let version = format!("{:012x}", hash::combine(hashes) >> 16);
    let end = format!(",\"{version}\");\n");
    files
        .par_iter_mut()
        .for_each(|f| f.bytes.extend_from_slice(end.as_bytes()));
}

/// Groups `entries` (sorted by token) into the shards of `prefixes`.
fn group_by_shard<T>(prefixes: &[String], entries: Vec<(String, T)>) -> Vec<BTreeMap<String, T>> {
    let mut shards: Vec<BTreeMap<String, T>> = prefixes.iter().map(|_| BTreeMap::new()).collect();
    for (token, value) in entries {
        let shard = shard::shard_of(prefixes, &token).expect("the layout covers every token");
        shards[shard].insert(token, value);
    }
    shards
}

/// Lexicon entries: `[key, documents]`, with key `0` when it is the word.
fn lexicon_files(
    surfaces: &BTreeMap<String, SurfaceInfo>,
    keys: &Keys,
    files: &mut Vec<SearchFile>,
) -> Vec<String> {
    let entries: Vec<(String, serde_json::Value)> = surfaces
        .iter()
        .map(|(surface, info)| {
            let key = keys.name_of(surface);
            let key = if key == surface {
                serde_json::Value::from(0)
            } else {
                serde_json::Value::from(key)
            };
            (surface.clone(), serde_json::json!([key, info.documents]))
        })
        .collect();
    let sizes: Vec<(String, usize)> = entries
        .iter()
        .map(|(s, v)| (s.clone(), s.len() + v.to_string().len() + 4))
        .collect();
    let prefixes = shard::partition(&sizes, LEXICON_SHARD_BYTES);
    for (n, shard) in group_by_shard(&prefixes, entries).iter().enumerate() {
        files.push(script(&format!("search/l/{n}.js"), "l", &n, shard));
    }
    prefixes
}

/// The order a key's positions are chunked in: indices into `list` (sorted
/// by id), best-ranked first, ties newest first.
fn positions_order(list: &[Posting], order: &PositionsOrder) -> Vec<usize> {
    let mut ranked: Vec<usize> = (0..list.len()).collect();
    ranked.sort_unstable_by_key(|&i| {
        let p = &list[i];
        std::cmp::Reverse((order.key(p.mask, p.count), p.document))
    });
    ranked
}

/// A key's postings list, and its positions cut into chunks in
/// [`positions_order`].
fn encode_postings(list: &[Posting], order: &PositionsOrder) -> (String, Vec<String>) {
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
    let chunks = positions_order(list, order)
        .chunks(POSITIONS_CHUNK)
        .map(|chunk| {
            let mut positions = String::new();
            for p in chunk.iter().map(|&i| &list[i]) {
                encode::push_varint(&mut positions, p.positions.len() as u64);
                positions.push_str(&encode::encode_ascending(
                    p.positions.iter().map(|&x| u64::from(x)),
                ));
            }
            positions
        })
        .collect();
    (encoded, chunks)
}

fn postings_files(
    keys: &[String],
    postings: &[Vec<Posting>],
    order: &PositionsOrder,
    files: &mut Vec<SearchFile>,
) -> (Vec<String>, Vec<String>) {
    let encoded: Vec<(String, Vec<String>)> = postings
        .par_iter()
        .map(|list| encode_postings(list, order))
        .collect();
    let mut lists = Vec::with_capacity(keys.len());
    let mut positions = Vec::with_capacity(keys.len());
    for (key, (list, chunks)) in keys.iter().zip(encoded) {
        lists.push((key.clone(), list));
        positions.push((key.clone(), chunks));
    }

    let sizes: Vec<(String, usize)> = lists
        .iter()
        .map(|(k, v)| (k.clone(), k.len() + v.len() + 6))
        .collect();
    let postings_prefixes = shard::partition(&sizes, POSTINGS_SHARD_BYTES);
    for (n, shard) in group_by_shard(&postings_prefixes, lists).iter().enumerate() {
        files.push(script(&format!("search/p/{n}.js"), "p", &n, shard));
    }

    let sizes: Vec<(String, usize)> = positions
        .iter()
        .map(|(k, chunks)| {
            (
                k.clone(),
                k.len() + chunks.first().map_or(0, String::len) + 6,
            )
        })
        .collect();
    let positions_prefixes = shard::partition(&sizes, POSITIONS_SHARD_BYTES);
    let shards = group_by_shard(&positions_prefixes, positions);
    let chunk_files: Vec<Vec<SearchFile>> = shards
        .par_iter()
        .enumerate()
        .map(|(n, shard)| {
            let chunks = shard.values().map(Vec::len).max().unwrap_or(0);
            (0..chunks)
                .map(|c| {
                    let part: BTreeMap<&str, &str> = shard
                        .iter()
                        .filter_map(|(key, chunks)| Some((key.as_str(), chunks.get(c)?.as_str())))
                        .collect();
                    let name = format!("{n}-{c}");
                    script(&format!("search/x/{name}.js"), "x", &name, &part)
                })
                .collect()
        })
        .collect();
    files.extend(chunk_files.into_iter().flatten());
    (postings_prefixes, positions_prefixes)
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

/// Writes the entries in groups; returns the first id of each group.
fn document_files(docs: &[&SearchDoc], kinds: &[String], files: &mut Vec<SearchFile>) -> String {
    let entries: Vec<String> = docs
        .par_iter()
        .map(|doc| {
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
        })
        .collect();
    let mut starts = vec![0];
    let mut size = 0;
    for (id, entry) in entries.iter().enumerate() {
        if size > 0 && size + entry.len() > DOCUMENT_FILE_BYTES {
            starts.push(id);
            size = 0;
        }
        size += entry.len() + 1;
    }
    if entries.is_empty() {
        starts.clear();
    }
    let groups: Vec<SearchFile> = starts
        .par_iter()
        .enumerate()
        .map(|(group, &start)| {
            let end = starts.get(group + 1).copied().unwrap_or(entries.len());
            let data = format!("[{}]", entries[start..end].join(","));
            script_of_json(&format!("search/d/{group}.js"), "d", &group, &data)
        })
        .collect();
    files.extend(groups);
    encode::encode_ascending(starts.iter().map(|&s| s as u64))
}

fn facet_files(
    docs: &[&SearchDoc],
    kinds: &[String],
    facets: &Facets,
    files: &mut Vec<SearchFile>,
) -> FacetCounts {
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
    let mut write = |name: String, ids: Vec<u64>| {
        let n = ids.len();
        if n > 0 {
            let encoded = encode::encode_ascending(ids);
            files.push(script(&format!("search/f/{name}.js"), "f", &name, &encoded));
        }
        n
    };
    let mut counts = FacetCounts::default();
    for (n, ids) in by_kind.into_iter().enumerate() {
        counts.k.push(write(format!("k{n}"), ids));
    }
    for (n, ids) in by_topic.into_iter().enumerate() {
        counts.t.push(write(format!("t{n}"), ids));
    }
    for (n, ids) in by_actor.into_iter().enumerate() {
        counts.a.push(write(format!("a{n}"), ids));
    }
    counts
}

/// Writes the first id of each start date; returns the first dated id.
fn dates_file(docs: &[&SearchDoc], files: &mut Vec<SearchFile>) -> usize {
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
    files.push(script("search/dates.js", "dates", &0, &firsts));
    dated_from
}

#[cfg(test)]
mod tests;
