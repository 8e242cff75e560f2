//! The "What changed" page (`changes.html`), the note on a changed entry's
//! page, and the home page's summary: what [`crate::changes::Changes`]
//! found, shown to readers.
//!
//! Everything from the previous manifest (titles, paragraphs) is outside
//! input: it reaches the page only through tera's escaping or
//! [`escape_html`], never as markup. Anchors and links are built from the
//! kind and the id, which the manifest reader checked are safe slugs.

use serde::Serialize;
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};

use super::PageRenderer;
use super::view::PageContext;
use crate::changes::{self, Status};
use crate::model::{Kind, Record, Stamp};
use crate::text::escape_html;

/// Below this share of words in common, a changed paragraph is shown as
/// removed and added whole: a word diff of two different texts is noise.
const WORD_DIFF_MIN_RATIO: f32 = 0.4;

/// One added, changed or removed entry on the page.
#[derive(Serialize)]
struct ItemView {
    /// The anchor of its item, `brief-tariffs`: where its page's note links.
    anchor: String,
    /// Its page; `None` for a removed entry, which has none.
    url: Option<String>,
    title: String,
    date: String,
    /// Fields readers see that changed: title, date, summary or role.
    fields: Vec<FieldChange>,
    /// The changed paragraphs, as HTML made here (everything escaped).
    diff: String,
}

#[derive(Serialize)]
struct FieldChange {
    label: &'static str,
    old: String,
    new: String,
}

#[derive(Serialize)]
struct KindGroup {
    anchor: &'static str,
    title: &'static str,
    added: Vec<ItemView>,
    changed: Vec<ItemView>,
    removed: Vec<ItemView>,
}

/// What a changed or new entry's page says about it.
#[derive(Serialize)]
pub(super) struct ChangeNote {
    status: Status,
    since: String,
    anchor: String,
}

/// The home page's line about the changes.
#[derive(Serialize)]
pub(super) struct ChangeSummary {
    since: String,
    added: usize,
    changed: usize,
    removed: usize,
}

/// The anchor of an entry's item on the page.
fn anchor(kind: Kind, id: &str) -> String {
    format!("{}-{id}", kind.name())
}

/// An edition's date for readers.
fn edition_date(stamp: &Stamp) -> String {
    stamp
        .date
        .as_deref()
        .map_or_else(|| "no date".to_string(), changes::display_date)
}

impl PageRenderer<'_> {
    /// The baseline's date, when there is a baseline: the navigation links
    /// the page then.
    pub(super) fn changes_since(&self) -> Option<String> {
        let b = self.data.changes.baseline.as_ref()?;
        Some(edition_date(&b.edition))
    }

    pub(super) fn change_note(&self, i: usize) -> Option<ChangeNote> {
        let e = &self.data.entries[i];
        let kind = e.kind()?;
        let status = self.data.changes.status(kind, e.id.as_str())?;
        Some(ChangeNote {
            status,
            since: self.changes_since()?,
            anchor: anchor(kind, e.id.as_str()),
        })
    }

    pub(super) fn change_summary(&self) -> Option<ChangeSummary> {
        let c = &self.data.changes;
        let since = self.changes_since()?;
        let (mut added, mut changed) = (0, 0);
        for r in c.current.values() {
            match c.status(r.kind, &r.id) {
                Some(Status::Added) => added += 1,
                Some(Status::Changed) => changed += 1,
                None => {}
            }
        }
        Some(ChangeSummary {
            since,
            added,
            changed,
            removed: c.removed().count(),
        })
    }

    pub(super) fn changes_page(&self) -> PageContext {
        let c = &self.data.changes;
        let mut groups: Vec<KindGroup> = Kind::ALL
            .iter()
            .map(|&k| KindGroup {
                anchor: k.folder(),
                title: k.plural_title(),
                added: Vec::new(),
                changed: Vec::new(),
                removed: Vec::new(),
            })
            .collect();
        let group = |k: Kind| Kind::ALL.iter().position(|&x| x == k).expect("a kind");
        if let Some(baseline) = &c.baseline {
            for (key, now) in &c.current {
                let g = &mut groups[group(key.0)];
                match c.status(key.0, &key.1) {
                    Some(Status::Added) => g.added.push(item(now, None)),
                    Some(Status::Changed) => {
                        let paragraphs = changes::paragraphs_now(self.data, now);
                        let old = baseline.entries.get(key);
                        g.changed
                            .push(item(now, old.map(|old| (old, paragraphs.as_slice()))));
                    }
                    None => {}
                }
            }
            for old in c.removed() {
                let mut view = item(old, None);
                view.url = None;
                groups[group(old.kind)].removed.push(view);
            }
        }
        for g in &mut groups {
            for list in [&mut g.added, &mut g.changed, &mut g.removed] {
                list.sort_by(|a, b| {
                    (a.title.to_lowercase(), &a.anchor).cmp(&(b.title.to_lowercase(), &b.anchor))
                });
            }
        }
        groups.retain(|g| !(g.added.is_empty() && g.changed.is_empty() && g.removed.is_empty()));
        let mut ctx = tera::Context::new();
        ctx.insert("page_title", "What changed");
        ctx.insert(
            "description",
            "What was added, changed and removed since the last edition of the briefing.",
        );
        ctx.insert("groups", &groups);
        ctx.insert("summary", &self.change_summary());
        ctx.insert(
            "edition_date",
            &c.edition.as_ref().map_or_else(String::new, edition_date),
        );
        ctx.insert("nav", "changes");
        PageContext {
            template: "changes.html",
            path: changes::PAGE.into(),
            root: "",
            context: ctx,
        }
    }
}

/// The page's view of an entry, with its diff from `old` (the baseline's
/// record, and the paragraphs the entry has now).
fn item(now: &Record, old: Option<(&Record, &[String])>) -> ItemView {
    let mut fields = Vec::new();
    let mut diff = String::new();
    if let Some((old, paragraphs)) = old {
        let date =
            |d: &Option<String>| d.as_deref().map_or_else(String::new, changes::display_date);
        let label_of_summary = if now.kind == Kind::Actor {
            "Role"
        } else {
            "Summary"
        };
        for (label, a, b) in [
            ("Title", old.title.clone(), now.title.clone()),
            (date_label(now.kind), date(&old.date), date(&now.date)),
            (label_of_summary, old.summary.clone(), now.summary.clone()),
        ] {
            if a != b {
                fields.push(FieldChange {
                    label,
                    old: a,
                    new: b,
                });
            }
        }
        diff = paragraph_diff(&old.paragraphs, paragraphs);
    }
    ItemView {
        anchor: anchor(now.kind, &now.id),
        url: Some(format!("{}/{}.html", now.kind.folder(), now.id)),
        title: now.title.clone(),
        date: now
            .date
            .as_deref()
            .map_or_else(String::new, changes::display_date),
        fields,
        diff,
    }
}

fn date_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Brief => "As of",
        Kind::Event => "Date",
        Kind::Source => "Published",
        Kind::Actor => "Date",
    }
}

/// The paragraphs that changed between `old` and `new`, as HTML: removed
/// ones struck through, added ones underlined, and in a paragraph that was
/// edited, the words removed and added. Each `<del>` and `<ins>` says what
/// it is in words for screen readers, which do not announce the elements
/// themselves; unchanged paragraphs are counted, not repeated.
pub fn paragraph_diff(old: &[String], new: &[String]) -> String {
    let mut html = String::new();
    let ops = similar::capture_diff_slices(Algorithm::Patience, old, new);
    for op in ops {
        match op {
            DiffOp::Equal { len, .. } => {
                let plural = if len == 1 { "paragraph" } else { "paragraphs" };
                html.push_str(&format!(
                    "<p class=\"diff-same\">{len} {plural} unchanged</p>\n"
                ));
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                for p in &old[old_index..old_index + old_len] {
                    html.push_str(&removed_paragraph(p));
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                for p in &new[new_index..new_index + new_len] {
                    html.push_str(&added_paragraph(p));
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let paired = old_len.min(new_len);
                for k in 0..paired {
                    html.push_str(&edited_paragraph(&old[old_index + k], &new[new_index + k]));
                }
                for p in &old[old_index + paired..old_index + old_len] {
                    html.push_str(&removed_paragraph(p));
                }
                for p in &new[new_index + paired..new_index + new_len] {
                    html.push_str(&added_paragraph(p));
                }
            }
        }
    }
    html
}

fn removed_paragraph(text: &str) -> String {
    format!(
        "<p class=\"diff-removed\"><del><span class=\"visually-hidden\">Removed paragraph: </span>{}</del></p>\n",
        escape_html(text)
    )
}

fn added_paragraph(text: &str) -> String {
    format!(
        "<p class=\"diff-added\"><ins><span class=\"visually-hidden\">Added paragraph: </span>{}</ins></p>\n",
        escape_html(text)
    )
}

/// A paragraph cut into words, runs of spaces and single punctuation marks,
/// so that `loomed.` becoming `loomed over the talks.` shows only the
/// words added (similar's own word split keeps punctuation on the word).
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let class = |c: char| {
        if c.is_alphanumeric() {
            0
        } else if c.is_whitespace() {
            1
        } else {
            2
        }
    };
    let mut last: Option<u8> = None;
    for (i, c) in text.char_indices() {
        let k = class(c);
        // Punctuation stands alone; letters and spaces run on.
        if last.is_some() && (Some(k) != last || k == 2) {
            out.push(&text[start..i]);
            start = i;
        }
        last = Some(k);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// One paragraph edited: the words removed and added, in place.
fn edited_paragraph(old: &str, new: &str) -> String {
    let (old_words, new_words) = (words(old), words(new));
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_slices(&old_words, &new_words);
    if diff.ratio() < WORD_DIFF_MIN_RATIO {
        return removed_paragraph(old) + &added_paragraph(new);
    }
    let mut html = String::from("<p class=\"diff-edited\">");
    let mut run: Option<(ChangeTag, String)> = None;
    let close = |html: &mut String, run: Option<(ChangeTag, String)>| {
        let Some((tag, text)) = run else { return };
        if tag == ChangeTag::Equal {
            html.push_str(&escape_html(&text));
            return;
        }
        // Spaces at a change's ends stay outside it: an underlined space
        // reads as a stray mark.
        let core = text.trim();
        if core.is_empty() {
            html.push_str(&text);
            return;
        }
        let lead = &text[..text.len() - text.trim_start().len()];
        let trail = &text[text.trim_end().len()..];
        html.push_str(lead);
        let text = escape_html(core);
        match tag {
            ChangeTag::Equal => {}
            ChangeTag::Delete => html.push_str(&format!(
                "<del><span class=\"visually-hidden\">[removed: </span>{text}<span class=\"visually-hidden\">]</span></del>"
            )),
            ChangeTag::Insert => html.push_str(&format!(
                "<ins><span class=\"visually-hidden\">[added: </span>{text}<span class=\"visually-hidden\">]</span></ins>"
            )),
        }
        html.push_str(trail);
    };
    // Spaces between two changed words join them into one change, so that
    // "a b" replaced reads as one change, not two; held until the next word
    // shows which.
    let mut space = String::new();
    for change in diff.iter_all_changes() {
        let (tag, value) = (change.tag(), change.value());
        let in_change = run.as_ref().is_some_and(|(t, _)| *t != ChangeTag::Equal);
        if tag == ChangeTag::Equal && in_change && value.trim().is_empty() {
            space.push_str(value);
            continue;
        }
        match &mut run {
            Some((t, text)) if *t == tag => {
                text.push_str(&space);
                text.push_str(value);
            }
            _ => {
                close(&mut html, run.take());
                html.push_str(&escape_html(&space));
                run = Some((tag, value.to_string()));
            }
        }
        space.clear();
    }
    close(&mut html, run);
    html.push_str(&escape_html(&space));
    html.push_str("</p>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn an_edited_paragraph_shows_the_words_removed_and_added() {
        let html = paragraph_diff(
            &strings(&["Same.", "Mexico sent 29 prisoners in February."]),
            &strings(&["Same.", "Mexico sent 26 prisoners in August."]),
        );
        assert!(html.contains("1 paragraph unchanged"), "{html}");
        assert!(
            html.contains("<del><span class=\"visually-hidden\">[removed: </span>29"),
            "{html}"
        );
        assert!(
            html.contains("<ins><span class=\"visually-hidden\">[added: </span>26"),
            "{html}"
        );
        assert!(html.contains(" prisoners in "), "{html}");
    }

    #[test]
    fn text_from_the_previous_edition_is_escaped() {
        let html = paragraph_diff(
            &strings(&["<script>alert(1)</script>"]),
            &strings(&["Quite another text altogether, & more."]),
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("&amp; more"), "{html}");
    }
}
