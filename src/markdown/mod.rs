//! Renders an entry's markdown body to HTML, turning briefbook's additions
//! into markup as pulldown-cmark's events stream past: citations
//! `[@id, "quote"]`, explicit links `[[id]]`, automatic links on actors'
//! names, stable heading ids, footnotes as sidenotes, highlighted code, and
//! ```` ```disagree ```` blocks.
//!
//! Each addition is an event adaptor of its own (as in pulldown-cmark's
//! `examples/event-filter.rs`), and [`render_fragment`] composes them, in
//! one place, between the parser and the HTML writer. The adaptors are lazy
//! and none reads ahead of the event it is handling, so every event has gone
//! through all of them, in order, before the next one is read: what they
//! record in the shared [`State`] (notes, numbers, diagnostics, the page's
//! text) comes out in the order of the body, whichever adaptor records it.
//!
//! Everything it finds wrong is a diagnostic at the file's real line and
//! column (offsets come from `Parser::into_offset_iter`, shifted by where the
//! body starts). The result is sanitized, so raw HTML in a body cannot carry
//! scripts, event handlers or `javascript:` URLs.

mod blocks;
mod cards;
mod citations;
mod code;
mod depth;
mod derivations;
mod headings;
mod links;
mod mentions;
mod raw_html;
mod sidenotes;
mod text;

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser};

use crate::diagnostic::{Code, SourceFile};

pub use crate::model::{
    Card, CardSlot, CitationUse, Heading, Mention, MentionLinks, Note, Rendered, SlotCard,
};
pub use cards::{CardHtml, with_card_html, with_cards};
pub use citations::citation_spans;
pub(crate) use citations::{parse_citation, split_citations};
pub use mentions::MentionMatcher;
pub use raw_html::sanitize;

/// How deep ```` ```disagree ```` and ```` ```internal ```` blocks may nest
/// (together). Each level is rendered by
/// a recursive call, so content must not choose the depth: past this, the
/// block is an error (`BB039 too-deep`) and its text is shown as written.
/// Real briefs nest at most once or twice.
pub const MAX_DISAGREE_DEPTH: usize = 16;

/// How deep a body's HTML may nest when it holds raw HTML: markdown blocks
/// and raw HTML elements together. Raw HTML sends the whole body through the
/// sanitizer's HTML parser, whose tree building slows with the square of the
/// nesting (20,000 levels take seconds, 100,000 minutes), so content must not
/// choose the depth. Real briefs nest a dozen levels; past this, the body is
/// an error (`BB039 too-deep`).
pub const MAX_HTML_DEPTH: usize = 512;

/// The parser options, in one place: CommonMark plus tables, footnotes,
/// strikethrough, smart punctuation and `[[wiki links]]`.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_WIKILINKS
}

/// Everything the renderer needs to know about the rest of the site.
pub struct Lookup<'a> {
    pub cards: &'a HashMap<String, Card>,
    pub mentions: &'a MentionMatcher,
    /// Ids of entries whose front-matter failed: not reported as unknown.
    pub unparsed: &'a std::collections::HashSet<String>,
    /// Ids of internal entries that this (public) edition leaves out: a
    /// reference to one is an error of its own.
    pub withheld: &'a std::collections::HashSet<String>,
    /// Which edition is built: the public one leaves out ```` ```internal ````
    /// blocks.
    pub edition: crate::model::Edition,
}

/// Options of one render.
pub struct RenderOptions<'a> {
    /// The id of the entry being rendered; it does not link to itself.
    pub self_id: &'a str,
    /// From the page to the site root: `""` or `"../"`.
    pub root: &'a str,
    /// Which mentions of an actor become links.
    pub mention_links: MentionLinks,
}

/// Renders the body of `file` starting at byte `body_start`.
pub fn render_body(
    file: &SourceFile,
    body_start: usize,
    options: &RenderOptions,
    lookup: &Lookup,
) -> Rendered {
    let cx = Context {
        file,
        options,
        lookup,
        state: RefCell::new(State {
            markers: cards::Markers::new(&file.text),
            ..State::default()
        }),
    };
    let body = &file.text[body_start..];
    let html = render_fragment(&cx, body, body_start, 0);
    let mut state = cx.state.into_inner();
    let html = sidenotes::place_sidenotes(&mut state, html);
    // Markup briefbook generates is escaped as it is made; only raw HTML
    // written in the body needs the (costly) sanitizer.
    let html = match (state.raw_html, state.too_deep_at) {
        (false, _) => html,
        (true, None) => sanitize(&html),
        (true, Some(at)) => {
            depth::too_deep_html(file, &mut state.out, at);
            // The build fails; nothing of this body is shown.
            String::new()
        }
    };
    (state.out.html, state.out.cards) = state.markers.take_out(html);
    state.out
}

/// Renders markdown `text` found at byte `base` of the file, inside
/// `disagree_depth` disagreement blocks: the parser, then each of
/// briefbook's additions in turn, then pulldown-cmark's HTML writer.
///
/// The order matters: raw HTML is noted before any adaptor makes markup of
/// its own; links and headings are known before the text in them is
/// reached; citations, derivations and mentions cut runs of text in that
/// order; headings and footnotes, which hold their events back, come last.
fn render_fragment(cx: &Context, text: &str, base: usize, disagree_depth: usize) -> String {
    let f = Fragment {
        cx,
        scope: RefCell::new(Scope {
            disagree_depth,
            ..Scope::default()
        }),
    };
    let events = Parser::new_ext(text, parser_options())
        .into_offset_iter()
        .map(|(event, range)| (event, base + range.start..base + range.end));
    // Counts the nesting of every event as written.
    let events = depth::Nesting::new(&f, events);
    // Joins the pieces of text pulldown-cmark splits a run into.
    let items = text::Runs::new(events);
    let items = raw_html::RawHtml::new(&f, items);
    let items = code::CodeBlocks::new(&f, items);
    let items = links::Links::new(&f, items);
    // Text in headings and links stays as written; the rest goes on.
    let items = text::PlainText::new(&f, items);
    let items = citations::Citations::new(&f, items);
    let items = derivations::Derivations::new(&f, items);
    // Past mentions every run of text is a pulldown-cmark event again.
    let events = mentions::Mentions::new(&f, items);
    let events = blocks::Blocks::new(&f, events);
    let events = headings::Headings::new(&f, events);
    let events = sidenotes::Sidenotes::new(&f, events);
    // Room for the markup around the text up front: grown by doubling,
    // the string was copied and its new pages faulted in several times.
    let mut html = String::with_capacity(text.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// An event with the bytes of the file it stands for.
type Spanned<'e> = (Event<'e>, Range<usize>);

/// What every adaptor of one render may read: the file, the options and the
/// rest of the site, and the [`State`] they build together.
struct Context<'a> {
    file: &'a SourceFile,
    options: &'a RenderOptions<'a>,
    lookup: &'a Lookup<'a>,
    /// Borrowed by one adaptor at a time, never across pulling an event
    /// from the adaptor before it.
    state: RefCell<State>,
}

/// What a render collects across its fragments (the body and the
/// ```` ```disagree ```` blocks in it).
#[derive(Default)]
struct State {
    out: Rendered,
    note_numbers: HashMap<(String, Option<String>), usize>,
    /// Numbers the ids of citation marks and of links' preview cards.
    cite_marks: usize,
    /// Where the preview cards go ([`cards`]).
    markers: cards::Markers,
    section_linked: BTreeSet<String>,
    heading_ids: HashMap<String, usize>,
    /// Footnote labels in the order their references appear.
    sidenotes: Vec<String>,
    footnote_html: HashMap<String, String>,
    reported_ambiguous: BTreeSet<String>,
    /// Whether the body contains raw HTML (which must be sanitized).
    raw_html: bool,
    /// Open markdown blocks and raw HTML elements at the current event.
    nesting: usize,
    /// Where the nesting first passed [`MAX_HTML_DEPTH`].
    too_deep_at: Option<usize>,
}

/// One fragment's adaptors: the render's context and where in the
/// fragment's structure the current event stands.
struct Fragment<'f> {
    cx: &'f Context<'f>,
    scope: RefCell<Scope>,
}

/// Where the current event stands, kept by the adaptor that sees the
/// markup (named on each field) for the others to read.
#[derive(Default)]
struct Scope {
    /// How many ```` ```disagree ```` blocks enclose this fragment.
    disagree_depth: usize,
    /// The text of the open heading ([`headings`]).
    heading_text: Option<String>,
    /// Open links and images ([`links`]).
    link_depth: usize,
    image_depth: usize,
    /// In a `[[link]]`: whether its text is shown (`false`: the entry's
    /// title stands instead) ([`links`]).
    wikilink: Option<bool>,
    /// That title, until [`text::PlainText`] puts it in the id's place.
    wikilink_title: Option<String>,
    /// Open paragraphs and list items ([`blocks`]).
    blocks: Vec<blocks::Block>,
    /// The open block's text, and the mentions in it ([`blocks`]).
    paragraph_text: String,
    paragraph_mentions: Vec<(String, usize)>,
}

/// The opening and closing markup of a link to an entry; the closing
/// part holds the place of the preview card shown on hover and focus.
fn xref(
    options: &RenderOptions,
    state: &mut State,
    id: &str,
    card: &Card,
    class: &str,
) -> (String, String) {
    state.cite_marks += 1;
    let mark = state.cite_marks;
    let open = format!(
        "<span class=\"xref-wrap\"><a class=\"xref {class} xref-{kind}\" href=\"{root}{url}\" data-card=\"{id}\" aria-describedby=\"xc-{mark}\">",
        kind = card.kind.name(),
        root = options.root,
        url = card.url,
    );
    let card = state.markers.stand_in(SlotCard::Entry {
        id: id.to_string(),
        mark,
    });
    (open, format!("</a>{card}</span>"))
}

/// A `BB039 too-deep` error from `at` to the end of its line.
fn too_deep(file: &SourceFile, out: &mut Rendered, at: usize, message: String, hint: &str) {
    let line_len = file.text[at..].find('\n').unwrap_or(file.text.len() - at);
    out.diagnostics.push(
        file.error(at, line_len, message)
            .with_hint(hint)
            .with_code(Code::TooDeep),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    /// Renders `body` (after a front-matter) against one source, `src`.
    fn render_with_one_source(body: &str) -> (SourceFile, Rendered) {
        let cards: HashMap<String, Card> = [(
            "src".to_string(),
            Card {
                kind: Kind::Source,
                url: "sources/src.html".to_string(),
                title: "A source".to_string(),
                subtitle: String::new(),
                reference: None,
                summary: String::new(),
            },
        )]
        .into();
        let mentions = MentionMatcher::new(&[]);
        let unparsed = std::collections::HashSet::new();
        let withheld = std::collections::HashSet::new();
        let lookup = Lookup {
            cards: &cards,
            mentions: &mentions,
            unparsed: &unparsed,
            withheld: &withheld,
            edition: crate::model::Edition::Public,
        };
        let options = RenderOptions {
            self_id: "b",
            root: "../",
            mention_links: MentionLinks::default(),
        };
        let text = format!("---\ntitle: t\n---\n{body}");
        let file = SourceFile::new("content/briefs/b.md".into(), text);
        let rendered = render_body(&file, 17, &options, &lookup);
        (file, rendered)
    }

    /// Renders `body` (after a front-matter) as brief `b` against `cards`,
    /// with the actor `ana` named "Ana Ruiz" and every mention linked.
    pub(super) fn render_as_b(body: &str, cards: &HashMap<String, Card>) -> Rendered {
        let mentions = MentionMatcher::new(&[("ana".to_string(), vec!["Ana Ruiz".to_string()])]);
        let absent = std::collections::HashSet::new();
        let lookup = Lookup {
            cards,
            mentions: &mentions,
            unparsed: &absent,
            withheld: &absent,
            edition: crate::model::Edition::Public,
        };
        let options = RenderOptions {
            self_id: "b",
            root: "../",
            mention_links: MentionLinks::Every,
        };
        let text = format!("---\ntitle: t\n---\n{body}");
        let file = SourceFile::new("content/briefs/b.md".into(), text);
        render_body(&file, 17, &options, &lookup)
    }

    /// The adaptors each number what they make (citation marks, links'
    /// cards) from one counter: a name before a citation is numbered first,
    /// as in the single loop they replaced, because no adaptor reads ahead.
    #[test]
    fn marks_are_numbered_in_the_order_of_the_text_across_adaptors() {
        let cards: HashMap<String, Card> = [
            ("src", Kind::Source, "sources/src.html"),
            ("ana", Kind::Actor, "actors/ana.html"),
        ]
        .map(|(id, kind, url)| {
            let card = Card {
                kind,
                url: url.to_string(),
                title: id.to_string(),
                subtitle: String::new(),
                reference: None,
                summary: String::new(),
            };
            (id.to_string(), card)
        })
        .into();
        let text = "Ana Ruiz said so [@src]; [[ana]] too [@src].\n";
        let html = with_cards(&render_as_b(text, &cards), &cards, |_| None);
        let ids: Vec<&str> = html
            .match_indices(" id=\"")
            .map(|(at, m)| {
                let rest = &html[at + m.len()..];
                &rest[..rest.find('"').unwrap_or(0)]
            })
            .filter(|id| !id.ends_with("-card"))
            .collect();
        assert_eq!(ids, ["xc-1", "cite-2", "xc-3", "cite-4"]);
    }

    /// A citation written after a space stays on the line of the word
    /// before it: the space becomes a no-break space. A line break in the
    /// source (or no space at all) is left as written.
    #[test]
    fn a_citation_is_glued_to_the_word_before_it() {
        let (_, r) = render_with_one_source("It rose [@src]. Then\n[@src] and[@src] [@src].\n");
        assert!(
            r.html.contains("It rose&nbsp;<sup class=\"cites\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("Then\n<sup class=\"cites\">"), "{}", r.html);
        assert!(r.html.contains("and<sup class=\"cites\">"), "{}", r.html);
        assert!(
            r.html.contains("</sup>&nbsp;<sup class=\"cites\">"),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches("&nbsp;").count(), 2, "{}", r.html);
    }

    /// Found by the page_body fuzz target: smart punctuation turns `"` (one
    /// byte) into `“` (three), so a citation's length measured in the
    /// rendered text ran past its end in the file, and past the file's end
    /// when it closed the file.
    #[test]
    fn citation_positions_are_the_written_ones_despite_smart_quotes() {
        let (file, r) =
            render_with_one_source("It said \"so\" [@src, \"a quote\"; @src, \"...more\"; @src]");
        let written: Vec<&str> = r
            .citations
            .iter()
            .map(|c| &file.text[c.offset..c.offset + c.len])
            .collect();
        assert_eq!(written, ["@src, \"a quote\"", "@src, \"...more\"", "@src"]);
    }
}
