//! `briefbook.toml`: the site's title, base URL, topics and archive folder,
//! read and checked. The settings' type is [`crate::model::Config`].

use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, Severity, SourceFile};
pub use crate::model::{Config, Topic};

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
