//! A source's page: its fields, the entries that cite it, and its archived
//! text when it is published (the reader), each quoted passage marked with
//! the places that quote it.

use serde::Serialize;

use super::PageRenderer;
use super::view::{BacklinkView, Field};
use crate::model::{Meta, NOT_RECORDED, Place, SiteData};

/// A paragraph of a published source's text.
#[derive(Serialize)]
struct ReaderParagraph {
    number: usize,
    html: String,
    passages: Vec<PassageView>,
}

/// A quoted passage, where its paragraph shows it, and its places.
#[derive(Serialize)]
struct PassageView {
    id: String,
    lead: String,
    places: Vec<Place>,
}

/// A published source's text.
#[derive(Serialize)]
pub(crate) struct ReaderView {
    paragraphs: Vec<ReaderParagraph>,
    passages: usize,
    quoted_paragraphs: usize,
}

/// The reader of source `id` if its text is published.
pub(crate) fn reader_view(data: &SiteData, id: &str) -> Option<ReaderView> {
    let reader = data.readers.get(id).filter(|r| r.published)?;
    let mut paragraphs: Vec<ReaderParagraph> = (0..reader.paragraphs.len())
        .map(|p| ReaderParagraph {
            number: p + 1,
            html: crate::reader::paragraph_html(reader, p, ""),
            passages: Vec::new(),
        })
        .collect();
    for (last, passage) in reader.passages_by_last_paragraph() {
        paragraphs[last].passages.push(PassageView {
            id: passage.id.clone(),
            lead: crate::reader::lead(&passage.text, 12),
            places: passage.places.clone(),
        });
    }
    Some(ReaderView {
        quoted_paragraphs: paragraphs
            .iter()
            .filter(|p| p.html.contains("<mark"))
            .count(),
        paragraphs,
        passages: reader.passages.len(),
    })
}

impl PageRenderer<'_> {
    /// A source's own part of its page's context; returns the template.
    pub(super) fn source_context(
        &self,
        i: usize,
        c: &mut tera::Context,
        fields: &mut Vec<Field>,
    ) -> &'static str {
        let e = &self.data.entries[i];
        let Meta::Source {
            author,
            publisher,
            published,
            url,
            kind: source_kind,
            archive,
            ..
        } = &e.parsed.meta
        else {
            unreachable!("entry_page asks this of source entries only");
        };
        fields.push(Self::field("Author", author));
        fields.push(Self::field("Publisher", publisher));
        fields.push(Self::field(
            "Published",
            &published.map_or(NOT_RECORDED.to_string(), |d| d.to_string()),
        ));
        fields.push(Self::field("URL", url));
        fields.push(Self::field("Kind", source_kind));
        fields.push(Self::field(
            "Archive file",
            archive.as_deref().unwrap_or(NOT_RECORDED),
        ));
        let cited_in: Vec<BacklinkView> = self
            .backlinks(self.data.backlinks.cited_in.get(&i), None)
            .into_iter()
            .filter(|b| *b.entry.id != *e.id.as_str())
            .collect();
        c.insert("cited_in", &cited_in);
        let reader = reader_view(self.data, e.id.as_str());
        c.insert("reader_css", &reader.is_some());
        c.insert("reader", &reader);
        "source.html"
    }
}
