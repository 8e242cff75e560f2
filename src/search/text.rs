//! Text to search tokens: folding and tokenising.
//!
//! Invariant: these rules are the ones `themes/default/static/search-text.js`
//! applies to what the reader types, rule for rule; both sides are checked
//! against `tests/fixtures/search/tokenize-vectors.tsv`, so the index and the
//! query always cut and fold words the same way.
//!
//! The rules, in order:
//! - A word is a run of letters, digits and combining marks.
//! - A hyphen between two word characters joins a compound (`García-Harfuch`,
//!   `T-MEC`): each part is a token, and the parts run together are one more
//!   token at the first part's position, so `tmec` finds `T-MEC` and the
//!   query `garcia-harfuch` is the phrase of its parts.
//! - A comma between digits is a thousands separator and is dropped
//!   (`10,000` is `10000`); a full stop between digits stays (`3.5`).
//! - An apostrophe between letters is dropped (`O'Brien` is `obrien`), except
//!   a final `'s`, which is dropped with it (`Mexico's` is `mexico`).
//! - Single letters separated by full stops are an acronym (`U.S.` is `us`).
//! - Folding lower-cases, decomposes (NFKD) and drops combining marks, so
//!   `García` is `garcia` and `Peña` is `pena`.
//! - Stop words are dropped and take no position, so a quoted phrase matches
//!   across them (`"secretary of security"` is `secretary security`).
//! - Tokens longer than [`MAX_TOKEN_CHARS`] are dropped (hashes, URLs).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words too common to search for. Shipped to the browser in `meta.js`, so
/// this list is the only copy.
pub const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with",
];

/// Longer tokens are not indexed.
pub const MAX_TOKEN_CHARS: usize = 40;

/// One token of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The folded text.
    pub text: String,
    /// Position among the text's tokens; a joined compound shares its first
    /// part's position.
    pub position: u32,
    /// The token is a hyphenated compound's parts run together.
    pub joined: bool,
    /// The word began with an upper-case letter in the source.
    pub capitalised: bool,
    /// The word had a non-ASCII character before folding (`García`).
    pub non_ascii: bool,
}

/// Decomposes, lower-cases and strips combining marks. Decomposing comes
/// first: a compatibility character may decompose to a capital (`ℌ` → `H`,
/// `Ⅻ` → `XII`), which lower-casing first would leave capital.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let decomposed: String = s.nfkd().collect();
    decomposed
        .to_lowercase()
        .chars()
        .filter(|c| !is_combining_mark(*c))
        .collect()
}

/// The length of the longest stop word: most tokens are longer, and need
/// no search of the list.
const LONGEST_STOPWORD: usize = 5;

pub fn is_stopword(token: &str) -> bool {
    token.len() <= LONGEST_STOPWORD && STOPWORDS.binary_search(&token).is_ok()
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Calls `f` with each word of `text`: its hyphen-separated parts written
/// one after the other in a buffer, and where each part ends. The buffers
/// are reused from word to word, so cutting allocates nothing per word.
fn for_each_word(text: &str, f: impl FnMut(&str, &[usize])) {
    // ASCII text (most of it) is cut as bytes, with no copy as characters.
    if text.is_ascii() {
        words_of(text.as_bytes(), f);
    } else {
        words_of(&text.chars().collect::<Vec<char>>(), f);
    }
}

/// [`for_each_word`] over the characters `cs` (bytes when all are ASCII).
fn words_of<C: Copy + Into<char>>(cs: &[C], mut f: impl FnMut(&str, &[usize])) {
    let at = |i: usize| cs.get(i).map(|&c| c.into());
    let is_word_at = |i: usize| at(i).is_some_and(is_word_char);
    let is_letter_at = |i: usize| at(i).is_some_and(char::is_alphabetic);
    let is_digit_at = |i: usize| at(i).is_some_and(|c| c.is_ascii_digit());
    let mut parts = String::new();
    let mut ends: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        if !is_word_at(i) {
            i += 1;
            continue;
        }
        parts.clear();
        ends.clear();
        // The last character of the current part.
        let mut last: Option<char> = None;
        // Characters in the current part since the last acronym full stop.
        let mut piece = 0;
        loop {
            while let Some(c) = at(i).filter(|&c| is_word_char(c)) {
                parts.push(c);
                last = Some(c);
                piece += 1;
                i += 1;
            }
            let Some(c) = at(i) else { break };
            if is_hyphen(c) && is_word_at(i + 1) {
                ends.push(parts.len());
                last = None;
                piece = 0;
                i += 1;
            } else if (c == ',' || c == '.')
                && last.is_some_and(|l| l.is_ascii_digit())
                && is_digit_at(i + 1)
            {
                if c == '.' {
                    parts.push('.');
                    last = Some('.');
                }
                i += 1;
            } else if is_apostrophe(c)
                && last.is_some_and(char::is_alphabetic)
                && is_letter_at(i + 1)
            {
                if matches!(at(i + 1), Some('s' | 'S')) && !is_word_at(i + 2) {
                    i += 2;
                    break;
                }
                i += 1;
            } else if c == '.'
                && piece == 1
                && last.is_some_and(char::is_alphabetic)
                && is_letter_at(i + 1)
                && !is_word_at(i + 2)
            {
                piece = 0;
                i += 1;
            } else {
                break;
            }
        }
        ends.push(parts.len());
        f(&parts, &ends);
    }
}

/// A token lent to the caller of [`for_each_token`].
#[derive(Debug, Clone, Copy)]
pub struct TokenRef<'a> {
    pub text: &'a str,
    pub position: u32,
    pub joined: bool,
    pub capitalised: bool,
    pub non_ascii: bool,
}

/// Calls `f` with each token of `text`, in order, dropping stop words: what
/// [`tokenize`] returns, without allocating a string per token (the index
/// builder reads a whole site's text through here).
pub fn for_each_token(text: &str, mut f: impl FnMut(TokenRef)) {
    let mut position = 0u32;
    let mut folded = String::new();
    let mut joined = String::new();
    for_each_word(text, |parts, ends| {
        let first_position = position;
        let compound = ends.len() > 1;
        joined.clear();
        let mut all_capitalised = true;
        let mut any_non_ascii = false;
        let mut start = 0;
        for &end in ends {
            let part = &parts[start..end];
            start = end;
            let capitalised = part.chars().next().is_some_and(char::is_uppercase);
            let non_ascii = !part.is_ascii();
            folded.clear();
            // ASCII folds in place, and its length is its character count.
            let chars = if non_ascii {
                folded.push_str(&fold(part));
                folded.chars().count()
            } else {
                folded.push_str(part);
                folded.make_ascii_lowercase();
                folded.len()
            };
            if compound {
                joined.push_str(&folded);
            }
            all_capitalised &= capitalised;
            any_non_ascii |= non_ascii;
            if folded.is_empty() || chars > MAX_TOKEN_CHARS || is_stopword(&folded) {
                continue;
            }
            f(TokenRef {
                text: &folded,
                position,
                joined: false,
                capitalised,
                non_ascii,
            });
            position += 1;
        }
        if compound && !joined.is_empty() && joined.chars().count() <= MAX_TOKEN_CHARS {
            f(TokenRef {
                text: &joined,
                position: first_position,
                joined: true,
                capitalised: all_capitalised,
                non_ascii: any_non_ascii,
            });
        }
    });
}

/// Cuts `text` into folded tokens with positions, dropping stop words.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for_each_token(text, |t| {
        tokens.push(Token {
            text: t.text.to_owned(),
            position: t.position,
            joined: t.joined,
            capitalised: t.capitalised,
            non_ascii: t.non_ascii,
        });
    });
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_stop_word_is_longer_than_the_longest() {
        let longest = STOPWORDS.iter().map(|w| w.len()).max();
        assert_eq!(longest, Some(LONGEST_STOPWORD));
        assert!(STOPWORDS.is_sorted(), "binary search needs them sorted");
    }

    /// Renders tokens the way the vectors file writes them: `text@position`,
    /// a joined compound prefixed with `+`.
    fn render(tokens: &[Token]) -> String {
        tokens
            .iter()
            .map(|t| {
                format!(
                    "{}{}@{}",
                    if t.joined { "+" } else { "" },
                    t.text,
                    t.position
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn tokens_match_the_shared_vectors() {
        let vectors = include_str!("../../tests/fixtures/search/tokenize-vectors.tsv");
        let mut checked = 0;
        for line in vectors.lines().filter(|l| !l.is_empty()) {
            if let Some(list) = line.strip_prefix("#stopwords\t") {
                let listed: Vec<&str> = list.split(' ').collect();
                assert_eq!(listed, STOPWORDS, "the vectors' stop words are the index's");
                continue;
            }
            if line.starts_with('#') {
                continue;
            }
            let (input, expected) = line.split_once('\t').expect("input<TAB>tokens");
            let input = input.replace("\\t", "\t").replace("\\n", "\n");
            assert_eq!(render(&tokenize(&input)), expected, "tokenize({input:?})");
            checked += 1;
        }
        assert!(checked >= 20, "only {checked} vectors");
    }

    #[test]
    fn folding_removes_accents_and_case() {
        assert_eq!(fold("García"), "garcia");
        assert_eq!(fold("PEÑA"), "pena");
        assert_eq!(fold("Garci\u{301}a"), "garcia");
    }

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn capitalisation_and_accents_are_recorded_for_the_indexer() {
        let tokens = tokenize("García met officials");
        assert!(tokens[0].capitalised && tokens[0].non_ascii);
        assert!(!tokens[1].capitalised && !tokens[1].non_ascii);
    }
}
