//! The timeline: every event by year and month, with the topics and actors
//! its filters select by.

use std::collections::BTreeSet;

use serde::Serialize;

use super::PageRenderer;
use super::view::{LinkView, PageContext};
use crate::model::{Kind, Meta};

#[derive(Serialize)]
struct TimelineEvent {
    #[serde(flatten)]
    link: LinkView,
    topics: String,
    actors: String,
}

#[derive(Serialize)]
struct MonthGroup {
    /// The month's name, or "Month not recorded" for the events dated by
    /// their year alone.
    name: String,
    /// The group's heading: "March 2025", or "1848, month not recorded".
    heading: String,
    events: Vec<TimelineEvent>,
}

#[derive(Serialize)]
struct YearGroup {
    year: String,
    months: Vec<MonthGroup>,
}

impl PageRenderer<'_> {
    pub(super) fn timeline_page(&self) -> PageContext {
        let mut years: Vec<YearGroup> = Vec::new();
        for &i in self.of_kind(Kind::Event) {
            let e = &self.data.entries[i];
            let Meta::Event { date, topics, .. } = &e.parsed.meta else {
                continue;
            };
            let year = date.start.year.to_string();
            let month = date
                .start
                .month_name()
                .map_or("Month not recorded".to_string(), str::to_string);
            let ev = TimelineEvent {
                link: self.link(i),
                topics: topics
                    .iter()
                    .map(|t| t.id.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                actors: e
                    .parsed
                    .actors
                    .iter()
                    .map(|a| a.id.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            if years.last().is_none_or(|y| y.year != year) {
                years.push(YearGroup {
                    year: year.clone(),
                    months: Vec::new(),
                });
            }
            let y = years.last_mut().expect("pushed above");
            if y.months.last().is_none_or(|m| m.name != month) {
                let heading = match date.start.month_name() {
                    Some(name) => format!("{name} {year}"),
                    None => format!("{year}, month not recorded"),
                };
                y.months.push(MonthGroup {
                    name: month,
                    heading,
                    events: Vec::new(),
                });
            }
            y.months.last_mut().expect("pushed above").events.push(ev);
        }
        let mut c = tera::Context::new();
        c.insert("page_title", "Timeline");
        c.insert("years", &years);
        c.insert("count", &self.of_kind(Kind::Event).len());
        c.insert("actors", &self.actor_options());
        c.insert("nav", "timeline");
        PageContext {
            template: "timeline.html",
            path: "timeline.html".into(),
            root: "",
            context: c,
        }
    }

    /// Actors that appear in at least one event, for the timeline's filter.
    pub(super) fn actor_options(&self) -> Vec<LinkView> {
        let mut used = BTreeSet::new();
        for &i in self.of_kind(Kind::Event) {
            for a in &self.data.entries[i].parsed.actors {
                used.insert(a.id.as_str());
            }
        }
        self.of_kind(Kind::Actor)
            .iter()
            .filter(|&&i| used.contains(self.data.entries[i].id.as_str()))
            .map(|&i| self.link(i))
            .collect()
    }
}
