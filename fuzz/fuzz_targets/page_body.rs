//! Fuzzes the single-page pipeline: a whole content file (front-matter and
//! markdown with citations, `[[links]]`, actors' names, sidenotes and
//! ```` ```disagree ```` and ```` ```internal ```` blocks) rendered against a
//! small fixed site, in either edition. It
//! must return HTML and located diagnostics, never panic or abort, and the
//! HTML must carry no script however the input is written. Placed in the
//! print edition, it must come out the same by either of the two ways.
#![no_main]

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use briefbook::diagnostic::SourceFile;
use briefbook::front_matter::split;
use briefbook::markdown::{
    Card, Lookup, MentionLinks, MentionMatcher, RenderOptions, render_body, with_cards,
};
use briefbook::model::{Edition, Kind};
use briefbook::pages::print::body::{Placing, place_both_ways};
use libfuzzer_sys::fuzz_target;

fn card(kind: Kind, url: &str, title: &str) -> Card {
    Card {
        kind,
        url: url.to_owned(),
        title: title.to_owned(),
        subtitle: "2025-02-27".to_owned(),
        // A source's reference as a citation style formats it: trusted HTML.
        reference: (kind == Kind::Source).then(|| "Doe, Jane. <i>Q&amp;A</i>. 2025.".to_owned()),
        summary: "A <summary> & \"quotes\".".to_owned(),
    }
}

fuzz_target!(|text: &str| {
    let cards: HashMap<String, Card> = [
        (
            "crisis-group-qa",
            card(Kind::Source, "sources/crisis-group-qa.html", "Q&A"),
        ),
        (
            "ap-report",
            card(Kind::Source, "sources/ap-report.html", "AP <report>"),
        ),
        (
            "sheinbaum",
            card(Kind::Actor, "actors/sheinbaum.html", "Claudia Sheinbaum"),
        ),
        (
            "garcia-harfuch",
            card(
                Kind::Actor,
                "actors/garcia-harfuch.html",
                "Omar García Harfuch",
            ),
        ),
        (
            "transfer",
            card(Kind::Event, "events/transfer.html", "The transfer"),
        ),
        (
            "transfers",
            card(Kind::Brief, "briefs/transfers.html", "Transfers"),
        ),
    ]
    .into_iter()
    .map(|(id, c)| (id.to_owned(), c))
    .collect();
    let mentions = MentionMatcher::new(&[
        (
            "sheinbaum".to_owned(),
            vec!["Claudia Sheinbaum".to_owned(), "Sheinbaum".to_owned()],
        ),
        (
            "garcia-harfuch".to_owned(),
            vec!["García Harfuch".to_owned(), "Harfuch".to_owned()],
        ),
        // Two actors share an alias: an ambiguous mention.
        ("transfer".to_owned(), vec!["Harfuch".to_owned()]),
    ]);
    let unparsed: HashSet<String> = ["broken".to_owned()].into();
    // An internal entry that the public edition leaves out.
    let withheld: HashSet<String> = ["back-channel".to_owned()].into();
    let edition = if text.len() % 8 < 4 {
        Edition::Public
    } else {
        Edition::Internal
    };
    let lookup = Lookup {
        cards: &cards,
        mentions: &mentions,
        unparsed: &unparsed,
        withheld: &withheld,
        edition,
    };
    let mention_links = match text.len() % 4 {
        0 => MentionLinks::FirstPerSection,
        1 => MentionLinks::FirstPerPage,
        2 => MentionLinks::Every,
        _ => MentionLinks::None,
    };
    let options = RenderOptions {
        self_id: "transfers",
        root: "../",
        mention_links,
    };
    let file = SourceFile::new(
        PathBuf::from("content/briefs/transfers.md"),
        text.to_owned(),
    );
    let body_start = split(text).map_or(0, |s| s.body_start);
    let rendered = render_body(&file, body_start, &options, &lookup);
    let lines = text.split('\n').count();
    for d in &rendered.diagnostics {
        assert!(d.code.is_some(), "a diagnostic without a code: {d:?}");
        assert!(d.line >= 1 && d.line <= lines, "off the file: {d:?}");
    }
    // The body as its page shows it, preview cards in place: each card
    // stands where its marker stood, and no marker is left.
    for slot in &rendered.cards {
        assert!(
            rendered.html.is_char_boundary(slot.at),
            "a card inside a character: {slot:?}"
        );
    }
    let page = with_cards(&rendered, &cards, |_| None);
    assert!(!page.contains("bbcard") || text.contains("bbcard"), "a marker left: {page}");
    // Text's `<` is always escaped, so every `<` in the output opens a tag
    // briefbook or the sanitizer let through; none may run a script.
    let html = page.to_ascii_lowercase();
    for tag in html.split('<').skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        assert!(
            !tag.starts_with("script"),
            "a script survived: {page}"
        );
        // Attribute values are escaped text (an aria-label may say
        // `javascript:`); only a link's or an image's address is followed.
        for attribute in [" href=\"", " src=\""] {
            for (at, _) in tag.match_indices(attribute) {
                let value = &tag[at + attribute.len()..];
                // What a browser's URL parser makes of it (WHATWG URL):
                // C0 controls and spaces trimmed from the ends, tabs and
                // newlines removed anywhere. Other controls stay, and make
                // `java\x18script:` a relative URL, not a scheme.
                let value: String = value[..value.find('"').unwrap_or(value.len())]
                    .trim_matches(|c: char| c <= ' ')
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .collect();
                assert!(
                    !["javascript:", "vbscript:", "data:"]
                        .iter()
                        .any(|scheme| value.starts_with(scheme)),
                    "a script URL survived: <{tag}>"
                );
            }
        }
    }
    for c in &rendered.citations {
        assert!(
            c.offset + c.len <= text.len(),
            "citation off the file: {c:?}"
        );
    }
    // The print edition places a body in its section by a reader of
    // briefbook's own markup when it can, and by lol_html otherwise; where
    // the reader reads, the two write the same bytes. The body as held, with
    // its cards, and the input itself as HTML.
    let base = url::Url::parse("https://print.invalid/briefs/transfers.html").unwrap();
    let relink = |path: String, fragment: Option<String>| match fragment {
        Some(f) => format!("#to-{path}--{f}"),
        None => path,
    };
    let placing = Placing {
        prefix: "brief-transfers",
        shift: 1 + (text.len() % 3) as u8,
        base: &base,
        relink: &relink,
    };
    for html in [rendered.html.as_str(), page.as_str(), text] {
        let (own, lol) = place_both_ways(html, &placing);
        let lol = lol.expect("lol_html rewrites any string");
        if let Some(own) = own {
            assert_eq!(own, lol, "the two ways differ on {html:?}");
        }
    }
});
