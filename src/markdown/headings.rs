//! Headings get a stable id (the slug of their text, numbered when it
//! repeats), an anchor link to themselves, and a place in the table of
//! contents. Citations after a heading belong to its section, and with
//! `mention_links = "first-per-section"` an actor is linked again after it.

use std::collections::VecDeque;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Fragment, Heading, MentionLinks};
use crate::text::{escape_html, slugify};

/// Holds a heading's events back until its text, and so its id, is known.
pub(super) struct Headings<'f, 'e, I> {
    f: &'f Fragment<'f>,
    inner: I,
    /// The open heading: its level and its events so far.
    heading: Option<(u8, Vec<Event<'e>>)>,
    queue: VecDeque<Event<'e>>,
}

impl<'f, I> Headings<'f, '_, I> {
    pub(super) fn new(f: &'f Fragment<'f>, inner: I) -> Self {
        Headings {
            f,
            inner,
            heading: None,
            queue: VecDeque::new(),
        }
    }
}

impl<'e, I: Iterator<Item = Event<'e>>> Iterator for Headings<'_, 'e, I> {
    type Item = Event<'e>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some(event);
            }
            let event = self.inner.next()?;
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    // The text comes from the adaptors before this one, as
                    // written (see `super::text::PlainText`).
                    self.f.scope.borrow_mut().heading_text = Some(String::new());
                    self.heading = Some((level as u8, Vec::new()));
                }
                Event::End(TagEnd::Heading(_)) => self.end_heading(),
                event => match &mut self.heading {
                    None => return Some(event),
                    Some((_, events)) => events.push(event),
                },
            }
        }
    }
}

impl<'e, I> Headings<'_, 'e, I> {
    /// Queues the heading's events, with its id and its anchor.
    fn end_heading(&mut self) {
        let text = self.f.scope.borrow_mut().heading_text.take();
        let (Some((level, events)), Some(text)) = (self.heading.take(), text) else {
            return;
        };
        let state = &mut *self.f.cx.state.borrow_mut();
        let base = slugify(&text);
        let n = state.heading_ids.entry(base.clone()).or_insert(0);
        *n += 1;
        let id = if *n == 1 { base } else { format!("{base}-{n}") };
        if self.f.cx.options.mention_links == MentionLinks::FirstPerSection {
            state.section_linked.clear();
        }
        state.out.text.push_str(&text);
        state.out.text.push('\n');
        state.out.headings.push(Heading {
            level,
            id: id.clone(),
            text: text.clone(),
        });
        let html = |html: String| Event::InlineHtml(CowStr::from(html));
        self.queue
            .push_back(html(format!("<h{level} id=\"{id}\">")));
        self.queue.extend(events);
        self.queue.push_back(html(format!(
            "<a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"Link to this section: {}\">#</a></h{level}>\n",
            escape_html(&text)
        )));
    }
}
