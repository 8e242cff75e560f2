//! Runs of text, and the text briefbook's inline additions leave alone.
//!
//! pulldown-cmark hands a run of text over in pieces (smart punctuation and
//! entities each make a piece of their own), but a citation or a name can
//! span pieces: [`Runs`] joins them into one [`Run`] that remembers where
//! each piece was written, so diagnostics point into the file. Runs go on
//! as [`Item::Run`] until an adaptor turns them into events.

use std::ops::Range;
use std::rc::Rc;

use pulldown_cmark::{CowStr, Event};

use super::{Fragment, Spanned};

/// Text waiting to be processed, with where each piece came from.
#[derive(Default)]
pub(super) struct PendingText {
    pub(super) text: String,
    /// (offset in `text`, offset in file) for each piece.
    pieces: Vec<(usize, usize)>,
}

impl PendingText {
    /// Where byte `at` of the text was written in the file.
    pub(super) fn file_offset(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|&(t, _)| t <= at).max(1) - 1;
        let (t, f) = self.pieces[i];
        f + (at - t)
    }
}

/// A part of a run of text that no adaptor has turned into events yet.
pub(super) struct Run {
    pub(super) pending: Rc<PendingText>,
    /// The part, as bytes of `pending.text`.
    pub(super) range: Range<usize>,
}

impl Run {
    pub(super) fn text(&self) -> &str {
        &self.pending.text[self.range.clone()]
    }

    /// The part of this run at `range` (bytes of this run's text).
    pub(super) fn part(&self, range: Range<usize>) -> Run {
        Run {
            pending: Rc::clone(&self.pending),
            range: self.range.start + range.start..self.range.start + range.end,
        }
    }

    /// The bytes of the file the run's first piece stands for, for the
    /// events made of it.
    pub(super) fn span(&self) -> Range<usize> {
        let at = self.pending.file_offset(self.range.start);
        at..at
    }

    /// The run's text as a finished event.
    pub(super) fn into_event<'e>(self) -> Spanned<'e> {
        let span = self.span();
        (Event::Text(CowStr::from(self.text().to_string())), span)
    }
}

/// An event, or a run of text still to go through briefbook's additions.
pub(super) enum Item<'e> {
    Event(Event<'e>, Range<usize>),
    Run(Run),
}

/// Joins consecutive text events into one [`Item::Run`].
pub(super) struct Runs<'e, I> {
    inner: I,
    /// The event that ended the last run, handed on after it.
    held: Option<Spanned<'e>>,
}

impl<I> Runs<'_, I> {
    pub(super) fn new(inner: I) -> Self {
        Runs { inner, held: None }
    }
}

impl<'e, I: Iterator<Item = Spanned<'e>>> Iterator for Runs<'e, I> {
    type Item = Item<'e>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if let Some((event, range)) = self.held.take() {
            return Some(Item::Event(event, range));
        }
        let mut pending = PendingText::default();
        loop {
            match self.inner.next() {
                Some((Event::Text(t), range)) => {
                    pending.pieces.push((pending.text.len(), range.start));
                    pending.text.push_str(&t);
                }
                Some((event, range)) if pending.text.is_empty() => {
                    return Some(Item::Event(event, range));
                }
                Some(held) => {
                    self.held = Some(held);
                    break;
                }
                None if pending.text.is_empty() => return None,
                None => break,
            }
        }
        let len = pending.text.len();
        Some(Item::Run(Run {
            pending: Rc::new(pending),
            range: 0..len,
        }))
    }
}

/// Text in a heading or a link is shown as written: no citations, numbers
/// or mentions in it. It still counts as the page's text (but a
/// heading's, which [`super::headings`] records), and a `[[link]]` without
/// a label shows the entry's title instead.
pub(super) struct PlainText<'f, I> {
    f: &'f Fragment<'f>,
    inner: I,
}

impl<'f, I> PlainText<'f, I> {
    pub(super) fn new(f: &'f Fragment<'f>, inner: I) -> Self {
        PlainText { f, inner }
    }
}

impl<'e, I: Iterator<Item = Item<'e>>> Iterator for PlainText<'_, I> {
    type Item = Item<'e>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let run = match self.inner.next()? {
                Item::Run(run) => run,
                item => return Some(item),
            };
            let mut scope = self.f.scope.borrow_mut();
            if scope.wikilink == Some(false) {
                // `[[id]]` without a label: the reader sees the entry's
                // title, so the page's text and its heading hold the title.
                let Some(title) = scope.wikilink_title.take() else {
                    continue;
                };
                if let Some(heading_text) = &mut scope.heading_text {
                    heading_text.push_str(&title);
                } else {
                    scope.paragraph_text.push_str(&title);
                    self.f.cx.state.borrow_mut().out.text.push_str(&title);
                    if let Some(block) = scope.blocks.last_mut() {
                        block.has_text = true;
                    }
                }
                return Some(Item::Event(Event::Text(CowStr::from(title)), run.span()));
            }
            let text = run.text();
            if let Some(heading_text) = &mut scope.heading_text {
                heading_text.push_str(text);
                let (event, span) = run.into_event();
                return Some(Item::Event(event, span));
            }
            if let Some(block) = scope.blocks.last_mut()
                && !text.trim().is_empty()
            {
                block.has_text = true;
            }
            if scope.link_depth > 0 || scope.image_depth > 0 {
                scope.paragraph_text.push_str(text);
                self.f.cx.state.borrow_mut().out.text.push_str(text);
                let (event, span) = run.into_event();
                return Some(Item::Event(event, span));
            }
            return Some(Item::Run(run));
        }
    }
}
