//! Footnotes become sidenotes: each note is shown beside the line that
//! refers to it (a toggle on narrow screens), numbered in the order the
//! references appear. A reference may come before its definition, so the
//! references leave markers and [`place_sidenotes`] puts the notes in once
//! the whole body is rendered.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Fragment, State};
use crate::text::escape_html;

/// Takes footnote definitions out of the page and marks references.
pub(super) struct Sidenotes<'f, 'e, I> {
    f: &'f Fragment<'f>,
    inner: I,
    /// The open definition: its label and its events so far.
    footnote: Option<(String, Vec<Event<'e>>)>,
}

impl<'f, I> Sidenotes<'f, '_, I> {
    pub(super) fn new(f: &'f Fragment<'f>, inner: I) -> Self {
        Sidenotes {
            f,
            inner,
            footnote: None,
        }
    }
}

impl<'e, I: Iterator<Item = Event<'e>>> Iterator for Sidenotes<'_, 'e, I> {
    type Item = Event<'e>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let event = self.inner.next()?;
            let event = match event {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    self.footnote = Some((label.to_string(), Vec::new()));
                    continue;
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some((label, events)) = self.footnote.take() {
                        let mut html = String::new();
                        pulldown_cmark::html::push_html(&mut html, events.into_iter());
                        self.f
                            .cx
                            .state
                            .borrow_mut()
                            .footnote_html
                            .insert(label, html);
                    }
                    continue;
                }
                Event::FootnoteReference(label) => {
                    self.f
                        .cx
                        .state
                        .borrow_mut()
                        .sidenotes
                        .push(label.to_string());
                    Event::InlineHtml(CowStr::from(format!(
                        "<!--sidenote:{}-->",
                        escape_html(&label)
                    )))
                }
                event if self.footnote.is_none() => return Some(event),
                event => event,
            };
            match &mut self.footnote {
                Some((_, events)) => events.push(event),
                None => return Some(event),
            }
        }
    }
}

/// Replaces sidenote markers with the notes themselves, numbered in the
/// order they are referred to.
pub(super) fn place_sidenotes(state: &mut State, mut html: String) -> String {
    for (i, label) in std::mem::take(&mut state.sidenotes).iter().enumerate() {
        let n = i + 1;
        let marker = format!("<!--sidenote:{}-->", escape_html(label));
        let content = state
            .footnote_html
            .get(label)
            .map(|h| {
                h.trim()
                    .replace("<p>", "<span class=\"sidenote-para\">")
                    .replace("</p>", "</span>")
            })
            .unwrap_or_default();
        let note = format!(
            "<label for=\"sn-{n}\" class=\"sidenote-number\"><span class=\"visually-hidden\">Editor's note </span>{n}</label><input type=\"checkbox\" id=\"sn-{n}\" class=\"sidenote-toggle\"><span class=\"sidenote\" role=\"note\"><span class=\"sidenote-mark\">{n}</span> {content}</span>"
        );
        html = html.replacen(&marker, &note, 1);
    }
    html
}
