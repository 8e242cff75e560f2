//! The sources' coverage, for editors (internal edition only): per source,
//! the paragraphs quoted and never touched.

use super::PageRenderer;
use super::view::PageContext;

impl PageRenderer<'_> {
    /// For editors: per source, the paragraphs quoted and never touched.
    /// Paragraph numbers only: none of a source's words.
    pub(super) fn coverage_page(&self) -> PageContext {
        let list = crate::reader::coverage(&self.data.entries, &self.data.ids, &self.data.readers);
        let archived: Vec<&crate::reader::SourceCoverage> =
            list.iter().filter(|c| c.archived).collect();
        let total: usize = archived.iter().map(|c| c.paragraphs).sum();
        let quoted: usize = archived.iter().map(|c| c.quoted.len()).sum();
        let mut c = tera::Context::new();
        c.insert("page_title", "Source coverage");
        c.insert("sources", &list);
        c.insert("total", &total);
        c.insert("quoted", &quoted);
        c.insert("percent", &(quoted * 100).checked_div(total).unwrap_or(0));
        c.insert("archived", &archived.len());
        c.insert("nav", "coverage");
        c.insert("reader_css", &true);
        PageContext {
            template: "coverage.html",
            path: crate::reader::COVERAGE_PAGE.into(),
            root: "",
            context: c,
        }
    }
}
