//! briefbook: a static site generator for annotated briefing books.
//!
//! The modules are the stages of the pipeline in the order the data flows
//! through them; [`site::build`] runs them top to bottom.

pub mod bibliography;
pub mod changes;
pub mod claims;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod diagnostic;
pub mod feeds;
pub mod freshness;
pub mod front_matter;
pub mod highlight;
pub mod incremental;
pub mod load;
pub mod markdown;
pub mod model;
pub mod numbers;
pub mod output;
pub mod pages;
pub mod pdf;
pub mod quotes;
pub mod reader;
pub mod references;
pub mod resolve;
pub mod schema;
pub mod search;
pub mod site;
pub mod svg;
pub mod templates;
pub mod text;
