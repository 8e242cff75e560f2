//! End-to-end tests of the `briefbook` binary, read like an editor's session:
//! copy a fixture project (`tests/fixtures/<feature>/<case>/`) to a temporary
//! folder, run the real binary in it, and assert exactly what the user sees —
//! the messages on stderr, the exit code, and the files left on disk.
//!
//! Run them with `cargo test --test cli`. The HTML snapshots live in
//! `tests/snapshots/`; after an intended change to the pages, review and
//! accept them with `cargo insta review` (or `INSTA_UPDATE=always`).

mod support;

mod bibliography;
mod changes;
mod commands;
mod coverage;
mod diagnostics;
mod editions;
mod errors;
mod feeds;
mod freshness;
mod fuzzed;
mod incremental;
mod limits;
mod numbers;
mod pages;
mod print;
mod quotations;
mod reader;
mod schema;
#[cfg(feature = "serve")]
mod serve;
mod theme;
