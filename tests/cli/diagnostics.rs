//! Diagnostics as CI reads them: a stable code on every one, the `json` and
//! `github` formats, the exit codes, `-q`/`-v`, colour only on a terminal,
//! repeated warnings summarised; and entries in subfolders.

use std::path::Path;

use serde_json::Value;

use crate::support::{Project, Run, assert_same_tree, fixtures};

/// The diagnostics of a `--format json` run, each line parsed; stdout must
/// hold nothing else.
#[track_caller]
fn json_diagnostics(run: &Run) -> Vec<Value> {
    run.stdout
        .lines()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line:?}\n{}", run.stdout))
        })
        .collect()
}

/// The fixtures' names under `tests/fixtures/<group>/`.
fn fixtures_in(group: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join(group))
        .expect("the fixture group")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .map(|name| format!("{group}/{name}"))
        .collect();
    names.sort();
    names
}

/// A diagnostic printed without a code is a place that forgot `.with_code`.
#[test]
fn every_diagnostic_of_the_error_fixtures_has_a_code() {
    let mut seen = std::collections::BTreeSet::new();
    let all = ["errors", "security", "uncited", "quotes"]
        .iter()
        .flat_map(|g| fixtures_in(g));
    for fixture in all {
        let project = Project::from_fixture(&fixture);
        let run = project.run(&["check", "--strict", "--format", "json"]);
        let diagnostics = json_diagnostics(&run);
        if fixture.starts_with("errors/") {
            assert!(!diagnostics.is_empty(), "{fixture}: no diagnostics");
        }
        for d in diagnostics {
            let (Some(code), Some(name)) = (d["code"].as_str(), d["name"].as_str()) else {
                panic!("{fixture}: a diagnostic without a code: {d}");
            };
            assert!(code.starts_with("BB") && code.len() == 5, "{fixture}: {d}");
            seen.insert(format!("{code} {name}"));
        }
        // The human form shows it too.
        let human = project.run(&["check", "--strict"]);
        for line in human.stderr.lines() {
            assert!(
                !line.contains(": error: ") && !line.contains(": warning: ")
                    || line.starts_with("error: check failed"),
                "{fixture}: {line}"
            );
        }
    }
    // The fixtures exercise a good share of the codes, not one or two.
    assert!(seen.len() >= 15, "{seen:?}");
}

#[test]
fn json_format_prints_one_object_per_diagnostic_on_stdout_and_the_summary_on_stderr() {
    let project = Project::from_fixture("errors/unknown-actor");
    let run = project.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        json_diagnostics(&run),
        vec![serde_json::json!({
            "severity": "error",
            "code": "BB021",
            "name": "unknown-actor",
            "file": "content/events/transfer-of-37.md",
            "line": 4,
            "column": 10,
            "end_column": 17,
            "message": "unknown actor `harfuch`",
            "hint": "did you mean `garcia-harfuch`?"
        })]
    );
    assert_eq!(
        run.stderr,
        "error: check failed: 1 error, 0 warnings; nothing was written ([TIME] s)\n"
    );

    // On success the summary still keeps off stdout.
    let project = Project::from_fixture("errors/unknown-field");
    let run = project.run(&["build", "--format", "json"]);
    assert_eq!(run.code, 0);
    let diagnostics = json_diagnostics(&run);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0]["severity"], "warning");
    assert_eq!(diagnostics[0]["name"], "unknown-field");
    assert!(run.stderr.starts_with("built "), "{}", run.stderr);
}

/// The message has a comma and colons, the hint goes after an escaped
/// newline, and the file name's own comma and colon are escaped as a
/// property's are.
#[test]
fn github_format_escapes_messages_and_properties_as_the_actions_toolkit_does() {
    let project = Project::from_fixture("errors/wrong-type");
    let run = project.run(&["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "::error file=content/actors/sheinbaum.md,line=6,col=10,title=BB015 wrong-type::invalid front-matter: aliases: invalid type: integer `5`, expected a sequence%0Ahint: check the field's type: text, a date, a number, or a list written `[a, b]` or as `- a` lines\n"
    );
    assert!(
        run.stderr.starts_with("error: check failed"),
        "{}",
        run.stderr
    );

    project.write("content/actors/a:b,c.md", "---\nname: x\n---\n");
    let run = project.run(&["check", "--format", "github"]);
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("unsafe-id"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(
        line.starts_with("::error file=content/actors/a%3Ab%2Cc.md,title=BB008 unsafe-id::`a:b,c` is not a safe id"),
        "{line}"
    );
}

/// A file name is text from outside: one with a line break must not start a
/// workflow command of its own.
#[test]
fn github_format_cannot_be_injected_through_a_file_name() {
    let project = Project::from_fixture("quotes/folded");
    project.write("content/actors/x\n::error::pwned.md", "---\nname: x\n---\n");
    let run = project.run(&["check", "--format", "github"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(
        run.stdout
            .starts_with("::error file=content/actors/x%0A%3A%3Aerror%3A%3Apwned.md,title=BB008 unsafe-id::`x%0A::error::pwned` is not a safe id"),
        "{}",
        run.stdout
    );
}

#[test]
fn exit_code_is_0_when_clean_even_with_warnings() {
    let run = Project::from_fixture("errors/unknown-field").run(&["check"]);
    assert_eq!((run.code, run.count("warning")), (0, 1), "{}", run.stderr);
}

#[test]
fn exit_code_is_1_for_errors_in_the_content() {
    let run = Project::from_fixture("errors/many").run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn exit_code_is_2_for_a_wrong_command_line() {
    let run = Project::from_fixture("errors/many").run(&["check", "--format", "xml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid value 'xml'"), "{}", run.stderr);
    let run = Project::from_fixture("errors/many").run(&["check", "-q", "-v"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn exit_code_is_2_without_a_content_folder() {
    let project = Project::from_fixture("errors/many");
    std::fs::remove_dir_all(project.path("content")).unwrap();
    let run = project.run(&["check"]);
    assert!(
        run.stderr
            .starts_with("content: error[BB004]: the content folder does not exist\n"),
        "{}",
        run.stderr
    );
    assert_eq!(run.code, 2);
}

/// A settings "file" that is a folder cannot be read: exit 2, not 1.
#[test]
fn exit_code_is_2_for_an_unreadable_settings_file() {
    let project = Project::from_fixture("quotes/folded");
    std::fs::remove_file(project.path("briefbook.toml")).unwrap();
    std::fs::create_dir(project.path("briefbook.toml")).unwrap();
    let run = project.run(&["build"]);
    assert!(
        run.stderr
            .starts_with("briefbook.toml: error[BB001]: cannot read the site settings: "),
        "{}",
        run.stderr
    );
    assert_eq!(run.code, 2);
}

/// Content errors alongside an I/O failure: the I/O failure decides.
#[test]
fn exit_code_is_2_when_the_site_cannot_be_written() {
    let project = Project::from_fixture("quotes/folded");
    project.write(
        "blocker",
        "a file where the output's parent folder should be",
    );
    let before = project.tree();
    let run = project.run(&["build", "-o", "blocker/site"]);
    assert!(
        run.stderr
            .starts_with("blocker/site: error[BB038]: cannot write the site: "),
        "{}",
        run.stderr
    );
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    assert_same_tree(&before, &project.tree());
}

#[test]
fn quiet_prints_errors_only() {
    // Warnings only: nothing at all, exit 0.
    let project = Project::from_fixture("errors/unknown-field");
    let run = project.run(&["build", "--quiet"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "")
    );
    assert!(project.path("site/actors/sheinbaum.html").is_file());

    // Errors and a warning: the errors and the failure line, no warning.
    let run = Project::from_fixture("errors/many").run(&["check", "-q"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        (run.count("error"), run.count("warning")),
        (6, 0),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(
            "error: check failed: 6 errors, 1 warning; nothing was written ([TIME] s)\n"
        ),
        "{}",
        run.stderr
    );

    // The same in the machine formats.
    let run = Project::from_fixture("errors/many").run(&["check", "-q", "--format", "json"]);
    let diagnostics = json_diagnostics(&run);
    assert_eq!(diagnostics.len(), 6);
    assert!(diagnostics.iter().all(|d| d["severity"] == "error"));
}

#[test]
fn verbose_and_its_alias_timings_print_each_stages_time() {
    let project = Project::from_fixture("quotes/folded");
    for flag in ["-v", "--verbose", "--timings"] {
        let run = project.run(&["build", flag]);
        assert_eq!(run.code, 0, "{flag}: {}", run.stderr);
        for stage in [
            "load",
            "front-matter",
            "references",
            "quotations",
            "changes",
            "pages",
            "write",
        ] {
            let timed = run
                .stderr
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{stage} ")) && l.ends_with(" ms"));
            assert!(timed, "{flag}: no time for {stage}:\n{}", run.stderr);
        }
    }
    let run = project.run(&["build"]);
    assert!(!run.stderr.contains(" ms"), "{}", run.stderr);
}

/// Piped output (as in these tests and in CI logs) is plain; colour can be
/// forced, and `NO_COLOR` wins even over forcing.
#[test]
fn colour_only_when_asked_for_and_never_with_no_color() {
    let project = Project::from_fixture("errors/many");
    let plain = project.run(&["check"]);
    assert!(!plain.stderr.contains('\u{1b}'), "{:?}", plain.stderr);
    assert!(plain.stderr.contains("error[BB021]"));

    let forced = project.run_with_env(&["check"], &[("CLICOLOR_FORCE", "1")]);
    assert!(
        forced
            .stderr
            .contains("\u{1b}[1m\u{1b}[31merror[BB021]\u{1b}[0m"),
        "{:?}",
        forced.stderr
    );
    let stripped = anstream::adapter::strip_str(&forced.stderr).to_string();
    assert_eq!(stripped, plain.stderr);

    let no_color = project.run_with_env(&["check"], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert_eq!(no_color.stderr, plain.stderr);
}

/// A brief pasted in without citations: 2,000 warnings would bury
/// everything else; five are shown and the rest counted in one line.
#[test]
fn repeated_warnings_in_one_file_are_summarised() {
    let project = Project::from_fixture("uncited/paragraph");
    let mut brief = String::from(
        "---\ntitle: Long\nsummary: Long.\ntopic: extraditions\nas_of: 2026-01-31\nstatus: draft\n---\n",
    );
    for i in 0..2000 {
        brief.push_str(&format!("\nParagraph {i} cites nothing.\n"));
    }
    project.write("content/briefs/long.md", brief);

    let run = project.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "\ncontent/briefs/long.md: note: 1995 more warnings like BB030 uncited-paragraph in this file\n"
        ),
        "{}",
        run.stderr
    );
    // Five shown from long.md, one from transfers.md.
    assert_eq!(run.count("warning"), 6, "{}", run.stderr);
    assert!(run.stderr.lines().count() < 60, "{}", run.stderr);
    assert!(
        run.stdout.ends_with("no errors, 2001 warnings\n"),
        "{}",
        run.stdout
    );

    // Machines get every one.
    let run = project.run(&["check", "--format", "json"]);
    assert_eq!(json_diagnostics(&run).len(), 2001);
}

/// A brief in `briefs/2026/` keeps its id and its page `briefs/ID.html`, and
/// a source in `sources/news/` is cited as before.
#[test]
fn entries_in_subfolders_build_and_link_by_their_file_stem() {
    let project = Project::from_fixture("subfolders/nested");
    let run = project.run(&["build"]);
    run.assert_succeeds_with("");
    let transfers = project.read("site/briefs/transfers.html");
    assert!(transfers.contains("Transfers to the United States"));
    assert!(
        project
            .path("site/sources/ap-transfer-report.html")
            .is_file()
    );
    assert!(!Path::new(&project.path("site/briefs/2026")).exists());
    let overview = project.read("site/briefs/overview.html");
    assert!(
        overview.contains("href=\"../briefs/transfers.html\""),
        "{overview}"
    );
}

/// Folder names inside a kind's folder are the editor's choice and never
/// reach the site: a deep, oddly named path still gives `briefs/ID.html`, and
/// a file name with dots is refused at any depth.
#[test]
fn subfolder_names_never_reach_the_site() {
    let project = Project::from_fixture("subfolders/nested");
    let deep = "content/briefs/..a/b c/%2e%2e/d/e/f/g/h/i/j";
    let text = project
        .read("content/briefs/2026/transfers.md")
        .replace("Transfers to the", "Deep transfers to the");
    project.write(&format!("{deep}/deep.md"), text);
    let run = project.run(&["build"]);
    run.assert_succeeds_with("");
    let site = project.tree().under("site");
    assert!(
        site.0.contains_key("briefs/deep.html"),
        "{:?}",
        site.paths()
    );
    assert!(
        site.paths()
            .iter()
            .all(|p| !p.contains("..a") && !p.contains("b c"))
    );

    project.write(&format!("{deep}/..evil.md"), "---\ntitle: x\n---\n");
    let run = project.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(&format!(
            "{deep}/..evil.md: error[BB008]: `..evil` is not a safe id"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn same_file_stem_in_two_subfolders_is_an_error_naming_both() {
    let project = Project::from_fixture("errors/duplicate-stem");
    let before = project.with_previous_site();
    project.run(&["build"]).assert_fails_with(
        r#"content/briefs/2026/transfers.md:1:1: error[BB011]: the id `transfers` is already used by content/briefs/2025/transfers.md
  |
1 | ---
  | ^
  = hint: an id is a file name without `.md`, unique across briefs, actors, events, sources and their subfolders: rename this file or content/briefs/2025/transfers.md

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
"#,
    );
    assert_same_tree(&before, &project.tree());
}
