//! Renders an entry's markdown body to HTML, turning briefbook's additions
//! into markup as pulldown-cmark's events stream past: citations
//! `[@id, "quote"]`, explicit links `[[id]]`, automatic links on actors'
//! names, stable heading ids, footnotes as sidenotes, highlighted code, and
//! ```` ```disagree ```` blocks.
//!
//! Everything it finds wrong is a diagnostic at the file's real line and
//! column (offsets come from `Parser::into_offset_iter`, shifted by where the
//! body starts). The result is sanitized, so raw HTML in a body cannot carry
//! scripts, event handlers or `javascript:` URLs.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostic::{Code, Diagnostic, SourceFile, suggest};
use crate::highlight::highlight_code;
use crate::model::{Edition, Kind};
use crate::text::{Folded, escape_html, sentence_around, slugify};

/// How deep ```` ```disagree ```` and ```` ```internal ```` blocks may nest
/// (together). Each level is rendered by
/// a recursive call, so content must not choose the depth: past this, the
/// block is an error (`BB039 too-deep`) and its text is shown as written.
/// Real briefs nest at most once or twice.
pub const MAX_DISAGREE_DEPTH: usize = 16;

/// How deep a body's HTML may nest when it holds raw HTML: markdown blocks
/// and raw HTML elements together. Raw HTML sends the whole body through the
/// sanitizer's HTML parser, whose tree building slows with the square of the
/// nesting (20,000 levels take seconds, 100,000 minutes), so content must not
/// choose the depth. Real briefs nest a dozen levels; past this, the body is
/// an error (`BB039 too-deep`).
pub const MAX_HTML_DEPTH: usize = 512;

/// The parser options, in one place: CommonMark plus tables, footnotes,
/// strikethrough, smart punctuation and `[[wiki links]]`.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_WIKILINKS
}

/// What a link or a citation to an entry shows: enough for a preview card.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Card {
    pub kind: Kind,
    /// Relative to the site root, e.g. `actors/sheinbaum.html`.
    pub url: String,
    pub title: String,
    /// Role for actors, date for events, publisher and date for sources.
    pub subtitle: String,
    /// A source's reference in the citation style (`csl`), as safe HTML
    /// (see [`crate::references`]); shown instead of `subtitle`.
    pub reference: Option<String>,
    pub summary: String,
}

/// Finds actors' names and aliases in text, ignoring case and accents.
pub struct MentionMatcher {
    automaton: Option<AhoCorasick>,
    /// For each pattern, the actors it names (more than one: ambiguous).
    owners: Vec<Vec<String>>,
    patterns: Vec<String>,
}

impl MentionMatcher {
    /// `names` holds, per actor id, the name and aliases to look for.
    pub fn new(names: &[(String, Vec<String>)]) -> Self {
        let mut by_pattern: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (id, list) in names {
            for name in list {
                let folded = crate::text::fold(name.trim());
                if folded.chars().count() >= 2 {
                    by_pattern.entry(folded).or_default().insert(id.clone());
                }
            }
        }
        let patterns: Vec<String> = by_pattern.keys().cloned().collect();
        let owners = by_pattern
            .into_values()
            .map(|s| s.into_iter().collect())
            .collect();
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .expect("literal patterns build")
        });
        MentionMatcher {
            automaton,
            owners,
            patterns,
        }
    }

    /// The mentions in `text`: byte range in `text` and pattern index.
    fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let folded = Folded::new(text);
        let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        automaton
            .find_iter(&folded.text)
            .filter(|m| {
                !is_word(folded.text[..m.start()].chars().next_back())
                    && !is_word(folded.text[m.end()..].chars().next())
            })
            .map(|m| {
                let (s, e) = folded.original_range(m.start(), m.end(), text);
                (s, e, m.pattern().as_usize())
            })
            .collect()
    }
}

/// Everything the renderer needs to know about the rest of the site.
pub struct Lookup<'a> {
    pub cards: &'a HashMap<String, Card>,
    pub mentions: &'a MentionMatcher,
    /// Ids of entries whose front-matter failed: not reported as unknown.
    pub unparsed: &'a std::collections::HashSet<String>,
    /// Ids of internal entries that this (public) edition leaves out: a
    /// reference to one is an error of its own.
    pub withheld: &'a std::collections::HashSet<String>,
    /// Which edition is built: the public one leaves out ```` ```internal ````
    /// blocks.
    pub edition: crate::model::Edition,
}

/// One use of a citation in a body.
#[derive(Debug, Clone)]
pub struct CitationUse {
    pub source: String,
    pub quote: Option<String>,
    pub number: usize,
    /// Byte offset in the file, for diagnostics.
    pub offset: usize,
    pub len: usize,
    /// The paragraph it supports, as plain text (for backlinks).
    pub context: String,
    /// The id of its mark in the text (`cite-3`), which links point at.
    pub mark: String,
    /// The heading of the section it stands in (index in
    /// [`Rendered::headings`]); `None` before the first heading.
    pub heading: Option<usize>,
}

/// A numbered note at the end of the page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Note {
    pub number: usize,
    pub source: String,
    pub quote: Option<String>,
    /// Ids of the reference marks in the text pointing here.
    pub backrefs: Vec<String>,
}

/// A mention of an actor, with the sentence it stands in.
#[derive(Debug, Clone)]
pub struct Mention {
    pub actor: String,
    pub sentence: String,
}

/// A heading of the body, for a table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A body rendered to HTML, with what was found in it.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub text: String,
    pub notes: Vec<Note>,
    pub citations: Vec<CitationUse>,
    pub mentions: Vec<Mention>,
    /// Ids linked with `[[id]]`.
    pub links: Vec<String>,
    pub headings: Vec<Heading>,
    pub diagnostics: Vec<Diagnostic>,
    /// Paragraphs with no citation (offset), reported for briefs.
    pub uncited: Vec<usize>,
    /// The ids this body asked the rest of the site about (their cards, or
    /// whether their front-matter failed): its output depends on those only,
    /// which is what an incremental rebuild needs to know.
    pub lookups: Vec<String>,
    /// An unknown id was compared with every id for a "did you mean": the
    /// output then depends on the whole set of ids.
    pub compared_all_ids: bool,
}

/// Options of one render.
pub struct RenderOptions<'a> {
    /// The id of the entry being rendered; it does not link to itself.
    pub self_id: &'a str,
    /// From the page to the site root: `""` or `"../"`.
    pub root: &'a str,
    /// Which mentions of an actor become links.
    pub mention_links: MentionLinks,
}

/// Which mentions of an actor's name are linked to the actor's page
/// (`mention_links` in briefbook.toml). Every mention counts for backlinks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MentionLinks {
    /// The first mention in each section (between headings).
    #[default]
    FirstPerSection,
    /// The first mention on the page.
    FirstPerPage,
    /// Every mention.
    Every,
    /// None: names stay plain text.
    None,
}

/// Renders the body of `file` starting at byte `body_start`.
pub fn render_body(
    file: &SourceFile,
    body_start: usize,
    options: &RenderOptions,
    lookup: &Lookup,
) -> Rendered {
    let mut r = Renderer {
        file,
        options,
        lookup,
        out: Rendered::default(),
        note_numbers: HashMap::new(),
        cite_marks: 0,
        section_linked: BTreeSet::new(),
        heading_ids: HashMap::new(),
        sidenotes: Vec::new(),
        footnote_html: HashMap::new(),
        reported_ambiguous: BTreeSet::new(),
        raw_html: false,
        nesting: 0,
        too_deep_at: None,
    };
    let body = &file.text[body_start..];
    let html = r.render_fragment(body, body_start, 0);
    let html = r.place_sidenotes(html);
    // Markup briefbook generates is escaped as it is made; only raw HTML
    // written in the body needs the (costly) sanitizer.
    r.out.html = match (r.raw_html, r.too_deep_at) {
        (false, _) => html,
        (true, None) => sanitize(&html),
        (true, Some(at)) => {
            r.too_deep_html(at);
            // The build fails; nothing of this body is shown.
            String::new()
        }
    };
    r.out
}

struct Renderer<'a> {
    file: &'a SourceFile,
    options: &'a RenderOptions<'a>,
    lookup: &'a Lookup<'a>,
    out: Rendered,
    note_numbers: HashMap<(String, Option<String>), usize>,
    cite_marks: usize,
    section_linked: BTreeSet<String>,
    heading_ids: HashMap<String, usize>,
    /// Footnote labels in the order their references appear.
    sidenotes: Vec<String>,
    footnote_html: HashMap<String, String>,
    reported_ambiguous: BTreeSet<String>,
    /// Whether the body contains raw HTML (which must be sanitized).
    raw_html: bool,
    /// Open markdown blocks and raw HTML elements at the current event.
    nesting: usize,
    /// Where the nesting first passed [`MAX_HTML_DEPTH`].
    too_deep_at: Option<usize>,
}

/// A block whose citations are counted (a paragraph, or a list item's text).
struct Block {
    start: usize,
    has_text: bool,
    cited: bool,
    is_item: bool,
    had_paragraph: bool,
}

/// Text waiting to be processed, with where each piece came from.
#[derive(Default)]
struct PendingText {
    text: String,
    /// (offset in `text`, offset in file) for each piece.
    pieces: Vec<(usize, usize)>,
}

impl PendingText {
    fn file_offset(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|&(t, _)| t <= at).max(1) - 1;
        let (t, f) = self.pieces[i];
        f + (at - t)
    }
}

/// Per-fragment state of the event loop.
struct Fragment<'e> {
    events: Vec<Event<'e>>,
    /// Events collected for a footnote definition or a heading.
    footnote: Option<(String, Vec<Event<'e>>)>,
    heading: Option<(u8, Vec<Event<'e>>, String)>,
    code: Option<(String, String, usize)>,
    link_depth: usize,
    wikilink: Option<bool>,
    /// The closing markup (with the preview card) of the open `[[link]]`.
    wikilink_close: String,
    image_depth: usize,
    blocks: Vec<Block>,
    paragraph_text: String,
    paragraph_mentions: Vec<(String, usize)>,
    pending: PendingText,
    /// How many ```` ```disagree ```` blocks enclose this fragment.
    disagree_depth: usize,
}

impl<'e> Fragment<'e> {
    fn emit(&mut self, event: Event<'e>) {
        if let Some((_, events, _)) = &mut self.heading {
            events.push(event);
        } else if let Some((_, events)) = &mut self.footnote {
            events.push(event);
        } else {
            self.events.push(event);
        }
    }

    fn emit_html(&mut self, html: String) {
        self.emit(Event::InlineHtml(CowStr::from(html)));
    }
}

impl<'a> Renderer<'a> {
    /// Renders markdown `text` found at byte `base` of the file, inside
    /// `disagree_depth` disagreement blocks.
    fn render_fragment(&mut self, text: &str, base: usize, disagree_depth: usize) -> String {
        let parser = Parser::new_ext(text, parser_options()).into_offset_iter();
        let mut f = Fragment {
            events: Vec::new(),
            footnote: None,
            heading: None,
            code: None,
            link_depth: 0,
            wikilink: None,
            wikilink_close: String::new(),
            image_depth: 0,
            blocks: Vec::new(),
            paragraph_text: String::new(),
            paragraph_mentions: Vec::new(),
            pending: PendingText::default(),
            disagree_depth,
        };
        for (event, range) in parser {
            let offset = base + range.start;
            match &event {
                Event::Start(_) => self.nesting += 1,
                Event::End(_) => self.nesting = self.nesting.saturating_sub(1),
                Event::Html(html) | Event::InlineHtml(html) => {
                    self.nesting = html_nesting(self.nesting, html);
                }
                _ => {}
            }
            if self.nesting > MAX_HTML_DEPTH && self.too_deep_at.is_none() {
                self.too_deep_at = Some(offset);
            }
            if let Event::Text(t) = &event {
                if let Some((_, code, _)) = &mut f.code {
                    code.push_str(t);
                    continue;
                }
                let at = f.pending.text.len();
                f.pending.pieces.push((at, offset));
                f.pending.text.push_str(t);
                continue;
            }
            self.flush_text(&mut f);
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    f.heading = Some((level as u8, Vec::new(), String::new()));
                }
                Event::End(TagEnd::Heading(_)) => self.end_heading(&mut f),
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(l) => l.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    f.code = Some((lang, String::new(), offset));
                }
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, code, start) = f.code.take().unwrap_or_default();
                    let lang = lang.trim();
                    let block = matches!(lang, "disagree" | "internal");
                    let html = if block && f.disagree_depth >= MAX_DISAGREE_DEPTH {
                        self.too_deep_block(start, lang);
                        highlight_code(&code, "")
                    } else if lang == "internal" && self.lookup.edition == Edition::Public {
                        // Left out of the public edition entirely: not
                        // rendered, so nothing in it is cited, linked or
                        // indexed either.
                        String::new()
                    } else if block {
                        // The block's content starts on the line after the fence.
                        let content_start = self.file.text[start..]
                            .find('\n')
                            .map_or(start, |i| start + i + 1);
                        let inner =
                            self.render_fragment(&code, content_start, f.disagree_depth + 1);
                        let (label, class) = if lang == "internal" {
                            ("Internal: not in the public edition", "internal")
                        } else {
                            ("Sources disagree", "disagree")
                        };
                        format!(
                            "<aside class=\"{class}\" aria-label=\"{label}\"><p class=\"{class}-label\">{label}</p>{inner}</aside>\n"
                        )
                    } else {
                        highlight_code(&code, lang)
                    };
                    f.emit(Event::Html(CowStr::from(html)));
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    f.footnote = Some((label.to_string(), Vec::new()));
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some((label, events)) = f.footnote.take() {
                        let mut html = String::new();
                        pulldown_cmark::html::push_html(&mut html, events.into_iter());
                        self.footnote_html.insert(label, html);
                    }
                }
                Event::FootnoteReference(label) => {
                    self.sidenotes.push(label.to_string());
                    f.emit_html(format!("<!--sidenote:{}-->", escape_html(&label)));
                }
                Event::Start(Tag::Link {
                    link_type: LinkType::WikiLink { has_pothole },
                    dest_url,
                    ..
                }) => {
                    f.link_depth += 1;
                    let len = range.len();
                    let html = self.start_wikilink(&dest_url, offset, len);
                    f.wikilink = Some(has_pothole || html.is_none());
                    if let Some((open, title, close)) = html {
                        f.emit_html(open);
                        f.wikilink_close = close;
                        if !has_pothole {
                            f.emit(Event::Text(CowStr::from(title)));
                        }
                    }
                }
                Event::End(TagEnd::Link) if f.wikilink.is_some() => {
                    f.link_depth -= 1;
                    f.wikilink = None;
                    let close = std::mem::take(&mut f.wikilink_close);
                    f.emit_html(if close.is_empty() {
                        "</a>".to_string()
                    } else {
                        close
                    });
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    f.link_depth += 1;
                    let dest = self.checked_url(dest_url, offset, range.len(), "link");
                    f.emit(Event::Start(Tag::Link {
                        link_type,
                        dest_url: dest,
                        title,
                        id,
                    }));
                }
                Event::End(TagEnd::Link) => {
                    f.link_depth -= 1;
                    f.emit(Event::End(TagEnd::Link));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    f.image_depth += 1;
                    let dest = self.checked_url(dest_url, offset, range.len(), "image");
                    f.emit(Event::Start(Tag::Image {
                        link_type,
                        dest_url: dest,
                        title,
                        id,
                    }));
                }
                Event::End(TagEnd::Image) => {
                    f.image_depth -= 1;
                    f.emit(event);
                }
                Event::Start(Tag::Paragraph) => {
                    if let Some(top) = f.blocks.last_mut() {
                        top.had_paragraph = true;
                    }
                    f.blocks.push(Block {
                        start: offset,
                        has_text: false,
                        cited: false,
                        is_item: false,
                        had_paragraph: false,
                    });
                    f.emit(event);
                }
                Event::Start(Tag::Item) => {
                    f.blocks.push(Block {
                        start: offset,
                        has_text: false,
                        cited: false,
                        is_item: true,
                        had_paragraph: false,
                    });
                    f.emit(event);
                }
                Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                    self.end_block(&mut f);
                    f.emit(event);
                }
                Event::Code(code) => {
                    f.paragraph_text.push_str(&code);
                    self.out.text.push_str(&code);
                    self.out.text.push(' ');
                    if let Some((_, _, text)) = &mut f.heading {
                        text.push_str(&code);
                    }
                    f.emit(Event::Code(code));
                }
                Event::Html(ref html) | Event::InlineHtml(ref html) => {
                    self.raw_html = true;
                    if html.contains("[@") || html.contains("[[") {
                        self.out.diagnostics.push(
                            self.file
                                .warning(offset, range.len().min(html.len()), "a citation or link inside raw HTML is not processed")
                                .with_hint("write this passage in markdown, so that `[@source]` and `[[id]]` work")
                                .with_code(Code::ReferenceInHtml),
                        );
                    }
                    f.emit(event);
                }
                Event::SoftBreak | Event::HardBreak => {
                    f.paragraph_text.push(' ');
                    f.emit(event);
                }
                other => f.emit(other),
            }
        }
        self.flush_text(&mut f);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, f.events.into_iter());
        html
    }

    /// Reports a ```` ```disagree ```` or ```` ```internal ```` block nested
    /// past [`MAX_DISAGREE_DEPTH`], at its opening fence.
    fn too_deep_block(&mut self, fence: usize, lang: &str) {
        self.too_deep(
            fence,
            format!("`{lang}` blocks are nested more than {MAX_DISAGREE_DEPTH} deep"),
            &format!("close each block with a line of backticks before opening the next; a fence with an info string (```{lang}) never closes one"),
        );
    }

    /// Reports a body with raw HTML nested past [`MAX_HTML_DEPTH`], where
    /// the nesting passed it.
    fn too_deep_html(&mut self, at: usize) {
        self.too_deep(
            at,
            format!("blocks and HTML elements are nested more than {MAX_HTML_DEPTH} deep in a brief with raw HTML"),
            "close the elements opened above this line, or write the passage in markdown without raw HTML",
        );
    }

    /// A `BB039 too-deep` error from `at` to the end of its line.
    fn too_deep(&mut self, at: usize, message: String, hint: &str) {
        let line_len = self.file.text[at..]
            .find('\n')
            .unwrap_or(self.file.text.len() - at);
        self.out.diagnostics.push(
            self.file
                .error(at, line_len, message)
                .with_hint(hint)
                .with_code(Code::TooDeep),
        );
    }

    /// The URL of a link or image, or `#` (with an error) if it could run a
    /// script when followed.
    fn checked_url<'u>(
        &mut self,
        url: CowStr<'u>,
        offset: usize,
        len: usize,
        what: &str,
    ) -> CowStr<'u> {
        if !is_unsafe_url(&url) {
            return url;
        }
        self.out.diagnostics.push(
            self.file
                .error(offset, len, format!("this {what}'s URL could run a script"))
                .with_hint("use an http(s) address, a page of the briefing, or `[[id]]`")
                .with_code(Code::UnsafeUrl),
        );
        CowStr::from("#")
    }

    fn end_block(&mut self, f: &mut Fragment) {
        let Some(block) = f.blocks.pop() else {
            return;
        };
        if block.cited
            && let Some(parent) = f.blocks.last_mut()
        {
            parent.cited = true;
        }
        let counts = !block.is_item || !block.had_paragraph;
        if counts && block.has_text && !block.cited && f.footnote.is_none() && f.disagree_depth == 0
        {
            self.out.uncited.push(block.start);
        }
        let text = std::mem::take(&mut f.paragraph_text);
        for (actor, at) in f.paragraph_mentions.drain(..) {
            self.out.mentions.push(Mention {
                actor,
                sentence: sentence_around(&text, at),
            });
        }
        for c in self.out.citations.iter_mut().rev() {
            if !c.context.is_empty() {
                break;
            }
            c.context = crate::text::truncate_words(&crate::text::tidy_spacing(text.trim()), 400);
        }
        self.out.text.push('\n');
    }

    fn end_heading(&mut self, f: &mut Fragment) {
        let Some((level, events, text)) = f.heading.take() else {
            return;
        };
        let base = slugify(&text);
        let n = self.heading_ids.entry(base.clone()).or_insert(0);
        *n += 1;
        let id = if *n == 1 { base } else { format!("{base}-{n}") };
        if self.options.mention_links == MentionLinks::FirstPerSection {
            self.section_linked.clear();
        }
        self.out.text.push_str(&text);
        self.out.text.push('\n');
        self.out.headings.push(Heading {
            level,
            id: id.clone(),
            text: text.clone(),
        });
        f.emit_html(format!("<h{level} id=\"{id}\">"));
        for e in events {
            f.emit(e);
        }
        f.emit_html(format!(
            "<a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"Link to this section: {}\">#</a></h{level}>\n",
            escape_html(&text)
        ));
    }

    /// Processes pending text: citations, then mentions in what remains.
    fn flush_text(&mut self, f: &mut Fragment) {
        if f.pending.text.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut f.pending);
        let text = pending.text.as_str();
        if let Some((_, _, heading_text)) = &mut f.heading {
            heading_text.push_str(text);
            f.emit(Event::Text(CowStr::from(text.to_string())));
            return;
        }
        if let Some(block) = f.blocks.last_mut()
            && !text.trim().is_empty()
        {
            block.has_text = true;
        }
        if f.link_depth > 0 || f.image_depth > 0 {
            f.paragraph_text.push_str(text);
            self.out.text.push_str(text);
            if f.wikilink != Some(false) {
                f.emit(Event::Text(CowStr::from(text.to_string())));
            }
            return;
        }
        let mut rest = 0;
        for (start, end) in citation_spans(text) {
            self.prose(f, &pending, rest, start);
            let offset = pending.file_offset(start);
            // Smart punctuation and entities make the text longer or shorter
            // than what was written, so the end is mapped to the file too:
            // the closing `]` always starts a piece of its own or stands
            // where it was written.
            let len = pending.file_offset(end - 1) + 1 - offset;
            let html = self.citation(&text[start + 1..end - 1], &pending, start + 1, offset, len);
            if let Some(block) = f.blocks.last_mut() {
                block.cited = true;
            }
            f.emit_html(html);
            rest = end;
        }
        self.prose(f, &pending, rest, text.len());
    }

    /// Emits text between citations: derivations `{92 − 29 − 37 = 26}`
    /// show their result, with the arithmetic on hover and for screen
    /// readers (`crate::claims` checks it); the rest is plain text.
    fn prose(&mut self, f: &mut Fragment, pending: &PendingText, start: usize, end: usize) {
        let mut at = start;
        for d in crate::numbers::find_braced_derivations(&pending.text[start..end]) {
            let text = &pending.text[start..end];
            self.plain_text(f, pending, at, start + d.start);
            let (expr, result) = (d.expr_text(text), d.result_text(text));
            f.emit_html(format!(
                "<span class=\"derived\" title=\"Worked out: {expr} = {result}\">{result}<span class=\"visually-hidden\"> (worked out: {expr})</span></span>",
                expr = escape_html(expr),
                result = escape_html(result),
            ));
            f.paragraph_text.push_str(result);
            self.out.text.push_str(result);
            if let Some(block) = f.blocks.last_mut() {
                block.has_text = true;
            }
            at = start + d.end;
        }
        self.plain_text(f, pending, at, end);
    }

    /// Emits text, linking the first mention of each actor in the section.
    fn plain_text(&mut self, f: &mut Fragment, pending: &PendingText, start: usize, end: usize) {
        if start >= end {
            return;
        }
        let text = &pending.text[start..end];
        let para_base = f.paragraph_text.len();
        f.paragraph_text.push_str(text);
        self.out.text.push_str(text);
        let mut last = 0;
        for (s, e, pattern) in self.lookup.mentions.find(text) {
            let owners = &self.lookup.mentions.owners[pattern];
            if owners.len() > 1 {
                let name = &self.lookup.mentions.patterns[pattern];
                if self.reported_ambiguous.insert(name.clone()) {
                    let offset = pending.file_offset(start + s);
                    self.out.diagnostics.push(
                        self.file
                            .warning(
                                offset,
                                e - s,
                                format!(
                                    "`{}` could name {}; it is not linked",
                                    &text[s..e],
                                    owners
                                        .iter()
                                        .map(|o| format!("`{o}`"))
                                        .collect::<Vec<_>>()
                                        .join(" or ")
                                ),
                            )
                            .with_hint(
                                "make the aliases distinct, or link the one you mean with `[[id]]`",
                            )
                            .with_code(Code::AmbiguousMention),
                    );
                }
                continue;
            }
            let actor = &owners[0];
            if actor == self.options.self_id {
                continue;
            }
            f.paragraph_mentions.push((actor.clone(), para_base + s));
            let link = match self.options.mention_links {
                MentionLinks::None => false,
                MentionLinks::Every => true,
                _ => self.section_linked.insert(actor.clone()),
            };
            if !link {
                continue;
            }
            self.out.lookups.push(actor.clone());
            let Some(card) = self.lookup.cards.get(actor) else {
                continue;
            };
            if last < s {
                f.emit(Event::Text(CowStr::from(text[last..s].to_string())));
            }
            let (open, close) = self.xref(actor, card, "mention");
            f.emit_html(open);
            f.emit(Event::Text(CowStr::from(text[s..e].to_string())));
            f.emit_html(close);
            last = e;
        }
        if last < text.len() {
            f.emit(Event::Text(CowStr::from(text[last..].to_string())));
        }
    }

    /// The opening and closing markup of a link to an entry; the closing
    /// part carries the preview card shown on hover and focus.
    fn xref(&mut self, id: &str, card: &Card, class: &str) -> (String, String) {
        self.cite_marks += 1;
        let card_id = format!("xc-{}", self.cite_marks);
        let open = format!(
            "<span class=\"xref-wrap\"><a class=\"xref {class} xref-{kind}\" href=\"{root}{url}\" data-card=\"{id}\" aria-describedby=\"{card_id}\">",
            kind = card.kind.name(),
            root = self.options.root,
            url = card.url,
        );
        let summary = if card.summary.is_empty() {
            String::new()
        } else {
            format!(
                "<span class=\"card-summary\">{}</span>",
                escape_html(&card.summary)
            )
        };
        let close = format!(
            "</a><span class=\"card\" role=\"tooltip\" id=\"{card_id}\"><span class=\"card-kind\">{kind}</span><span class=\"card-title\">{title}</span><span class=\"card-meta\">{meta}</span>{summary}</span></span>",
            kind = card.kind.name(),
            title = escape_html(&card.title),
            meta = card
                .reference
                .clone()
                .unwrap_or_else(|| escape_html(&card.subtitle)),
        );
        (open, close)
    }

    /// Starts `[[id]]`: the link's opening tag and the entry's title.
    fn start_wikilink(
        &mut self,
        dest: &str,
        offset: usize,
        len: usize,
    ) -> Option<(String, String, String)> {
        let id = dest.trim();
        self.out.lookups.push(id.to_string());
        match self.lookup.cards.get(id) {
            Some(card) => {
                self.out.links.push(id.to_string());
                let (open, close) = self.xref(id, card, "explicit");
                Some((open, card.title.clone(), close))
            }
            None if self.lookup.withheld.contains(id) => {
                self.out
                    .diagnostics
                    .push(crate::resolve::internal_reference(
                        self.file, offset, len, id,
                    ));
                None
            }
            None => {
                let mut d = self
                    .file
                    .error(offset, len, format!("link to unknown entry `{id}`"))
                    .with_code(Code::UnknownLink);
                self.out.compared_all_ids = true;
                d = match suggest(id, self.lookup.cards.keys().map(String::as_str)) {
                    Some(s) => d.with_hint(format!("did you mean `[[{s}]]`?")),
                    None => d.with_hint("link to the id of a brief, actor, event or source (its file name without `.md`)"),
                };
                self.out.diagnostics.push(d);
                None
            }
        }
    }

    /// Renders the inside of `[@a; @b, "quote"]` (without the brackets).
    /// `inner` starts at `inner_at` in `pending`'s text; the whole citation
    /// is `len` bytes at `offset` in the file.
    fn citation(
        &mut self,
        inner: &str,
        pending: &PendingText,
        inner_at: usize,
        offset: usize,
        len: usize,
    ) -> String {
        let mut marks = Vec::new();
        let mut part_start = inner_at;
        for part in split_citations(inner) {
            let trimmed = part.trim_start();
            let body_start = part_start + (part.len() - trimmed.len());
            let at = pending.file_offset(body_start);
            // Mapped like the citation's end: what follows a part (`;`, `]`
            // or a space) stands where it was written.
            let part_len = pending.file_offset(body_start + trimmed.trim_end().len()) - at;
            part_start += part.len() + 1;
            let Some((id, quote)) = parse_citation(trimmed.trim_end()) else {
                self.out.diagnostics.push(
                    self.file
                        .error(offset, len, format!("malformed citation `[{inner}]`"))
                        .with_hint("write `[@source-id]`, `[@source-id, \"quoted words\"]`, or several joined by `;`")
                        .with_code(Code::MalformedCitation),
                );
                return escape_html(&format!("[{inner}]"));
            };
            self.out.lookups.push(id.to_string());
            let card = self.lookup.cards.get(id).filter(|c| c.kind == Kind::Source);
            let Some(card) = card else {
                if self.lookup.unparsed.contains(id) {
                    marks.push("<span class=\"cite cite-broken\">?</span>".to_string());
                    continue;
                }
                if self.lookup.withheld.contains(id) {
                    self.out
                        .diagnostics
                        .push(crate::resolve::internal_reference(
                            self.file,
                            at,
                            id.len() + 1,
                            id,
                        ));
                    marks.push("<span class=\"cite cite-broken\">?</span>".to_string());
                    continue;
                }
                self.out.compared_all_ids = true;
                let sources = self
                    .lookup
                    .cards
                    .iter()
                    .filter(|(_, c)| c.kind == Kind::Source)
                    .map(|(k, _)| k.as_str());
                let mut d = self.file.error(
                    at,
                    id.len() + 1,
                    format!("unknown source `{id}` in a citation"),
                );
                d = match suggest(id, sources) {
                    Some(s) => d.with_hint(format!("did you mean `@{s}`?")),
                    None => d.with_hint("cite the id of a file in content/sources/"),
                };
                self.out.diagnostics.push(d.with_code(Code::UnknownSource));
                marks.push("<span class=\"cite cite-broken\">?</span>".to_string());
                continue;
            };
            let key = (id.to_string(), quote.map(str::to_string));
            let next = self.out.notes.len() + 1;
            let number = *self.note_numbers.entry(key).or_insert(next);
            if number == next {
                self.out.notes.push(Note {
                    number,
                    source: id.to_string(),
                    quote: quote.map(str::to_string),
                    backrefs: Vec::new(),
                });
            }
            self.cite_marks += 1;
            let mark = format!("cite-{}", self.cite_marks);
            self.out.notes[number - 1].backrefs.push(mark.clone());
            self.out.citations.push(CitationUse {
                source: id.to_string(),
                quote: quote.map(str::to_string),
                number,
                offset: at,
                len: part_len,
                context: String::new(),
                mark: mark.clone(),
                heading: self.out.headings.len().checked_sub(1),
            });
            let quote_html = quote
                .map(|q| format!("<span class=\"card-quote\">“{}”</span>", escape_html(q)))
                .unwrap_or_default();
            marks.push(format!(
                "<span class=\"cite\"><a class=\"cite-ref\" id=\"{mark}\" href=\"#note-{number}\" aria-describedby=\"{mark}-card\">{number}</a><span class=\"card\" role=\"tooltip\" id=\"{mark}-card\"><span class=\"card-kind\">Source</span><span class=\"card-title\">{title}</span><span class=\"card-meta\">{meta}</span>{quote_html}</span></span>",
                title = escape_html(&card.title),
                meta = card
                .reference
                .clone()
                .unwrap_or_else(|| escape_html(&card.subtitle)),
            ));
        }
        format!(
            "<sup class=\"cites\">{}</sup>",
            marks.join("<span class=\"cite-sep\">, </span>")
        )
    }

    /// Replaces sidenote markers with the notes themselves, numbered in the
    /// order they are referred to.
    fn place_sidenotes(&mut self, mut html: String) -> String {
        for (i, label) in std::mem::take(&mut self.sidenotes).iter().enumerate() {
            let n = i + 1;
            let marker = format!("<!--sidenote:{}-->", escape_html(label));
            let content = self
                .footnote_html
                .get(label)
                .map(|h| {
                    h.trim()
                        .replace("<p>", "<span class=\"sidenote-para\">")
                        .replace("</p>", "</span>")
                })
                .unwrap_or_default();
            let note = format!(
                "<label for=\"sn-{n}\" class=\"sidenote-number\"><span class=\"visually-hidden\">Editor's note </span>{n}</label><input type=\"checkbox\" id=\"sn-{n}\" class=\"sidenote-toggle\"><span class=\"sidenote\" role=\"note\"><span class=\"sidenote-mark\">{n}</span> {content}</span>"
            );
            html = html.replacen(&marker, &note, 1);
        }
        html
    }
}

/// Splits `@a; @b, "x; y"` at the semicolons outside quotations.
pub(crate) fn split_citations(inner: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut in_quote = false;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '"' => in_quote = !in_quote,
            '“' => in_quote = true,
            '”' => in_quote = false,
            ';' if !in_quote => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
}

/// `@id` or `@id, "quote"` (straight or curly quotes).
pub(crate) fn parse_citation(part: &str) -> Option<(&str, Option<&str>)> {
    let rest = part.strip_prefix('@')?;
    let id_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let id = &rest[..id_end];
    if id.is_empty() {
        return None;
    }
    let after = rest[id_end..].trim();
    if after.is_empty() {
        return Some((id, None));
    }
    let quoted = after.strip_prefix(',')?.trim();
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .or_else(|| quoted.strip_prefix('“').and_then(|q| q.strip_suffix('”')))?;
    (!inner.trim().is_empty()).then_some((id, Some(inner)))
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

/// Where each `[@…]` citation of `text` starts and ends (after its `]`), as
/// the renderer cuts them: from `[@` to the first `]`.
pub fn citation_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut rest = 0;
    std::iter::from_fn(move || {
        let start = rest + text[rest..].find("[@")?;
        let end = start + text[start..].find(']')? + 1;
        rest = end;
        Some((start, end))
    })
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
    fn citation_parts_parse_with_quotes() {
        assert_eq!(parse_citation("@a"), Some(("a", None)));
        assert_eq!(parse_citation("@a-b, \"x y\""), Some(("a-b", Some("x y"))));
        assert_eq!(parse_citation("@a, “x y”"), Some(("a", Some("x y"))));
        assert_eq!(parse_citation("@a, x"), None);
        assert_eq!(parse_citation("a"), None);
        assert_eq!(
            split_citations("@a; @b, \"x; y\""),
            vec!["@a", " @b, \"x; y\""]
        );
    }

    /// Renders `body` (after a front-matter) against one source, `src`.
    fn render_with_one_source(body: &str) -> (SourceFile, Rendered) {
        let cards: HashMap<String, Card> = [(
            "src".to_string(),
            Card {
                kind: Kind::Source,
                url: "sources/src.html".to_string(),
                title: "A source".to_string(),
                subtitle: String::new(),
                reference: None,
                summary: String::new(),
            },
        )]
        .into();
        let mentions = MentionMatcher::new(&[]);
        let unparsed = std::collections::HashSet::new();
        let withheld = std::collections::HashSet::new();
        let lookup = Lookup {
            cards: &cards,
            mentions: &mentions,
            unparsed: &unparsed,
            withheld: &withheld,
            edition: crate::model::Edition::Public,
        };
        let options = RenderOptions {
            self_id: "b",
            root: "../",
            mention_links: MentionLinks::default(),
        };
        let text = format!("---\ntitle: t\n---\n{body}");
        let file = SourceFile::new("content/briefs/b.md".into(), text);
        let rendered = render_body(&file, 18, &options, &lookup);
        (file, rendered)
    }

    /// Found by the page_body fuzz target: smart punctuation turns `"` (one
    /// byte) into `“` (three), so a citation's length measured in the
    /// rendered text ran past its end in the file, and past the file's end
    /// when it closed the file.
    #[test]
    fn citation_positions_are_the_written_ones_despite_smart_quotes() {
        let (file, r) =
            render_with_one_source("It said \"so\" [@src, \"a quote\"; @src, \"...more\"; @src]");
        let written: Vec<&str> = r
            .citations
            .iter()
            .map(|c| &file.text[c.offset..c.offset + c.len])
            .collect();
        assert_eq!(written, ["@src, \"a quote\"", "@src, \"...more\"", "@src"]);
    }

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

    #[test]
    fn sanitizer_removes_scripts_and_handlers() {
        let html = sanitize(
            "<p onclick=\"x()\">a<script>alert(1)</script><a href=\"javascript:x\">l</a></p>",
        );
        assert_eq!(html, "<p>a<a>l</a></p>");
    }

    #[test]
    fn mentions_ignore_case_and_accents_at_word_boundaries() {
        let m = MentionMatcher::new(&[(
            "garcia-harfuch".to_string(),
            vec![
                "Omar García Harfuch".to_string(),
                "García Harfuch".to_string(),
            ],
        )]);
        let found = m.find("Then Garcia Harfuch spoke; GarcíaHarfuchs not.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 5);
    }
}
