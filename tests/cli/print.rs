//! The print edition (site/print.html) and `briefbook pdf`: the whole
//! briefing on one page, with endnotes, links inside the page and unique
//! ids; the PDF through a real Chromium when one is installed (required
//! under CI), and what the user is told when none is.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::{Project, Tree, assert_same_tree};

/// A second brief for the valid fixture, linking every way a body can:
/// to an entry, to a heading of another brief, to a page the print edition
/// does not hold, out of the site, up past its root, and to a note.
const LINKING_BRIEF: &str = r#"---
title: "Tariffs and the \"sovereign\" transfer"
summary: How the transfers met the tariff talks.
topic: extraditions
as_of: 2026-02
status: final
actors: [sheinbaum]
---

## Links

The trade text is [the agreement](https://example.org/usmca?x=1&y=2), and [[garcia-harfuch]] spoke first [@crisis-group-qa, "a decision of the Mexican state"].

See [what happened](transfers.html#what-happened), the [timeline](../timeline.html), the [search](../search.html#q), [a missing heading](transfers.html#no-such-heading) and [an escape](../../../../etc/passwd) [@crisis-group-qa].

Back to [the first note](#note-1) and [the overview](../index.html) [@ap-transfer-report, "transferred 37 prisoners"].
"#;

/// The valid fixture with [`LINKING_BRIEF`], built.
fn built() -> Project {
    let project = Project::from_fixture("valid/basic");
    project.write("content/briefs/tariffs.md", LINKING_BRIEF);
    project.run(&["build"]).assert_succeeds_with("");
    project
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

/// The HTML of the element with `id`, up to the end of its first `</tag>`.
fn element<'a>(html: &'a str, id: &str, tag: &str) -> &'a str {
    let start = html
        .find(&format!(" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element #{id}"));
    let start = html[..start].rfind('<').expect("an opening tag");
    let end = html[start..]
        .find(&format!("</{tag}>"))
        .unwrap_or_else(|| panic!("#{id} is not closed"));
    &html[start..start + end]
}

#[test]
fn print_edition_holds_every_entry_in_reading_order() {
    let project = built();
    let html = project.read("site/print.html");
    // The cover: title and the edition's date, the latest as_of of the
    // briefs (2026-02 beats 2026-01-31).
    let cover = element(&html, "cover", "header");
    assert!(cover.contains("<h1>Test Briefing</h1>"), "{cover}");
    assert!(
        cover.contains("Information as of <time datetime=\"2026-02\">February 2026</time>"),
        "{cover}"
    );
    // Reading order: contents, briefs by topic, timeline, actors, sources.
    let order = [
        "id=\"contents\"",
        "id=\"topic-extraditions\"",
        "Tariffs and the &quot;sovereign&quot; transfer</h3>",
        "Transfers to the United States</h3>",
        "id=\"timeline\"",
        "Mexico transfers 29 prisoners</h4>",
        "Mexico transfers 37 prisoners</h4>",
        "id=\"actors\"",
        // By name.
        "Claudia Sheinbaum</h3>",
        "Omar García Harfuch</h3>",
        "id=\"sources\"",
        "Mexico sends 37 more prisoners to the US</h3>",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|s| {
            html.find(s)
                .unwrap_or_else(|| panic!("print.html lacks {s}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "out of order: {at:?}");
    // The contents link every brief's section.
    let toc = element(&html, "contents", "nav");
    for anchor in [
        "brief-tariffs",
        "brief-transfers",
        "timeline",
        "actors",
        "sources",
    ] {
        assert!(toc.contains(&format!("href=\"#{anchor}\"")), "{toc}");
    }
    // A draft says so.
    assert!(
        toc.contains("Transfers to the United States <span class=\"toc-draft\">(draft)</span></a>")
    );
}

#[test]
fn citations_become_numbered_endnotes_of_their_brief() {
    let project = built();
    let html = project.read("site/print.html");
    let brief = element(&html, "brief-transfers", "article");
    // The mark in the text links to the note at the brief's end...
    assert!(
        brief.contains("<a class=\"cite-ref\" id=\"brief-transfers--cite-"),
        "{brief}"
    );
    assert!(brief.contains("href=\"#brief-transfers--note-1\">1</a>"));
    // ...which gives the quotation and the source, linked to its section.
    let note = element(brief, "brief-transfers--note-1", "li");
    assert!(
        note.contains("<q class=\"note-quote\">a decision of the Mexican state</q>"),
        "{note}"
    );
    assert!(
        note.contains("<a href=\"#source-crisis-group-qa\">"),
        "{note}"
    );
    // Numbering restarts in each brief.
    assert!(html.contains("id=\"brief-tariffs--note-1\""));
    // The sidenote and the disagreement print in full, without the toggle.
    assert!(brief.contains("The exact day of the first transfer is given only by the analysis."));
    assert!(brief.contains("<aside class=\"disagree\""));
    assert!(!brief.contains("sidenote-toggle"), "{brief}");
    // No hover cards: their text is in the notes and sections.
    assert!(!html.contains("class=\"card\""));
    assert!(!html.contains("role=\"tooltip\""));
}

#[test]
fn the_edition_date_can_be_set_in_the_settings() {
    let project = Project::from_fixture("valid/basic");
    let settings = project.read("briefbook.toml");
    // Set before `[[topics]]`, as a top-level setting.
    project.write(
        "briefbook.toml",
        format!("edition_date = \"2026-03-15\"\n{settings}"),
    );
    project.run(&["build"]).assert_succeeds_with("");
    let html = project.read("site/print.html");
    let cover = element(&html, "cover", "header");
    assert!(
        cover.contains("Information as of <time datetime=\"2026-03-15\">15 March 2026</time>"),
        "{cover}"
    );

    // A date that does not exist is refused at its place in the file.
    project.write(
        "briefbook.toml",
        format!("edition_date = \"2026-02-30\"\n{settings}"),
    );
    project.run(&["build"]).assert_fails_with(
        "briefbook.toml:1:16: error[BB002]: February 2026 has no day 30\n  |\n1 | edition_date = \"2026-02-30\"\n  |                ^^^^^^^^^^^^\n  = hint: see docs/EDITING.md for the settings briefbook.toml takes\n\nerror: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)\n",
    );
}

#[test]
fn print_edition_has_no_navigation_search_or_scripts() {
    let project = built();
    let html = project.read("site/print.html");
    for absent in [
        "<script",
        "site-nav",
        "site-search",
        "search.js",
        "briefbook.js",
        "<form",
    ] {
        assert!(!html.contains(absent), "print.html has {absent}");
    }
    // Its stylesheets: the theme's, the print edition's, and the running
    // header with the title, which the build writes beside it.
    assert!(html.contains("href=\"static/print.css?v="));
    assert!(html.contains("href=\"print-edition.css?v="));
    let head = project.read("site/print-edition.css");
    assert!(
        head.contains("@top-left { content: \"Test Briefing\"; }"),
        "{head}"
    );
    assert!(
        head.contains("@top-right { content: \"As of February 2026\"; }"),
        "{head}"
    );
    let css = project.read("site/static/print.css");
    assert!(css.contains("counter(page)"), "page numbers");
    assert!(css.contains(".print-topic .print-brief + .print-brief { break-before: page; }"));
}

#[test]
fn ids_on_the_print_page_are_unique_and_every_internal_link_lands() {
    let project = built();
    let html = project.read("site/print.html");
    let mut seen = BTreeMap::new();
    for id in attribute_values(&html, "id") {
        *seen.entry(id).or_insert(0) += 1;
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "ids used twice: {twice:?}");
    let ids: BTreeSet<&str> = seen.keys().copied().collect();
    for attr in ["href", "aria-describedby", "aria-labelledby", "for"] {
        for value in attribute_values(&html, attr) {
            let targets: Vec<&str> = match attr {
                "href" => value.strip_prefix('#').into_iter().collect(),
                _ => value.split_whitespace().collect(),
            };
            for t in targets {
                assert!(ids.contains(t), "{attr}=\"{value}\" points at no id");
            }
        }
    }
}

#[test]
fn links_between_entries_point_inside_the_page() {
    let project = built();
    let html = project.read("site/print.html");
    let brief = element(&html, "brief-tariffs", "article");
    // [[garcia-harfuch]] and the automatic mention.
    assert!(brief.contains("href=\"#actor-garcia-harfuch\""), "{brief}");
    // Another brief's heading: its section's copy of the heading.
    assert!(brief.contains("href=\"#brief-transfers--what-happened\""));
    assert!(html.contains("<h4 id=\"brief-transfers--what-happened\">What happened</h4>"));
    // A heading that does not exist: the brief itself.
    assert!(brief.contains("href=\"#brief-transfers\">a missing heading"));
    // Site pages the edition holds become its parts; others stay pages of
    // the site, relative to print.html at its root.
    assert!(brief.contains("href=\"#timeline\">timeline"));
    // The fixture has no overview (content/index.md): the cover stands in.
    assert!(brief.contains("href=\"#cover\">the overview"));
    assert!(brief.contains("href=\"search.html#q\">search"));
    // A link past the site's root stays inside it, as a browser resolves it.
    assert!(brief.contains("href=\"etc/passwd\">an escape"), "{brief}");
    assert!(
        !html.contains("href=\"../"),
        "a link still relative to an entry's folder"
    );
    // A fragment of the body itself: the brief's own note.
    assert!(brief.contains("href=\"#brief-tariffs--note-1\">the first note"));
    // External links are left as they are; the print stylesheet prints them.
    assert!(brief.contains("href=\"https://example.org/usmca?x=1&amp;y=2\""));
    assert!(
        project
            .read("site/static/style.css")
            .contains("a[href^=\"https://\"]::after { content: \" <\" attr(href) \">\";")
    );
}

#[test]
fn a_title_cannot_break_out_of_the_running_header() {
    let project = Project::from_fixture("valid/basic");
    // A TOML literal string: every character as written.
    let toml = project.read("briefbook.toml").replace(
        "title = \"Test Briefing\"",
        r#"title = 'Evil"; } body { display: none } </style> \'"#,
    );
    project.write("briefbook.toml", toml);
    project.run(&["build"]).assert_succeeds_with("");
    let head = project.read("site/print-edition.css");
    assert!(
        head.contains(
            r#"@top-left { content: "Evil\"; } body { display: none } \3c /style> \\"; }"#
        ),
        "{head}"
    );
}

#[test]
fn the_print_edition_is_the_same_for_two_builds() {
    let project = built();
    project
        .run(&["build", "-o", "again"])
        .assert_succeeds_with("");
    let pick = |root: &Path| {
        let mut t = Tree::of(root);
        t.0.retain(|p, _| p.starts_with("print"));
        t
    };
    let first = pick(&project.path("site"));
    assert_eq!(first.0.len(), 2, "{:?}", first.paths());
    assert_same_tree(&first, &pick(&project.path("again")));
}

// ----- briefbook pdf -----

/// A fake browser: a shell script at `name` in the project, so that the
/// tests of what surrounds Chromium run without one.
#[cfg(unix)]
fn fake_browser(project: &Project, name: &str, script: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    project.write(name, format!("#!/bin/sh\n{script}\n"));
    let path = project.path(name);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path.to_string_lossy().into_owned()
}

#[test]
fn pdf_without_a_browser_says_how_to_install_one_and_exits_2() {
    let project = Project::from_fixture("valid/basic");
    let run = project.run_with_env(
        &["pdf"],
        &[("PATH", ""), ("BRIEFBOOK_CHROME", ""), ("CHROME", "")],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: no Chromium or Chrome found to print the PDF with (looked on PATH for chromium, chromium-browser, google-chrome, google-chrome-stable, chrome)\n  = hint: install Chromium (Debian and Ubuntu: `sudo apt install chromium`; macOS: `brew install --cask chromium`) or set BRIEFBOOK_CHROME to the path of a Chromium or Chrome executable\n"
    );
    // Said before building: nothing was written.
    assert!(!project.path("print.pdf").exists());
    assert!(!project.path("site").exists());
    // `build --pdf` says the same, also before building.
    let run = project.run_with_env(
        &["build", "--pdf"],
        &[("PATH", ""), ("BRIEFBOOK_CHROME", "")],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("sudo apt install chromium"),
        "{}",
        run.stderr
    );
    assert!(!project.path("site").exists());
}

#[test]
fn pdf_with_briefbook_chrome_naming_nothing_exits_2() {
    let project = Project::from_fixture("valid/basic");
    for value in [
        "/no/such/chromium",
        "no-such-browser-anywhere",
        "../../../../bin",
    ] {
        let run = project.run_with_env(&["pdf"], &[("BRIEFBOOK_CHROME", value)]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(
            run.stderr.starts_with(&format!(
                "error: BRIEFBOOK_CHROME is set to `{value}`, which is not an executable that exists\n  = hint: install Chromium"
            )),
            "{}",
            run.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn a_browser_that_fails_or_writes_no_pdf_is_reported_and_nothing_is_written() {
    let project = Project::from_fixture("valid/basic");
    let failing = fake_browser(&project, "failing.sh", "echo 'it went wrong' >&2\nexit 3");
    let run = project.run_with_env(&["pdf", "-q"], &[("BRIEFBOOK_CHROME", &failing)]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("failed to print the PDF (exit status: 3):\nit went wrong\n"),
        "{}",
        run.stderr
    );
    // A browser that claims success but writes something else.
    let liar = fake_browser(
        &project,
        "liar.sh",
        r#"for a; do case "$a" in --print-to-pdf=*) echo '<html>' > "${a#--print-to-pdf=}";; esac; done"#,
    );
    let run = project.run_with_env(&["pdf", "-q"], &[("BRIEFBOOK_CHROME", &liar)]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("(it wrote no PDF)"), "{}", run.stderr);
    assert!(!project.path("print.pdf").exists());
}

#[cfg(unix)]
#[test]
fn a_browser_that_hangs_is_stopped_at_the_timeout() {
    let project = Project::from_fixture("valid/basic");
    let hanging = fake_browser(&project, "hang.sh", "exec sleep 60");
    let started = std::time::Instant::now();
    let run = project.run_with_env(
        &["pdf", "-q", "--timeout", "1"],
        &[("BRIEFBOOK_CHROME", &hanging)],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("did not finish printing within 1 s and was stopped"),
        "{}",
        run.stderr
    );
    assert!(started.elapsed().as_secs() < 30);
}

#[cfg(unix)]
#[test]
fn the_browser_is_asked_for_an_outline_without_network_and_the_pdf_lands_where_asked() {
    let project = Project::from_fixture("valid/basic");
    // Records its arguments and writes a minimal "PDF" where told.
    let fake = fake_browser(
        &project,
        "fake.sh",
        r#"printf '%s\n' "$@" > "$(dirname "$0")/args.txt"
for a; do case "$a" in --print-to-pdf=*) printf '%%PDF-1.4 fake' > "${a#--print-to-pdf=}";; esac; done"#,
    );
    let run = project.run_with_env(
        &["pdf", "-o", "out/edition.pdf"],
        &[("BRIEFBOOK_CHROME", &fake)],
    );
    // The folder of -o must exist.
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("out"), "{}", run.stderr);
    std::fs::create_dir(project.path("out")).unwrap();
    let run = project.run_with_env(
        &["pdf", "-o", "out/edition.pdf"],
        &[("BRIEFBOOK_CHROME", &fake)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("printed out/edition.pdf"),
        "{}",
        run.stdout
    );
    assert_eq!(project.read("out/edition.pdf"), "%PDF-1.4 fake");
    let args = project.read("args.txt");
    for flag in [
        "--headless",
        "--generate-pdf-document-outline",
        "--no-pdf-header-footer",
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ] {
        assert!(
            args.lines().any(|l| l == flag),
            "{flag} missing from {args}"
        );
    }
    // A copy of print.html beside it, for the numbered contents; the fake
    // PDF has no destinations to number them from, which is said.
    let page = args.lines().last().unwrap();
    assert!(
        page.starts_with("file:///")
            && page.contains("/site/.briefbook-print-")
            && page.ends_with(".html"),
        "{page}"
    );
    assert!(
        run.stderr
            .contains("warning: the PDF's contents have no page numbers: cannot read the PDF"),
        "{}",
        run.stderr
    );
    // The site was built in a temporary folder: the project's is untouched.
    assert!(!project.path("site").exists());
    assert!(
        !Path::new(page.trim_start_matches("file://")).exists(),
        "the temporary site is removed"
    );
}

/// Whether a program can be run (`NAME -v` or `--version`).
fn installed(program: &str) -> bool {
    ["-v", "--version"].iter().any(|flag| {
        std::process::Command::new(program)
            .arg(flag)
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// The text of a PDF's bookmarks: every `/Title` string, literal `(…)` or
/// UTF-16BE hex `<FEFF…>`, as Chromium (Skia) writes them uncompressed.
fn pdf_titles(pdf: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(pdf);
    let mut titles = Vec::new();
    for (i, _) in text.match_indices("/Title ") {
        let rest = &text[i + "/Title ".len()..];
        if let Some(hex) = rest.strip_prefix("<FEFF") {
            let hex = &hex[..hex.find('>').unwrap_or(0)];
            let units: Vec<u16> = (0..hex.len() / 4)
                .filter_map(|k| u16::from_str_radix(&hex[k * 4..k * 4 + 4], 16).ok())
                .collect();
            titles.push(String::from_utf16_lossy(&units));
        } else if let Some(lit) = rest.strip_prefix('(') {
            let mut s = String::new();
            let mut chars = lit.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => s.extend(chars.next()),
                    ')' => break,
                    c => s.push(c),
                }
            }
            titles.push(s);
        }
    }
    titles
}

#[test]
fn pdf_through_chromium_has_every_brief_the_endnotes_and_bookmarks() {
    let have = installed("chromium") && installed("pdftotext");
    if !have {
        // CI installs both (scripts/browser-test); there a missing one fails.
        assert!(
            std::env::var_os("CI").is_none_or(|v| v != "true"),
            "CI=true but chromium or pdftotext (poppler-utils) is missing"
        );
        eprintln!("skipped: chromium or pdftotext is not installed");
        return;
    }
    let project = Project::from_fixture("valid/basic");
    project.write("content/briefs/tariffs.md", LINKING_BRIEF);
    let run = project.run(&["pdf", "-o", "briefing.pdf"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pdf = std::fs::read(project.path("briefing.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "briefing.pdf", "-"])
        .current_dir(project.root())
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    // Words as laid out: compare with runs of whitespace made single.
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "Transfers to the United States",
        "Tariffs and the \"sovereign\" transfer",
        // An endnote: the quotation and its source.
        "1. “a decision of the Mexican state” — Mexico's Security Gamble; International Crisis Group · March 2025 · analysis.",
        "3. “transferred 37 prisoners” — Mexico sends 37 more prisoners to the US; AP · 20 January 2026 · news.",
        // The sidenote, the external link's address, the running header.
        "The exact day of the first transfer is given only by the analysis.",
        "<https://example.org/usmca?x=1&y=2>",
        "Test Briefing As of February 2026",
        "Page 2 of",
    ] {
        assert!(
            text.contains(expected),
            "the PDF's text lacks {expected:?}:\n{text}"
        );
    }
    // Bookmarks: an outline, with the briefs' titles in it.
    assert!(
        String::from_utf8_lossy(&pdf).contains("/Outlines"),
        "no outline"
    );
    let titles = pdf_titles(&pdf);
    for brief in [
        "Transfers to the United States",
        "Tariffs and the \"sovereign\" transfer",
        "Timeline",
        "Actors",
        "Sources",
    ] {
        assert!(
            titles.iter().any(|t| t == brief),
            "no bookmark {brief:?} in {titles:?}"
        );
    }
}

/// The text of pages `first..=last` of a PDF, as pdftotext lays it out.
fn pdf_text(project: &Project, pdf: &str, first: u32, last: u32) -> String {
    let out = std::process::Command::new("pdftotext")
        .args([
            "-layout",
            "-f",
            &first.to_string(),
            "-l",
            &last.to_string(),
            pdf,
            "-",
        ])
        .current_dir(project.root())
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Chromium cannot number the contents itself (no `target-counter()`);
/// `briefbook pdf` prints twice to fill the numbers in. Each is checked
/// against the page where pdftotext finds the section's title as a line of
/// its own, and where it does not before.
#[test]
fn pdf_contents_give_the_page_each_section_starts_on() {
    if !(installed("chromium") && installed("pdftotext")) {
        assert!(
            std::env::var_os("CI").is_none_or(|v| v != "true"),
            "CI=true but chromium or pdftotext (poppler-utils) is missing"
        );
        eprintln!("skipped: chromium or pdftotext is not installed");
        return;
    }
    let project = Project::from_fixture("freshness/review");
    project.write("content/briefs/linking.md", LINKING_BRIEF);
    let run = project.run_with_env(
        &["pdf", "-o", "briefing.pdf"],
        &[("BRIEFBOOK_TODAY", "2026-01-01")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("no page numbers"), "{}", run.stderr);
    // Numbers of a fixed width move nothing: the second printing settles.
    assert!(
        run.stdout
            .contains(", the contents numbered in 2 printings\n"),
        "{}",
        run.stdout
    );
    // print.html, built again, holds no numbers: only the PDF has them.
    project.run(&["build"]);
    assert!(!project.read("site/print.html").contains("toc-page"));

    let contents = pdf_text(&project, "briefing.pdf", 2, 2);
    assert!(contents.contains("Contents"), "{contents}");
    let sections = [
        "Extraditions and prisoner transfers",
        "Transfers to the United States",
        "Tariffs and the transfers",
        "Tariffs and the \"sovereign\" transfer",
        "Timeline",
        "Actors",
        "Sources",
    ];
    let mut numbers = Vec::new();
    for title in sections {
        let line = contents
            .lines()
            .find(|l| l.contains(&format!(". {title}")))
            .unwrap_or_else(|| panic!("no {title:?} in the contents:\n{contents}"));
        let page: u32 = line
            .split_whitespace()
            .last()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no page number in {line:?}"));
        numbers.push(page);
        let is_heading = |text: &str| text.lines().any(|l| l.trim() == title);
        assert!(
            is_heading(&pdf_text(&project, "briefing.pdf", page, page)),
            "{title:?} is not on page {page}"
        );
        if page > 3 {
            assert!(
                !is_heading(&pdf_text(&project, "briefing.pdf", 3, page - 1)),
                "{title:?} starts before page {page}"
            );
        }
    }
    // Each brief starts a page of its own; the parts follow in order.
    let mut briefs = numbers[1..4].to_vec();
    briefs.sort();
    briefs.dedup();
    assert_eq!(briefs.len(), 3, "{numbers:?}");
    assert!(
        numbers[4] < numbers[5] && numbers[5] < numbers[6],
        "{numbers:?}"
    );
}
