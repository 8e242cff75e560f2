//! Entry ids: the file stem, a safe slug, the only key for references.

use std::fmt;

use serde::Serialize;

/// A checked id: lower-case ASCII letters and digits in runs joined by single
/// hyphens. Safe as a file name and a URL segment on every platform.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Id(String);

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    Empty,
    BadCharacter(char),
    BadHyphen,
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Empty => write!(f, "the id is empty"),
            IdError::BadCharacter(c) if c.is_ascii_uppercase() => {
                write!(f, "the id contains the capital letter `{c}`")
            }
            IdError::BadCharacter(c) => write!(f, "the id contains `{c}`"),
            IdError::BadHyphen => write!(
                f,
                "the id starts or ends with a hyphen, or has two in a row"
            ),
        }
    }
}

impl Id {
    pub fn parse(s: &str) -> Result<Id, IdError> {
        if s.is_empty() {
            return Err(IdError::Empty);
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
        {
            return Err(IdError::BadCharacter(c));
        }
        if s.starts_with('-') || s.ends_with('-') || s.contains("--") {
            return Err(IdError::BadHyphen);
        }
        Ok(Id(s.to_string()))
    }

    /// The slug an editor probably meant, for the hint.
    pub fn suggest(s: &str) -> String {
        let mut out = String::new();
        for c in crate::text::fold(s).chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        out.trim_end_matches('-').to_string()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_safe_slugs() {
        assert!(Id::parse("garcia-harfuch").is_ok());
        assert!(Id::parse("2025-02-27-transfer").is_ok());
    }

    #[test]
    fn rejects_unsafe_ids() {
        assert_eq!(Id::parse("García"), Err(IdError::BadCharacter('G')));
        assert_eq!(Id::parse("a b"), Err(IdError::BadCharacter(' ')));
        assert_eq!(Id::parse("..-x"), Err(IdError::BadCharacter('.')));
        assert_eq!(Id::parse("-x"), Err(IdError::BadHyphen));
        assert_eq!(Id::parse("a--b"), Err(IdError::BadHyphen));
        assert_eq!(Id::parse(""), Err(IdError::Empty));
        assert_eq!(Id::suggest("García Harfuch"), "garcia-harfuch");
    }
}
