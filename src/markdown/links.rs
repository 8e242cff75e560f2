//! Links: `[[id]]` to an entry of the briefing (checked, shown with the
//! entry's title and its preview card), and the URLs of ordinary links and
//! images, which must not run a script when followed.

use std::collections::VecDeque;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::text::Item;
use super::{Fragment, State, xref};
use crate::diagnostic::{Code, suggest};

/// Renders `[[id]]` links and checks the URLs of the others.
pub(super) struct Links<'f, 'e, I> {
    f: &'f Fragment<'f>,
    inner: I,
    queue: VecDeque<Item<'e>>,
    /// The closing markup (with the preview card) of the open `[[link]]`.
    wikilink_close: String,
}

impl<'f, I> Links<'f, '_, I> {
    pub(super) fn new(f: &'f Fragment<'f>, inner: I) -> Self {
        Links {
            f,
            inner,
            queue: VecDeque::new(),
            wikilink_close: String::new(),
        }
    }
}

impl<'e, I: Iterator<Item = Item<'e>>> Iterator for Links<'_, 'e, I> {
    type Item = Item<'e>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            let item = self.inner.next()?;
            let Item::Event(
                Event::Start(Tag::Link { .. } | Tag::Image { .. })
                | Event::End(TagEnd::Link | TagEnd::Image),
                _,
            ) = &item
            else {
                return Some(item);
            };
            if let Some(item) = self.link_event(item) {
                return Some(item);
            }
        }
    }
}

impl<'e, I> Links<'_, 'e, I> {
    /// Handles the start or end of a link or an image: `None` when it left
    /// nothing but what it queued (an unknown `[[id]]` leaves nothing at all).
    fn link_event(&mut self, item: Item<'e>) -> Option<Item<'e>> {
        let Item::Event(event, range) = item else {
            return Some(item);
        };
        let offset = range.start;
        let span = range.clone();
        let html = |html: String| Item::Event(Event::InlineHtml(CowStr::from(html)), span.clone());
        let mut scope = self.f.scope.borrow_mut();
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                scope.link_depth += 1;
                let wikilink = self.start_wikilink(&dest_url, offset, range.len());
                scope.wikilink = Some(has_pothole || wikilink.is_none());
                if let Some((open, title, close)) = wikilink {
                    self.queue.push_back(html(open));
                    self.wikilink_close = close;
                    if !has_pothole {
                        scope.wikilink_title = Some(title);
                    }
                }
                None
            }
            Event::End(TagEnd::Link) if scope.wikilink.is_some() => {
                scope.link_depth -= 1;
                scope.wikilink = None;
                // A link whose id came as no text at all still shows the title.
                if let Some(title) = scope.wikilink_title.take() {
                    self.queue
                        .push_back(Item::Event(Event::Text(CowStr::from(title)), span.clone()));
                }
                let close = std::mem::take(&mut self.wikilink_close);
                self.queue.push_back(html(if close.is_empty() {
                    "</a>".to_string()
                } else {
                    close
                }));
                None
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                scope.link_depth += 1;
                let dest = self.checked_url(dest_url, offset, range.len(), "link");
                let start = Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                });
                Some(Item::Event(start, range))
            }
            Event::End(TagEnd::Link) => {
                scope.link_depth -= 1;
                Some(Item::Event(Event::End(TagEnd::Link), range))
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                scope.image_depth += 1;
                let dest = self.checked_url(dest_url, offset, range.len(), "image");
                let start = Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                });
                Some(Item::Event(start, range))
            }
            Event::End(TagEnd::Image) => {
                scope.image_depth -= 1;
                Some(Item::Event(Event::End(TagEnd::Image), range))
            }
            event => Some(Item::Event(event, range)),
        }
    }
}

impl<I> Links<'_, '_, I> {
    /// Starts `[[id]]`: the link's opening tag, the entry's title and the
    /// link's closing markup.
    fn start_wikilink(
        &self,
        dest: &str,
        offset: usize,
        len: usize,
    ) -> Option<(String, String, String)> {
        let cx = self.f.cx;
        let state = &mut *cx.state.borrow_mut();
        let id = dest.trim();
        state.out.lookups.push(id.to_string());
        match cx.lookup.cards.get(id) {
            Some(card) => {
                state.out.links.push(id.to_string());
                let (open, close) = xref(cx.options, state, id, card, "explicit");
                Some((open, card.title.clone(), close))
            }
            None if cx.lookup.withheld.contains(id) => {
                state
                    .out
                    .diagnostics
                    .push(crate::resolve::internal_reference(cx.file, offset, len, id));
                None
            }
            None => {
                let mut d = cx
                    .file
                    .error(offset, len, format!("link to unknown entry `{id}`"))
                    .with_code(Code::UnknownLink);
                state.out.compared_all_ids = true;
                d = match suggest(id, cx.lookup.cards.keys().map(String::as_str)) {
                    Some(s) => d.with_hint(format!("did you mean `[[{s}]]`?")),
                    None => d.with_hint("link to the id of a brief, actor, event or source (its file name without `.md`)"),
                };
                state.out.diagnostics.push(d);
                None
            }
        }
    }

    /// The URL of a link or image, or `#` (with an error) if it could run a
    /// script when followed.
    fn checked_url<'u>(
        &self,
        url: CowStr<'u>,
        offset: usize,
        len: usize,
        what: &str,
    ) -> CowStr<'u> {
        if !is_unsafe_url(&url) {
            return url;
        }
        let state: &mut State = &mut self.f.cx.state.borrow_mut();
        state.out.diagnostics.push(
            self.f
                .cx
                .file
                .error(offset, len, format!("this {what}'s URL could run a script"))
                .with_hint("use an http(s) address, a page of the briefing, or `[[id]]`")
                .with_code(Code::UnsafeUrl),
        );
        CowStr::from("#")
    }
}

fn is_unsafe_url(url: &str) -> bool {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| lower.starts_with(s))
}
