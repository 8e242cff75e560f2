//! The site settings as `briefbook.toml` gives them. The serde derives say
//! how the settings are read; reading and checking the file is
//! `config::Config::load`'s work.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::PartialDate;

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
    pub mention_links: super::MentionLinks,
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
