//! The quotation check: every quotation in a citation or a figure must occur
//! in the source's archived text, up to case, whitespace, the kind of quote
//! mark and the kind of dash.

use crate::support::{Project, assert_same_tree};

/// The brief quotes in capitals with extra spaces, with `--` for the
/// source's em dash, and (in a figure, where no smart punctuation helps)
/// with straight quotes for the source's curly ones.
#[test]
fn quotation_matches_ignoring_case_whitespace_quote_marks_and_dashes() {
    let project = Project::from_fixture("quotes/folded");
    let run = project.run(&["build"]);
    run.assert_succeeds_with("");
    assert!(
        run.stdout.ends_with("pages in [TIME] s, 0 warnings\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn mangled_quotation_fails_naming_the_source_and_the_closest_passage() {
    let project = Project::from_fixture("quotes/mangled");
    let before = project.with_previous_site();
    project.run(&["build"]).assert_fails_with(
        r#"content/briefs/transfers.md:9:35: error: quotation not found in source `ap-transfer-report`
  |
9 | Mexico sent a second group north [@ap-transfer-report, "Mexico transferred 73 prisoners to the United States"].
  |                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = hint: the closest passage of the source reads: "Mexico transferred 37 prisoners to the United States"

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
    assert_same_tree(&before, &project.tree());
}

#[test]
fn figure_quotation_is_checked_at_its_line() {
    let project = Project::from_fixture("quotes/folded");
    let path = "content/briefs/transfers.md";
    let text = project
        .read(path)
        .replace("not a concession'", "not a concesion'");
    project.write(path, text);
    project.run(&["check"]).assert_fails_with(
        r#"content/briefs/transfers.md:12:13: error: quotation not found in source `ap-transfer-report`
   |
12 |     quote: 'called it a "sovereign decision" - not a concesion'
   |             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   = hint: the closest passage of the source reads: "called it a “sovereign decision” — not a concession"

error: check failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

/// Two quotations, one warning: the editor learns once that nothing was
/// checked, not once per quotation.
#[test]
fn without_an_archive_the_build_warns_once_that_quotations_were_not_verified() {
    let project = Project::from_fixture("quotes/no-archive-setting");
    let run = project.run(&["build"]);
    run.assert_succeeds_with(
        r#"briefbook.toml: warning: quotations were not verified: no archive of the sources' texts is set
  = hint: set `archive = "DIR"` in briefbook.toml or pass `--archive DIR`

"#,
    );
    assert!(project.path("site/briefs/transfers.html").is_file());
}

#[test]
fn archive_flag_verifies_quotations_without_a_setting() {
    let project = Project::from_fixture("quotes/no-archive-setting");
    project
        .run(&["build", "--archive", "texts"])
        .assert_succeeds_with("");
    // The same flag catches a misquotation.
    let path = "content/briefs/transfers.md";
    let text = project
        .read(path)
        .replace("transferred 37", "transferred 73");
    project.write(path, text);
    let run = project.run(&["check", "--archive", "texts"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "content/briefs/transfers.md:9:35: error: quotation not found in source `ap-transfer-report`\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_archive_folder_is_an_error() {
    let project = Project::from_fixture("quotes/no-archive-setting");
    project
        .run(&["check", "--archive", "nowhere"])
        .assert_fails_with(
            r#"nowhere: error: the archive folder does not exist
  = hint: pass `--archive DIR` with the folder holding the sources' texts, or fix `archive` in briefbook.toml

error: check failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
        );
}
