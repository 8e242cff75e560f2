//! A source's archived text, as the quotation and number checks and the
//! reader read it. Made and searched by `quotes` (`Archive::new`,
//! `Archive::contains`, ...).

use std::sync::OnceLock;

use crate::numbers::NumberSet;

/// A source's text, folded once for every quotation checked against it,
/// and its numbers, found once for every sentence that cites it.
pub struct Archive {
    pub(crate) original: String,
    pub(crate) folded: String,
    pub(crate) numbers: OnceLock<NumberSet>,
}

impl Archive {
    /// The text as read from the archive.
    pub fn text(&self) -> &str {
        &self.original
    }
}
