//! The views the templates receive: serializable records of what a page
//! shows of an entry, a note, a figure or the site, built by the page
//! renderer and shared by every page kind.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::model::{DateSpec, Entry, Kind, Meta};

/// A link to an entry, with what a list or a card shows of it.
///
/// Made once per entry and per build ([`super::PageRenderer::link`]), then
/// cloned into every page that lists the entry: all of it is shared, so a
/// clone allocates and formats nothing, and counts one reference (a site of
/// 10,000 briefs lists its entries hundreds of thousands of times, from both
/// cores at once). A template receives it as a value made once too: tera
/// takes a clone of that (shared) instead of serializing the fields again
/// for each page.
#[derive(Debug, Clone)]
pub struct LinkView(Arc<Link>);

/// What a [`LinkView`] holds.
#[derive(Debug)]
pub struct Link {
    pub id: Arc<str>,
    pub kind: Kind,
    pub url: Arc<str>,
    pub title: Arc<str>,
    pub subtitle: Arc<str>,
    /// A source's reference in the citation style, as safe HTML; empty
    /// without `csl`.
    pub reference: Arc<str>,
    pub summary: Arc<str>,
    pub date: Arc<str>,
    pub date_iso: Arc<str>,
    /// The fields above as the templates see them.
    value: tera::Value,
}

impl std::ops::Deref for LinkView {
    type Target = Link;
    fn deref(&self) -> &Link {
        &self.0
    }
}

/// What a template sees of a [`LinkView`].
#[derive(Serialize)]
struct LinkFields<'a> {
    id: &'a str,
    kind: Kind,
    url: &'a str,
    title: &'a str,
    subtitle: &'a str,
    reference: &'a str,
    summary: &'a str,
    date: &'a str,
    date_iso: &'a str,
}

impl LinkView {
    /// The view of a link with these fields (`reference` is safe HTML).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        id: &str,
        kind: Kind,
        url: &str,
        title: &str,
        subtitle: &str,
        reference: &str,
        summary: &str,
        date: &str,
        date_iso: &str,
    ) -> Self {
        let value = tera::Value::from_serializable(&LinkFields {
            id,
            kind,
            url,
            title,
            subtitle,
            reference,
            summary,
            date,
            date_iso,
        });
        LinkView(Arc::new(Link {
            id: id.into(),
            kind,
            url: url.into(),
            title: title.into(),
            subtitle: subtitle.into(),
            reference: reference.into(),
            summary: summary.into(),
            date: date.into(),
            date_iso: date_iso.into(),
            value,
        }))
    }
}

/// Into a page's context, a clone of the value made once. (Meant for tera
/// only: the value's map has no order another serializer could keep.)
impl Serialize for LinkView {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

#[derive(Serialize)]
pub(super) struct TopicView {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) briefs: Vec<LinkView>,
}

/// What every page knows of the site. Kept small: it is serialized into
/// every page's context, so nothing in it may grow with the content.
#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) base_url: &'a str,
    /// `base_url` when it is absolute: canonical links and Open Graph
    /// tags need absolute addresses, so without one they are left out.
    pub(super) canonical_base: Option<String>,
    /// The internal edition (with what the public one leaves out).
    pub(super) internal_edition: bool,
    /// The date of the edition "What changed" compares with; `None` when
    /// there is none, and the navigation does not link the page.
    pub(super) changes_since: Option<String>,
    pub(super) topics: Vec<TopicView>,
    pub(super) counts: BTreeMap<&'static str, usize>,
}

#[derive(Serialize)]
pub(super) struct NoteView {
    pub(super) number: usize,
    pub(super) source: LinkView,
    pub(super) quote: Option<String>,
    pub(super) backrefs: Vec<String>,
    /// The quoted passage in the source's published text, relative to the
    /// site root (`sources/ID.html#q-…`).
    pub(super) in_context: Option<String>,
    /// The original's address with a text directive for the quotation.
    pub(super) original: Option<String>,
}

#[derive(Serialize)]
pub(super) struct FigureRow {
    pub(super) value: String,
    pub(super) as_of: String,
    pub(super) source: LinkView,
    pub(super) quote: String,
}

#[derive(Serialize)]
pub(super) struct FigureView {
    pub(super) label: String,
    pub(super) unit: String,
    pub(super) rows: Vec<FigureRow>,
    pub(super) chart: String,
}

#[derive(Serialize)]
pub(super) struct BacklinkView {
    pub(super) entry: LinkView,
    pub(super) excerpts: Vec<std::sync::Arc<str>>,
    pub(super) notes: Vec<usize>,
}

#[derive(Serialize)]
pub(super) struct Field {
    pub(super) label: &'static str,
    pub(super) value: String,
    pub(super) not_recorded: bool,
}

/// A brief due for review at the edition's date.
#[derive(Serialize)]
pub(super) struct ReviewView {
    /// `by` (a day) or `in` (a month or a year), before the date.
    pub(super) preposition: &'static str,
    pub(super) date: String,
    pub(super) date_iso: String,
    /// The edition's date, as shown.
    pub(super) edition: String,
}

/// Everything a page's template receives beyond the site-wide values.
pub(super) struct PageContext {
    pub(super) template: &'static str,
    pub(super) path: String,
    pub(super) root: &'static str,
    pub(super) context: tera::Context,
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

/// A figure's value as tables and charts show it: whole numbers with
/// thousands separators, others as they are.
pub(super) fn format_number(v: f64) -> String {
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
