//! Tests of the index as the browser reads it: the files are decoded back
//! and looked up the way `search-index.js` (the browser's half) does.

use std::collections::BTreeSet;

use super::*;
use serde_json::Value;

fn doc(url: &str, kind: &str, title: &str, body: &str, date: Option<&str>) -> SearchDoc {
    SearchDoc {
        url: url.into(),
        kind: kind.into(),
        title: title.into(),
        body: body.into(),
        date: date.map(Into::into),
        ..SearchDoc::default()
    }
}

fn sample() -> (Vec<SearchDoc>, Facets) {
    let mut garcia = doc(
        "actors/garcia-harfuch.html",
        "actor",
        "Omar García Harfuch",
        "Secretary of Security and Citizen Protection.",
        None,
    );
    garcia.aliases = vec!["García Harfuch".into()];
    let mut transfers = doc(
        "briefs/transfers.html",
        "brief",
        "Extraditions and prisoner transfers",
        "Mexico sent 29 prisoners in February and 26 in August; García Harfuch announced \
         the extraditions. Earlier, 10,000 troops went to the border.",
        Some("2025-08"),
    );
    transfers.topics = vec!["extraditions".into()];
    transfers.actors = vec!["garcia-harfuch".into()];
    transfers.summary = "Two mass transfers of cartel figures to the United States.".into();
    let event = doc(
        "events/first-transfer.html",
        "event",
        "First transfer of 29 prisoners",
        "Mexico extradited 29 people, including Caro Quintero.",
        Some("2025-02-27"),
    );
    let facets = Facets {
        topics: vec![(
            "extraditions".into(),
            "Extraditions and prisoner transfers".into(),
        )],
        actors: vec![("garcia-harfuch".into(), "Omar García Harfuch".into())],
    };
    (vec![transfers, event, garcia], facets)
}

/// What a script registers: kind, key, data and the file's version.
struct Registered {
    kind: String,
    key: Value,
    data: Value,
    version: String,
}

fn registered(file: &SearchFile) -> Registered {
    let text = std::str::from_utf8(&file.bytes).unwrap();
    let inner = text
        .strip_prefix("briefbookSearch.add(")
        .and_then(|t| t.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{} is not one add() call", file.path));
    let Value::Array(parts) = serde_json::from_str(&format!("[{inner}]")).unwrap() else {
        unreachable!()
    };
    let [kind, key, data, version] = <[Value; 4]>::try_from(parts).expect("four arguments");
    Registered {
        kind: kind.as_str().unwrap().to_owned(),
        key,
        data,
        version: version.as_str().unwrap().to_owned(),
    }
}

struct Decoded {
    files: BTreeMap<String, Value>,
    meta: Value,
}

impl Decoded {
    fn build(docs: &[SearchDoc], facets: &Facets) -> Decoded {
        let files: BTreeMap<String, Value> = build_index(docs, facets)
            .iter()
            .map(|f| (f.path.clone(), registered(f).data))
            .collect();
        let meta = files["search/meta.js"].clone();
        Decoded { files, meta }
    }

    /// The entry with this id, from its group's file.
    fn document(&self, id: usize) -> &Value {
        let starts = encode::decode(self.meta["documents_from"].as_str().unwrap()).unwrap();
        let mut first = 0;
        let mut group = 0;
        for (n, delta) in starts.iter().enumerate() {
            if first + *delta as usize > id {
                break;
            }
            first += *delta as usize;
            group = n;
        }
        &self.files[&format!("search/d/{group}.js")][id - first]
    }

    fn prefixes(&self, family: &str) -> Vec<String> {
        serde_json::from_value(self.meta[family].clone()).unwrap()
    }

    fn shard(&self, family: &str, dir: &str, token: &str) -> &Value {
        let n = shard::shard_of(&self.prefixes(family), token).unwrap();
        &self.files[&format!("search/{dir}/{n}.js")]
    }

    /// The key a typed word's postings are filed under.
    fn key_of(&self, word: &str) -> Option<String> {
        let entry = self.shard("lexicon", "l", word).get(word)?;
        Some(match &entry[0] {
            Value::String(key) => key.clone(),
            _ => word.to_owned(),
        })
    }

    /// (entry url, mask) for each posting of a typed word.
    fn lookup(&self, word: &str) -> Vec<(String, u8)> {
        let Some(key) = self.key_of(word) else {
            return vec![];
        };
        let list = self.shard("postings", "p", &key)[&key].as_str().unwrap();
        let numbers = encode::decode(list).unwrap();
        let mut id = 0;
        numbers
            .chunks(2)
            .map(|pair| {
                id += pair[0];
                let url = self.document(id as usize)["u"].as_str().unwrap();
                (url.to_owned(), (pair[1] & 31) as u8)
            })
            .collect()
    }
}

#[test]
fn the_same_input_gives_byte_identical_files() {
    let (docs, facets) = sample();
    let mut reversed = docs.clone();
    reversed.reverse();
    assert_eq!(build_index(&docs, &facets), build_index(&reversed, &facets));
}

#[test]
fn accented_names_are_found_without_accents_and_kept_unstemmed() {
    let (docs, facets) = sample();
    let index = Decoded::build(&docs, &facets);
    assert_eq!(index.key_of("garcia").as_deref(), Some("garcia"));
    let hits = index.lookup("garcia");
    assert_eq!(hits.len(), 2);
    let actor = hits.iter().find(|(u, _)| u.starts_with("actors/")).unwrap();
    assert_eq!(
        actor.1 & (rank::TITLE | rank::ALIAS),
        rank::TITLE | rank::ALIAS
    );
}

#[test]
fn inflections_share_postings_through_the_stem() {
    let (docs, facets) = sample();
    let index = Decoded::build(&docs, &facets);
    assert_eq!(index.key_of("extraditions").as_deref(), Some("extradit"));
    assert_eq!(index.key_of("extradited").as_deref(), Some("extradit"));
    assert_eq!(index.lookup("extraditions").len(), 2);
}

#[test]
fn numbers_with_separators_are_one_token() {
    let (docs, facets) = sample();
    let index = Decoded::build(&docs, &facets);
    assert_eq!(index.lookup("10000").len(), 1);
    let with_29: Vec<_> = index.lookup("29").into_iter().map(|(u, _)| u).collect();
    assert_eq!(
        with_29,
        ["events/first-transfer.html", "briefs/transfers.html"]
    );
}

#[test]
fn entry_ids_follow_dates_with_undated_entries_first() {
    let (docs, facets) = sample();
    let index = Decoded::build(&docs, &facets);
    let url = |id: usize| index.document(id)["u"].clone();
    assert_eq!(url(0), "actors/garcia-harfuch.html");
    assert_eq!(url(1), "events/first-transfer.html");
    assert_eq!(url(2), "briefs/transfers.html");
    assert_eq!(index.meta["dated_from"], 1);
    assert_eq!(
        index.files["search/dates.js"],
        serde_json::json!([["2025-02-27", 1], ["2025-08-01", 2]])
    );
}

#[test]
fn topic_titles_and_dates_are_searchable_as_words() {
    let (docs, facets) = sample();
    let index = Decoded::build(&docs, &facets);
    let august = index.lookup("august");
    assert!(
        august
            .iter()
            .any(|(u, m)| u == "briefs/transfers.html" && m & rank::META != 0)
    );
    assert!(index.lookup("2025").len() == 2);
}

#[test]
fn facet_files_list_the_entries_of_each_value() {
    let (docs, facets) = sample();
    let index = Decoded::build(&docs, &facets);
    assert_eq!(index.meta["facets"]["k"], serde_json::json!([1, 1, 1, 0]));
    assert_eq!(index.meta["facets"]["t"], serde_json::json!([1]));
    let actor = encode::decode(index.files["search/f/a0.js"].as_str().unwrap()).unwrap();
    assert_eq!(actor, [2]);
}

#[test]
fn phrase_positions_do_not_cross_fields() {
    let d = doc(
        "briefs/x.html",
        "brief",
        "Security",
        "strategy security",
        None,
    );
    let index = Decoded::build(&[d], &Facets::default());
    let positions = |key: &str| {
        let n = shard::shard_of(&index.prefixes("positions"), key).unwrap();
        let list = index.files[&format!("search/x/{n}-0.js")][key]
            .as_str()
            .unwrap();
        encode::decode(list).unwrap()
    };
    let (security, strategy) = (positions("secur"), positions("strategi"));
    // Title "security" at 0; the body starts past a gap.
    assert_eq!(security[..2], [2, 0]);
    assert!(strategy[1] > 1, "{security:?} {strategy:?}");
}

#[test]
fn a_large_site_is_split_into_many_small_shards() {
    let docs: Vec<SearchDoc> = (0..400)
        .map(|i| {
            let body: String = (0..200)
                .map(|j| format!("word{} ", (i * 31 + j * 17) % 5000))
                .collect();
            doc(
                &format!("briefs/b{i}.html"),
                "brief",
                &format!("Brief {i}"),
                &body,
                None,
            )
        })
        .collect();
    let files = build_index(&docs, &Facets::default());
    let postings: Vec<&SearchFile> = files
        .iter()
        .filter(|f| f.path.starts_with("search/p/"))
        .collect();
    assert!(postings.len() > 5, "{} postings shards", postings.len());
    let largest = postings.iter().map(|f| f.bytes.len()).max().unwrap();
    assert!(
        largest < POSTINGS_SHARD_BYTES + 200,
        "largest shard {largest} bytes"
    );
}

/// The version `meta.js` lists for a file, by its path.
fn listed_version(meta: &Value, path: &str) -> String {
    let name = path
        .strip_prefix("search/")
        .unwrap()
        .strip_suffix(".js")
        .unwrap();
    let files = &meta["files"];
    let nth = |list: &Value, n: usize| {
        list.as_str().unwrap()[n * VERSION_CHARS..(n + 1) * VERSION_CHARS].to_owned()
    };
    let number = |s: &str| s.parse::<usize>().unwrap();
    match name.split_once('/') {
        None => files[name].as_str().unwrap().to_owned(),
        Some(("x", chunk)) => {
            let (n, c) = chunk.split_once('-').unwrap();
            nth(&files["x"][number(n)], number(c))
        }
        Some(("f", facet)) => nth(&files[&facet[..1]], number(&facet[1..])),
        Some((family, n)) => nth(&files[family], number(n)),
    }
}

#[test]
fn every_file_carries_its_own_version_and_meta_lists_it() {
    let (docs, facets) = sample();
    let files = build_index(&docs, &facets);
    let meta = registered(files.iter().find(|f| f.path == "search/meta.js").unwrap()).data;
    for file in &files {
        let r = registered(file);
        // What a file registers is named by its path, which is how
        // search-index.js finds it again: search/KIND/KEY.js, or
        // search/KIND.js with key 0.
        let name = file
            .path
            .strip_prefix("search/")
            .unwrap()
            .strip_suffix(".js")
            .unwrap();
        let (kind, key) = name.split_once('/').unwrap_or((name, "0"));
        assert_eq!(r.kind, kind, "{}", file.path);
        let registered_key = match &r.key {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        assert_eq!(registered_key, key, "{}", file.path);
        assert_eq!(r.version.len(), VERSION_CHARS);
        assert!(r.version.bytes().all(|b| encode::TERMINAL.contains(&b)));
        if file.path != "search/meta.js" {
            assert_eq!(
                listed_version(&meta, &file.path),
                r.version,
                "{}",
                file.path
            );
        }
    }

    // One word changed in one entry: the files holding it change, and with
    // them their versions in meta.js; every other file keeps its bytes.
    let mut edited = docs.clone();
    edited[1].body = edited[1].body.replace("Caro Quintero", "Caro Quinteros");
    let after: BTreeMap<String, Vec<u8>> = build_index(&edited, &facets)
        .into_iter()
        .map(|f| (f.path, f.bytes))
        .collect();
    let changed: Vec<&str> = files
        .iter()
        .filter(|f| after.get(&f.path) != Some(&f.bytes))
        .map(|f| f.path.as_str())
        .collect();
    assert!(changed.contains(&"search/meta.js"), "{changed:?}");
    assert!(
        changed.len() < files.len(),
        "{changed:?} of {}",
        files.len()
    );
    let new_meta = registered(&SearchFile {
        path: "search/meta.js".into(),
        bytes: after["search/meta.js"].clone(),
    })
    .data;
    for file in &files {
        if file.path != "search/meta.js" {
            let same = after.get(&file.path) == Some(&file.bytes);
            let listed_same =
                listed_version(&meta, &file.path) == listed_version(&new_meta, &file.path);
            assert_eq!(same, listed_same, "{}", file.path);
        }
    }
}

fn file_map(files: Vec<SearchFile>) -> BTreeMap<String, Vec<u8>> {
    files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// A site of `n` briefs, dated, with shared and rare words, long enough to
/// have several shards of each family and several groups of entries.
fn corpus(n: usize) -> (Vec<SearchDoc>, Facets) {
    let words = [
        "prisoner",
        "transfer",
        "extradition",
        "tariff",
        "border",
        "cartel",
        "security",
        "agreement",
        "fentanyl",
        "migration",
        "troops",
        "negotiation",
    ];
    let docs = (0..n)
        .map(|i| {
            let body: Vec<String> = (0..60)
                .map(|j| match (i * 7 + j * 13) % 5 {
                    0 => format!("rare{}", (i * 31 + j) % 97),
                    _ => words[(i + j * 5) % words.len()].to_owned(),
                })
                .collect();
            let mut d = doc(
                &format!("briefs/b{i:03}.html"),
                "brief",
                &format!("Brief {i} on {}", words[i % words.len()]),
                &body.join(" "),
                Some(&format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28)),
            );
            d.topics = vec![["security", "trade"][i % 2].to_owned()];
            d.actors = vec![format!("agent{}", i % 5)];
            d.summary = format!("Summary {i}.");
            d
        })
        .collect();
    let facets = Facets {
        topics: vec![
            ("security".into(), "Security".into()),
            ("trade".into(), "Trade".into()),
        ],
        actors: (0..5)
            .map(|a| (format!("agent{a}"), format!("Agent {a}")))
            .collect(),
    };
    (docs, facets)
}

/// Applies `edit` to a copy of `docs` in an index built from `docs`, and
/// checks the index's files are then a fresh build's, byte for byte.
/// Returns whether the update rebuilt the index whole.
fn update_matches_fresh_build(
    docs: &[SearchDoc],
    facets: &Facets,
    edit: impl Fn(&mut Vec<SearchDoc>),
) -> bool {
    let (mut index, files) = Index::build(docs.to_vec(), facets.clone());
    let mut files = file_map(files);
    let mut edited = docs.to_vec();
    edit(&mut edited);
    let changed: Vec<SearchDoc> = edited
        .iter()
        .filter(|d| !docs.contains(d))
        .cloned()
        .collect();
    let changes = index
        .update(changed, facets.clone())
        .expect("the entries are indexed");
    let whole = changes.whole;
    for file in changes.files {
        files.insert(file.path, file.bytes);
    }
    for path in changes.removed {
        assert!(files.remove(&path).is_some(), "{path} removed twice");
    }
    let fresh = file_map(build_index(&edited, facets));
    let differing: Vec<&String> = fresh
        .keys()
        .chain(files.keys())
        .filter(|p| files.get(*p) != fresh.get(*p))
        .collect();
    assert!(
        differing.is_empty(),
        "differ from a fresh build: {differing:?}"
    );
    whole
}

/// An edit of the entries, for [`update_matches_fresh_build`].
type Edit = dyn Fn(&mut Vec<SearchDoc>);

#[test]
fn an_edit_of_an_entry_updates_the_index_to_a_fresh_builds_bytes() {
    let (docs, facets) = corpus(150);
    let cases: Vec<(&str, bool, Box<Edit>)> = vec![
        (
            "a new word in a body",
            false,
            Box::new(|d| d[40].body.push_str(" zanzibarite")),
        ),
        (
            "a word taken out of a body",
            false,
            Box::new(|d| {
                d[41].body = d[41].body.replacen("prisoner", "", 1);
            }),
        ),
        (
            "the last of a rare word",
            false,
            Box::new(|d| {
                for doc in d.iter_mut() {
                    if doc.body.contains("rare5 ") {
                        doc.body = doc.body.replace("rare5 ", "");
                    }
                }
            }),
        ),
        (
            "a title",
            false,
            Box::new(|d| d[7].title = "Revised title of the extraditions".into()),
        ),
        // "summary" was only ever written capitalised, so it was filed as
        // itself; written in lower case once, it is filed under its stem.
        (
            "a word's key flipping",
            true,
            Box::new(|d| d[3].summary = "A new summary".into()),
        ),
        (
            "two entries at once",
            false,
            Box::new(|d| {
                d[3].summary = "Summary 3, revised.".into();
                d[120].body.insert_str(0, "Opening words. ");
            }),
        ),
        (
            "a body grown past its group",
            false,
            Box::new(|d| {
                d[60].body = "transfer ".repeat(3000);
            }),
        ),
        (
            "a date that keeps the entry's place",
            false,
            Box::new(|d| {
                // b000 is dated 2025-01-01, the earliest; a day earlier keeps it first.
                d[0].date = Some("2024-12-31".into());
            }),
        ),
        (
            "a date that reorders ids",
            true,
            Box::new(|d| d[5].date = Some("2031-01-01".into())),
        ),
        (
            "an accent written for the first time",
            true,
            Box::new(|d| {
                // "extradition" was filed under its stem, "extradit"; written
                // with an accent it is taken for a name, filed as itself.
                d[9].body.push_str(" extradítion");
            }),
        ),
        (
            "an entry's actors and topic",
            false,
            Box::new(|d| {
                d[11].actors = vec!["agent3".into(), "agent4".into()];
                d[11].topics = vec!["trade".into()];
            }),
        ),
    ];
    for (name, whole, edit) in cases {
        let was_whole = update_matches_fresh_build(&docs, &facets, edit);
        assert_eq!(was_whole, whole, "{name}: rebuilt whole");
    }
}

#[test]
fn an_update_with_nothing_changed_writes_nothing() {
    let (docs, facets) = corpus(20);
    let (mut index, _) = Index::build(docs.clone(), facets.clone());
    let changes = index.update(docs[..3].to_vec(), facets).unwrap();
    assert!(changes.files.is_empty() && changes.removed.is_empty());
}

#[test]
fn an_entry_the_index_does_not_have_is_left_to_a_whole_build() {
    let (docs, facets) = corpus(20);
    let (mut index, _) = Index::build(docs[1..].to_vec(), facets.clone());
    assert!(index.update(vec![docs[0].clone()], facets).is_none());
}

/// An edit of one entry of a large site encodes a handful of files again,
/// not the index.
#[test]
fn an_edit_encodes_only_the_files_it_touches() {
    let (docs, facets) = corpus(600);
    let (mut index, files) = Index::build(docs.clone(), facets.clone());
    let mut edited = docs[300].clone();
    edited.body.push_str(" zanzibarite");
    let changes = index.update(vec![edited], facets).unwrap();
    assert!(!changes.whole);
    let encoded: BTreeSet<&str> = changes
        .files
        .iter()
        .filter(|f| !f.path.starts_with("search/f/"))
        .map(|f| f.path.as_str())
        .collect();
    assert!(
        encoded.len() < 20,
        "{} of {} files encoded again: {encoded:?}",
        encoded.len(),
        files.len()
    );
}

#[test]
fn short_entries_share_a_file_and_long_ones_stay_alone() {
    let long = "word ".repeat(DOCUMENT_FILE_BYTES / 4);
    let docs: Vec<SearchDoc> = (0..7)
        .map(|i| {
            let body = if i == 3 { long.as_str() } else { "text" };
            let date = format!("2025-01-0{}", i + 1);
            doc(
                &format!("briefs/b{i}.html"),
                "brief",
                "Brief",
                body,
                Some(&date),
            )
        })
        .collect();
    let index = Decoded::build(&docs, &Facets::default());
    let sizes: Vec<usize> = (0..)
        .map_while(|g| index.files.get(&format!("search/d/{g}.js")))
        .map(|group| group.as_array().unwrap().len())
        .collect();
    // The three short entries before the long one share a file; the long
    // one is alone; the three after it share another.
    assert_eq!(sizes, [3, 1, 3]);
    assert_eq!(index.meta["documents_from"], "031");
    for id in 0..docs.len() {
        assert_eq!(index.document(id)["u"], format!("briefs/b{id}.html"));
    }
}

/// A phrase checked in a few entries of a large site loads a few chunks of
/// positions, not every position of its words (the dense 10,000-brief site
/// loaded 529 KB for `"prisoner transfer"` when positions were whole).
#[test]
fn positions_of_a_common_word_are_cut_into_chunks_of_postings() {
    let n = POSITIONS_CHUNK * 2 + 5;
    let docs: Vec<SearchDoc> = (0..n)
        .map(|i| {
            let body = format!("the prisoner transfer number {i} and another prisoner");
            doc(
                &format!("briefs/b{i:04}.html"),
                "brief",
                "Brief",
                &body,
                None,
            )
        })
        .collect();
    let index = Decoded::build(&docs, &Facets::default());
    let shard = shard::shard_of(&index.prefixes("positions"), "prison").unwrap();
    let chunk = |c: usize| -> Option<Vec<u64>> {
        let file = index.files.get(&format!("search/x/{shard}-{c}.js"))?;
        Some(encode::decode(file["prison"].as_str()?).unwrap())
    };
    // Each posting: the count of positions, then the positions as differences.
    // "prisoner" is the body's 1st and 6th word; the body starts at 5, past
    // the title, an empty summary and their gaps.
    let one_posting = [2, 5, 5];
    for c in 0..3 {
        let numbers = chunk(c).unwrap_or_else(|| panic!("chunk {c}"));
        let postings = if c < 2 { POSITIONS_CHUNK } else { 5 };
        assert_eq!(numbers.len(), postings * 3, "chunk {c}");
        assert!(numbers.chunks(3).all(|p| p == one_posting), "chunk {c}");
    }
    assert!(chunk(3).is_none());
    assert_eq!(index.meta["positions_chunk"], POSITIONS_CHUNK);
}

/// A word's positions are chunked best-ranked first, so a phrase checked in
/// its best candidates loads each word's first chunk only: entries with the
/// word in the title lead, however old, and ties go newest first.
#[test]
fn positions_are_chunked_in_rank_order() {
    let n = POSITIONS_CHUNK + 3;
    let docs: Vec<SearchDoc> = (0..n)
        .map(|i| {
            let title = if i < 3 { "Prisoner swap" } else { "Brief" };
            // The title entries' body "prisoner" comes later the newer they are.
            let body = match i {
                0..3 => format!("{}prisoner", "word ".repeat(i)),
                3 => "prisoner prisoner prisoner".to_owned(),
                _ => format!("a prisoner numbered {i}"),
            };
            doc(&format!("briefs/b{i:04}.html"), "brief", title, &body, None)
        })
        .collect();
    let index = Decoded::build(&docs, &Facets::default());
    let shard = shard::shard_of(&index.prefixes("positions"), "prison").unwrap();
    let chunk = |c: usize| -> Vec<Vec<u64>> {
        let file = &index.files[&format!("search/x/{shard}-{c}.js")];
        let numbers = encode::decode(file["prison"].as_str().unwrap()).unwrap();
        let mut postings = Vec::new();
        let mut rest = &numbers[..];
        while let [count, tail @ ..] = rest {
            let (positions, after) = tail.split_at(*count as usize);
            postings.push(positions.to_vec());
            rest = after;
        }
        postings
    };
    let (first, second) = (chunk(0), chunk(1));
    assert_eq!(first.len(), POSITIONS_CHUNK);
    assert_eq!(second.len(), 3);
    // The three title entries (ids 2, 1, 0: newest first), then the entry
    // saying it three times, then the others, newest first.
    assert!(first[..3].iter().all(|p| p[0] == 0), "{:?}", &first[..4]);
    assert!(first[0][1] > first[1][1] && first[1][1] > first[2][1]);
    assert_eq!(first[3].len(), 3);
    assert!(first[4..].iter().chain(&second).all(|p| p.len() == 1));

    // The browser sorts the postings the same way, with these weights.
    let order = &index.meta["positions_order"];
    assert_eq!(order["fields"][0], 12_000);
    assert_eq!(order["fields"][3], 0);
    assert_eq!(order["body"].as_array().unwrap().len(), 32);
}

/// Positions move in place (same words, same counts) in a later chunk of a
/// common word: only that chunk's file is encoded again, and it is a fresh
/// build's.
#[test]
fn positions_moved_in_a_later_chunk_match_a_fresh_build() {
    let (docs, facets) = corpus(POSITIONS_CHUNK + 300);
    let whole = update_matches_fresh_build(&docs, &facets, |d| {
        // Two words swapped keep every count but move positions.
        let body = &mut d[7].body;
        let swapped = body.replacen("tariff fentanyl", "fentanyl tariff", 1);
        assert_ne!(*body, swapped);
        *body = swapped;
    });
    assert!(!whole);

    // The edit did land in a later chunk: a chunk file past the first is
    // among those encoded again.
    let (mut index, _) = Index::build(docs.clone(), facets.clone());
    let mut edited = docs[7].clone();
    edited.body = edited
        .body
        .replacen("tariff fentanyl", "fentanyl tariff", 1);
    let changes = index.update(vec![edited], facets).unwrap();
    let chunks: Vec<&str> = changes
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.starts_with("search/x/"))
        .collect();
    assert!(chunks.iter().any(|p| !p.ends_with("-0.js")), "{chunks:?}");
}
