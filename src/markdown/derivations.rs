//! Derivations `{92 − 29 − 37 = 26}` show their result, with the
//! arithmetic on hover and for screen readers (`crate::claims` checks it).

use std::collections::VecDeque;

use pulldown_cmark::{CowStr, Event};

use super::Fragment;
use super::text::{Item, Run};
use crate::text::escape_html;

/// Cuts runs of text at their derivations and renders each derivation.
pub(super) struct Derivations<'f, 'e, I> {
    f: &'f Fragment<'f>,
    inner: I,
    /// The parts of the current run, each rendered only when handed on.
    parts: VecDeque<Part<'e>>,
}

enum Part<'e> {
    Item(Item<'e>),
    Derived {
        expr: String,
        result: String,
        run: Run,
    },
}

impl<'f, I> Derivations<'f, '_, I> {
    pub(super) fn new(f: &'f Fragment<'f>, inner: I) -> Self {
        Derivations {
            f,
            inner,
            parts: VecDeque::new(),
        }
    }
}

impl<'e, I: Iterator<Item = Item<'e>>> Iterator for Derivations<'_, 'e, I> {
    type Item = Item<'e>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.parts.pop_front() {
                Some(Part::Item(item)) => return Some(item),
                Some(Part::Derived { expr, result, run }) => {
                    return Some(self.render(&expr, &result, &run));
                }
                None => {}
            }
            let run = match self.inner.next()? {
                Item::Run(run) => run,
                item => return Some(item),
            };
            let text = run.text();
            let mut at = 0;
            for d in crate::numbers::find_braced_derivations(text) {
                if at < d.start {
                    self.parts
                        .push_back(Part::Item(Item::Run(run.part(at..d.start))));
                }
                self.parts.push_back(Part::Derived {
                    expr: d.expr_text(text).to_string(),
                    result: d.result_text(text).to_string(),
                    run: run.part(d.start..d.end),
                });
                at = d.end;
            }
            if at < text.len() {
                self.parts
                    .push_back(Part::Item(Item::Run(run.part(at..text.len()))));
            }
        }
    }
}

impl<'e, I> Derivations<'_, 'e, I> {
    fn render(&self, expr: &str, result: &str, run: &Run) -> Item<'e> {
        let html = format!(
            "<span class=\"derived\" title=\"Worked out: {expr} = {result}\">{result}<span class=\"visually-hidden\"> (worked out: {expr})</span></span>",
            expr = escape_html(expr),
            result = escape_html(result),
        );
        let mut scope = self.f.scope.borrow_mut();
        scope.paragraph_text.push_str(result);
        self.f.cx.state.borrow_mut().out.text.push_str(result);
        if let Some(block) = scope.blocks.last_mut() {
            block.has_text = true;
        }
        Item::Event(Event::InlineHtml(CowStr::from(html)), run.span())
    }
}
