//! Fuzzes front-matter parsing: any text, read as each kind of entry and as
//! the home page, gives a parsed entry or located diagnostics, never a panic
//! or an abort; and the schema checker's YAML-to-JSON reading of the same
//! front-matter returns rather than recursing without bound.
#![no_main]

use std::path::PathBuf;

use briefbook::diagnostic::SourceFile;
use briefbook::front_matter::{parse, split, yaml_to_json};
use briefbook::load::FileRole;
use briefbook::model::Kind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let file = SourceFile::new(PathBuf::from("content/briefs/fuzz.md"), text.to_owned());
    let lines = text.split('\n').count();
    let roles = Kind::ALL.map(FileRole::Entry);
    for role in roles.into_iter().chain([FileRole::Home]) {
        let mut diagnostics = Vec::new();
        let parsed = parse(&file, role, &mut diagnostics);
        for d in &diagnostics {
            assert!(d.code.is_some(), "a diagnostic without a code: {d:?}");
            assert!(d.line >= 1 && d.line <= lines, "off the file: {d:?}");
        }
        if parsed.is_none() {
            assert!(
                diagnostics.iter().any(|d| d.is_error()),
                "rejected without an error"
            );
        }
        if let Some(p) = parsed {
            assert!(p.body_start <= text.len());
        }
    }
    if let Ok(s) = split(text) {
        let _ = yaml_to_json(&text[s.yaml_start..s.yaml_end]);
    }
});
