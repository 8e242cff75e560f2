//! The rendered site: golden snapshots of each kind of page, the links
//! between pages, sanitizing, and builds that do not depend on line endings
//! or on when they ran.

use std::path::Path;

use crate::support::{Project, Tree, assert_same_tree};

/// The valid fixture, built; panics with the messages if the build fails.
fn built_basic() -> Project {
    let project = Project::from_fixture("valid/basic");
    let run = project.run(&["build"]);
    run.assert_succeeds_with("");
    project
}

/// The page's own content: what is inside `<main>`, without the header and
/// footer every page shares.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("a </main>") + "</main>".len();
    &html[start..end]
}

/// The `<div class="prose">` holding the rendered markdown body.
fn body_of(html: &str) -> &str {
    let start = html.find("<div class=\"prose\">").expect("a body");
    let end = html[start..]
        .find("\n</div>")
        .map_or(html.len(), |i| start + i);
    &html[start..end]
}

/// Every value of `attr="…"` in the page.
fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').expect("a closing quote")]
        })
        .collect()
}

macro_rules! assert_page_snapshot {
    ($name:expr, $html:expr) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!($name, main_of(&$html));
        })
    };
}

#[test]
fn brief_page_matches_snapshot() {
    let project = built_basic();
    assert_page_snapshot!("brief_page", project.read("site/briefs/transfers.html"));
}

#[test]
fn actor_page_matches_snapshot() {
    let project = built_basic();
    assert_page_snapshot!(
        "actor_page",
        project.read("site/actors/garcia-harfuch.html")
    );
}

#[test]
fn event_page_matches_snapshot() {
    let project = built_basic();
    assert_page_snapshot!(
        "event_page",
        project.read("site/events/2026-01-20-transfer-of-37.html")
    );
}

#[test]
fn source_page_matches_snapshot() {
    let project = built_basic();
    assert_page_snapshot!(
        "source_page",
        project.read("site/sources/crisis-group-qa.html")
    );
}

#[test]
fn citations_are_numbered_and_link_to_their_notes() {
    let html = built_basic().read("site/briefs/transfers.html");
    let body = body_of(&html);
    let cited: Vec<&str> = attribute_values(body, "href")
        .into_iter()
        .filter(|h| h.starts_with("#note-"))
        .collect();
    assert_eq!(cited, ["#note-1", "#note-2", "#note-3", "#note-4"]);
    for n in 1..=4 {
        assert!(
            html.contains(&format!("<li id=\"note-{n}\" value=\"{n}\">")),
            "no note {n}"
        );
    }
    // The quotation is in the note and in the hover card.
    assert!(html.contains("<q class=\"note-quote\">a decision of the Mexican state</q>"));
    assert!(html.contains("<span class=\"card-quote\">“a decision of the Mexican state”</span>"));
}

#[test]
fn brief_renders_footnote_disagreement_and_figure_series() {
    let html = built_basic().read("site/briefs/transfers.html");
    assert!(html.contains("<span class=\"sidenote\" role=\"note\"><span class=\"sidenote-mark\">1</span> <span class=\"sidenote-para\">The exact day of the first transfer is given only by the analysis.</span></span>"));
    assert!(html.contains("<aside class=\"disagree\" aria-label=\"Sources disagree\">"));
    assert!(html.contains("<p>What was the transfer for?</p>"));
    // Two dates of one figure make a chart.
    assert!(html.contains("<svg class=\"chart\""));
    assert!(html.contains("<td class=\"num\">29</td><td>27 February 2025</td>"));
    assert!(html.contains("<td class=\"num\">37</td><td>20 January 2026</td>"));
}

#[test]
fn actor_page_lists_the_brief_with_the_sentence_that_mentions_the_actor() {
    let project = built_basic();
    let html = project.read("site/actors/garcia-harfuch.html");
    let mentions = &html[html
        .find("Where the briefing mentions Omar García Harfuch")
        .expect("a mentions section")..];
    let item = &mentions[..mentions.find("</li>").expect("an item")];
    assert!(
        item.contains("<a href=\"../briefs/transfers.html\">Transfers to the United States</a>")
    );
    assert!(
        item.contains("In February 2025 García Harfuch called the first transfer"),
        "{item}"
    );
    // The alias in the brief's body links to the actor.
    let brief = project.read("site/briefs/transfers.html");
    assert!(brief.contains("href=\"../actors/garcia-harfuch.html\" data-card=\"garcia-harfuch\" aria-describedby=\"xc-1\">García Harfuch</a>"));
}

/// A card's summary, when the front-matter gives none, is the body's first
/// sentence: whole, though abbreviations, quotations and closing quotes
/// stand in it.
#[test]
fn a_card_summary_is_the_whole_first_sentence_past_abbreviations() {
    let project = Project::from_fixture("valid/basic");
    let path = project.path("content/actors/sheinbaum.md");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "President of Mexico since October 2024.",
        "President of Mexico, who weighs the threat of U.S. military action and calls \
         sovereignty “not negotiable. Ever.” Second sentence.",
    );
    std::fs::write(&path, text).unwrap();
    project.run(&["build"]).assert_succeeds_with("");
    let whole = "President of Mexico, who weighs the threat of U.S. military action and calls \
                 sovereignty “not negotiable. Ever.”";
    for page in ["site/briefs/transfers.html", "site/actors/index.html"] {
        let html = project.read(page);
        assert!(html.contains(&format!("{whole}<")), "{page}");
        assert!(!html.contains("threat of U.S.<"), "{page}");
    }
}

#[test]
fn the_timeline_heads_each_month_and_says_when_only_the_year_is_known() {
    let project = Project::from_fixture("valid/basic");
    let path = project.path("content/events/2025-02-27-transfer-of-29.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("date: 2025-02-27", "date: 2025");
    std::fs::write(&path, text).unwrap();
    project.run(&["build"]).assert_succeeds_with("");
    let html = project.read("site/timeline.html");
    let headings: Vec<&str> = html
        .match_indices("<h3>")
        .map(|(i, _)| &html[i + 4..i + html[i..].find("</h3>").unwrap()])
        .collect();
    assert_eq!(headings, ["2025, month not recorded", "January 2026"]);
}

/// A `[[id]]` without a label shows the entry's title, and only that: in
/// a heading (where the id used to follow the title), in the text the
/// search index holds, and in the heading's anchor.
#[test]
fn a_link_without_a_label_reads_as_the_title_in_headings_and_in_search() {
    let project = Project::from_fixture("valid/basic");
    let path = project.path("content/briefs/transfers.md");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "## What happened",
        "## What happened after [[2025-02-27-transfer-of-29]]",
    );
    std::fs::write(&path, text).unwrap();
    project.run(&["build"]).assert_succeeds_with("");
    let html = project.read("site/briefs/transfers.html");
    let heading = &html[html.find("<h2").unwrap()..];
    let heading = &heading[..heading.find("</h2>").unwrap()];
    assert!(
        heading.starts_with("<h2 id=\"what-happened-after-mexico-transfers-29-prisoners\">"),
        "{heading}"
    );
    assert!(
        heading.contains(">Mexico transfers 29 prisoners</a>"),
        "{heading}"
    );
    assert!(
        !heading.contains("2025-02-27-transfer-of-29</a>"),
        "{heading}"
    );
    let index: String = std::fs::read_dir(project.path("site/search/d"))
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .collect();
    assert!(
        index.contains("See Mexico transfers 37 prisoners."),
        "{index}"
    );
    assert!(!index.contains("See 2026-01-20-transfer-of-37"), "{index}");
}

#[test]
fn event_page_lists_the_briefs_citing_it() {
    let html = built_basic().read("site/events/2026-01-20-transfer-of-37.html");
    let section = &html[html
        .find("Briefs that cite this event")
        .expect("a briefs section")..];
    assert!(section.contains(
        "<a class=\"entry-title\" href=\"../briefs/transfers.html\">Transfers to the United States</a>"
    ));
}

#[test]
fn source_page_lists_every_place_citing_it_with_the_quotation() {
    let html = built_basic().read("site/sources/crisis-group-qa.html");
    let section = &html[html
        .find("Where the briefing cites this source")
        .expect("a citations section")..];
    for page in [
        "../actors/garcia-harfuch.html",
        "../briefs/transfers.html",
        "../events/2025-02-27-transfer-of-29.html",
    ] {
        assert!(section.contains(&format!("<a href=\"{page}\">")), "{page}");
    }
    assert!(section.contains("<a href=\"../briefs/transfers.html#note-3\">3</a>"));
    for quote in [
        "a decision of the Mexican state",
        "ease pressure over tariffs",
        "29 cartel members",
    ] {
        assert!(section.contains(&format!("<q>{quote}</q>")), "{quote}");
    }
}

/// Every link of every page of the built fixture: (page, link, target file
/// relative to the site, fragment).
fn site_links(site: &Tree) -> Vec<(String, String, String, String)> {
    let mut links = Vec::new();
    for page in site.paths().into_iter().filter(|p| p.ends_with(".html")) {
        let html = String::from_utf8(site.0[page].clone()).expect("UTF-8 pages");
        let dir = Path::new(page).parent().unwrap_or(Path::new(""));
        for link in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
            .chain(attribute_values(&html, "action"))
        {
            let (file, fragment) = link.split_once('#').unwrap_or((link, ""));
            // Static files carry a `?v=` version; the file is the same.
            let file = file.split_once('?').map_or(file, |(f, _)| f);
            let target = if file.is_empty() {
                page.to_string()
            } else {
                normalize(&dir.join(file))
            };
            links.push((
                page.to_string(),
                link.to_string(),
                target,
                fragment.to_string(),
            ));
        }
    }
    links
}

/// Relative links let the site work under any path and from `file://`;
/// only the 404 page, served at any depth, links from the base URL.
#[test]
fn every_link_is_relative_and_leads_to_a_page_of_the_site() {
    let project = built_basic();
    let site = Tree::of(&project.path("site"));
    let links = site_links(&site);
    assert!(links.len() > 100, "{}", links.len());
    for (page, link, target, _) in links.iter().filter(|l| l.0 != "404.html") {
        assert!(
            !link.starts_with('/') && !link.contains("://"),
            "{page} links to {link}"
        );
        assert!(site.0.contains_key(target), "{page}: {link} leads nowhere");
    }
}

/// The brief's eyebrow links to `briefs/index.html#TOPIC-ID`, but the list
/// page gives its topic groups ids made from the topic's title.
#[test]
fn every_link_to_an_anchor_finds_it() {
    let project = built_basic();
    let site = Tree::of(&project.path("site"));
    for (page, link, target, fragment) in site_links(&site) {
        if fragment.is_empty() || page == "404.html" {
            continue;
        }
        let target_html = String::from_utf8_lossy(&site.0[&target]);
        assert!(
            target_html.contains(&format!("id=\"{fragment}\"")),
            "{page}: {link} has no such anchor"
        );
    }
}

/// `a/../b/c.html` as `b/c.html`.
fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn raw_script_handlers_and_javascript_urls_are_removed_from_bodies() {
    let project = Project::from_fixture("security/raw-html");
    project.run(&["build"]).assert_succeeds_with("");
    let html = project.read("site/briefs/transfers.html");
    let body = body_of(&html);
    assert!(!body.contains("<script"), "{body}");
    for payload in ["alert(", "onclick", "javascript:"] {
        assert!(!html.contains(payload), "{payload} survived: {body}");
    }
    // The editor's text around the removed markup stays.
    assert!(
        body.contains("<a>Read the report</a> for details"),
        "{body}"
    );
    assert!(
        body.contains("Officials expect <span>more</span> transfers"),
        "{body}"
    );
}

/// Two builds of the same input, into two folders, are byte for byte the
/// same: no timestamps, no hash-map order, no parallel race in the output.
#[test]
fn two_builds_of_the_same_content_are_identical() {
    let project = Project::from_fixture("valid/basic");
    project
        .run(&["build", "-o", "out-1"])
        .assert_succeeds_with("");
    project
        .run(&["build", "--output", "out-2"])
        .assert_succeeds_with("");
    let first = Tree::of(&project.path("out-1"));
    assert!(first.0.contains_key("briefs/transfers.html"));
    assert_same_tree(&first, &Tree::of(&project.path("out-2")));
    // `-o` leaves the default folder alone.
    assert!(!project.path("site").exists());
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark_give_the_same_site() {
    let lf = built_basic();
    let crlf = Project::from_fixture("valid/basic");
    let content = Tree::of(&crlf.path("content"));
    for (path, bytes) in &content.0 {
        let text = String::from_utf8(bytes.clone()).expect("UTF-8 fixture");
        assert!(!text.contains('\r'), "the fixture is already CRLF");
        crlf.write(
            &format!("content/{path}"),
            format!("\u{feff}{}", text.replace('\n', "\r\n")),
        );
    }
    crlf.run(&["build"]).assert_succeeds_with("");
    let tree = |p: &Project| Tree::of(p.root()).under("site");
    assert_same_tree(&tree(&lf), &tree(&crlf));
}

#[test]
fn successful_build_replaces_the_previous_site_whole() {
    let project = Project::from_fixture("valid/basic");
    project.with_previous_site();
    let run = project.run(&["build"]);
    run.assert_succeeds_with("");
    assert!(run.stdout.starts_with("built "), "{}", run.stdout);
    assert!(!project.path("site/briefs/old.html").exists());
    assert!(project.path("site/briefs/transfers.html").is_file());
    let names: Vec<String> = std::fs::read_dir(project.root())
        .expect("list the project")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.starts_with('.'))
        .collect();
    // The replaced site is kept as the next build's spare; nothing else.
    assert_eq!(names, [".site-spare"], "staging folders left behind");
}

#[test]
fn a_build_clears_what_a_stopped_build_left_beside_the_site() {
    let project = Project::from_fixture("valid/basic");
    project.with_previous_site();
    // A build stopped with Ctrl-C leaves its staging folder behind.
    project.write(".site-new-4242/briefs/half.html", "<p>half written</p>\n");
    project.run(&["build"]).assert_succeeds_with("");
    assert!(!project.path(".site-new-4242").exists());
    assert_same_site_as_a_fresh_build(&project);
}

/// `project`'s site is the one a fresh project of `valid/basic` builds.
#[track_caller]
fn assert_same_site_as_a_fresh_build(project: &Project) {
    let site = |p: &Project| Tree::of(&p.path("site"));
    assert_same_tree(&site(&built_basic()), &site(project));
}

#[test]
fn rebuilds_over_the_spare_give_the_same_site_as_a_fresh_build() {
    let project = Project::from_fixture("valid/basic");
    let extra = "---\nname: An Extra Person\nkind: person\nrole: An adviser\ncountry: Mexico\nsources: [crisis-group-qa]\n---\n\nNamed once [@crisis-group-qa].\n";
    project.write("content/actors/extra.md", extra);
    project.run(&["build"]).assert_succeeds_with("");
    assert!(project.path("site/actors/extra.html").is_file());
    // The third build writes over the first one's folder, which still
    // holds the removed actor's page.
    std::fs::remove_file(project.path("content/actors/extra.md")).expect("remove");
    for _ in 0..2 {
        project.run(&["build"]).assert_succeeds_with("");
    }
    assert_same_site_as_a_fresh_build(&project);
}

#[test]
fn check_writes_nothing() {
    let project = Project::from_fixture("valid/basic");
    let before = project.tree();
    let run = project.run(&["check"]);
    run.assert_succeeds_with("");
    assert_eq!(run.stdout, "checked in [TIME] s: no errors, 0 warnings\n");
    assert_same_tree(&before, &project.tree());
}
