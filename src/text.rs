//! Small text utilities shared by several stages: heading slugs, accent and
//! case folding with a map back to the original text, first sentences.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-cases a character and strips its accents: `É` becomes `e`.
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for d in std::iter::once(c).nfd() {
        if !is_combining_mark(d) {
            out.extend(d.to_lowercase());
        }
    }
}

/// Text folded for matching names, with, for every byte of the folded text,
/// the byte offset in the original it came from.
pub struct Folded {
    pub text: String,
    pub origin: Vec<usize>,
}

impl Folded {
    pub fn new(original: &str) -> Self {
        // Most runs of text are ASCII: each byte folds to one byte.
        if original.is_ascii() {
            return Folded {
                text: original.to_ascii_lowercase(),
                origin: (0..=original.len()).collect(),
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        for (i, c) in original.char_indices() {
            if c.is_ascii() {
                text.push(c.to_ascii_lowercase());
                origin.push(i);
                continue;
            }
            let before = text.len();
            fold_char(c, &mut text);
            origin.resize(origin.len() + (text.len() - before), i);
        }
        origin.push(original.len());
        Folded { text, origin }
    }

    /// The original byte range of a folded byte range.
    pub fn original_range(&self, start: usize, end: usize, original: &str) -> (usize, usize) {
        let s = self.origin[start];
        // The end maps to the start of the character after the match.
        let e = if end < self.origin.len() - 1 {
            self.origin[end]
        } else {
            original.len()
        };
        (s, e.max(s))
    }
}

/// Folds a whole string (see [`fold_char`]).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// A URL fragment from a heading: folded, alphanumerics kept, the rest
/// collapsed into single hyphens. Stable across rebuilds.
pub fn slugify(s: &str) -> String {
    let mut slug = String::new();
    for c in fold(s).chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// Words before a full stop that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "st", "jr", "sr", "lt", "col", "gov", "pres",
    "sec", "dept", "vs", "approx", "inc", "co", "corp", "fig", "vol", "p", "pp",
];

/// Where a sentence ends if the `.`, `?` or `!` at byte `i` of `text` ends
/// one: just after it and any closing quotes or brackets, when a space or
/// the end of the text follows and the next word does not start in lower
/// case. Whether a full stop closes an abbreviation is asked apart
/// ([`closes_abbreviation`]).
pub fn sentence_break(text: &str, i: usize) -> Option<usize> {
    if !matches!(text.as_bytes().get(i), Some(b'.' | b'?' | b'!')) {
        return None;
    }
    let after = &text[i + 1..];
    let closing = after
        .find(|c: char| !matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '*' | '_'))
        .unwrap_or(after.len());
    let rest = &after[closing..];
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    if rest
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
    {
        return None;
    }
    Some(i + 1 + closing)
}

/// Whether the full stop at byte `i` closes an abbreviation rather than a
/// sentence: a single letter (`J.`), a word with a full stop inside
/// (`U.S.`, `e.g.`) or a common short form (`Gen.`, `Dr.`).
pub fn closes_abbreviation(text: &str, i: usize) -> bool {
    let word = text[..i]
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let bare = word.trim_start_matches(['"', '“', '‘', '\'']);
    bare.chars().count() == 1 && bare.chars().all(char::is_alphabetic)
        || bare.contains('.')
        || ABBREVIATIONS.contains(&bare.to_lowercase().as_str())
}

/// Where the sentence that the punctuation at byte `i` would close ends,
/// if it does ([`sentence_break`], and not after an abbreviation).
fn sentence_end(text: &str, i: usize) -> Option<usize> {
    let end = sentence_break(text, i)?;
    (text.as_bytes()[i] != b'.' || !closes_abbreviation(text, i)).then_some(end)
}

/// The sentences of a plain text, for excerpts: each `(punctuation, end)`
/// where [`sentence_end`] ends one, except inside a quotation (between `“`
/// and its `”`), so that a quoted “Mora. CRISIS GROUP” stays whole.
pub fn sentence_ends(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut ends = Vec::new();
    let mut open = 0usize;
    let mut counted = 0;
    // Only the punctuation is looked at (memchr: a brief's whole text
    // passes through here), and the quotes before it counted on the way.
    for i in memchr::memchr3_iter(b'.', b'?', b'!', bytes) {
        open = quotes_open(&bytes[counted..i], open);
        counted = i;
        let Some(end) = sentence_end(text, i) else {
            continue;
        };
        // The quotes that close right after the punctuation count.
        if quotes_open(&bytes[i..end], open) == 0 {
            ends.push((i, end));
        }
    }
    ends
}

/// How many quotations are open after `bytes`, `open` being open before:
/// `“` (E2 80 9C) opens one, `”` (E2 80 9D) closes one.
fn quotes_open(bytes: &[u8], mut open: usize) -> usize {
    for j in memchr::memchr_iter(0xE2, bytes) {
        match bytes.get(j + 1..j + 3) {
            Some([0x80, 0x9C]) => open += 1,
            Some([0x80, 0x9D]) => open = open.saturating_sub(1),
            _ => {}
        }
    }
    open
}

/// The first sentence of a plain text, for cards and summaries (see
/// [`sentence_ends`]; a full stop in the first 21 bytes does not count).
pub fn first_sentence(text: &str) -> String {
    let text = text.trim();
    match sentence_ends(text).into_iter().find(|&(i, _)| i > 20) {
        Some((_, end)) => text[..end].to_string(),
        None => truncate_words(text, 200),
    }
}

/// The sentence of `text` around byte `at`, given `text`'s
/// [`sentence_ends`].
pub fn sentence_at(text: &str, ends: &[(usize, usize)], at: usize) -> String {
    let at = at.min(text.len());
    let start = ends
        .iter()
        .rev()
        .find(|&&(_, end)| end <= at)
        .map_or(0, |&(_, end)| end);
    let end = ends
        .iter()
        .find(|&&(i, _)| i >= at)
        .map_or(text.len(), |&(_, end)| end);
    let sentence = tidy_spacing(text[start..end].trim());
    truncate_words(&sentence, 300)
}

/// The sentence of `text` around byte `at`.
pub fn sentence_around(text: &str, at: usize) -> String {
    sentence_at(text, &sentence_ends(text), at)
}

/// The punctuation [`tidy_spacing`] removes the spaces before.
pub fn closes_up(b: u8) -> bool {
    matches!(b, b'.' | b',' | b';' | b':' | b'!' | b'?' | b')')
}

/// Removes the spaces that removed citations leave before punctuation.
pub fn tidy_spacing(text: &str) -> String {
    // Byte by byte: what it looks at and removes is ASCII, which no byte
    // of another character's UTF-8 can be.
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    for &b in text.as_bytes() {
        if closes_up(b) {
            while out.last() == Some(&b' ') {
                out.pop();
            }
        } else if b == b' ' && out.last() == Some(&b' ') {
            continue;
        }
        out.push(b);
    }
    String::from_utf8(out).expect("only ASCII spaces were removed from UTF-8")
}

/// At most `max` bytes, cut at a word boundary, with an ellipsis if cut.
pub fn truncate_words(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let cut = text[..cut].rfind(' ').unwrap_or(cut);
    format!("{}…", text[..cut].trim_end())
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let Ok(()) = escape_html_with(s, |piece| {
        out.push_str(piece);
        Ok::<(), std::convert::Infallible>(())
    });
    out
}

/// [`escape_html`] handing its output to `piece` a run at a time: the
/// runs of `s` between the characters it escapes, and the entities standing
/// for those (`& < > " '`). Templates escape their values with it
/// ([`crate::templates`]).
pub fn escape_html_with<E>(s: &str, mut piece: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let bytes = s.as_bytes();
    let mut from = 0;
    // The next of the five, found with memchr's vector search (most
    // values hold none): the first of `& < >` and the first of `" '`.
    let mut markup = memchr::memchr3(b'&', b'<', b'>', bytes);
    let mut quote = memchr::memchr2(b'"', b'\'', bytes);
    loop {
        let i = match (markup, quote) {
            (Some(m), Some(q)) => m.min(q),
            (Some(i), None) | (None, Some(i)) => i,
            (None, None) => break,
        };
        let entity = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        // `i` is at an ASCII byte, so on a character boundary.
        piece(&s[from..i])?;
        piece(entity)?;
        from = i + 1;
        if markup == Some(i) {
            markup = memchr::memchr3(b'&', b'<', b'>', &bytes[from..]).map(|at| at + from);
        }
        if quote == Some(i) {
            quote = memchr::memchr2(b'"', b'\'', &bytes[from..]).map(|at| at + from);
        }
    }
    piece(&s[from..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_strips_accents_and_case() {
        assert_eq!(fold("García Harfuch"), "garcia harfuch");
        assert_eq!(fold("ÑOÑO"), "nono");
    }

    #[test]
    fn folded_offsets_map_back_to_original() {
        let original = "Omar García Harfuch said";
        let folded = Folded::new(original);
        let start = folded.text.find("garcia harfuch").unwrap();
        let (s, e) = folded.original_range(start, start + "garcia harfuch".len(), original);
        assert_eq!(&original[s..e], "García Harfuch");
        // ASCII text folds byte for byte, on its own or beside accents.
        let ascii = Folded::new("Omar Said");
        assert_eq!(ascii.text, "omar said");
        assert_eq!(ascii.origin, (0..=9).collect::<Vec<_>>());
        let mixed = Folded::new("Él Said");
        assert_eq!(mixed.text, "el said");
        assert_eq!(mixed.origin, [0, 2, 3, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn slugs_are_stable_and_ascii() {
        assert_eq!(slugify("What to watch — next?"), "what-to-watch-next");
        assert_eq!(slugify("Sheinbaum’s plan"), "sheinbaum-s-plan");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn sentence_around_finds_the_enclosing_sentence() {
        let t = "First one here. The actor García acted. Last.";
        assert_eq!(
            sentence_around(t, t.find("García").unwrap()),
            "The actor García acted."
        );
        // Not cut at an abbreviation, a lower-case word or a closing quote.
        let t = "It began in 2025. Gen. Guillot, head of U.S. Northern Command, \
                 said “enough.” and left. Then?";
        assert_eq!(
            sentence_around(t, t.find("Guillot").unwrap()),
            "Gen. Guillot, head of U.S. Northern Command, said “enough.” and left."
        );
        // Nor inside a quotation.
        let t = "A credit reads “David Mora. CRISIS GROUP” under it. Next one.";
        assert_eq!(
            sentence_around(t, t.find("CRISIS").unwrap()),
            "A credit reads “David Mora. CRISIS GROUP” under it."
        );
        assert_eq!(sentence_around(t, t.find("Next").unwrap()), "Next one.");
    }

    #[test]
    fn first_sentences_run_past_abbreviations_and_keep_closing_quotes() {
        assert_eq!(
            first_sentence(
                "A commentary that weighs the threat of U.S. military action on \
                 Mexican soil. A second sentence."
            ),
            "A commentary that weighs the threat of U.S. military action on Mexican soil."
        );
        assert_eq!(
            first_sentence("The minister said the plan was “finished.” Others disagreed."),
            "The minister said the plan was “finished.”"
        );
        // Full stops in the first 21 bytes, and text with no full stop.
        assert_eq!(
            first_sentence("Dr. No. Is a film about a villain. Yes."),
            "Dr. No. Is a film about a villain."
        );
        assert_eq!(first_sentence("  no stop at all  "), "no stop at all");
    }

    /// Both escape `& < > " '` and leave every other character, however
    /// many bytes it takes, as it is.
    #[test]
    fn escaping_in_runs_is_escaping_each_character() {
        let each = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect()
        };
        let s = "Ça & <b class=\"x\">l'été</b> — 5 > 3 &amp;";
        let mut written = Vec::new();
        escape_html_with(s, |piece| {
            std::io::Write::write_all(&mut written, piece.as_bytes())
        })
        .unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), each(s));
        // Every string of up to four characters drawn from eight, and
        // longer ones, where the vector search runs past 32 bytes.
        let alphabet = ['a', '&', '<', '>', '"', '\'', 'é', ' '];
        let mut cases = vec![String::new()];
        let mut last = cases.clone();
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|c| alphabet.iter().map(move |a| format!("{c}{a}")))
                .collect();
            cases.extend(last.iter().cloned());
        }
        assert_eq!(cases.len(), 1 + 8 + 64 + 512 + 4096);
        cases.push(format!("{s} ").repeat(7));
        cases.push(format!("{}'", "x".repeat(70)));
        cases.push(format!("&{}\"", "y".repeat(40)));
        for case in &cases {
            assert_eq!(escape_html(case), each(case), "{case:?}");
        }
    }

    #[test]
    fn tidy_spacing_joins_spaces_and_closes_up_punctuation() {
        assert_eq!(
            tidy_spacing("Sí  , dijo  él .  Ya ( no ) ;é  !"),
            "Sí, dijo él. Ya ( no);é!"
        );
        // Runs at either end, and text with nothing to do.
        assert_eq!(tidy_spacing("  a  "), " a ");
        assert_eq!(tidy_spacing(" ."), ".");
        assert_eq!(tidy_spacing("plain"), "plain");
        assert_eq!(tidy_spacing(""), "");
    }
}
