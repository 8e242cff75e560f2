//! What changed since the last edition, as data: this edition's records
//! of its entries and the baseline they are compared with. Made, compared
//! and written out as `edition.json` by `changes`; shown by the pages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Kind;

/// Which edition a manifest describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// The edition's date (ISO: `2026-01-20`, `2026-01` or `2026`), `null`
    /// when the briefing has no brief and no `edition_date`.
    pub date: Option<String>,
    /// `public` or `internal`.
    pub kind: String,
}

/// One entry as an edition showed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// A brief's as-of date, an event's date, a source's publication date
    /// (ISO, `a..b` for a range); none for actors.
    #[serde(default)]
    pub date: Option<String>,
    /// `sha256:` and the hash of what readers see of the entry (see
    /// [`crate::changes::content_hash`]).
    pub hash: String,
    pub id: String,
    pub kind: Kind,
    /// The body's paragraphs (and headings, list items, table rows) as
    /// plain text, in order, without citations: most of a record. Read from
    /// a manifest for the baseline; this edition's records leave them
    /// empty, as they are its rendered text's (`changes::paragraphs_now`),
    /// written into the manifest from there.
    pub paragraphs: std::sync::Arc<[String]>,
    #[serde(default)]
    pub summary: String,
    pub title: String,
}

/// The edition a build compares with: its date and its entries.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    pub edition: Stamp,
    pub entries: BTreeMap<(Kind, String), Record>,
}

/// This edition's records and the baseline they are compared with.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    pub edition: Option<Stamp>,
    pub current: BTreeMap<(Kind, String), Record>,
    pub baseline: Option<Baseline>,
}
