//! Search: the search page (and the 404 page, which offers the search),
//! and what the search index is built from, every entry's text with its
//! filters' values.

use super::PageRenderer;
use super::view::{PageContext, date_of};
use crate::model::{Kind, Meta, SiteData};
use crate::output::OutputFile;
use crate::search::{Facets, SearchDoc};
use rayon::prelude::*;

/// The search index's files, built from the documents and filters that
/// [`search_input`] takes from the site.
pub fn search_files(docs: Vec<SearchDoc>, facets: Facets) -> Vec<OutputFile> {
    let (index, files) = crate::search::Index::build(docs, facets);
    drop(index);
    files.into_iter().map(search_output).collect()
}

/// What the search index of the whole site is made from: every entry's
/// document and the filters' values. A build takes them and lets the rest
/// of the site's data go before it builds the index.
pub fn search_input(data: &SiteData) -> (Vec<SearchDoc>, Facets) {
    let renderer = PageRenderer::new(data);
    (renderer.search_docs(), renderer.facets())
}

/// The search index, kept to be updated after edits, and its files.
pub fn search_index(data: &SiteData) -> (crate::search::Index, Vec<OutputFile>) {
    let renderer = PageRenderer::new(data);
    let (index, files) = crate::search::Index::build(renderer.search_docs(), renderer.facets());
    (index, files.into_iter().map(search_output).collect())
}

/// What the search index holds of the entries `indices` (those of them it
/// shows), and the filters' values: what an update of the index needs.
pub fn search_docs_of(data: &SiteData, indices: &[usize]) -> (Vec<SearchDoc>, Facets) {
    // Only the actors' order matters here (the actor filter lists them);
    // sorting every brief by title would cost more than the update.
    let renderer = PageRenderer::of_kinds(data, &[Kind::Actor]);
    let docs = indices
        .iter()
        .copied()
        .filter(|&i| {
            let e = &data.entries[i];
            e.kind().is_some() && data.ids.get(e.id.as_str()) == Some(&i)
        })
        .map(|i| renderer.search_doc(i))
        .collect();
    (docs, renderer.facets())
}

/// A search index file as a file of the site.
pub fn search_output(f: crate::search::SearchFile) -> OutputFile {
    OutputFile {
        path: f.path,
        bytes: f.bytes,
    }
}

impl PageRenderer<'_> {
    pub(super) fn simple_page(
        &self,
        template: &'static str,
        path: &str,
        title: &str,
    ) -> PageContext {
        let mut c = tera::Context::new();
        c.insert("page_title", title);
        c.insert(
            "actors",
            &self
                .of_kind(Kind::Actor)
                .iter()
                .map(|&i| self.link(i))
                .collect::<Vec<_>>(),
        );
        c.insert("nav", "search");
        PageContext {
            template,
            path: path.to_string(),
            root: "",
            context: c,
        }
    }

    pub(super) fn search_docs(&self) -> Vec<SearchDoc> {
        let order: Vec<usize> = Kind::ALL
            .iter()
            .flat_map(|&k| self.of_kind(k).iter().copied())
            .collect();
        order.par_iter().map(|&i| self.search_doc(i)).collect()
    }

    pub(super) fn search_doc(&self, i: usize) -> SearchDoc {
        let e = &self.data.entries[i];
        let p = &e.parsed;
        let card_summary = self
            .data
            .cards
            .get(e.id.as_str())
            .map(|c| c.summary.clone())
            .unwrap_or_default();
        let (aliases, summary, topics) = match &p.meta {
            Meta::Actor { aliases, role, .. } => (aliases.clone(), role.clone(), Vec::new()),
            Meta::Brief { topic, .. } => (Vec::new(), card_summary, vec![topic.id.clone()]),
            Meta::Event { topics, .. } => (
                Vec::new(),
                card_summary,
                topics.iter().map(|t| t.id.clone()).collect(),
            ),
            Meta::Source { .. } | Meta::Home { .. } => (Vec::new(), card_summary, Vec::new()),
        };
        let mut actors: Vec<String> = p.actors.iter().map(|a| a.id.clone()).collect();
        // An actor's own page belongs under its own filter.
        if e.kind() == Some(Kind::Actor) {
            actors.push(e.id.to_string());
        }
        actors.extend(
            self.data.rendered[i]
                .mentions
                .iter()
                .map(|m| m.actor.clone()),
        );
        actors.sort();
        actors.dedup();
        SearchDoc {
            url: e.url(),
            kind: e.kind().map_or("brief", Kind::name).to_string(),
            title: e.title().to_string(),
            aliases,
            summary,
            body: crate::text::tidy_spacing(&self.data.rendered[i].text),
            topics,
            actors,
            date: date_of(e).map(|d| d.start.iso()),
        }
    }

    pub(super) fn facets(&self) -> Facets {
        Facets {
            topics: self
                .data
                .config
                .topics
                .iter()
                .map(|t| (t.id.clone(), t.title.clone()))
                .collect(),
            actors: self
                .of_kind(Kind::Actor)
                .iter()
                .map(|&i| {
                    (
                        self.data.entries[i].id.to_string(),
                        self.data.entries[i].title().to_string(),
                    )
                })
                .collect(),
        }
    }
}
