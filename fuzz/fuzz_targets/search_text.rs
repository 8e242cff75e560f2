//! Fuzzes the search text pipeline in Rust: the tokeniser and the stemmer
//! that cut both the indexed text and (in their JavaScript twins, checked
//! against the same vectors) the query. The query parser itself lives only
//! in `themes/default/static/search-query.js`; this is its Rust half.
#![no_main]

use briefbook::search::stem::stem;
use briefbook::search::text::{MAX_TOKEN_CHARS, fold, is_stopword, tokenize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let tokens = tokenize(text);
    let mut last = 0;
    for t in &tokens {
        assert!(!t.text.is_empty());
        assert!(t.text.chars().count() <= MAX_TOKEN_CHARS, "{t:?}");
        assert!(t.joined || !is_stopword(&t.text), "a stop word: {t:?}");
        assert!(t.position >= last || t.joined, "positions go back: {t:?}");
        last = t.position;
        let stemmed = stem(&t.text);
        assert!(stemmed.len() <= t.text.len(), "{t:?} stems to {stemmed:?}");
    }
    let _ = fold(text);
    let _ = stem(text);
});
