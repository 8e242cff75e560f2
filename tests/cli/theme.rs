//! Templates a site overrides, template errors, automatic actor links and
//! code highlighting.

use crate::support::Project;

/// A brief whose body exercises the mention rules.
const MENTIONS: &str = "---
title: Mentions
summary: Where names are linked.
topic: extraditions
as_of: 2026-01-31
status: draft
---

## Sheinbaum in a heading

Claudia Sheinbaum spoke, and then SHEINBAUM spoke again [@crisis-group-qa].

`Sheinbaum` in code and [Sheinbaum in a link](https://example.org) stay as they are [@crisis-group-qa].

## Second section

Here Sheinbaum is linked once more [@crisis-group-qa].

```rust
fn main() { let x = 1; }
```
";

#[test]
fn a_site_template_overrides_the_themes() {
    let project = Project::from_fixture("valid/basic");
    project.write(
        "templates/brief.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">{{ entry.title }}</p>{% endblock content %}",
    );
    project.run(&["build"]).assert_succeeds_with("");
    let html = project.read("site/briefs/transfers.html");
    assert!(
        html.contains("<p class=\"custom\">Transfers to the United States</p>"),
        "{html}"
    );
    assert!(
        html.contains("static/style.css"),
        "still the theme's base template"
    );
}

#[test]
fn template_error_names_the_template_and_its_line() {
    let project = Project::from_fixture("valid/basic");
    let before = project.with_previous_site();
    project.write(
        "templates/event.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ entry.title | nosuchfilter }}</p>\n{% endblock content %}\n",
    );
    let run = project.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("templates/event.html:3:"),
        "the message starts at the template's line: {}",
        run.stderr
    );
    assert!(run.stderr.contains("nosuchfilter"), "{}", run.stderr);
    assert_eq!(project.tree(), {
        let mut t = before;
        t.0.insert(
            "templates/event.html".into(),
            project.read("templates/event.html").into_bytes(),
        );
        t
    });
}

#[test]
fn names_are_linked_once_per_section_and_never_in_headings_code_or_links() {
    let project = Project::from_fixture("valid/basic");
    project.write("content/briefs/mentions.md", MENTIONS);
    project.run(&["build"]).assert_succeeds_with("");
    let html = project.read("site/briefs/mentions.html");
    let links = html.matches("href=\"../actors/sheinbaum.html\"").count();
    // One in each of the two sections; the sidebar lists no actors here.
    assert_eq!(links, 2, "{html}");
    assert!(html.contains("<code>Sheinbaum</code>"));
    assert!(
        html.contains(">Sheinbaum in a heading<"),
        "heading text is not linked"
    );
    assert!(html.contains("<a href=\"https://example.org\">Sheinbaum in a link</a>"));
    assert!(
        html.contains(">Claudia Sheinbaum</a>"),
        "the longest name wins"
    );
    let actor = project.read("site/actors/sheinbaum.html");
    assert!(
        actor.contains("Claudia Sheinbaum spoke, and then SHEINBAUM spoke again."),
        "the actor page quotes the sentence of the mention: {actor}"
    );
}

#[test]
fn a_name_that_fits_two_actors_is_reported_not_guessed() {
    let project = Project::from_fixture("valid/basic");
    project.write(
        "content/actors/other-claudia.md",
        "---\nname: Claudia Other\nkind: person\nrole: r\ncountry: not recorded\naliases: [Sheinbaum]\n---\n\nAnother person.\n",
    );
    project.write("content/briefs/mentions.md", MENTIONS);
    let run = project.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: `SHEINBAUM` could name `other-claudia` or `sheinbaum`; it is not linked"
        ) || run
            .stderr
            .contains("could name `other-claudia` or `sheinbaum`"),
        "{}",
        run.stderr
    );
}

#[test]
fn code_blocks_are_highlighted_with_classes() {
    let project = Project::from_fixture("valid/basic");
    project.write("content/briefs/mentions.md", MENTIONS);
    project.run(&["build"]).assert_succeeds_with("");
    let html = project.read("site/briefs/mentions.html");
    assert!(
        html.contains("<pre class=\"code\" data-lang=\"rust\">"),
        "{html}"
    );
    assert!(html.contains("class=\"hl-"));
    assert!(project.read("site/static/highlight.css").contains(".hl-"));
}

/// The code colours are 19 KB: only a page that shows code loads them.
#[test]
fn highlight_css_is_linked_only_from_pages_with_code() {
    let project = Project::from_fixture("valid/basic");
    project.write("content/briefs/mentions.md", MENTIONS);
    project.run(&["build"]).assert_succeeds_with("");
    assert!(
        project
            .read("site/briefs/mentions.html")
            .contains("href=\"../static/highlight.css?v=")
    );
    for page in ["site/index.html", "site/timeline.html", "site/search.html"] {
        assert!(!project.read(page).contains("highlight.css"), "{page}");
    }
}

#[test]
fn template_error_while_rendering_points_into_the_template() {
    let project = Project::from_fixture("valid/basic");
    project.write(
        "templates/source.html",
        "{% extends \"base.html\" %}\n{% block content %}\n\n<p>{{ entry.title + 1 }}</p>\n{% endblock content %}\n",
    );
    let run = project.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("templates/source.html:4:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("4 | <p>{{ entry.title + 1 }}</p>"),
        "{}",
        run.stderr
    );
}

#[test]
fn mention_links_setting_chooses_which_mentions_are_linked() {
    let count = |setting: &str| {
        let project = Project::from_fixture("valid/basic");
        let config = project.read("briefbook.toml");
        project.write(
            "briefbook.toml",
            format!("mention_links = \"{setting}\"\n{config}"),
        );
        project.write("content/briefs/mentions.md", MENTIONS);
        project.run(&["build"]).assert_succeeds_with("");
        project
            .read("site/briefs/mentions.html")
            .matches("href=\"../actors/sheinbaum.html\"")
            .count()
    };
    assert_eq!(count("first-per-section"), 2);
    assert_eq!(count("first-per-page"), 1);
    assert_eq!(
        count("every"),
        3,
        "every mention outside headings, code and links"
    );
    assert_eq!(count("none"), 0);
}
