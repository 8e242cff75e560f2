//! The actor network: which actors appear together in events and briefs,
//! drawn for the most connected and listed for all.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::PageRenderer;
use super::view::{LinkView, PageContext};
use crate::model::{Kind, Meta};
use crate::svg;

/// The most actors the network drawing shows.
const MAX_DRAWN_ACTORS: usize = 80;

impl PageRenderer<'_> {
    pub(super) fn network_page(&self) -> PageContext {
        let actors = self.of_kind(Kind::Actor);
        let index: BTreeMap<&str, usize> = actors
            .iter()
            .enumerate()
            .map(|(n, &i)| (self.data.entries[i].id.as_str(), n))
            .collect();
        let mut weights: BTreeMap<(usize, usize), (usize, usize)> = BTreeMap::new();
        for kind in [Kind::Event, Kind::Brief] {
            for &i in self.of_kind(kind) {
                let ids: BTreeSet<usize> = self.data.entries[i]
                    .parsed
                    .actors
                    .iter()
                    .filter_map(|a| index.get(a.id.as_str()).copied())
                    .collect();
                let ids: Vec<usize> = ids.into_iter().collect();
                for (n, &a) in ids.iter().enumerate() {
                    for &b in &ids[n + 1..] {
                        let w = weights.entry((a, b)).or_default();
                        if kind == Kind::Event {
                            w.0 += 1;
                        } else {
                            w.1 += 1;
                        }
                    }
                }
            }
        }
        let edges: Vec<(usize, usize, usize, usize)> = weights
            .into_iter()
            .map(|((a, b), (ev, br))| (a, b, ev, br))
            .collect();
        let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); actors.len()];
        for &(a, b, _, _) in &edges {
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
        // A drawing stays legible (and its layout cheap) only up to a few
        // dozen actors: draw the most connected, list every connection.
        let mut drawn: Vec<usize> = (0..actors.len()).collect();
        drawn.sort_by_key(|&n| (std::cmp::Reverse(neighbours[n].len()), n));
        drawn.truncate(MAX_DRAWN_ACTORS);
        drawn.sort_unstable();
        let position: BTreeMap<usize, usize> =
            drawn.iter().enumerate().map(|(p, &n)| (n, p)).collect();
        let nodes: Vec<svg::Node> = drawn
            .iter()
            .map(|&n| {
                let e = &self.data.entries[actors[n]];
                let group = match &e.parsed.meta {
                    Meta::Actor { kind, .. } => kind.clone(),
                    _ => String::new(),
                };
                svg::Node {
                    label: e.title().to_string(),
                    url: e.url(),
                    group,
                }
            })
            .collect();
        let drawn_edges: Vec<(usize, usize, usize, usize)> = edges
            .iter()
            .filter_map(|&(a, b, ev, br)| Some((*position.get(&a)?, *position.get(&b)?, ev, br)))
            .collect();
        #[derive(Serialize)]
        struct Connection {
            actor: LinkView,
            others: Vec<LinkView>,
        }
        let connections: Vec<Connection> = actors
            .iter()
            .zip(&neighbours)
            .map(|(&i, others)| Connection {
                actor: self.link(i),
                others: others.iter().map(|&j| self.link(actors[j])).collect(),
            })
            .collect();
        let mut c = tera::Context::new();
        c.insert("page_title", "Actor network");
        c.insert("svg", &svg::network(&nodes, &drawn_edges));
        c.insert("drawn", &nodes.len());
        c.insert("actor_count", &actors.len());
        c.insert("connections", &connections);
        c.insert("nav", "actors");
        PageContext {
            template: "network.html",
            path: "network.html".into(),
            root: "",
            context: c,
        }
    }
}
