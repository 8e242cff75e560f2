//! Raw HTML written in a body: noted, so that the page goes through the
//! sanitizer, and warned about when it holds a citation or a link that it
//! keeps from being processed. Markup briefbook generates is escaped as it
//! is made and needs no sanitizing, so only the events as written pass here.

use std::sync::OnceLock;

use pulldown_cmark::Event;

use super::Fragment;
use super::text::Item;
use crate::diagnostic::Code;

/// Notes raw HTML as the events pass, unchanged.
pub(super) struct RawHtml<'f, I> {
    f: &'f Fragment<'f>,
    inner: I,
}

impl<'f, I> RawHtml<'f, I> {
    pub(super) fn new(f: &'f Fragment<'f>, inner: I) -> Self {
        RawHtml { f, inner }
    }
}

impl<'e, I: Iterator<Item = Item<'e>>> Iterator for RawHtml<'_, I> {
    type Item = Item<'e>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let item = self.inner.next()?;
        if let Item::Event(Event::Html(html) | Event::InlineHtml(html), range) = &item {
            let mut state = self.f.cx.state.borrow_mut();
            state.raw_html = true;
            if html.contains("[@") || html.contains("[[") {
                state.out.diagnostics.push(
                    self.f
                        .cx
                        .file
                        .warning(
                            range.start,
                            range.len().min(html.len()),
                            "a citation or link inside raw HTML is not processed",
                        )
                        .with_hint(
                            "write this passage in markdown, so that `[@source]` and `[[id]]` work",
                        )
                        .with_code(Code::ReferenceInHtml),
                );
            }
        }
        Some(item)
    }
}

/// Removes scripts, event handlers and dangerous URLs from HTML, keeping the
/// markup briefbook itself generates.
pub fn sanitize(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER
        .get_or_init(|| {
            let mut b = ammonia::Builder::default();
            b.add_tags([
                "input",
                "label",
                "aside",
                "span",
                "sup",
                "sub",
                "figure",
                "figcaption",
                "mark",
                "q",
            ])
            .add_generic_attributes([
                "id",
                "class",
                "role",
                "aria-label",
                "aria-describedby",
                "aria-hidden",
                "data-card",
                "data-lang",
            ])
            .add_tag_attributes("input", ["type"])
            .add_tag_attributes("label", ["for"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("th", ["style"])
            .link_rel(None)
            .strip_comments(true);
            b
        })
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizer_removes_scripts_and_handlers() {
        let html = sanitize(
            "<p onclick=\"x()\">a<script>alert(1)</script><a href=\"javascript:x\">l</a></p>",
        );
        assert_eq!(html, "<p>a<a>l</a></p>");
    }
}
