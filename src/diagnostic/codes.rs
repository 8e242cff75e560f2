//! The stable code of every diagnostic the builder emits: `BB0nn`, a
//! kebab-case name and a one-line description, all in this one table.
//!
//! Codes are for machines and for searching docs/EDITING.md: once released a
//! code keeps its number and meaning; a retired code is never reused. A test
//! below keeps docs/EDITING.md listing every one of them.

use std::fmt;

/// Defines [`Code`] and its table from one list, so that the number, the
/// name and the description of a code cannot drift apart.
macro_rules! codes {
    ($($variant:ident = $number:literal, $name:literal, $io:literal, $about:literal;)*) => {
        /// What kind of problem a diagnostic reports.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = $about] $variant,)*
        }

        impl Code {
            /// Every code, in number order.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The number, as in `BB012`.
            pub fn number(self) -> u16 {
                match self { $(Code::$variant => $number,)* }
            }

            /// The kebab-case name, as in `unknown-actor`.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// What the problem is, in one line.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $about,)* }
            }

            /// The problem is with the machine (a file or folder that cannot
            /// be read or written) rather than with the content: the run
            /// exits with 2 instead of 1.
            pub fn is_io(self) -> bool {
                match self { $(Code::$variant => $io,)* }
            }
        }
    };
}

codes! {
    SettingsUnreadable = 1, "settings-unreadable", true, "briefbook.toml is missing or cannot be read";
    InvalidSettings = 2, "invalid-settings", false, "briefbook.toml is not valid TOML or has a wrong or unknown setting";
    InvalidTopicId = 3, "invalid-topic-id", false, "a topic in briefbook.toml has an id that is not a safe slug, or one used twice";
    ContentMissing = 4, "content-missing", true, "the content folder does not exist";
    UnreadableFile = 5, "unreadable-file", true, "a file or folder under content/ cannot be read";
    NotMarkdown = 6, "not-markdown", false, "a file under content/ does not end in .md and is ignored";
    MisplacedFile = 7, "misplaced-file", false, "a file is outside briefs/, actors/, events/ and sources/ and is ignored";
    UnsafeId = 8, "unsafe-id", false, "a file name is not a safe id (lower-case letters, digits, single hyphens)";
    NotUtf8 = 9, "not-utf8", false, "a content file or template is not valid UTF-8";
    EmptyFile = 10, "empty-file", false, "a content file is empty";
    DuplicateId = 11, "duplicate-id", false, "two files have the same id (file stem)";
    NoFrontMatter = 12, "no-front-matter", false, "a content file does not start with `---` front-matter";
    UnclosedFrontMatter = 13, "unclosed-front-matter", false, "the front-matter has no closing `---` line";
    InvalidYaml = 14, "invalid-yaml", false, "the front-matter is not valid YAML";
    WrongType = 15, "wrong-type", false, "a front-matter field has a value of the wrong type";
    UnknownField = 16, "unknown-field", false, "a front-matter field is not one this kind of entry takes; it is ignored";
    MissingField = 17, "missing-field", false, "a required front-matter field is missing";
    EmptyField = 18, "empty-field", false, "a required front-matter field is empty";
    InvalidDate = 19, "invalid-date", false, "a date is malformed or impossible";
    UnknownStatus = 20, "unknown-status", false, "a brief's status is neither `draft` nor `final`";
    UnknownActor = 21, "unknown-actor", false, "an actor id names no actor";
    UnknownEvent = 22, "unknown-event", false, "an event id names no event";
    UnknownSource = 23, "unknown-source", false, "a source id, in front-matter or in a citation, names no source";
    UnknownTopic = 24, "unknown-topic", false, "a topic id is not one of the topics in briefbook.toml";
    UnknownLink = 25, "unknown-link", false, "a `[[id]]` link names no entry";
    MalformedCitation = 26, "malformed-citation", false, "a `[@…]` citation cannot be read";
    UnsafeUrl = 27, "unsafe-url", false, "a link or image URL could run a script";
    ReferenceInHtml = 28, "reference-in-html", false, "a citation or `[[link]]` inside raw HTML is not processed";
    AmbiguousMention = 29, "ambiguous-mention", false, "a name fits two actors and is not linked";
    UncitedParagraph = 30, "uncited-paragraph", false, "a paragraph of a brief cites no source";
    ArchiveNotSet = 31, "archive-not-set", false, "no archive folder is set, so quotations and numbers were not checked";
    ArchiveMissing = 32, "archive-missing", true, "the archive folder does not exist, so quotations and numbers were not checked";
    ArchiveFileMissing = 33, "archive-file-missing", false, "a source's `archive` file is not in the archive folder";
    QuotationNotFound = 34, "quotation-not-found", false, "a quotation does not occur in its source's text";
    QuotationUnverified = 35, "quotation-unverified", false, "a quotation's source names no archive file, so it was not checked";
    TemplateUnreadable = 36, "template-unreadable", true, "a template or static file of the theme cannot be read";
    TemplateError = 37, "template-error", false, "a template has a syntax error or fails to render";
    WriteFailed = 38, "write-failed", true, "the site cannot be written to the output folder";
    TooDeep = 39, "too-deep", false, "blocks or front-matter values are nested deeper than the builder follows";
    UnsupportedNumber = 40, "unsupported-number", false, "a number in a cited sentence is not in the text of any source the sentence cites";
    WrongDerivation = 41, "wrong-derivation", false, "a derived number's arithmetic does not hold or cannot be worked out";
    InternalReference = 42, "internal-reference", false, "public text refers to an entry marked `internal: true`, which the public edition leaves out";
    ReviewOverdue = 43, "review-overdue", false, "a brief's `review_by` date has come: it is due for review";
    ReviewBeforeAsOf = 44, "review-before-as-of", false, "a brief's `review_by` is before its `as_of`";
    PreviousEditionUnreadable = 45, "previous-edition-unreadable", false, "the previous edition's manifest (edition.json) is missing, unreadable or not valid, so no changes are shown";
    PreviousEditionOtherKind = 46, "previous-edition-other-kind", false, "the previous edition is the other edition (public or internal), so no changes are shown";
    TextNotPublished = 47, "text-not-published", false, "a source's text was to be published (`publish_text` or `publish_archive`) but the build has no text to publish";
    BibliographyUnreadable = 48, "bibliography-unreadable", true, "a bibliography file named in briefbook.toml is missing or cannot be read";
    InvalidBibliography = 49, "invalid-bibliography", false, "a bibliography file is not valid BibTeX/BibLaTeX or CSL-JSON, is too large, or has an entry that cannot be a source";
    DuplicateSourceKey = 50, "duplicate-source-key", false, "a bibliography key is used twice, or is also the id of a markdown entry";
    UnknownCitationStyle = 51, "unknown-citation-style", false, "`csl` in briefbook.toml names no citation style briefbook knows";
    BibliographyOutsideProject = 52, "bibliography-outside-project", false, "a bibliography path leads outside the project (absolute, `..` or a symbolic link)";
}

impl Code {
    /// Warnings that `--strict` turns into errors: those that mean a claim
    /// went unchecked.
    pub fn promoted_by_strict(self) -> bool {
        matches!(
            self,
            Code::UncitedParagraph
                | Code::ArchiveNotSet
                | Code::ArchiveMissing
                | Code::UnsupportedNumber
                | Code::ReviewOverdue
        )
    }
}

/// `BB012`.
impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BB{:03}", self.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_numbered_in_order_with_unique_kebab_case_names() {
        for (i, code) in Code::ALL.iter().enumerate() {
            assert_eq!(usize::from(code.number()), i + 1, "{code:?}");
        }
        for code in Code::ALL {
            let name = code.name();
            assert!(
                name.split('-').all(|w| !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{name}"
            );
            assert!(!code.description().is_empty());
        }
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
        assert_eq!(Code::UnknownActor.to_string(), "BB021");
    }

    /// The list in docs/EDITING.md is written by hand; this keeps it whole.
    #[test]
    fn every_code_is_documented_in_editing_md() {
        let docs = include_str!("../../docs/EDITING.md");
        let missing: Vec<String> = Code::ALL
            .iter()
            .map(|c| format!("{c} {}", c.name()))
            .filter(|entry| !docs.contains(entry.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "docs/EDITING.md does not list: {missing:?}"
        );
    }
}
