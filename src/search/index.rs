//! The search index with the state it was built from, kept by a preview
//! session (`crate::incremental`) so that an edit of a few entries
//! re-encodes only the index files whose content it changes.
//!
//! Invariant: after [`Index::update`], the index's files are byte for byte
//! those [`Index::build`] writes for the same entries. What an edit changes
//! is followed precisely: the entries' words (counted per word, so that an
//! entry's words can be taken out again), each key's postings and their
//! encodings, and the shards holding them. Where an edit shifts something
//! every entry depends on, the index is built again whole: the facets'
//! values (topics, actors), entry ids (a date that moves an entry past
//! another), a word whose key flips (an accent written for the first time
//! turns a stemmed word into a name). The layouts (which shard holds which
//! word, which entries share a file) are recomputed on every update, being
//! cheap; a family whose layout moved is written again whole, and its
//! unchanged files keep their bytes since a file's version is its own.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use rayon::prelude::*;
use serde::ser::{Serialize, Serializer};

use super::*;

/// One postings key: its postings (sorted by entry id) and their encodings.
#[derive(Debug, Default)]
struct KeyData {
    postings: Vec<Posting>,
    /// The postings list as the `p/` shard holds it.
    list: String,
    /// The postings (indices) in [`positions_order`].
    ranked: Vec<u32>,
    /// The positions, in chunks as the `x/` shards hold them.
    chunks: Vec<String>,
}

/// One family of shards: its layout and each file's version.
#[derive(Debug, Default)]
struct Shards {
    prefixes: Vec<String>,
    /// Each token's size when `prefixes` were laid out: while the tokens
    /// an update touches keep theirs, the layout stands.
    sizes: FastMap<String, usize>,
    /// Per shard, the versions of its files (of each chunk, for positions).
    versions: Vec<Vec<Version>>,
}

/// The search index and what it was built from. See the module docs.
pub struct Index {
    facets: Facets,
    kinds: Vec<String>,
    /// The entries, by id.
    docs: Vec<SearchDoc>,
    /// Entry url → id.
    id_of: FastMap<String, u32>,
    /// Per id, the entry's words (their positions moved into the postings).
    terms: Vec<Vec<DocumentTerm>>,
    surfaces: BTreeMap<String, SurfaceInfo>,
    keys: BTreeMap<String, KeyData>,
    lexicon: Shards,
    postings: Shards,
    positions: Shards,
    /// Per id, the entry as its group's file holds it.
    entries: Vec<String>,
    /// The first id of each group of entries, and each group's version.
    groups: Vec<usize>,
    group_versions: Vec<Version>,
    facet_counts: FacetCounts,
    /// Facet file name (`k0`, `t3`, `a12`) → version.
    facet_versions: BTreeMap<String, Version>,
    dated_from: usize,
    dates_version: Version,
}

/// What [`Index::update`] changed.
#[derive(Debug, Default)]
pub struct IndexChanges {
    /// Files encoded again: new ones, and those that may have changed (an
    /// unchanged file encoded again has the same bytes as before).
    pub files: Vec<SearchFile>,
    /// Paths of files the index no longer has.
    pub removed: Vec<String>,
    /// The index was built again whole.
    pub whole: bool,
}

impl Index {
    /// Builds the whole index: the state, and every file (sorted by path).
    pub fn build(docs: Vec<SearchDoc>, facets: Facets) -> (Index, Vec<SearchFile>) {
        let order = order_documents(&docs);
        let mut slots: Vec<Option<SearchDoc>> = docs.into_iter().map(Some).collect();
        let docs: Vec<SearchDoc> = order
            .iter()
            .map(|&i| slots[i].take().expect("each entry once"))
            .collect();
        let kinds = kinds_of(&docs);
        let mut terms: Vec<Vec<DocumentTerm>> = docs
            .par_iter()
            .map(|doc| document_terms(doc, &facets))
            .collect();
        let surfaces = survey_surfaces(&terms);
        let keys = Keys::of(&surfaces);
        let lists = invert(&mut terms, &keys);
        let positions_order = PositionsOrder::of(&RankWeights::default());
        let encoded: Vec<(String, Vec<u32>, Vec<String>)> = lists
            .par_iter()
            .map(|list| encode_postings(list, &positions_order))
            .collect();
        let keys: BTreeMap<String, KeyData> = keys
            .names
            .into_iter()
            .zip(lists.into_iter().zip(encoded))
            .map(|(key, (postings, (list, ranked, chunks)))| {
                let data = KeyData {
                    postings,
                    list,
                    ranked,
                    chunks,
                };
                (key, data)
            })
            .collect();
        let entries: Vec<String> = docs
            .par_iter()
            .map(|doc| document_entry(doc, &kinds))
            .collect();
        let id_of = docs
            .iter()
            .enumerate()
            .map(|(id, doc)| (doc.url.clone(), id as u32))
            .collect();
        let mut index = Index {
            facets,
            kinds,
            docs,
            id_of,
            terms,
            surfaces,
            keys,
            lexicon: Shards::default(),
            postings: Shards::default(),
            positions: Shards::default(),
            entries,
            groups: Vec::new(),
            group_versions: Vec::new(),
            facet_counts: FacetCounts::default(),
            facet_versions: BTreeMap::new(),
            dated_from: 0,
            dates_version: NO_FILE,
        };
        let mut files = Vec::new();
        index.write_shards(None, None, None, &mut files);
        index.write_documents(None, &mut files);
        index.write_facets_and_dates(&mut files);
        files.push(index.meta_file());
        files.par_sort_unstable_by(|a, b| a.path.cmp(&b.path));
        (index, files)
    }

    /// Brings the index up to date after the entries `changed` (each with
    /// the url of an entry already indexed) were edited, with the filters'
    /// values `facets`. Returns `None` when an entry is not in the index
    /// (entries were added): the caller builds it again whole.
    pub fn update(&mut self, changed: Vec<SearchDoc>, facets: Facets) -> Option<IndexChanges> {
        let mut edits: BTreeMap<u32, SearchDoc> = BTreeMap::new();
        for doc in changed {
            let &id = self.id_of.get(&doc.url)?;
            if self.docs[id as usize] != doc {
                edits.insert(id, doc);
            }
        }
        if edits.is_empty() && facets == self.facets {
            return Some(IndexChanges::default());
        }
        let before = self.paths();
        // A kind of its own would move the kinds' numbers every entry's
        // file holds.
        let kinds_move = edits
            .iter()
            .any(|(&id, doc)| doc.kind != self.docs[id as usize].kind);
        if facets != self.facets || kinds_move || !self.ids_stay(&edits) {
            return Some(self.rebuild_whole(edits, facets, before));
        }

        // Facet files and dates.js hold ids by kind, topic, actor and date:
        // with the ids staying, only edits of those change them.
        let facets_move = edits.iter().any(|(&id, doc)| {
            let old = &self.docs[id as usize];
            doc.topics != old.topics || doc.actors != old.actors
        });
        let dates_move = edits
            .iter()
            .any(|(&id, doc)| doc.date != self.docs[id as usize].date);

        // The edited entries' words, and what the site says of each word
        // they had or have now, worked out apart first: a word whose key
        // flips moves postings of entries not edited.
        let mut new_terms: Vec<(u32, Vec<DocumentTerm>)> = edits
            .par_iter()
            .map(|(&id, doc)| (id, document_terms(doc, &facets)))
            .collect();
        let mut surveyed: BTreeMap<String, SurfaceInfo> = BTreeMap::new();
        let mut keys_touched: BTreeSet<String> = BTreeSet::new();
        for &id in edits.keys() {
            for term in &self.terms[id as usize] {
                let old = &self.surfaces[&term.text];
                keys_touched.insert(old.key.clone());
                surveyed
                    .entry(term.text.clone())
                    .or_insert_with(|| old.clone())
                    .remove(term);
            }
        }
        for (_, terms) in &new_terms {
            for term in terms {
                surveyed
                    .entry(term.text.clone())
                    .or_insert_with(|| self.surfaces.get(&term.text).cloned().unwrap_or_default())
                    .add(term);
            }
        }
        let mut words_touched: BTreeSet<String> = BTreeSet::new();
        for (surface, info) in surveyed.iter_mut() {
            let old = self.surfaces.get(surface);
            if info.documents > 0 {
                info.settle(surface);
                if old.is_some_and(|o| o.key != info.key) {
                    return Some(self.rebuild_whole(edits, facets, before));
                }
            }
            let same = old.is_some_and(|o| o.documents == info.documents && o.key == info.key);
            if !same {
                words_touched.insert(surface.clone());
            }
        }
        for (surface, info) in surveyed {
            if info.documents == 0 {
                self.surfaces.remove(&surface);
            } else {
                self.surfaces.insert(surface, info);
            }
        }

        // Postings: the edited entries' are taken out of every key they
        // had, and their new ones put in.
        let mut fresh: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
        for (id, terms) in &mut new_terms {
            let surfaces = &self.surfaces;
            for (key, posting) in document_postings(*id, terms, |s| surfaces[s].key.clone()) {
                keys_touched.insert(key.clone());
                fresh.entry(key).or_default().push(posting);
            }
        }
        let positions_order = PositionsOrder::of(&RankWeights::default());
        let mut work: Vec<(String, KeyData)> = keys_touched
            .into_iter()
            .map(|key| {
                let data = self.keys.remove(&key).unwrap_or_default();
                (key, data)
            })
            .collect();
        let edited: Vec<u32> = edits.keys().copied().collect();
        let outcome: Vec<(bool, Option<Chunks>)> = work
            .par_iter_mut()
            .map(|(key, data)| {
                let fresh = fresh.get(key.as_str()).map_or(&[][..], Vec::as_slice);
                update_key(data, &edited, fresh, &positions_order)
            })
            .collect();
        let mut postings_touched = BTreeSet::new();
        let mut positions_touched = BTreeMap::new();
        for ((key, data), (list_changed, chunks)) in work.into_iter().zip(outcome) {
            if list_changed || data.postings.is_empty() {
                postings_touched.insert(key.clone());
            }
            if data.postings.is_empty() {
                positions_touched.insert(key.clone(), None);
            } else if let Some(chunks) = chunks {
                positions_touched.insert(key.clone(), chunks);
            }
            if !data.postings.is_empty() {
                self.keys.insert(key, data);
            }
        }

        for ((id, terms), (_, doc)) in new_terms.into_iter().zip(edits) {
            self.terms[id as usize] = terms;
            self.entries[id as usize] = document_entry(&doc, &self.kinds);
            self.docs[id as usize] = doc;
        }

        let mut files = Vec::new();
        let all_files = |tokens: BTreeSet<String>| -> Touched {
            tokens.into_iter().map(|t| (t, None)).collect()
        };
        self.write_shards(
            Some(&all_files(words_touched)),
            Some(&all_files(postings_touched)),
            Some(&positions_touched),
            &mut files,
        );
        let edited: BTreeSet<usize> = edited.into_iter().map(|id| id as usize).collect();
        self.write_documents(Some(&edited), &mut files);
        if facets_move || dates_move {
            self.write_facets_and_dates(&mut files);
        }
        files.push(self.meta_file());
        let after = self.paths();
        Some(IndexChanges {
            files,
            removed: before.difference(&after).cloned().collect(),
            whole: false,
        })
    }

    /// Whether the entries keep their ids once `edits` are made: their
    /// order keys stay strictly rising.
    fn ids_stay(&self, edits: &BTreeMap<u32, SearchDoc>) -> bool {
        let moved = edits
            .iter()
            .any(|(&id, doc)| order_key(doc) != order_key(&self.docs[id as usize]));
        if !moved {
            return true;
        }
        let key = |id: usize| match edits.get(&(id as u32)) {
            Some(doc) => order_key(doc),
            None => order_key(&self.docs[id]),
        };
        // Only the edited entries' neighbours can be passed.
        edits.keys().all(|&id| {
            let id = id as usize;
            let own = key(id);
            (id == 0 || key(id - 1) < own) && (id + 1 == self.docs.len() || own < key(id + 1))
        })
    }

    fn rebuild_whole(
        &mut self,
        edits: BTreeMap<u32, SearchDoc>,
        facets: Facets,
        before: BTreeSet<String>,
    ) -> IndexChanges {
        let mut docs = std::mem::take(&mut self.docs);
        for (id, doc) in edits {
            docs[id as usize] = doc;
        }
        let (index, files) = Index::build(docs, facets);
        *self = index;
        let after = self.paths();
        IndexChanges {
            files,
            removed: before.difference(&after).cloned().collect(),
            whole: true,
        }
    }

    /// Every file's path.
    fn paths(&self) -> BTreeSet<String> {
        let mut paths = BTreeSet::new();
        for n in 0..self.lexicon.versions.len() {
            paths.insert(format!("search/l/{n}.js"));
        }
        for n in 0..self.postings.versions.len() {
            paths.insert(format!("search/p/{n}.js"));
        }
        for (n, chunks) in self.positions.versions.iter().enumerate() {
            for c in 0..chunks.len() {
                paths.insert(format!("search/x/{n}-{c}.js"));
            }
        }
        for g in 0..self.groups.len() {
            paths.insert(format!("search/d/{g}.js"));
        }
        for name in self.facet_versions.keys() {
            paths.insert(format!("search/f/{name}.js"));
        }
        paths.insert("search/dates.js".into());
        paths.insert("search/meta.js".into());
        paths
    }

    /// Lays out the three shard families again and writes their shards:
    /// with `None` or a moved layout, every shard of the family; else the
    /// shards of the words or keys touched.
    fn write_shards(
        &mut self,
        words: Option<&Touched>,
        postings: Option<&Touched>,
        positions: Option<&Touched>,
        files: &mut Vec<SearchFile>,
    ) {
        write_family(
            &mut self.lexicon,
            &self.surfaces,
            |_, info| info.lexicon_size,
            LEXICON_SHARD_BYTES,
            words,
            |n, members, _| {
                let entries: Vec<(&str, (LexiconKey, u32))> = members
                    .iter()
                    .map(|&(surface, info)| (surface, lexicon_entry(surface, info)))
                    .collect();
                let path = format!("search/l/{n}.js");
                let (file, version) = script(&path, "l", &n, &Pairs(&entries));
                vec![(0, file, version)]
            },
            files,
        );
        write_family(
            &mut self.postings,
            &self.keys,
            |key, data| key.len() + data.list.len() + 6,
            POSTINGS_SHARD_BYTES,
            postings,
            |n, members, _| {
                let lists: Vec<(&str, &str)> = members
                    .iter()
                    .map(|&(key, data)| (key, data.list.as_str()))
                    .collect();
                let path = format!("search/p/{n}.js");
                let (file, version) = script(&path, "p", &n, &Pairs(&lists));
                vec![(0, file, version)]
            },
            files,
        );
        write_family(
            &mut self.positions,
            &self.keys,
            |key, data| key.len() + data.chunks.first().map_or(0, String::len) + 6,
            POSITIONS_SHARD_BYTES,
            positions,
            |n, members, only| {
                let chunks = members
                    .iter()
                    .map(|(_, d)| d.chunks.len())
                    .max()
                    .unwrap_or(0);
                (0..chunks)
                    .filter(|c| only.is_none_or(|only| only.contains(c)))
                    .map(|c| {
                        let part: Vec<(&str, &str)> = members
                            .iter()
                            .filter_map(|&(key, data)| Some((key, data.chunks.get(c)?.as_str())))
                            .collect();
                        let name = format!("{n}-{c}");
                        let path = format!("search/x/{name}.js");
                        let (file, version) = script(&path, "x", &name, &Pairs(&part));
                        (c, file, version)
                    })
                    .collect()
            },
            files,
        );
    }

    /// Groups the entries into files again and writes the groups that
    /// changed: those holding an `edited` entry, or whose first or last
    /// entry moved; with `None`, every group.
    fn write_documents(&mut self, edited: Option<&BTreeSet<usize>>, files: &mut Vec<SearchFile>) {
        let total = self.entries.len();
        let starts = document_groups(self.entries.iter().map(String::len));
        let end = |starts: &[usize], g: usize| starts.get(g + 1).copied().unwrap_or(total);
        let redo: Vec<usize> = (0..starts.len())
            .filter(|&g| {
                let Some(edited) = edited else {
                    return true;
                };
                let range = (starts[g], end(&starts, g));
                let moved = self
                    .groups
                    .get(g)
                    .is_none_or(|&s| (s, end(&self.groups, g)) != range);
                moved || edited.range(range.0..range.1).next().is_some()
            })
            .collect();
        let written: Vec<(usize, (SearchFile, Version))> = redo
            .par_iter()
            .map(|&g| {
                (
                    g,
                    document_file(g, &self.entries[starts[g]..end(&starts, g)]),
                )
            })
            .collect();
        self.group_versions.resize(starts.len(), NO_FILE);
        for (g, (file, version)) in written {
            self.group_versions[g] = version;
            files.push(file);
        }
        self.groups = starts;
    }

    /// The facet files and `dates.js`, written whole: they are small, and
    /// an edit changes few of their bytes.
    fn write_facets_and_dates(&mut self, files: &mut Vec<SearchFile>) {
        let (lists, counts) = facet_lists(&self.docs, &self.kinds, &self.facets);
        let written: Vec<(String, (SearchFile, Version))> = lists
            .into_par_iter()
            .map(|(name, ids)| {
                let file = script(&format!("search/f/{name}.js"), "f", &name, &ids);
                (name, file)
            })
            .collect();
        self.facet_versions.clear();
        for (name, (file, version)) in written {
            self.facet_versions.insert(name, version);
            files.push(file);
        }
        self.facet_counts = counts;
        let (firsts, dated_from) = date_firsts(&self.docs);
        let (file, version) = script("search/dates.js", "dates", &0, &firsts);
        files.push(file);
        self.dated_from = dated_from;
        self.dates_version = version;
    }

    fn meta_file(&self) -> SearchFile {
        let facet = |prefix: &str, count: usize| {
            joined((0..count).map(|n| {
                self.facet_versions
                    .get(&format!("{prefix}{n}"))
                    .copied()
                    .unwrap_or(NO_FILE)
            }))
        };
        let files = FileVersions {
            l: joined(self.lexicon.versions.iter().flatten().copied()),
            p: joined(self.postings.versions.iter().flatten().copied()),
            x: self
                .positions
                .versions
                .iter()
                .map(|chunks| joined(chunks.iter().copied()))
                .collect(),
            d: joined(self.group_versions.iter().copied()),
            k: facet("k", self.facet_counts.k.len()),
            t: facet("t", self.facet_counts.t.len()),
            a: facet("a", self.facet_counts.a.len()),
            dates: joined([self.dates_version]),
        };
        let weights = RankWeights::default();
        let meta = Meta {
            version: 3,
            documents: self.docs.len(),
            kinds: &self.kinds,
            topics: &self.facets.topics,
            actors: &self.facets.actors,
            stopwords: text::STOPWORDS,
            min_prefix: MIN_PREFIX_CHARS,
            lexicon: &self.lexicon.prefixes,
            postings: &self.postings.prefixes,
            positions: &self.positions.prefixes,
            positions_chunk: POSITIONS_CHUNK,
            positions_order: PositionsOrder::of(&weights),
            documents_from: encode::encode_ascending(self.groups.iter().map(|&s| s as u64)),
            facets: &self.facet_counts,
            dated_from: self.dated_from,
            rank: weights,
            files,
        };
        script("search/meta.js", "meta", &0, &meta).0
    }
}

/// Tokens touched by an update, each with the numbers of the files of its
/// shard it changed (`None`: maybe all).
type Touched = BTreeMap<String, Chunks>;

/// Which files of a shard to write: `None`, all.
type Chunks = Option<BTreeSet<usize>>;

/// Brings one key up to date after the entries `edited` changed, with their
/// new postings of it (`fresh`, sorted by id). Returns whether its postings
/// list changed, and which of its positions' chunks (`None`: no chunk;
/// `Some(None)`: maybe all of them).
fn update_key(
    data: &mut KeyData,
    edited: &[u32],
    fresh: &[Posting],
    order: &PositionsOrder,
) -> (bool, Option<Chunks>) {
    // The same entries with the same fields and counts: the list and the
    // rank order stay, and only the chunks holding those entries can change.
    let in_place = edited.iter().all(|&id| {
        let old = data
            .postings
            .binary_search_by_key(&id, |p| p.document)
            .ok()
            .map(|i| &data.postings[i]);
        let new = fresh.iter().find(|p| p.document == id);
        match (old, new) {
            (None, None) => true,
            (Some(o), Some(n)) => o.mask == n.mask && o.count == n.count,
            _ => false,
        }
    });
    if in_place {
        let mut hit = BTreeSet::new();
        for posting in fresh {
            let i = data
                .postings
                .binary_search_by_key(&posting.document, |p| p.document)
                .expect("the entry had the key");
            if data.postings[i].positions != posting.positions {
                data.postings[i].positions.clone_from(&posting.positions);
                let rank = data
                    .ranked
                    .iter()
                    .position(|&r| r as usize == i)
                    .expect("every posting is ranked");
                hit.insert(rank / POSITIONS_CHUNK);
            }
        }
        let mut changed = BTreeSet::new();
        for c in hit {
            let end = ((c + 1) * POSITIONS_CHUNK).min(data.ranked.len());
            let chunk = encode_chunk(&data.postings, &data.ranked[c * POSITIONS_CHUNK..end]);
            if chunk != data.chunks[c] {
                data.chunks[c] = chunk;
                changed.insert(c);
            }
        }
        return (false, (!changed.is_empty()).then_some(Some(changed)));
    }
    data.postings
        .retain(|p| edited.binary_search(&p.document).is_err());
    for posting in fresh {
        let at = data
            .postings
            .partition_point(|p| p.document < posting.document);
        data.postings.insert(at, posting.clone());
    }
    let (list, ranked, chunks) = encode_postings(&data.postings, order);
    let list_changed = list != data.list;
    let chunks_changed = chunks != data.chunks;
    data.list = list;
    data.ranked = ranked;
    data.chunks = chunks;
    (list_changed, chunks_changed.then_some(None))
}

/// Lays out one family (`map`'s tokens, sized by `size`, into shards of
/// about `limit` bytes) and writes shards with `encode`, which returns each
/// file it wrote with its number in the shard: every file of every shard
/// when `touched` is `None` or the layout moved, else the files a touched
/// token (present or gone) changed.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn write_family<V: Sync>(
    shards: &mut Shards,
    map: &BTreeMap<String, V>,
    size: impl Fn(&str, &V) -> usize,
    limit: usize,
    touched: Option<&Touched>,
    encode: impl Fn(usize, &[(&str, &V)], Option<&BTreeSet<usize>>) -> Vec<(usize, SearchFile, Version)>
    + Sync,
    files: &mut Vec<SearchFile>,
) {
    let layout_stands = touched.is_some_and(|tokens| {
        tokens
            .keys()
            .all(|t| shards.sizes.get(t).copied() == map.get(t).map(|v| size(t, v)))
    });
    let prefixes = if layout_stands {
        std::mem::take(&mut shards.prefixes)
    } else {
        let sizes: Vec<(&str, usize)> = map.iter().map(|(t, v)| (t.as_str(), size(t, v))).collect();
        let prefixes = shard::partition(&sizes, limit);
        match touched {
            // Only the touched tokens' sizes moved.
            Some(tokens) => {
                for token in tokens.keys() {
                    match map.get(token) {
                        Some(v) => shards.sizes.insert(token.clone(), size(token, v)),
                        None => shards.sizes.remove(token),
                    };
                }
            }
            None => shards.sizes = sizes.into_iter().map(|(t, n)| (t.to_owned(), n)).collect(),
        }
        prefixes
    };
    let redo: Vec<(usize, Vec<(&str, &V)>, Chunks)> = match touched {
        Some(tokens) if prefixes == shards.prefixes => {
            let mut parts: BTreeMap<usize, Chunks> = BTreeMap::new();
            for (token, chunks) in tokens {
                let Some(n) = shard::shard_of(&prefixes, token) else {
                    continue;
                };
                match (
                    parts.entry(n).or_insert_with(|| Some(BTreeSet::new())),
                    chunks,
                ) {
                    (Some(all), Some(these)) => all.extend(these),
                    (part, _) => *part = None,
                }
            }
            parts
                .into_iter()
                .map(|(n, chunks)| (n, members_of(map, &prefixes, n), chunks))
                .collect()
        }
        _ => {
            let mut members: Vec<Vec<(&str, &V)>> = vec![Vec::new(); prefixes.len()];
            for (token, value) in map {
                let n = shard::shard_of(&prefixes, token).expect("the layout covers every token");
                members[n].push((token.as_str(), value));
            }
            shards.versions = vec![Vec::new(); prefixes.len()];
            members
                .into_iter()
                .enumerate()
                .map(|(n, m)| (n, m, None))
                .collect()
        }
    };
    let written: Vec<(usize, bool, Vec<(usize, SearchFile, Version)>)> = redo
        .par_iter()
        .map(|(n, members, chunks)| (*n, chunks.is_none(), encode(*n, members, chunks.as_ref())))
        .collect();
    for (n, all, out) in written {
        let versions = &mut shards.versions[n];
        if all {
            versions.clear();
        }
        for (c, file, version) in out {
            if c >= versions.len() {
                versions.resize(c + 1, NO_FILE);
            }
            versions[c] = version;
            files.push(file);
        }
    }
    shards.prefixes = prefixes;
}

/// The tokens of shard `n`: those under its prefix that no longer prefix
/// claims.
fn members_of<'a, V>(
    map: &'a BTreeMap<String, V>,
    prefixes: &[String],
    n: usize,
) -> Vec<(&'a str, &'a V)> {
    let prefix = prefixes[n].as_str();
    map.range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
        .take_while(|(token, _)| token.starts_with(prefix))
        .filter(|(token, _)| shard::shard_of(prefixes, token) == Some(n))
        .map(|(token, value)| (token.as_str(), value))
        .collect()
}

/// Sorted (token, value) pairs, serialised as a JSON object: what a
/// `BTreeMap` of them would write, without building one.
struct Pairs<'a, V>(&'a [(&'a str, V)]);

impl<V: Serialize> Serialize for Pairs<'_, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}
