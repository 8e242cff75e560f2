//! Mentions of actors: their names and aliases found in the text (ignoring
//! case and accents) are recorded, with their sentence, for the actors'
//! backlinks, and linked to the actor's page as `mention_links` asks.
//! A name that several actors share is reported, not linked.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use pulldown_cmark::{CowStr, Event};

use super::text::{Item, Run};
use super::{Fragment, MentionLinks, Spanned, xref};
use crate::diagnostic::Code;
use crate::text::Folded;

/// Finds actors' names and aliases in text, ignoring case and accents.
pub struct MentionMatcher {
    automaton: Option<AhoCorasick>,
    /// For each pattern, the actors it names (more than one: ambiguous).
    owners: Vec<Vec<String>>,
    patterns: Vec<String>,
}

impl MentionMatcher {
    /// `names` holds, per actor id, the name and aliases to look for.
    pub fn new(names: &[(String, Vec<String>)]) -> Self {
        let mut by_pattern: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (id, list) in names {
            for name in list {
                let folded = crate::text::fold(name.trim());
                if folded.chars().count() >= 2 {
                    by_pattern.entry(folded).or_default().insert(id.clone());
                }
            }
        }
        let patterns: Vec<String> = by_pattern.keys().cloned().collect();
        let owners = by_pattern
            .into_values()
            .map(|s| s.into_iter().collect())
            .collect();
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                // Built once a site and run over every run of text: a DFA
                // (a few MB for thousands of names) rather than the NFA
                // the crate picks for that many patterns.
                .kind(Some(AhoCorasickKind::DFA))
                .build(&patterns)
                .expect("literal patterns build")
        });
        MentionMatcher {
            automaton,
            owners,
            patterns,
        }
    }

    /// The mentions in `text`: byte range in `text` and pattern index.
    fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let folded = Folded::new(text);
        let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        automaton
            .find_iter(&folded.text)
            .filter(|m| {
                !is_word(folded.text[..m.start()].chars().next_back())
                    && !is_word(folded.text[m.end()..].chars().next())
            })
            .map(|m| {
                let (s, e) = folded.original_range(m.start(), m.end(), text);
                (s, e, m.pattern().as_usize())
            })
            .collect()
    }
}

/// Links mentions in runs of text; past it every run is a text event.
pub(super) struct Mentions<'f, 'e, I> {
    f: &'f Fragment<'f>,
    inner: I,
    queue: VecDeque<Spanned<'e>>,
}

impl<'f, I> Mentions<'f, '_, I> {
    pub(super) fn new(f: &'f Fragment<'f>, inner: I) -> Self {
        Mentions {
            f,
            inner,
            queue: VecDeque::new(),
        }
    }
}

impl<'e, I: Iterator<Item = Item<'e>>> Iterator for Mentions<'_, 'e, I> {
    type Item = Spanned<'e>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some(event);
            }
            match self.inner.next()? {
                Item::Event(event, range) => return Some((event, range)),
                Item::Run(run) => self.plain_text(&run),
            }
        }
    }
}

impl<I> Mentions<'_, '_, I> {
    /// Queues the events of `run`, linking mentions of actors.
    fn plain_text(&mut self, run: &Run) {
        let cx = self.f.cx;
        let state = &mut *cx.state.borrow_mut();
        let scope = &mut *self.f.scope.borrow_mut();
        let span = run.span();
        let text = run.text();
        if text.is_empty() {
            return;
        }
        let mut emit = |event: Event<'static>| self.queue.push_back((event, span.clone()));
        let para_base = scope.paragraph_text.len();
        scope.paragraph_text.push_str(text);
        state.out.text.push_str(text);
        let mentions = cx.lookup.mentions;
        let mut last = 0;
        for (s, e, pattern) in mentions.find(text) {
            let owners = &mentions.owners[pattern];
            if owners.len() > 1 {
                let name = &mentions.patterns[pattern];
                if state.reported_ambiguous.insert(name.clone()) {
                    let offset = run.pending.file_offset(run.range.start + s);
                    state.out.diagnostics.push(
                        cx.file
                            .warning(
                                offset,
                                e - s,
                                format!(
                                    "`{}` could name {}; it is not linked",
                                    &text[s..e],
                                    owners
                                        .iter()
                                        .map(|o| format!("`{o}`"))
                                        .collect::<Vec<_>>()
                                        .join(" or ")
                                ),
                            )
                            .with_hint(
                                "make the aliases distinct, or link the one you mean with `[[id]]`",
                            )
                            .with_code(Code::AmbiguousMention),
                    );
                }
                continue;
            }
            let actor = &owners[0];
            if actor == cx.options.self_id {
                continue;
            }
            scope
                .paragraph_mentions
                .push((actor.clone(), para_base + s));
            let link = match cx.options.mention_links {
                MentionLinks::None => false,
                MentionLinks::Every => true,
                _ => state.section_linked.insert(actor.clone()),
            };
            if !link {
                continue;
            }
            state.out.lookups.push(actor.clone());
            let Some(card) = cx.lookup.cards.get(actor) else {
                continue;
            };
            if last < s {
                emit(Event::Text(CowStr::from(text[last..s].to_string())));
            }
            let (open, close) = xref(cx.options, state, actor, card, "mention");
            emit(Event::InlineHtml(CowStr::from(open)));
            emit(Event::Text(CowStr::from(text[s..e].to_string())));
            emit(Event::InlineHtml(CowStr::from(close)));
            last = e;
        }
        if last < text.len() {
            emit(Event::Text(CowStr::from(text[last..].to_string())));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_ignore_case_and_accents_at_word_boundaries() {
        let m = MentionMatcher::new(&[(
            "garcia-harfuch".to_string(),
            vec![
                "Omar García Harfuch".to_string(),
                "García Harfuch".to_string(),
            ],
        )]);
        let found = m.find("Then Garcia Harfuch spoke; GarcíaHarfuchs not.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 5);
    }
}
