//! Search index building: the site's entries become small JavaScript files
//! that `themes/default/static/search.js` loads on demand with `<script src>`,
//! so search works over http and from file:// alike (file:// forbids fetch),
//! with no server and under `default-src 'self'`.
//!
//! Invariants:
//! - The output depends only on the input, byte for byte: what is written is
//!   iterated from `BTreeMap`s or sorted lists (hash maps only accumulate),
//!   and parallel work is gathered in order.
//! - Every file is a script that calls `briefbookSearch.add(kind, key, data)`.
//! - A one-word query loads `search/meta.js`, the lexicon shard of the word,
//!   the postings shards of the few words it expands to, and one small file
//!   per result shown; nothing grows with the whole site but `meta.js`, which
//!   holds the shard prefixes and the facet names only.
//!
//! Files, under `search/`:
//! - `meta.js`: documents count, kinds, topics, actors, stop words, the shard
//!   prefixes of the three shard families, facet counts, rank weights.
//! - `l/N.js` lexicon: each word as written (folded) → the key its postings
//!   are filed under (its stem, or itself for names kept intact) and the
//!   number of entries containing it. Prefix search reads these.
//! - `p/N.js` postings: key → for each entry, its id (as a difference) and
//!   `mask | count << 5` (see [`rank`]).
//! - `x/N.js` positions: key → for each posting, the count of positions and
//!   the positions (as differences). Loaded for quoted phrases only.
//! - `d/ID.js` one entry: url, kind, title, date, aliases, summary, body.
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
pub mod rank;
pub mod shard;
pub mod stem;
pub mod text;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use rank::RankWeights;

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

/// Shard size limits in bytes: small enough that a first query stays far
/// under its budget, large enough that a 10,000-brief site has hundreds of
/// files, not tens of thousands.
const LEXICON_SHARD_BYTES: usize = 12_000;
const POSTINGS_SHARD_BYTES: usize = 24_000;
const POSITIONS_SHARD_BYTES: usize = 48_000;

/// Longer bodies are cut in the entry files (snippets come from the start).
const BODY_CHARS: usize = 30_000;

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
    let occurrences: Vec<Vec<Occurrence>> = docs
        .par_iter()
        .map(|doc| document_occurrences(doc, facets))
        .collect();
    let surfaces = survey_surfaces(&occurrences);
    let keys: HashMap<&str, String> = surfaces
        .iter()
        .map(|(surface, info)| (surface.as_str(), index_key(surface, info)))
        .collect();
    let postings = invert(&occurrences, &keys);

    let mut files = Vec::new();
    let lexicon = lexicon_files(&surfaces, &keys, &mut files);
    let (postings_prefixes, positions_prefixes) = postings_files(&postings, &mut files);
    document_files(&docs, &kinds, &mut files);
    let facet_counts = facet_files(&docs, &kinds, facets, &mut files);
    let dated_from = dates_file(&docs, &mut files);

    let meta = Meta {
        version: 1,
        documents: docs.len(),
        kinds: &kinds,
        topics: &facets.topics,
        actors: &facets.actors,
        stopwords: text::STOPWORDS,
        min_prefix: MIN_PREFIX_CHARS,
        lexicon: &lexicon,
        postings: &postings_prefixes,
        positions: &positions_prefixes,
        facets: facet_counts,
        dated_from,
        rank: RankWeights::default(),
    };
    files.push(script("search/meta.js", "meta", &0, &meta));
    files.sort_by(|a, b| a.path.cmp(&b.path));
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

/// A token of an entry, with the field it is in.
struct Occurrence {
    token: text::Token,
    field: u8,
}

fn document_occurrences(doc: &SearchDoc, facets: &Facets) -> Vec<Occurrence> {
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

    let mut out = Vec::new();
    let mut offset = 0;
    for (field, value) in fields {
        let tokens = text::tokenize(value);
        let end = tokens.iter().map(|t| t.position + 1).max().unwrap_or(0);
        out.extend(tokens.into_iter().map(|mut token| {
            token.position += offset;
            Occurrence { token, field }
        }));
        offset += end + FIELD_GAP;
    }
    out
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

fn survey_surfaces(occurrences: &[Vec<Occurrence>]) -> BTreeMap<String, SurfaceInfo> {
    // Accumulated in a hash map for speed; the sorted map returned is what
    // everything downstream iterates.
    let mut surfaces: HashMap<&str, SurfaceInfo> = HashMap::new();
    for doc in occurrences {
        let mut seen: Vec<&str> = Vec::with_capacity(doc.len());
        for Occurrence { token, .. } in doc {
            let info = surfaces.entry(token.text.as_str()).or_default();
            info.lower_seen |= !token.capitalised && !token.joined;
            info.non_ascii |= token.non_ascii;
            info.joined |= token.joined;
            seen.push(&token.text);
        }
        seen.sort_unstable();
        seen.dedup();
        for surface in seen {
            if let Some(info) = surfaces.get_mut(surface) {
                info.documents += 1;
            }
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

/// One entry's occurrences of one key.
#[derive(Debug, Default)]
struct Posting {
    document: u32,
    mask: u8,
    count: u32,
    positions: Vec<u32>,
}

fn invert(
    occurrences: &[Vec<Occurrence>],
    keys: &HashMap<&str, String>,
) -> BTreeMap<String, Vec<Posting>> {
    let per_document: Vec<HashMap<&str, Posting>> = occurrences
        .par_iter()
        .enumerate()
        .map(|(id, doc)| {
            let mut map: HashMap<&str, Posting> = HashMap::new();
            for Occurrence { token, field } in doc {
                let key = keys[token.text.as_str()].as_str();
                let posting = map.entry(key).or_insert_with(|| Posting {
                    document: id as u32,
                    ..Posting::default()
                });
                posting.mask |= field;
                posting.count += 1;
                posting.positions.push(token.position);
            }
            for posting in map.values_mut() {
                posting.positions.sort_unstable();
                posting.positions.dedup();
            }
            map
        })
        .collect();
    // Documents are merged in id order, so every list is sorted by id
    // whatever order each document's map yields.
    let mut postings: HashMap<&str, Vec<Posting>> = HashMap::new();
    for map in per_document {
        for (key, posting) in map {
            postings.entry(key).or_default().push(posting);
        }
    }
    postings
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
}

/// A script registering `data` under `kind` and `key`.
fn script<K: Serialize + ?Sized, T: Serialize + ?Sized>(
    path: &str,
    kind: &str,
    key: &K,
    data: &T,
) -> SearchFile {
    let body = format!(
        "briefbookSearch.add({},{},{});\n",
        serde_json::to_string(kind).expect("a string serialises"),
        serde_json::to_string(key).expect("a key serialises"),
        serde_json::to_string(data).expect("index data serialises"),
    );
    SearchFile {
        path: path.to_owned(),
        bytes: body.into_bytes(),
    }
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
    keys: &HashMap<&str, String>,
    files: &mut Vec<SearchFile>,
) -> Vec<String> {
    let entries: Vec<(String, serde_json::Value)> = surfaces
        .iter()
        .map(|(surface, info)| {
            let key = &keys[surface.as_str()];
            let key = if key == surface {
                serde_json::Value::from(0)
            } else {
                serde_json::Value::from(key.as_str())
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

fn postings_files(
    postings: &BTreeMap<String, Vec<Posting>>,
    files: &mut Vec<SearchFile>,
) -> (Vec<String>, Vec<String>) {
    let mut lists = Vec::new();
    let mut positions = Vec::new();
    for (key, list) in postings {
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
        lists.push((key.clone(), encoded));
        let mut encoded = String::new();
        for p in list {
            encode::push_varint(&mut encoded, p.positions.len() as u64);
            encoded.push_str(&encode::encode_ascending(
                p.positions.iter().map(|&x| u64::from(x)),
            ));
        }
        positions.push((key.clone(), encoded));
    }
    let mut prefixes_of = |family: &str, entries: Vec<(String, String)>, limit: usize| {
        let sizes: Vec<(String, usize)> = entries
            .iter()
            .map(|(k, v)| (k.clone(), k.len() + v.len() + 6))
            .collect();
        let prefixes = shard::partition(&sizes, limit);
        for (n, shard) in group_by_shard(&prefixes, entries).iter().enumerate() {
            files.push(script(
                &format!("search/{family}/{n}.js"),
                family,
                &n,
                shard,
            ));
        }
        prefixes
    };
    let postings_prefixes = prefixes_of("p", lists, POSTINGS_SHARD_BYTES);
    let positions_prefixes = prefixes_of("x", positions, POSITIONS_SHARD_BYTES);
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

fn document_files(docs: &[&SearchDoc], kinds: &[String], files: &mut Vec<SearchFile>) {
    let entries: Vec<SearchFile> = docs
        .par_iter()
        .enumerate()
        .map(|(id, doc)| {
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
            script(&format!("search/d/{id}.js"), "d", &id, &entry)
        })
        .collect();
    files.extend(entries);
}

fn facet_files(
    docs: &[&SearchDoc],
    kinds: &[String],
    facets: &Facets,
    files: &mut Vec<SearchFile>,
) -> FacetCounts {
    let mut counts = FacetCounts::default();
    let mut write = |name: String, ids: Vec<u64>| {
        let n = ids.len();
        if n > 0 {
            let encoded = encode::encode_ascending(ids);
            files.push(script(&format!("search/f/{name}.js"), "f", &name, &encoded));
        }
        n
    };
    let ids_where = |pred: &dyn Fn(&SearchDoc) -> bool| -> Vec<u64> {
        (0..docs.len() as u64)
            .filter(|&id| pred(docs[id as usize]))
            .collect()
    };
    for (n, kind) in kinds.iter().enumerate() {
        counts
            .k
            .push(write(format!("k{n}"), ids_where(&|d| d.kind == *kind)));
    }
    for (n, (id, _)) in facets.topics.iter().enumerate() {
        counts.t.push(write(
            format!("t{n}"),
            ids_where(&|d| d.topics.contains(id)),
        ));
    }
    for (n, (id, _)) in facets.actors.iter().enumerate() {
        counts.a.push(write(
            format!("a{n}"),
            ids_where(&|d| d.actors.contains(id)),
        ));
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
