//! An entry's body, rendered for its own page, placed in its section of the
//! print page: every id gets the section's in front (`brief-tariffs--cite-3`)
//! so that no two ids on the page collide; links to other entries become
//! links to their sections; what only the screen uses (hover cards, heading
//! anchors, sidenote toggles) goes; headings move down under the entry's.
//!
//! lol_html does the rewriting for any HTML. But a body is briefbook's own
//! markup (pulldown-cmark's writer, or the sanitizer's serializer when the
//! body holds raw HTML), and [`own_markup`] reads only that form: every `<`
//! opens a tag, every attribute value is in double quotes, every element is
//! closed in order, and there are no comments, scripts or foreign (SVG,
//! MathML) content. It gives up on anything else, and the body goes
//! lol_html's way. Both apply the same [`place_element`] to each element and
//! write the same bytes; a unit test and the `page_body` fuzz target compare
//! them. The reader costs a fraction of lol_html's tokenizer, which was an
//! eighth of a build's instructions.

use std::borrow::Cow;

use lol_html::html_content::Element;
use lol_html::{RewriteStrSettings, element, rewrite_str};
use memchr::memchr;

use super::site_path;

/// How a body is placed.
pub struct Placing<'a> {
    /// The section's id: every id in the body gets it in front
    /// (`{prefix}--{id}`).
    pub prefix: &'a str,
    /// How many levels headings move down.
    pub shift: u8,
    /// The address the body was rendered for, to resolve its relative links.
    pub base: &'a url::Url,
    /// A link's new `href`, given the site path and the fragment that a
    /// relative link points to.
    pub relink: &'a dyn Fn(String, Option<String>) -> String,
}

/// Places `html` as `placing` says: by [`own_markup`] when the body is in
/// that form, by lol_html otherwise.
pub fn place(html: &str, placing: &Placing) -> Result<String, lol_html::errors::RewritingError> {
    match own_markup(html, |el| place_element(el, placing)) {
        Some(placed) => Ok(placed),
        None => by_lol_html(html, placing),
    }
}

/// Both ways of placing `html`: [`own_markup`]'s, when it reads the body,
/// and lol_html's. For tests and the fuzz target, which hold them to the
/// same bytes.
#[doc(hidden)]
pub fn place_both_ways(
    html: &str,
    placing: &Placing,
) -> (
    Option<String>,
    Result<String, lol_html::errors::RewritingError>,
) {
    (
        own_markup(html, |el| place_element(el, placing)),
        by_lol_html(html, placing),
    )
}

fn by_lol_html(html: &str, placing: &Placing) -> Result<String, lol_html::errors::RewritingError> {
    // One handler for every element, doing in order what one selector each
    // did: lol_html then compiles no selectors for each section and matches
    // none, which cost more than the rewriting.
    let settings = RewriteStrSettings::new()
        .with_strict(false)
        .with_enable_esi_tags(false)
        .append_element_content_handler(element!("*", |el| {
            place_element(el, placing);
            Ok(())
        }));
    rewrite_str(html, settings)
}

/// An element's start tag as [`place_element`] reads and changes it.
trait Tag {
    /// The tag's name, lower case.
    fn name(&self) -> Cow<'_, str>;
    /// Calls `f` with each attribute's name (lower case) and value (as
    /// written, entities and all), in order.
    fn each_attribute(&self, f: &mut dyn FnMut(&str, &str));
    /// Removes the element: its start tag, content and end tag.
    fn remove(&mut self);
    /// Removes every attribute of this name.
    fn remove_attribute(&mut self, name: &str);
    /// Renames the element, its end tag too.
    fn rename(&mut self, name: &str);
    /// Sets the first attribute of this name, or adds one at the end.
    fn set_attribute(&mut self, name: &str, value: &str);
}

impl Tag for Element<'_, '_> {
    fn name(&self) -> Cow<'_, str> {
        Cow::Owned(self.tag_name())
    }
    fn each_attribute(&self, f: &mut dyn FnMut(&str, &str)) {
        for a in self.attributes() {
            f(&a.name(), &a.value());
        }
    }
    fn remove(&mut self) {
        Element::remove(self);
    }
    fn remove_attribute(&mut self, name: &str) {
        Element::remove_attribute(self, name);
    }
    fn rename(&mut self, name: &str) {
        self.set_tag_name(name).expect("a fixed, valid tag name");
    }
    fn set_attribute(&mut self, name: &str, value: &str) {
        Element::set_attribute(self, name, value).expect("a fixed, valid attribute name");
    }
}

/// The attributes of an element that [`place_element`] reads.
#[derive(Default)]
struct Seen {
    class: Option<String>,
    id: Option<String>,
    href: Option<String>,
    src: Option<String>,
    for_: Option<String>,
    described_by: Option<String>,
    labelled_by: Option<String>,
    data_card: bool,
}

/// What placing does to one element.
fn place_element<T: Tag + ?Sized>(el: &mut T, placing: &Placing) {
    let (heading, label, input, link, media) = {
        let tag = el.name();
        let heading = match tag.as_ref() {
            "h2" | "h3" | "h4" | "h5" | "h6" => Some(tag.as_bytes()[1] - b'0'),
            _ => None,
        };
        let media = tag == "img" || tag == "source";
        (heading, tag == "label", tag == "input", tag == "a", media)
    };
    let prefixed = |value: &str| {
        let mut id = String::with_capacity(placing.prefix.len() + 2 + value.len());
        id.push_str(placing.prefix);
        id.push_str("--");
        id.push_str(value);
        id
    };
    // Every attribute looked at below, read in one pass over the element's:
    // asking for each by name scanned them all each time.
    let mut seen = Seen::default();
    el.each_attribute(&mut |name, value| {
        // lol_html drops a byte order mark that starts a value (encoding_rs
        // takes it for one when decoding); both ways read past it alike.
        let value = value.strip_prefix('\u{feff}').unwrap_or(value);
        // The first of a name counts, as in a browser.
        let slot = match name {
            "class" => &mut seen.class,
            "id" => &mut seen.id,
            "href" => &mut seen.href,
            "src" => &mut seen.src,
            "for" => &mut seen.for_,
            "aria-describedby" => &mut seen.described_by,
            "aria-labelledby" => &mut seen.labelled_by,
            "data-card" => {
                seen.data_card = true;
                return;
            }
            _ => return,
        };
        slot.get_or_insert_with(|| value.to_string());
    });
    let classes = seen.class.as_deref().unwrap_or_default();
    let has_class = |name: &str| classes.split_ascii_whitespace().any(|c| c == name);
    // Matched, as a selector would be, before anything changes.
    let labelled =
        seen.described_by.is_some() || seen.labelled_by.is_some() || (label && seen.for_.is_some());
    // What only the screen uses: heading anchors, the sidenotes' toggles
    // (sidenotes print in full), and hover cards. A body is held without its
    // own cards (`markdown::cards`: their text is in the endnotes and the
    // entries' own sections); these are any a body's raw HTML wrote.
    if has_class("card") || has_class("heading-anchor") || (input && has_class("sidenote-toggle")) {
        el.remove();
        return;
    }
    let mut for_ = seen.for_;
    if label && has_class("sidenote-number") {
        el.remove_attribute("for");
        for_ = None;
        el.rename("span");
    }
    let mut described_by = seen.described_by;
    if seen.data_card || (link && has_class("cite-ref")) {
        el.remove_attribute("data-card");
        // It described the card, gone above.
        el.remove_attribute("aria-describedby");
        described_by = None;
    }
    if let Some(level) = heading {
        el.rename(&format!("h{}", (level + placing.shift).min(6)));
    }
    if let Some(id) = seen.id {
        el.set_attribute("id", &prefixed(&id));
    }
    for (name, ids) in [
        ("aria-describedby", described_by),
        ("aria-labelledby", seen.labelled_by),
        ("for", for_),
    ] {
        if labelled && let Some(ids) = ids {
            let ids: Vec<String> = ids.split_whitespace().map(prefixed).collect();
            el.set_attribute(name, &ids.join(" "));
        }
    }
    if link && let Some(href) = seen.href {
        let new = match href.strip_prefix('#') {
            Some(fragment) => Some(format!("#{}", prefixed(fragment))),
            None => site_path(placing.base, &href)
                .map(|(path, fragment)| (placing.relink)(path, fragment)),
        };
        if let Some(new) = new {
            el.set_attribute("href", &new);
        }
    }
    if media && let Some((path, _)) = seen.src.and_then(|src| site_path(placing.base, &src)) {
        el.set_attribute("src", &path);
    }
}

/// Elements with no content and no end tag.
const VOID: [&str; 17] = [
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content is not markup (or is foreign), which
/// [`own_markup`] leaves to lol_html.
const NOT_OWN: [&str; 12] = [
    "iframe",
    "math",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "script",
    "style",
    "svg",
    "textarea",
    "title",
    "xmp",
];

/// One attribute as [`own_markup`] read it.
struct Attribute<'h> {
    name: Cow<'h, str>,
    value: Cow<'h, str>,
    /// As written (`name="value"`, or `name`), until it is changed.
    raw: Option<&'h str>,
}

/// A start tag as [`own_markup`] read it.
struct Scanned<'h, 'v> {
    name: &'h str,
    attributes: &'v mut Vec<Attribute<'h>>,
    self_closing: bool,
    renamed: Option<String>,
    changed: bool,
    removed: bool,
}

impl Tag for Scanned<'_, '_> {
    fn name(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.name)
    }
    fn each_attribute(&self, f: &mut dyn FnMut(&str, &str)) {
        for a in self.attributes.iter() {
            f(&a.name, &a.value);
        }
    }
    fn remove(&mut self) {
        self.removed = true;
    }
    fn remove_attribute(&mut self, name: &str) {
        let before = self.attributes.len();
        self.attributes.retain(|a| a.name != name);
        self.changed |= self.attributes.len() != before;
    }
    fn rename(&mut self, name: &str) {
        self.renamed = Some(name.to_string());
        self.changed = true;
    }
    fn set_attribute(&mut self, name: &str, value: &str) {
        let value = Cow::Owned(value.to_string());
        match self.attributes.iter_mut().find(|a| a.name == name) {
            Some(a) => {
                a.value = value;
                a.raw = None;
            }
            None => self.attributes.push(Attribute {
                name: Cow::Owned(name.to_string()),
                value,
                raw: None,
            }),
        }
        self.changed = true;
    }
}

/// Writes a changed start tag as lol_html writes one.
fn write_start_tag(out: &mut String, tag: &Scanned) {
    out.push('<');
    out.push_str(tag.renamed.as_deref().unwrap_or(tag.name));
    for a in tag.attributes.iter() {
        out.push(' ');
        match a.raw {
            Some(raw) => out.push_str(raw),
            None => {
                out.push_str(&a.name);
                out.push_str("=\"");
                let mut rest: &str = &a.value;
                while let Some(q) = memchr(b'"', rest.as_bytes()) {
                    out.push_str(&rest[..q]);
                    out.push_str("&quot;");
                    rest = &rest[q + 1..];
                }
                out.push_str(rest);
                out.push('"');
            }
        }
    }
    if tag.self_closing {
        if !tag.attributes.is_empty() {
            out.push(' ');
        }
        out.push_str("/>");
    } else {
        out.push('>');
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Reads the start tag whose name begins at byte `at` of `html`: its name,
/// its attributes (into `attributes`), whether it ends in `/>`, and the
/// byte after it. `None` for anything but briefbook's own form.
fn start_tag<'h>(
    html: &'h str,
    mut at: usize,
    attributes: &mut Vec<Attribute<'h>>,
) -> Option<(&'h str, bool, usize)> {
    let b = html.as_bytes();
    let start = at;
    while b.get(at).copied().is_some_and(is_name_byte) {
        at += 1;
    }
    let name = &html[start..at];
    attributes.clear();
    loop {
        let spaced = b.get(at).copied().is_some_and(is_space);
        while b.get(at).copied().is_some_and(is_space) {
            at += 1;
        }
        match *b.get(at)? {
            b'>' => return Some((name, false, at + 1)),
            b'/' if b.get(at + 1) == Some(&b'>') => return Some((name, true, at + 2)),
            c if spaced && (c.is_ascii_lowercase() || c == b'_' || c == b':') => {}
            _ => return None,
        }
        let attribute = at;
        while b
            .get(at)
            .is_some_and(|&c| is_name_byte(c) || matches!(c, b'-' | b'_' | b':'))
        {
            at += 1;
        }
        let name = &html[attribute..at];
        let value = if b.get(at) == Some(&b'=') {
            if b.get(at + 1) != Some(&b'"') {
                return None;
            }
            let from = at + 2;
            let to = from + memchr(b'"', &b[from..])?;
            at = to + 1;
            &html[from..to]
        } else {
            ""
        };
        attributes.push(Attribute {
            name: Cow::Borrowed(name),
            value: Cow::Borrowed(value),
            raw: Some(&html[attribute..at]),
        });
    }
}

/// Rewrites `html`, briefbook's own markup, calling `handle` with each
/// element's start tag as lol_html would, and writing what lol_html would.
/// `None` when `html` is not in that form (see the module's notes).
fn own_markup<F: FnMut(&mut Scanned)>(html: &str, mut handle: F) -> Option<String> {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    // The open elements, and the name each one's end tag is written with
    // when it was renamed.
    let mut open: Vec<(&str, Option<String>)> = Vec::new();
    // Inside a removed element: the depth it was opened at.
    let mut removed_at: Option<usize> = None;
    let mut attributes = Vec::new();
    let mut at = 0;
    while let Some(lt) = memchr(b'<', &b[at..]) {
        let lt = at + lt;
        if removed_at.is_none() {
            out.push_str(&html[at..lt]);
        }
        match *b.get(lt + 1)? {
            b'/' => {
                let from = lt + 2;
                let to = from + b[from..].iter().take_while(|&&c| is_name_byte(c)).count();
                if to == from || b.get(to) != Some(&b'>') {
                    return None;
                }
                let (name, renamed) = open.pop()?;
                if name != &html[from..to] {
                    return None;
                }
                match removed_at {
                    Some(depth) if depth == open.len() => removed_at = None,
                    Some(_) => {}
                    None => match renamed {
                        Some(new) => {
                            out.push_str("</");
                            out.push_str(&new);
                            out.push('>');
                        }
                        None => out.push_str(&html[lt..=to]),
                    },
                }
                at = to + 1;
            }
            c if c.is_ascii_lowercase() => {
                let (name, self_closing, end) = start_tag(html, lt + 1, &mut attributes)?;
                if NOT_OWN.contains(&name) {
                    return None;
                }
                let void = VOID.contains(&name);
                if self_closing && !void {
                    return None;
                }
                at = end;
                if removed_at.is_some() {
                    if !void {
                        open.push((name, None));
                    }
                    continue;
                }
                let mut tag = Scanned {
                    name,
                    attributes: &mut attributes,
                    self_closing,
                    renamed: None,
                    changed: false,
                    removed: false,
                };
                handle(&mut tag);
                if tag.removed {
                    if !void {
                        removed_at = Some(open.len());
                        open.push((name, None));
                    }
                    continue;
                }
                if tag.changed {
                    write_start_tag(&mut out, &tag);
                } else {
                    out.push_str(&html[lt..end]);
                }
                if !void {
                    open.push((name, tag.renamed));
                }
            }
            _ => return None,
        }
    }
    if !open.is_empty() {
        return None;
    }
    out.push_str(&html[at..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `html` placed by [`own_markup`] (if it reads it), by lol_html, and
    /// by [`place`].
    fn three_ways(html: &str) -> (Option<String>, String, String) {
        let base = url::Url::parse("https://print.invalid/briefs/b.html").unwrap();
        // With a quotation mark, which a value must escape.
        let relink = |path: String, fragment: Option<String>| match fragment {
            Some(f) => format!("#to-{path}--{f}"),
            None => format!("\"{path}\""),
        };
        let placing = Placing {
            prefix: "brief-b",
            shift: 1,
            base: &base,
            relink: &relink,
        };
        let (own, lol) = place_both_ways(html, &placing);
        let placed = place(html, &placing).expect("lol_html rewrites any string");
        (own, lol.expect("lol_html rewrites any string"), placed)
    }

    /// Found by the page_body fuzz target: lol_html reads an attribute
    /// without the byte order mark that starts it, so `own_markup` relinked
    /// `\u{feff}x.html` to `briefs/%EF%BB%BFx.html` where lol_html wrote
    /// `briefs/x.html`, and touched a `\u{feff}javascript:` link lol_html
    /// left alone.
    #[test]
    fn a_value_starting_with_a_byte_order_mark_is_placed_alike_both_ways() {
        for html in [
            "<p><a href=\"\u{feff}x.html#h\" id=\"\u{feff}i\">r</a></p>",
            "<p><a href=\"\u{feff}javascript:x\">r</a></p>",
        ] {
            let (own, lol, _) = three_ways(html);
            assert_eq!(own.as_deref(), Some(lol.as_str()), "{html:?}");
        }
        let (_, lol, _) = three_ways("<p><a href=\"\u{feff}x.html#h\">r</a></p>");
        assert_eq!(lol, "<p><a href=\"#to-briefs/x.html--h\">r</a></p>");
    }

    #[test]
    fn own_markup_places_bodies_as_lol_html_does() {
        let bodies = [
            "",
            "plain text, no tags & an entity &amp; a > sign",
            "<p>One</p>\n<p>Two <em>three</em></p>\n",
            r##"<h2 id="why"><a class="heading-anchor" href="#why" aria-hidden="true">#</a>Why</h2><h6 id="deep">Deep</h6>"##,
            r##"<p>Claim<a href="../sources/s.html#q" class="cite-ref" id="cite-1" data-card="card-1" aria-describedby="card-1">1</a><span class="card" id="card-1" role="tooltip"><span class="card"><b>nested</b></span> gone</span> after.</p>"##,
            r#"<p>Note<label for="sn-1" class="sidenote-number"><span class="visually-hidden">Editor's note </span>1</label><input type="checkbox" id="sn-1" class="sidenote-toggle"><span class="sidenote" role="note"><span class="sidenote-mark">1</span> text</span></p>"#,
            r#"<p><a href="https://example.org/a">out</a> <a href="/root.html">root</a> <a href="../actors/a.html">a</a> <a href="x.html#h">x</a> <a href="mailto:a@b.c">m</a> <a>none</a></p>"#,
            r#"<p><img src="../static/p.png" alt="a &quot;pic&quot;" /> <img src="p.png"/><br><hr /></p>"#,
            r#"<div aria-labelledby="a b" id="x"><span aria-describedby="c" data-card="">t</span><label for="f">L</label><input id="f"></div>"#,
            r#"<p title="a > b < c" id="has &quot;quotes&quot;" class="x" class="card">first class counts</p>"#,
            r#"<table><thead><tr><th style="text-align: left">A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"#,
            "<pre><code class=\"language-rust\"><span style=\"color:#000\">fn</span>\n&lt;T&gt;</code></pre>",
            r#"<p hidden id>bare attributes</p><details open><summary>s</summary></details>"#,
            "<ul>\n<li>one</li>\n<li><p>two</p>\n</li>\n</ul>\n<blockquote>\n<p>q</p>\n</blockquote>",
            r#"<h3 id="a"><label class="sidenote-number" for="sn-2">2</label></h3>"#,
        ];
        for html in bodies {
            let (own, lol, placed) = three_ways(html);
            assert_eq!(own.as_deref(), Some(lol.as_str()), "{html}");
            assert_eq!(placed, lol, "{html}");
        }
        // What the rewriting did, spelled out once.
        let (own, _, _) = three_ways(bodies[4]);
        assert_eq!(
            own.unwrap(),
            r##"<p>Claim<a href="#to-sources/s.html--q" class="cite-ref" id="brief-b--cite-1">1</a> after.</p>"##
        );
    }

    #[test]
    fn anything_else_goes_lol_html_s_way() {
        let others = [
            "<!-- a comment --><p>x</p>",
            "<!DOCTYPE html><p>x</p>",
            "<p>a < b</p>",
            "<p>x",
            "<p>x</div>",
            "<p><em>x</p></em>",
            "x</p>",
            "<P>upper</P>",
            "<p CLASS=\"card\">upper attribute</p>",
            "<p class=card>unquoted</p>",
            "<p class='card'>single quotes</p>",
            "<p class=\"card\"id=\"x\">no space</p>",
            "<p class=\"card>unterminated</p>",
            "<span/>self-closed",
            "<script>alert(1)</script>",
            "<style>p{}</style>",
            "<svg><a href=\"x.html\"/></svg>",
            "<title>t</title>",
            "<textarea><p></textarea>",
            "<p>x</p ><",
            "<",
            "</",
            "<p/x>",
        ];
        for html in others {
            let (own, lol, placed) = three_ways(html);
            assert_eq!(own, None, "{html}");
            assert_eq!(placed, lol, "{html}");
        }
    }
}
