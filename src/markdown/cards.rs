//! The preview cards of a body: links to entries and citations show one on
//! hover and focus. While a body renders, each card is a marker in the
//! markup; once it is rendered the markers are taken out and their places
//! kept ([`CardSlot`]), so that the body is held without its cards. A page
//! puts them in as it is written ([`with_cards`]); the print edition, whose
//! endnotes and sections say the same, shows none.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::{Card, CardSlot, CitationUse, Rendered, SlotCard};
use crate::model::Kind;
use crate::text::escape_html;

/// The markers of one render, and what each stands for.
pub(super) struct Markers {
    /// `bbcard{nonce}n`, the nonce from the file's text: a body cannot
    /// write a marker of its own.
    prefix: String,
    cards: Vec<SlotCard>,
}

impl Default for Markers {
    /// Never empty: the prefix is what `take_out` looks for.
    fn default() -> Self {
        Markers::new("")
    }
}

impl Markers {
    pub(super) fn new(text: &str) -> Self {
        let mut h = std::hash::DefaultHasher::new();
        text.hash(&mut h);
        Markers {
            prefix: format!("bbcard{:016x}n", h.finish()),
            cards: Vec::new(),
        }
    }

    /// The marker standing for `card` until the render ends. Letters and
    /// digits only: no escaping, sanitizing or smart punctuation changes it.
    pub(super) fn stand_in(&mut self, card: SlotCard) -> String {
        self.cards.push(card);
        let number = (self.cards.len() - 1).to_string();
        let mut marker = String::with_capacity(self.prefix.len() + number.len() + 1);
        marker.push_str(&self.prefix);
        marker.push_str(&number);
        marker.push('z');
        marker
    }

    /// Takes the markers out of `html`: the markup without them, and where
    /// each stood. A marker can stand twice (a sidenote shown twice) or
    /// not at all (left out with what held it).
    pub(super) fn take_out(self, html: String) -> (String, Vec<CardSlot>) {
        if self.cards.is_empty() {
            return (html, Vec::new());
        }
        let prefix = self.prefix.as_str();
        // Built once for the whole body: `str::find` builds its searcher
        // anew at each call.
        let finder = memchr::memmem::Finder::new(prefix);
        let mut out = String::with_capacity(html.len());
        let mut slots = Vec::new();
        let mut from = 0;
        while let Some(at) = finder.find(&html.as_bytes()[from..]).map(|at| at + from) {
            let digits = at + prefix.len();
            let end = html[digits..].find('z').map_or(html.len(), |e| digits + e);
            out.push_str(&html[from..at]);
            match html[digits..end].parse::<usize>() {
                Ok(n) if n < self.cards.len() => {
                    slots.push(CardSlot {
                        at: out.len(),
                        card: self.cards[n].clone(),
                    });
                    from = end + 1;
                }
                // Not one of this render's markers: text.
                _ => {
                    out.push_str(prefix);
                    from = digits;
                }
            }
        }
        out.push_str(&html[from..]);
        (out, slots)
    }
}

/// `r`'s markup with its preview cards in place, the cards made from
/// `cards`; `extra` gives what a citation's card shows after its quotation
/// (safe HTML, or nothing).
pub fn with_cards(
    r: &Rendered,
    cards: &HashMap<String, Card>,
    extra: impl Fn(&CitationUse) -> Option<String>,
) -> String {
    let markup: HashMap<&str, CardHtml> = (r.cards.iter())
        .filter_map(|slot| match &slot.card {
            SlotCard::Entry { id, .. } => Some(id.as_str()),
            SlotCard::Citation(n) => r.citations.get(*n).map(|c| c.source.as_str()),
        })
        .filter_map(|id| Some((id, CardHtml::of(cards.get(id)?))))
        .collect();
    with_card_html(r, |id| markup.get(id), extra)
}

/// A card's markup as every page that shows it has it, made once for the
/// site: a build puts the same card in hundreds of pages.
#[derive(Debug, Clone)]
pub struct CardHtml {
    kind: Kind,
    /// After the kind: the title and the meta line.
    head: String,
    /// The summary's element, or nothing.
    summary: String,
}

impl CardHtml {
    pub fn of(card: &Card) -> CardHtml {
        let mut head = String::with_capacity(80 + card.title.len() + card.subtitle.len());
        head.push_str("</span><span class=\"card-title\">");
        head.push_str(&escape_html(&card.title));
        head.push_str("</span><span class=\"card-meta\">");
        match &card.reference {
            Some(reference) => head.push_str(reference),
            None => head.push_str(&escape_html(&card.subtitle)),
        }
        head.push_str("</span>");
        let summary = if card.summary.is_empty() {
            String::new()
        } else {
            format!(
                "<span class=\"card-summary\">{}</span>",
                escape_html(&card.summary)
            )
        };
        CardHtml {
            kind: card.kind,
            head,
            summary,
        }
    }
}

/// [`with_cards`], with each card's markup looked up by the entry's id
/// (`card`).
pub fn with_card_html<'c>(
    r: &Rendered,
    card: impl Fn(&str) -> Option<&'c CardHtml>,
    extra: impl Fn(&CitationUse) -> Option<String>,
) -> String {
    let mut html = String::with_capacity(r.html.len() + r.cards.len() * 300);
    let mut from = 0;
    for slot in &r.cards {
        html.push_str(&r.html[from..slot.at]);
        from = slot.at;
        match &slot.card {
            SlotCard::Entry { id, mark } => {
                if let Some(card) = card(id) {
                    entry_card(&mut html, card, *mark);
                }
            }
            SlotCard::Citation(n) => {
                let Some(c) = r.citations.get(*n) else {
                    continue;
                };
                if let Some(card) = card(&c.source).filter(|c| c.kind == Kind::Source) {
                    citation_card(&mut html, card, c, extra(c).as_deref());
                }
            }
        }
    }
    html.push_str(&r.html[from..]);
    html
}

/// The card of a link to an entry, `xc-{mark}` on the page.
fn entry_card(out: &mut String, card: &CardHtml, mark: usize) {
    use std::fmt::Write;
    out.push_str("<span class=\"card\" role=\"tooltip\" id=\"xc-");
    write!(out, "{mark}").expect("a String takes any write");
    out.push_str("\">");
    head(out, card.kind.name(), card);
    out.push_str(&card.summary);
    out.push_str("</span>");
}

/// The card of a citation: the source and the quotation, then `extra`.
fn citation_card(out: &mut String, card: &CardHtml, c: &CitationUse, extra: Option<&str>) {
    out.push_str("<span class=\"card\" role=\"tooltip\" id=\"");
    out.push_str(&c.mark);
    out.push_str("-card\">");
    head(out, "Source", card);
    if let Some(q) = &c.quote {
        out.push_str("<span class=\"card-quote\">“");
        out.push_str(&escape_html(q));
        out.push_str("”</span>");
    }
    out.push_str(extra.unwrap_or_default());
    out.push_str("</span>");
}

/// A card's kind, title and meta line (the source's formatted reference
/// when it has one).
fn head(out: &mut String, kind: &str, card: &CardHtml) {
    out.push_str("<span class=\"card-kind\">");
    out.push_str(kind);
    out.push_str(&card.head);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(body: &str) -> (Rendered, HashMap<String, Card>) {
        let cards: HashMap<String, Card> = [
            ("src", Kind::Source, "Src <1>", "Summary"),
            ("ana", Kind::Actor, "Ana Ruiz", "A & B"),
        ]
        .map(|(id, kind, title, summary)| {
            let card = Card {
                kind,
                url: format!("{}/{id}.html", kind.folder()),
                title: title.to_string(),
                subtitle: "sub".to_string(),
                reference: None,
                summary: summary.to_string(),
            };
            (id.to_string(), card)
        })
        .into();
        (crate::markdown::tests::render_as_b(body, &cards), cards)
    }

    /// The body is held without cards; the page's markup has each at the
    /// place its link or citation gave it, as one piece of markup.
    #[test]
    fn cards_are_held_apart_and_put_back_in_place() {
        let (r, cards) =
            render("Ana Ruiz said so [@src, \"a quote\"].[^n]\n\n[^n]: See [[ana]].\n");
        assert!(!r.html.contains("class=\"card\""), "{}", r.html);
        assert!(!r.html.contains("bbcard"), "{}", r.html);
        assert_eq!(r.cards.len(), 3, "{:?}", r.cards);
        let html = with_cards(&r, &cards, |c| Some(format!("<i>{}</i>", c.mark)));
        assert!(html.contains(
            "Ana Ruiz</a><span class=\"card\" role=\"tooltip\" id=\"xc-1\"><span class=\"card-kind\">actor</span><span class=\"card-title\">Ana Ruiz</span><span class=\"card-meta\">sub</span><span class=\"card-summary\">A &amp; B</span></span></span>"
        ), "{html}");
        assert!(html.contains(
            ">1</a><span class=\"card\" role=\"tooltip\" id=\"cite-2-card\"><span class=\"card-kind\">Source</span><span class=\"card-title\">Src &lt;1&gt;</span><span class=\"card-meta\">sub</span><span class=\"card-quote\">“a quote”</span><i>cite-2</i></span></span>"
        ), "{html}");
        // The sidenote's link, moved with the sidenote.
        assert!(html.contains("id=\"xc-3\""), "{html}");
        assert!(!html.contains("bbcard"), "{html}");
    }

    /// Text that looks like a marker stays text: a body cannot place a
    /// card, nor make one go missing.
    #[test]
    fn a_body_cannot_write_a_marker() {
        let (r, cards) = render("bbcard0000000000000000n0z and bbcard [@src]\n");
        assert_eq!(r.cards.len(), 1);
        assert!(
            r.html
                .contains("bbcard0000000000000000n0z and bbcard&nbsp;"),
            "{}",
            r.html
        );
        let html = with_cards(&r, &cards, |_| None);
        assert_eq!(html.matches("class=\"card\"").count(), 1, "{html}");
    }

    /// A raw-HTML body goes through the sanitizer with its markers in it:
    /// the cards still find their places.
    #[test]
    fn cards_survive_the_sanitizer() {
        let (r, cards) = render("<em>Raw</em> and Ana Ruiz [@src].\n");
        assert_eq!(r.cards.len(), 2, "{}", r.html);
        let html = with_cards(&r, &cards, |_| None);
        assert!(html.contains("<em>Raw</em>"), "{html}");
        assert!(html.contains("Ana Ruiz</a><span class=\"card\""), "{html}");
        assert!(html.contains(">1</a><span class=\"card\""), "{html}");
    }
}
