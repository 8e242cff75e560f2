//! Discovery files: the Atom feed of briefs (`feed.xml`) and, when the site
//! knows its address, `sitemap.xml`.
//!
//! Both depend only on the content, never on the clock, so two builds of
//! the same input stay byte-identical:
//! - A brief's `updated` is the end of its `as_of` date (a month or a year
//!   counts from its first day, at midnight UTC); the feed's is the latest
//!   of its briefs'.
//! - Ids are the pages' absolute addresses when `base_url` is absolute, and
//!   otherwise name-based UUIDs (`urn:uuid:`, version 5) of the site's title
//!   and the page's path: Atom ids must be absolute IRIs, and these stay the
//!   same from build to build as long as the title and the path do.
//! - The changes since the last edition are one entry, "What changed in
//!   the edition of DATE", when there are any: its `updated` is the
//!   edition's date and its id is made of the page's path and the two
//!   editions' dates, so it is new for each new edition and the same for
//!   the same edition built again.
//! - A sitemap must list absolute addresses, so without an absolute
//!   `base_url` there is none.

use atom_syndication::{
    Category, Entry as AtomEntry, Feed, FixedDateTime, Generator, Link, Person, Text,
};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::model::{DateSpec, FileRole, Kind, Meta, PartialDate, SiteData};
use crate::output::OutputFile;

/// The feed's path, relative to the site root.
pub const FEED: &str = "feed.xml";
/// The sitemap's path, relative to the site root.
pub const SITEMAP: &str = "sitemap.xml";

/// The site's pages that are not an entry's own, in the sitemap's order.
/// (The 404 page is left out: it is not a page to find.)
const SITE_PAGES: [&str; 10] = [
    "index.html",
    "briefs/index.html",
    "actors/index.html",
    "events/index.html",
    "sources/index.html",
    "timeline.html",
    "network.html",
    "search.html",
    "print.html",
    "changes.html",
];

/// `base_url` when it is an absolute http(s) address, ending with `/`: the
/// base of canonical links, feed ids and the sitemap.
pub fn absolute_base(base_url: &str) -> Option<String> {
    let lower = base_url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return None;
    }
    // `https://` alone names no host.
    let rest = &base_url[base_url.find("//")? + 2..];
    if rest.is_empty() || rest.starts_with('/') || base_url.chars().any(char::is_whitespace) {
        return None;
    }
    Some(if base_url.ends_with('/') {
        base_url.to_string()
    } else {
        format!("{base_url}/")
    })
}

/// The feed and, with an absolute `base_url`, the sitemap.
pub fn files(data: &SiteData) -> Vec<OutputFile> {
    let mut files = vec![atom(data)];
    files.extend(sitemap(data));
    files
}

/// The Atom feed: every brief, the latest `as_of` first.
pub fn atom(data: &SiteData) -> OutputFile {
    let config = &data.config;
    let base = absolute_base(&config.base_url);
    let id_of = |path: &str| match &base {
        Some(base) => format!("{base}{path}"),
        None => {
            let name = format!("{}\n{path}", config.title);
            format!(
                "urn:uuid:{}",
                uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes())
            )
        }
    };
    // Relative links resolve against the feed's own address, which sits at
    // the site root.
    let href_of = |path: &str| match &base {
        Some(base) => format!("{base}{path}"),
        None => path.to_string(),
    };

    let mut briefs: Vec<(FixedDateTime, &str, AtomEntry)> = Vec::new();
    for (i, e) in data.entries.iter().enumerate() {
        if e.role != FileRole::Entry(Kind::Brief) || data.ids.get(e.id.as_str()) != Some(&i) {
            continue;
        }
        let Meta::Brief {
            title,
            summary,
            topic,
            as_of,
            ..
        } = &e.parsed.meta
        else {
            continue;
        };
        let url = e.url();
        let updated = moment(as_of);
        let mut entry = AtomEntry::default();
        entry.set_id(id_of(&url));
        entry.set_title(Text::plain(title.as_str()));
        entry.set_updated(updated);
        entry.set_summary(Some(Text::plain(summary.as_str())));
        entry.set_links(vec![Link {
            href: href_of(&url),
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Link::default()
        }]);
        if let Some(t) = config.topics.iter().find(|t| t.id == topic.id) {
            entry.set_categories(vec![Category {
                term: t.id.clone(),
                label: Some(t.title.clone()),
                ..Category::default()
            }]);
        }
        briefs.push((updated, title, entry));
    }
    briefs.extend(changes_entry(data, &id_of, &href_of));
    // Newest first; briefs of one date by title, then by id for a total
    // order.
    briefs.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.cmp(b.1))
            .then_with(|| a.2.id.cmp(&b.2.id))
    });

    let mut feed = Feed::default();
    feed.set_title(Text::plain(config.title.as_str()));
    if !config.description.is_empty() {
        feed.set_subtitle(Some(Text::plain(config.description.as_str())));
    }
    feed.set_id(id_of(FEED));
    feed.set_updated(briefs.iter().map(|b| b.0).max().unwrap_or_else(|| {
        moment_of(PartialDate {
            year: 1970,
            month: None,
            day: None,
        })
    }));
    // Atom asks for an author; the briefing as a whole is published under
    // its title, and its briefs name no authors of their own.
    feed.set_authors(vec![Person {
        name: config.title.clone(),
        ..Person::default()
    }]);
    let mut links = vec![Link {
        href: href_of("index.html"),
        rel: "alternate".into(),
        mime_type: Some("text/html".into()),
        ..Link::default()
    }];
    if let Some(base) = &base {
        links.insert(
            0,
            Link {
                href: format!("{base}{FEED}"),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Link::default()
            },
        );
    }
    feed.set_links(links);
    feed.set_generator(Some(Generator {
        value: "briefbook".into(),
        ..Generator::default()
    }));
    feed.set_entries(briefs.into_iter().map(|b| b.2).collect::<Vec<_>>());

    let mut bytes = Vec::new();
    let config = atom_syndication::WriteConfig {
        write_document_declaration: true,
        indent_size: Some(2),
    };
    feed.write_with_config(&mut bytes, config)
        .expect("writing a feed to memory cannot fail");
    bytes.push(b'\n');
    OutputFile {
        path: FEED.to_string(),
        bytes,
    }
}

/// The feed's entry for the changes since the last edition, if any.
fn changes_entry<'d>(
    data: &'d SiteData,
    id_of: &dyn Fn(&str) -> String,
    href_of: &dyn Fn(&str) -> String,
) -> Option<(FixedDateTime, &'d str, AtomEntry)> {
    let changes = &data.changes;
    let baseline = changes.baseline.as_ref()?;
    if !changes.any() {
        return None;
    }
    let date_of = |stamp: &crate::model::Stamp| stamp.date.clone().unwrap_or_default();
    let this = changes.edition.as_ref().map(date_of).unwrap_or_default();
    let since = date_of(&baseline.edition);
    let mut lines = Vec::new();
    let titles = |status| -> Vec<&str> {
        changes
            .current
            .values()
            .filter(|r| changes.status(r.kind, &r.id) == Some(status))
            .map(|r| r.title.as_str())
            .collect()
    };
    for (label, list) in [
        ("Changed", titles(crate::changes::Status::Changed)),
        ("Added", titles(crate::changes::Status::Added)),
        (
            "Removed",
            changes.removed().map(|r| r.title.as_str()).collect(),
        ),
    ] {
        if !list.is_empty() {
            lines.push(format!("{label}: {}.", list.join("; ")));
        }
    }
    let shown = |iso: &str| {
        if iso.is_empty() {
            "no date".to_string()
        } else {
            crate::changes::display_date(iso)
        }
    };
    let title = "What changed";
    let mut entry = AtomEntry::default();
    entry.set_id(id_of(&format!(
        "{}#edition-{this}-since-{since}",
        crate::changes::PAGE
    )));
    entry.set_title(Text::plain(format!(
        "What changed in the edition of {}",
        shown(&this)
    )));
    let updated = PartialDate::parse(&this).map_or_else(
        |_| {
            moment_of(PartialDate {
                year: 1970,
                month: None,
                day: None,
            })
        },
        moment_of,
    );
    entry.set_updated(updated);
    entry.set_summary(Some(Text::plain(format!(
        "Since the edition of {}. {}",
        shown(&since),
        lines.join(" ")
    ))));
    entry.set_links(vec![Link {
        href: href_of(crate::changes::PAGE),
        rel: "alternate".into(),
        mime_type: Some("text/html".into()),
        ..Link::default()
    }]);
    Some((updated, title, entry))
}

/// Every page's absolute address, when the site has one.
pub fn sitemap(data: &SiteData) -> Option<OutputFile> {
    let base = absolute_base(&data.config.base_url)?;
    let mut paths: Vec<String> = SITE_PAGES.iter().map(|p| p.to_string()).collect();
    let mut entries: Vec<String> = data.paged_entries().map(|(_, e)| e.url()).collect();
    entries.sort();
    paths.extend(entries);

    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let written: std::io::Result<()> = (|| {
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let mut urlset = BytesStart::new("urlset");
        urlset.push_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"));
        writer.write_event(Event::Start(urlset))?;
        for path in &paths {
            writer.write_event(Event::Start(BytesStart::new("url")))?;
            writer.write_event(Event::Start(BytesStart::new("loc")))?;
            writer.write_event(Event::Text(BytesText::new(&format!("{base}{path}"))))?;
            writer.write_event(Event::End(BytesEnd::new("loc")))?;
            writer.write_event(Event::End(BytesEnd::new("url")))?;
        }
        writer.write_event(Event::End(BytesEnd::new("urlset")))?;
        Ok(())
    })();
    written.expect("writing XML to memory cannot fail");
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    Some(OutputFile {
        path: SITEMAP.to_string(),
        bytes,
    })
}

/// The last day an `as_of` date covers, at midnight UTC.
fn moment(date: &DateSpec) -> FixedDateTime {
    moment_of(date.end.unwrap_or(date.start))
}

fn moment_of(date: PartialDate) -> FixedDateTime {
    let text = format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        date.year,
        date.month.unwrap_or(1),
        date.day.unwrap_or(1)
    );
    FixedDateTime::parse_from_rfc3339(&text).expect("a checked date is a valid moment")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_http_addresses_are_a_base() {
        assert_eq!(absolute_base("/"), None);
        assert_eq!(absolute_base("briefing/"), None);
        assert_eq!(absolute_base("//example.org/"), None);
        assert_eq!(absolute_base("https://"), None);
        assert_eq!(absolute_base("https:///x"), None);
        assert_eq!(absolute_base("javascript:alert(1)//"), None);
        assert_eq!(absolute_base("https://a b/"), None);
        assert_eq!(
            absolute_base("https://example.org/briefing").as_deref(),
            Some("https://example.org/briefing/")
        );
        assert_eq!(
            absolute_base("HTTP://example.org/").as_deref(),
            Some("HTTP://example.org/")
        );
    }

    #[test]
    fn a_partial_date_is_its_first_day_and_a_range_its_end() {
        let m = |s: &str| moment(&DateSpec::parse(s).unwrap()).to_rfc3339();
        assert_eq!(m("2026-01"), "2026-01-01T00:00:00+00:00");
        assert_eq!(m("2025"), "2025-01-01T00:00:00+00:00");
        assert_eq!(m("2025-04-02..2026-01-20"), "2026-01-20T00:00:00+00:00");
    }
}
