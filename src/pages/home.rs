//! The home page: the overview's body, the topics with their briefs, the
//! latest events, the briefs due for review and what changed.

use serde::Serialize;

use super::PageRenderer;
use super::view::{FigureView, LinkView, NoteView, PageContext, ReviewView};
use crate::model::{FileRole, Kind, Meta, PartialDate};

/// A brief listed on the home page as due for review.
#[derive(Serialize)]
struct DueView {
    #[serde(flatten)]
    link: LinkView,
    review: ReviewView,
}

impl PageRenderer<'_> {
    /// The briefs due for review at the edition's date, earliest
    /// `review_by` first.
    fn due_briefs(&self) -> Vec<DueView> {
        let mut due: Vec<(PartialDate, DueView)> = self
            .of_kind(Kind::Brief)
            .iter()
            .filter_map(|&i| match &self.data.entries[i].parsed.meta {
                Meta::Brief {
                    review_by: Some(r), ..
                } => Some((
                    r.date,
                    DueView {
                        review: self.review_due(Some(r))?,
                        link: self.link(i),
                    },
                )),
                _ => None,
            })
            .collect();
        // Stable: briefs due together keep their topic order.
        due.sort_by_key(|(date, _)| date.first_day());
        due.into_iter().map(|(_, v)| v).collect()
    }

    pub(super) fn home_page(&self) -> PageContext {
        let mut c = tera::Context::new();
        c.insert("topics", &self.topics(true));
        let home = self
            .data
            .entries
            .iter()
            .position(|e| e.role == FileRole::Home);
        match home {
            Some(i) => {
                c.insert("page_title", self.data.entries[i].title());
                c.insert("body", &self.body_html(i));
                c.insert("notes", &self.notes(i));
                c.insert(
                    "figures",
                    &self.figures(&self.data.entries[i].parsed.figures),
                );
            }
            None => {
                c.insert("page_title", "Overview");
                c.insert("body", "");
                c.insert("notes", &Vec::<NoteView>::new());
                c.insert("figures", &Vec::<FigureView>::new());
            }
        }
        let events = self.of_kind(Kind::Event);
        let recent: Vec<LinkView> = events.iter().rev().take(6).map(|&i| self.link(i)).collect();
        c.insert("recent_events", &recent);
        c.insert("due_briefs", &self.due_briefs());
        c.insert("changes", &self.change_summary());
        c.insert("nav", "home");
        PageContext {
            template: "home.html",
            path: "index.html".into(),
            root: "",
            context: c,
        }
    }
}
