//! Incremental rebuilds (`site::Session`, what `briefbook serve` runs after
//! each change): after every edit and rebuild, `site/` must be byte for byte
//! what a fresh full build of the same input writes, and the report must list
//! the same problems.

use std::path::{Path, PathBuf};

use briefbook::changes::Previous;
use briefbook::site::{self, BuildOptions, Report, Session};

use crate::support::{Project, Tree, assert_same_tree, copy_tree};

#[path = "../../benches/synthetic.rs"]
mod synthetic;

/// A project with a session that has built it once.
struct Editing {
    project: Project,
    session: Session,
    /// The previous edition the full builds compare with.
    previous: Previous,
}

impl Editing {
    fn new(project: Project) -> Editing {
        Editing::over(project, Previous::None, Previous::None)
    }

    /// A session whose builds compare with `session_previous`, checked
    /// against full builds that compare with `full_previous`.
    fn over(project: Project, session_previous: Previous, full_previous: Previous) -> Editing {
        let mut session = Session::new(BuildOptions {
            previous: session_previous,
            ..options(project.root(), "site")
        });
        let first = session.build();
        assert!(
            first.is_ok(),
            "the first build fails: {:?}",
            messages(&first)
        );
        let mut editing = Editing {
            project,
            session,
            previous: full_previous,
        };
        editing.assert_like_full_build(&first);
        editing
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.project.path(rel)
    }

    fn read(&self, rel: &str) -> String {
        self.project.read(rel)
    }

    /// Writes a file and rebuilds, as the watcher reports it (absolute path).
    fn write(&mut self, rel: &str, text: &str) -> Result<Report, Report> {
        self.project.write(rel, text);
        self.session.rebuild(&[self.path(rel)])
    }

    fn replace(&mut self, rel: &str, from: &str, to: &str) -> Result<Report, Report> {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    fn remove(&mut self, rel: &str) -> Result<Report, Report> {
        std::fs::remove_file(self.path(rel)).expect("remove the file");
        // Root-relative, the other form the watcher may give.
        self.session.rebuild(&[PathBuf::from(rel)])
    }

    /// The rebuild's outcome and the site it left are those of a fresh full
    /// build of the same input, into another folder.
    #[track_caller]
    fn assert_like_full_build(&mut self, rebuilt: &Result<Report, Report>) {
        let fresh_dir = "fresh-site";
        let fresh = site::build(&BuildOptions {
            previous: self.previous.clone(),
            ..options(self.project.root(), fresh_dir)
        });
        assert_eq!(
            messages(rebuilt),
            messages(&fresh),
            "the rebuild reports other problems than a full build"
        );
        assert_eq!(rebuilt.is_ok(), fresh.is_ok());
        if let (Ok(a), Ok(b)) = (rebuilt, &fresh) {
            assert_eq!(a.pages, b.pages, "page counts differ");
        }
        if fresh.is_ok() {
            // The print edition, which a rebuild may leave for after the
            // pages (as `serve` does, once it has told the pages to reload).
            let printed = self.session.write_print_edition();
            assert!(
                printed.is_ok(),
                "{:?}",
                printed.err().map(|r| r.diagnostics)
            );
            let site = Tree::of(&self.path("site"));
            let full = Tree::of(&self.path(fresh_dir));
            assert_same_tree(&site, &full);
        }
        let _ = std::fs::remove_dir_all(self.path(fresh_dir));
    }

    /// A failed rebuild left `site/` exactly as `before`.
    #[track_caller]
    fn assert_site_unchanged(&mut self, rebuilt: &Result<Report, Report>, before: &Tree) {
        assert!(rebuilt.is_err(), "the rebuild was expected to fail");
        assert_same_tree(&Tree::of(&self.path("site")), before);
    }

    fn site(&self) -> Tree {
        Tree::of(&self.path("site"))
    }
}

fn options(root: &Path, out: &str) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output: Some(root.join(out)),
        archive: None,
        strict: false,
        live_reload: true,
        edition: Default::default(),
        previous: Default::default(),
    }
}

fn messages(result: &Result<Report, Report>) -> Vec<String> {
    let report = match result {
        Ok(r) | Err(r) => r,
    };
    report.diagnostics.iter().map(ToString::to_string).collect()
}

const BRIEF: &str = "content/briefs/transfers.md";

#[test]
fn rebuilds_of_the_fixture_match_full_builds_after_every_edit() {
    let mut e = Editing::new(Project::from_fixture("valid/basic"));

    // A body edit.
    let r = e.replace(
        BRIEF,
        "A second transfer followed",
        "A second, larger transfer followed",
    );
    e.assert_like_full_build(&r);
    let stats = e.session.stats().clone();
    assert!(!stats.full, "a body edit should not rebuild everything");
    assert_eq!(stats.bodies_rendered, 1, "{stats:?}");

    // A touch that changes nothing writes nothing.
    let r = e.replace(BRIEF, "larger", "larger");
    e.assert_like_full_build(&r);
    assert_eq!(e.session.stats().files_written, 0);

    // A front-matter title: lists, cards and backlinks show it.
    let r = e.replace(
        BRIEF,
        "title: Transfers to the United States",
        "title: Prisoner transfers north",
    );
    e.assert_like_full_build(&r);
    assert!(!e.session.stats().full);

    // The actors a brief names join them in the network; its title does
    // not show there.
    let network = e.read("site/network.html");
    let r = e.replace(
        BRIEF,
        "actors: [garcia-harfuch, sheinbaum]",
        "actors: [garcia-harfuch]",
    );
    e.assert_like_full_build(&r);
    assert_ne!(e.read("site/network.html"), network);
    let r = e.replace(
        BRIEF,
        "actors: [garcia-harfuch]",
        "actors: [garcia-harfuch, sheinbaum]",
    );
    e.assert_like_full_build(&r);
    assert_eq!(e.read("site/network.html"), network);

    // An actor's body: its card's summary, shown where it is mentioned.
    let r = e.replace(
        "content/actors/sheinbaum.md",
        "President of Mexico since October 2024.",
        "President of Mexico since 1 October 2024.",
    );
    e.assert_like_full_build(&r);

    // A source's title: every citation's card shows it.
    let source = "content/sources/crisis-group-qa.md";
    let title = e
        .read(source)
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_string();
    let r = e.replace(source, &title, "title: A renamed source");
    e.assert_like_full_build(&r);

    // An event's date moves it on the timeline and in lists.
    let event = "content/events/2026-01-20-transfer-of-37.md";
    let date = e
        .read(event)
        .lines()
        .find(|l| l.starts_with("date:"))
        .unwrap()
        .to_string();
    let r = e.replace(event, &date, "date: 2026-01-21");
    e.assert_like_full_build(&r);

    // A new brief, then its deletion.
    let new_brief = e.read(BRIEF).replacen(
        "title: Prisoner transfers north",
        "title: A second brief",
        1,
    );
    let r = e.write("content/briefs/second.md", &new_brief);
    e.assert_like_full_build(&r);
    let r = e.remove("content/briefs/second.md");
    e.assert_like_full_build(&r);
    assert!(!e.path("site/briefs/second.html").exists());

    // An error, which writes nothing, then its fix.
    let before = e.site();
    let r = e.replace(
        BRIEF,
        "actors: [garcia-harfuch, sheinbaum]",
        "actors: [garcia-harfuch, sheinbam]",
    );
    e.assert_like_full_build(&r);
    e.assert_site_unchanged(&r, &before);
    // A second edit while the first error stands: still nothing written.
    let r = e.replace(
        BRIEF,
        "title: Prisoner transfers north",
        "title: Transfers, again",
    );
    e.assert_like_full_build(&r);
    e.assert_site_unchanged(&r, &before);
    // The fix: the title changed during the failures must show everywhere.
    let r = e.replace(BRIEF, "sheinbam]", "sheinbaum]");
    e.assert_like_full_build(&r);
    assert!(r.is_ok());

    // A front-matter error in a cited source, then its fix.
    let r = e.replace(source, "title: A renamed source", "title: [unclosed");
    e.assert_like_full_build(&r);
    let r = e.replace(source, "title: [unclosed", "title: A renamed source");
    e.assert_like_full_build(&r);

    // Actor names and aliases move mentions everywhere: a full rebuild.
    let r = e.replace(
        "content/actors/sheinbaum.md",
        "aliases: [Sheinbaum]",
        "aliases: [Sheinbaum, Claudia]",
    );
    e.assert_like_full_build(&r);
    assert!(e.session.stats().full);

    // A template override and a settings change: full rebuilds.
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/brief.html"),
    )
    .unwrap();
    let edited = template.replacen(
        "{% endblock content %}",
        "<p>edited</p>{% endblock content %}",
        1,
    );
    assert_ne!(edited, template);
    let r = e.write("templates/brief.html", &edited);
    e.assert_like_full_build(&r);
    assert!(r.is_ok(), "{:#?}", messages(&r));
    assert!(e.session.stats().full);
    assert!(
        e.read("site/briefs/transfers.html")
            .contains("<p>edited</p>")
    );
    let r = e.replace(
        "briefbook.toml",
        "title = \"Test Briefing\"",
        "title = \"Renamed Briefing\"",
    );
    e.assert_like_full_build(&r);
    assert!(r.is_ok());
    // And incremental again after those.
    let r = e.replace(BRIEF, "larger", "much larger");
    e.assert_like_full_build(&r);
    assert!(!e.session.stats().full);

    // A file that is not UTF-8, then its repair.
    let r = e.write("content/briefs/broken.md", "---\ntitle: \u{0}");
    e.assert_like_full_build(&r);
    std::fs::write(
        e.path("content/briefs/broken.md"),
        b"---\ntitle: \xff\n---\n",
    )
    .unwrap();
    let r = e.session.rebuild(&[e.path("content/briefs/broken.md")]);
    e.assert_like_full_build(&r);
    let r = e.remove("content/briefs/broken.md");
    e.assert_like_full_build(&r);
    assert!(r.is_ok(), "{:#?}", messages(&r));

    // The home page's text.
    let r = e.write(
        "content/index.md",
        "---\ntitle: Overview\nsummary: The briefing at a glance.\n---\n\nSee [[transfers]] and Sheinbaum [@crisis-group-qa].\n",
    );
    e.assert_like_full_build(&r);
}

#[test]
fn a_rebuild_leaves_the_print_edition_for_after_the_pages() {
    let mut e = Editing::new(Project::from_fixture("valid/basic"));
    let r = e.replace(
        BRIEF,
        "A second transfer followed",
        "A second, larger transfer followed",
    );
    assert!(r.is_ok(), "{:?}", messages(&r));
    // The brief's page is written at once; the print edition not yet.
    assert!(e.read("site/briefs/transfers.html").contains("larger"));
    assert!(!e.read("site/print.html").contains("larger"));
    assert!(!e.read("site/edition.json").contains("larger"));
    // The manifest, which records every entry, waits with it.
    let mut written = e.session.write_print_edition().expect("the print edition");
    written.sort();
    assert_eq!(written, ["edition.json", "print.html"]);
    assert!(e.read("site/print.html").contains("larger"));
    // Done: nothing left to write.
    assert_eq!(
        e.session.write_print_edition().unwrap(),
        Vec::<String>::new()
    );

    // The feed, which lists every brief, waits too.
    e.replace(
        BRIEF,
        "title: Transfers to the United States",
        "title: Transfers north",
    )
    .expect("a good rebuild");
    assert!(
        e.read("site/briefs/transfers.html")
            .contains("Transfers north")
    );
    assert!(!e.read("site/feed.xml").contains("Transfers north"));
    e.session.write_print_edition().expect("the print edition");
    assert!(e.read("site/feed.xml").contains("Transfers north"));

    // Two rebuilds before it is written: it shows both edits.
    e.replace(BRIEF, "larger", "much larger")
        .expect("a good rebuild");
    e.replace("content/actors/sheinbaum.md", "President", "The president")
        .expect("a good rebuild");
    // A failed rebuild in between: the print edition waits for a good one.
    let broken = e.write("content/briefs/broken.md", "---\ntitle: [\n---\n");
    assert!(broken.is_err());
    assert_eq!(
        e.session.write_print_edition().unwrap(),
        Vec::<String>::new()
    );
    let r = e.remove("content/briefs/broken.md");
    e.assert_like_full_build(&r);
    let print = e.read("site/print.html");
    assert!(print.contains("much larger") && print.contains("The president"));
}

#[test]
fn a_changed_archive_is_noticed_by_the_next_rebuild() {
    let mut e = Editing::new(Project::from_fixture("valid/basic"));
    // Archives are not watched; the next rebuild still checks against the
    // text as it is now, as a full build would.
    let archive = "archive/crisis-group-qa.txt";
    let text = e.read(archive);
    e.project.write(
        archive,
        text.replace("a decision of the Mexican state", "a decision"),
    );
    let r = e.replace(BRIEF, "A second transfer", "A later transfer");
    e.assert_like_full_build(&r);
    assert!(r.is_err());
    e.project.write(archive, &text);
    let r = e.replace(BRIEF, "A later transfer", "A second transfer");
    e.assert_like_full_build(&r);
    assert!(r.is_ok());
}

#[test]
fn rebuilds_of_a_generated_project_match_full_builds_after_every_edit() {
    let project = Project::empty();
    synthetic::generate(project.root(), 40).expect("generate");
    let mut e = Editing::new(project);

    // Body edits in several briefs, one at a time and together.
    let r = e.replace(
        "content/briefs/brief-3.md",
        "## Section 1",
        "## Section one",
    );
    e.assert_like_full_build(&r);
    assert!(
        e.session.stats().pages_rendered < 40,
        "{:?}",
        e.session.stats()
    );
    e.project.write(
        "content/briefs/brief-4.md",
        e.read("content/briefs/brief-4.md").replacen(
            "## Section 2\n",
            "## Section 2\n\nAgent7 met Agent8 [@source-1].\n",
            1,
        ),
    );
    e.project.write(
        "content/briefs/brief-5.md",
        e.read("content/briefs/brief-5.md")
            .replacen("status: final", "status: draft", 1),
    );
    let r = e.session.rebuild(&[
        e.path("content/briefs/brief-4.md"),
        e.path("content/briefs/brief-5.md"),
    ]);
    e.assert_like_full_build(&r);

    // A brief's front-matter: title, summary, topic, lists.
    let r = e.replace("content/briefs/brief-6.md", "topic: alpha", "topic: beta");
    e.assert_like_full_build(&r);
    let r = e.replace(
        "content/briefs/brief-7.md",
        "actors: [actor-7]",
        "actors: [actor-7, actor-8]",
    );
    e.assert_like_full_build(&r);

    // An unknown link, which fails, then a new event that makes it good.
    let r = e.replace(
        "content/briefs/brief-8.md",
        "## Section 0\n",
        "## Section 0\n\nSee [[event-new]] [@source-2].\n",
    );
    e.assert_like_full_build(&r);
    assert!(r.is_err());
    let event = e
        .read("content/events/event-3.md")
        .replacen("Event 3", "A new event", 1);
    let r = e.write("content/events/event-new.md", &event);
    e.assert_like_full_build(&r);
    assert!(r.is_ok());

    // A quotation that the archive does not hold, then its fix.
    let brief = "content/briefs/brief-9.md";
    let quote_start = e.read(brief).find(", \"").unwrap() + 3;
    let original = e.read(brief)[quote_start..]
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let r = e.replace(brief, &original, "words no source ever wrote");
    e.assert_like_full_build(&r);
    assert!(r.is_err());
    let r = e.replace(brief, "words no source ever wrote", &original);
    e.assert_like_full_build(&r);

    // Deleting an event that briefs list fails; restoring it recovers.
    let saved = e.read("content/events/event-1.md");
    let r = e.remove("content/events/event-1.md");
    e.assert_like_full_build(&r);
    assert!(r.is_err());
    let r = e.write("content/events/event-1.md", &saved);
    e.assert_like_full_build(&r);
    assert!(r.is_ok());

    // Deleting a brief nobody links to.
    let r = e.remove("content/briefs/brief-39.md");
    e.assert_like_full_build(&r);
    assert!(r.is_ok());

    // Renaming an actor: a full rebuild.
    let r = e.replace(
        "content/actors/actor-3.md",
        "aliases: [\"Agent3\"]",
        "aliases: [\"Agent Three\"]",
    );
    e.assert_like_full_build(&r);
}

/// Edits that change what search finds: the index, updated in place or built
/// again whole, must be a fresh build's, file for file, right when
/// `rebuild` returns (the session indexes before it returns).
#[test]
fn edits_that_touch_the_search_index_match_full_builds() {
    let project = Project::empty();
    synthetic::generate(project.root(), 40).expect("generate");
    let mut e = Editing::new(project);
    let search_files = e
        .site()
        .0
        .keys()
        .filter(|p| p.starts_with("search/"))
        .count();
    let updated_in_place = |e: &Editing| {
        let stats = e.session.stats();
        assert!(!stats.full && !stats.search_whole, "{stats:?}");
        assert!(stats.search_files_written > 0, "{stats:?}");
        stats.search_files_written
    };

    // A word no entry had: its lexicon, postings and positions shards, the
    // brief's group of entries and meta.js; nothing else.
    let r = e.replace(
        "content/briefs/brief-3.md",
        "## Section 1\n\n",
        "## Section 1\n\nZanzibarite appears [@source-1].\n\n",
    );
    e.assert_like_full_build(&r);
    let written = updated_in_place(&e);
    assert!(
        written < search_files / 2,
        "{written} of {search_files} index files written"
    );

    // The last entry with that word loses it: it leaves the index.
    let r = e.replace(
        "content/briefs/brief-3.md",
        "Zanzibarite appears [@source-1].\n\n",
        "",
    );
    e.assert_like_full_build(&r);
    updated_in_place(&e);

    // A word taken out of a paragraph (positions after it move).
    let text = e.read("content/briefs/brief-5.md");
    let at = text.find("## Section 0\n\n").unwrap() + "## Section 0\n\n".len();
    let first_word = text[at..].split(' ').next().unwrap().to_owned();
    let r = e.replace(
        "content/briefs/brief-5.md",
        &format!("\n{first_word} "),
        "\n",
    );
    e.assert_like_full_build(&r);
    updated_in_place(&e);

    // A title: title words rank first, every position of the entry moves.
    let r = e.replace(
        "content/briefs/brief-6.md",
        "title: \"Brief 6",
        "title: \"Revised brief 6",
    );
    e.assert_like_full_build(&r);
    updated_in_place(&e);

    // A date that moves the brief past every other: ids are reordered, the
    // index built again whole.
    let brief = "content/briefs/brief-7.md";
    let as_of = e
        .read(brief)
        .lines()
        .find(|l| l.starts_with("as_of:"))
        .unwrap()
        .to_owned();
    let r = e.replace(brief, &as_of, "as_of: 2031-01-01");
    e.assert_like_full_build(&r);
    assert!(e.session.stats().search_whole);

    // A new brief, then the brief deleted.
    let new_brief = e
        .read("content/briefs/brief-8.md")
        .replacen("Brief 8", "A new brief", 1);
    let r = e.write("content/briefs/brief-new.md", &new_brief);
    e.assert_like_full_build(&r);
    assert!(r.is_ok());
    let r = e.remove("content/briefs/brief-new.md");
    e.assert_like_full_build(&r);
    assert!(r.is_ok());

    // After the whole builds, edits are followed in place again.
    let r = e.replace(
        "content/briefs/brief-9.md",
        "## Section 2\n\n",
        "## Section 2\n\nAnother sentence [@source-2].\n\n",
    );
    e.assert_like_full_build(&r);
    updated_in_place(&e);

    // An edit that fails leaves the index as it was; its fix updates it.
    let before = e.site();
    let r = e.replace("content/briefs/brief-10.md", "topic: ", "topic: nowhere-");
    e.assert_site_unchanged(&r, &before);
    let r = e.replace("content/briefs/brief-10.md", "topic: nowhere-", "topic: ");
    e.assert_like_full_build(&r);
}

#[test]
fn a_failed_rebuild_reports_the_problems_of_unchanged_files_too() {
    let mut e = Editing::new(Project::from_fixture("valid/basic"));
    let r = e.replace(
        BRIEF,
        "actors: [garcia-harfuch, sheinbaum]",
        "actors: [garcia-harfuch, nobody]",
    );
    e.assert_like_full_build(&r);
    // A second, unrelated error: both are reported, as a full build would.
    let r = e.replace(
        "content/events/2025-02-27-transfer-of-29.md",
        "---\n\n",
        "---\n\nSee [[no-such-entry]].\n\n",
    );
    e.assert_like_full_build(&r);
    assert_eq!(messages(&r).len(), 2, "{:#?}", messages(&r));
}

#[test]
fn a_session_whose_first_build_failed_replaces_the_old_site_once_fixed() {
    let project = Project::from_fixture("valid/basic");
    let before = project.with_previous_site();
    let text = project.read(BRIEF);
    project.write(BRIEF, text.replacen("sheinbaum]", "sheinbam]", 1));
    let mut session = Session::new(options(project.root(), "site"));
    assert!(session.build().is_err());
    assert_same_tree(&project.tree(), &{
        let mut t = before;
        t.0.insert(BRIEF.into(), project.read(BRIEF).into_bytes());
        t
    });
    project.write(BRIEF, &text);
    let r = session.rebuild(&[project.path(BRIEF)]);
    let mut e = Editing {
        project,
        session,
        previous: Previous::None,
    };
    // The previous build's pages (site/briefs/old.html) are gone.
    e.assert_like_full_build(&r);
    assert!(r.is_ok());
    let r = e.replace(BRIEF, "A second transfer", "A later transfer");
    e.assert_like_full_build(&r);
    assert!(!e.session.stats().full);
}

#[test]
fn an_id_used_twice_is_reported_until_one_file_goes() {
    let mut e = Editing::new(Project::from_fixture("valid/basic"));
    let actor = e.read("content/actors/sheinbaum.md");
    let r = e.write(
        "content/actors/transfers.md",
        &actor
            .replace("Claudia Sheinbaum", "Someone Else")
            .replace("[Sheinbaum]", "[Else]"),
    );
    e.assert_like_full_build(&r);
    assert!(r.is_err());
    // An edit elsewhere while the duplicate stands still reports it.
    let r = e.replace(BRIEF, "A second transfer", "A later transfer");
    e.assert_like_full_build(&r);
    assert!(r.is_err());
    let r = e.remove("content/actors/transfers.md");
    e.assert_like_full_build(&r);
    assert!(r.is_ok());
}

#[test]
fn paths_outside_the_project_fall_back_to_a_full_build() {
    let mut e = Editing::new(Project::from_fixture("valid/basic"));
    // The watcher should never report these; if it does, nothing outside the
    // project is read as content, and the build stays correct.
    let outside = std::env::temp_dir().join("briefbook-not-content.md");
    for path in [
        outside,
        PathBuf::from("content/../../etc/passwd"),
        PathBuf::from("/"),
    ] {
        let r = e.session.rebuild(&[path]);
        assert!(e.session.stats().full);
        e.assert_like_full_build(&r);
    }
    // Files the build itself writes are ignored.
    let r = e.session.rebuild(&[e.path("site/index.html")]);
    assert!(!e.session.stats().full);
    e.assert_like_full_build(&r);
}

/// Entries may sit in subfolders of their kind's folder: an edit there is
/// rebuilt like any other, and a brief moved to another subfolder keeps its
/// page.
#[test]
fn entries_in_subfolders_rebuild_like_the_others() {
    let mut editing = Editing::new(Project::from_fixture("subfolders/nested"));
    let brief = "content/briefs/2026/transfers.md";
    let rebuilt = editing.replace(
        brief,
        "title: Transfers to the United States",
        "title: Transfers north",
    );
    editing.assert_like_full_build(&rebuilt);
    assert!(
        editing
            .read("site/briefs/transfers.html")
            .contains("Transfers north")
    );

    let text = editing.read(brief);
    std::fs::remove_file(editing.path(brief)).expect("remove the file");
    editing
        .project
        .write("content/briefs/2025/transfers.md", &text);
    let moved = editing.path("content/briefs/2025/transfers.md");
    let rebuilt = editing.session.rebuild(&[editing.path(brief), moved]);
    editing.assert_like_full_build(&rebuilt);
    assert!(editing.path("site/briefs/transfers.html").is_file());
}

/// A year in a brief stands or falls with the events' dates: moving the
/// event (another file than the brief) must recheck the brief's numbers,
/// and editing a number must too, as a full build would.
#[test]
fn numbers_are_rechecked_when_a_number_or_an_events_date_changes() {
    let mut e = Editing::new(Project::from_fixture("numbers/checked"));
    let event = "content/events/transfer-of-37.md";
    let r = e.replace(event, "date: 2026-01-20", "date: 2027-01-20");
    e.assert_like_full_build(&r);
    assert!(
        messages(&r).iter().any(|m| m.contains("the year 2026")),
        "{:?}",
        messages(&r)
    );
    let r = e.replace(event, "date: 2027-01-20", "date: 2026-01-20");
    e.assert_like_full_build(&r);
    assert!(messages(&r).is_empty(), "{:?}", messages(&r));
    let r = e.replace(BRIEF, "total reached 92", "total reached 93");
    e.assert_like_full_build(&r);
    assert!(
        messages(&r).iter().any(|m| m.contains("BB040")),
        "{:?}",
        messages(&r)
    );
}

/// What the freshness notices depend on: a brief's `review_by` (its page
/// and the home page's due list), and the edition's date, which the latest
/// `as_of` sets and every brief's age line and notice is measured against.
#[test]
fn review_dates_and_a_moving_edition_date_match_full_builds() {
    let mut e = Editing::new(Project::from_fixture("freshness/review"));
    let due = |e: &Editing| {
        e.read("site/index.html")
            .contains("briefs/transfers.html</a><span class=\"entry-sub\">review")
    };
    assert!(!due(&e));

    // Due by the edition's date (31 January 2026) now: the home page lists it.
    let r = e.replace(BRIEF, "review_by: 2026-03-01", "review_by: 2026-01-31");
    assert!(r.is_ok(), "{:?}", messages(&r));
    e.assert_like_full_build(&r);
    assert!(
        e.read("site/index.html")
            .contains(r#"<a href="briefs/transfers.html">Transfers to the United States</a><span class="entry-sub">review by"#)
    );

    // The latest as_of moves the edition's date to 30 June 2026: every
    // brief's age changes, and so does what is due.
    let r = e.replace(BRIEF, "review_by: 2026-01-31", "review_by: 2026-07-01");
    e.assert_like_full_build(&r);
    let tariffs = e.read("content/briefs/tariffs.md");
    let later = tariffs
        .replace("as_of: 2025-12-10", "as_of: 2026-06-30")
        .replace("review_by: 2026-01", "review_by: 2026-09");
    let r = e.write("content/briefs/tariffs.md", &later);
    assert!(r.is_ok(), "{:?}", messages(&r));
    e.assert_like_full_build(&r);
    assert!(
        e.read("site/briefs/transfers.html")
            .contains("<span class=\"age\"> — 4 months before this edition</span>")
    );
    assert!(!e.read("site/briefs/tariffs.html").contains("review-due"));

    // And back: the edition's date is the transfers brief's again.
    let r = e.write("content/briefs/tariffs.md", &tariffs);
    assert!(r.is_ok(), "{:?}", messages(&r));
    e.assert_like_full_build(&r);
    assert!(
        e.read("site/briefs/tariffs.html")
            .contains("<span class=\"age\"> — 7 weeks before this edition</span>")
    );
}

/// `serve` compares with the site it started over: its first build
/// replaces that site, yet every rebuild still shows the changes since it,
/// as a full build with that site as `--previous` does; and an edit that
/// changes what a page's "changed" note or the home page's counts say
/// renders those pages again.
#[test]
fn rebuilds_compare_with_the_site_the_session_started_over() {
    let project = Project::from_fixture("valid/basic");
    let run = project.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let published = project.path("published");
    copy_tree(&project.path("site"), &published);
    let toml = project.read("briefbook.toml");
    project.write(
        "briefbook.toml",
        toml.replace(
            "archive = \"archive\"\n",
            "archive = \"archive\"\nedition_date = \"2026-02-15\"\n",
        ),
    );
    let site = project.path("site");
    let mut e = Editing::over(project, Previous::Folder(site), Previous::Folder(published));
    assert!(
        e.read("site/changes.html")
            .contains("Nothing was added, changed or removed")
    );

    // A brief changed: its note, the home page's counts, the page, the feed.
    let r = e.replace(
        BRIEF,
        "A second transfer followed",
        "A second, larger transfer followed",
    );
    e.assert_like_full_build(&r);
    assert!(
        e.read("site/briefs/transfers.html")
            .contains("Changed since the last edition (31 January 2026)")
    );
    assert!(
        e.read("site/index.html")
            .contains("1 changed, 0 added, 0 removed")
    );
    // Changed back: no change left anywhere.
    let r = e.replace(
        BRIEF,
        "A second, larger transfer followed",
        "A second transfer followed",
    );
    e.assert_like_full_build(&r);
    assert!(!e.read("site/briefs/transfers.html").contains("change-note"));
    // A title and an as-of date changed (only the edited entry is hashed
    // again), then changed back.
    let r = e.replace(
        BRIEF,
        "title: Transfers to the United States",
        "title: Transfers north",
    );
    e.assert_like_full_build(&r);
    assert!(e.read("site/changes.html").contains("Transfers north"));
    let r = e.replace(BRIEF, "as_of: 2026-01-31", "as_of: 2026-02-10");
    e.assert_like_full_build(&r);
    let r = e.replace(BRIEF, "as_of: 2026-02-10", "as_of: 2026-01-31");
    e.assert_like_full_build(&r);
    let r = e.replace(
        BRIEF,
        "title: Transfers north",
        "title: Transfers to the United States",
    );
    e.assert_like_full_build(&r);
    assert!(!e.read("site/briefs/transfers.html").contains("change-note"));
    // An entry added and one removed.
    let r = e.write(
        "content/actors/ebrard.md",
        "---\nname: Marcelo Ebrard\nkind: person\nrole: Economy secretary\ncountry: Mexico\n---\n\nLeads the tariff talks.\n",
    );
    e.assert_like_full_build(&r);
    let r = e.remove("content/actors/ebrard.md");
    e.assert_like_full_build(&r);
    assert!(
        e.read("site/changes.html")
            .contains("Nothing was added, changed or removed")
    );
}

/// A published source's page lists every place that quotes it, so an edit
/// to any brief can change it; the notes' "read in context" links follow
/// `publish_text`. Every rebuild matches a full build.
#[test]
fn rebuilds_keep_the_source_reader_like_full_builds() {
    let mut e = Editing::new(Project::from_fixture("reader/basic"));
    let source = "content/sources/harbor-report.md";
    // A new quotation of an untouched paragraph, in another brief.
    let r = e.replace(
        "content/briefs/fees.md",
        "rose with them",
        "rose with them, and a terminal is planned [@harbor-report, \"plans a second terminal\"]",
    );
    e.assert_like_full_build(&r);
    assert!(
        e.read("site/sources/harbor-report.html")
            .contains("The authority <mark class=\"quoted\"")
    );
    // A section renamed: the places name the new heading.
    let r = e.replace("content/briefs/traffic.md", "## Outlook", "## What next");
    e.assert_like_full_build(&r);
    assert!(
        e.read("site/sources/harbor-report.html")
            .contains("What next")
    );
    // A title changed: the places name the brief by its new title.
    let r = e.replace(
        "content/briefs/fees.md",
        "title: Harbor fees",
        "title: Harbor dues",
    );
    e.assert_like_full_build(&r);
    assert!(
        e.read("site/sources/harbor-report.html")
            .contains("Harbor dues")
    );
    // A passage no brief quotes any more leaves the reader, and a citation
    // without a quotation counts as one.
    let r = e.replace(
        "content/briefs/fees.md",
        "[@harbor-report, \"plans a second terminal\"]",
        "[@harbor-report]",
    );
    e.assert_like_full_build(&r);
    assert!(
        !e.read("site/sources/harbor-report.html")
            .contains("The authority <mark class=\"quoted\"")
    );
    // Publishing turned off, then on again.
    let r = e.replace(source, "publish_text: true\n", "");
    e.assert_like_full_build(&r);
    assert!(
        !e.read("site/briefs/traffic.html")
            .contains("Read in context")
    );
    let r = e.replace(
        source,
        "archive: harbor-report.txt\n",
        "archive: harbor-report.txt\npublish_text: true\n",
    );
    e.assert_like_full_build(&r);
    assert!(
        e.read("site/briefs/traffic.html")
            .contains("Read in context")
    );
}
