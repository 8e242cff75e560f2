//! The JSON Schema (draft 2020-12) of the front-matter, for editors' tooling
//! (`briefbook schema`).
//!
//! The schema is derived with schemars from the very types that
//! `front_matter` parses, so it cannot drift from the parser; this module
//! adds what only the project knows — the topic ids of its briefbook.toml —
//! and puts the kinds together. A file that the schema accepts may still fail
//! `briefbook check` (an id that names no entry, a quotation not in its
//! source, 30 February), but a file it rejects has a problem `check` reports
//! too, as an error or, for an unknown field, a warning.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Value, json};

use crate::front_matter;
use crate::model::{Config, FileRole, Kind};

/// Every kind of content file, in the order `briefbook schema` lists them.
pub const ROLES: [FileRole; 5] = [
    FileRole::Entry(Kind::Brief),
    FileRole::Entry(Kind::Actor),
    FileRole::Entry(Kind::Event),
    FileRole::Entry(Kind::Source),
    FileRole::Home,
];

/// The schema of one kind's front-matter, a complete document with its own
/// `$schema` and `$defs`.
pub fn for_role(role: FileRole, config: &Config) -> Value {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let schema = front_matter::root_json_schema(role, &mut generator);
    finish(schema.to_value(), config)
}

/// The schema of every kind at once: a file's front-matter must match
/// exactly one of the kinds, each also reachable on its own as
/// `#/$defs/Brief`, `#/$defs/Actor`, `#/$defs/Event`, `#/$defs/Source` and
/// `#/$defs/Home`.
pub fn for_all(config: &Config) -> Value {
    let settings = SchemaSettings::draft2020_12();
    let meta_schema = settings.meta_schema.clone();
    let mut generator = settings.into_generator();
    let kinds: Vec<Schema> = ROLES
        .iter()
        .map(|&role| front_matter::json_schema(role, &mut generator))
        .collect();
    let schema = json!({
        "$schema": meta_schema,
        "title": "briefbook front-matter",
        "description": "The front-matter of any briefbook content file: a brief, actor, event, source or the home page. `briefbook schema KIND` prints one kind alone, which gives clearer messages.",
        "oneOf": kinds,
        "$defs": generator.take_definitions(true),
    });
    finish(schema, config)
}

/// What every printed schema gets: the project's topics and descriptions
/// unwrapped.
fn finish(mut schema: Value, config: &Config) -> Value {
    unwrap_descriptions(&mut schema);
    with_topics(schema, config)
}

/// Joins the lines of descriptions that come from wrapped doc comments, so
/// that editors show them as the paragraphs they are.
fn unwrap_descriptions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(text) if key == "description" => {
                        *text = text.replace('\n', " ");
                    }
                    _ => unwrap_descriptions(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}

/// Fills the topic ids of briefbook.toml into the `TopicId` definition that
/// every `topic` and `topics` field refers to.
fn with_topics(mut schema: Value, config: &Config) -> Value {
    let Some(topic) = schema.pointer_mut("/$defs/TopicId") else {
        return schema;
    };
    // With no topics in briefbook.toml no brief can pass `check`; an empty
    // `enum` would say so, but some validators refuse it as a bad schema, so
    // the ids are left open and `check` reports the topic instead.
    if !config.topics.is_empty() {
        let ids: Vec<&str> = config.topics.iter().map(|t| t.id.as_str()).collect();
        let list: Vec<String> = config
            .topics
            .iter()
            .map(|t| format!("`{}` ({})", t.id, t.title))
            .collect();
        topic["enum"] = json!(ids);
        topic["description"] = json!(format!(
            "A topic id from briefbook.toml: {}.",
            list.join(", ")
        ));
    }
    schema
}

/// The schema of an entry's id where the front-matter names one (in
/// `actors`, `events`, `sources`, a figure's `source`): the Rust type is a
/// plain `String`, checked against the entries by `resolve`.
pub struct EntryId;

impl JsonSchema for EntryId {
    fn schema_name() -> Cow<'static, str> {
        "EntryId".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An entry's id: its file name without `.md`, lower-case letters and digits joined by single hyphens. Example: `claudia-sheinbaum`.",
            "type": "string",
            "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
            // Shown by yaml-language-server instead of the pattern; see
            // `front_matter::BLANK_MESSAGE`.
            "patternErrorMessage": "Not an id: ids are file names without `.md`, lower-case letters and digits joined by single hyphens, e.g. `claudia-sheinbaum`."
        })
    }
}

/// The schema of a topic id (`topic`, `topics`): open here, given the
/// project's ids by `with_topics`.
pub struct TopicId;

impl JsonSchema for TopicId {
    fn schema_name() -> Cow<'static, str> {
        "TopicId".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A topic id from briefbook.toml.",
            "type": "string"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(toml_text: &str) -> Config {
        toml::from_str(toml_text).expect("a valid config")
    }

    #[test]
    fn topic_enum_follows_briefbook_toml() {
        let config = config(
            "title = \"T\"\n[[topics]]\nid = \"tariffs\"\ntitle = \"Tariffs\"\n[[topics]]\nid = \"border\"\ntitle = \"The border\"\n",
        );
        for schema in [
            for_role(FileRole::Entry(Kind::Brief), &config),
            for_role(FileRole::Entry(Kind::Event), &config),
            for_all(&config),
        ] {
            assert_eq!(
                schema.pointer("/$defs/TopicId/enum"),
                Some(&json!(["tariffs", "border"])),
                "{schema:#}"
            );
        }
        let brief = for_role(FileRole::Entry(Kind::Brief), &config);
        assert_eq!(
            brief.pointer("/properties/topic/$ref"),
            Some(&json!("#/$defs/TopicId"))
        );
        let event = for_role(FileRole::Entry(Kind::Event), &config);
        assert_eq!(
            event.pointer("/properties/topics/items/$ref"),
            Some(&json!("#/$defs/TopicId"))
        );
    }

    #[test]
    fn topic_ids_are_open_when_briefbook_toml_has_none() {
        let schema = for_role(FileRole::Entry(Kind::Brief), &config("title = \"T\"\n"));
        assert_eq!(schema.pointer("/$defs/TopicId/enum"), None);
    }

    #[test]
    fn kinds_without_topics_have_no_topic_definition() {
        let schema = for_role(FileRole::Entry(Kind::Actor), &config("title = \"T\"\n"));
        assert_eq!(schema.pointer("/$defs/TopicId"), None);
    }

    /// `fields_of` drives the unknown-field warnings; the schema's
    /// properties come from the parsing types. They must name the same
    /// fields, or an editor and `check` would disagree about a field.
    #[test]
    fn schema_properties_are_the_fields_check_accepts() {
        let config = config("title = \"T\"\n");
        for role in ROLES {
            let schema = for_role(role, &config);
            let mut properties: Vec<&str> = schema["properties"]
                .as_object()
                .expect("properties")
                .keys()
                .map(String::as_str)
                .collect();
            let mut fields = front_matter::fields_of(role).to_vec();
            properties.sort_unstable();
            fields.sort_unstable();
            assert_eq!(properties, fields, "{role:?}");
            assert_eq!(schema["additionalProperties"], json!(false), "{role:?}");
        }
    }

    /// The status values the schema offers are the ones the parser takes.
    #[test]
    fn status_enum_is_the_models() {
        let schema = for_role(FileRole::Entry(Kind::Brief), &config("title = \"T\"\n"));
        assert_eq!(
            schema.pointer("/$defs/Status/enum"),
            Some(&json!(["draft", "final"]))
        );
    }
}
