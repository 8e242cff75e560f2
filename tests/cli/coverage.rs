//! `briefbook check --coverage`: which paragraphs of each source's archived
//! text the briefing quotes, and which it never touches. Fixture:
//! tests/fixtures/reader/basic (five paragraphs in `harbor-report`, three
//! of them quoted; three in `council-minutes`, one quoted).

use crate::support::Project;

#[test]
fn coverage_lists_each_source_its_untouched_paragraphs_and_a_summary() {
    let project = Project::from_fixture("reader/basic");
    let run = project.run(&["check", "--coverage"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        "checked in [TIME] s: no errors, 0 warnings
Source coverage: which paragraphs of each source the briefing quotes

council-minutes  Minutes of the harbor council
  3 paragraphs: 1 quoted (33%), 2 untouched; 1 passage in 1 place
  untouched ¶1: Minutes of the harbor council
  untouched ¶3: Members asked about the second terminal.

harbor-report  Harbor Authority annual report
  5 paragraphs: 3 quoted (60%), 2 untouched; 4 passages in 6 places; 1 citation without a quotation
  untouched ¶1: Harbor Authority annual report
  untouched ¶5: The authority plans a second terminal. Funding is not yet…

Summary: council-minutes 33%, harbor-report 60%; 4 of 8 paragraphs quoted (50%)
"
    );
}

#[test]
fn coverage_as_json_gives_every_figure_and_paragraph_number() {
    let project = Project::from_fixture("reader/basic");
    let run = project.run(&["check", "--coverage", "--coverage-format", "json", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    let harbor = &doc["sources"][1];
    assert_eq!(harbor["id"], "harbor-report");
    assert_eq!(harbor["paragraphs"], 5);
    assert_eq!(harbor["quoted"], serde_json::json!([2, 3, 4]));
    assert_eq!(harbor["untouched"], serde_json::json!([1, 5]));
    assert_eq!(harbor["percent"], 60);
    assert_eq!(harbor["passages"], 4);
    assert_eq!(harbor["places"], 6);
    assert_eq!(harbor["unquoted_citations"], 1);
    assert_eq!(harbor["published"], true);
    assert_eq!(doc["sources"][0]["published"], false);
}

/// Quoting a new passage moves the figures: coverage is measured, not stored.
#[test]
fn quoting_an_untouched_paragraph_covers_it() {
    let project = Project::from_fixture("reader/basic");
    let path = "content/briefs/fees.md";
    let text = project.read(path)
        + "\nA second terminal is planned [@harbor-report, \"plans a second terminal\"].\n";
    project.write(path, text);
    let run = project.run(&["check", "--coverage", "-q"]);
    assert!(
        run.stdout
            .contains("5 paragraphs: 4 quoted (80%), 1 untouched; 5 passages in 7 places"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("untouched ¶5"));
}

#[test]
fn coverage_without_the_archive_says_it_is_not_known() {
    let project = Project::from_fixture("reader/basic");
    let run = project.run(&["check", "--coverage", "--archive", "nowhere", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("harbor-report  Harbor Authority annual report\n  no archived text: coverage not known\n"), "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("Summary: 0 of 0 paragraphs quoted (0%)\n"),
        "{}",
        run.stdout
    );
}

/// A check that fails has no checked data to measure: errors only.
#[test]
fn failed_check_prints_no_coverage() {
    let project = Project::from_fixture("reader/basic");
    let path = "content/briefs/fees.md";
    project.write(
        path,
        project
            .read(path)
            .replace("Fees rose by 4", "Fees rose by 5"),
    );
    let run = project.run(&["check", "--coverage"]);
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains("Source coverage"));
    assert!(run.stderr.contains("error[BB034]"));
}

#[test]
fn coverage_format_needs_coverage() {
    let project = Project::from_fixture("reader/basic");
    let run = project.run(&["check", "--coverage-format", "json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--coverage"), "{}", run.stderr);
}

/// Editors get the same figures as a page in the internal edition, with
/// paragraph numbers only; the public edition has no such page.
#[test]
fn internal_edition_has_a_coverage_page_without_the_sources_words() {
    let project = Project::from_fixture("reader/basic");
    project
        .run(&["build", "--edition", "internal", "-o", "internal"])
        .assert_succeeds_with("");
    let page = project.read("internal/coverage.html");
    assert!(page.contains(
        "The briefing quotes 4 of the 8 paragraphs of the sources' archived texts (50%)."
    ));
    assert!(page.contains("<tr><th scope=\"row\"><a href=\"sources/harbor-report.html\">Harbor Authority annual report</a></th><td class=\"num\">5</td><td class=\"num\">3</td><td class=\"num\">2</td><td class=\"num\">60%</td><td class=\"num\">4</td><td class=\"num\">6</td><td class=\"num\">1</td></tr>"));
    // Untouched paragraphs link into the published reader, by number.
    assert!(page.contains("<a href=\"sources/harbor-report.html#p-1\">¶1</a>, <a href=\"sources/harbor-report.html#p-5\">¶5</a>"));
    // The minutes are not published: numbers, and none of their words.
    assert!(page.contains("<p>¶1, ¶3 <span class=\"coverage-note\">"));
    assert!(!page.contains("Members asked"));
    assert!(
        project
            .read("internal/index.html")
            .contains("href=\"coverage.html\"")
    );

    project.run(&["build"]).assert_succeeds_with("");
    assert!(!project.path("site/coverage.html").exists());
    assert!(!project.read("site/index.html").contains("coverage.html"));
}
