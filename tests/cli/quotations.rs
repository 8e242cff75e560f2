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

/// The caret spans the citation as written, `]` excluded (it ran two
/// characters past it while smart quotes were counted in bytes).
#[test]
fn mangled_quotation_fails_naming_the_source_and_the_closest_passage() {
    let project = Project::from_fixture("quotes/mangled");
    let before = project.with_previous_site();
    project.run(&["build"]).assert_fails_with(
        r#"content/briefs/transfers.md:9:35: error[BB034]: quotation not found in source `ap-transfer-report`
  |
9 | Mexico sent a second group north [@ap-transfer-report, "Mexico transferred 73 prisoners to the United States"].
  |                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
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
        r#"content/briefs/transfers.md:12:13: error[BB034]: quotation not found in source `ap-transfer-report`
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
        r#"briefbook.toml: warning[BB031]: quotations and numbers were not verified: no archive of the sources' texts is set
  = hint: set `archive = "DIR"` in briefbook.toml or pass `--archive DIR`

"#,
    );
    assert!(project.path("site/briefs/transfers.html").is_file());
}

/// Under `--strict` no quotation may go unchecked, whether the archive is
/// missing or was never set.
#[test]
fn without_an_archive_setting_strict_fails() {
    let project = Project::from_fixture("quotes/no-archive-setting");
    let run = project.run(&["check", "--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "briefbook.toml: error[BB031]: quotations and numbers were not verified: no archive of the sources' texts is set\n"
        ),
        "{}",
        run.stderr
    );
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
            "content/briefs/transfers.md:9:35: error[BB034]: quotation not found in source `ap-transfer-report`\n"
        ),
        "{}",
        run.stderr
    );
}

/// A fresh clone without the sources' texts beside it (`archive` in
/// briefbook.toml names a folder that is not there) used to fail with "the
/// archive folder does not exist"; it builds, and says once what was not
/// checked and how to point at the texts.
#[test]
fn missing_archive_folder_is_one_warning_and_the_build_succeeds() {
    let project = Project::from_fixture("quotes/folded");
    std::fs::remove_dir_all(project.path("archive")).unwrap();
    let run = project.run(&["build"]);
    run.assert_succeeds_with(
        r#"archive: warning[BB032]: quotations and numbers were not checked: the archive folder set by `archive` in briefbook.toml does not exist
  = hint: put the sources' texts there, or point at their folder with `--archive DIR` or `archive = "DIR"` in briefbook.toml

"#,
    );
    assert!(
        run.stdout.ends_with("pages in [TIME] s, 1 warning\n"),
        "{}",
        run.stdout
    );
    assert!(project.path("site/briefs/transfers.html").is_file());
}

/// CI runs `build --strict`: there, quotations that could not be checked
/// fail the build, with the exit code of a missing file (2), not of an error
/// in the content.
#[test]
fn missing_archive_folder_fails_under_strict() {
    let project = Project::from_fixture("quotes/no-archive-setting");
    let before = project.with_previous_site();
    let run = project.run(&["build", "--strict", "--archive", "nowhere"]);
    assert_eq!(
        run.stderr,
        r#"nowhere: error[BB032]: quotations and numbers were not checked: the archive folder set by `--archive` does not exist
  = hint: put the sources' texts there, or point at their folder with `--archive DIR` or `archive = "DIR"` in briefbook.toml

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#
    );
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    assert_same_tree(&before, &project.tree());
}
