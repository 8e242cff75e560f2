//! The commands around the build: `new`, `--help`, `--version`, and how a
//! wrong command line is answered.

use crate::support::Project;

/// What `new` prints after writing `path`.
fn created(path: &str) -> String {
    format!(
        "created ./{path}\nfill in the front-matter (replace the CAPITALISED placeholders), then run `briefbook check`\n"
    )
}

/// An editor scaffolds one entry of each kind, runs `check`, is told exactly
/// which placeholders are left, fills them in, and `check` passes.
#[test]
fn new_entries_pass_check_once_placeholders_are_replaced() {
    let project = Project::from_fixture("quotes/folded");
    for (kind, id, path) in [
        ("brief", "tariffs", "content/briefs/tariffs.md"),
        ("actor", "ebrard", "content/actors/ebrard.md"),
        (
            "event",
            "2025-03-04-tariffs",
            "content/events/2025-03-04-tariffs.md",
        ),
        ("source", "ft-tariffs", "content/sources/ft-tariffs.md"),
    ] {
        let run = project.run(&["new", kind, id]);
        assert_eq!((run.code, run.stdout.as_str()), (0, created(path).as_str()));
        assert_eq!(run.stderr, "");
        assert!(project.read(path).starts_with("---\n"));
    }

    let run = project.run(&["check"]);
    assert_eq!(run.code, 1);
    for placeholder in [
        "content/actors/ebrard.md:10:44: error[BB023]: unknown source `SOURCE-ID` in a citation",
        "content/briefs/tariffs.md:4:8: error[BB024]: unknown topic `TOPIC-ID`",
        "content/briefs/tariffs.md:14:49: error[BB023]: unknown source `SOURCE-ID` in a citation",
        "content/events/2025-03-04-tariffs.md:5:11: error[BB023]: unknown source `SOURCE-ID`",
        "content/events/2025-03-04-tariffs.md:9:41: error[BB023]: unknown source `SOURCE-ID` in a citation",
        "content/sources/ft-tariffs.md:8:10: error[BB033]: the archive has no file `FILE-NAME.txt`",
    ] {
        assert!(run.stderr.contains(placeholder), "{}", run.stderr);
    }
    assert_eq!(run.count("error"), 6, "{}", run.stderr);
    // A placeholder is not an id one could create.
    assert!(
        !run.stderr.contains("briefbook new source SOURCE-ID"),
        "{}",
        run.stderr
    );

    for path in [
        "content/briefs/tariffs.md",
        "content/actors/ebrard.md",
        "content/events/2025-03-04-tariffs.md",
        "content/sources/ft-tariffs.md",
    ] {
        let text = project
            .read(path)
            .replace("TOPIC-ID", "extraditions")
            .replace("SOURCE-ID", "ap-transfer-report")
            .replace("a short verbatim quotation", "37 prisoners")
            .replace("FILE-NAME.txt", "ap-transfer-report.txt");
        project.write(path, text);
    }
    project.run(&["check"]).assert_succeeds_with("");
}

#[test]
fn new_refuses_to_overwrite_an_existing_file() {
    let project = Project::from_fixture("quotes/folded");
    let path = "content/briefs/transfers.md";
    let before = project.read(path);
    project.run(&["new", "brief", "transfers"]).assert_fails_with(
        "error: ./content/briefs/transfers.md already exists; nothing was written\n  = hint: choose another id, or edit the existing file\n",
    );
    assert_eq!(project.read(path), before);
}

/// Ids are unique across kinds and subfolders, so `new` refuses an id that
/// an entry in another folder already has.
#[test]
fn new_refuses_an_id_used_in_a_subfolder_or_by_another_kind() {
    let project = Project::from_fixture("subfolders/nested");
    let before = project.tree();
    project.run(&["new", "brief", "transfers"]).assert_fails_with(
        "error: the id `transfers` is already used by ./content/briefs/2026/transfers.md; nothing was written\n  = hint: choose another id, or edit the existing file\n",
    );
    project
        .run(&["new", "actor", "ap-transfer-report"])
        .assert_fails_with(
            "error: the id `ap-transfer-report` is already used by ./content/sources/news/ap-transfer-report.md; nothing was written\n  = hint: choose another id, or edit the existing file\n",
        );
    assert_eq!(before, project.tree());
}

#[test]
fn new_refuses_an_id_that_is_not_a_safe_slug() {
    let project = Project::from_fixture("quotes/folded");
    let before = project.tree();
    project.run(&["new", "actor", "García"]).assert_fails_with(
        "error: `García` is not a safe id: the id contains the capital letter `G`\n  = hint: try `garcia`: lower-case letters, digits and single hyphens\n",
    );
    project.run(&["new", "actor", "../evil"]).assert_fails_with(
        "error: `../evil` is not a safe id: the id contains `.`\n  = hint: try `evil`: lower-case letters, digits and single hyphens\n",
    );
    assert_eq!(before, project.tree());
}

#[test]
fn new_writes_under_the_root_given() {
    let project = Project::empty();
    let run = project.run(&["new", "source", "ap-report", "--root", "briefing"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "created briefing/content/sources/ap-report.md\nfill in the front-matter (replace the CAPITALISED placeholders), then run `briefbook check`\n"
    );
    assert!(
        project
            .read("briefing/content/sources/ap-report.md")
            .contains("title: \"Ap report\"\n")
    );
}

#[test]
fn help_says_what_each_command_does() {
    let project = Project::empty();
    for (args, says) in [
        (
            vec!["--help"],
            "builds an annotated briefing book from markdown briefs",
        ),
        (
            vec!["build", "--help"],
            "Checks the content and renders the briefing into site/",
        ),
        (
            vec!["check", "--help"],
            "Checks everything a build checks, and writes nothing",
        ),
        (
            vec!["new", "--help"],
            "Writes a new entry with a filled-in front-matter template",
        ),
        (vec!["serve", "--help"], "rebuilds when content changes"),
    ] {
        let run = project.run(&args);
        assert_eq!(run.code, 0, "{args:?}");
        assert!(run.stdout.contains(says), "{args:?}: {}", run.stdout);
    }
    let build = project.run(&["build", "--help"]).stdout;
    for option in ["--root", "--output", "--archive", "--strict"] {
        assert!(build.contains(option), "{option}: {build}");
    }
}

#[test]
fn version_prints_the_version() {
    let run = Project::empty().run(&["--version"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!("briefbook {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn unknown_command_is_a_usage_error() {
    let run = Project::empty().run(&["buidl"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unrecognized subcommand 'buidl'"),
        "{}",
        run.stderr
    );
}

/// Built with `--no-default-features`, the binary has no server; run with
/// `cargo test --no-default-features --test cli serve_` (scripts/test does).
#[cfg(not(feature = "serve"))]
#[test]
fn serve_says_the_binary_was_built_without_it() {
    let project = Project::from_fixture("valid/basic");
    let run = project.run(&["serve", "--port", "0"]);
    assert_eq!(
        run.stderr,
        "error: this briefbook was built without the `serve` feature\n  = hint: rebuild it with default features (`cargo build --release`), or use `briefbook build` and open site/index.html\n"
    );
    assert_eq!(run.stdout, "");
    assert_eq!(run.code, 2);
    assert!(!project.path("site").exists(), "nothing was built");
}
