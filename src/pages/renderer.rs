//! The page renderer: the site's entries in display order, and what every
//! page kind builds its context from (links, notes, figures, backlinks,
//! bodies with their citation cards' links, the site-wide view). Each page
//! kind adds its own `*_page` method in its own module.

use std::collections::{BTreeMap, BTreeSet};

use super::view::{
    BacklinkView, Field, FigureRow, FigureView, LinkView, NoteView, ReviewView, SiteView,
    TopicView, date_of, format_number,
};
use crate::model::{
    Backlink, DateSpec, Figure, FileRole, Kind, Meta, NOT_RECORDED, PartialDate, Passage,
    Precision, ReviewBy, SiteData,
};
use crate::search::hash::FastMap;
use crate::svg;

/// Builds the pages' contexts from the site data: what every page kind
/// shares, with the entries it lists in display order.
pub(super) struct PageRenderer<'a> {
    pub(super) data: &'a SiteData,
    /// Entry indices by kind, in display order.
    pub(super) by_kind: BTreeMap<Kind, Vec<usize>>,
    /// The edition's date, which briefs' ages and review notices are
    /// decided against (never the clock).
    pub(super) edition_date: Option<PartialDate>,
    /// Every source's passages by id: notes look theirs up here, once per
    /// citation (a scan of the source's passages made the build quadratic).
    /// Built on first use: rebuilds of the search index alone need none.
    passages: std::sync::OnceLock<FastMap<(&'a str, &'a str), &'a Passage>>,
    /// The passage ids of the quotations looked up so far, by their text:
    /// each is worked out once, for the note, the card and the endnote
    /// that look it up. Filled as pages ask, so a preview that renders a
    /// few pages works out only theirs. Read far more often than written
    /// (the same quotations recur), by both cores at once.
    quote_ids: std::sync::RwLock<FastMap<String, std::sync::Arc<str>>>,
    /// Every entry's link, by index, each made the first time a page asks
    /// for it, then cloned.
    links: Vec<std::sync::OnceLock<LinkView>>,
    /// Every card's markup, by the entry's id, made on first use: bodies
    /// copy it in wherever they link the entry.
    card_html: std::sync::OnceLock<FastMap<&'a str, crate::markdown::CardHtml>>,
}

impl<'a> PageRenderer<'a> {
    pub(super) fn new(data: &'a SiteData) -> Self {
        Self::of_kinds(data, &Kind::ALL)
    }

    /// A renderer that knows the entries of `kinds` only.
    pub(super) fn of_kinds(data: &'a SiteData, kinds: &[Kind]) -> Self {
        let mut by_kind: BTreeMap<Kind, Vec<usize>> = BTreeMap::new();
        for (i, e) in data.entries.iter().enumerate() {
            if let Some(k) = e.kind()
                && kinds.contains(&k)
                && data.ids.get(e.id.as_str()) == Some(&i)
            {
                by_kind.entry(k).or_default().push(i);
            }
        }
        for (kind, list) in by_kind.iter_mut() {
            let entries = &data.entries;
            match kind {
                Kind::Event => list.sort_by(|&a, &b| {
                    date_of(&entries[a])
                        .cmp(&date_of(&entries[b]))
                        .then_with(|| entries[a].id.cmp(&entries[b].id))
                }),
                // Cached: the keys allocate, and lists hold thousands.
                Kind::Brief => list.sort_by_cached_key(|&i| {
                    let weight = match entries[i].parsed.meta {
                        Meta::Brief { weight, .. } => weight,
                        _ => 0,
                    };
                    (
                        weight,
                        entries[i].title().to_lowercase(),
                        entries[i].id.clone(),
                    )
                }),
                _ => list.sort_by_cached_key(|&i| {
                    (entries[i].title().to_lowercase(), entries[i].id.clone())
                }),
            }
        }
        PageRenderer {
            data,
            by_kind,
            edition_date: data.edition_date(),
            passages: std::sync::OnceLock::new(),
            links: data
                .entries
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            quote_ids: std::sync::RwLock::default(),
            card_html: std::sync::OnceLock::new(),
        }
    }

    /// The passage of `source` that `quote` names, if the source's text is
    /// archived and holds it.
    pub(super) fn passage(&self, source: &str, quote: &str) -> Option<&'a Passage> {
        let passages = self.passages.get_or_init(|| {
            self.data
                .readers
                .iter()
                .flat_map(|(source, reader)| {
                    reader
                        .passages
                        .iter()
                        .map(move |p| ((source.as_str(), p.id.as_str()), p))
                })
                .collect()
        });
        let known = (self.quote_ids.read())
            .unwrap_or_else(|e| e.into_inner())
            .get(quote)
            .cloned();
        let id = known.unwrap_or_else(|| {
            // Worked out outside the lock.
            let id: std::sync::Arc<str> = crate::reader::passage_id(quote).into();
            (self.quote_ids.write())
                .unwrap_or_else(|e| e.into_inner())
                .insert(quote.to_string(), id.clone());
            id
        });
        passages.get(&(source, &*id)).copied()
    }

    /// Where a note's quotation can be read: in the source's published
    /// text, and on the original with a text directive.
    pub(super) fn note_links(
        &self,
        source: &str,
        quote: Option<&str>,
    ) -> (Option<String>, Option<String>) {
        let Some(quote) = quote else {
            return (None, None);
        };
        let data = self.data;
        let passage = self.passage(source, quote);
        let in_context = passage
            .filter(|_| data.readers.get(source).is_some_and(|r| r.published))
            .map(|p| format!("{}/{source}.html#{}", Kind::Source.folder(), p.id));
        let url = data
            .ids
            .get(source)
            .and_then(|&i| match &data.entries[i].parsed.meta {
                Meta::Source { url, .. } => Some(url.as_str()),
                _ => None,
            });
        // The source's own words match the original better than the
        // quotation's folded quotes and dashes.
        let words = passage.map_or(quote, |p| p.text.as_str());
        let original = url.and_then(|u| crate::reader::text_fragment_url(u, words));
        (in_context, original)
    }

    /// How old a brief's information is at the edition's date, in words.
    pub(super) fn age(&self, as_of: &DateSpec) -> Option<String> {
        self.edition_date
            .map(|edition| crate::freshness::age(as_of, edition).to_string())
    }

    /// The review notice of a brief whose `review_by` has come by the
    /// edition's date; `None` when it has not, or it sets none.
    pub(super) fn review_due(&self, review_by: Option<&ReviewBy>) -> Option<ReviewView> {
        let review = review_by?;
        let edition = self.edition_date?;
        if !crate::freshness::is_due(review.date, crate::freshness::edition_day(edition)) {
            return None;
        }
        Some(ReviewView {
            preposition: if review.date.precision() == Precision::Day {
                "by"
            } else {
                "in"
            },
            date: review.date.to_string(),
            date_iso: review.date.iso(),
            edition: edition.to_string(),
        })
    }

    pub(super) fn of_kind(&self, kind: Kind) -> &[usize] {
        self.by_kind.get(&kind).map_or(&[], Vec::as_slice)
    }

    /// The link to entry `i`.
    pub(super) fn link(&self, i: usize) -> LinkView {
        self.links[i].get_or_init(|| self.make_link(i)).clone()
    }

    fn make_link(&self, i: usize) -> LinkView {
        let e = &self.data.entries[i];
        let card = self.data.cards.get(e.id.as_str());
        let date = date_of(e);
        let date_text = date.map(|d| d.to_string()).unwrap_or_default();
        let date_iso = date.map(|d| d.datetime_attr()).unwrap_or_default();
        LinkView::new(
            e.id.as_str(),
            e.kind().unwrap_or(Kind::Brief),
            &e.url(),
            e.title(),
            card.map_or("", |c| c.subtitle.as_str()),
            card.and_then(|c| c.reference.as_deref())
                .unwrap_or_default(),
            card.map_or("", |c| c.summary.as_str()),
            &date_text,
            &date_iso,
        )
    }

    pub(super) fn link_id(&self, id: &str) -> Option<LinkView> {
        self.data.ids.get(id).map(|&i| self.link(i))
    }

    pub(super) fn links(
        &self,
        refs: impl IntoIterator<Item = &'a str>,
        sort_by_date: bool,
    ) -> Vec<LinkView> {
        let mut seen = BTreeSet::new();
        let mut v: Vec<(Option<DateSpec>, LinkView)> = refs
            .into_iter()
            .filter(|id| seen.insert(*id))
            .filter_map(|id| {
                let i = *self.data.ids.get(id)?;
                Some((date_of(&self.data.entries[i]), self.link(i)))
            })
            .collect();
        if sort_by_date {
            v.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
        }
        v.into_iter().map(|(_, l)| l).collect()
    }

    pub(super) fn site_view(&self) -> SiteView<'a> {
        let config = &self.data.config;
        let topics = self.topics(false);
        let counts = Kind::ALL
            .iter()
            .map(|k| (k.folder(), self.of_kind(*k).len()))
            .collect();
        SiteView {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            canonical_base: crate::feeds::absolute_base(&config.base_url),
            internal_edition: self.data.edition == crate::model::Edition::Internal,
            changes_since: self.changes_since(),
            topics,
            counts,
        }
    }

    pub(super) fn notes(&self, i: usize) -> Vec<NoteView> {
        self.data.rendered[i]
            .notes
            .iter()
            .filter_map(|n| {
                let (in_context, original) = self.note_links(&n.source, n.quote.as_deref());
                Some(NoteView {
                    number: n.number,
                    source: self.link_id(&n.source)?,
                    quote: n.quote.clone(),
                    backrefs: n.backrefs.clone(),
                    in_context,
                    original,
                })
            })
            .collect()
    }

    pub(super) fn figures(&self, figures: &[Figure]) -> Vec<FigureView> {
        let mut groups: Vec<(String, Vec<&Figure>)> = Vec::new();
        for f in figures {
            match groups.iter_mut().find(|(l, _)| *l == f.label) {
                Some((_, list)) => list.push(f),
                None => groups.push((f.label.clone(), vec![f])),
            }
        }
        groups
            .into_iter()
            .map(|(label, mut list)| {
                list.sort_by_key(|f| f.as_of);
                let dates: BTreeSet<String> = list.iter().map(|f| f.as_of.iso()).collect();
                let chart = if dates.len() >= 2 {
                    let points: Vec<svg::Point> = list
                        .iter()
                        .map(|f| svg::Point {
                            x: f.as_of.as_year_fraction(),
                            y: f.value,
                            x_label: f.as_of.to_string(),
                            y_label: format_number(f.value),
                        })
                        .collect();
                    svg::line_chart(&label, &points)
                } else {
                    String::new()
                };
                FigureView {
                    unit: list[0].unit.clone().unwrap_or_default(),
                    rows: list
                        .iter()
                        .filter_map(|f| {
                            Some(FigureRow {
                                value: format_number(f.value),
                                as_of: f.as_of.to_string(),
                                source: self.link_id(&f.source)?,
                                quote: f.quote.clone(),
                            })
                        })
                        .collect(),
                    label,
                    chart,
                }
            })
            .collect()
    }

    pub(super) fn backlinks(
        &self,
        list: Option<&Vec<Backlink>>,
        exclude_kind: Option<Kind>,
    ) -> Vec<BacklinkView> {
        list.map(|l| {
            l.iter()
                .filter(|b| {
                    self.data.entries[b.from].kind() != exclude_kind || exclude_kind.is_none()
                })
                .filter(|b| self.data.entries[b.from].role != FileRole::Home)
                .map(|b| BacklinkView {
                    entry: self.link(b.from),
                    excerpts: b.excerpts.clone(),
                    notes: b.notes.clone(),
                })
                .collect()
        })
        .unwrap_or_default()
    }

    pub(super) fn listed_in(&self, i: usize, kind: Kind) -> Vec<LinkView> {
        let mut v: Vec<usize> = self
            .data
            .backlinks
            .listed_in
            .get(&i)
            .map(|l| {
                l.iter()
                    .copied()
                    .filter(|&f| self.data.entries[f].kind() == Some(kind))
                    .collect()
            })
            .unwrap_or_default();
        v.sort_by_key(|&f| {
            (
                date_of(&self.data.entries[f]),
                self.data.entries[f].id.clone(),
            )
        });
        v.into_iter().map(|f| self.link(f)).collect()
    }

    pub(super) fn field(label: &'static str, value: &str) -> Field {
        Field {
            label,
            not_recorded: value.trim() == NOT_RECORDED,
            value: value.to_string(),
        }
    }

    /// Entry `i`'s body as its page shows it: with its preview cards, each
    /// quoted citation's card given the links its endnote has ("Read in
    /// context", "On the original"). A card is a tooltip, shown while its
    /// citation is hovered or focused, so its links are for pointers
    /// (`tabindex="-1"`); from the keyboard, the citation leads to the
    /// endnote, where the same links are in the tab order.
    pub(super) fn body_html(&self, i: usize) -> String {
        let root = if self.data.entries[i].role == FileRole::Home {
            ""
        } else {
            "../"
        };
        let cards = self.card_html.get_or_init(|| {
            use rayon::prelude::*;
            (self.data.cards.par_iter())
                .map(|(id, card)| (id.as_str(), crate::markdown::CardHtml::of(card)))
                .collect()
        });
        crate::markdown::with_card_html(
            &self.data.rendered[i],
            |id| cards.get(id),
            |c| self.card_links(c, root),
        )
    }

    /// The links a quoted citation's card gives after its quotation, as its
    /// endnote does: "Read in context" and "On the original".
    fn card_links(&self, c: &crate::model::CitationUse, root: &str) -> Option<String> {
        let (in_context, original) = self.note_links(&c.source, c.quote.as_deref());
        let mut links = vec![];
        if let Some(href) = in_context {
            links.push(format!(
                "<a class=\"in-context\" href=\"{root}{}\" tabindex=\"-1\">Read in context</a>",
                crate::text::escape_html(&href)
            ));
        }
        if let Some(href) = original {
            links.push(format!(
                "<a class=\"on-original\" href=\"{}\" rel=\"noopener noreferrer\" tabindex=\"-1\">On the original</a>",
                crate::text::escape_html(&href)
            ));
        }
        (!links.is_empty()).then(|| {
            format!(
                "<span class=\"card-summary card-links\">{}</span>",
                links.join(" · ")
            )
        })
    }

    /// The topics in their order, with their briefs if asked (only the home
    /// page shows them: every page gets the topics, so they must stay small).
    pub(super) fn topics(&self, with_briefs: bool) -> Vec<TopicView> {
        self.data
            .config
            .topics
            .iter()
            .map(|t| TopicView {
                id: t.id.clone(),
                title: t.title.clone(),
                description: t.description.clone(),
                briefs: if with_briefs {
                    self.of_kind(Kind::Brief)
                        .iter()
                        .filter(|&&i| matches!(&self.data.entries[i].parsed.meta, Meta::Brief { topic, .. } if topic.id == t.id))
                        .map(|&i| self.link(i))
                        .collect()
                } else {
                    Vec::new()
                },
            })
            .collect()
    }
}
