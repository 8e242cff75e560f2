//! An event's page: its date, its topics, and the briefs that list it.

use super::PageRenderer;
use super::view::Field;
use crate::model::{Kind, Meta};

impl PageRenderer<'_> {
    /// An event's own part of its page's context; returns the template.
    pub(super) fn event_context(
        &self,
        i: usize,
        c: &mut tera::Context,
        fields: &mut Vec<Field>,
    ) -> &'static str {
        let Meta::Event { date, topics, .. } = &self.data.entries[i].parsed.meta else {
            unreachable!("entry_page asks this of event entries only");
        };
        let names: Vec<String> = topics
            .iter()
            .filter_map(|t| self.data.config.topics.iter().find(|x| x.id == t.id))
            .map(|t| t.title.clone())
            .collect();
        if !names.is_empty() {
            fields.push(Self::field("Topics", &names.join("; ")));
        }
        c.insert("date", &date.to_string());
        c.insert("date_iso", &date.datetime_attr());
        c.insert("in_briefs", &self.listed_in(i, Kind::Brief));
        "event.html"
    }
}
