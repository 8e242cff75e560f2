//! Inputs the cargo-fuzz targets (fuzz/) found to break the builder, each
//! kept as the editor would meet it: a content file, a build, and what the
//! build printed. Named for what broke.

use crate::support::Project;

/// front_matter target: a brief with an empty front-matter (`---` twice)
/// made the builder slice the front-matter from past its end while looking
/// for a field's value, and the build panicked (exit 101, no diagnostics).
#[test]
fn empty_front_matter_reports_missing_fields_not_a_panic() {
    let project = Project::from_fixture("valid/basic");
    project.write("content/briefs/transfers.md", "---\n---\nA body.\n");
    let run = project.run(&["build"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let missing: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("content/briefs/transfers.md:1:1: error[BB017]"))
        .collect();
    assert_eq!(missing.len(), 5, "{}", run.stderr);
}

/// page_body target: smart punctuation makes `"` three bytes in the
/// rendered text, so a quotation's error pointed past the citation (and
/// past the end of the file for the last one). The caret now covers exactly
/// what was written.
#[test]
fn quotation_error_after_smart_quotes_points_at_the_written_citation() {
    let project = Project::from_fixture("valid/basic");
    let brief = project.read("content/briefs/transfers.md");
    project.write(
        "content/briefs/transfers.md",
        format!(
            "{brief}\nIt was \"sovereign\" [@crisis-group-qa, \"no such words\"; @ap-transfer-report, \"nor these\"]"
        ),
    );
    let run = project.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/briefs/transfers.md:39:21: error[BB034]")
            && run
                .stderr
                .contains("content/briefs/transfers.md:39:56: error[BB034]"),
        "{}",
        run.stderr
    );
    // The second caret spans `@ap-transfer-report, "nor these"`: 32 characters.
    assert!(
        run.stderr
            .contains(&format!("\n   |{}{}\n", " ".repeat(56), "^".repeat(32))),
        "{}",
        run.stderr
    );
}

/// page_body target (a false alarm that became a check): raw HTML links
/// whose `javascript:` is split by a tab, a newline or another control
/// character. A browser removes tabs and newlines from a URL, so those must
/// lose their `href`; any other control character makes the URL relative,
/// which is harmless.
#[test]
fn raw_html_script_urls_split_by_control_characters_do_not_survive() {
    let project = Project::from_fixture("valid/basic");
    let brief = project.read("content/briefs/transfers.md");
    project.write(
        "content/briefs/transfers.md",
        format!(
            "{brief}\n<a href=\"java&#x09;script:alert(1)\">tab</a> <a href=\"java&#x0A;script:alert(2)\">newline</a> <a href=\" \u{1}javascript:alert(3)\">leading</a> <a href=\"java\u{18}script:alert(4)\">other</a>\n"
        ),
    );
    let run = project.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = project.read("site/briefs/transfers.html");
    let links: Vec<&str> = page
        .split("<a ")
        .skip(1)
        .map(|a| &a[..a.find('>').unwrap()])
        .filter(|a| a.contains("alert("))
        .collect();
    assert_eq!(links, ["href=\"java\u{18}script:alert(4)\""], "{page}");
}
