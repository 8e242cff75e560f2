//! The number check: every number in a cited sentence must occur in the
//! archived text of a source that the sentence cites, or be a derivation
//! whose arithmetic holds.
//!
//! A *cited sentence* is a sentence of a body's prose (a paragraph, a list
//! item, a heading, a table row, a footnote, a position in a `disagree`
//! block) that holds at least one citation; the sources it cites are those
//! of its citations. A citation written just after a sentence's full stop
//! (`… prisoners. [@a]`) belongs to that sentence. Numbers inside the
//! citations themselves (the quotations) are already checked as quotations
//! and are not looked at again; nor are code, link targets, `[[id]]` links
//! or image descriptions.
//!
//! A year is the exception: the sources seldom print one, so it stands when
//! it is the year of a cited source's `published` date, of any event's
//! date, or occurs in a cited source's text. Derivations (`{92 − 29 − 37 =
//! 26}`, or a number followed by a footnote holding `92 − 29 − 37 = 26`)
//! are worked out, and their operands checked like any other number.
//!
//! The body is parsed again here rather than during rendering: the check
//! needs the archive, which rendering does not know, and this keeps the
//! renderer unchanged but for showing derivations.

use std::collections::{BTreeSet, HashMap};

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};

use crate::diagnostic::{Code, Diagnostic};
use crate::markdown::{MAX_DISAGREE_DEPTH, parse_citation, parser_options, split_citations};
use crate::model::{Archives, Edition, Entry, Meta};
use crate::numbers::{self, Derivation, Key, Number};
use crate::text;

/// What a number may be checked against besides the sources' texts: the
/// years of every event's date (from the whole briefing).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct YearsGiven {
    pub events: BTreeSet<i32>,
}

impl YearsGiven {
    pub fn of(entries: &[Entry]) -> YearsGiven {
        let mut events = BTreeSet::new();
        for e in entries {
            if let Meta::Event { date, .. } = &e.parsed.meta {
                events.insert(i32::from(date.start.year));
                if let Some(end) = date.end {
                    events.insert(i32::from(end.year));
                }
            }
        }
        YearsGiven { events }
    }
}

/// Prose of one block, as plain text, with where each piece came from.
#[derive(Debug, Default)]
struct Prose {
    text: String,
    /// (offset in `text`, offset in the file) for each piece.
    pieces: Vec<(usize, usize)>,
    /// Footnote references: offset in `text` and label.
    footnote_refs: Vec<(usize, String)>,
    /// The footnote whose text this is.
    footnote: Option<String>,
}

impl Prose {
    fn push(&mut self, text: &str, file_offset: usize) {
        self.pieces.push((self.text.len(), file_offset));
        self.text.push_str(text);
    }

    /// Stands for something that is not prose (inline code, a `[[link]]`):
    /// neither a word nor a sentence's end, so numbers around it stay apart.
    fn push_placeholder(&mut self, file_offset: usize) {
        self.push("\u{FFFC}", file_offset);
    }

    fn file_offset(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|&(t, _)| t <= at).max(1) - 1;
        let (t, f) = self.pieces[i];
        f + (at - t)
    }
}

/// Every block of prose in a body (and in its `disagree` blocks, and in its
/// `internal` blocks when `internal`: the public edition leaves those out).
fn collect_prose(body: &str, base: usize, depth: usize, internal: bool, out: &mut Vec<Prose>) {
    let mut current = Prose::default();
    let mut footnote: Option<String> = None;
    let mut code: Option<(bool, String, usize)> = None;
    // Links open, and whether each hides its text (`[[id]]` without `|`).
    let mut links: Vec<bool> = Vec::new();
    let mut hidden = 0usize;
    let flush = |current: &mut Prose, footnote: &Option<String>, out: &mut Vec<Prose>| {
        let mut done = std::mem::take(current);
        if !done.text.trim().is_empty() {
            done.footnote = footnote.clone();
            out.push(done);
        }
    };
    for (event, range) in Parser::new_ext(body, parser_options()).into_offset_iter() {
        let offset = base + range.start;
        match event {
            Event::Text(t) => match &mut code {
                Some((_, text, _)) => text.push_str(&t),
                None if hidden == 0 => current.push(&t, offset),
                None => {}
            },
            Event::Code(_) | Event::InlineHtml(_) | Event::InlineMath(_) => {
                current.push_placeholder(offset);
            }
            Event::SoftBreak | Event::HardBreak => current.push(" ", offset),
            Event::FootnoteReference(label) => {
                current
                    .footnote_refs
                    .push((current.text.len(), label.to_string()));
            }
            Event::Start(Tag::Link { link_type, .. }) => {
                let hides = matches!(link_type, LinkType::WikiLink { has_pothole: false });
                if hides {
                    hidden += 1;
                    current.push_placeholder(offset);
                }
                links.push(hides);
            }
            Event::End(TagEnd::Link) => hidden -= usize::from(links.pop() == Some(true)),
            Event::Start(Tag::Image { .. }) => hidden += 1,
            Event::End(TagEnd::Image) => hidden = hidden.saturating_sub(1),
            Event::Start(Tag::CodeBlock(kind)) => {
                flush(&mut current, &footnote, out);
                let prose = matches!(&kind, CodeBlockKind::Fenced(lang)
                    if lang.trim() == "disagree" || (internal && lang.trim() == "internal"));
                code = Some((prose, String::new(), range.start));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((true, text, start)) = code.take()
                    && depth < MAX_DISAGREE_DEPTH
                {
                    // The block's content starts on the line after the fence.
                    let content = body[start..].find('\n').map_or(start, |i| start + i + 1);
                    collect_prose(&text, base + content, depth + 1, internal, out);
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                flush(&mut current, &footnote, out);
                footnote = Some(label.to_string());
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                flush(&mut current, &footnote, out);
                footnote = None;
            }
            // A table row is one block; its cells are kept apart.
            Event::Start(Tag::TableCell) | Event::End(TagEnd::TableCell) => {
                current.push_placeholder(offset);
            }
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript,
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript,
            ) => {}
            Event::Start(_) | Event::End(_) | Event::Rule => flush(&mut current, &footnote, out),
            _ => {}
        }
    }
    flush(&mut current, &footnote, out);
}

/// A citation in a block's text: its span and the sources it names.
struct Cited {
    start: usize,
    end: usize,
    sources: Vec<String>,
}

/// `[@…]` citations, found as the renderer finds them.
fn citations(text: &str) -> Vec<Cited> {
    let mut out = Vec::new();
    for (start, end) in crate::markdown::citation_spans(text) {
        let sources = split_citations(&text[start + 1..end - 1])
            .into_iter()
            .filter_map(|part| parse_citation(part.trim()).map(|(id, _)| id.to_string()))
            .collect();
        out.push(Cited {
            start,
            end,
            sources,
        });
    }
    out
}

/// The sentences of `text` as byte ranges. A sentence ends where
/// [`text::sentence_break`] says, unless the full stop closes an
/// abbreviation (`U.S.`, `Gen.`, `J.`). Nothing inside `masked` (citations,
/// derivations) ends a sentence.
fn sentences(text: &str, masked: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let inside = |i: usize| masked.iter().any(|&(s, e)| s <= i && i < e);
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '?' | '!') || inside(i) || i < start {
            continue;
        }
        let Some(end) = text::sentence_break(text, i) else {
            continue;
        };
        // A full stop right after a citation ends the sentence, whatever the
        // quotation's last word was.
        if c == '.' && !masked.iter().any(|&(_, e)| e == i) && text::closes_abbreviation(text, i) {
            continue;
        }
        out.push((start, end));
        start = end;
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// One cited sentence's sources, resolved.
struct Sources<'a> {
    ids: Vec<String>,
    /// The texts of the cited sources that have one.
    archived: Vec<(String, &'a numbers::NumberSet)>,
    /// A cited source has no archived text: a number not found may be in it.
    unverifiable: bool,
    /// Years of the cited sources' `published` dates.
    published: BTreeSet<i32>,
}

/// What the check of one entry needs from the rest of the build.
pub struct Context<'a> {
    pub entries: &'a [Entry],
    pub ids: &'a HashMap<String, usize>,
    /// `None`: no archive, so numbers cannot be checked (said once, as for
    /// quotations); derivations' arithmetic still is.
    pub archives: Option<&'a Archives>,
    pub years: &'a YearsGiven,
    /// The internal edition also checks ```` ```internal ```` blocks.
    pub edition: Edition,
}

impl<'a> Context<'a> {
    fn sources(&self, ids: &BTreeSet<String>) -> Option<Sources<'a>> {
        let archives = self.archives?;
        let mut s = Sources {
            ids: ids.iter().cloned().collect(),
            archived: Vec::new(),
            unverifiable: false,
            published: BTreeSet::new(),
        };
        for id in ids {
            let Some(&i) = self.ids.get(id) else {
                // An unknown source is an error of its own already.
                s.unverifiable = true;
                continue;
            };
            if let Meta::Source {
                published: Some(date),
                ..
            } = &self.entries[i].parsed.meta
            {
                s.published.insert(i32::from(date.start.year));
                if let Some(end) = date.end {
                    s.published.insert(i32::from(end.year));
                }
            }
            match archives.get(id) {
                Some(Some(archive)) => s.archived.push((id.clone(), archive.numbers())),
                _ => s.unverifiable = true,
            }
        }
        Some(s)
    }
}

/// The problems with the numbers of one entry's body.
pub fn number_diagnostics(e: &Entry, cx: &Context) -> Vec<Diagnostic> {
    let body_start = e.parsed.body_start;
    // Without the archive only derivations are checked, and every one has
    // an `=`: most bodies need no second parse.
    if cx.archives.is_none() && !e.file.text[body_start..].contains('=') {
        return Vec::new();
    }
    let mut blocks = Vec::new();
    let internal = cx.edition == Edition::Internal;
    collect_prose(
        &e.file.text[body_start..],
        body_start,
        0,
        internal,
        &mut blocks,
    );
    let mut out = Vec::new();

    // Footnotes first: which of their equations give which result, so that
    // a number followed by the footnote's mark counts as derived.
    let mut footnote_results: HashMap<&str, Vec<Key>> = HashMap::new();
    for b in &blocks {
        if let Some(label) = &b.footnote {
            for d in numbers::find_derivations(&b.text) {
                if let Some(n) = numbers::find_numbers(d.result_text(&b.text)).first() {
                    footnote_results.entry(label).or_default().push(n.key);
                }
            }
        }
    }
    // The sources of the sentences that refer to each footnote: a
    // footnote's equation is checked against them.
    let mut referring: HashMap<String, BTreeSet<String>> = HashMap::new();
    for b in blocks.iter().filter(|b| b.footnote.is_none()) {
        check_block(
            e,
            b,
            cx,
            &BTreeSet::new(),
            &footnote_results,
            &mut referring,
            &mut out,
        );
    }
    for b in &blocks {
        if let Some(label) = &b.footnote {
            let extra = referring.get(label).cloned().unwrap_or_default();
            check_block(
                e,
                b,
                cx,
                &extra,
                &footnote_results,
                &mut HashMap::new(),
                &mut out,
            );
        }
    }
    out
}

/// Checks the cited sentences and the derivations of one block. `extra` are
/// sources a derivation's operands may also come from: for a footnote, the
/// sources of the sentences that refer to it.
fn check_block(
    e: &Entry,
    b: &Prose,
    cx: &Context,
    extra: &BTreeSet<String>,
    footnote_results: &HashMap<&str, Vec<Key>>,
    referring: &mut HashMap<String, BTreeSet<String>>,
    out: &mut Vec<Diagnostic>,
) {
    let text = b.text.as_str();
    let cited = citations(text);
    let derivations: Vec<Derivation> = numbers::find_derivations(text)
        .into_iter()
        .filter(|d| !cited.iter().any(|c| d.start < c.end && c.start < d.end))
        .collect();
    let mut masked: Vec<(usize, usize)> = cited.iter().map(|c| (c.start, c.end)).collect();
    masked.extend(derivations.iter().map(|d| (d.start, d.end)));
    let spans = sentences(text, &masked);

    // The sources each sentence cites.
    let mut cites: Vec<BTreeSet<String>> = vec![BTreeSet::new(); spans.len()];
    for c in &cited {
        let Some(mut si) = spans.iter().position(|&(s, e)| s <= c.start && c.start < e) else {
            continue;
        };
        let before = &text[spans[si].0..c.start];
        let before_is_prose = before.char_indices().any(|(i, ch)| {
            ch.is_alphanumeric()
                && !masked
                    .iter()
                    .any(|&(s, e)| s <= spans[si].0 + i && spans[si].0 + i < e)
        });
        if !before_is_prose && si > 0 {
            si -= 1;
        }
        cites[si].extend(c.sources.iter().cloned());
    }
    for (label_at, label) in &b.footnote_refs {
        if let Some(si) = spans
            .iter()
            .position(|&(s, e)| s <= *label_at && *label_at <= e)
        {
            referring
                .entry(label.clone())
                .or_default()
                .extend(cites[si].iter().cloned());
        }
    }

    // The text with every character that starts inside a masked span
    // blanked, byte for byte, so that offsets stay the same.
    let mut plain = text.as_bytes().to_vec();
    let next_char = |mut at: usize| {
        while !text.is_char_boundary(at) {
            at += 1;
        }
        at
    };
    for &(s, e) in &masked {
        let (s, e) = (next_char(s.min(text.len())), next_char(e.min(text.len())));
        plain[s..e.max(s)].fill(b' ');
    }
    let plain = String::from_utf8(plain).expect("whole characters were blanked");
    let sentence_of = |at: usize| spans.iter().position(|&(s, e)| s <= at && at < e);

    for n in numbers::find_numbers(&plain) {
        if n.incidental {
            continue;
        }
        let Some(si) = sentence_of(n.start) else {
            continue;
        };
        if cites[si].is_empty() || derived_by_footnote(b, &n, footnote_results) {
            continue;
        }
        let Some(sources) = cx.sources(&cites[si]) else {
            continue;
        };
        if let Some(d) = unsupported(e, b, n.start, n.end, n.key, text, &sources, cx.years) {
            out.push(d);
        }
    }

    for d in &derivations {
        let expr = d.expr_text(text);
        let expr_at = d.expr.0
            + (text[d.expr.0..d.expr.1].len() - text[d.expr.0..d.expr.1].trim_start().len());
        let written = &text[d.start..d.end];
        match numbers::evaluate(expr) {
            Err(why) => out.push(
                e.file
                    .error(b.file_offset(d.start), written.len(), format!("cannot work out the derivation `{}`: {why}", written.trim()))
                    .with_hint("write numbers joined by + − × / and parentheses, then `=` and the result: `{92 − 29 − 37 = 26}`")
                    .with_code(Code::WrongDerivation),
            ),
            Ok((value, operands)) => {
                let result = d.result_text(text);
                if !numbers::agrees(value, result) {
                    let result_at = d.result.0 + (text[d.result.0..d.result.1].len() - text[d.result.0..d.result.1].trim_start().len());
                    out.push(
                        e.file
                            .error(b.file_offset(result_at), result.len(), format!("`{expr}` makes {}, not {result}", numbers::show_value(value)))
                            .with_hint("correct the result or the numbers it is worked out from")
                            .with_code(Code::WrongDerivation),
                    );
                }
                let Some(si) = sentence_of(d.start) else { continue };
                let mut from = cites[si].clone();
                from.extend(extra.iter().cloned());
                if from.is_empty() {
                    continue;
                }
                let Some(sources) = cx.sources(&from) else {
                    continue;
                };
                for op in operands.iter().filter(|o| !is_constant(o.key)) {
                    let (s, end) = (expr_at + op.start, expr_at + op.end);
                    if let Some(d) = unsupported(e, b, s, end, op.key, text, &sources, cx.years) {
                        out.push(d);
                    }
                }
            }
        }
    }
}

/// Whole numbers up to 12, and 100, may stand in a derivation without a
/// source: halves, months of a year, percentages.
fn is_constant(key: Key) -> bool {
    matches!(key, Key::Amount(v) if v % 1000 == 0 && (v <= 12_000 || v == 100_000))
}

/// `26[^how]` where the footnote `how` holds an equation giving 26.
fn derived_by_footnote(b: &Prose, n: &Number, results: &HashMap<&str, Vec<Key>>) -> bool {
    b.footnote_refs.iter().any(|(at, label)| {
        b.text[n.end..*at.max(&n.end)].trim().is_empty()
            && *at >= n.end
            && results
                .get(label.as_str())
                .is_some_and(|keys| keys.iter().any(|k| k.value() == n.key.value()))
    })
}

/// The warning for a number at `start..end` of the block that the cited
/// sources do not hold, if they do not.
#[allow(clippy::too_many_arguments)]
fn unsupported(
    e: &Entry,
    b: &Prose,
    start: usize,
    end: usize,
    key: Key,
    text: &str,
    sources: &Sources,
    years: &YearsGiven,
) -> Option<Diagnostic> {
    if sources.archived.iter().any(|(_, set)| set.contains(key)) {
        return None;
    }
    if let Key::Year(y) = key
        && (years.events.contains(&y) || sources.published.contains(&y))
    {
        return None;
    }
    // A source without an archived text may hold it.
    if sources.unverifiable {
        return None;
    }
    let written = text[start..end].trim();
    let names = sources
        .ids
        .iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let message = match (key, sources.ids.len()) {
        (Key::Year(_), 1) => format!(
            "the year {written} is not in the cited source {names}, nor the year of its `published` date or of an event"
        ),
        (Key::Year(_), _) => format!(
            "the year {written} is not in the cited sources {names}, nor the year of their `published` dates or of an event"
        ),
        (_, 1) => format!("the number {written} is not in the cited source {names}"),
        _ => format!("the number {written} is not in the cited sources {names}"),
    };
    if let Key::Year(_) = key {
        let list = |years: &BTreeSet<i32>| {
            if years.is_empty() {
                "none".to_string()
            } else {
                years
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let hint = format!(
            "a year stands when a cited source prints it, is a cited source's `published` year ({}) or an event's year ({}); date the event, or cite a source that gives the year",
            list(&sources.published),
            list(&years.events),
        );
        let len = b.file_offset(end - 1) + 1 - b.file_offset(start);
        return Some(
            e.file
                .warning(b.file_offset(start), len, message)
                .with_hint(hint)
                .with_code(Code::UnsupportedNumber),
        );
    }
    let closest: Vec<String> = sources
        .archived
        .iter()
        .map(|(id, set)| {
            let near = set.closest(key, 3);
            if near.is_empty() {
                format!("`{id}` has no such numbers")
            } else {
                format!("closest in `{id}`: {}", near.join(", "))
            }
        })
        .collect();
    let how = format!(
        "if it is worked out from the source's numbers, write the arithmetic: `{{… = {written}}}`"
    );
    let len = b.file_offset(end - 1) + 1 - b.file_offset(start);
    Some(
        e.file
            .warning(b.file_offset(start), len, message)
            .with_hint(format!("{}; {how}", closest.join("; ")))
            .with_code(Code::UnsupportedNumber),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text, &[])
            .into_iter()
            .map(|(s, e)| text[s..e].trim())
            .collect()
    }

    #[test]
    fn sentences_end_at_a_full_stop_before_a_capital_not_after_abbreviations() {
        assert_eq!(
            split(
                "Mexico sent 29 to U.S. custody. Then 37 more (Gen. Trevilla said). J. Smith agreed!"
            ),
            [
                "Mexico sent 29 to U.S. custody.",
                "Then 37 more (Gen. Trevilla said).",
                "J. Smith agreed!"
            ]
        );
        assert_eq!(split("It said “no.” Then 3."), ["It said “no.”", "Then 3."]);
        assert_eq!(split("A 1.5 rise. b"), ["A 1.5 rise. b"]);
        let text = "Sent to the U.S. [@a, \"the U.S.\"]. Then 37.";
        let cite = (text.find('[').unwrap(), text.find(']').unwrap() + 1);
        assert_eq!(sentences(text, &[cite]).len(), 2);
    }

    #[test]
    fn citations_are_found_with_their_sources() {
        let c = citations("A [@a, \"x. Y\"; @b] and [@c].");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].sources, ["a", "b"]);
        assert_eq!(c[1].sources, ["c"]);
    }

    #[test]
    fn prose_skips_code_wikilinks_and_images_and_enters_disagree_blocks() {
        let body = "Sent `42` to [[transfer-of-29]] and [[x|the 37]] ![9 of them](i.png).\n\n```disagree\n- One says 40 [@a].\n```\n\n[^n]: 92 - 29 = 63.\n";
        let mut out = Vec::new();
        collect_prose(body, 100, 0, false, &mut out);
        let texts: Vec<&str> = out.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Sent \u{FFFC} to \u{FFFC} and the 37 .",
                "One says 40 [@a].",
                "92 - 29 = 63."
            ]
        );
        assert_eq!(out[2].footnote.as_deref(), Some("n"));
        let at = out[1].text.find("40").unwrap();
        assert_eq!(&body[out[1].file_offset(at) - 100..][..2], "40");
    }
}
