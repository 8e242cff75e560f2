//! Citations: `[@id]`, `[@id, "quoted words"]`, or several joined by `;`.
//! Each becomes a numbered mark with the source's preview card, and a note
//! at the end of the page (one per source and quotation); each use is
//! recorded, with its position in the file, for the quotation checks and
//! the sources' backlinks.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::text::{Item, PendingText, Run};
use super::{CitationUse, Context, Fragment, Note, SlotCard, State};
use crate::diagnostic::{Code, suggest};
use crate::model::Kind;
use crate::text::escape_html;

/// Cuts runs of text at their citations and renders each citation.
pub(super) struct Citations<'f, 'e, I> {
    f: &'f Fragment<'f>,
    inner: I,
    /// The parts of the current run, each rendered only when it is handed
    /// on: the text before a citation goes through the later adaptors
    /// before the citation is numbered.
    parts: VecDeque<Part<'e>>,
}

enum Part<'e> {
    Item(Item<'e>),
    /// A citation, as bytes `[` to `]` of a run's text, and whether a space
    /// before it was taken out to stand as a no-break space.
    Citation(Run, bool),
}

impl<'f, I> Citations<'f, '_, I> {
    pub(super) fn new(f: &'f Fragment<'f>, inner: I) -> Self {
        Citations {
            f,
            inner,
            parts: VecDeque::new(),
        }
    }
}

impl<'e, I: Iterator<Item = Item<'e>>> Iterator for Citations<'_, 'e, I> {
    type Item = Item<'e>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.parts.pop_front() {
                Some(Part::Item(item)) => return Some(item),
                Some(Part::Citation(run, glued)) => return Some(self.render(&run, glued)),
                None => {}
            }
            let run = match self.inner.next()? {
                Item::Run(run) => run,
                item => return Some(item),
            };
            let text = run.text();
            let mut rest = 0;
            for (start, end) in citation_spans(text) {
                // The marks stay on the line of the word they follow: the
                // space between becomes a no-break space.
                let glued = start > rest && text.as_bytes()[start - 1] == b' ';
                let before = start - usize::from(glued);
                if rest < before {
                    self.parts
                        .push_back(Part::Item(Item::Run(run.part(rest..before))));
                }
                self.parts
                    .push_back(Part::Citation(run.part(start..end), glued));
                rest = end;
            }
            if rest < text.len() {
                self.parts
                    .push_back(Part::Item(Item::Run(run.part(rest..text.len()))));
            }
        }
    }
}

impl<'e, I> Citations<'_, 'e, I> {
    /// The marks of the citation `run` (from its `[` to its `]`), after a
    /// no-break space if `glued`.
    fn render(&self, run: &Run, glued: bool) -> Item<'e> {
        let Range { start, end } = run.range.clone();
        let pending = &*run.pending;
        let offset = pending.file_offset(start);
        // Smart punctuation and entities make the text longer or shorter
        // than what was written, so the end is mapped to the file too:
        // the closing `]` always starts a piece of its own or stands
        // where it was written.
        let len = pending.file_offset(end - 1) + 1 - offset;
        let mut html = citation(
            self.f.cx,
            &mut self.f.cx.state.borrow_mut(),
            &pending.text[start + 1..end - 1],
            pending,
            start + 1,
            offset,
            len,
        );
        if let Some(block) = self.f.scope.borrow_mut().blocks.last_mut() {
            block.cited = true;
        }
        if glued {
            html.insert_str(0, "&nbsp;");
        }
        Item::Event(Event::InlineHtml(CowStr::from(html)), offset..offset + len)
    }
}

/// Renders the inside of `[@a; @b, "quote"]` (without the brackets).
/// `inner` starts at `inner_at` in `pending`'s text; the whole citation
/// is `len` bytes at `offset` in the file.
fn citation(
    cx: &Context,
    state: &mut State,
    inner: &str,
    pending: &PendingText,
    inner_at: usize,
    offset: usize,
    len: usize,
) -> String {
    let mut marks = Vec::new();
    let mut part_start = inner_at;
    for part in split_citations(inner) {
        let trimmed = part.trim_start();
        let body_start = part_start + (part.len() - trimmed.len());
        let at = pending.file_offset(body_start);
        // Mapped like the citation's end: what follows a part (`;`, `]`
        // or a space) stands where it was written.
        let part_len = pending.file_offset(body_start + trimmed.trim_end().len()) - at;
        part_start += part.len() + 1;
        let Some((id, quote)) = parse_citation(trimmed.trim_end()) else {
            state.out.diagnostics.push(
                cx.file
                    .error(offset, len, format!("malformed citation `[{inner}]`"))
                    .with_hint("write `[@source-id]`, `[@source-id, \"quoted words\"]`, or several joined by `;`")
                    .with_code(Code::MalformedCitation),
            );
            return escape_html(&format!("[{inner}]"));
        };
        state.out.lookups.push(id.to_string());
        // Its card is made when a page shows it ([`super::cards`]).
        let is_source = cx
            .lookup
            .cards
            .get(id)
            .is_some_and(|c| c.kind == Kind::Source);
        if !is_source {
            if cx.lookup.unparsed.contains(id) {
                marks.push("<span class=\"cite cite-broken\">?</span>".to_string());
                continue;
            }
            if cx.lookup.withheld.contains(id) {
                state
                    .out
                    .diagnostics
                    .push(crate::resolve::internal_reference(
                        cx.file,
                        at,
                        id.len() + 1,
                        id,
                    ));
                marks.push("<span class=\"cite cite-broken\">?</span>".to_string());
                continue;
            }
            state.out.compared_all_ids = true;
            let sources = cx
                .lookup
                .cards
                .iter()
                .filter(|(_, c)| c.kind == Kind::Source)
                .map(|(k, _)| k.as_str());
            let mut d = cx.file.error(
                at,
                id.len() + 1,
                format!("unknown source `{id}` in a citation"),
            );
            d = match suggest(id, sources) {
                Some(s) => d.with_hint(format!("did you mean `@{s}`?")),
                None => d.with_hint("cite the id of a file in content/sources/"),
            };
            state.out.diagnostics.push(d.with_code(Code::UnknownSource));
            marks.push("<span class=\"cite cite-broken\">?</span>".to_string());
            continue;
        }
        let key = (id.to_string(), quote.map(str::to_string));
        let next = state.out.notes.len() + 1;
        let number = *state.note_numbers.entry(key).or_insert(next);
        if number == next {
            state.out.notes.push(Note {
                number,
                source: id.to_string(),
                quote: quote.map(str::to_string),
                backrefs: Vec::new(),
            });
        }
        state.cite_marks += 1;
        let mark = format!("cite-{}", state.cite_marks);
        state.out.notes[number - 1].backrefs.push(mark.clone());
        state.out.citations.push(CitationUse {
            source: id.to_string(),
            quote: quote.map(str::to_string),
            number,
            offset: at,
            len: part_len,
            mark: mark.clone(),
            heading: state.out.headings.len().checked_sub(1),
        });
        let card = state
            .markers
            .stand_in(SlotCard::Citation(state.out.citations.len() - 1));
        marks.push(format!(
            "<span class=\"cite\"><a class=\"cite-ref\" id=\"{mark}\" href=\"#note-{number}\" aria-describedby=\"{mark}-card\">{number}</a>{card}</span>",
        ));
    }
    format!(
        "<sup class=\"cites\">{}</sup>",
        marks.join("<span class=\"cite-sep\">, </span>")
    )
}

/// Splits `@a; @b, "x; y"` at the semicolons outside quotations.
pub(crate) fn split_citations(inner: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut in_quote = false;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '"' => in_quote = !in_quote,
            '“' => in_quote = true,
            '”' => in_quote = false,
            ';' if !in_quote => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
}

/// `@id` or `@id, "quote"` (straight or curly quotes).
pub(crate) fn parse_citation(part: &str) -> Option<(&str, Option<&str>)> {
    let rest = part.strip_prefix('@')?;
    let id_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let id = &rest[..id_end];
    if id.is_empty() {
        return None;
    }
    let after = rest[id_end..].trim();
    if after.is_empty() {
        return Some((id, None));
    }
    let quoted = after.strip_prefix(',')?.trim();
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .or_else(|| quoted.strip_prefix('“').and_then(|q| q.strip_suffix('”')))?;
    (!inner.trim().is_empty()).then_some((id, Some(inner)))
}

/// Where each `[@…]` citation of `text` starts and ends (after its `]`), as
/// the renderer cuts them: from `[@` to the first `]`.
pub fn citation_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut rest = 0;
    std::iter::from_fn(move || {
        let start = rest + text[rest..].find("[@")?;
        let end = start + text[start..].find(']')? + 1;
        rest = end;
        Some((start, end))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_parts_parse_with_quotes() {
        assert_eq!(parse_citation("@a"), Some(("a", None)));
        assert_eq!(parse_citation("@a-b, \"x y\""), Some(("a-b", Some("x y"))));
        assert_eq!(parse_citation("@a, “x y”"), Some(("a", Some("x y"))));
        assert_eq!(parse_citation("@a, x"), None);
        assert_eq!(parse_citation("a"), None);
        assert_eq!(
            split_citations("@a; @b, \"x; y\""),
            vec!["@a", " @b, \"x; y\""]
        );
    }
}
