//! The source reader: a published source's text on its page, in numbered
//! paragraphs, the briefing's quotations highlighted with the places that
//! quote them; "read in context" and text-fragment links from the notes.
//! Fixture: tests/fixtures/reader/basic, whose `harbor-report` sets
//! `publish_text: true` and whose `council-minutes` does not.

use crate::support::{Project, Tree};

fn built() -> Project {
    let project = Project::from_fixture("reader/basic");
    project.run(&["build"]).assert_succeeds_with("");
    project
}

/// The id every link to the passage "handled 1,200 ships" uses.
const SHIPS: &str = "q-9ea02edf";

#[test]
fn published_text_is_in_numbered_paragraphs_with_stable_anchors() {
    let page = built().read("site/sources/harbor-report.html");
    for n in 1..=5 {
        assert!(page.contains(&format!("id=\"p-{n}\"")), "no paragraph {n}");
    }
    assert!(!page.contains("id=\"p-6\""));
    // Lines of one paragraph are joined; the anchor links to itself.
    assert!(page.contains(
        "<a class=\"para-number\" href=\"#p-2\" aria-label=\"Paragraph 2\">2</a> The port <mark class=\"quoted\" id=\"q-9ea02edf\">handled 1,200 ships</mark> in 2025, up from 950 the year before.</p>"
    ), "{page}");
    assert!(page.contains("in 5 numbered paragraphs. The 4 passages the briefing quotes are highlighted, in 3 paragraphs"));
}

#[test]
fn highlighted_passage_lists_and_links_every_place_that_quotes_it() {
    let page = built().read("site/sources/harbor-report.html");
    let start = page
        .find(&format!("id=\"{SHIPS}-places\""))
        .expect("the places");
    let places = &page[start..start + page[start..].find("</details>").unwrap()];
    assert!(places.contains("<summary>Quoted 3 times: <q>handled 1,200 ships</q></summary>"));
    let items: Vec<&str> = places
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("<li>"))
        .collect();
    assert_eq!(
        items,
        [
            "<li><a href=\"../briefs/fees.html#cite-1\">Harbor fees</a>, citation 1</li>",
            "<li><a href=\"../briefs/traffic.html#cite-1\">Traffic and works at the harbor</a>, <span class=\"place-section\">Traffic</span>, citation 1</li>",
            "<li><a href=\"../briefs/traffic.html#cite-6\">Traffic and works at the harbor</a>, <span class=\"place-section\">Outlook</span>, citation 1</li>",
        ]
    );
    // Each link lands on the citation it names.
    let project = built();
    assert!(
        project
            .read("site/briefs/traffic.html")
            .contains("id=\"cite-6\"")
    );
    // Text from the archive is escaped, marks and all.
    assert!(page.contains(
        "&quot;<mark class=\"quoted\" id=\"q-b7fbd11a\">regrettable &amp; avoidable</mark>&quot;."
    ));
}

#[test]
fn notes_link_to_the_passage_in_context_and_to_the_original_with_a_text_fragment() {
    let page = built().read("site/briefs/traffic.html");
    assert!(page.contains(&format!(
        "<a class=\"in-context\" href=\"../sources/harbor-report.html#{SHIPS}\">Read in context<span class=\"visually-hidden\"> (note 1)</span></a>"
    )));
    // `&` and `,` are the directive's syntax: percent-encoded.
    assert!(page.contains(
        "href=\"https://example.org/reports/harbor-2025#:~:text=regrettable%20%26%20avoidable\""
    ));
    assert!(page.contains(
        "href=\"https://example.org/reports/harbor-2025#:~:text=handled%201%2C200%20ships\""
    ));
    // A long quotation is matched by its first and last words.
    assert!(
        page.contains("#:~:text=Dredging%20of%20the%20north,Officials%20called%20the%20delay\"")
    );
    // The minutes are not published, and their url is not recorded: no links.
    let note = &page[page.find("id=\"note-4\"").unwrap()..page.find("id=\"note-5\"").unwrap()];
    assert!(!note.contains("note-links"), "{note}");
    // A citation without a quotation names no passage.
    let note = &page[page.find("id=\"note-5\"").unwrap()..];
    assert!(!note[..note.find("</li>").unwrap()].contains("note-links"));
}

/// A citation's card (shown while the citation is hovered or focused) has
/// the same links as its endnote, for pointers: out of the tab order, since
/// from the keyboard the citation leads to the endnote.
#[test]
fn citation_cards_link_to_the_passage_in_context_and_to_the_original() {
    let page = built().read("site/briefs/traffic.html");
    let start = page.find("id=\"cite-1-card\"").expect("the first card");
    let card = &page[start..start + page[start..].find("</sup>").unwrap()];
    assert!(
        card.contains(&format!(
            "<span class=\"card-summary card-links\"><a class=\"in-context\" href=\"../sources/harbor-report.html#{SHIPS}\" tabindex=\"-1\">Read in context</a> · <a class=\"on-original\" href=\"https://example.org/reports/harbor-2025#:~:text=handled%201%2C200%20ships\" rel=\"noopener noreferrer\" tabindex=\"-1\">On the original</a></span></span></span>"
        )),
        "{card}"
    );
    // Every quotation of the published report, and only those: not the
    // unpublished minutes (whose url is not recorded), nor a citation
    // without a quotation.
    let with_links: Vec<&str> = page
        .split("<span class=\"card-quote\">")
        .skip(1)
        .filter(|rest| rest[..rest.find("</sup>").unwrap()].contains("card-links"))
        .map(|rest| &rest[..rest.find("</span>").unwrap()])
        .collect();
    assert_eq!(
        with_links,
        [
            "“handled 1,200 ships”",
            "“Dredging of the north channel — delayed twice — finished in March. Officials called the delay”",
            "“regrettable &amp; avoidable”",
            "“handled 1,200 ships”",
        ]
    );
    assert_eq!(page.matches("card-links").count(), 4);
}

/// What is not published stays out of the site: the default is off, and
/// the shipped briefing relies on it (its sources are under copyright).
#[test]
fn unpublished_texts_never_reach_the_site() {
    let project = Project::from_fixture("reader/basic");
    let path = "content/sources/harbor-report.md";
    project.write(path, project.read(path).replace("publish_text: true\n", ""));
    project.run(&["build"]).assert_succeeds_with("");
    let site = Tree::of(&project.path("site"));
    for (file, bytes) in &site.0 {
        let text = String::from_utf8_lossy(bytes);
        for sentence in [
            "Members asked about the second terminal",
            "The authority plans a second terminal",
            "first rise since 2019",
        ] {
            assert!(!text.contains(sentence), "{file} holds the archive's text");
        }
        assert!(!text.contains("Read in context"), "{file}");
    }
    // The original is still linked at the quotation.
    assert!(
        project
            .read("site/briefs/fees.html")
            .contains("#:~:text=Fees%20rose%20by%204%20per%20cent\"")
    );
}

#[test]
fn publish_archive_publishes_every_source() {
    let project = Project::from_fixture("reader/basic");
    let toml = project.read("briefbook.toml");
    project.write(
        "briefbook.toml",
        toml.replace(
            "archive = \"archive\"",
            "archive = \"archive\"\npublish_archive = true",
        ),
    );
    project.run(&["build"]).assert_succeeds_with("");
    let page = project.read("site/sources/council-minutes.html");
    assert!(page.contains("Members asked about the second terminal."));
    assert!(page.contains("The council <mark class=\"quoted\""));
    let brief = project.read("site/briefs/traffic.html");
    assert!(brief.contains("href=\"../sources/council-minutes.html#q-"));
}

#[test]
fn text_to_publish_without_the_archive_is_a_warning_saying_how_to_fix_it() {
    let project = Project::from_fixture("reader/basic");
    let run = project.run(&["build", "--archive", "elsewhere"]);
    run.assert_succeeds_with(
        r#"content/sources/harbor-report.md:9:1: warning[BB047]: the text of source `harbor-report` was not published: the archive of the sources' texts is not available to this build
  |
9 | publish_text: true
  | ^^^^^^^^^^^^
  = hint: set `archive = "DIR"` in briefbook.toml or pass `--archive DIR` pointing at the texts

elsewhere: warning[BB032]: quotations and numbers were not checked: the archive folder set by `--archive` does not exist
  = hint: put the sources' texts there, or point at their folder with `--archive DIR` or `archive = "DIR"` in briefbook.toml

"#,
    );
    assert!(
        !project
            .read("site/sources/harbor-report.html")
            .contains("class=\"reader\"")
    );
}

#[test]
fn publish_text_without_an_archive_file_is_a_warning() {
    let project = Project::from_fixture("reader/basic");
    let path = "content/sources/harbor-report.md";
    project.write(
        path,
        project
            .read(path)
            .replace("archive: harbor-report.txt\n", ""),
    );
    let run = project.run(&["check"]);
    assert!(run.stderr.contains(
        "content/sources/harbor-report.md:8:1: warning[BB047]: the text of source `harbor-report` was not published: the source names no `archive` file"
    ), "{}", run.stderr);
}

/// A link in the archive folder to a file outside it would publish that
/// file: the text is not published, and the build says why.
#[cfg(unix)]
#[test]
fn archive_file_linking_outside_the_archive_folder_is_not_published() {
    let project = Project::from_fixture("reader/basic");
    project.write("secret.txt", "The port handled 1,200 ships. A private note.\n\nFees rose by 4 per cent. Dredging of the north channel — delayed twice — finished in March. Officials called the delay \"regrettable & avoidable\".\n");
    std::fs::remove_file(project.path("archive/harbor-report.txt")).unwrap();
    std::os::unix::fs::symlink(
        project.path("secret.txt"),
        project.path("archive/harbor-report.txt"),
    )
    .unwrap();
    let run = project.run(&["build"]);
    assert!(run.stderr.contains(
        "warning[BB047]: the text of source `harbor-report` was not published: its archive file is a link to a file outside the archive folder"
    ), "{}", run.stderr);
    assert_eq!(run.code, 0);
    let page = project.read("site/sources/harbor-report.html");
    assert!(!page.contains("A private note"));
    assert!(
        !project
            .read("site/briefs/traffic.html")
            .contains("Read in context")
    );
}

/// The source's url comes from the content: only http(s) addresses are
/// linked, so a `javascript:` one cannot run from a note.
#[test]
fn only_http_urls_get_a_text_fragment_link() {
    let project = Project::from_fixture("reader/basic");
    let path = "content/sources/harbor-report.md";
    project.write(
        path,
        project.read(path).replace(
            "https://example.org/reports/harbor-2025",
            "javascript:alert(1)",
        ),
    );
    project.run(&["build"]).assert_succeeds_with("");
    let page = project.read("site/briefs/traffic.html");
    assert!(!page.contains("javascript:"));
    assert!(!page.contains("On the original"));
    assert!(page.contains("Read in context"));
}

/// A long archive text, one paragraph of it huge, with many quotations:
/// the reader is built in time and every quotation is marked.
#[test]
fn huge_archive_text_with_many_quotations_is_read() {
    let project = Project::from_fixture("reader/basic");
    let mut text = project.read("archive/harbor-report.txt");
    let mut brief = String::from(
        "---\ntitle: Many\nsummary: Many quotations.\ntopic: harbor\nas_of: 2026-02-28\nstatus: final\n---\n\n",
    );
    for n in 0..2000 {
        text.push_str(&format!("\nEntry word{n}x noted here.\n"));
    }
    text.push_str(&"filler words again ".repeat(50_000));
    text.push('\n');
    for n in (0..2000).step_by(10) {
        brief.push_str(&format!("A note [@harbor-report, \"word{n}x noted\"].\n\n"));
    }
    project.write("archive/harbor-report.txt", text);
    project.write("content/briefs/many.md", brief);
    let started = std::time::Instant::now();
    project.run(&["build"]).assert_succeeds_with("");
    assert!(started.elapsed().as_secs() < 60);
    let page = project.read("site/sources/harbor-report.html");
    assert_eq!(page.matches("<mark class=\"quoted\"").count(), 4 + 200);
}

/// On paper there is no source page to go to: the print edition ends with
/// the published texts as appendices, and its notes refer to them.
#[test]
fn print_edition_has_published_texts_as_appendices_that_its_notes_refer_to() {
    let print = built().read("site/print.html");
    assert!(print.contains("<li><a href=\"#appendices\">Appendices: the sources' texts</a>"));
    assert!(print.contains(
        "<h3 id=\"appendix-harbor-report-title\">Appendix 1: Harbor Authority annual report</h3>"
    ));
    assert!(print.contains(
        "<div class=\"reader-para\" id=\"appendix-harbor-report--p-2\">\n      <p><span class=\"para-number\">2</span> The port <mark class=\"quoted\" id=\"appendix-harbor-report--q-9ea02edf\">handled 1,200 ships</mark> in 2025, up from 950 the year before.</p>\n      <p class=\"quoted-in\">“handled 1,200 ships” is quoted in <a href=\"#brief-fees--note-1\">Harbor fees, note 1</a>; <a href=\"#brief-traffic--note-1\">Traffic and works at the harbor, note 1</a>.</p>"
    ), "{print}");
    assert!(print.contains(
        "In context: <a href=\"#appendix-harbor-report--q-9ea02edf\">Appendix 1, ¶2</a>."
    ));
    assert!(print.contains("id=\"brief-fees--note-1\""));
    // The unpublished minutes get no appendix.
    assert!(!print.contains("appendix-council-minutes"));
    assert!(!print.contains("Members asked"));
}

/// A quotation that runs over a paragraph break is marked in both
/// paragraphs; its anchor is on the first part, its places under the last.
/// Passages that overlap share one mark.
#[test]
fn quotation_over_a_paragraph_break_is_marked_in_both_paragraphs() {
    let project = Project::from_fixture("reader/basic");
    project.write(
        "content/briefs/across.md",
        "---\ntitle: Across\nsummary: A quotation over a break.\ntopic: harbor\nas_of: 2026-02-28\nstatus: final\n---\n\nTraffic grew and the works began [@harbor-report, \"the year before. Dredging of the north channel\"].\n",
    );
    project.run(&["build"]).assert_succeeds_with("");
    let page = project.read("site/sources/harbor-report.html");
    let p2 = &page[page.find("id=\"p-2\"").unwrap()..page.find("id=\"p-3\"").unwrap()];
    let p3 = &page[page.find("id=\"p-3\"").unwrap()..page.find("id=\"p-4\"").unwrap()];
    assert!(
        p2.contains("up from 950 <mark class=\"quoted\" id=\"q-"),
        "{p2}"
    );
    assert!(p2.contains(">the year before.</mark></p>"), "{p2}");
    // It overlaps the passage quoted from "Dredging": one mark holds both.
    assert!(
        p3.contains(
            "<mark class=\"quoted\" id=\"q-699a5d11\">Dredging of the north channel — delayed"
        ),
        "{p3}"
    );
    assert_eq!(p3.matches("<mark").count(), 2, "{p3}");
    assert!(
        p3.contains("<a href=\"../briefs/across.html#cite-1\">Across</a>, citation 1"),
        "{p3}"
    );
}
