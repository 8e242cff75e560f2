//! `briefbook.toml`: the site's title, base URL, topics and archive folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic, Severity, SourceFile};
use crate::model::PartialDate;

/// A topic of the briefing; briefs and events name it by id.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
}

/// The site settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// The folder with the sources' full texts, relative to the config file.
    #[serde(default)]
    pub archive: Option<PathBuf>,
    /// Publishes every source's archived text on its page, as
    /// `publish_text: true` does for one source. Off by default: many
    /// sources are under copyright.
    #[serde(default)]
    pub publish_archive: bool,
    #[serde(default)]
    pub topics: Vec<Topic>,
    /// Which mentions of actors' names are linked: `first-per-section`
    /// (default), `first-per-page`, `every` or `none`.
    #[serde(default)]
    pub mention_links: crate::markdown::MentionLinks,
    /// The edition's date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`): what the
    /// pages measure the age of information and due reviews against. When
    /// unset, the latest as-of date of the briefs (see
    /// `SiteData::edition_date`); never the clock, so that a build's output
    /// depends on its input only.
    #[serde(default, deserialize_with = "partial_date", skip_serializing)]
    pub edition_date: Option<PartialDate>,
    /// Bibliography files (BibLaTeX `.bib` or CSL-JSON `.json`) declaring
    /// sources beside `content/sources/`, relative to the config file and
    /// inside the project: one path or a list.
    #[serde(default, deserialize_with = "one_or_many")]
    pub bibliography: Vec<PathBuf>,
    /// The citation style of the sources' references (endnotes, cards,
    /// lists), by name from hayagriva's archive, e.g.
    /// `chicago-author-date`, `apa`, `ieee`. Unset: no formatted references.
    #[serde(default)]
    pub csl: Option<String>,
}

/// Reads `bibliography`: one path or a list of them.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<PathBuf>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(PathBuf),
        Many(Vec<PathBuf>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(p) => vec![p],
        OneOrMany::Many(v) => v,
    })
}

/// Reads `edition_date`, so that a bad date is reported at its place in the file.
fn partial_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<PartialDate>, D::Error> {
    let text = String::deserialize(d)?;
    PartialDate::parse(&text)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

fn default_base_url() -> String {
    "/".to_string()
}

pub const CONFIG_FILE: &str = "briefbook.toml";

impl Config {
    /// Reads and checks `briefbook.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::file(
                Severity::Error,
                Path::new(CONFIG_FILE),
                format!("cannot read the site settings: {e}"),
            )
            .with_hint("run briefbook in the folder that holds briefbook.toml, or pass --root DIR")
            .with_code(Code::SettingsUnreadable)
        })?;
        let file = SourceFile::new(PathBuf::from(CONFIG_FILE), text);
        let config: Config = toml::from_str(&file.text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            file.error(span.start, span.len(), e.message().trim().to_string())
                .with_hint("see docs/EDITING.md for the settings briefbook.toml takes")
                .with_code(Code::InvalidSettings)
        })?;
        let mut seen = std::collections::BTreeSet::new();
        for topic in &config.topics {
            if crate::model::Id::parse(&topic.id).is_err() || !seen.insert(topic.id.as_str()) {
                let at = file.text.find(&format!("\"{}\"", topic.id)).unwrap_or(0);
                return Err(file
                    .error(
                        at,
                        topic.id.len() + 2,
                        format!("bad topic id `{}`", topic.id),
                    )
                    .with_hint("topic ids are unique lower-case slugs like `security-strategy`")
                    .with_code(Code::InvalidTopicId));
            }
        }
        if let Some(name) = &config.csl
            && crate::references::style(name).is_none()
        {
            let at = file.text.find(&format!("\"{name}\"")).unwrap_or(0);
            return Err(file
                .error(
                    at,
                    name.len() + 2,
                    format!("unknown citation style `{name}`"),
                )
                .with_hint(crate::references::style_hint(name))
                .with_code(Code::UnknownCitationStyle));
        }
        Ok(config)
    }
}
