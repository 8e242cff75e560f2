//! briefbook: a static site generator for annotated briefing books.
//!
//! The modules are the stages of the pipeline in the order the data flows
//! through them; [`site::build`] runs them top to bottom:
//!
//! [`load`] (walk `content/`) → [`front_matter`] (the YAML, into
//! [`model::Entry`]) → [`resolve`] (ids and references checked) →
//! [`markdown`] (bodies rendered; [`claims`] and [`quotes`] check them against
//! the sources' texts, [`reader`] locates the quoted passages) → [`pages`]
//! (one module per page kind) → [`search`] (the index) → [`output`] (`site/`
//! put in place atomically).
//!
//! Each stage depends only on the stages before it and on [`model`], the
//! content model they all share (entries, ids, dates, and [`model::SiteData`],
//! the checked data the pages are made from). [`site`] and [`incremental`]
//! (the preview's rebuilds) are the orchestration; [`cmd`] wires them to the
//! command line.

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
