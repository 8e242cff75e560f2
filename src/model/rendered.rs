//! What rendering a body yields, as every later stage reads it: the HTML
//! and text, the notes, citations, mentions and headings found in it; the
//! card an entry shows where it is linked; and which mentions become links.
//! Made by `markdown`.

use super::Kind;
use crate::diagnostic::Diagnostic;

/// What a link or a citation to an entry shows: enough for a preview card.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Card {
    pub kind: Kind,
    /// Relative to the site root, e.g. `actors/sheinbaum.html`.
    pub url: String,
    pub title: String,
    /// Role for actors, date for events, publisher and date for sources.
    pub subtitle: String,
    /// A source's reference in the citation style (`csl`), as safe HTML
    /// (see [`crate::references`]); shown instead of `subtitle`.
    pub reference: Option<String>,
    pub summary: String,
}

/// One use of a citation in a body.
#[derive(Debug, Clone)]
pub struct CitationUse {
    pub source: String,
    pub quote: Option<String>,
    pub number: usize,
    /// Byte offset in the file, for diagnostics.
    pub offset: usize,
    pub len: usize,
    /// The id of its mark in the text (`cite-3`), which links point at.
    pub mark: String,
    /// The heading of the section it stands in (index in
    /// [`Rendered::headings`]); `None` before the first heading.
    pub heading: Option<usize>,
}

/// Where a preview card stands in a body. Cards are not kept in
/// [`Rendered::html`] (they were a third of its bytes): a page puts each in
/// at its place as it is written, and the print edition shows none.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CardSlot {
    /// Byte offset in [`Rendered::html`].
    pub at: usize,
    pub card: SlotCard,
}

/// Which card goes in a [`CardSlot`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SlotCard {
    /// The card of the entry a link or a mention points at, with the
    /// number of its id on the page (`xc-3`).
    Entry { id: String, mark: usize },
    /// A citation's card: its index in [`Rendered::citations`].
    Citation(usize),
}

/// A numbered note at the end of the page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Note {
    pub number: usize,
    pub source: String,
    pub quote: Option<String>,
    /// Ids of the reference marks in the text pointing here.
    pub backrefs: Vec<String>,
}

/// A mention of an actor, with the sentence it stands in.
#[derive(Debug, Clone)]
pub struct Mention {
    pub actor: String,
    /// Shared by the mentions in one sentence, and with the backlinks.
    pub sentence: std::sync::Arc<str>,
}

/// A heading of the body, for a table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A body rendered to HTML, with what was found in it.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The body's markup without its preview cards ([`Rendered::cards`]).
    pub html: String,
    /// Where the preview cards go in `html`, in order.
    pub cards: Vec<CardSlot>,
    pub text: String,
    pub notes: Vec<Note>,
    pub citations: Vec<CitationUse>,
    pub mentions: Vec<Mention>,
    /// Ids linked with `[[id]]`.
    pub links: Vec<String>,
    pub headings: Vec<Heading>,
    pub diagnostics: Vec<Diagnostic>,
    /// Paragraphs with no citation (offset), reported for briefs.
    pub uncited: Vec<usize>,
    /// The ids this body asked the rest of the site about (their cards, or
    /// whether their front-matter failed): its output depends on those only,
    /// which is what an incremental rebuild needs to know.
    pub lookups: Vec<String>,
    /// An unknown id was compared with every id for a "did you mean": the
    /// output then depends on the whole set of ids.
    pub compared_all_ids: bool,
}

/// Which mentions of an actor's name are linked to the actor's page
/// (`mention_links` in briefbook.toml). Every mention counts for backlinks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MentionLinks {
    /// The first mention in each section (between headings).
    #[default]
    FirstPerSection,
    /// The first mention on the page.
    FirstPerPage,
    /// Every mention.
    Every,
    /// None: names stay plain text.
    None,
}
