//! Splits a file into its `---` YAML front-matter and markdown body, and
//! reads the front-matter into the content model.
//!
//! This is the one module that knows serde_yaml (unmaintained upstream), so
//! that a fork can replace it here alone. Every position it reports is a byte
//! offset into the whole file: the YAML parser's positions are shifted by the
//! front-matter's start, so an error points at the file's real line.

use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::diagnostic::{Code, Diagnostic, SourceFile, suggest};
pub use crate::model::Parsed;
use crate::model::{
    DateSpec, Figure, FileRole, Kind, Meta, NOT_RECORDED, PartialDate, Ref, ReviewBy, Status,
};
use crate::schema::{EntryId, TopicId};

/// Where the parts of a file are, as byte ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    pub yaml_start: usize,
    pub yaml_end: usize,
    pub body_start: usize,
}

/// Why a file has no usable front-matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    Missing,
    Unterminated,
}

/// Finds the front-matter between a first line `---` and the next line `---`.
pub fn split(text: &str) -> Result<Split, SplitError> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            return Ok(Split {
                yaml_start,
                yaml_end: pos,
                body_start: (end + 1).min(text.len()),
            });
        }
        pos = end + 1;
    }
    Err(SplitError::Unterminated)
}

// The raw front-matter of each kind: the types serde reads and schemars
// describes (`briefbook schema`), so the schema cannot drift from the parser.
//
// Every field is an `Option` so that a missing or empty one gets its own
// located message from `FieldReader`; the schema marks as required what
// `FieldReader` requires, with `#[schemars(required)]` or with a `with` type
// that is not an `Option` (which also keeps the field a `$ref` to a shared
// definition, where `required` would inline it). serde ignores fields a kind does not
// take, because `parse` warns about those with a suggestion instead of
// failing; `#[schemars(deny_unknown_fields)]` makes the schema flag them as
// the warning does. The `///` comments on fields are the schema's
// descriptions, written for editors.

/// The front-matter of a brief (`content/briefs/ID.md`): one topic or
/// question, written from the sources and citing them.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(rename = "Brief", deny_unknown_fields)]
struct RawBrief {
    /// The brief's title, shown as the page heading and in every list.
    /// Example: `Extraditions and mass transfers to the United States`.
    #[schemars(required, pattern(NOT_BLANK), extend("patternErrorMessage" = BLANK_MESSAGE))]
    title: Option<String>,
    /// One or two sentences on the situation and why it matters, shown on
    /// index pages, preview cards and in search results.
    #[schemars(required, pattern(NOT_BLANK), extend("patternErrorMessage" = BLANK_MESSAGE))]
    summary: Option<String>,
    /// The topic the brief belongs to: one of the topic ids in
    /// briefbook.toml. Example: `extraditions`.
    #[schemars(with = "TopicId")]
    topic: Option<String>,
    /// The date the brief's information is current to. Example: `2026-01-20`.
    #[schemars(with = "DateText")]
    as_of: Option<DateText>,
    /// `draft` or `final`. Drafts are marked as such on every page.
    #[schemars(with = "Status")]
    status: Option<String>,
    /// The actors the brief is about, by id (the file name of
    /// `content/actors/ID.md`). Example: `[claudia-sheinbaum, sinaloa-cartel]`.
    #[schemars(with = "Option<Vec<EntryId>>")]
    actors: Option<Vec<String>>,
    /// The brief's events, by id, shown as a compact timeline. Example:
    /// `[2025-02-27-transfer-of-29]`.
    #[schemars(with = "Option<Vec<EntryId>>")]
    events: Option<Vec<String>>,
    /// Sources the brief relies on, by id; sources cited in the body are
    /// added automatically. Example: `[crisis-group-qa-first-100-days]`.
    #[schemars(with = "Option<Vec<EntryId>>")]
    sources: Option<Vec<String>>,
    /// Key figures, each with its date, source and a verbatim quotation.
    figures: Option<Vec<RawFigure>>,
    /// The order within the brief's topic: lower first; default 0, then by
    /// title.
    weight: Option<i64>,
    /// `true` keeps the entry out of the public edition: only
    /// `briefbook build --edition internal` shows it. Default `false`.
    internal: Option<bool>,
    /// The date from which the brief is due for review: a day, a month or a
    /// year (counted from its first day), not before `as_of`. From then on
    /// the brief says so, the home page lists it, and the build warns.
    /// Example: `2026-03-01`.
    // `default`: optional in the schema too (`schema_with` alone makes it
    // required).
    #[serde(default)]
    #[schemars(schema_with = "one_date")]
    review_by: Option<DateText>,
}

/// The front-matter of an actor (`content/actors/ID.md`): a person or an
/// organisation the briefs name.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(rename = "Actor", deny_unknown_fields)]
struct RawActor {
    /// The name as the briefing writes it; mentions of it in bodies are
    /// linked to the actor's page. Example: `Omar García Harfuch`.
    #[schemars(required, pattern(NOT_BLANK), extend("patternErrorMessage" = BLANK_MESSAGE))]
    name: Option<String>,
    /// What the actor is, in a word or two; any text is accepted. Example:
    /// `person`, `organisation`, `government body`, `criminal group`.
    #[schemars(required, pattern(NOT_BLANK), extend("patternErrorMessage" = BLANK_MESSAGE, "examples" = ACTOR_KIND_EXAMPLES))]
    kind: Option<String>,
    /// One line: what the actor is in this story. Example: `Mexico's
    /// security secretary`.
    #[schemars(required, pattern(NOT_BLANK), extend("patternErrorMessage" = BLANK_MESSAGE))]
    role: Option<String>,
    /// The actor's country, or `not recorded` if the sources do not give it.
    #[schemars(required, pattern(NOT_BLANK), extend("patternErrorMessage" = BLANK_MESSAGE))]
    country: Option<String>,
    /// Other names under which the sources name the actor; each is linked
    /// to the actor's page in bodies. Example: `[García Harfuch, Harfuch]`.
    aliases: Option<Vec<String>>,
    /// One line for preview cards; default: the first sentence of the body.
    summary: Option<String>,
    /// Sources about the actor, by id. Example:
    /// `[crisis-group-qa-first-100-days]`.
    #[schemars(with = "Option<Vec<EntryId>>")]
    sources: Option<Vec<String>>,
    /// Key figures, each with its date, source and a verbatim quotation.
    figures: Option<Vec<RawFigure>>,
    /// `true` keeps the entry out of the public edition: only
    /// `briefbook build --edition internal` shows it. Default `false`.
    internal: Option<bool>,
}

/// The front-matter of an event (`content/events/ID.md`): something that
/// happened on a date, with at least one source.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(rename = "Event", deny_unknown_fields)]
struct RawEvent {
    /// What happened, in a few words. Example: `Mexico transfers 29
    /// prisoners to the United States`.
    #[schemars(required, pattern(NOT_BLANK), extend("patternErrorMessage" = BLANK_MESSAGE))]
    title: Option<String>,
    /// When it happened, with the precision the source gives. Example:
    /// `2025-02-27`, `2025-02` or `2025-03-04..2025-03-06`.
    #[schemars(with = "DateText")]
    date: Option<DateText>,
    /// The actors involved, by id. Example: `[omar-garcia-harfuch]`.
    #[schemars(with = "Option<Vec<EntryId>>")]
    actors: Option<Vec<String>>,
    /// The sources that report the event, by id; at least one. Example:
    /// `[crisis-group-qa-first-100-days]`.
    #[schemars(with = "Vec<EntryId>", length(min = 1))]
    sources: Option<Vec<String>>,
    /// The topics the event belongs to: topic ids from briefbook.toml, used
    /// by the timeline's filters. Example: `[extraditions]`.
    #[schemars(with = "Option<Vec<TopicId>>")]
    topics: Option<Vec<String>>,
    /// One line for the timeline and preview cards; default: the first
    /// sentence of the body.
    summary: Option<String>,
    /// Key figures, each with its date, source and a verbatim quotation.
    figures: Option<Vec<RawFigure>>,
    /// `true` keeps the entry out of the public edition: only
    /// `briefbook build --edition internal` shows it. Default `false`.
    internal: Option<bool>,
}

/// The front-matter of a source document (`content/sources/ID.md`): only
/// what can be read off the document itself. Sources may also be declared
/// in a BibTeX/BibLaTeX or CSL-JSON file named by `bibliography` in
/// briefbook.toml, whose fields map to these (docs/EDITING.md).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(rename = "Source", deny_unknown_fields)]
struct RawSource {
    /// The title as in the text, or a description in square brackets when
    /// the text has none. Example: `[Untitled report on the January 2026
    /// transfer]`.
    #[schemars(required, pattern(NOT_BLANK), extend("patternErrorMessage" = BLANK_MESSAGE))]
    title: Option<String>,
    /// The author, or `not recorded`.
    #[schemars(required, pattern(NOT_BLANK), extend("patternErrorMessage" = BLANK_MESSAGE))]
    author: Option<String>,
    /// The publisher, or `not recorded`. Example: `International Crisis
    /// Group`.
    #[schemars(required, pattern(NOT_BLANK), extend("patternErrorMessage" = BLANK_MESSAGE))]
    publisher: Option<String>,
    /// The publication date as far as the text gives it, or `not recorded`.
    /// Example: `2025-01-20`, `2025-01` or `not recorded`.
    #[schemars(required, schema_with = "date_or_not_recorded")]
    published: Option<DateText>,
    /// The document's address, or `not recorded`.
    #[schemars(required, pattern(NOT_BLANK), extend("patternErrorMessage" = BLANK_MESSAGE))]
    url: Option<String>,
    /// What kind of document it is; any text is accepted. Example: `news`,
    /// `analysis`, `interview`, `report`.
    #[schemars(required, pattern(NOT_BLANK), extend("patternErrorMessage" = BLANK_MESSAGE, "examples" = SOURCE_KIND_EXAMPLES))]
    kind: Option<String>,
    /// The file in the archive folder holding the document's full text;
    /// quotations from the source are checked against it. Example:
    /// `crisis-group-qa-2025.txt`.
    archive: Option<String>,
    /// `true` publishes the source's full text (its `archive` file) on its
    /// page, as a reader with the briefing's quotations highlighted. Off by
    /// default: many sources are under copyright. `publish_archive = true`
    /// in briefbook.toml publishes every source's text.
    publish_text: Option<bool>,
    /// `true` keeps the entry out of the public edition: only
    /// `briefbook build --edition internal` shows it. Default `false`.
    internal: Option<bool>,
}

/// The front-matter of the home page (`content/index.md`): the executive
/// overview.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(rename = "Home", deny_unknown_fields)]
struct RawHome {
    /// The home page's title. Example: `Overview`.
    #[schemars(required, pattern(NOT_BLANK), extend("patternErrorMessage" = BLANK_MESSAGE))]
    title: Option<String>,
    /// One or two sentences introducing the briefing.
    summary: Option<String>,
    /// Actors the overview features, by id.
    #[schemars(with = "Option<Vec<EntryId>>")]
    actors: Option<Vec<String>>,
    /// Events the overview features, by id.
    #[schemars(with = "Option<Vec<EntryId>>")]
    events: Option<Vec<String>>,
    /// Sources the overview relies on, by id.
    #[schemars(with = "Option<Vec<EntryId>>")]
    sources: Option<Vec<String>>,
    /// Key figures, each with its date, source and a verbatim quotation.
    figures: Option<Vec<RawFigure>>,
}

/// A file's raw front-matter, read into the type of its kind.
#[derive(Debug)]
enum RawEntry {
    Brief(RawBrief),
    Actor(RawActor),
    Event(RawEvent),
    Source(RawSource),
    Home(RawHome),
}

/// The reference lists and figures, which several kinds share and which are
/// read the same way whatever the kind.
#[derive(Debug, Default)]
struct RawLists {
    actors: Option<Vec<String>>,
    events: Option<Vec<String>>,
    sources: Option<Vec<String>>,
    figures: Option<Vec<RawFigure>>,
}

impl RawEntry {
    /// Reads `yaml` into the type of `role`'s kind. An empty front-matter is
    /// every field missing (serde_yaml refuses an empty document).
    fn from_yaml(role: FileRole, yaml: &str) -> Result<RawEntry, serde_yaml::Error> {
        fn read<T: Default + serde::de::DeserializeOwned>(
            yaml: &str,
        ) -> Result<T, serde_yaml::Error> {
            if yaml.trim().is_empty() {
                Ok(T::default())
            } else {
                serde_yaml::from_str(yaml)
            }
        }
        Ok(match role {
            FileRole::Entry(Kind::Brief) => RawEntry::Brief(read(yaml)?),
            FileRole::Entry(Kind::Actor) => RawEntry::Actor(read(yaml)?),
            FileRole::Entry(Kind::Event) => RawEntry::Event(read(yaml)?),
            FileRole::Entry(Kind::Source) => RawEntry::Source(read(yaml)?),
            FileRole::Home => RawEntry::Home(read(yaml)?),
        })
    }

    /// Whether the entry is marked `internal: true`.
    fn internal(&self) -> bool {
        let internal = match self {
            RawEntry::Brief(r) => r.internal,
            RawEntry::Actor(r) => r.internal,
            RawEntry::Event(r) => r.internal,
            RawEntry::Source(r) => r.internal,
            RawEntry::Home(_) => None,
        };
        internal.unwrap_or(false)
    }

    /// Takes out the lists the kind has; a kind without a list has none.
    fn take_lists(&mut self) -> RawLists {
        match self {
            RawEntry::Brief(r) => RawLists {
                actors: r.actors.take(),
                events: r.events.take(),
                sources: r.sources.take(),
                figures: r.figures.take(),
            },
            RawEntry::Actor(r) => RawLists {
                sources: r.sources.take(),
                figures: r.figures.take(),
                ..RawLists::default()
            },
            RawEntry::Event(r) => RawLists {
                actors: r.actors.take(),
                sources: r.sources.take(),
                figures: r.figures.take(),
                ..RawLists::default()
            },
            RawEntry::Source(_) => RawLists::default(),
            RawEntry::Home(r) => RawLists {
                actors: r.actors.take(),
                events: r.events.take(),
                sources: r.sources.take(),
                figures: r.figures.take(),
            },
        }
    }
}

/// A reference to the JSON Schema of `role`'s front-matter, generated from
/// the type that parses it into `generator`'s definitions.
pub fn json_schema(role: FileRole, generator: &mut SchemaGenerator) -> Schema {
    match role {
        FileRole::Entry(Kind::Brief) => generator.subschema_for::<RawBrief>(),
        FileRole::Entry(Kind::Actor) => generator.subschema_for::<RawActor>(),
        FileRole::Entry(Kind::Event) => generator.subschema_for::<RawEvent>(),
        FileRole::Entry(Kind::Source) => generator.subschema_for::<RawSource>(),
        FileRole::Home => generator.subschema_for::<RawHome>(),
    }
}

/// The JSON Schema of `role`'s front-matter as a document of its own, with
/// `$schema` and its `$defs`.
pub fn root_json_schema(role: FileRole, generator: &mut SchemaGenerator) -> Schema {
    match role {
        FileRole::Entry(Kind::Brief) => generator.root_schema_for::<RawBrief>(),
        FileRole::Entry(Kind::Actor) => generator.root_schema_for::<RawActor>(),
        FileRole::Entry(Kind::Event) => generator.root_schema_for::<RawEvent>(),
        FileRole::Entry(Kind::Source) => generator.root_schema_for::<RawSource>(),
        FileRole::Home => generator.root_schema_for::<RawHome>(),
    }
}

/// A front-matter or any YAML text as JSON, the way a schema-aware editor
/// sees it (`2025` a number, `2025-02-27` a string): for checking content
/// against `briefbook schema`.
pub fn yaml_to_json(yaml: &str) -> Result<serde_json::Value, String> {
    if yaml.trim().is_empty() {
        return Ok(serde_json::Value::Object(serde_json::Map::new()));
    }
    serde_yaml::from_str(yaml).map_err(|e| e.to_string())
}

/// Text with something in it: `FieldReader::required` reports a blank one.
const NOT_BLANK: &str = r"\S";

// `patternErrorMessage` is not JSON Schema: yaml-language-server (and VS
// Code's JSON support) show it instead of the bare regular expression;
// validators that do not know it ignore it.
const BLANK_MESSAGE: &str =
    "The field is empty: write a value, or `not recorded` if the sources do not give it.";

/// Common values of an actor's `kind`, offered as examples; the field takes
/// any text.
const ACTOR_KIND_EXAMPLES: [&str; 6] = [
    "person",
    "organisation",
    "government body",
    "criminal group",
    "country",
    "media outlet",
];

/// Common values of a source's `kind`, offered as examples; the field takes
/// any text.
const SOURCE_KIND_EXAMPLES: [&str; 4] = ["news", "analysis", "interview", "report"];

/// A key figure: a number the briefing tracks, as of a date, with its source
/// and a verbatim quotation that is checked against the source's text.
/// Figures with the same label on one page form a series, drawn as a chart.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Figure")]
struct RawFigure {
    /// What is counted. Example: `Prisoners sent to the U.S. in one transfer`.
    label: String,
    /// The number. Example: `29`.
    value: f64,
    /// The unit, if any. Example: `people`.
    #[serde(default)]
    unit: Option<String>,
    /// The date the number is true of. Example: `2025-02-27`.
    as_of: DateText,
    /// The source that gives the number, by id. Example:
    /// `crisis-group-qa-first-100-days`.
    #[schemars(with = "EntryId")]
    source: String,
    /// A short verbatim quotation from the source that contains the number.
    /// Example: `29 cartel members`.
    quote: String,
}

/// A date as written: YAML reads `2025` as a number and `2025-02-27` as a
/// string; both are accepted here and parsed by the model.
#[derive(Debug)]
struct DateText(String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DateText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date like 2025-02-27, 2025-02 or 2025")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateText, E> {
                Ok(DateText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DateText, E> {
                Ok(DateText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DateText, E> {
                Ok(DateText(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// One date as `PartialDate::parse` reads it: `YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD` with a real month and a day up to 31 (whether the day exists
/// in that month is for `briefbook check`).
const ONE_DATE: &str = r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?";

/// A date or a range `START..END`, with the whitespace `DateSpec::parse`
/// trims.
fn date_pattern() -> String {
    format!(r"^\s*{ONE_DATE}(\s*\.\.\s*{ONE_DATE})?\s*$")
}

impl JsonSchema for DateText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A date with the precision the source gives: a day `2025-02-27`, a month `2025-02`, a year `2025`, or a range `2025-03-04..2025-03-06`. A bare year may be written as a number.",
            "anyOf": [
                {
                    "type": "string",
                    "pattern": date_pattern(),
                    "patternErrorMessage": "Not a date: write a day `2025-02-27`, a month `2025-02`, a year `2025` or a range `2025-03-04..2025-03-06`."
                },
                { "type": "integer", "minimum": 1000, "maximum": 9999 }
            ]
        })
    }
}

/// One date, not a range: a brief's `review_by`.
fn one_date(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "description": "A day `2026-03-01`, a month `2026-03` or a year `2026`; a month or a year counts from its first day. A bare year may be written as a number.",
        "anyOf": [
            {
                "type": "string",
                "pattern": format!(r"^\s*{ONE_DATE}\s*$"),
                "patternErrorMessage": "Not a date: write a day `2026-03-01`, a month `2026-03` or a year `2026`."
            },
            { "type": "integer", "minimum": 1000, "maximum": 9999 }
        ]
    })
}

/// A source's `published`: a date, or `not recorded` when the text does not
/// give one.
fn date_or_not_recorded(generator: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            generator.subschema_for::<DateText>(),
            { "const": NOT_RECORDED }
        ]
    })
}

/// The fields each kind takes, in the order the scaffold writes them.
pub fn fields_of(role: FileRole) -> &'static [&'static str] {
    match role {
        FileRole::Entry(Kind::Brief) => &[
            "title",
            "summary",
            "topic",
            "as_of",
            "status",
            "actors",
            "events",
            "sources",
            "figures",
            "weight",
            "internal",
            "review_by",
        ],
        FileRole::Entry(Kind::Actor) => &[
            "name", "kind", "role", "country", "aliases", "summary", "sources", "figures",
            "internal",
        ],
        FileRole::Entry(Kind::Event) => &[
            "title", "date", "actors", "sources", "topics", "summary", "figures", "internal",
        ],
        FileRole::Entry(Kind::Source) => &[
            "title",
            "author",
            "publisher",
            "published",
            "url",
            "kind",
            "archive",
            "publish_text",
            "internal",
        ],
        FileRole::Home => &["title", "summary", "actors", "events", "sources", "figures"],
    }
}

/// A top-level key of the front-matter and the byte offset (in the file)
/// where it starts.
struct Key<'a> {
    name: &'a str,
    offset: usize,
}

/// Top-level keys, found on the lines that start in column one. Used to point
/// at a field and to report unknown ones; the YAML parser checks the syntax.
fn top_level_keys<'t>(text: &'t str, split: &Split) -> Vec<Key<'t>> {
    let mut keys = Vec::new();
    let mut pos = split.yaml_start;
    for line in text[split.yaml_start..split.yaml_end].split_inclusive('\n') {
        let first = line.chars().next().unwrap_or(' ');
        if !first.is_whitespace()
            && !matches!(first, '#' | '-' | '[' | '{')
            && let Some(colon) = line.find(':')
        {
            let name = line[..colon].trim().trim_matches(|c| c == '"' || c == '\'');
            keys.push(Key { name, offset: pos });
        }
        pos += line.len();
    }
    keys
}

/// Reads a file's front-matter into the model, or explains what is wrong.
/// Warnings (unknown fields) go to `diagnostics` either way.
pub fn parse(
    file: &SourceFile,
    role: FileRole,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Parsed> {
    let text = &file.text;
    let split = match split(text) {
        Ok(s) => s,
        Err(SplitError::Missing) => {
            diagnostics.push(
                file.error(0, 0, "the file has no front-matter")
                    .with_hint("start the file with a line `---`, then the fields (`title: …`), then another line `---`")
                    .with_code(Code::NoFrontMatter),
            );
            return None;
        }
        Err(SplitError::Unterminated) => {
            diagnostics.push(
                file.error(0, 3, "the front-matter is not closed")
                    .with_hint("add a line `---` after the last field, before the body")
                    .with_code(Code::UnclosedFrontMatter),
            );
            return None;
        }
    };
    let yaml = &text[split.yaml_start..split.yaml_end];
    let keys = top_level_keys(text, &split);
    let raw = match RawEntry::from_yaml(role, yaml) {
        Ok(r) => r,
        Err(e) => {
            diagnostics.push(yaml_error(file, &split, &keys, &e));
            return None;
        }
    };
    let allowed = fields_of(role);
    for key in &keys {
        if !allowed.contains(&key.name) {
            let what = match role {
                FileRole::Entry(k) => format!("{}s", k.name()),
                FileRole::Home => "the home page".to_string(),
            };
            let mut d = file.warning(
                key.offset,
                key.name.len(),
                format!("unknown field `{}` for {what}; it is ignored", key.name),
            );
            d = match suggest(key.name, allowed.iter().copied()) {
                Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                None => d.with_hint(format!("the fields are: {}", allowed.join(", "))),
            };
            diagnostics.push(d.with_code(Code::UnknownField));
        }
    }
    let mut reader = FieldReader {
        file,
        split: &split,
        keys: &keys,
        errors: Vec::new(),
    };
    let parsed = reader.read(raw);
    let failed = !reader.errors.is_empty();
    diagnostics.append(&mut reader.errors);
    if failed { None } else { parsed }
}

fn yaml_error(file: &SourceFile, split: &Split, keys: &[Key], e: &serde_yaml::Error) -> Diagnostic {
    let mut offset = e
        .location()
        .map_or(split.yaml_start, |l| split.yaml_start + l.index());
    let mut message = file_positions(&e.to_string(), file, split);
    // An unclosed quotation runs to the end of the front-matter, where the
    // parser notices; the quotation mark itself is what needs fixing.
    if let Some(at) =
        unclosed_quote_offset(&e.to_string(), &file.text[split.yaml_start..split.yaml_end])
    {
        offset = split.yaml_start + at;
        message = "a quotation mark is never closed".to_string();
    } else if let Some((at, closed)) = quote_closed_on_a_later_line(
        &file.text[split.yaml_start..split.yaml_end],
        offset - split.yaml_start,
    ) {
        // Closed further down, the quotation swallowed the lines between
        // and the parser stumbled later on; the fault is where it opens.
        let (closing_line, _) = file.line_col(split.yaml_start + closed);
        offset = split.yaml_start + at;
        message = format!(
            "a quotation mark is not closed on its line: the value runs on to line {closing_line}"
        );
    }
    // serde_yaml places a duplicate key at the start of the document; point
    // at the second occurrence instead.
    if let Some(name) = message
        .strip_prefix("duplicate field `")
        .and_then(|m| m.split('`').next())
        && let Some(second) = keys.iter().filter(|k| k.name == name).nth(1)
    {
        offset = second.offset;
    }
    let (line, col) = file.line_col(offset);
    let line_text = file.line_text(line);
    let indented = line_text.starts_with([' ', '\t']);
    // The first colon of an indented line is a key that should not be there.
    let at_first_colon = line_text
        .find(':')
        .is_some_and(|c| line_text[..c].chars().count() + 1 == col);
    let hint = if message.contains("invalid type") {
        "check the field's type: text, a date, a number, or a list written `[a, b]` or as `- a` lines"
    } else if message.contains("mapping values are not allowed") && indented && at_first_colon {
        "this line is indented as if it belonged to the field above; start each field at the beginning of the line"
    } else if message.contains("mapping values are not allowed") {
        "a value containing `: ` must be quoted: `title: \"A: B\"`"
    } else if message.contains("duplicate field") {
        "each field may appear once; remove one of the two lines"
    } else if message.contains("quotation mark is never closed")
        || message.contains("quotation mark is not closed on its line")
    {
        "close the quotation at the end of the value"
    } else {
        "check the YAML syntax near here: indentation, quotes, and `key: value` pairs"
    };
    let code = if message.contains("invalid type") {
        Code::WrongType
    } else {
        Code::InvalidYaml
    };
    file.error(offset, 1, format!("invalid front-matter: {message}"))
        .with_hint(hint)
        .with_code(code)
}

/// A double-quoted value that opens on a line before `error` (a byte offset
/// into the YAML text) and is closed only on a later line: the offsets of
/// its opening and closing marks. Such a value is valid YAML, but before a
/// parse error it is most likely a missing closing mark.
fn quote_closed_on_a_later_line(yaml: &str, error: usize) -> Option<(usize, usize)> {
    let mut start = 0;
    // The error's offset may fall inside a character; the lines before it
    // are what matters.
    let before = yaml.get(..yaml.floor_char_boundary(error)).unwrap_or(yaml);
    for line in before.split_inclusive('\n') {
        let body = line.trim_end();
        // The value after `key: ` or `- `, when it opens with a quote.
        let value = body.find(": \"").map(|i| i + 2).or_else(|| {
            body.trim_start()
                .starts_with("- \"")
                .then(|| body.find('"').unwrap_or(0))
        });
        if let Some(open) = value
            && body[open..].starts_with('"')
            && closing_quote(&body[open + 1..]).is_none()
        {
            let after = start + open + 1;
            let closed = closing_quote(&yaml[after..])? + after;
            return Some((start + open, closed));
        }
        start += line.len();
    }
    None
}

/// The offset of the first `"` in `text` that is not escaped by a `\`.
fn closing_quote(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'\\' if !escaped => escaped = true,
            b'"' if !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

/// Where the quoted value that serde_yaml found unclosed starts, as a byte
/// offset into the YAML text.
fn unclosed_quote_offset(message: &str, yaml: &str) -> Option<usize> {
    let rest = message
        .split("while scanning a quoted scalar at line ")
        .nth(1)?;
    let (line, rest) = rest.split_once(" column ")?;
    let line: usize = line.parse().ok()?;
    let column: usize = rest
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()?;
    let start: usize = yaml
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let text = yaml.get(start..)?;
    let in_line = text
        .char_indices()
        .nth(column.checked_sub(1)?)
        .map_or(text.len(), |(i, _)| i);
    Some(start + in_line)
}

/// serde_yaml's message with its positions (` at line L column C`, counted
/// from the front-matter's first line) dropped where the diagnostic already
/// says where, and moved to the file's real lines elsewhere.
fn file_positions(message: &str, file: &SourceFile, split: &Split) -> String {
    let first_line = file.line_col(split.yaml_start).0 - 1;
    let mut out = String::new();
    let mut rest = message;
    let mut first = true;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let line: usize = after[..digits].parse().unwrap_or(0);
        let tail = &after[digits..];
        let (column, tail) = match tail.strip_prefix(" column ") {
            Some(c) => {
                let n = c.bytes().take_while(u8::is_ascii_digit).count();
                (Some(&c[..n]), &c[n..])
            }
            None => (None, tail),
        };
        if !first {
            out.push_str(&format!(" at line {}", line + first_line));
            if let Some(c) = column {
                out.push_str(&format!(" column {c}"));
            }
        }
        first = false;
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Checks the raw fields of one file against its kind.
struct FieldReader<'a> {
    file: &'a SourceFile,
    split: &'a Split,
    keys: &'a [Key<'a>],
    errors: Vec<Diagnostic>,
}

impl FieldReader<'_> {
    fn key_offset(&self, name: &str) -> Option<usize> {
        self.keys.iter().find(|k| k.name == name).map(|k| k.offset)
    }

    /// The byte range of the field's value (from the key to the next key).
    fn field_range(&self, name: &str) -> (usize, usize) {
        match self.keys.iter().position(|k| k.name == name) {
            Some(i) => {
                let end = self
                    .keys
                    .get(i + 1)
                    .map_or(self.split.yaml_end, |k| k.offset);
                (self.keys[i].offset, end)
            }
            None => (self.split.yaml_start, self.split.yaml_end),
        }
    }

    /// Where `needle` stands inside a field, as a whole word. Without a
    /// `key:` line for the field (an empty front-matter, a key the line
    /// scan does not see) the range is the whole front-matter, which may be
    /// shorter than the field's name: the search starts no further than its
    /// end.
    fn find_in_field(&self, field: &str, needle: &str) -> usize {
        let (start, end) = self.field_range(field);
        let value_start = (start + field.len()).min(end);
        self.file
            .text
            .get(value_start..end)
            .and_then(|value| find_word(value, needle))
            .map_or(start, |i| value_start + i)
    }

    fn missing(&mut self, name: &str, example: &str) {
        let at = self.split.yaml_start.saturating_sub(4);
        self.errors.push(
            self.file
                .error(at, 3, format!("missing required field `{name}`"))
                .with_hint(format!(
                    "add a line `{name}: {example}` to the front-matter"
                ))
                .with_code(Code::MissingField),
        );
    }

    fn required(&mut self, value: Option<String>, name: &str, example: &str) -> String {
        match value {
            Some(v) if !v.trim().is_empty() => v,
            Some(_) => {
                let at = self.key_offset(name).unwrap_or(0);
                self.errors.push(
                    self.file
                        .error(at, name.len(), format!("the field `{name}` is empty"))
                        .with_hint(format!(
                            "write a value, e.g. `{name}: {example}`, or `{NOT_RECORDED}` if the sources do not give it"
                        ))
                        .with_code(Code::EmptyField),
                );
                String::new()
            }
            None => {
                self.missing(name, example);
                String::new()
            }
        }
    }

    fn date(
        &mut self,
        value: Option<DateText>,
        name: &str,
        allow_not_recorded: bool,
    ) -> Option<DateSpec> {
        let Some(DateText(text)) = value else {
            self.missing(name, "2025-02-27");
            return None;
        };
        if allow_not_recorded && text.trim() == NOT_RECORDED {
            return None;
        }
        match DateSpec::parse(&text) {
            Ok(d) => Some(d),
            Err(why) => {
                let at = self.find_in_field(name, text.trim());
                self.errors.push(
                    self.file
                        .error(at, text.trim().len(), format!("invalid date in `{name}`: {why}"))
                        .with_hint("write a day `2025-02-27`, a month `2025-02`, a year `2025` or a range `2025-03-04..2025-03-06`")
                        .with_code(Code::InvalidDate),
                );
                None
            }
        }
    }

    /// A brief's `review_by`: one date (no range), not before the brief's
    /// `as_of`, compared at the coarser of the two precisions (a brief as of
    /// 20 January may be reviewed by `2026-01`).
    fn review_by(&mut self, value: Option<DateText>, as_of: &DateSpec) -> Option<ReviewBy> {
        let DateText(text) = value?;
        let text = text.trim();
        let at = self.find_in_field("review_by", text);
        let date = match PartialDate::parse(text) {
            Ok(d) => d,
            Err(why) => {
                let why = if text.contains("..") {
                    format!("`{text}` is a range; `review_by` takes one date")
                } else {
                    why
                };
                self.errors.push(
                    self.file
                        .error(
                            at,
                            text.len().max(1),
                            format!("invalid date in `review_by`: {why}"),
                        )
                        .with_hint("write a day `2026-03-01`, a month `2026-03` or a year `2026`")
                        .with_code(Code::InvalidDate),
                );
                return None;
            }
        };
        let current_to = as_of.end.unwrap_or(as_of.start);
        if crate::freshness::before(date, current_to) {
            self.errors.push(
                self.file
                    .error(
                        at,
                        text.len(),
                        format!("`review_by` ({date}) is before the brief's `as_of` ({current_to})"),
                    )
                    .with_hint("a brief cannot fall due for review before the date its information is current to: set `review_by` to a later date, or correct `as_of`")
                    .with_code(Code::ReviewBeforeAsOf),
            );
            return None;
        }
        Some(ReviewBy {
            date,
            offset: at,
            len: text.len(),
        })
    }

    fn refs(&self, values: Option<Vec<String>>, field: &str) -> Vec<Ref> {
        values
            .unwrap_or_default()
            .into_iter()
            .map(|id| Ref {
                offset: self.find_in_field(field, &id),
                id,
            })
            .collect()
    }

    fn read(&mut self, mut raw: RawEntry) -> Option<Parsed> {
        let internal = raw.internal();
        let lists = raw.take_lists();
        let actors = self.refs(lists.actors, "actors");
        let events = self.refs(lists.events, "events");
        let sources = self.refs(lists.sources, "sources");
        let figures = self.figures(lists.figures.unwrap_or_default());
        let meta = match raw {
            RawEntry::Brief(raw) => {
                let title = self.required(raw.title, "title", "Extraditions to the United States");
                let summary = self.required(raw.summary, "summary", "One or two sentences.");
                let topic = self.required(raw.topic, "topic", "extraditions");
                let topic = Ref {
                    offset: self.find_in_field("topic", &topic),
                    id: topic,
                };
                let as_of = self.date(raw.as_of, "as_of", false);
                let status = match raw.status.as_deref().map(str::trim) {
                    Some("draft") => Some(Status::Draft),
                    Some("final") => Some(Status::Final),
                    Some(other) => {
                        let at = self.find_in_field("status", other);
                        self.errors.push(
                            self.file
                                .error(at, other.len().max(1), format!("unknown status `{other}`"))
                                .with_hint("the status is `draft` or `final`")
                                .with_code(Code::UnknownStatus),
                        );
                        None
                    }
                    None => {
                        self.missing("status", "draft");
                        None
                    }
                };
                let as_of = as_of?;
                let review_by = self.review_by(raw.review_by, &as_of);
                Meta::Brief {
                    title,
                    summary,
                    topic,
                    as_of,
                    status: status?,
                    weight: raw.weight.unwrap_or(0),
                    review_by,
                }
            }
            RawEntry::Actor(raw) => Meta::Actor {
                name: self.required(raw.name, "name", "Omar García Harfuch"),
                kind: self.required(raw.kind, "kind", "person"),
                role: self.required(raw.role, "role", "Mexico's security secretary"),
                country: self.required(raw.country, "country", "Mexico"),
                aliases: raw.aliases.unwrap_or_default(),
                summary: raw.summary,
            },
            RawEntry::Event(raw) => {
                let title = self.required(raw.title, "title", "Mexico transfers 29 prisoners");
                let date = self.date(raw.date, "date", false);
                if sources.is_empty() {
                    self.missing("sources", "[source-id]");
                }
                let topics = self.refs(raw.topics, "topics");
                Meta::Event {
                    title,
                    date: date?,
                    topics,
                    summary: raw.summary,
                }
            }
            RawEntry::Source(raw) => {
                let title = self.required(raw.title, "title", "As in the text");
                let author = self.required(raw.author, "author", NOT_RECORDED);
                let publisher = self.required(raw.publisher, "publisher", NOT_RECORDED);
                let published = self.date(raw.published, "published", true);
                let url = self.required(raw.url, "url", NOT_RECORDED);
                let kind = self.required(raw.kind, "kind", "news");
                Meta::Source {
                    title,
                    author,
                    publisher,
                    published,
                    url,
                    kind,
                    archive: raw.archive,
                    publish_text: raw.publish_text.unwrap_or(false),
                }
            }
            RawEntry::Home(raw) => Meta::Home {
                title: self.required(raw.title, "title", "Overview"),
                summary: raw.summary.unwrap_or_default(),
            },
        };
        Some(Parsed {
            meta,
            actors,
            events,
            sources,
            figures,
            body_start: self.split.body_start,
            internal,
        })
    }

    fn figures(&mut self, raw: Vec<RawFigure>) -> Vec<Figure> {
        let mut out = Vec::new();
        for f in raw {
            let offset = self.find_in_field("figures", &f.quote);
            match DateSpec::parse(&f.as_of.0) {
                Ok(as_of) => out.push(Figure {
                    label: f.label,
                    value: f.value,
                    unit: f.unit,
                    as_of,
                    source: f.source,
                    quote: f.quote,
                    offset,
                }),
                Err(why) => {
                    let at = self.find_in_field("figures", &f.as_of.0);
                    self.errors.push(
                        self.file
                            .error(
                                at,
                                f.as_of.0.len(),
                                format!("invalid date in a figure's `as_of`: {why}"),
                            )
                            .with_hint(
                                "write a day `2025-02-27`, a month `2025-02` or a year `2025`",
                            )
                            .with_code(Code::InvalidDate),
                    );
                }
            }
        }
        out
    }
}

/// The position of `needle` in `hay` where it is not part of a longer word.
pub fn find_word(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let at = from + i;
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return Some(at);
        }
        from = at + needle.len();
    }
    hay.find(needle)
}

/// Front-matter for a new entry of `kind`, every field present.
pub fn template(kind: Kind, id: &str, today: &str) -> String {
    let body = match kind {
        Kind::Brief => format!(
            "title: \"{}\"\nsummary: \"One or two sentences: the situation and why it matters.\"\ntopic: {}\nas_of: {today}\nstatus: draft\nactors: []\nevents: []\nsources: []\n",
            title_from_id(id),
            "TOPIC-ID"
        ),
        Kind::Actor => format!(
            "name: \"{}\"\nkind: person\nrole: \"One line: who they are in this story.\"\ncountry: {NOT_RECORDED}\naliases: []\nsources: []\n",
            title_from_id(id)
        ),
        Kind::Event => format!(
            "title: \"{}\"\ndate: {today}\nactors: []\nsources: [SOURCE-ID]\ntopics: []\n",
            title_from_id(id)
        ),
        Kind::Source => format!(
            "title: \"{}\"\nauthor: {NOT_RECORDED}\npublisher: {NOT_RECORDED}\npublished: {NOT_RECORDED}\nurl: {NOT_RECORDED}\nkind: news\narchive: FILE-NAME.txt\n",
            title_from_id(id)
        ),
    };
    let text = match kind {
        Kind::Brief => {
            "## What happened\n\nWrite each claim in your own words and cite it [@SOURCE-ID, \"a short verbatim quotation\"].\n\n## What to watch\n\n"
        }
        Kind::Actor => "A short profile from what the sources say [@SOURCE-ID].\n",
        Kind::Event => "What happened, in one or two sentences [@SOURCE-ID].\n",
        Kind::Source => "What the document is, and how its date can be read off the text.\n",
    };
    format!("---\n{body}---\n\n{text}")
}

fn title_from_id(id: &str) -> String {
    let mut s: String = id.replace('-', " ");
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn parse_text(text: &str, role: FileRole) -> (Option<Parsed>, Vec<Diagnostic>) {
        let file = SourceFile::new(PathBuf::from("x.md"), text.to_string());
        let mut d = Vec::new();
        let p = parse(&file, role, &mut d);
        (p, d)
    }

    #[test]
    fn splits_front_matter_from_body() {
        let s = split("---\na: 1\n---\nbody\n").unwrap();
        assert_eq!((s.yaml_start, s.yaml_end, s.body_start), (4, 9, 13));
        assert_eq!(split("no\n"), Err(SplitError::Missing));
        assert_eq!(split("---\na: 1\n"), Err(SplitError::Unterminated));
        assert_eq!(split("---\n---\n").unwrap().body_start, 8);
    }

    #[test]
    fn yaml_errors_point_at_the_files_real_line() {
        let (p, d) = parse_text(
            "---\nname: A\nkind: [unclosed\n---\n",
            FileRole::Entry(Kind::Actor),
        );
        assert!(p.is_none());
        assert_eq!(d.len(), 1);
        assert!(d[0].line >= 3, "{}", d[0]);
        assert!(d[0].message.starts_with("invalid front-matter"), "{}", d[0]);
    }

    #[test]
    fn unclosed_quotation_is_reported_at_its_opening_mark() {
        let (_, d) = parse_text(
            "---\nname: A\nrole: \"r\ncountry: c\n---\n",
            FileRole::Entry(Kind::Actor),
        );
        assert_eq!((d[0].line, d[0].col), (3, 7), "{}", d[0]);
        assert_eq!(
            d[0].message,
            "invalid front-matter: a quotation mark is never closed"
        );
    }

    #[test]
    fn a_quotation_closed_only_further_down_is_reported_where_it_opens() {
        // The missing mark after `r` pairs the next line's opening mark with
        // the one after it; the parser stumbles only on line 5.
        let (_, d) = parse_text(
            "---\nname: A\nrole: \"r\ncountry: \"Mexico\"\naliases: [x]\n---\n",
            FileRole::Entry(Kind::Actor),
        );
        assert_eq!((d[0].line, d[0].col), (3, 7), "{}", d[0]);
        assert_eq!(
            d[0].message,
            "invalid front-matter: a quotation mark is not closed on its line: the value runs on to line 4"
        );
        // A quoted value that ends on its own line, escaped quotes and all,
        // is not blamed for an error further down.
        let (_, d) = parse_text(
            "---\nname: A\nrole: \"say \\\"hi\\\"\"\ncountry: [c\n---\n",
            FileRole::Entry(Kind::Actor),
        );
        assert!(!d[0].message.contains("quotation"), "{}", d[0]);
    }

    #[test]
    fn duplicate_field_is_reported_at_its_second_line() {
        let (_, d) = parse_text(
            "---\nname: A\nrole: r\nrole: s\n---\n",
            FileRole::Entry(Kind::Actor),
        );
        assert_eq!((d[0].line, d[0].col), (4, 1), "{}", d[0]);
        assert_eq!(d[0].message, "invalid front-matter: duplicate field `role`");
    }

    #[test]
    fn indented_field_gets_an_indentation_hint() {
        let (_, d) = parse_text(
            "---\nname: A\nkind: person\n  role: r\n---\n",
            FileRole::Entry(Kind::Actor),
        );
        assert_eq!((d[0].line, d[0].col), (4, 7), "{}", d[0]);
        assert!(
            d[0].hint.as_deref().unwrap().contains("indented"),
            "{}",
            d[0]
        );
    }

    #[test]
    fn wrong_type_is_reported_at_the_value() {
        let (_, d) = parse_text(
            "---\nname: A\nkind: person\nrole: r\ncountry: c\naliases: 5\n---\n",
            FileRole::Entry(Kind::Actor),
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].col), (6, 10), "{}", d[0]);
        assert!(d[0].message.contains("invalid type"), "{}", d[0]);
    }

    #[test]
    fn unknown_field_warns_with_closest_known_field() {
        let (p, d) = parse_text(
            "---\nname: A\nkind: person\nrole: r\ncountry: c\nalias: [x]\n---\n",
            FileRole::Entry(Kind::Actor),
        );
        assert!(p.is_some());
        assert_eq!(
            d[0].message,
            "unknown field `alias` for actors; it is ignored"
        );
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `aliases`?"));
        assert_eq!(d[0].line, 6);
    }

    /// Each kind is read into its own type, so a field the kind does not
    /// take is only warned about and really ignored, as the warning says:
    /// its value is neither type-checked nor used (an actor's `actors` once
    /// reached the reference checks).
    #[test]
    fn field_of_another_kind_is_warned_about_and_ignored() {
        let (p, d) = parse_text(
            "---\nname: A\nkind: person\nrole: r\ncountry: c\nactors: [nobody]\nweight: heavy\n---\n",
            FileRole::Entry(Kind::Actor),
        );
        let p = p.expect("the actor parses");
        assert!(p.actors.is_empty());
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown field `actors` for actors; it is ignored",
                "unknown field `weight` for actors; it is ignored"
            ]
        );
    }

    #[test]
    fn ids_in_lists_are_located() {
        let (p, _) = parse_text(
            "---\nname: A\nkind: person\nrole: r\ncountry: c\nsources:\n  - alpha\n  - beta\n---\n",
            FileRole::Entry(Kind::Actor),
        );
        let p = p.unwrap();
        let file = SourceFile::new("x".into(), String::new());
        let _ = file;
        assert_eq!(p.sources[1].id, "beta");
        assert_eq!(
            p.sources[1].offset,
            "---\nname: A\nkind: person\nrole: r\ncountry: c\nsources:\n  - alpha\n  - ".len()
        );
    }
}
