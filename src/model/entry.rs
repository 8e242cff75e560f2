//! An entry: one file of `content/` (or one source of a bibliography) with
//! its front-matter read, and what its page is called and where it goes.
//!
//! An entry's id is checked (a valid slug); the references its front-matter
//! makes stay strings until `resolve` checks them.

use std::sync::Arc;

use super::{Id, Kind, Meta, Parsed};
use crate::diagnostic::SourceFile;

/// What a content file is: an entry of a kind, or the home page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    Entry(Kind),
    Home,
}

/// An entry with its front-matter read.
#[derive(Debug)]
pub struct Entry {
    pub role: FileRole,
    pub id: Id,
    pub file: Arc<SourceFile>,
    pub parsed: Parsed,
}

impl Entry {
    pub fn kind(&self) -> Option<Kind> {
        match self.role {
            FileRole::Entry(k) => Some(k),
            FileRole::Home => None,
        }
    }

    /// The entry's page, relative to the site root.
    pub fn url(&self) -> String {
        match self.role {
            FileRole::Entry(k) => format!("{}/{}.html", k.folder(), self.id),
            FileRole::Home => "index.html".to_string(),
        }
    }

    pub fn title(&self) -> &str {
        match &self.parsed.meta {
            Meta::Brief { title, .. }
            | Meta::Event { title, .. }
            | Meta::Source { title, .. }
            | Meta::Home { title, .. } => title,
            Meta::Actor { name, .. } => name,
        }
    }
}
