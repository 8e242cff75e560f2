//! Public and internal editions: what an entry marked `internal: true` or a
//! ```` ```internal ```` block holds is absent from every byte of the public
//! site (pages, search index, feed), and shown, marked, in the internal one.

use briefbook::model::Edition;
use briefbook::site::{self, BuildOptions, Session};

use crate::support::{Project, Tree, assert_same_tree};

const BRIEF: &str = "content/briefs/transfers.md";
const ACTOR_SECRET: &str = "Zanzibar-Contact-Alpha";
const NOTE_SECRET: &str = "Quokka-Note-Bravo";

/// The basic fixture with an internal actor (mentioned only inside an
/// internal block) and an internal note in the brief.
fn project() -> Project {
    let project = Project::from_fixture("valid/basic");
    project.write(
        "content/actors/back-channel.md",
        format!(
            "---\nname: {ACTOR_SECRET}\nkind: person\nrole: An internal contact\ncountry: not recorded\ninternal: true\n---\n\nKnown to the desk only.\n"
        ),
    );
    let brief = project.read(BRIEF);
    project.write(
        BRIEF,
        brief.replace(
            "[^timing]: The exact",
            &format!(
                "```internal\n{NOTE_SECRET}: ask [[back-channel]] about the timing [@crisis-group-qa, \"a decision of the Mexican state\"].\n```\n\n[^timing]: The exact"
            ),
        ),
    );
    project
}

/// Every file under site/ as text (lossy), to search for a string anywhere.
fn site_bytes(project: &Project) -> Vec<(String, String)> {
    Tree::of(&project.path("site"))
        .0
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

#[test]
fn the_public_edition_holds_no_byte_of_what_is_internal() {
    let project = project();
    let run = project.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (path, text) in site_bytes(&project) {
        for secret in [ACTOR_SECRET, NOTE_SECRET, "back-channel"] {
            assert!(!text.contains(secret), "{path} contains {secret:?}");
        }
    }
    assert!(!project.path("site/actors/back-channel.html").exists());
    // The public text around the block is all there.
    let page = project.read("site/briefs/transfers.html");
    assert!(page.contains("The exact day of the first transfer"));
}

/// With a previous edition, the public edition's manifest and "What
/// changed" page hold no internal text either: an edit inside an internal
/// block does not even mark the brief changed (that would tell there is
/// internal text), and neither the old nor the new note reaches the site.
#[test]
fn the_public_edition_compared_with_its_previous_holds_nothing_internal() {
    let project = project();
    let run = project.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let toml = project.read("briefbook.toml");
    project.write(
        "briefbook.toml",
        toml.replace(
            "archive = \"archive\"\n",
            "archive = \"archive\"\nedition_date = \"2026-02-15\"\n",
        ),
    );
    let brief = project.read(BRIEF);
    project.write(BRIEF, brief.replace(NOTE_SECRET, "Wombat-Note-Charlie"));
    let run = project.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !project
            .read("site/briefs/transfers.html")
            .contains("change-note"),
        "an internal edit marks the public brief changed"
    );
    assert!(
        project
            .read("site/changes.html")
            .contains("Nothing was added, changed or removed")
    );

    // A public edit next to it is shown; still nothing internal anywhere.
    let brief = project.read(BRIEF);
    project.write(
        BRIEF,
        brief.replace(
            "A second transfer followed",
            "A second, larger transfer followed",
        ),
    );
    let run = project.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(project.read("site/changes.html").contains(", larger"));
    for (path, text) in site_bytes(&project) {
        for secret in [
            ACTOR_SECRET,
            NOTE_SECRET,
            "Wombat-Note-Charlie",
            "back-channel",
        ] {
            assert!(!text.contains(secret), "{path} contains {secret:?}");
        }
    }
}

#[test]
fn the_internal_edition_shows_internal_entries_and_notes_marked() {
    let project = project();
    let run = project.run(&["build", "--edition", "internal"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = project.read("site/briefs/transfers.html");
    assert!(page.contains(
        "<aside class=\"internal\" aria-label=\"Internal: not in the public edition\"><p class=\"internal-label\">Internal: not in the public edition</p>"
    ));
    assert!(page.contains(NOTE_SECRET));
    assert!(
        page.contains("href=\"../actors/back-channel.html\""),
        "links work inside the note"
    );
    assert!(page.contains("<strong>Internal edition:</strong>"));
    let actor = project.read("site/actors/back-channel.html");
    assert!(actor.contains(
        "<p class=\"internal-banner\" role=\"note\">Internal: this page is not in the public edition.</p>"
    ));
    let index = site_bytes(&project)
        .into_iter()
        .filter(|(p, _)| p.starts_with("search/"))
        .any(|(_, t)| t.contains(ACTOR_SECRET));
    assert!(
        index,
        "the internal edition's search finds the internal actor"
    );
}

#[test]
fn public_text_that_refers_to_an_internal_entry_is_an_error_in_the_public_edition_only() {
    let project = project();
    let brief = project.read(BRIEF);
    project.write(
        BRIEF,
        brief
            .replace(
                "actors: [garcia-harfuch, sheinbaum]",
                "actors: [garcia-harfuch, sheinbaum, back-channel]",
            )
            .replace(
                "See [[2026-01-20-transfer-of-37]].",
                "See [[2026-01-20-transfer-of-37]] and [[back-channel]].",
            ),
    );
    let run = project.run(&["build"]);
    assert_eq!(run.code, 1);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("error[BB042]"))
        .collect();
    assert_eq!(
        errors,
        [
            "content/briefs/transfers.md:7:37: error[BB042]: `back-channel` is internal: the public edition leaves it out",
            "content/briefs/transfers.md:28:190: error[BB042]: `back-channel` is internal: the public edition leaves it out",
        ],
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("build with `--edition internal`"));
    let internal = project.run(&["build", "--edition", "internal"]);
    assert_eq!(internal.code, 0, "{}", internal.stderr);
}

#[test]
fn check_takes_the_edition_too() {
    let project = project();
    let brief = project.read(BRIEF);
    project.write(
        BRIEF,
        brief.replace(
            "See [[2026-01-20-transfer-of-37]].",
            "See [[back-channel]].",
        ),
    );
    assert_eq!(project.run(&["check"]).code, 1);
    assert_eq!(project.run(&["check", "--edition", "internal"]).code, 0);
}

/// Rebuilds in the public edition follow an entry made internal, and back.
#[test]
fn incremental_rebuilds_follow_an_entry_made_internal() {
    let project = project();
    let options = |out: &str| BuildOptions {
        root: project.root().to_path_buf(),
        output: Some(project.path(out)),
        archive: None,
        strict: false,
        live_reload: false,
        edition: Edition::Public,
        previous: Default::default(),
    };
    let mut session = Session::new(options("site"));
    assert!(session.build().is_ok());
    let event = "content/events/2025-02-27-transfer-of-29.md";
    let text = project.read(event);
    let steps = [
        text.replacen("---\n", "---\ninternal: true\n", 1),
        text.clone(),
    ];
    for (n, step) in steps.iter().enumerate() {
        project.write(event, step);
        let rebuilt = session.rebuild(&[project.path(event)]);
        let fresh = site::build(&options("fresh"));
        let messages = |r: &Result<site::Report, site::Report>| {
            let r = match r {
                Ok(r) | Err(r) => r,
            };
            r.diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(messages(&rebuilt), messages(&fresh), "step {n}");
        if fresh.is_ok() {
            assert_same_tree(
                &Tree::of(&project.path("site")),
                &Tree::of(&project.path("fresh")),
            );
        }
        let _ = std::fs::remove_dir_all(project.path("fresh"));
    }
}

/// Numbers in an internal note are checked in the edition that shows it.
#[test]
fn numbers_in_internal_notes_are_checked_in_the_internal_edition_only() {
    let project = project();
    let brief = project.read(BRIEF);
    project.write(
        BRIEF,
        brief.replace(
            "about the timing [@crisis-group-qa",
            "about the 777 prisoners [@crisis-group-qa",
        ),
    );
    let public = project.run(&["build"]);
    assert_eq!(public.code, 0, "{}", public.stderr);
    assert!(!public.stderr.contains("777"), "{}", public.stderr);
    let internal = project.run(&["build", "--edition", "internal"]);
    assert!(
        internal
            .stderr
            .contains("warning[BB040]: the number 777 is not in the cited source"),
        "{}",
        internal.stderr
    );
}
