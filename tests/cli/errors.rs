//! One test per kind of mistake an editor makes, asserting the exact message,
//! its `path:line:col`, the hint and the exit code, and that the failed
//! build left the previous `site/` (and everything else) as it was.

use crate::support::{Project, Run, assert_same_tree};

/// Builds `fixture` over a previous site and expects it to fail with exactly
/// `stderr`; nothing on disk may change, not even a stray staging folder.
#[track_caller]
fn assert_build_fails(fixture: &str, stderr: &str) -> Run {
    let project = Project::from_fixture(fixture);
    let before = project.with_previous_site();
    let run = project.run(&["build"]);
    run.assert_fails_with(stderr);
    assert_same_tree(&before, &project.tree());
    run
}

#[test]
fn file_without_front_matter_is_reported_at_its_first_line() {
    assert_build_fails(
        "errors/no-front-matter",
        r#"content/actors/sheinbaum.md:1:1: error[BB012]: the file has no front-matter
  |
1 | Claudia Sheinbaum is the president of Mexico.
  | ^
  = hint: start the file with a line `---`, then the fields (`title: …`), then another line `---`

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

#[test]
fn unterminated_front_matter_points_at_the_opening_line() {
    assert_build_fails(
        "errors/unterminated-front-matter",
        r#"content/actors/sheinbaum.md:1:1: error[BB013]: the front-matter is not closed
  |
1 | ---
  | ^^^
  = hint: add a line `---` after the last field, before the body

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

/// The YAML parser counts lines from the front-matter's first line; the
/// message must give the file's own line (4, not 3).
#[test]
fn invalid_yaml_is_reported_at_the_files_real_line() {
    assert_build_fails(
        "errors/invalid-yaml",
        r#"content/actors/sheinbaum.md:4:20: error[BB014]: invalid front-matter: mapping values are not allowed in this context
  |
4 | role: Head of state: Mexico
  |                    ^
  = hint: a value containing `: ` must be quoted: `title: "A: B"`

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

/// An unclosed quotation is noticed by the parser only at the end of the
/// front-matter; the message points at the quotation mark instead.
#[test]
fn unclosed_quotation_is_reported_where_it_opens() {
    let project = Project::from_fixture("errors/invalid-yaml");
    project.write(
        "content/actors/sheinbaum.md",
        "---\nname: Claudia Sheinbaum\nkind: person\nrole: \"President of Mexico\ncountry: Mexico\n---\n\nPresident.\n",
    );
    project.run(&["check"]).assert_fails_with(
        r#"content/actors/sheinbaum.md:4:7: error[BB014]: invalid front-matter: a quotation mark is never closed
  |
4 | role: "President of Mexico
  |       ^
  = hint: close the quotation at the end of the value

error: check failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

/// A quotation left open but closed by a later value's mark swallows the
/// lines between, and the parser stumbles further down; the message still
/// points where it opens.
#[test]
fn quotation_closed_only_further_down_is_reported_where_it_opens() {
    let project = Project::from_fixture("errors/invalid-yaml");
    project.write(
        "content/actors/sheinbaum.md",
        "---\nname: Claudia Sheinbaum\nkind: person\nrole: \"President of Mexico\ncountry: \"Mexico\"\naliases: [Sheinbaum]\n---\n\nPresident.\n",
    );
    project.run(&["check"]).assert_fails_with(
        r#"content/actors/sheinbaum.md:4:7: error[BB014]: invalid front-matter: a quotation mark is not closed on its line: the value runs on to line 5
  |
4 | role: "President of Mexico
  |       ^
  = hint: close the quotation at the end of the value

error: check failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

#[test]
fn field_of_the_wrong_type_is_reported_at_its_value() {
    assert_build_fails(
        "errors/wrong-type",
        r#"content/actors/sheinbaum.md:6:10: error[BB015]: invalid front-matter: aliases: invalid type: integer `5`, expected a sequence
  |
6 | aliases: 5
  |          ^
  = hint: check the field's type: text, a date, a number, or a list written `[a, b]` or as `- a` lines

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

#[test]
fn unknown_field_is_a_warning_naming_the_closest_field() {
    let project = Project::from_fixture("errors/unknown-field");
    let run = project.run(&["build"]);
    run.assert_succeeds_with(
        r#"content/actors/sheinbaum.md:6:1: warning[BB016]: unknown field `alias` for actors; it is ignored
  |
6 | alias: [Sheinbaum]
  | ^^^^^
  = hint: did you mean `aliases`?

"#,
    );
    assert!(
        run.stdout.ends_with("pages in [TIME] s, 1 warning\n"),
        "{}",
        run.stdout
    );
    assert!(project.path("site/actors/sheinbaum.html").is_file());
}

#[test]
fn impossible_date_is_refused() {
    assert_build_fails(
        "errors/impossible-date",
        r#"content/events/transfer-of-29.md:3:7: error[BB019]: invalid date in `date`: February 2025 has no day 30
  |
3 | date: 2025-02-30
  |       ^^^^^^^^^^
  = hint: write a day `2025-02-27`, a month `2025-02`, a year `2025` or a range `2025-03-04..2025-03-06`

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

#[test]
fn unknown_actor_is_reported_with_suggestion() {
    assert_build_fails(
        "errors/unknown-actor",
        r#"content/events/transfer-of-37.md:4:10: error[BB021]: unknown actor `harfuch`
  |
4 | actors: [harfuch]
  |          ^^^^^^^
  = hint: did you mean `garcia-harfuch`?

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

#[test]
fn id_used_by_two_entries_names_both_files() {
    assert_build_fails(
        "errors/duplicate-id",
        r#"content/events/sheinbaum.md:1:1: error[BB011]: the id `sheinbaum` is already used by content/actors/sheinbaum.md
  |
1 | ---
  | ^
  = hint: an id is a file name without `.md`, unique across briefs, actors, events, sources and their subfolders: rename this file or content/actors/sheinbaum.md

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

#[test]
fn file_name_that_is_not_a_safe_slug_is_refused_with_the_slug_to_use() {
    assert_build_fails(
        "errors/unsafe-id",
        r#"content/actors/García.md: error[BB008]: `García` is not a safe id: the id contains the capital letter `G`
  = hint: rename the file to `garcia.md`: ids use lower-case letters, digits and single hyphens

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

/// An id becomes a file name in `site/`; one with dots could climb out of it.
#[test]
fn id_with_dots_cannot_lead_outside_the_site() {
    assert_build_fails(
        "errors/dot-dot-id",
        r#"content/actors/..evil.md: error[BB008]: `..evil` is not a safe id: the id contains `.`
  = hint: rename the file to `evil.md`: ids use lower-case letters, digits and single hyphens

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

#[test]
fn file_that_is_not_utf8_is_reported_at_the_first_bad_byte() {
    assert_build_fails(
        "errors/not-utf8",
        r#"content/actors/garcia-harfuch.md:2:16: error[BB009]: the file is not valid UTF-8 (byte 0xed)
  |
2 | name: Omar Garc
  |                ^
  = hint: save the file as UTF-8 in your editor ("Save with encoding" / "Reopen with encoding")

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

#[test]
fn empty_file_is_refused() {
    assert_build_fails(
        "errors/empty-file",
        r#"content/actors/sheinbaum.md: error[BB010]: the file is empty
  = hint: fill it in from `briefbook new KIND ID`, or delete it

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

#[test]
fn citation_of_an_unknown_source_is_reported_in_the_body() {
    assert_build_fails(
        "errors/unknown-citation",
        r#"content/actors/sheinbaum.md:8:41: error[BB023]: unknown source `nope` in a citation
  |
8 | President of Mexico since October 2024 [@nope].
  |                                         ^^^^^
  = hint: cite the id of a file in content/sources/

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

#[test]
fn broken_wiki_link_is_reported_with_suggestion() {
    assert_build_fails(
        "errors/broken-link",
        r#"content/events/transfer-of-37.md:7:35: error[BB025]: link to unknown entry `sheinbam`
  |
7 | A second mass transfer ordered by [[sheinbam]] [@ap-transfer-report].
  |                                   ^^^^^^^^^^^^
  = hint: did you mean `[[sheinbaum]]`?

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

#[test]
fn unknown_topic_is_reported_with_suggestion() {
    assert_build_fails(
        "errors/unknown-topic",
        r#"content/briefs/transfers.md:4:8: error[BB024]: unknown topic `extradition`
  |
4 | topic: extradition
  |        ^^^^^^^^^^^
  = hint: did you mean `extraditions`? The topics are set in briefbook.toml

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

#[test]
fn javascript_link_in_a_body_is_an_error() {
    assert_build_fails(
        "security/javascript-link",
        r#"content/briefs/transfers.md:9:38: error[BB027]: this link's URL could run a script
  |
9 | Mexico sent 37 prisoners north, says [the report](javascript:alert(1)) [@ap-transfer-report].
  |                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = hint: use an http(s) address, a page of the briefing, or `[[id]]`

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

/// Not finding the project is not an error in the content: exit 2, as for a
/// wrong command line, so that CI can tell the two apart.
#[test]
fn missing_settings_file_says_where_to_run() {
    let project = Project::empty();
    let run = project.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("briefbook.toml: error[BB001]: cannot read the site settings: "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "\n  = hint: run briefbook in the folder that holds briefbook.toml, or pass --root DIR\n"
        ),
        "{}",
        run.stderr
    );
}

/// Every problem of every file in one run, sorted by file and line so that
/// two runs (whose stages run in parallel) print the same list.
#[test]
fn every_problem_is_reported_in_one_run_in_a_stable_order() {
    let run = assert_build_fails(
        "errors/many",
        r#"content/actors/garcia-harfuch.md:8:30: error[BB023]: unknown source `ap-transfer-reprot` in a citation
  |
8 | Mexico's security secretary [@ap-transfer-reprot].
  |                              ^^^^^^^^^^^^^^^^^^^
  = hint: did you mean `@ap-transfer-report`?

content/actors/sheinbaum.md:1:1: error[BB012]: the file has no front-matter
  |
1 | Claudia Sheinbaum is the president of Mexico.
  | ^
  = hint: start the file with a line `---`, then the fields (`title: …`), then another line `---`

content/briefs/transfers.md:4:8: error[BB024]: unknown topic `extradition`
  |
4 | topic: extradition
  |        ^^^^^^^^^^^
  = hint: did you mean `extraditions`? The topics are set in briefbook.toml

content/briefs/transfers.md:7:10: error[BB021]: unknown actor `harfuch`
  |
7 | actors: [harfuch]
  |          ^^^^^^^
  = hint: did you mean `garcia-harfuch`?

content/briefs/transfers.md:12:1: warning[BB030]: this paragraph cites no source
   |
12 | The transfers were led by [[garcia-harfuc]].
   | ^
   = hint: add a citation such as `[@source-id, "a short quotation"]` to the claim

content/briefs/transfers.md:12:27: error[BB025]: link to unknown entry `garcia-harfuc`
   |
12 | The transfers were led by [[garcia-harfuc]].
   |                           ^^^^^^^^^^^^^^^^^
   = hint: did you mean `[[garcia-harfuch]]`?

content/events/transfer-of-29.md:3:7: error[BB019]: invalid date in `date`: February 2025 has no day 30
  |
3 | date: 2025-02-30
  |       ^^^^^^^^^^
  = hint: write a day `2025-02-27`, a month `2025-02`, a year `2025` or a range `2025-03-04..2025-03-06`

error: build failed: 6 errors, 1 warning; nothing was written ([TIME] s)
"#,
    );
    assert_eq!((run.count("error"), run.count("warning")), (6, 1));
    let again = Project::from_fixture("errors/many").run(&["check"]);
    assert_eq!(
        again.stderr.replace("check failed", "build failed"),
        run.stderr
    );
}

/// A file whose front-matter is broken still exists: naming its id elsewhere
/// must not add a second, false "unknown actor" error (with a hint to create
/// the file that is already there).
#[test]
fn reference_to_an_entry_with_broken_front_matter_is_not_reported_as_unknown() {
    assert_build_fails(
        "errors/broken-target",
        r#"content/actors/garcia-harfuch.md:1:1: error[BB017]: missing required field `country`
  |
1 | ---
  | ^^^
  = hint: add a line `country: Mexico` to the front-matter

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

/// Windows line endings and a byte-order mark change neither the lines nor
/// the columns reported.
#[test]
fn crlf_and_bom_files_report_the_same_positions() {
    let project = Project::from_fixture("errors/impossible-date");
    let path = "content/events/transfer-of-29.md";
    let text = project.read(path).replace('\n', "\r\n");
    project.write(path, format!("\u{feff}{text}"));
    project.run(&["check"]).assert_fails_with(
        r#"content/events/transfer-of-29.md:3:7: error[BB019]: invalid date in `date`: February 2025 has no day 30
  |
3 | date: 2025-02-30
  |       ^^^^^^^^^^
  = hint: write a day `2025-02-27`, a month `2025-02`, a year `2025` or a range `2025-03-04..2025-03-06`

error: check failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
}

#[test]
fn uncited_paragraph_in_a_brief_is_a_warning() {
    let project = Project::from_fixture("uncited/paragraph");
    let run = project.run(&["build"]);
    run.assert_succeeds_with(
        r#"content/briefs/transfers.md:11:1: warning[BB030]: this paragraph cites no source
   |
11 | Officials expect more transfers this year.
   | ^
   = hint: add a citation such as `[@source-id, "a short quotation"]` to the claim

"#,
    );
    assert!(project.path("site/briefs/transfers.html").is_file());
}

#[test]
fn uncited_paragraph_fails_the_build_under_strict() {
    let project = Project::from_fixture("uncited/paragraph");
    let before = project.with_previous_site();
    project.run(&["build", "--strict"]).assert_fails_with(
        r#"content/briefs/transfers.md:11:1: error[BB030]: this paragraph cites no source
   |
11 | Officials expect more transfers this year.
   | ^
   = hint: add a citation such as `[@source-id, "a short quotation"]` to the claim

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
    assert_same_tree(&before, &project.tree());
}
