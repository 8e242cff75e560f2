//! An entry's front-matter as read: what `front_matter` makes of the YAML
//! and every later stage reads.

use super::{Figure, Meta, Ref};

/// The front-matter of an entry, read into the model.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub meta: Meta,
    pub actors: Vec<Ref>,
    pub events: Vec<Ref>,
    pub sources: Vec<Ref>,
    pub figures: Vec<Figure>,
    pub body_start: usize,
    /// Marked `internal: true`: only in the internal edition.
    pub internal: bool,
}
