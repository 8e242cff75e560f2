//! The content model: entries, their kinds and ids, dates with the precision
//! a source gives, figures, and the site's checked data ([`SiteData`]) that
//! the pages are made from, with everything it holds: the settings
//! ([`Config`]), the sources' archived texts ([`Archive`]), the backlinks,
//! the reader's passages ([`SourceText`]) and what changed since the last
//! edition ([`Changes`]).
//!
//! Types here hold values that are already checked (a valid slug, a real
//! date); references between entries stay strings until `resolve` checks them.
//! Every stage of the pipeline may use this module; it holds data and the
//! questions asked of it, never a stage's work: the stage that makes a type
//! keeps its `impl` (`Config::load` in `config`, `Archive::new` in `quotes`,
//! `Changes::compute` in `changes`, ...) and re-exports the type under its
//! old path. It imports no stage: only the leaf utilities `text` and
//! `numbers` and the cross-cutting `diagnostic`. What rendering a body
//! yields ([`Rendered`], [`Card`]) is defined here and made by `markdown`.

mod archive;
mod backlinks;
mod changes;
mod config;
mod date;
mod entry;
mod id;
mod parsed;
mod reader;
mod rendered;
mod site_data;

pub use archive::Archive;
pub use backlinks::{Backlink, Backlinks};
pub use changes::{Baseline, Changes, Record, Stamp};
pub use config::{Config, Topic};
pub use date::{DateSpec, PartialDate, Precision};
pub use entry::{Entry, FileRole};
pub use id::{Id, IdError};
pub use parsed::Parsed;
pub use reader::{Passage, Place, Readers, Segment, SourceText};
pub use rendered::{
    Card, CardSlot, CitationUse, Heading, Mention, MentionLinks, Note, Rendered, SlotCard,
};
pub(crate) use site_data::Archives;
pub use site_data::SiteData;

use serde::Serialize;

/// The four kinds of entry, each with its folder under `content/`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Brief,
    Actor,
    Event,
    Source,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Brief, Kind::Actor, Kind::Event, Kind::Source];

    /// The folder under `content/` and under `site/`.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Brief => "briefs",
            Kind::Actor => "actors",
            Kind::Event => "events",
            Kind::Source => "sources",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Brief => "brief",
            Kind::Actor => "actor",
            Kind::Event => "event",
            Kind::Source => "source",
        }
    }

    pub fn plural_title(self) -> &'static str {
        match self {
            Kind::Brief => "Briefs",
            Kind::Actor => "Actors",
            Kind::Event => "Events",
            Kind::Source => "Sources",
        }
    }

    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.folder() == folder)
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// The placeholder an editor writes for a value the sources do not give.
pub const NOT_RECORDED: &str = "not recorded";

/// Which edition a build makes. The public one leaves out every entry
/// marked `internal: true` and every ```` ```internal ```` block, entirely:
/// they are not in its pages, search index, feed or print edition.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Edition {
    #[default]
    Public,
    /// Everything, internal notes marked as such.
    Internal,
}

/// A brief's editorial status: `draft` or `final`.
// `JsonSchema` gives `briefbook schema` the values; the doc comment above is
// the schema's description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Final,
}

/// A number the briefing tracks, as of a date, with its source.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub label: String,
    pub value: f64,
    pub unit: Option<String>,
    pub as_of: DateSpec,
    pub source: String,
    pub quote: String,
    /// Byte offset of the figure's `quote` in the file, for diagnostics.
    #[serde(skip)]
    pub offset: usize,
}

/// What the front-matter says, by kind. Reference lists are raw ids with
/// their byte offsets in the file.
#[derive(Debug, Clone)]
pub enum Meta {
    Brief {
        title: String,
        summary: String,
        topic: Ref,
        as_of: DateSpec,
        status: Status,
        weight: i64,
        /// When the brief is due for review, if it says (`review_by`).
        review_by: Option<ReviewBy>,
    },
    Actor {
        name: String,
        kind: String,
        role: String,
        country: String,
        aliases: Vec<String>,
        summary: Option<String>,
    },
    Event {
        title: String,
        date: DateSpec,
        topics: Vec<Ref>,
        summary: Option<String>,
    },
    Source {
        title: String,
        author: String,
        publisher: String,
        published: Option<DateSpec>,
        url: String,
        kind: String,
        archive: Option<String>,
        /// Whether the source's page shows its archived text (`publish_text`).
        publish_text: bool,
    },
    /// The home page (`content/index.md`).
    Home { title: String, summary: String },
}

/// A brief's `review_by`: the date from which it is due for review, and
/// where the value stands in the file, for the overdue warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReviewBy {
    pub date: PartialDate,
    pub offset: usize,
    pub len: usize,
}

/// An id as written in the front-matter, not yet checked, with where it is.
#[derive(Debug, Clone)]
pub struct Ref {
    pub id: String,
    pub offset: usize,
}
