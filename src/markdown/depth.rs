//! The nesting of a body as written: markdown blocks and raw HTML elements
//! together. Content must not choose how deep the sanitizer's HTML parser
//! (slow with the square of the depth) or the recursion into
//! ```` ```disagree ```` blocks goes; this adaptor notes where the nesting
//! first passes [`MAX_HTML_DEPTH`], and the body is then an error.

use pulldown_cmark::Event;

use super::{Fragment, MAX_DISAGREE_DEPTH, MAX_HTML_DEPTH, Rendered, Spanned, too_deep};
use crate::diagnostic::SourceFile;

/// Counts open blocks and elements as the parser's events pass, unchanged.
pub(super) struct Nesting<'f, I> {
    f: &'f Fragment<'f>,
    inner: I,
}

impl<'f, I> Nesting<'f, I> {
    pub(super) fn new(f: &'f Fragment<'f>, inner: I) -> Self {
        Nesting { f, inner }
    }
}

impl<'e, I: Iterator<Item = Spanned<'e>>> Iterator for Nesting<'_, I> {
    type Item = Spanned<'e>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let (event, range) = self.inner.next()?;
        let mut state = self.f.cx.state.borrow_mut();
        match &event {
            Event::Start(_) => state.nesting += 1,
            Event::End(_) => state.nesting = state.nesting.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                state.nesting = html_nesting(state.nesting, html);
            }
            _ => {}
        }
        if state.nesting > MAX_HTML_DEPTH && state.too_deep_at.is_none() {
            state.too_deep_at = Some(range.start);
        }
        Some((event, range))
    }
}

/// Reports a ```` ```disagree ```` or ```` ```internal ```` block nested
/// past [`MAX_DISAGREE_DEPTH`], at its opening fence.
pub(super) fn too_deep_block(file: &SourceFile, out: &mut Rendered, fence: usize, lang: &str) {
    too_deep(
        file,
        out,
        fence,
        format!("`{lang}` blocks are nested more than {MAX_DISAGREE_DEPTH} deep"),
        &format!(
            "close each block with a line of backticks before opening the next; a fence with an info string (```{lang}) never closes one"
        ),
    );
}

/// Reports a body with raw HTML nested past [`MAX_HTML_DEPTH`], where
/// the nesting passed it.
pub(super) fn too_deep_html(file: &SourceFile, out: &mut Rendered, at: usize) {
    too_deep(
        file,
        out,
        at,
        format!(
            "blocks and HTML elements are nested more than {MAX_HTML_DEPTH} deep in a brief with raw HTML"
        ),
        "close the elements opened above this line, or write the passage in markdown without raw HTML",
    );
}

/// `depth` after the tags of a piece of raw HTML: one more for each start
/// tag, one less for each end tag. Void elements (`<br>`), self-closing tags,
/// comments and declarations leave it as it is. A rough count (it does not
/// close a `<p>` as HTML's parser would), used only to bound the nesting.
fn html_nesting(mut depth: usize, html: &str) -> usize {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = bytes[i..].iter().position(|&b| b == b'<') {
        let tag = i + lt + 1;
        let end = html[tag..].find('>').map_or(html.len(), |e| tag + e);
        match bytes.get(tag) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name_end = html[tag..end]
                    .find(|c: char| c.is_ascii_whitespace() || c == '/')
                    .map_or(end, |n| tag + n);
                let name = &html[tag..name_end];
                let closed = html[..end].ends_with('/');
                if !closed && !VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) {
                    depth += 1;
                }
            }
            _ => {}
        }
        i = end.max(tag).min(html.len());
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_nesting_counts_start_and_end_tags_but_not_void_or_closed_ones() {
        assert_eq!(html_nesting(0, "<div><span class=\"a>b\">"), 2);
        assert_eq!(html_nesting(2, "</span></div></div>"), 0);
        assert_eq!(
            html_nesting(0, "<br><img src=x><hr/><x-y/><!-- <div> -->"),
            0
        );
        assert_eq!(html_nesting(0, "<DIV><BR>a < b"), 1);
        assert_eq!(html_nesting(3, "<ñ><"), 3);
    }
}
