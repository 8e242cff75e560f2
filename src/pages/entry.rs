//! An entry's own page (brief, actor, event or source): what every kind's
//! page shows (body, notes, figures, linked entries), the kind's own part
//! added by its module.

use super::PageRenderer;
use super::view::PageContext;
use crate::model::Meta;

impl PageRenderer<'_> {
    /// Entry `i`'s page (the home page has its own: `home_page`).
    pub(super) fn entry_page(&self, i: usize) -> PageContext {
        let e = &self.data.entries[i];
        let r = &self.data.rendered[i];
        let p = &e.parsed;
        let kind = e.kind().expect("entries have kinds");
        let mut c = tera::Context::new();
        let link = self.link(i);
        c.insert("page_title", e.title());
        // What search engines and link previews show: the entry's summary
        // (as on its preview card), else the site's description.
        if !link.summary.is_empty() {
            c.insert("description", &link.summary);
        }
        c.insert("entry", &link);
        c.insert("change", &self.change_note(i));
        c.insert("internal", &p.internal);
        c.insert("kind", kind.name());
        c.insert("body", &self.body_html(i));
        c.insert("toc", &r.headings);
        c.insert("notes", &self.notes(i));
        c.insert("figures", &self.figures(&p.figures));
        let mut source_ids: Vec<&str> = p.sources.iter().map(|s| s.id.as_str()).collect();
        source_ids.extend(r.citations.iter().map(|c| c.source.as_str()));
        source_ids.extend(p.figures.iter().map(|f| f.source.as_str()));
        c.insert("sources", &self.links(source_ids, false));
        c.insert(
            "actors",
            &self.links(p.actors.iter().map(|a| a.id.as_str()), false),
        );
        c.insert(
            "events",
            &self.links(p.events.iter().map(|a| a.id.as_str()), true),
        );
        let mut fields = Vec::new();
        let template = match &p.meta {
            Meta::Brief { .. } => self.brief_context(i, &mut c),
            Meta::Actor { .. } => self.actor_context(i, &mut c, &mut fields),
            Meta::Event { .. } => self.event_context(i, &mut c, &mut fields),
            Meta::Source { .. } => self.source_context(i, &mut c, &mut fields),
            Meta::Home { .. } => unreachable!("the home page is rendered by home_page"),
        };
        c.insert("fields", &fields);
        c.insert("nav", kind.folder());
        PageContext {
            template,
            path: e.url(),
            root: "../",
            context: c,
        }
    }
}
