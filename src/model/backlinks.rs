//! Who refers to whom: the backlinks `resolve` builds from the rendered
//! entries and the pages show.

use std::collections::HashMap;

/// One place that refers to an entry, with the words around it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Backlink {
    /// Index of the referring entry.
    #[serde(skip)]
    pub from: usize,
    /// Sentences (for mentions, shared with the rendered body's) or
    /// quotations (for citations).
    pub excerpts: Vec<std::sync::Arc<str>>,
    /// Note numbers on the referring page (for citations).
    pub notes: Vec<usize>,
}

/// Who refers to whom, by entry index; each list is in entry order.
#[derive(Debug, Default)]
pub struct Backlinks {
    pub mentioned_in: HashMap<usize, Vec<Backlink>>,
    pub cited_in: HashMap<usize, Vec<Backlink>>,
    pub listed_in: HashMap<usize, Vec<usize>>,
}
