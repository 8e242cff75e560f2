//! The sources as references: formatted in a citation style (`csl` in
//! briefbook.toml) by hayagriva, and written out as CSL-JSON for a
//! reference manager (`briefbook export --format csl-json`).
//!
//! Both start from a source's fields ([`Meta::Source`]), whatever declared
//! it (a markdown file or a bibliography), so that a source reads the same
//! either way. A formatted reference comes as plain text and as HTML made
//! here from hayagriva's elements — every piece of text escaped, only
//! `<i>`, `<b>`, `<sup>` and `<sub>` added, and no links (an address is
//! shown as text), so a bibliography can put no markup on a page.

use std::collections::HashMap;

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::{FontStyle, FontWeight, IndependentStyle, Style, VerticalAlign};
use hayagriva::types::{Date, EntryType, FormatString, Person, Publisher, QualifiedUrl};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild, Formatted,
};
use serde_json::{Value, json};

use crate::model::{Meta, NOT_RECORDED};
use crate::text::escape_html;

/// The citation style of that name in hayagriva's archive.
pub fn style(name: &str) -> Option<IndependentStyle> {
    match ArchivedStyle::by_name(name)?.get() {
        Style::Independent(s) => Some(s),
        Style::Dependent(_) => None,
    }
}

/// Every style name `csl` accepts, sorted.
pub fn style_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = ArchivedStyle::all()
        .iter()
        .flat_map(|s| s.names().iter().copied())
        .collect();
    names.sort_unstable();
    names
}

/// The hint for an unknown style: the nearest name, and a few common ones.
pub fn style_hint(name: &str) -> String {
    let names = style_names();
    let common = "chicago-author-date, chicago-notes, apa, mla, ieee, harvard-cite-them-right";
    match crate::diagnostic::suggest(name, names.iter().copied()) {
        Some(near) => format!(
            "did you mean `{near}`? Styles include {common} ({} in all: see docs/EDITING.md)",
            names.len()
        ),
        None => format!(
            "styles include {common} ({} in all: see docs/EDITING.md)",
            names.len()
        ),
    }
}

/// A source's reference in a citation style.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference {
    pub text: String,
    /// Safe HTML: escaped text with italics, bold, superscripts.
    pub html: String,
}

/// Each source's reference in `style`, by source id. `sources` are the
/// sources' ids and fields.
pub fn format_references<'a>(
    style: &IndependentStyle,
    sources: impl IntoIterator<Item = (&'a str, &'a Meta)>,
) -> HashMap<String, Reference> {
    let entries: Vec<hayagriva::Entry> = sources
        .into_iter()
        .filter_map(|(id, meta)| to_hayagriva(id, meta))
        .collect();
    let locales = hayagriva::archive::locales();
    let mut driver = BibliographyDriver::new();
    for entry in &entries {
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(entry)],
            style,
            &locales,
        ));
    }
    let rendered = driver.finish(BibliographyRequest::new(style, None, &locales));
    let mut out = HashMap::new();
    for item in rendered.bibliography.map(|b| b.items).unwrap_or_default() {
        let mut text = String::new();
        let _ = item
            .content
            .write_buf(&mut text, hayagriva::BufWriteFormat::Plain);
        let mut html = String::new();
        write_html(&item.content.0, &mut html, 0);
        out.insert(
            item.key,
            Reference {
                text: text.trim().to_string(),
                html: html.trim().to_string(),
            },
        );
    }
    out
}

/// How deep formatted elements are followed: a style nests a few levels;
/// anything deeper is written as plain text.
const MAX_DEPTH: usize = 32;

/// Writes formatted elements as safe HTML (see the module's comment).
fn write_html(children: &[ElemChild], out: &mut String, depth: usize) {
    for child in children {
        match child {
            ElemChild::Text(t) => write_formatted(t, out),
            ElemChild::Link { text, .. } => write_formatted(text, out),
            ElemChild::Markup(m) => out.push_str(&escape_html(m)),
            ElemChild::Elem(e) if depth < MAX_DEPTH => write_html(&e.children.0, out, depth + 1),
            ElemChild::Elem(e) => {
                let mut plain = String::new();
                let _ = e
                    .children
                    .write_buf(&mut plain, hayagriva::BufWriteFormat::Plain);
                out.push_str(&escape_html(&plain));
            }
            ElemChild::Transparent { .. } => {}
        }
    }
}

/// One run of text with its formatting, escaped.
fn write_formatted(t: &Formatted, out: &mut String) {
    let f = &t.formatting;
    let mut close = Vec::new();
    for (on, open, end) in [
        (f.font_style == FontStyle::Italic, "<i>", "</i>"),
        (f.font_weight == FontWeight::Bold, "<b>", "</b>"),
        (f.vertical_align == VerticalAlign::Sup, "<sup>", "</sup>"),
        (f.vertical_align == VerticalAlign::Sub, "<sub>", "</sub>"),
    ] {
        if on {
            out.push_str(open);
            close.push(end);
        }
    }
    out.push_str(&escape_html(&t.text));
    for end in close.into_iter().rev() {
        out.push_str(end);
    }
}

/// What a field holds, unless it is `not recorded`.
fn recorded(value: &str) -> Option<&str> {
    let v = value.trim();
    (!v.is_empty() && v != NOT_RECORDED).then_some(v)
}

/// The authors of an `author` field: names separated by `;`, each
/// `Family, Given` or an organisation's name as written.
fn persons(author: &str) -> Vec<Person> {
    let Some(author) = recorded(author) else {
        return Vec::new();
    };
    author
        .split(';')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| {
            let (family, given) = match n.split_once(',') {
                Some((f, g)) if !g.trim().is_empty() => (f.trim(), Some(g.trim().to_string())),
                _ => (n, None),
            };
            Person {
                name: family.to_string(),
                given_name: given,
                prefix: None,
                suffix: None,
                comma_suffix: false,
                alias: None,
            }
        })
        .collect()
}

/// The CSL type of a source's `kind`, for styles and reference managers.
fn csl_type(kind: &str) -> &'static str {
    match kind.trim().to_lowercase().as_str() {
        "news" | "article-newspaper" | "newspaper" => "article-newspaper",
        "article" | "article-journal" | "journal" => "article-journal",
        "magazine" | "article-magazine" => "article-magazine",
        "report" | "techreport" | "analysis" => "report",
        "interview" => "interview",
        "book" => "book",
        "web" | "webpage" | "online" => "webpage",
        "post" | "blog" => "post-weblog",
        "speech" | "statement" => "speech",
        "legislation" | "law" => "legislation",
        _ => "document",
    }
}

/// A source as hayagriva's entry, for formatting.
fn to_hayagriva(id: &str, meta: &Meta) -> Option<hayagriva::Entry> {
    let Meta::Source {
        title,
        author,
        publisher,
        published,
        url,
        kind,
        ..
    } = meta
    else {
        return None;
    };
    let entry_type = match csl_type(kind) {
        "article-newspaper" | "article-journal" | "article-magazine" => EntryType::Article,
        "report" => EntryType::Report,
        "book" => EntryType::Book,
        "webpage" => EntryType::Web,
        "post-weblog" => EntryType::Post,
        "legislation" => EntryType::Legislation,
        _ => EntryType::Misc,
    };
    let mut entry = hayagriva::Entry::new(id, entry_type);
    entry.set_title(FormatString::from(title.clone()));
    let authors = persons(author);
    if !authors.is_empty() {
        entry.set_authors(authors);
    }
    if let Some(p) = recorded(publisher) {
        if entry_type == EntryType::Article {
            // A periodical's name is the article's container, as CSL has it.
            let parent_type = match csl_type(kind) {
                "article-journal" => EntryType::Periodical,
                _ => EntryType::Newspaper,
            };
            let mut parent = hayagriva::Entry::new(&format!("{id}-in"), parent_type);
            parent.set_title(FormatString::from(p.to_string()));
            entry.set_parents(vec![parent]);
        } else {
            entry.set_publisher(Publisher::new(
                Some(FormatString::from(p.to_string())),
                None,
            ));
        }
    }
    if let Some(d) = published {
        entry.set_date(Date {
            year: i32::from(d.start.year),
            month: d.start.month.map(|m| (m - 1) as u8),
            day: d.start.day.map(|d| (d - 1) as u8),
            approximate: false,
            season: None,
        });
    }
    if let Some(u) = recorded(url)
        && let Ok(value) = url::Url::parse(u)
        && matches!(value.scheme(), "http" | "https")
    {
        entry.set_url(QualifiedUrl {
            value,
            visit_date: None,
        });
    }
    Some(entry)
}

/// A source as a CSL-JSON item, the form Zotero, Pandoc and Quarto read;
/// `bibliography` reads it back to the same fields (docs/EDITING.md).
pub fn to_csl_json(id: &str, meta: &Meta) -> Option<Value> {
    let Meta::Source {
        title,
        author,
        publisher,
        published,
        url,
        kind,
        archive,
        publish_text: _,
    } = meta
    else {
        return None;
    };
    let mut item = serde_json::Map::new();
    item.insert("id".into(), json!(id));
    item.insert("type".into(), json!(csl_type(kind)));
    item.insert("title".into(), json!(title));
    let names: Vec<Value> = persons(author)
        .into_iter()
        .map(|p| match p.given_name {
            Some(given) => json!({"family": p.name, "given": given}),
            None => json!({"literal": p.name}),
        })
        .collect();
    if !names.is_empty() {
        item.insert("author".into(), Value::Array(names));
    }
    if let Some(p) = recorded(publisher) {
        // A periodical's name is an article's container, as Zotero has it.
        let field = if csl_type(kind).starts_with("article-") {
            "container-title"
        } else {
            "publisher"
        };
        item.insert(field.into(), json!(p));
    }
    if let Some(d) = published {
        let mut parts = vec![i64::from(d.start.year)];
        parts.extend(d.start.month.map(i64::from));
        parts.extend(d.start.day.map(i64::from));
        item.insert("issued".into(), json!({"date-parts": [parts]}));
    }
    if let Some(u) = recorded(url) {
        item.insert("URL".into(), json!(u));
    }
    item.insert("genre".into(), json!(kind));
    if let Some(a) = archive {
        item.insert("archive".into(), json!(a));
    }
    Some(Value::Object(item))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_style_name_is_a_style() {
        assert!(style("chicago-author-date").is_some());
        assert!(style("apa").is_some());
        assert!(style("no-such-style").is_none());
        // The names the hint and docs/EDITING.md give.
        for name in [
            "chicago-author-date",
            "chicago-notes",
            "apa",
            "mla",
            "ieee",
            "harvard-cite-them-right",
            "modern-language-association",
            "american-political-science-association",
        ] {
            assert!(style(name).is_some(), "{name}");
        }
        assert!(style_hint("chicago-autor-date").contains("`chicago-author-date`"));
    }

    #[test]
    fn references_are_escaped_html_with_italics_and_no_links() {
        let meta = Meta::Source {
            title: "<script>alert(1)</script> & more".to_string(),
            author: "Doe, Jane".to_string(),
            publisher: "A Press".to_string(),
            published: Some(crate::model::DateSpec::parse("2025-03").unwrap()),
            url: "https://example.org/x?a=1&b=2".to_string(),
            kind: "book".to_string(),
            archive: None,
            publish_text: false,
        };
        let style = style("chicago-author-date").unwrap();
        let refs = format_references(&style, [("doe", &meta)]);
        let r = &refs["doe"];
        assert_eq!(
            r.html,
            "Doe, Jane. 2025. <i>&lt;script&gt;alert(1)&lt;/script&gt; &amp; More</i>. A Press. https://example.org/x?a=1&amp;b=2."
        );
        assert!(r.text.starts_with("Doe, Jane. 2025. <script>"));
    }

    #[test]
    fn authors_are_split_on_semicolons_and_commas() {
        let p = persons("Smith, John; International Crisis Group");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].name, "Smith");
        assert_eq!(p[0].given_name.as_deref(), Some("John"));
        assert_eq!(p[1].name, "International Crisis Group");
        assert!(persons(NOT_RECORDED).is_empty());
    }
}
