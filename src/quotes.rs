//! The quotation check: every quotation must occur in its source's archived
//! text. Both sides are compared after folding case, runs of whitespace,
//! curly and straight quotes, dashes and ellipses, and nothing else.

use std::sync::OnceLock;

pub use crate::model::Archive;
use crate::numbers::NumberSet;

/// Folds text for comparing quotations.
pub fn fold_quote(s: &str) -> String {
    fold_quote_mapped(s).0
}

/// [`fold_quote`], with, for every byte of the folded text, the byte
/// offset in `s` of the character it came from (a space standing for a run
/// of whitespace maps to the run's first character).
pub fn fold_quote_mapped(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut origin = Vec::with_capacity(s.len());
    let mut space: Option<usize> = None;
    for (at, c) in s.char_indices() {
        if c.is_whitespace() {
            space = space.or(Some(at));
            continue;
        }
        if let Some(first) = space.take()
            && !out.is_empty()
        {
            out.push(' ');
            origin.push(first);
        }
        let before = out.len();
        match c {
            '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' => out.push('\''),
            '“' | '”' | '„' | '‟' | '″' => out.push('"'),
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => out.push('-'),
            '…' => out.push_str("..."),
            // The same as below, without the general case's iterator.
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            _ => out.extend(c.to_lowercase()),
        }
        origin.resize(origin.len() + (out.len() - before), at);
    }
    (out, origin)
}

impl Archive {
    pub fn new(text: String) -> Self {
        Archive {
            folded: fold_quote(&text),
            original: text,
            numbers: OnceLock::new(),
        }
    }

    /// Every number the text holds, normalised (see [`crate::numbers`]).
    pub fn numbers(&self) -> &NumberSet {
        self.numbers
            .get_or_init(|| NumberSet::of_text(&self.original))
    }

    pub fn contains(&self, quote: &str) -> bool {
        memchr::memmem::find(self.folded.as_bytes(), fold_quote(quote).as_bytes()).is_some()
    }

    /// The passage of the source most like `quote`: the window of as many
    /// words that shares the most words with it, for the error's hint.
    pub fn closest_passage(&self, quote: &str) -> String {
        let wanted: Vec<String> = fold_quote(quote)
            .split(' ')
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
            .collect();
        let words: Vec<&str> = self.original.split_whitespace().collect();
        let n = wanted.len().max(1);
        if words.is_empty() {
            return String::new();
        }
        let norm: Vec<String> = words
            .iter()
            .map(|w| {
                fold_quote(w)
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_string()
            })
            .collect();
        let mut best = (0usize, 0usize);
        for start in 0..words.len().saturating_sub(n - 1).max(1) {
            let end = (start + n).min(words.len());
            let score = norm[start..end]
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let positional = wanted.get(i) == Some(w);
                    usize::from(wanted.contains(w)) * 2 + usize::from(positional)
                })
                .sum::<usize>();
            if score > best.0 {
                best = (score, start);
            }
        }
        let end = (best.1 + n).min(words.len());
        words[best.1..end].join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_space_quotes_and_dashes() {
        assert_eq!(fold_quote("It’s  “Big”\n—now"), "it's \"big\" -now");
        let a = Archive::new("He said: “approval rates at around 82 per cent”.".into());
        assert!(a.contains("Approval rates at  around 82 per cent"));
        assert!(!a.contains("approval rates near 82 per cent"));
    }

    #[test]
    fn closest_passage_finds_the_near_miss() {
        let a = Archive::new(
            "one two three. The cartel sent 29 members to the U.S. on Thursday.".into(),
        );
        assert_eq!(
            a.closest_passage("sent 92 members to the U.S."),
            "sent 29 members to the U.S."
        );
    }
}
