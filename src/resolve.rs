//! Checks every reference between entries and builds the backlinks: which
//! briefs and events mention an actor, which briefs cite an event, which
//! places cite a source.
//!
//! After this stage every id an entry names is known to exist with the right
//! kind; pages look them up without further checks.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::{Code, Diagnostic, SourceFile, suggest};
use crate::markdown::Rendered;
pub use crate::model::{Backlink, Backlinks};
use crate::model::{Config, Entry, FileRole, Id, Kind, Meta, Parsed, Ref};

/// Reports ids used by two files. Returns, per id, the index of the entry
/// that keeps it (the first by path).
pub fn check_unique_ids(
    entries: &[Entry],
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<String, usize> {
    let mut by_id: HashMap<String, usize> = HashMap::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        if e.role == FileRole::Home {
            continue;
        }
        if let Some(&first) = by_id.get(e.id.as_str()) {
            // Both files are named: this one by its place, the first in the
            // message and the hint, since either may be the one to rename.
            let first = entries[first]
                .file
                .path
                .display()
                .to_string()
                .replace('\\', "/");
            diagnostics.push(
                e.file
                    .error(0, 0, format!("the id `{}` is already used by {first}", e.id))
                    .with_hint(format!("an id is a file name without `.md`, unique across briefs, actors, events, sources and their subfolders: rename this file or {first}"))
                    .with_code(Code::DuplicateId),
            );
        } else {
            by_id.insert(e.id.to_string(), i);
        }
    }
    by_id
}

/// Checks the ids in every entry's front-matter.
/// `unparsed` holds the ids of files whose front-matter could not be read:
/// they exist, their own errors are reported, and references to them are not.
pub fn check_references(
    entries: &[Entry],
    ids: &HashMap<String, usize>,
    unparsed: &std::collections::HashSet<String>,
    withheld: &std::collections::HashSet<String>,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let ids_of = |kind: Kind| -> Vec<&str> {
        let mut v: Vec<&str> = ids
            .iter()
            .filter(|(_, i)| entries[**i].kind() == Some(kind))
            .map(|(id, _)| id.as_str())
            .collect();
        v.sort_unstable();
        v
    };
    let by_kind: BTreeMap<Kind, Vec<&str>> = Kind::ALL.iter().map(|&k| (k, ids_of(k))).collect();
    let topics: Vec<&str> = config.topics.iter().map(|t| t.id.as_str()).collect();
    for e in entries {
        let p = &e.parsed;
        let mut check = |r: &Ref, kind: Kind| {
            let ok = ids
                .get(&r.id)
                .is_some_and(|&i| entries[i].kind() == Some(kind));
            if ok || unparsed.contains(&r.id) {
                return;
            }
            diagnostics.push(if withheld.contains(&r.id) {
                internal_reference(&e.file, r.offset, r.id.len(), &r.id)
            } else {
                unknown(e, r, kind.name(), &by_kind[&kind])
            });
        };
        p.actors.iter().for_each(|r| check(r, Kind::Actor));
        p.events.iter().for_each(|r| check(r, Kind::Event));
        p.sources.iter().for_each(|r| check(r, Kind::Source));
        for f in &p.figures {
            let r = Ref {
                id: f.source.clone(),
                offset: find_after(&e.file.text, f.offset, &f.source),
            };
            check(&r, Kind::Source);
        }
        let topic_refs: Vec<&Ref> = match &p.meta {
            Meta::Brief { topic, .. } => vec![topic],
            Meta::Event { topics, .. } => topics.iter().collect(),
            _ => Vec::new(),
        };
        for r in topic_refs {
            if !topics.contains(&r.id.as_str()) {
                diagnostics.push(unknown(e, r, "topic", &topics).with_hint(
                    match suggest(&r.id, topics.iter().copied()) {
                        Some(s) => {
                            format!("did you mean `{s}`? The topics are set in briefbook.toml")
                        }
                        None => format!("the topics in briefbook.toml are: {}", topics.join(", ")),
                    },
                ));
            }
        }
    }
}

fn find_after(text: &str, from: usize, needle: &str) -> usize {
    let start = text[..from].rfind("- label").unwrap_or(from);
    text[start..].find(needle).map_or(from, |i| start + i)
}

/// A reference, at `offset` in `file`, to an entry that the public edition
/// leaves out (it is marked `internal: true`).
pub fn internal_reference(file: &SourceFile, offset: usize, len: usize, id: &str) -> Diagnostic {
    file.error(
        offset,
        len,
        format!("`{id}` is internal: the public edition leaves it out"),
    )
    .with_hint("remove the reference from public text, move it into an ```internal block, or build with `--edition internal`")
    .with_code(Code::InternalReference)
}

fn unknown(e: &Entry, r: &Ref, what: &str, known: &[&str]) -> Diagnostic {
    let code = match what {
        "actor" => Code::UnknownActor,
        "event" => Code::UnknownEvent,
        "source" => Code::UnknownSource,
        _ => Code::UnknownTopic,
    };
    let d = e
        .file
        .error(r.offset, r.id.len(), format!("unknown {what} `{}`", r.id))
        .with_code(code);
    match suggest(&r.id, known.iter().copied()) {
        Some(s) => d.with_hint(format!("did you mean `{s}`?")),
        // A placeholder such as `SOURCE-ID` cannot be created as it stands.
        None if Id::parse(&r.id).is_err() => d.with_hint(format!(
            "write the id of a {what}: its file name without `.md`, in lower-case letters, digits and single hyphens"
        )),
        None => d.with_hint(format!(
            "no {what} has this id; create it with `briefbook new {what} {}`",
            r.id
        )),
    }
}

/// Builds every backlink in one pass over the entries.
pub fn build_backlinks(
    entries: &[Entry],
    rendered: &[Rendered],
    ids: &HashMap<String, usize>,
) -> Backlinks {
    let mut b = Backlinks::default();
    for (from, (e, r)) in entries.iter().zip(rendered).enumerate() {
        add_backlinks(&mut b, from, e, r, ids);
    }
    b
}

/// Adds the backlinks of entry `from` (`e`, rendered as `r`) at the end of
/// each list: adding the entries in order keeps the lists in entry order.
pub fn add_backlinks(
    b: &mut Backlinks,
    from: usize,
    e: &Entry,
    r: &Rendered,
    ids: &HashMap<String, usize>,
) {
    let mut mentions: BTreeMap<usize, Vec<std::sync::Arc<str>>> = BTreeMap::new();
    for m in &r.mentions {
        if let Some(&to) = ids.get(&m.actor) {
            let list = mentions.entry(to).or_default();
            if list.len() < 3 && !list.contains(&m.sentence) {
                list.push(m.sentence.clone());
            }
        }
    }
    for (to, excerpts) in mentions {
        b.mentioned_in.entry(to).or_default().push(Backlink {
            from,
            excerpts,
            notes: Vec::new(),
        });
    }
    let mut cites: BTreeMap<usize, Backlink> = BTreeMap::new();
    for c in &r.citations {
        if let Some(&to) = ids.get(&c.source) {
            let link = cites.entry(to).or_insert_with(|| Backlink {
                from,
                excerpts: Vec::new(),
                notes: Vec::new(),
            });
            if let Some(q) = &c.quote
                && !link.excerpts.iter().any(|e| **e == **q)
            {
                link.excerpts.push(q.as_str().into());
            }
            if !link.notes.contains(&c.number) {
                link.notes.push(c.number);
            }
        }
    }
    for f in &e.parsed.figures {
        if let Some(&to) = ids.get(&f.source) {
            let link = cites.entry(to).or_insert_with(|| Backlink {
                from,
                excerpts: Vec::new(),
                notes: Vec::new(),
            });
            if !link.excerpts.iter().any(|e| **e == *f.quote) {
                link.excerpts.push(f.quote.as_str().into());
            }
        }
    }
    for (to, link) in cites {
        b.cited_in.entry(to).or_default().push(link);
    }
    let listed = listed_ids(&e.parsed, r);
    for id in listed {
        if let Some(&to) = ids.get(id)
            && to != from
        {
            let list = b.listed_in.entry(to).or_default();
            if list.last() != Some(&from) {
                list.push(from);
            }
        }
    }
}

/// Ids an entry names in its front-matter lists or links to with `[[id]]`.
fn listed_ids<'a>(p: &'a Parsed, r: &'a Rendered) -> Vec<&'a str> {
    let mut v: Vec<&str> = p
        .actors
        .iter()
        .chain(&p.events)
        .chain(&p.sources)
        .map(|r| r.id.as_str())
        .chain(r.links.iter().map(String::as_str))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}
