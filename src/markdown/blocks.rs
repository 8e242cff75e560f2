//! Paragraphs and list items: what the rest of the site learns from each
//! block's text. A brief's block with text but no citation is reported
//! (outside footnotes and ```` ```disagree ```` blocks); mentions get the
//! sentence they stand in; and the
//! page's text, for search, gets the block's end.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Fragment, Mention, Spanned};
use crate::text::{sentence_at, sentence_ends};

/// A block whose citations are counted (a paragraph, or a list item's text).
pub(super) struct Block {
    start: usize,
    pub(super) has_text: bool,
    pub(super) cited: bool,
    is_item: bool,
    had_paragraph: bool,
}

/// Follows the blocks as their events pass, unchanged; their positions in
/// the file stay behind (nothing after this adaptor needs them).
pub(super) struct Blocks<'f, I> {
    f: &'f Fragment<'f>,
    inner: I,
    in_footnote: bool,
}

impl<'f, I> Blocks<'f, I> {
    pub(super) fn new(f: &'f Fragment<'f>, inner: I) -> Self {
        Blocks {
            f,
            inner,
            in_footnote: false,
        }
    }
}

impl<'e, I: Iterator<Item = Spanned<'e>>> Iterator for Blocks<'_, I> {
    type Item = Event<'e>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let (event, range) = self.inner.next()?;
        match &event {
            Event::Start(Tag::Paragraph) => {
                let mut scope = self.f.scope.borrow_mut();
                if let Some(top) = scope.blocks.last_mut() {
                    top.had_paragraph = true;
                }
                scope.blocks.push(Block {
                    start: range.start,
                    has_text: false,
                    cited: false,
                    is_item: false,
                    had_paragraph: false,
                });
            }
            Event::Start(Tag::Item) => {
                self.f.scope.borrow_mut().blocks.push(Block {
                    start: range.start,
                    has_text: false,
                    cited: false,
                    is_item: true,
                    had_paragraph: false,
                });
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => self.end_block(),
            Event::Code(code) => {
                let mut scope = self.f.scope.borrow_mut();
                scope.paragraph_text.push_str(code);
                let mut state = self.f.cx.state.borrow_mut();
                state.out.text.push_str(code);
                state.out.text.push(' ');
                if let Some(text) = &mut scope.heading_text {
                    text.push_str(code);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                self.f.scope.borrow_mut().paragraph_text.push(' ');
            }
            Event::Start(Tag::FootnoteDefinition(_)) => self.in_footnote = true,
            Event::End(TagEnd::FootnoteDefinition) => self.in_footnote = false,
            _ => {}
        }
        Some(event)
    }
}

impl<I> Blocks<'_, I> {
    fn end_block(&self) {
        let scope = &mut *self.f.scope.borrow_mut();
        let Some(block) = scope.blocks.pop() else {
            return;
        };
        if block.cited
            && let Some(parent) = scope.blocks.last_mut()
        {
            parent.cited = true;
        }
        let out = &mut self.f.cx.state.borrow_mut().out;
        let counts = !block.is_item || !block.had_paragraph;
        if counts
            && block.has_text
            && !block.cited
            && !self.in_footnote
            && scope.disagree_depth == 0
        {
            out.uncited.push(block.start);
        }
        let text = std::mem::take(&mut scope.paragraph_text);
        let mut last: Option<std::sync::Arc<str>> = None;
        let ends = if scope.paragraph_mentions.is_empty() {
            Vec::new()
        } else {
            sentence_ends(&text)
        };
        for (actor, at) in scope.paragraph_mentions.drain(..) {
            let sentence = sentence_at(&text, &ends, at);
            let sentence = match last.take() {
                Some(same) if *same == *sentence => same,
                _ => std::sync::Arc::from(sentence),
            };
            last = Some(std::sync::Arc::clone(&sentence));
            out.mentions.push(Mention { actor, sentence });
        }
        out.text.push('\n');
    }
}
