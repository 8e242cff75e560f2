//! The list pages (`briefs/index.html` and the like): every entry of a
//! kind, grouped by topic, actor kind, year or source kind.

use serde::Serialize;

use super::PageRenderer;
use super::view::{LinkView, PageContext};
use crate::model::{Kind, Meta};

impl PageRenderer<'_> {
    pub(super) fn list_page(&self, kind: Kind) -> PageContext {
        let mut c = tera::Context::new();
        c.insert("page_title", kind.plural_title());
        c.insert("kind", kind.name());
        let items: Vec<LinkView> = self.of_kind(kind).iter().map(|&i| self.link(i)).collect();
        let mut groups: Vec<(String, Vec<LinkView>)> = Vec::new();
        for (&i, item) in self.of_kind(kind).iter().zip(&items) {
            let key = match &self.data.entries[i].parsed.meta {
                Meta::Actor { kind, .. } => kind.clone(),
                Meta::Event { date, .. } => date.start.year.to_string(),
                Meta::Brief { topic, .. } => self
                    .data
                    .config
                    .topics
                    .iter()
                    .find(|t| t.id == topic.id)
                    .map_or(topic.id.clone(), |t| t.title.clone()),
                Meta::Source { kind, .. } => kind.clone(),
                Meta::Home { .. } => String::new(),
            };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, l)) => l.push(item.clone()),
                None => groups.push((key, vec![item.clone()])),
            }
        }
        if kind == Kind::Actor || kind == Kind::Source {
            groups.sort_by(|a, b| a.0.cmp(&b.0));
        }
        if kind == Kind::Brief {
            let order: Vec<&str> = self
                .data
                .config
                .topics
                .iter()
                .map(|t| t.title.as_str())
                .collect();
            groups.sort_by_key(|(k, _)| order.iter().position(|t| t == k).unwrap_or(usize::MAX));
        }
        #[derive(Serialize)]
        struct Group {
            /// The anchor: the topic's id for briefs, a slug of the name otherwise.
            id: String,
            name: String,
            items: Vec<LinkView>,
        }
        let topic_id = |name: &str| {
            self.data
                .config
                .topics
                .iter()
                .find(|t| t.title == name)
                .map(|t| t.id.clone())
        };
        let groups: Vec<Group> = groups
            .into_iter()
            .map(|(name, items)| Group {
                id: match kind {
                    Kind::Brief => topic_id(&name).unwrap_or_else(|| crate::text::slugify(&name)),
                    _ => crate::text::slugify(&name),
                },
                name,
                items,
            })
            .collect();
        c.insert("groups", &groups);
        c.insert("count", &items.len());
        c.insert("nav", kind.folder());
        PageContext {
            template: "list.html",
            path: format!("{}/index.html", kind.folder()),
            root: "../",
            context: c,
        }
    }
}
