//! The site's checked data: every entry, its rendered body, its card and
//! its backlinks, with the settings, everything the pages are made from
//! once every check passed. Also the sources' archived texts, which the
//! checks of quotations and the reader read.
//!
//! Built by `site::build` (and kept between rebuilds by `incremental`);
//! read, never changed, by the stages after the checks.

use std::collections::HashMap;

use super::{
    Archive, Backlinks, Card, Changes, Config, Edition, Entry, FileRole, Meta, PartialDate,
    Readers, Rendered,
};

/// Everything the page renderer needs, after every check passed.
pub struct SiteData {
    pub config: Config,
    pub entries: Vec<Entry>,
    pub rendered: Vec<Rendered>,
    pub ids: HashMap<String, usize>,
    pub cards: HashMap<String, Card>,
    pub backlinks: Backlinks,
    pub live_reload: bool,
    pub edition: Edition,
    /// This edition's entries against the previous edition's.
    pub changes: Changes,
    /// Every archived source's text in paragraphs, with the passages the
    /// briefing quotes; published on the source's page when it says so.
    pub readers: Readers,
}

impl SiteData {
    /// The entries that have a page of their own, with their indices: every
    /// entry but the home page and the losers of a duplicate id.
    pub fn paged_entries(&self) -> impl Iterator<Item = (usize, &Entry)> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(i, e)| e.role != FileRole::Home && self.ids.get(e.id.as_str()) == Some(i))
    }

    /// The edition's date: `edition_date` in briefbook.toml, or else the
    /// latest as-of date of the briefs (the end of a range). Never the
    /// clock, so two builds of the same input stay byte-identical.
    pub fn edition_date(&self) -> Option<PartialDate> {
        self.config.edition_date.or_else(|| {
            self.entries
                .iter()
                .filter_map(|e| match &e.parsed.meta {
                    Meta::Brief { as_of, .. } => Some(as_of.end.unwrap_or(as_of.start)),
                    _ => None,
                })
                .max()
        })
    }
}

/// Each source's archived text by source id (`None`: the file is missing).
pub(crate) type Archives = HashMap<String, Option<Archive>>;
