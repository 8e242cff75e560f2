//! Turns the checked site data into pages: one tera context per page, built
//! from serializable views, rendered in parallel. Every link is relative to
//! the page (`root` leads back to the site root), so the site works under any
//! path and from `file://`.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::load::FileRole;
use crate::model::{
    DateSpec, Entry, Figure, Kind, Meta, NOT_RECORDED, PartialDate, Precision, ReviewBy, SiteData,
    Status,
};
use crate::output::OutputFile;
use crate::resolve::Backlink;
use crate::search::{Facets, SearchDoc};
use crate::svg;
use crate::templates::Theme;

pub mod changes;
pub mod print;

/// A link to an entry, with what a list or a card shows of it.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub id: String,
    pub kind: Kind,
    pub url: String,
    pub title: String,
    pub subtitle: String,
    /// A source's reference in the citation style, as safe HTML; empty
    /// without `csl`.
    pub reference: String,
    pub summary: String,
    pub date: String,
    pub date_iso: String,
}

#[derive(Serialize)]
struct TopicView {
    id: String,
    title: String,
    description: String,
    briefs: Vec<LinkView>,
}

/// What every page knows of the site. Kept small: it is serialized into
/// every page's context, so nothing in it may grow with the content.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    /// `base_url` when it is absolute: canonical links and Open Graph
    /// tags need absolute addresses, so without one they are left out.
    canonical_base: Option<String>,
    /// The internal edition (with what the public one leaves out).
    internal_edition: bool,
    /// The date of the edition "What changed" compares with; `None` when
    /// there is none, and the navigation does not link the page.
    changes_since: Option<String>,
    topics: Vec<TopicView>,
    counts: BTreeMap<&'static str, usize>,
}

#[derive(Serialize)]
struct NoteView {
    number: usize,
    source: LinkView,
    quote: Option<String>,
    backrefs: Vec<String>,
    /// The quoted passage in the source's published text, relative to the
    /// site root (`sources/ID.html#q-…`).
    in_context: Option<String>,
    /// The original's address with a text directive for the quotation.
    original: Option<String>,
}

/// A paragraph of a published source's text.
#[derive(Serialize)]
struct ReaderParagraph {
    number: usize,
    html: String,
    passages: Vec<PassageView>,
}

/// A quoted passage, where its paragraph shows it, and its places.
#[derive(Serialize)]
struct PassageView {
    id: String,
    lead: String,
    places: Vec<crate::reader::Place>,
}

/// A published source's text.
#[derive(Serialize)]
pub(crate) struct ReaderView {
    paragraphs: Vec<ReaderParagraph>,
    passages: usize,
    quoted_paragraphs: usize,
}

/// The reader of source `id` if its text is published.
pub(crate) fn reader_view(data: &SiteData, id: &str) -> Option<ReaderView> {
    let reader = data.readers.get(id).filter(|r| r.published)?;
    let mut paragraphs: Vec<ReaderParagraph> = (0..reader.paragraphs.len())
        .map(|p| ReaderParagraph {
            number: p + 1,
            html: crate::reader::paragraph_html(reader, p, ""),
            passages: Vec::new(),
        })
        .collect();
    for passage in &reader.passages {
        // Listed under the paragraph where the passage ends.
        let last = passage
            .segments
            .last()
            .expect("located passages have segments");
        paragraphs[last.paragraph].passages.push(PassageView {
            id: passage.id.clone(),
            lead: crate::reader::lead(&passage.text, 12),
            places: passage.places.clone(),
        });
    }
    Some(ReaderView {
        quoted_paragraphs: paragraphs
            .iter()
            .filter(|p| p.html.contains("<mark"))
            .count(),
        paragraphs,
        passages: reader.passages.len(),
    })
}

/// Where a note's quotation can be read: in the source's published text,
/// and on the original with a text directive.
pub(crate) fn note_links(
    data: &SiteData,
    source: &str,
    quote: Option<&str>,
) -> (Option<String>, Option<String>) {
    let Some(quote) = quote else {
        return (None, None);
    };
    let reader = data.readers.get(source);
    let id = crate::reader::passage_id(quote);
    let passage = reader.and_then(|r| r.passages.iter().find(|p| p.id == id));
    let in_context = passage
        .filter(|_| reader.is_some_and(|r| r.published))
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

#[derive(Serialize)]
struct FigureRow {
    value: String,
    as_of: String,
    source: LinkView,
    quote: String,
}

#[derive(Serialize)]
struct FigureView {
    label: String,
    unit: String,
    rows: Vec<FigureRow>,
    chart: String,
}

#[derive(Serialize)]
struct BacklinkView {
    entry: LinkView,
    excerpts: Vec<String>,
    notes: Vec<usize>,
}

#[derive(Serialize)]
struct Field {
    label: &'static str,
    value: String,
    not_recorded: bool,
}

#[derive(Serialize)]
struct TimelineEvent {
    #[serde(flatten)]
    link: LinkView,
    topics: String,
    actors: String,
}

#[derive(Serialize)]
struct MonthGroup {
    name: String,
    events: Vec<TimelineEvent>,
}

#[derive(Serialize)]
struct YearGroup {
    year: String,
    months: Vec<MonthGroup>,
}

/// The most actors the network drawing shows.
const MAX_DRAWN_ACTORS: usize = 80;

/// Everything a page's template receives beyond the site-wide values.
struct PageContext {
    template: &'static str,
    path: String,
    root: &'static str,
    context: tera::Context,
}

/// A page to render, its context not built yet.
enum PageJob {
    Entry(usize),
    Home,
    List(Kind),
    Timeline,
    Network,
    Changes,
    /// The sources' coverage, for editors (internal edition only).
    Coverage,
    /// A page with nothing but its template and title, at the template's path.
    Simple(&'static str, &'static str),
    /// A page whose context is built already.
    Ready(PageContext),
}

/// Renders every page and copies the theme's static files.
pub fn render_site(data: &SiteData, theme: &Theme) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = render_pages(data, theme, PageSet::ALL)?;
    files.extend(static_files(theme));
    Ok(files)
}

/// Every page of the site and the static files, each handed to `sink` as
/// soon as it is made (see [`render_pages_into`]).
pub fn render_site_into<F>(data: &SiteData, theme: &Theme, sink: F) -> Result<(), Vec<Diagnostic>>
where
    F: Fn(OutputFile) -> Result<(), Diagnostic> + Sync,
{
    let statics: Vec<Diagnostic> = static_files(theme)
        .into_iter()
        .map(&sink)
        .filter_map(Result::err)
        .collect();
    render_pages_into(data, theme, PageSet::ALL, &sink)?;
    if statics.is_empty() {
        Ok(())
    } else {
        Err(statics)
    }
}

/// Which pages to render: all of them for a build, those whose inputs
/// changed for an incremental rebuild.
#[derive(Clone, Copy)]
pub struct PageSet<'s> {
    /// The entries whose own pages are wanted, by index; `None`: all.
    pub entries: Option<&'s std::collections::HashSet<usize>>,
    /// Which of the pages that list the site (home, lists, timeline,
    /// network, search and 404) are wanted, by path; `None`: all.
    pub site_pages: Option<&'s BTreeSet<String>>,
    /// The print edition's sections from the last render, kept between
    /// incremental rebuilds: print.html shows every entry, but only the
    /// sections of the entries in `entries` (and the overview, with
    /// `index.html`) can have changed. `None`: render every section.
    pub print_sections: Option<&'s print::Sections>,
    /// When the print edition is rendered.
    pub print: PrintEdition,
}

impl PageSet<'_> {
    pub const ALL: PageSet<'static> = PageSet {
        entries: None,
        site_pages: None,
        print_sections: None,
        print: PrintEdition::WithPages,
    };
}

/// When the print edition (print.html and its running head), the edition's
/// manifest (edition.json) and the feed are rendered. They hold every
/// entry, so on a large site they are the costliest files: the preview
/// renders the pages an editor is looking at first, and these after them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrintEdition {
    /// With the other pages, whenever any page is rendered.
    WithPages,
    /// Not now: the sections of the entries rendered now are marked stale
    /// in `print_sections`, for a later render with [`PrintEdition::Only`].
    Later,
    /// Even when the set names no other page: see [`render_print_edition`].
    Only,
}

/// Renders the pages of `set`: HTML, and the feed and sitemap (which
/// count as site pages, by their paths).
pub fn render_pages(
    data: &SiteData,
    theme: &Theme,
    set: PageSet,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let files = std::sync::Mutex::new(Vec::new());
    render_pages_into(data, theme, set, |f| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(f);
        Ok(())
    })?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Renders the pages of `set` and hands each file to `sink` as soon as it
/// is made, from the rendering threads, so that no more than a page per
/// thread is held at once. Every problem is returned, the sink's among
/// them; files already handed over stay handed over.
pub fn render_pages_into<F>(
    data: &SiteData,
    theme: &Theme,
    set: PageSet,
    sink: F,
) -> Result<(), Vec<Diagnostic>>
where
    F: Fn(OutputFile) -> Result<(), Diagnostic> + Sync,
{
    let renderer = PageRenderer::new(data);
    // What to render, in order; each page's context is built on the thread
    // that renders it (a source page that lists thousands of citing places
    // costs as much to build as to render).
    let mut jobs: Vec<PageJob> = data
        .paged_entries()
        .filter(|(i, _)| set.entries.is_none_or(|wanted| wanted.contains(i)))
        .map(|(i, _)| PageJob::Entry(i))
        .collect();
    let wanted = |path: &str| set.site_pages.is_none_or(|w| w.contains(path));
    if wanted("index.html") {
        jobs.push(PageJob::Home);
    }
    for kind in Kind::ALL {
        if wanted(&format!("{}/index.html", kind.folder())) {
            jobs.push(PageJob::List(kind));
        }
    }
    for (path, job) in [
        ("timeline.html", PageJob::Timeline),
        ("network.html", PageJob::Network),
        ("search.html", PageJob::Simple("search.html", "Search")),
        ("404.html", PageJob::Simple("404.html", "Page not found")),
    ] {
        if wanted(path) {
            jobs.push(job);
        }
    }
    if wanted(crate::changes::PAGE) {
        jobs.push(PageJob::Changes);
    }
    // Editors' page: never in the public edition.
    if data.edition == crate::model::Edition::Internal && wanted(crate::reader::COVERAGE_PAGE) {
        jobs.push(PageJob::Coverage);
    }
    let mut files = Vec::with_capacity(16);
    // The manifest records every entry's paragraphs (tens of MB on a large
    // site) and the feed every brief: like the print edition, they can wait
    // for after the pages an editor is looking at.
    let whole_site_now = |path: &str| match set.print {
        PrintEdition::WithPages => wanted(path),
        PrintEdition::Later => false,
        PrintEdition::Only => true,
    };
    if whole_site_now(crate::changes::MANIFEST) {
        files.push(data.changes.manifest_file());
    }
    if whole_site_now(crate::feeds::FEED) {
        files.push(crate::feeds::atom(data));
    }
    if wanted(crate::feeds::SITEMAP) {
        files.extend(crate::feeds::sitemap(data));
    }
    // The print edition shows everything: whatever else is rendered, it is
    // (now or later).
    let anything =
        set.site_pages.is_none_or(|w| !w.is_empty()) || set.entries.is_none_or(|w| !w.is_empty());
    let print_now = match set.print {
        PrintEdition::WithPages => anything,
        PrintEdition::Later => {
            if let Some(sections) = set.print_sections {
                sections.mark_stale(data, set);
            }
            false
        }
        PrintEdition::Only => true,
    };
    if print_now {
        let (page, running_head) = print::print_page(&renderer, theme, set)?;
        jobs.push(PageJob::Ready(page));
        files.push(running_head);
    }
    let site = renderer.site_view();
    // Static files are linked with `?v=` this version, so that a browser
    // never mixes a cached script or stylesheet with newer pages.
    let highlight_css = crate::highlight::stylesheet();
    let asset_version = format!(
        "{:016x}",
        crate::search::hash::combine(
            theme
                .statics
                .iter()
                .map(|(name, bytes)| crate::search::hash::combine([
                    crate::search::hash::content_hash(name.as_bytes()),
                    crate::search::hash::content_hash(bytes),
                ]))
                .chain([crate::search::hash::content_hash(highlight_css.as_bytes())])
        )
    );
    let results: Vec<Result<(), Diagnostic>> = jobs
        .into_par_iter()
        .map(|job| {
            let mut p = match job {
                PageJob::Entry(i) => renderer.entry_page(i),
                PageJob::Home => renderer.home_page(),
                PageJob::List(kind) => renderer.list_page(kind),
                PageJob::Timeline => renderer.timeline_page(),
                PageJob::Network => renderer.network_page(),
                PageJob::Changes => renderer.changes_page(),
                PageJob::Coverage => renderer.coverage_page(),
                PageJob::Simple(template, title) => renderer.simple_page(template, template, title),
                PageJob::Ready(page) => page,
            };
            p.context.insert("site", &site);
            // The 404 page is served at any depth: it links from the base URL.
            let root = if p.path == "404.html" {
                site.base_url
            } else {
                p.root
            };
            p.context.insert("root", root);
            p.context.insert("live_reload", &data.live_reload);
            p.context.insert("asset_version", &asset_version);
            p.context.insert("page_path", &p.path);
            if !p.context.contains_key("description") {
                p.context.insert("description", site.description);
            }
            let html = theme.render(p.template, &p.context)?;
            sink(OutputFile {
                path: p.path,
                bytes: html.into_bytes(),
            })
        })
        .chain(files.into_par_iter().map(&sink))
        .filter(Result::is_err)
        .collect();
    let mut errors = Vec::new();
    for d in results.into_iter().filter_map(Result::err) {
        if !errors.contains(&d) {
            errors.push(d);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(())
}

/// The print edition alone, its sections kept in `sections` by earlier
/// renders but for those marked stale: what rebuilds with
/// [`PrintEdition::Later`] left to do.
pub fn render_print_edition(
    data: &SiteData,
    theme: &Theme,
    sections: &print::Sections,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let no_entries = std::collections::HashSet::new();
    let no_site_pages = BTreeSet::new();
    render_pages(
        data,
        theme,
        PageSet {
            entries: Some(&no_entries),
            site_pages: Some(&no_site_pages),
            print_sections: Some(sections),
            print: PrintEdition::Only,
        },
    )
}

/// The theme's static files and the code highlighting stylesheet.
pub fn static_files(theme: &Theme) -> Vec<OutputFile> {
    let mut files = Vec::with_capacity(theme.statics.len() + 1);
    for (name, bytes) in &theme.statics {
        files.push(OutputFile {
            path: format!("static/{name}"),
            bytes: bytes.clone(),
        });
    }
    files.push(OutputFile {
        path: "static/highlight.css".into(),
        bytes: crate::highlight::stylesheet().into_bytes(),
    });
    files
}

/// The search index's files, built from every entry's text.
pub fn search_files(data: &SiteData) -> Vec<OutputFile> {
    search_index(data).1
}

/// The search index, kept to be updated after edits, and its files.
pub fn search_index(data: &SiteData) -> (crate::search::Index, Vec<OutputFile>) {
    let renderer = PageRenderer::new(data);
    let (index, files) = crate::search::Index::build(renderer.search_docs(), renderer.facets());
    (index, files.into_iter().map(search_output).collect())
}

/// What the search index holds of the entries `indices` (those of them it
/// shows), and the filters' values: what an update of the index needs.
pub fn search_docs_of(data: &SiteData, indices: &[usize]) -> (Vec<SearchDoc>, Facets) {
    // Only the actors' order matters here (the actor filter lists them);
    // sorting every brief by title would cost more than the update.
    let renderer = PageRenderer::of_kinds(data, &[Kind::Actor]);
    let docs = indices
        .iter()
        .copied()
        .filter(|&i| {
            let e = &data.entries[i];
            e.kind().is_some() && data.ids.get(e.id.as_str()) == Some(&i)
        })
        .map(|i| renderer.search_doc(i))
        .collect();
    (docs, renderer.facets())
}

/// A search index file as a file of the site.
pub fn search_output(f: crate::search::SearchFile) -> OutputFile {
    OutputFile {
        path: f.path,
        bytes: f.bytes,
    }
}

struct PageRenderer<'a> {
    data: &'a SiteData,
    /// Entry indices by kind, in display order.
    by_kind: BTreeMap<Kind, Vec<usize>>,
    /// The edition's date, which briefs' ages and review notices are
    /// decided against (never the clock).
    edition_date: Option<PartialDate>,
}

/// A brief due for review at the edition's date.
#[derive(Serialize)]
struct ReviewView {
    /// `by` (a day) or `in` (a month or a year), before the date.
    preposition: &'static str,
    date: String,
    date_iso: String,
    /// The edition's date, as shown.
    edition: String,
}

/// A brief listed on the home page as due for review.
#[derive(Serialize)]
struct DueView {
    #[serde(flatten)]
    link: LinkView,
    review: ReviewView,
}

/// The date lists sort an entry by, if it has one.
pub(crate) fn date_of(e: &Entry) -> Option<DateSpec> {
    match &e.parsed.meta {
        Meta::Brief { as_of, .. } => Some(*as_of),
        Meta::Event { date, .. } => Some(*date),
        Meta::Source { published, .. } => *published,
        _ => None,
    }
}

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let digits = format!("{}", v.abs() as i64);
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if v < 0.0 { format!("-{out}") } else { out }
    } else {
        format!("{v}")
    }
}

impl<'a> PageRenderer<'a> {
    fn new(data: &'a SiteData) -> Self {
        Self::of_kinds(data, &Kind::ALL)
    }

    /// A renderer that knows the entries of `kinds` only.
    fn of_kinds(data: &'a SiteData, kinds: &[Kind]) -> Self {
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
        }
    }

    /// How old a brief's information is at the edition's date, in words.
    fn age(&self, as_of: &DateSpec) -> Option<String> {
        self.edition_date
            .map(|edition| crate::freshness::age(as_of, edition).to_string())
    }

    /// The review notice of a brief whose `review_by` has come by the
    /// edition's date; `None` when it has not, or it sets none.
    fn review_due(&self, review_by: Option<&ReviewBy>) -> Option<ReviewView> {
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

    /// The briefs due for review at the edition's date, earliest
    /// `review_by` first.
    fn due_briefs(&self) -> Vec<DueView> {
        let mut due: Vec<(PartialDate, DueView)> = self
            .of_kind(Kind::Brief)
            .iter()
            .filter_map(|&i| match &self.data.entries[i].parsed.meta {
                Meta::Brief {
                    review_by: Some(r), ..
                } => Some((
                    r.date,
                    DueView {
                        review: self.review_due(Some(r))?,
                        link: self.link(i),
                    },
                )),
                _ => None,
            })
            .collect();
        // Stable: briefs due together keep their topic order.
        due.sort_by_key(|(date, _)| date.first_day());
        due.into_iter().map(|(_, v)| v).collect()
    }

    fn of_kind(&self, kind: Kind) -> &[usize] {
        self.by_kind.get(&kind).map_or(&[], Vec::as_slice)
    }

    fn link(&self, i: usize) -> LinkView {
        let e = &self.data.entries[i];
        let card = self.data.cards.get(e.id.as_str());
        let date = date_of(e);
        LinkView {
            id: e.id.to_string(),
            kind: e.kind().unwrap_or(Kind::Brief),
            url: e.url(),
            title: e.title().to_string(),
            subtitle: card.map(|c| c.subtitle.clone()).unwrap_or_default(),
            reference: card.and_then(|c| c.reference.clone()).unwrap_or_default(),
            summary: card.map(|c| c.summary.clone()).unwrap_or_default(),
            date: date.map(|d| d.to_string()).unwrap_or_default(),
            date_iso: date.map(|d| d.datetime_attr()).unwrap_or_default(),
        }
    }

    fn link_id(&self, id: &str) -> Option<LinkView> {
        self.data.ids.get(id).map(|&i| self.link(i))
    }

    fn links(&self, refs: impl IntoIterator<Item = &'a str>, sort_by_date: bool) -> Vec<LinkView> {
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

    fn site_view(&self) -> SiteView<'a> {
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

    fn notes(&self, i: usize) -> Vec<NoteView> {
        self.data.rendered[i]
            .notes
            .iter()
            .filter_map(|n| {
                let (in_context, original) = note_links(self.data, &n.source, n.quote.as_deref());
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

    fn figures(&self, figures: &[Figure]) -> Vec<FigureView> {
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

    fn backlinks(
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

    fn listed_in(&self, i: usize, kind: Kind) -> Vec<LinkView> {
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

    fn field(label: &'static str, value: &str) -> Field {
        Field {
            label,
            not_recorded: value.trim() == NOT_RECORDED,
            value: value.to_string(),
        }
    }

    /// Entry `i`'s body, each quoted citation's card given the links its
    /// endnote has ("Read in context", "On the original"). A card is a
    /// tooltip, shown while its citation is hovered or focused, so its links
    /// are for pointers (`tabindex="-1"`); from the keyboard, the citation
    /// leads to the endnote, where the same links are in the tab order.
    fn body_html(&self, i: usize) -> std::borrow::Cow<'_, str> {
        let r = &self.data.rendered[i];
        let root = if self.data.entries[i].role == FileRole::Home {
            ""
        } else {
            "../"
        };
        let mut inserts: Vec<(usize, String)> = Vec::new();
        for c in &r.citations {
            let (in_context, original) = note_links(self.data, &c.source, c.quote.as_deref());
            if in_context.is_none() && original.is_none() {
                continue;
            }
            // The card ends with its quotation: `…</span></span></span>`
            // closes the quotation, the card and the citation.
            let needle = format!("id=\"{}-card\">", c.mark);
            let Some(start) = r.html.find(&needle) else {
                continue;
            };
            let Some(end) = r.html[start..].find("</span></span></span>") else {
                continue;
            };
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
            inserts.push((
                start + end + "</span>".len(),
                format!(
                    "<span class=\"card-summary card-links\">{}</span>",
                    links.join(" · ")
                ),
            ));
        }
        if inserts.is_empty() {
            return std::borrow::Cow::Borrowed(&r.html);
        }
        inserts.sort_by_key(|(at, _)| *at);
        let mut html = String::with_capacity(r.html.len() + inserts.len() * 160);
        let mut from = 0;
        for (at, links) in inserts {
            html.push_str(&r.html[from..at]);
            html.push_str(&links);
            from = at;
        }
        html.push_str(&r.html[from..]);
        std::borrow::Cow::Owned(html)
    }

    fn entry_page(&self, i: usize) -> PageContext {
        let e = &self.data.entries[i];
        let r = &self.data.rendered[i];
        let p = &e.parsed;
        let kind = e.kind().expect("entries have kinds");
        let mut c = tera::Context::new();
        let link = self.link(i);
        c.insert("page_title", e.title());
        // What search engines and link previews show: the entry's summary
        // (as on its preview card), else the site's description.
        if !link.summary.is_empty() {
            c.insert("description", &link.summary);
        }
        c.insert("entry", &link);
        c.insert("change", &self.change_note(i));
        c.insert("internal", &p.internal);
        c.insert("kind", kind.name());
        c.insert("body", &self.body_html(i));
        c.insert("toc", &r.headings);
        c.insert("notes", &self.notes(i));
        c.insert("figures", &self.figures(&p.figures));
        let mut source_ids: Vec<&str> = p.sources.iter().map(|s| s.id.as_str()).collect();
        source_ids.extend(r.citations.iter().map(|c| c.source.as_str()));
        source_ids.extend(p.figures.iter().map(|f| f.source.as_str()));
        c.insert("sources", &self.links(source_ids, false));
        c.insert(
            "actors",
            &self.links(p.actors.iter().map(|a| a.id.as_str()), false),
        );
        c.insert(
            "events",
            &self.links(p.events.iter().map(|a| a.id.as_str()), true),
        );
        let mut fields = Vec::new();
        let template = match &p.meta {
            Meta::Brief {
                summary,
                topic,
                as_of,
                status,
                review_by,
                ..
            } => {
                c.insert("summary", summary);
                c.insert("age", &self.age(as_of));
                c.insert("review_due", &self.review_due(review_by.as_ref()));
                c.insert("as_of", &as_of.to_string());
                c.insert("as_of_iso", &as_of.datetime_attr());
                c.insert("status", status);
                c.insert("draft", &(*status == Status::Draft));
                let t = self.data.config.topics.iter().find(|t| t.id == topic.id);
                c.insert("topic", &t.map(|t| &t.title));
                c.insert("topic_id", &topic.id);
                "brief.html"
            }
            Meta::Actor {
                kind: actor_kind,
                role,
                country,
                aliases,
                ..
            } => {
                fields.push(Self::field("Kind", actor_kind));
                fields.push(Self::field("Role", role));
                fields.push(Self::field("Country", country));
                if !aliases.is_empty() {
                    fields.push(Self::field("Also named", &aliases.join("; ")));
                }
                c.insert(
                    "mentioned_in",
                    &self.backlinks(self.data.backlinks.mentioned_in.get(&i), None),
                );
                c.insert("in_briefs", &self.listed_in(i, Kind::Brief));
                c.insert("in_events", &self.listed_in(i, Kind::Event));
                "actor.html"
            }
            Meta::Event { date, topics, .. } => {
                let names: Vec<String> = topics
                    .iter()
                    .filter_map(|t| self.data.config.topics.iter().find(|x| x.id == t.id))
                    .map(|t| t.title.clone())
                    .collect();
                if !names.is_empty() {
                    fields.push(Self::field("Topics", &names.join("; ")));
                }
                c.insert("date", &date.to_string());
                c.insert("date_iso", &date.datetime_attr());
                c.insert("in_briefs", &self.listed_in(i, Kind::Brief));
                "event.html"
            }
            Meta::Source {
                author,
                publisher,
                published,
                url,
                kind: source_kind,
                archive,
                ..
            } => {
                fields.push(Self::field("Author", author));
                fields.push(Self::field("Publisher", publisher));
                fields.push(Self::field(
                    "Published",
                    &published.map_or(NOT_RECORDED.to_string(), |d| d.to_string()),
                ));
                fields.push(Self::field("URL", url));
                fields.push(Self::field("Kind", source_kind));
                fields.push(Self::field(
                    "Archive file",
                    archive.as_deref().unwrap_or(NOT_RECORDED),
                ));
                let cited_in: Vec<BacklinkView> = self
                    .backlinks(self.data.backlinks.cited_in.get(&i), None)
                    .into_iter()
                    .filter(|b| b.entry.id != e.id.as_str())
                    .collect();
                c.insert("cited_in", &cited_in);
                let reader = reader_view(self.data, e.id.as_str());
                c.insert("reader_css", &reader.is_some());
                c.insert("reader", &reader);
                "source.html"
            }
            Meta::Home { .. } => unreachable!("the home page is rendered by home_page"),
        };
        c.insert("fields", &fields);
        c.insert("nav", kind.folder());
        PageContext {
            template,
            path: e.url(),
            root: "../",
            context: c,
        }
    }

    /// The topics in their order, with their briefs if asked (only the home
    /// page shows them: every page gets the topics, so they must stay small).
    fn topics(&self, with_briefs: bool) -> Vec<TopicView> {
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

    fn home_page(&self) -> PageContext {
        let mut c = tera::Context::new();
        c.insert("topics", &self.topics(true));
        let home = self
            .data
            .entries
            .iter()
            .position(|e| e.role == FileRole::Home);
        match home {
            Some(i) => {
                c.insert("page_title", self.data.entries[i].title());
                c.insert("body", &self.body_html(i));
                c.insert("notes", &self.notes(i));
                c.insert(
                    "figures",
                    &self.figures(&self.data.entries[i].parsed.figures),
                );
            }
            None => {
                c.insert("page_title", "Overview");
                c.insert("body", "");
                c.insert("notes", &Vec::<NoteView>::new());
                c.insert("figures", &Vec::<FigureView>::new());
            }
        }
        let events = self.of_kind(Kind::Event);
        let recent: Vec<LinkView> = events.iter().rev().take(6).map(|&i| self.link(i)).collect();
        c.insert("recent_events", &recent);
        c.insert("due_briefs", &self.due_briefs());
        c.insert("changes", &self.change_summary());
        c.insert("nav", "home");
        PageContext {
            template: "home.html",
            path: "index.html".into(),
            root: "",
            context: c,
        }
    }

    fn list_page(&self, kind: Kind) -> PageContext {
        let mut c = tera::Context::new();
        c.insert("page_title", kind.plural_title());
        c.insert("kind", kind.name());
        let items: Vec<LinkView> = self.of_kind(kind).iter().map(|&i| self.link(i)).collect();
        let mut groups: Vec<(String, Vec<LinkView>)> = Vec::new();
        for (&i, item) in self.of_kind(kind).iter().zip(&items) {
            let key = match &self.data.entries[i].parsed.meta {
                Meta::Actor { kind, .. } => kind.clone(),
                Meta::Event { date, .. } => date.start.year.to_string(),
                Meta::Brief { topic, .. } => self
                    .data
                    .config
                    .topics
                    .iter()
                    .find(|t| t.id == topic.id)
                    .map_or(topic.id.clone(), |t| t.title.clone()),
                Meta::Source { kind, .. } => kind.clone(),
                Meta::Home { .. } => String::new(),
            };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, l)) => l.push(item.clone()),
                None => groups.push((key, vec![item.clone()])),
            }
        }
        if kind == Kind::Actor || kind == Kind::Source {
            groups.sort_by(|a, b| a.0.cmp(&b.0));
        }
        if kind == Kind::Brief {
            let order: Vec<&str> = self
                .data
                .config
                .topics
                .iter()
                .map(|t| t.title.as_str())
                .collect();
            groups.sort_by_key(|(k, _)| order.iter().position(|t| t == k).unwrap_or(usize::MAX));
        }
        #[derive(Serialize)]
        struct Group {
            /// The anchor: the topic's id for briefs, a slug of the name otherwise.
            id: String,
            name: String,
            items: Vec<LinkView>,
        }
        let topic_id = |name: &str| {
            self.data
                .config
                .topics
                .iter()
                .find(|t| t.title == name)
                .map(|t| t.id.clone())
        };
        let groups: Vec<Group> = groups
            .into_iter()
            .map(|(name, items)| Group {
                id: match kind {
                    Kind::Brief => topic_id(&name).unwrap_or_else(|| crate::text::slugify(&name)),
                    _ => crate::text::slugify(&name),
                },
                name,
                items,
            })
            .collect();
        c.insert("groups", &groups);
        c.insert("count", &items.len());
        c.insert("nav", kind.folder());
        PageContext {
            template: "list.html",
            path: format!("{}/index.html", kind.folder()),
            root: "../",
            context: c,
        }
    }

    fn timeline_page(&self) -> PageContext {
        let mut years: Vec<YearGroup> = Vec::new();
        for &i in self.of_kind(Kind::Event) {
            let e = &self.data.entries[i];
            let Meta::Event { date, topics, .. } = &e.parsed.meta else {
                continue;
            };
            let year = date.start.year.to_string();
            let month = date
                .start
                .month_name()
                .map_or("Month not recorded".to_string(), str::to_string);
            let ev = TimelineEvent {
                link: self.link(i),
                topics: topics
                    .iter()
                    .map(|t| t.id.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                actors: e
                    .parsed
                    .actors
                    .iter()
                    .map(|a| a.id.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            if years.last().is_none_or(|y| y.year != year) {
                years.push(YearGroup {
                    year: year.clone(),
                    months: Vec::new(),
                });
            }
            let y = years.last_mut().expect("pushed above");
            if y.months.last().is_none_or(|m| m.name != month) {
                y.months.push(MonthGroup {
                    name: month,
                    events: Vec::new(),
                });
            }
            y.months.last_mut().expect("pushed above").events.push(ev);
        }
        let mut c = tera::Context::new();
        c.insert("page_title", "Timeline");
        c.insert("years", &years);
        c.insert("count", &self.of_kind(Kind::Event).len());
        c.insert("actors", &self.actor_options());
        c.insert("nav", "timeline");
        PageContext {
            template: "timeline.html",
            path: "timeline.html".into(),
            root: "",
            context: c,
        }
    }

    /// Actors that appear in at least one event, for the timeline's filter.
    fn actor_options(&self) -> Vec<LinkView> {
        let mut used = BTreeSet::new();
        for &i in self.of_kind(Kind::Event) {
            for a in &self.data.entries[i].parsed.actors {
                used.insert(a.id.as_str());
            }
        }
        self.of_kind(Kind::Actor)
            .iter()
            .filter(|&&i| used.contains(self.data.entries[i].id.as_str()))
            .map(|&i| self.link(i))
            .collect()
    }

    fn network_page(&self) -> PageContext {
        let actors = self.of_kind(Kind::Actor);
        let index: BTreeMap<&str, usize> = actors
            .iter()
            .enumerate()
            .map(|(n, &i)| (self.data.entries[i].id.as_str(), n))
            .collect();
        let mut weights: BTreeMap<(usize, usize), (usize, usize)> = BTreeMap::new();
        for kind in [Kind::Event, Kind::Brief] {
            for &i in self.of_kind(kind) {
                let ids: BTreeSet<usize> = self.data.entries[i]
                    .parsed
                    .actors
                    .iter()
                    .filter_map(|a| index.get(a.id.as_str()).copied())
                    .collect();
                let ids: Vec<usize> = ids.into_iter().collect();
                for (n, &a) in ids.iter().enumerate() {
                    for &b in &ids[n + 1..] {
                        let w = weights.entry((a, b)).or_default();
                        if kind == Kind::Event {
                            w.0 += 1;
                        } else {
                            w.1 += 1;
                        }
                    }
                }
            }
        }
        let edges: Vec<(usize, usize, usize, usize)> = weights
            .into_iter()
            .map(|((a, b), (ev, br))| (a, b, ev, br))
            .collect();
        let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); actors.len()];
        for &(a, b, _, _) in &edges {
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
        // A drawing stays legible (and its layout cheap) only up to a few
        // dozen actors: draw the most connected, list every connection.
        let mut drawn: Vec<usize> = (0..actors.len()).collect();
        drawn.sort_by_key(|&n| (std::cmp::Reverse(neighbours[n].len()), n));
        drawn.truncate(MAX_DRAWN_ACTORS);
        drawn.sort_unstable();
        let position: BTreeMap<usize, usize> =
            drawn.iter().enumerate().map(|(p, &n)| (n, p)).collect();
        let nodes: Vec<svg::Node> = drawn
            .iter()
            .map(|&n| {
                let e = &self.data.entries[actors[n]];
                let group = match &e.parsed.meta {
                    Meta::Actor { kind, .. } => kind.clone(),
                    _ => String::new(),
                };
                svg::Node {
                    label: e.title().to_string(),
                    url: e.url(),
                    group,
                }
            })
            .collect();
        let drawn_edges: Vec<(usize, usize, usize, usize)> = edges
            .iter()
            .filter_map(|&(a, b, ev, br)| Some((*position.get(&a)?, *position.get(&b)?, ev, br)))
            .collect();
        #[derive(Serialize)]
        struct Connection {
            actor: LinkView,
            others: Vec<LinkView>,
        }
        let connections: Vec<Connection> = actors
            .iter()
            .zip(&neighbours)
            .map(|(&i, others)| Connection {
                actor: self.link(i),
                others: others.iter().map(|&j| self.link(actors[j])).collect(),
            })
            .collect();
        let mut c = tera::Context::new();
        c.insert("page_title", "Actor network");
        c.insert("svg", &svg::network(&nodes, &drawn_edges));
        c.insert("drawn", &nodes.len());
        c.insert("actor_count", &actors.len());
        c.insert("connections", &connections);
        c.insert("nav", "actors");
        PageContext {
            template: "network.html",
            path: "network.html".into(),
            root: "",
            context: c,
        }
    }

    /// For editors: per source, the paragraphs quoted and never touched.
    /// Paragraph numbers only: none of a source's words.
    fn coverage_page(&self) -> PageContext {
        let list = crate::reader::coverage(&self.data.entries, &self.data.ids, &self.data.readers);
        let archived: Vec<&crate::reader::SourceCoverage> =
            list.iter().filter(|c| c.archived).collect();
        let total: usize = archived.iter().map(|c| c.paragraphs).sum();
        let quoted: usize = archived.iter().map(|c| c.quoted.len()).sum();
        let mut c = tera::Context::new();
        c.insert("page_title", "Source coverage");
        c.insert("sources", &list);
        c.insert("total", &total);
        c.insert("quoted", &quoted);
        c.insert("percent", &(quoted * 100).checked_div(total).unwrap_or(0));
        c.insert("archived", &archived.len());
        c.insert("nav", "coverage");
        c.insert("reader_css", &true);
        PageContext {
            template: "coverage.html",
            path: crate::reader::COVERAGE_PAGE.into(),
            root: "",
            context: c,
        }
    }

    fn simple_page(&self, template: &'static str, path: &str, title: &str) -> PageContext {
        let mut c = tera::Context::new();
        c.insert("page_title", title);
        c.insert(
            "actors",
            &self
                .of_kind(Kind::Actor)
                .iter()
                .map(|&i| self.link(i))
                .collect::<Vec<_>>(),
        );
        c.insert("nav", "search");
        PageContext {
            template,
            path: path.to_string(),
            root: "",
            context: c,
        }
    }

    fn search_docs(&self) -> Vec<SearchDoc> {
        Kind::ALL
            .iter()
            .flat_map(|&k| self.of_kind(k).iter().copied())
            .map(|i| self.search_doc(i))
            .collect()
    }

    fn search_doc(&self, i: usize) -> SearchDoc {
        let e = &self.data.entries[i];
        let p = &e.parsed;
        let card_summary = self
            .data
            .cards
            .get(e.id.as_str())
            .map(|c| c.summary.clone())
            .unwrap_or_default();
        let (aliases, summary, topics) = match &p.meta {
            Meta::Actor { aliases, role, .. } => (aliases.clone(), role.clone(), Vec::new()),
            Meta::Brief { topic, .. } => (Vec::new(), card_summary, vec![topic.id.clone()]),
            Meta::Event { topics, .. } => (
                Vec::new(),
                card_summary,
                topics.iter().map(|t| t.id.clone()).collect(),
            ),
            Meta::Source { .. } | Meta::Home { .. } => (Vec::new(), card_summary, Vec::new()),
        };
        let mut actors: Vec<String> = p.actors.iter().map(|a| a.id.clone()).collect();
        // An actor's own page belongs under its own filter.
        if e.kind() == Some(Kind::Actor) {
            actors.push(e.id.to_string());
        }
        actors.extend(
            self.data.rendered[i]
                .mentions
                .iter()
                .map(|m| m.actor.clone()),
        );
        actors.sort();
        actors.dedup();
        SearchDoc {
            url: e.url(),
            kind: e.kind().map_or("brief", Kind::name).to_string(),
            title: e.title().to_string(),
            aliases,
            summary,
            body: crate::text::tidy_spacing(&self.data.rendered[i].text),
            topics,
            actors,
            date: date_of(e).map(|d| d.start.iso()),
        }
    }

    fn facets(&self) -> Facets {
        Facets {
            topics: self
                .data
                .config
                .topics
                .iter()
                .map(|t| (t.id.clone(), t.title.clone()))
                .collect(),
            actors: self
                .of_kind(Kind::Actor)
                .iter()
                .map(|&i| {
                    (
                        self.data.entries[i].id.to_string(),
                        self.data.entries[i].title().to_string(),
                    )
                })
                .collect(),
        }
    }
}
