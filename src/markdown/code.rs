//! Fenced and indented code blocks: highlighted code, or briefbook's own
//! blocks. A ```` ```disagree ```` block (sources that disagree) and an
//! ```` ```internal ```` one (a note left out of the public edition) hold
//! markdown, rendered by a nested [`super::render_fragment`] inside an
//! `<aside>`; past [`MAX_DISAGREE_DEPTH`] such blocks are an error and
//! their text is shown as written.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::text::Item;
use super::{Fragment, MAX_DISAGREE_DEPTH, depth, render_fragment};
use crate::highlight::highlight_code;
use crate::model::Edition;

/// Replaces each code block by its HTML.
pub(super) struct CodeBlocks<'f, I> {
    f: &'f Fragment<'f>,
    inner: I,
    /// The open block: its info string, its text and where its fence is.
    code: Option<(String, String, usize)>,
}

impl<'f, I> CodeBlocks<'f, I> {
    pub(super) fn new(f: &'f Fragment<'f>, inner: I) -> Self {
        CodeBlocks {
            f,
            inner,
            code: None,
        }
    }
}

impl<'e, I: Iterator<Item = Item<'e>>> Iterator for CodeBlocks<'_, I> {
    type Item = Item<'e>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.inner.next()? {
                Item::Run(run) if self.code.is_some() => {
                    if let Some((_, code, _)) = &mut self.code {
                        code.push_str(run.text());
                    }
                }
                Item::Event(Event::Start(Tag::CodeBlock(kind)), range) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(l) => l.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    self.code = Some((lang, String::new(), range.start));
                }
                Item::Event(Event::End(TagEnd::CodeBlock), _) => {
                    let (lang, code, start) = self.code.take().unwrap_or_default();
                    let html = self.block_html(lang.trim(), &code, start);
                    return Some(Item::Event(Event::Html(CowStr::from(html)), start..start));
                }
                item => return Some(item),
            }
        }
    }
}

impl<I> CodeBlocks<'_, I> {
    /// The HTML of a block whose fence, with info string `lang`, is at
    /// byte `start` of the file.
    fn block_html(&self, lang: &str, code: &str, start: usize) -> String {
        let cx = self.f.cx;
        let disagree_depth = self.f.scope.borrow().disagree_depth;
        let block = matches!(lang, "disagree" | "internal");
        if block && disagree_depth >= MAX_DISAGREE_DEPTH {
            depth::too_deep_block(cx.file, &mut cx.state.borrow_mut().out, start, lang);
            highlight_code(code, "")
        } else if lang == "internal" && cx.lookup.edition == Edition::Public {
            // Left out of the public edition entirely: not
            // rendered, so nothing in it is cited, linked or
            // indexed either.
            String::new()
        } else if block {
            // The block's content starts on the line after the fence.
            let content_start = cx.file.text[start..]
                .find('\n')
                .map_or(start, |i| start + i + 1);
            let inner = render_fragment(cx, code, content_start, disagree_depth + 1);
            let (label, class) = if lang == "internal" {
                ("Internal: not in the public edition", "internal")
            } else {
                ("Sources disagree", "disagree")
            };
            format!(
                "<aside class=\"{class}\" aria-label=\"{label}\"><p class=\"{class}-label\">{label}</p>{inner}</aside>\n"
            )
        } else {
            highlight_code(code, lang)
        }
    }
}
