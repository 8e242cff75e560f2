//! An actor's page: its fields, where it is mentioned, and the briefs and
//! events that list it.

use super::PageRenderer;
use super::view::Field;
use crate::model::{Kind, Meta};

impl PageRenderer<'_> {
    /// An actor's own part of its page's context; returns the template.
    pub(super) fn actor_context(
        &self,
        i: usize,
        c: &mut tera::Context,
        fields: &mut Vec<Field>,
    ) -> &'static str {
        let Meta::Actor {
            kind: actor_kind,
            role,
            country,
            aliases,
            ..
        } = &self.data.entries[i].parsed.meta
        else {
            unreachable!("entry_page asks this of actor entries only");
        };
        fields.push(Self::field("Kind", actor_kind));
        fields.push(Self::field("Role", role));
        fields.push(Self::field("Country", country));
        if !aliases.is_empty() {
            fields.push(Self::field("Also named", &aliases.join("; ")));
        }
        c.insert(
            "mentioned_in",
            &self.backlinks(self.data.backlinks.mentioned_in.get(&i), None),
        );
        c.insert("in_briefs", &self.listed_in(i, Kind::Brief));
        c.insert("in_events", &self.listed_in(i, Kind::Event));
        "actor.html"
    }
}
