//! "What changed": every build writes site/edition.json; the next edition
//! compares with it (or with `--previous DIR`) and shows what was added,
//! changed and removed on changes.html, on the changed briefs' pages, on
//! the home page and in the feed. Rebuilding the same edition shows the
//! same changes, byte for byte.

use crate::support::{Project, Tree, assert_same_tree, copy_tree};

const BRIEF: &str = "content/briefs/transfers.md";
const REMOVED_EVENT: &str = "content/events/2025-02-27-transfer-of-29.md";

/// The basic fixture, built once: the edition of 31 January 2026 (the
/// brief's as-of date).
fn first_edition() -> Project {
    let project = Project::from_fixture("valid/basic");
    let run = project.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    project
}

/// The edits of the next edition, dated 15 February 2026: a word of a
/// brief's paragraph, an actor added, an event removed.
fn edit_for_next_edition(project: &Project) {
    let toml = project.read("briefbook.toml");
    project.write(
        "briefbook.toml",
        toml.replace(
            "archive = \"archive\"\n",
            "archive = \"archive\"\nedition_date = \"2026-02-15\"\n",
        ),
    );
    let brief = project.read(BRIEF);
    let brief = brief
        .replace(
            "A second transfer followed in January 2026",
            "A second, larger transfer followed in January 2026",
        )
        .replace(
            "events: [2025-02-27-transfer-of-29, 2026-01-20-transfer-of-37]",
            "events: [2026-01-20-transfer-of-37]",
        );
    project.write(BRIEF, brief);
    std::fs::remove_file(project.path(REMOVED_EVENT)).expect("remove the event");
    project.write(
        "content/actors/ebrard.md",
        "---\nname: Marcelo Ebrard\nkind: person\nrole: Mexico's economy secretary\ncountry: Mexico\n---\n\nLeads the tariff talks.\n",
    );
}

fn build(project: &Project, args: &[&str]) -> crate::support::Run {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let run = project.run(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

/// The part of changes.html inside <main>.
fn changes_main(project: &Project, site: &str) -> String {
    let page = project.read(&format!("{site}/changes.html"));
    let start = page.find("<main").expect("a main element");
    let end = page.find("</main>").expect("main closes");
    page[start..end].to_string()
}

#[test]
fn the_first_edition_has_nothing_to_compare_with() {
    let project = first_edition();
    let main = changes_main(&project, "site");
    assert!(
        main.contains("There is no previous edition to compare with"),
        "{main}"
    );
    assert!(!main.contains("<del>") && !main.contains("<h3>"), "{main}");
    // No link to the page from the navigation or the home page yet, and no
    // note on the brief.
    assert!(!project.read("site/index.html").contains("changes.html"));
    assert!(
        !project
            .read("site/briefs/transfers.html")
            .contains("change-note")
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&project.read("site/edition.json")).expect("JSON");
    assert_eq!(manifest["format"], 1);
    assert_eq!(manifest["baseline"], serde_json::Value::Null);
    assert_eq!(manifest["edition"]["date"], "2026-01-31");
    assert_eq!(manifest["edition"]["kind"], "public");
    let brief = manifest["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["id"] == "transfers")
        .expect("the brief is listed");
    assert_eq!(brief["kind"], "brief");
    assert_eq!(brief["date"], "2026-01-31");
    assert!(
        brief["hash"]
            .as_str()
            .expect("a hash")
            .starts_with("sha256:")
    );
    assert!(
        brief["paragraphs"]
            .as_array()
            .expect("paragraphs")
            .iter()
            .any(|p| p.as_str().expect("text").starts_with("A second transfer followed in January 2026; Sheinbaum called it a sovereign decision")),
        "{brief}"
    );
    // No absolute path of the machine leaks into it.
    assert!(
        !project
            .read("site/edition.json")
            .contains(&*project.root().to_string_lossy())
    );
}

#[test]
fn the_next_edition_lists_what_was_added_changed_and_removed() {
    let project = first_edition();
    edit_for_next_edition(&project);
    build(&project, &[]);
    let main = changes_main(&project, "site");

    // Both editions' dates.
    assert!(main.contains("Edition of 15 February 2026"), "{main}");
    assert!(
        main.contains("Since the edition of 31 January 2026: 1 changed, 1 added, 1 removed."),
        "{main}"
    );
    // The changed brief, linked, with the word added in its paragraph.
    assert!(
        main.contains("<section class=\"change\" id=\"brief-transfers\""),
        "{main}"
    );
    assert!(
        main.contains("<a href=\"briefs/transfers.html\">Transfers to the United States</a>"),
        "{main}"
    );
    assert!(
        main.contains("A second<ins><span class=\"visually-hidden\">[added: </span>, larger<span class=\"visually-hidden\">]</span></ins> transfer followed in January 2026"),
        "{main}"
    );
    assert!(
        main.contains("paragraph unchanged") || main.contains("paragraphs unchanged"),
        "{main}"
    );
    // The new actor, linked; the removed event, by its old title, unlinked.
    assert!(
        main.contains("<li id=\"actor-ebrard\"><a href=\"actors/ebrard.html\">Marcelo Ebrard</a>"),
        "{main}"
    );
    assert!(
        main.contains("<li id=\"event-2025-02-27-transfer-of-29\">Mexico transfers 29 prisoners"),
        "{main}"
    );
    assert!(
        !main.contains("href=\"events/2025-02-27-transfer-of-29.html\""),
        "{main}"
    );
    // Kinds in order, each with its own heading; unchanged kinds left out.
    let order: Vec<usize> = [
        "id=\"changes-briefs\"",
        "id=\"changes-actors\"",
        "id=\"changes-events\"",
    ]
    .iter()
    .map(|h| main.find(h).unwrap_or_else(|| panic!("no {h}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(!main.contains("changes-sources"), "{main}");

    // The brief's page and the new actor's carry the note; the others not.
    let brief = project.read("site/briefs/transfers.html");
    assert!(
        brief.contains("<p class=\"change-note\"><a href=\"../changes.html#brief-transfers\">Changed since the last edition (31 January 2026)</a></p>"),
        "{brief}"
    );
    // The navigation and the home page link the page now.
    assert!(
        project
            .read("site/timeline.html")
            .contains("<a href=\"changes.html\">What changed</a>")
    );
    assert!(project.read("site/index.html").contains("<a href=\"changes.html\">What changed since the edition of 31 January 2026</a>: 1 changed, 1 added, 1 removed."));

    // The feed has an entry for the edition's changes, dated by the
    // edition, and is still valid Atom.
    let xml = project.read("site/feed.xml");
    crate::feeds::assert_well_formed(&xml);
    let feed: atom_syndication::Feed = xml.parse().expect("an Atom feed");
    crate::feeds::assert_valid_atom(&feed);
    let entry = feed
        .entries()
        .iter()
        .find(|e| e.title().value == "What changed in the edition of 15 February 2026")
        .expect("an entry for the changes");
    assert_eq!(entry.updated().to_rfc3339(), "2026-02-15T00:00:00+00:00");
    let summary = &entry.summary().expect("a summary").value;
    assert!(
        summary.contains("Changed: Transfers to the United States."),
        "{summary}"
    );
    assert!(summary.contains("Added: Marcelo Ebrard."), "{summary}");
    assert!(
        summary.contains("Removed: Mexico transfers 29 prisoners."),
        "{summary}"
    );
    assert_eq!(entry.links()[0].href(), "changes.html");
}

/// The rule that keeps a rebuilt edition's list: building the same content
/// twice over the same site must not make the second build say "nothing
/// changed".
#[test]
fn rebuilding_the_same_edition_keeps_its_changes_byte_for_byte() {
    let project = first_edition();
    edit_for_next_edition(&project);
    build(&project, &[]);
    let second = Tree::of(&project.path("site"));
    build(&project, &[]);
    let third = Tree::of(&project.path("site"));
    assert_same_tree(&second, &third);
    assert!(changes_main(&project, "site").contains("1 changed, 1 added, 1 removed"));

    // A further edit within the same edition is compared with the same
    // baseline: the brief stays changed, and the new edit joins it.
    let brief = project.read(BRIEF).replace(
        "Sheinbaum called it a sovereign decision",
        "Sheinbaum called it a sovereign choice",
    );
    project.write(BRIEF, brief);
    build(&project, &[]);
    let main = changes_main(&project, "site");
    assert!(main.contains("1 changed, 1 added, 1 removed"), "{main}");
    assert!(main.contains(", larger"), "{main}");
    assert!(main.contains("choice"), "{main}");
}

#[test]
fn previous_names_the_published_edition_to_compare_with() {
    let project = first_edition();
    copy_tree(&project.path("site"), &project.path("published"));
    edit_for_next_edition(&project);
    // Built elsewhere: without --previous there is nothing to compare with.
    build(&project, &["-o", "elsewhere"]);
    assert!(changes_main(&project, "elsewhere").contains("There is no previous edition"));
    build(&project, &["-o", "elsewhere", "--previous", "published"]);
    assert!(changes_main(&project, "elsewhere").contains("1 changed, 1 added, 1 removed"));
    // The same input and the same previous edition: the same bytes.
    build(&project, &["-o", "again", "--previous", "published"]);
    assert_same_tree(
        &Tree::of(&project.path("elsewhere")),
        &Tree::of(&project.path("again")),
    );
}

#[test]
fn a_previous_folder_that_does_not_exist_is_a_usage_error() {
    let project = first_edition();
    let before = Tree::of(&project.path("site"));
    let run = project.run(&["build", "--previous", "no-such-site"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: --previous no-such-site: no such folder\n  = hint: give the folder of the last published site"),
        "{}",
        run.stderr
    );
    assert_same_tree(&Tree::of(&project.path("site")), &before);
}

#[test]
fn a_corrupt_or_missing_manifest_is_a_warning_and_no_previous_edition() {
    let project = first_edition();
    edit_for_next_edition(&project);
    project.write("site/edition.json", "{\"format\": 1, \"entries\": [");
    let run = build(&project, &[]);
    assert!(
        run.stderr.contains("site/edition.json: warning[BB045]: the previous edition's manifest is not valid: EOF while parsing"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("; this build shows no changes\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("= hint: pass `--previous DIR` with the last published site"),
        "{}",
        run.stderr
    );
    assert!(changes_main(&project, "site").contains("There is no previous edition"));

    // A site of an older briefbook, without a manifest: replaced without a
    // word (the first build after an upgrade); but a folder named with
    // --previous must hold one.
    std::fs::remove_file(project.path("site/edition.json")).expect("remove");
    copy_tree(&project.path("site"), &project.path("old"));
    let run = build(&project, &[]);
    assert!(!run.stderr.contains("BB045"), "{}", run.stderr);
    let run = build(&project, &["--previous", "old"]);
    assert!(
        run.stderr.contains("old/edition.json: warning[BB045]: the previous edition has no manifest; this build shows no changes"),
        "{}",
        run.stderr
    );
}

/// A previous manifest is outside input: a hostile one is refused (or, if
/// well-formed, shown escaped) and never writes outside site/.
#[test]
fn hostile_manifests_are_refused_or_shown_escaped() {
    let project = first_edition();
    edit_for_next_edition(&project);
    let good: serde_json::Value =
        serde_json::from_str(&project.read("site/edition.json")).expect("JSON");
    let with_entry = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut m = good.clone();
        f(&mut m["entries"][0]);
        serde_json::to_string(&m).expect("JSON")
    };
    let refused: Vec<(&str, String)> = vec![
        (
            "a path for an id",
            with_entry(&|e| e["id"] = "../../escaped".into()),
        ),
        (
            "markup for an id",
            with_entry(&|e| e["id"] = "<script>alert(1)</script>".into()),
        ),
        (
            "an unknown kind",
            with_entry(&|e| e["kind"] = "page".into()),
        ),
        (
            "a bad hash",
            with_entry(&|e| e["hash"] = "sha256:\"><script>".into()),
        ),
        (
            "an impossible date",
            with_entry(&|e| e["date"] = "2025-02-30".into()),
        ),
        ("deep nesting", "[".repeat(100_000)),
        ("not JSON", "\u{0}\u{1}binary".into()),
    ];
    for (what, text) in refused {
        project.write("site/edition.json", &text);
        let run = build(&project, &[]);
        assert!(
            run.stderr.contains("warning[BB045]"),
            "{what}: {}",
            run.stderr
        );
        assert!(
            changes_main(&project, "site").contains("There is no previous edition"),
            "{what}"
        );
        assert!(!project.path("escaped").exists() && !project.path("site/escaped").exists());
    }

    // Far too large: refused unread (a sparse file, so the test is quick).
    let file = std::fs::File::create(project.path("site/edition.json")).expect("create");
    file.set_len(briefbook::changes::MAX_MANIFEST_BYTES + 10)
        .expect("grow");
    drop(file);
    let run = build(&project, &[]);
    assert!(
        run.stderr
            .contains("warning[BB045]: the previous edition's manifest is larger than 256 MB"),
        "{}",
        run.stderr
    );

    // Well-formed, but naming an entry that never existed, with markup in
    // its title and text: listed as removed, escaped.
    let mut m = good.clone();
    let mut ghost = m["entries"][0].clone();
    ghost["id"] = "ghost".into();
    ghost["kind"] = "brief".into();
    ghost["title"] = "<script>alert('title')</script>".into();
    ghost["paragraphs"] = serde_json::json!(["<img src=x onerror=alert(1)>"]);
    m["entries"].as_array_mut().expect("entries").push(ghost);
    m["edition"]["date"] = "2026-01-01".into();
    project.write(
        "site/edition.json",
        serde_json::to_string(&m).expect("JSON"),
    );
    let run = build(&project, &[]);
    assert!(!run.stderr.contains("BB045"), "{}", run.stderr);
    let main = changes_main(&project, "site");
    assert!(
        main.contains(
            "<li id=\"brief-ghost\">&lt;script&gt;alert(&#x27;title&#x27;)&lt;&#x2F;script&gt;"
        ) || main.contains("<li id=\"brief-ghost\">&lt;script&gt;"),
        "{main}"
    );
    assert!(
        !main.contains("<script>") && !main.contains("<img"),
        "{main}"
    );
    assert!(!project.path("site/briefs/ghost.html").exists());
}

#[test]
fn the_internal_edition_is_not_compared_with_the_public_one() {
    let project = first_edition();
    edit_for_next_edition(&project);
    // Built over the public site: the other kind of edition.
    let run = build(&project, &["--edition", "internal"]);
    assert!(
        run.stderr.contains("site/edition.json: warning[BB046]: the previous edition is the public edition and this build is the internal; this build shows no changes"),
        "{}",
        run.stderr
    );
    assert!(changes_main(&project, "site").contains("There is no previous edition"));
    let manifest: serde_json::Value =
        serde_json::from_str(&project.read("site/edition.json")).expect("JSON");
    assert_eq!(manifest["edition"]["kind"], "internal");
}
