//! The Atom feed, the sitemap and the discovery tags of the pages, read back
//! as a feed reader, a crawler and a link preview would.

use std::collections::BTreeSet;
use std::str::FromStr;

use atom_syndication::Feed;
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::support::Project;

const BASE: &str = "https://briefing.example.org/us-mexico/";

/// The basic fixture with a second brief, and `base_url` set to `base`.
fn project(base: Option<&str>) -> Project {
    let project = Project::from_fixture("valid/basic");
    if let Some(base) = base {
        let settings = project.read("briefbook.toml");
        project.write(
            "briefbook.toml",
            settings.replacen(
                "title = \"Test Briefing\"",
                &format!("title = \"Test Briefing\"\nbase_url = \"{base}\""),
                1,
            ),
        );
    }
    let brief = project.read("content/briefs/transfers.md");
    project.write(
        "content/briefs/older.md",
        brief
            .replace(
                "title: Transfers to the United States",
                "title: An older brief <on \"escaping\"> & such",
            )
            .replace("as_of: 2026-01-31", "as_of: 2025-03"),
    );
    let run = project.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    project
}

/// Reads `xml` to its end, failing on anything that is not well-formed.
pub(crate) fn assert_well_formed(xml: &str) {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut roots = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.buffer_position()),
        }
    }
    assert_eq!((depth, roots), (0, 1), "one root element, closed");
}

/// An absolute IRI: a scheme, then something.
fn is_absolute_iri(id: &str) -> bool {
    let Some((scheme, rest)) = id.split_once(':') else {
        return false;
    };
    !rest.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// The rules of RFC 4287 that a feed reader relies on.
pub(crate) fn assert_valid_atom(feed: &Feed) {
    assert!(is_absolute_iri(feed.id()), "feed id {}", feed.id());
    assert!(!feed.title().value.is_empty());
    // Every entry has an author, or the feed does.
    assert!(!feed.authors().is_empty() || feed.entries().iter().all(|e| !e.authors().is_empty()));
    let mut ids = BTreeSet::new();
    for entry in feed.entries() {
        assert!(is_absolute_iri(entry.id()), "entry id {}", entry.id());
        assert!(
            ids.insert(entry.id().to_string()),
            "duplicate id {}",
            entry.id()
        );
        assert!(!entry.title().value.is_empty());
        // An entry with no content must link to an alternate page.
        assert!(entry.content().is_some() || entry.links().iter().any(|l| l.rel() == "alternate"));
        assert!(
            entry.updated() <= feed.updated(),
            "the feed is as new as its entries"
        );
    }
}

#[test]
fn the_feed_lists_briefs_newest_first_with_absolute_ids_and_links() {
    let project = project(Some(BASE));
    let xml = project.read("site/feed.xml");
    assert_well_formed(&xml);
    let feed = Feed::from_str(&xml).expect("an Atom feed");
    assert_valid_atom(&feed);
    assert_eq!(feed.id(), format!("{BASE}feed.xml"));
    assert_eq!(feed.updated().to_rfc3339(), "2026-01-31T00:00:00+00:00");
    let self_link = feed
        .links()
        .iter()
        .find(|l| l.rel() == "self")
        .expect("a self link");
    assert_eq!(self_link.href(), format!("{BASE}feed.xml"));

    let entries: Vec<(&str, &str, String)> = feed
        .entries()
        .iter()
        .map(|e| (e.title().value.as_str(), e.id(), e.updated().to_rfc3339()))
        .collect();
    assert_eq!(
        entries,
        [
            (
                "Transfers to the United States",
                "https://briefing.example.org/us-mexico/briefs/transfers.html",
                "2026-01-31T00:00:00+00:00".to_string()
            ),
            (
                "An older brief <on \"escaping\"> & such",
                "https://briefing.example.org/us-mexico/briefs/older.html",
                "2025-03-01T00:00:00+00:00".to_string()
            ),
        ]
    );
    let first = &feed.entries()[0];
    assert_eq!(
        first.summary().map(|s| s.value.as_str()),
        Some("Mexico has sent cartel prisoners north in two mass transfers.")
    );
    assert_eq!(first.categories()[0].term(), "extraditions");
    // Every alternate link is a page of the site.
    for entry in feed.entries() {
        for link in entry.links() {
            let path = link.href().strip_prefix(BASE).expect("under the base");
            assert!(project.path(&format!("site/{path}")).is_file(), "{path}");
        }
    }
}

#[test]
fn without_an_absolute_base_the_feed_has_stable_uuid_ids_and_there_is_no_sitemap() {
    let a = project(None);
    let xml = a.read("site/feed.xml");
    assert_well_formed(&xml);
    let feed = Feed::from_str(&xml).expect("an Atom feed");
    assert_valid_atom(&feed);
    assert!(feed.id().starts_with("urn:uuid:"), "{}", feed.id());
    assert!(feed.links().iter().all(|l| l.rel() != "self"));
    let links: Vec<&str> = feed.entries()[0].links().iter().map(|l| l.href()).collect();
    assert_eq!(links, ["briefs/transfers.html"], "relative to the feed");
    assert!(!a.path("site/sitemap.xml").exists());
    // Another checkout of the same content gets the same ids.
    let b = project(None);
    assert_eq!(xml, b.read("site/feed.xml"));
}

#[test]
fn the_sitemap_lists_every_page_but_the_404_with_absolute_addresses() {
    let project = project(Some(BASE));
    let xml = project.read("site/sitemap.xml");
    assert_well_formed(&xml);
    assert!(xml.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    let listed: BTreeSet<String> = xml
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap().to_string())
        .collect();
    let pages: BTreeSet<String> = project
        .tree()
        .under("site")
        .paths()
        .into_iter()
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .map(|p| format!("{BASE}{p}"))
        .collect();
    assert_eq!(listed, pages);
}

#[test]
fn pages_carry_a_description_and_with_an_absolute_base_canonical_and_open_graph_tags() {
    let project = project(Some(BASE));
    let brief = project.read("site/briefs/transfers.html");
    for tag in [
        "<meta name=\"description\" content=\"Mexico has sent cartel prisoners north in two mass transfers.\">",
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Test Briefing: briefs\" href=\"../feed.xml\">",
        "<link rel=\"canonical\" href=\"https://briefing.example.org/us-mexico/briefs/transfers.html\">",
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:title\" content=\"Transfers to the United States\">",
        "<meta property=\"og:url\" content=\"https://briefing.example.org/us-mexico/briefs/transfers.html\">",
    ] {
        assert!(brief.contains(tag), "the brief page lacks {tag}");
    }
    let escaped = project.read("site/briefs/older.html");
    assert!(escaped.contains(
        "<meta property=\"og:title\" content=\"An older brief &lt;on &quot;escaping&quot;&gt; &amp; such\">"
    ));
    let actor = project.read("site/actors/sheinbaum.html");
    assert!(actor.contains("<meta property=\"og:type\" content=\"website\">"));
    let not_found = project.read("site/404.html");
    assert!(!not_found.contains("rel=\"canonical\""));
}

#[test]
fn a_relative_or_hostile_base_url_gets_no_canonical_or_open_graph_tags() {
    for base in [None, Some("javascript:alert(1)//"), Some("//evil.example/")] {
        let project = project(base);
        let brief = project.read("site/briefs/transfers.html");
        assert!(!brief.contains("rel=\"canonical\""), "{base:?}");
        assert!(!brief.contains("og:"), "{base:?}");
        assert!(brief.contains("<meta name=\"description\""), "{base:?}");
        assert!(!project.path("site/sitemap.xml").exists(), "{base:?}");
    }
}
