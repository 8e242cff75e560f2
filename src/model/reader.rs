//! The source reader's data: a source's archived text in numbered
//! paragraphs, and the passages the briefing quotes with where it quotes
//! them. Made by `reader`; shown by the source pages and the coverage page.

use std::collections::HashMap;
use std::sync::Arc;

/// Where a passage is quoted: an entry's citation or key figure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Place {
    /// The quoting entry's page, relative to the site root (shared by the
    /// entry's places, as are its title and section headings).
    pub url: Arc<str>,
    pub title: Arc<str>,
    /// `brief`, `event`, `actor` or `overview`.
    pub kind: &'static str,
    /// The heading of the section the citation stands in.
    pub section: Option<Arc<str>>,
    /// The citation's note number; `None` for a key figure.
    pub number: Option<usize>,
    /// The anchor on the quoting page: the citation's mark (`cite-3`) or
    /// the key figures.
    pub anchor: String,
}

/// A part of a passage inside one paragraph: byte range in its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
}

/// A passage of the source that the briefing quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// `q-` and eight hex digits; the anchor of its first segment.
    pub id: String,
    /// The passage as the source words it.
    pub text: String,
    /// Usually one; more when the quotation runs over a paragraph break.
    pub segments: Vec<Segment>,
    pub places: Vec<Place>,
}

/// A source's text as the reader shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// Whether the source's page shows it.
    pub published: bool,
    pub paragraphs: Vec<String>,
    /// In order of where they start in the text.
    pub passages: Vec<Passage>,
    /// Citations of the source that quote nothing: they name no passage.
    pub unquoted_citations: usize,
}

impl SourceText {
    /// Each passage with the paragraph it ends in, where the source's page
    /// and the print edition's appendix list it.
    pub fn passages_by_last_paragraph(&self) -> impl Iterator<Item = (usize, &Passage)> {
        self.passages.iter().map(|passage| {
            let last = passage
                .segments
                .last()
                .expect("located passages have segments");
            (last.paragraph, passage)
        })
    }
}

/// Every archived source's text by source id.
pub type Readers = HashMap<String, SourceText>;
