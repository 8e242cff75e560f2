//! `briefbook schema`: the JSON Schema editors use for the front-matter.
//! The schema is checked the way a user relies on it: every file of this
//! repository's own content/ passes it, and each kind of mistake an editor
//! makes fails both the schema and `briefbook check`, so the two agree.

use std::path::{Path, PathBuf};

use briefbook::front_matter::{split, yaml_to_json};
use briefbook::model::Kind;
use jsonschema::Validator;
use serde_json::Value;

use crate::support::Project;

const KINDS: [&str; 5] = ["brief", "actor", "event", "source", "home"];

/// The repository: its briefbook.toml and content/ are the briefing it ships.
fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `briefbook schema [KIND] --root ROOT` and reads what it prints.
fn schema(root: &Path, kind: Option<&str>) -> Value {
    let mut args = vec!["schema"];
    args.extend(kind);
    let root_arg = root.to_str().expect("a UTF-8 path");
    args.extend(["--root", root_arg]);
    let run = Project::empty().run(&args);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{args:?}");
    let schema: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("`briefbook {args:?}` printed no JSON: {e}"));
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "{args:?}"
    );
    if let Err(e) = jsonschema::meta::validate(&schema) {
        panic!("`briefbook {args:?}` printed an invalid schema: {e}");
    }
    schema
}

fn validator(schema: &Value) -> Validator {
    jsonschema::draft202012::new(schema).expect("a usable schema")
}

/// The front-matter of a content file as the JSON an editor's YAML tooling
/// validates.
fn front_matter(text: &str) -> Value {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let s = split(text).expect("a front-matter");
    yaml_to_json(&text[s.yaml_start..s.yaml_end]).expect("valid YAML")
}

/// The schema kind of a file under content/, from its place.
fn kind_of(relative: &Path) -> &'static str {
    let parts: Vec<_> = relative.iter().filter_map(|p| p.to_str()).collect();
    match parts.as_slice() {
        ["index.md"] => "home",
        [folder, _] => Kind::from_folder(folder)
            .unwrap_or_else(|| panic!("no kind for {}", relative.display()))
            .name(),
        _ => panic!("unexpected content file {}", relative.display()),
    }
}

/// The problems the validator finds, one line each.
fn problems(validator: &Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn every_content_file_of_the_repository_passes_its_kinds_schema() {
    let root = repository();
    let validators: Vec<(&str, Validator)> = KINDS
        .iter()
        .map(|&k| (k, validator(&schema(&root, Some(k)))))
        .collect();
    let all = validator(&schema(&root, None));
    let content = root.join("content");
    let mut checked = std::collections::BTreeMap::<&str, usize>::new();
    let mut failures = Vec::new();
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.expect("walk content/");
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let relative = entry.path().strip_prefix(&content).expect("under content/");
        let kind = kind_of(relative);
        let text = std::fs::read_to_string(entry.path()).expect("read a content file");
        let instance = front_matter(&text);
        let (_, own) = validators.iter().find(|(k, _)| *k == kind).expect("a kind");
        for problem in problems(own, &instance) {
            failures.push(format!("{} ({kind}): {problem}", relative.display()));
        }
        if !all.is_valid(&instance) {
            failures.push(format!(
                "{}: fails the schema of all kinds",
                relative.display()
            ));
        }
        *checked.entry(kind).or_default() += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every kind was really exercised, so the test cannot pass on nothing.
    for kind in KINDS {
        assert!(
            checked.get(kind).is_some_and(|&n| n > 0),
            "no {kind} checked: {checked:?}"
        );
    }
}

/// One mistake an editor makes, written into a file of the `valid/basic`
/// fixture by replacing `from` with `to`.
struct Mistake {
    what: &'static str,
    file: &'static str,
    from: &'static str,
    to: &'static str,
    /// What `briefbook check` says about it.
    check_says: &'static str,
}

const MISTAKES: &[Mistake] = &[
    Mistake {
        what: "an unknown field",
        file: "content/actors/sheinbaum.md",
        from: "aliases: [Sheinbaum]",
        to: "alias: [Sheinbaum]",
        check_says: "warning: unknown field `alias` for actors",
    },
    Mistake {
        what: "a wrong type",
        file: "content/actors/sheinbaum.md",
        from: "aliases: [Sheinbaum]",
        to: "aliases: 5",
        check_says: "error: invalid front-matter: aliases: invalid type",
    },
    Mistake {
        what: "a missing required field",
        file: "content/briefs/transfers.md",
        from: "status: draft\n",
        to: "",
        check_says: "error: missing required field `status`",
    },
    Mistake {
        what: "a topic not in briefbook.toml",
        file: "content/briefs/transfers.md",
        from: "topic: extraditions",
        to: "topic: tariffs",
        check_says: "error: unknown topic `tariffs`",
    },
    Mistake {
        what: "an empty required field",
        file: "content/actors/sheinbaum.md",
        from: "role: President of Mexico",
        to: "role: \" \"",
        check_says: "error: the field `role` is empty",
    },
    Mistake {
        what: "a month that does not exist",
        file: "content/events/2026-01-20-transfer-of-37.md",
        from: "date: 2026-01-20",
        to: "date: 2026-13-20",
        check_says: "error: invalid date in `date`",
    },
    Mistake {
        what: "an event without a source",
        file: "content/events/2026-01-20-transfer-of-37.md",
        from: "sources: [ap-transfer-report]",
        to: "sources: []",
        check_says: "error: missing required field `sources`",
    },
    Mistake {
        what: "an unknown status",
        file: "content/briefs/transfers.md",
        from: "status: draft",
        to: "status: published",
        check_says: "error: unknown status `published`",
    },
    Mistake {
        what: "a name where an id belongs",
        file: "content/events/2026-01-20-transfer-of-37.md",
        from: "actors: [sheinbaum]",
        to: "actors: [Claudia Sheinbaum]",
        check_says: "error: unknown actor `Claudia Sheinbaum`",
    },
    Mistake {
        what: "an unknown field in a figure",
        file: "content/briefs/transfers.md",
        from: "    unit: people\n    as_of: 2025-02-27",
        to: "    units: people\n    as_of: 2025-02-27",
        check_says: "error: invalid front-matter: figures[0]: unknown field `units`",
    },
    Mistake {
        what: "a range as a review date",
        file: "content/briefs/transfers.md",
        from: "status: draft",
        to: "status: draft\nreview_by: 2026-03..2026-04",
        check_says: "error: invalid date in `review_by`: `2026-03..2026-04` is a range; `review_by` takes one date",
    },
];

/// `error[BB016]: …` as `error: …`.
fn without_codes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("[BB") {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match rest.find(']') {
            Some(j) if j <= 7 => rest = &rest[j + 1..],
            _ => {
                out.push_str("[BB");
                rest = &rest[3..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn mistakes_fail_the_schema_and_check_alike() {
    let pristine = Project::from_fixture("valid/basic");
    let run = pristine.run(&["check"]);
    assert_eq!(run.code, 0, "the fixture is valid: {}", run.stderr);
    for m in MISTAKES {
        let project = Project::from_fixture("valid/basic");
        let kind = kind_of(Path::new(m.file).strip_prefix("content").expect("content/"));
        let schema = validator(&schema(project.root(), Some(kind)));
        let original = project.read(m.file);
        assert!(
            schema.is_valid(&front_matter(&original)),
            "{}: the fixture file already fails",
            m.file
        );
        assert!(
            original.contains(m.from),
            "{}: no `{}` in {}",
            m.what,
            m.from,
            m.file
        );
        let changed = original.replacen(m.from, m.to, 1);
        assert!(
            !schema.is_valid(&front_matter(&changed)),
            "the schema accepts {}",
            m.what
        );
        project.write(m.file, &changed);
        let run = project.run(&["check"]);
        // The messages are compared without their codes (`error[BB016]:`).
        let said = without_codes(&run.stderr);
        assert!(
            said.contains(m.check_says),
            "check on {}: expected `{}` in:\n{}",
            m.what,
            m.check_says,
            run.stderr
        );
    }
}

#[test]
fn topic_ids_in_the_schema_are_the_projects() {
    let project = Project::from_fixture("valid/basic");
    let enum_of = |schema: &Value| schema.pointer("/$defs/TopicId/enum").cloned();
    let ids = serde_json::json!(["extraditions"]);
    assert_eq!(
        enum_of(&schema(project.root(), Some("brief"))),
        Some(ids.clone())
    );
    assert_eq!(enum_of(&schema(project.root(), Some("event"))), Some(ids));
    let toml = project.read("briefbook.toml");
    project.write(
        "briefbook.toml",
        format!("{toml}\n[[topics]]\nid = \"tariffs\"\ntitle = \"Tariffs\"\n"),
    );
    assert_eq!(
        enum_of(&schema(project.root(), Some("brief"))),
        Some(serde_json::json!(["extraditions", "tariffs"]))
    );
}

#[test]
fn schema_of_all_kinds_names_each_kind() {
    let all = schema(&repository(), None);
    for name in ["Brief", "Actor", "Event", "Source", "Home"] {
        let reference = format!("#/$defs/{name}");
        assert!(
            all["oneOf"]
                .as_array()
                .expect("oneOf")
                .iter()
                .any(|s| s["$ref"] == reference.as_str()),
            "no {reference} in oneOf"
        );
        assert!(all["$defs"][name].is_object(), "no $defs/{name}");
    }
}

#[test]
fn schema_outside_a_project_says_where_to_run() {
    let run = Project::empty().run(&["schema", "brief"]);
    // A missing briefbook.toml is an I/O failure, exit 2.
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("cannot read the site settings") && run.stderr.contains("--root"),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_kind_is_a_usage_error() {
    let run = Project::from_fixture("valid/basic").run(&["schema", "briefs"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("possible values: brief, actor, event, source, home"),
        "{}",
        run.stderr
    );
}

/// docs/EDITING.md tells editors to put yaml-language-server's modeline in
/// the front-matter; it is a YAML comment, so check must ignore it.
#[test]
fn schema_modeline_in_front_matter_passes_check() {
    let project = Project::from_fixture("valid/basic");
    let file = "content/briefs/transfers.md";
    let text = project.read(file);
    let with_modeline = text.replacen(
        "---\n",
        "---\n# yaml-language-server: $schema=../../.briefbook/brief.schema.json\n",
        1,
    );
    project.write(file, with_modeline);
    let run = project.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.count("warning"), 0, "{}", run.stderr);
}

/// The example workflow users copy: it parses, and it has the steps the
/// documentation promises.
#[test]
fn example_github_workflow_checks_builds_and_deploys() {
    let path = repository().join("docs/ci/github-actions.yml");
    let text = std::fs::read_to_string(&path).expect("docs/ci/github-actions.yml");
    let workflow = yaml_to_json(&text).expect("the workflow is valid YAML");
    let steps = |job: &str| -> Vec<Value> {
        workflow["jobs"][job]["steps"]
            .as_array()
            .unwrap_or_else(|| panic!("no steps in job `{job}`"))
            .clone()
    };
    let uses = |steps: &[Value], action: &str| {
        steps
            .iter()
            .any(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(action)))
    };
    let runs = |steps: &[Value], words: &[&str]| {
        steps.iter().any(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| words.iter().all(|w| r.contains(w)))
        })
    };
    let build = steps("build");
    assert!(uses(&build, "actions/checkout@"));
    assert!(
        build
            .iter()
            .filter(|s| s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/checkout@")))
            .any(|s| s["with"]["path"].is_string()),
        "a second checkout for the archive"
    );
    assert!(uses(&build, "dtolnay/rust-toolchain@"));
    assert!(runs(
        &build,
        &["briefbook check", "--format github", "--archive"]
    ));
    assert!(runs(&build, &["briefbook build", "--strict", "--archive"]));
    assert!(uses(&build, "actions/upload-pages-artifact@"));
    let deploy = steps("deploy");
    assert!(uses(&deploy, "actions/deploy-pages@"));
    assert_eq!(workflow["jobs"]["deploy"]["needs"], "build");
    assert_eq!(workflow["jobs"]["deploy"]["permissions"]["pages"], "write");
    assert_eq!(
        workflow["jobs"]["deploy"]["permissions"]["id-token"],
        "write"
    );
}
