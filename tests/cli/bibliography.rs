//! Sources from the files reference managers export: a BibTeX/BibLaTeX
//! and a CSL-JSON bibliography declaring the same sources as the markdown
//! files of `tests/fixtures/bib/markdown` build the same site; `csl` formats
//! the references; `export --format csl-json` writes them back out; and
//! every kind of bad bibliography is reported at its place.

use crate::support::{Project, Tree, assert_same_tree, fixtures};

/// The markdown fixture with its content/sources/ replaced by the
/// bibliography `file` (from tests/fixtures/bib/), named as `setting`.
fn with_bibliography(file: &str, setting: &str) -> Project {
    let project = Project::from_fixture("bib/markdown");
    std::fs::remove_dir_all(project.path("content/sources")).expect("remove the sources");
    let text = std::fs::read(fixtures().join("bib").join(file)).expect("the bibliography fixture");
    project.write(file, text);
    set(&project, &format!("bibliography = {setting}"));
    project
}

/// Adds a top-level setting to the project's briefbook.toml.
fn set(project: &Project, line: &str) {
    let settings = project.read("briefbook.toml");
    let settings = settings.replacen(
        "archive = \"archive\"\n",
        &format!("archive = \"archive\"\n{line}\n"),
        1,
    );
    project.write("briefbook.toml", settings);
}

/// Builds and returns site/, asserting a clean build.
fn build(project: &Project) -> Tree {
    project.run(&["build"]).assert_succeeds_with("");
    project.tree().under("site")
}

/// The site without its edition manifest's content hashes: a source's
/// hash is of its own text (its markdown file or its bibliography entry),
/// which legitimately differs between the forms; nothing else may.
fn without_hashes(mut site: Tree) -> Tree {
    let manifest = site.0.get_mut("edition.json").expect("an edition manifest");
    let text = String::from_utf8(manifest.clone()).expect("UTF-8");
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("\"hash\": \"sha256:"))
        .collect();
    *manifest = kept.join("\n").into_bytes();
    site
}

#[test]
fn bibtex_and_csl_json_sources_build_the_same_site_as_markdown_sources() {
    let markdown = build(&Project::from_fixture("bib/markdown"));
    for (file, setting) in [
        ("sources.bib", "\"sources.bib\""),
        ("sources.json", "[\"sources.json\"]"),
    ] {
        let project = with_bibliography(file, setting);
        let site = build(&project);
        // Byte for byte: every page, the search index and the feed.
        let pages = |t: &Tree| {
            Tree(
                t.0.iter()
                    .filter(|(k, _)| k.as_str() != "edition.json")
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            )
        };
        assert_same_tree(&pages(&markdown), &pages(&site));
        assert_same_tree(&without_hashes(markdown.clone()), &without_hashes(site));
    }
    // The sources' fields as the markdown files give them, on their pages.
    let page = String::from_utf8(markdown.0["sources/crisis-group-qa.html"].clone()).unwrap();
    assert!(page.contains("Doe, Jane"), "{page}");
    assert!(page.contains("https://example.org/security-gamble"));
}

#[test]
fn a_citation_style_formats_endnotes_and_lists_the_same_for_every_form() {
    let markdown = Project::from_fixture("bib/markdown");
    set(&markdown, "csl = \"chicago-author-date\"");
    let expected = build(&markdown);
    let brief = String::from_utf8(expected.0["briefs/transfers.html"].clone()).unwrap();
    // The endnote, the citation's card and the sources list show the
    // reference in the style: escaped text, the style's italics as <i>.
    let reference = "Doe, Jane. 2025. <i>Mexico&#39;s Security Gamble</i>. International Crisis Group. https://example.org/security-gamble.";
    assert!(
        brief.contains(&format!("<span class=\"note-meta\">{reference}</span>")),
        "{brief}"
    );
    assert!(brief.contains(&format!("<span class=\"card-meta\">{reference}</span>")));
    assert!(
        brief.contains(
            "<i>AP</i>. 2026. <i>Mexico Sends 37 More Prisoners to the US</i>. January 20."
        )
    );
    let list = String::from_utf8(expected.0["sources/index.html"].clone()).unwrap();
    assert!(list.contains(&format!("<span class=\"entry-sub\">{reference}</span>")));
    let print = String::from_utf8(expected.0["print.html"].clone()).unwrap();
    assert!(
        print.contains(reference),
        "the print edition's endnotes too"
    );
    // Without `csl` the endnote keeps the publisher, date and kind.
    let plain = build(&Project::from_fixture("bib/markdown"));
    let plain_brief = String::from_utf8(plain.0["briefs/transfers.html"].clone()).unwrap();
    assert!(plain_brief.contains("International Crisis Group · March 2025 · analysis"));

    for (file, setting) in [
        ("sources.bib", "\"sources.bib\""),
        ("sources.json", "\"sources.json\""),
    ] {
        let project = with_bibliography(file, setting);
        set(&project, "csl = \"chicago-author-date\"");
        assert_same_tree(
            &without_hashes(expected.clone()),
            &without_hashes(build(&project)),
        );
    }
}

#[test]
fn another_style_changes_the_references() {
    let project = Project::from_fixture("bib/markdown");
    set(&project, "csl = \"apa\"");
    let site = build(&project);
    let brief = String::from_utf8(site.0["briefs/transfers.html"].clone()).unwrap();
    assert!(
        brief.contains(
            "Doe, J. (2025). <i>Mexico&#39;s Security Gamble</i>. International Crisis Group. https://example.org/security-gamble</span>"
        ),
        "{brief}"
    );
}

#[test]
fn an_unknown_citation_style_is_reported_with_the_nearest_name() {
    let project = Project::from_fixture("bib/markdown");
    set(&project, "csl = \"chicago-autor-date\"");
    project.run(&["build"]).assert_fails_with(
        r#"briefbook.toml:3:7: error[BB051]: unknown citation style `chicago-autor-date`
  |
3 | csl = "chicago-autor-date"
  |       ^^^^^^^^^^^^^^^^^^^^
  = hint: did you mean `chicago-author-date`? Styles include chicago-author-date, chicago-notes, apa, mla, ieee, harvard-cite-them-right (93 in all: see docs/EDITING.md)

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

#[test]
fn export_writes_csl_json_that_builds_the_same_site() {
    let markdown = Project::from_fixture("bib/markdown");
    let run = markdown.run(&["export", "--format", "csl-json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        r#"[
  {
    "archive": "ap-transfer-report.txt",
    "container-title": "AP",
    "genre": "news",
    "id": "ap-transfer-report",
    "issued": {
      "date-parts": [
        [
          2026,
          1,
          20
        ]
      ]
    },
    "title": "Mexico sends 37 more prisoners to the US",
    "type": "article-newspaper"
  },
  {
    "URL": "https://example.org/security-gamble",
    "archive": "crisis-group-qa.txt",
    "author": [
      {
        "family": "Doe",
        "given": "Jane"
      }
    ],
    "genre": "analysis",
    "id": "crisis-group-qa",
    "issued": {
      "date-parts": [
        [
          2025,
          3
        ]
      ]
    },
    "publisher": "International Crisis Group",
    "title": "Mexico's Security Gamble",
    "type": "report"
  }
]
"#
    );
    // Read back as the bibliography, the export builds the same site.
    let expected = build(&markdown);
    let project = Project::from_fixture("bib/markdown");
    std::fs::remove_dir_all(project.path("content/sources")).unwrap();
    project.write(
        "exported.json",
        markdown.run(&["export", "--format", "csl-json"]).stdout,
    );
    set(&project, "bibliography = \"exported.json\"");
    assert_same_tree(&without_hashes(expected), &without_hashes(build(&project)));
    // And the sources from a bibliography export the same.
    let bib = with_bibliography("sources.bib", "\"sources.bib\"");
    let run = bib.run(&["export", "--format", "csl-json", "-o", "out.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "wrote 2 sources to out.json\n");
    assert_eq!(
        bib.read("out.json"),
        markdown.run(&["export", "--format", "csl-json"]).stdout
    );
}

/// Replaces `from` by `to` in the project's file `rel`.
fn edit(project: &Project, rel: &str, from: &str, to: &str) {
    let text = project.read(rel);
    assert!(text.contains(from), "{rel} has no {from:?}");
    project.write(rel, text.replace(from, to));
}

#[test]
fn malformed_bibtex_is_reported_at_its_line_and_column() {
    let project = with_bibliography("sources.bib", "\"sources.bib\"");
    edit(
        &project,
        "sources.bib",
        "  title = {Mexico's",
        "  title {Mexico's",
    );
    let before = project.with_previous_site();
    project.run(&["build"]).assert_fails_with(
        r#"sources.bib:11:9: error[BB049]: cannot read the BibTeX file: expected equals
   |
11 |   title {Mexico's Security Gamble},
   |         ^
   = hint: correct the entry, or export the bibliography again from your reference manager (BibLaTeX or Better BibTeX)

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
    assert_same_tree(&before, &project.tree());
}

#[test]
fn malformed_csl_json_is_reported_at_its_line_and_column() {
    let project = with_bibliography("sources.json", "\"sources.json\"");
    edit(
        &project,
        "sources.json",
        r#""issued": {"date-parts": [[2025, 3]]},"#,
        r#""issued": "March 2025","#,
    );
    project.run(&["build"]).assert_fails_with(
        r#"sources.json:17:26: error[BB049]: cannot read the CSL-JSON file: invalid type: string "March 2025", expected struct CslDate
   |
17 |     "issued": "March 2025",
   |                          ^
   = hint: a CSL-JSON bibliography is an array of items, each with an `id` and a `title`; export it again as CSL JSON

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
    edit(&project, "sources.json", r#""issued": "March 2025","#, "");
    edit(
        &project,
        "sources.json",
        "\"type\": \"report\",",
        "\"type\": \"report\"",
    );
    let run = project.run(&["build"]);
    assert!(
        run.stderr.starts_with(
            "sources.json:14:5: error[BB049]: cannot read the CSL-JSON file: expected `,` or `}`\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_key_used_twice_is_reported_with_both_places() {
    let project = with_bibliography("sources.bib", "\"sources.bib\"");
    let mut bib = project.read("sources.bib");
    bib.push_str("\n@online{ap-transfer-report,\n  title = {Another report},\n}\n");
    project.write("sources.bib", bib);
    project.run(&["build"]).assert_fails_with(
        r#"sources.bib:20:9: error[BB050]: the key `ap-transfer-report` is used twice: also at sources.bib:2
   |
20 | @online{ap-transfer-report,
   |         ^^^^^^^^^^^^^^^^^^
   = hint: every source needs its own key; rename or remove one of the two entries

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

#[test]
fn a_key_in_two_bibliographies_is_reported_with_both_places() {
    let project = with_bibliography("sources.bib", "[\"sources.bib\", \"sources.json\"]");
    let json = std::fs::read(fixtures().join("bib/sources.json")).unwrap();
    project.write("sources.json", json);
    let run = project.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "sources.json:3:12: error[BB050]: the key `ap-transfer-report` is used twice: also at sources.bib:2\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.count("error"), 2, "{}", run.stderr);
}

#[test]
fn a_key_that_is_also_a_markdown_source_names_the_file() {
    let project = with_bibliography("sources.bib", "\"sources.bib\"");
    project.write(
        "content/sources/crisis-group-qa.md",
        "---\ntitle: Another\nauthor: not recorded\npublisher: not recorded\npublished: not recorded\nurl: not recorded\nkind: news\narchive: crisis-group-qa.txt\n---\n",
    );
    project.run(&["build"]).assert_fails_with(
        r#"sources.bib:10:9: error[BB050]: the key `crisis-group-qa` is also the id of content/sources/crisis-group-qa.md
   |
10 | @report{crisis-group-qa,
   |         ^^^^^^^^^^^^^^^
   = hint: keep the source in one place: remove content/sources/crisis-group-qa.md or this entry, or give one of them another id

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

#[test]
fn an_unsafe_key_is_reported_with_a_safe_one() {
    let project = with_bibliography("sources.bib", "\"sources.bib\"");
    let mut bib = project.read("sources.bib");
    bib.push_str("\n@online{Smith_2025Report,\n  title = {A third source},\n}\n");
    project.write("sources.bib", bib);
    project.run(&["build"]).assert_fails_with(
        r#"sources.bib:20:9: error[BB049]: `Smith_2025Report` is not a safe id: the id contains the capital letter `S`
   |
20 | @online{Smith_2025Report,
   |         ^^^^^^^^^^^^^^^^
   = hint: change the entry's key to `smith-2025report` (in Zotero with Better BibTeX: pin the citation key); ids use lower-case letters, digits and single hyphens

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

#[test]
fn an_entry_without_a_title_or_with_a_bad_date_is_reported_at_it() {
    let project = with_bibliography("sources.bib", "\"sources.bib\"");
    edit(
        &project,
        "sources.bib",
        "date = {2025-03}",
        "date = {2025-13}",
    );
    project.run(&["build"]).assert_fails_with(
        r#"sources.bib:14:11: error[BB049]: the entry `crisis-group-qa` has a date briefbook cannot read
   |
14 |   date = {2025-13},
   |           ^
   = hint: write the date as `date = {YYYY-MM-DD}` (or `YYYY-MM`, `YYYY`), or leave it out when the text does not give it

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
    edit(
        &project,
        "sources.bib",
        "date = {2025-13}",
        "date = {2025-03}",
    );
    edit(
        &project,
        "sources.bib",
        "  title = {Mexico's Security Gamble},\n",
        "",
    );
    let run = project.run(&["build"]);
    assert!(
        run.stderr.starts_with(
            "sources.bib:10:9: error[BB049]: the entry `crisis-group-qa` has no title\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.count("error"), 1, "{}", run.stderr);
}

#[test]
fn a_missing_bibliography_exits_with_2() {
    let project = with_bibliography("sources.bib", "\"nothere.bib\"");
    let run = project.run(&["build"]);
    assert_eq!(
        run.stderr,
        "nothere.bib: error[BB048]: cannot read the bibliography: No such file or directory (os error 2)
  = hint: export the bibliography there from your reference manager, or correct `bibliography` in briefbook.toml

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"
    );
    assert_eq!(run.code, 2);
}

#[test]
fn a_bibliography_in_another_format_is_refused() {
    let project = with_bibliography("sources.bib", "\"sources.ris\"");
    project.write("sources.ris", "TY  - JOUR\n");
    project.run(&["build"]).assert_fails_with(
        "sources.ris: error[BB049]: briefbook reads bibliographies in BibTeX/BibLaTeX (`.bib`) or CSL-JSON (`.json`)
  = hint: export the library from your reference manager as BibLaTeX or CSL JSON

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
",
    );
}

#[test]
fn a_huge_bibliography_is_refused_without_reading_it() {
    let project = with_bibliography("sources.bib", "\"sources.bib\"");
    let file = std::fs::File::options()
        .append(true)
        .open(project.path("sources.bib"))
        .unwrap();
    // Sparse: the test writes no 16 MiB.
    file.set_len(16 * 1024 * 1024 + 1).unwrap();
    project.run(&["build"]).assert_fails_with(
        "sources.bib: error[BB049]: the bibliography is 16777217 bytes, more than briefbook reads (16777216)
  = hint: export only the briefing's sources (a collection or a tag in your reference manager)

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
",
    );
}

/// Relative paths inside the project only: a bibliography is part of the
/// briefing's content, and a build must not read files elsewhere on the
/// machine (a shared settings file could otherwise point at any file).
#[test]
fn bibliography_paths_outside_the_project_are_refused() {
    for (setting, why) in [
        ("../sources.bib", "is not a path inside the project"),
        ("/etc/passwd.bib", "is not a path inside the project"),
        ("refs/../../sources.bib", "is not a path inside the project"),
    ] {
        let project = with_bibliography("sources.bib", &format!("\"{setting}\""));
        let run = project.run(&["build"]);
        let caret = "^".repeat(setting.len() + 2);
        assert_eq!(
            run.stderr,
            format!(
                "briefbook.toml:3:16: error[BB052]: the bibliography `{setting}` {why}
  |
3 | bibliography = \"{setting}\"
  |                {caret}
  = hint: give a path relative to briefbook.toml, inside the project, e.g. `bibliography = \"sources.bib\"`

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"
            )
        );
        assert_eq!(run.code, 1);
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_project_is_refused_and_one_inside_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("bib/sources.bib"),
        outside.path().join("sources.bib"),
    )
    .unwrap();
    let project = with_bibliography("sources.bib", "\"linked.bib\"");
    std::os::unix::fs::symlink(
        outside.path().join("sources.bib"),
        project.path("linked.bib"),
    )
    .unwrap();
    let run = project.run(&["build"]);
    assert!(
        run.stderr.starts_with(
            "briefbook.toml:3:16: error[BB052]: the bibliography `linked.bib` leads outside the project (through a symbolic link)\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.count("error"), 1, "{}", run.stderr);

    let inside = with_bibliography("sources.bib", "\"refs/linked.bib\"");
    std::fs::create_dir(inside.path("refs")).unwrap();
    std::os::unix::fs::symlink("../sources.bib", inside.path("refs/linked.bib")).unwrap();
    inside.run(&["build"]).assert_succeeds_with("");
}

#[test]
fn latex_markup_and_special_characters_in_a_bibliography_are_shown_as_text() {
    let project = with_bibliography("sources.bib", "\"sources.bib\"");
    edit(
        &project,
        "sources.bib",
        "{Mexico's Security Gamble}",
        r#"{Mexico's <script>alert(1)</script> Security \& {Gamble} --- \emph{now}}"#,
    );
    edit(
        &project,
        "sources.bib",
        "https://example.org/security-gamble",
        "javascript:alert(1)",
    );
    set(&project, "csl = \"chicago-author-date\"");
    let site = build(&project);
    let page = String::from_utf8(site.0["sources/crisis-group-qa.html"].clone()).unwrap();
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(
        page.contains("<h1>Mexico&#39;s &lt;script&gt;alert(1)&lt;/script&gt; Security &amp; Gamble — now</h1>"),
        "{page}"
    );
    assert!(!page.contains("href=\"javascript:"), "{page}");
    let brief = String::from_utf8(site.0["briefs/transfers.html"].clone()).unwrap();
    assert!(!brief.contains("<script>alert"));
}

/// A bibliography on one line (minified CSL-JSON, as some tools write it)
/// reads the same; its entries' places are counted on that line.
#[test]
fn a_minified_csl_json_builds_the_same_site() {
    let expected = build(&Project::from_fixture("bib/markdown"));
    let project = with_bibliography("sources.json", "\"sources.json\"");
    let items: serde_json::Value = serde_json::from_str(&project.read("sources.json")).unwrap();
    let minified = serde_json::to_string(&items).unwrap();
    assert_eq!(minified.lines().count(), 1);
    project.write("sources.json", &minified);
    assert_same_tree(&without_hashes(expected), &without_hashes(build(&project)));

    project.write(
        "content/sources/crisis-group-qa.md",
        "---\ntitle: Another\nauthor: not recorded\npublisher: not recorded\npublished: not recorded\nurl: not recorded\nkind: news\narchive: crisis-group-qa.txt\n---\n",
    );
    let run = project.run(&["build"]);
    let col = minified.find("crisis-group-qa\",").unwrap() + 1;
    assert!(
        run.stderr.starts_with(&format!(
            "sources.json:1:{col}: error[BB050]: the key `crisis-group-qa` is also the id of content/sources/crisis-group-qa.md\n"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn export_of_a_bad_bibliography_fails_and_writes_nothing() {
    let project = with_bibliography("sources.bib", "\"sources.bib\"");
    edit(
        &project,
        "sources.bib",
        "  title = {Mexico's",
        "  title {Mexico's",
    );
    let run = project.run(&["export", "--format", "csl-json", "-o", "out.json"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with(
            "sources.bib:11:9: error[BB049]: cannot read the BibTeX file: expected equals\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!project.path("out.json").exists());
}

#[test]
fn export_leaves_internal_sources_out_of_the_public_edition() {
    let project = Project::from_fixture("bib/markdown");
    edit(
        &project,
        "content/sources/crisis-group-qa.md",
        "kind: analysis\n",
        "kind: analysis\ninternal: true\n",
    );
    let public = project.run(&["export", "--format", "csl-json"]);
    assert_eq!(public.code, 0, "{}", public.stderr);
    assert!(!public.stdout.contains("crisis-group-qa"));
    assert!(public.stdout.contains("\"id\": \"ap-transfer-report\""));
    let internal = project.run(&["export", "--format", "csl-json", "--edition", "internal"]);
    assert!(internal.stdout.contains("\"id\": \"crisis-group-qa\""));
}
