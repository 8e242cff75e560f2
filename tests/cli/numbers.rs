//! The number check: a number in a cited sentence must occur in the text of
//! a source the sentence cites, however either writes it; a derived number
//! is checked as arithmetic instead; a year stands when it is a cited
//! source's `published` year or an event's.

use crate::support::{Project, assert_same_tree};

const BRIEF: &str = "content/briefs/transfers.md";

/// The fixture's brief writes `January 20`, `25%`, `1.5 billion dollars`,
/// `2700`, `Twenty-nine` and `2025` where the source has `20 January`,
/// `25 per cent`, `$1.5bn`, `2,700`, `29` and no year (2025 is the source's
/// `published` year, 2026 the event's); `{92 − 29 − 37 = 26}` is worked out.
#[test]
fn numbers_written_differently_from_the_source_pass_under_strict() {
    let project = Project::from_fixture("numbers/checked");
    let run = project.run(&["build", "--strict"]);
    run.assert_succeeds_with("");
    assert!(run.stdout.ends_with(", 0 warnings\n"), "{}", run.stdout);
    let html = project.read("site/briefs/transfers.html");
    assert!(
        html.contains("Between those transfers <span class=\"derived\" title=\"Worked out: 92 − 29 − 37 = 26\">26<span class=\"visually-hidden\"> (worked out: 92 − 29 − 37)</span></span> others went north"),
        "the derivation shows its result: {html}"
    );
    assert!(!html.contains("{92"), "the braces are gone");
}

#[test]
fn a_wrong_number_is_warned_at_its_column_with_the_sources_closest_numbers() {
    let project = Project::from_fixture("numbers/checked");
    let text = project
        .read(BRIEF)
        .replace("total reached 92", "total reached 93");
    project.write(BRIEF, text);
    project.run(&["build"]).assert_succeeds_with(
        r#"content/briefs/transfers.md:9:75: warning[BB040]: the number 93 is not in the cited source `report`
  |
9 | Mexico sent 37 prisoners north on January 20, 2026, and the total reached 93 [@report, "bringing the total to 92"].
  |                                                                           ^^
  = hint: closest in `report`: 92, thirty-seven, 29; if it is worked out from the source's numbers, write the arithmetic: `{… = 93}`

"#,
    );
    assert!(project.path("site/briefs/transfers.html").is_file());
}

/// Under `--strict`, as CI runs it, an unsupported number fails the build
/// and leaves the previous site as it was.
#[test]
fn under_strict_a_wrong_number_fails_the_build() {
    let project = Project::from_fixture("numbers/checked");
    let text = project
        .read(BRIEF)
        .replace("over 2700 people", "over 2800 people");
    project.write(BRIEF, text);
    let before = project.with_previous_site();
    let run = project.run(&["build", "--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("content/briefs/transfers.md:11:77: error[BB040]: the number 2800 is not in the cited source `report`\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("= hint: closest in `report`: 2,700, 92, thirty-seven;"),
        "{}",
        run.stderr
    );
    assert_same_tree(&before, &project.tree());
}

#[test]
fn a_wrong_derivation_is_an_error_at_its_result() {
    let project = Project::from_fixture("numbers/checked");
    let text = project.read(BRIEF).replace("= 26}", "= 25}");
    project.write(BRIEF, text);
    project.run(&["check"]).assert_fails_with(
        r#"content/briefs/transfers.md:13:41: error[BB041]: `92 − 29 − 37` makes 26, not 25
   |
13 | Between those transfers {92 − 29 − 37 = 25} others went north [@report].
   |                                         ^^
   = hint: correct the result or the numbers it is worked out from

error: check failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

/// The arithmetic holds, but 28 is not one of the source's numbers.
#[test]
fn a_derivations_numbers_are_checked_against_the_sources_too() {
    let project = Project::from_fixture("numbers/checked");
    let text = project
        .read(BRIEF)
        .replace("{92 − 29 − 37 = 26}", "{92 − 28 − 37 = 27}");
    project.write(BRIEF, text);
    let run = project.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("content/briefs/transfers.md:13:31: warning[BB040]: the number 28 is not in the cited source `report`\n"),
        "{}",
        run.stderr
    );
    assert_eq!(run.count("warning"), 1, "{}", run.stderr);
}

/// `26[^how]` with a footnote holding the arithmetic: the number is
/// derived, and the footnote's arithmetic is checked.
#[test]
fn a_number_derived_in_a_footnote_is_checked_as_arithmetic() {
    let project = Project::from_fixture("numbers/checked");
    let text = project.read(BRIEF).replace(
        "Between those transfers {92 − 29 − 37 = 26} others went north [@report].",
        "Between those transfers 26[^how] others went north [@report].\n\n[^how]: Worked out as 92 − 29 − 37 = 26.",
    );
    project.write(BRIEF, &text);
    project.run(&["check", "--strict"]).assert_succeeds_with("");

    project.write(BRIEF, text.replace("37 = 26.", "37 = 25."));
    let run = project.run(&["check", "--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/briefs/transfers.md:15:38: error[BB041]: `92 − 29 − 37` makes 26, not 25\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/briefs/transfers.md:13:25: error[BB040]: the number 26 is not in the cited source `report`"),
        "26 is no longer the footnote's result, so it is checked as a number: {}",
        run.stderr
    );
}

/// 2025 stands as the source's `published` year and 2026 as the event's;
/// 2019 is neither, and 2026 stops standing once the event moves.
#[test]
fn a_year_stands_when_a_source_was_published_or_an_event_happened_in_it() {
    let project = Project::from_fixture("numbers/checked");
    let text = project.read(BRIEF).replace("sent in 2025", "sent in 2019");
    project.write(BRIEF, text);
    project.write(
        "content/events/transfer-of-37.md",
        project
            .read("content/events/transfer-of-37.md")
            .replace("date: 2026-01-20", "date: 2027-01-20"),
    );
    let run = project.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            r#"content/briefs/transfers.md:9:47: warning[BB040]: the year 2026 is not in the cited source `report`, nor the year of its `published` date or of an event
  |
9 | Mexico sent 37 prisoners north on January 20, 2026, and the total reached 92 [@report, "bringing the total to 92"].
  |                                               ^^^^
  = hint: a year stands when a cited source prints it, is a cited source's `published` year (2025) or an event's year (2027); date the event, or cite a source that gives the year
"#
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/briefs/transfers.md:11:143: warning[BB040]: the year 2019 is not in the cited source `report`"),
        "{}",
        run.stderr
    );
    assert_eq!(run.count("warning"), 2, "{}", run.stderr);
}

/// Only cited sentences are checked, and only their own words: not the
/// quotation, inline code, a `[[link]]`'s title or a link's address.
#[test]
fn quotations_code_links_and_uncited_sentences_are_not_checked() {
    let project = Project::from_fixture("numbers/checked");
    let text = format!(
        "{}\nAn uncited sentence says 41. Code `77`, the [[transfer-of-37]] page, [a link](https://example.com/55) and a quotation [@report, \"bringing the total to 92\"].\n",
        project.read(BRIEF)
    );
    project.write(BRIEF, text);
    let run = project.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.count("warning"), 0, "{}", run.stderr);
}

/// Without the archive no number can be checked: the one warning that says
/// so is the archive's; a derivation's arithmetic is still checked.
#[test]
fn without_the_archive_numbers_go_unchecked_but_arithmetic_does_not() {
    let project = Project::from_fixture("numbers/checked");
    std::fs::remove_dir_all(project.path("archive")).expect("remove the archive");
    let text = project
        .read(BRIEF)
        .replace("total reached 92", "total reached 93")
        .replace("= 26}", "= 25}");
    project.write(BRIEF, text);
    let run = project.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("archive: warning[BB032]: quotations and numbers were not checked"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("error[BB041]"), "{}", run.stderr);
    assert!(!run.stderr.contains("BB040"), "{}", run.stderr);
}
