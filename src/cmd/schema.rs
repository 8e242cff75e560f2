//! `briefbook schema [KIND]`: prints the front-matter's JSON Schema for the
//! project in `--root` (its topics come from briefbook.toml).

use super::Outcome;
use crate::cli::{SchemaArgs, SchemaKind};
use crate::model::{Config, FileRole, Kind};
use crate::schema;

/// Prints the schema to standard output; when briefbook.toml is missing or
/// wrong, prints why to standard error instead.
pub fn run_schema(args: &SchemaArgs) -> Outcome {
    let config = match Config::load(&args.root) {
        Ok(c) => c,
        Err(d) => {
            super::print_diagnostic(&d);
            return if d.code.is_some_and(|c| c.is_io()) {
                Outcome::Failure
            } else {
                Outcome::ContentErrors
            };
        }
    };
    let value = match args.kind {
        None => schema::for_all(&config),
        Some(kind) => schema::for_role(role_of(kind), &config),
    };
    let text = serde_json::to_string_pretty(&value).expect("a JSON value always serializes");
    println!("{text}");
    Outcome::Clean
}

fn role_of(kind: SchemaKind) -> FileRole {
    match kind {
        SchemaKind::Brief => FileRole::Entry(Kind::Brief),
        SchemaKind::Actor => FileRole::Entry(Kind::Actor),
        SchemaKind::Event => FileRole::Entry(Kind::Event),
        SchemaKind::Source => FileRole::Entry(Kind::Source),
        SchemaKind::Home => FileRole::Home,
    }
}
