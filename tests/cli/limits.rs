//! Content that nests or grows without bound: the builder reports it, or
//! builds it, and exits normally. A stack overflow aborts the process and
//! loses every diagnostic of the run, so each case here once could, or
//! could if a walk over the parsed content recursed.
//!
//! Rendering runs on rayon's worker threads (2 MB stacks), not the main
//! thread, so these tests exercise the smaller stack.

use crate::support::{Project, Run};

const BRIEF: &str = "content/briefs/transfers.md";

/// The valid fixture with `extra` appended to its brief's body.
fn brief_with_body_appended(extra: &str) -> Project {
    let project = Project::from_fixture("valid/basic");
    let brief = project.read(BRIEF);
    project.write(BRIEF, format!("{brief}\n{extra}"));
    project
}

/// The valid fixture with the brief's front-matter line `from` replaced.
fn brief_with_front_matter(from: &str, to: &str) -> Project {
    let project = Project::from_fixture("valid/basic");
    let brief = project.read(BRIEF);
    assert!(brief.contains(from), "the fixture has `{from}`");
    project.write(BRIEF, brief.replacen(from, to, 1));
    project
}

/// The run ended by exiting, not by a signal or a runtime abort.
#[track_caller]
fn assert_exited_normally(run: &Run) {
    assert!(
        !run.stderr.contains("overflow") && !run.stderr.contains("panicked"),
        "{}",
        &run.stderr[..run.stderr.len().min(2000)]
    );
    assert!(run.code == 0 || run.code == 1, "exit code {}", run.code);
}

/// The case the mutation run found: a fence with an info string never
/// closes a block, so 1,000 lines of ```` ```disagree ```` nest 1,000 deep;
/// each level was rendered by a recursive call until the stack overflowed.
#[test]
fn a_thousand_disagree_fences_are_an_error_at_the_seventeenth_not_an_abort() {
    let project = brief_with_body_appended(&"```disagree\n".repeat(1000));
    let run = project.run(&["build"]);
    assert_exited_normally(&run);
    // The fixture's brief is 37 lines and one disagree block; the appended
    // fences start on line 39, and the 17th of them is one too deep.
    run.assert_fails_with(
        "content/briefs/transfers.md:55:1: error[BB039]: `disagree` blocks are nested more than 16 deep
   |
55 | ```disagree
   | ^^^^^^^^^^^
   = hint: close each block with a line of backticks before opening the next; a fence with an info string (```disagree) never closes one

error: build failed: 1 error, 0 warnings; nothing was written ([TIME] s)
",
    );
}

/// Sixteen nested blocks, the limit, still render: the limit is not off by one.
#[test]
fn disagree_blocks_nested_sixteen_deep_render() {
    let mut nested = String::new();
    for depth in (1..=16).rev() {
        let fence = "`".repeat(3 + depth);
        nested = format!("{fence}disagree\nLevel {depth}.\n\n{nested}{fence}\n");
    }
    let project = brief_with_body_appended(&nested);
    let run = project.run(&["build"]);
    assert_exited_normally(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = project.read("site/briefs/transfers.html");
    assert_eq!(page.matches("<aside class=\"disagree\"").count(), 17);
    assert!(page.contains("Level 16."));
}

#[test]
fn ten_thousand_nested_blockquotes_build() {
    let project = brief_with_body_appended(&format!("{} deep\n", ">".repeat(10_000)));
    let run = project.run(&["build"]);
    assert_exited_normally(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = project.read("site/briefs/transfers.html");
    assert_eq!(page.matches("<blockquote>").count(), 10_000);
}

#[test]
fn ten_thousand_nested_lists_build() {
    let project = brief_with_body_appended(&format!(
        "{}deep\n\n{}deeper\n",
        "- ".repeat(10_000),
        "1. ".repeat(10_000)
    ));
    let run = project.run(&["build"]);
    assert_exited_normally(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = project.read("site/briefs/transfers.html");
    let plain = Project::from_fixture("valid/basic");
    assert_eq!(plain.run(&["build"]).code, 0);
    let before = plain.read("site/briefs/transfers.html");
    for tag in ["<ul>", "<ol>"] {
        let added = page.matches(tag).count() - before.matches(tag).count();
        assert_eq!(added, 10_000, "{tag}");
    }
}

/// Raw HTML goes through the sanitizer's HTML parser, whose tree building
/// slows with the square of the nesting (20,000 levels took seconds, 100,000
/// minutes): past 512 levels the brief is an error, at the line where the
/// nesting passed the limit, and the run ends at once.
#[test]
fn ten_thousand_nested_raw_html_elements_are_an_error_not_a_stall() {
    let project = brief_with_body_appended(&format!("{}deep\n", "<div>".repeat(10_000)));
    let run = project.run(&["build"]);
    assert_exited_normally(&run);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "content/briefs/transfers.md:39:1: error[BB039]: blocks and HTML elements are nested more than 512 deep in a brief with raw HTML\n"
        ),
        "{}",
        &run.stderr[..run.stderr.len().min(2000)]
    );
}

/// Markdown blocks count too once the brief has raw HTML anywhere: the
/// sanitizer parses the whole body.
#[test]
fn deep_blockquotes_in_a_brief_with_raw_html_are_an_error() {
    let deep = format!("<span>raw</span>\n\n{}deep\n", "> ".repeat(20_000));
    let run = brief_with_body_appended(&deep).run(&["build"]);
    assert_exited_normally(&run);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.count("error"),
        1,
        "{}",
        &run.stderr[..run.stderr.len().min(2000)]
    );
    assert!(run.stderr.contains(
        ":41:1025: error[BB039]: blocks and HTML elements are nested more than 512 deep"
    ));
}

/// Nesting up to the limit builds, raw HTML and all.
#[test]
fn raw_html_nested_five_hundred_deep_builds() {
    let project = brief_with_body_appended(&format!(
        "{}deep{}\n",
        "<div>".repeat(500),
        "</div>".repeat(500)
    ));
    let run = project.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(project.read("site/briefs/transfers.html").contains("deep"));
}

/// Inline nesting: emphasis, links, wiki links and citation openers.
#[test]
fn ten_thousand_nested_inline_openers_are_reported_not_an_abort() {
    let project = brief_with_body_appended(&format!(
        "{stars}a{stars}\n\n{links}a{ends}\n\n{wiki}a{wiki_ends}\n\n{cites}\n",
        stars = "*".repeat(10_000),
        links = "[".repeat(10_000),
        ends = "](x)".repeat(10_000),
        wiki = "[[".repeat(5_000),
        wiki_ends = "]]".repeat(5_000),
        cites = "[@".repeat(10_000),
    ));
    let run = project.run(&["build"]);
    assert_exited_normally(&run);
    assert!(run.stderr.contains("error[BB025]"), "{}", run.stderr);
}

/// A front-matter field whose value nests 300 lists deep is the wrong type,
/// reported where it is; serde_yaml gives up on deeper values by itself.
#[test]
fn deeply_nested_yaml_in_a_field_is_a_located_type_error() {
    let project = brief_with_front_matter(
        "actors: [garcia-harfuch, sheinbaum]",
        &format!("actors: {}sheinbaum{}", "[".repeat(300), "]".repeat(300)),
    );
    let run = project.run(&["build"]);
    assert_exited_normally(&run);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("content/briefs/transfers.md:7:10: error[BB015]: invalid front-matter: "),
        "{}",
        run.stderr
    );
}

/// An unknown field is skipped however deep its value: a warning, a build.
#[test]
fn deeply_nested_yaml_in_an_unknown_field_is_ignored_with_a_warning() {
    let project = brief_with_front_matter(
        "status: draft",
        &format!(
            "status: draft\nextra: {}{}\nmore: {}{}",
            "[".repeat(10_000),
            "]".repeat(10_000),
            "{a: ".repeat(10_000),
            "}".repeat(10_000)
        ),
    );
    let run = project.run(&["build"]);
    assert_exited_normally(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.count("warning"), 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("transfers.md:7:1: warning[BB016]: unknown field `extra`")
    );
}

/// A 20 MB brief builds, in one piece, with its diagnostics.
#[test]
fn a_twenty_megabyte_brief_builds() {
    let paragraph =
        "The transfer was a sovereign decision, said García Harfuch [@crisis-group-qa]. "
            .repeat(20);
    let body = format!("{paragraph}\n\n").repeat(20_000_000 / (paragraph.len() + 2));
    assert!(body.len() > 19_000_000);
    let project = brief_with_body_appended(&body);
    let run = project.run(&["build"]);
    assert_exited_normally(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        project
            .path("site/briefs/transfers.html")
            .metadata()
            .unwrap()
            .len()
            > 20_000_000
    );
}
