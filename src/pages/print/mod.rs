//! The print edition, `print.html`: the whole briefing on one page in the
//! order a printed report is read — cover, contents, overview, the briefs by
//! topic, the timeline, the actors, the sources — for paper and for
//! `briefbook pdf`.
//!
//! Entry bodies are rendered once, for their own pages; here each is
//! rewritten (with lol_html, streaming) to live on one page: every id gets
//! the id of its entry's section in front (`brief-tariffs--cite-3`), so no
//! two ids on the page collide; links to other entries become links to
//! their sections on the page (`#actor-…`); the hover cards, heading anchors
//! and sidenote toggles, which only make sense on screen, go; headings move
//! down to sit under their entry's heading. Citations become endnotes at the
//! end of their entry. Nothing here reads the clock: the edition's date is
//! the latest `as_of` of the briefs, so two builds stay byte-identical.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

pub mod body;

use super::PageRenderer;
use super::view::{Field, FigureView, LinkView, PageContext, ReviewView, date_of};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{FileRole, Kind, Meta, NOT_RECORDED, SiteData, Status};
use crate::output::{Chunked, OutputFile, Piece};
use crate::templates::Theme;

/// The print page's path in the site.
pub const PAGE: &str = "print.html";
/// The template of one entry's section.
const ENTRY_TEMPLATE: &str = "print-entry.html";
/// The generated stylesheet with the running header's text, beside it.
pub const RUNNING_HEAD_CSS: &str = "print-edition.css";

/// One endnote: a numbered citation of the entry it ends.
#[derive(Serialize)]
struct EndnoteView {
    number: usize,
    /// The note's id on the page.
    anchor: String,
    source: LinkView,
    /// The source's section on the page.
    source_anchor: String,
    /// The source's address, when one is recorded.
    source_url: Option<String>,
    quote: Option<String>,
    /// The quoted passage in the appendix of the source's published text.
    in_context: Option<InContext>,
    /// The ids of the citation marks that point here.
    backrefs: Vec<String>,
}

/// Where an endnote's quotation stands in an appendix.
#[derive(Serialize)]
struct InContext {
    anchor: String,
    appendix: usize,
    paragraph: usize,
}

/// A published source's text, printed as an appendix.
#[derive(Serialize)]
struct AppendixView {
    /// `appendix-{id}`; its paragraphs are `appendix-{id}--p-N`.
    anchor: String,
    number: usize,
    title: String,
    /// The source's section in the Sources part.
    source_anchor: String,
    paragraphs: Vec<AppendixParagraph>,
}

#[derive(Serialize)]
struct AppendixParagraph {
    anchor: String,
    number: usize,
    html: String,
    /// The places that quote the passages ending in this paragraph.
    quoted: Vec<QuotedIn>,
}

#[derive(Serialize)]
struct QuotedIn {
    lead: String,
    places: Vec<PlaceLink>,
}

#[derive(Serialize)]
struct PlaceLink {
    anchor: String,
    title: String,
    number: Option<usize>,
}

/// The published sources, in the order of the Sources part, numbered.
fn published_sources(r: &PageRenderer) -> Vec<usize> {
    r.of_kind(Kind::Source)
        .iter()
        .copied()
        .filter(|&i| {
            r.data
                .readers
                .get(r.data.entries[i].id.as_str())
                .is_some_and(|t| t.published)
        })
        .collect()
}

/// A link to an entry's section on the page.
#[derive(Serialize)]
struct AnchorLink {
    anchor: String,
    title: Arc<str>,
    date: Arc<str>,
    date_iso: Arc<str>,
}

/// One entry as printed.
#[derive(Serialize)]
struct SectionView {
    /// The section's id on the page: `{kind}-{id}`.
    anchor: String,
    kind: Kind,
    title: String,
    summary: String,
    fields: Vec<Field>,
    body: String,
    figures: Vec<FigureView>,
    notes: Vec<EndnoteView>,
    actors: Vec<AnchorLink>,
    events: Vec<AnchorLink>,
    as_of: String,
    as_of_iso: String,
    /// How old the brief's information is at the edition's date.
    age: Option<String>,
    /// The review notice, when the brief is due at the edition's date.
    review_due: Option<ReviewView>,
    draft: bool,
    date: Arc<str>,
    date_iso: Arc<str>,
    /// The entry's own page in the site, for readers of the screen version.
    url: String,
}

#[derive(Serialize)]
struct TopicSection {
    anchor: String,
    title: String,
    description: String,
    briefs: Vec<PrintedSection>,
}

#[derive(Serialize)]
struct YearSection {
    anchor: String,
    year: String,
    events: Vec<PrintedSection>,
}

#[derive(Serialize)]
struct EditionView {
    /// The latest `as_of` of the briefs, as shown; `None` without briefs.
    as_of: Option<String>,
    as_of_iso: Option<String>,
    briefs: usize,
    drafts: usize,
    actors: usize,
    events: usize,
    sources: usize,
}

/// Rendered sections by entry id (indices move when entries come or go),
/// kept by an incremental session.
#[derive(Default)]
pub struct Sections(std::sync::Mutex<SectionCache>);

#[derive(Default)]
struct SectionCache {
    /// Each entry's section's HTML.
    by_id: HashMap<String, String>,
    /// Ids whose sections changed in a rebuild that left the print edition
    /// for later ([`super::PrintEdition::Later`]).
    stale: HashSet<String>,
}

impl Sections {
    /// Marks the sections of the entries whose pages `set` renders as
    /// changed, for the next render of the print edition; the overview's
    /// with the home page.
    pub(super) fn mark_stale(&self, data: &SiteData, set: super::PageSet) {
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let home = set.site_pages.is_none_or(|p| p.contains("index.html"));
        for (i, entry) in data.entries.iter().enumerate() {
            let changed = if entry.role == FileRole::Home {
                home
            } else {
                set.entries.is_none_or(|e| e.contains(&i))
            };
            if changed {
                cache.stale.insert(entry.id.to_string());
            }
        }
    }
}

/// One entry's section as the print page's context holds it: what the
/// contents list of it, and its HTML (a marker until the page is written).
#[derive(Serialize, Clone)]
struct PrintedSection {
    anchor: String,
    title: String,
    draft: bool,
    html: String,
}

/// Sections the print page's writing makes, `BATCH` at a time on every
/// core: no more than a batch of them is held at once.
const BATCH: usize = 256;

/// The sections' HTML, kept out of the print page's context: each section
/// stands in it as a marker (an HTML comment) that [`Spliced::write`]
/// replaces as the page is written. On a large site the sections are most
/// of a 100 MB page: they are made while it is written, a batch at a time,
/// instead of all before it.
#[derive(Default)]
pub(super) struct Spliced {
    /// Unique to this page's sections, so that no text of the page can
    /// pass for a marker.
    nonce: u64,
    parts: Vec<Part>,
}

/// What a marker stands for: the section of entry `entry`, its heading at
/// `level`; made already when kept from an earlier render.
struct Part {
    entry: usize,
    level: u8,
    made: Option<String>,
}

impl Spliced {
    /// The marker standing for `part`.
    fn stand_in(&mut self, part: Part) -> String {
        self.parts.push(part);
        self.marker(self.parts.len() - 1)
    }

    fn marker(&self, n: usize) -> String {
        format!("<!--briefbook-section-{:016x}-{n}-->", self.nonce)
    }

    /// Where each marker stands in `page`: (start, end, part number). A
    /// theme's template may show a section twice (or not at all).
    fn markers(&self, page: &str) -> Vec<(usize, usize, usize)> {
        if self.parts.is_empty() {
            return Vec::new();
        }
        let prefix = format!("<!--briefbook-section-{:016x}-", self.nonce);
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(at) = page[from..].find(&prefix).map(|at| at + from) {
            let digits = at + prefix.len();
            let end = page[digits..]
                .find("-->")
                .map_or(page.len(), |e| digits + e);
            match page[digits..end].parse::<usize>() {
                Ok(n) if n < self.parts.len() => {
                    found.push((at, end + 3, n));
                    from = end + 3;
                }
                _ => from = digits,
            }
        }
        found
    }

    /// Writes `page` to `emit` with each marker replaced by its section,
    /// the sections made by `make` a batch at a time, in parallel. Every
    /// section is made even after one fails, so that every problem is
    /// reported; nothing more is emitted after a failure.
    fn write(
        &self,
        page: &str,
        make: &(dyn Fn(usize, u8) -> Result<String, Diagnostic> + Sync),
        emit: &mut dyn FnMut(&str) -> Result<(), Diagnostic>,
    ) -> Result<(), Vec<Diagnostic>> {
        let found = self.markers(page);
        let mut errors = Vec::new();
        let mut last = 0;
        for batch in found.chunks(BATCH) {
            let made: Vec<Result<std::borrow::Cow<str>, Diagnostic>> = batch
                .par_iter()
                .map(|&(_, _, n)| {
                    let part = &self.parts[n];
                    match &part.made {
                        Some(html) => Ok(std::borrow::Cow::Borrowed(html.as_str())),
                        None => make(part.entry, part.level).map(std::borrow::Cow::Owned),
                    }
                })
                .collect();
            for (&(at, end, _), html) in batch.iter().zip(made) {
                let written = html.and_then(|html| {
                    if errors.is_empty() {
                        emit(&page[last..at])?;
                        emit(&html)?;
                    }
                    Ok(())
                });
                if let Err(d) = written {
                    errors.push(d);
                }
                last = end;
            }
        }
        if errors.is_empty()
            && let Err(d) = emit(&page[last..])
        {
            errors.push(d);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// The print page, ready but for its sections: its context (each section
/// a marker), and what to make the sections from.
pub(super) struct PrintPage {
    pub(super) page: PageContext,
    pub(super) spliced: Spliced,
}

/// The print page's context (its sections standing in as markers, made
/// as the page is written: [`write_print_page`]) and its running-header
/// stylesheet.
pub(super) fn print_page(r: &PageRenderer, set: super::PageSet) -> (PrintPage, OutputFile) {
    let home = r.data.entries.iter().position(|e| e.role == FileRole::Home);
    let mut jobs: Vec<(usize, u8)> = home.map(|h| (h, 2)).into_iter().collect();
    for (kind, level) in [
        (Kind::Brief, 3),
        (Kind::Event, 4),
        (Kind::Actor, 3),
        (Kind::Source, 3),
    ] {
        jobs.extend(r.of_kind(kind).iter().map(|&i| (i, level)));
    }
    // A kept section stands while its entry's own page does not change:
    // it is made from the same inputs.
    let mut kept: HashMap<usize, String> = match set.print_sections {
        Some(sections) if set.entries.is_some() => {
            let sections = sections.0.lock().unwrap_or_else(|e| e.into_inner());
            let changed = |i: usize| {
                if sections.stale.contains(r.data.entries[i].id.as_str()) {
                    true
                } else if Some(i) == home {
                    set.site_pages.is_none_or(|p| p.contains("index.html"))
                } else {
                    set.entries.is_none_or(|e| e.contains(&i))
                }
            };
            jobs.iter()
                .filter(|(i, _)| !changed(*i))
                .filter_map(|(i, _)| {
                    let id = r.data.entries[*i].id.as_str();
                    Some((*i, sections.by_id.get(id)?.clone()))
                })
                .collect()
        }
        _ => HashMap::new(),
    };
    let level_of: HashMap<usize, u8> = jobs.iter().copied().collect();
    let mut spliced = Spliced {
        // Bodies cannot hold a comment (the sanitizer drops them, code is
        // escaped); the nonce also keeps a quoted marker from matching.
        nonce: crate::search::hash::combine(jobs.iter().map(|&(i, _)| {
            crate::search::hash::content_hash(
                format!(
                    "{}:{}",
                    r.print_anchor(i),
                    r.data.rendered.get(i).map_or(0, |b| b.html.len())
                )
                .as_bytes(),
            )
        })),
        parts: Vec::with_capacity(jobs.len()),
    };
    let mut take = |i: usize| {
        let level = *level_of.get(&i)?;
        let part = Part {
            entry: i,
            level,
            made: kept.remove(&i),
        };
        Some(PrintedSection {
            anchor: r.print_anchor(i),
            title: r.data.entries[i].title().to_string(),
            draft: matches!(
                r.data.entries[i].parsed.meta,
                Meta::Brief {
                    status: Status::Draft,
                    ..
                }
            ),
            html: spliced.stand_in(part),
        })
    };

    let overview = home.and_then(&mut take);
    let topics: Vec<TopicSection> = r
        .data
        .config
        .topics
        .iter()
        .map(|t| TopicSection {
            anchor: format!("topic-{}", t.id),
            title: t.title.clone(),
            description: t.description.clone(),
            briefs: r
                .of_kind(Kind::Brief)
                .iter()
                .filter(|&&i| {
                    matches!(&r.data.entries[i].parsed.meta,
                        Meta::Brief { topic, .. } if topic.id == t.id)
                })
                .filter_map(|&i| take(i))
                .collect(),
        })
        .collect();
    let mut years: Vec<YearSection> = Vec::new();
    for &i in r.of_kind(Kind::Event) {
        let year = date_of(&r.data.entries[i]).map_or(String::new(), |d| d.start.year.to_string());
        if years.last().is_none_or(|y| y.year != year) {
            years.push(YearSection {
                anchor: format!("timeline-{year}"),
                year,
                events: Vec::new(),
            });
        }
        if let Some(s) = take(i) {
            years.last_mut().expect("pushed above").events.push(s);
        }
    }
    let actors: Vec<PrintedSection> = r
        .of_kind(Kind::Actor)
        .iter()
        .filter_map(|&i| take(i))
        .collect();
    let sources: Vec<PrintedSection> = r
        .of_kind(Kind::Source)
        .iter()
        .filter_map(|&i| take(i))
        .collect();
    let appendices = r.appendices();

    let date = r.data.edition_date();
    let briefs = r.of_kind(Kind::Brief);
    let edition = EditionView {
        as_of: date.map(|d| d.to_string()),
        as_of_iso: date.map(|d| d.iso()),
        briefs: briefs.len(),
        drafts: briefs
            .iter()
            .filter(|&&i| {
                matches!(
                    r.data.entries[i].parsed.meta,
                    Meta::Brief {
                        status: Status::Draft,
                        ..
                    }
                )
            })
            .count(),
        actors: actors.len(),
        events: r.of_kind(Kind::Event).len(),
        sources: sources.len(),
    };

    let running_head = running_head_css(&r.data.config.title, edition.as_of.as_deref());
    let mut c = tera::Context::new();
    c.insert("page_title", &r.data.config.title);
    c.insert("edition", &edition);
    c.insert("overview", &overview);
    c.insert("topics", &topics);
    c.insert("years", &years);
    c.insert("actors", &actors);
    c.insert("sources", &sources);
    c.insert("appendices", &appendices);
    c.insert(
        "running_head_version",
        &format!(
            "{:016x}",
            crate::search::hash::content_hash(running_head.as_bytes())
        ),
    );
    c.insert("nav", "print");
    (
        PrintPage {
            page: PageContext {
                template: PAGE,
                path: PAGE.into(),
                root: "",
                context: c,
            },
            spliced,
        },
        OutputFile {
            path: RUNNING_HEAD_CSS.into(),
            bytes: running_head.into_bytes(),
        },
    )
}

/// Writes the print page, `html` being its template's output (sections as
/// markers), to `sink` in parts ([`Chunked`]), making the
/// sections as it goes; `sections` (an incremental session's) then keeps
/// every section for the next render.
pub(super) fn write_print_page(
    r: &PageRenderer,
    theme: &Theme,
    sections: Option<&Sections>,
    spliced: &Spliced,
    html: &str,
    sink: &(dyn Fn(OutputFile, Piece) -> Result<(), Diagnostic> + Sync),
) -> Result<(), Vec<Diagnostic>> {
    // Kept for the next render of an incremental session only.
    let made = std::sync::Mutex::new(HashMap::new());
    let make = |i: usize, level: u8| {
        let html = r.printed_section(theme, i, level)?;
        if sections.is_some() {
            made.lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(i, html.clone());
        }
        Ok(html)
    };
    let mut out = Chunked::new(PAGE, sink);
    spliced.write(html, &make, &mut |text| {
        // A failed write is the sink's, which `finish` returns.
        let _ = std::io::Write::write_all(&mut out, text.as_bytes());
        Ok(())
    })?;
    out.finish().map_err(|d| vec![d])?;
    if let Some(sections) = sections {
        let mut made = made.into_inner().unwrap_or_else(|e| e.into_inner());
        let by_id = spliced
            .parts
            .iter()
            .filter_map(|part| {
                let html = part.made.clone().or_else(|| made.remove(&part.entry))?;
                Some((r.data.entries[part.entry].id.to_string(), html))
            })
            .collect();
        *sections.0.lock().unwrap_or_else(|e| e.into_inner()) = SectionCache {
            by_id,
            stale: HashSet::new(),
        };
    }
    Ok(())
}

/// The page margins' text: the title at the head of every page but the
/// cover, the edition's date opposite. A stylesheet of its own because the
/// pages' Content-Security-Policy allows no inline style, and CSS has no way
/// to take a margin box's text from the document that Chromium supports.
fn running_head_css(title: &str, as_of: Option<&str>) -> String {
    let date = as_of.map_or(String::new(), |d| format!("As of {d}"));
    format!(
        "/* Generated by briefbook for print.html: the running header. */\n\
         @page {{\n  @top-left {{ content: {}; }}\n  @top-right {{ content: {}; }}\n}}\n\
         @page :first {{\n  @top-left {{ content: none; }}\n  @top-right {{ content: none; }}\n  @bottom-right {{ content: none; }}\n}}\n",
        css_string(title),
        css_string(&date)
    )
}

/// `s` as a CSS string literal: quotes, backslashes and control characters
/// escaped, so that no title can end the string or the rule.
fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // `<` too: nothing in a stylesheet should read as `</style`.
            c if c.is_control() || c == '<' => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl PageRenderer<'_> {
    /// The published sources' texts, as appendices.
    fn appendices(&self) -> Vec<AppendixView> {
        published_sources(self)
            .into_iter()
            .enumerate()
            .map(|(n, i)| {
                let e = &self.data.entries[i];
                let reader = &self.data.readers[e.id.as_str()];
                let anchor = format!("appendix-{}", e.id);
                let prefix = format!("{anchor}--");
                let mut paragraphs: Vec<AppendixParagraph> = (0..reader.paragraphs.len())
                    .map(|p| AppendixParagraph {
                        anchor: format!("{prefix}p-{}", p + 1),
                        number: p + 1,
                        html: crate::reader::paragraph_html(reader, p, &prefix),
                        quoted: Vec::new(),
                    })
                    .collect();
                for (last, passage) in reader.passages_by_last_paragraph() {
                    let mut seen = HashSet::new();
                    let places = passage
                        .places
                        .iter()
                        .filter_map(|pl| {
                            let section = self.print_anchor_of_path(&pl.url)?;
                            Some(PlaceLink {
                                anchor: match pl.number {
                                    Some(n) => format!("{section}--note-{n}"),
                                    None => section,
                                },
                                title: pl.title.to_string(),
                                number: pl.number,
                            })
                        })
                        // A note quoted twice in its entry is one place here.
                        .filter(|l: &PlaceLink| seen.insert(l.anchor.clone()))
                        .collect();
                    paragraphs[last].quoted.push(QuotedIn {
                        lead: crate::reader::lead(&passage.text, 8),
                        places,
                    });
                }
                AppendixView {
                    source_anchor: self.print_anchor(i),
                    anchor,
                    number: n + 1,
                    title: e.title().to_string(),
                    paragraphs,
                }
            })
            .collect()
    }

    /// Where a note's quotation stands in the appendices, if its source's
    /// text is published.
    fn in_context(&self, source: &str, quote: Option<&str>) -> Option<InContext> {
        let quote = quote?;
        let appendix = published_sources(self)
            .iter()
            .position(|&i| self.data.entries[i].id.as_str() == source)?;
        let passage = self.passage(source, quote)?;
        Some(InContext {
            anchor: format!("appendix-{source}--{}", passage.id),
            appendix: appendix + 1,
            paragraph: passage.segments[0].paragraph + 1,
        })
    }

    /// The id of an entry's section on the print page.
    fn print_anchor(&self, i: usize) -> String {
        let e = &self.data.entries[i];
        match e.kind() {
            Some(k) => format!("{}-{}", k.name(), e.id),
            None => "overview".to_string(),
        }
    }

    fn anchor_link(&self, i: usize) -> AnchorLink {
        let link = self.link(i);
        AnchorLink {
            anchor: self.print_anchor(i),
            title: link.title.clone(),
            date: link.date.clone(),
            date_iso: link.date_iso.clone(),
        }
    }

    /// The section's id on the page for a path of the site (relative to its
    /// root), if the print page has one.
    fn print_anchor_of_path(&self, path: &str) -> Option<String> {
        let fixed = match path {
            // Looked for only here: once per link would be quadratic.
            "" | "index.html" if self.data.entries.iter().any(|e| e.role == FileRole::Home) => {
                Some("overview")
            }
            "" | "index.html" => Some("cover"),
            "timeline.html" | "events/index.html" | "events/" => Some("timeline"),
            "actors/index.html" | "actors/" | "network.html" => Some("actors"),
            "sources/index.html" | "sources/" => Some("sources"),
            "briefs/index.html" | "briefs/" | PAGE => Some("contents"),
            _ => None,
        };
        if let Some(f) = fixed {
            return Some(f.to_string());
        }
        let (folder, file) = path.split_once('/')?;
        let id = file.strip_suffix(".html")?;
        let kind = Kind::from_folder(folder)?;
        let &i = self.data.ids.get(id)?;
        (self.data.entries[i].kind() == Some(kind)).then(|| self.print_anchor(i))
    }

    /// Whether the print page has, in the section of the entry at `path`,
    /// the id that was `fragment` on the entry's own page: a heading's or an
    /// endnote's.
    fn print_has_id(&self, path: &str, fragment: &str) -> bool {
        let Some(i) = path
            .rsplit_once('/')
            .and_then(|(_, file)| file.strip_suffix(".html"))
            .and_then(|id| self.data.ids.get(id))
        else {
            return false;
        };
        let r = &self.data.rendered[*i];
        r.headings.iter().any(|h| h.id == fragment)
            || fragment
                .strip_prefix("note-")
                .and_then(|n| n.parse::<usize>().ok())
                .is_some_and(|n| r.notes.iter().any(|note| note.number == n))
    }

    /// One entry's section of the print page, rendered.
    fn printed_section(&self, theme: &Theme, i: usize, level: u8) -> Result<String, Diagnostic> {
        let view = self.print_section(i, level)?;
        let mut c = tera::Context::new();
        c.insert("s", &view);
        c.insert("level", &level);
        theme.render(ENTRY_TEMPLATE, &c)
    }

    /// One entry as the print page shows it; `level` is its heading's.
    fn print_section(&self, i: usize, level: u8) -> Result<SectionView, Diagnostic> {
        let e = &self.data.entries[i];
        let anchor = self.print_anchor(i);
        let body = self
            .place_body(&self.data.rendered[i].html, &anchor, &e.url(), level - 1)
            .map_err(|err| {
                Diagnostic::file(
                    Severity::Error,
                    &e.file.path,
                    format!("the print edition cannot place this entry's body: {err}"),
                )
            })?;
        // The entry's notes as its page lists them, less the links to the
        // reader and the original ([`PageRenderer::notes`]), which paper has
        // no use for: an endnote points to the appendix instead.
        let notes = self.data.rendered[i]
            .notes
            .iter()
            .filter_map(|n| {
                let source = self.link_id(&n.source)?;
                let source_url = self.data.ids.get(&*source.id).and_then(|&s| {
                    match &self.data.entries[s].parsed.meta {
                        Meta::Source { url, .. } if url.trim() != NOT_RECORDED => Some(url.clone()),
                        _ => None,
                    }
                });
                Some(EndnoteView {
                    in_context: self.in_context(&source.id, n.quote.as_deref()),
                    anchor: format!("{anchor}--note-{}", n.number),
                    source_anchor: format!("{}-{}", source.kind.name(), source.id),
                    number: n.number,
                    source_url,
                    quote: n.quote.clone(),
                    backrefs: n
                        .backrefs
                        .iter()
                        .map(|b| format!("{anchor}--{b}"))
                        .collect(),
                    source,
                })
            })
            .collect();
        let p = &e.parsed;
        let links = |ids: &mut dyn Iterator<Item = &str>| -> Vec<AnchorLink> {
            let mut seen = std::collections::BTreeSet::new();
            ids.filter(|id| seen.insert(*id))
                .filter_map(|id| self.data.ids.get(id).map(|&j| self.anchor_link(j)))
                .collect()
        };
        let mut events = links(&mut p.events.iter().map(|r| r.id.as_str()));
        events.sort_by(|a, b| a.date_iso.cmp(&b.date_iso).then(a.anchor.cmp(&b.anchor)));
        let link = self.link(i);
        let mut view = SectionView {
            anchor,
            kind: e.kind().unwrap_or(Kind::Brief),
            title: e.title().to_string(),
            summary: String::new(),
            fields: Vec::new(),
            body,
            figures: self.figures(&p.figures),
            notes,
            actors: links(&mut p.actors.iter().map(|r| r.id.as_str())),
            events,
            as_of: String::new(),
            as_of_iso: String::new(),
            age: None,
            review_due: None,
            draft: false,
            date: link.date.clone(),
            date_iso: link.date_iso.clone(),
            url: e.url(),
        };
        match &p.meta {
            Meta::Brief {
                summary,
                as_of,
                status,
                review_by,
                ..
            } => {
                view.summary = summary.clone();
                view.age = self.age(as_of);
                view.review_due = self.review_due(review_by.as_ref());
                view.as_of = as_of.to_string();
                view.as_of_iso = as_of.datetime_attr();
                view.draft = *status == Status::Draft;
            }
            Meta::Home { summary, .. } => view.summary = summary.clone(),
            Meta::Actor {
                kind,
                role,
                country,
                aliases,
                ..
            } => {
                view.fields.push(Self::field("Role", role));
                view.fields.push(Self::field("Kind", kind));
                view.fields.push(Self::field("Country", country));
                if !aliases.is_empty() {
                    view.fields
                        .push(Self::field("Also named", &aliases.join("; ")));
                }
            }
            Meta::Event { topics, .. } => {
                let names: Vec<&str> = topics
                    .iter()
                    .filter_map(|t| self.data.config.topics.iter().find(|x| x.id == t.id))
                    .map(|t| t.title.as_str())
                    .collect();
                if !names.is_empty() {
                    view.fields.push(Self::field("Topics", &names.join("; ")));
                }
            }
            Meta::Source {
                author,
                publisher,
                published,
                url,
                kind,
                ..
            } => {
                view.fields.push(Self::field("Author", author));
                view.fields.push(Self::field("Publisher", publisher));
                view.fields.push(Self::field(
                    "Published",
                    &published.map_or(NOT_RECORDED.to_string(), |d| d.to_string()),
                ));
                view.fields.push(Self::field("Kind", kind));
                view.fields.push(Self::field("Address", url));
            }
        }
        Ok(view)
    }

    /// Places a body rendered for the page `page` in the section `prefix`
    /// of the print page, its headings `shift` levels down ([`body`]).
    fn place_body(
        &self,
        html: &str,
        prefix: &str,
        page: &str,
        shift: u8,
    ) -> Result<String, lol_html::errors::RewritingError> {
        let base = url::Url::parse("https://print.invalid/")
            .and_then(|root| root.join(page))
            .expect("a fixed URL and a site path");
        let relink = |path: String, fragment: Option<String>| match self.print_anchor_of_path(&path)
        {
            Some(a) => match fragment {
                Some(f) if self.print_has_id(&path, &f) => format!("#{a}--{f}"),
                _ => format!("#{a}"),
            },
            // A page the print edition does not hold: the site's own,
            // relative to print.html at the root.
            None => match fragment {
                Some(f) => format!("{path}#{f}"),
                None => path,
            },
        };
        body::place(
            html,
            &body::Placing {
                prefix,
                shift,
                base: &base,
                relink: &relink,
            },
        )
    }
}

/// A relative link of a page, as a path from the site's root and its
/// fragment. `None` for an absolute URL (another site, `mailto:`) or a
/// root-relative one, which mean the same from any page.
fn site_path(base: &url::Url, href: &str) -> Option<(String, Option<String>)> {
    plain_site_path(base.path(), href).or_else(|| parsed_site_path(base, href))
}

/// [`site_path`] of the links briefbook writes itself: a relative path of
/// ASCII letters, digits and `._-/`, and a fragment of the same, joined to
/// the page's folder as the URL parser would (`..` and `.` segments
/// removed) but without parsing a URL. `None` for anything else, which
/// goes the parser's way; a unit test holds the two to the same answers.
fn plain_site_path(page: &str, href: &str) -> Option<(String, Option<String>)> {
    let (path, fragment) = match href.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (href, None),
    };
    let plain = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'/'))
    };
    if path.is_empty() || path.starts_with('/') || !plain(path) || !fragment.is_none_or(plain) {
        return None;
    }
    let mut segments: Vec<&str> = page.trim_start_matches('/').split('/').collect();
    // The page's own name.
    segments.pop();
    let parts: Vec<&str> = path.split('/').collect();
    for (k, part) in parts.iter().enumerate() {
        match *part {
            ".." => {
                segments.pop();
            }
            "." => {}
            part => {
                segments.push(part);
                continue;
            }
        }
        // A path ending in a dot segment names a folder.
        if k == parts.len() - 1 {
            segments.push("");
        }
    }
    let path = segments.join("/");
    // As the parser's path, less its leading slashes.
    Some((
        path.trim_start_matches('/').to_string(),
        fragment.map(str::to_string),
    ))
}

/// [`site_path`] by the URL parser.
fn parsed_site_path(base: &url::Url, href: &str) -> Option<(String, Option<String>)> {
    if href.starts_with('/') || url::Url::parse(href).is_ok() {
        return None;
    }
    let resolved = base.join(href).ok()?;
    if resolved.origin() != base.origin() {
        return None;
    }
    let mut out = resolved.path().trim_start_matches('/').to_string();
    if let Some(q) = resolved.query() {
        out.push('?');
        out.push_str(q);
    }
    Some((out, resolved.fragment().map(str::to_string)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `page` written by `spliced`, the sections made by `make`, in
    /// parts of any size.
    fn written(
        spliced: &Spliced,
        page: &str,
        make: &(dyn Fn(usize, u8) -> Result<String, Diagnostic> + Sync),
    ) -> Result<String, Vec<Diagnostic>> {
        let mut out = String::new();
        spliced.write(page, make, &mut |text| {
            out.push_str(text);
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn sections_are_spliced_where_their_markers_stand() {
        let mut spliced = Spliced {
            nonce: 7,
            parts: Vec::new(),
        };
        let part = |entry, made: Option<&str>| Part {
            entry,
            level: 3,
            made: made.map(String::from),
        };
        let one = spliced.stand_in(part(1, None));
        let two = spliced.stand_in(part(2, Some("<p>two, kept</p>")));
        assert!(one.starts_with("<!--") && one != two);
        // A marker of another nonce, or past the last section, is text.
        let other = Spliced {
            nonce: 8,
            parts: vec![part(0, None)],
        }
        .marker(0);
        let beyond = spliced.marker(2);
        // A template may show a section twice, or leave one out.
        let page = format!("<main>{two}|{one}|{two}|{other}|{beyond}</main>");
        let make = |i: usize, level: u8| Ok(format!("<p>{i} at {level}</p>"));
        assert_eq!(
            written(&spliced, &page, &make).unwrap(),
            format!(
                "<main><p>two, kept</p>|<p>1 at 3</p>|<p>two, kept</p>|{other}|{beyond}</main>"
            )
        );
        let none = Spliced::default();
        assert_eq!(written(&none, "<p>x</p>", &make).unwrap(), "<p>x</p>");
        // More sections than a batch: each in its place.
        let mut many = Spliced::default();
        let page: String = (0..BATCH * 2 + 3)
            .map(|i| many.stand_in(part(i, None)) + ",")
            .collect();
        let expected: String = (0..BATCH * 2 + 3)
            .map(|i| format!("<p>{i} at 3</p>,"))
            .collect();
        assert_eq!(written(&many, &page, &make).unwrap(), expected);
    }

    #[test]
    fn every_section_that_fails_is_reported() {
        let mut spliced = Spliced::default();
        let page: String = (0..BATCH + 5)
            .map(|i| {
                spliced.stand_in(Part {
                    entry: i,
                    level: 3,
                    made: None,
                })
            })
            .collect();
        let make = |i: usize, _: u8| {
            if i % 100 == 7 {
                Err(Diagnostic::file(
                    Severity::Error,
                    std::path::Path::new("x.md"),
                    format!("section {i}"),
                ))
            } else {
                Ok(String::new())
            }
        };
        let errors = written(&spliced, &page, &make).unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["section 7", "section 107", "section 207"]);
    }

    #[test]
    fn css_string_cannot_end_the_string_or_the_rule() {
        assert_eq!(css_string(r#"A "b" \ c"#), r#""A \"b\" \\ c""#);
        assert_eq!(css_string("a\nb</style>"), "\"a\\a b\\3c /style>\"");
    }

    #[test]
    fn plain_links_resolve_as_the_url_parser_resolves_them() {
        // Every href of up to five characters from an alphabet of path
        // pieces, from pages at three depths.
        let alphabet = ['a', '.', '/', '-', '#', '_', 'Z', '1', '%', ':'];
        let mut hrefs = vec![String::new()];
        let mut all = Vec::new();
        for _ in 0..5 {
            hrefs = hrefs
                .iter()
                .flat_map(|h| alphabet.iter().map(move |c| format!("{h}{c}")))
                .collect();
            all.extend(hrefs.iter().cloned());
        }
        all.extend(
            [
                "../actors/a.html#s",
                "../../../../x.html",
                "./../a/./b/../c.html#n-1",
                "a//b.html",
                "..",
                "../",
                "briefs/.",
            ]
            .map(String::from),
        );
        let mut plain = 0;
        for page in ["index.html", "briefs/b.html", "a/b/c.html"] {
            let base = url::Url::parse("https://print.invalid/")
                .and_then(|root| root.join(page))
                .unwrap();
            for href in &all {
                if let Some(fast) = plain_site_path(base.path(), href) {
                    plain += 1;
                    assert_eq!(
                        Some(fast),
                        parsed_site_path(&base, href),
                        "{href:?} from {page}"
                    );
                }
                assert_eq!(
                    site_path(&base, href),
                    parsed_site_path(&base, href),
                    "{href:?} from {page}"
                );
            }
        }
        // Most of them took the plain way.
        assert!(plain > 10_000, "{plain}");
    }

    #[test]
    fn site_path_resolves_relative_links_and_leaves_others() {
        let base = url::Url::parse("https://print.invalid/briefs/x.html").unwrap();
        assert_eq!(
            site_path(&base, "../actors/a.html#s"),
            Some(("actors/a.html".into(), Some("s".into())))
        );
        assert_eq!(
            site_path(&base, "y.html"),
            Some(("briefs/y.html".into(), None))
        );
        assert_eq!(
            site_path(&base, "../../../etc/passwd"),
            Some(("etc/passwd".into(), None))
        );
        assert_eq!(site_path(&base, "https://example.org/a"), None);
        assert_eq!(site_path(&base, "//example.org/a"), None);
        assert_eq!(site_path(&base, "/abs.html"), None);
        assert_eq!(site_path(&base, "mailto:a@b.c"), None);
    }
}
