//! Shard layout: which index file holds which token.
//!
//! Tokens are grouped by prefix so that the browser loads only the files of
//! the words typed. A shard is named by a prefix; a token lives in the shard
//! of the longest shard prefix it starts with. A prefix whose tokens exceed
//! the size limit gives its largest next-character groups shards of their
//! own, recursively, until what stays is under the limit.
//!
//! Invariants: every token has exactly one shard ([`shard_of`]); a shard is
//! over the limit only when it cannot be cut further (its tokens are one
//! token, or the prefix itself); the layout depends only on the sorted input.

/// Cuts `items` (token and its size in bytes, sorted by token, tokens
/// distinct) into shard prefixes, returned sorted.
pub fn partition<S: AsRef<str>>(items: &[(S, usize)], limit: usize) -> Vec<String> {
    debug_assert!(
        items.windows(2).all(|w| w[0].0.as_ref() < w[1].0.as_ref()),
        "sorted, distinct"
    );
    let mut prefixes = Vec::new();
    if !items.is_empty() {
        split(items, "", limit, &mut prefixes);
    }
    prefixes.sort();
    prefixes
}

/// A next-character group: its prefix, its items and their total size.
type Group<'a, S> = (String, &'a [(S, usize)], usize);

fn split<S: AsRef<str>>(items: &[(S, usize)], prefix: &str, limit: usize, out: &mut Vec<String>) {
    let total: usize = items.iter().map(|(_, size)| size).sum();
    if total <= limit {
        out.push(prefix.to_owned());
        return;
    }
    // Group the tokens longer than the prefix by their next character; the
    // groups are contiguous because the items are sorted.
    let mut groups: Vec<Group<S>> = Vec::new();
    let mut start = 0;
    while start < items.len() {
        let Some(next) = items[start].0.as_ref()[prefix.len()..].chars().next() else {
            start += 1;
            continue;
        };
        let child = format!("{prefix}{next}");
        let end = start + items[start..].partition_point(|(t, _)| t.as_ref().starts_with(&child));
        let size = items[start..end].iter().map(|(_, s)| s).sum();
        groups.push((child, &items[start..end], size));
        start = end;
    }
    // Largest first; ties by prefix so the layout is deterministic.
    groups.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    let mut remainder = total;
    let mut promoted = 0;
    for (child, child_items, size) in &groups {
        if remainder <= limit {
            break;
        }
        split(child_items, child, limit, out);
        remainder -= size;
        promoted += 1;
    }
    let kept_tokens = items.len() - groups[..promoted].iter().map(|g| g.1.len()).sum::<usize>();
    if kept_tokens > 0 {
        out.push(prefix.to_owned());
    }
}

/// The index in `prefixes` (sorted) of the shard holding `token`: the longest
/// prefix it starts with.
pub fn shard_of(prefixes: &[String], token: &str) -> Option<usize> {
    // Every character boundary, longest prefix first, without allocating:
    // an index update asks this of every token of a shard it writes.
    std::iter::once(token.len())
        .chain(token.char_indices().rev().map(|(i, _)| i))
        .find_map(|end| {
            prefixes
                .binary_search_by(|p| p.as_str().cmp(&token[..end]))
                .ok()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(tokens: &[(&str, usize)]) -> Vec<(String, usize)> {
        let mut v: Vec<_> = tokens.iter().map(|(t, s)| (t.to_string(), *s)).collect();
        v.sort();
        v
    }

    #[test]
    fn a_small_index_is_one_shard() {
        let layout = partition(&items(&[("garcia", 10), ("harfuch", 10)]), 100);
        assert_eq!(layout, vec![String::new()]);
        assert_eq!(shard_of(&layout, "garcia"), Some(0));
    }

    #[test]
    fn a_large_prefix_is_split_by_next_character() {
        let layout = partition(
            &items(&[
                ("sea", 40),
                ("security", 40),
                ("senate", 40),
                ("tariff", 10),
                ("trade", 10),
            ]),
            50,
        );
        // "sen" is small enough to stay with what is left of "se".
        assert_eq!(layout, vec!["", "se", "sea", "sec"]);
        assert_eq!(layout[shard_of(&layout, "senate").unwrap()], "se");
        assert_eq!(layout[shard_of(&layout, "security").unwrap()], "sec");
        assert_eq!(layout[shard_of(&layout, "trade").unwrap()], "");
    }

    #[test]
    fn every_token_has_one_shard_and_shards_respect_the_limit() {
        let words: Vec<(String, usize)> = {
            let mut v: Vec<_> = (0..3000u32)
                .map(|i| {
                    (
                        format!("w{}{}", (b'a' + (i % 26) as u8) as char, i * 7919 % 10007),
                        9,
                    )
                })
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let limit = 400;
        let layout = partition(&words, limit);
        let mut sizes = vec![0; layout.len()];
        for (token, size) in &words {
            let shard = shard_of(&layout, token).expect("every token has a shard");
            assert!(token.starts_with(&layout[shard]));
            sizes[shard] += size;
        }
        assert!(sizes.iter().all(|&s| s > 0 && s <= limit), "{sizes:?}");
    }

    #[test]
    fn an_oversized_single_token_keeps_its_own_shard() {
        let layout = partition(&items(&[("the", 500), ("them", 10), ("x", 10)]), 100);
        assert_eq!(layout[shard_of(&layout, "the").unwrap()], "the");
        // Its small neighbours are cut away, so looking them up stays cheap.
        assert_eq!(layout[shard_of(&layout, "them").unwrap()], "them");
    }

    #[test]
    fn non_ascii_tokens_are_cut_on_character_boundaries() {
        let layout = partition(&items(&[("ærø", 60), ("æble", 60), ("ø", 60)]), 70);
        for token in ["ærø", "æble", "ø"] {
            assert!(shard_of(&layout, token).is_some());
        }
    }
}
