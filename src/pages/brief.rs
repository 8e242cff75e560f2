//! A brief's page: its summary, how old its information is, its review
//! notice, status and topic.

use super::PageRenderer;
use crate::model::{Meta, Status};

impl PageRenderer<'_> {
    /// A brief's own part of its page's context; returns the template.
    pub(super) fn brief_context(&self, i: usize, c: &mut tera::Context) -> &'static str {
        let Meta::Brief {
            summary,
            topic,
            as_of,
            status,
            review_by,
            ..
        } = &self.data.entries[i].parsed.meta
        else {
            unreachable!("entry_page asks this of brief entries only");
        };
        c.insert("summary", summary);
        c.insert("age", &self.age(as_of));
        c.insert("review_due", &self.review_due(review_by.as_ref()));
        c.insert("as_of", &as_of.to_string());
        c.insert("as_of_iso", &as_of.datetime_attr());
        c.insert("status", status);
        c.insert("draft", &(*status == Status::Draft));
        let t = self.data.config.topics.iter().find(|t| t.id == topic.id);
        c.insert("topic", &t.map(|t| &t.title));
        c.insert("topic_id", &topic.id);
        "brief.html"
    }
}
