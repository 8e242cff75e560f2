//! Freshness: `review_by`, the age of each brief's information, and the
//! home page's "Due for review" list. The pages are decided against the
//! edition's date; only the terminal warning (BB043) asks the clock, here
//! set with BRIEFBOOK_TODAY.
//!
//! The fixture `freshness/review` has an edition date of 31 January 2026
//! (the latest `as_of`), and three briefs: `transfers` (as of that day,
//! review by 1 March 2026: not due), `tariffs` (as of 10 December 2025,
//! review in January 2026: due) and the internal `back-channel` (review by
//! 20 January 2026: due, but only in the internal edition).

use crate::support::{Project, Tree, assert_same_tree};

const TARIFFS_OVERDUE: &str = "content/briefs/tariffs.md:7:12: warning[BB043]: this brief is due for review: its `review_by` is January 2026 (today is 1 June 2026)";
const TRANSFERS_OVERDUE: &str = "content/briefs/transfers.md:7:12: warning[BB043]: this brief is due for review: its `review_by` is 1 March 2026 (today is 1 June 2026)";

fn built(today: &str, args: &[&str]) -> (Project, crate::support::Run) {
    let project = Project::from_fixture("freshness/review");
    let run = project.run_with_env(args, &[("BRIEFBOOK_TODAY", today)]);
    (project, run)
}

#[test]
fn a_brief_due_at_the_edition_date_says_so_and_the_home_page_lists_it() {
    let (project, run) = built("2026-02-01", &["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let tariffs = project.read("site/briefs/tariffs.html");
    assert!(
        tariffs.contains(r#"<p class="review-due"><strong>Due for review.</strong> This brief was to be reviewed in <time datetime="2026-01">January 2026</time>; this edition is dated 31 January 2026, so its information may be out of date.</p>"#),
        "{tariffs}"
    );
    // Not due by the edition's date: no notice, whatever the clock says.
    let transfers = project.read("site/briefs/transfers.html");
    assert!(!transfers.contains("review-due"), "{transfers}");

    let home = project.read("site/index.html");
    let due = &home[home
        .find(r#"<section class="due-for-review""#)
        .expect("a due list")..];
    let due = &due[..due.find("</section>").unwrap()];
    assert!(
        due.contains(r#"<li><a href="briefs/tariffs.html">Tariffs and the transfers</a><span class="entry-sub">review in <time datetime="2026-01">January 2026</time> · as of 10 December 2025</span></li>"#),
        "{due}"
    );
    assert!(!due.contains("transfers.html\""), "{due}");
    // The internal brief is in no page of the public edition.
    assert!(!home.contains("back channel"), "{home}");

    // The internal edition lists it too, earliest review first (January
    // counts from its first day, before 20 January).
    let run = project.run_with_env(
        &["build", "--edition", "internal", "-o", "internal"],
        &[("BRIEFBOOK_TODAY", "2026-02-01")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let home = project.read("internal/index.html");
    let due = &home[home
        .find(r#"<section class="due-for-review""#)
        .expect("a due list")..];
    let due = &due[..due.find("</section>").unwrap()];
    let back = due.find("briefs/back-channel.html").expect("listed");
    let tariffs = due.find("briefs/tariffs.html").expect("listed");
    assert!(tariffs < back, "{due}");
}

#[test]
fn no_due_list_when_nothing_is_due() {
    let project = Project::from_fixture("freshness/review");
    project.write(
        "content/briefs/tariffs.md",
        project
            .read("content/briefs/tariffs.md")
            .replace("review_by: 2026-01", "review_by: 2026-02"),
    );
    let run = project.run_with_env(&["build"], &[("BRIEFBOOK_TODAY", "2027-01-01")]);
    assert_eq!(run.code, 0, "{run:?}");
    let home = project.read("site/index.html");
    assert!(!home.contains("Due for review"), "{home}");
    assert!(
        !project
            .read("site/briefs/tariffs.html")
            .contains("review-due")
    );
}

#[test]
fn every_brief_gives_the_age_of_its_information_at_the_edition_date() {
    let (project, run) = built("2026-02-01", &["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    for (page, line) in [
        (
            "site/briefs/transfers.html",
            r#"Information as of <time datetime="2026-01-31">31 January 2026</time><span class="age"> — current to this edition</span></p>"#,
        ),
        (
            "site/briefs/tariffs.html",
            r#"Information as of <time datetime="2025-12-10">10 December 2025</time><span class="age"> — 7 weeks before this edition</span></p>"#,
        ),
    ] {
        let html = project.read(page);
        assert!(html.contains(line), "{page} lacks {line}:\n{html}");
    }
    // The print edition's briefs say the same, with the notice.
    let print = project.read("site/print.html");
    assert!(print.contains(r#"<span class="age"> — 7 weeks before this edition</span>"#));
    assert!(print.contains(r#"<span class="age"> — current to this edition</span>"#));
    assert_eq!(print.matches(r#"<p class="review-due">"#).count(), 1);

    // An edition date set in briefbook.toml moves every age.
    let toml = project.read("briefbook.toml");
    project.write(
        "briefbook.toml",
        toml.replacen(
            "archive = \"archive\"",
            "archive = \"archive\"\nedition_date = \"2026-06-15\"",
            1,
        ),
    );
    let run = project.run_with_env(&["build"], &[("BRIEFBOOK_TODAY", "2026-02-01")]);
    assert_eq!(run.code, 0, "{run:?}");
    let transfers = project.read("site/briefs/transfers.html");
    assert!(
        transfers.contains(r#"<span class="age"> — 4 months before this edition</span>"#),
        "{transfers}"
    );
    // …and what is due: at 15 June 2026 the transfers brief is too.
    assert!(transfers.contains("This brief was to be reviewed by <time datetime=\"2026-03-01\">1 March 2026</time>; this edition is dated 15 June 2026"), "{transfers}");
}

/// Two builds of the same input, a day and months apart by the clock: the
/// same site, byte for byte; only the terminal's warnings differ.
#[test]
fn the_clock_changes_the_warnings_but_never_the_site() {
    let project = Project::from_fixture("freshness/review");
    let early = project.run_with_env(&["build"], &[("BRIEFBOOK_TODAY", "2026-02-01")]);
    assert_eq!(early.code, 0, "{early:?}");
    let first = Tree::of(&project.path("site"));
    let late = project.run_with_env(&["build"], &[("BRIEFBOOK_TODAY", "2026-06-01")]);
    assert_eq!(late.code, 0, "{late:?}");
    assert_same_tree(&first, &Tree::of(&project.path("site")));

    assert_eq!(early.count("warning"), 2, "{}", early.stderr);
    assert!(!early.stderr.contains("transfers.md"), "{}", early.stderr);
    assert_eq!(late.count("warning"), 3, "{}", late.stderr);
    assert!(late.stderr.contains(TARIFFS_OVERDUE), "{}", late.stderr);
    assert!(late.stderr.contains(TRANSFERS_OVERDUE), "{}", late.stderr);
    assert!(
        late.stderr.contains(
            "  = hint: check the brief against newer sources, then update `as_of` and set a later `review_by` (or remove it)"
        ),
        "{}",
        late.stderr
    );
    // Before any review_by: no warning at all.
    let before = project.run_with_env(&["build"], &[("BRIEFBOOK_TODAY", "2025-12-31")]);
    assert_eq!(before.code, 0, "{before:?}");
    assert_eq!(before.count("warning"), 0, "{}", before.stderr);
    assert_same_tree(&first, &Tree::of(&project.path("site")));
}

#[test]
fn an_overdue_review_is_an_error_under_strict_and_in_json() {
    let (project, run) = built("2026-06-01", &["build", "--strict"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr
            .contains("content/briefs/tariffs.md:7:12: error[BB043]"),
        "{}",
        run.stderr
    );
    assert!(!project.path("site").exists());
    let run = project.run_with_env(
        &["check", "--format", "json"],
        &[("BRIEFBOOK_TODAY", "2026-06-01")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains(r#"{"severity":"warning","code":"BB043","name":"review-overdue","file":"content/briefs/tariffs.md","line":7,"column":12,"end_column":19,"#),
        "{}",
        run.stdout
    );
    let run = project.run_with_env(&["build", "--strict"], &[("BRIEFBOOK_TODAY", "2025-12-31")]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn review_by_before_as_of_or_as_a_range_is_an_error() {
    let project = Project::from_fixture("freshness/review");
    let tariffs = project.read("content/briefs/tariffs.md");
    project.write(
        "content/briefs/tariffs.md",
        tariffs.replace("review_by: 2026-01", "review_by: 2025-11-30"),
    );
    let run = project.run_with_env(&["check"], &[("BRIEFBOOK_TODAY", "2025-01-01")]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains("content/briefs/tariffs.md:7:12: error[BB044]: `review_by` (30 November 2025) is before the brief's `as_of` (10 December 2025)"),
        "{}",
        run.stderr
    );
    // The same month as as_of is not before it.
    project.write(
        "content/briefs/tariffs.md",
        tariffs.replace("review_by: 2026-01", "review_by: 2025-12"),
    );
    let run = project.run_with_env(&["check"], &[("BRIEFBOOK_TODAY", "2025-01-01")]);
    assert_eq!(run.code, 0, "{run:?}");
    for (value, message) in [
        (
            "2026-01..2026-02",
            "error[BB019]: invalid date in `review_by`: `2026-01..2026-02` is a range; `review_by` takes one date",
        ),
        (
            "2026-02-30",
            "error[BB019]: invalid date in `review_by`: February 2026 has no day 30",
        ),
        (
            "soon",
            "error[BB019]: invalid date in `review_by`: `soon` is not a date",
        ),
    ] {
        project.write(
            "content/briefs/tariffs.md",
            tariffs.replace("review_by: 2026-01", &format!("review_by: {value}")),
        );
        let run = project.run_with_env(&["check"], &[("BRIEFBOOK_TODAY", "2025-01-01")]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(run.stderr.contains(message), "{value}: {}", run.stderr);
    }
}

/// BRIEFBOOK_TODAY comes from outside: anything but a day is refused, with
/// nothing written, rather than silently replaced by the clock.
#[test]
fn briefbook_today_that_is_not_a_day_is_refused() {
    let project = Project::from_fixture("freshness/review");
    for value in [
        "2026-06",
        "tomorrow",
        "2026-02-30",
        "../../etc/passwd",
        "2026-06-01\n",
    ] {
        let run = project.run_with_env(&["build"], &[("BRIEFBOOK_TODAY", value)]);
        if value == "2026-06-01\n" {
            // Surrounding whitespace is forgiven, as in every date.
            assert_eq!(run.code, 0, "{run:?}");
            continue;
        }
        assert_eq!(run.code, 1, "{value}: {run:?}");
        assert!(
            run.stderr.starts_with(&format!(
                "BRIEFBOOK_TODAY: error: BRIEFBOOK_TODAY is set to `{value}`, which is not a day\n"
            )),
            "{}",
            run.stderr
        );
    }
    let _ = std::fs::remove_dir_all(project.path("site"));
    let run = project.run_with_env(&["build"], &[("BRIEFBOOK_TODAY", "")]);
    assert_eq!(run.code, 0, "an empty value means the clock: {run:?}");
}
